/* test-advice-cli: what a trainee reads about a session, through
 * build/smpsim, on synthetic recordings (tests/session_gen.c) whose every
 * tap is known.
 *
 *  - the advice follows from the numbers that cost the marks: five dots
 *    3.6 mm apart in even-spacing's square are told the zone is mostly
 *    empty (they were told "at least two dots sit almost on top of each
 *    other"), dots all outside the zone are told so, not that "some areas
 *    are too full" (test-score-rubric holds the table of each rule);
 *  - a value 0 but for rounding reads 0 (size-cv 3.474e-16, nn-cv
 *    1.58e-15), and one dot is "1 dot per mm^2";
 *  - a session with no dots (two drag lines) is not scored: `score` and
 *    `practice` say "not scored: no dots were made" and exit 1 (it was a
 *    scored FAIL, exit 0); practice keeps it, complete, unscored, and
 *    review, progress, rescore, report and verify each say what it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "db_query.h"
#include "session_gen.h"
#include "tmp_files.h"

#define DX SESSION_GEN_SQUARE_PAD_DX_MM
#define DY SESSION_GEN_SQUARE_PAD_DY_MM

/* Two 4 mm drags (drag lines, no dot), five dots 3.6 mm apart in the
 * square, ten dots 1.2 mm apart outside it; the first drag alone. */
static const struct session_gen_tap drags[] = {
	{ 100, 75 + DX, 50 + DY, 0.2, 100, 4, AUDIO_CUE_COUNT },
	{ 500, 75 + DX, 55 + DY, 0.2, 100, 4, AUDIO_CUE_COUNT },
};
static const struct session_gen_tap five[] = {
	{ 100, 72.0 + DX, 55 + DY, 0.2, 20, 0, AUDIO_CUE_COUNT },
	{ 300, 75.6 + DX, 55 + DY, 0.2, 20, 0, AUDIO_CUE_COUNT },
	{ 500, 79.2 + DX, 55 + DY, 0.2, 20, 0, AUDIO_CUE_COUNT },
	{ 700, 82.8 + DX, 55 + DY, 0.2, 20, 0, AUDIO_CUE_COUNT },
	{ 900, 86.4 + DX, 55 + DY, 0.2, 20, 0, AUDIO_CUE_COUNT },
};
static struct session_gen_tap outside[10];

static char recording[4][PATH_MAX];   /* drags, five, outside, drag */
static char db[PATH_MAX + 16];

static int setup(void **state)
{
	const struct session_gen_session s[] = {
		{ "drags", drags, 2 }, { "five", five, 5 }, { "outside", outside, 10 },
		{ "drag", drags, 1 },
	};
	struct session_gen_hand hand;
	struct child_result r;

	if (tmp_files_setup(state) < 0)
		return -1;
	for (int i = 0; i < 10; i++)
		outside[i] = (struct session_gen_tap){ .t_ms = 100 + 200 * i,
			.x_mm = 30 + DX + 1.2 * i, .y_mm = 30 + DY, .pressure = 0.2,
			.dwell_ms = 20, .cue = AUDIO_CUE_COUNT };
	session_gen_hand_default(&hand);
	for (size_t i = 0; i < 4; i++) {
		snprintf(recording[i], PATH_MAX, "%s/%s.evemu", tmp_files_dir(), s[i].name);
		if (session_gen_write_file(recording[i], &hand, &s[i]) < 0)
			return -1;
	}
	snprintf(db, sizeof(db), "%s/record.db", tmp_files_dir());
	if (child_run((const char *const[]){ SMPSIM_BINARY, "trainee", "add", "Ann",
					     "--db", db, NULL }, NULL, &r) < 0 || r.status != 0)
		return -1;
	child_result_free(&r);
	return 0;
}

static void expect_in(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no '%s' in:\n%s", want, text);
}

/* `smpsim score`: the advice, the values and the refusal, as printed. */
static const struct {
	int rec;                 /* recording[] */
	const char *lesson;
	int status;
	const char *out;         /* a part of stdout, exact ("" : stdout empty) */
	const char *err;         /* all of stderr */
} scored[] = {
	{ 0, "depth-taps", 1, "",
	  "smpsim score: not scored: no dots were made (2 drag lines, which are not dots)\n" },
	{ 1, "even-spacing", 0,
	  "  nn-cv                       0        0..0.14      4    100  at most 0.21: met\n", "" },
	{ 1, "even-spacing", 0,
	  "work on\n"
	  "  1. You made 5 dots in the zone of the 400 the lesson asks for (1 %): fill the "
	  "whole zone before you finish.\n"
	  "  2. Most of the zone is still empty (5 of the 400 dots due): spacing and density "
	  "are judged over the whole zone, so fill it before they can show your hand.\n"
	  "  3. Cannot judge rows and grids here: that needs a zone holding at least 32 dots.\n",
	  "" },
	{ 1, "depth-taps", 0,
	  "  size-cv                     0       0..0.045      1    100\n", "" },
	{ 2, "even-spacing", 0,
	  "work on\n"
	  "  1. None of your 10 dots landed in the zone, of the 400 the lesson asks for "
	  "there: work inside the outline.\n"
	  "  2. Dots landed outside the zone: stay inside the outline.\n"
	  "  3. Too few dots to judge how even the density is: that needs at least 2 dots "
	  "in the zone, and too few of your 10 landed there.\n", "" },
};

static void test_score_says_what_happened(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(scored) / sizeof(scored[0]); i++) {
		struct child_result r;

		assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "score",
				 recording[scored[i].rec], "--lesson", scored[i].lesson, NULL },
				 NULL, &r), 0);
		if (r.status != scored[i].status || strcmp(r.err, scored[i].err) != 0 ||
		    (scored[i].out[0] ? !strstr(r.out, scored[i].out) : r.out[0] != '\0'))
			fail_msg("case %zu: exit %d\n%s--\n%s", i, r.status, r.out, r.err);
		child_result_free(&r);
	}
}

static void test_lesson_density_singular(void **state)
{
	struct child_result r;

	(void)state;
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "lessons", "show",
					 "even-spacing", NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	expect_in(r.out, "\n  1 dot per mm^2, a dot every 1.0 mm, about 400 dots in all\n");
	child_result_free(&r);
}

/* A session of two drag lines and no dot: kept, complete, not scored,
 * exit 1, and every command that reads it says so. */
static void test_no_dots_not_scored(void **state)
{
	char report[PATH_MAX + 16], want[2 * PATH_MAX];
	struct child_result r;
	char *text;

	(void)state;
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "practice",
			 "--trainee", "Ann", "--lesson", "depth-taps", "--db", db, "--audio",
			 "none", "--replay", recording[0], NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 1);
	snprintf(want, sizeof(want), "\nSession 1, Ann: 0.6 s, end of the recording.\n"
		 "Its 2 deposits are stored in %s as session 1, not scored: it never counts "
		 "towards proficiency.\n", db);
	expect_in(r.out, want);
	assert_null(strstr(r.out, "\nscore       "));
	expect_in(r.err, "\nsmpsim practice: not scored: no dots were made (2 drag lines, "
		  "which are not dots)\n");
	child_result_free(&r);
	/* status 1: complete; no score, no pass; both deposits kept */
	text = db_query_text(db, "SELECT status || '|' || quote(score) || '|' || quote(passed) || '|' "
			     "|| (SELECT count(*) FROM deposits WHERE session = 1) FROM sessions "
			     "WHERE id = 1");
	assert_string_equal(text, "1|NULL|NULL|2");
	free(text);

	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "review", "--db", db,
					 "--session", "1", NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	expect_in(r.out, "\nscore       not scored: no dots were made (it never counts)\n");
	/* Nothing required: no required column, no blanks after "mark". */
	expect_in(r.out, "\nmeasures (0 dots)\n  measure                     value   mark\n");
	child_result_free(&r);

	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "progress", "--db", db,
					 "--trainee", "Ann", NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	expect_in(r.out, "  sessions: 1, counted 0, passed 0, best -, last -\n");
	child_result_free(&r);

	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "rescore", "--db", db,
					 NULL }, NULL, &r), 0);
	child_expect(&r, 0, "Session 1 (Ann, depth-taps): not rescored: no dots were made\n"
		     "0 of 1 session rescored.\n", "");
	child_result_free(&r);

	snprintf(report, sizeof(report), "%s/session-1.html", tmp_files_dir());
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "report", "--db", db,
					 "--session", "1", "-o", report, NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	text = tmp_files_read(report, NULL);
	expect_in(text, "Not scored: no dots were made. The session is kept, with what the "
		  "pen did, and never counts towards proficiency.");
	/* No FAIL and no score where they would be (test-report-chromium
	 * draws such a page). */
	expect_in(text, "<div class=\"scorebox\"><div class=\"verdict none\">NOT SCORED"
		  "</div></div>\n</header>\n");
	assert_null(strstr(text, "FAIL"));
	assert_null(strstr(text, "class=\"score\""));
	free(text);

	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "verify", "--db", db,
					 NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	expect_in(r.out, "The record is intact");
	child_result_free(&r);
}

/* One deposit, said as one: "Its 1 deposit is stored", not "1 deposits
 * are"; in a record of its own, so session 1 above stays the drags'. */
static void test_one_deposit_singular(void **state)
{
	char one[PATH_MAX + 16], want[2 * PATH_MAX];
	struct child_result r;

	(void)state;
	snprintf(one, sizeof(one), "%s/one.db", tmp_files_dir());
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "trainee", "add",
					 "Ann", "--db", one, NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	child_result_free(&r);
	assert_int_equal(child_run((const char *const[]){ SMPSIM_BINARY, "practice",
			 "--trainee", "Ann", "--lesson", "depth-taps", "--db", one, "--audio",
			 "none", "--replay", recording[3], NULL }, NULL, &r), 0);
	assert_int_equal(r.status, 1);
	snprintf(want, sizeof(want), "Its 1 deposit is stored in %s as session 1, not "
		 "scored: it never counts towards proficiency.\n", one);
	expect_in(r.out, want);
	expect_in(r.err, "\nsmpsim practice: not scored: no dots were made (1 drag line, "
		  "which is not a dot)\n");
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_says_what_happened),
		cmocka_unit_test(test_lesson_density_singular),
		cmocka_unit_test(test_no_dots_not_scored),
		cmocka_unit_test(test_one_deposit_singular),
	};

	return cmocka_run_group_tests(tests, setup, tmp_files_teardown);
}
