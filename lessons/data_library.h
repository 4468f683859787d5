/* data_library: the data folder as one command uses it, each file parsed
 * at most once, found along a search path: folders a command adds (an
 * academy's, the user's), then the data folder's. Scalp models and
 * needles are found by id and parsed the
 * first time they are asked for; lessons are kept by path once parsed
 * (lesson_load_once() in lesson_load.h). A command makes one library,
 * hands it to every loader it calls, and frees it at the end, so a change
 * to a file is seen by the next command, never half-way through one.
 */
#ifndef SMPSIM_DATA_LIBRARY_H
#define SMPSIM_DATA_LIBRARY_H

#include <stddef.h>

struct data_library;
struct lesson;
struct needle;
struct scalp_model;

/**
 * A library of the data folder @p data_dir (its scalps/, needles/ and
 * lessons/), empty until asked. @p data_dir is copied.
 * @return 0 and *out, or -ENOMEM.
 */
int data_library_new(const char *data_dir, struct data_library **out);

/** Frees the library and everything it handed out. Accepts NULL. */
void data_library_free(struct data_library *lib);

/** @return the data folder; lives as long as the library. */
const char *data_library_dir(const struct data_library *lib);

/** The kinds of file found along the library's search path. */
enum data_kind { DATA_LESSON, DATA_SCALP, DATA_NEEDLE };

/**
 * Adds folder @p dir to the search path, after the folders added before it
 * and before the data folder's, which is always last. A folder holds
 * lessons (DIR/ID.yaml, DIR/curriculum.yaml), scalp models
 * (DIR/scalps/ID.yaml) and needles (DIR/needles/ID.yaml); the data
 * folder's are DATA/lessons, DATA/scalps and DATA/needles.
 * @param origin  how messages say where the folder came from
 *                ("$SMPSIM_LESSONS_PATH"); copied
 * @return 0, or -ENOMEM.
 */
int data_library_add_folder(struct data_library *lib, const char *dir, const char *origin);

/** @return how many folders the search path has, the data folder's last. */
size_t data_library_folder_count(const struct data_library *lib);

/**
 * Folder @p i of the search path for @p kind into @p out ("DIR/scalps",
 * "DATA/lessons"); its origin (data_library_add_folder(), "the data
 * folder" for the last) into *origin when not NULL.
 */
void data_library_folder(const struct data_library *lib, size_t i, enum data_kind kind,
			 char *out, size_t size, const char **origin);

/**
 * Finds file @p id of @p kind: FOLDER/ID.yaml in the first folder of the
 * search path that has one (a lesson named like the curriculum is none).
 * @param folder  receives the index of the folder it was found in, when
 *                not NULL
 * @return 0 with @p path; -EINVAL for an id that is not a plain name, or
 * -ENOENT, with @p err saying which ids there are along the path.
 */
int data_library_find(const struct data_library *lib, enum data_kind kind, const char *id,
		      char *path, size_t path_size, size_t *folder, char *err,
		      size_t err_size);

/**
 * Lists the ids of @p kind found along the search path, each once, sorted,
 * separated by ", ", into @p out (the curriculum is no lesson).
 * @return the number of ids.
 */
int data_library_list(const struct data_library *lib, enum data_kind kind, char *out,
		      size_t size);

/**
 * The curriculum: curriculum.yaml in the first folder of the search path
 * that has one (an academy's folder may carry its own), into @p path.
 * @return the index of its folder, or -ENOENT with @p path naming the data
 * folder's, which is looked at last.
 */
int data_library_curriculum(const struct data_library *lib, char *path, size_t size);

/**
 * Scalp model @p id (DATA/scalps/ID.yaml), parsed the first time.
 * @param out  set to the model, which lives as long as the library
 * @return 0; -ENOENT for an id that is not there or not a plain name,
 * with a sentence naming the ids there are in @p err; -EINVAL for a bad
 * file, with "file:line: what is wrong"; -ENOMEM.
 */
int data_library_scalp(struct data_library *lib, const char *id,
		       const struct scalp_model **out, char *err, size_t err_size);

/** Needle @p id (DATA/needles/ID.yaml), as data_library_scalp(). */
int data_library_needle(struct data_library *lib, const char *id,
			const struct needle **out, char *err, size_t err_size);

/**
 * @param text, text_len  when not NULL, receive the bytes the lesson was
 *                        parsed from (NUL-terminated; they live as long as
 *                        the library)
 * @return the lesson kept for @p path (data_library_keep_lesson), or NULL.
 */
const struct lesson *data_library_lesson(const struct data_library *lib,
					 const char *path, const char **text,
					 size_t *text_len);

/**
 * Keeps a copy of @p lesson, parsed from @p path, and @p text, the
 * @p text_len bytes it was parsed from (malloc'ed: the library owns them
 * from this call on, whatever it returns), for the library's life.
 * @return 0 with the copy in *kept, or -ENOMEM.
 */
int data_library_keep_lesson(struct data_library *lib, const char *path,
			     const struct lesson *lesson, char *text, size_t text_len,
			     const struct lesson **kept);

/** @return how many files were parsed into the library: models it parsed
 * and lessons kept. Each file counts once, however often it is asked for. */
unsigned int data_library_parsed(const struct data_library *lib);

#endif
