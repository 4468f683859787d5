/* benchmark_levels: a lesson's proficiency levels from experts' sessions
 * (smpsim benchmark), and a stored benchmark's levels put onto a rubric
 * (practice, rescore). Glue between the record (store_benchmark.h,
 * store_expert.h) and the rubric (score_rubric.h): the model and the
 * scoring know nothing of benchmarks.
 *
 * The rule, per required measure and direction (docs/instructor-guide.md,
 * "Expert benchmarks"):
 * an at-least level is the experts' mean less two sample SDs ("mean-2sd")
 * or their lowest value ("worst"); an at-most level their mean plus two
 * SDs or their highest value. A derived level is then kept
 *  - no stricter than the item's good band (an at-least level at most
 *    good_min, an at-most level at least good_max): the rubric's rule that
 *    full marks always pass (score_rubric_check_item()) holds for a
 *    benchmark as for a lesson file, and
 *  - within the values the measure can take (lesson_metric_range()).
 * It may be looser or stricter than the lesson file's own level.
 */
#ifndef SMPSIM_BENCHMARK_LEVELS_H
#define SMPSIM_BENCHMARK_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "score_rubric.h"
#include "store_benchmark.h"
#include "store_expert.h"

enum benchmark_rule {
	BENCHMARK_MEAN_2SD,   /**< mean less (at-least) or plus (at-most) two SD */
	BENCHMARK_WORST,      /**< the lowest (at-least) or highest (at-most) value */
};

/** @return "mean-2sd" or "worst". */
const char *benchmark_rule_name(enum benchmark_rule rule);

/** Parses "mean-2sd" or "worst". @return 0, or -EINVAL. */
int benchmark_rule_parse(const char *s, enum benchmark_rule *rule);

/** A side of a level as derived, before it is kept within bounds. */
struct benchmark_side {
	bool open;            /**< the lesson file has no level on this side */
	double derived;       /**< by the rule; NaN when open */
	bool clamped_band;    /**< stricter than the good band: set at its edge */
	bool clamped_range;   /**< outside the measure's values: set at its end */
};

/** What one required measure's level was derived from and to. */
struct benchmark_derivation {
	struct benchmark_side low, high;   /**< at-least, at-most */
};

/**
 * Derives the level of each required item of @p rubric from the
 * @p count expert sessions @p s by @p rule into @p out (its lesson_id,
 * rule, levels: need, shipped, sessions, experts, mean, sd, worst; the
 * caller sets the rest, min_sessions and min_experts before the call),
 * and what each side was in @p how (indexed by
 * measure; may be NULL). worst is the lowest value for an item
 * required at-least, else the highest.
 * @return 0, or -EINVAL with @p why set when a required measure was
 * computed in fewer than out->min_sessions of the sessions (at least two:
 * no SD from one) or by fewer than out->min_experts experts: the minimums
 * hold for each level.
 */
int benchmark_derive(const struct score_rubric *rubric, const struct store_expert_session *s,
		     size_t count, enum benchmark_rule rule, struct store_benchmark *out,
		     struct benchmark_derivation how[SCORE_METRIC_COUNT], char *why,
		     size_t why_size);

/**
 * Puts @p b's levels onto the required items of @p rubric (a copy of the
 * lesson's) of the same measures: need_min, need_max. Zones, bands,
 * weights and never-events stay the lesson file's.
 * @return how many items took a level.
 */
size_t benchmark_apply(const struct store_benchmark *b, struct score_rubric *rubric);

/**
 * Reads the benchmark in force for lesson @p lesson_id and puts its
 * levels onto @p rubric. @return its id, 0 when the lesson has none (the
 * rubric is left as it is), or a negative errno (store_error() says why).
 * @p b (may be NULL) gets it (release it with store_benchmark_release()).
 */
int64_t benchmark_apply_in_force(struct store *store, const char *lesson_id,
				 struct score_rubric *rubric, struct store_benchmark *b);

/**
 * Says in @p out which levels judge sessions: "the lesson file's own
 * levels" for @p benchmark 0, else "benchmark N (experts, DATE, RULE)"
 * when it can be read, else "benchmark N".
 */
void benchmark_levels_name(struct store *store, int64_t benchmark, char *out, size_t size);

#endif
