/* test-practice-live: `smpsim practice` on a live device, emulated by
 * umockdev (tests/umockdev_pen.c): with no --device it takes the only pen
 * there is, waits for the pen, stores every deposit, records the session
 * with --record to a file that `smpsim score` scores the same, keeps its
 * pen stream so that `smpsim replay` reproduces it exactly, and ends
 * cleanly on Ctrl-C; the pen is grabbed for the session unless --no-grab,
 * and the record keeps where the pad lay on the scalp; a lesson not open
 * to the trainee yet is practised and stored, said first not to count. Run under
 * umockdev's preload (ctest's wrapper, or it
 * runs itself under it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "session_gen.h"
#include "store.h"
#include "tmp_files.h"
#include "umockdev_pen.h"

/* The bound on every wait for a condition here: to fail rather than hang
 * on a machine many times slower than ours, not a pace. */
#define WAIT_BOUND_S 60

#define TAPS 10
#define TRAINEE "Live Trainee"

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

/* The events of recording @p path, and its device. @return their count. */
static size_t load_events(const char *path, struct pen_device *dev,
			  struct input_event **events)
{
	char err[UMOCKDEV_PEN_ERROR_MAX];
	size_t count;

	if (umockdev_pen_read_recording(path, dev, events, &count, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return count;
}

/* A record at @p db holding the test's trainee. */
static void make_record(const char *db)
{
	struct store *store;
	char err[STORE_ERROR_MAX];
	int64_t id;

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, TRAINEE, &id), 0);
	store_close(store);
}

static int64_t count_deposits(const char *db)
{
	return db_query_int_try(db, "SELECT count(*) FROM deposits");
}

static int64_t count_sessions(const char *db)
{
	return db_query_int_try(db, "SELECT count(*) FROM sessions");
}

/* TAPS taps 2.5 mm apart, a tenth of a second apart, written to
 * STEM-source.evemu in the test's folder and loaded: the device into
 * @p dev, the events into *events (free them). @return their number. */
static size_t ten_taps(const char *stem, struct pen_device *dev, struct input_event **events)
{
	struct session_gen_tap taps[TAPS];
	struct session_gen_hand hand;
	const struct session_gen_session session = { stem, taps, TAPS };
	char rec[PATH_MAX];

	for (size_t i = 0; i < TAPS; i++)
		taps[i] = (struct session_gen_tap){
			.t_ms = 100 + 100 * (int)i,
			.x_mm = 72.5 + SESSION_GEN_SQUARE_PAD_DX_MM + 2.5 * (double)i,
			.y_mm = 50 + SESSION_GEN_SQUARE_PAD_DY_MM, .pressure = 0.2, .dwell_ms = 20, .cue = AUDIO_CUE_COUNT,
		};
	session_gen_hand_default(&hand);
	snprintf(rec, sizeof(rec), "%s/%s-source.evemu", tmp_files_dir(), stem);
	assert_int_equal(session_gen_write_file(rec, &hand, &session), 0);
	return load_events(rec, dev, events);
}

/* A bed holding @p dev, idle until played. */
static struct umockdev_pen_bed *new_bed(const struct pen_device *dev)
{
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return bed;
}

/* Waits (WAIT_BOUND_S at most) until @p db holds @p n deposits. */
/* The environment that puts grab_spy_preload.c into the child ahead of
 * umockdev's preload (after the sanitizer's runtime, which must come
 * first), logging each EVIOCGRAB to @p log and, when @p busy, answering
 * a grab EBUSY. envs[] gets the strings, NULL-terminated. */
struct spy_env {
	char preload[2 * PATH_MAX], log[PATH_MAX + 32];
	const char *envs[4];
};

static void spy_env(struct spy_env *e, const char *log, bool busy)
{
	const char *now = getenv("LD_PRELOAD"), *at = strstr(now, "libumockdev-preload");

	assert_non_null(at);
	snprintf(e->preload, sizeof(e->preload), "LD_PRELOAD=%.*s%s:%s", (int)(at - now), now,
		 SMPSIM_GRAB_SPY, at);
	snprintf(e->log, sizeof(e->log), "SMPSIM_GRAB_LOG=%s", log);
	e->envs[0] = e->preload;
	e->envs[1] = e->log;
	e->envs[2] = busy ? "SMPSIM_GRAB_BUSY=1" : NULL;
	e->envs[3] = NULL;
	unlink(log);
}

static void wait_deposits(const char *db, int64_t n)
{
	double deadline = monotonic_s() + WAIT_BOUND_S;

	while (count_deposits(db) < n && monotonic_s() < deadline)
		sleep_s(0.05);
	assert_int_equal(count_deposits(db), n);
}

static void live_session(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	size_t count;
	char db[PATH_MAX], taken[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	char using[PATH_MAX + 16], recording[2 * PATH_MAX + 64], grabs[PATH_MAX];
	struct store *store;
	struct store_session got;
	struct child_process c;
	struct child_result r, sc;
	struct spy_env spy;
	char *log;

	(void)state;
	snprintf(grabs, sizeof(grabs), "%s/live-grabs.log", tmp_files_dir());
	spy_env(&spy, grabs, false);
	count = ten_taps("live", &dev, &events);
	snprintf(taken, sizeof(taken), "%s/live-taken.evemu", tmp_files_dir());
	snprintf(db, sizeof(db), "%s/live.db", tmp_files_dir());
	make_record(db);
	bed = new_bed(&dev);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "depth-taps", "--db", db,
					     "--audio", "none", "--record", taken, NULL };

		assert_int_equal(child_start(argv, spy.envs, &c), 0);
	}
	/* The recording starts once the device is open, and says so: play
	 * then (the node holds only 4 KiB unread, see umockdev_pen_bed_play()).
	 * Until the session ends it is TAKEN.XXXXXX.part, not TAKEN. */
	snprintf(using, sizeof(using), "Using %s", umockdev_pen_bed_devnode(bed));
	assert_true(child_wait_err(&c, using, WAIT_BOUND_S));
	snprintf(recording, sizeof(recording), "Recording the session to %s (as %s.", taken,
		 taken);
	assert_true(child_wait_err(&c, recording, WAIT_BOUND_S));
	assert_int_equal(access(taken, F_OK), -1);
	/* No pen yet: no session. */
	sleep_s(0.2);
	{
		char *e = child_peek_err(&c);

		assert_null(strstr(e, "started"));
		free(e);
	}
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_true(child_wait_err(&c, "Session 1 started: the clock is running", WAIT_BOUND_S));
	/* Every tap is committed within a second or so of its lift. */
	wait_deposits(db, TAPS);
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: %d\n%s%s", r.status, r.out, r.err);
	assert_non_null(strstr(r.out, "Bring the pen to the pad to begin"));
	assert_non_null(strstr(r.out, "ended by Ctrl-C"));
	/* The pen was the session's: one EVIOCGRAB as the device opened,
	 * which umockdev's emulated node answered with success, and one
	 * letting it go at the session's end, nothing more. */
	assert_non_null(strstr(r.err, "\nThe pen is grabbed for the session: its taps do not "
			       "reach the desktop (--no-grab shares it).\n"));
	log = tmp_files_read(grabs, NULL);
	assert_string_equal(log, "grab 1 0 0\ngrab 0 0 0\n");
	free(log);
	assert_non_null(strstr(r.out, "Stored in "));

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_get(store, 1, &got), 0);
	assert_int_equal(got.status, STORE_COMPLETE);
	assert_int_equal(got.deposits, TAPS);
	assert_true(got.scored);
	assert_string_equal(got.device_name, dev.name);
	assert_non_null(strstr(got.recording, "live-taken.evemu"));
	/* depth-taps' work area centred on the 200 x 120 mm pad. */
	assert_string_equal(got.mapping_source, "fit");
	assert_true(got.mapping.offset_x_mm == -SESSION_GEN_SQUARE_PAD_DX_MM &&
		    got.mapping.offset_y_mm == -SESSION_GEN_SQUARE_PAD_DY_MM &&
		    got.mapping.scale == 1 && got.mapping.rotation_deg == 0);
	store_close(store);

	/* What was recorded scores to the same dots. */
	{
		const char *const argv[] = { SMPSIM_BINARY, "score", taken, "--lesson",
					     "depth-taps", "--json", NULL };

		assert_int_equal(child_run(argv, NULL, &sc), 0);
		assert_int_equal(sc.status, 0);
		assert_non_null(strstr(sc.out, "\"dots\": 10,"));
	}
	child_result_free(&sc);
	/* The record's own pen stream replays the live session exactly: it
	 * waited for the pen as practice did and ends where Ctrl-C ended it. */
	{
		const char *const argv[] = { SMPSIM_BINARY, "replay", "--session", "1",
					     "--db", db, NULL };

		assert_int_equal(child_run(argv, NULL, &sc), 0);
		if (sc.status != 0 || !strstr(sc.out, "Deposits: 10 replayed, 10 stored, the "
					      "same in every field.\n") ||
		    !strstr(sc.out, "The replay reproduces the session exactly.\n"))
			fail_msg("replay: %d\n%s%s", sc.status, sc.out, sc.err);
	}
	child_result_free(&sc);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* The lesson's time limit holds when the pen leaves the pad and nothing
 * more arrives: a copy of the data with depth-taps limited to 1.5 s, a
 * tap at 0.1 s, then silence; the session must end by itself. */
static void time_limit_with_the_pen_away(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	size_t count;
	struct session_gen_hand hand;
	struct session_gen_tap tap = { .t_ms = 100, .x_mm = 75 + SESSION_GEN_SQUARE_PAD_DX_MM,
				       .y_mm = 50 + SESSION_GEN_SQUARE_PAD_DY_MM, .pressure = 0.2,
				       .dwell_ms = 20, .cue = AUDIO_CUE_COUNT };
	const struct session_gen_session session = { "one-tap", &tap, 1 };
	struct child_process c;
	struct child_result r;
	char data[PATH_MAX], cmd[3 * PATH_MAX + 128], rec[PATH_MAX], db[PATH_MAX];
	char env[PATH_MAX + 32], err[UMOCKDEV_PEN_ERROR_MAX], grabs[PATH_MAX];
	struct spy_env spy;
	double t0;

	(void)state;
	snprintf(grabs, sizeof(grabs), "%s/limit-grabs.log", tmp_files_dir());
	spy_env(&spy, grabs, false);
	snprintf(data, sizeof(data), "%s/data", tmp_files_dir());
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s' && sed -i 's/^time-limit-s: .*/"
		 "time-limit-s: 1.5/' '%s/lessons/depth-taps.yaml'", SMPSIM_DATA_DIR, data, data);
	assert_int_equal(system(cmd), 0);
	snprintf(env, sizeof(env), "SMPSIM_DATA_DIR=%s", data);
	session_gen_hand_default(&hand);
	snprintf(rec, sizeof(rec), "%s/one-tap.evemu", tmp_files_dir());
	snprintf(db, sizeof(db), "%s/limit.db", tmp_files_dir());
	assert_int_equal(session_gen_write_file(rec, &hand, &session), 0);
	count = load_events(rec, &dev, &events);
	make_record(db);

	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "depth-taps", "--db", db,
					     "--audio", "none", "--no-grab", NULL };
		const char *const envs[] = { env, spy.preload, spy.log, NULL };

		assert_int_equal(child_start(argv, envs, &c), 0);
	}
	assert_true(child_wait_err(&c, "Using ", WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	t0 = monotonic_s();
	assert_int_equal(child_wait(&c, &r), 0);
	/* 1.5 s of session, not a wait for the next pen sample. */
	assert_true(monotonic_s() - t0 < 5);
	assert_non_null(strstr(r.out, "ended at the time limit"));
	/* --no-grab: the pen stays shared: no EVIOCGRAB at all, and nothing
	 * said of one. */
	assert_null(strstr(r.err, "grab"));
	assert_int_equal(access(grabs, F_OK), -1);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* Practice of @p lesson on a new record NAME.db (its path in @p db) by
 * the pen @p dev, started as a child (@p c) that is waited for until its
 * standard error says @p said; then @p events are played and every tap
 * waited for in the record. @return the pen's bed, to free. */
static struct umockdev_pen_bed *ten_taps_practised(const char *name, const char *lesson,
						   const struct pen_device *dev,
						   const struct input_event *events, size_t count,
						   const char *said, char *db, size_t db_size,
						   struct child_process *c)
{
	struct umockdev_pen_bed *bed;
	char err[UMOCKDEV_PEN_ERROR_MAX];

	snprintf(db, db_size, "%s/%s.db", tmp_files_dir(), name);
	make_record(db);
	bed = new_bed(dev);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", lesson, "--db", db,
					     "--audio", "none", NULL };

		assert_int_equal(child_start(argv, NULL, c), 0);
	}
	assert_true(child_wait_err(c, said, WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	wait_deposits(db, TAPS);
	return bed;
}

/* The tablet unplugged mid-session: the session ends at once, what was
 * made is kept and scored, and it is stored interrupted, with the reason
 * (the trainee did not end it); exit 1. */
static void unplugged_mid_session(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	size_t count;
	char db[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX];
	struct store *store;
	struct store_session got;
	struct child_process c;
	struct child_result r;

	(void)state;
	count = ten_taps("unplug", &dev, &events);
	bed = ten_taps_practised("unplug", "depth-taps", &dev, events, count, "Using ", db,
				 sizeof(db), &c);
	umockdev_pen_bed_unplug(bed);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 1)
		fail_msg("practice: exit %d, not 1\n%s%s", r.status, r.out, r.err);
	assert_non_null(strstr(r.out, "the pen device went away."));
	assert_non_null(strstr(r.err, "): the device went away\n"));
	assert_non_null(strstr(r.out, "Stored in "));

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_session_get(store, 1, &got), 0);
	assert_int_equal(got.status, STORE_INTERRUPTED);
	assert_string_equal(got.end_reason, "the pen device went away");
	assert_int_equal(got.deposits, TAPS);
	assert_true(got.scored);
	store_close(store);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* A lesson not open to the trainee yet (even-spacing, before depth-taps
 * is proficient): practice runs and stores the session, having said once,
 * before it, that the session will not count. */
static void a_lesson_not_open_yet(void **state)
{
	static const char note[] = "even-spacing is not open for you yet (finish depth-taps "
		"first, or an instructor opens it: smpsim trainee open NAME even-spacing --by "
		"WHO --why TEXT): this session is stored but will not count towards "
		"proficiency.\n";
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	size_t count;
	char db[PATH_MAX];
	struct child_process c;
	struct child_result r;
	const char *at;

	(void)state;
	count = ten_taps("locked", &dev, &events);
	bed = ten_taps_practised("locked", "even-spacing", &dev, events, count, note, db,
				 sizeof(db), &c);
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: %d\n%s%s", r.status, r.out, r.err);
	/* Said once, before the session began. */
	at = strstr(r.err, note);
	assert_non_null(at);
	assert_null(strstr(at + 1, note));
	assert_true(at < strstr(r.err, "Session 1 started"));
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions WHERE origin = 0"), 1);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* Another program holds the pen (EBUSY, answered by grab_spy_preload.c:
 * umockdev grants every grab): said as a warning, and the session runs on
 * the shared pen as any other; nothing to let go at the end. */
static void grabbed_by_another_program(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	size_t count;
	char db[PATH_MAX], grabs[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX], *log;
	struct child_process c;
	struct child_result r;
	struct spy_env spy;

	(void)state;
	snprintf(grabs, sizeof(grabs), "%s/busy-grabs.log", tmp_files_dir());
	spy_env(&spy, grabs, true);
	count = ten_taps("busy", &dev, &events);
	snprintf(db, sizeof(db), "%s/busy.db", tmp_files_dir());
	make_record(db);
	bed = new_bed(&dev);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "depth-taps", "--db", db,
					     "--audio", "none", NULL };

		assert_int_equal(child_start(argv, spy.envs, &c), 0);
	}
	assert_true(child_wait_err(&c, "Using ", WAIT_BOUND_S));
	assert_true(child_wait_err(&c, "smpsim practice: the pen is grabbed by another "
				   "program: its taps may also reach the desktop\n",
				   WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, -1, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	wait_deposits(db, TAPS);
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: %d\n%s%s", r.status, r.out, r.err);
	assert_non_null(strstr(r.out, "Stored in "));
	assert_null(strstr(r.err, "The pen is grabbed for the session"));
	log = tmp_files_read(grabs, NULL);
	assert_string_equal(log, "grab 1 -1 16\n");
	free(log);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* A tablet too small for the lesson at real scale (the UC-Logic WP5540U,
 * 139.4 x 101.4 mm, under temple-points' 160 x 37 mm work area): refused
 * once the device is open, with both sizes, before anything is stored or
 * the lesson shown; the pen it grabbed as it opened is let go. */
static void too_small_a_pad(void **state)
{
	struct pen_device dev;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	char db[PATH_MAX], grabs[PATH_MAX], want[2 * PATH_MAX + 512], *log;
	struct child_result r;
	struct spy_env spy;

	(void)state;
	snprintf(grabs, sizeof(grabs), "%s/small-grabs.log", tmp_files_dir());
	spy_env(&spy, grabs, false);
	load_events(SMPSIM_TEST_DATA_DIR "/tablets/uc-logic-wp5540u-pen.evemu", &dev, &events);
	snprintf(db, sizeof(db), "%s/small.db", tmp_files_dir());
	make_record(db);
	bed = new_bed(&dev);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", TRAINEE,
					     "--lesson", "temple-points", "--db", db,
					     "--audio", "none", NULL };

		assert_int_equal(child_run(argv, spy.envs, &r), 0);
	}
	snprintf(want, sizeof(want), "Using %s (%s).\nsmpsim practice: temple-points needs a "
		 "pad of 160 x 37 mm at real scale; this pad is 139.4 x 101.4 mm: use a "
		 "larger tablet, or choose a scale with --mapping (the lesson's zone is then "
		 "not at real size; --mapping -0.17,-39.83,1.15,0 holds it)\n",
		 umockdev_pen_bed_devnode(bed), dev.name);
	child_expect(&r, 2, "", want);
	assert_int_equal(count_sessions(db), 0);
	log = tmp_files_read(grabs, NULL);
	assert_string_equal(log, "grab 1 0 0\ngrab 0 0 0\n");
	free(log);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(live_session),
		cmocka_unit_test(time_limit_with_the_pen_away),
		cmocka_unit_test(unplugged_mid_session),
		cmocka_unit_test(a_lesson_not_open_yet),
		cmocka_unit_test(grabbed_by_another_program),
		cmocka_unit_test(too_small_a_pad),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-practice-live: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
