/* tmp_files: a temporary folder per test program run, for tests that need
 * real files (bad recordings, data files); made by a cmocka group setup,
 * emptied and removed by its teardown.
 */
#ifndef SMPSIM_TMP_FILES_H
#define SMPSIM_TMP_FILES_H

#include <stddef.h>

/** cmocka group setup: creates $TMPDIR (or /tmp)/smpsim-test-XXXXXX. */
int tmp_files_setup(void **state);

/** cmocka group teardown: removes the folder and everything in it. */
int tmp_files_teardown(void **state);

/** Removes @p path and everything below it, links not followed.
 * @return 0, or -1 with errno set. */
int tmp_files_remove_tree(const char *path);

/** @return the folder of this run. */
const char *tmp_files_dir(void);

/**
 * Writes @p len bytes to a new file named STEM-N.EXT in the folder (N makes
 * every name unique); its path goes to @p path. Fails the test on error.
 */
void tmp_files_write(const char *stem, const char *ext, const void *data,
		     size_t len, char *path, size_t path_size);

/**
 * Reads the whole file @p path (any file, not only the folder's) into a
 * NUL-terminated buffer to free(); its length to *size (may be NULL).
 * Fails the test on error.
 */
char *tmp_files_read(const char *path, size_t *size);

/**
 * Copies the file @p from (any file) to a new or emptied file @p to, byte
 * for byte: a record handed to someone else, a data file to change. Fails
 * the test on error.
 */
void tmp_files_copy(const char *from, const char *to);

/**
 * The SHA-256 of the file @p path as sha256sum(1) gives it (an outside
 * program, so that a test does not check smpsim's hashing with itself):
 * 64 lower-case hex digits and a NUL in @p out. Fails the test on error.
 */
void tmp_files_sha256(const char *path, char out[65]);

/**
 * The @p len bytes of @p text with the first @p marker replaced by @p pad
 * copies of @p fill (as they are without one): files too long, or too
 * binary, to write as C strings. Fails the test when out of memory.
 * @return the bytes, NUL-terminated (free() them); their length in *out_len.
 */
char *tmp_files_expand(const char *text, size_t len, char marker, char fill,
		       size_t pad, size_t *out_len);

/** In tables of bad data files: the byte that becomes a NUL byte, and the
 * one that becomes 1 MiB of 'x' (a file over the limit of data files). */
#define TMP_FILES_NUL '\x01'
#define TMP_FILES_MIB '\x02'

/**
 * @p text (@p len bytes) as a bad data file of a table: its first
 * TMP_FILES_NUL made a NUL byte, its first TMP_FILES_MIB 1 MiB of 'x'.
 * @return the bytes (free() them); their length in *out_len.
 */
char *tmp_files_expand_markers(const char *text, size_t len, size_t *out_len);

#endif
