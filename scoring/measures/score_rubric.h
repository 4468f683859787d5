/* score_rubric: turns a session's measures into a 0-100 score with a
 * breakdown per measure, pass or fail, and the three things most worth
 * working on, in words a trainee understands.
 *
 * Each rubric item gives a tolerance band (full marks inside it, as the
 * dental preparation trainers do) and the value at which the marks reach
 * zero, straight-line between. The score is the weighted mean of the
 * items' marks. Never-events (an overdeep deposit, above all) cap the
 * score and fail the session whatever the rest, as surgical simulators
 * treat unsafe acts. docs/scoring.md gives the rules and their sources.
 */
#ifndef SMPSIM_SCORE_RUBRIC_H
#define SMPSIM_SCORE_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "score_metrics.h"

#define SCORE_RUBRIC_ITEMS_MAX 24
#define SCORE_NEVER_EVENTS_MAX 4
#define SCORE_ADVICE_MAX 256
#define SCORE_ADVICE_COUNT 3

struct score_rubric_item {
	enum score_metric metric;
	double weight;                 /**< > 0 */
	double good_min, good_max;     /**< full marks within (inclusive) */
	double zero_below;             /**< marks reach 0 here (< good_min), or NaN:
					*   values below the band keep full marks */
	double zero_above;             /**< marks reach 0 here (> good_max), or NaN */
	char advice_low[SCORE_ADVICE_MAX];  /**< said when below the band ("" = default) */
	char advice_high[SCORE_ADVICE_MAX]; /**< said when above it ("" = default) */
	/** Proficiency (non-compensatory, as the robotic-surgery benchmarks):
	 * a required measure must have been computed and lie within
	 * [need_min, need_max] (NaN: that side open) for the session to pass,
	 * whatever the other marks. */
	bool required;
	double need_min, need_max;
};

struct score_never_event {
	enum score_metric metric;
	double above;                  /**< triggered when the value exceeds this */
	double cap;                    /**< the score can be no higher, 0..100 */
	char text[SCORE_ADVICE_MAX];   /**< said first when triggered */
};

struct score_rubric {
	struct score_rubric_item items[SCORE_RUBRIC_ITEMS_MAX];
	size_t item_count;
	struct score_never_event never[SCORE_NEVER_EVENTS_MAX];
	size_t never_count;
	double pass_mark;              /**< 0..100 */
};

struct score_result {
	double score;                          /**< 0..100, after caps */
	double uncapped;                       /**< the weighted mean alone */
	bool passed;
	double marks[SCORE_METRIC_COUNT];      /**< per rated measure, 0..100 */
	bool rated[SCORE_METRIC_COUNT];
	bool required[SCORE_METRIC_COUNT];     /**< the lesson requires it */
	bool met[SCORE_METRIC_COUNT];          /**< required, computed and at proficiency */
	unsigned int never_triggered;          /**< bit i: never[i] happened */
	char advice[SCORE_ADVICE_COUNT][SCORE_ADVICE_MAX];
	size_t advice_count;
};

/**
 * Checks @p rubric: weights > 0, bands ordered, zeros outside their band,
 * pass mark and caps within 0..100, at least one item.
 * @return 0, or -EINVAL with @p why set.
 */
int score_rubric_check(const struct score_rubric *rubric, char *why, size_t why_size);

/**
 * Scores @p metrics by @p rubric. Items whose measure is not valid (too
 * little to measure) are left out of the mean, not counted as zero.
 * @return 0, or -EINVAL when no item could be rated.
 */
int score_rubric_apply(const struct score_rubric *rubric,
		       const struct score_metrics *metrics, struct score_result *out);

#endif
