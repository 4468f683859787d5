/* test-review-cli: `smpsim trainee`, `smpsim review` and `smpsim export`
 * end to end, the way a user runs them.
 *
 * A record is made in a temporary folder through store.h (three trainees,
 * one with a name built to look like SQL injection and one in three
 * scripts; a scored session that passed its requirement, one scored
 * before requirements (store version 3) and capped by a never-event, one
 * interrupted), its times pinned with one UPDATE so the output is known to
 * the character, and the built program (SMPSIM_BINARY) run on it as a child
 * process (tests/child_process.c) with TZ=UTC. Standard output and error
 * are compared with the exact expected lines; exit codes 0, 1, 2 as the
 * --help texts say. An instructor's review runs while another connection
 * holds the write lock with uncommitted deposits and a dead session waits
 * to be marked: it must finish, well inside the busy timeout, show what is
 * committed and the dead session as interrupted, and write nothing; the
 * next command that writes marks it. (tests/test-store-open.c has the
 * readers where they cannot write.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "store_internal.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char injection[] = "Robert'); DROP TABLE sessions;--";
static const char unicode_name[] = "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d";

static char db[4096];

/* Runs "smpsim ARGS..." with TZ=UTC (and SMPSIM_DB unset unless @p env
 * sets it). */
static void smpsim_env(const char *const args[], const char *const env[],
		       struct child_result *res)
{
	const char *argv[24] = { SMPSIM_BINARY };
	const char *full_env[8] = { "TZ=UTC", "SMPSIM_DB=" };
	size_t n = 1, e = 2;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	for (size_t i = 0; env && env[i]; i++) {
		assert_true(e < ARRAY_SIZE(full_env) - 1);
		full_env[e++] = env[i];
	}
	full_env[e] = NULL;
	assert_int_equal(child_run(argv, full_env, res), 0);
}

static void smpsim(const char *const args[], struct child_result *res)
{
	smpsim_env(args, NULL, res);
}

/* smpsim with @p args exits 0 and prints @p want somewhere in its output. */
static void expect_out_has(const char *const args[], const char *want)
{
	struct child_result res;

	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, want))
		fail_msg("%s", res.out);
	child_result_free(&res);
}

/* @return whether @p s begins with @p prefix. */
static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static struct deposit dep(uint32_t id, int64_t down_us, double x, double y, size_t region,
			  enum deposit_depth_class depth_class, uint32_t faults)
{
	struct deposit d;

	memset(&d, 0, sizeof(d));
	d.id = id;
	d.down_us = down_us;
	d.up_us = down_us + 62500;
	d.x_mm = x;
	d.y_mm = y;
	d.region = region;
	d.depth_mm = 0.75;
	d.force_n = 1.5;
	d.diameter_mm = 0.375;
	d.blur_mm = 0;
	d.tail_mm = 0.125;
	d.tilt_deg = 4.5;
	d.skew_ratio = 1.25;
	d.skew_angle_deg = -90;
	d.nearest_mm = id ? 1.5 : -1;
	d.kind = id == 3 ? DEPOSIT_LINE : DEPOSIT_DOT;
	d.depth_class = depth_class;
	d.faults = faults;
	return d;
}

/* A score whose one requirement, depth-in-band at least 0.7 (met, when
 * @p passed) or 0.9 (missed), decides the pass. */
static void score(struct score_metrics *m, struct score_result *r, double value,
		  bool passed)
{
	memset(m, 0, sizeof(*m));
	memset(r, 0, sizeof(*r));
	m->dots = 4;
	m->value[SCORE_DEPTH_IN_BAND] = 0.75;
	m->valid[SCORE_DEPTH_IN_BAND] = true;
	m->value[SCORE_OVERDEEP] = 1;
	m->valid[SCORE_OVERDEEP] = true;
	m->value[SCORE_PACE] = 40;
	m->valid[SCORE_PACE] = true;
	r->marks[SCORE_DEPTH_IN_BAND] = 50;
	r->rated[SCORE_DEPTH_IN_BAND] = true;
	r->marks[SCORE_PACE] = 100;
	r->rated[SCORE_PACE] = true;
	r->score = value;
	r->passed = passed;
	r->by_proficiency = true;
	for (int i = 0; i < SCORE_METRIC_COUNT; i++)
		r->need_min[i] = r->need_max[i] = NAN;
	r->required[SCORE_DEPTH_IN_BAND] = true;
	r->need_min[SCORE_DEPTH_IN_BAND] = passed ? 0.7 : 0.9;
	r->met[SCORE_DEPTH_IN_BAND] = passed;
	snprintf(r->advice[0], SCORE_ADVICE_MAX, "Keep every dot in the band.");
	snprintf(r->advice[1], SCORE_ADVICE_MAX, "Lift straight up, \"no tails\".");
	r->advice_count = 2;
}

static int setup(void **state)
{
	static const char text[] = "id: hairline-basics\n";
	struct store_session_info info = {
		.lesson_id = "hairline-basics", .lesson_title = "The hairline, first pass",
		.lesson_text = text, .lesson_text_size = sizeof(text) - 1,
		.device_name = "Wacom Intuos Pro M Pen", .device_id = "056a:0357",
		.audio_latency_ms = 12.5, .recording = "take-1.evemu", .start_us = 1000000,
		.mapping = { -20, -44.5, 1, 0 }, .mapping_source = "fit",
	};
	char err[STORE_ERROR_MAX];
	struct score_metrics m;
	struct score_result r;
	struct store *store;
	int64_t anna, bob, zoe, s;
	struct deposit d;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0)
		return -1;
	if (store_trainee_add(store, "Anna", &anna) < 0 ||
	    store_trainee_add(store, injection, &bob) < 0 ||
	    store_trainee_add(store, unicode_name, &zoe) < 0)
		return -1;

	/* 1: Anna passes, with a few faults, in exam mode. */
	info.trainee = anna;
	info.view_mode = STORE_VIEW_EXAM;
	if (store_session_begin(store, &info, &s) < 0)
		return -1;
	info.view_mode = STORE_VIEW_NONE;
	d = dep(0, 1500000, 10.5, 20.25, 0, DEPOSIT_IN_BAND, 0);
	store_session_add_deposit(store, s, &d, "frontal");
	d = dep(1, 2250000, 11.5, 20.25, 0, DEPOSIT_IN_BAND, DEPOSIT_TOO_CLOSE | DEPOSIT_MERGED);
	store_session_add_deposit(store, s, &d, "frontal");
	d = dep(2, 63125000, -3.5, 0.5, SCALP_NO_REGION, DEPOSIT_SHALLOW,
		DEPOSIT_OUTSIDE_ZONE | DEPOSIT_SHALLOW_FAULT);
	store_session_add_deposit(store, s, &d, NULL);
	d = dep(3, 64000000, 12, 21, 1, DEPOSIT_IN_BAND, DEPOSIT_DRAG_LINE);
	store_session_add_deposit(store, s, &d, "temporal, left");
	score(&m, &r, 82.5, true);
	if (store_session_end(store, s, 75.25, &m, &r) < 0)
		return -1;

	/* 2: the injection-looking name fails; made below a session scored
	 * before version 4, capped by a never-event. */
	info.trainee = bob;
	info.audio_latency_ms = 0;
	info.recording = NULL;
	info.mapping = (struct sim_mapping){ 20, 10, 1.5, 90 };
	info.mapping_source = "option";
	if (store_session_begin(store, &info, &s) < 0)
		return -1;
	d = dep(0, 1500000, 10.5, 20.25, 0, DEPOSIT_OVERDEEP, DEPOSIT_OVERDEEP_FAULT);
	store_session_add_deposit(store, s, &d, "frontal");
	score(&m, &r, 55.5, false);
	if (store_session_end(store, s, 30, &m, &r) < 0)
		return -1;

	/* 3: Zoë's session of another lesson, stopped before its end. */
	info.trainee = zoe;
	info.lesson_id = "density";
	info.lesson_title = "Density";
	info.device_name = NULL;
	info.device_id = NULL;
	info.start_us = 0;
	info.mapping_source = NULL;      /* as a session from before version 3 */
	if (store_session_begin(store, &info, &s) < 0)
		return -1;
	d = dep(0, 500000, 1, 2, 0, DEPOSIT_IN_BAND, 0);
	store_session_add_deposit(store, s, &d, "frontal");
	store_close(store);      /* not ended: interrupted */

	/* Pin the times, so the output is known exactly. */
	{
		sqlite3 *raw;
		int rc = sqlite3_open(db, &raw);

		if (rc == SQLITE_OK)
			rc = sqlite3_exec(raw,
				"UPDATE trainees SET created = '2025-03-01T08:00:00.000Z';"
				"UPDATE sessions SET started = '2025-03-0' || (id + 1) || "
				"'T09:3' || id || ':05.000Z', "
				"ended = CASE WHEN status = 1 THEN '2025-03-0' || (id + 1) || "
				"'T09:4' || id || ':06.500Z' END;"
				/* Session 2 as a migrated version-3 record holds it. */
				"UPDATE sessions SET score = 40, uncapped = 55.5 WHERE id = 2;"
				"UPDATE measures SET required = NULL, need_min = NULL, "
				"need_max = NULL, met = NULL WHERE session = 2;", NULL, NULL, NULL);
		sqlite3_close(raw);
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

/* Runs @p sql on the record, as an older smpsim or a hand would. */
static void raw_sql(const char *sql)
{
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

static int teardown(void **state)
{
	return tmp_files_teardown(state);
}

/* ---- trainee ---- */

static void test_trainee_list(void **state)
{
	struct child_result res;
	const char *args[] = { "trainee", "list", "--db", db, NULL };

	(void)state;
	smpsim(args, &res);
	child_expect(&res, 0,
	       "id  sessions  added       name\n"
	       " 1         1  2025-03-01  Anna\n"
	       " 2         1  2025-03-01  Robert'); DROP TABLE sessions;--\n"
	       " 3         1  2025-03-01  Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d\n",
	       "");
	child_result_free(&res);
}

static void test_trainee_list_json(void **state)
{
	struct child_result res;
	/* Options may come before the action. */
	const char *args[] = { "trainee", "--json", "--db", db, "list", NULL };

	(void)state;
	smpsim(args, &res);
	child_expect(&res, 0,
	       "{\n  \"trainees\": [\n"
	       "    {\"id\": 1, \"name\": \"Anna\", \"added\": \"2025-03-01T08:00:00.000Z\", \"sessions\": 1, \"expert\": false, \"groups\": []},\n"
	       "    {\"id\": 2, \"name\": \"Robert'); DROP TABLE sessions;--\", \"added\": \"2025-03-01T08:00:00.000Z\", \"sessions\": 1, \"expert\": false, \"groups\": []},\n"
	       "    {\"id\": 3, \"name\": \"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d\", \"added\": \"2025-03-01T08:00:00.000Z\", \"sessions\": 1, \"expert\": false, \"groups\": []}\n"
	       "  ]\n}\n",
	       "");
	child_result_free(&res);
}

static void test_trainee_add(void **state)
{
	char path[4096 + 16];
	const char *env[] = { NULL, NULL };
	char env_db[4096 + 64];
	struct child_result res;

	(void)state;
	/* A record of its own, through SMPSIM_DB, made by the first add. */
	snprintf(path, sizeof(path), "%s/added.db", tmp_files_dir());
	snprintf(env_db, sizeof(env_db), "SMPSIM_DB=%s", path);
	env[0] = env_db;
	{
		const char *args[] = { "trainee", "list", NULL };

		smpsim_env(args, env, &res);
		char want[8192];

		snprintf(want, sizeof(want), "smpsim trainee: %s: no such database (it is "
			 "made by 'smpsim trainee add')\n", path);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "add", "Robert'); DROP TABLE trainees;--",
				       NULL };

		smpsim_env(args, env, &res);
		child_expect(&res, 0, "added trainee 1: Robert'); DROP TABLE trainees;--\n", "");
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "add", "Jos\xc3\xa9", NULL };

		smpsim_env(args, env, &res);
		child_expect(&res, 0, "added trainee 2: Jos\xc3\xa9\n", "");
		child_result_free(&res);
	}
	{
		/* The same name, its accent decomposed: taken. */
		const char *args[] = { "trainee", "add", "Jose\xcc\x81", NULL };

		smpsim_env(args, env, &res);
		child_expect(&res, 1, "", "smpsim trainee: a trainee named 'Jos\xc3\xa9' already exists\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "add", "--", "-Kim", NULL };

		smpsim_env(args, env, &res);
		child_expect(&res, 0, "added trainee 3: -Kim\n", "");
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "add", "two\nlines", NULL };

		smpsim_env(args, env, &res);
		child_expect(&res, 2, "", "smpsim trainee: a name cannot hold the control character "
		       "U+000A\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "list", NULL };

		smpsim_env(args, env, &res);
		assert_int_equal(res.status, 0);
		assert_non_null(strstr(res.out, "  Robert'); DROP TABLE trainees;--\n"));
		assert_non_null(strstr(res.out, "  -Kim\n"));
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "add", "Two", "Words", NULL };

		smpsim_env(args, env, &res);
		assert_int_equal(res.status, 2);
		assert_string_equal(res.err, "smpsim trainee: one name at a time: put a name "
				    "with spaces in quotes\nTry 'smpsim trainee --help'.\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "remove", "Anna", NULL };

		smpsim_env(args, env, &res);
		assert_int_equal(res.status, 2);
		assert_true(starts_with(res.err, "smpsim trainee: unknown action 'remove': add, "
				    "list, rename, merge, group, ungroup, open or expert\n"));
		child_result_free(&res);
	}
	{
		const char *args[] = { "trainee", "--help", NULL };

		smpsim_env(args, env, &res);
		assert_int_equal(res.status, 0);
		assert_true(starts_with(res.out, "usage: smpsim trainee add NAME [--db PATH]\n"));
		assert_string_equal(res.err, "");
		child_result_free(&res);
	}
}

/* ---- review ---- */

static const char review_all[] =
	"#  date              trainee                           lesson           score  pass  faults  status       origin\n"
	"1  2025-03-02 09:31  Anna                              hairline-basics   82.5  yes        5  complete     live\n"
	"2  2025-03-03 09:32  Robert'); DROP TABLE sessions;--  hairline-basics   40.0  no         1  complete     live\n"
	/* 19 columns for 25 bytes: padded by what the terminal shows */
	"3  2025-03-04 09:33  Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d               density              -  -          0  interrupted  live\n"
	"\n"
	"progress\n"
	"trainee                           lesson           sessions  scored  passed  first   last   best   mean\n"
	"Anna                              hairline-basics         1       1       1   82.5   82.5   82.5   82.5\n"
	"Robert'); DROP TABLE sessions;--  hairline-basics         1       1       0   40.0   40.0   40.0   40.0\n"
	"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d               density                 1       0       0      -      -      -      -\n";

static void test_review_all(void **state)
{
	struct child_result res;
	const char *args[] = { "review", "--db", db, NULL };

	(void)state;
	smpsim(args, &res);
	child_expect(&res, 0, review_all, "");
	child_result_free(&res);
}

static void test_review_filters(void **state)
{
	struct child_result res;

	(void)state;
	{
		const char *args[] = { "review", "--db", db, "--trainee", unicode_name, NULL };

		smpsim(args, &res);
		child_expect(&res, 0,
		       "#  date              trainee              lesson   score  pass  faults  status       origin\n"
		       "3  2025-03-04 09:33  Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d  density      -  -          0  interrupted  live\n"
		       "\n"
		       "progress\n"
		       "trainee              lesson   sessions  scored  passed  first   last   best   mean\n"
		       "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d  density         1       0       0      -      -      -      -\n",
		       "");
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--db", db, "--trainee", injection,
				       "--lesson", "hairline-basics", NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		assert_non_null(strstr(res.out, "\n2  2025-03-03 09:32  Robert'); DROP TABLE "
				       "sessions;--  hairline-basics   40.0  no "));
		assert_null(strstr(res.out, "Anna"));
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--db", db, "--lesson", "no-such", NULL };

		smpsim(args, &res);
		child_expect(&res, 0, "no sessions\n", "");
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--db", db, "--trainee", "Nobody", NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim review: no trainee named 'Nobody' (see 'smpsim "
		       "trainee list')\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--db", db, "--lesson", "hairline-basics",
				       "--json", NULL };

		smpsim(args, &res);
		child_expect(&res, 0,
		       "{\n  \"sessions\": [\n"
		       "    {\"id\": 1, \"trainee\": \"Anna\", \"lesson\": \"hairline-basics\", "
		       "\"started\": \"2025-03-02T09:31:05.000Z\", \"status\": \"complete\", "
		       "\"score\": 82.5, \"passed\": true, \"deposits\": 4, \"faults\": 5, \"signoffs\": 0, \"origin\": \"live\"},\n"
		       "    {\"id\": 2, \"trainee\": \"Robert'); DROP TABLE sessions;--\", "
		       "\"lesson\": \"hairline-basics\", \"started\": \"2025-03-03T09:32:05.000Z\", "
		       "\"status\": \"complete\", \"score\": 40, \"passed\": false, "
		       "\"deposits\": 1, \"faults\": 1, \"signoffs\": 0, \"origin\": \"live\"}\n"
		       "  ],\n  \"progress\": [\n"
		       "    {\"trainee\": \"Anna\", \"lesson\": \"hairline-basics\", \"sessions\": 1, "
		       "\"scored\": 1, \"passed\": 1, \"first\": 82.5, \"last\": 82.5, "
		       "\"best\": 82.5, \"mean\": 82.5},\n"
		       "    {\"trainee\": \"Robert'); DROP TABLE sessions;--\", \"lesson\": "
		       "\"hairline-basics\", \"sessions\": 1, \"scored\": 1, \"passed\": 0, "
		       "\"first\": 40, \"last\": 40, \"best\": 40, \"mean\": 40}\n"
		       "  ]\n}\n",
		       "");
		child_result_free(&res);
	}
}

static void test_review_session(void **state)
{
	struct child_result res;
	const char *args[] = { "review", "--session", "1", "--db", db, NULL };

	(void)state;
	smpsim(args, &res);
	child_expect(&res, 0,
	       "session     1\n"
	       "trainee     Anna\n"
	       "lesson      hairline-basics: The hairline, first pass\n"
	       "lesson file sha256 ce0f985315b16950fc021333845bf7d1701ae5cdda69d85417eea5f324077811\n"
	       "device      Wacom Intuos Pro M Pen (056a:0357)\n"
	       "audio       latency 12.5 ms\n"
	       "recording   take-1.evemu\n"
	       "calibration the shipped default (no calibration of the pen)\n"
	       "origin      live (a pen device)\n"
	       "view        exam mode (the scalp and the dots)\n"
	       "pad on scalp centred at 1:1 (--mapping -20,-44.5,1,0)\n"
	       "started     2025-03-02 09:31:05\n"
	       "ended       2025-03-02 09:41:06\n"
	       "status      complete, 75.2 s\n"
	       "deposits    4, 5 faults\n"
	       "score       82.5 / 100: PASS\n"
	       "\n"
	       "measures (4 dots)\n"
	       "  measure                     value   mark  required\n"
	       "  depth-in-band                0.75   50.0  at least 0.7: met\n"
	       "  overdeep                        1      -\n"
	       "  pace                           40  100.0\n"
	       "\n"
	       "to work on\n"
	       "  1. Keep every dot in the band.\n"
	       "  2. Lift straight up, \"no tails\".\n"
	       "\n"
	       "levels      the lesson file's own levels\n"
	       "\n"
	       "sign-offs\n"
	       "  none\n"
	       "\n"
	       "faults by kind\n"
	       "  merged                1\n"
	       "  too-close             1\n"
	       "  outside-zone          1\n"
	       "  drag-line             1\n"
	       "  shallow               1\n"
	       "\n"
	       "faults in time\n"
	       "        time     dot     x mm     y mm  region          faults\n"
	       "    0:01.250       1    11.50    20.25  frontal         merged, too-close\n"
	       "    1:02.125       2    -3.50     0.50  -               outside-zone, shallow\n"
	       "    1:03.000       3    12.00    21.00  temporal, left  drag-line\n",
	       "");
	child_result_free(&res);

	/* Failed on its requirement: said as the reason, and in the table. */
	raw_sql("UPDATE sessions SET passed = 0, never_events = 1 WHERE id = 1;"
		"UPDATE measures SET need_min = 0.9, met = 0 WHERE session = 1 AND "
		"metric = 'depth-in-band'");
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, "\nscore       82.5 / 100: FAIL\nmissed      depth-in-band 0.75, "
		    "needs at least 0.9\nnever-event 1 of the lesson's happened: fails the "
		    "session\n\n") ||
	    !strstr(res.out, "\n  depth-in-band                0.75   50.0  at least 0.9: "
		    "NOT MET\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	raw_sql("UPDATE sessions SET passed = 1, never_events = 1 WHERE id = 1;"
		"UPDATE measures SET need_min = 0.7, met = 1 WHERE session = 1 AND "
		"metric = 'depth-in-band'");

	/* Scored before requirements: as it was scored, capped, no column. */
	args[2] = "2";
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	/* Its one deposit's one fault, in the singular. */
	if (!strstr(res.out, "\ndeposits    1, 1 fault\nscore       40.0 / 100: FAIL (capped "
		    "from 55.5 by a never-event) "
		    "(by the pass mark of its day)\n\nmeasures (4 dots)\n  measure               "
		    "      value   mark\n  depth-in-band                0.75   50.0\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
}

/* Where the pad lay on the scalp: the trainee's --mapping, and, for a
 * session stored before the record kept it, the old default. */
static void test_review_mapping(void **state)
{
	static const char *const want[] = {
		"\npad on scalp --mapping 20,10,1.5,90\n",
		"\npad on scalp pad corner on the scalp's origin, 1:1 (stored before the "
		"record kept the mapping)\n",
	};
	struct child_result res;

	(void)state;
	for (int i = 0; i < 2; i++) {
		const char *args[] = { "review", "--session", i ? "3" : "2", "--db", db, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		if (!strstr(res.out, want[i]))
			fail_msg("session %d:\n%s", i + 2, res.out);
		child_result_free(&res);
	}
}

static void test_review_session_json(void **state)
{
	struct child_result res;
	const char *args[] = { "review", "--session", "2", "--json", "--db", db, NULL };

	(void)state;
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	assert_string_equal(res.err, "");
	assert_true(starts_with(res.out, "{\n  \"session\": 2,\n  \"trainee\": \"Robert'); DROP "
			    "TABLE sessions;--\",\n  \"lesson\": \"hairline-basics\",\n"));
	assert_non_null(strstr(res.out, "\n  \"recording\": \"\",\n  \"calibration\": null,\n  \"origin\": \"live\",\n"
			       "  \"view_mode\": \"none\",\n  \"mapping\": { "
			       "\"offset_x_mm\": 20, \"offset_y_mm\": 10, \"scale\": 1.5, "
			       "\"rotation_deg\": 90, \"source\": \"option\" },\n"));
	assert_non_null(strstr(res.out, "\n  \"score\": 40,\n  \"uncapped\": 55.5,\n"
			       "  \"passed\": false,\n"));
	assert_non_null(strstr(res.out, "\n  \"advice\": [\n    \"Keep every dot in the "
			       "band.\",\n    \"Lift straight up, \\\"no tails\\\".\"\n  ],\n"));
	assert_non_null(strstr(res.out, "\n    {\"metric\": \"depth-in-band\", \"value\": 0.75, "
			       "\"mark\": 50, \"required\": null, \"at_least\": null, "
			       "\"at_most\": null, \"met\": null},\n"));
	assert_non_null(strstr(res.out, "\"overdeep\": 1}"));
	assert_non_null(strstr(res.out, "\n  \"fault_times\": [\n    {\"deposit\": 0, "
			       "\"time_s\": 0.500000, \"x_mm\": 10.5, \"y_mm\": 20.25, "
			       "\"region\": \"frontal\", \"faults\": [\"overdeep\"]}\n  ]\n}\n"));
	child_result_free(&res);

	/* Scored by requirements: each measure says whether it was required. */
	args[2] = "1";
	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "\n  \"score\": 82.5,\n  \"uncapped\": null,\n"
			       "  \"passed\": true,\n"));
	assert_non_null(strstr(res.out, "\n    {\"metric\": \"depth-in-band\", \"value\": 0.75, "
			       "\"mark\": 50, \"required\": true, \"at_least\": 0.7, "
			       "\"at_most\": null, \"met\": true},\n    {\"metric\": \"overdeep\", "
			       "\"value\": 1, \"mark\": null, \"required\": false, \"at_least\": null, "
			       "\"at_most\": null, \"met\": null},\n"));
	child_result_free(&res);
}

/* Sets the lesson file the record keeps for hairline-basics to @p text. */
static void set_lesson_text(const char *text, size_t size)
{
	sqlite3 *raw;
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, "UPDATE lessons SET content = ?1 WHERE "
					    "lesson_id = 'hairline-basics'", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_bind_blob(stmt, 1, text, (int)size, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
}

/* The never-events that failed a session are named, as `smpsim score`
 * names them, from the lesson file the record keeps (the record holds only
 * which of its never-events happened); with a copy that does not load,
 * only how many (text) or null (JSON). */
static void test_review_never_events(void **state)
{
	static const char copy[] = "id: hairline-basics\n";
	const char *args[] = { "review", "--session", "1", "--db", db, NULL };
	const char *json[] = { "review", "--session", "1", "--json", "--db", db, NULL };
	char text[16384], *id;
	struct child_result res;
	size_t size;
	FILE *f;

	(void)state;
	/* depth-taps as hairline-basics: its first never-event is overdeep. */
	f = fopen(SMPSIM_DATA_DIR "/lessons/depth-taps.yaml", "rb");
	assert_non_null(f);
	size = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[size] = '\0';
	id = strstr(text, "\nid: depth-taps\n");
	assert_non_null(id);
	assert_true(size + 5 < sizeof(text));
	memmove(id + strlen("\nid: hairline-basics\n"), id + strlen("\nid: depth-taps\n"),
		strlen(id + strlen("\nid: depth-taps\n")) + 1);
	memcpy(id, "\nid: hairline-basics\n", strlen("\nid: hairline-basics\n"));
	set_lesson_text(text, strlen(text));
	raw_sql("UPDATE sessions SET passed = 0, never_events = 1 WHERE id = 1;");

	smpsim(args, &res);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, "\nscore       82.5 / 100: FAIL\nnever-event overdeep 1, above 0: "
		    "fails the session\n\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	/* Requirements missed are said in the rubric's order, as score and
	 * practice said them (completion before outside in depth-taps), not
	 * in the order of the measures' names. */
	raw_sql("INSERT INTO measures (session, metric, value, mark, required, need_min, "
		"need_max, met) VALUES (1, 'outside', 0.3, 0, 1, NULL, 0.1, 0), "
		"(1, 'completion', 0.07, 0, 1, 0.9, 1.5, 0)");
	expect_out_has(args, "\nscore       82.5 / 100: FAIL\nmissed      completion 0.07, "
		       "needs 0.9 to 1.5\nmissed      outside 0.3, needs at most 0.1\n"
		       "never-event overdeep 1, above 0: fails the session\n\n");
	raw_sql("DELETE FROM measures WHERE session = 1 AND metric IN ('outside', "
		"'completion')");
	/* Its value to 4 digits, as the measures' table and the missed lines say
	 * theirs. */
	raw_sql("UPDATE measures SET value = 1.234567 WHERE session = 1 AND metric = 'overdeep'");
	smpsim(args, &res);
	if (!strstr(res.out, "\nnever-event overdeep 1.235, above 0: fails the session\n") ||
	    !strstr(res.out, "\n  overdeep                    1.235      -\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	raw_sql("UPDATE measures SET value = 1 WHERE session = 1 AND metric = 'overdeep'");
	smpsim(json, &res);
	assert_int_equal(res.status, 0);
	if (!strstr(res.out, "\n  ],\n  \"never_events\": [\"overdeep\"],\n  \"advice\": ["))
		fail_msg("%s", res.out);
	child_result_free(&res);

	/* The copy as setup stored it, which does not load: how many. */
	set_lesson_text(copy, sizeof(copy) - 1);
	smpsim(args, &res);
	if (!strstr(res.out, "\nnever-event 1 of the lesson's happened: fails the session\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	smpsim(json, &res);
	if (!strstr(res.out, "\n  \"never_events\": null,\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
	raw_sql("UPDATE sessions SET passed = 1, never_events = 0 WHERE id = 1;");
	/* None: an empty list. */
	smpsim(json, &res);
	if (!strstr(res.out, "\n  \"never_events\": [],\n"))
		fail_msg("%s", res.out);
	child_result_free(&res);
}

static void test_review_errors(void **state)
{
	char path[4096 + 16], want[8192];
	struct child_result res;

	(void)state;
	{
		const char *args[] = { "review", "--session", "9", "--db", db, NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim review: no session 9 (see 'smpsim review')\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--session", "x1", "--db", db, NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim review: --session takes a session number (the # "
		       "column of 'smpsim review'), not 'x1'\n");
		child_result_free(&res);
	}
	{
		snprintf(path, sizeof(path), "%s/nowhere.db", tmp_files_dir());
		const char *args[] = { "review", "--db", path, NULL };

		smpsim(args, &res);
		snprintf(want, sizeof(want), "smpsim review: %s: no such database (it is made "
			 "by 'smpsim trainee add')\n", path);
		child_expect(&res, 1, "", want);
		assert_int_equal(access(path, F_OK), -1);
		child_result_free(&res);
	}
	{
		/* A database from a newer smpsim. */
		sqlite3 *raw;
		const char *args[] = { "review", "--db", path, NULL };

		snprintf(path, sizeof(path), "%s/future.db", tmp_files_dir());
		assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
		assert_int_equal(sqlite3_exec(raw, "PRAGMA application_id = 1397575795;"
					      "PRAGMA user_version = 7; CREATE TABLE x (y);",
					      NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(raw);
		smpsim(args, &res);
		snprintf(want, sizeof(want), "smpsim review: %s: made by a newer smpsim: its "
			 "schema is version 7, this smpsim knows versions up to 6; use a "
			 "newer smpsim or another database\n", path);
		child_expect(&res, 1, "", want);
		child_result_free(&res);
	}
	{
		/* Not a database at all. */
		const char *args[] = { "review", "--db", path, NULL };

		tmp_files_write("notes", "txt", "hello\n", 6, path, sizeof(path));
		smpsim(args, &res);
		snprintf(want, sizeof(want), "smpsim review: %s: not an SQLite database\n", path);
		child_expect(&res, 2, "", want);
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--session", "1", "--trainee", "Anna", "--db",
				       db, NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim review: --session shows one session: it takes no "
		       "--trainee or --lesson\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "review", "--help", NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		assert_true(starts_with(res.out, "usage: smpsim review [--trainee NAME]"));
		child_result_free(&res);
	}
	/* An unknown option: test_bad_options(). */
}

/* A command that writes to the record, given one that is not there:
 * exit 2, said, nothing made; its --help says so among the 2s, "no record
 * yet" (readers exit 1: "cannot be used (none yet)"). --dry-run, --show
 * and --list only read. */
static void test_no_record_yet(void **state)
{
	static const struct {
		const char *args[10];
		int status;
		const char *help[3];   /* the --help that should say it */
	} cases[] = {
		{ { "benchmark", "depth-taps" }, 2, { "benchmark" } },
		{ { "benchmark", "depth-taps", "--dry-run" }, 1, { "benchmark" } },
		{ { "rescore" }, 2, { "rescore" } },
		{ { "signoff", "--session", "1", "--by", "Mo", "--ratings", "3,3,3,3,3,3,3" }, 2,
		  { "signoff" } },
		{ { "signoff", "--session", "1", "--list" }, 1, { "signoff" } },
		{ { "certificate", "--trainee", "Ann", "-o", "c.html" }, 2, { "certificate" } },
		{ { "trainee", "expert", "Ann" }, 2, { "trainee", "expert" } },
		{ { "trainee", "open", "Ann", "depth-taps", "--by", "Mo", "--why", "x" }, 2,
		  { "trainee", "open" } },
		{ { "trainee", "rename", "Ann", "Bo" }, 2, { "trainee" } },
		{ { "trainee", "merge", "Ann", "Bo" }, 2, { "trainee" } },
		{ { "trainee", "group", "G", "Ann" }, 2, { "trainee" } },
		{ { "trainee", "ungroup", "G", "Ann" }, 2, { "trainee" } },
		{ { "trainee", "list" }, 1, { "trainee" } },
	};
	char path[4096 + 32], want[8192];
	struct child_result res;

	(void)state;
	snprintf(path, sizeof(path), "%s/not-yet.db", tmp_files_dir());
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *args[16], *help[5];
		size_t n = 0, h = 0;
		char *text, *twos;

		for (; cases[i].args[n]; n++)
			args[n] = cases[i].args[n];
		args[n++] = "--db";
		args[n++] = path;
		args[n] = NULL;
		print_message("no record %zu: %s %s\n", i, args[0], args[1]);
		smpsim(args, &res);
		if (cases[i].status == 2)
			snprintf(want, sizeof(want), "smpsim %s: %s: no trainee record there; add a "
				 "trainee first with 'smpsim trainee add NAME', which makes it\n",
				 args[0], path);
		else
			snprintf(want, sizeof(want), "smpsim %s: %s: no such database (it is made "
				 "by 'smpsim trainee add')\n", args[0], path);
		child_expect(&res, cases[i].status, "", want);
		child_result_free(&res);
		assert_int_equal(access(path, F_OK), -1);

		/* The help, its lines joined: "2 for ..., no record yet" */
		for (; cases[i].help[h]; h++)
			help[h] = cases[i].help[h];
		help[h++] = "--help";
		help[h] = NULL;
		smpsim(help, &res);
		assert_int_equal(res.status, 0);
		for (text = res.out; *text; text++)
			if (*text == '\n')
				*text = ' ';
		twos = strstr(res.out, "2 for bad usage");
		if (!twos || !strstr(twos, "no record yet"))
			fail_msg("%s --help does not say 'no record yet' after '2 for bad "
				 "usage':\n%s", args[0], res.out);
		child_result_free(&res);
	}
}

/* ---- export ---- */

static const char csv[] =
	"session,trainee,lesson,id,down_us,up_us,x_mm,y_mm,region,region_id,depth_mm,force_n,"
	"diameter_mm,blur_mm,tail_mm,tilt_deg,skew_ratio,skew_angle_deg,nearest_mm,"
	"kind,depth_class,faults,fault_names\n"
	"1,Anna,hairline-basics,0,1500000,1562500,10.5,20.25,0,frontal,0.75,1.5,0.375,0,0.125,4.5,1.25,-90,-1,dot,in-band,0,\n"
	"1,Anna,hairline-basics,1,2250000,2312500,11.5,20.25,0,frontal,0.75,1.5,0.375,0,0.125,4.5,1.25,-90,1.5,dot,in-band,3,merged|too-close\n"
	"1,Anna,hairline-basics,2,63125000,63187500,-3.5,0.5,,,0.75,1.5,0.375,0,0.125,4.5,1.25,-90,1.5,dot,shallow,136,outside-zone|shallow\n"
	"1,Anna,hairline-basics,3,64000000,64062500,12,21,1,\"temporal, left\",0.75,1.5,0.375,0,0.125,4.5,1.25,-90,1.5,line,in-band,64,drag-line\n";

static void test_export_csv(void **state)
{
	struct child_result res;
	const char *args[] = { "export", "--session", "1", "--format", "csv", "--db", db,
			       NULL };

	(void)state;
	smpsim(args, &res);
	child_expect(&res, 0, csv, "");
	child_result_free(&res);
}

static void test_export_json_file(void **state)
{
	char path[4096 + 16], want[8192], *text;
	struct child_result res;
	const char *args[] = { "export", "--session", "3", "--format", "json", "-o", path,
			       "--db", db, NULL };
	FILE *f;
	long n;

	(void)state;
	snprintf(path, sizeof(path), "%s/session-3.json", tmp_files_dir());
	smpsim(args, &res);
	snprintf(want, sizeof(want), "wrote 1 deposit of session 3 to %s\n", path);
	child_expect(&res, 0, "", want);
	child_result_free(&res);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_string_equal(text,
		"{\n  \"session\": 3,\n"
		"  \"trainee\": \"Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m \xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x8d\",\n"
		"  \"lesson\": \"density\",\n"
		"  \"lesson_sha256\": \"ce0f985315b16950fc021333845bf7d1701ae5cdda69d85417eea5f324077811\",\n"
		"  \"mapping\": null,\n"
		"  \"started\": \"2025-03-04T09:33:05.000Z\",\n"
		"  \"status\": \"interrupted\",\n"
		"  \"start_us\": 0,\n"
		"  \"deposits\": [\n"
		"    {\"id\": 0, \"down_us\": 500000, \"up_us\": 562500, \"x_mm\": 1, \"y_mm\": 2, "
		"\"region\": 0, \"region_id\": \"frontal\", \"depth_mm\": 0.75, \"force_n\": 1.5, "
		"\"diameter_mm\": 0.375, \"blur_mm\": 0, \"tail_mm\": 0.125, \"tilt_deg\": 4.5, "
		"\"skew_ratio\": 1.25, \"skew_angle_deg\": -90, \"nearest_mm\": -1, "
		"\"kind\": \"dot\", \"depth_class\": \"in-band\", \"faults\": 0, "
		"\"fault_names\": []}\n"
		"  ]\n}\n");
	free(text);
	unlink(path);
}

/* Doubles that %.17g prints long ("60.829999999999998"), and names that
 * need RFC 4180 quotes: the CSV is the shortest text of each, every number
 * read back with strtod() is the stored double to the bit, and the JSON
 * gives the same texts. */
static const struct {
	double x, y, depth, force, diameter, blur, tail, tilt, ratio, angle, nearest;
	const char *csv;        /* the line after "session,trainee,lesson," */
	const char *json;       /* from "x_mm" to "nearest_mm"'s value */
} number_cases[] = {
	{ 60.83, 0.1 + 0.2, 1.0 / 3, 1e-7, 5e-324, 0.5, 1e300, NAN, 123456789012345.6, 1e15,
	  2.5e-5,
	  "0,0,62500,60.83,0.30000000000000004,0,frontal,0.3333333333333333,1e-07,5e-324,"
	  "0.5,1e+300,,123456789012345.6,1e+15,2.5e-05,dot,in-band,0,\n",
	  "\"x_mm\": 60.83, \"y_mm\": 0.30000000000000004, \"region\": 0, \"region_id\": "
	  "\"frontal\", \"depth_mm\": 0.3333333333333333, \"force_n\": 1e-07, \"diameter_mm\": "
	  "5e-324, \"blur_mm\": 0.5, \"tail_mm\": 1e+300, \"tilt_deg\": null, \"skew_ratio\": "
	  "123456789012345.6, \"skew_angle_deg\": 1e+15, \"nearest_mm\": 2.5e-05" },
	{ -2.675, 1e-4, 0.7500000000000001, 100, 1.7976931348623157e308, 9.999999999999999e-5,
	  0.1, -45.123456789, 2, -0.001, 1234.5,
	  "1,100000,162500,-2.675,0.0001,0,frontal,0.7500000000000001,100,"
	  "1.7976931348623157e+308,9.999999999999999e-05,0.1,-45.123456789,2,-0.001,1234.5,"
	  "dot,in-band,0,\n",
	  "\"x_mm\": -2.675, \"y_mm\": 0.0001, \"region\": 0, \"region_id\": \"frontal\", "
	  "\"depth_mm\": 0.7500000000000001, \"force_n\": 100, \"diameter_mm\": "
	  "1.7976931348623157e+308, \"blur_mm\": 9.999999999999999e-05, \"tail_mm\": 0.1, "
	  "\"tilt_deg\": -45.123456789, \"skew_ratio\": 2, \"skew_angle_deg\": -0.001, "
	  "\"nearest_mm\": 1234.5" },
};

static void test_export_numbers(void **state)
{
	static const char trainee[] = "Smith, \"Jo\"";
	struct store_session_info info = {
		.lesson_id = "crown-density", .lesson_title = "Crown", .trainee = 1,
	};
	char path[4096 + 16], want[4096], err[STORE_ERROR_MAX];
	struct child_result res;
	struct store *store;
	int64_t s;
	size_t at;

	(void)state;
	snprintf(path, sizeof(path), "%s/numbers.db", tmp_files_dir());
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, trainee, &s), 0);
	assert_int_equal(store_session_begin(store, &info, &s), 0);
	for (size_t i = 0; i < ARRAY_SIZE(number_cases); i++) {
		struct deposit d = dep((uint32_t)i, 100000 * (int64_t)i, number_cases[i].x,
				       number_cases[i].y, 0, DEPOSIT_IN_BAND, 0);

		d.depth_mm = number_cases[i].depth;
		d.force_n = number_cases[i].force;
		d.diameter_mm = number_cases[i].diameter;
		d.blur_mm = number_cases[i].blur;
		d.tail_mm = number_cases[i].tail;
		d.tilt_deg = number_cases[i].tilt;
		d.skew_ratio = number_cases[i].ratio;
		d.skew_angle_deg = number_cases[i].angle;
		d.nearest_mm = number_cases[i].nearest;
		d.kind = DEPOSIT_DOT;
		assert_int_equal(store_session_add_deposit(store, s, &d, "frontal"), 0);
	}
	assert_int_equal(store_session_flush(store, s), 0);
	store_close(store);

	{
		const char *args[] = { "export", "--session", "1", "--format", "csv", "--db",
				       path, NULL };

		smpsim(args, &res);
	}
	at = (size_t)snprintf(want, sizeof(want), "%.*s", (int)strcspn(csv, "\n") + 1, csv);
	for (size_t i = 0; i < ARRAY_SIZE(number_cases); i++)
		at += (size_t)snprintf(want + at, sizeof(want) - at,
				       "1,\"Smith, \"\"Jo\"\"\",crown-density,%s",
				       number_cases[i].csv);
	child_expect(&res, 0, want, "");

	/* Every number read back is the double stored, to the bit. */
	{
		const char *line = strchr(res.out, '\n') + 1;

		for (size_t i = 0; i < ARRAY_SIZE(number_cases); i++) {
			const double stored[] = {
				number_cases[i].x, number_cases[i].y, number_cases[i].depth,
				number_cases[i].force, number_cases[i].diameter,
				number_cases[i].blur, number_cases[i].tail, number_cases[i].tilt,
				number_cases[i].ratio, number_cases[i].angle,
				number_cases[i].nearest,
			};
			/* The columns of x_mm, y_mm, then depth_mm to nearest_mm. */
			static const int column[] = { 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18 };
			const char *field[32];
			int n = 0;
			bool quoted = false;

			field[n++] = line;
			for (; *line != '\n'; line++) {
				if (*line == '"')
					quoted = !quoted;
				else if (*line == ',' && !quoted)
					field[n++] = line + 1;
			}
			line++;
			assert_int_equal(n, 23);
			for (size_t c = 0; c < ARRAY_SIZE(column); c++) {
				const char *f = field[column[c]];
				char *end;
				double back = strtod(f, &end);

				if (isnan(stored[c])) {
					assert_true(*f == ',');
					continue;
				}
				assert_true(*end == ',');
				if (memcmp(&back, &stored[c], sizeof(back)))
					fail_msg("deposit %zu column %d: '%.*s' reads back as "
						 "%a, stored %a", i, column[c], (int)(end - f),
						 f, back, stored[c]);
			}
		}
	}
	child_result_free(&res);

	{
		const char *args[] = { "export", "--session", "1", "--format", "json", "--db",
				       path, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		assert_true(starts_with(res.out, "{\n  \"session\": 1,\n  \"trainee\": "
					"\"Smith, \\\"Jo\\\"\",\n  \"lesson\": \"crown-density\",\n"));
		for (size_t i = 0; i < ARRAY_SIZE(number_cases); i++)
			if (!strstr(res.out, number_cases[i].json))
				fail_msg("the JSON export lacks\n%s\nin\n%s", number_cases[i].json,
					 res.out);
		child_result_free(&res);
	}
}

static void test_export_errors(void **state)
{
	struct child_result res;

	(void)state;
	{
		const char *args[] = { "export", "--session", "1", "--format", "xml", "--db",
				       db, NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim export: --format is csv or json, not 'xml'\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "export", "--session", "44", "--format", "csv", "--db",
				       db, NULL };

		smpsim(args, &res);
		child_expect(&res, 2, "", "smpsim export: no session 44 (see 'smpsim review')\n");
		child_result_free(&res);
	}
	{
		const char *args[] = { "export", "--session", "1", "--format", "csv", "-o",
				       "/nonexistent-folder/x.csv", "--db", db, NULL };

		smpsim(args, &res);
		child_expect(&res, 1, "", "smpsim export: /nonexistent-folder/x.csv: No such "
		       "file or directory\n");
		child_result_free(&res);
	}
}

/* Output that cannot be written is an error, not exit 0 with nothing shown:
 * review's list (one buffer's worth, flushed at the end) and --help, each
 * to /dev/full, where every write fails with ENOSPC. An export to
 * standard output (-o -) says its own error, once. */
static void test_output_lost(void **state)
{
	static const char lost[] = "smpsim: standard output: No space left on device\n";
	static const struct {
		const char *args;
		bool with_db;
		const char *err;
	} cmds[] = {
		{ "review", true, lost },
		{ "review --help", false, lost },
		{ "--help", false, lost },
		{ "export --session 1 --format csv -o -", true,
		  "smpsim export: standard output: No space left on device\n" },
	};
	char line[8192];
	struct child_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *args[] = { "/bin/sh", "-c", line, NULL };

		snprintf(line, sizeof(line), "'%s' %s%s%s%s > /dev/full", SMPSIM_BINARY,
			 cmds[i].args, cmds[i].with_db ? " --db '" : "",
			 cmds[i].with_db ? db : "", cmds[i].with_db ? "'" : "");
		assert_int_equal(child_run(args, NULL, &res), 0);
		child_expect(&res, 1, "", cmds[i].err);
		child_result_free(&res);
	}
}

/* ---- a required option not given ---- */

/* Each command without what it needs, or given what it cannot take, names
 * what is wrong, then points to its --help (not the whole usage), exit 2,
 * before it opens anything. */
static void test_missing_options(void **state)
{
	static const struct {
		const char *args[8];
		const char *err;
	} cases[] = {
		{ { "report", NULL }, "smpsim report: missing --session N (or --trainee NAME, "
		  "or --class)\nTry 'smpsim report --help'.\n" },
		{ { "report", "--session", "1", NULL }, "smpsim report: missing -o FILE.html\n"
		  "Try 'smpsim report --help'.\n" },
		{ { "report", "--session", "1", "--trainee", "Anna", "-o", "x.html", NULL },
		  "smpsim report: one of --session, --trainee and --class, not --session and "
		  "--trainee\nTry 'smpsim report --help'.\n" },
		{ { "report", "--trainee", "Anna", "--group", "g", "-o", "x.html", NULL },
		  "smpsim report: --group is for --class\nTry 'smpsim report --help'.\n" },
		{ { "review", "--csv", NULL }, "smpsim review: --csv is for --class\n"
		  "Try 'smpsim review --help'.\n" },
		{ { "review", "--group", "g", NULL }, "smpsim review: --group is for --class\n"
		  "Try 'smpsim review --help'.\n" },
		{ { "practice", NULL }, "smpsim practice: missing --trainee NAME ('smpsim "
		  "trainee list' names them)\nTry 'smpsim practice --help'.\n" },
		{ { "practice", "--trainee", "Anna", NULL }, "smpsim practice: missing --lesson "
		  "ID|FILE ('smpsim lessons' lists them)\nTry 'smpsim practice --help'.\n" },
		{ { "export", "--format", "csv", NULL }, "smpsim export: missing --session N (the "
		  "# column of 'smpsim review')\nTry 'smpsim export --help'.\n" },
		{ { "export", "--session", "1", NULL }, "smpsim export: missing --format "
		  "csv|json\nTry 'smpsim export --help'.\n" },
		{ { "export", "--session", "1", "--format", "csv", "extra", NULL },
		  "smpsim export: unexpected 'extra'\nTry 'smpsim export --help'.\n" },
		{ { "review", "extra", NULL },
		  "smpsim review: unexpected 'extra'\nTry 'smpsim review --help'.\n" },
		{ { "devices", "extra", NULL },
		  "smpsim devices: unexpected 'extra'\nTry 'smpsim devices --help'.\n" },
		{ { "calibrate", "extra", NULL },
		  "smpsim calibrate: unexpected 'extra'\nTry 'smpsim calibrate --help'.\n" },
		{ { "pen-check", "extra", NULL },
		  "smpsim pen-check: unexpected 'extra'\nTry 'smpsim pen-check --help'.\n" },
		{ { "demo", "extra", NULL },
		  "smpsim demo: unexpected 'extra'\nTry 'smpsim demo --help'.\n" },
		{ { "replay", "--session", "1", "extra", NULL },
		  "smpsim replay: unexpected 'extra'\nTry 'smpsim replay --help'.\n" },
		{ { "record", NULL }, "smpsim record: missing --device PATH (see 'smpsim "
		  "devices')\nTry 'smpsim record --help'.\n" },
		{ { "record", "--device", "/dev/null", NULL }, "smpsim record: missing -o FILE\n"
		  "Try 'smpsim record --help'.\n" },
		{ { "inspect", NULL }, "smpsim inspect: missing FILE: the recording to replay\n"
		  "Try 'smpsim inspect --help'.\n" },
		{ { "inspect", "--events", "x.evemu", NULL }, "smpsim inspect: missing --scalp ID "
		  "(--events needs the scalp)\nTry 'smpsim inspect --help'.\n" },
		{ { "score", NULL }, "smpsim score: missing FILE: the recording to score\n"
		  "Try 'smpsim score --help'.\n" },
		{ { "score", "x.evemu", NULL }, "smpsim score: missing --lesson ID|FILE ('smpsim "
		  "lessons' lists them)\nTry 'smpsim score --help'.\n" },
		{ { "trainee", NULL }, "smpsim trainee: missing the action: add, list, rename, "
		  "merge, group, ungroup, open or expert\nTry 'smpsim trainee --help'.\n" },
		{ { "trainee", "add", NULL }, "smpsim trainee: missing NAME: smpsim trainee add "
		  "NAME\nTry 'smpsim trainee --help'.\n" },
		{ { "progress", NULL }, "smpsim progress: missing --trainee NAME\n"
		  "Try 'smpsim progress --help'.\n" },
		{ { "benchmark", NULL }, "smpsim benchmark: missing LESSON ('smpsim lessons' "
		  "lists them)\nTry 'smpsim benchmark --help'.\n" },
		{ { "certificate", NULL }, "smpsim certificate: missing --trainee NAME\n"
		  "Try 'smpsim certificate --help'.\n" },
		{ { "certificate", "--trainee", "Anna", NULL }, "smpsim certificate: missing -o "
		  "FILE.html\nTry 'smpsim certificate --help'.\n" },
		{ { "lessons", "show", NULL }, "smpsim lessons: missing ID|FILE: smpsim lessons "
		  "show ID|FILE\nTry 'smpsim lessons --help'.\n" },
		/* A value an option shared by several commands refuses names
		 * the command it was given to, never "smpsim: ...". */
		{ { "demo", "--screenshot", "x.jpg", NULL }, "smpsim demo: --screenshot x.jpg: "
		  "the view's frame is written as PNG: give FILE.png\n" },
		{ { "demo", "--screenshot", "-", NULL }, "smpsim demo: --screenshot -: standard "
		  "output carries the command's own text; give a file name\n" },
		{ { "demo", "--display-size", "0x0", NULL }, "smpsim demo: --display-size takes "
		  "the display's width and height in mm, WxH (e.g. 344x194), each above 0 and "
		  "at most 2000; not '0x0'\n" },
		{ { "practice", "--view", "--no-view", NULL }, "smpsim practice: --view and "
		  "--no-view exclude each other\n" },
		{ { "practice", "--tip-down", "2", NULL }, "smpsim practice: --tip-down needs a "
		  "fraction between 0 and 1, not '2'\n" },
		{ { "pen-check", "--pad-size", "x", NULL }, "smpsim pen-check: --pad-size needs "
		  "WIDTHxHEIGHT in mm, e.g. 139.7x101.6, not 'x'\n" },
		{ { "score", "--volume", "3", NULL }, "smpsim score: --volume takes 0 to 1, not "
		  "'3'\n" },
		{ { "demo", "--cue-volume", "gap=2", NULL }, "smpsim demo: --cue-volume takes 0 "
		  "to 1, not '2'\n" },
		{ { "inspect", "--cues", "loud", NULL }, "smpsim inspect: --cues takes all, none, "
		  "or a comma-separated list of overdeep, deep, shallow, crowded, gap, outside, "
		  "tail; not 'loud'\n" },
		{ { "demo", "--audio", "wav:-", NULL }, "smpsim demo: --audio wav:-: standard "
		  "output carries the command's own text; give a file name\n" },
		{ { "demo", "extra", NULL }, "smpsim demo: unexpected 'extra'\n"
		  "Try 'smpsim demo --help'.\n" },
		{ { "devices", "extra", NULL }, "smpsim devices: unexpected 'extra'\n"
		  "Try 'smpsim devices --help'.\n" },
		{ { "lessons", "check", NULL }, "smpsim lessons: missing FILE: smpsim lessons "
		  "check FILE...\nTry 'smpsim lessons --help'.\n" },
		{ { "lessons", "check", "--json", "x.yaml", NULL }, "smpsim lessons: check takes "
		  "files and no option\nTry 'smpsim lessons --help'.\n" },
		{ { "lessons", "template", "soft-hairline", NULL }, "smpsim lessons: missing -o "
		  "FILE.svg (or -o FILE.pdf)\nTry 'smpsim lessons --help'.\n" },
		{ { "signoff", NULL }, "smpsim signoff: missing --session N (the # column of "
		  "'smpsim review')\nTry 'smpsim signoff --help'.\n" },
		{ { "signoff", "--session", "1", NULL }, "smpsim signoff: missing --by NAME (who "
		  "signs off)\nTry 'smpsim signoff --help'.\n" },
		{ { "replay", NULL }, "smpsim replay: missing --session N (the # column of "
		  "'smpsim review')\nTry 'smpsim replay --help'.\n" },
		{ { "replay", "--session", "1", "extra", NULL }, "smpsim replay: unexpected "
		  "'extra'\nTry 'smpsim replay --help'.\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct child_result res;

		print_message("%s\n", cases[i].err);
		smpsim(cases[i].args, &res);
		child_expect(&res, 2, "", cases[i].err);
		child_result_free(&res);
	}
}

/* ---- an option getopt refuses, a value an option refuses ---- */

/* An unknown option, or one without its value, is getopt's message, then
 * where the usage is: not the whole usage after it. Every command and
 * subcommand that reads options. */
static void test_bad_options(void **state)
{
	/* The command, its subcommand, the name its usage goes by when a
	 * subcommand has a usage of its own (rename's and review --class's
	 * are in their command's). */
	static const char *const cmds[][3] = {
		{ "benchmark", NULL }, { "calibrate", NULL }, { "certificate", NULL },
		{ "demo", NULL }, { "devices", NULL }, { "export", NULL }, { "inspect", NULL },
		{ "lessons", NULL }, { "pen-check", NULL }, { "practice", NULL },
		{ "progress", NULL }, { "record", NULL }, { "replay", NULL }, { "report", NULL },
		{ "rescore", NULL }, { "review", NULL }, { "score", NULL }, { "signoff", NULL },
		{ "trainee", NULL }, { "verify", NULL }, { "trainee", "open", "trainee open" },
		{ "trainee", "expert", "trainee expert" }, { "trainee", "rename" },
		{ "review", "--class" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		const char *args[5] = { cmds[i][0] };
		char name[64], err[256];
		struct child_result res;
		size_t n = 1;

		if (cmds[i][1])
			args[n++] = cmds[i][1];
		snprintf(name, sizeof(name), "%s", cmds[i][2] ? cmds[i][2] : cmds[i][0]);
		args[n] = "--no-such";
		snprintf(err, sizeof(err), "smpsim %s: unrecognized option '--no-such'\n"
			 "Try 'smpsim %s --help'.\n", cmds[i][0], name);
		print_message("%s", err);
		smpsim(args, &res);
		child_expect(&res, 2, "", err);
		child_result_free(&res);
		/* --db without its value, where the command reads a record. */
		if (!strcmp(cmds[i][0], "devices") || !strcmp(cmds[i][0], "calibrate") ||
		    !strcmp(cmds[i][0], "pen-check") || !strcmp(cmds[i][0], "record") ||
		    !strcmp(cmds[i][0], "inspect") || !strcmp(cmds[i][0], "score"))
			continue;
		args[n] = "--db";
		snprintf(err, sizeof(err), "smpsim %s: option '--db' requires an argument\n"
			 "Try 'smpsim %s --help'.\n", cmds[i][0], name);
		smpsim(args, &res);
		child_expect(&res, 2, "", err);
		child_result_free(&res);
	}
}

/* ---- options before the command ---- */

/* `smpsim --db X CMD ...` is `smpsim CMD ... --db X`, to the byte; what is
 * not the program's own option before the command is refused, named. */
static void test_global_options(void **state)
{
	static const char *const same[][2][8] = {
		{ { "--db", db, "review", NULL }, { "review", "--db", db, NULL } },
		{ { "--db=", "review", NULL }, { "review", "--db", db, NULL } },
		{ { "--db", db, "trainee", "list", NULL }, { "trainee", "list", "--db", db, NULL } },
		{ { "--db", db, "export", "--session", "1", "--format", "csv", NULL },
		  { "export", "--session", "1", "--format", "csv", "--db", db, NULL } },
		/* The command's own --db, after it, is the later one and wins. */
		{ { "--db", "/nonexistent/x.db", "review", "--db", db, NULL },
		  { "review", "--db", db, NULL } },
		/* Also as getopt takes it, abbreviated. */
		{ { "--db", "/nonexistent/x.db", "review", "--d", db, NULL },
		  { "review", "--db", db, NULL } },
	};
	static const struct {
		const char *args[6];
		const char *err;
	} refused[] = {
		/* A command that uses no record: the program's --db is refused
		 * as such, also when an option of its own begins like it (--d
		 * is calibrate's --device). */
		{ { "--db", "x.db", "calibrate", "--d", "/dev/null", NULL },
		  "smpsim: calibrate does not use the trainee record: --db PATH is for the "
		  "commands that do\nTry 'smpsim --help'.\n" },
		{ { "--db", "x.db", "devices", NULL },
		  "smpsim: devices does not use the trainee record: --db PATH is for the "
		  "commands that do\nTry 'smpsim --help'.\n" },
		{ { "--dbx", "review", NULL }, "smpsim: unknown option '--dbx' before the "
		  "command (there: --db PATH, --help, --version)\nTry 'smpsim --help'.\n" },
		{ { "-q", "review", NULL }, "smpsim: unknown option '-q' before the command "
		  "(there: --db PATH, --help, --version)\nTry 'smpsim --help'.\n" },
		{ { "--db", NULL }, "smpsim: --db needs a value: the record's path (smpsim "
		  "--db PATH COMMAND)\nTry 'smpsim --help'.\n" },
		{ { "--db", "x.db", NULL }, "smpsim: a command is needed after --db PATH\n"
		  "Try 'smpsim --help'.\n" },
	};
	char with_eq[4096 + 8];

	(void)state;
	snprintf(with_eq, sizeof(with_eq), "--db=%s", db);
	for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
		const char *before[8];
		struct child_result a, b;

		memcpy(before, same[i][0], sizeof(before));
		if (!strcmp(before[0], "--db="))
			before[0] = with_eq;
		smpsim(before, &a);
		smpsim(same[i][1], &b);
		assert_int_equal(a.status, 0);
		child_expect(&a, b.status, b.out, b.err);
		child_result_free(&a);
		child_result_free(&b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		struct child_result res;

		smpsim(refused[i].args, &res);
		child_expect(&res, 2, "", refused[i].err);
		child_result_free(&res);
	}
}

/* ---- review beside a writer ---- */

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_review_during_write(void **state)
{
	char path[4096 + 16], err[STORE_ERROR_MAX];
	struct store_session_info info = {
		.lesson_id = "l", .lesson_title = "L", .trainee = 1,
	};
	struct child_result res;
	struct store *store;
	sqlite3 *writer;
	int64_t s;
	double t0, took;
	pid_t pid;
	int status;

	(void)state;
	snprintf(path, sizeof(path), "%s/busy.db", tmp_files_dir());
	assert_int_equal(store_open(path, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, "Anna", &s), 0);
	assert_int_equal(store_session_begin(store, &info, &s), 0);
	for (uint32_t i = 0; i < 5; i++) {
		struct deposit d = dep(i, 100000 * i, i, i, 0, DEPOSIT_IN_BAND, 0);

		assert_int_equal(store_session_add_deposit(store, s, &d, "frontal"), 0);
	}
	assert_int_equal(store_session_flush(store, s), 0);
	store_close(store);
	/* A session whose program is killed, waiting to be marked. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (store_open(path, &store, NULL, err, sizeof(err)) < 0 ||
		    store_session_begin(store, &info, &s) < 0)
			_exit(3);
		raise(SIGKILL);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);

	/* The writer holds the write lock with rows not committed. */
	assert_int_equal(sqlite3_open(path, &writer), SQLITE_OK);
	assert_int_equal(sqlite3_exec(writer, "UPDATE sessions SET started = "
		"'2025-04-01T10:0' || id || ':00.000Z'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(writer, "BEGIN IMMEDIATE;"
		"INSERT INTO deposits (session, seq, down_us, up_us, kind, depth_class, faults) "
		"VALUES (1, 100, 0, 0, 0, 1, 1), (1, 101, 0, 0, 0, 1, 1);"
		"UPDATE sessions SET deposit_count = deposit_count + 2 WHERE id = 1;",
		NULL, NULL, NULL), SQLITE_OK);

	t0 = seconds_now();
	{
		const char *args[] = { "review", "--db", path, NULL };

		smpsim(args, &res);
	}
	took = seconds_now() - t0;
	if (took > 2.0)
		fail_msg("review took %.3f s beside an open write transaction", took);
	child_expect(&res, 0,
	       "#  date              trainee  lesson  score  pass  faults  status       origin\n"
	       "1  2025-04-01 10:01  Anna     l           -  -          0  interrupted  live\n"
	       "2  2025-04-01 10:02  Anna     l           -  -          0  interrupted  live\n"
	       "\n"
	       "progress\n"
	       "trainee  lesson  sessions  scored  passed  first   last   best   mean\n"
	       "Anna     l              2       0       0      -      -      -      -\n",
	       "");
	child_result_free(&res);
	{
		const char *args[] = { "export", "--session", "1", "--format", "csv", "--db",
				       path, NULL };

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		/* The header and the five committed deposits; none of the writer's. */
		{
			size_t lines = 0;

			for (const char *p = res.out; *p; p++)
				lines += *p == '\n';
			assert_int_equal(lines, 6);
		}
		child_result_free(&res);
	}
	assert_int_equal(sqlite3_exec(writer, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	{
		/* The reader shows it interrupted and leaves it unmarked ... */
		const char *args[] = { "review", "--session", "2", "--db", path, NULL };
		sqlite3_stmt *stmt;

		smpsim(args, &res);
		assert_int_equal(res.status, 0);
		assert_string_equal(res.err, "");
		assert_non_null(strstr(res.out, "\nstatus      interrupted (" STORE_REASON_GONE ")\n"));
		child_result_free(&res);
		assert_int_equal(sqlite3_prepare_v2(writer, "SELECT status FROM sessions "
						    "WHERE id = 2", -1, &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(stmt, 0), STORE_IN_PROGRESS);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(writer);
	{
		/* ... for the next command that writes, which says so. */
		const char *args[] = { "trainee", "add", "Bea", "--db", path, NULL };

		smpsim(args, &res);
		child_expect(&res, 0, "added trainee 2: Bea\n", "smpsim trainee: 1 session left in "
		       "progress by a program that stopped now marked interrupted\n");
		child_result_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trainee_list),
		cmocka_unit_test(test_trainee_list_json),
		cmocka_unit_test(test_trainee_add),
		cmocka_unit_test(test_review_all),
		cmocka_unit_test(test_review_filters),
		cmocka_unit_test(test_review_session),
		cmocka_unit_test(test_review_mapping),
		cmocka_unit_test(test_review_session_json),
		cmocka_unit_test(test_review_never_events),
		cmocka_unit_test(test_review_errors),
		cmocka_unit_test(test_no_record_yet),
		cmocka_unit_test(test_export_csv),
		cmocka_unit_test(test_export_json_file),
		cmocka_unit_test(test_export_numbers),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_output_lost),
		cmocka_unit_test(test_missing_options),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_global_options),
		cmocka_unit_test(test_review_during_write),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
