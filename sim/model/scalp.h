/* scalp: the virtual scalp a trainee works on. An area in mm, divided into
 * regions (frontal, temporal, crown, a scar...) given as polygons; each
 * region has its skin layers (epidermis, target depth band, overdeep
 * threshold), its tissue (how it resists the needle and spreads pigment),
 * the spacing an instructor expects there, and the hair already present.
 *
 * Every number comes from a scalp model file (data/scalps/); the model
 * itself reads no files. Defaults and their sources: docs/model.md.
 */
#ifndef SMPSIM_SCALP_H
#define SMPSIM_SCALP_H

#include <stdbool.h>
#include <stddef.h>

#define SCALP_ID_MAX 64
#define SCALP_NAME_MAX 128
#define SCALP_REGIONS_MAX 32
#define SCALP_TISSUES_MAX 8
#define SCALP_POLYGON_MAX 64

struct scalp_point {
	double x, y; /**< mm */
};

struct scalp_polygon {
	struct scalp_point points[SCALP_POLYGON_MAX];
	size_t count;
};

/** How a kind of tissue takes the needle and the pigment. */
struct scalp_tissue {
	char id[SCALP_ID_MAX];
	/** Force (N) at which the needle reaches 63% of its hang: the stiffer
	 * the tissue, the more force a given depth needs (docs/model.md). */
	double force_scale_n;
	/** Multiplies how far pigment spreads around the needle (scar: > 1). */
	double spread_factor;
	/** Blur (mm) per mm the needle goes past the band: pigment migrating
	 * in deep dermis, the "blowout" that heals blue. */
	double blowout_mm_per_mm;
};

/** What a region expects of a deposit. */
struct scalp_spacing {
	double too_close_mm;  /**< nearer than this to another dot: too close */
	double gap_mm;        /**< nearest dot farther than this: a gap ... */
	double neighbourhood_mm; /**< ... if any dot lies within this */
};

/** How a deposit there must be made. */
struct scalp_technique {
	double tail_max_mm;      /**< drag while in the skin beyond this: a tail */
	double drag_line_mm;     /**< ... beyond this: a line, not a dot */
	double oblique_max_deg;  /**< needle tilt from perpendicular */
};

struct scalp_region {
	char id[SCALP_ID_MAX];
	char name[SCALP_NAME_MAX];
	struct scalp_polygon polygon;
	size_t tissue;            /**< index into scalp_model.tissues */
	double epidermis_mm;      /**< below this no pigment stays */
	double band_min_mm;       /**< target band, upper papillary dermis */
	double band_max_mm;
	double overdeep_mm;       /**< beyond this: blowout, a never-event */
	double hair_per_mm2;      /**< existing hair (densification work) */
	struct scalp_spacing spacing;
	struct scalp_technique technique;
};

struct scalp_model {
	char id[SCALP_ID_MAX];
	char name[SCALP_NAME_MAX];
	double width_mm, height_mm;
	struct scalp_tissue tissues[SCALP_TISSUES_MAX];
	size_t tissue_count;
	struct scalp_region regions[SCALP_REGIONS_MAX];
	size_t region_count;
};

/** Region index for points outside every region. */
#define SCALP_NO_REGION ((size_t)-1)

/**
 * Checks that the model is coherent: positive area, each region's polygon
 * simple (at least 3 points, no self-intersection) and inside the area,
 * 0 < epidermis <= band_min < band_max < overdeep, spacing ordered,
 * 0 < tail max < drag line, 0 < oblique max < 90, tissue index valid, ids
 * unique.
 * @param why  receives the first problem and the region it is in
 * @return 0, or -EINVAL.
 */
int scalp_model_check(const struct scalp_model *model, char *why, size_t why_size);

/**
 * Checks one region of @p model (the same rules, for loaders that want to
 * name the region's line). @return 0, or -EINVAL with @p why set.
 */
int scalp_region_check(const struct scalp_model *model,
		       const struct scalp_region *region, char *why, size_t why_size);

/**
 * @return the index of the region containing (x, y), the last in file
 * order where regions overlap (the base region first, a scar drawn over
 * it later), or SCALP_NO_REGION.
 */
size_t scalp_region_at(const struct scalp_model *model, double x, double y);

/** @return true if (x, y) lies inside @p polygon (even-odd rule). */
bool scalp_polygon_contains(const struct scalp_polygon *polygon, double x, double y);

/** @return true if two edges of @p polygon cross (it is not simple). */
bool scalp_polygon_self_intersects(const struct scalp_polygon *polygon);

/** @return true if segments p1-p2 and q1-q2 have a point in common (they
 * cross, or one ends on the other or they overlap). */
bool scalp_segments_cross(const struct scalp_point *p1, const struct scalp_point *p2,
			  const struct scalp_point *q1, const struct scalp_point *q2);

/** @return true if two segments of the open line through @p points that
 * are not neighbours have a point in common (the line crosses itself). */
bool scalp_polyline_self_intersects(const struct scalp_point *points, size_t count);

/**
 * @return the signed area of @p polygon in mm^2 (shoelace: positive when
 * its points turn from +x towards +y), and, when @p centroid is not NULL
 * and the area not 0, its centroid in @p centroid.
 */
double scalp_polygon_area(const struct scalp_polygon *polygon, struct scalp_point *centroid);

#endif
