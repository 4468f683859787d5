/* test-practice: `smpsim practice` end to end, as child processes on a
 * synthetic recording (tests/session_gen.c) whose every tap is known.
 *
 *  - a replay stores exactly the deposits the simulator makes of the
 *    recording, and the score `smpsim score` gives for it;
 *  - `kill -9` in the middle of a --realtime replay keeps every deposit
 *    committed (in order, whole), leaves a database that passes PRAGMA
 *    integrity_check, and the next start marks the session interrupted;
 *    no assertion races the machine's speed (the store's one-second rule
 *    is test-store's);
 *  - `smpsim review` and a plain reader run while a session is open, and
 *    neither blocks nor fails; Ctrl-C then ends the session, scored;
 *  - SIGHUP (the terminal closed) and SIGTERM end it so too: complete,
 *    scored, the reason said and stored; SIGHUP sent again and again
 *    (a closing terminal sends it more than once) too;
 *  - no device, bad options, an unknown trainee: said plainly, exit 1 or 2;
 *  - `smpsim demo` scores its shipped recording and writes the report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "lesson_fixture.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "session_gen.h"
#include "sim_session.h"
#include "store.h"
#include "tmp_files.h"

#define LESSON "depth-taps"
#define TRAINEE "Ann O'Neil"
#define TAPS 30

static struct session_gen_tap taps[TAPS];
static struct session_gen_hand hand;
static char recording[PATH_MAX];
static char db[PATH_MAX + 32];

/* ---- helpers ---- */

static int64_t lift_us(size_t i)
{
	return session_gen_lift_us(&hand, &taps[i]);
}

static double monotonic_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec d = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&d, &d) < 0 && errno == EINTR)
		;
}

static void run(const char *const argv[], struct child_result *r)
{
	struct child_process c;

	assert_int_equal(child_start(argv, NULL, &c), 0);
	assert_int_equal(child_wait(&c, r), 0);
}

#define PRACTICE(...) \
	((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE, \
				"--lesson", LESSON, "--db", db, "--audio", "none", \
				__VA_ARGS__, NULL })

/* Waits for "Session N started" on the child's stderr (at most 60 s: a
 * bound to fail rather than hang, not a pace). @return N. */
static int64_t wait_started(struct child_process *c)
{
	double deadline = monotonic_s() + 60;

	while (monotonic_s() < deadline) {
		char *err = child_peek_err(c);
		const char *at = err ? strstr(err, "Session ") : NULL;
		long long id;

		if (at && strstr(at, " started") && sscanf(at, "Session %lld", &id) == 1) {
			free(err);
			return id;
		}
		free(err);
		sleep_s(0.002);
	}
	fail_msg("practice never said its session started");
	return 0;
}

/* Fails the test, saying what the program said, unless it exited @p want. */
static void check_status(struct child_result *r, int want, const char *what)
{
	if (r->status == want)
		return;
	print_error("%s: exit %d, not %d\n%s%s", what, r->status, want, r->out, r->err);
	child_result_free(r);
	fail();
}

static sqlite3 *open_db(void)
{
	sqlite3 *s;

	if (sqlite3_open_v2(db, &s, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fail_msg("%s: %s", db, sqlite3_errmsg(s));
	sqlite3_busy_timeout(s, 2000);
	return s;
}

static int64_t query_int(sqlite3 *s, const char *sql, int64_t session)
{
	sqlite3_stmt *st;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	if (session)
		sqlite3_bind_int64(st, 1, session);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void assert_integrity(sqlite3 *s)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(s, "PRAGMA integrity_check", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

/* The stored deposits' down and up times, in order. @return their number. */
static size_t stored_times(sqlite3 *s, int64_t session, int64_t *down, int64_t *up,
			   size_t max)
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(s, "SELECT down_us, up_us FROM deposits "
					    "WHERE session = ? ORDER BY seq", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, session);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < max);
		down[n] = sqlite3_column_int64(st, 0);
		up[n] = sqlite3_column_int64(st, 1);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/* What the simulator makes of the recording as a session of LESSON: the
 * deposits practice should store. */
static size_t expected_deposits(struct deposit *out, size_t max)
{
	static struct lesson lesson;
	static struct lesson_session ls;
	struct device_quirk *quirks;
	struct pen_source_options o = { 0 };
	struct pen_source *src;
	struct sim_setup setup;
	struct sim_session *sim;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	struct pen_sample smp;
	char err[512];
	size_t nq, n;

	if (quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &nq, err,
			sizeof(err)) < 0 ||
	    lesson_fixture_load(SMPSIM_DATA_DIR, LESSON, NULL, 0, &lesson, &ls, err,
				sizeof(err)) < 0)
		fail_msg("%s", err);
	o.quirks = quirks;
	o.quirk_count = nq;
	if (pen_source_open_recording(recording, NULL, &o, &src, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(lesson_fixture_sim_setup(&lesson, &ls, src, &setup, NULL), 0);
	assert_int_equal(sim_session_new(&setup, &sim, err, sizeof(err)), 0);
	while (pen_source_next(src, &smp, -1) == 1) {
		assert_true(smp.time_us <= lesson.time_limit_s * 1e6);
		assert_true(sim_session_step(sim, &smp, ev) >= 0);
	}
	assert_true(sim_session_finish(sim, ev) >= 0);
	n = sim_session_deposit_count(sim);
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++)
		out[i] = *sim_session_deposit(sim, (uint32_t)i);
	sim_session_free(sim);
	pen_source_free(src);
	free(quirks);
	return n;
}

static void assert_same_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		assert_true(isnan(a) && isnan(b));
	else
		assert_float_equal(a, b, 1e-9);
}

static double json_number(const char *json, const char *key)
{
	char pattern[64];
	const char *at;

	snprintf(pattern, sizeof(pattern), "\"%s\": ", key);
	at = strstr(json, pattern);
	if (!at)
		fail_msg("no %s in %s", key, json);
	return strtod(at + strlen(pattern), NULL);
}

/* ---- setup ---- */

static int setup(void **state)
{
	struct store *store;
	int64_t id;
	char err[STORE_ERROR_MAX];
	static const double pressure[] = { 0.2, 0.25, 0.15, 0.3, 0.18 };

	if (tmp_files_setup(state) < 0)
		return -1;
	/* Thirty taps 3 mm apart in the lesson's square, one every 100 ms
	 * (a 3 s session), of varied pressure; five shallow, one deep. */
	for (size_t i = 0; i < TAPS; i++)
		taps[i] = (struct session_gen_tap){
			.t_ms = 100 + 100 * (int)i,
			.x_mm = 72.5 + SESSION_GEN_SQUARE_PAD_DX_MM + 3.0 * (double)(i % 6),
			.y_mm = 47.5 + SESSION_GEN_SQUARE_PAD_DY_MM + 3.0 * (double)(i / 6),
			.pressure = i % 6 == 5 ? 0.085 : i == 22 ? 0.36 : pressure[i % 6],
			.dwell_ms = 20,
			.cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	snprintf(recording, sizeof(recording), "%s/taps.evemu", tmp_files_dir());
	{
		const struct session_gen_session s = { "taps", taps, TAPS };

		if (session_gen_write_file(recording, &hand, &s) < 0)
			return -1;
	}
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	if (store_trainee_add(store, TRAINEE, &id) < 0)
		return -1;
	store_close(store);
	return 0;
}

/* ---- the tests ---- */

static void replay_stores_what_score_gives(void **state)
{
	static struct deposit want[TAPS + 4];
	struct deposit *got = NULL;
	struct store_session *rec = calloc(1, sizeof(*rec));
	struct child_result r, sc;
	struct store *store;
	char err[STORE_ERROR_MAX];
	size_t n, count;
	long long session;
	const char *at;

	(void)state;
	assert_non_null(rec);
	run(PRACTICE("--replay", recording), &r);
	check_status(&r, 0, "practice");
	assert_non_null(strstr(r.out, "Depth control"));       /* the instructions */
	assert_non_null(strstr(r.out, "end of the recording"));
	assert_non_null(strstr(r.out, "work on"));
	at = strstr(r.out, "Stored in ");
	assert_non_null(at);
	assert_int_equal(sscanf(strstr(at, "as session "), "as session %lld", &session), 1);

	run(((const char *const[]){ SMPSIM_BINARY, "score", recording, "--lesson", LESSON,
				    "--json", NULL }), &sc);
	assert_int_equal(sc.status, 0);

	n = expected_deposits(want, TAPS + 4);
	assert_int_equal(n, TAPS);
	assert_int_equal((size_t)json_number(sc.out, "dots"), n);

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_get(store, session, rec), 0);
	assert_int_equal(rec->status, STORE_COMPLETE);
	assert_string_equal(rec->trainee_name, TRAINEE);
	assert_string_equal(rec->lesson_id, LESSON);
	assert_true(rec->scored);
	assert_int_equal(rec->deposits, n);
	assert_int_equal(rec->dots, n);
	assert_float_equal(rec->score, json_number(sc.out, "score"), 0.0006);
	assert_int_equal(rec->passed, strstr(sc.out, "\"passed\": true") != NULL);
	assert_float_equal(rec->duration_s, json_number(sc.out, "duration_s"), 0.0006);
	assert_non_null(strstr(rec->recording, "taps.evemu"));

	assert_int_equal(store_session_deposit_array(store, session, &got, &count), 0);
	assert_int_equal(count, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got[i].id, want[i].id);
		assert_int_equal(got[i].down_us, want[i].down_us);
		assert_int_equal(got[i].up_us, want[i].up_us);
		/* and the recording's own taps */
		assert_int_equal(got[i].down_us, taps[i].t_ms * 1000);
		assert_int_equal(got[i].up_us, lift_us(i));
		assert_same_double(got[i].x_mm, want[i].x_mm);
		assert_same_double(got[i].y_mm, want[i].y_mm);
		assert_same_double(got[i].depth_mm, want[i].depth_mm);
		assert_same_double(got[i].force_n, want[i].force_n);
		assert_same_double(got[i].diameter_mm, want[i].diameter_mm);
		assert_same_double(got[i].blur_mm, want[i].blur_mm);
		assert_same_double(got[i].tail_mm, want[i].tail_mm);
		assert_same_double(got[i].nearest_mm, want[i].nearest_mm);
		assert_int_equal(got[i].kind, want[i].kind);
		assert_int_equal(got[i].depth_class, want[i].depth_class);
		assert_int_equal(got[i].faults, want[i].faults);
	}
	free(got);
	free(rec);
	store_close(store);
	child_result_free(&r);
	child_result_free(&sc);
}

/* Deposits of @p session committed so far, waited for (60 s at most,
 * polling) until there are at least @p want. @return the count seen. */
static int64_t wait_committed(int64_t session, int64_t want)
{
	double deadline = monotonic_s() + 60;
	int64_t seen = 0;

	while (monotonic_s() < deadline) {
		sqlite3 *s = open_db();

		seen = query_int(s, "SELECT count(*) FROM deposits WHERE session = ?", session);
		sqlite3_close(s);
		if (seen >= want)
			return seen;
		sleep_s(0.02);
	}
	fail_msg("only %lld deposits committed in 60 s", (long long)seen);
	return seen;
}

/* kill -9 in the middle of a paced session: what was committed stays, in
 * order and whole, and the next start marks the session interrupted. How
 * soon deposits are committed (a second of wall time at most) is the
 * store's rule, tested in test-store without a race against this
 * machine's speed; here the session is killed once a few are in. */
static void kill_keeps_what_was_committed(void **state)
{
	int64_t down[TAPS + 4], up[TAPS + 4];
	struct child_process c;
	struct child_result r;
	int64_t session, committed;
	size_t n;
	sqlite3 *s;

	(void)state;
	assert_int_equal(child_start(PRACTICE("--replay", recording, "--realtime"), NULL, &c),
			 0);
	session = wait_started(&c);
	committed = wait_committed(session, 5);
	kill(c.pid, SIGKILL);
	assert_int_equal(child_wait(&c, &r), 0);
	assert_int_equal(r.status, 128 + SIGKILL);
	child_result_free(&r);

	s = open_db();
	assert_integrity(s);
	assert_int_equal(query_int(s, "SELECT status FROM sessions WHERE id = ?", session),
			 STORE_IN_PROGRESS);
	n = stored_times(s, session, down, up, TAPS + 4);
	assert_true((int64_t)n >= committed);
	assert_true(n < TAPS);
	assert_int_equal(query_int(s, "SELECT deposit_count FROM sessions WHERE id = ?",
				   session), (int64_t)n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(down[i], taps[i].t_ms * 1000);
		assert_int_equal(up[i], lift_us(i));
	}
	sqlite3_close(s);

	/* The next start finds it and marks it interrupted, deposits kept. */
	run(PRACTICE("--replay", recording), &r);
	assert_int_equal(r.status, 0);
	if (!strstr(r.err, "1 session ") || !strstr(r.err, "marked interrupted"))
		fail_msg("the next start did not say it marked the session: %s", r.err);
	child_result_free(&r);
	s = open_db();
	assert_int_equal(query_int(s, "SELECT status FROM sessions WHERE id = ?", session),
			 STORE_INTERRUPTED);
	assert_int_equal(query_int(s, "SELECT count(*) FROM deposits WHERE session = ?",
				   session), (int64_t)n);
	assert_integrity(s);
	sqlite3_close(s);
}

static void review_during_a_session(void **state)
{
	struct child_process c;
	struct child_result r, rv;
	int64_t session, seen;
	sqlite3 *s;

	(void)state;
	assert_int_equal(child_start(PRACTICE("--replay", recording, "--realtime"), NULL, &c),
			 0);
	session = wait_started(&c);
	wait_committed(session, 1);

	/* The instructor's review, while deposits are being committed: a WAL
	 * reader never waits for the writer (were it to wait for the lock, it
	 * would fail after the busy timeout, or hang to the test's timeout). */
	run(((const char *const[]){ SMPSIM_BINARY, "review", "--db", db, NULL }), &rv);
	check_status(&rv, 0, "review during a session");
	assert_non_null(strstr(rv.out, TRAINEE));
	child_result_free(&rv);
	/* A plain reader sees the deposits committed so far. */
	s = open_db();
	seen = query_int(s, "SELECT count(*) FROM deposits WHERE session = ?", session);
	assert_true(seen >= 1);
	sqlite3_close(s);

	/* Ctrl-C ends the session cleanly: scored, stored, complete. */
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	check_status(&r, 0, "practice after SIGINT");
	assert_non_null(strstr(r.out, "ended by Ctrl-C"));
	assert_non_null(strstr(r.out, "Stored in "));
	s = open_db();
	assert_int_equal(query_int(s, "SELECT status FROM sessions WHERE id = ?", session),
			 STORE_COMPLETE);
	assert_true(query_int(s, "SELECT count(*) FROM deposits WHERE session = ?",
			      session) >= seen);
	assert_true(query_int(s, "SELECT count(*) FROM deposits WHERE session = ?",
			      session) < TAPS);
	assert_int_equal(query_int(s, "SELECT score IS NOT NULL FROM sessions WHERE id = ?",
				   session), 1);
	sqlite3_close(s);
	child_result_free(&r);
}

/* One text column of @p session's row; the caller frees it. */
static char *query_text(sqlite3 *s, const char *sql, int64_t session)
{
	sqlite3_stmt *st;
	char *v;

	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, session);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(st, 0));
	assert_non_null(v);
	sqlite3_finalize(st);
	return v;
}

/* A signal that asks the program to stop ends the session as the trainee
 * meant it: scored, stored complete, the reason said and kept. SIGHUP is
 * the terminal window closed (the trainee guide's "Ending a session"),
 * which sends it more than once (the kernel to the foreground group, the
 * shell to its jobs): sent until the program ends, the session is still
 * stored scored (the first only used to be caught, and the next killed
 * the program before it stored the score, leaving it in progress). */
static void signals_end_a_session(void **state)
{
	static const struct {
		int sig;
		const char *reason;
		bool repeated;     /* sent until the program ends */
	} cases[] = {
		{ SIGHUP, "ended: the terminal closed", false },
		{ SIGTERM, "ended by SIGTERM", false },
		{ SIGHUP, "ended: the terminal closed", true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct child_process c;
		struct child_result r;
		int64_t session;
		char *reason;
		sqlite3 *s;

		assert_int_equal(child_start(PRACTICE("--replay", recording, "--realtime"),
					     NULL, &c), 0);
		session = wait_started(&c);
		wait_committed(session, 1);
		kill(c.pid, cases[i].sig);
		/* Until it has ended (seen, not reaped: child_wait() reaps
		 * it); what it says after its session is stored may be cut
		 * short by a later one. */
		while (cases[i].repeated) {
			siginfo_t info = { .si_pid = 0 };

			assert_int_equal(waitid(P_PID, (id_t)c.pid, &info,
						WEXITED | WNOHANG | WNOWAIT), 0);
			if (info.si_pid)
				break;
			kill(c.pid, cases[i].sig);
		}
		assert_int_equal(child_wait(&c, &r), 0);
		if (!cases[i].repeated) {
			check_status(&r, 0, cases[i].reason);
			if (!strstr(r.out, cases[i].reason))
				fail_msg("%s: not said: %s", cases[i].reason, r.out);
		}
		s = open_db();
		assert_int_equal(query_int(s, "SELECT status FROM sessions WHERE id = ?",
					   session), STORE_COMPLETE);
		assert_int_equal(query_int(s, "SELECT score IS NOT NULL FROM sessions "
					   "WHERE id = ?", session), 1);
		reason = query_text(s, "SELECT end_reason FROM sessions WHERE id = ?", session);
		assert_string_equal(reason, cases[i].reason);
		free(reason);
		sqlite3_close(s);
		child_result_free(&r);
	}
}

static void no_device_says_how_to_replay(void **state)
{
	char none[PATH_MAX + 64], env[PATH_MAX + 96];
	const char *const envp[] = { env, NULL };
	struct child_process c;
	struct child_result r;

	(void)state;
	snprintf(none, sizeof(none), "%s/no-input-devices", tmp_files_dir());
	snprintf(env, sizeof(env), "SMPSIM_INPUT_DIR=%s", none);
	assert_int_equal(child_start(PRACTICE("--pad-size", "100x100"), envp, &c), 0);
	assert_int_equal(child_wait(&c, &r), 0);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "no pen device"));
	assert_non_null(strstr(r.err, "--replay"));
	/* A user with no tablet is told, before choosing --replay, that such
	 * sessions never count. */
	assert_non_null(strstr(r.err, "a replayed session never counts towards proficiency"));
	child_result_free(&r);
}

static void bad_input(void **state)
{
	struct child_result r;

	(void)state;
	run(PRACTICE("--replay", recording, "--device", "/dev/input/event0"), &r);
	assert_int_equal(r.status, 2);
	child_result_free(&r);
	run(PRACTICE("--realtime"), &r);
	assert_int_equal(r.status, 2);
	child_result_free(&r);
	run(PRACTICE("--replay", recording, "--record", "x.evemu"), &r);
	assert_int_equal(r.status, 2);
	child_result_free(&r);
	run(((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", "Nobody",
				    "--lesson", LESSON, "--db", db, "--audio", "none",
				    "--replay", recording, NULL }), &r);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "trainee add"));
	child_result_free(&r);
	run(((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
				    "--lesson", "no-such-lesson", "--db", db,
				    "--replay", recording, NULL }), &r);
	assert_int_equal(r.status, 2);
	child_result_free(&r);
}

/* A record that is not there: practice says how to make one and makes
 * nothing (it made an empty record, with its -wal and -shm, and then
 * refused for want of a trainee in it). */
static void no_record_is_made(void **state)
{
	char dir[PATH_MAX], none[PATH_MAX + 16], want[2 * PATH_MAX];
	struct child_result r;
	DIR *d;
	struct dirent *e;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/no-record", tmp_files_dir());
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(none, sizeof(none), "%s/r.db", dir);
	run(((const char *const[]){ SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
				    "--lesson", LESSON, "--db", none, "--audio", "none",
				    "--replay", recording, NULL }), &r);
	/* Said before the pen and the sound are opened: no "audio:" line. */
	snprintf(want, sizeof(want), "smpsim practice: %s: no trainee record "
		 "there; add a "
		 "trainee first with 'smpsim trainee add NAME', which makes it\n", none);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, want);
	child_result_free(&r);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("%s/%s was made", dir, e->d_name);
	closedir(d);
}

static void demo_scores_and_reports(void **state)
{
	char demo_db[PATH_MAX + 32], report[PATH_MAX + 32];
	struct child_result r;
	FILE *f;
	char head[4096];
	size_t len;

	(void)state;
	snprintf(demo_db, sizeof(demo_db), "%s/demo.db", tmp_files_dir());
	/* Beside the record, named by the session: the first one. */
	snprintf(report, sizeof(report), "%s/demo-report-1.html", tmp_files_dir());
	run(((const char *const[]){ SMPSIM_BINARY, "demo", "--db", demo_db, "--audio", "none",
				    NULL }), &r);
	check_status(&r, 0, "demo");
	assert_non_null(strstr(r.out, "score"));
	assert_non_null(strstr(r.out, demo_db));
	assert_non_null(strstr(r.out, report));
	f = fopen(report, "r");
	assert_non_null(f);
	len = fread(head, 1, sizeof(head) - 1, f);
	head[len] = '\0';
	fclose(f);
	assert_non_null(strstr(head, "<html"));
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replay_stores_what_score_gives),
		cmocka_unit_test(kill_keeps_what_was_committed),
		cmocka_unit_test(review_during_a_session),
		cmocka_unit_test(signals_end_a_session),
		cmocka_unit_test(no_device_says_how_to_replay),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(no_record_is_made),
		cmocka_unit_test(demo_scores_and_reports),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
