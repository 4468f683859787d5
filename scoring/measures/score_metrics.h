/* score_metrics: the measures of a session's deposits that instructors
 * judge by: depth, spacing (nearest neighbours, Poisson-disk radius,
 * Clark-Evans R with edge correction), rows and grids (periodogram peak),
 * density against a target field, coverage, gaps and dispersion, merged,
 * too close, oblique and dragged deposits, shallow and deep ones, dot
 * size consistency, dots outside the zone, hairline softness and
 * position, completion, pace.
 * Formulas and sources: docs/scoring.md.
 *
 * The input is plain data (points and per-dot facts, polygons, a density
 * field), so the measures can be tested on point sets with known answers.
 */
#ifndef SMPSIM_SCORE_METRICS_H
#define SMPSIM_SCORE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scalp.h"

/** One dot as scoring sees it. */
struct score_dot {
	double x_mm, y_mm;
	double depth_mm;
	double band_min_mm, band_max_mm;  /**< the target band where it sits */
	double diameter_mm;
	int64_t time_us;                  /**< when it was made (tip down) */
	bool overdeep;                    /**< past the overdeep threshold */
	bool merged;                      /**< overlaps an earlier dot */
	bool line;                        /**< a drag line, not a dot */
	bool outside;                     /**< outside the lesson's zone */
	bool too_close;                   /**< nearer an earlier dot than the region allows */
	bool oblique;                     /**< the needle too far from perpendicular */
	bool tail;                        /**< dragged while in the skin (a dot with a tail) */
};

/** Target density (dots per mm^2): uniform, or a linear ramp from the
 * hairline in (a ramp needs a hairline). With a hairline, none in front
 * of it. */
struct score_density {
	double front_per_mm2;   /**< at the hairline (uniform: everywhere) */
	double back_per_mm2;    /**< reached @c ramp_mm behind it */
	double ramp_mm;         /**< 0: uniform at front_per_mm2 */
};

/** What the dots are measured against. */
struct score_frame {
	const struct scalp_polygon *zones;  /**< where dots belong (at least one) */
	size_t zone_count;
	struct score_density density;
	/** The designed hairline, an open polyline; NULL when the lesson has
	 * none. Signed distance is positive behind it: on the side where
	 * cross(b - a, p - a) > 0 for a segment a -> b, which for a hairline
	 * drawn towards +x is the +y side, towards the crown in the scalp
	 * files' coordinates. */
	const struct scalp_point *hairline;
	size_t hairline_count;
	double duration_s;                  /**< session length, for pace */
	/** The dots the lesson asks for, for completion; 0: the target
	 * density integrated over the zones. Finite and >= 0, else the
	 * frame is refused (-EINVAL). */
	double target_dots;
};

enum score_metric {
	SCORE_DEPTH_IN_BAND,      /**< share of dots in their band, 0..1 */
	SCORE_DEPTH_ERROR_MEAN,   /**< mean distance outside the band, mm (0 inside) */
	SCORE_DEPTH_ERROR_SD,     /**< its standard deviation, mm */
	SCORE_OVERDEEP,           /**< count of overdeep dots (a never-event) */
	SCORE_NN_MEAN,            /**< mean nearest-neighbour distance, mm */
	SCORE_NN_CV,              /**< coefficient of variation of NN distances */
	SCORE_RHO,                /**< normalized Poisson-disk radius d_min / d_max */
	SCORE_CLARK_EVANS,        /**< R with Donnelly's edge correction */
	SCORE_PERIODOGRAM_PEAK,   /**< highest P(k) over sqrt(N)/8 <= |k| <= 2 sqrt(N) */
	SCORE_DENSITY_L1,         /**< sum |n_c - e_c| / sum e_c over cells */
	SCORE_COVERAGE,           /**< share of zone cells holding a dot, 0..1 */
	SCORE_GAPS,               /**< count of empty cells where >= 2 dots were due */
	SCORE_MERGED,             /**< share of dots merged with another */
	SCORE_SIZE_CV,            /**< coefficient of variation of diameters */
	SCORE_OUTSIDE,            /**< share of dots outside the zone */
	SCORE_HAIRLINE_WIDTH,     /**< 10-90% width of the density ramp, mm */
	SCORE_HAIRLINE_RESIDUAL,  /**< RMS residual of the logistic fit, relative */
	SCORE_PACE,               /**< dots per minute */
	SCORE_COMPLETION,         /**< pattern dots / dots the lesson asks for */
	SCORE_SHALLOW,            /**< share of deposits shallower than their band */
	SCORE_DEEP,               /**< share past the band, short of overdeep (they blur) */
	SCORE_TOO_CLOSE,          /**< share of dots flagged too close */
	SCORE_OBLIQUE,            /**< share of dots made with the needle oblique */
	SCORE_DRAGGED,            /**< share of deposits that are drag lines or tailed dots */
	SCORE_DENSITY_DISPERSION, /**< cell counts' dispersion against Poisson's (random 1) */
	SCORE_HAIRLINE_FRONT,     /**< share of pattern dots in front of the designed hairline */
	SCORE_METRIC_COUNT,
};

struct score_metrics {
	double value[SCORE_METRIC_COUNT];
	bool valid[SCORE_METRIC_COUNT];  /**< false when there is too little to
					  *   measure (e.g. no hairline, < 2 dots) */
	size_t dots;                     /**< dots measured (lines excluded) */
	size_t zone_dots;                /**< of them, those in the zones (the
					  *   pattern dots completion counts) */
	double dots_due;                 /**< the dots the lesson asks for (0: none) */
};

/**
 * Computes every measure for @p dots in @p frame.
 * @return 0, -EINVAL for an incoherent frame, or -ENOMEM.
 */
int score_metrics_compute(const struct score_dot *dots, size_t count,
			  const struct score_frame *frame, struct score_metrics *out);

/** The cells the density measures (density-l1, coverage, gaps,
 * dispersion, completion) compare on, for showing where a session is too sparse or too dense: squares over
 * the zones' bounding box sized for 8 dots due where the target is densest
 * (docs/scoring.md, "Density against the target field"). */
struct score_density_map {
	double x0, y0;          /**< the corner of cell 0, mm */
	double cell_mm;         /**< the cells' side, mm */
	int cols, rows;         /**< cell (c, r) is at index r * cols + c */
	double *area_mm2;       /**< each cell's area inside the zones */
	double *due;            /**< dots due: the target over that area */
	uint32_t *count;        /**< dots counted (pattern dots: no lines, none outside) */
};

/**
 * Computes the density measure's cells for @p dots in @p frame, as
 * score_metrics_compute() does. A frame with no target density gives no
 * cells (cols = rows = 0). Free with score_density_map_free().
 * @return 0, -EINVAL for an incoherent frame or dot, or -ENOMEM.
 */
int score_density_map(const struct score_dot *dots, size_t count,
		      const struct score_frame *frame, struct score_density_map *out);

/** Frees what score_density_map() made and zeroes @p map. Accepts NULL. */
void score_density_map_free(struct score_density_map *map);

/** @return a short machine name ("depth-in-band", "nn-cv" ...). */
const char *score_metric_name(enum score_metric metric);

/** @return the metric named @p name, or SCORE_METRIC_COUNT. */
enum score_metric score_metric_from_name(const char *name);

#endif
