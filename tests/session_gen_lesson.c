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
	enum lesson_mapping_source source;
	struct lesson_area area;
	struct sim_mapping m;

	if (l->zone_count < 1 || l->zone_count > SESSION_GEN_ZONES_MAX ||
	    lesson_choose_mapping(l, &ls->scalp, SESSION_GEN_WIDTH_MM, SESSION_GEN_HEIGHT_MM,
				  NULL, &m, &source, &area) < 0 ||
	    !(m.scale == 1 && m.rotation_deg == 0))
		return -EINVAL;
	memset(t, 0, sizeof(*t));
	/* Pad mm are scalp mm less the mapping's offset. */
	for (size_t i = 0; i < l->zone_count; i++) {
		t->zones[i] = ls->zones[i];
		for (size_t k = 0; k < t->zones[i].count; k++) {
			t->zones[i].points[k].x -= m.offset_x_mm;
			t->zones[i].points[k].y -= m.offset_y_mm;
		}
	}
	t->zone_count = l->zone_count;
	for (size_t i = 0; i < l->hairline_count; i++)
		t->hairline[i] = (struct scalp_point){ l->hairline[i].x - m.offset_x_mm,
						       l->hairline[i].y - m.offset_y_mm };
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

int session_gen_target_depths(const struct lesson *l, const struct lesson_session *ls,
			      struct session_gen_target *t)
{
	enum lesson_mapping_source source;
	struct lesson_area area;
	struct sim_mapping m;

	if (lesson_choose_mapping(l, &ls->scalp, SESSION_GEN_WIDTH_MM, SESSION_GEN_HEIGHT_MM,
				  NULL, &m, &source, &area) < 0 ||
	    !(m.scale == 1 && m.rotation_deg == 0) ||
	    ls->scalp.region_count > SESSION_GEN_DEPTHS_MAX)
		return -EINVAL;
	for (size_t i = 0; i < ls->scalp.region_count; i++) {
		const struct scalp_region *r = &ls->scalp.regions[i];
		struct session_gen_depth *g = &t->depths[i];

		g->area = r->polygon;
		for (size_t k = 0; k < g->area.count; k++) {
			g->area.points[k].x -= m.offset_x_mm;
			g->area.points[k].y -= m.offset_y_mm;
		}
		g->force_scale_n = ls->scalp.tissues[r->tissue].force_scale_n;
		g->hang_mm = ls->needle.hang_mm;
		g->band_min_mm = r->band_min_mm;
		g->band_max_mm = r->band_max_mm;
		g->overdeep_mm = r->overdeep_mm;
		/* As the target's floor, but the region's own distance. */
		g->min_spacing_mm = (l->spacing.too_close_mm > 0 ? l->spacing.too_close_mm :
				     r->spacing.too_close_mm) + 0.05;
	}
	t->depth_count = ls->scalp.region_count;
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
