/* test-deposit-grid: the grid's answers equal a brute-force search over
 * the same points, for random points and queries, including points and
 * queries outside the area (they live in the edge cells), an empty grid,
 * and the radius limit exactly at a point's distance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "deposit_grid.h"

#define POINTS 5000

static double xs[POINTS], ys[POINTS];

static double frand(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return ((*seed >> 8) & 0xffffff) / (double)0x1000000;
}

static void count_visit(void *ctx, uint32_t id, double d)
{
	size_t *n = ctx;

	(void)d;
	(void)id;
	(*n)++;
}

static void test_matches_brute_force(void **state)
{
	struct deposit_grid *g;
	unsigned seed = 42;

	(void)state;
	assert_int_equal(deposit_grid_new(100, 60, 0.8, &g), 0);
	for (uint32_t i = 0; i < POINTS; i++) {
		/* A tenth of the points fall outside the 100 x 60 area. */
		xs[i] = -10 + 120 * frand(&seed);
		ys[i] = -6 + 72 * frand(&seed);
		assert_int_equal(deposit_grid_insert(g, i, xs[i], ys[i]), 0);
	}
	assert_int_equal(deposit_grid_count(g), POINTS);
	for (int q = 0; q < 2000; q++) {
		double x = -15 + 130 * frand(&seed), y = -10 + 80 * frand(&seed);
		double max = 0.2 + 4 * frand(&seed), best = -1, got;
		size_t within = 0, visited = 0;
		uint32_t best_id = 0, id = 0;

		for (uint32_t i = 0; i < POINTS; i++) {
			double d = hypot(xs[i] - x, ys[i] - y);

			if (d <= max) {
				within++;
				if (best < 0 || d < best) {
					best = d;
					best_id = i;
				}
			}
		}
		got = deposit_grid_nearest(g, x, y, max, &id);
		if (best < 0) {
			assert_float_equal(got, -1, 0);
		} else {
			assert_float_equal(got, best, 1e-12);
			assert_int_equal(id, best_id);
		}
		assert_int_equal(deposit_grid_visit(g, x, y, max, count_visit, &visited), within);
		assert_int_equal(visited, within);
	}
	deposit_grid_free(g);
}

static void test_edges(void **state)
{
	struct deposit_grid *g;
	uint32_t id = 99;

	(void)state;
	assert_int_equal(deposit_grid_new(10, 10, 1, &g), 0);
	assert_float_equal(deposit_grid_nearest(g, 5, 5, 100, &id), -1, 0);
	assert_int_equal(id, 99);
	assert_int_equal(deposit_grid_insert(g, 7, 5, 8), 0);
	/* Exactly at the limit counts; a hair beyond does not. */
	assert_float_equal(deposit_grid_nearest(g, 5, 5, 3, &id), 3, 0);
	assert_int_equal(id, 7);
	assert_float_equal(deposit_grid_nearest(g, 5, 5, 3 - 1e-9, &id), -1, 0);
	deposit_grid_free(g);
	assert_int_equal(deposit_grid_new(0, 10, 1, &g), -EINVAL);
	assert_int_equal(deposit_grid_new(1e6, 1e6, 0.01, &g), -EINVAL);
	assert_null(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_brute_force),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
