/* store_expert: the trainees an instructor marks as experts, and their
 * sessions a lesson's benchmark is derived from (store_benchmark.h).
 *
 * Marking is a change to the trainee's entry: trainees.expert, a
 * trainee_changes row ('expert' or 'not-expert', who did it) and a ledger
 * entry, in one transaction. The sessions that count are an expert's
 * live sessions (origin 0), complete (status 1) and scored with
 * measures: a replayed recording is anyone's pen, an interrupted one an
 * unfinished piece of work.
 */
#ifndef SMPSIM_STORE_EXPERT_H
#define SMPSIM_STORE_EXPERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score_metrics.h"
#include "store.h"

/**
 * Marks trainee @p trainee as an expert (@p expert true) or not, @p by
 * (who did it; NULL or "": not said) recorded with the time. Marking one
 * who already is so records nothing and returns 1.
 * @return 0 when changed, 1 when it already was so, -ENOENT for no such
 * trainee, or a negative errno (store_error() says why).
 */
int store_trainee_set_expert(struct store *store, int64_t trainee, bool expert,
			     const char *by);

/**
 * The ids of the trainees marked expert, ascending, in *ids to free()
 * (NULL when *count is 0). A record before version 5 has none.
 * @return 0, or a negative errno.
 */
int store_expert_list(struct store *store, int64_t **ids, size_t *count);

/** An expert's session that counts towards a benchmark. */
struct store_expert_session {
	int64_t session;
	int64_t trainee;
	char trainee_name[STORE_NAME_MAX];
	char started[STORE_TIME_MAX];
	double value[SCORE_METRIC_COUNT];   /**< the stored measures */
	bool valid[SCORE_METRIC_COUNT];     /**< computed (not NULL) */
};

/**
 * The sessions of lesson @p lesson_id that count towards its benchmark:
 * of trainees marked expert, live, complete, scored and measured; oldest
 * first, each with its stored measures. *out is an array to free() (NULL
 * when *count is 0).
 * @return 0, or a negative errno.
 */
int store_expert_sessions(struct store *store, const char *lesson_id,
			  struct store_expert_session **out, size_t *count);

#endif
