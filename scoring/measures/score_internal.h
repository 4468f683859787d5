/* score_internal: what the score_*.c files share with each other, with
 * the tests and with the benchmark. Not part of the scoring API (that is
 * score_metrics.h); the pieces are exposed so each can be checked on its
 * own against a brute-force answer.
 */
#ifndef SMPSIM_SCORE_INTERNAL_H
#define SMPSIM_SCORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scalp.h"
#include "score_metrics.h"

/* --- zones (score_zones.c) --- */

/** The lesson's zones, checked, with what the measures need of them. */
struct score_zones {
	const struct scalp_polygon *polygons;
	size_t count;
	double area_mm2;        /**< area of the union (they do not overlap) */
	double perimeter_mm;    /**< of the union: edges shared by two zones
				 *   are inside it and not counted */
	double min_x, min_y, max_x, max_y;  /**< bounding box of all zones */
};

/**
 * Checks @p polygons (3 to SCALP_POLYGON_MAX finite points, not crossing
 * themselves, non-zero area, no two overlapping by more than 1e-9 of the
 * smaller one's area; touching and sharing edges are allowed) and
 * measures their union. @return 0, -EINVAL, or -ENOMEM.
 */
int score_zones_prepare(const struct scalp_polygon *polygons, size_t count,
			struct score_zones *out);

/** @return true if (x, y) lies in one of the zones (even-odd rule). */
bool score_zones_contain(const struct score_zones *zones, double x, double y);

/** Room for a zone clipped by up to four half-planes (each adds at most
 * half as many points again). */
#define SCORE_CLIP_MAX (6 * SCALP_POLYGON_MAX)

/**
 * Keeps the part of polygon @p in (@p n points) where nx x + ny y + c <= 0
 * (Sutherland-Hodgman: right in area for any simple polygon).
 * @return the points written to @p out, at most 3n/2.
 */
size_t score_clip_halfplane(const struct scalp_point *in, size_t n, double nx, double ny,
			    double c, struct scalp_point *out);

/** @p polygon clipped to a rectangle into @p out (SCORE_CLIP_MAX points);
 * @return its point count, 0 when nothing is left. */
size_t score_polygon_clip_rect(const struct scalp_polygon *polygon, double x0, double y0,
			       double x1, double y1, struct scalp_point *out);

/** @return the (unsigned) area of a polygon, 0 below 3 points. */
double score_polygon_area(const struct scalp_point *points, size_t n);

/** @return the area of @p polygon inside the rectangle [x0,x1] x [y0,y1]. */
double score_polygon_rect_area(const struct scalp_polygon *polygon, double x0,
			       double y0, double x1, double y1);

/** Square cells over the zones' bounding box with each cell's area in them. */
struct score_raster {
	double x0, y0, cell;    /**< origin (the box's corner) and side, mm */
	int cols, rows;
	double *area;           /**< mm^2 of each cell inside the zones, row-major */
	uint8_t *partial;       /**< 1 where a zone's edge crosses the cell */
};

/** @return 0, -EINVAL (more than 16 M cells), or -ENOMEM. */
int score_raster_build(const struct score_zones *zones, double cell,
		       struct score_raster *out);
void score_raster_free(struct score_raster *raster);

/* --- spacing (score_spacing.c) --- */

/**
 * Points bucketed in a uniform grid of about one per cell and stored in
 * cell order (a counting sort), so the points of a run of cells in one row
 * are contiguous.
 */
struct score_points {
	size_t n;
	double *x, *y;          /**< in cell order */
	uint32_t *index;        /**< the caller's index of each */
	uint32_t *start;        /**< first point of each cell; cols*rows+1 */
	int cols, rows;
	double x0, y0, cell;
};

/** @return 0, -EINVAL (more than 2^31 points), or -ENOMEM. */
int score_points_build(const double *x, const double *y, size_t n,
		       struct score_points *out);
void score_points_free(struct score_points *points);

/**
 * Nearest-neighbour distance of every point (to another point; a point
 * given twice has distance 0), in cell order. Needs n >= 2.
 */
void score_points_nn(const struct score_points *points, double *nn);

/**
 * Nearest-neighbour distances of @p n points into @p nn in the caller's
 * order: build, query, free. @return 0, -EINVAL (n < 2), or -ENOMEM.
 */
int score_nn_distances(const double *x, const double *y, size_t n, double *nn);

/* --- periodogram (score_spectrum.c) --- */

struct score_peak {
	double value;           /**< highest P(k) */
	int kx, ky;             /**< where (kx > 0, or kx = 0 and ky > 0) */
};

/**
 * The periodogram P(k) = |sum_j exp(-2 pi i k.(u_j, v_j))|^2 / n of points
 * in the unit square (positions outside wrap around: P is periodic), by a
 * type-1 non-uniform FFT. @p peak receives the highest value over
 * kmin_sq <= |k|^2 <= kmax_sq, k != 0 (NULL: not wanted). If @p out is not NULL it
 * receives P for kx in [0, kmax], ky in [-kmax, kmax] (all of the square),
 * at out[kx * (2 kmax + 1) + ky + kmax], kmax = floor(sqrt(kmax_sq)).
 * @return 0, -EINVAL (n == 0 or >= 2^32, kmax_sq < 1, kmin_sq > kmax_sq
 * or kmax > 20000), or -ENOMEM.
 */
int score_periodogram(const double *u, const double *v, size_t n, long kmin_sq,
		      long kmax_sq, struct score_peak *peak, double *out);

/* --- FFT (score_fft.c) --- */

struct score_fft;

/**
 * A forward complex FFT of length @p n (a product of 2, 3 and 5), applied
 * to @p batch interleaved transforms: element j of transform b is the
 * complex number at data[2 * (j * batch + b)].
 * @return 0, -EINVAL (n has another factor), or -ENOMEM.
 */
int score_fft_new(size_t n, struct score_fft **out);
void score_fft_free(struct score_fft *fft);

/** @p work holds as much as @p data; the result is in @p data. */
void score_fft_run(const struct score_fft *fft, double *data, double *work, size_t batch);

/** @return true if @p n is a product of 2, 3 and 5 (1 counts). */
bool score_fft_size_ok(size_t n);

/* --- hairline (score_hairline.c, score_profile.c) --- */

struct score_hairline;

/**
 * The signed distance field of an open polyline, positive where
 * cross(b - a, p - a) > 0 for its nearest segment a -> b (for a hairline
 * drawn towards +x, the +y side: behind it on the scalp's axes).
 * Queries inside [x0,x1] x [y0,y1] use a grid of candidate segments;
 * outside it they try every segment. Consecutive repeated points are
 * skipped. @return 0, -EINVAL (fewer than 2 distinct points), or -ENOMEM.
 */
int score_hairline_new(const struct scalp_point *points, size_t count, double x0,
		       double y0, double x1, double y1, struct score_hairline **out);
void score_hairline_free(struct score_hairline *hairline);

/** @return the signed distance of (x, y) from the hairline, mm. */
double score_hairline_distance(const struct score_hairline *hairline, double x, double y);

/** The same, and its gradient (a unit vector) into @p gx, @p gy. */
double score_hairline_gradient(const struct score_hairline *hairline, double x, double y,
			       double *gx, double *gy);

/**
 * Whether the signed distance is simple over the rectangle [x0,x1] x
 * [y0,y1]: every segment that can be nearest somewhere in it has the whole
 * rectangle projecting inside it and on one side of it, the same side for
 * all. Then, with L_i(p) = lines[i][0] x + lines[i][1] y + lines[i][2] the
 * signed distances to their lines, s = min_i L_i on the positive side and
 * max_i L_i on the negative side.
 * @return the number of lines (at most @p max) times the side (+1 or -1),
 * or 0 when the rectangle is not simple.
 */
int score_hairline_lines(const struct score_hairline *hairline, double x0, double y0,
			 double x1, double y1, double lines[][3], int max);

/* --- measures by concern --- */

/** What score_metrics.c hands each measure: the dots inside the zones. */
struct score_pattern {
	const struct score_frame *frame;
	const struct score_zones *zones;
	size_t n;                       /**< dots measured for the pattern */
	const double *x, *y;            /**< their positions, in any order */
	const struct score_hairline *hairline;  /**< NULL without one */
	/** The dots flagged outside the zones (not lines): only hairline-front
	 * looks at them, since a dot in front of the designed line is there
	 * whether or not the zone reaches that far. */
	size_t outside_n;
	const double *outside_x, *outside_y;
};

/** NN mean and CV, rho, Clark-Evans R (score_spacing.c). */
int score_measure_spacing(const struct score_pattern *p, struct score_metrics *out);

/** Periodogram peak (score_spectrum.c). */
int score_measure_spectrum(const struct score_pattern *p, struct score_metrics *out);

/** The cells density L1, coverage and gaps are measured on (score_density.c;
 * score_density_map() gives them to callers). @return 0, or -ENOMEM. */
int score_density_cells(const struct score_pattern *p, struct score_density_map *out);

/** Density L1, coverage, gaps, dispersion and completion (score_density.c). */
int score_measure_density(const struct score_pattern *p, struct score_metrics *out);

/** Hairline width and residual, and the share of dots more than 0.25 mm
 * in front of the hairline (score_profile.c). */
int score_measure_hairline(const struct score_pattern *p, struct score_metrics *out);

/**
 * The area inside the zones of each of @p count bins of signed distance
 * from @p p's hairline, [first + i width, first + (i+1) width)
 * (score_profile.c; exposed for the tests). @return 0, or -ENOMEM.
 */
int score_profile_areas(const struct score_pattern *p, double first, double width,
			size_t count, double *area);

/** The target density at signed distance @p s from the hairline: 0 in
 * front of it (s < 0), where no dots are asked for. */
double score_density_at(const struct score_density *density, double s);

/**
 * The result of fitting a logistic ramp b / (1 + exp(-(s - s0) / w)) from
 * no dots to the plateau b to binned densities (score_profile.c), exposed
 * for the tests.
 */
struct score_ramp_fit {
	double plateau, centre_mm, w_mm;  /**< b, s0, w */
	double residual;        /**< area-weighted RMS residual / plateau */
};

/**
 * Fits the ramp to @p bins bins starting at @p s_first, @p width wide,
 * with density @p density[i] over area @p area[i] (bins with area 0 are
 * ignored); the model is averaged over each bin, so bins as wide as the
 * ramp do not widen it. w is kept within [width / 20, 2 (s range)].
 * @return 0, or -EINVAL when fewer than 6 bins have area or the fit has
 * no rise (b <= 0).
 */
int score_ramp_fit(const double *density, const double *area, size_t bins,
		   double s_first, double width, struct score_ramp_fit *fit);

#endif
