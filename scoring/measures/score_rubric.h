/* score_rubric: turns a session's measures into a 0-100 progress score
 * with a breakdown per measure, pass or fail by proficiency, and the three
 * things most worth working on, in words a trainee understands.
 *
 * Each rubric item gives a tolerance band (full marks inside it, as the
 * dental preparation trainers do) and the value at which the marks reach
 * zero, straight-line between. The score is the weighted mean of the
 * items' marks, a measure that could not be computed counting 0. Passing
 * is not compensatory (as the robotic-surgery proficiency benchmarks): the
 * session passes when every required item was computed and lies at its
 * proficiency level, and no never-event (an overdeep deposit, above all)
 * happened. A never-event fails the session without touching the score.
 * docs/scoring.md gives the rules and their sources.
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

/** An unsafe act: the session fails when the measure exceeds @c above,
 * whatever the rest; the score is left as it is. */
struct score_never_event {
	enum score_metric metric;
	double above;                  /**< triggered when the value exceeds this */
	char text[SCORE_ADVICE_MAX];   /**< said first when triggered */
};

struct score_rubric {
	struct score_rubric_item items[SCORE_RUBRIC_ITEMS_MAX];
	size_t item_count;
	struct score_never_event never[SCORE_NEVER_EVENTS_MAX];
	size_t never_count;
	/** Read from the copy a record keeps of a lesson that sessions were
	 * scored by before proficiency (a pass mark, capped never-events):
	 * it may have no required item. Such a rubric is read only so that
	 * those sessions can still be replayed and drawn; their stored score
	 * stands as it was, and score_rubric_apply() refuses it (with no
	 * required item, every session would pass). */
	bool before_proficiency;
};

struct score_result {
	/** 0..100: the weighted mean of marks, times work_factor. */
	double score;
	/** 1, or, when completion is rated and below its zero-below (the
	 * share of the work that earns no completion marks), completion /
	 * zero-below: a session that did a sliver of the work earns that
	 * sliver of its marks, so nine good taps do not outscore a whole
	 * lesson done with faults. */
	double work_factor;
	bool passed;                           /**< every requirement met, no never-event */
	double marks[SCORE_METRIC_COUNT];      /**< per rated measure, 0..100 */
	bool rated[SCORE_METRIC_COUNT];        /**< the rubric rates it */
	/** Rated, but the measure could not be computed (too few dots ...):
	 * it counted 0 marks. */
	bool invalid[SCORE_METRIC_COUNT];
	bool required[SCORE_METRIC_COUNT];     /**< the lesson requires it */
	double need_min[SCORE_METRIC_COUNT];   /**< its proficiency level (NaN: open) */
	double need_max[SCORE_METRIC_COUNT];
	bool met[SCORE_METRIC_COUNT];          /**< required, computed and at proficiency */
	/** The result carries required/need/met: false for a session read
	 * back from a record scored before proficiency (store version 3),
	 * whose pass was by a pass mark. */
	bool by_proficiency;
	unsigned int never_triggered;          /**< bit i: never[i] happened */
	char advice[SCORE_ADVICE_COUNT][SCORE_ADVICE_MAX];
	size_t advice_count;
};

/**
 * Checks @p rubric: 1 to SCORE_RUBRIC_ITEMS_MAX items, at least one of
 * them required, weights > 0, bands ordered, zeros outside their band,
 * need_min <= need_max, each measure rated once, never-events on known
 * measures. Levels against each measure's range are the loader's
 * (lessons/lesson_load.c), which knows the units.
 * @return 0, or -EINVAL with @p why set.
 */
int score_rubric_check(const struct score_rubric *rubric, char *why, size_t why_size);

/**
 * Checks one item of a rubric alone (score_rubric_check()'s rules for an
 * item), so a loader can point at the item's line.
 * @return 0, or -EINVAL with @p why set.
 */
int score_rubric_check_item(const struct score_rubric_item *item, char *why,
			    size_t why_size);

/**
 * Scores @p metrics by @p rubric. An item whose measure could not be
 * computed counts 0 marks (result.invalid says so) and, when required,
 * is unmet. Advice: triggered never-events, then unmet requirements
 * (a reason for one that could not be computed), then the items that
 * cost the most marks; each chosen by the measure and the side of its
 * band it missed, and only about what happened (a spacing or density
 * measure of a zone mostly left empty is told that, not "clumps").
 * @return 0; -ENODATA for a session with no dots (drag lines are not
 * dots): nothing to score, it is kept unscored and never counts; or
 * -EINVAL for a rubric with no items or one read before proficiency
 * (score_rubric.before_proficiency: its sessions keep the score they
 * were given; it scores none anew).
 */
int score_rubric_apply(const struct score_rubric *rubric,
		       const struct score_metrics *metrics, struct score_result *out);

/**
 * @return @p v as a person should read it: 0 when it is 0 but for
 * floating-point rounding (|v| < 1e-9: a CV of equal sizes comes out
 * 3.5e-16), else @p v. No measure means anything at that scale.
 */
double score_value_shown(double v);

/**
 * Says in @p out why a required @p metric could not be computed, for a
 * trainee ("Too few dots to judge spacing ..."); @p metrics gives the
 * dots counted.
 */
void score_rubric_invalid_reason(enum score_metric metric,
				 const struct score_metrics *metrics, char *out, size_t size);

/**
 * Says in @p out, for a person, the level @p item needs ("at least 0.9",
 * "at most 0.05", "0.9 to 1"); "" when it is not required.
 */
void score_rubric_level_text(double need_min, double need_max, char *out, size_t size);

/**
 * Says in @p out, for a person, where required measure @p metric stands
 * against its level: "depth-in-band 0.72, needs at least 0.9", or
 * "completion not computed, needs at least 0.9".
 */
void score_requirement_text(const struct score_result *result,
			    const struct score_metrics *metrics, enum score_metric metric,
			    char *out, size_t size);

#endif
