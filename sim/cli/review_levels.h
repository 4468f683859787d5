/* review_levels: which levels judged a stored session (the lesson file's
 * own or a benchmark's) and its rescores, for `smpsim review --session N`.
 */
#ifndef SMPSIM_REVIEW_LEVELS_H
#define SMPSIM_REVIEW_LEVELS_H

#include <stdbool.h>

#include "store.h"

/**
 * @return the lines (text) or members (JSON, each after ",\n  ") saying
 * which levels session @p s was scored against and every rescore of it,
 * oldest first, the last its judgement; a string to free(), or NULL when
 * the record could not be read (store_error() says why).
 */
char *review_levels(struct store *store, const struct store_session *s, bool json);

#endif
