/* test-store-open: opening the trainee record (scoring/store/store_open.c), end
 * to end through build/smpsim: commands that only read write nothing, and
 * work wherever they cannot write; a file that is not a sound record is
 * refused and left byte for byte as it was.
 *
 * The record: `smpsim demo` (session 1, complete and scored), then a
 * forked child that begins session 2 through store.h and SIGKILLs itself
 * (in progress in the file, its program gone), times pinned. Each case
 * copies it to a folder of its own under /tmp (nobody must be able to
 * reach it), either as a writer leaves it (the database, an empty -wal and
 * the -shm) or as the database file alone (as an older smpsim, a copy or
 * the sqlite3 shell leave it), and runs the commands that read it
 * (trainee list, review, review --session, export, report) as child
 * processes:
 *   - a read-only file in a writable folder, and a writable file in a
 *     read-only folder: as nobody (setpriv) when the test runs as root,
 *     since root may write anything;
 *   - a full disk: a tmpfs filled to its last byte, mounted in a mount
 *     namespace of the test's own (needs root; said and skipped without),
 *     where export -o and report -o say "No space left on device";
 *   - no file may grow at all: RLIMIT_FSIZE 0 (prlimit), for any user;
 *   - beside a writer that holds the write lock and a session that runs.
 * Every run prints exactly what the same command printed on a plain copy
 * (where session 2, never marked, shows as interrupted: the live lock's
 * test), says nothing on stderr and exits 0; every file of the folder is
 * the same bytes afterwards, none made or gone.
 *
 * Then files that are not a sound record, given to the commands that
 * write (trainee add, practice, demo) and to those that read: other
 * programs' SQLite databases (rollback and WAL, with and without an
 * application id or a version), a text file, a newer smpsim's record, and
 * a damaged record (a page of its deposits overwritten): each refused with
 * its exact message and exit status, the folder unchanged; readers of the
 * damaged record show what they can read and say what they cannot.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_process.h"
#include "store_child.h"
#include "store_internal.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PATH_SIZE 512

static char base[64];                /* /tmp/smpsim-open-XXXXXX */
static char master[PATH_SIZE];       /* base/master/record.db */
static char report_out[PATH_SIZE];   /* base/out/report.html: anyone writes there */

/* ---- files ---- */

static void copy_file(const char *from, const char *to, mode_t mode)
{
	size_t size;
	char *data = tmp_files_read(from, &size);
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, size), (ssize_t)size);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	free(data);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		chmod(path, 0700);
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes @p dir and all in it, read-only folders too. */
static void remove_tree(const char *dir)
{
	chmod(dir, 0700);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Every file of a folder, with its bytes. */
struct snapshot {
	size_t count;
	char name[16][256];
	char *data[16];
	size_t size[16];
};

static void snapshot_take(const char *dir, struct snapshot *s)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	memset(s, 0, sizeof(*s));
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[PATH_SIZE + 64];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		assert_true(s->count < ARRAY_SIZE(s->name));
		snprintf(s->name[s->count], sizeof(s->name[0]), "%s", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		s->data[s->count] = tmp_files_read(path, &s->size[s->count]);
		s->count++;
	}
	closedir(d);
}

static void snapshot_free(struct snapshot *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->data[i]);
	memset(s, 0, sizeof(*s));
}

/* The folder holds what @p before held, byte for byte, nothing more. */
static void snapshot_same(const char *dir, struct snapshot *before)
{
	struct snapshot now;

	snapshot_take(dir, &now);
	for (size_t i = 0; i < before->count; i++) {
		size_t j = 0;

		while (j < now.count && strcmp(now.name[j], before->name[i]))
			j++;
		if (j == now.count)
			fail_msg("%s/%s is gone", dir, before->name[i]);
		if (now.size[j] != before->size[i] ||
		    memcmp(now.data[j], before->data[i], now.size[j]))
			fail_msg("%s/%s changed (%zu bytes, was %zu)", dir, now.name[j],
				 now.size[j], before->size[i]);
	}
	for (size_t j = 0; j < now.count; j++) {
		size_t i = 0;

		while (i < before->count && strcmp(now.name[j], before->name[i]))
			i++;
		if (i == before->count)
			fail_msg("%s/%s was made", dir, now.name[j]);
	}
	snapshot_free(&now);
	snapshot_free(before);
}

/* ---- running smpsim ---- */

enum as { AS_ME, AS_NOBODY, NO_FILE_GROWS };

/* Runs smpsim ARGS... --db DB (no --db when @p db is NULL) with TZ=UTC:
 * as it is, as nobody when root (else as this user, who is no root), or
 * with RLIMIT_FSIZE 0, where any write to a file fails (smpsim ignores
 * SIGXFSZ: EFBIG; its output goes through a pipe, which the limit spares,
 * stderr into stdout). */
static void run_as(enum as as, const char *const args[], const char *db,
		   struct child_result *res)
{
	static const char *const no_growth[] = {
		"/bin/bash", "-c", ("set -o pipefail; /usr/bin/prlimit --fsize=0 -- \"$@\" "
				    "2>&1 | /bin/cat"), "smpsim",
	};
	const char *argv[32];
	const char *env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };
	size_t n = 0;

	if (as == AS_NOBODY)
		n += child_as_nobody(argv + n);
	if (as == NO_FILE_GROWS)
		for (size_t i = 0; i < ARRAY_SIZE(no_growth); i++)
			argv[n++] = no_growth[i];
	argv[n++] = SMPSIM_BINARY;
	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 3);
		argv[n++] = args[i];
	}
	if (db) {
		argv[n++] = "--db";
		argv[n++] = db;
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* ---- the record ---- */

/* The commands that only read the record; "@" is report_out. */
static const char *const readers[][8] = {
	{ "trainee", "list", NULL },
	{ "review", NULL },
	{ "review", "--session", "2", NULL },
	{ "review", "--session", "1", "--json", NULL },
	{ "export", "--session", "1", "--format", "csv", NULL },
	{ "report", "--session", "1", "-o", "@", NULL },
};
#define REPORT 5

/* What each printed on a plain copy of the record, and the report's page. */
static char *reference[ARRAY_SIZE(readers)];
static char *reference_page;
static size_t reference_page_size;

static void reader_args(size_t i, const char *args[8])
{
	for (size_t k = 0; k < 8; k++)
		args[k] = readers[i][k] && !strcmp(readers[i][k], "@") ? report_out :
			  readers[i][k];
}

static void raw_exec(const char *db, const char *sql)
{
	sqlite3 *raw;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	if (sqlite3_exec(raw, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);
}

enum layout {
	DB_ALONE,        /* the database file and -live */
	AS_WRITTEN,      /* and an empty -wal and the -shm, as a writer leaves them */
};

/* The companions a writer leaves: a connection keeping its WAL, closed. */
static void leave_companions(const char *db)
{
	sqlite3 *raw;
	int one = 1;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_file_control(raw, "main", SQLITE_FCNTL_PERSIST_WAL, &one),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA journal_size_limit = 0;"
				      "SELECT count(*) FROM sessions", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_close(raw), SQLITE_OK);
}

/* The folder base/NAME (@p dir) with a copy of the record (@p db) laid
 * out as @p layout, every file of mode @p file_mode, the folder
 * @p dir_mode. */
static void make_case(const char *name, enum layout layout, mode_t dir_mode,
		      mode_t file_mode, char *dir, char *db)
{
	static const char *const companions[] = { "-wal", "-shm", "-live" };
	char from[PATH_SIZE + 8], to[PATH_SIZE + 8];

	snprintf(dir, PATH_SIZE, "%s/%s", base, name);
	snprintf(db, PATH_SIZE, "%s/record.db", dir);
	remove_tree(dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	copy_file(master, db, 0644);
	snprintf(from, sizeof(from), "%s-live", master);
	snprintf(to, sizeof(to), "%s-live", db);
	copy_file(from, to, 0644);
	if (layout == AS_WRITTEN)
		leave_companions(db);
	for (size_t i = 0; i < ARRAY_SIZE(companions); i++) {
		snprintf(to, sizeof(to), "%s%s", db, companions[i]);
		if (access(to, F_OK) == 0)
			assert_int_equal(chmod(to, file_mode), 0);
	}
	assert_int_equal(chmod(db, file_mode), 0);
	assert_int_equal(chmod(dir, dir_mode), 0);
}

/* Runs every reader on @p db (report too unless @p skip_report) and
 * checks each printed its reference, and the folder @p dir is unchanged. */
static void readers_read(enum as as, const char *dir, const char *db, bool skip_report)
{
	struct snapshot before;

	snapshot_take(dir, &before);
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++) {
		const char *args[8];
		struct child_result res;

		if (i == REPORT && skip_report)
			continue;
		reader_args(i, args);
		unlink(report_out);
		run_as(as, args, db, &res);
		if (res.status != 0 || res.err[0])
			fail_msg("smpsim %s %s: exit %d: %s%s", args[0], args[1] ? args[1] : "",
				 res.status, res.err, as == NO_FILE_GROWS ? res.out : "");
		child_expect(&res, 0, reference[i], "");
		child_result_free(&res);
		if (i == REPORT) {
			size_t size;
			char *page = tmp_files_read(report_out, &size);

			assert_int_equal(size, reference_page_size);
			assert_memory_equal(page, reference_page, size);
			free(page);
			unlink(report_out);
		}
	}
	snapshot_same(dir, &before);
}

static int setup(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE], demo_page[PATH_SIZE + 16];
	const char *demo[] = { "demo", "--audio", "none", "-o", demo_page, NULL };
	struct child_result res;

	(void)state;
	snprintf(base, sizeof(base), "/tmp/smpsim-open-XXXXXX");
	if (!mkdtemp(base) || chmod(base, 0755) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/master", base);
	snprintf(master, sizeof(master), "%s/master/record.db", base);
	snprintf(demo_page, sizeof(demo_page), "%s/demo.html", dir);
	snprintf(report_out, sizeof(report_out), "%s/out", base);
	if (mkdir(dir, 0755) < 0 || mkdir(report_out, 0777) < 0 || chmod(report_out, 0777) < 0)
		return -1;
	snprintf(report_out, sizeof(report_out), "%s/out/report.html", base);

	run_as(AS_ME, demo, master, &res);
	if (res.status != 0) {
		fprintf(stderr, "smpsim demo: %d: %s\n", res.status, res.err);
		return -1;
	}
	child_result_free(&res);
	unlink(demo_page);
	assert_int_equal(store_child_dead(master, 3), 0);
	/* Times pinned; the connection closes last, so -wal and -shm go. */
	raw_exec(master, "UPDATE trainees SET created = '2025-03-01T08:00:00.000Z';"
		 "UPDATE sessions SET started = '2025-03-0' || (id + 1) || 'T09:3' || id || "
		 "':05.000Z', ended = CASE WHEN status = 1 THEN '2025-03-0' || (id + 1) || "
		 "'T09:4' || id || ':06.500Z' END");

	/* The references, on a plain copy the test's own user may write. */
	make_case("reference", DB_ALONE, 0755, 0644, dir, db);
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++) {
		const char *args[8];

		reader_args(i, args);
		run_as(AS_ME, args, db, &res);
		if (res.status != 0 || res.err[0]) {
			fprintf(stderr, "reference: smpsim %s: %d: %s\n", args[0], res.status,
				res.err);
			return -1;
		}
		reference[i] = res.out;
		free(res.err);
	}
	reference_page = tmp_files_read(report_out, &reference_page_size);
	unlink(report_out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		free(reference[i]);
	free(reference_page);
	remove_tree(base);
	return 0;
}

/* ---- readers write nothing ---- */

/* The references themselves: session 2 shows interrupted, unmarked. */
static void test_reference(void **state)
{
	const char *line;
	sqlite3 *raw;
	sqlite3_stmt *stmt;

	(void)state;
	assert_string_equal(reference[0], "id  sessions  added       name\n"
			    " 1         2  2025-03-01  Demo\n");
	line = strstr(reference[1], "\n2  2025-03-03 09:32  Demo     l  ");
	assert_non_null(line);
	assert_true(strncmp(strchr(line + 1, '\n') - 19, "  interrupted  live", 19) == 0);
	assert_non_null(strstr(reference[2], "\nstatus      interrupted, 0.3 s (" STORE_REASON_GONE ")\n"));
	assert_non_null(strstr(reference[3], "\"status\": \"complete\""));
	/* The file still says "in progress": nobody marked it. */
	assert_int_equal(sqlite3_open_v2(master, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT status FROM sessions WHERE id = 2",
					    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), STORE_IN_PROGRESS);
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
}

/* A writer that cannot write says so, and leaves the folder as it was. */
static void writer_cannot(const char *dir, const char *db, const char *what)
{
	const char *add[] = { "trainee", "add", "Zed", NULL };
	struct child_result res;
	struct snapshot before;
	char want[8 * PATH_SIZE];

	snapshot_take(dir, &before);
	run_as(AS_NOBODY, add, db, &res);
	snapshot_same(dir, &before);
	snprintf(want, sizeof(want), "smpsim trainee: %s: cannot write the record: %s\n", db,
		 what);
	child_expect(&res, 1, "", want);
	child_result_free(&res);
}

static void test_read_only_file(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE];

	(void)state;
	make_case("ro-file", DB_ALONE, 0777, 0444, dir, db);
	readers_read(AS_NOBODY, dir, db, false);
	writer_cannot(dir, db, "Permission denied (commands that only read it, such as "
		      "review, still can)");
	make_case("ro-file", AS_WRITTEN, 0777, 0444, dir, db);
	readers_read(AS_NOBODY, dir, db, false);
}

static void test_read_only_folder(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE];

	(void)state;
	make_case("ro-folder", DB_ALONE, 0555, 0666, dir, db);
	readers_read(AS_NOBODY, dir, db, false);
	{
		char what[3 * PATH_SIZE];

		snprintf(what, sizeof(what), "its folder is not writable, and SQLite keeps "
			 "%s-wal and %s-shm beside it", db, db);
		writer_cannot(dir, db, what);
	}
	make_case("ro-folder", AS_WRITTEN, 0555, 0666, dir, db);
	readers_read(AS_NOBODY, dir, db, false);
}

/* A new record where none can be made: the reason named with the path
 * (a folder of mode 555 said "No such file or directory", SQLite's errno
 * of its read-only second try). Mode 555 stops nobody but root, so the
 * program runs as nobody then (setpriv); a folder that is a file stops
 * root too. */
static void test_new_record_cannot_be_made(void **state)
{
	static const struct {
		const char *name;
		enum as as;
		bool file;              /* the "folder" is a regular file */
		const char *why;
	} cases[] = {
		{ "new-in-555", AS_NOBODY, false, "Permission denied" },
		{ "new-in-a-file", AS_ME, true, "Not a directory" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *add[] = { "trainee", "add", "Zed", NULL };
		char dir[PATH_SIZE], db[PATH_SIZE + 16], want[2 * PATH_SIZE];
		struct child_result res;
		struct snapshot before;

		snprintf(dir, sizeof(dir), "%s/%s", base, cases[i].name);
		snprintf(db, sizeof(db), "%s/new.db", dir);
		if (cases[i].file) {
			copy_file(master, dir, 0644);
		} else {
			assert_int_equal(mkdir(dir, 0755), 0);
			assert_int_equal(chmod(dir, 0555), 0);
			snapshot_take(dir, &before);
		}
		run_as(cases[i].as, add, db, &res);
		if (!cases[i].file)
			snapshot_same(dir, &before);
		snprintf(want, sizeof(want), "smpsim trainee: %s: %s\n", db, cases[i].why);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}
}

static void test_no_file_grows(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE];

	(void)state;
	make_case("no-growth", DB_ALONE, 0755, 0644, dir, db);
	readers_read(NO_FILE_GROWS, dir, db, true);
	make_case("no-growth", AS_WRITTEN, 0755, 0644, dir, db);
	readers_read(NO_FILE_GROWS, dir, db, true);
}

/* Fills the file system of @p dir to its last byte. */
static void fill(const char *dir)
{
	char path[PATH_SIZE + 16], block[4096];
	struct statvfs vfs;
	int fd;

	snprintf(path, sizeof(path), "%s/fill", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	memset(block, 0xa5, sizeof(block));
	while (write(fd, block, sizeof(block)) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	close(fd);
	assert_int_equal(statvfs(dir, &vfs), 0);
	assert_int_equal(vfs.f_bavail, 0);
}

/* export -o and report -o onto the full disk: refused with the write's
 * own reason (they said "Input/output error"), nothing left there. */
static void full_disk_writes(const char *dir, const char *db)
{
	static const struct {
		const char *args[8];    /* "@": the file, in the full folder */
		const char *file;
	} writes[] = {
		{ { "export", "--session", "1", "--format", "csv", "-o", "@", NULL }, "x.csv" },
		{ { "export", "--session", "1", "--format", "json", "-o", "@", NULL }, "x.json" },
		{ { "report", "--session", "1", "-o", "@", NULL }, "x.html" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(writes); i++) {
		char path[PATH_SIZE + 16], want[2 * PATH_SIZE + 64];
		const char *args[8];
		struct child_result res;
		struct snapshot before;

		snprintf(path, sizeof(path), "%s/%s", dir, writes[i].file);
		for (size_t k = 0; k < 8; k++)
			args[k] = writes[i].args[k] && !strcmp(writes[i].args[k], "@") ? path :
				  writes[i].args[k];
		snapshot_take(dir, &before);
		run_as(AS_ME, args, db, &res);
		snapshot_same(dir, &before);
		snprintf(want, sizeof(want), "smpsim %s: %s: No space left on device\n",
			 args[0], path);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}
}

static void test_full_disk(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE], keep[PATH_SIZE + 16];

	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		print_message("a full disk needs a tmpfs of its own, mounted as root in a "
			      "mount namespace: %s; test_no_file_grows stands in\n",
			      geteuid() ? "not root" : strerror(errno));
		skip();
	}
	for (int layout = DB_ALONE; layout <= AS_WRITTEN; layout++) {
		/* The case made on the disk, then moved onto a small tmpfs. */
		make_case("full", (enum layout)layout, 0755, 0644, dir, db);
		snprintf(keep, sizeof(keep), "%s/full-files", base);
		assert_int_equal(rename(dir, keep), 0);
		assert_int_equal(mkdir(dir, 0755), 0);
		assert_int_equal(mount("tmpfs", dir, "tmpfs", 0, "size=1m,mode=0755"), 0);
		{
			static const char *const names[] = { "record.db", "record.db-live",
							     "record.db-wal", "record.db-shm" };

			for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
				char from[2 * PATH_SIZE], to[2 * PATH_SIZE];

				snprintf(from, sizeof(from), "%s/%s", keep, names[i]);
				snprintf(to, sizeof(to), "%s/%s", dir, names[i]);
				if (access(from, F_OK) == 0)
					copy_file(from, to, 0644);
			}
		}
		remove_tree(keep);
		fill(dir);
		readers_read(AS_ME, dir, db, false);
		full_disk_writes(dir, db);
		assert_int_equal(umount2(dir, MNT_DETACH), 0);
	}
}

/* In a child: holds the write lock of @p db with a row not committed
 * (after pinning the later sessions' times), tells @p ready, and rolls
 * back and ends when @p go is closed. A process of its own, so that the
 * test's reading the files (close() drops a process's POSIX locks) cannot
 * take its locks away. */
static void child_writer(const char *db, int ready, int go)
{
	sqlite3 *writer;
	char c;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (sqlite3_open(db, &writer) != SQLITE_OK ||
	    sqlite3_exec(writer, "UPDATE sessions SET started = '2025-03-0' || (id + 1) || "
			 "'T09:3' || id || ':05.000Z' WHERE id > 2; BEGIN IMMEDIATE;"
			 "INSERT INTO trainees (name, name_key, created) VALUES "
			 "('Uncommitted', 'Uncommitted', '2025-03-09T00:00:00.000Z')",
			 NULL, NULL, NULL) != SQLITE_OK)
		_exit(3);
	if (write(ready, "w", 1) != 1)
		_exit(4);
	while (read(go, &c, 1) > 0)
		;
	sqlite3_exec(writer, "ROLLBACK", NULL, NULL, NULL);
	_exit(sqlite3_close(writer) == SQLITE_OK ? 0 : 5);
}

/* Beside a writer: a session running in another program (3), one whose
 * program died and that no writer marked yet (4), and a program that
 * holds the write lock with a row not committed. */
static void test_beside_a_writer(void **state)
{
	const char *list[] = { "trainee", "list", NULL }, *review[] = { "review", NULL };
	const char *add[] = { "trainee", "add", "Zed", NULL };
	char dir[PATH_SIZE], db[PATH_SIZE];
	struct child_result res;
	struct snapshot before;
	int ready[2], go[2], status;
	sqlite3 *probe;
	char c;
	pid_t live, writer;

	(void)state;
	make_case("writer", AS_WRITTEN, 0755, 0644, dir, db);
	live = store_child_live(db, 3);
	assert_true(live > 0);
	assert_int_equal(store_child_dead(db, 3), 0);
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		close(go[1]);
		child_writer(db, ready[1], go[0]);
	}
	close(go[0]);
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	/* The write lock is taken indeed. */
	assert_int_equal(sqlite3_open(db, &probe), SQLITE_OK);
	assert_int_equal(sqlite3_exec(probe, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_BUSY);
	sqlite3_close(probe);

	snapshot_take(dir, &before);
	run_as(AS_ME, list, db, &res);
	child_expect(&res, 0, "id  sessions  added       name\n"
	       " 1         4  2025-03-01  Demo\n", "");
	child_result_free(&res);
	run_as(AS_ME, review, db, &res);
	assert_int_equal(res.status, 0);
	assert_string_equal(res.err, "");
	/* Session 2 was marked by session 3's program as it opened the record;
	 * 3 runs; 4's program is gone, and nobody marked it. */
	assert_non_null(strstr(res.out, "\n2  2025-03-03 09:32  Demo     l                  "
			       "-  -          0  interrupted  live\n"
			       "3  2025-03-04 09:33  Demo     l                  "
			       "-  -          0  in-progress  live\n"
			       "4  2025-03-05 09:34  Demo     l                  "
			       "-  -          0  interrupted  live\n"));
	child_result_free(&res);
	for (size_t i = 3; i < ARRAY_SIZE(readers); i++) {
		const char *args[8];

		reader_args(i, args);
		run_as(AS_ME, args, db, &res);
		child_expect(&res, 0, reference[i], "");
		child_result_free(&res);
		unlink(report_out);
	}
	snapshot_same(dir, &before);

	/* The writer marks what the readers showed, and says so. */
	close(go[1]);
	assert_int_equal(waitpid(writer, &status, 0), writer);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	kill(live, SIGKILL);
	assert_int_equal(waitpid(live, &status, 0), live);
	run_as(AS_ME, add, db, &res);
	child_expect(&res, 0, "added trainee 2: Zed\n", "smpsim trainee: 2 sessions left in "
	       "progress by a program that stopped now marked interrupted\n");
	child_result_free(&res);
}

/* ---- files that are not a sound record ---- */

static const char *const writers[][10] = {
	{ "trainee", "add", "Anna", NULL },
	{ "practice", "--trainee", "Anna", "--lesson", "soft-hairline", "--replay",
	  SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu", "--audio", "none", NULL },
	{ "demo", "--audio", "none", "-o", "@", NULL },
};
/* What each says before it opens the record: nothing for practice, which
 * looks its trainee up first; the sound it chose for the demo, which
 * opens its record last. */
static const char *const writers_first[] = { "", "", "audio: none\n" };

/* Every writer and reader on @p db in @p dir: exit @p status and the
 * message "smpsim CMD: DB: @p what", the folder unchanged. */
static void refused(const char *dir, const char *db, int status, const char *what)
{
	char want[4096];

	for (size_t i = 0; i < ARRAY_SIZE(writers) + ARRAY_SIZE(readers); i++) {
		const char *args[10];
		struct child_result res;
		struct snapshot before;

		if (i < ARRAY_SIZE(writers)) {
			for (size_t k = 0; k < 10; k++)
				args[k] = writers[i][k] && !strcmp(writers[i][k], "@") ?
					  report_out : writers[i][k];
		} else {
			reader_args(i - ARRAY_SIZE(writers), args);
		}
		snapshot_take(dir, &before);
		run_as(AS_ME, args, db, &res);
		snapshot_same(dir, &before);
		snprintf(want, sizeof(want), "%ssmpsim %s: %s: %s\n",
			 i < ARRAY_SIZE(writers) ? writers_first[i] : "", args[0], db, what);
		child_expect(&res, status, "", want);
		child_result_free(&res);
		assert_int_equal(access(report_out, F_OK), -1);
	}
}

static void foreign_case(const char *name, const char *sql, char *dir, char *db)
{
	snprintf(dir, PATH_SIZE, "%s/%s", base, name);
	snprintf(db, PATH_SIZE, "%s/%s/%s.db", base, name, name);
	assert_int_equal(mkdir(dir, 0755), 0);
	raw_exec(db, sql);
}

static void test_other_programs_files(void **state)
{
	static const char tables[] = "not an smpsim record but another program's SQLite "
				     "database (tables of its own, no application id); left "
				     "as it was";
	char dir[PATH_SIZE], db[PATH_SIZE];

	(void)state;
	/* A rollback-journal database: smpsim used to switch it to WAL first. */
	foreign_case("contacts", "CREATE TABLE contacts (name TEXT);"
		     "INSERT INTO contacts VALUES ('Anna')", dir, db);
	refused(dir, db, 2, tables);
	/* One in WAL mode, closed: no -wal or -shm may appear beside it. */
	foreign_case("wal", "PRAGMA journal_mode = WAL; CREATE TABLE notes (t TEXT)", dir, db);
	refused(dir, db, 2, tables);
	/* Another program's application id. */
	foreign_case("app42", "PRAGMA application_id = 42; PRAGMA user_version = 1;"
		     "CREATE TABLE x (y)", dir, db);
	refused(dir, db, 2, "not an smpsim record but another program's SQLite database "
		"(application id 0x0000002a); left as it was");
	/* A version but no application id: not ours either (it was taken for
	 * an up-to-date record). */
	foreign_case("version1", "PRAGMA user_version = 1; CREATE TABLE x (y)", dir, db);
	refused(dir, db, 2, tables);
	/* Not SQLite at all. */
	snprintf(dir, PATH_SIZE, "%s/text", base);
	snprintf(db, PATH_SIZE, "%s/text/scores.csv", base);
	assert_int_equal(mkdir(dir, 0755), 0);
	{
		int fd = open(db, O_WRONLY | O_CREAT | O_EXCL, 0644);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, "name,score\nAnna,90\n", 19), 19);
		close(fd);
	}
	refused(dir, db, 2, "not an SQLite database");
	/* A newer smpsim's record. */
	foreign_case("newer", "PRAGMA application_id = 1397575795; CREATE TABLE later (x);"
		     "PRAGMA user_version = 99", dir, db);
	refused(dir, db, 1, "made by a newer smpsim: its schema is version 99, this smpsim "
		"knows versions up to 6; use a newer smpsim or another database");
}

/* A page of the deposits overwritten: writers refuse it whole; readers
 * show what does not need that page and say the record is damaged. */
static void test_damaged_record(void **state)
{
	char dir[PATH_SIZE], db[PATH_SIZE], uri[PATH_SIZE + 32], want[4096], what[256];
	const char *session[] = { "review", "--session", "1", NULL };
	const char *export[] = { "export", "--session", "1", "--format", "csv", NULL };
	struct child_result res;
	struct snapshot before;
	sqlite3 *raw;
	sqlite3_stmt *stmt;
	int64_t page, page_size;
	const char *cut;
	int fd;

	(void)state;
	make_case("damaged", AS_WRITTEN, 0755, 0644, dir, db);
	snprintf(uri, sizeof(uri), "file://%s?mode=ro&immutable=1", db);
	assert_int_equal(sqlite3_open_v2(uri, &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
					 NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT rootpage, (SELECT page_size FROM "
		"pragma_page_size) FROM sqlite_master WHERE name = 'deposits'", -1, &stmt,
		NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	page = sqlite3_column_int64(stmt, 0);
	page_size = sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
	fd = open(db, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\xff\xff\xff\xff", 4, (page - 1) * page_size), 4);
	close(fd);
	snprintf(what, sizeof(what), "Page %lld: btreeInitPage() returns error code 11",
		 (long long)page);

	/* Writers: refused before anything is written. */
	for (size_t i = 0; i < ARRAY_SIZE(writers); i++) {
		const char *args[10];

		for (size_t k = 0; k < 10; k++)
			args[k] = writers[i][k] && !strcmp(writers[i][k], "@") ? report_out :
				  writers[i][k];
		snapshot_take(dir, &before);
		run_as(AS_ME, args, db, &res);
		snapshot_same(dir, &before);
		snprintf(want, sizeof(want), "%ssmpsim %s: %s: the record is damaged (PRAGMA "
			 "quick_check: %s); nothing was written to it; salvage what can be "
			 "read into a new record with sqlite3 (.recover, or .dump where "
			 ".recover is missing, as on Debian 12): see 'A damaged record' in "
			 "docs/instructor-guide.md\n", writers_first[i], args[0], db, what);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}

	/* Readers: what needs no deposit is whole ... */
	snapshot_take(dir, &before);
	for (size_t i = 0; i < 2; i++) {
		const char *args[8];

		reader_args(i, args);
		run_as(AS_ME, args, db, &res);
		child_expect(&res, 0, reference[i], "");
		child_result_free(&res);
	}
	/* ... one session shown up to its deposits, then the damage said. */
	run_as(AS_ME, session, db, &res);
	snprintf(want, sizeof(want), "smpsim review: %s is damaged: counting faults: "
		 "database disk image is malformed; salvage what can be read into a new "
		 "record with sqlite3 (.recover, or .dump where .recover is missing, as on "
		 "Debian 12): see 'A damaged record' in docs/instructor-guide.md\n", db);
	assert_string_equal(res.err, want);
	assert_int_equal(res.status, 1);
	{
		/* The same command on a sound copy, cut before the faults. */
		struct child_result sound;
		char ref_db[PATH_SIZE + 32];

		snprintf(ref_db, sizeof(ref_db), "%s/reference/record.db", base);
		run_as(AS_ME, session, ref_db, &sound);
		cut = strstr(sound.out, "\nfaults by kind\n");
		assert_non_null(cut);
		assert_int_equal(strlen(res.out), (size_t)(cut - sound.out));
		assert_memory_equal(res.out, sound.out, (size_t)(cut - sound.out));
		assert_non_null(strstr(res.out, "\nmeasures ("));
		child_result_free(&sound);
	}
	child_result_free(&res);
	run_as(AS_ME, export, db, &res);
	snprintf(want, sizeof(want), "smpsim export: %s is damaged: reading deposits: "
		 "database disk image is malformed; salvage what can be read into a new "
		 "record with sqlite3 (.recover, or .dump where .recover is missing, as on "
		 "Debian 12): see 'A damaged record' in docs/instructor-guide.md\n", db);
	/* The CSV header went out before the first deposit was read. */
	cut = strchr(reference[4], '\n');
	assert_non_null(cut);
	assert_int_equal(strlen(res.out), (size_t)(cut - reference[4]) + 1);
	assert_memory_equal(res.out, reference[4], (size_t)(cut - reference[4]) + 1);
	assert_string_equal(res.err, want);
	assert_int_equal(res.status, 1);
	child_result_free(&res);
	{
		/* A page needs every deposit: none is written. */
		const char *args[8];

		reader_args(REPORT, args);
		char page_want[sizeof(want)];

		snprintf(page_want, sizeof(page_want), "smpsim report: %s",
			 want + strlen("smpsim export: "));
		run_as(AS_ME, args, db, &res);
		child_expect(&res, 1, "", page_want);
		assert_int_equal(access(report_out, F_OK), -1);
	}
	child_result_free(&res);
	snapshot_same(dir, &before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference),
		cmocka_unit_test(test_read_only_file),
		cmocka_unit_test(test_read_only_folder),
		cmocka_unit_test(test_new_record_cannot_be_made),
		cmocka_unit_test(test_no_file_grows),
		cmocka_unit_test(test_beside_a_writer),
		cmocka_unit_test(test_other_programs_files),
		cmocka_unit_test(test_damaged_record),
		/* Last: it moves this process into a mount namespace of its own. */
		cmocka_unit_test(test_full_disk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
