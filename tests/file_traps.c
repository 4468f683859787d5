/* file_traps: traps at an output's name and folder snapshots
 * (file_traps.h). Plain POSIX calls; failures fail the cmocka test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "file_traps.h"
#include "tmp_files.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

char *file_traps_slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}

void file_traps_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void make_socket(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(a.sun_path));
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	assert_int_equal(bind(fd, (const struct sockaddr *)&a, sizeof(a)), 0);
	close(fd);
}

bool file_traps_set(enum file_trap trap, const char *dir, const char *out)
{
	char victim[PATH_MAX + 8], part[PATH_MAX + 8];

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	file_traps_write(victim, FILE_TRAPS_VICTIM_TEXT);
	switch (trap) {
	case FILE_TRAP_NOTHING:
		break;
	case FILE_TRAP_LINK:
		assert_int_equal(symlink(victim, out), 0);
		break;
	case FILE_TRAP_PART_LINK:
		snprintf(part, sizeof(part), "%s.part", out);
		assert_int_equal(symlink(victim, part), 0);
		break;
	case FILE_TRAP_FIFO:
		assert_int_equal(mkfifo(out, 0644), 0);
		break;
	case FILE_TRAP_FOLDER:
		assert_int_equal(mkdir(out, 0755), 0);
		break;
	case FILE_TRAP_SOCKET:
		make_socket(out);
		break;
	case FILE_TRAP_DEVICE:
		if (mknod(out, S_IFCHR | 0666, makedev(1, 3)) < 0)
			return false;
		break;
	case FILE_TRAP_FILE:
		file_traps_write(out, FILE_TRAPS_OLD_TEXT);
		break;
	}
	return true;
}

void file_traps_snapshot(const char *dir, struct file_traps_snapshot *s)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	s->n = 0;
	while ((de = readdir(d))) {
		struct file_traps_entry *e;
		char path[PATH_MAX + NAME_MAX + 2];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		assert_true(s->n < sizeof(s->e) / sizeof(s->e[0]));
		e = &s->e[s->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", de->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(lstat(path, &st), 0);
		e->mode = st.st_mode;
		e->rdev = st.st_rdev;
		e->size = st.st_size;
		if (S_ISLNK(st.st_mode))
			assert_true(readlink(path, e->target, sizeof(e->target) - 1) > 0);
		if (S_ISREG(st.st_mode))
			e->bytes = file_traps_slurp(path, NULL);
	}
	closedir(d);
}

void file_traps_snapshot_free(struct file_traps_snapshot *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].bytes);
	s->n = 0;
}

const struct file_traps_entry *file_traps_find(const struct file_traps_snapshot *s,
					       const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].name, name))
			return &s->e[i];
	return NULL;
}

static bool same_entry(const struct file_traps_entry *a, const struct file_traps_entry *b)
{
	return a->mode == b->mode && a->rdev == b->rdev && a->size == b->size &&
	       !strcmp(a->target, b->target) &&
	       (!a->bytes || !memcmp(a->bytes, b->bytes, (size_t)a->size));
}

void file_traps_assert_untouched(const struct file_traps_snapshot *before,
				 const struct file_traps_snapshot *after,
				 const char *changed, const char *what)
{
	for (size_t i = 0; i < before->n; i++) {
		const struct file_traps_entry *b = &before->e[i];
		const struct file_traps_entry *a = file_traps_find(after, b->name);

		if (changed && !strcmp(b->name, changed))
			continue;
		if (!a)
			fail_msg("%s: %s is gone", what, b->name);
		if (!same_entry(a, b))
			fail_msg("%s: %s was changed", what, b->name);
	}
	for (size_t i = 0; i < after->n; i++)
		if (!file_traps_find(before, after->e[i].name) &&
		    !(changed && !strcmp(after->e[i].name, changed)))
			fail_msg("%s: %s was left behind", what, after->e[i].name);
}

int file_traps_base_new(const char *prefix, char *base, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	char cwd[PATH_MAX];

	snprintf(base, size, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
	if (!mkdtemp(base) || chmod(base, 0755) < 0)
		return -1;
	snprintf(cwd, sizeof(cwd), "%s/cwd", base);
	return mkdir(cwd, 0755) == 0 && chdir(cwd) == 0 ? 0 : -1;
}

int file_traps_base_free(const char *base)
{
	if (chdir("/") < 0)
		return -1;
	return tmp_files_remove_tree(base);
}

bool file_traps_case(const char *base, const char *name, const char *file,
		     enum file_trap trap, char *dir, size_t dir_size, char *path,
		     size_t path_size, struct file_traps_snapshot *before)
{
	int n = snprintf(dir, dir_size, "%s/%s", base, name);

	assert_true(n > 0 && (size_t)n < dir_size);
	n = snprintf(path, path_size, "%s/%s", dir, file);
	assert_true(n > 0 && (size_t)n < path_size);
	assert_int_equal(mkdir(dir, 0755), 0);
	if (!file_traps_set(trap, dir, path))
		return false;
	file_traps_snapshot(dir, before);
	return true;
}
