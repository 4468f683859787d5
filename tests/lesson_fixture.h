/* lesson_fixture: a shipped lesson and its models, loaded in one call, for
 * tests, benchmarks and the generator that run a lesson's session without
 * the program.
 */
#ifndef SMPSIM_LESSON_FIXTURE_H
#define SMPSIM_LESSON_FIXTURE_H

#include <stddef.h>

#include "lesson.h"
#include "lesson_apply.h"
#include "pen_source.h"

/**
 * Loads lesson @p id of @p data_dir (DATA/lessons/ID.yaml) into @p lesson
 * and its scalp model and needle into @p ls, through a library of its own
 * that it frees (the two hold copies).
 * @param path  receives the lesson file's path (may be NULL)
 * @return 0, or a negative errno with the loader's message in @p err.
 */
int lesson_fixture_load(const char *data_dir, const char *id, char *path,
			size_t path_size, struct lesson *lesson,
			struct lesson_session *ls, char *err, size_t err_size);

/**
 * The simulator's set-up for a session of @p lesson (@p ls) on the pad of
 * @p src, placed as the program places it with no --mapping
 * (lesson_choose_mapping(): the lesson's own, else its work area centred
 * on the pad at real scale), into @p setup and, when not NULL, @p mapping.
 * @return 0, or -ERANGE for a pad too small for the lesson.
 */
int lesson_fixture_sim_setup(const struct lesson *lesson, const struct lesson_session *ls,
			     const struct pen_source *src, struct sim_setup *setup,
			     struct sim_mapping *mapping);

#endif
