/* test-replay-broken: a recording broken after its first sample stores
 * nothing (issue 9, item 6).
 *
 * A good recording (tests/session_gen.c: thirty taps of the depth-taps
 * lesson) is written to a temporary folder and broken in each of the ways
 * a file goes bad, three quarters of the way through its events: a line
 * cut short at the end of the file, time running backwards, an event of a
 * code the device does not declare, a description line among the events,
 * a hole of zero bytes inside the file (a sparse region, as a crash
 * leaves it) and one at its end. Each is run through build/smpsim as a
 * child process, by `practice --replay`, `score`, `inspect` and `demo`
 * (on a data folder whose demo recording is the broken one): standard
 * error must be exactly "FILE:LINE: what is wrong", the exit status 2,
 * standard output empty, and the record (read with SQLite itself) must
 * hold no new session, deposit or trainee; `score --audio wav:` makes no
 * WAV file, `demo` on a new --db no database and no report at all. The good recording, for contrast, is
 * stored. Lines appended to the good one once its replay (at the recorded
 * speed) has begun are not replayed: the session is stored complete.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "session_gen.h"
#include "store.h"
#include "stored_session.h"
#include "tmp_files.h"

#define LESSON "depth-taps"
#define TRAINEE "Rita Replay"
#define TAPS 30
#define DEMO_RECORDING "hairline-careful.evemu"

static char good[PATH_MAX], db[PATH_MAX], data_dir[PATH_MAX], recordings_dir[PATH_MAX + 16];

/* ---- a recording as lines ---- */

struct text {
	char *bytes;
	size_t size;
};

static struct text read_text(const char *path)
{
	struct text t;

	t.bytes = tmp_files_read(path, &t.size);
	return t;
}

/* The line three quarters of the way through the E: lines: its offset,
 * and its number (1-based) in *number. */
static size_t late_event(const struct text *t, unsigned long *number)
{
	size_t events = 0, k = 0, at = 0;
	unsigned long line = 1;

	for (size_t i = 0; i < t->size; i++)
		events += (i == 0 || t->bytes[i - 1] == '\n') && !strncmp(t->bytes + i, "E:", 2);
	assert_true(events > 100);
	for (size_t i = 0; i < t->size; i++) {
		if ((i == 0 || t->bytes[i - 1] == '\n') && !strncmp(t->bytes + i, "E:", 2) &&
		    ++k == events * 3 / 4) {
			at = i;
			break;
		}
		line += t->bytes[i] == '\n';
	}
	*number = line;
	return at;
}

/* Writes @p head bytes of @p t, then @p insert, then, after @p hole zero
 * bytes left unwritten (a sparse region), the bytes from @p rest on; with
 * @p extend, the file is then made @p extend bytes longer (a hole at the
 * end). */
static void write_broken(const char *path, const struct text *t, size_t head,
			 const char *insert, size_t hole, size_t rest, off_t extend)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	off_t end;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, t->bytes, head), (ssize_t)head);
	if (insert)
		assert_int_equal(write(fd, insert, strlen(insert)), (ssize_t)strlen(insert));
	if (hole)
		assert_true(lseek(fd, (off_t)hole, SEEK_CUR) > 0);
	if (rest < t->size)
		assert_int_equal(write(fd, t->bytes + rest, t->size - rest),
				 (ssize_t)(t->size - rest));
	end = lseek(fd, 0, SEEK_END);
	if (extend)
		assert_int_equal(ftruncate(fd, end + extend), 0);
	assert_int_equal(close(fd), 0);
}

/* ---- the ways a recording breaks ---- */

enum breakage {
	CUT_SHORT,       /* the file ends in the middle of a line */
	TIME_BACKWARDS,  /* an event earlier than the one before it */
	UNDECLARED,      /* an event of a code the device does not have */
	DESCRIPTION,     /* a description line among the events */
	HOLE_INSIDE,     /* 4096 zero bytes between two lines */
	HOLE_AT_END,     /* the file 4096 zero bytes longer */
	BREAKAGES
};

static const char *const breakage_names[BREAKAGES] = {
	"cut-short", "time-backwards", "undeclared-code", "description-line",
	"hole-inside", "hole-at-end",
};

/* Makes @p source broken in way @p b as @p path; the message the reader
 * must give, after "PATH:", goes to @p expected. */
static void break_recording(const char *source, enum breakage b, const char *path,
			    char *expected, size_t size)
{
	struct text t = read_text(source);
	unsigned long line;
	size_t at = late_event(&t, &line);
	char timestamp[32], insert[96];
	const char *sp;

	sp = strchr(t.bytes + at + 3, ' ');
	assert_non_null(sp);
	snprintf(timestamp, sizeof(timestamp), "%.*s", (int)(sp - (t.bytes + at + 3)),
		 t.bytes + at + 3);
	switch (b) {
	case CUT_SHORT:
		/* "E: 12.345" of "E: 12.345678 0003 0000 500" */
		write_broken(path, &t, at + 3 + strlen(timestamp) - 3, NULL, 0, t.size, 0);
		snprintf(expected, size, "%lu: E: timestamp needs six digits of microseconds",
			 line);
		break;
	case TIME_BACKWARDS:
		write_broken(path, &t, at, "E: 0.000000 0000 0000 0\n", 0, at, 0);
		snprintf(expected, size, "%lu: E: time goes backwards", line);
		break;
	case UNDECLARED:
		snprintf(insert, sizeof(insert), "E: %s 0005 0000 1\n", timestamp);
		write_broken(path, &t, at, insert, 0, at, 0);
		snprintf(expected, size, "%lu: E: event 0005 0000 is not one the device declares",
			 line);
		break;
	case DESCRIPTION:
		write_broken(path, &t, at, "N: Another Pen\n", 0, at, 0);
		snprintf(expected, size, "%lu: description line among the events", line);
		break;
	case HOLE_INSIDE:
		write_broken(path, &t, at, NULL, 4096, at, 0);
		snprintf(expected, size, "%lu: binary data where text was expected", line);
		break;
	case HOLE_AT_END: {
		unsigned long lines = 0;

		for (size_t i = 0; i < t.size; i++)
			lines += t.bytes[i] == '\n';
		write_broken(path, &t, t.size, NULL, 0, t.size, 4096);
		snprintf(expected, size, "%lu: binary data where text was expected", lines + 1);
		break;
	}
	case BREAKAGES:
		break;
	}
	free(t.bytes);
}

/* ---- the record ---- */

static void assert_record_untouched(void)
{
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM deposits"), 0);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM trainees"), 1);
}

/* ---- running ---- */

static void run(const char *const argv[], const char *const env[], struct child_result *r)
{
	assert_int_equal(child_run(argv, env, r), 0);
}

/* Exit 2, nothing on standard output, exactly "PATH:MESSAGE\n" on error. */
static void expect_refused(struct child_result *r, const char *path, const char *message,
			   const char *what)
{
	char want[PATH_MAX + 512];

	snprintf(want, sizeof(want), "%s:%s\n", path, message);
	if (r->status != 2 || strcmp(r->out, "") || strcmp(r->err, want))
		fail_msg("%s: exit %d (2 wanted)\nstdout: %s\nstderr: %s\nwanted: %s", what,
			 r->status, r->out, r->err, want);
	child_result_free(r);
}

static void test_broken(void **state)
{
	enum breakage b = (enum breakage)(intptr_t)*state;
	char path[PATH_MAX + 64], expected[256], wav_spec[PATH_MAX + 64], wav[PATH_MAX + 72];
	struct child_result r;
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s.evemu", tmp_files_dir(), breakage_names[b]);
	break_recording(good, b, path, expected, sizeof(expected));

	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
				   "--lesson", LESSON, "--db", db, "--audio", "none",
				   "--replay", path, NULL }, NULL, &r);
	expect_refused(&r, path, expected, "practice --replay");
	assert_record_untouched();

	run((const char *const[]){ SMPSIM_BINARY, "score", path, "--lesson", LESSON, NULL },
	    NULL, &r);
	expect_refused(&r, path, expected, "score");
	/* Refused before the sound is opened: no WAV, not even begun. */
	snprintf(wav_spec, sizeof(wav_spec), "wav:%s/%s.wav", tmp_files_dir(),
		 breakage_names[b]);
	run((const char *const[]){ SMPSIM_BINARY, "score", path, "--lesson", LESSON,
				   "--audio", wav_spec, NULL }, NULL, &r);
	expect_refused(&r, path, expected, "score --audio wav:");
	snprintf(wav, sizeof(wav), "%s.part", wav_spec + 4);
	assert_int_equal(stat(wav_spec + 4, &st), -1);
	assert_int_equal(stat(wav, &st), -1);

	run((const char *const[]){ SMPSIM_BINARY, "inspect", path, NULL }, NULL, &r);
	expect_refused(&r, path, expected, "inspect");
	run((const char *const[]){ SMPSIM_BINARY, "inspect", path, "--json", NULL }, NULL, &r);
	expect_refused(&r, path, expected, "inspect --json");
}

/* demo replays data/recordings/hairline-careful.evemu of SMPSIM_DATA_DIR:
 * a data folder whose copy of it is broken. */
static void test_demo_broken(void **state)
{
	char broken[PATH_MAX + 64], expected[256], env_data[PATH_MAX + 32];
	char new_db[PATH_MAX + 32], report[PATH_MAX + 32];
	const char *const env[] = { env_data, NULL };
	struct child_result r;
	struct stat st;

	(void)state;
	snprintf(broken, sizeof(broken), "%s/%s", recordings_dir, DEMO_RECORDING);
	break_recording(SMPSIM_DATA_DIR "/recordings/" DEMO_RECORDING, TIME_BACKWARDS, broken,
			expected, sizeof(expected));
	snprintf(env_data, sizeof(env_data), "SMPSIM_DATA_DIR=%s", data_dir);

	/* A record with a trainee: no "Demo" is added, no session stored. */
	run((const char *const[]){ SMPSIM_BINARY, "demo", "--db", db, "--audio", "none",
				   NULL }, env, &r);
	expect_refused(&r, broken, expected, "demo");
	assert_record_untouched();

	/* No record yet: none is made, nor the report beside it. */
	snprintf(new_db, sizeof(new_db), "%s/demo-new.db", tmp_files_dir());
	snprintf(report, sizeof(report), "%s/demo-report.html", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "demo", "--db", new_db, "--audio", "none",
				   NULL }, env, &r);
	expect_refused(&r, broken, expected, "demo, new record");
	assert_int_equal(stat(new_db, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stat(report, &st), -1);
	assert_int_equal(errno, ENOENT);
	unlink(broken);
}

/* The good recording, for contrast: stored, one session. */
static void test_good_is_stored(void **state)
{
	struct child_result r;

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
				   "--lesson", LESSON, "--db", db, "--audio", "none",
				   "--replay", good, NULL }, NULL, &r);
	if (r.status != 0)
		fail_msg("practice: exit %d\n%s%s", r.status, r.out, r.err);
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM deposits"), TAPS);
}

/* Lines appended to a recording while it is replayed (once the session
 * has started; at the recorded speed, 3.1 s) are not part of it: the
 * replay is what was checked, stored complete with every deposit. (Read
 * on to the new end of the file, the appended line broke the replay: the
 * session was stored interrupted, "the recording broke off", exit 2.) */
static void test_appended_during_replay(void **state)
{
	char path[PATH_MAX + 32], own_db[PATH_MAX + 32], err[STORE_ERROR_MAX];
	struct text t = read_text(good);
	struct child_process c;
	struct child_result r;
	struct store *store;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/growing.evemu", tmp_files_dir());
	write_broken(path, &t, t.size, NULL, 0, t.size, 0);
	free(t.bytes);
	snprintf(own_db, sizeof(own_db), "%s/growing.db", tmp_files_dir());
	assert_int_equal(store_open(own_db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, TRAINEE, NULL), 0);
	store_close(store);

	assert_int_equal(child_start((const char *const[]){ SMPSIM_BINARY, "practice",
		"--trainee", TRAINEE, "--lesson", LESSON, "--db", own_db, "--audio", "none",
		"--replay", path, "--realtime", NULL }, NULL, &c), 0);
	/* A bound for a child that hangs, not a pace. */
	assert_true(child_wait_err(&c, "Session 1 started.\n", 60));
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("E: 0.000000 0000 0000 0\nnot an evemu line\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: exit %d\n%s%s", r.status, r.out, r.err);
	assert_non_null(strstr(r.out, ": 3.1 s, end of the recording.\n"));
	child_result_free(&r);

	stored_session_expect(own_db, 1, STORE_COMPLETE, "end of the recording", TAPS);
	assert_int_equal(db_query_int(own_db, "SELECT count(*) FROM sessions"), 1);
}

/* ---- setup ---- */

static int setup(void **state)
{
	static const char *const parts[] = { "devices", "lessons", "needles", "scalps" };
	char err[STORE_ERROR_MAX], from[PATH_MAX], to[PATH_MAX + 32];
	struct store *store;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(good, sizeof(good), "%s/good.evemu", tmp_files_dir());
	if (session_gen_write_square(good, TAPS) < 0)
		return -1;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0 ||
	    store_trainee_add(store, TRAINEE, NULL) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	store_close(store);
	/* The shipped data, but for the demo's recording. */
	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(recordings_dir, sizeof(recordings_dir), "%s/recordings", data_dir);
	if (mkdir(data_dir, 0700) < 0 || mkdir(recordings_dir, 0700) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", SMPSIM_DATA_DIR, parts[i]);
		snprintf(to, sizeof(to), "%s/%s", data_dir, parts[i]);
		if (symlink(from, to) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	static const char *const parts[] = { "devices", "lessons", "needles", "scalps" };
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", data_dir, parts[i]);
		unlink(path);
	}
	rmdir(recordings_dir);
	rmdir(data_dir);
	return tmp_files_teardown(state);
}

#define BROKEN(b) { "broken: " #b, test_broken, NULL, NULL, (void *)(intptr_t)(b) }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BROKEN(CUT_SHORT),
		BROKEN(TIME_BACKWARDS),
		BROKEN(UNDECLARED),
		BROKEN(DESCRIPTION),
		BROKEN(HOLE_INSIDE),
		BROKEN(HOLE_AT_END),
		cmocka_unit_test(test_demo_broken),
		cmocka_unit_test(test_good_is_stored),
		cmocka_unit_test(test_appended_during_replay),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
