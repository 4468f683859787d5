/* lesson_load: lesson files (data/lessons/ID.yaml) into struct lesson, and
 * the curriculum (data/lessons/curriculum.yaml) into struct curriculum.
 * The format is described in docs/lessons.md.
 */
#ifndef SMPSIM_LESSON_LOAD_H
#define SMPSIM_LESSON_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "data_library.h"
#include "lesson.h"

/** The curriculum's file name in the lessons folder; no lesson may have it. */
#define LESSON_CURRICULUM_ID "curriculum"

/**
 * The values measure @p metric can take, [*min, *max], as lesson files'
 * levels are checked against them; a benchmark's derived levels are kept
 * within them too. An unknown metric gets [0, 0].
 */
void lesson_metric_range(enum score_metric metric, double *min, double *max);

/**
 * Reads and validates the lesson file @p path against the scalp models and
 * needles found along @p lib's search path (data_library_find(); the data
 * folder's DATA/scalps and DATA/needles last), each parsed once for the
 * library's life. The lesson's id must be the file's name
 * without ".yaml". @p path is parsed on every call; @p lesson is written
 * only on success.
 * @param err  receives "path:line: what is wrong" (for a broken scalp or
 *             needle file, that file's own path and line)
 * @return 0, -EINVAL for a bad file, or -ENOMEM.
 */
int lesson_load(const char *path, struct data_library *lib, struct lesson *lesson,
		char *err, size_t err_size);

/**
 * lesson_load() on @p len bytes of @p text, a lesson file's content kept
 * elsewhere (the copy the trainee record stores with each session), with
 * the same checks, against the scalp models and needles of @p lib.
 * @param name  names the text in messages in place of a path
 *              ("lesson soft-hairline as stored with session 3")
 * @param id    the id the lesson must have (in place of the file's name)
 * @return as lesson_load(); nothing is written to any file.
 */
int lesson_load_text(const char *name, const char *id, const char *text, size_t len,
		     struct data_library *lib, struct lesson *lesson, char *err,
		     size_t err_size);

/**
 * The lesson at @p path as lesson_load() reads it, parsed the first time
 * it is asked for and kept in @p lib (by its path, with the bytes parsed:
 * data_library_lesson()) from then on: what a command uses for the
 * lessons of its data folder.
 * @param out  set to the lesson, which lives as long as @p lib
 * @return as lesson_load().
 */
int lesson_load_once(const char *path, struct data_library *lib,
		     const struct lesson **out, char *err, size_t err_size);

/**
 * Reads the curriculum @p path: the lesson ids in teaching order. Each
 * lesson is looked for along @p lib's search path, then beside the
 * curriculum (FOLDER/ID.yaml, for one checked off the path), and must
 * load (lesson_load_once(), so each is kept in @p lib); its error, if any,
 * is the one given. @p c is written only on success.
 * @return 0, -EINVAL for a bad curriculum or lesson, or -ENOMEM.
 */
int curriculum_load(const char *path, struct data_library *lib, struct curriculum *c,
		    char *err, size_t err_size);

/**
 * curriculum_load() on @p len bytes of @p text, a curriculum file's content
 * kept elsewhere (the copy a certificate keeps in the trainee record),
 * with the same checks but one: no lesson file is looked for or loaded,
 * each lesson id need only be a name one could have (what `smpsim verify
 * --certificate` needs: the rules, the domains and the ids, not the
 * lessons). The same bytes that curriculum_load() accepts give the same
 * curriculum here.
 * @param name  names the text in messages in place of a path
 *              ("the curriculum kept with certificate ABCD-...")
 * @return 0, -EINVAL for a bad curriculum, or -ENOMEM; @p c is written
 * only on success; nothing is read from any file.
 */
int curriculum_load_text(const char *name, const char *text, size_t len,
			 struct curriculum *c, char *err, size_t err_size);

/**
 * Finds lesson @p id: DATA_DIR/lessons/ID.yaml, the curriculum excepted.
 * @return 0 with @p path; -ENOENT (or -EINVAL for an id that is not a
 * plain name) with @p err saying which lessons there are.
 */
int lesson_find(const char *data_dir, const char *id, char *path, size_t path_size,
		char *err, size_t err_size);

/** Where lesson_find_in() found a lesson. */
struct lesson_origin {
	bool by_path;      /**< named by its path, not found by id */
	bool shipped;      /**< found in the data folder */
	bool shadows;      /**< found earlier on the path than a shipped one of its id */
	size_t folder;     /**< its folder's index on the search path */
	const char *from;  /**< that folder's origin (data_library_folder()) */
};

/** @return whether @p arg names a lesson file rather than an id: it holds
 * a '/' or ends in ".yaml". */
bool lesson_is_path(const char *arg);

/**
 * Finds lesson @p arg: a lesson file when lesson_is_path(@p arg) (its id
 * is still its file's name: lesson_load()), else the id found along
 * @p lib's search path (data_library_find()).
 * @return 0 with @p path and @p origin; -ENOENT or -EINVAL with @p err
 * saying what is wrong (for an id, which lessons there are).
 */
int lesson_find_in(const struct data_library *lib, const char *arg, char *path,
		   size_t path_size, struct lesson_origin *origin, char *err,
		   size_t err_size);

/**
 * Lists the lesson ids of folder @p lessons_dir (its *.yaml files but the
 * curriculum), sorted, separated by ", ".
 * @return the number of ids, or a negative errno.
 */
int lesson_list_ids(const char *lessons_dir, char *out, size_t size);

#endif
