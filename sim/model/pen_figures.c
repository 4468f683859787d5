/* pen_figures: a pen sample's figures on a lesson's scalp as text lines;
 * the force is the session's own conversion and each depth the model's
 * depth function, so nothing here is a second copy of either. */
#include "pen_figures.h"

#include <stdbool.h>
#include <stdio.h>

#include "deposit.h"

/* snprintf at @p len of @p size, keeping len at most size. */
#define APPEND(buf, size, len, ...)                                                   \
	do {                                                                          \
		int n_ = snprintf((buf) + (len), (size) - (len), __VA_ARGS__);        \
		(len) += n_ > 0 ? (size_t)n_ : 0;                                     \
		if ((len) >= (size))                                                  \
			(len) = (size) - 1;                                           \
	} while (0)

size_t pen_figures_text(const struct sim_setup *setup, const struct pen_sample *sample,
			int raw, int raw_max, char *buf, size_t size)
{
	const struct scalp_model *m = setup->scalp;
	bool near = sample && (sample->flags & PEN_IN_PROXIMITY);
	double pressure = near ? sample->pressure : 0;
	double force = sim_setup_force_n(setup, pressure);
	size_t len = 0, lines = 1;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	APPEND(buf, size, len, "  ");
	if (raw_max > 0)
		APPEND(buf, size, len, "raw %d/%d   ", raw, raw_max);
	APPEND(buf, size, len, "pressure %.3f   force %.2f N   ", pressure, force);
	if (near && (sample->flags & PEN_HAS_TILT)) {
		double tilt, dir;

		deposit_tilt(sample->tilt_x_deg, sample->tilt_y_deg, &tilt, &dir);
		APPEND(buf, size, len, "tilt x %.1f y %.1f deg (%.1f from upright)",
		       sample->tilt_x_deg, sample->tilt_y_deg, tilt);
	} else {
		APPEND(buf, size, len, "tilt -");
	}
	APPEND(buf, size, len, "   %s\n", !near ? "pen away" :
	       sample->flags & PEN_TIP_DOWN ? "tip down" : "hovering");
	for (size_t i = 0; i < m->region_count; i++, lines++) {
		const struct scalp_region *r = &m->regions[i];
		double depth = deposit_depth_mm(setup->needle, &m->tissues[r->tissue], force);

		APPEND(buf, size, len, "  %-14s %.2f mm   band %.2f-%.2f   overdeep %.2f   %s\n",
		       r->id, depth, r->band_min_mm, r->band_max_mm, r->overdeep_mm,
		       deposit_depth_class_name(deposit_classify_depth(r, depth)));
	}
	return lines;
}
