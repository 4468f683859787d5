/* lesson_apply: the glue between a lesson and the two things it
 * configures. Depth bands are applied to a copy of the library's scalp
 * model (the simulator judges by the model, so a lesson's bands must be in
 * it), and the copy is checked again, since a band that is sound on its
 * own may not be with the region's epidermis. The pad is placed on the
 * scalp by the trainee's --mapping, else the lesson's own, else by
 * centring the lesson's work area (zones and hairline with a margin) on
 * the pad at real scale, which a pad too small for the area cannot do.
 */
#include "lesson_apply.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int lesson_session_prepare(const struct lesson *lesson, struct data_library *lib,
			   struct lesson_session *ls, char *err, size_t err_size)
{
	const struct scalp_model *scalp;
	const struct needle *needle;
	char why[256];
	int rc;

	memset(ls, 0, sizeof(*ls));
	rc = data_library_scalp(lib, lesson->scalp, &scalp, err, err_size);
	if (rc == 0)
		rc = data_library_needle(lib, lesson->needle, &needle, err, err_size);
	if (rc < 0)
		return rc;
	ls->scalp = *scalp;
	ls->needle = *needle;
	for (size_t i = 0; i < lesson->depth_count; i++) {
		const struct lesson_depth *d = &lesson->depth[i];
		size_t r;

		for (r = 0; r < ls->scalp.region_count; r++)
			if (!strcmp(ls->scalp.regions[r].id, d->region))
				break;
		if (r == ls->scalp.region_count) {
			snprintf(err, err_size, "lesson '%s': scalp model '%s' has no region '%s'",
				 lesson->id, lesson->scalp, d->region);
			return -EINVAL;
		}
		ls->scalp.regions[r].band_min_mm = d->band_min_mm;
		ls->scalp.regions[r].band_max_mm = d->band_max_mm;
		ls->scalp.regions[r].overdeep_mm = d->overdeep_mm;
	}
	if (scalp_model_check(&ls->scalp, why, sizeof(why)) < 0) {
		snprintf(err, err_size, "lesson '%s' on '%s': %s", lesson->id, lesson->scalp, why);
		return -EINVAL;
	}
	for (size_t i = 0; i < lesson->zone_count; i++)
		ls->zones[i] = lesson->zones[i].polygon;
	ls->zone_count = lesson->zone_count;
	return 0;
}

static void widen(double *lo, double *hi, double v)
{
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

void lesson_work_area(const struct lesson *lesson, const struct scalp_model *scalp,
		      struct lesson_area *area)
{
	double x0 = scalp->width_mm, x1 = 0, y0 = scalp->height_mm, y1 = 0;

	for (size_t z = 0; z < lesson->zone_count; z++)
		for (size_t i = 0; i < lesson->zones[z].polygon.count; i++) {
			widen(&x0, &x1, lesson->zones[z].polygon.points[i].x);
			widen(&y0, &y1, lesson->zones[z].polygon.points[i].y);
		}
	for (size_t i = 0; i < lesson->hairline_count; i++) {
		widen(&x0, &x1, lesson->hairline[i].x);
		widen(&y0, &y1, lesson->hairline[i].y);
	}
	x0 = fmax(x0 - LESSON_WORK_MARGIN_MM, 0);
	y0 = fmax(y0 - LESSON_WORK_MARGIN_MM, 0);
	x1 = fmin(x1 + LESSON_WORK_MARGIN_MM, scalp->width_mm);
	y1 = fmin(y1 + LESSON_WORK_MARGIN_MM, scalp->height_mm);
	area->x_mm = x0;
	area->y_mm = y0;
	area->width_mm = x1 > x0 ? x1 - x0 : 0;
	area->height_mm = y1 > y0 ? y1 - y0 : 0;
}

int lesson_fit_pad(const struct lesson *lesson, const struct scalp_model *scalp,
		   double pad_width_mm, double pad_height_mm, struct sim_mapping *mapping,
		   struct lesson_area *area)
{
	lesson_work_area(lesson, scalp, area);
	/* Written so that a NaN size does not fit. */
	if (!(pad_width_mm >= area->width_mm && pad_height_mm >= area->height_mm))
		return -ERANGE;
	*mapping = (struct sim_mapping){
		.offset_x_mm = area->x_mm + area->width_mm / 2 - pad_width_mm / 2,
		.offset_y_mm = area->y_mm + area->height_mm / 2 - pad_height_mm / 2,
		.scale = 1,
	};
	return 0;
}

const char *lesson_mapping_source_name(enum lesson_mapping_source source)
{
	static const char *const names[] = {
		[LESSON_MAPPING_FIT] = "fit",
		[LESSON_MAPPING_OPTION] = "option",
		[LESSON_MAPPING_LESSON] = "lesson",
	};

	return (unsigned)source < sizeof(names) / sizeof(names[0]) ? names[source] : "fit";
}

int lesson_choose_mapping(const struct lesson *lesson, const struct scalp_model *scalp,
			  double pad_width_mm, double pad_height_mm,
			  const struct sim_mapping *option, struct sim_mapping *mapping,
			  enum lesson_mapping_source *source, struct lesson_area *area)
{
	int rc;

	if (option || lesson->mapping_stated) {
		lesson_work_area(lesson, scalp, area);
		*mapping = option ? *option : lesson->mapping;
		*source = option ? LESSON_MAPPING_OPTION : LESSON_MAPPING_LESSON;
		return 0;
	}
	rc = lesson_fit_pad(lesson, scalp, pad_width_mm, pad_height_mm, mapping, area);
	if (rc == 0)
		*source = LESSON_MAPPING_FIT;
	return rc;
}

void lesson_sim_setup(const struct lesson *lesson, const struct lesson_session *ls,
		      double force_full_scale_n, const struct sim_mapping *mapping,
		      struct sim_setup *setup)
{
	sim_setup_init(setup, &ls->scalp, &ls->needle, force_full_scale_n);
	setup->mapping = *mapping;
	setup->spacing = lesson->spacing;
	setup->technique = lesson->technique;
	setup->zones = ls->zones;
	setup->zone_count = ls->zone_count;
}

void lesson_score_frame(const struct lesson *lesson, const struct lesson_session *ls,
			double duration_s, struct score_frame *frame)
{
	memset(frame, 0, sizeof(*frame));
	frame->zones = ls->zones;
	frame->zone_count = ls->zone_count;
	frame->density = lesson->density;
	frame->hairline = lesson->hairline_count ? lesson->hairline : NULL;
	frame->hairline_count = lesson->hairline_count;
	frame->duration_s = duration_s;
	frame->target_dots = lesson->target_dots;
}

/* Deposit @p d as a dot for scoring. A stored deposit whose region is not
 * one of this scalp model's (another model's) is placed again. */
static struct score_dot score_dot_of(const struct lesson_session *ls, const struct deposit *d)
{
	const struct scalp_model *m = &ls->scalp;
	size_t at = d->region < m->region_count ? d->region :
		    scalp_region_at(m, d->x_mm, d->y_mm);
	/* A deposit outside every region was judged by the first one. */
	const struct scalp_region *r = &m->regions[at == SCALP_NO_REGION ? 0 : at];

	return (struct score_dot){
		.x_mm = d->x_mm, .y_mm = d->y_mm, .depth_mm = d->depth_mm,
		.band_min_mm = r->band_min_mm, .band_max_mm = r->band_max_mm,
		.diameter_mm = d->diameter_mm, .time_us = d->down_us,
		.overdeep = d->depth_class == DEPOSIT_OVERDEEP,
		.merged = (d->faults & DEPOSIT_MERGED) != 0,
		.line = d->kind == DEPOSIT_LINE,
		.outside = (d->faults & DEPOSIT_OUTSIDE_ZONE) != 0,
		.too_close = (d->faults & DEPOSIT_TOO_CLOSE) != 0,
		.oblique = (d->faults & DEPOSIT_OBLIQUE) != 0,
		.tail = (d->faults & DEPOSIT_TAIL) != 0,
	};
}

size_t lesson_score_dots(const struct lesson_session *ls, const struct sim_session *sim,
			 struct score_dot *out)
{
	size_t n = sim_session_deposit_count(sim);

	for (uint32_t i = 0; i < n; i++)
		out[i] = score_dot_of(ls, sim_session_deposit(sim, i));
	return n;
}

void lesson_score_deposits(const struct lesson_session *ls, const struct deposit *deposits,
			   size_t count, struct score_dot *out)
{
	for (size_t i = 0; i < count; i++)
		out[i] = score_dot_of(ls, &deposits[i]);
}
