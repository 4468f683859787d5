/* tmp_files: a temporary folder per test program run, for tests that need
 * real files (bad recordings, data files); made by a cmocka group setup,
 * emptied and removed by its teardown.
 */
#ifndef SMPSIM_TMP_FILES_H
#define SMPSIM_TMP_FILES_H

#include <stddef.h>

/** cmocka group setup: creates $TMPDIR (or /tmp)/smpsim-test-XXXXXX. */
int tmp_files_setup(void **state);

/** cmocka group teardown: removes the folder and the files in it. */
int tmp_files_teardown(void **state);

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

#endif
