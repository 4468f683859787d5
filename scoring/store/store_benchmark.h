/* store_benchmark: a lesson's benchmarks and the rescores of sessions,
 * in the trainee record (store_schema.sql, version 5).
 *
 * A benchmark is the proficiency levels of a lesson's required measures
 * derived from experts' sessions (smpsim benchmark), with its provenance:
 * the lesson file whose measures it set, when, by which rule, from which
 * sessions, who made it. A lesson's newest benchmark is the one in force;
 * older ones are kept for the sessions scored against them.
 *
 * A rescore is a stored session scored again (against the benchmark in
 * force, or the lesson file's own levels), kept beside the session's own
 * score, which is never replaced; the newest is the session's judgement
 * (store_session.judged_*).
 */
#ifndef SMPSIM_STORE_BENCHMARK_H
#define SMPSIM_STORE_BENCHMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score_metrics.h"
#include "score_rubric.h"
#include "store.h"

#define STORE_RULE_MAX 16

/** One required measure's level under a benchmark (benchmark_levels). */
struct store_benchmark_level {
	enum score_metric metric;
	double need_min, need_max;       /**< the level; NaN: that side open */
	double shipped_min, shipped_max; /**< the lesson file's own, replaced */
	size_t sessions, experts;        /**< what it was derived from */
	double mean, sd, worst;          /**< of the experts' values; NaN: none */
};

/** A benchmark with its levels and provenance. */
struct store_benchmark {
	int64_t id;                      /**< 0 until stored */
	char lesson_id[STORE_NAME_MAX];
	int64_t lesson;                  /**< the lessons row (reading) */
	char lesson_sha256[65];          /**< of that lesson file (reading) */
	char made[STORE_TIME_MAX];       /**< ISO 8601 UTC (reading) */
	char rule[STORE_RULE_MAX];       /**< "mean-2sd" or "worst" */
	size_t min_sessions, min_experts;
	char by[STORE_NAME_MAX];         /**< who made it; "" not said */
	struct store_benchmark_level levels[SCORE_METRIC_COUNT];
	size_t level_count;
	int64_t *sessions;               /**< the expert sessions, ascending */
	size_t session_count;
};

/** Frees what @p b holds (its sessions), not @p b. Accepts NULL. */
void store_benchmark_release(struct store_benchmark *b);

/**
 * Stores benchmark @p b (its id, lesson, made and sha256 are ignored) for
 * the lesson file @p lesson_text (the lessons row is added when the
 * record has not seen that file), its levels and sessions, and a ledger
 * entry, in one transaction.
 * @return 0 and *id, -EINVAL for a benchmark with no level or rule, or a
 * negative errno (store_error() says why).
 */
int store_benchmark_add(struct store *store, const struct store_benchmark *b,
			const char *lesson_title, const char *lesson_text,
			size_t lesson_text_size, int64_t *id);

/**
 * Reads benchmark @p id into @p out (release it with
 * store_benchmark_release()).
 * @return 0, -ENOENT for no such benchmark, or a negative errno.
 */
int store_benchmark_get(struct store *store, int64_t id, struct store_benchmark *out);

/**
 * Reads the benchmark in force for lesson @p lesson_id (its newest) into
 * @p out. @return 0, -ENOENT when the lesson has none (or the record is
 * before version 5), or a negative errno.
 */
int store_benchmark_in_force(struct store *store, const char *lesson_id,
			     struct store_benchmark *out);

/**
 * The ids of lesson @p lesson_id's benchmarks, oldest first, in *ids to
 * free() (NULL when *count is 0). @return 0, or a negative errno.
 */
int store_benchmark_list(struct store *store, const char *lesson_id, int64_t **ids,
			 size_t *count);

/** A session scored again (rescores). */
struct store_rescore {
	int64_t id;
	int64_t session;
	int64_t benchmark;               /**< 0: the lesson file's own levels */
	char made[STORE_TIME_MAX];
	bool scored;
	double score;                    /**< NaN when not scored */
	bool passed;
	unsigned int never_triggered;
};

/**
 * Stores a rescore of @p session: @p metrics and @p result (as
 * store_session_end() takes them; @p result required) against
 * @p benchmark (0: the lesson file's own levels), with a ledger entry.
 * The session's own score is not touched.
 * @return 0 and *id (may be NULL), -ENOENT for no such session, -EBUSY
 * for one still in progress, or a negative errno.
 */
int store_rescore_add(struct store *store, int64_t session, int64_t benchmark,
		      const struct score_metrics *metrics, const struct score_result *result,
		      int64_t *id);

/**
 * The rescores of @p session, oldest first (the last is its judgement),
 * in *out to free() (NULL when *count is 0). A record before version 5
 * has none. @return 0, or a negative errno.
 */
int store_rescore_list(struct store *store, int64_t session, struct store_rescore **out,
		       size_t *count);

/**
 * The measures and result of rescore @p id, as store_session_result()
 * gives a session's (no advice). Either pointer may be NULL.
 * @return 0, -ENOENT for no such rescore, or a negative errno.
 */
int store_rescore_result(struct store *store, int64_t id, struct score_metrics *metrics,
			 struct score_result *result);

#endif
