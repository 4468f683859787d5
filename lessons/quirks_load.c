/* quirks_load: a top-level `quirks:` list of entries, each a name, a match
 * and settings; read through yaml_file's tables. An entry that sets both
 * tip thresholds is checked at its own line; combinations across entries
 * are checked when they are applied to a device.
 */
#include "quirks_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_file.h"

#define QUIRKS_MAX 256

/* Where match keys land; has_* are set from what the mapping held. */
struct match {
	int bus;
	uint16_t vendor, product;
};

static const char *const bus_names[] = { "usb", "bluetooth", "i2c", "serial", NULL };
static const uint16_t bus_ids[] = { BUS_USB, BUS_BLUETOOTH, BUS_I2C, BUS_RS232 };
/* In the order of enum pen_proximity_out, so the index is the value. */
static const char *const prox_names[] = { "unknown", "sent", "never", NULL };
_Static_assert(PEN_PROXIMITY_OUT_UNKNOWN == 0 && PEN_PROXIMITY_OUT_SENT == 1 &&
	       PEN_PROXIMITY_OUT_NEVER == 2 &&
	       sizeof(enum pen_proximity_out) == sizeof(int),
	       "prox_names follows enum pen_proximity_out");

static int read_match(struct yaml_file *yf, struct fy_node *v, void *target)
{
	static const struct yaml_field fields[] = {
		{ .key = "bus", .kind = YAML_CHOICE, .choices = bus_names,
		  .offset = offsetof(struct match, bus) },
		{ .key = "vendor", .kind = YAML_ID16, .offset = offsetof(struct match, vendor) },
		{ .key = "product", .kind = YAML_ID16, .offset = offsetof(struct match, product) },
		{ .key = NULL },
	};
	struct device_quirk *q = target;
	struct match m = { .bus = -1 };

	if (yaml_read_mapping(yf, v, "match", fields, &m) < 0)
		return -EINVAL;
	q->has_bus = m.bus >= 0;
	q->bus = m.bus >= 0 ? bus_ids[m.bus] : 0;
	q->has_vendor = fy_node_mapping_lookup_by_string(v, "vendor", FY_NT) != NULL;
	q->vendor = m.vendor;
	q->has_product = fy_node_mapping_lookup_by_string(v, "product", FY_NT) != NULL;
	q->product = m.product;
	return 0;
}

static const struct yaml_field quirk_fields[] = {
	{ .key = "name", .kind = YAML_TEXT, .size = DEVICE_QUIRK_NAME_MAX, .required = true,
	  .offset = offsetof(struct device_quirk, name) },
	{ .key = "match", .kind = YAML_CUSTOM, .read = read_match, .required = true },
	{ .key = "proximity-out", .kind = YAML_CHOICE, .choices = prox_names,
	  .offset = offsetof(struct device_quirk, proximity_out) },
	{ .key = "tip-down", .kind = YAML_DOUBLE, .min = 0, .max = 1, .min_open = true,
	  .max_open = true, .offset = offsetof(struct device_quirk, tip_down) },
	{ .key = "tip-up", .kind = YAML_DOUBLE, .min = 0, .max = 1, .min_open = true,
	  .max_open = true, .offset = offsetof(struct device_quirk, tip_up) },
	{ .key = "force-full-scale-n", .kind = YAML_DOUBLE, .min = 0, .max = 100,
	  .min_open = true, .offset = offsetof(struct device_quirk, force_full_scale_n) },
	{ .key = "pressure-unit-n", .kind = YAML_DOUBLE, .min = 0, .max = 1,
	  .min_open = true, .offset = offsetof(struct device_quirk, pressure_unit_n) },
	{ .key = NULL },
};

int quirks_load(const char *path, struct device_quirk **quirks, size_t *count,
		char *err, size_t err_size)
{
	struct yaml_file *yf;
	struct fy_node *root, *list;
	struct device_quirk *q = NULL;
	int n, rc = yaml_file_open(path, &yf, err, err_size);

	*quirks = NULL;
	*count = 0;
	if (rc < 0)
		return rc;
	root = yaml_file_root(yf);
	list = root && fy_node_is_mapping(root) ?
	       fy_node_mapping_lookup_by_string(root, "quirks", FY_NT) : NULL;
	rc = -EINVAL;
	if (!list || fy_node_mapping_item_count(root) != 1) {
		yaml_fail(yf, root, "expected a top-level 'quirks:' list and nothing else");
		goto out;
	}
	if ((n = yaml_sequence_length(yf, list, "quirks")) < 0)
		goto out;
	if (n > QUIRKS_MAX) {
		yaml_fail(yf, list, "more than %d quirks", QUIRKS_MAX);
		goto out;
	}
	q = calloc((size_t)n ? (size_t)n : 1, sizeof(*q));
	if (!q) {
		rc = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct fy_node *item = fy_node_sequence_get_by_index(list, i);

		if (yaml_read_mapping(yf, item, "quirk", quirk_fields, &q[i]) < 0)
			goto out;
		q[i].has_proximity_out =
			fy_node_mapping_lookup_by_string(item, "proximity-out", FY_NT) != NULL;
		if (q[i].tip_down > 0 && q[i].tip_up > 0 && q[i].tip_up >= q[i].tip_down) {
			yaml_fail(yf, item, "tip-up (%g) must be below tip-down (%g)",
				  q[i].tip_up, q[i].tip_down);
			goto out;
		}
	}
	*quirks = q;
	*count = (size_t)n;
	q = NULL;
	rc = 0;
out:
	if (rc == -EINVAL)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	else if (rc == -ENOMEM)
		snprintf(err, err_size, "%s: out of memory", path);
	free(q);
	yaml_file_free(yf);
	return rc;
}
