/* lessons_levels: where a lesson's required levels come from, for
 * `smpsim lessons show ID --db PATH`: the benchmark in force in the record
 * (derived from experts: smpsim benchmark) or the lesson file's own.
 */
#ifndef SMPSIM_LESSONS_LEVELS_H
#define SMPSIM_LESSONS_LEVELS_H

#include <stdbool.h>
#include <stdio.h>

#include "score_rubric.h"
#include "store_benchmark.h"

/**
 * Reads the benchmark in force for @p lesson_id in the record @p db into
 * @p b (id 0: none) and puts its levels onto @p rubric.
 * @return CLI_OK, or the exit status after saying what is wrong.
 */
int lessons_levels_load(const char *db, const char *lesson_id, struct score_rubric *rubric,
			struct store_benchmark *b);

/** Prints, indented, where required item @p it's level comes from. */
void lessons_levels_text(const struct store_benchmark *b, const struct score_rubric_item *it);

/** Prints `"level_from": ..., ` for required item @p it (JSON). */
void lessons_levels_json(const struct store_benchmark *b, const struct score_rubric_item *it);

#endif
