/* scalp_fields: pairs, points, polygons, the depth band, spacing and
 * technique, read once for scalp_load and lesson_load. Ranges live in the
 * tables here; the coherence of a whole region is scalp_region_check's.
 */
#include "scalp_fields.h"

#include <errno.h>

int scalp_fields_read_pair(struct yaml_file *yf, struct fy_node *v, double min,
			   double max, double *a, double *b)
{
	if (!v || !fy_node_is_sequence(v) || fy_node_sequence_item_count(v) != 2)
		return yaml_fail(yf, v, "expected a pair [a, b]");
	if (yaml_read_double(yf, fy_node_sequence_get_by_index(v, 0), min, max, a) < 0 ||
	    yaml_read_double(yf, fy_node_sequence_get_by_index(v, 1), min, max, b) < 0)
		return -EINVAL;
	return 0;
}

int scalp_fields_read_points(struct yaml_file *yf, struct fy_node *v, const char *what,
			     size_t min_points, struct scalp_point *points, size_t *count)
{
	int n = yaml_sequence_length(yf, v, what);

	if (n < 0)
		return -EINVAL;
	if ((size_t)n < min_points || n > SCALP_POLYGON_MAX)
		return yaml_fail(yf, v, "a %s has %zu to %d points, not %d", what,
				 min_points, SCALP_POLYGON_MAX, n);
	for (int i = 0; i < n; i++)
		if (scalp_fields_read_pair(yf, fy_node_sequence_get_by_index(v, i), -1e4, 1e4,
					   &points[i].x, &points[i].y) < 0)
			return -EINVAL;
	*count = (size_t)n;
	return 0;
}

int scalp_fields_read_band(struct yaml_file *yf, struct fy_node *v, double *min_mm,
			   double *max_mm)
{
	if (scalp_fields_read_pair(yf, v, 0, 10, min_mm, max_mm) < 0)
		return -EINVAL;
	if (*min_mm >= *max_mm)
		return yaml_fail(yf, v, "band-mm is [shallowest, deepest]: %g is not "
				 "above %g", *max_mm, *min_mm);
	return 0;
}

int scalp_fields_read_polygon(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct scalp_polygon *p = target;

	if (scalp_fields_read_points(yf, v, "polygon", 3, p->points, &p->count) < 0)
		return -EINVAL;
	if (scalp_polygon_self_intersects(p))
		return yaml_fail(yf, v, "the polygon crosses itself");
	return 0;
}

static const struct yaml_field spacing_fields[] = {
	{ .key = "too-close-mm", .kind = YAML_DOUBLE, .min = 0, .max = 10, .min_open = true,
	  .offset = offsetof(struct scalp_spacing, too_close_mm) },
	{ .key = "gap-mm", .kind = YAML_DOUBLE, .min = 0, .max = 20, .min_open = true,
	  .offset = offsetof(struct scalp_spacing, gap_mm) },
	{ .key = "neighbourhood-mm", .kind = YAML_DOUBLE, .min = 0, .max = 20, .min_open = true,
	  .offset = offsetof(struct scalp_spacing, neighbourhood_mm) },
	{ .key = NULL },
};

static const struct yaml_field technique_fields[] = {
	{ .key = "tail-max-mm", .kind = YAML_DOUBLE, .min = 0, .max = 10, .min_open = true,
	  .offset = offsetof(struct scalp_technique, tail_max_mm) },
	{ .key = "drag-line-mm", .kind = YAML_DOUBLE, .min = 0, .max = 50, .min_open = true,
	  .offset = offsetof(struct scalp_technique, drag_line_mm) },
	{ .key = "oblique-max-deg", .kind = YAML_DOUBLE, .min = 0, .max = 90,
	  .min_open = true, .max_open = true,
	  .offset = offsetof(struct scalp_technique, oblique_max_deg) },
	{ .key = NULL },
};

int scalp_fields_read_spacing(struct yaml_file *yf, struct fy_node *v, void *target)
{
	return yaml_read_mapping(yf, v, "spacing", spacing_fields, target);
}

int scalp_fields_read_technique(struct yaml_file *yf, struct fy_node *v, void *target)
{
	return yaml_read_mapping(yf, v, "technique", technique_fields, target);
}
