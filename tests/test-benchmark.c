/* test-benchmark: expert benchmarks and rescores end to end, on real
 * SQLite files.
 *
 * Each case makes a record in a temporary folder through the store's API
 * (trainees, three marked expert, sessions of depth-taps with stored
 * measures: live or replayed, complete or interrupted, an expert's or
 * not), runs the built program (SMPSIM_BINARY) on it as a child process,
 * and checks what it printed and what the record then holds:
 *  - the levels of a benchmark are exactly the hand-computed mean less or
 *    plus two sample SDs, or the worst expert's value, each kept no
 *    stricter than the good band and within the measure's values (a table
 *    of cases, both directions);
 *  - too few sessions, or experts, in all or of one measure, are refused
 *    with the exact message and nothing is stored; replayed, interrupted, other trainees' and other
 *    lessons' sessions do not count;
 *  - the benchmark is read back with its provenance (sessions, rule, by,
 *    time, lesson file);
 *  - `trainee expert` marks and unmarks, recording who and when;
 *  - a practice session (a shipped recording replayed) of a lesson with a
 *    benchmark is scored against it and says so; `rescore` keeps the
 *    session's own score and adds the new one, which review shows and
 *    which becomes the session's judgement, and is not repeated (with no
 *    benchmark in force, once by the lesson's own levels); a session
 *    whose lesson copy was scored before proficiency is not rescored;
 *    an interrupted one's new judgement is neither a pass nor a fail, in
 *    rescore, review and the report; `lessons show --db` says which
 *    levels come from experts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "db_query.h"
#include "store.h"
#include "store_benchmark.h"
#include "store_expert.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LESSON "depth-taps"
#define EPS 1e-12

/* Runs "smpsim ARGS..." with TZ=UTC and no $SMPSIM_DB. */
static void smpsim(const char *const args[], struct child_result *res)
{
	static const char *const env[] = { "TZ=UTC", "SMPSIM_DB=", NULL };
	const char *argv[24] = { SMPSIM_BINARY };
	size_t n = 1;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, env, res), 0);
}

#define SMPSIM(res, ...) smpsim((const char *const[]){ __VA_ARGS__, NULL }, res)

static void check(const struct child_result *r, int status)
{
	if (r->status != status)
		fprintf(stderr, "exit %d, not %d\nstdout:\n%s\nstderr:\n%s\n", r->status, status,
			r->out, r->err);
	assert_int_equal(r->status, status);
}

/* ---- a record ---- */

enum { ANA, BO, CY, DEE, PEOPLE };
static const char *const names[PEOPLE] = { "Ana", "Bo", "Cy", "Dee" };

struct record {
	char path[4096];
	struct store *store;
	int64_t trainee[PEOPLE];
};

/* A new record: four trainees, the first three experts (marked by
 * "Teacher"). */
static void record_new(struct record *rec, const char *name)
{
	char err[STORE_ERROR_MAX];

	snprintf(rec->path, sizeof(rec->path), "%s/%s.db", tmp_files_dir(), name);
	assert_int_equal(store_open(rec->path, &rec->store, NULL, err, sizeof(err)), 0);
	for (int i = 0; i < PEOPLE; i++) {
		assert_int_equal(store_trainee_add(rec->store, names[i], &rec->trainee[i]), 0);
		if (i != DEE)
			assert_int_equal(store_trainee_set_expert(rec->store, rec->trainee[i],
								  true, "Teacher"), 0);
	}
}

/* The four measures depth-taps requires, in this order. */
static const enum score_metric required[] = {
	SCORE_DEPTH_IN_BAND, SCORE_COMPLETION, SCORE_DEEP, SCORE_OUTSIDE,
};

struct values {
	double v[ARRAY_SIZE(required)];
};

/* Stores a session of @p lesson by @p who, with the @p n measures @p ms
 * at @p vals and a score, live or replayed, complete or interrupted, on
 * lesson file @p text (NULL: a stand-in). @return its id. */
static int64_t add_session_m(struct record *rec, int who, const char *lesson, int origin,
			     bool interrupted, const enum score_metric *ms, const double *vals,
			     size_t n, const char *text)
{
	struct store_session_info info = {
		.trainee = rec->trainee[who],
		.lesson_id = lesson,
		.lesson_title = lesson,
		.lesson_text = text ? text : "a lesson file",
		.lesson_text_size = strlen(text ? text : "a lesson file"),
		.origin = origin,
	};
	struct score_metrics m;
	struct score_result r;
	int64_t id;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	m.dots = 40;
	for (size_t i = 0; i < n; i++) {
		m.valid[ms[i]] = true;
		m.value[ms[i]] = vals[i];
	}
	r.score = 80;
	r.passed = true;
	r.by_proficiency = true;
	assert_int_equal(store_session_begin(rec->store, &info, &id), 0);
	if (interrupted)
		assert_int_equal(store_session_set_ending(rec->store, id, true, "pen gone"), 0);
	assert_int_equal(store_session_end(rec->store, id, 60, &m, &r), 0);
	return id;
}

/* A session of depth-taps' required measures at @p vals. */
static int64_t add_session(struct record *rec, int who, const char *lesson, int origin,
			   bool interrupted, const struct values *vals, const char *text)
{
	return add_session_m(rec, who, lesson, origin, interrupted, required, vals->v,
			     ARRAY_SIZE(required), text);
}

/* Who made the 10 sessions of a case: Ana 4, Bo 3, Cy 3. */
static const int makers[10] = { ANA, BO, CY, ANA, BO, CY, ANA, BO, CY, ANA };

/* ---- the levels, a table of cases ---- */

struct level_case {
	const char *name;
	const char *rule;                        /* NULL: the default */
	double values[ARRAY_SIZE(required)][10];  /* session by session */
	/* Expected need_min and need_max of each (NaN: open), by hand:
	 * tests/test-benchmark.c's comment on each case says how. */
	double need[ARRAY_SIZE(required)][2];
	double mean[ARRAY_SIZE(required)], sd[ARRAY_SIZE(required)];
	double worst[ARRAY_SIZE(required)];
	/* outside's row as printed, text and JSON: an SD of values all the
	 * same is 0, not rounding noise (1.8e-18) that widens the column. */
	const char *outside_text, *outside_json;
};

/* The sample SDs of the value sets used: {a-2h, a-h, a, a+h, a+2h} twice
 * has SD h * sqrt(20 / 9); a and b five times each |b - a| / 2 *
 * sqrt(10 / 9). */
#define SD5(h) ((h) * 1.4907119849998598)
#define SD2(d) ((d) / 2 * 1.0540925533894598)

static const struct level_case level_cases[] = {
	{
		/* depth-in-band 0.98 - 2 * 0.0149 = 0.9502 (below the good band's
		 * 0.98: kept); completion 1.1 -/+ 2 * 0.149 both sides; deep
		 * 0.002 + 0.00298 = 0.00498 is stricter than the good band's 0.01:
		 * held at 0.01; outside all 0: SD 0, held at the band's 0.005. */
		"mean-2sd", NULL,
		{ { 0.96, 0.97, 0.98, 0.99, 1.0, 0.96, 0.97, 0.98, 0.99, 1.0 },
		  { 0.9, 1.0, 1.1, 1.2, 1.3, 0.9, 1.0, 1.1, 1.2, 1.3 },
		  { 0, 0.001, 0.002, 0.003, 0.004, 0, 0.001, 0.002, 0.003, 0.004 },
		  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
		{ { 0.98 - 2 * SD5(0.01), NAN }, { 1.1 - 2 * SD5(0.1), 1.1 + 2 * SD5(0.1) },
		  { NAN, 0.01 }, { NAN, 0.005 } },
		{ 0.98, 1.1, 0.002, 0 }, { SD5(0.01), SD5(0.1), SD5(0.001), 0 },
		{ 0.96, 0.9, 0.004, 0 },
		"  outside              at most 0.005          at most 0.1            0          "
		"0          0          10 from 3\n",
		"\"mean\": 0, \"sd\": 0, \"worst\": 0,",
	},
	{
		/* The worst expert: the lowest for at-least, the highest for
		 * at-most (completion: both); deep's 0.004 held at 0.01;
		 * outside's 0.02 (mean 0.004, SD sqrt((8 * 0.004^2 + 2 *
		 * 0.016^2) / 9) = 0.00843). */
		"worst", "worst",
		{ { 0.96, 0.97, 0.98, 0.99, 1.0, 0.96, 0.97, 0.98, 0.99, 1.0 },
		  { 0.9, 1.0, 1.1, 1.2, 1.3, 0.9, 1.0, 1.1, 1.2, 1.3 },
		  { 0, 0.001, 0.002, 0.003, 0.004, 0, 0.001, 0.002, 0.003, 0.004 },
		  { 0, 0, 0, 0, 0.02, 0, 0, 0, 0, 0.02 } },
		{ { 0.96, NAN }, { 0.9, 1.3 }, { NAN, 0.01 }, { NAN, 0.02 } },
		{ 0.98, 1.1, 0.002, 0.004 }, { SD5(0.01), SD5(0.1), SD5(0.001), 0.0084327404271156779 },
		{ 0.96, 0.9, 0.004, 0.02 },
		"  outside              at most 0.02           at most 0.1            0.004      "
		"0.00843274 0.02       10 from 3\n",
		"\"mean\": 0.004, \"sd\": 0.008432740427115677, \"worst\": 0.02,",
	},
	{
		/* Experts better than the good band: depth-in-band 0.995 - 2 *
		 * 0.00527 = 0.9845 > 0.98, held at the band's edge 0.98 so full
		 * marks still pass; deep 0.45 + 2 * 0.474 = 1.399 past a share's
		 * 1: kept at 1; completion 1.1 - 2 * 0.949 < 0: kept at 0. */
		"clamped", NULL,
		{ { 0.99, 1.0, 0.99, 1.0, 0.99, 1.0, 0.99, 1.0, 0.99, 1.0 },
		  { 0.2, 2.0, 0.2, 2.0, 0.2, 2.0, 0.2, 2.0, 0.2, 2.0 },
		  { 0, 0.9, 0, 0.9, 0, 0.9, 0, 0.9, 0, 0.9 },
		  { 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01 } },
		{ { 0.98, NAN }, { 0, 1.1 + 2 * SD2(1.8) }, { NAN, 1 }, { NAN, 0.01 } },
		{ 0.995, 1.1, 0.45, 0.01 }, { SD2(0.01), SD2(1.8), SD2(0.9), 0 },
		{ 0.99, 0.2, 0.9, 0.01 },
		"  outside              at most 0.01           at most 0.1            0.01       "
		"0          0.01       10 from 3\n",
		"\"mean\": 0.01, \"sd\": 0, \"worst\": 0.01,",
	},
	{
		/* outside at rounding's scale, 0 and 2e-17: shown as 0, as
		 * review shows a measure (score_value_shown()), not as
		 * 1e-17 and 1.05409e-17; the JSON keeps the doubles. */
		"tiny", NULL,
		{ { 0.96, 0.97, 0.98, 0.99, 1.0, 0.96, 0.97, 0.98, 0.99, 1.0 },
		  { 0.9, 1.0, 1.1, 1.2, 1.3, 0.9, 1.0, 1.1, 1.2, 1.3 },
		  { 0, 0.001, 0.002, 0.003, 0.004, 0, 0.001, 0.002, 0.003, 0.004 },
		  { 0, 2e-17, 0, 2e-17, 0, 2e-17, 0, 2e-17, 0, 2e-17 } },
		{ { 0.98 - 2 * SD5(0.01), NAN }, { 1.1 - 2 * SD5(0.1), 1.1 + 2 * SD5(0.1) },
		  { NAN, 0.01 }, { NAN, 0.005 } },
		{ 0.98, 1.1, 0.002, 1e-17 }, { SD5(0.01), SD5(0.1), SD5(0.001), SD2(2e-17) },
		{ 0.96, 0.9, 0.004, 2e-17 },
		"  outside              at most 0.005          at most 0.1            0          "
		"0          0          10 from 3\n",
		"\"worst\": 2e-17,",
	},
};

static void close_to(double got, double want, const char *what)
{
	if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= EPS)) {
		fprintf(stderr, "%s: %.17g, not %.17g\n", what, got, want);
		fail();
	}
}

/* @p b's level of @p m (levels are read by measure name). */
static const struct store_benchmark_level *level(const struct store_benchmark *b,
						 enum score_metric m)
{
	for (size_t i = 0; i < b->level_count; i++)
		if (b->levels[i].metric == m)
			return &b->levels[i];
	fail_msg("no level of %s", score_metric_name(m));
	return NULL;
}

static void levels_as_stated(void **state)
{
	(void)state;
	for (size_t c = 0; c < ARRAY_SIZE(level_cases); c++) {
		const struct level_case *lc = &level_cases[c];
		struct store_benchmark b;
		struct record rec;
		struct child_result r;
		int64_t ids[10];
		char err[STORE_ERROR_MAX];
		struct store *store;

		record_new(&rec, lc->name);
		for (int s = 0; s < 10; s++) {
			struct values v;

			for (size_t k = 0; k < ARRAY_SIZE(required); k++)
				v.v[k] = lc->values[k][s];
			ids[s] = add_session(&rec, makers[s], LESSON, STORE_ORIGIN_LIVE, false, &v,
					     NULL);
		}
		store_close(rec.store);
		if (lc->rule)
			SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--rule", lc->rule,
			       "--by", "Teacher");
		else
			SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--by", "Teacher");
		check(&r, 0);
		assert_non_null(strstr(r.out, "10 sessions from 3 experts (Ana 4, Bo 3, Cy 3)"));
		assert_non_null(strstr(r.out, "Stored as benchmark 1"));
		if (!strstr(r.out, lc->outside_text))
			fail_msg("%s: no row\n%s\nin\n%s", lc->name, lc->outside_text, r.out);
		child_result_free(&r);
		SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--show", "--json");
		check(&r, 0);
		if (!strstr(r.out, lc->outside_json))
			fail_msg("%s: no\n%s\nin\n%s", lc->name, lc->outside_json, r.out);
		child_result_free(&r);

		assert_int_equal(store_open_readonly(rec.path, &store, err, sizeof(err)), 0);
		assert_int_equal(store_benchmark_in_force(store, LESSON, &b), 0);
		assert_int_equal(b.id, 1);
		assert_string_equal(b.rule, lc->rule ? lc->rule : "mean-2sd");
		assert_string_equal(b.by, "Teacher");
		assert_int_equal(b.min_sessions, 10);
		assert_int_equal(b.min_experts, 3);
		assert_int_equal(strlen(b.made), 24);
		assert_int_equal(strlen(b.lesson_sha256), 64);
		assert_int_equal(b.session_count, 10);
		for (int s = 0; s < 10; s++)
			assert_int_equal(b.sessions[s], ids[s]);
		assert_int_equal(b.level_count, ARRAY_SIZE(required));
		for (size_t k = 0; k < ARRAY_SIZE(required); k++) {
			const struct store_benchmark_level *lv = level(&b, required[k]);
			char what[128];

			snprintf(what, sizeof(what), "%s %s", lc->name, score_metric_name(lv->metric));
			close_to(lv->need_min, lc->need[k][0], what);
			close_to(lv->need_max, lc->need[k][1], what);
			close_to(lv->mean, lc->mean[k], what);
			close_to(lv->sd, lc->sd[k], what);
			close_to(lv->worst, lc->worst[k], what);
			assert_int_equal(lv->sessions, 10);
			assert_int_equal(lv->experts, 3);
		}
		/* The shipped levels beside them: depth-taps.yaml's. */
		close_to(level(&b, SCORE_DEPTH_IN_BAND)->shipped_min, 0.95, "shipped depth");
		close_to(level(&b, SCORE_DEPTH_IN_BAND)->shipped_max, NAN, "shipped depth");
		close_to(level(&b, SCORE_COMPLETION)->shipped_min, 0.9, "shipped completion");
		close_to(level(&b, SCORE_COMPLETION)->shipped_max, 1.5, "shipped completion");
		close_to(level(&b, SCORE_DEEP)->shipped_max, 0.1, "shipped deep");
		close_to(level(&b, SCORE_OUTSIDE)->shipped_max, 0.1, "shipped outside");
		store_benchmark_release(&b);
		store_close(store);
	}
}

/* ---- what counts, and refusals ---- */

static const struct values good = { { 0.97, 1.0, 0.01, 0 } };
static const struct values other = { { 0.99, 1.1, 0.0, 0 } };

/* 7 sessions from 2 experts: refused, with what is missing, storing
 * nothing; 10 sessions from 2 experts too. */
static void too_few_refused(void **state)
{
	char err[STORE_ERROR_MAX];
	struct record rec;
	struct child_result r;

	(void)state;
	record_new(&rec, "too-few");
	for (int s = 0; s < 7; s++)
		add_session(&rec, s < 4 ? ANA : BO, LESSON, STORE_ORIGIN_LIVE, false,
			    s % 2 ? &good : &other, NULL);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path);
	child_expect(&r, 1, "", "smpsim benchmark: lesson depth-taps needs 10 sessions from "
		     "3 experts; has 7 sessions from 2 experts (Ana 4, Bo 3); mark more "
		     "experts with smpsim trainee expert NAME or have them practise\n");
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmarks"), 0);

	/* Enough sessions, too few experts. */
	assert_int_equal(store_open(rec.path, &rec.store, NULL, err, sizeof(err)), 0);
	for (int s = 0; s < 3; s++)
		add_session(&rec, BO, LESSON, STORE_ORIGIN_LIVE, false, &good, NULL);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path);
	child_expect(&r, 1, "", "smpsim benchmark: lesson depth-taps needs 10 sessions from "
		     "3 experts; has 10 sessions from 2 experts (Ana 4, Bo 6); mark more "
		     "experts with smpsim trainee expert NAME or have them practise\n");
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmarks"), 0);
	/* Lower minimums are the instructor's to set. */
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--min-experts", "2");
	check(&r, 0);
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmarks"), 1);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmark_sessions"), 10);

	/* A new record's first expert session: one of each, in the singular. */
	record_new(&rec, "too-few-one");
	add_session(&rec, ANA, LESSON, STORE_ORIGIN_LIVE, false, &good, NULL);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--min-sessions", "2",
	       "--min-experts", "1");
	child_expect(&r, 1, "", "smpsim benchmark: lesson depth-taps needs 2 sessions from "
		     "1 expert; has 1 session from 1 expert (Ana 1); mark more experts with "
		     "smpsim trainee expert NAME or have them practise\n");
	child_result_free(&r);
}

/* The minimums hold for each measure's level: 10 sessions from 3 experts,
 * of which only 4 (Ana's) computed 'outside', give it no level; refused,
 * naming it, storing nothing. */
static void too_few_of_a_measure_refused(void **state)
{
	struct record rec;
	struct child_result r;

	(void)state;
	record_new(&rec, "too-few-measure");
	for (int s = 0; s < 10; s++)
		add_session_m(&rec, makers[s], LESSON, STORE_ORIGIN_LIVE, false, required,
			      good.v, makers[s] == ANA ? ARRAY_SIZE(required) :
			      ARRAY_SIZE(required) - 1, NULL);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path);
	child_expect(&r, 1, "", "smpsim benchmark: lesson depth-taps: outside was computed "
		     "in 4 of the 10 expert sessions, from 1 expert: its level needs at "
		     "least 10 sessions from 3 experts\n");
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmarks"), 0);
	/* With minimums it meets, the level comes from those 4 alone. */
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--min-sessions", "4",
	       "--min-experts", "1", "--json");
	check(&r, 0);
	assert_non_null(strstr(r.out, "{\"metric\": \"outside\", \"at_least\": null, "
			       "\"at_most\": 0.005, \"shipped_at_least\": null, "
			       "\"shipped_at_most\": 0.1, \"mean\": 0, \"sd\": 0, "
			       "\"worst\": 0, \"sessions\": 4, \"experts\": 1}"));
	child_result_free(&r);
	/* Its minimums as said: one expert, in the singular. */
	SMPSIM(&r, "benchmark", LESSON, "--show", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, ", at least 4 sessions from 1 expert; lesson file "));
	child_result_free(&r);
}

/* Replayed, interrupted, a non-expert's, an unmarked expert's and another
 * lesson's sessions do not count: 9 that do are refused, naming 9. */
static void only_live_complete_expert_sessions(void **state)
{
	struct record rec;
	struct child_result r;
	int64_t counted[9];
	size_t n = 0;

	(void)state;
	record_new(&rec, "what-counts");
	for (int s = 0; s < 9; s++)
		counted[n++] = add_session(&rec, makers[s], LESSON, STORE_ORIGIN_LIVE, false,
					   &good, NULL);
	add_session(&rec, ANA, LESSON, STORE_ORIGIN_REPLAYED, false, &good, NULL);
	add_session(&rec, BO, LESSON, STORE_ORIGIN_LIVE, true, &good, NULL);
	add_session(&rec, DEE, LESSON, STORE_ORIGIN_LIVE, false, &good, NULL);
	add_session(&rec, CY, "even-spacing", STORE_ORIGIN_LIVE, false, &good, NULL);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path);
	child_expect(&r, 1, "", "smpsim benchmark: lesson depth-taps needs 10 sessions from "
		     "3 experts; has 9 sessions from 3 experts (Ana 3, Bo 3, Cy 3); not counted: "
		     "2 of the experts' sessions of it, 1 replayed from a recording (only live "
		     "ones count), 1 interrupted; mark more "
		     "experts with smpsim trainee expert NAME or have them practise\n");
	child_result_free(&r);

	/* Dee marked through the command line: hers counts; then unmarked. */
	SMPSIM(&r, "trainee", "expert", "Dee", "--by", "Teacher", "--db", rec.path);
	child_expect(&r, 0, "Dee is now an expert\n", "");
	child_result_free(&r);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--dry-run");
	check(&r, 0);
	assert_non_null(strstr(r.out, "10 sessions from 4 experts (Ana 3, Bo 3, Cy 3, Dee 1)"));
	assert_non_null(strstr(r.out, "Not stored (--dry-run)."));
	child_result_free(&r);
	SMPSIM(&r, "benchmark", LESSON, "--db", rec.path, "--dry-run", "--json", "--rule",
	       "worst");
	check(&r, 0);
	assert_non_null(strstr(r.out, "{\n  \"benchmark\": null,\n  \"lesson\": \"depth-taps\",\n"
			       "  \"rule\": \"worst\",\n  \"min_sessions\": 10,\n"));
	assert_non_null(strstr(r.out, "\n    {\"metric\": \"depth-in-band\", \"at_least\": 0.97, "
			       "\"at_most\": null, \"shipped_at_least\": 0.95, "
			       "\"shipped_at_most\": null, \"mean\": 0.97"));
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM benchmarks"), 0);
	SMPSIM(&r, "trainee", "expert", "Dee", "--not", "--by", "Teacher", "--db", rec.path);
	child_expect(&r, 0, "Dee is no longer an expert\n", "");
	child_result_free(&r);
	SMPSIM(&r, "trainee", "expert", "Dee", "--not", "--db", rec.path);
	child_expect(&r, 0, "Dee is not an expert already: nothing changed\n", "");
	child_result_free(&r);
	/* Three marks by the API, two by the command: who, what, in order. */
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM trainee_changes "
				      "WHERE by = 'Teacher'"), 5);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM trainee_changes "
				      "WHERE kind = 'not-expert' AND trainee = 4 AND "
				      "length(made) = 24"), 1);
	SMPSIM(&r, "trainee", "list", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "  Ana (expert)\n"));
	assert_non_null(strstr(r.out, "  Dee\n"));
	child_result_free(&r);
	SMPSIM(&r, "trainee", "expert", "Nobody", "--db", rec.path);
	check(&r, 2);
	assert_string_equal(r.err, "smpsim trainee: no trainee named 'Nobody' (see 'smpsim "
			    "trainee list')\n");
	child_result_free(&r);
	(void)counted;
}

/* ---- used from then on ---- */

#define HAIRLINE "soft-hairline"
static const enum score_metric hairline_required[] = {
	SCORE_HAIRLINE_WIDTH, SCORE_HAIRLINE_FRONT, SCORE_COMPLETION, SCORE_DEPTH_IN_BAND,
	SCORE_OUTSIDE, SCORE_DENSITY_DISPERSION,
};
static const double hairline_values[5][ARRAY_SIZE(hairline_required)] = {
	{ 6, 0, 0.95, 0.96, 0, 0.1 },
	{ 7, 0.001, 1.0, 0.97, 0, 0.2 },
	{ 8, 0.002, 1.05, 0.98, 0.001, 0.3 },
	{ 9, 0.003, 1.1, 0.99, 0.002, 0.4 },
	{ 10, 0.004, 1.15, 1.0, 0.003, 0.5 },
};

/* A practice session of the soft hairline replayed from the shipped
 * careful recording. @return its id. */
static int64_t practise(const struct record *rec, struct child_result *r)
{
	long long id = 0;
	const char *at;

	SMPSIM(r, "practice", "--replay", SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu",
	       "--lesson", HAIRLINE, "--trainee", "Ana", "--db", rec->path, "--audio", "none");
	check(r, 0);
	at = strstr(r->out, "as session ");
	assert_non_null(at);
	assert_int_equal(sscanf(at, "as session %lld", &id), 1);
	return id;
}

/* The required levels a stored session was judged by equal @p b's. */
static void judged_by(const struct score_result *res, const struct store_benchmark *b)
{
	for (size_t i = 0; i < b->level_count; i++) {
		enum score_metric m = b->levels[i].metric;

		assert_true(res->required[m]);
		close_to(res->need_min[m], b->levels[i].need_min, score_metric_name(m));
		close_to(res->need_max[m], b->levels[i].need_max, score_metric_name(m));
	}
}

/* With no benchmark in force, a session is rescored by its lesson file's
 * own levels once: again would only repeat it (and grow the record). */
static void rescore_by_own_levels_once(void **state)
{
	struct child_result r;
	struct record rec;

	(void)state;
	record_new(&rec, "own-levels");
	store_close(rec.store);
	practise(&rec, &r);
	child_result_free(&r);
	SMPSIM(&r, "rescore", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "Session 1 (Ana, soft-hairline): was 100.0 passed, now "
			       "100.0 passed by the lesson file's own levels\n"
			       "1 of 1 session rescored.\n"));
	child_result_free(&r);
	SMPSIM(&r, "rescore", "--db", rec.path);
	child_expect(&r, 0, "Session 1 (Ana, soft-hairline): not rescored: rescored by the "
		     "lesson file's own levels already (no benchmark in force)\n"
		     "0 of 1 session rescored.\n", "");
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM rescores"), 1);
}

/* An interrupted session is not a failed attempt: rescored, its new
 * judgement is said as neither a pass nor a fail by rescore, review and
 * the report (each said FAIL). */
static void rescore_interrupted(void **state)
{
	struct child_result r;
	struct record rec;
	sqlite3 *h;

	(void)state;
	record_new(&rec, "interrupted");
	store_close(rec.store);
	practise(&rec, &r);
	child_result_free(&r);
	/* As a session whose program was killed is left: no score. */
	assert_int_equal(sqlite3_open(rec.path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE sessions SET status = 2, score = NULL, "
				      "passed = NULL, never_events = NULL WHERE id = 1; DELETE "
				      "FROM measures WHERE session = 1", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	SMPSIM(&r, "rescore", "--db", rec.path);
	child_expect(&r, 0, "Session 1 (Ana, soft-hairline): was not scored, now 100.0 "
		     "(interrupted: not a pass or fail) by the lesson file's own levels\n"
		     "1 of 1 session rescored.\n", "");
	child_result_free(&r);
	SMPSIM(&r, "review", "--session", "1", "--db", rec.path);
	check(&r, 0);
	if (!strstr(r.out, ": 100.0 / 100: INTERRUPTED, not a pass or fail, by the lesson "
		    "file's own levels (its judgement now)\n"))
		fail_msg("%s", r.out);
	child_result_free(&r);
	SMPSIM(&r, "review", "--session", "1", "--db", rec.path, "--json");
	check(&r, 0);
	if (!strstr(r.out, "\", \"score\": 100, \"passed\": null, \"benchmark\": null}\n  ],\n"))
		fail_msg("%s", r.out);
	child_result_free(&r);
	SMPSIM(&r, "report", "--session", "1", "-o", "-", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "Rescored since by the lesson file&#39;s own levels: "
			       "100.0, interrupted, not a pass or fail (its judgement now; "));
	assert_null(strstr(r.out, "FAIL"));
	child_result_free(&r);
}

static void practice_and_rescore(void **state)
{
	struct store_session *before = calloc(1, sizeof(*before));
	struct store_session *after = calloc(1, sizeof(*after));
	struct score_result *res = calloc(1, sizeof(*res));
	struct store_rescore *rescores;
	struct store_benchmark b;
	char err[STORE_ERROR_MAX], *old_text;
	struct child_result r;
	struct record rec;
	struct store *store;
	int64_t first, later, old;
	size_t n, size;
	const char *at;
	int count = 0;

	(void)state;
	assert_non_null(before);
	assert_non_null(after);
	assert_non_null(res);
	record_new(&rec, "practice");
	store_close(rec.store);
	first = practise(&rec, &r);
	assert_null(strstr(r.err, "Required levels"));
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM sessions WHERE id = 1 "
				      "AND benchmark IS NULL AND origin = 1"), 1);

	/* Ten expert sessions, and a benchmark from them. */
	assert_int_equal(store_open(rec.path, &rec.store, NULL, err, sizeof(err)), 0);
	for (int s = 0; s < 10; s++)
		add_session_m(&rec, makers[s], HAIRLINE, STORE_ORIGIN_LIVE, false,
			      hairline_required, hairline_values[s % 5],
			      ARRAY_SIZE(hairline_required), NULL);
	/* A session whose lesson copy was scored by a pass mark. */
	old_text = tmp_files_read(SMPSIM_TEST_DATA_DIR "/before-proficiency/soft-hairline.yaml",
				  &size);
	assert_non_null(old_text);
	old = add_session_m(&rec, DEE, HAIRLINE, STORE_ORIGIN_LIVE, false, hairline_required,
			    hairline_values[0], ARRAY_SIZE(hairline_required), old_text);
	free(old_text);
	store_close(rec.store);
	SMPSIM(&r, "benchmark", HAIRLINE, "--db", rec.path, "--by", "Teacher");
	check(&r, 0);
	child_result_free(&r);

	/* A later session is scored against it, and says so. */
	later = practise(&rec, &r);
	assert_non_null(strstr(r.err, "Required levels: benchmark 1 (experts, "));
	child_result_free(&r);
	assert_int_equal(store_open_readonly(rec.path, &store, err, sizeof(err)), 0);
	assert_int_equal(store_benchmark_in_force(store, HAIRLINE, &b), 0);
	assert_int_equal(store_session_get(store, later, after), 0);
	assert_int_equal(after->benchmark, 1);
	assert_int_equal(store_session_result(store, later, NULL, res), 0);
	judged_by(res, &b);
	assert_int_equal(store_session_get(store, first, before), 0);
	assert_int_equal(before->benchmark, 0);
	assert_false(before->rescored);
	store_close(store);

	/* lessons show --db: every required level from experts. */
	SMPSIM(&r, "lessons", "show", HAIRLINE, "--db", rec.path);
	check(&r, 0);
	for (at = r.out; (at = strstr(at, "level: from experts, benchmark 1 (")); at++)
		count++;
	assert_int_equal(count, 6);
	/* the lesson file's own level in the same units as the benchmark's
	 * line above it (it printed "at least 0.9" under "at least 85%") */
	assert_non_null(strstr(r.out, " sessions); the lesson file's: 90% to 150%\n"));
	assert_non_null(strstr(r.out, " sessions); the lesson file's: at least 90%\n"));
	assert_non_null(strstr(r.out, " sessions); the lesson file's: 4 mm to 14 mm\n"));
	child_result_free(&r);
	/* Without --db, the record $SMPSIM_DB names, as every command reads. */
	{
		char db_env[sizeof(rec.path) + 16];
		const char *const env[] = { "TZ=UTC", db_env, NULL };
		const char *const argv[] = { SMPSIM_BINARY, "lessons", "show", HAIRLINE, NULL };

		snprintf(db_env, sizeof(db_env), "SMPSIM_DB=%s", rec.path);
		assert_int_equal(child_run(argv, env, &r), 0);
	}
	check(&r, 0);
	count = 0;
	for (at = r.out; (at = strstr(at, "level: from experts, benchmark 1 (")); at++)
		count++;
	assert_int_equal(count, 6);
	child_result_free(&r);
	SMPSIM(&r, "lessons", "show", HAIRLINE, "--db", rec.path, "--json");
	check(&r, 0);
	assert_non_null(strstr(r.out, "\"metric\": \"completion\", \"weight\": "));
	assert_non_null(strstr(r.out, "\"required\": true, \"level_from\": \"benchmark\", "
			       "\"benchmark\": 1, \"at_least\": "));
	child_result_free(&r);
	SMPSIM(&r, "lessons", "show", LESSON, "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "level: the lesson file's own (no benchmark from "
			       "experts)"));
	assert_null(strstr(r.out, "from experts, benchmark"));
	child_result_free(&r);

	/* Rescore the first session: its own score stays, a rescore is added
	 * and becomes its judgement. */
	SMPSIM(&r, "rescore", "--session", "1", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "Session 1 (Ana, soft-hairline): was 100.0 passed, now "
			       "100.0 passed by benchmark 1 (experts, "));
	assert_non_null(strstr(r.out, "1 of 1 session rescored.\n"));
	child_result_free(&r);
	assert_int_equal(store_open_readonly(rec.path, &store, err, sizeof(err)), 0);
	assert_int_equal(store_session_get(store, first, after), 0);
	assert_true(after->scored);
	assert_true(after->score == before->score);
	assert_int_equal(after->benchmark, 0);
	assert_true(after->rescored);
	assert_int_equal(after->judged_benchmark, 1);
	assert_true(after->judged_passed);
	assert_int_equal(store_rescore_list(store, first, &rescores, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rescores[0].benchmark, 1);
	assert_int_equal(store_rescore_result(store, rescores[0].id, NULL, res), 0);
	judged_by(res, &b);
	free(rescores);
	store_benchmark_release(&b);
	store_close(store);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM measures WHERE "
				      "session = 1 AND metric = 'completion' AND need_min = 0.9"), 1);

	/* Judged by the benchmark in force already: not again. */
	SMPSIM(&r, "rescore", "--lesson", HAIRLINE, "--trainee", "Ana", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "Session 1 (Ana, soft-hairline): not rescored: benchmark "
			       "1, in force, judges it already\n"));
	assert_non_null(strstr(r.out, "0 of 6 sessions rescored.\n"));
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM rescores"), 1);

	/* Review shows both. */
	SMPSIM(&r, "review", "--session", "1", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "score       100.0 / 100: PASS\n"));
	assert_non_null(strstr(r.out, "\nlevels      the lesson file's own levels\nrescore 1   "));
	assert_non_null(strstr(r.out, ": 100.0 / 100: PASS by benchmark 1 (experts, "));
	assert_non_null(strstr(r.out, "(its judgement now)\n"));
	child_result_free(&r);
	SMPSIM(&r, "review", "--session", "1", "--db", rec.path, "--json");
	check(&r, 0);
	assert_non_null(strstr(r.out, ",\n  \"benchmark\": null,\n  \"rescores\": [\n    "
			       "{\"id\": 1, \"made\": \""));
	assert_non_null(strstr(r.out, "\", \"score\": 100, \"passed\": true, \"benchmark\": 1}"
			       "\n  ],\n"));
	child_result_free(&r);

	/* The report says which levels judged each. */
	{
		char page[4200], *html;

		snprintf(page, sizeof(page), "%s/session-1.html", tmp_files_dir());
		SMPSIM(&r, "report", "--session", "1", "-o", page, "--db", rec.path);
		check(&r, 0);
		child_result_free(&r);
		html = tmp_files_read(page, &size);
		assert_non_null(html);
		assert_non_null(strstr(html, "Rescored since by benchmark 1 (experts, "));
		assert_null(strstr(html, "Judged by the required levels"));
		free(html);
		snprintf(page, sizeof(page), "%s/session-%lld.html", tmp_files_dir(),
			 (long long)later);
		snprintf(err, sizeof(err), "%lld", (long long)later);
		SMPSIM(&r, "report", "--session", err, "-o", page, "--db", rec.path);
		check(&r, 0);
		child_result_free(&r);
		html = tmp_files_read(page, &size);
		assert_non_null(html);
		assert_non_null(strstr(html, "Judged by the required levels of benchmark 1 "
				       "(experts, "));
		free(html);
	}

	SMPSIM(&r, "rescore", "--session", "99", "--db", rec.path);
	{
		char want[4300];

		snprintf(want, sizeof(want), "smpsim rescore: no session 99 in %s (see 'smpsim "
			 "review')\n", rec.path);
		child_expect(&r, 2, "", want);
	}
	child_result_free(&r);
	/* A mistyped trainee or lesson is said, not "0 of 0 sessions
	 * rescored"; a lesson of the data folder with no session is 0 of 0. */
	{
		static const struct {
			const char *option, *value;
			int status;
			const char *out, *err;
		} cases[] = {
			{ "--trainee", "Nobody", 2, "",
			  "smpsim rescore: no trainee named 'Nobody' (see 'smpsim trainee list')\n" },
			{ "--lesson", "no-such-lesson", 2, "",
			  "smpsim rescore: unknown lesson 'no-such-lesson' (there are: " },
			{ "--lesson", "depth-taps", 0, "0 of 0 sessions rescored.\n", "" },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			SMPSIM(&r, "rescore", cases[i].option, cases[i].value, "--db", rec.path);
			assert_int_equal(r.status, cases[i].status);
			assert_string_equal(r.out, cases[i].out);
			if (strncmp(r.err, cases[i].err, strlen(cases[i].err)) ||
			    (!*cases[i].err && *r.err))
				fail_msg("rescore %s %s: stderr\n%s", cases[i].option,
					 cases[i].value, r.err);
			child_result_free(&r);
		}
	}

	/* A lesson copy from before proficiency is not rescored. */
	{
		char arg[32];

		snprintf(arg, sizeof(arg), "%lld", (long long)old);
		SMPSIM(&r, "rescore", "--session", arg, "--db", rec.path);
	}
	check(&r, 0);
	assert_non_null(strstr(r.out, "not rescored: its lesson copy was scored by a pass mark "
			       "(before proficiency): its score stands as it was\n"));
	assert_non_null(strstr(r.out, "0 of 1 session rescored.\n"));
	child_result_free(&r);
	assert_int_equal(db_query_int(rec.path, "SELECT count(*) FROM rescores"), 1);

	/* --show: the benchmark in force with its provenance. */
	SMPSIM(&r, "benchmark", HAIRLINE, "--show", "--db", rec.path);
	check(&r, 0);
	assert_non_null(strstr(r.out, "In force: Benchmark 1 for lesson soft-hairline, rule "
			       "mean-2sd: 10 sessions\n"));
	assert_non_null(strstr(r.out, "Sessions: 2 3 4 5 6 7 8 9 10 11\n"));
	assert_non_null(strstr(r.out, " by Teacher, at least 10 sessions from 3 experts"));
	child_result_free(&r);
	free(before);
	free(after);
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels_as_stated),
		cmocka_unit_test(too_few_refused),
		cmocka_unit_test(too_few_of_a_measure_refused),
		cmocka_unit_test(only_live_complete_expert_sessions),
		cmocka_unit_test(rescore_by_own_levels_once),
		cmocka_unit_test(rescore_interrupted),
		cmocka_unit_test(practice_and_rescore),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
