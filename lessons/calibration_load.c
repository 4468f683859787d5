/* calibration_load: a pen's calibration file, read through yaml_file's
 * tables (sim/support/pen_calibrations.c writes it). The file is one top-level
 * `pen-calibration:` mapping (a key no other data file has, so the fuzzer
 * and a reader can tell it):
 *
 *   pen-calibration:
 *     device: { name: "Wacom Intuos Pen", vendor: 0x056a, product: 0x0374 }
 *     pressure-axis: { min: 0, max: 4095 }
 *     date: "2026-12-06T09:00:00Z"
 *     loads-g: [50, 100, 200, 400]
 *     points:
 *       - { raw: 410, grams: 52 }
 *
 * Each point's force is grams x PEN_CALIBRATION_N_PER_G, computed on
 * reading, so the file holds only what was measured. Its identity for the
 * record is its base name and the SHA-256 of its bytes: the same file on
 * another machine is the same calibration.
 */
#include "calibration_load.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "yaml_file.h"

struct device_ids {
	char name[CALIBRATION_NAME_MAX];
	uint16_t vendor, product;
};

struct axis {
	int min, max;
};

struct point {
	int raw;
	double grams;
};

static int read_device(struct yaml_file *yf, struct fy_node *v, void *target)
{
	static const struct yaml_field fields[] = {
		{ .key = "name", .kind = YAML_TEXT, .size = CALIBRATION_NAME_MAX, .required = true,
		  .offset = offsetof(struct device_ids, name) },
		{ .key = "vendor", .kind = YAML_ID16, .required = true,
		  .offset = offsetof(struct device_ids, vendor) },
		{ .key = "product", .kind = YAML_ID16, .required = true,
		  .offset = offsetof(struct device_ids, product) },
		{ .key = NULL },
	};
	struct calibration_file *f = target;
	struct device_ids d = { .name = "" };

	if (yaml_read_mapping(yf, v, "device", fields, &d) < 0)
		return -EINVAL;
	memcpy(f->name, d.name, sizeof(f->name));
	f->vendor = d.vendor;
	f->product = d.product;
	return 0;
}

static int read_axis(struct yaml_file *yf, struct fy_node *v, void *target)
{
	static const struct yaml_field fields[] = {
		{ .key = "min", .kind = YAML_INT, .required = true, .min = -1000000,
		  .max = 1000000, .offset = offsetof(struct axis, min) },
		{ .key = "max", .kind = YAML_INT, .required = true, .min = -1000000,
		  .max = 1000000, .offset = offsetof(struct axis, max) },
		{ .key = NULL },
	};
	struct calibration_file *f = target;
	struct axis a = { 0, 0 };

	if (yaml_read_mapping(yf, v, "pressure-axis", fields, &a) < 0)
		return -EINVAL;
	if (a.min >= a.max)
		return yaml_fail(yf, v, "pressure-axis: min (%d) must be below max (%d)",
				 a.min, a.max);
	f->cal.raw_min = a.min;
	f->cal.raw_max = a.max;
	return 0;
}

static int read_loads(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct calibration_file *f = target;
	int n = yaml_sequence_length(yf, v, "loads-g");

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > PEN_CALIBRATION_POINTS_MAX)
		return yaml_fail(yf, v, "loads-g: 1 to %d loads, not %d",
				 PEN_CALIBRATION_POINTS_MAX, n);
	for (int i = 0; i < n; i++)
		if (yaml_read_double(yf, fy_node_sequence_get_by_index(v, i), 1, 100000,
				     &f->loads_g[i]) < 0)
			return -EINVAL;
	f->load_count = (size_t)n;
	return 0;
}

static int read_points(struct yaml_file *yf, struct fy_node *v, void *target)
{
	static const struct yaml_field fields[] = {
		{ .key = "raw", .kind = YAML_INT, .required = true, .min = -1000000,
		  .max = 1000000, .offset = offsetof(struct point, raw) },
		{ .key = "grams", .kind = YAML_DOUBLE, .required = true, .min = 0,
		  .max = 100000, .min_open = true, .offset = offsetof(struct point, grams) },
		{ .key = NULL },
	};
	struct calibration_file *f = target;
	int n = yaml_sequence_length(yf, v, "points");

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > PEN_CALIBRATION_POINTS_MAX)
		return yaml_fail(yf, v, "points: 1 to %d points, not %d",
				 PEN_CALIBRATION_POINTS_MAX, n);
	for (int i = 0; i < n; i++) {
		struct point p = { 0, 0 };

		if (yaml_read_mapping(yf, fy_node_sequence_get_by_index(v, i), "point",
				      fields, &p) < 0)
			return -EINVAL;
		f->cal.points[i].raw = p.raw;
		f->grams[i] = p.grams;
		f->cal.points[i].force_n = p.grams * PEN_CALIBRATION_N_PER_G;
	}
	f->cal.count = (size_t)n;
	return 0;
}

static const struct yaml_field calibration_fields[] = {
	{ .key = "device", .kind = YAML_CUSTOM, .read = read_device, .required = true },
	{ .key = "pressure-axis", .kind = YAML_CUSTOM, .read = read_axis, .required = true },
	{ .key = "date", .kind = YAML_TEXT, .size = CALIBRATION_DATE_MAX, .required = true,
	  .offset = offsetof(struct calibration_file, date) },
	{ .key = "loads-g", .kind = YAML_CUSTOM, .read = read_loads, .required = true },
	/* read after the axis, whatever the order in the file */
	{ .key = "points", .kind = YAML_CUSTOM, .read = NULL, .required = true },
	{ .key = NULL },
};

/* Reads the calibration in the opened @p yf into @p out, its id made of
 * @p name's base name and the SHA-256 of its bytes; frees @p yf.
 * @return 0, or -EINVAL with "name:line: what" in @p err. */
static int read_calibration(struct yaml_file *yf, const char *name,
			    struct calibration_file *out, char *err, size_t err_size)
{
	struct fy_node *root, *map, *points;
	struct calibration_file f;
	char why[256], sum[65];
	const char *text;
	size_t len;
	GChecksum *sha;
	int rc = -EINVAL;

	memset(&f, 0, sizeof(f));
	root = yaml_file_root(yf);
	map = root && fy_node_is_mapping(root) ?
	      fy_node_mapping_lookup_by_string(root, "pen-calibration", FY_NT) : NULL;
	if (!map || fy_node_mapping_item_count(root) != 1) {
		yaml_fail(yf, root, "expected a top-level 'pen-calibration:' mapping and nothing else");
		goto out;
	}
	if (yaml_read_mapping(yf, map, "pen-calibration", calibration_fields, &f) < 0)
		goto out;
	points = fy_node_mapping_lookup_by_string(map, "points", FY_NT);
	if (read_points(yf, points, &f) < 0)
		goto out;
	if (pen_calibration_check(&f.cal, why, sizeof(why)) < 0) {
		yaml_fail(yf, points, "%s", why);
		goto out;
	}
	text = yaml_file_text(yf, &len);
	sha = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sha, (const guchar *)text, (gssize)len);
	g_strlcpy(sum, g_checksum_get_string(sha), sizeof(sum));
	g_checksum_free(sha);
	snprintf(f.cal.id, sizeof(f.cal.id), "%.200s sha256:%s",
		 strrchr(name, '/') ? strrchr(name, '/') + 1 : name, sum);
	*out = f;
	rc = 0;
out:
	if (rc == -EINVAL)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	yaml_file_free(yf);
	return rc;
}

int calibration_load(const char *path, struct calibration_file *out, char *err,
		     size_t err_size)
{
	struct yaml_file *yf;
	struct stat st;
	int rc;

	if (stat(path, &st) < 0 && errno == ENOENT) {
		snprintf(err, err_size, "%s: no such file", path);
		return -ENOENT;
	}
	if ((rc = yaml_file_open(path, &yf, err, err_size)) < 0)
		return rc;
	return read_calibration(yf, path, out, err, err_size);
}

int calibration_load_text(const char *name, const char *text, size_t len,
			  struct calibration_file *out, char *err, size_t err_size)
{
	struct yaml_file *yf;
	int rc = yaml_file_open_text(name, text, len, &yf, err, err_size);

	return rc < 0 ? rc : read_calibration(yf, name, out, err, err_size);
}
