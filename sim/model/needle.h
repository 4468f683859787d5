/* needle: a needle configuration (1RL, 3RL ...) and how the dots it makes
 * grow. Values come from data/needles/; docs/model.md gives the sources.
 */
#ifndef SMPSIM_NEEDLE_H
#define SMPSIM_NEEDLE_H

#include <stddef.h>

#define NEEDLE_ID_MAX 64
#define NEEDLE_NAME_MAX 128

struct needle {
	char id[NEEDLE_ID_MAX];
	char name[NEEDLE_NAME_MAX];
	int points;               /**< 1 (1RL) or 3 (3RL) */
	double diameter_mm;       /**< of one point: 0.18 to 0.35 */
	double hang_mm;           /**< greatest protrusion: bounds the depth */
	double strokes_per_s;     /**< machine reciprocation, 100 to 150 */
	double growth_mm_per_mm;  /**< dot growth per mm of depth, at saturation */
	double saturation_strokes;/**< strokes for 63% of that growth */
};

/**
 * Checks the ranges: points 1 or 3, diameter 0.1..0.5 mm, hang 0.5..4 mm,
 * strokes 10..300 per s, growth >= 0, saturation > 0.
 * @return 0, or -EINVAL with @p why set.
 */
int needle_check(const struct needle *needle, char *why, size_t why_size);

/** @return the width of the mark one stroke leaves: a point's diameter for
 * 1RL; for 3RL the circle around three touching points, d (1 + 2/sqrt 3). */
double needle_footprint_mm(const struct needle *needle);

#endif
