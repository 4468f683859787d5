/* rescore: a stored session scored again from its stored deposits, on
 * the copy of the lesson file the record keeps with it, against the
 * benchmark in force for its lesson (or the lesson file's own levels).
 * What `smpsim rescore` runs; the caller stores the outcome
 * (store_rescore_add()).
 */
#ifndef SMPSIM_RESCORE_H
#define SMPSIM_RESCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "data_library.h"
#include "score_metrics.h"
#include "score_rubric.h"
#include "store.h"

#define RESCORE_WHY_MAX 512

/** What scoring a session again gave. */
struct rescore_outcome {
	bool scored;                  /**< metrics and result hold the new score */
	char why[RESCORE_WHY_MAX];    /**< when not scored: why, for a person */
	int64_t benchmark;            /**< the levels used: 0 the lesson file's */
	struct score_metrics metrics;
	struct score_result result;
};

/**
 * Scores session @p ss again: its stored deposits, measured on the
 * lesson copy stored with it (scalp model and needle from @p lib), the
 * required levels of the benchmark in force for its lesson. A session
 * whose lesson copy was scored before proficiency, one with no copy that
 * loads, one still in progress or with too little to measure is not
 * scored: out->scored false, out->why says why.
 * @return 0 (scored or not), or a negative errno for a record that
 * cannot be read (out->why says what).
 */
int rescore_session(struct store *store, const struct store_session *ss,
		    struct data_library *lib, struct rescore_outcome *out);

#endif
