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

/** Writes a level of measure @p m (NAN: no bound on that side) in its
 * units, as the line above it says its level ("at least 90%"). */
typedef void (*lessons_level_words_fn)(enum score_metric m, double min, double max,
				       char *out, size_t size);

/** Prints, indented, where required item @p it's level comes from; the
 * lesson file's own level beside a benchmark's in @p words' units, so the
 * two compare at a glance (not "at most 0.5%" beside "at most 0.01"). */
void lessons_levels_text(const struct store_benchmark *b, const struct score_rubric_item *it,
			 lessons_level_words_fn words);

/** Prints `"level_from": ..., ` for required item @p it (JSON). */
void lessons_levels_json(const struct store_benchmark *b, const struct score_rubric_item *it);

#endif
