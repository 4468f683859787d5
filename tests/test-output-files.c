/* test-output-files: every file smpsim writes, against what a careless
 * user or an attacker can leave at its name, end to end.
 *
 * For each command that writes a file (export -o, report -o, --audio
 * wav: on inspect, score and practice, demo -o, and the refusals of
 * record -o and practice --record, which need no device to refuse), a
 * table of cases is run in a folder of its own: a symbolic link at the
 * final name (without and with --force), one at FILE.part (the
 * temporary name smpsim used to open with a plain fopen), a FIFO, a
 * folder, a socket and a character device at the final name (a FIFO and
 * a device with --force too), an existing file without and with --force,
 * "-" for standard
 * output, a folder the program cannot write (as nobody through setpriv
 * when the test runs as root, who writes anywhere) and one that is not
 * there. Each run is a child process of build/smpsim; the test asserts
 * the exact message line and exit status, that every planted thing (the
 * victim file a link points to above all) is byte for byte and type for
 * type what it was, that no temporary file is left, that a refused run
 * stores no session, and the mode of what is written (0644 less the
 * umask).
 *
 * Then demo's own cases: its default report never fails on a second run
 * (named by the session), and a bad -o stores nothing. The live commands'
 * successful runs (record -o, practice --record) are in
 * test-output-live.c, on a device umockdev emulates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "file_traps.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RECORDING SMPSIM_TEST_DATA_DIR "/evemu-corpus/stroke.evemu"

static char base[1024];              /* the test's folder, 0755 */
static char db[1100];                /* a record with trainee Ana, session 1 */
static char demo_db[1100];           /* demo's record */

/* ---- files ---- */

/* ---- running smpsim ---- */

/* Sessions in record @p path; 0 when there is no such file. */
static int64_t sessions_in(const char *path)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	int64_t n = -1;

	if (access(path, F_OK) != 0)
		return 0;
	assert_int_equal(sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(s, "SELECT count(*) FROM sessions", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(s);
	return n;
}

/* Runs smpsim with @p args (NULL-terminated), as nobody when @p as_nobody
 * and the test runs as root. */
static void smpsim(const char *const *args, bool as_nobody, struct child_result *res)
{
	static const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };
	const char *argv[40];
	size_t n = 0;

	if (as_nobody && geteuid() == 0) {
		argv[n++] = "/usr/bin/setpriv";
		argv[n++] = "--reuid=65534";
		argv[n++] = "--regid=65534";
		argv[n++] = "--clear-groups";
	}
	argv[n++] = SMPSIM_BINARY;
	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

/* Whether @p text holds @p line as a whole line. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

static void expect_line(const struct child_result *r, int status, const char *line,
			const char *what)
{
	if (!has_line(r->err, line))
		fail_msg("%s: no line \"%s\" in stderr:\n%s", what, line, r->err);
	if (r->status != status)
		fail_msg("%s: exit %d, not %d\n%s", what, r->status, status, r->err);
}

/* ---- the commands ---- */

/* A command that writes a file: its arguments, "@" for the output path
 * ("wav:@" for --audio's), "$DB" and "$DEMO" for the records. */
struct command {
	const char *label;
	const char *const args[20];   /* args[0] is the command's name */
	bool runs;               /* can succeed here (has what it needs) */
	bool to_stdout;          /* "-" is standard output */
	const char *dash_error;  /* else its message, exit 2 */
	const char *record;      /* the record it stores sessions in, or NULL */
};

static const char wav_dash[] = "smpsim: --audio wav:-: standard output carries the "
			       "command's own text; give a file name";

static const struct command commands[] = {
	{ "export", { "export", "--session", "1", "--format", "csv", "--db", "$DB", "-o", "@" },
	  true, true, NULL, NULL },
	{ "report", { "report", "--session", "1", "--db", "$DB", "-o", "@" },
	  true, true, NULL, NULL },
	{ "inspect", { "inspect", RECORDING, "--scalp", "crown", "--needle", "0601rl",
		       "--audio", "wav:@" }, true, false, wav_dash, NULL },
	{ "score", { "score", RECORDING, "--lesson", "depth-taps", "--audio", "wav:@" },
	  true, false, wav_dash, NULL },
	{ "practice-wav", { "practice", "--trainee", "Ana", "--lesson", "depth-taps",
			    "--replay", RECORDING, "--db", "$DB", "--audio", "wav:@" },
	  true, false, wav_dash, "$DB" },
	{ "demo", { "demo", "--db", "$DEMO", "--audio", "none", "-o", "@" },
	  true, false, "smpsim demo: -o -: standard output carries the demo's own text; "
		       "give a file name", "$DEMO" },
	{ "record", { "record", "--device", "/nonexistent/event0", "-o", "@" },
	  false, true, NULL, NULL },
	{ "practice-record", { "practice", "--trainee", "Ana", "--lesson", "depth-taps",
			       "--device", "/nonexistent/event0", "--db", "$DB",
			       "--audio", "none", "--record", "@" },
	  false, false, "smpsim practice: --record -: standard output carries the "
			"session's own text; give a file name", "$DB" },
};

enum expect {
	WRITTEN,             /* exit 0, a regular file at the name */
	REFUSED,             /* exit 1, the line, nothing changed */
};

struct row {
	const char *label;
	enum file_trap plant;
	bool force;
	enum expect expect;
	const char *line;    /* "@" is the output path */
};

static const struct row rows[] = {
	{ "a link at the name", FILE_TRAP_LINK, false, REFUSED,
	  "@: File exists, as a symbolic link (--force replaces the link, not what it "
	  "points to)" },
	{ "a link at the name, --force", FILE_TRAP_LINK, true, WRITTEN, NULL },
	{ "a link at NAME.part", FILE_TRAP_PART_LINK, false, WRITTEN, NULL },
	{ "a FIFO", FILE_TRAP_FIFO, false, REFUSED,
	  "@: is a FIFO, not a regular file; nothing was written" },
	{ "a folder", FILE_TRAP_FOLDER, false, REFUSED,
	  "@: is a directory, not a regular file; nothing was written" },
	{ "a socket", FILE_TRAP_SOCKET, false, REFUSED,
	  "@: is a socket, not a regular file; nothing was written" },
	{ "a device", FILE_TRAP_DEVICE, false, REFUSED,
	  "@: is a character device, not a regular file; nothing was written" },
	/* --force replaces files and links, nothing else. */
	{ "a FIFO, --force", FILE_TRAP_FIFO, true, REFUSED,
	  "@: is a FIFO, not a regular file; nothing was written" },
	{ "a device, --force", FILE_TRAP_DEVICE, true, REFUSED,
	  "@: is a character device, not a regular file; nothing was written" },
	{ "an existing file", FILE_TRAP_FILE, false, REFUSED,
	  "@: File exists (--force overwrites it)" },
	{ "an existing file, --force", FILE_TRAP_FILE, true, WRITTEN, NULL },
	{ "nothing there", FILE_TRAP_NOTHING, false, WRITTEN, NULL },
};

/* Builds the argument list of @p c with @p out for "@". */
static void arguments(const struct command *c, const char *out, bool force,
		      const char **argv, char *spec, size_t spec_size)
{
	size_t n = 0;

	for (size_t i = 0; c->args[i]; i++) {
		const char *a = c->args[i];

		if (!strcmp(a, "@")) {
			a = out;
		} else if (!strcmp(a, "wav:@")) {
			snprintf(spec, spec_size, "wav:%s", out);
			a = spec;
		} else if (!strcmp(a, "$DB")) {
			a = db;
		} else if (!strcmp(a, "$DEMO")) {
			a = demo_db;
		}
		argv[n++] = a;
	}
	if (force)
		argv[n++] = "--force";
	argv[n] = NULL;
}

static const char *record_of(const struct command *c)
{
	return !c->record ? NULL : !strcmp(c->record, "$DB") ? db : demo_db;
}

/* "smpsim CMD: " and @p pattern with its "@" replaced by @p path. */
static void expand(char *buf, size_t size, const struct command *c, const char *pattern,
		   const char *path)
{
	const char *at = strchr(pattern, '@');

	assert_non_null(at);
	snprintf(buf, size, "smpsim %s: %.*s%s%s", c->args[0], (int)(at - pattern), pattern,
		 path, at + 1);
}

/* Without the right to make a device node, /dev/null itself: the run must
 * leave it the very same node (a user cannot replace it anyway). */
static void run_dev_null(const struct command *c, const struct row *w, const char *what)
{
	char spec[64], line[256];
	const char *argv[24];
	struct child_result r;
	struct stat before, after;

	assert_int_equal(lstat("/dev/null", &before), 0);
	arguments(c, "/dev/null", w->force, argv, spec, sizeof(spec));
	smpsim(argv, false, &r);
	assert_int_equal(lstat("/dev/null", &after), 0);
	expand(line, sizeof(line), c, w->line, "/dev/null");
	expect_line(&r, 1, line, what);
	assert_true(S_ISCHR(after.st_mode));
	assert_int_equal(after.st_rdev, before.st_rdev);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(access("/dev/null.part", F_OK), -1);
	child_result_free(&r);
}

static void run_row(const struct command *c, const struct row *w, size_t k)
{
	char dir[PATH_MAX], out[PATH_MAX + 16], spec[PATH_MAX + 24], line[2 * PATH_MAX];
	char what[256], name[64];
	const char *argv[24];
	const char *record = record_of(c);
	struct file_traps_snapshot before, after;
	struct child_result r;
	int64_t sessions;

	snprintf(what, sizeof(what), "%s, %s", c->label, w->label);
	snprintf(name, sizeof(name), "%s-%zu", c->label, k);
	if (!file_traps_case(base, name, "out.x", w->plant, dir, sizeof(dir), out, sizeof(out),
			     &before)) {
		run_dev_null(c, w, what);
		return;
	}
	sessions = record ? sessions_in(record) : 0;
	arguments(c, out, w->force, argv, spec, sizeof(spec));
	smpsim(argv, false, &r);
	file_traps_snapshot(dir, &after);
	if (w->expect == REFUSED || !c->runs) {
		if (w->expect == REFUSED) {
			expand(line, sizeof(line), c, w->line, out);
			expect_line(&r, 1, line, what);
		} else {
			/* No device to record: it fails, and leaves nothing. */
			if (r.status != 1)
				fail_msg("%s: exit %d\n%s", what, r.status, r.err);
			assert_non_null(strstr(r.err, "/nonexistent/event0: No such file"));
		}
		file_traps_assert_untouched(&before, &after, NULL, what);
		if (record)
			assert_int_equal(sessions_in(record), sessions);
	} else {
		const struct file_traps_entry *e = file_traps_find(&after, "out.x");

		if (r.status != 0)
			fail_msg("%s: exit %d\n%s", what, r.status, r.err);
		file_traps_assert_untouched(&before, &after, "out.x", what);
		assert_non_null(e);
		if (!S_ISREG(e->mode))
			fail_msg("%s: out.x is not a regular file (mode %o)", what, e->mode);
		assert_int_equal(e->mode & 07777, 0644);
		assert_true(e->size > 0);
		if (w->plant == FILE_TRAP_FILE)
			assert_string_not_equal(e->bytes, FILE_TRAPS_OLD_TEXT);
	}
	file_traps_snapshot_free(&before);
	file_traps_snapshot_free(&after);
	child_result_free(&r);
}

/* "-": standard output, or refused before anything is done. */
static void run_dash(const struct command *c)
{
	char spec[32], what[128];
	const char *argv[24];
	struct child_result r;
	struct file_traps_snapshot before, after;

	snprintf(what, sizeof(what), "%s, -", c->label);
	file_traps_snapshot(".", &before);
	arguments(c, "-", false, argv, spec, sizeof(spec));
	smpsim(argv, false, &r);
	file_traps_snapshot(".", &after);
	file_traps_assert_untouched(&before, &after, NULL, what);
	if (c->to_stdout && c->runs) {
		if (r.status != 0)
			fail_msg("%s: exit %d\n%s", what, r.status, r.err);
		/* What a file would hold (checked in test_stdout_is_the_file). */
		assert_true(strlen(r.out) > 100);
	} else if (!c->to_stdout) {
		expect_line(&r, 2, c->dash_error, what);
		assert_string_equal(r.out, "");
	}
	child_result_free(&r);
}

/* A folder the program cannot write in: refused with the reason, and
 * nothing made. As root the program runs as nobody. */
static void run_locked(const struct command *c)
{
	char dir[PATH_MAX], locked[PATH_MAX + 8], out[PATH_MAX + 16];
	char spec[PATH_MAX + 24], line[2 * PATH_MAX], what[128];
	const char *argv[24];
	const char *record = record_of(c);
	struct child_result r;
	struct file_traps_snapshot before, after;
	int64_t sessions = record ? sessions_in(record) : 0;

	snprintf(what, sizeof(what), "%s, a folder it cannot write", c->label);
	snprintf(dir, sizeof(dir), "%s/%s-locked", base, c->label);
	snprintf(locked, sizeof(locked), "%s/in", dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(locked, 0755), 0);
	snprintf(out, sizeof(out), "%s/out.x", locked);
	assert_int_equal(chmod(locked, 0555), 0);
	file_traps_snapshot(locked, &before);
	arguments(c, out, false, argv, spec, sizeof(spec));
	smpsim(argv, true, &r);
	file_traps_snapshot(locked, &after);
	expand(line, sizeof(line), c, "@: Permission denied", out);
	expect_line(&r, 1, line, what);
	file_traps_assert_untouched(&before, &after, NULL, what);
	if (record)
		assert_int_equal(sessions_in(record), sessions);
	assert_int_equal(chmod(locked, 0755), 0);
	file_traps_snapshot_free(&before);
	file_traps_snapshot_free(&after);
	child_result_free(&r);
}

/* A folder that is not there: refused with the reason. */
static void run_missing(const struct command *c)
{
	char out[PATH_MAX + 32], spec[PATH_MAX + 40], line[2 * PATH_MAX], what[128];
	const char *argv[24];
	const char *record = record_of(c);
	struct child_result r;
	int64_t sessions = record ? sessions_in(record) : 0;

	snprintf(what, sizeof(what), "%s, a folder that is not there", c->label);
	snprintf(out, sizeof(out), "%s/no-such-folder/out.x", base);
	arguments(c, out, false, argv, spec, sizeof(spec));
	smpsim(argv, false, &r);
	expand(line, sizeof(line), c, "@: No such file or directory", out);
	expect_line(&r, 1, line, what);
	if (record)
		assert_int_equal(sessions_in(record), sessions);
	assert_int_equal(access(out, F_OK), -1);
	child_result_free(&r);
}

/* The mode of what is written is 0644 less the umask (not mkstemp's 0600:
 * a report or an export is for others to read). */
static void run_umask(const struct command *c)
{
	char dir[PATH_MAX], out[PATH_MAX + 16], spec[PATH_MAX + 24], what[128];
	const char *argv[24];
	struct child_result r;
	struct stat st;
	mode_t old;

	snprintf(what, sizeof(what), "%s, umask 027", c->label);
	snprintf(dir, sizeof(dir), "%s/%s-umask", base, c->label);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(out, sizeof(out), "%s/out.x", dir);
	arguments(c, out, false, argv, spec, sizeof(spec));
	old = umask(027);
	smpsim(argv, false, &r);
	umask(old);
	if (r.status != 0)
		fail_msg("%s: exit %d\n%s", what, r.status, r.err);
	assert_int_equal(lstat(out, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	child_result_free(&r);
}

/* Lets nobody write the records, for the runs as nobody that store. */
static void records_open_to_all(void)
{
	char dir[PATH_MAX + 8], path[PATH_MAX + NAME_MAX + 16];
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/db", base);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			assert_int_equal(chmod(path, 0666), 0);
		}
	closedir(d);
}

/* One case of one command: a row of the table, or one of the four
 * cases after it. */
struct command_case {
	const struct command *c;
	size_t k;
	char name[128];
};

enum { CASE_DASH = ARRAY_SIZE(rows), CASE_MISSING, CASE_LOCKED, CASE_UMASK, CASES };

static const char *const case_names[] = { "-", "a folder that is not there",
					  "a folder it cannot write", "umask 027" };

static void test_case(void **state)
{
	const struct command_case *cc = *state;

	switch (cc->k) {
	case CASE_DASH: run_dash(cc->c); break;
	case CASE_MISSING: run_missing(cc->c); break;
	case CASE_LOCKED:
		records_open_to_all();
		run_locked(cc->c);
		break;
	case CASE_UMASK:
		if (cc->c->runs)
			run_umask(cc->c);
		break;
	default: run_row(cc->c, &rows[cc->k], cc->k); break;
	}
}

/* "-o -" writes to standard output what -o FILE writes to FILE, and
 * nothing else. */
static void test_stdout_is_the_file(void **state)
{
	static const char *const formats[] = { "export", "report" };
	char out[PATH_MAX + 16];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		const struct command *c = &commands[i];
		const char *argv[24];
		char spec[8], *file;
		struct child_result r;

		assert_string_equal(c->label, formats[i]);
		snprintf(out, sizeof(out), "%s/stdout-%s.x", base, c->label);
		arguments(c, out, false, argv, spec, sizeof(spec));
		smpsim(argv, false, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		file = file_traps_slurp(out, NULL);
		assert_non_null(file);
		arguments(c, "-", false, argv, spec, sizeof(spec));
		smpsim(argv, false, &r);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.out, file);
		assert_string_equal(r.err, "");
		child_result_free(&r);
		free(file);
	}
}

/* demo's report beside the record is named by the session, so a second
 * demo writes a second report instead of failing on the first. */
static void test_demo_default_report(void **state)
{
	char dir[PATH_MAX], record[PATH_MAX + 16], want[2 * PATH_MAX], report[PATH_MAX + 32];
	const char *argv[] = { "demo", "--db", record, "--audio", "none", NULL };
	struct child_result r;
	struct stat st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/demo-twice", base);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(record, sizeof(record), "%s/smpsim.db", dir);
	for (int n = 1; n <= 2; n++) {
		smpsim(argv, false, &r);
		if (r.status != 0)
			fail_msg("demo %d: exit %d\n%s", n, r.status, r.err);
		snprintf(report, sizeof(report), "%s/demo-report-%d.html", dir, n);
		snprintf(want, sizeof(want), "The report: %s (open it in a web browser).",
			 report);
		if (!has_line(r.out, want))
			fail_msg("demo %d: no line \"%s\" in:\n%s", n, want, r.out);
		assert_int_equal(lstat(report, &st), 0);
		assert_true(S_ISREG(st.st_mode));
		child_result_free(&r);
	}
	snprintf(report, sizeof(report), "%s/demo-report.html", dir);
	assert_int_equal(access(report, F_OK), -1);
}

/* A report that cannot be written is found before the session: no
 * record, no session. */
static void test_demo_bad_output_stores_nothing(void **state)
{
	char record[PATH_MAX + 16];
	const char *argv[] = { "demo", "--db", record, "--audio", "none",
			       "-o", "/nonexistent/x.html", NULL };
	struct child_result r;

	(void)state;
	snprintf(record, sizeof(record), "%s/db/demo-fails.db", base);
	smpsim(argv, false, &r);
	expect_line(&r, 1, "smpsim demo: /nonexistent/x.html: No such file or directory",
		    "demo -o /nonexistent/x.html");
	assert_int_equal(access(record, F_OK), -1);
	child_result_free(&r);
}

static int setup(void **state)
{
	char path[PATH_MAX + 16];
	struct child_result r;

	(void)state;
	umask(022);
	if (file_traps_base_new("smpsim-out", base, sizeof(base)) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/db", base);
	if (mkdir(path, 0777) < 0 || chmod(path, 0777) < 0)
		return -1;
	snprintf(db, sizeof(db), "%s/db/record.db", base);
	snprintf(demo_db, sizeof(demo_db), "%s/db/demo.db", base);
	{
		const char *argv[] = { "trainee", "add", "Ana", "--db", db, NULL };

		smpsim(argv, false, &r);
		if (r.status != 0)
			return -1;
		child_result_free(&r);
	}
	{
		const char *argv[] = { "practice", "--trainee", "Ana", "--lesson",
				       "depth-taps", "--replay", RECORDING, "--db", db,
				       "--audio", "none", NULL };

		smpsim(argv, false, &r);
		if (r.status != 0)
			return -1;
		child_result_free(&r);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return file_traps_base_free(base);
}

int main(void)
{
	static struct command_case cases[ARRAY_SIZE(commands) * CASES];
	static struct CMUnitTest tests[ARRAY_SIZE(cases) + 3];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		for (size_t k = 0; k < CASES; k++) {
			struct command_case *cc = &cases[i * CASES + k];

			cc->c = &commands[i];
			cc->k = k;
			snprintf(cc->name, sizeof(cc->name), "%s: %s", commands[i].label,
				 k < CASE_DASH ? rows[k].label : case_names[k - CASE_DASH]);
			tests[n++] = (struct CMUnitTest){
				.name = cc->name, .test_func = test_case, .initial_state = cc,
			};
		}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_stdout_is_the_file);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_demo_default_report);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_demo_bad_output_stores_nothing);
	return _cmocka_run_group_tests("test-output-files", tests, n, setup, teardown);
}
