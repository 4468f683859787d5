/* test-out-file: rig/files/out_file.c on real files in a temporary folder, for
 * what the command-line tests (test-output-files, test-output-live) cannot
 * reach: something appearing at the name between the open and the commit
 * (a file without --force, a FIFO even with it), a write that fails (the
 * file-size limit: EFBIG), an abandoned file, a name found only at the
 * end (out_file_open_in + out_file_set_name), a name as long as a name can
 * be, the temporary's name and mode, and "-".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file_traps.h"
#include "out_file.h"

static char base[1024];
static unsigned int serial;

/* A new empty folder for one case. */
static void folder(char *dir, size_t size)
{
	snprintf(dir, size, "%s/%u", base, serial++);
	assert_int_equal(mkdir(dir, 0755), 0);
}

static struct out_file *open_ok(const char *path, unsigned int flags)
{
	char err[OUT_FILE_ERROR_MAX];
	struct out_file *f;

	if (out_file_open(path, flags, &f, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return f;
}

/* The temporary is NAME.XXXXXX.part beside NAME, mode 0644 less the umask;
 * the commit renames it and leaves nothing else. */
static void test_temporary_and_commit(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], err[OUT_FILE_ERROR_MAX];
	struct file_traps_snapshot s;
	const char *temp;
	struct out_file *f;
	struct stat st;
	mode_t old;

	(void)state;
	folder(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/page.html", dir);
	old = umask(027);
	f = open_ok(path, 0);
	umask(old);
	temp = out_file_temp_path(f);
	assert_int_equal(strncmp(temp, path, strlen(path)), 0);
	assert_int_equal(strlen(temp), strlen(path) + 12);
	assert_int_equal(temp[strlen(path)], '.');
	assert_string_equal(temp + strlen(path) + 7, ".part");
	assert_int_equal(lstat(temp, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(access(path, F_OK), -1);
	assert_string_equal(out_file_path(f), path);
	assert_false(out_file_is_stdout(f));
	fputs("whole\n", out_file_stream(f));
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	file_traps_snapshot(dir, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.e[0].name, "page.html");
	assert_string_equal(s.e[0].bytes, "whole\n");
	assert_int_equal(s.e[0].mode & 07777, 0640);
	file_traps_snapshot_free(&s);
}

/* Replaced with OUT_FILE_REPLACE, a file keeps its permissions (a report
 * kept private stays private), also when the name is given later; an
 * empty name is refused as such. */
static void test_replace_keeps_mode(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], err[OUT_FILE_ERROR_MAX];
	struct out_file *f;
	struct stat st;

	(void)state;
	folder(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/private.html", dir);
	file_traps_write(path, "old\n");
	assert_int_equal(chmod(path, 0600), 0);
	f = open_ok(path, OUT_FILE_REPLACE);
	fputs("new\n", out_file_stream(f));
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(out_file_open_in(dir, "later", OUT_FILE_REPLACE, &f, err, sizeof(err)),
			 0);
	assert_int_equal(out_file_set_name(f, "private.html", err, sizeof(err)), 0);
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);

	assert_int_equal(out_file_open("", 0, &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "an empty file name: give the file's name");
	assert_null(f);
}

/* Freed before the commit: the temporary goes, what was there stays. */
static void test_abandoned(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	struct file_traps_snapshot before, after;
	struct out_file *f;

	(void)state;
	assert_true(file_traps_case(base, "abandoned", "x.csv", FILE_TRAP_FILE, dir, sizeof(dir),
				    path, sizeof(path), &before));
	f = open_ok(path, OUT_FILE_REPLACE);
	fputs("half a fi", out_file_stream(f));
	out_file_free(f);
	file_traps_snapshot(dir, &after);
	file_traps_assert_untouched(&before, &after, NULL, "abandoned");
	file_traps_snapshot_free(&before);
	file_traps_snapshot_free(&after);
	out_file_free(NULL);
}

/* Kept (a recording a failed write stopped): the temporary stays with
 * what was written, the name is not made, a commit after it is refused,
 * and neither the free nor a signal afterwards removes it. */
static void test_kept(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], temp[PATH_MAX + 32], err[OUT_FILE_ERROR_MAX];
	struct file_traps_snapshot s;
	struct out_file *f;
	int status;
	pid_t pid;

	(void)state;
	folder(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/take.evemu", dir);
	f = open_ok(path, 0);
	snprintf(temp, sizeof(temp), "%s", out_file_temp_path(f));
	fputs("# EVEMU 1.3\n", out_file_stream(f));
	assert_int_equal(out_file_keep(f), 0);
	assert_int_equal(out_file_commit(f, err, sizeof(err)), -EINVAL);
	assert_string_equal(out_file_temp_path(f), temp);
	out_file_free(f);
	file_traps_snapshot(dir, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.e[0].name, temp + strlen(dir) + 1);
	assert_string_equal(s.e[0].bytes, "# EVEMU 1.3\n");
	file_traps_snapshot_free(&s);

	/* Kept, then Ctrl-C before the free: still there. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		out_file_remove_on_signal();
		if (out_file_open(path, 0, &f, err, sizeof(err)) < 0 || out_file_keep(f) < 0)
			_exit(3);
		raise(SIGINT);
		_exit(4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	file_traps_snapshot(dir, &s);
	assert_int_equal(s.n, 2);
	file_traps_snapshot_free(&s);
}

/* Ctrl-C, SIGTERM or SIGHUP in the middle of the work (a child process
 * that raises it with two files open): the temporaries go, what was at the
 * names stays, and the process still ends by that signal. */
static void test_signal_removes_temporaries(void **state)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP };

	(void)state;
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		char dir[PATH_MAX], path[PATH_MAX + 16], other[PATH_MAX + 16], name[32];
		struct file_traps_snapshot before, after;
		int status;
		pid_t pid;

		snprintf(name, sizeof(name), "signal-%d", signals[i]);
		assert_true(file_traps_case(base, name, "x.csv", FILE_TRAP_FILE, dir,
					    sizeof(dir), path, sizeof(path), &before));
		snprintf(other, sizeof(other), "%s/y.html", dir);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct out_file *a, *b;
			char err[OUT_FILE_ERROR_MAX];

			out_file_remove_on_signal();
			if (out_file_open(path, OUT_FILE_REPLACE, &a, err, sizeof(err)) < 0 ||
			    out_file_open(other, 0, &b, err, sizeof(err)) < 0)
				_exit(3);
			fputs("half a fi", out_file_stream(a));
			fflush(out_file_stream(a));
			raise(signals[i]);
			_exit(4);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), signals[i]);
		file_traps_snapshot(dir, &after);
		file_traps_assert_untouched(&before, &after, NULL, "signal");
		file_traps_snapshot_free(&before);
		file_traps_snapshot_free(&after);
	}
}

/* A file that appears at the name while the work goes on is not replaced
 * without OUT_FILE_REPLACE, and a FIFO that appears is not replaced with
 * it either: the commit looks again. (Between that look and the rename,
 * renameat2's RENAME_NOREPLACE holds the line; no test can time that.) */
static void test_appears_meanwhile(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], err[OUT_FILE_ERROR_MAX], want[2 * PATH_MAX];
	struct file_traps_snapshot before, after;
	struct out_file *f;

	(void)state;
	folder(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	f = open_ok(path, 0);
	fputs("new\n", out_file_stream(f));
	file_traps_set(FILE_TRAP_FILE, dir, path);
	file_traps_snapshot(dir, &before);
	assert_int_equal(out_file_commit(f, err, sizeof(err)), -EEXIST);
	snprintf(want, sizeof(want), "%s: File exists (--force overwrites it)", path);
	assert_string_equal(err, want);
	out_file_free(f);
	file_traps_snapshot(dir, &after);
	/* The temporary was in "before"; now only it is gone. */
	assert_int_equal(after.n, before.n - 1);
	assert_string_equal(file_traps_find(&after, "x.csv")->bytes, FILE_TRAPS_OLD_TEXT);
	file_traps_snapshot_free(&before);
	file_traps_snapshot_free(&after);

	folder(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/x.csv", dir);
	f = open_ok(path, OUT_FILE_REPLACE);
	file_traps_set(FILE_TRAP_FIFO, dir, path);
	assert_int_equal(out_file_commit(f, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: is a FIFO, not a regular file; nothing was written",
		 path);
	assert_string_equal(err, want);
	out_file_free(f);
	file_traps_snapshot(dir, &after);
	assert_int_equal(after.n, 2);       /* the victim and the FIFO */
	assert_true(S_ISFIFO(file_traps_find(&after, "x.csv")->mode));
	file_traps_snapshot_free(&after);
}

/* A write that fails (past the file-size limit) is never committed, and
 * the commit says the write's own errno, "File too large", not "Input/
 * output error": with data still buffered at the commit, and with none
 * (the failed write flushed earlier, nothing written after it: stdio
 * keeps only that an error happened, the file its errno). */
static void test_write_fails(void **state)
{
	static const struct {
		const char *folder;
		bool flush_first;       /* fflush() after the writes, before the commit */
	} cases[] = {
		{ "write-fails-buffered", false },
		{ "write-fails-flushed", true },
	};
	char dir[PATH_MAX], path[PATH_MAX + 16], err[OUT_FILE_ERROR_MAX], want[2 * PATH_MAX];
	char block[4096];
	struct file_traps_snapshot before, after;
	struct rlimit old, small = { 1024, 0 };
	struct out_file *f;
	int rc;

	(void)state;
	memset(block, 'x', sizeof(block));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(file_traps_case(base, cases[i].folder, "big.wav", FILE_TRAP_FILE,
					    dir, sizeof(dir), path, sizeof(path), &before));
		f = open_ok(path, OUT_FILE_REPLACE);
		assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
		small.rlim_max = old.rlim_max;
		signal(SIGXFSZ, SIG_IGN);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
		for (int k = 0; k < 4; k++)
			fwrite(block, 1, sizeof(block), out_file_stream(f));
		if (cases[i].flush_first)
			assert_int_equal(fflush(out_file_stream(f)), EOF);
		errno = 0;
		rc = out_file_commit(f, err, sizeof(err));
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
		signal(SIGXFSZ, SIG_DFL);
		assert_int_equal(out_file_write_errno(f), EFBIG);
		assert_int_equal(rc, -EFBIG);
		snprintf(want, sizeof(want), "%s: File too large", path);
		assert_string_equal(err, want);
		out_file_free(f);
		file_traps_snapshot(dir, &after);
		file_traps_assert_untouched(&before, &after, NULL, cases[i].folder);
		file_traps_snapshot_free(&before);
		file_traps_snapshot_free(&after);
	}
}

/* A name known only at the end; checked then as out_file_open checks. */
static void test_name_given_later(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], err[OUT_FILE_ERROR_MAX], want[2 * PATH_MAX];
	struct out_file *f;

	(void)state;
	folder(dir, sizeof(dir));
	assert_int_equal(out_file_open_in(dir, "report.html", 0, &f, err, sizeof(err)), 0);
	assert_null(out_file_path(f));
	assert_int_equal(out_file_commit(f, err, sizeof(err)), -EINVAL);
	snprintf(path, sizeof(path), "%s/report-7.html", dir);
	file_traps_write(path, "the first\n");
	assert_int_equal(out_file_set_name(f, "report-7.html", err, sizeof(err)), -EEXIST);
	snprintf(want, sizeof(want), "%s: File exists (--force overwrites it)", path);
	assert_string_equal(err, want);
	assert_int_equal(out_file_set_name(f, "a/b", err, sizeof(err)), -EINVAL);
	assert_int_equal(out_file_set_name(f, "report-8.html", err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/report-8.html", dir);
	assert_string_equal(out_file_path(f), path);
	fputs("the second\n", out_file_stream(f));
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	{
		char *text = file_traps_slurp(path, NULL);

		assert_string_equal(text, "the second\n");
		free(text);
	}
}

/* A name of 255 bytes: the temporary's stem is cut to fit NAME_MAX. */
static void test_longest_name(void **state)
{
	char dir[PATH_MAX], name[256], path[PATH_MAX + 300], err[OUT_FILE_ERROR_MAX];
	struct out_file *f;
	struct stat st;

	(void)state;
	folder(dir, sizeof(dir));
	memset(name, 'n', 255);
	name[255] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = open_ok(path, 0);
	assert_int_equal(strlen(strrchr(out_file_temp_path(f), '/') + 1), 255);
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	assert_int_equal(stat(path, &st), 0);
}

/* "-": standard output only when asked for; never closed. */
static void test_dash(void **state)
{
	char err[OUT_FILE_ERROR_MAX];
	struct out_file *f;

	(void)state;
	assert_int_equal(out_file_open("-", 0, &f, err, sizeof(err)), -EINVAL);
	assert_null(f);
	assert_string_equal(err, "-: standard output is not possible here; give a file name "
			    "(./- for a file named -)");
	assert_int_equal(access("-", F_OK), -1);
	f = open_ok("-", OUT_FILE_STDOUT);
	assert_true(out_file_is_stdout(f));
	assert_ptr_equal(out_file_stream(f), stdout);
	assert_null(out_file_temp_path(f));
	assert_int_equal(out_file_commit(f, err, sizeof(err)), 0);
	out_file_free(f);
	assert_true(fileno(stdout) >= 0 && fflush(stdout) == 0);
}

/* Names that are folders, whatever is there. */
static void test_folder_names(void **state)
{
	static const char *const names[] = { "", ".", ".." };
	char dir[PATH_MAX], path[PATH_MAX + 16], err[OUT_FILE_ERROR_MAX], want[2 * PATH_MAX];
	char victim[PATH_MAX + 8];
	struct out_file *f;

	(void)state;
	folder(dir, sizeof(dir));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(out_file_open(path, OUT_FILE_REPLACE, &f, err, sizeof(err)),
				 -EISDIR);
		snprintf(want, sizeof(want), "%s: is a directory, not a regular file; "
			 "nothing was written", path);
		assert_string_equal(err, want);
	}
	/* A folder part that is a file. */
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	file_traps_write(victim, "a file, not a folder\n");
	snprintf(path, sizeof(path), "%s/x", victim);
	assert_int_equal(out_file_open(path, 0, &f, err, sizeof(err)), -ENOTDIR);
	snprintf(want, sizeof(want), "%s: Not a directory", path);
	assert_string_equal(err, want);
}

static int setup(void **state)
{
	(void)state;
	return file_traps_base_new("smpsim-out-file", base, sizeof(base));
}

static int teardown(void **state)
{
	(void)state;
	return file_traps_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_temporary_and_commit),
		cmocka_unit_test(test_abandoned),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_replace_keeps_mode),
		cmocka_unit_test(test_signal_removes_temporaries),
		cmocka_unit_test(test_appears_meanwhile),
		cmocka_unit_test(test_write_fails),
		cmocka_unit_test(test_name_given_later),
		cmocka_unit_test(test_longest_name),
		cmocka_unit_test(test_dash),
		cmocka_unit_test(test_folder_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
