/* needle_load: one mapping, one field table; the ranges are needle_check's,
 * reported at the line of the value that breaks them.
 */
#include "needle_load.h"

#include <errno.h>
#include <stdio.h>

#include "yaml_file.h"

static const struct yaml_field needle_fields[] = {
	{ .key = "id", .kind = YAML_TEXT, .size = NEEDLE_ID_MAX, .required = true,
	  .offset = offsetof(struct needle, id) },
	{ .key = "name", .kind = YAML_TEXT, .size = NEEDLE_NAME_MAX, .required = true,
	  .offset = offsetof(struct needle, name) },
	{ .key = "points", .kind = YAML_INT, .min = 1, .max = 3, .required = true,
	  .offset = offsetof(struct needle, points) },
	{ .key = "diameter-mm", .kind = YAML_DOUBLE, .min = 0.1, .max = 0.5, .required = true,
	  .offset = offsetof(struct needle, diameter_mm) },
	{ .key = "hang-mm", .kind = YAML_DOUBLE, .min = 0.5, .max = 4, .required = true,
	  .offset = offsetof(struct needle, hang_mm) },
	{ .key = "strokes-per-s", .kind = YAML_DOUBLE, .min = 10, .max = 300, .required = true,
	  .offset = offsetof(struct needle, strokes_per_s) },
	{ .key = "growth-mm-per-mm", .kind = YAML_DOUBLE, .min = 0, .max = 2, .required = true,
	  .offset = offsetof(struct needle, growth_mm_per_mm) },
	{ .key = "saturation-strokes", .kind = YAML_DOUBLE, .min = 1, .max = 10000,
	  .required = true, .offset = offsetof(struct needle, saturation_strokes) },
	{ .key = NULL },
};

int needle_load(const char *path, struct needle *needle, char *err, size_t err_size)
{
	struct yaml_file *yf;
	struct needle n = { .points = 0 };
	struct fy_node *root;
	char why[256];
	int rc = yaml_file_open(path, &yf, err, err_size);

	if (rc < 0)
		return rc;
	root = yaml_file_root(yf);
	rc = yaml_read_mapping(yf, root, "needle", needle_fields, &n);
	if (rc == 0 && n.points == 2) {
		rc = yaml_fail(yf, fy_node_mapping_lookup_by_string(root, "points", FY_NT),
			       "points must be 1 (1RL) or 3 (3RL)");
	} else if (rc == 0 && needle_check(&n, why, sizeof(why)) < 0) {
		rc = yaml_fail(yf, root, "%s", why);
	}
	if (rc < 0)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	else
		*needle = n;
	yaml_file_free(yf);
	return rc;
}
