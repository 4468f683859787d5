/* session_gen_lesson: a lesson as the stippling hand's target, and the
 * demo recordings' specs. Seeds and stripe are chosen once and kept: the
 * shipped files are checked against what these specs write.
 */
#include "session_gen_lesson.h"

#include <errno.h>
#include <math.h>
#include <string.h>

const char *const session_gen_demo_names[SESSION_GEN_DEMO_COUNT] = {
	"hairline-careful", "hairline-careless",
};

int session_gen_target_from_lesson(const struct lesson *l, const struct lesson_session *ls,
				   struct session_gen_target *t)
{
	double too_close = l->spacing.too_close_mm;

	if (l->zone_count < 1 || l->zone_count > SESSION_GEN_ZONES_MAX ||
	    !(l->mapping.scale == 1 && l->mapping.offset_x_mm == 0 &&
	      l->mapping.offset_y_mm == 0 && l->mapping.rotation_deg == 0))
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < l->zone_count; i++)
		t->zones[i] = ls->zones[i];
	t->zone_count = l->zone_count;
	memcpy(t->hairline, l->hairline, l->hairline_count * sizeof(*t->hairline));
	t->hairline_count = l->hairline_count;
	t->front_per_mm2 = l->density.front_per_mm2;
	t->back_per_mm2 = l->density.ramp_mm > 0 ? l->density.back_per_mm2 :
			  l->density.front_per_mm2;
	t->ramp_mm = l->density.ramp_mm;
	if (!(too_close > 0))
		for (size_t i = 0; i < ls->scalp.region_count; i++)
			too_close = fmax(too_close, ls->scalp.regions[i].spacing.too_close_mm);
	t->min_spacing_mm = too_close + 0.05;
	return 0;
}

int session_gen_demo(const char *name, const struct lesson *lesson,
		     const struct lesson_session *ls, struct session_gen_stipple *spec)
{
	int rc;

	memset(spec, 0, sizeof(*spec));
	if ((rc = session_gen_target_from_lesson(lesson, ls, &spec->target)) < 0)
		return rc;
	if (!strcmp(name, "hairline-careful")) {
		spec->seed = 20241;
		/* Scattered single dots up to a millimetre in front of the line,
		 * none further: the lesson says not to go in front of it, its
		 * zone leaves room for irregular front dots. */
		spec->pattern.front_taper_mm = 1;
		session_gen_stroke_careful(&spec->hand);
	} else if (!strcmp(name, "hairline-careless")) {
		spec->seed = 20242;
		spec->pattern = (struct session_gen_pattern){
			.flaws = SESSION_GEN_FLAW_ROWS | SESSION_GEN_FLAW_HARSH_LINE |
				 SESSION_GEN_FLAW_CLUMPS | SESSION_GEN_FLAW_LOW,
			.jitter = 0.12, .clump_share = 0.06, .low_share = 0.15,
		};
		session_gen_stroke_careless(&spec->hand);
	} else {
		return -ENOENT;
	}
	return 0;
}
