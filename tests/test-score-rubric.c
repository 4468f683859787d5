/* test-score-rubric: the rubric's arithmetic at its edges (full marks in
 * the band, straight down to zero, one-sided bands), the weighted mean
 * with a measure that could not be computed counted as 0, proficiency
 * (non-compensatory: a required measure off its level fails a session
 * whatever its score, a measure not required never does), never-events
 * failing without touching the score, the advice in its order (never-
 * events, requirements missed, marks lost) with the reasons a measure
 * could not be computed, each said once and on the side of the level
 * missed, the advice following from the numbers (a table: a mostly empty
 * zone, rho with and without a dot too close, density-l1 under, over and
 * patchy), a session with no dots refused (-ENODATA), values 0 but for
 * rounding shown 0, and every incoherent rubric refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "score_rubric.h"

/* depth-in-band required at least 0.85, nn-cv not required, the peak
 * required at most 60; an overdeep dot is a never-event. */
static struct score_rubric rubric(void)
{
	struct score_rubric r = { .item_count = 3, .never_count = 1 };

	r.items[0] = (struct score_rubric_item){
		.metric = SCORE_DEPTH_IN_BAND, .weight = 3, .good_min = 0.9, .good_max = 1,
		.zero_below = 0.5, .zero_above = NAN,
		.required = true, .need_min = 0.85, .need_max = NAN };
	r.items[1] = (struct score_rubric_item){
		.metric = SCORE_NN_CV, .weight = 2, .good_min = 0, .good_max = 0.15,
		.zero_below = NAN, .zero_above = 0.5, .advice_high = "Space evenly.",
		.need_min = NAN, .need_max = NAN };
	r.items[2] = (struct score_rubric_item){
		.metric = SCORE_PERIODOGRAM_PEAK, .weight = 1, .good_min = 0, .good_max = 30,
		.zero_below = NAN, .zero_above = 300,
		.required = true, .need_min = NAN, .need_max = 60 };
	r.never[0] = (struct score_never_event){ SCORE_OVERDEEP, 0, "Too deep." };
	return r;
}

/* Completion, full marks from @p good_min to 1.2, required at least 0.9. */
static struct score_rubric_item completion_item(double good_min)
{
	return (struct score_rubric_item){
		.metric = SCORE_COMPLETION, .weight = 2, .good_min = good_min, .good_max = 1.2,
		.zero_below = 0.3, .zero_above = 2,
		.required = true, .need_min = 0.9, .need_max = NAN };
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
	assert_true(res.by_proficiency);
	assert_int_equal(res.advice_count, 0);
	assert_true(res.rated[SCORE_NN_CV]);
	assert_false(res.invalid[SCORE_NN_CV]);
	assert_false(res.rated[SCORE_OVERDEEP]); /* a never-event, not an item */
	assert_true(res.required[SCORE_DEPTH_IN_BAND] && res.met[SCORE_DEPTH_IN_BAND]);
	assert_true(res.required[SCORE_PERIODOGRAM_PEAK] && res.met[SCORE_PERIODOGRAM_PEAK]);
	assert_false(res.required[SCORE_NN_CV] || res.met[SCORE_NN_CV]);
	assert_float_equal(res.need_min[SCORE_DEPTH_IN_BAND], 0.85, 0);
	assert_true(isnan(res.need_max[SCORE_DEPTH_IN_BAND]));
	assert_true(isnan(res.need_min[SCORE_NN_CV]) && isnan(res.need_max[SCORE_NN_CV]));
}

/* A rubric read from a record's copy before proficiency has its pass mark
 * set aside and no item required: scoring by it would pass any session
 * (a report of an interrupted old session said PASS), so it scores none. */
static void test_before_proficiency_not_scored(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.1, 0.9, 400, 0);
	struct score_result res;

	(void)state;
	for (size_t i = 0; i < r.item_count; i++)
		r.items[i].required = false;
	r.before_proficiency = true;
	assert_int_equal(score_rubric_apply(&r, &m, &res), -EINVAL);
	assert_false(res.passed);
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
	assert_false(res.met[SCORE_DEPTH_IN_BAND]);
	assert_false(res.met[SCORE_PERIODOGRAM_PEAK]);
	/* The two requirements missed first, in the rubric's order (the peak
	 * before nn-cv, which lost more), the lesson's words where it has
	 * them, the defaults otherwise. */
	assert_int_equal(res.advice_count, 3);
	assert_string_equal(res.advice[0], "Too few dots went into the target depth: watch the "
			    "depth tone and keep a steady, light pressure.");
	assert_string_equal(res.advice[1], "Your dots line up in rows or a grid: place each one "
			    "off the line of the last, at random.");
	assert_string_equal(res.advice[2], "Space evenly.");
	/* Beyond the zero: 0 marks, not negative; a band with no zero on a
	 * side keeps full marks on that side. */
	m = metrics(0.2, 0.0, 9000, 0);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.marks[SCORE_DEPTH_IN_BAND], 0, 0);
	assert_float_equal(res.marks[SCORE_PERIODOGRAM_PEAK], 0, 0);
	assert_float_equal(res.marks[SCORE_NN_CV], 100, 0);
	assert_float_equal(res.score, 200.0 / 6, 1e-9);
}

/* Proficiency is not compensatory: one required measure just off its
 * level fails a session scoring 92.5; levels are inclusive; a measure that
 * is not required fails nothing however low its marks. */
static void test_requirements_not_compensatory(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.84, 0.1, 12, 0);
	struct score_result res;
	char text[160];

	(void)state;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	/* depth: 100 (0.84 - 0.5) / 0.4 = 85 marks; (3 x 85 + 200 + 100) / 6 */
	assert_float_equal(res.score, 92.5, 1e-9);
	assert_false(res.passed);
	assert_false(res.met[SCORE_DEPTH_IN_BAND]);
	assert_true(res.met[SCORE_PERIODOGRAM_PEAK]);
	assert_int_equal(res.advice_count, 1);
	assert_string_equal(res.advice[0], "Too few dots went into the target depth: watch the "
			    "depth tone and keep a steady, light pressure.");
	score_requirement_text(&res, &m, SCORE_DEPTH_IN_BAND, text, sizeof(text));
	assert_string_equal(text, "depth-in-band 0.84, needs at least 0.85");
	m.value[SCORE_DEPTH_IN_BAND] = 0.85;
	m.value[SCORE_PERIODOGRAM_PEAK] = 60;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_true(res.passed);
	m.value[SCORE_PERIODOGRAM_PEAK] = 60.0001;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_false(res.passed);
	score_requirement_text(&res, &m, SCORE_PERIODOGRAM_PEAK, text, sizeof(text));
	assert_string_equal(text, "periodogram-peak 60, needs at most 60");
	/* nn-cv at its zero: 0 marks, (300 + 0 + 100) / 6, and still a pass. */
	m = metrics(0.95, 0.5, 12, 0);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 400.0 / 6, 1e-9);
	assert_true(res.passed);
}

/* An overdeep dot fails an otherwise perfect session and leaves its score
 * alone: a clean hand with one slip still ranks above a poor one. */
static void test_never_event_fails_without_cap(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.1, 12, 1);
	struct score_result res;

	(void)state;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 100, 0);
	assert_false(res.passed);
	assert_int_equal(res.never_triggered, 1);
	assert_int_equal(res.advice_count, 1);
	assert_string_equal(res.advice[0], "Too deep.");
	/* The never-event first, then the requirement missed. */
	m = metrics(0.7, 0.1, 12, 3);
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 75, 1e-9);
	assert_int_equal(res.advice_count, 2);
	assert_string_equal(res.advice[0], "Too deep.");
	assert_string_equal(res.advice[1], "Too few dots went into the target depth: watch the "
			    "depth tone and keep a steady, light pressure.");
}

/* A rated measure that could not be computed counts 0 marks and, when
 * required, fails the session with the reason it could not be judged. */
static void test_not_computed_counts_zero(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.5, 300, 0);
	struct score_result res;
	char text[160];

	(void)state;
	m.valid[SCORE_NN_CV] = m.valid[SCORE_PERIODOGRAM_PEAK] = false;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 50, 1e-9);
	assert_true(res.rated[SCORE_NN_CV] && res.invalid[SCORE_NN_CV]);
	assert_float_equal(res.marks[SCORE_NN_CV], 0, 0);
	assert_false(res.passed);
	assert_false(res.met[SCORE_PERIODOGRAM_PEAK]);
	assert_int_equal(res.advice_count, 2);
	assert_string_equal(res.advice[0], "Cannot judge rows and grids here: that needs a "
			    "zone holding at least 32 dots.");
	assert_string_equal(res.advice[1], "Too few dots to judge spacing: that needs at least "
			    "2 dots in the zone, and too few of your 100 landed there.");
	score_requirement_text(&res, &m, SCORE_PERIODOGRAM_PEAK, text, sizeof(text));
	assert_string_equal(text, "periodogram-peak not computed, needs at most 60");
	/* One dot: too few, said with the count. */
	m.dots = 1;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_string_equal(res.advice[1], "Too few dots to judge spacing: that needs at least "
			    "2 dots in the zone, and you made 1.");
	/* Dots, but none in the zone. */
	score_rubric_invalid_reason(SCORE_HAIRLINE_FRONT, &m, text, sizeof(text));
	assert_string_equal(text, "Your one dot landed outside the zone, so the "
			    "hairline's position cannot be judged.");
	m.dots = 2;
	score_rubric_invalid_reason(SCORE_HAIRLINE_FRONT, &m, text, sizeof(text));
	assert_string_equal(text, "None of your 2 dots landed in the zone, so the "
			    "hairline's position cannot be judged.");
	/* No dot (drag lines are not dots): nothing to score. */
	memset(&m, 0, sizeof(m));
	m.valid[SCORE_OVERDEEP] = true;
	assert_int_equal(score_rubric_apply(&r, &m, &res), -ENODATA);
}

/* Completion's advice gives the count done and the count due. */
static void test_completion_advice(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.1, 12, 0);
	struct score_result res;

	(void)state;
	r.items[3] = completion_item(0.95);
	r.item_count = 4;
	m.dots = 34;                   /* 4 of them outside the zone */
	m.zone_dots = 30;
	m.dots_due = 120;
	m.value[SCORE_COMPLETION] = 0.25;
	m.valid[SCORE_COMPLETION] = true;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.marks[SCORE_COMPLETION], 0, 0);
	assert_false(res.passed);
	assert_int_equal(res.advice_count, 1);
	assert_string_equal(res.advice[0], "You made 30 dots in the zone of the 120 the lesson "
			    "asks for (25 %): fill the whole zone before you finish.");
	m.value[SCORE_COMPLETION] = 0;
	m.dots = 3;                    /* all outside: something was done */
	m.zone_dots = 0;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_string_equal(res.advice[0], "None of your 3 dots landed in the zone, of the 120 "
			    "the lesson asks for there: work inside the outline.");
	m.dots = 1;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_string_equal(res.advice[0], "Your one dot landed outside the zone, of the 120 "
			    "the lesson asks for there: work inside the outline.");
	m.zone_dots = 1;
	m.value[SCORE_COMPLETION] = 1 / 120.0;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_string_equal(res.advice[0], "You made 1 dot in the zone of the 120 the lesson "
			    "asks for (1 %): fill the whole zone before you finish.");
	m.dots = 0;
	assert_int_equal(score_rubric_apply(&r, &m, &res), -ENODATA);
}

/* Two measures of one thing that could not be computed give their reason
 * once, and the next slot goes to something else. */
static void test_advice_said_once(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m;
	struct score_result res;

	(void)state;
	r.items[1] = (struct score_rubric_item){
		.metric = SCORE_DEPTH_ERROR_MEAN, .weight = 2, .good_min = 0, .good_max = 0.05,
		.zero_below = NAN, .zero_above = 0.3,
		.required = true, .need_min = NAN, .need_max = 0.1 };
	memset(&m, 0, sizeof(m));
	m.dots = 3;                    /* all outside the zone */
	m.valid[SCORE_OVERDEEP] = true;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_false(res.passed);
	assert_int_equal(res.advice_count, 2);
	assert_string_equal(res.advice[0], "None of your 3 dots landed in the zone, so depth "
			    "cannot be judged.");
	assert_string_equal(res.advice[1], "Cannot judge rows and grids here: that needs a "
			    "zone holding at least 32 dots.");
	assert_string_equal(res.advice[2], "");
}

/* The advice follows from the numbers that cost the marks: the measure,
 * the side of its band it missed, and what else the session shows. A
 * zone mostly left empty is told so, not that its dots clump, crowd or
 * sit on top of each other (five dots 3.6 mm apart were told "at least
 * two dots sit almost on top of each other"); an empty zone is told
 * nothing of its density (it was "some areas are too full, others too
 * sparse"); density-l1 says under or over the target when the count
 * explains it. One item rated at a time, beside completion. */
static const struct {
	const char *what;
	enum score_metric k;
	double v, good_min, good_max, zero_below, zero_above;
	const char *own_low;           /* the lesson's advice-low, "" for none */
	size_t zone_dots;              /* of 400 due; dots = zone_dots + outside */
	size_t outside;
	double too_close;
	const char *want;              /* the item's advice, "" for none */
} follows[] = {
	{ "empty zone, density-l1 1", SCORE_DENSITY_L1, 1, 0, 0.15, NAN, 0.4, "", 0, 10, 0, "" },
	{ "five dots, density-l1", SCORE_DENSITY_L1, 0.9875, 0, 0.15, NAN, 0.4, "", 5, 0, 0,
	  "Most of the zone is still empty (5 of the 400 dots due): spacing and density are "
	  "judged over the whole zone, so fill it before they can show your hand." },
	{ "five dots, rho", SCORE_RHO, 0.3746, 0.55, 1, 0.1, NAN,
	  "At least two dots sit almost on top of each other: look before each tap.", 5, 0, 0,
	  "Most of the zone is still empty (5 of the 400 dots due): spacing and density are "
	  "judged over the whole zone, so fill it before they can show your hand." },
	{ "five dots, clark-evans", SCORE_CLARK_EVANS, 0.6442, 1.6, 2.2, 1.0, NAN, "", 5, 0, 0,
	  "Most of the zone is still empty (5 of the 400 dots due): spacing and density are "
	  "judged over the whole zone, so fill it before they can show your hand." },
	{ "five dots, dispersion", SCORE_DENSITY_DISPERSION, 0.8981, 0, 0.2, NAN, 1.0, "", 5, 0,
	  0, "Most of the zone is still empty (5 of the 400 dots due): spacing and density "
	  "are judged over the whole zone, so fill it before they can show your hand." },
	{ "rho low, none too close", SCORE_RHO, 0.3, 0.55, 1, 0.1, NAN,
	  "At least two dots sit almost on top of each other: look before each tap.", 400, 0,
	  0, "Your two closest dots are much nearer each other than an even spread puts "
	  "dots: keep the same distance to every neighbour." },
	{ "rho low, a dot too close", SCORE_RHO, 0.05, 0.55, 1, 0.1, NAN,
	  "At least two dots sit almost on top of each other: look before each tap.", 400, 0,
	  0.01, "At least two dots sit almost on top of each other: look before each tap." },
	{ "density-l1, under", SCORE_DENSITY_L1, 0.5, 0, 0.15, NAN, 0.7, "", 240, 0, 0,
	  "Your density is below the target over the zone (240 of the 400 dots due): fill "
	  "it evenly to the target." },
	{ "density-l1, over", SCORE_DENSITY_L1, 0.5, 0, 0.15, NAN, 0.7, "", 560, 0, 0,
	  "Your density is above the target over the zone (560 dots for the 400 due): work "
	  "to the target density, not beyond it." },
	{ "density-l1, patches", SCORE_DENSITY_L1, 0.5, 0, 0.15, NAN, 0.7, "", 400, 0, 0,
	  "Your density does not match the target: some areas are too full, others too "
	  "sparse." },
};

static void test_advice_follows_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(follows) / sizeof(follows[0]); i++) {
		struct score_rubric r = { .item_count = 1 };
		struct score_metrics m;
		struct score_result res;

		memset(&m, 0, sizeof(m));
		r.items[0] = (struct score_rubric_item){
			.metric = follows[i].k, .weight = 1, .good_min = follows[i].good_min,
			.good_max = follows[i].good_max, .zero_below = follows[i].zero_below,
			.zero_above = follows[i].zero_above, .need_min = NAN, .need_max = NAN };
		snprintf(r.items[0].advice_low, sizeof(r.items[0].advice_low), "%s",
			 follows[i].own_low);
		m.zone_dots = follows[i].zone_dots;
		m.dots = follows[i].zone_dots + follows[i].outside;
		m.dots_due = 400;
		m.value[SCORE_COMPLETION] = (double)m.zone_dots / 400;
		m.valid[SCORE_COMPLETION] = true;
		m.value[SCORE_TOO_CLOSE] = follows[i].too_close;
		m.valid[SCORE_TOO_CLOSE] = true;
		m.value[follows[i].k] = follows[i].v;
		m.valid[follows[i].k] = true;
		assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
		if (strcmp(res.advice[0], follows[i].want) != 0)
			fail_msg("%s: '%s', not '%s'", follows[i].what, res.advice[0],
				 follows[i].want);
		assert_int_equal(res.advice_count, follows[i].want[0] ? 1 : 0);
	}
}

/* Values 0 but for floating-point rounding read 0; others as they are. */
static void test_value_shown(void **state)
{
	(void)state;
	assert_true(score_value_shown(3.474e-16) == 0);
	assert_true(score_value_shown(-1.58e-15) == 0);
	assert_true(score_value_shown(2e-9) == 2e-9);
	assert_true(score_value_shown(0.0125) == 0.0125);
}

/* Below the completion item's zero-below the score keeps that share of
 * its marks: nine perfect taps of a hundred do not earn 90. */
static void test_work_factor(void **state)
{
	struct score_rubric r = rubric();
	struct score_metrics m = metrics(0.95, 0.1, 12, 0);
	struct score_result res;

	(void)state;
	r.items[3] = completion_item(0.95);      /* zero-below 0.3 */
	r.item_count = 4;
	m.valid[SCORE_COMPLETION] = true;
	/* At the zero point: completion earns nothing, the rest is kept. */
	m.value[SCORE_COMPLETION] = 0.3;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.work_factor, 1, 0);
	assert_float_equal(res.score, 100.0 * 6 / 8, 1e-12);
	/* A tenth of the work: a third of the zero point's share. */
	m.value[SCORE_COMPLETION] = 0.1;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.work_factor, 0.1 / 0.3, 1e-12);
	assert_float_equal(res.score, 100.0 * 6 / 8 / 3, 1e-12);
	assert_false(res.passed);
	/* Nothing done: nothing earned. */
	m.value[SCORE_COMPLETION] = 0;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.score, 0, 0);
	/* Full work, and a lesson not rating completion: all kept. */
	m.value[SCORE_COMPLETION] = 1;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.work_factor, 1, 0);
	assert_float_equal(res.score, 100, 0);
	r.item_count = 3;
	m.value[SCORE_COMPLETION] = 0.01;
	assert_int_equal(score_rubric_apply(&r, &m, &res), 0);
	assert_float_equal(res.work_factor, 1, 0);
	assert_float_equal(res.score, 100, 0);
}

static void test_level_text(void **state)
{
	char text[64];

	(void)state;
	score_rubric_level_text(0.9, NAN, text, sizeof(text));
	assert_string_equal(text, "at least 0.9");
	score_rubric_level_text(NAN, 0.05, text, sizeof(text));
	assert_string_equal(text, "at most 0.05");
	score_rubric_level_text(4, 14, text, sizeof(text));
	assert_string_equal(text, "4 to 14");
	score_rubric_level_text(NAN, NAN, text, sizeof(text));
	assert_string_equal(text, "");
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
	r.items[0].need_max = 0.8;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'depth-in-band': required at-least (0.85) is "
			    "above at-most (0.8)");
	r = rubric();
	r.items[2].need_max = 20;      /* good up to 30: full marks would fail */
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'periodogram-peak': the good band [0, 30] "
			    "reaches past the required level (at most 20): full marks must "
			    "meet it");
	r = rubric();
	r.items[0].need_min = 0.95;    /* good from 0.9 */
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'depth-in-band': the good band [0.9, 1] "
			    "reaches past the required level (at least 0.95): full marks must "
			    "meet it");
	r = rubric();
	r.items[2].need_max = NAN;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "rubric item 'periodogram-peak': a requirement needs a "
			    "level: at-least, at-most or both");
	r = rubric();
	r.items[0].required = r.items[2].required = false;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "a rubric needs at least one required item: a session "
			    "passes by the lesson's required measures (docs/scoring.md, Rubric)");
	r = rubric();
	r.never[0].metric = SCORE_METRIC_COUNT;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "never-event 1: unknown measure");
	r = rubric();
	r.item_count = 0;
	assert_int_equal(score_rubric_check(&r, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "a rubric needs 1 to 24 items");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perfect),
		cmocka_unit_test(test_before_proficiency_not_scored),
		cmocka_unit_test(test_straight_lines_and_mean),
		cmocka_unit_test(test_requirements_not_compensatory),
		cmocka_unit_test(test_never_event_fails_without_cap),
		cmocka_unit_test(test_not_computed_counts_zero),
		cmocka_unit_test(test_completion_advice),
		cmocka_unit_test(test_work_factor),
		cmocka_unit_test(test_advice_said_once),
		cmocka_unit_test(test_advice_follows_numbers),
		cmocka_unit_test(test_value_shown),
		cmocka_unit_test(test_level_text),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
