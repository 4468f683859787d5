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
 * (named by the session), and a bad -o stores nothing; without --db it
 * stores in a record of its own (demo.db in smpsim's data folder, HOME
 * and XDG_DATA_HOME pointed into the test's folder), leaving the trainee
 * record (the default one, $SMPSIM_DB's) byte for byte as it was, or
 * unmade; and every file it writes (-o, --audio wav:, the record's
 * folder, the default report's name) is checked before anything is
 * stored. The live commands'
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
#include "db_query.h"
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
 * and the test runs as root, with @p env added to the environment. */
static void smpsim_env(const char *const *args, bool as_nobody, const char *const *env,
		       struct child_result *res)
{
	const char *argv[40];
	size_t n = 0;

	if (as_nobody)
		n += child_as_nobody(argv + n);
	argv[n++] = SMPSIM_BINARY;
	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

static void smpsim(const char *const *args, bool as_nobody, struct child_result *res)
{
	static const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };

	smpsim_env(args, as_nobody, env, res);
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

#define WAV_DASH(cmd) "smpsim " cmd ": --audio wav:-: standard output carries the " \
			   "command's own text; give a file name"

static const struct command commands[] = {
	{ "export", { "export", "--session", "1", "--format", "csv", "--db", "$DB", "-o", "@" },
	  true, true, NULL, NULL },
	{ "report", { "report", "--session", "1", "--db", "$DB", "-o", "@" },
	  true, true, NULL, NULL },
	{ "inspect", { "inspect", RECORDING, "--scalp", "crown", "--needle", "0601rl",
		       "--audio", "wav:@" }, true, false, WAV_DASH("inspect"), NULL },
	{ "score", { "score", RECORDING, "--lesson", "depth-taps", "--audio", "wav:@" },
	  true, false, WAV_DASH("score"), NULL },
	{ "practice-wav", { "practice", "--trainee", "Ana", "--lesson", "depth-taps",
			    "--replay", RECORDING, "--db", "$DB", "--audio", "wav:@" },
	  true, false, WAV_DASH("practice"), "$DB" },
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

/* ---- demo keeps to itself ---- */

/* A home of its own for demo runs without --db: HOME (mode 0777, so a run
 * as nobody may write in it), $XDG_DATA_HOME when given, and smpsim's data
 * folder, where the default record and the demo's own record are. */
struct demo_home {
	char home[1100];               /* base/NAME */
	char data[1200];               /* XDG/smpsim or HOME/.local/share/smpsim */
	char record[1300];             /* data/demo.db */
	char env_home[1400], env_xdg[1400], env_db[1400];
	const char *env[6];
};

static void demo_home_new(struct demo_home *h, const char *name, bool xdg)
{
	char xdg_dir[1120];

	snprintf(h->home, sizeof(h->home), "%s/%s", base, name);
	assert_int_equal(mkdir(h->home, 0777), 0);
	assert_int_equal(chmod(h->home, 0777), 0);
	snprintf(xdg_dir, sizeof(xdg_dir), "%s/xdg", h->home);
	if (xdg)
		snprintf(h->data, sizeof(h->data), "%s/smpsim", xdg_dir);
	else
		snprintf(h->data, sizeof(h->data), "%s/.local/share/smpsim", h->home);
	snprintf(h->record, sizeof(h->record), "%s/demo.db", h->data);
	snprintf(h->env_home, sizeof(h->env_home), "HOME=%s", h->home);
	snprintf(h->env_xdg, sizeof(h->env_xdg), "XDG_DATA_HOME=%s", xdg ? xdg_dir : "");
	snprintf(h->env_db, sizeof(h->env_db), "SMPSIM_DB=");
	h->env[0] = "TZ=UTC";
	h->env[1] = h->env_home;
	h->env[2] = h->env_xdg;
	h->env[3] = h->env_db;
	h->env[4] = NULL;
}

/* "demo --audio none" and @p extra (NULL-terminated, may be NULL) in
 * home @p h. */
static void demo_run(const struct demo_home *h, const char *const *extra, bool as_nobody,
		     struct child_result *r)
{
	const char *argv[16] = { "demo", "--audio", "none" };
	size_t n = 3;

	for (size_t i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	smpsim_env(argv, as_nobody, h->env, r);
}

/* A demo that ran to its end, stored session @p session in @p record
 * and said so, line by line. */
static void expect_demo_stored(const struct child_result *r, const char *record,
			       const char *report, int session, bool own_record)
{
	char line[3 * PATH_MAX];

	if (r->status != 0)
		fail_msg("demo: exit %d\n%s", r->status, r->err);
	snprintf(line, sizeof(line), "Stored in %s as session %d.", record, session);
	if (!has_line(r->out, line))
		fail_msg("demo: no line \"%s\" in:\n%s", line, r->out);
	snprintf(line, sizeof(line), "The report: %s (open it in a web browser).", report);
	if (!has_line(r->out, line))
		fail_msg("demo: no line \"%s\" in:\n%s", line, r->out);
	snprintf(line, sizeof(line), "Review it with: smpsim review --session %d --db %s",
		 session, record);
	if (!has_line(r->out, line))
		fail_msg("demo: no line \"%s\" in:\n%s", line, r->out);
	assert_int_equal(has_line(r->out, "That is the demo's own record; the trainee "
				  "record is left as it was."), own_record);
	assert_int_equal(sessions_in(record), session);
	assert_int_equal(access(report, F_OK), 0);
}

/* Fails unless the file at @p path holds @p bytes (@p size of them). */
static void expect_bytes(const char *path, const char *bytes, size_t size)
{
	size_t now_size;
	char *now = file_traps_slurp(path, &now_size);

	if (!now || now_size != size || memcmp(now, bytes, size))
		fail_msg("%s was changed", path);
	free(now);
}

/* Without --db the demo stores in demo.db in smpsim's data folder, and
 * never in the trainee record: not made when there is none, byte for
 * byte the same when there is one (the default one, or $SMPSIM_DB's). A
 * second demo adds session 2 there; --db is the record it names. */
static void test_demo_keeps_to_itself(void **state)
{
	static const char *const files[] = { "smpsim.db", "smpsim.db-wal", "smpsim.db-shm" };
	char report[PATH_MAX + 64], trainee_db[PATH_MAX + 64], academy[1120];
	char *kept[3];
	size_t kept_size[3];
	struct demo_home h;
	struct child_result r;

	(void)state;
	/* No trainee record: none is made. */
	demo_home_new(&h, "demo-home", false);
	for (int n = 1; n <= 2; n++) {
		demo_run(&h, NULL, false, &r);
		snprintf(report, sizeof(report), "%s/demo-report-%d.html", h.data, n);
		expect_demo_stored(&r, h.record, report, n, true);
		child_result_free(&r);
	}
	assert_int_equal(db_query_int(h.record, "SELECT count(*) FROM trainees"), 1);
	snprintf(trainee_db, sizeof(trainee_db), "%s/smpsim.db", h.data);
	assert_int_equal(access(trainee_db, F_OK), -1);

	/* The default trainee record ($XDG_DATA_HOME's), left as it was. */
	demo_home_new(&h, "demo-xdg", true);
	{
		const char *argv[] = { "trainee", "add", "Ana", NULL };

		smpsim_env(argv, false, h.env, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
	}
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(trainee_db, sizeof(trainee_db), "%s/%s", h.data, files[i]);
		kept[i] = file_traps_slurp(trainee_db, &kept_size[i]);
		assert_non_null(kept[i]);
	}
	demo_run(&h, NULL, false, &r);
	snprintf(report, sizeof(report), "%s/demo-report-1.html", h.data);
	expect_demo_stored(&r, h.record, report, 1, true);
	child_result_free(&r);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(trainee_db, sizeof(trainee_db), "%s/%s", h.data, files[i]);
		expect_bytes(trainee_db, kept[i], kept_size[i]);
		free(kept[i]);
	}

	/* $SMPSIM_DB's record, in a folder of its own: untouched, and the
	 * demo's record still in the data folder. */
	demo_home_new(&h, "demo-smpsim-db", false);
	snprintf(academy, sizeof(academy), "%s/academy", h.home);
	assert_int_equal(mkdir(academy, 0755), 0);
	snprintf(h.env_db, sizeof(h.env_db), "SMPSIM_DB=%s/record.db", academy);
	{
		const char *argv[] = { "trainee", "add", "Ana", NULL };
		struct file_traps_snapshot before, after;

		smpsim_env(argv, false, h.env, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		file_traps_snapshot(academy, &before);
		demo_run(&h, NULL, false, &r);
		snprintf(report, sizeof(report), "%s/demo-report-1.html", h.data);
		expect_demo_stored(&r, h.record, report, 1, true);
		child_result_free(&r);
		file_traps_snapshot(academy, &after);
		file_traps_assert_untouched(&before, &after, NULL, "demo, $SMPSIM_DB's record");
		file_traps_snapshot_free(&before);
		file_traps_snapshot_free(&after);
	}

	/* --db: that record, and nothing in the data folder. */
	demo_home_new(&h, "demo-db-option", false);
	{
		char named[PATH_MAX + 16], data_parent[PATH_MAX + 16];
		const char *extra[] = { "--db", named, NULL };

		snprintf(named, sizeof(named), "%s/x.db", h.home);
		demo_run(&h, extra, false, &r);
		snprintf(report, sizeof(report), "%s/demo-report-1.html", h.home);
		expect_demo_stored(&r, named, report, 1, false);
		child_result_free(&r);
		snprintf(data_parent, sizeof(data_parent), "%s/.local", h.home);
		assert_int_equal(access(data_parent, F_OK), -1);
	}
}

/* What a refused demo must leave: the record's sessions and trainees as
 * they were (none: no record at all), no trainee record, and nothing new
 * in the data folder. */
struct demo_state {
	bool record, data;
	int64_t sessions, trainees;
	size_t entries;              /* in the data folder; 0: no folder */
};

static void demo_state_take(const struct demo_home *h, struct demo_state *st)
{
	struct file_traps_snapshot s;

	memset(st, 0, sizeof(*st));
	st->record = access(h->record, F_OK) == 0;
	if (st->record) {
		st->sessions = sessions_in(h->record);
		st->trainees = db_query_int(h->record, "SELECT count(*) FROM trainees");
	}
	st->data = access(h->data, F_OK) == 0;
	if (st->data) {
		file_traps_snapshot(h->data, &s);
		st->entries = s.n;
		file_traps_snapshot_free(&s);
	}
}

/* Runs a demo that must be refused with @p line (exit 1) and store
 * nothing. */
static void expect_demo_refused(const struct demo_home *h, const char *const *extra,
				bool as_nobody, const char *line, const char *what)
{
	char trainee_db[PATH_MAX + 64];
	struct demo_state before, after;
	struct child_result r;

	demo_state_take(h, &before);
	demo_run(h, extra, as_nobody, &r);
	expect_line(&r, 1, line, what);
	demo_state_take(h, &after);
	if (after.record != before.record)
		fail_msg("%s: the demo's record was made", what);
	if (after.data != before.data)
		fail_msg("%s: the data folder %s was made", what, h->data);
	assert_int_equal(after.sessions, before.sessions);
	assert_int_equal(after.trainees, before.trainees);
	if (after.entries != before.entries)
		fail_msg("%s: %zu entries in %s, not %zu", what, after.entries, h->data,
			 before.entries);
	snprintf(trainee_db, sizeof(trainee_db), "%s/smpsim.db", h->data);
	assert_int_equal(access(trainee_db, F_OK), -1);
	child_result_free(&r);
}

/* The data folder, made as the record's first open would, but by hand
 * (and writable by nobody). */
static void make_data_folder(const struct demo_home *h)
{
	char parent[PATH_MAX + 32];

	snprintf(parent, sizeof(parent), "%s/.local", h->home);
	assert_int_equal(mkdir(parent, 0755), 0);
	snprintf(parent, sizeof(parent), "%s/.local/share", h->home);
	assert_int_equal(mkdir(parent, 0755), 0);
	assert_int_equal(mkdir(h->data, 0777), 0);
	assert_int_equal(chmod(h->data, 0777), 0);
}

/* The demo's record with session 1 in it, writable by nobody. */
static void demo_home_with_record(struct demo_home *h, const char *name)
{
	static const char *const files[] = { "demo.db", "demo.db-wal", "demo.db-shm",
					     "demo.db-live" };
	char path[PATH_MAX + 64];
	struct child_result r;

	demo_home_new(h, name, false);
	demo_run(h, NULL, false, &r);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", h->data, files[i]);
		assert_int_equal(chmod(path, 0666), 0);
	}
	assert_int_equal(chmod(h->data, 0777), 0);
}

/* Every file the demo writes is checked before anything is stored: -o,
 * --audio wav:, the record's folder and the default report's name (the
 * session's number is known only once stored: the next one's is
 * checked). Each refused with the path and why, exit 1, and nothing
 * stored: no record made, no trainee, no session. */
static void test_demo_checks_before_storing(void **state)
{
	char locked[PATH_MAX + 16], out[PATH_MAX + 32], spec[PATH_MAX + 40];
	char line[3 * PATH_MAX], planted[PATH_MAX + 64];
	struct demo_home h;

	(void)state;
	for (int with_record = 0; with_record <= 1; with_record++) {
		char name[64];

		snprintf(name, sizeof(name), "demo-refused-%d", with_record);
		if (with_record)
			demo_home_with_record(&h, name);
		else
			demo_home_new(&h, name, false);
		snprintf(locked, sizeof(locked), "%s/locked", h.home);
		assert_int_equal(mkdir(locked, 0555), 0);

		expect_demo_refused(&h, (const char *const[]){ "-o", "/nonexistent/x.html", NULL },
				    false, "smpsim demo: /nonexistent/x.html: No such file or "
				    "directory", "demo -o /nonexistent/x.html");
		snprintf(out, sizeof(out), "%s/x.html", locked);
		snprintf(line, sizeof(line), "smpsim demo: %s: Permission denied", out);
		expect_demo_refused(&h, (const char *const[]){ "-o", out, NULL }, true, line,
				    "demo -o in a folder it cannot write");
		expect_demo_refused(&h, (const char *const[]){ "--audio", "wav:/nonexistent/x.wav",
							       NULL },
				    false, "smpsim demo: /nonexistent/x.wav: No such file or "
				    "directory", "demo --audio wav:/nonexistent/x.wav");
		snprintf(out, sizeof(out), "%s/x.wav", locked);
		snprintf(spec, sizeof(spec), "wav:%s", out);
		snprintf(line, sizeof(line), "smpsim demo: %s: Permission denied", out);
		expect_demo_refused(&h, (const char *const[]){ "--audio", spec, NULL }, true, line,
				    "demo --audio wav: in a folder it cannot write");

		/* The default report's name, taken: the session's to come. */
		snprintf(planted, sizeof(planted), "%s/demo-report-%d.html", h.data,
			 with_record + 1);
		if (!with_record)
			make_data_folder(&h);
		file_traps_write(planted, FILE_TRAPS_OLD_TEXT);
		snprintf(line, sizeof(line), "smpsim demo: %s: File exists (--force "
			 "overwrites it)", planted);
		expect_demo_refused(&h, NULL, false, line, "demo, the report's name taken");
		expect_bytes(planted, FILE_TRAPS_OLD_TEXT, strlen(FILE_TRAPS_OLD_TEXT));
		assert_int_equal(unlink(planted), 0);

		/* The record's folder, one it cannot write (the record itself
		 * writable, when there is one). */
		assert_int_equal(chmod(h.data, 0555), 0);
		snprintf(line, sizeof(line), "smpsim demo: %s: Permission denied", h.data);
		expect_demo_refused(&h, NULL, true, line, "demo, a record folder it cannot write");
		assert_int_equal(chmod(h.data, 0777), 0);

		/* Two outputs that are one file: the report over the record (it
		 * stored the session, then failed, or with --force wrote the page
		 * over the record), and the report and the WAV file. */
		snprintf(line, sizeof(line), "smpsim demo: %s: the report would be written "
			 "over the record the session is stored in (%s); give it another "
			 "name", h.record, h.record);
		expect_demo_refused(&h, (const char *const[]){ "-o", h.record, "--force", NULL },
				    false, line, "demo -o the record --force");
		snprintf(out, sizeof(out), "%s/same.x", h.home);
		snprintf(spec, sizeof(spec), "wav:%s", out);
		snprintf(line, sizeof(line), "smpsim demo: %s: both the report and the WAV "
			 "file; give each its own name", out);
		expect_demo_refused(&h, (const char *const[]){ "--audio", spec, "-o", out, NULL },
				    false, line, "demo, the report and the WAV file one file");
		assert_int_equal(access(out, F_OK), -1);
	}

	/* A data folder that cannot be made. */
	demo_home_new(&h, "demo-no-folder", true);
	snprintf(locked, sizeof(locked), "%s/xdg", h.home);
	assert_int_equal(mkdir(locked, 0555), 0);
	snprintf(line, sizeof(line), "smpsim demo: %s: cannot make the folder %s: "
		 "Permission denied", h.record, h.data);
	expect_demo_refused(&h, NULL, true, line, "demo, a data folder it cannot make");
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
	static struct CMUnitTest tests[ARRAY_SIZE(cases) + 5];
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
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_demo_keeps_to_itself);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_demo_checks_before_storing);
	return _cmocka_run_group_tests("test-output-files", tests, n, setup, teardown);
}
