/* point_set: the point sets of point_set.h. The generator is
 * splitmix64, so a seed gives the same points on every machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "point_set.h"

uint64_t point_set_seed;

double point_set_frand(void)
{
	/* splitmix64 */
	uint64_t z = (point_set_seed += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

double point_set_gauss(void)
{
	double u = point_set_frand(), v = point_set_frand();

	return sqrt(-2 * log(u + 1e-300)) * cos(2 * M_PI * v);
}

void point_set_add(struct point_set *s, double x, double y)
{
	if (s->n == s->room) {
		s->room = s->room ? 2 * s->room : 1024;
		s->dots = realloc(s->dots, s->room * sizeof(*s->dots));
		assert_non_null(s->dots);
	}
	s->dots[s->n++] = (struct score_dot){ .x_mm = x, .y_mm = y, .depth_mm = 0.8,
					      .band_min_mm = 0.5, .band_max_mm = 1.2,
					      .diameter_mm = 0.25 };
}

void point_set_free(struct point_set *s)
{
	free(s->dots);
	memset(s, 0, sizeof(*s));
}

struct scalp_polygon point_set_rect(double x0, double y0, double x1, double y1)
{
	struct scalp_polygon p = { .count = 4 };

	p.points[0] = (struct scalp_point){ x0, y0 };
	p.points[1] = (struct scalp_point){ x1, y0 };
	p.points[2] = (struct scalp_point){ x1, y1 };
	p.points[3] = (struct scalp_point){ x0, y1 };
	return p;
}

struct score_frame point_set_frame(const struct scalp_polygon *zone)
{
	return (struct score_frame){ .zones = zone, .zone_count = 1,
				     .density = { 1, 1, 0 }, .duration_s = 60 };
}

struct score_metrics point_set_measure(const struct point_set *s, const struct score_frame *f)
{
	struct score_metrics m;

	assert_int_equal(score_metrics_compute(s->dots, s->n, f, &m), 0);
	return m;
}

void point_set_jittered_grid(struct point_set *s, int side, double jitter)
{
	for (int j = 0; j < side; j++)
		for (int i = 0; i < side; i++)
			point_set_add(s, i + 0.5 + jitter * (2 * point_set_frand() - 1),
			    j + 0.5 + jitter * (2 * point_set_frand() - 1));
}

/* Dart throwing whose radius varies: r_hi in the checkerboard's dark
 * squares of @p patch mm, r_lo in the light ones; a candidate is kept
 * when no kept point is nearer than its own radius. */
void point_set_dart_patches(struct point_set *s, double side, double r_lo, double r_hi,
			    double patch, size_t attempts)
{
	double cell = fmin(r_lo, r_hi) / sqrt(2.0), reach = fmax(r_lo, r_hi);
	int n = (int)ceil(side / cell), span = (int)ceil(reach / cell);
	int32_t *grid = malloc((size_t)n * (size_t)n * sizeof(*grid));

	assert_non_null(grid);
	for (int i = 0; i < n * n; i++)
		grid[i] = -1;
	for (size_t a = 0; a < attempts; a++) {
		double x = side * point_set_frand(), y = side * point_set_frand();
		int cx = (int)(x / cell), cy = (int)(y / cell);
		double r = ((int)(x / patch) + (int)(y / patch)) % 2 ? r_hi : r_lo;
		bool ok = grid[cy * n + cx] < 0;

		for (int dy = -span; dy <= span && ok; dy++) {
			for (int dx = -span; dx <= span && ok; dx++) {
				int gx = cx + dx, gy = cy + dy;
				const struct score_dot *q;

				if (gx < 0 || gy < 0 || gx >= n || gy >= n || grid[gy * n + gx] < 0)
					continue;
				q = &s->dots[grid[gy * n + gx]];
				ok = hypot(q->x_mm - x, q->y_mm - y) >= r;
			}
		}
		if (ok) {
			grid[cy * n + cx] = (int32_t)s->n;
			point_set_add(s, x, y);
		}
	}
	free(grid);
}

/* One radius everywhere: one checkerboard square. */
void point_set_darts(struct point_set *s, double side, double r, size_t attempts)
{
	point_set_dart_patches(s, side, r, r, side, attempts);
}

void point_set_fill_cell(struct point_set *s, double x, double y, int dots)
{
	for (int k = 0; k < dots; k++)
		point_set_add(s, x + 0.5 + (k % 2), y + 0.25 + 0.5 * (k / 2));
}

void point_set_uniform(struct point_set *s, size_t n, double side)
{
	for (size_t i = 0; i < n; i++)
		point_set_add(s, side * point_set_frand(), side * point_set_frand());
}

