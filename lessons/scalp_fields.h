/* scalp_fields: the yaml_file readers that scalp model files and lesson
 * files share, for values in a scalp's terms: pairs and points in mm,
 * polygons, a depth band, spacing and technique. A lesson overrides what a
 * region sets, so both files read these the same way, with the same ranges
 * and messages.
 */
#ifndef SMPSIM_SCALP_FIELDS_H
#define SMPSIM_SCALP_FIELDS_H

#include <stddef.h>

#include "scalp.h"
#include "yaml_file.h"

/**
 * Reads a pair [a, b], each a number within [@p min, @p max].
 * @return 0, or -EINVAL with the error recorded.
 */
int scalp_fields_read_pair(struct yaml_file *yf, struct fy_node *v, double min,
			   double max, double *a, double *b);

/**
 * Reads a list of @p min_points to SCALP_POLYGON_MAX points [x, y] (mm)
 * into @p points and @p count; @p what names the list in messages
 * ("polygon", "hairline").
 * @return 0, or -EINVAL with the error recorded.
 */
int scalp_fields_read_points(struct yaml_file *yf, struct fy_node *v, const char *what,
			     size_t min_points, struct scalp_point *points, size_t *count);

/**
 * Reads a depth band [shallowest, deepest] in mm (0 to 10), the first
 * above the second.
 * @return 0, or -EINVAL with the error recorded.
 */
int scalp_fields_read_band(struct yaml_file *yf, struct fy_node *v, double *min_mm,
			   double *max_mm);

/* YAML_CUSTOM readers (struct yaml_field.read); each @return 0, or -EINVAL
 * with the error recorded. */

/** Reads a simple polygon (3 points or more, not crossing itself) into
 * @p target, a struct scalp_polygon. */
int scalp_fields_read_polygon(struct yaml_file *yf, struct fy_node *v, void *target);

/** Reads the `spacing` mapping into @p target, a struct scalp_spacing. */
int scalp_fields_read_spacing(struct yaml_file *yf, struct fy_node *v, void *target);

/** Reads the `technique` mapping into @p target, a struct scalp_technique. */
int scalp_fields_read_technique(struct yaml_file *yf, struct fy_node *v, void *target);

#endif
