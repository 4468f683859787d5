/* test-score-rubric: the rubric's arithmetic at its edges (full marks in
 * the band, straight down to zero, one-sided bands), the weighted mean,
 * measures too thin to rate left out, never-events capping and failing,
 * the advice in order of marks lost, and every incoherent rubric refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include "score_rubric.h"

static struct score_rubric rubric(void)
{
	struct score_rubric r = { .pass_mark = 70 };

	r.items[0] = (struct score_rubric_item){ SCORE_DEPTH_IN_BAND, 3, 0.9, 1.0, 0.5, NAN,
						 "", "" };
	r.items[1] = (struct score_rubric_item){ SCORE_NN_CV, 2, 0, 0.15, NAN, 0.5,
						 "", "Space evenly." };
	r.items[2] = (struct score_rubric_item){ SCORE_PERIODOGRAM_PEAK, 1, 0, 30, NAN, 300,
						 "", "" };
	r.item_count = 3;
	r.never[0] = (struct score_never_event){ SCORE_OVERDEEP, 0, 40, "Too deep." };
	r.never_count = 1;
	return r;
}

static struct score_metrics metrics(double in_band, double cv, double peak, double overdeep)
{
	struct score_metrics m = { .dots = 100 };

	m.value[SCORE_DEPTH_IN_BAND] = in_band;
	m.value[SCORE_NN_CV] = cv;
	m.value[SCORE_PERIODOGRAM_PEAK] = peak;
	m.value[SCORE_OVERDEEP] = overdeep;
	m.valid[SCORE_DEPTH_IN_BAND] = m.valid[SCORE_NN_CV] = true;
	m.valid[SCORE_PERIODOGRAM_PEAK] = m.valid[SCORE_OVERDEEP] = true;
	return m;
}

static void test_perfect(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.1, 12, 0);
	struct score_result res;

	(void)state;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 100, 0);
	assert_true(res.passed);
	assert_int_equal(res.advice_count, 0);
	assert_true(res.rated[SCORE_NN_CV]);
	assert_false(res.rated[SCORE_OVERDEEP]); /* a never-event, not an item */
}

/* in band 0.7: 100 (0.7 - 0.5) / (0.9 - 0.5) = 50 marks; cv 0.325: halfway
 * to 0.5, 50 marks; peak 165: 50 marks. Weighted: 50. */
static void test_straight_lines_and_mean(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.7, 0.325, 165, 0);
	struct score_result res;

	(void)state;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.marks[SCORE_DEPTH_IN_BAND], 50, 1e-9);
	assert_float_equal(res.marks[SCORE_NN_CV], 50, 1e-9);
	assert_float_equal(res.marks[SCORE_PERIODOGRAM_PEAK], 50, 1e-9);
	assert_float_equal(res.score, 50, 1e-9);
	assert_false(res.passed);
	/* Lost: depth 3 x 50, cv 2 x 50, peak 1 x 50: advice in that order,
	 * the lesson's words where it has them, the defaults otherwise. */
	assert_int_equal(res.advice_count, 3);
	assert_string_equal(res.advice[0], "Too few dots went into the target depth: watch the "
			    "depth tone and keep a steady, light pressure.");
	assert_string_equal(res.advice[1], "Space evenly.");
	assert_string_equal(res.advice[2], "Your dots line up in rows or a grid: place each one "
			    "off the line of the last, at random.");
	/* Beyond the zero: 0 marks, not negative; a band with no zero on a
	 * side keeps full marks on that side. */
	m = metrics(0.2, 0.0, 9000, 0);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.marks[SCORE_DEPTH_IN_BAND], 0, 0);
	assert_float_equal(res.marks[SCORE_PERIODOGRAM_PEAK], 0, 0);
	assert_float_equal(res.marks[SCORE_NN_CV], 100, 0);
	assert_float_equal(res.score, 200.0 / 6, 1e-9);
}

/* The pass mark is inclusive. */
static void test_pass_mark_edge(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.9, 0.15, 30, 0);
	struct score_result res;

	(void)state;
	r.pass_mark = 100;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_true(res.passed);
	m.value[SCORE_PERIODOGRAM_PEAK] = 30.0001;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_false(res.passed);
}

/* An overdeep dot fails an otherwise perfect session, capped at 40. */
static void test_never_event_fails_perfect_session(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.1, 12, 1);
	struct score_result res;

	(void)state;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.uncapped, 100, 0);
	assert_float_equal(res.score, 40, 0);
	assert_false(res.passed);
	assert_int_equal(res.never_triggered, 1);
	assert_int_equal(res.advice_count, 1);
	assert_string_equal(res.advice[0], "Too deep.");
	/* A poorer session keeps its lower score under the cap. */
	m = metrics(0.7, 0.325, 165, 3);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 40, 0);
	m = metrics(0.5, 0.5, 300, 3);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 0, 0);
}

static void test_unrated_left_out(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.5, 300, 0);
	struct score_result res;

	(void)state;
	m.valid[SCORE_NN_CV] = m.valid[SCORE_PERIODOGRAM_PEAK] = false;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 100, 0);
	assert_false(res.rated[SCORE_NN_CV]);
	m.valid[SCORE_DEPTH_IN_BAND] = false;
	assert_int_equal(score_rubric_apply(&r, &m, &res), -EINVAL);
}

static void test_check(void **state)
{
	struct score_rubric r = rubric();
	char why[256];

	(void)state;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), 0);
	r.items[1].weight = 0;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'nn-cv': the weight must be above 0");
	r = rubric();
	r.items[0].zero_below = 0.95;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'depth-in-band': zero-below (0.95) must be "
			    "below the good band (0.9)");
	r = rubric();
	r.items[2].zero_above = 30;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'periodogram-peak': zero-above (30) must be "
			    "above the good band (30)");
	r = rubric();
	r.items[2].good_min = 40;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'periodogram-peak': good is [min, max] with "
			    "min <= max");
	r = rubric();
	r.items[2].metric = SCORE_NN_CV;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'nn-cv' is given twice");
	r = rubric();
	r.pass_mark = 101;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the pass mark must be 0 to 100, not 101");
	r = rubric();
	r.never[0].cap = -1;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "never-event 1: a known measure and a cap of 0 to 100");
	r = rubric();
	r.item_count = 0;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "a rubric needs 1 to 24 items");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perfect),
		cmocka_unit_test(test_straight_lines_and_mean),
		cmocka_unit_test(test_pass_mark_edge),
		cmocka_unit_test(test_never_event_fails_perfect_session),
		cmocka_unit_test(test_unrated_left_out),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
