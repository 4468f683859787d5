/* test-lesson-scoring: the shipped even-spacing lesson judging sessions
 * whose dots are made here: a careful blue-noise session passes; the same
 * session with one overdeep dot fails whatever the rest, its score only
 * the overdeep item's quarter mark lower (a never-event fails, it does not
 * cap); and a jittered grid fails even though its closest pair, Clark-Evans
 * R and spacing CV all earn full marks, because the periodogram sees the
 * rows (a required measure of the lesson).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lesson_fixture.h"
#include "score_rubric.h"

#define SQUARE_X 70.0   /* the even-spacing zone: [70, 90] x [45, 65] mm */
#define SQUARE_Y 45.0
#define SIDE 20.0
#define MAX_DOTS 1000

static struct lesson lesson;
static struct lesson_session ls;

static double frand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return ((*seed >> 8) & 0xffffff) / (double)0x1000000;
}

static struct score_dot dot(double x, double y)
{
	return (struct score_dot){ .x_mm = x, .y_mm = y, .depth_mm = 0.8,
				   .band_min_mm = 0.5, .band_max_mm = 1.2,
				   .diameter_mm = 0.3 };
}

/* Dart throwing with a 0.8 mm exclusion: what a careful hand aims at. */
static size_t blue_noise(struct score_dot *dots)
{
	unsigned seed = 2024;
	size_t n = 0;

	for (int tries = 0; tries < 200000 && n < 400; tries++) {
		double x = SQUARE_X + 0.3 + (SIDE - 0.6) * frand(&seed);
		double y = SQUARE_Y + 0.3 + (SIDE - 0.6) * frand(&seed);
		bool free_spot = true;

		for (size_t i = 0; i < n && free_spot; i++)
			free_spot = hypot(dots[i].x_mm - x, dots[i].y_mm - y) >= 0.8;
		if (free_spot) {
			dots[n] = dot(x, y);
			dots[n].time_us = (int64_t)n * 2000000;
			n++;
		}
	}
	return n;
}

/* A 1 mm grid with each dot moved up to 10% of the pitch. */
static size_t jittered_grid(struct score_dot *dots)
{
	unsigned seed = 7;
	size_t n = 0;

	for (int i = 0; i < 20; i++)
		for (int j = 0; j < 20; j++) {
			dots[n] = dot(SQUARE_X + 0.5 + i + 0.1 * (2 * frand(&seed) - 1),
				      SQUARE_Y + 0.5 + j + 0.1 * (2 * frand(&seed) - 1));
			dots[n].time_us = (int64_t)n * 2000000;
			n++;
		}
	return n;
}

static void judge(const struct score_dot *dots, size_t n, struct score_metrics *m,
		  struct score_result *res)
{
	struct score_frame frame;

	lesson_score_frame(&lesson, &ls, 900, &frame);
	assert_int_equal(score_metrics_compute(dots, n, &frame, m), 0);
	assert_int_equal(score_rubric_apply(&lesson.rubric, m, res), 0);
}

static void test_careful_session_passes_and_overdeep_fails_it(void **state)
{
	struct score_dot *dots = calloc(MAX_DOTS, sizeof(*dots));
	struct score_metrics m;
	struct score_result res;
	size_t n = blue_noise(dots);
	double clean;

	(void)state;
	assert_true(n >= 380);
	judge(dots, n, &m, &res);
	if (!res.passed)
		fail_msg("a careful session failed: %.1f (nn-cv %.3f, rho %.3f, peak %.1f, "
			 "l1 %.3f)", res.score, m.value[SCORE_NN_CV], m.value[SCORE_RHO],
			 m.value[SCORE_PERIODOGRAM_PEAK], m.value[SCORE_DENSITY_L1]);
	assert_true(res.score >= 90);
	assert_int_equal(res.never_triggered, 0);
	clean = res.score;

	dots[n / 2].depth_mm = 1.6;
	dots[n / 2].overdeep = true;
	judge(dots, n, &m, &res);
	assert_false(res.passed);
	assert_int_equal(res.never_triggered, 1);
	/* The fail flag does not rewrite the score, but the overdeep item
	 * (weight 1 of 23, zero at 4 dots) takes a quarter of its marks, so a
	 * clean hand with one overdeep dot ranks just below a clean session. */
	assert_float_equal(res.score, clean - 25.0 / 23, 1e-9);
	assert_string_equal(res.advice[0], "A dot went past the overdeep depth: on skin it "
			    "would blur and heal blue. Ease off the moment you touch.");
	free(dots);
}

static void test_grid_fails_though_spacing_looks_good(void **state)
{
	struct score_dot *dots = calloc(MAX_DOTS, sizeof(*dots));
	struct score_metrics m;
	struct score_result res;
	size_t n = jittered_grid(dots);

	(void)state;
	judge(dots, n, &m, &res);
	/* The measures a grid fools. */
	assert_float_equal(res.marks[SCORE_RHO], 100, 0);
	assert_float_equal(res.marks[SCORE_CLARK_EVANS], 100, 0);
	assert_float_equal(res.marks[SCORE_NN_CV], 100, 0);
	/* The one it does not. */
	/* A lattice of N dots peaks at N; 10% jitter keeps most of it. */
	if (!(m.value[SCORE_PERIODOGRAM_PEAK] > 300))
		fail_msg("grid peak %.1f", m.value[SCORE_PERIODOGRAM_PEAK]);
	assert_float_equal(res.marks[SCORE_PERIODOGRAM_PEAK], 0, 0);
	/* It fails on the lesson's requirement, the peak at most 40: rows are
	 * a missed skill, not an unsafe act, so no never-event. */
	assert_false(res.passed);
	assert_true(res.required[SCORE_PERIODOGRAM_PEAK]);
	assert_false(res.met[SCORE_PERIODOGRAM_PEAK]);
	assert_int_equal(res.never_triggered, 0);
	assert_string_equal(res.advice[0], "Your dots form rows or a grid: on a scalp that "
			    "looks fake at once. Place each dot off the line of the last, at "
			    "random.");
	free(dots);
}

static int setup(void **state)
{
	char err[512];

	(void)state;
	if (lesson_fixture_load(SMPSIM_DATA_DIR, "even-spacing", NULL, 0, &lesson, &ls, err,
				sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_careful_session_passes_and_overdeep_fails_it),
		cmocka_unit_test(test_grid_fails_though_spacing_looks_good),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
