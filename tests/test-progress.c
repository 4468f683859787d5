/* test-progress: proficiency, what counts and the curriculum's gating, end
 * to end: sessions stored in a real record with the store API (their
 * origin, view mode, status and score as practice would store them), then
 * `smpsim progress`, `smpsim trainee open` and `smpsim review` run as child
 * processes, their output checked exactly.
 *
 * The data folder is the run's own (TMP/data): the shipped scalp models,
 * needles and three shipped lessons, under a curriculum of the test's
 *   depth-taps, even-spacing: 3 passes in a row, 4 in all;
 *   soft-hairline: 2 in a row, 2 in all, the last in exam mode, a
 *   sign-off rated 3 or more.
 * Sessions' start times are set to fixed minutes of 2026-01-01 (UTC, and
 * the children run with TZ=UTC) so that the text is exact and the
 * openings fall between them where each test needs.
 *
 *  - proficient at exactly the K-th pass in a row, not one session
 *    earlier, resting on the last L passes;
 *  - replayed, origin-unknown, interrupted and unscored sessions never
 *    count, even when they passed; interrupted ones break the run;
 *  - gating: a lesson is locked until the one before is proficient; a
 *    session begun while it was locked never counts, even once it opens;
 *  - an instructor's early opening: who and why shown; refused for a
 *    lesson already open, not in the curriculum, or without --by/--why;
 *  - a sign-off on a session rested on, and exam mode for the last pass;
 *  - progress --json exactly; practice --replay says it will not count;
 *    review shows each session's origin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "store.h"
#include "tmp_files.h"

static char data_dir[PATH_MAX];
static char db[PATH_MAX + 32];
static char data_env[PATH_MAX + 32];
static int minute;   /* the next session's start: 2026-01-01 00:00 + minute */

static const char curriculum[] =
	"proficiency: { consecutive: 3, total: 4 }\n"
	"signoff-domains: [depth control, spacing and density]\n"
	"lessons:\n"
	"  - depth-taps\n"
	"  - even-spacing\n"
	"  - id: soft-hairline\n"
	"    proficiency: { consecutive: 2, total: 2, exam-last: 1, signoff-at-least: 3 }\n";

/* printf '%s' "$curriculum" | sha256sum */
#define CURRICULUM_SHA256 "22be63326193df8a8bdbdeda33693d204fead6eb763334510ee06a6a7e95c7f1"

/* ---- the record ---- */

static void when(int m, char *buf, size_t size)
{
	snprintf(buf, size, "2026-01-%02dT%02d:%02d:00.000Z", 1 + m / 1440, m / 60 % 24, m % 60);
}

static void sql(const char *text)
{
	sqlite3 *s;
	char *err = NULL;

	assert_int_equal(sqlite3_open(db, &s), SQLITE_OK);
	if (sqlite3_exec(s, text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err);
	sqlite3_close(s);
}

static int64_t trainee(const char *name)
{
	char err[STORE_ERROR_MAX];
	struct store *store;
	int64_t id;

	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	assert_int_equal(store_trainee_add(store, name, &id), 0);
	store_close(store);
	return id;
}

/*
 * Stores sessions of @p lesson for @p trainee_id, one a letter of
 * @p history, each begun a minute after the last:
 *   P pass (score 80 + its place), F fail (40), E an exam pass, X an exam
 *   fail, R a pass replayed from a recording, U a pass of an origin the
 *   record did not keep (NULL, as before version 5), I a pass interrupted
 *   (the pen went away), J a replayed pass interrupted, N a session too
 *   short to score.
 * The first session's id goes to *first (may be NULL).
 */
static void sessions(int64_t trainee_id, const char *lesson, const char *history,
		     int64_t *first)
{
	static const char text[] = "id: lesson as stored\n";
	char err[STORE_ERROR_MAX], update[512], t[64];
	struct store *store;
	int64_t ids[64];
	size_t n = strlen(history);

	assert_true(n <= 64);
	assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < n; i++) {
		char k = history[i];
		struct store_session_info info = {
			.trainee = trainee_id, .lesson_id = lesson, .lesson_title = lesson,
			.lesson_text = text, .lesson_text_size = sizeof(text) - 1,
			.device_name = "pen", .device_id = "056a:0357",
			.view_mode = k == 'E' || k == 'X' ? STORE_VIEW_EXAM : STORE_VIEW_SHOWN,
			.origin = k == 'R' || k == 'J' ? STORE_ORIGIN_REPLAYED : STORE_ORIGIN_LIVE,
		};
		struct score_result r;

		memset(&r, 0, sizeof(r));
		r.passed = k != 'F' && k != 'X';
		r.score = r.passed ? 80 + (double)i : 40;
		r.by_proficiency = true;
		for (int j = 0; j < SCORE_METRIC_COUNT; j++)
			r.need_min[j] = r.need_max[j] = NAN;
		assert_int_equal(store_session_begin(store, &info, &ids[i]), 0);
		if (k == 'I' || k == 'J')
			assert_int_equal(store_session_set_ending(store, ids[i], true,
								  "the pen device went away"), 0);
		assert_int_equal(store_session_end(store, ids[i], 60, NULL,
						   k == 'N' ? NULL : &r), 0);
	}
	store_close(store);
	for (size_t i = 0; i < n; i++) {
		when(minute++, t, sizeof(t));
		/* Ended half a minute later, when it ended at all. */
		snprintf(update, sizeof(update), "UPDATE sessions SET started = '%s', "
			 "ended = CASE WHEN ended IS NULL THEN NULL ELSE "
			 "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', '%s', '+30 seconds') END%s "
			 "WHERE id = %lld", t, t, history[i] == 'U' ? ", origin = NULL" : "",
			 (long long)ids[i]);
		sql(update);
	}
	if (first)
		*first = n ? ids[0] : 0;
}

/* An instructor's sign-off of @p session with its lowest rating @p low,
 * as helper D's `smpsim signoff` stores one. */
static void signoff(int64_t session, int low)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "INSERT INTO signoffs (session, instructor, made, note) "
		 "VALUES (%lld, 'Dr Lee', '2026-01-05T00:00:00.000Z', '');"
		 "INSERT INTO signoff_ratings VALUES (last_insert_rowid(), 'depth control', 5, 0);"
		 "INSERT INTO signoff_ratings SELECT max(id), 'spacing and density', %d, 1 "
		 "FROM signoffs;", (long long)session, low);
	sql(text);
}

/* ---- the commands ---- */

static void smpsim(const char *const args[], struct child_result *r)
{
	const char *argv[24] = { SMPSIM_BINARY };
	const char *const env[] = { "TZ=UTC", data_env, NULL };
	size_t n = 1;

	for (; args[n - 1]; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, r), 0);
}

static void expect(const char *const args[], int status, const char *out, const char *err)
{
	struct child_result r;

	smpsim(args, &r);
	child_expect(&r, status, out, err);
	child_result_free(&r);
}

static void expect_progress(const char *name, const char *out)
{
	expect((const char *const[]){ "progress", "--trainee", name, "--db", db, NULL }, 0,
	       out, "");
}

/* Opens @p lesson to @p name by the CLI and dates the opening minute @p m. */
static void open_lesson(const char *name, const char *lesson, const char *by,
			const char *why, int m, const char *out)
{
	char update[256], t[64];

	expect((const char *const[]){ "trainee", "open", name, lesson, "--by", by, "--why",
				      why, "--db", db, NULL }, 0, out, "");
	when(m, t, sizeof(t));
	snprintf(update, sizeof(update), "UPDATE lesson_openings SET made = '%s' "
		 "WHERE id = (SELECT max(id) FROM lesson_openings)", t);
	sql(update);
}

#define RULE_3_4 "  rule: 3 passes in a row, 4 in all\n"
#define RULE_HAIRLINE "  rule: 2 passes in a row, the last in exam mode, a sign-off " \
	"rated 3 or more\n"
#define LOCKED_EVEN "2. even-spacing (Even spacing in a square): locked\n" RULE_3_4 \
	"  not open yet (finish depth-taps first, or an instructor opens it)\n"
#define LOCKED_HAIRLINE "3. soft-hairline (A soft natural hairline): locked\n" \
	RULE_HAIRLINE "  not open yet (finish even-spacing first, or an instructor opens it)\n"

/* ---- proficiency after exactly K in a row ---- */

static void test_exactly_k_in_a_row(void **state)
{
	int64_t ana = trainee("Ana"), first;

	(void)state;
	minute = 0;
	expect_progress("Ana",
		"trainee: Ana\n"
		"proficient in 0 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): open\n" RULE_3_4
		"  opened from the start\n"
		"  left: 3 passes in a row, 4 in all\n"
		"\n" LOCKED_EVEN "\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 0\n");
	/* A pass, a fail, two passes: 3 passes, 2 in a row. */
	sessions(ana, "depth-taps", "PFPP", &first);
	assert_int_equal(first, 1);
	expect_progress("Ana",
		"trainee: Ana\n"
		"proficient in 0 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): in progress\n" RULE_3_4
		"  opened from the start\n"
		"  left: 1 pass in a row\n"
		"  sessions: 4, counted 4, passed 3, best 83.0, last 83.0\n"
		"\n" LOCKED_EVEN "\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 0\n");
	/* The third in a row: proficient at it, on the last four passes. */
	sessions(ana, "depth-taps", "P", NULL);
	expect_progress("Ana",
		"trainee: Ana\n"
		"proficient in 1 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): proficient\n" RULE_3_4
		"  opened from the start\n"
		"  proficient on 2026-01-01 00:04, at session 5\n"
		"  rests on: session 1 (2026-01-01 00:00, 80.0), session 3 (2026-01-01 00:02, "
		"82.0), session 4 (2026-01-01 00:03, 83.0), session 5 (2026-01-01 00:04, 80.0)\n"
		"  sessions: 5, counted 5, passed 4, best 83.0, last 80.0\n"
		"\n"
		"2. even-spacing (Even spacing in a square): open\n" RULE_3_4
		"  opened after depth-taps was proficient (session 5, 2026-01-01 00:04)\n"
		"  left: 3 passes in a row, 4 in all\n"
		"\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 0\n");
}

/* ---- what never counts ---- */

/* A replayed session that was interrupted counts as "replayed" (where the
 * pen came from is judged first), but its "passed" is null all the same,
 * as review --json says it: it is neither a pass nor a fail. */
static void test_interrupted_replay_json(void **state)
{
	int64_t dora = trainee("Dora");
	struct child_result r;

	(void)state;
	minute = 400;
	sessions(dora, "depth-taps", "J", NULL);
	smpsim((const char *const[]){ "progress", "--trainee", "Dora", "--db", db, "--json",
				      NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"counts\": \"replayed\", \"score\": 80, "
			       "\"passed\": null}"));
	child_result_free(&r);
}

static void test_what_never_counts(void **state)
{
	int64_t ben = trainee("Ben");

	(void)state;
	minute = 100;
	/* Passes all, but only 6, 8 and 12 count, the run broken by 10: a
	 * replayed pass (7), one of unknown origin (9), an interrupted pass
	 * (10), one too short to score (11). */
	sessions(ben, "depth-taps", "PRPUINP", NULL);
	expect_progress("Ben",
		"trainee: Ben\n"
		"proficient in 0 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): in progress\n" RULE_3_4
		"  opened from the start\n"
		"  left: 2 passes in a row\n"
		"  sessions: 7, counted 3, passed 3, best 86.0, last 86.0\n"
		"\n" LOCKED_EVEN "\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 4\n"
		"  1 interrupted: breaks the run, never a pass (session 10)\n"
		"  1 replayed from a recording: does not count (session 7)\n"
		"  1 stored before the record kept where the pen came from: does not count "
		"(session 9)\n"
		"  1 not scored: does not count (session 11)\n");
	/* In the JSON, the interrupted pass is neither a pass nor a fail, as
	 * review --json says; the unscored one has no verdict either. */
	{
		struct child_result r;

		smpsim((const char *const[]){ "progress", "--trainee", "Ben", "--db", db,
					      "--json", NULL }, &r);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "{\"id\": 10, \"started\": \"2026-01-01T01:44:00.000Z\", "
				       "\"counts\": \"interrupted\", \"score\": 84, "
				       "\"passed\": null}"));
		assert_non_null(strstr(r.out, "\"counts\": \"not_scored\", \"score\": null, "
				       "\"passed\": null}"));
		child_result_free(&r);
	}
	/* Replayed passes never make it proficient, however many. */
	sessions(ben, "depth-taps", "RRRRR", NULL);
	expect_progress("Ben",
		"trainee: Ben\n"
		"proficient in 0 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): in progress\n" RULE_3_4
		"  opened from the start\n"
		"  left: 2 passes in a row\n"
		"  sessions: 12, counted 3, passed 3, best 86.0, last 86.0\n"
		"\n" LOCKED_EVEN "\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 9\n"
		"  1 interrupted: breaks the run, never a pass (session 10)\n"
		"  6 replayed from a recording: does not count (sessions 7, 13, 14, 15, 16, "
		"17)\n"
		"  1 stored before the record kept where the pen came from: does not count "
		"(session 9)\n"
		"  1 not scored: does not count (session 11)\n");
}

/* ---- gating, exam mode and the sign-off ---- */

/* Cy's depth-taps, proficient at the fourth of four passes. */
#define CY_DEPTH_TAPS \
	"1. depth-taps (Depth control with single taps): proficient\n" RULE_3_4 \
	"  opened from the start\n" \
	"  proficient on 2026-01-01 03:24, at session 22\n" \
	"  rests on: session 19 (2026-01-01 03:21, 80.0), session 20 (2026-01-01 03:22, " \
	"81.0), session 21 (2026-01-01 03:23, 82.0), session 22 (2026-01-01 03:24, 83.0)\n" \
	"  sessions: 4, counted 4, passed 4, best 83.0, last 83.0\n"

static void test_gating(void **state)
{
	int64_t cy = trainee("Cy"), first;

	(void)state;
	minute = 200;
	/* even-spacing while it is locked (18), then depth-taps to
	 * proficiency (19 to 22): even-spacing opens with 22, and 18 never
	 * counts. */
	sessions(cy, "even-spacing", "P", &first);
	assert_int_equal(first, 18);
	sessions(cy, "depth-taps", "PPPP", NULL);
	expect_progress("Cy",
		"trainee: Cy\n"
		"proficient in 1 of 3 lessons\n"
		"\n"
		CY_DEPTH_TAPS
		"\n"
		"2. even-spacing (Even spacing in a square): open\n" RULE_3_4
		"  opened after depth-taps was proficient (session 22, 2026-01-01 03:24)\n"
		"  left: 3 passes in a row, 4 in all\n"
		"  sessions: 1, counted 0, passed 0, best -, last -\n"
		"\n" LOCKED_HAIRLINE
		"\n"
		"sessions that did not count: 1\n"
		"  1 practised before the lesson opened: does not count (session 18)\n");
	/* Four more: proficient on them alone. */
	sessions(cy, "even-spacing", "PPPP", NULL);
	/* soft-hairline: two in a row, the last in exam mode, but no
	 * sign-off yet, then one rated 2 at its weakest. */
	sessions(cy, "soft-hairline", "PE", &first);
	assert_int_equal(first, 27);
	signoff(28, 2);
	expect_progress("Cy",
		"trainee: Cy\n"
		"proficient in 2 of 3 lessons\n"
		"\n"
		CY_DEPTH_TAPS
		"\n"
		"2. even-spacing (Even spacing in a square): proficient\n" RULE_3_4
		"  opened after depth-taps was proficient (session 22, 2026-01-01 03:24)\n"
		"  proficient on 2026-01-01 03:28, at session 26\n"
		"  rests on: session 23 (2026-01-01 03:25, 80.0), session 24 (2026-01-01 03:26, "
		"81.0), session 25 (2026-01-01 03:27, 82.0), session 26 (2026-01-01 03:28, 83.0)\n"
		"  sessions: 5, counted 4, passed 4, best 83.0, last 83.0\n"
		"\n"
		"3. soft-hairline (A soft natural hairline): in progress\n" RULE_HAIRLINE
		"  opened after even-spacing was proficient (session 26, 2026-01-01 03:28)\n"
		"  left: a sign-off rated 3 or more on one of sessions 27, 28 (smpsim signoff "
		"--session N)\n"
		"  sessions: 2, counted 2, passed 2, best 81.0, last 81.0\n"
		"\n"
		"sessions that did not count: 1\n"
		"  1 practised before the lesson opened: does not count (session 18)\n");
	{
		/* As JSON: which sessions a sign-off would make it on. */
		struct child_result r;

		smpsim((const char *const[]){ "progress", "--trainee", "Cy", "--db", db,
					      "--json", NULL }, &r);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "      \"left\": {\"in_a_row\": 0, \"in_all\": 0, "
				       "\"exam\": 0, \"signoff\": true, \"signoff_on\": [27, 28]},\n"));
		child_result_free(&r);
	}
	/* A sign-off rated 3 at its weakest on the first of the two. */
	signoff(27, 3);
	expect((const char *const[]){ "progress", "--trainee", "Cy", "--db", db, "--json",
				      NULL }, 0,
		"{\n"
		"  \"trainee\": \"Cy\",\n"
		"  \"curriculum_sha256\": \"" CURRICULUM_SHA256 "\",\n"
		"  \"proficient\": 3,\n"
		"  \"lessons\": [\n"
		"    {\"id\": \"depth-taps\", \"title\": \"Depth control with single taps\", "
		"\"status\": \"proficient\",\n"
		"      \"rule\": {\"consecutive\": 3, \"total\": 4, \"exam_last\": 0, "
		"\"signoff_at_least\": 0},\n"
		"      \"opened\": {\"how\": \"from the start\", \"time\": null},\n"
		"      \"sessions\": 4, \"counted\": 4, \"passes\": 4, \"run\": 4, \"best\": 83, "
		"\"last\": 83,\n"
		"      \"left\": null,\n"
		"      \"proficient\": {\"time\": \"2026-01-01T03:24:30.000Z\", \"session\": 22, "
		"\"rests_on\": [{\"session\": 19, \"started\": \"2026-01-01T03:21:00.000Z\", "
		"\"score\": 80, \"exam\": false, \"signoff\": 0}, {\"session\": 20, \"started\": "
		"\"2026-01-01T03:22:00.000Z\", \"score\": 81, \"exam\": false, \"signoff\": 0}, "
		"{\"session\": 21, \"started\": \"2026-01-01T03:23:00.000Z\", \"score\": 82, "
		"\"exam\": false, \"signoff\": 0}, {\"session\": 22, \"started\": "
		"\"2026-01-01T03:24:00.000Z\", \"score\": 83, \"exam\": false, \"signoff\": 0}]},\n"
		"      \"session_list\": [{\"id\": 19, \"started\": \"2026-01-01T03:21:00.000Z\", "
		"\"counts\": \"counts\", \"score\": 80, \"passed\": true}, {\"id\": 20, "
		"\"started\": \"2026-01-01T03:22:00.000Z\", \"counts\": \"counts\", \"score\": 81, "
		"\"passed\": true}, {\"id\": 21, \"started\": \"2026-01-01T03:23:00.000Z\", "
		"\"counts\": \"counts\", \"score\": 82, \"passed\": true}, {\"id\": 22, "
		"\"started\": \"2026-01-01T03:24:00.000Z\", \"counts\": \"counts\", \"score\": 83, "
		"\"passed\": true}]},\n"
		"    {\"id\": \"even-spacing\", \"title\": \"Even spacing in a square\", "
		"\"status\": \"proficient\",\n"
		"      \"rule\": {\"consecutive\": 3, \"total\": 4, \"exam_last\": 0, "
		"\"signoff_at_least\": 0},\n"
		"      \"opened\": {\"how\": \"after the lesson before\", \"time\": "
		"\"2026-01-01T03:24:30.000Z\", \"after\": \"depth-taps\", \"after_session\": 22},\n"
		"      \"sessions\": 5, \"counted\": 4, \"passes\": 4, \"run\": 4, \"best\": 83, "
		"\"last\": 83,\n"
		"      \"left\": null,\n"
		"      \"proficient\": {\"time\": \"2026-01-01T03:28:30.000Z\", \"session\": 26, "
		"\"rests_on\": [{\"session\": 23, \"started\": \"2026-01-01T03:25:00.000Z\", "
		"\"score\": 80, \"exam\": false, \"signoff\": 0}, {\"session\": 24, \"started\": "
		"\"2026-01-01T03:26:00.000Z\", \"score\": 81, \"exam\": false, \"signoff\": 0}, "
		"{\"session\": 25, \"started\": \"2026-01-01T03:27:00.000Z\", \"score\": 82, "
		"\"exam\": false, \"signoff\": 0}, {\"session\": 26, \"started\": "
		"\"2026-01-01T03:28:00.000Z\", \"score\": 83, \"exam\": false, \"signoff\": 0}]},\n"
		"      \"session_list\": [{\"id\": 18, \"started\": \"2026-01-01T03:20:00.000Z\", "
		"\"counts\": \"before_opening\", \"score\": 80, \"passed\": true}, {\"id\": 23, "
		"\"started\": \"2026-01-01T03:25:00.000Z\", \"counts\": \"counts\", \"score\": 80, "
		"\"passed\": true}, {\"id\": 24, \"started\": \"2026-01-01T03:26:00.000Z\", "
		"\"counts\": \"counts\", \"score\": 81, \"passed\": true}, {\"id\": 25, "
		"\"started\": \"2026-01-01T03:27:00.000Z\", \"counts\": \"counts\", \"score\": 82, "
		"\"passed\": true}, {\"id\": 26, \"started\": \"2026-01-01T03:28:00.000Z\", "
		"\"counts\": \"counts\", \"score\": 83, \"passed\": true}]},\n"
		"    {\"id\": \"soft-hairline\", \"title\": \"A soft natural hairline\", "
		"\"status\": \"proficient\",\n"
		"      \"rule\": {\"consecutive\": 2, \"total\": 2, \"exam_last\": 1, "
		"\"signoff_at_least\": 3},\n"
		"      \"opened\": {\"how\": \"after the lesson before\", \"time\": "
		"\"2026-01-01T03:28:30.000Z\", \"after\": \"even-spacing\", \"after_session\": 26},\n"
		"      \"sessions\": 2, \"counted\": 2, \"passes\": 2, \"run\": 2, \"best\": 81, "
		"\"last\": 81,\n"
		"      \"left\": null,\n"
		"      \"proficient\": {\"time\": \"2026-01-05T00:00:00.000Z\", \"session\": 28, "
		"\"rests_on\": [{\"session\": 27, \"started\": \"2026-01-01T03:29:00.000Z\", "
		"\"score\": 80, \"exam\": false, \"signoff\": 3}, {\"session\": 28, \"started\": "
		"\"2026-01-01T03:30:00.000Z\", \"score\": 81, \"exam\": true, \"signoff\": 2}]},\n"
		"      \"session_list\": [{\"id\": 27, \"started\": \"2026-01-01T03:29:00.000Z\", "
		"\"counts\": \"counts\", \"score\": 80, \"passed\": true}, {\"id\": 28, "
		"\"started\": \"2026-01-01T03:30:00.000Z\", \"counts\": \"counts\", \"score\": 81, "
		"\"passed\": true}]}\n"
		"  ],\n"
		"  \"not_counted\": {\"interrupted\": 0, \"replayed\": 0, \"origin_unknown\": 0, "
		"\"before_opening\": 1, \"not_scored\": 0}\n"
		"}\n", "");
}

/* ---- an instructor's early opening ---- */

static void test_instructor_opening(void **state)
{
	int64_t di = trainee("Di"), first;

	(void)state;
	minute = 300;
	/* soft-hairline while locked (29); opened at 05:01; two passes, the
	 * last in exam mode and signed off (30, 31). */
	sessions(di, "soft-hairline", "E", &first);
	assert_int_equal(first, 29);
	open_lesson("Di", "soft-hairline", "Dr Lee", "trained elsewhere: her hairline work "
		    "is known", 301, "opened soft-hairline to Di (opening 1): by Dr Lee: trained "
		    "elsewhere: her hairline work is known\n");
	minute = 302;
	sessions(di, "soft-hairline", "PE", NULL);
	signoff(31, 4);
	expect_progress("Di",
		"trainee: Di\n"
		"proficient in 1 of 3 lessons\n"
		"\n"
		"1. depth-taps (Depth control with single taps): open\n" RULE_3_4
		"  opened from the start\n"
		"  left: 3 passes in a row, 4 in all\n"
		"\n" LOCKED_EVEN
		"\n"
		"3. soft-hairline (A soft natural hairline): proficient\n" RULE_HAIRLINE
		"  opened by instructor Dr Lee on 2026-01-01 05:01: trained elsewhere: her "
		"hairline work is known\n"
		"  proficient on 2026-01-05 00:00, at session 31\n"
		"  rests on: session 30 (2026-01-01 05:02, 80.0), session 31 (2026-01-01 05:03, "
		"81.0, exam)\n"
		"  sessions: 3, counted 2, passed 2, best 81.0, last 81.0\n"
		"\n"
		"sessions that did not count: 1\n"
		"  1 practised before the lesson opened: does not count (session 29)\n");

	/* Refused: open already (by the instructor, from the start), not in
	 * the curriculum, without who or why, an unknown trainee. NULL: the
	 * option left out; a message ending in " in" goes on with the
	 * record's path. */
	static const struct {
		const char *name, *lesson, *by, *why;
		int status;
		const char *message;
	} refused[] = {
		{ "Di", "soft-hairline", "Bo", "again", 1, "soft-hairline is already open to "
		  "Di (and proficient): opened by instructor Dr Lee on 2026-01-01 05:01: "
		  "trained elsewhere: her hairline work is known" },
		{ "Di", "depth-taps", "Bo", "again", 1, "depth-taps is already open to Di: "
		  "opened from the start" },
		{ "Ana", "even-spacing", "Bo", "again", 1, "even-spacing is already open to "
		  "Ana: opened after depth-taps was proficient (session 5, 2026-01-01 00:04)" },
		{ "Di", "temple-points", "Bo", "early", 2, "'temple-points' is not a lesson of "
		  "the curriculum (its lessons: depth-taps, even-spacing, soft-hairline)" },
		{ "Di", "even-spacing", "Bo", NULL, 2, "an opening says who opens the lesson "
		  "and why: give --why TEXT" },
		{ "Di", "even-spacing", NULL, "x", 2, "an opening says who opens the lesson "
		  "and why: give --by WHO" },
		{ "Di", "even-spacing", NULL, NULL, 2, "an opening says who opens the lesson "
		  "and why: give --by WHO and --why TEXT" },
		{ "Di", "even-spacing", " ", "x", 2, "--by: a name cannot be empty or only "
		  "white space" },
		{ "Di", "even-spacing", "Bo", "two\nlines", 2, "--why: a reason cannot be "
		  "empty or hold control characters (tabs, line breaks)" },
		{ "Nobody", "even-spacing", "Bo", "x", 2, "no trainee named 'Nobody' (see "
		  "'smpsim trainee list')" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		const char *args[12] = { "trainee", "open", refused[i].name, refused[i].lesson,
					 "--db", db };
		size_t n = 6;
		const char *m = refused[i].message;
		char want[PATH_MAX + 300];

		if (refused[i].by) {
			args[n++] = "--by";
			args[n++] = refused[i].by;
		}
		if (refused[i].why) {
			args[n++] = "--why";
			args[n++] = refused[i].why;
		}
		args[n] = NULL;
		snprintf(want, sizeof(want), "smpsim trainee: %s%s%s\n", m,
			 strlen(m) > 3 && !strcmp(m + strlen(m) - 3, " in") ? " " : "",
			 strlen(m) > 3 && !strcmp(m + strlen(m) - 3, " in") ? db : "");
		print_message("refused %zu\n", i);
		expect(args, refused[i].status, "", want);
	}
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM lesson_openings"), 1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM lesson_openings WHERE "
				      "by = 'Dr Lee' AND lesson_id = 'soft-hairline' AND "
				      "trainee = (SELECT id FROM trainees WHERE name = 'Di')"), 1);
}

/* ---- practice, review ---- */

/* A replay stored by practice: it says so before the session, and the
 * session is replayed in the record, never counted. */
static void test_practice_replay(void **state)
{
#define EVE_REPLAYED_DEPTH "trainee: Eve\nproficient in 0 of 3 lessons\n\n" \
	"1. depth-taps (Depth control with single taps): open\n" RULE_3_4 \
	"  opened from the start\n  left: 3 passes in a row, 4 in all\n" \
	"  sessions: 1, counted 0, passed 0, best -, last -\n\n" LOCKED_EVEN "\n" LOCKED_HAIRLINE
	const char *args[] = { "practice", "--trainee", "Eve", "--lesson", "depth-taps",
			       "--db", db, "--audio", "none", "--replay",
			       SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu", NULL };
	struct child_result r;

	(void)state;
	trainee("Eve");
	smpsim(args, &r);
	if (!strstr(r.err, "\nA session replayed from a recording does not count towards "
		    "proficiency.\n") &&
	    strncmp(r.err, "A session replayed from a recording does not count towards "
		    "proficiency.\n", 75))
		fail_msg("practice --replay did not say it will not count:\n%s", r.err);
	/* and again after the score, which a replay may well pass */
	if (!strstr(r.out, " as session 32.\nReplayed from a recording: it does not count "
		    "towards proficiency (only live sessions on a pen device do).\n"))
		fail_msg("practice --replay did not say after its score that it does not "
			 "count:\n%s", r.out);
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions s JOIN trainees t "
				      "ON t.id = s.trainee WHERE t.name = 'Eve' AND "
				      "s.origin = 1"), 1);
	expect_progress("Eve",
		EVE_REPLAYED_DEPTH
		"\n"
		"sessions that did not count: 1\n"
		"  1 replayed from a recording: does not count (session 32)\n");

	/* A replay of a lesson not open yet is still "replayed": opening the
	 * lesson would not make it count, so that is not the reason given. */
	args[4] = "soft-hairline";
	smpsim(args, &r);
	child_result_free(&r);
	expect_progress("Eve",
		EVE_REPLAYED_DEPTH
		"  sessions: 1, counted 0, passed 0, best -, last -\n"
		"\n"
		"sessions that did not count: 2\n"
		"  2 replayed from a recording: does not count (sessions 32, 33)\n");

	/* Its page says so too: a replay's pass looks like anyone's. */
	{
		char page[PATH_MAX], *html;
		const char *report[] = { "report", "--session", "33", "-o", page, "--db", db,
					 NULL };
		size_t size;

		snprintf(page, sizeof(page), "%s/replayed-33.html", tmp_files_dir());
		smpsim(report, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		assert_non_null(html = tmp_files_read(page, &size));
		assert_non_null(strstr(html, "Replayed from a recording, not practised live: it "
				       "does not count towards proficiency."));
		free(html);
	}
	/* And Eve's progress page marks each replayed attempt, in its row. */
	{
		char page[PATH_MAX], *html;
		const char *report[] = { "report", "--trainee", "Eve", "-o", page, "--db", db,
					 NULL };
		const char *mark = "<td>complete <span class=\"not-counted\">(replayed from a "
				   "recording: does not count)</span></td>";
		size_t size, marks = 0;

		snprintf(page, sizeof(page), "%s/eve.html", tmp_files_dir());
		smpsim(report, &r);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		assert_non_null(html = tmp_files_read(page, &size));
		for (const char *p = html; (p = strstr(p, mark)); p++)
			marks++;
		if (marks != 2)
			fail_msg("%zu attempts marked replayed, not 2:\n%s", marks, html);
		free(html);
	}
}

/* @p text holds @p part. */
static void assert_has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("no \"%s\" in:\n%s", part, text);
}

/* review shows where each session's pen came from. */
static void test_review_origin(void **state)
{
	struct child_result r;

	(void)state;
	smpsim((const char *const[]){ "review", "--trainee", "Ben", "--db", db, NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_has(r.out, "faults  status       origin\n");
	assert_has(r.out, "\n 6  2026-01-01 01:40  Ben      depth-taps   80.0  yes        0  "
		   "complete     live\n"
		   " 7  2026-01-01 01:41  Ben      depth-taps   81.0  yes        0  "
		   "complete     replayed\n"
		   " 8  2026-01-01 01:42  Ben      depth-taps   82.0  yes        0  "
		   "complete     live\n"
		   " 9  2026-01-01 01:43  Ben      depth-taps   83.0  yes        0  "
		   "complete     not kept\n"
		   /* Interrupted: not a pass, not a failed attempt (issue 16). */
		   "10  2026-01-01 01:44  Ben      depth-taps   84.0  -          0  "
		   "interrupted  live\n");
	child_result_free(&r);
	smpsim((const char *const[]){ "review", "--session", "7", "--db", db, NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_has(r.out, "\norigin      replayed from a recording: does not count towards "
		   "proficiency\n");
	child_result_free(&r);
	smpsim((const char *const[]){ "review", "--session", "9", "--db", db, NULL }, &r);
	assert_int_equal(r.status, 0);
	assert_has(r.out, "\norigin      not kept (stored before the record kept it): does "
		   "not count towards proficiency\n");
	child_result_free(&r);
	smpsim((const char *const[]){ "review", "--session", "9", "--db", db, "--json", NULL },
	       &r);
	assert_int_equal(r.status, 0);
	assert_has(r.out, "\n  \"origin\": null,\n");
	child_result_free(&r);
	smpsim((const char *const[]){ "review", "--session", "7", "--db", db, "--json", NULL },
	       &r);
	assert_int_equal(r.status, 0);
	assert_has(r.out, "\n  \"origin\": \"replayed\",\n");
	child_result_free(&r);
}

static void test_errors(void **state)
{
	(void)state;
	expect((const char *const[]){ "progress", "--trainee", "Nobody", "--db", db, NULL }, 2,
	       "", "smpsim progress: no trainee named 'Nobody' (see 'smpsim trainee list')\n");
	{
		struct child_result r;

		smpsim((const char *const[]){ "progress", "--db", db, NULL }, &r);
		assert_int_equal(r.status, 2);
		assert_string_equal(r.out, "");
		assert_string_equal(r.err, "smpsim progress: missing --trainee NAME\n"
				    "Try 'smpsim progress --help'.\n");
		child_result_free(&r);
	}
}

/* A curriculum that cannot be read is a file that could not be read, exit
 * 1, as `lessons` says it; a malformed one is bad input, exit 2: every
 * command that reads it agrees (progress and trainee open said 2 for a
 * missing one, review and report --class 1 for a malformed one). */
static void test_curriculum_unreadable(void **state)
{
	static const struct {
		const char *cmd;
		const char *args[10];
	} cmds[] = {
		{ "progress", { "progress", "--trainee", "Cora", NULL } },
		{ "trainee", { "trainee", "open", "Cora", "even-spacing", "--by", "Ines",
			       "--why", "ahead", NULL } },
		{ "certificate", { "certificate", "--trainee", "Cora", "-o", NULL } },
		{ "review", { "review", "--class", NULL } },
		{ "report", { "report", "--class", "-o", NULL } },
	};
	char path[PATH_MAX + 64], aside[PATH_MAX + 64], page[PATH_MAX + 16];
	FILE *f;

	(void)state;
	trainee("Cora");
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	snprintf(aside, sizeof(aside), "%s/curriculum.aside", tmp_files_dir());
	snprintf(page, sizeof(page), "%s/page.html", tmp_files_dir());
	assert_int_equal(rename(path, aside), 0);
	for (int malformed = 0; malformed <= 1; malformed++) {
		if (malformed) {
			assert_non_null(f = fopen(path, "w"));
			assert_true(fputs("lessons: [\n", f) >= 0);
			assert_int_equal(fclose(f), 0);
		}
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			const char *args[12];
			char err[2 * PATH_MAX];
			size_t n = 0;

			for (; cmds[i].args[n]; n++)
				args[n] = cmds[i].args[n];
			if (!strcmp(args[n - 1], "-o"))
				args[n++] = page;
			args[n++] = "--db";
			args[n++] = db;
			args[n] = NULL;
			if (malformed)
				snprintf(err, sizeof(err), "smpsim %s: %s:2: flow sequence without "
					 "a closing bracket\n", cmds[i].cmd, path);
			else
				snprintf(err, sizeof(err), "smpsim %s: cannot read the curriculum "
					 "%s: No such file or directory\n", cmds[i].cmd, path);
			expect(args, malformed ? 2 : 1, "", err);
			assert_int_equal(access(page, F_OK), -1);
		}
	}
	assert_int_equal(rename(aside, path), 0);
}

/* ---- setup ---- */

static void link_to(const char *target, const char *name)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	if (symlink(target, path) < 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

static int setup(void **state)
{
	char path[PATH_MAX + 64], err[STORE_ERROR_MAX];
	struct store *store;
	FILE *f;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s", data_dir);
	snprintf(path, sizeof(path), "%s/lessons", data_dir);
	if (mkdir(data_dir, 0700) < 0 || mkdir(path, 0700) < 0)
		return -1;
	link_to(SMPSIM_DATA_DIR "/scalps", "scalps");
	link_to(SMPSIM_DATA_DIR "/needles", "needles");
	link_to(SMPSIM_DATA_DIR "/devices", "devices");
	link_to(SMPSIM_DATA_DIR "/recordings", "recordings");
	link_to(SMPSIM_DATA_DIR "/lessons/depth-taps.yaml", "lessons/depth-taps.yaml");
	link_to(SMPSIM_DATA_DIR "/lessons/even-spacing.yaml", "lessons/even-spacing.yaml");
	link_to(SMPSIM_DATA_DIR "/lessons/soft-hairline.yaml", "lessons/soft-hairline.yaml");
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	if (!(f = fopen(path, "w")) || fputs(curriculum, f) < 0 || fclose(f) != 0)
		return -1;
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (store_open(db, &store, NULL, err, sizeof(err)) < 0)
		return -1;
	store_close(store);
	return 0;
}

int main(void)
{
	/* In this order: each adds its trainee's sessions, numbered on. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exactly_k_in_a_row),
		cmocka_unit_test(test_what_never_counts),
		cmocka_unit_test(test_gating),
		cmocka_unit_test(test_instructor_opening),
		cmocka_unit_test(test_practice_replay),
		cmocka_unit_test(test_review_origin),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_curriculum_unreadable),
		/* Last: its trainee and session would move the ids the
		 * tests before it expect. */
		cmocka_unit_test(test_interrupted_replay_json),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
