/* scalp_load: reads a scalp model file (data/scalps/ID.yaml) into a
 * struct scalp_model, through yaml_file's field tables and the readers
 * lesson files share (scalp_fields: pairs, polygons, the depth band,
 * spacing, technique).
 *
 * A file has the model's id, name and area, its tissues, a `defaults`
 * mapping every region starts from, and the regions, each a polygon with
 * whatever it changes. Each region is checked the moment it is read, so a
 * bad one is reported at its own line; the caller's model is written only
 * when the whole file is good.
 */
#include "scalp_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scalp_fields.h"
#include "yaml_file.h"

struct load {
	struct scalp_model m;
	struct scalp_region defaults;
	char tissue_id[SCALP_ID_MAX];
};

static int read_area(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct scalp_model *m = target;

	return scalp_fields_read_pair(yf, v, 1, 2000, &m->width_mm, &m->height_mm);
}

static int read_band(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct scalp_region *r = target;

	return scalp_fields_read_band(yf, v, &r->band_min_mm, &r->band_max_mm);
}

/* Fields a region and the defaults share; "tissue" is read as an id and
 * resolved after. The region adds id, name and polygon. */
#define SKIN_FIELDS \
	{ .key = "tissue", .kind = YAML_TEXT, .size = SCALP_ID_MAX, \
	  .offset = offsetof(struct load, tissue_id) }, \
	{ .key = "epidermis-mm", .kind = YAML_DOUBLE, .min = 0, .max = 2, .min_open = true, \
	  .offset = offsetof(struct load, defaults.epidermis_mm) }, \
	{ .key = "band-mm", .kind = YAML_CUSTOM, .read = read_band, \
	  .offset = offsetof(struct load, defaults) }, \
	{ .key = "overdeep-mm", .kind = YAML_DOUBLE, .min = 0, .max = 10, .min_open = true, \
	  .offset = offsetof(struct load, defaults.overdeep_mm) }, \
	{ .key = "hair-per-mm2", .kind = YAML_DOUBLE, .min = 0, .max = 10, \
	  .offset = offsetof(struct load, defaults.hair_per_mm2) }, \
	{ .key = "spacing", .kind = YAML_CUSTOM, .read = scalp_fields_read_spacing, \
	  .offset = offsetof(struct load, defaults.spacing) }, \
	{ .key = "technique", .kind = YAML_CUSTOM, .read = scalp_fields_read_technique, \
	  .offset = offsetof(struct load, defaults.technique) }

static const struct yaml_field defaults_fields[] = { SKIN_FIELDS, { .key = NULL } };

static const struct yaml_field region_fields[] = {
	SKIN_FIELDS,
	{ .key = "id", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
	  .offset = offsetof(struct load, defaults.id) },
	{ .key = "name", .kind = YAML_TEXT, .size = SCALP_NAME_MAX, .required = true,
	  .offset = offsetof(struct load, defaults.name) },
	{ .key = "polygon", .kind = YAML_CUSTOM, .read = scalp_fields_read_polygon,
	  .required = true, .offset = offsetof(struct load, defaults.polygon) },
	{ .key = NULL },
};

static const struct yaml_field tissue_fields[] = {
	{ .key = "id", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
	  .offset = offsetof(struct scalp_tissue, id) },
	{ .key = "force-scale-n", .kind = YAML_DOUBLE, .min = 0, .max = 50, .min_open = true,
	  .required = true, .offset = offsetof(struct scalp_tissue, force_scale_n) },
	{ .key = "spread", .kind = YAML_DOUBLE, .min = 0, .max = 10, .min_open = true,
	  .required = true, .offset = offsetof(struct scalp_tissue, spread_factor) },
	{ .key = "blowout-mm-per-mm", .kind = YAML_DOUBLE, .min = 0, .max = 10,
	  .required = true, .offset = offsetof(struct scalp_tissue, blowout_mm_per_mm) },
	{ .key = NULL },
};

static int resolve_tissue(struct yaml_file *yf, struct fy_node *at, struct load *l,
			  size_t *index)
{
	if (!l->tissue_id[0])
		return yaml_fail(yf, at, "no tissue: give 'tissue' in defaults or in the region");
	for (size_t i = 0; i < l->m.tissue_count; i++)
		if (!strcmp(l->m.tissues[i].id, l->tissue_id)) {
			*index = i;
			return 0;
		}
	return yaml_fail(yf, at, "unknown tissue '%s'", l->tissue_id);
}

static int read_tissues(struct yaml_file *yf, struct fy_node *v, void *target)
{
	struct scalp_model *m = target;
	int n = yaml_sequence_length(yf, v, "tissues");

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > SCALP_TISSUES_MAX)
		return yaml_fail(yf, v, "a model has 1 to %d tissues", SCALP_TISSUES_MAX);
	for (int i = 0; i < n; i++) {
		struct fy_node *t = fy_node_sequence_get_by_index(v, i);

		if (yaml_read_mapping(yf, t, "tissue", tissue_fields, &m->tissues[i]) < 0)
			return -EINVAL;
		for (int j = 0; j < i; j++)
			if (!strcmp(m->tissues[i].id, m->tissues[j].id))
				return yaml_fail(yf, t, "tissue '%s' is defined twice",
						 m->tissues[i].id);
	}
	m->tissue_count = (size_t)n;
	return 0;
}

static int read_regions(struct yaml_file *yf, struct fy_node *v, struct load *l)
{
	int n = yaml_sequence_length(yf, v, "regions");
	char why[256];

	if (n < 0)
		return -EINVAL;
	if (n < 1 || n > SCALP_REGIONS_MAX)
		return yaml_fail(yf, v, "a model has 1 to %d regions", SCALP_REGIONS_MAX);
	for (int i = 0; i < n; i++) {
		struct fy_node *node = fy_node_sequence_get_by_index(v, i);
		struct load one = *l;   /* starts from the defaults */

		one.defaults.id[0] = one.defaults.name[0] = '\0';
		if (yaml_read_mapping(yf, node, "region", region_fields, &one) < 0 ||
		    resolve_tissue(yf, node, &one, &one.defaults.tissue) < 0)
			return -EINVAL;
		l->m.regions[i] = one.defaults;
		l->m.region_count = (size_t)i + 1;
		if (scalp_region_check(&l->m, &l->m.regions[i], why, sizeof(why)) < 0)
			return yaml_fail(yf, node, "%s", why);
		for (int j = 0; j < i; j++)
			if (!strcmp(l->m.regions[i].id, l->m.regions[j].id))
				return yaml_fail(yf, node, "region '%s' is defined twice",
						 l->m.regions[i].id);
	}
	return 0;
}

int scalp_load(const char *path, struct scalp_model *model, char *err, size_t err_size)
{
	static const struct yaml_field top_fields[] = {
		{ .key = "id", .kind = YAML_TEXT, .size = SCALP_ID_MAX, .required = true,
		  .offset = offsetof(struct scalp_model, id) },
		{ .key = "name", .kind = YAML_TEXT, .size = SCALP_NAME_MAX, .required = true,
		  .offset = offsetof(struct scalp_model, name) },
		{ .key = "area-mm", .kind = YAML_CUSTOM, .read = read_area, .required = true },
		{ .key = "tissues", .kind = YAML_CUSTOM, .read = read_tissues, .required = true },
		/* Read in a second pass, once tissues are known. */
		{ .key = "defaults", .kind = YAML_CUSTOM, .read = NULL, .required = true },
		{ .key = "regions", .kind = YAML_CUSTOM, .read = NULL, .required = true },
		{ .key = NULL },
	};
	struct yaml_file *yf;
	struct fy_node *root;
	struct load *l = calloc(1, sizeof(*l));
	int rc;

	if (!l) {
		snprintf(err, err_size, "%s: out of memory", path);
		return -ENOMEM;
	}
	rc = yaml_file_open(path, &yf, err, err_size);
	if (rc < 0) {
		free(l);
		return rc;
	}
	root = yaml_file_root(yf);
	rc = -EINVAL;
	if (yaml_read_mapping(yf, root, "scalp model", top_fields, &l->m) < 0)
		goto out;
	if (yaml_read_mapping(yf, fy_node_mapping_lookup_by_string(root, "defaults", FY_NT),
			      "defaults", defaults_fields, l) < 0)
		goto out;
	if (l->tissue_id[0] &&
	    resolve_tissue(yf, fy_node_mapping_lookup_by_string(root, "defaults", FY_NT),
			   l, &l->defaults.tissue) < 0)
		goto out; /* a region may still name its own */
	if (read_regions(yf, fy_node_mapping_lookup_by_string(root, "regions", FY_NT), l) < 0)
		goto out;
	{
		char why[256];

		if (scalp_model_check(&l->m, why, sizeof(why)) < 0) {
			yaml_fail(yf, root, "%s", why);
			goto out;
		}
	}
	*model = l->m;
	rc = 0;
out:
	if (rc < 0)
		snprintf(err, err_size, "%s", yaml_file_error(yf));
	yaml_file_free(yf);
	free(l);
	return rc;
}
