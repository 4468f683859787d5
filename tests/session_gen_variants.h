/* session_gen_variants: sessions of every lesson by an expert hand, by
 * hands with one fault each, and by a novice, each from a seed, for the
 * scoring's orderings (issue 13: expert > every one-fault variant >
 * novice) and the calibration table (score-matrix).
 *
 * The expert is the careful hand (session_gen_stroke_careful()) on a blue
 * noise that follows the lesson's target, none of it in front of the
 * designed hairline, its pressures carried over to each region's band
 * (session_gen_target_depths(): the same hand on scar as on normal skin).
 * Each one-fault variant is that expert with exactly one thing changed.
 */
#ifndef SMPSIM_SESSION_GEN_VARIANTS_H
#define SMPSIM_SESSION_GEN_VARIANTS_H

#include <stdbool.h>

#include "session_gen_lesson.h"

enum session_gen_variant {
	SESSION_GEN_EXPERT,       /**< the careful hand, the lesson's pattern */
	SESSION_GEN_SHALLOW,      /**< 5 % of taps shallow */
	SESSION_GEN_HEAVY,        /**< about 40 % of dots past the band, none overdeep */
	SESSION_GEN_OVERDEEP,     /**< exactly one overdeep dot (the 10th) */
	SESSION_GEN_OBLIQUE,      /**< the pen 30 degrees off perpendicular throughout */
	SESSION_GEN_TAILS,        /**< 10 % of taps dragged into tails of 0.45 to 0.9 mm */
	SESSION_GEN_DRAG_LINES,   /**< 5 % dragged 2.5 to 5 mm: drag lines */
	SESSION_GEN_CLUMPS,       /**< 8 % of dots with a second 0.2 to 0.45 mm away */
	SESSION_GEN_ROWS,         /**< a grid jittered by 12 % of its pitch */
	SESSION_GEN_PATCHES,      /**< density +-30 % in 5 mm squares */
	SESSION_GEN_RANDOM,       /**< uniform random placement, the expert's hand */
	SESSION_GEN_OUTSIDE,      /**< 5 % of dots moved out of the zone */
	SESSION_GEN_HARSH_LINE,   /**< hairline lessons: the painted-on edge */
	SESSION_GEN_LOW_LINE,     /**< hairline lessons: the pattern of a line 2 mm lower */
	SESSION_GEN_INCOMPLETE,   /**< stops at half the target's dots */
	SESSION_GEN_NOVICE,       /**< random placement, a variable heavy hand
				   *   (out-of-band dots), clumps, some tails,
				   *   4 % outside; no overdeep dot */
	SESSION_GEN_VARIANT_COUNT,
};

/** @return the variant's name ("expert", "harsh-line" ...). */
const char *session_gen_variant_name(enum session_gen_variant v);

/** @return the variant named @p name, or SESSION_GEN_VARIANT_COUNT. */
enum session_gen_variant session_gen_variant_from_name(const char *name);

/** @return whether @p v applies to @p lesson: harsh-line and low-line
 * need a designed hairline; every other variant applies everywhere. */
bool session_gen_variant_applies(enum session_gen_variant v, const struct lesson *lesson);

/**
 * The spec of variant @p v of @p lesson (@p ls) from @p seed, into
 * @p spec. Deterministic: the same arguments, the same spec.
 * @return 0; -ENOTSUP when the variant does not apply to the lesson;
 * -EINVAL as session_gen_target_from_lesson().
 */
int session_gen_variant_spec(enum session_gen_variant v, const struct lesson *lesson,
			     const struct lesson_session *ls, uint64_t seed,
			     struct session_gen_stipple *spec);

#endif
