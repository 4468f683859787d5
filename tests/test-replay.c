/* test-replay: the instructor's replay of a stored session (issue 12),
 * end to end: build/smpsim as child processes on real SQLite files.
 *
 * A shipped recording is practised into a record with `practice
 * --replay`; the record then holds the session's whole pen stream (as
 * many events as the recording has E: lines, in chunks numbered from 0)
 * and its device as evemu text. `smpsim replay --session 1` runs it again
 * and must find every deposit and the score exactly as stored, writing
 * nothing to the record (its bytes and folder unchanged). The comparison
 * is shown to be exact: one deposit's depth changed in the record by one
 * unit in the last place, or the stored score by 0.001, makes the replay
 * say which and where, exit 1. A session whose chunks are deleted (as one
 * stored before pen streams were kept) replays from its deposits and says
 * so; a damaged chunk and a missing one are clear errors naming the
 * session and the chunk, exit 1, nothing on standard output; a session
 * not in the record is exit 2. An interrupted session's score is neither
 * a pass nor a fail; a session of no dots is not scored, in practice's
 * words.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "cli_csv.h"
#include "db_query.h"
#include "tmp_files.h"

#define RECORDING SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu"

static char db[PATH_MAX];

static void run(const char *const argv[], struct child_result *r)
{
	assert_int_equal(child_run(argv, NULL, r), 0);
}

static void sql(const char *path, const char *text)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	if (sqlite3_exec(h, text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err);
	sqlite3_close(h);
}

/* A copy of the record with session 1, for one case to change. */
static void copy_record(const char *name, char *path, size_t size)
{
	size_t n;
	char *bytes = tmp_files_read(db, &n);
	FILE *f;

	snprintf(path, size, "%s/%s", tmp_files_dir(), name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
	free(bytes);
}

/* soft-hairline.yaml as shipped before proficiency (a pass mark, a
 * capped never-event), and its SHA-256. */
#define LESSON_BEFORE SMPSIM_TEST_DATA_DIR "/before-proficiency/soft-hairline.yaml"
#define LESSON_BEFORE_SHA256 \
	"78d46864bcc64da34431ef7aaa8f1d693ae2dba5d1b18e55353485a27a6fbfc4"

/* Makes session 1 of the record at @p path one scored before proficiency,
 * as a record migrated from version 3 holds it: the lesson copy of its
 * day, the weighted mean kept as uncapped, no requirement columns. */
static void make_before_proficiency(const char *path)
{
	size_t n;
	char *text = tmp_files_read(LESSON_BEFORE, &n);
	sqlite3 *h;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE lessons SET content = ?1, sha256 = ?2 "
					    "WHERE id = (SELECT lesson FROM sessions WHERE "
					    "id = 1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, text, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, LESSON_BEFORE_SHA256, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(h, "UPDATE sessions SET score = 71.5, uncapped = 71.5, "
				      "passed = 1 WHERE id = 1; UPDATE measures SET required = "
				      "NULL, need_min = NULL, need_max = NULL, met = NULL "
				      "WHERE session = 1", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	free(text);
}

static int setup(void **state)
{
	struct child_result r;

	tmp_files_setup(state);
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "Rui Replay", "--db", db,
				   NULL }, &r);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	run((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", "Rui Replay",
				   "--lesson", "soft-hairline", "--replay", RECORDING,
				   "--audio", "none", "--no-view", "--db", db, NULL }, &r);
	if (r.status != 0)
		fail_msg("practice: %s", r.err);
	child_result_free(&r);
	/* One file, as it is on a reader's disk: the WAL folded in. */
	sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	return 0;
}

/* The one real value @p text selects from @p path. */
static double db_real(const char *path, const char *text)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	double v;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static size_t event_lines(const char *path)
{
	size_t size, n = 0;
	char *text = tmp_files_read(path, &size);

	for (size_t i = 0; i < size; i++)
		n += (i == 0 || text[i - 1] == '\n') && !strncmp(text + i, "E:", 2);
	free(text);
	return n;
}

/* What `replay --session 1` prints from the stream, for record @p path. */
static char *expected_from_stream(const char *path, const char *deposits_line,
				  const char *score_line, const char *verdict)
{
	char *out;
	int64_t events = db_query_int(path, "SELECT sum(events) FROM pen_chunks WHERE session = 1");
	int64_t chunks = db_query_int(path, "SELECT count(*) FROM pen_chunks WHERE session = 1");
	/* enum store_session_status, as replay names it */
	static const char *const status_names[] = { "in progress", "complete", "interrupted" };
	int64_t status = db_query_int(path, "SELECT status FROM sessions WHERE id = 1");
	/* Last: a read-only connection leaves the WAL it opened, this one
	 * (read-write) removes it as it closes. */
	double duration = db_real(path, "SELECT duration_s FROM sessions WHERE id = 1");

	assert_in_range(status, 0, 2);
	assert_true(asprintf(&out, "Session 1: Rui Replay, lesson soft-hairline, %.1f s, %s.\n"
			     "Replayed from its pen stream: %" PRId64 " events in %" PRId64
			     " chunk%s.\n%s%s%s", duration, status_names[status], events, chunks,
			     chunks == 1 ? "" : "s", deposits_line, score_line, verdict) > 0);
	return out;
}

static double stored_score(const char *path)
{
	return db_real(path, "SELECT score FROM sessions WHERE id = 1");
}

/* Flips the bits of byte @p at of chunk @p seq's data. */
static void flip_chunk_byte(const char *path, int seq, int at)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	unsigned char *data;
	int size;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT data FROM pen_chunks WHERE session = 1 "
					    "AND seq = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	size = sqlite3_column_bytes(st, 0);
	assert_true(size > at);
	data = malloc((size_t)size);
	assert_non_null(data);
	memcpy(data, sqlite3_column_blob(st, 0), (size_t)size);
	sqlite3_finalize(st);
	data[at] ^= 0xff;
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE pen_chunks SET data = ?2 WHERE "
					    "session = 1 AND seq = ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, seq);
	sqlite3_bind_blob(st, 2, data, size, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	free(data);
}

static void test_stream_is_stored(void **state)
{
	size_t lines = event_lines(RECORDING);
	int64_t chunks = db_query_int(db, "SELECT count(*) FROM pen_chunks WHERE session = 1");

	(void)state;
	assert_int_equal(db_query_int(db, "SELECT sum(events) FROM pen_chunks WHERE session = 1"),
			 (int64_t)lines);
	assert_true(chunks >= 2);
	/* Numbered from 0 with no gap. */
	assert_int_equal(db_query_int(db, "SELECT max(seq) FROM pen_chunks WHERE session = 1"),
			 chunks - 1);
	assert_int_equal(db_query_int(db, "SELECT min(seq) FROM pen_chunks WHERE session = 1"), 0);
	assert_int_equal(db_query_int(db, "SELECT pen_device LIKE '# EVEMU 1.3%N: %' "
				      "FROM sessions WHERE id = 1"), 1);
	/* The stream's chunks follow each other in time. */
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM pen_chunks a JOIN pen_chunks b "
				      "ON b.session = a.session AND b.seq = a.seq + 1 "
				      "WHERE b.first_us < a.last_us"), 0);
	/* Compact: the generator's stream in under 40 KB a minute. */
	assert_true(db_query_int(db, "SELECT sum(length(data)) FROM pen_chunks") * 60 <
		    40000 * db_query_int(db, "SELECT CAST(duration_s AS INTEGER) FROM sessions"));
}

static void test_replay_reproduces(void **state)
{
	struct child_result r;
	struct stat before, after;
	size_t size_before, size_after;
	char *bytes_before, *bytes_after, *want, deposits[128], score[128];
	int64_t n = db_query_int(db, "SELECT count(*) FROM deposits WHERE session = 1");
	char wal[PATH_MAX + 8];

	(void)state;
	assert_int_equal(stat(db, &before), 0);
	bytes_before = tmp_files_read(db, &size_before);
	snprintf(deposits, sizeof(deposits), "Deposits: %" PRId64 " replayed, %" PRId64
		 " stored, the same in every field.\n", n, n);
	snprintf(score, sizeof(score), "Score: %.1f (passed), the same as stored.\n",
		 stored_score(db));
	want = expected_from_stream(db, deposits, score,
				    "The replay reproduces the session exactly.\n");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", db,
				   NULL }, &r);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	free(want);
	/* Nothing written: the same bytes, no WAL beside it. */
	bytes_after = tmp_files_read(db, &size_after);
	assert_int_equal(stat(db, &after), 0);
	assert_int_equal(size_before, size_after);
	assert_memory_equal(bytes_before, bytes_after, size_before);
	assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
	assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
	snprintf(wal, sizeof(wal), "%s-wal", db);
	assert_int_equal(access(wal, F_OK), -1);
	free(bytes_before);
	free(bytes_after);
}

/* One deposit's depth one unit in the last place off: found and named. */
static void test_one_deposit_changed(void **state)
{
	char path[PATH_MAX], expect_line[512], *want, score[128];
	char was[CLI_NUMBER_MAX], now[CLI_NUMBER_MAX];
	struct child_result r;
	int64_t n;
	sqlite3 *h;
	sqlite3_stmt *st;
	double depth, changed;

	(void)state;
	copy_record("changed-deposit.db", path, sizeof(path));
	n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT depth_mm FROM deposits WHERE session = 1 "
					    "AND seq = 16", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	depth = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	changed = nextafter(depth, INFINITY);
	assert_int_equal(sqlite3_prepare_v2(h, "UPDATE deposits SET depth_mm = ?1 WHERE "
					    "session = 1 AND seq = 16", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_double(st, 1, changed);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* Each as the shortest text that reads back (cli_csv.h), which
	 * tells apart two doubles one ulp apart. */
	cli_number_text(depth, was, sizeof(was));
	cli_number_text(changed, now, sizeof(now));
	assert_string_not_equal(was, now);
	snprintf(expect_line, sizeof(expect_line), "Deposits: %" PRId64 " replayed, %" PRId64
		 " stored; deposit 17 differs first, in depth_mm: %s replayed, %s "
		 "stored.\n", n, n, was, now);
	snprintf(score, sizeof(score), "Score: %.1f (passed), the same as stored.\n",
		 stored_score(path));
	want = expected_from_stream(path, expect_line, score,
				    "The replay does not reproduce the session.\n");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 1, want, "");
	child_result_free(&r);
	free(want);
}

/* The stored score 0.001 off: said, exit 1. */
/* A session scored before proficiency still replays from the lesson copy
 * of its day (its pass mark and cap read and set aside): the deposits are
 * compared, the stored score stands and is said to (today's rules give
 * another by design). */
static void test_before_proficiency(void **state)
{
	char path[PATH_MAX], deposits[128], *want;
	struct child_result r;
	int64_t n;

	(void)state;
	copy_record("before-proficiency.db", path, sizeof(path));
	make_before_proficiency(path);
	n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
	snprintf(deposits, sizeof(deposits), "Deposits: %" PRId64 " replayed, %" PRId64
		 " stored, the same in every field.\n", n, n);
	want = expected_from_stream(path, deposits, "Score: 71.5 (passed) as stored, given by "
				    "the rules before proficiency (a pass mark); not scored "
				    "again.\n", "The replay reproduces the session exactly.\n");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	free(want);
	/* review shows it as it was scored. */
	run((const char *const[]){ SMPSIM_BINARY, "review", "--session", "1", "--db", path,
				   NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\nscore       71.5 / 100: PASS (by the pass mark of its "
			       "day)\n"));
	child_result_free(&r);
}

/* An interrupted session stored before proficiency has no score, and its
 * lesson copy's rules (a pass mark) are gone: replay and the report give
 * none, where scoring by the copy's items alone passed it (no required
 * item): the report said "PASS every requirement met". */
static void test_before_proficiency_unscored(void **state)
{
	char path[PATH_MAX], deposits[128], *want;
	struct child_result r;
	int64_t n;

	(void)state;
	copy_record("before-proficiency-unscored.db", path, sizeof(path));
	make_before_proficiency(path);
	sql(path, "UPDATE sessions SET score = NULL, uncapped = NULL, passed = NULL, "
	    "never_events = NULL, status = 2 WHERE id = 1; DELETE FROM measures "
	    "WHERE session = 1");
	n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
	snprintf(deposits, sizeof(deposits), "Deposits: %" PRId64 " replayed, %" PRId64
		 " stored, the same in every field.\n", n, n);
	want = expected_from_stream(path, deposits, "Score: none stored, and none given now: "
				    "the lesson file it ran on was scored by a pass mark "
				    "(before proficiency).\n",
				    "The replay reproduces the session exactly.\n");
	assert_non_null(strstr(want, ", interrupted.\n"));
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	free(want);
	run((const char *const[]){ SMPSIM_BINARY, "report", "--session", "1", "--db", path,
				   "-o", "-", NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "the lesson file it ran on was scored by a pass mark "
			       "(before proficiency), so it is not scored here."));
	assert_null(strstr(r.out, "PASS"));
	child_result_free(&r);
}

/* An interrupted session is not a failed attempt: replay says its score
 * is neither a pass nor a fail, stored or not (it said "(failed)"). */
static void test_interrupted_not_failed(void **state)
{
	static const struct {
		const char *name, *sql, *score;    /* score: after "Score: %.1f " */
	} cases[] = {
		{ "interrupted-unscored.db", "UPDATE sessions SET score = NULL, passed = NULL, "
		  "never_events = NULL, status = 2 WHERE id = 1",
		  "(interrupted: not a pass or fail), and the record holds none (the session "
		  "was interrupted).\n" },
		{ "interrupted-scored.db", "UPDATE sessions SET status = 2 WHERE id = 1",
		  "(interrupted: not a pass or fail), the same as stored.\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[PATH_MAX], deposits[128], score[256], *want;
		struct child_result r;
		double s;
		int64_t n;

		copy_record(cases[i].name, path, sizeof(path));
		s = stored_score(path);
		sql(path, cases[i].sql);
		n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
		snprintf(deposits, sizeof(deposits), "Deposits: %" PRId64 " replayed, %" PRId64
			 " stored, the same in every field.\n", n, n);
		snprintf(score, sizeof(score), "Score: %.1f %s", s, cases[i].score);
		want = expected_from_stream(path, deposits, score,
					    "The replay reproduces the session exactly.\n");
		run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db",
					   path, NULL }, &r);
		child_expect(&r, 0, want, "");
		child_result_free(&r);
		free(want);
	}
}

/* A session of no dots: not scored, in practice's words; one stored
 * deposit, said in the singular. */
static void test_no_dots(void **state)
{
	char path[PATH_MAX];
	struct child_result r;

	(void)state;
	copy_record("no-dots.db", path, sizeof(path));
	sql(path, "DELETE FROM pen_chunks; UPDATE sessions SET pen_device = NULL, score = NULL, "
	    "passed = NULL, never_events = NULL WHERE id = 1; DELETE FROM deposits WHERE "
	    "session = 1 AND seq > 0; UPDATE deposits SET kind = 1 WHERE session = 1");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	if (r.status != 0 || !strstr(r.out, " s, complete.\nReplayed from its 1 stored deposit: "
				     "the record holds no pen stream for it (it was stored "
				     "before pen streams were kept).\nScore: none (no dots were "
				     "made), and none stored.\nThe replay reproduces the session "
				     "exactly.\n"))
		fail_msg("exit %d\n%s--\n%s", r.status, r.out, r.err);
	child_result_free(&r);
}

static void test_score_changed(void **state)
{
	char path[PATH_MAX], deposits[128], score[256], *want, stored[CLI_NUMBER_MAX];
	struct child_result r;
	int64_t n;
	double s;

	(void)state;
	copy_record("changed-score.db", path, sizeof(path));
	s = stored_score(path);
	sql(path, "UPDATE sessions SET score = score - 0.001 WHERE id = 1");
	n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
	snprintf(deposits, sizeof(deposits), "Deposits: %" PRId64 " replayed, %" PRId64
		 " stored, the same in every field.\n", n, n);
	cli_number_text(s - 0.001, stored, sizeof(stored));
	snprintf(score, sizeof(score), "Score: %.1f (passed), but %s (passed) stored.\n", s,
		 stored);
	want = expected_from_stream(path, deposits, score,
				    "The replay does not reproduce the session.\n");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 1, want, "");
	child_result_free(&r);
	free(want);
}

static void test_old_session_from_deposits(void **state)
{
	char path[PATH_MAX], *want;
	struct child_result r;
	int64_t n;

	(void)state;
	copy_record("old.db", path, sizeof(path));
	sql(path, "DELETE FROM pen_chunks; UPDATE sessions SET pen_device = NULL");
	n = db_query_int(path, "SELECT count(*) FROM deposits WHERE session = 1");
	assert_true(asprintf(&want, "Session 1: Rui Replay, lesson soft-hairline, %.1f s, "
			     "complete.\nReplayed from its %" PRId64 " stored deposits: the record "
			     "holds no pen stream for it (it was stored before pen streams were "
			     "kept).\nScore: %.1f (passed), scored again from the deposits, the same "
			     "as stored.\nThe replay reproduces the session exactly.\n",
			     db_real(path, "SELECT duration_s FROM sessions WHERE id = 1"), n,
			     stored_score(path)) > 0);
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	free(want);
}

static void test_damaged_chunk(void **state)
{
#define PREFIX "smpsim replay: session 1's pen stream: chunk 1: "
	char path[PATH_MAX];
	struct child_result r;

	(void)state;
	copy_record("damaged.db", path, sizeof(path));
	/* A byte inside chunk 1's deflated data. */
	flip_chunk_byte(path, 1, 200);
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	if (strncmp(r.err, PREFIX, strlen(PREFIX)) != 0 || strlen(r.err) < strlen(PREFIX) + 8 ||
	    !strchr(r.err, '\n') || strchr(r.err, '\n')[1] != '\0')
		fail_msg("stderr: %s", r.err);
	child_result_free(&r);

	copy_record("missing.db", path, sizeof(path));
	sql(path, "DELETE FROM pen_chunks WHERE session = 1 AND seq = 1");
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "1", "--db", path,
				   NULL }, &r);
	child_expect(&r, 1, "", "smpsim replay: session 1: pen stream chunk 1 is missing "
		     "(the next stored is 2)\n");
	child_result_free(&r);
}

static void test_usage(void **state)
{
	struct child_result r;
	char want[PATH_MAX + 128];

	(void)state;
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "7", "--db", db,
				   NULL }, &r);
	snprintf(want, sizeof(want), "smpsim replay: no session 7 in %s (see 'smpsim review')\n",
		 db);
	child_expect(&r, 2, "", want);
	child_result_free(&r);
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--db", db, NULL }, &r);
	child_expect(&r, 2, "", "smpsim replay: missing --session N (the # column of 'smpsim "
		     "review')\nTry 'smpsim replay --help'.\n");
	child_result_free(&r);
	/* --view with no display: said before anything is run. */
	{
		const char *const argv[] = { SMPSIM_BINARY, "replay", "--session", "1", "--view",
					     "--db", db, NULL };
		const char *const env[] = { "DISPLAY=", "WAYLAND_DISPLAY=", NULL };

		assert_int_equal(child_run(argv, env, &r), 0);
		child_expect(&r, 2, "", "smpsim replay: --view: no display ($DISPLAY and "
			     "$WAYLAND_DISPLAY are not set); without --view the session is "
			     "replayed and checked\n");
		child_result_free(&r);
	}
	{
		const char *const argv[] = { SMPSIM_BINARY, "review", "--view", "--db", db, NULL };

		run(argv, &r);
		child_expect(&r, 2, "", "smpsim review: --view replays one session: it needs "
			     "--session N and takes no --json\n");
		child_result_free(&r);
	}
	run((const char *const[]){ SMPSIM_BINARY, "replay", "--session", "x", NULL }, &r);
	child_expect(&r, 2, "", "smpsim replay: --session takes a session number (the # "
		     "column of 'smpsim review'), not 'x'\n");
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_is_stored),
		cmocka_unit_test(test_replay_reproduces),
		cmocka_unit_test(test_one_deposit_changed),
		cmocka_unit_test(test_score_changed),
		cmocka_unit_test(test_interrupted_not_failed),
		cmocka_unit_test(test_no_dots),
		cmocka_unit_test(test_before_proficiency),
		cmocka_unit_test(test_before_proficiency_unscored),
		cmocka_unit_test(test_old_session_from_deposits),
		cmocka_unit_test(test_damaged_chunk),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
