/* lesson_load: reads a lesson file (data/lessons/ID.yaml) into a struct
 * lesson and the curriculum (data/lessons/curriculum.yaml) into a struct
 * curriculum, through yaml_file's field tables and the readers scalp
 * model files share (scalp_fields); polygon and line geometry is scalp's.
 *
 * A lesson is read in two passes. The first reads every top-level key
 * whose value stands alone (id, title, instructions, the scalp and needle
 * ids, time limit, spacing, technique, mapping, feedback) with its type and range
 * from the tables, and lets the others through. The second loads the
 * scalp model and the needle, then reads what depends on them in a fixed
 * order, whatever the order in the file: zones and hairline (inside the
 * scalp's area), density (a gradient needs the hairline), depth (the
 * scalp's regions, the needle's hang), the overrides against every
 * region, and the rubric (metric names, each metric's range and the
 * required levels, then score_rubric_check_item() item by item, so its
 * complaint lands on the item's line; the retired pass-mark and caps are
 * refused at theirs). Each part is checked where it is read, so an error names its own
 * line; the caller's lesson is written only when the whole file is good.
 *
 * The curriculum is read by one function from a file (each lesson found
 * beside it and loaded) or from bytes kept in the record (each lesson id
 * only checked to be one), so the two cannot drift apart.
 */
#include "lesson_load.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "curriculum_fields.h"
#include "data_file.h"
#include "data_library.h"
#include "scalp_fields.h"
#include "yaml_file.h"

#define PATH_MAX_LEN 4096
#define IDS_TEXT_MAX 1024

struct load {
	struct lesson l;
	bool stored;                      /* a record's copy: the old rules read */
	const struct scalp_model *scalp;  /* the library's */
	const struct needle *needle;
};

/* ---- what each metric's values can be ---- */

struct metric_range {
	double min, max;
	const char *unit;   /* how messages name its values */
};

/* The values each metric can take (score_metrics.h); a threshold outside
 * them could never be reached. Counts and peaks are bounded generously. */
static const struct metric_range metric_ranges[SCORE_METRIC_COUNT] = {
	[SCORE_DEPTH_IN_BAND] = { 0, 1, "a share of dots" },
	[SCORE_DEPTH_ERROR_MEAN] = { 0, 10, "mm" },
	[SCORE_DEPTH_ERROR_SD] = { 0, 10, "mm" },
	[SCORE_OVERDEEP] = { 0, 1e6, "a count of dots" },
	[SCORE_NN_MEAN] = { 0, 50, "mm" },
	[SCORE_NN_CV] = { 0, 10, "a ratio" },
	[SCORE_RHO] = { 0, 1, "a ratio" },
	[SCORE_CLARK_EVANS] = { 0, 3, "a ratio" },
	[SCORE_PERIODOGRAM_PEAK] = { 0, 1e7, "a spectral peak" },
	[SCORE_DENSITY_L1] = { 0, 100, "a ratio" },
	[SCORE_COVERAGE] = { 0, 1, "a share of cells" },
	[SCORE_GAPS] = { 0, 1e6, "a count of cells" },
	[SCORE_MERGED] = { 0, 1, "a share of dots" },
	[SCORE_SIZE_CV] = { 0, 10, "a ratio" },
	[SCORE_OUTSIDE] = { 0, 1, "a share of dots" },
	[SCORE_HAIRLINE_WIDTH] = { 0, 500, "mm" },
	[SCORE_HAIRLINE_RESIDUAL] = { 0, 10, "a ratio" },
	[SCORE_PACE] = { 0, 10000, "dots per minute" },
	[SCORE_COMPLETION] = { 0, 1000, "a share of the dots asked for" },
	[SCORE_SHALLOW] = { 0, 1, "a share of deposits" },
	[SCORE_DEEP] = { 0, 1, "a share of deposits" },
	[SCORE_TOO_CLOSE] = { 0, 1, "a share of dots" },
	[SCORE_OBLIQUE] = { 0, 1, "a share of dots" },
	[SCORE_DRAGGED] = { 0, 1, "a share of deposits" },
	[SCORE_DENSITY_DISPERSION] = { 0, 1e6, "a ratio" },
	[SCORE_HAIRLINE_FRONT] = { 0, 1, "a share of dots" },
};

void lesson_metric_range(enum score_metric metric, double *min, double *max)
{
	bool known = metric < SCORE_METRIC_COUNT;

	*min = known ? metric_ranges[metric].min : 0;
	*max = known ? metric_ranges[metric].max : 0;
}

/* ---- small readers ---- */

static struct fy_node *lookup(struct fy_node *map, const char *key)
{
	return fy_node_mapping_lookup_by_string(map, key, FY_NT);
}

/* The length of list @p v, @p what, of which a @p owner has 1 to @p max.
 * @return it, or -EINVAL with the error recorded. */
static int list_length(struct yaml_file *yf, struct fy_node *v, const char *owner,
		       const char *what, int max)
{
	int n = yaml_sequence_length(yf, v, what);

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > max)
		return yaml_fail(yf, v, "a %s has 1 to %d %s, not %d", owner, max, what, n);
	return n;
}

static int read_good(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct score_rubric_item *it = target;

	return scalp_fields_read_pair(yf, v, -1e12, 1e12, &it->good_min, &it->good_max);
}

static int read_offset(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct sim_mapping *m = target;

	return scalp_fields_read_pair(yf, v, -SIM_MAPPING_OFFSET_MAX_MM, SIM_MAPPING_OFFSET_MAX_MM,
				      &m->offset_x_mm, &m->offset_y_mm);
}

/* Every point inside the scalp's area; @p what names the part. */
static int check_in_area(struct yaml_file *yf, struct fy_node *at, const struct load *ld,
			 const char *what, const struct scalp_point *pts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pts[i].x < 0 || pts[i].y < 0 || pts[i].x > ld->scalp->width_mm ||
		    pts[i].y > ld->scalp->height_mm)
			return yaml_fail(yf, at, "%s: point %zu (%g, %g) lies outside the "
					 "%g x %g mm area of scalp model '%s'", what, i + 1,
					 pts[i].x, pts[i].y, ld->scalp->width_mm,
					 ld->scalp->height_mm, ld->scalp->id);
	return 0;
}

/* ---- geometry ---- */

static int sign(double v)
{
	return (v > 0) - (v < 0);
}

/* The unit normal of hairline segment @p i, towards its positive side. */
static struct scalp_point segment_normal(const struct lesson *l, size_t i)
{
	double dx = l->hairline[i + 1].x - l->hairline[i].x;
	double dy = l->hairline[i + 1].y - l->hairline[i].y;
	double len = hypot(dx, dy);

	return (struct scalp_point){ -dy / len, dx / len };
}

/* The side of the hairline @p p lies on: positive behind it, the side its
 * direction turned towards +y (the right-hand side walking along it, +y
 * for a line drawn left to right), by the rule scoring uses
 * (scoring/measures/score_hairline.c): the nearest segment's normal, the sum of
 * both normals where the nearest point is a vertex between two. */
static int hairline_side(const struct lesson *l, struct scalp_point p)
{
	double best = INFINITY, best_t = 0;
	size_t best_i = 0, last = l->hairline_count - 2;
	struct scalp_point v, n;

	for (size_t i = 0; i + 1 < l->hairline_count; i++) {
		const struct scalp_point *a = &l->hairline[i], *b = &l->hairline[i + 1];
		double dx = b->x - a->x, dy = b->y - a->y;
		double t = ((p.x - a->x) * dx + (p.y - a->y) * dy) / (dx * dx + dy * dy);
		double qx, qy;

		t = t < 0 ? 0 : t > 1 ? 1 : t;
		qx = a->x + t * dx - p.x;
		qy = a->y + t * dy - p.y;
		if (qx * qx + qy * qy < best) {
			best = qx * qx + qy * qy;
			best_t = t;
			best_i = i;
		}
	}
	n = segment_normal(l, best_i);
	v = l->hairline[best_i];
	if (best_t <= 0 && best_i > 0) {
		n.x += segment_normal(l, best_i - 1).x;
		n.y += segment_normal(l, best_i - 1).y;
	} else if (best_t >= 1) {
		v = l->hairline[best_i + 1];
		if (best_i < last) {
			n.x += segment_normal(l, best_i + 1).x;
			n.y += segment_normal(l, best_i + 1).y;
		}
	}
	return sign((p.x - v.x) * n.x + (p.y - v.y) * n.y);
}

/* ---- the parts that need the scalp model ---- */

static const struct yaml_field zone_fields[] = {
	{ .key = "id", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
	  .offset = offsetof(struct lesson_zone, id) },
	{ .key = "polygon", .kind = YAML_CUSTOM, .read = scalp_fields_read_polygon,
	  .required = true, .offset = offsetof(struct lesson_zone, polygon) },
	{ .key = NULL },
};

static int read_zones(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	int n = list_length(yf, v, "lesson", "zones", LESSON_ZONES_MAX);

	if (n < 0)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(v, i);
		struct lesson_zone *z = &ld->l.zones[i];
		char what[SCALP_ID_MAX + 16];

		memset(z, 0, sizeof(*z));
		if (yaml_read_mapping(yf, item, "zone", zone_fields, z) < 0)
			return -EINVAL;
		for (int j = 0; j < i; j++)
			if (!strcmp(ld->l.zones[j].id, z->id))
				return yaml_fail(yf, item, "zone '%s' is given twice", z->id);
		snprintf(what, sizeof(what), "zone '%s'", z->id);
		if (check_in_area(yf, lookup(item, "polygon"), ld, what, z->polygon.points,
				  z->polygon.count) < 0)
			return -EINVAL;
		if (fabs(scalp_polygon_area(&z->polygon, NULL)) < 1)
			return yaml_fail(yf, lookup(item, "polygon"), "zone '%s' encloses "
					 "less than 1 mm^2", z->id);
	}
	ld->l.zone_count = (size_t)n;
	return 0;
}

static int read_hairline(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	struct lesson *l = &ld->l;

	if (!v)
		return 0;
	if (scalp_fields_read_points(yf, v, "hairline", 2, l->hairline,
				     &l->hairline_count) < 0 ||
	    check_in_area(yf, v, ld, "hairline", l->hairline, l->hairline_count) < 0)
		return -EINVAL;
	for (size_t i = 0; i + 1 < l->hairline_count; i++)
		if (l->hairline[i].x == l->hairline[i + 1].x &&
		    l->hairline[i].y == l->hairline[i + 1].y)
			return yaml_fail(yf, v, "hairline: points %zu and %zu are the same",
					 i + 1, i + 2);
	if (scalp_polyline_self_intersects(l->hairline, l->hairline_count))
		return yaml_fail(yf, v, "hairline: the line crosses itself");
	for (size_t i = 0; i < l->zone_count; i++) {
		struct scalp_point c;

		scalp_polygon_area(&l->zones[i].polygon, &c);
		if (hairline_side(l, c) <= 0)
			return yaml_fail(yf, v, "hairline: zone '%s' lies in front of it; "
					 "give its points from the trainee's left to right, "
					 "so that behind it (+y) is the right-hand side",
					 l->zones[i].id);
	}
	return 0;
}

struct density_raw {
	double per, front, back, ramp;
};

static const struct yaml_field density_fields[] = {
	{ .key = "per-mm2", .kind = YAML_DOUBLE, .min = 0, .max = 3, .min_open = true,
	  .offset = offsetof(struct density_raw, per) },
	{ .key = "front-per-mm2", .kind = YAML_DOUBLE, .min = 0, .max = 3, .min_open = true,
	  .offset = offsetof(struct density_raw, front) },
	{ .key = "back-per-mm2", .kind = YAML_DOUBLE, .min = 0, .max = 3, .min_open = true,
	  .offset = offsetof(struct density_raw, back) },
	{ .key = "ramp-mm", .kind = YAML_DOUBLE, .min = 0, .max = 100, .min_open = true,
	  .offset = offsetof(struct density_raw, ramp) },
	{ .key = NULL },
};

static int read_density(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	struct density_raw d = { NAN, NAN, NAN, NAN };
	int gradient;

	if (yaml_read_mapping(yf, v, "density", density_fields, &d) < 0)
		return -EINVAL;
	gradient = !isnan(d.front) + !isnan(d.back) + !isnan(d.ramp);
	if (!isnan(d.per) && gradient)
		return yaml_fail(yf, v, "density: give per-mm2 (uniform) or front-per-mm2, "
				 "back-per-mm2 and ramp-mm (a gradient), not both");
	if (!isnan(d.per)) {
		ld->l.density = (struct score_density){ d.per, d.per, 0 };
		return 0;
	}
	if (gradient == 0)
		return yaml_fail(yf, v, "density: give per-mm2 (uniform) or front-per-mm2, "
				 "back-per-mm2 and ramp-mm (a gradient)");
	if (gradient < 3)
		return yaml_fail(yf, v, "density: a gradient needs front-per-mm2, "
				 "back-per-mm2 and ramp-mm; '%s' is missing",
				 isnan(d.front) ? "front-per-mm2" :
				 isnan(d.back) ? "back-per-mm2" : "ramp-mm");
	if (!(d.front < d.back))
		return yaml_fail(yf, v, "density: front-per-mm2 (%g) must be below "
				 "back-per-mm2 (%g): density rises from the hairline inward",
				 d.front, d.back);
	if (ld->l.hairline_count == 0)
		return yaml_fail(yf, v, "density: a gradient runs from the hairline: "
				 "give 'hairline'");
	ld->l.density = (struct score_density){ d.front, d.back, d.ramp };
	return 0;
}

static size_t region_index(const struct scalp_model *m, const char *id)
{
	for (size_t i = 0; i < m->region_count; i++)
		if (!strcmp(m->regions[i].id, id))
			return i;
	return SCALP_NO_REGION;
}

static void region_ids(const struct scalp_model *m, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < m->region_count && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
					 m->regions[i].id);
}

struct depth_raw {
	char region[SCALP_ID_MAX];
	double band_min, band_max, overdeep;
};

static int read_band(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct depth_raw *d = target;

	return scalp_fields_read_band(yf, v, &d->band_min, &d->band_max);
}

static const struct yaml_field depth_fields[] = {
	{ .key = "region", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
	  .offset = offsetof(struct depth_raw, region) },
	{ .key = "band-mm", .kind = YAML_CUSTOM, .read = read_band },
	{ .key = "overdeep-mm", .kind = YAML_DOUBLE, .min = 0, .max = 10, .min_open = true,
	  .offset = offsetof(struct depth_raw, overdeep) },
	{ .key = NULL },
};

/* A lesson's override left 0 keeps the region's value. */
static double pick(double lesson, double region)
{
	return lesson > 0 ? lesson : region;
}

/* The region as this lesson judges it: its depth and the overrides. */
static struct scalp_region judged_region(const struct load *ld, size_t index)
{
	struct scalp_region r = ld->scalp->regions[index];
	const struct scalp_spacing *s = &ld->l.spacing;
	const struct scalp_technique *t = &ld->l.technique;

	for (size_t i = 0; i < ld->l.depth_count; i++)
		if (!strcmp(ld->l.depth[i].region, r.id)) {
			r.band_min_mm = ld->l.depth[i].band_min_mm;
			r.band_max_mm = ld->l.depth[i].band_max_mm;
			r.overdeep_mm = ld->l.depth[i].overdeep_mm;
		}
	r.spacing.too_close_mm = pick(s->too_close_mm, r.spacing.too_close_mm);
	r.spacing.gap_mm = pick(s->gap_mm, r.spacing.gap_mm);
	r.spacing.neighbourhood_mm = pick(s->neighbourhood_mm, r.spacing.neighbourhood_mm);
	r.technique.tail_max_mm = pick(t->tail_max_mm, r.technique.tail_max_mm);
	r.technique.drag_line_mm = pick(t->drag_line_mm, r.technique.drag_line_mm);
	r.technique.oblique_max_deg = pick(t->oblique_max_deg, r.technique.oblique_max_deg);
	return r;
}

static int read_depth(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	struct lesson *l = &ld->l;
	char why[256], ids[512];
	int n;

	if (!v)
		return 0;
	if ((n = yaml_sequence_length(yf, v, "depth")) < 0)
		return -EINVAL;
	if (n < 1 || (size_t)n > ld->scalp->region_count)
		return yaml_fail(yf, v, "depth lists 1 to %zu regions (those of scalp model "
				 "'%s'), not %d", ld->scalp->region_count, ld->scalp->id, n);
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(v, i);
		struct depth_raw d = { .band_min = NAN, .band_max = NAN, .overdeep = NAN };
		struct lesson_depth *out = &l->depth[i];
		struct scalp_region r;
		size_t index;

		if (yaml_read_mapping(yf, item, "depth", depth_fields, &d) < 0)
			return -EINVAL;
		index = region_index(ld->scalp, d.region);
		if (index == SCALP_NO_REGION) {
			region_ids(ld->scalp, ids, sizeof(ids));
			return yaml_fail(yf, lookup(item, "region"), "unknown region '%s' of "
					 "scalp model '%s' (there are: %s)", d.region,
					 ld->scalp->id, ids);
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(l->depth[j].region, d.region))
				return yaml_fail(yf, item, "depth for region '%s' is given twice",
						 d.region);
		if (isnan(d.band_min) && isnan(d.overdeep))
			return yaml_fail(yf, item, "depth for region '%s' changes nothing: "
					 "give band-mm, overdeep-mm or both", d.region);
		r = ld->scalp->regions[index];
		snprintf(out->region, sizeof(out->region), "%s", d.region);
		out->band_min_mm = isnan(d.band_min) ? r.band_min_mm : d.band_min;
		out->band_max_mm = isnan(d.band_max) ? r.band_max_mm : d.band_max;
		out->overdeep_mm = isnan(d.overdeep) ? r.overdeep_mm : d.overdeep;
		r.band_min_mm = out->band_min_mm;
		r.band_max_mm = out->band_max_mm;
		r.overdeep_mm = out->overdeep_mm;
		if (scalp_region_check(ld->scalp, &r, why, sizeof(why)) < 0)
			return yaml_fail(yf, item, "%s", why);
		if (r.overdeep_mm >= ld->needle->hang_mm)
			return yaml_fail(yf, item, "region '%s': needle '%s' reaches %g mm at "
					 "most, so nothing could go past overdeep at %g mm",
					 r.id, ld->needle->id, ld->needle->hang_mm, r.overdeep_mm);
		l->depth_count = (size_t)i + 1;
	}
	return 0;
}

/* The needle must reach past every region's overdeep depth, or the
 * lesson's never-event could not happen (the depths the lesson changes
 * are checked where they are read). */
static int check_reach(struct yaml_file *yf, struct fy_node *root, struct load *ld)
{
	for (size_t i = 0; i < ld->scalp->region_count; i++) {
		const struct scalp_region *r = &ld->scalp->regions[i];
		bool changed = false;

		for (size_t j = 0; j < ld->l.depth_count; j++)
			changed |= !strcmp(ld->l.depth[j].region, r->id);
		if (!changed && r->overdeep_mm >= ld->needle->hang_mm)
			return yaml_fail(yf, lookup(root, "needle"), "needle '%s' reaches %g mm "
					 "at most: in region '%s' nothing could go past overdeep "
					 "at %g mm", ld->needle->id, ld->needle->hang_mm, r->id,
					 r->overdeep_mm);
	}
	return 0;
}

static const struct yaml_field mapping_fields[] = {
	{ .key = "offset-mm", .kind = YAML_CUSTOM, .read = read_offset },
	{ .key = "scale", .kind = YAML_DOUBLE, .min = SIM_MAPPING_SCALE_MIN,
	  .max = SIM_MAPPING_SCALE_MAX, .offset = offsetof(struct sim_mapping, scale) },
	{ .key = "rotation-deg", .kind = YAML_DOUBLE, .min = -SIM_MAPPING_ROTATION_MAX_DEG,
	  .max = SIM_MAPPING_ROTATION_MAX_DEG, .offset = offsetof(struct sim_mapping, rotation_deg) },
	{ .key = NULL },
};

static int read_mapping(struct yaml_file *yf, struct fy_node *v, void *target)
{
	return yaml_read_mapping(yf, v, "mapping", mapping_fields, target);
}

/* The overrides must leave every region coherent (sim_session_new checks
 * the same at the start of a session, far from the file). */
static int check_overrides(struct yaml_file *yf, struct fy_node *root, struct load *ld)
{
	char why[256];

	for (size_t i = 0; i < ld->scalp->region_count; i++) {
		struct scalp_region r = judged_region(ld, i);

		if (scalp_region_check(ld->scalp, &r, why, sizeof(why)) < 0) {
			struct fy_node *at = lookup(root, "spacing");

			if (!at || strstr(why, "technique"))
				at = lookup(root, "technique");
			return yaml_fail(yf, at, "with this lesson's overrides, %s", why);
		}
	}
	return 0;
}

/* ---- the rubric ---- */

/* A retired key in a record's copy of a lesson: a number, set aside. */
static int read_set_aside(struct yaml_file *yf, struct fy_node *v, void *target)
{
	double unused;

	(void)target;
	return yaml_read_double(yf, v, -1e12, 1e12, &unused);
}

/* A key whose rule changed: refused at its line, saying what replaced it. */
static int read_retired(struct yaml_file *yf, struct fy_node *v, void *target)
{
	(void)target;
	return yaml_fail(yf, v, "the pass mark and never-event caps are gone: a session "
			 "passes when every required rubric item is at its level "
			 "(`required: { at-least: X, at-most: Y }`) and no never-event "
			 "happened, which fails it without capping the score "
			 "(docs/scoring.md, \"Rubric\")");
}

struct level_raw {
	double at_least, at_most;
};

static const struct yaml_field level_fields[] = {
	{ .key = "at-least", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12,
	  .offset = offsetof(struct level_raw, at_least) },
	{ .key = "at-most", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12,
	  .offset = offsetof(struct level_raw, at_most) },
	{ .key = NULL },
};

/* `required: { at-least: X, at-most: Y }`, either or both. */
static int read_required(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct score_rubric_item *it = target;
	struct level_raw lv = { NAN, NAN };

	if (yaml_read_mapping(yf, v, "required", level_fields, &lv) < 0)
		return -EINVAL;
	if (isnan(lv.at_least) && isnan(lv.at_most))
		return yaml_fail(yf, v, "required: give the level, at-least, at-most or both");
	if (!isnan(lv.at_least) && !isnan(lv.at_most) && lv.at_least > lv.at_most)
		return yaml_fail(yf, v, "required: at-least (%g) is above at-most (%g)",
				 lv.at_least, lv.at_most);
	it->required = true;
	it->need_min = lv.at_least;
	it->need_max = lv.at_most;
	return 0;
}

struct item_raw {
	char metric[32];
	struct score_rubric_item it;
};

static const struct yaml_field item_fields[] = {
	{ .key = "metric", .kind = YAML_TEXT, .size = 32, .required = true,
	  .offset = offsetof(struct item_raw, metric) },
	{ .key = "weight", .kind = YAML_DOUBLE, .min = 0, .max = 100, .min_open = true,
	  .required = true, .offset = offsetof(struct item_raw, it.weight) },
	{ .key = "good", .kind = YAML_CUSTOM, .read = read_good, .required = true,
	  .offset = offsetof(struct item_raw, it) },
	{ .key = "zero-below", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12,
	  .offset = offsetof(struct item_raw, it.zero_below) },
	{ .key = "zero-above", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12,
	  .offset = offsetof(struct item_raw, it.zero_above) },
	{ .key = "required", .kind = YAML_CUSTOM, .read = read_required,
	  .offset = offsetof(struct item_raw, it) },
	{ .key = "advice-low", .kind = YAML_TEXT, .size = SCORE_ADVICE_MAX,
	  .offset = offsetof(struct item_raw, it.advice_low) },
	{ .key = "advice-high", .kind = YAML_TEXT, .size = SCORE_ADVICE_MAX,
	  .offset = offsetof(struct item_raw, it.advice_high) },
	{ .key = NULL },
};

struct never_raw {
	char metric[32];
	struct score_never_event ne;
};

static const struct yaml_field never_fields[] = {
	{ .key = "metric", .kind = YAML_TEXT, .size = 32, .required = true,
	  .offset = offsetof(struct never_raw, metric) },
	{ .key = "above", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12, .required = true,
	  .offset = offsetof(struct never_raw, ne.above) },
	{ .key = "cap", .kind = YAML_CUSTOM, .read = read_retired },
	{ .key = "text", .kind = YAML_TEXT, .size = SCORE_ADVICE_MAX,
	  .offset = offsetof(struct never_raw, ne.text) },
	{ .key = NULL },
};

static const struct yaml_field rubric_fields[] = {
	{ .key = "pass-mark", .kind = YAML_CUSTOM, .read = read_retired },
	/* Read after, by read_rubric. */
	{ .key = "items", .kind = YAML_CUSTOM, .required = true },
	{ .key = "never-events", .kind = YAML_CUSTOM },
	{ .key = NULL },
};

/* A lesson copy a record keeps from before proficiency: its pass mark and
 * caps read and left aside (the sessions keep the score they were given),
 * so that those sessions can still be replayed and drawn. */
static const struct yaml_field never_fields_before_proficiency[] = {
	{ .key = "metric", .kind = YAML_TEXT, .size = 32, .required = true,
	  .offset = offsetof(struct never_raw, metric) },
	{ .key = "above", .kind = YAML_DOUBLE, .min = -1e12, .max = 1e12, .required = true,
	  .offset = offsetof(struct never_raw, ne.above) },
	{ .key = "cap", .kind = YAML_CUSTOM, .read = read_set_aside },
	{ .key = "text", .kind = YAML_TEXT, .size = SCORE_ADVICE_MAX,
	  .offset = offsetof(struct never_raw, ne.text) },
	{ .key = NULL },
};

static const struct yaml_field rubric_fields_before_proficiency[] = {
	{ .key = "pass-mark", .kind = YAML_CUSTOM, .read = read_set_aside },
	{ .key = "items", .kind = YAML_CUSTOM, .required = true },
	{ .key = "never-events", .kind = YAML_CUSTOM },
	{ .key = NULL },
};

static int resolve_metric(struct yaml_file *yf, struct fy_node *at, const char *name,
			  enum score_metric *out)
{
	char known[512];
	size_t used = 0;

	*out = score_metric_from_name(name);
	if (*out < SCORE_METRIC_COUNT)
		return 0;
	known[0] = '\0';
	for (int m = 0; m < SCORE_METRIC_COUNT && used < sizeof(known); m++)
		used += (size_t)snprintf(known + used, sizeof(known) - used, "%s%s",
					 m ? ", " : "", score_metric_name((enum score_metric)m));
	return yaml_fail(yf, at, "unknown metric '%s' (known: %s)", name, known);
}

/* A threshold @p key of @p metric within the values it can take
 * (@p open_max: strictly below the top, for a never-event's "above"). */
static int check_value(struct yaml_file *yf, struct fy_node *map, const char *key,
		       enum score_metric metric, double v, bool open_max)
{
	const struct metric_range *r = &metric_ranges[metric];

	if (isnan(v) || (v >= r->min && (open_max ? v < r->max : v <= r->max)))
		return 0;
	return yaml_fail(yf, lookup(map, key), "%s: '%s' must be at least %g and %s %g "
			 "(%s), not %g", score_metric_name(metric), key, r->min,
			 open_max ? "below" : "at most", r->max, r->unit, v);
}

/* A requirement's levels within the values its metric can take. */
static int check_level(struct yaml_file *yf, struct fy_node *item,
		       const struct score_rubric_item *it)
{
	struct fy_node *req = lookup(item, "required");

	if (!it->required)
		return 0;
	return check_value(yf, req, "at-least", it->metric, it->need_min, false) < 0 ||
	       check_value(yf, req, "at-most", it->metric, it->need_max, false) < 0 ?
	       -EINVAL : 0;
}

static int read_items(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	struct score_rubric *rub = &ld->l.rubric;
	char why[SCORE_ADVICE_MAX];
	int n = list_length(yf, v, "rubric", "items", SCORE_RUBRIC_ITEMS_MAX);

	if (n < 0)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(v, i);
		struct item_raw raw = { .it.zero_below = NAN, .it.zero_above = NAN,
					.it.need_min = NAN, .it.need_max = NAN };
		struct score_rubric_item *it = &raw.it;

		if (yaml_read_mapping(yf, item, "rubric item", item_fields, &raw) < 0 ||
		    resolve_metric(yf, lookup(item, "metric"), raw.metric, &it->metric) < 0)
			return -EINVAL;
		for (int j = 0; j < i; j++)
			if (rub->items[j].metric == it->metric)
				return yaml_fail(yf, item, "metric '%s' is rated twice", raw.metric);
		if (check_value(yf, item, "good", it->metric, it->good_min, false) < 0 ||
		    check_value(yf, item, "good", it->metric, it->good_max, false) < 0 ||
		    check_value(yf, item, "zero-below", it->metric, it->zero_below, false) < 0 ||
		    check_value(yf, item, "zero-above", it->metric, it->zero_above, false) < 0 ||
		    check_level(yf, item, it) < 0)
			return -EINVAL;
		if ((it->metric == SCORE_HAIRLINE_WIDTH || it->metric == SCORE_HAIRLINE_RESIDUAL ||
		     it->metric == SCORE_HAIRLINE_FRONT) && ld->l.hairline_count == 0)
			return yaml_fail(yf, item, "metric '%s' measures the hairline: give "
					 "'hairline' or drop the item", raw.metric);
		/* The rubric's rules, item by item, so the error has its line. */
		if (score_rubric_check_item(it, why, sizeof(why)) < 0)
			return yaml_fail(yf, item, "%s", why);
		rub->items[i] = *it;
		rub->item_count = (size_t)i + 1;
	}
	return 0;
}

static int read_never(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	struct score_rubric *rub = &ld->l.rubric;
	int n;

	if (!v)
		return 0;
	if ((n = yaml_sequence_length(yf, v, "never-events")) < 0)
		return -EINVAL;
	if (n > SCORE_NEVER_EVENTS_MAX)
		return yaml_fail(yf, v, "a rubric has at most %d never-events, not %d",
				 SCORE_NEVER_EVENTS_MAX, n);
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(v, i);
		struct never_raw raw = { .metric = "" };

		if (yaml_read_mapping(yf, item, "never-event",
				      rub->before_proficiency ? never_fields_before_proficiency :
				      never_fields, &raw) < 0 ||
		    resolve_metric(yf, lookup(item, "metric"), raw.metric, &raw.ne.metric) < 0 ||
		    check_value(yf, item, "above", raw.ne.metric, raw.ne.above, true) < 0)
			return -EINVAL;
		for (int j = 0; j < i; j++)
			if (rub->never[j].metric == raw.ne.metric)
				return yaml_fail(yf, item, "never-event '%s' is given twice",
						 raw.metric);
		rub->never[i] = raw.ne;
		rub->never_count = (size_t)i + 1;
	}
	return 0;
}

static int read_rubric(struct yaml_file *yf, struct fy_node *v, struct load *ld)
{
	char why[SCORE_ADVICE_MAX];

	/* A record's copy with a pass mark: the rules its sessions were scored by. */
	ld->l.rubric.before_proficiency = ld->stored && v && lookup(v, "pass-mark");
	if (yaml_read_mapping(yf, v, "rubric", ld->l.rubric.before_proficiency ?
			      rubric_fields_before_proficiency : rubric_fields,
			      &ld->l.rubric) < 0 ||
	    read_items(yf, lookup(v, "items"), ld) < 0 ||
	    read_never(yf, lookup(v, "never-events"), ld) < 0)
		return -EINVAL;
	if (score_rubric_check(&ld->l.rubric, why, sizeof(why)) < 0)
		return yaml_fail(yf, v, "rubric: %s", why);
	return 0;
}

/* ---- the feedback ---- */

static const char *const yes_no[] = { "false", "true", NULL };

/* A cue's volume: a number from 0 to 1, or `off` (0) or `on` (1). */
static int read_cue_volume(struct yaml_file *yf, struct fy_node *v, void *target)
{
	const char *text = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;

	if (text && !strcmp(text, "off")) {
		*(double *)target = 0;
		return 0;
	}
	if (text && !strcmp(text, "on")) {
		*(double *)target = 1;
		return 0;
	}
	if (yaml_read_double(yf, v, 0, 1, target) < 0)
		return yaml_fail(yf, v, "a cue's volume is a number from 0 to 1, or off or "
				 "on, not '%s'", text ? text : "(not a word)");
	return 0;
}

/* The file's values as read, -1 where a key is absent. */
struct feedback_read {
	int depth_tone;
	double cue_volume[AUDIO_CUE_COUNT];
};

#define CUE_FIELD(name, cue) \
	{ .key = name, .kind = YAML_CUSTOM, .read = read_cue_volume, \
	  .offset = offsetof(struct feedback_read, cue_volume[cue]) }

/* One key per cue, as rig/audio names them (audio_cue_name()). */
static const struct yaml_field cue_fields[] = {
	CUE_FIELD("overdeep", AUDIO_CUE_OVERDEEP),
	CUE_FIELD("deep", AUDIO_CUE_DEEP),
	CUE_FIELD("shallow", AUDIO_CUE_SHALLOW),
	CUE_FIELD("crowded", AUDIO_CUE_CROWDED),
	CUE_FIELD("gap", AUDIO_CUE_GAP),
	CUE_FIELD("outside", AUDIO_CUE_OUTSIDE),
	CUE_FIELD("tail", AUDIO_CUE_TAIL),
	{ .key = NULL },
};

static int read_cues(struct yaml_file *yf, struct fy_node *v, void *target)
{
	/* The whole struct feedback_read: the fields' offsets are into it. */
	return yaml_read_mapping(yf, v, "cues", cue_fields,
				 (char *)target - offsetof(struct feedback_read, cue_volume));
}

static const struct yaml_field feedback_fields[] = {
	{ .key = "depth-tone", .kind = YAML_CHOICE, .choices = yes_no,
	  .offset = offsetof(struct feedback_read, depth_tone) },
	{ .key = "cues", .kind = YAML_CUSTOM, .read = read_cues,
	  .offset = offsetof(struct feedback_read, cue_volume) },
	{ .key = NULL },
};

/* Into a struct lesson_feedback, whose zero says nothing (a lesson made
 * in code leaves the sound to the defaults). */
static int read_feedback(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct lesson_feedback *fb = target;
	struct feedback_read r = { .depth_tone = -1 };

	for (size_t i = 0; i < AUDIO_CUE_COUNT; i++)
		r.cue_volume[i] = -1;
	if (yaml_read_mapping(yf, v, "feedback", feedback_fields, &r) < 0)
		return -EINVAL;
	fb->depth_tone_set = r.depth_tone >= 0;
	fb->depth_tone = r.depth_tone == 1;
	for (size_t i = 0; i < AUDIO_CUE_COUNT; i++) {
		fb->cue_set[i] = r.cue_volume[i] >= 0;
		fb->cue_volume[i] = fb->cue_set[i] ? (float)r.cue_volume[i] : 0;
	}
	return 0;
}

/* ---- the lesson ---- */

static const struct yaml_field lesson_fields[] = {
	{ .key = "id", .kind = YAML_TEXT, .size = LESSON_ID_MAX, .required = true,
	  .offset = offsetof(struct load, l.id) },
	{ .key = "title", .kind = YAML_TEXT, .size = LESSON_TITLE_MAX, .required = true,
	  .offset = offsetof(struct load, l.title) },
	{ .key = "instructions", .kind = YAML_LINES, .size = LESSON_TEXT_MAX,
	  .required = true, .offset = offsetof(struct load, l.instructions) },
	{ .key = "scalp", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
	  .offset = offsetof(struct load, l.scalp) },
	{ .key = "needle", .kind = YAML_TEXT, .size = NEEDLE_ID_MAX, .required = true,
	  .offset = offsetof(struct load, l.needle) },
	{ .key = "time-limit-s", .kind = YAML_DOUBLE, .min = 0, .max = 14400,
	  .min_open = true, .required = true, .offset = offsetof(struct load, l.time_limit_s) },
	{ .key = "spacing", .kind = YAML_CUSTOM, .read = scalp_fields_read_spacing,
	  .offset = offsetof(struct load, l.spacing) },
	{ .key = "technique", .kind = YAML_CUSTOM, .read = scalp_fields_read_technique,
	  .offset = offsetof(struct load, l.technique) },
	{ .key = "mapping", .kind = YAML_CUSTOM, .read = read_mapping,
	  .offset = offsetof(struct load, l.mapping) },
	{ .key = "exam", .kind = YAML_CHOICE, .choices = yes_no,
	  .offset = offsetof(struct load, l.exam) },
	{ .key = "feedback", .kind = YAML_CUSTOM, .read = read_feedback,
	  .offset = offsetof(struct load, l.feedback) },
	{ .key = "target-dots", .kind = YAML_DOUBLE, .min = 0, .max = 1e6, .min_open = true,
	  .offset = offsetof(struct load, l.target_dots) },
	/* Read in the second pass, once the scalp and needle are known. */
	{ .key = "zones", .kind = YAML_CUSTOM, .required = true },
	{ .key = "hairline", .kind = YAML_CUSTOM },
	{ .key = "density", .kind = YAML_CUSTOM, .required = true },
	{ .key = "depth", .kind = YAML_CUSTOM },
	{ .key = "rubric", .kind = YAML_CUSTOM, .required = true },
	{ .key = NULL },
};

/* The file's name without folder and ".yaml". */
static void file_id(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".yaml"))
		len -= 5;
	snprintf(out, size, "%.*s", (int)len, base);
}

/* The model @p id names (the value at @p at), from the library. A broken
 * model file is reported in its own words, straight into @p err, and
 * *err_set says so. */
static int load_model(struct yaml_file *yf, struct fy_node *at, struct data_library *lib,
		      bool scalp, struct load *ld, char *err, size_t err_size,
		      bool *err_set)
{
	char why[IDS_TEXT_MAX + 128];
	int rc = scalp ? data_library_scalp(lib, ld->l.scalp, &ld->scalp, why, sizeof(why))
		       : data_library_needle(lib, ld->l.needle, &ld->needle, why, sizeof(why));

	if (rc == -ENOENT)
		return yaml_fail(yf, at, "%s", why);
	if (rc < 0)
		snprintf(err, err_size, "%s", why);
	*err_set = rc < 0;
	return rc;
}

/* Reads the lesson of @p yf, whose id must be @p id: the file's name
 * (@p stored false) or the id it was stored under. When @p text is not
 * NULL, a copy of the bytes parsed (malloc'ed, NUL-terminated) goes to
 * *text and *text_len. @p yf is freed. */
static int read_lesson(struct yaml_file *yf, const char *id, bool stored,
		       struct data_library *lib, struct lesson *lesson, char **text,
		       size_t *text_len, char *err, size_t err_size)
{
	struct load *ld = calloc(1, sizeof(*ld));
	struct fy_node *root = yaml_file_root(yf);
	bool err_set = false;
	int rc = -EINVAL;

	if (!ld) {
		snprintf(err, err_size, "%s: out of memory", yaml_file_name(yf));
		err_set = true;
		rc = -ENOMEM;
		goto out;
	}
	ld->l.mapping.scale = 1;
	ld->stored = stored;
	if (yaml_read_mapping(yf, root, "lesson", lesson_fields, ld) < 0)
		goto out;
	ld->l.mapping_stated = lookup(root, "mapping") != NULL;
	if (!ld->l.title[0] || !ld->l.instructions[0]) {
		yaml_fail(yf, lookup(root, ld->l.title[0] ? "instructions" : "title"),
			  "'%s' must not be empty", ld->l.title[0] ? "instructions" : "title");
		goto out;
	}
	if (strcmp(ld->l.id, id)) {
		if (stored)
			yaml_fail(yf, lookup(root, "id"), "id '%s' is not '%s', the lesson "
				  "it is stored as", ld->l.id, id);
		else
			yaml_fail(yf, lookup(root, "id"), "id '%s' is not the file's name "
				  "'%s' (a lesson's id is its file name without .yaml)",
				  ld->l.id, id);
		goto out;
	}
	if (!strcmp(ld->l.id, LESSON_CURRICULUM_ID)) {
		yaml_fail(yf, lookup(root, "id"), "'%s' is the curriculum's file name; "
			  "a lesson needs another", ld->l.id);
		goto out;
	}
	rc = load_model(yf, lookup(root, "scalp"), lib, true, ld, err, err_size, &err_set);
	if (rc == 0)
		rc = load_model(yf, lookup(root, "needle"), lib, false, ld, err, err_size,
				&err_set);
	if (rc < 0)
		goto out;
	rc = -EINVAL;
	if (read_zones(yf, lookup(root, "zones"), ld) < 0 ||
	    read_hairline(yf, lookup(root, "hairline"), ld) < 0 ||
	    read_density(yf, lookup(root, "density"), ld) < 0 ||
	    read_depth(yf, lookup(root, "depth"), ld) < 0 ||
	    check_reach(yf, root, ld) < 0 ||
	    check_overrides(yf, root, ld) < 0 ||
	    read_rubric(yf, lookup(root, "rubric"), ld) < 0)
		goto out;
	if (text) {
		const char *bytes = yaml_file_text(yf, text_len);

		if (!(*text = malloc(*text_len + 1))) {
			snprintf(err, err_size, "%s: out of memory", yaml_file_name(yf));
			err_set = true;
			rc = -ENOMEM;
			goto out;
		}
		memcpy(*text, bytes, *text_len + 1);
	}
	*lesson = ld->l;
	rc = 0;
out:
	if (rc < 0 && !err_set)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	yaml_file_free(yf);
	free(ld);
	return rc;
}

/* lesson_load(), and when @p text is not NULL, a copy of the bytes parsed
 * (malloc'ed, NUL-terminated) in *text and *text_len. */
static int parse_lesson(const char *path, struct data_library *lib, struct lesson *lesson,
			char **text, size_t *text_len, char *err, size_t err_size)
{
	struct yaml_file *yf = NULL;
	char name[PATH_MAX_LEN];
	int rc = yaml_file_open(path, &yf, err, err_size);

	if (rc < 0)
		return rc;
	file_id(path, name, sizeof(name));
	return read_lesson(yf, name, false, lib, lesson, text, text_len, err, err_size);
}

int lesson_load(const char *path, struct data_library *lib, struct lesson *lesson,
		char *err, size_t err_size)
{
	return parse_lesson(path, lib, lesson, NULL, NULL, err, err_size);
}

int lesson_load_text(const char *name, const char *id, const char *text, size_t len,
		     struct data_library *lib, struct lesson *lesson, char *err,
		     size_t err_size)
{
	struct yaml_file *yf = NULL;
	int rc = yaml_file_open_text(name, text, len, &yf, err, err_size);

	if (rc < 0)
		return rc;
	return read_lesson(yf, id, true, lib, lesson, NULL, NULL, err, err_size);
}

int lesson_load_once(const char *path, struct data_library *lib,
		     const struct lesson **out, char *err, size_t err_size)
{
	struct lesson *l;
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = data_library_lesson(lib, path, NULL, NULL);
	if (*out)
		return 0;
	if (!(l = malloc(sizeof(*l)))) {
		snprintf(err, err_size, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = parse_lesson(path, lib, l, &text, &len, err, err_size);
	if (rc == 0 && (rc = data_library_keep_lesson(lib, path, l, text, len, out)) < 0)
		snprintf(err, err_size, "%s: out of memory", path);
	free(l);
	return rc;
}

/* ---- the curriculum ---- */

int lesson_list_ids(const char *lessons_dir, char *out, size_t size)
{
	char all[IDS_TEXT_MAX];
	size_t used = 0;
	int n = data_file_list(lessons_dir, ".", all, sizeof(all)), count = 0;

	if (n < 0)
		return n;
	out[0] = '\0';
	for (char *save = NULL, *id = strtok_r(all, ", ", &save); id;
	     id = strtok_r(NULL, ", ", &save)) {
		if (!strcmp(id, LESSON_CURRICULUM_ID))
			continue;
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s",
						 count ? ", " : "", id);
		count++;
	}
	return count;
}


/* Finds lesson @p id along @p lib's search path (an academy's lesson
 * shadows a shipped one, for its curriculum as for the shipped one), else
 * in @p dir, the curriculum's own folder (a curriculum checked where it is
 * written, off the path). @return 0 with @p path, or -EINVAL with the
 * reason recorded at @p at. */
static int find_lesson(struct yaml_file *yf, struct fy_node *at, struct data_library *lib,
		       const char *dir, const char *id, char *path, size_t path_size)
{
	char why[IDS_TEXT_MAX + 128];
	struct stat st;
	int rc = data_library_find(lib, DATA_LESSON, id, path, path_size, NULL, why,
				   sizeof(why));

	if (rc == -ENOENT && strcmp(id, LESSON_CURRICULUM_ID)) {
		snprintf(path, path_size, "%s/%s.yaml", dir, id);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	}
	if (rc < 0)
		return yaml_fail(yf, at, "%s", why);
	return 0;
}

/* Reads lesson item @p item given as a mapping, { id: ID, proficiency:
 * {...} }: its id's node into *id_node, its changes to the curriculum's
 * rule into @p rule. @return 0, or -EINVAL with the error recorded. */
static int read_lesson_item(struct yaml_file *yf, struct fy_node *item,
			    const struct curriculum *cl, struct fy_node **id_node,
			    struct prof_rule *rule)
{
	static const struct yaml_field fields[] = {
		{ .key = "id", .kind = YAML_CUSTOM, .required = true },
		{ .key = "proficiency", .kind = YAML_CUSTOM },
		{ .key = NULL },
	};
	struct fy_node *v;
	char what[LESSON_ID_MAX + 32];

	/* Its fields are read here, not by the table: any base will do. */
	if (yaml_read_mapping(yf, item, "a lesson of the curriculum", fields, rule) < 0)
		return -EINVAL;
	*id_node = lookup(item, "id");
	if (!(v = lookup(item, "proficiency")))
		return 0;
	snprintf(what, sizeof(what), "lesson '%.*s': proficiency", LESSON_ID_MAX - 1,
		 fy_node_is_scalar(*id_node) ? fy_node_get_scalar0(*id_node) : "?");
	return curriculum_read_rule(yf, v, what, false, cl->domain_count, rule);
}

/* In place of finding it, for a curriculum read from bytes: lesson @p id
 * need only be a name a lesson file could have. @return 0, or -EINVAL
 * with the reason recorded at @p at. */
static int check_lesson_id(struct yaml_file *yf, struct fy_node *at, const char *id)
{
	if (!data_file_plain_id(id))
		return yaml_fail(yf, at, "'%s' is not a lesson id (lower-case letters, digits, "
				 "'-', '_', '.')", id);
	if (!strcmp(id, LESSON_CURRICULUM_ID))
		return yaml_fail(yf, at, "'%s' is the curriculum's own name, no lesson's", id);
	return 0;
}

/* Reads the curriculum @p yf into @p c. With @p dir, each lesson is found
 * there and loaded into @p lib (curriculum_load()); without, each id is
 * only checked (curriculum_load_text()). Everything else is read alike,
 * so the two give the same curriculum for the same bytes. */
static int read_curriculum(struct yaml_file *yf, const char *dir, struct data_library *lib,
			   struct curriculum *c, char *err, size_t err_size)
{
	static const struct yaml_field fields[] = {
		{ .key = "lessons", .kind = YAML_CUSTOM, .required = true },
		{ .key = "proficiency", .kind = YAML_CUSTOM },
		{ .key = "signoff-domains", .kind = YAML_CUSTOM },
		{ .key = NULL },
	};
	struct curriculum *cl = calloc(1, sizeof(*cl));
	struct prof_rule rule = CURRICULUM_DEFAULT_RULE;
	struct fy_node *root, *v;
	const char *text;
	size_t text_len;
	const struct lesson *lesson;
	struct fy_node *list;
	char lesson_path[PATH_MAX_LEN + LESSON_ID_MAX + 8];
	bool err_set = false;
	int rc = -EINVAL, n;

	if (!cl) {
		snprintf(err, err_size, "%s: out of memory", yaml_file_name(yf));
		yaml_file_free(yf);
		return -ENOMEM;
	}
	root = yaml_file_root(yf);
	if (yaml_read_mapping(yf, root, "curriculum", fields, cl) < 0)
		goto out;
	/* The domains first: a rule that asks for a sign-off needs them. */
	if ((v = lookup(root, "signoff-domains")) && curriculum_read_domains(yf, v, cl) < 0)
		goto out;
	if ((v = lookup(root, "proficiency")) &&
	    curriculum_read_rule(yf, v, "proficiency", true, cl->domain_count, &rule) < 0)
		goto out;
	list = lookup(root, "lessons");
	if ((n = list_length(yf, list, "curriculum", "lessons", LESSON_CURRICULUM_MAX)) < 0)
		goto out;
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(list, i);
		struct fy_node *id_node = item;
		const char *id;

		cl->rules[i] = rule;
		if (fy_node_is_mapping(item) &&
		    read_lesson_item(yf, item, cl, &id_node, &cl->rules[i]) < 0)
			goto out;
		id = fy_node_is_scalar(id_node) ? fy_node_get_scalar0(id_node) : NULL;
		if (!id || !*id) {
			yaml_fail(yf, id_node, "lessons are listed by id, one an item, or as "
				  "{ id: ID, proficiency: {...} }");
			goto out;
		}
		if (strlen(id) >= LESSON_ID_MAX) {
			yaml_fail(yf, item, "a lesson id is at most %d characters",
				  LESSON_ID_MAX - 1);
			goto out;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(cl->ids[j], id)) {
				yaml_fail(yf, item, "lesson '%s' is listed twice", id);
				goto out;
			}
		if (!dir && check_lesson_id(yf, item, id) < 0)
			goto out;
		if (dir) {
			if (find_lesson(yf, item, lib, dir, id, lesson_path,
					sizeof(lesson_path)) < 0)
				goto out;
			rc = lesson_load_once(lesson_path, lib, &lesson, err, err_size);
			if (rc < 0) {
				err_set = true;
				goto out;
			}
			rc = -EINVAL;
		}
		snprintf(cl->ids[i], sizeof(cl->ids[i]), "%s", id);
		cl->count = (size_t)i + 1;
	}
	text = yaml_file_text(yf, &text_len);
	curriculum_sha256(text, text_len, cl->sha256);
	*c = *cl;
	rc = 0;
out:
	if (rc < 0 && !err_set)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	yaml_file_free(yf);
	free(cl);
	return rc;
}

int curriculum_load(const char *path, struct data_library *lib, struct curriculum *c,
		    char *err, size_t err_size)
{
	struct yaml_file *yf = NULL;
	char dir[PATH_MAX_LEN];
	const char *slash = strrchr(path, '/');
	int rc = yaml_file_open(path, &yf, err, err_size);

	if (rc < 0)
		return rc;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	return read_curriculum(yf, dir, lib, c, err, err_size);
}

int curriculum_load_text(const char *name, const char *text, size_t len,
			 struct curriculum *c, char *err, size_t err_size)
{
	struct yaml_file *yf = NULL;
	int rc = yaml_file_open_text(name, text, len, &yf, err, err_size);

	if (rc < 0)
		return rc;
	return read_curriculum(yf, NULL, NULL, c, err, err_size);
}

int lesson_find(const char *data_dir, const char *id, char *path, size_t path_size,
		char *err, size_t err_size)
{
	char dir[4096], ids[1024];
	int rc = data_file_find(data_dir, "lessons", "lesson", id, path, path_size,
				err, err_size);

	if (rc == -EINVAL || (rc == 0 && strcmp(id, LESSON_CURRICULUM_ID)))
		return rc;
	/* Unknown, or the curriculum, which is no lesson: name the lessons. */
	snprintf(dir, sizeof(dir), "%s/lessons", data_dir);
	if (lesson_list_ids(dir, ids, sizeof(ids)) > 0)
		snprintf(err, err_size, "unknown lesson '%s' (there are: %s)", id, ids);
	else
		snprintf(err, err_size, "unknown lesson '%s' (%s holds none)", id, dir);
	return -ENOENT;
}

bool lesson_is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') || (n > 5 && !strcmp(arg + n - 5, ".yaml"));
}

int lesson_find_in(const struct data_library *lib, const char *arg, char *path,
		   size_t path_size, struct lesson_origin *origin, char *err,
		   size_t err_size)
{
	size_t folder = 0;
	char shipped[PATH_MAX_LEN + LESSON_ID_MAX + 8];
	struct stat st;
	int rc;

	memset(origin, 0, sizeof(*origin));
	if (lesson_is_path(arg)) {
		if (stat(arg, &st) < 0) {
			snprintf(err, err_size, "cannot read the lesson file %s: %s", arg,
				 strerror(errno));
			return -ENOENT;
		}
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, err_size, "%s is not a lesson file", arg);
			return -ENOENT;
		}
		snprintf(path, path_size, "%s", arg);
		origin->by_path = true;
		return 0;
	}
	rc = data_library_find(lib, DATA_LESSON, arg, path, path_size, &folder, err,
			       err_size);
	if (rc < 0)
		return rc;
	origin->folder = folder;
	origin->shipped = folder + 1 == data_library_folder_count(lib);
	data_library_folder(lib, folder, DATA_LESSON, shipped, sizeof(shipped),
			    &origin->from);
	/* A shipped lesson of the same id is shadowed: say so. */
	data_library_folder(lib, data_library_folder_count(lib) - 1, DATA_LESSON,
			    shipped, sizeof(shipped), NULL);
	if (!origin->shipped && (size_t)snprintf(shipped + strlen(shipped),
						 sizeof(shipped) - strlen(shipped),
						 "/%s.yaml", arg) < sizeof(shipped))
		origin->shadows = stat(shipped, &st) == 0;
	return 0;
}
