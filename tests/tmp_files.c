/* tmp_files: one mkdtemp folder, files numbered as they are written, all
 * of it removed at the end so a run leaves nothing behind.
 */
#define _XOPEN_SOURCE 700       /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmp_files.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[PATH_MAX];
static unsigned int serial;

int tmp_files_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/smpsim-test-XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int tmp_files_remove_tree(const char *path)
{
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tmp_files_teardown(void **state)
{
	(void)state;
	return tmp_files_remove_tree(dir);
}

const char *tmp_files_dir(void)
{
	return dir;
}

void tmp_files_write(const char *stem, const char *ext, const void *data,
		     size_t len, char *path, size_t path_size)
{
	int n = snprintf(path, path_size, "%s/%s-%u.%s", dir, stem, serial++, ext);
	FILE *f;

	assert_true(n > 0 && (size_t)n < path_size);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *tmp_files_read(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	if (size)
		*size = (size_t)n;
	return text;
}

void tmp_files_copy(const char *from, const char *to)
{
	size_t size;
	char *data = tmp_files_read(from, &size);
	FILE *f = fopen(to, "wb");

	assert_non_null(f);
	if (size)
		assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
	free(data);
}

void tmp_files_sha256(const char *path, char out[65])
{
	size_t size = strlen(path) + 32;
	char *cmd = malloc(size);
	FILE *p;

	assert_non_null(cmd);
	assert_null(strchr(path, '\''));   /* quoted for the shell below */
	snprintf(cmd, size, "sha256sum '%s'", path);
	assert_non_null(p = popen(cmd, "r"));
	assert_int_equal(fscanf(p, "%64s", out), 1);
	assert_int_equal(pclose(p), 0);
	free(cmd);
}

char *tmp_files_expand(const char *text, size_t len, char marker, char fill,
		       size_t pad, size_t *out_len)
{
	const char *at = memchr(text, marker, len);
	size_t head = at ? (size_t)(at - text) : len;
	size_t n = at ? len - 1 + pad : len;
	char *bytes = malloc(n + 1);

	assert_non_null(bytes);
	memcpy(bytes, text, head);
	if (at) {
		memset(bytes + head, fill, pad);
		memcpy(bytes + head + pad, at + 1, len - head - 1);
	}
	bytes[n] = '\0';
	*out_len = n;
	return bytes;
}

char *tmp_files_expand_markers(const char *text, size_t len, size_t *out_len)
{
	char *nul = tmp_files_expand(text, len, TMP_FILES_NUL, '\0', 1, &len);
	char *bytes = tmp_files_expand(nul, len, TMP_FILES_MIB, 'x', 1024 * 1024, out_len);

	free(nul);
	return bytes;
}
