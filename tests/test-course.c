/* test-course: issue 14's "done when", end to end: an academy runs a
 * course in smpsim from the first session to a certificate, and a third
 * party holding the certificate and the record checks it.
 *
 * Everything is the built program (SMPSIM_BINARY) run as a child process
 * on one real SQLite record, with the academy's own data folder (TMP/data:
 * the shipped scalps, needles, devices and two lessons, and a
 * curriculum.yaml of its own: depth-taps, 2 passes in a row and 3 in all;
 * then even-spacing, the same with the last pass in exam mode and a
 * sign-off rated 3 or more).
 *
 * The sessions that count are live. Those of depth-taps are practised for
 * real: `smpsim practice` on a pen tablet umockdev emulates
 * (umockdev_pen.h; the test runs under umockdev's preload), fed the events
 * of an expert hand (session_gen_variants.h, a seed per session), played
 * one frame every FRAME_GAP_US instead of the tablet's 5 ms so a session
 * of 100 taps takes seconds (the simulator sees a quick hand: shorter
 * dwells make smaller dots, the depths are the same), and ended by Ctrl-C
 * once every tap is stored. Those of even-spacing (400 dots a session,
 * and exam mode needs the live view, so a display) are too slow to drive
 * live: they are made with the store's API, as practice stores a live
 * session (origin live, the view's mode, every deposit, the measures and
 * the score), the same expert hand scored in-process as smpsim scores it
 * (session_score.h). One expert recording is also replayed with
 * `practice --replay`: stored as replayed, it never counts.
 *
 * The course, in order (each test goes on from the one before):
 *  1. five trainees added; four grouped into an intake; two of them and a
 *     visiting fifth marked experts;
 *  2. the experts' live sessions of depth-taps: a benchmark refused with
 *     two experts, made with three (--min-sessions 3 --min-experts 3);
 *  3. Ana: progress with even-spacing locked; a replayed session that
 *     does not count; three live passes judged by the benchmark; depth-taps
 *     proficient and even-spacing open; a certificate refused (exit 1, no
 *     file);
 *  4. an instructor opens even-spacing early to Dee, with who and why;
 *  5. Ana's three passes of even-spacing, the last in exam mode: still no
 *     certificate without a sign-off; the sign-off; proficient;
 *     `review --class --csv` shows every trainee's statuses;
 *  6. the certificate issued; its page carries the code;
 *  7. a third party with a copy of the record and the code read off the
 *     page, and no data folder of the academy's: the record keeps the
 *     curriculum file the certificate was issued under, and `verify
 *     --certificate` judges under it. With the shipped data folder (other
 *     rules) it says valid, and once that the curriculum differs; with a
 *     data folder that holds nothing, valid; with the academy's, valid.
 *     The curriculum it keeps edited with SQLite's C API (its rules made
 *     easier): named, exit 1. One deposit of a live session it rests on
 *     edited: `verify --certificate` exits 1 naming that session, and so
 *     does `verify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "child_process.h"
#include "db_query.h"
#include "lesson_fixture.h"
#include "quirks_load.h"
#include "session_gen_variants.h"
#include "session_score.h"
#include "store.h"
#include "store_certificate.h"
#include "tmp_files.h"
#include "umockdev_pen.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A bound on every wait for a condition, to fail rather than hang on a
 * machine many times slower: not a pace. */
#define WAIT_BOUND_S 60

/* The emulated tablet delivers a frame every FRAME_GAP_US (the generated
 * hand reports every 5000 us): a twentieth of the time. */
#define FRAME_GAP_US 250

#define ANA "Ana Souza"
#define BEN "Ben Okafor"
#define CY "Cy Lind"
#define DEE "Dee Park"
#define ELI "Eli Marsh"
#define INTAKE "spring-2026"
#define BY "Dr Lee"

static const char curriculum[] =
	"# The academy's course: depth first, then spacing.\n"
	"proficiency: { consecutive: 2, total: 3 }\n"
	"signoff-domains: [depth control, spacing and density]\n"
	"lessons:\n"
	"  - depth-taps\n"
	"  - id: even-spacing\n"
	"    proficiency: { exam-last: 1, signoff-at-least: 3 }\n";

/* printf '%s' "$curriculum" | sha256sum */
#define CURRICULUM_SHA256 "ceb2ce5bf92fad5e16f10db86c51026c075e5a857f67f8f782d5aef8ad59e21f"

static char data_dir[PATH_MAX], data_env[PATH_MAX + 32], db[PATH_MAX + 32];
static char page[PATH_MAX + 32], code[64];

/* The two lessons, loaded for the hands that work them, and the devices'
 * quirks smpsim applies (the generated pen's full-scale force). */
static struct lesson depth_taps, even_spacing;
static struct lesson_session depth_taps_ls, even_spacing_ls;
static struct device_quirk *quirks;
static size_t quirk_count;

/* ---- the program ---- */

static void smpsim(const char *const args[], struct child_result *r)
{
	const char *argv[32] = { SMPSIM_BINARY };
	const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", data_env, NULL };
	size_t n = 1;

	for (; args[n - 1]; n++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n] = args[n - 1];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, r), 0);
}

#define SMPSIM(r, ...) smpsim((const char *const[]){ __VA_ARGS__, NULL }, r)

static void expect(const char *const args[], int status, const char *out, const char *err)
{
	struct child_result r;

	smpsim(args, &r);
	child_expect(&r, status, out, err);
	child_result_free(&r);
}

#define EXPECT(status, out, err, ...) \
	expect((const char *const[]){ __VA_ARGS__, NULL }, status, out, err)

/* @p text holds @p part. */
static void assert_has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("no \"%s\" in:\n%s", part, text);
}

/* ---- the record ---- */

/* Session @p id's @p column ("started", "ended") as progress prints it:
 * "2026-12-06 08:14". */
static void session_time(int64_t id, const char *column, char *buf, size_t size)
{
	char sql[96], *t;

	snprintf(sql, sizeof(sql), "SELECT %s FROM sessions WHERE id = %lld", column,
		 (long long)id);
	t = db_query_text(db, sql);
	snprintf(buf, size, "%.10s %.5s", t, t + 11);
	free(t);
}

/* Session @p id's start, as progress prints it. */
static void started(int64_t id, char *buf, size_t size)
{
	session_time(id, "started", buf, size);
}

/* ---- live sessions: practice on an emulated tablet ---- */

static int64_t deposits_of(int64_t session)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM deposits WHERE session = %lld",
		 (long long)session);
	return db_query_int_try(db, sql);
}

static double monotonic_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The expert hand's depth-taps of @p seed as a recording, TMP/NAME.evemu.
 * @return the taps it plays. */
static size_t expert_recording(uint64_t seed, const char *name, char *path, size_t size)
{
	static struct session_gen_stipple spec;
	struct session_gen_played played = { 0 };
	size_t taps;

	assert_int_equal(session_gen_variant_spec(SESSION_GEN_EXPERT, &depth_taps, &depth_taps_ls,
						  seed, &spec), 0);
	snprintf(path, size, "%s/%s.evemu", tmp_files_dir(), name);
	assert_int_equal(session_gen_stipple_write_file(path, &spec, &played), 0);
	taps = played.count;
	session_gen_played_free(&played);
	return taps;
}

/*
 * @p who practises depth-taps live, the expert hand of @p seed on the
 * emulated tablet, as session @p id; ended by Ctrl-C once every tap is
 * stored.
 */
static void practise_live(const char *who, uint64_t seed, int64_t id)
{
	char rec[PATH_MAX], err[UMOCKDEV_PEN_ERROR_MAX], name[32], want[PATH_MAX + 64];
	struct umockdev_pen_state idle;
	struct umockdev_pen_bed *bed;
	struct input_event *events;
	struct pen_device dev;
	struct child_process c;
	struct child_result r;
	size_t count, taps;
	double deadline;

	snprintf(name, sizeof(name), "live-%lld", (long long)id);
	taps = expert_recording(seed, name, rec, sizeof(rec));
	if (umockdev_pen_read_recording(rec, &dev, &events, &count, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	umockdev_pen_state_init(&idle);
	if (umockdev_pen_bed_new(&dev, &idle, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	{
		const char *const argv[] = { SMPSIM_BINARY, "practice", "--trainee", who,
					     "--lesson", "depth-taps", "--db", db, "--audio",
					     "none", NULL };
		const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", data_env, NULL };

		assert_int_equal(child_start(argv, env, &c), 0);
	}
	assert_true(child_wait_err(&c, "Using ", WAIT_BOUND_S));
	if (umockdev_pen_bed_play(bed, events, count, FRAME_GAP_US, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	snprintf(want, sizeof(want), "Session %lld started", (long long)id);
	assert_true(child_wait_err(&c, want, WAIT_BOUND_S));
	deadline = monotonic_s() + WAIT_BOUND_S;
	while (deposits_of(id) < (int64_t)taps && monotonic_s() < deadline) {
		struct timespec d = { 0, 20 * 1000 * 1000 };

		nanosleep(&d, NULL);
	}
	assert_int_equal(deposits_of(id), taps);
	kill(c.pid, SIGINT);
	assert_int_equal(child_wait(&c, &r), 0);
	if (r.status != 0)
		fail_msg("practice: %d\n%s%s", r.status, r.out, r.err);
	assert_has(r.out, ", ended by Ctrl-C.\n");
	snprintf(want, sizeof(want), "\nStored in %s as session %lld.\n", db, (long long)id);
	assert_has(r.out, want);
	child_result_free(&r);
	umockdev_pen_bed_free(bed);
	free(events);
}

/* ---- live sessions made with the store's API ---- */

/*
 * Stores a live session of even-spacing by trainee @p trainee as practice
 * would: the expert hand of @p seed scored in-process on the academy's
 * lesson file, every deposit, the measures and the score; in exam mode
 * when @p exam. @return its id.
 */
static int64_t stored_live_session(int64_t trainee, uint64_t seed, bool exam)
{
	static struct session_gen_stipple spec;
	struct session_score sc;
	char rec[PATH_MAX], path[PATH_MAX + 64], err[512];
	struct store *store;
	size_t size;
	char *text;
	int64_t id;

	assert_int_equal(session_gen_variant_spec(SESSION_GEN_EXPERT, &even_spacing,
						  &even_spacing_ls, seed, &spec), 0);
	snprintf(rec, sizeof(rec), "%s/even-spacing-%llu.evemu", tmp_files_dir(),
		 (unsigned long long)seed);
	if (session_score_stipple(&spec, rec, &even_spacing, &even_spacing_ls, quirks, quirk_count,
				  NULL, &sc, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_true(sc.result.passed);
	snprintf(path, sizeof(path), "%s/lessons/even-spacing.yaml", data_dir);
	text = tmp_files_read(path, &size);
	{
		struct store_session_info info = {
			.trainee = trainee, .lesson_id = "even-spacing",
			.lesson_title = even_spacing.title, .lesson_text = text,
			.lesson_text_size = size, .device_name = "smpsim synthetic pen",
			.device_id = "056a:0357", .mapping = sc.mapping, .mapping_source = "fit",
			.view_mode = exam ? STORE_VIEW_EXAM : STORE_VIEW_SHOWN,
			.origin = STORE_ORIGIN_LIVE,
		};

		assert_int_equal(store_open(db, &store, NULL, err, sizeof(err)), 0);
		assert_int_equal(store_session_begin(store, &info, &id), 0);
	}
	for (size_t i = 0; i < sc.count; i++)
		assert_int_equal(store_session_add_deposit(store, id, &sc.deposits[i], NULL), 0);
	assert_int_equal(store_session_end(store, id, (double)sc.last_us / 1e6, &sc.metrics,
					   &sc.result), 0);
	store_close(store);
	free(text);
	session_score_free(&sc);
	return id;
}

/* ---- 1. the intake ---- */

static void test_intake(void **state)
{
	static const char *const people[] = { ANA, BEN, CY, DEE, ELI };
	char want[512], day[16], *added;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(people); i++) {
		snprintf(want, sizeof(want), "added trainee %zu: %s\n", i + 1, people[i]);
		EXPECT(0, want, "", "trainee", "add", people[i], "--db", db);
	}
	EXPECT(0, "added " ANA " to group " INTAKE "\n"
	       "added " BEN " to group " INTAKE "\n"
	       "added " CY " to group " INTAKE "\n"
	       "added " DEE " to group " INTAKE "\n", "",
	       "trainee", "group", INTAKE, ANA, BEN, CY, DEE, "--db", db);
	/* Two of the intake and a visiting expert. */
	EXPECT(0, BEN " is now an expert\n", "", "trainee", "expert", BEN, "--by", BY, "--db", db);
	EXPECT(0, CY " is now an expert\n", "", "trainee", "expert", CY, "--by", BY, "--db", db);
	EXPECT(0, ELI " is now an expert\n", "", "trainee", "expert", ELI, "--by", BY, "--db", db);
	added = db_query_text(db, "SELECT created FROM trainees WHERE id = 1");
	snprintf(day, sizeof(day), "%.10s", added);
	snprintf(want, sizeof(want),
		 "id  sessions  added       name                 groups\n"
		 " 1         0  %s  Ana Souza            spring-2026\n"
		 " 2         0  %s  Ben Okafor (expert)  spring-2026\n"
		 " 3         0  %s  Cy Lind (expert)     spring-2026\n"
		 " 4         0  %s  Dee Park             spring-2026\n"
		 " 5         0  %s  Eli Marsh (expert)\n", day, day, day, day, day);
	EXPECT(0, want, "", "trainee", "list", "--db", db);
	free(added);
}

/* ---- 2. the experts' benchmark ---- */

static void test_benchmark(void **state)
{
	static const char first[] = "Benchmark 1 for lesson depth-taps, rule mean-2sd: 3 "
		"sessions from 3 experts (Ben Okafor 1, Cy Lind 1, Eli Marsh 1)\n";
	struct child_result r;

	(void)state;
	practise_live(BEN, 1, 1);
	practise_live(CY, 2, 2);
	/* Two experts are not enough for --min-experts 3: refused, nothing
	 * stored. */
	EXPECT(1, "", "smpsim benchmark: lesson depth-taps needs 3 sessions from 3 experts; has "
	       "2 sessions from 2 experts (Ben Okafor 1, Cy Lind 1); mark more experts with "
	       "smpsim trainee expert NAME or have them practise\n",
	       "benchmark", "depth-taps", "--min-sessions", "3", "--min-experts", "3", "--by", BY,
	       "--db", db);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM benchmarks"), 0);
	practise_live(ELI, 3, 3);
	SMPSIM(&r, "benchmark", "depth-taps", "--min-sessions", "3", "--min-experts", "3", "--by",
	       BY, "--db", db);
	if (r.status != 0)
		fail_msg("benchmark: %d\n%s%s", r.status, r.out, r.err);
	assert_true(!strncmp(r.out, first, strlen(first)));
	/* Experts at full marks: each level held at the good band's edge
	 * (docs/certification-b.md), stricter than the lesson file's. */
	assert_has(r.out, "\n  completion           0.95 to 1.15           0.9 to 1.5  ");
	assert_has(r.out, "\n  deep                 at most 0.01           at most 0.1  ");
	assert_has(r.out, "\n  depth-in-band        at least 0.98          at least 0.95  ");
	assert_has(r.out, "\n  outside              at most 0.005          at most 0.1  ");
	assert_has(r.out, "\nSessions: 1 2 3\nMade ");
	assert_has(r.out, " by Dr Lee, at least 3 sessions from 3 experts; lesson file sha256 ");
	assert_has(r.out, "\nStored as benchmark 1: new sessions of depth-taps are judged by "
		   "it; 'smpsim rescore --lesson depth-taps' judges the stored ones again.\n");
	assert_string_equal(r.err, "");
	child_result_free(&r);
}

/* ---- 3. Ana's depth-taps ---- */

#define RULE_1 "  rule: 2 passes in a row, 3 in all\n"
#define RULE_2 "  rule: 2 passes in a row, 3 in all, the last in exam mode, a sign-off " \
	"rated 3 or more\n"
#define LOCKED_2 "2. even-spacing (Even spacing in a square): locked\n" RULE_2 \
	"  not open yet (finish depth-taps first, or an instructor opens it)\n"
#define REPLAYED "sessions that did not count: 1\n" \
	"  1 replayed from a recording: does not count (session 4)\n"

/* Ana's progress once depth-taps is proficient (at session 7, on sessions
 * 5 to 7) and even-spacing open after it: @p proficient lessons,
 * even-spacing's state, and its lines after the one saying how it opened. */
static void expect_ana_progress(int proficient, const char *state2, const char *rest2)
{
	char t[3][32], end[32], want[4096];

	for (int i = 0; i < 3; i++)
		started(5 + i, t[i], sizeof(t[i]));
	/* Proficient, and the next lesson open, when session 7 ended (which
	 * may be a minute after it began). */
	session_time(7, "ended", end, sizeof(end));
	snprintf(want, sizeof(want),
		 "trainee: " ANA "\n"
		 "proficient in %d of 2 lessons\n"
		 "\n"
		 "1. depth-taps (Depth control with single taps): proficient\n" RULE_1
		 "  opened from the start\n"
		 "  proficient on %s, at session 7\n"
		 "  rests on: session 5 (%s, 100.0), session 6 (%s, 100.0), session 7 (%s, "
		 "100.0)\n"
		 "  sessions: 4, counted 3, passed 3, best 100.0, last 100.0\n"
		 "\n"
		 "2. even-spacing (Even spacing in a square): %s\n" RULE_2
		 "  opened after depth-taps was proficient (session 7, %s)\n"
		 "%s"
		 "\n" REPLAYED, proficient, end, t[0], t[1], t[2], state2, end, rest2);
	EXPECT(0, want, "", "progress", "--trainee", ANA, "--db", db);
}

static void test_depth_taps(void **state)
{
	char rec[PATH_MAX];
	struct child_result r;

	(void)state;
	EXPECT(0, "trainee: " ANA "\n"
	       "proficient in 0 of 2 lessons\n"
	       "\n"
	       "1. depth-taps (Depth control with single taps): open\n" RULE_1
	       "  opened from the start\n"
	       "  left: 2 passes in a row, 3 in all\n"
	       "\n" LOCKED_2
	       "\n"
	       "sessions that did not count: 0\n", "", "progress", "--trainee", ANA, "--db", db);

	/* An expert's recording replayed as Ana's: stored, said not to count,
	 * and it does not. */
	expert_recording(4, "expert-replayed", rec, sizeof(rec));
	SMPSIM(&r, "practice", "--trainee", ANA, "--lesson", "depth-taps", "--db", db, "--audio",
	       "none", "--replay", rec);
	if (r.status != 0)
		fail_msg("practice --replay: %d\n%s%s", r.status, r.out, r.err);
	assert_has(r.err, "\nA session replayed from a recording does not count towards "
		   "proficiency.\nSession 4 started.\n");
	assert_has(r.out, "\nStored in ");
	child_result_free(&r);
	assert_int_equal(db_query_int(db, "SELECT origin FROM sessions WHERE id = 4"),
			 STORE_ORIGIN_REPLAYED);

	/* Two live passes: 2 in a row, one short of 3 in all. */
	practise_live(ANA, 5, 5);
	practise_live(ANA, 6, 6);
	EXPECT(0, "trainee: " ANA "\n"
	       "proficient in 0 of 2 lessons\n"
	       "\n"
	       "1. depth-taps (Depth control with single taps): in progress\n" RULE_1
	       "  opened from the start\n"
	       "  left: 1 pass in all\n"
	       "  sessions: 3, counted 2, passed 2, best 100.0, last 100.0\n"
	       "\n" LOCKED_2
	       "\n" REPLAYED, "", "progress", "--trainee", ANA, "--db", db);
	/* The third: proficient, and even-spacing opens. */
	practise_live(ANA, 7, 7);
	/* Every live session of depth-taps after the benchmark was judged by
	 * it, and the expert hand earned full marks in each. */
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions WHERE id BETWEEN 4 "
				      "AND 7 AND benchmark = 1"), 4);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM sessions WHERE origin = 0 AND "
				      "score = 100 AND passed = 1"), 6);
	expect_ana_progress(1, "open", "  left: 2 passes in a row, 3 in all, 1 of them in exam "
			    "mode, a sign-off rated 3 or more\n");

	/* No certificate yet: exit 1, no file, nothing stored. */
	EXPECT(1, "", "smpsim certificate: " ANA " is not proficient in every lesson asked for; "
	       "no certificate was issued:\n"
	       "  even-spacing: open; left: 2 passes in a row, 3 in all, 1 of them in exam mode, "
	       "a sign-off rated 3 or more\n", "certificate", "--trainee", ANA, "-o", page, "--db",
	       db);
	assert_int_equal(access(page, F_OK), -1);
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM certificates"), 0);
}

/* ---- 4. an early opening ---- */

#define DEE_DEPTH_TAPS "1. depth-taps (Depth control with single taps): open\n" RULE_1 \
	"  opened from the start\n" \
	"  left: 2 passes in a row, 3 in all\n"

static void test_early_opening(void **state)
{
	char want[2048], *made;

	(void)state;
	EXPECT(0, "opened even-spacing to " DEE " (opening 1): by " BY ": trained elsewhere\n", "",
	       "trainee", "open", DEE, "even-spacing", "--by", BY, "--why", "trained elsewhere",
	       "--db", db);
	made = db_query_text(db, "SELECT made FROM lesson_openings WHERE id = 1");
	snprintf(want, sizeof(want),
		 "trainee: " DEE "\n"
		 "proficient in 0 of 2 lessons\n"
		 "\n" DEE_DEPTH_TAPS
		 "\n"
		 "2. even-spacing (Even spacing in a square): open\n" RULE_2
		 "  opened by instructor " BY " on %.10s %.5s: trained elsewhere\n"
		 "  left: 2 passes in a row, 3 in all, 1 of them in exam mode, a sign-off rated 3 "
		 "or more\n"
		 "\n"
		 "sessions that did not count: 0\n", made, made + 11);
	EXPECT(0, want, "", "progress", "--trainee", DEE, "--db", db);
	free(made);
}

/* ---- 5. Ana's even-spacing and the sign-off ---- */

#define CLASS_HEAD "trainee,lesson,status,best,last,counted,sessions,trend,slope," \
	"signoff_needed,proficient_lessons\r\n"
#define CLASS_INTAKE \
	"Ana Souza,depth-taps,proficient,100,100,3,4,flat,0,no,2\r\n" \
	"Ana Souza,even-spacing,proficient,100,100,3,3,flat,0,no,2\r\n" \
	"Ben Okafor,depth-taps,in progress,100,100,1,1,none,,no,0\r\n" \
	"Ben Okafor,even-spacing,locked,,,0,0,none,,no,0\r\n" \
	"Cy Lind,depth-taps,in progress,100,100,1,1,none,,no,0\r\n" \
	"Cy Lind,even-spacing,locked,,,0,0,none,,no,0\r\n" \
	"Dee Park,depth-taps,open,,,0,0,none,,no,0\r\n" \
	"Dee Park,even-spacing,open,,,0,0,none,,no,0\r\n"

static void test_even_spacing(void **state)
{
	char want[1024], rest[1024], t[3][32], end[32], *made;

	(void)state;
	assert_int_equal(stored_live_session(1, 1, false), 8);
	assert_int_equal(stored_live_session(1, 2, false), 9);
	assert_int_equal(stored_live_session(1, 3, true), 10);
	/* Three passes, the last in exam mode: only the sign-off is left. */
	expect_ana_progress(1, "in progress", "  left: a sign-off rated 3 or more on one of "
			    "sessions 8, 9, 10 (smpsim signoff --session N)\n"
			    "  sessions: 3, counted 3, passed 3, best 100.0, last 100.0\n");
	EXPECT(1, "", "smpsim certificate: " ANA " is not proficient in every lesson asked for; "
	       "no certificate was issued:\n"
	       "  even-spacing: in progress; left: a sign-off rated 3 or more on one of "
	       "sessions 8, 9, 10 (smpsim signoff --session N)\n",
	       "certificate", "--trainee", ANA, "-o", page, "--db", db);
	assert_int_equal(access(page, F_OK), -1);
	/* The class overview marks it: text, CSV, JSON and page. */
	{
		struct child_result r;
		char class_page[PATH_MAX + 32];
		char *html;

		SMPSIM(&r, "review", "--class", "--group", INTAKE, "--db", db);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "   2  even-spacing  in progress  100.0  100.0  3/3"
				       "       flat (+0.0)  sign-off needed\n"));
		child_result_free(&r);
		SMPSIM(&r, "review", "--class", "--group", INTAKE, "--csv", "--db", db);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "\r\nAna Souza,even-spacing,in progress,100,100,3,"
				       "3,flat,0,yes,1\r\n"));
		child_result_free(&r);
		SMPSIM(&r, "review", "--class", "--group", INTAKE, "--json", "--db", db);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "{\"lesson\": \"even-spacing\", \"status\": "
				       "\"in progress\", \"best\": 100, \"last\": 100, "
				       "\"counted\": 3, \"sessions\": 3, \"trend\": \"flat\", "
				       "\"slope\": 0, \"signoff_needed\": true}"));
		child_result_free(&r);
		snprintf(class_page, sizeof(class_page), "%s/class.html", tmp_files_dir());
		SMPSIM(&r, "report", "--class", "--group", INTAKE, "-o", class_page, "--db", db);
		assert_int_equal(r.status, 0);
		child_result_free(&r);
		html = tmp_files_read(class_page, NULL);
		assert_non_null(strstr(html, "<span class=\"state\">in progress</span>"
				       "<span class=\"signoff\">sign-off needed</span>"));
		free(html);
		unlink(class_page);
	}

	/* The instructor signs off the exam session. */
	{
		struct child_result r;

		SMPSIM(&r, "signoff", "--session", "10", "--by", BY, "--ratings", "4,3", "--note",
		       "steady hand", "--db", db);
		made = db_query_text(db, "SELECT made FROM signoffs WHERE id = 1");
		snprintf(want, sizeof(want), "stored sign-off 1 of session 10\n"
			 "sign-off 1 by " BY ", %.10s %.8s, lowest 3\n"
			 "  depth control        4\n"
			 "  spacing and density  3\n"
			 "  note: steady hand\n", made, made + 11);
		child_expect(&r, 0, want, "");
		child_result_free(&r);
		free(made);
	}
	for (int i = 0; i < 3; i++)
		started(8 + i, t[i], sizeof(t[i]));
	session_time(10, "ended", end, sizeof(end));
	snprintf(rest, sizeof(rest), "  proficient on %s, at session 10\n"
		 "  rests on: session 8 (%s, 100.0), session 9 (%s, 100.0), session 10 (%s, "
		 "100.0, exam)\n"
		 "  sessions: 3, counted 3, passed 3, best 100.0, last 100.0\n", end, t[0], t[1],
		 t[2]);
	expect_ana_progress(2, "proficient", rest);

	/* The class: everyone's statuses (the experts' single sessions are in
	 * progress; Dee's even-spacing open early). */
	EXPECT(0, CLASS_HEAD CLASS_INTAKE
	       "Eli Marsh,depth-taps,in progress,100,100,1,1,none,,no,0\r\n"
	       "Eli Marsh,even-spacing,locked,,,0,0,none,,no,0\r\n", "",
	       "review", "--class", "--csv", "--db", db);
	/* The intake alone. */
	EXPECT(0, CLASS_HEAD CLASS_INTAKE, "", "review", "--class", "--csv", "--group", INTAKE,
	       "--db", db);
}

/* ---- 6. the certificate ---- */

static void test_certificate(void **state)
{
	char want[3 * PATH_MAX], text[32];
	regmatch_t m[1];
	regex_t re;
	struct child_result r;
	char *html, *stored;

	(void)state;
	SMPSIM(&r, "certificate", "--trainee", ANA, "-o", page, "--academy",
	       "Academy of Fine Lines", "--by", BY, "--db", db);
	if (r.status != 0)
		fail_msg("certificate: %d\n%s%s", r.status, r.out, r.err);
	assert_int_equal(regcomp(&re, "[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", REG_EXTENDED), 0);
	assert_int_equal(regexec(&re, r.out, 1, m, 0), 0);
	snprintf(code, sizeof(code), "%.*s", (int)(m[0].rm_eo - m[0].rm_so), r.out + m[0].rm_so);
	snprintf(want, sizeof(want), "Certificate %s issued to " ANA " for 2 lessons: %s\n"
		 "Check it with: smpsim verify --certificate %s --db %s\n", code, page, code, db);
	child_expect(&r, 0, want, "");
	child_result_free(&r);
	/* The code is the record's. */
	stored = db_query_text(db, "SELECT code FROM certificates WHERE trainee = 1");
	store_certificate_code_text(stored, text);
	assert_string_equal(text, code);
	free(stored);
	/* The page carries it; read off the page, it is the one printed. */
	html = tmp_files_read(page, NULL);
	assert_has(html, code);
	assert_int_equal(regexec(&re, html, 1, m, 0), 0);
	assert_int_equal(strncmp(html + m[0].rm_so, code, strlen(code)), 0);
	regfree(&re);
	free(html);
}

/* ---- 7. a third party checks it ---- */

/* Runs "smpsim verify ARGS..." with the data folder @p data. */
static void verify(const char *data, const char *const args[], struct child_result *r)
{
	char env_data[PATH_MAX + 32];
	const char *argv[16] = { SMPSIM_BINARY, "verify" };
	const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", env_data, NULL };
	size_t n = 2;

	snprintf(env_data, sizeof(env_data), "SMPSIM_DATA_DIR=%s", data);
	for (; args[n - 2]; n++)
		argv[n] = args[n - 2];
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, r), 0);
}

/* Adds @p delta mm to the depth of deposit @p seq of session @p session in
 * the record @p path, as anyone with sqlite3 could. */
static void edit_deposit(const char *path, int64_t session, int seq, double delta)
{
	sqlite3 *d;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(d, "UPDATE deposits SET depth_mm = depth_mm + ?1 "
					    "WHERE session = ?2 AND seq = ?3", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_double(st, 1, delta);
	sqlite3_bind_int64(st, 2, session);
	sqlite3_bind_int(st, 3, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(d), 1);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(d), SQLITE_OK);
}

/* Replaces the curriculum the record @p path keeps with its certificate
 * by @p text, as anyone with sqlite3 could. */
static void edit_kept_curriculum(const char *path, const char *text)
{
	sqlite3 *d;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(d, "UPDATE certificates SET curriculum = ?1 "
					    "WHERE trainee = 1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, text, (int)strlen(text), SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(d), 1);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(d), SQLITE_OK);
}

static void test_third_party(void **state)
{
	/* The academy's curriculum with its rules made easier: one pass. */
	static const char easier[] =
		"proficiency: { consecutive: 1, total: 1 }\n"
		"lessons:\n  - depth-taps\n  - even-spacing\n";
	char folder[PATH_MAX], copy[PATH_MAX + 16], edited[PATH_MAX + 16], empty[PATH_MAX + 16];
	char want[2048], shipped[65], easier_sha[65], path[PATH_MAX + 32];
	struct child_result r;
	char *made, *kept;
	FILE *f;

	(void)state;
	assert_true(code[0]);
	/* The record as the academy hands it over: a copy in a folder of the
	 * third party's. It keeps the academy's curriculum file, byte for
	 * byte. */
	snprintf(folder, sizeof(folder), "%s/third-party", tmp_files_dir());
	assert_int_equal(mkdir(folder, 0700), 0);
	snprintf(copy, sizeof(copy), "%s/ana.db", folder);
	tmp_files_copy(db, copy);
	made = db_query_text(copy, "SELECT made FROM certificates WHERE trainee = 1");
	kept = db_query_text(copy, "SELECT curriculum FROM certificates WHERE trainee = 1");
	assert_string_equal(kept, curriculum);
	free(kept);

	/* With the shipped data folder, whose curriculum has other rules
	 * (2 in a row, 12 in all: Ana's three passes would not do): valid,
	 * judged under the academy's rules the record keeps; the difference
	 * said once, as information. */
	tmp_files_sha256(SMPSIM_DATA_DIR "/lessons/curriculum.yaml", shipped);
	assert_string_not_equal(shipped, CURRICULUM_SHA256);
	verify(SMPSIM_DATA_DIR, (const char *const[]){ "--certificate", code, "--db", copy, NULL },
	       &r);
	snprintf(want, sizeof(want), "Certificate %s is valid: " ANA ", proficient in 2 lessons, "
		 "issued %.10s; the record it rests on is intact\n"
		 "This data folder's curriculum differs from the one it was issued under "
		 "(SHA-256 %s vs " CURRICULUM_SHA256 "); it was checked under the one it was "
		 "issued under, kept in the record\n", code, made, shipped);
	child_expect(&r, 0, want, "");
	child_result_free(&r);

	/* With a data folder that holds nothing (no curriculum, no lessons,
	 * no scalps): smpsim, the record and the code are enough. */
	snprintf(empty, sizeof(empty), "%s/nothing", folder);
	assert_int_equal(mkdir(empty, 0700), 0);
	verify(empty, (const char *const[]){ "--certificate", code, "--db", copy, NULL }, &r);
	snprintf(want, sizeof(want), "Certificate %s is valid: " ANA ", proficient in 2 lessons, "
		 "issued %.10s; the record it rests on is intact\n", code, made);
	child_expect(&r, 0, want, "");
	child_result_free(&r);

	/* With the academy's data folder: valid, nothing more said. */
	verify(data_dir, (const char *const[]){ "--certificate", code, "--db", copy, NULL }, &r);
	child_expect(&r, 0, want, "");
	child_result_free(&r);

	/* The curriculum the record keeps made easier with sqlite3: its
	 * SHA-256 is no longer the one the certificate states, and the
	 * ledger's entry for the certificate no longer matches. */
	snprintf(edited, sizeof(edited), "%s/easier.db", folder);
	tmp_files_copy(db, edited);
	edit_kept_curriculum(edited, easier);
	snprintf(path, sizeof(path), "%s/easier.yaml", folder);
	assert_non_null(f = fopen(path, "w"));
	fputs(easier, f);
	assert_int_equal(fclose(f), 0);
	tmp_files_sha256(path, easier_sha);
	verify(empty, (const char *const[]){ "--certificate", code, "--db", edited, NULL }, &r);
	snprintf(want, sizeof(want), "  the curriculum file kept with it was changed (its SHA-256 "
		 "is now %s, not the " CURRICULUM_SHA256 " it was issued under)\n"
		 "  the certificate's own row was changed after the certificate was issued "
		 "(curriculum file)\n"
		 "Certificate %s, issued to " ANA " on %.10s, does not hold: 2 problems above\n",
		 easier_sha, code, made);
	child_expect(&r, 1, want, "");
	child_result_free(&r);

	/* One deposit of session 6, a live session depth-taps rests on,
	 * deepened by a quarter of a millimetre. */
	edit_deposit(copy, 6, 40, 0.25);
	verify(SMPSIM_DATA_DIR, (const char *const[]){ "--certificate", code, "--db", copy, NULL },
	       &r);
	snprintf(want, sizeof(want), "  session 6, on which lesson depth-taps rests, was changed "
		 "after the certificate was issued (deposits)\n"
		 "Certificate %s, issued to " ANA " on %.10s, does not hold: 1 problem above\n"
		 "This data folder's curriculum differs from the one it was issued under "
		 "(SHA-256 %s vs " CURRICULUM_SHA256 "); it was checked under the one it was "
		 "issued under, kept in the record\n", code, made, shipped);
	child_expect(&r, 1, want, "");
	child_result_free(&r);
	verify(empty, (const char *const[]){ "--db", copy, NULL }, &r);
	snprintf(want, sizeof(want), "session 6 was changed after it was stored (its deposits "
		 "differ from the ledger)\n"
		 "The record was changed outside smpsim: 1 problem (%lld entries, 10 sessions "
		 "checked)\n", (long long)db_query_int(copy, "SELECT count(*) FROM ledger"));
	child_expect(&r, 1, want, "");
	child_result_free(&r);
	/* The academy's own record is untouched, and still says valid. */
	verify(data_dir, (const char *const[]){ "--certificate", code, "--db", db, NULL }, &r);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	free(made);
}

/* ---- setup ---- */

static void link_to(const char *target, const char *name)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", data_dir, name);
	if (symlink(target, path) < 0)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

static void copy_lesson(const char *id)
{
	char from[PATH_MAX], to[PATH_MAX + 64];

	snprintf(from, sizeof(from), "%s/lessons/%s.yaml", SMPSIM_DATA_DIR, id);
	snprintf(to, sizeof(to), "%s/lessons/%s.yaml", data_dir, id);
	tmp_files_copy(from, to);
}

static int setup(void **state)
{
	char path[PATH_MAX + 64], err[1024];
	FILE *f;

	if (tmp_files_setup(state) < 0)
		return -1;
	snprintf(data_dir, sizeof(data_dir), "%s/data", tmp_files_dir());
	snprintf(data_env, sizeof(data_env), "SMPSIM_DATA_DIR=%s", data_dir);
	snprintf(db, sizeof(db), "%s/academy.db", tmp_files_dir());
	snprintf(page, sizeof(page), "%s/ana-certificate.html", tmp_files_dir());
	snprintf(path, sizeof(path), "%s/lessons", data_dir);
	if (mkdir(data_dir, 0700) < 0 || mkdir(path, 0700) < 0)
		return -1;
	link_to(SMPSIM_DATA_DIR "/scalps", "scalps");
	link_to(SMPSIM_DATA_DIR "/needles", "needles");
	link_to(SMPSIM_DATA_DIR "/devices", "devices");
	link_to(SMPSIM_DATA_DIR "/recordings", "recordings");
	copy_lesson("depth-taps");
	copy_lesson("even-spacing");
	snprintf(path, sizeof(path), "%s/lessons/curriculum.yaml", data_dir);
	if (!(f = fopen(path, "w")) || fputs(curriculum, f) < 0 || fclose(f) != 0)
		return -1;
	if (lesson_fixture_load(data_dir, "depth-taps", NULL, 0, &depth_taps, &depth_taps_ls, err,
				sizeof(err)) < 0 ||
	    lesson_fixture_load(data_dir, "even-spacing", NULL, 0, &even_spacing,
				&even_spacing_ls, err, sizeof(err)) < 0 ||
	    quirks_load(SMPSIM_DATA_DIR "/devices/quirks.yaml", &quirks, &quirk_count, err,
			sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	free(quirks);
	return tmp_files_teardown(state);
}

int main(int argc, char **argv)
{
	/* In this order: each goes on with the course where the one before
	 * left it. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake),
		cmocka_unit_test(test_benchmark),
		cmocka_unit_test(test_depth_taps),
		cmocka_unit_test(test_early_opening),
		cmocka_unit_test(test_even_spacing),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_third_party),
	};
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-course: cannot run itself under libumockdev-preload: %s\n",
			strerror(-rc));
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
