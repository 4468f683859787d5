/* point_set: point sets for the measures' tests (test-score-metrics,
 * test-score-faults), every one made from the seed in point_set_seed, so each
 * test's answer is fixed: uniform random points, jittered grids, dart
 * throwing (Poisson disk), and the frame and zone they are measured in.
 */
#ifndef SMPSIM_POINT_SET_H
#define SMPSIM_POINT_SET_H

#include <stddef.h>
#include <stdint.h>

#include "score_metrics.h"

/** The generator's state (splitmix64); set it to seed a test. */
extern uint64_t point_set_seed;

/** @return a uniform number in [0, 1). */
double point_set_frand(void);

/** @return a standard normal number (Box-Muller). */
double point_set_gauss(void);

/** Dots, all alike (depth 0.8 mm in a 0.5-1.2 mm band, 0.25 mm wide) but
 * for their positions. */
struct point_set {
	struct score_dot *dots;
	size_t n, room;
};

/** Appends a dot at (@p x, @p y); aborts the test when out of memory. */
void point_set_add(struct point_set *s, double x, double y);

/** Frees the dots and empties @p s. */
void point_set_free(struct point_set *s);

/** @return the rectangle [x0, x1] x [y0, y1] as a zone. */
struct scalp_polygon point_set_rect(double x0, double y0, double x1, double y1);

/** @return a frame of one zone, 1 dot/mm^2 uniform, 60 s, no hairline. */
struct score_frame point_set_frame(const struct scalp_polygon *zone);

/** @return the measures of @p s in @p f (the test fails on an error). */
struct score_metrics point_set_measure(const struct point_set *s, const struct score_frame *f);

/** A side x side grid of unit spacing, each point moved up to @p jitter
 * in x and y. */
void point_set_jittered_grid(struct point_set *s, int side, double jitter);

/** Dart throwing in [0, side]^2: @p attempts candidates, each kept when no
 * nearer than @p r to every kept point. */
void point_set_darts(struct point_set *s, double side, double r, size_t attempts);

/** Dart throwing whose radius varies: @p r_hi in the dark squares of a
 * checkerboard of @p patch mm squares, @p r_lo in the light ones; a
 * candidate is kept when no kept point is nearer than its own radius. */
void point_set_dart_patches(struct point_set *s, double side, double r_lo, double r_hi,
			    double patch, size_t attempts);

/** @p dots dots (up to 8) in the 2 mm cell at (@p x, @p y), 1 mm apart in
 * x, 0.5 mm in y. */
void point_set_fill_cell(struct point_set *s, double x, double y, int dots);

/** @p n uniform random points in [0, side]^2. */
void point_set_uniform(struct point_set *s, size_t n, double side);

#endif
