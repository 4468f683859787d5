/* data_file: finds a data file by kind and id (data/scalps/crown.yaml for
 * scalp model "crown") and lists the ids a kind has, so an unknown id is
 * answered with the ones that exist.
 */
#ifndef SMPSIM_DATA_FILE_H
#define SMPSIM_DATA_FILE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * @return whether @p id is a plain name, as data_file_find() takes one:
 * lower-case letters, digits, '-', '_' and '.', not empty and not
 * beginning with '.'.
 */
bool data_file_plain_id(const char *id);

/**
 * Finds DATA_DIR/FOLDER/ID.yaml.
 * @param folder  "scalps", "needles", "lessons" ...
 * @param what    how messages name the kind ("scalp model")
 * @return 0 with @p path, -EINVAL for an id that is not a plain name, or
 * -ENOENT; @p err then says which ids exist.
 */
int data_file_find(const char *data_dir, const char *folder, const char *what,
		   const char *id, char *path, size_t path_size,
		   char *err, size_t err_size);

/**
 * Adds the ids of folder @p dir (its *.yaml files' names without .yaml,
 * strdup'ed, unsorted) to @p ids from ids[*n] on, at most up to @p max.
 * @return 0, or a negative errno when the folder cannot be read.
 */
int data_file_names(const char *dir, char **ids, size_t max, size_t *n);

/** qsort() comparison of two ids (char *), as strcmp(). */
int data_file_by_name(const void *a, const void *b);

/**
 * Lists the ids of FOLDER, sorted, separated by ", ", into @p out.
 * @return the number of ids, or a negative errno.
 */
int data_file_list(const char *data_dir, const char *folder, char *out, size_t size);

#endif
