/* test-score-metrics: the measures of score_metrics.h on point sets whose
 * answers are known, every set made here from a fixed seed:
 *  - small hand-made sets for depth, merged, size, outside and pace,
 *    with exact values, and which deposits count where (lines, outside);
 *  - a hexagonal lattice: rho = 1, CV = 0, R = 2.149 before the edge
 *    correction and exactly Donnelly's value after it, periodogram peak N;
 *  - jittered square grids (10% and 25%): rho, R and CV look regular,
 *    the peak is N (sin(2 pi j) / (2 pi j))^2 within five standard
 *    deviations of its sampling noise, in the thousands;
 *  - dart throwing (Poisson disk), also on a disk that leaves a quarter of
 *    its bounding box empty (the low wave vectors the peak leaves out);
 *    uniform random points (R = 1 only with the edge correction, averaged
 *    over 400 sets; density L1 of Poisson counts); clusters (R < 1);
 *  - the periodogram against the direct sum at every wave vector, and the
 *    FFT against the direct DFT;
 *  - density L1, coverage and gaps: 0 for an exact match, known values
 *    for known mismatches, on a square, a triangle (half cells), half-
 *    width cells (exactly 2 due) and a target ramp;
 *  - hairline softness: bin areas against exact and brute-force ones, the
 *    fit recovering a logistic ramp exactly from exact bins (a profile
 *    with a floor comes back as a wider ramp from none) and without bias
 *    from random ones, and within 1 to
 *    2% from dots laid out along straight and bent hairlines;
 *  - the zones' geometry (union area and perimeter, overlap refused) and
 *    the hairline's signed distance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "score_internal.h"
#include "score_metrics.h"
#include "point_set.h"

/* Hexagonal lattice of spacing 1: rows sqrt(3)/2 apart, every other one
 * shifted by 1/2; the box [0, cols] x [0, rows sqrt(3)/2] is exactly the
 * union of the points' Voronoi cells (rows even). */
static void hex_lattice(struct point_set *s, int cols, int rows)
{
	for (int j = 0; j < rows; j++)
		for (int i = 0; i < cols; i++)
			point_set_add(s, i + 0.25 + 0.5 * (j % 2), (j + 0.5) * sqrt(3.0) / 2);
}

/* --- the direct periodogram, for reference --- */

/* P for kx in [0, K], ky in [-K, K], as score_periodogram lays it out. */
static double *direct_periodogram(const double *u, const double *v, size_t n, int K)
{
	size_t w = 2 * (size_t)K + 1;
	double *re = calloc((size_t)(K + 1) * w, sizeof(double));
	double *im = calloc((size_t)(K + 1) * w, sizeof(double));
	double *ey = malloc(2 * w * sizeof(double));

	assert_non_null(re);
	assert_non_null(im);
	assert_non_null(ey);
	for (size_t j = 0; j < n; j++) {
		double cx = cos(-2 * M_PI * u[j]), sx = sin(-2 * M_PI * u[j]);
		double xr = 1, xi = 0;

		for (int ky = -K; ky <= K; ky++) {
			ey[2 * (ky + K)] = cos(-2 * M_PI * ky * v[j]);
			ey[2 * (ky + K) + 1] = sin(-2 * M_PI * ky * v[j]);
		}
		for (int kx = 0; kx <= K; kx++) {
			double t;

			for (size_t k = 0; k < w; k++) {
				re[kx * w + k] += xr * ey[2 * k] - xi * ey[2 * k + 1];
				im[kx * w + k] += xr * ey[2 * k + 1] + xi * ey[2 * k];
			}
			t = xr * cx - xi * sx;
			xi = xr * sx + xi * cx;
			xr = t;
		}
	}
	for (size_t k = 0; k < (size_t)(K + 1) * w; k++)
		re[k] = (re[k] * re[k] + im[k] * im[k]) / (double)n;
	free(im);
	free(ey);
	return re;
}

static double direct_at(const double *u, const double *v, size_t n, int kx, int ky)
{
	double re = 0, im = 0;

	for (size_t j = 0; j < n; j++) {
		double a = -2 * M_PI * (kx * u[j] + ky * v[j]);

		re += cos(a);
		im += sin(a);
	}
	return (re * re + im * im) / (double)n;
}

static void unit_positions(const struct point_set *s, double side_x, double side_y, double **u,
			   double **v)
{
	*u = malloc(s->n * sizeof(double));
	*v = malloc(s->n * sizeof(double));
	assert_non_null(*u);
	assert_non_null(*v);
	for (size_t i = 0; i < s->n; i++) {
		(*u)[i] = s->dots[i].x_mm / side_x;
		(*v)[i] = s->dots[i].y_mm / side_y;
	}
}

/* --- names and frames --- */

static void test_names(void **state)
{
	(void)state;
	for (int m = 0; m < SCORE_METRIC_COUNT; m++) {
		const char *name = score_metric_name((enum score_metric)m);

		assert_int_equal(score_metric_from_name(name), m);
		for (int k = 0; k < m; k++)
			assert_string_not_equal(name, score_metric_name((enum score_metric)k));
	}
	assert_string_equal(score_metric_name(SCORE_NN_CV), "nn-cv");
	assert_string_equal(score_metric_name(SCORE_DEPTH_IN_BAND), "depth-in-band");
	assert_int_equal(score_metric_from_name("no-such-measure"), SCORE_METRIC_COUNT);
	assert_int_equal(score_metric_from_name(NULL), SCORE_METRIC_COUNT);
	assert_string_equal(score_metric_name(SCORE_METRIC_COUNT), "unknown");
}

static void test_incoherent_frames(void **state)
{
	struct scalp_polygon zones[2] = { point_set_rect(0, 0, 10, 10),
					  point_set_rect(5, 5, 15, 15) };
	struct scalp_polygon bowtie = point_set_rect(0, 0, 10, 10);
	struct scalp_polygon two = point_set_rect(0, 0, 10, 10);
	struct scalp_point line[2] = { { 0, 0 }, { 10, 0 } }, same[2] = { { 1, 1 }, { 1, 1 } };
	struct score_dot dot = { .x_mm = 1, .y_mm = 1, .depth_mm = 0.8, .band_min_mm = 0.5,
				 .band_max_mm = 1.2, .diameter_mm = 0.2 };
	struct score_frame f = point_set_frame(zones);
	struct score_metrics m;

	(void)state;
	bowtie.points[2] = (struct scalp_point){ 0, 10 };
	bowtie.points[3] = (struct scalp_point){ 10, 10 };
	two.count = 2;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), 0);
	assert_int_equal(score_metrics_compute(&dot, 1, &f, NULL), -EINVAL);
	assert_int_equal(score_metrics_compute(NULL, 1, &f, &m), -EINVAL);
	assert_int_equal(score_metrics_compute(&dot, 1, NULL, &m), -EINVAL);
	f.zone_count = 2;      /* overlapping zones */
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(&bowtie);
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(&two);
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.zone_count = 0;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.density.front_per_mm2 = NAN;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.density.back_per_mm2 = -1;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.duration_s = -1;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.density.ramp_mm = 5;  /* a ramp with no hairline to run from */
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f.hairline = line;
	f.hairline_count = 2;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), 0);
	f.hairline_count = 1;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f.hairline = same;
	f.hairline_count = 2;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	f.hairline_count = 3;   /* count without points */
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	f = point_set_frame(zones);
	dot.x_mm = INFINITY;
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
	dot.x_mm = 1;
	dot.band_min_mm = 2;    /* band upside down */
	assert_int_equal(score_metrics_compute(&dot, 1, &f, &m), -EINVAL);
}

/* --- zones --- */

static void test_zone_union(void **state)
{
	struct scalp_polygon z[3] = { point_set_rect(0, 0, 10, 10), point_set_rect(10, 0, 20, 10),
				      point_set_rect(0, 10, 10, 20) };
	struct scalp_polygon corner[2] = { point_set_rect(0, 0, 10, 10),
					   point_set_rect(10, 10, 20, 20) };
	struct scalp_polygon half[2] = { point_set_rect(0, 0, 10, 10),
					 point_set_rect(5, 10, 25, 12) };
	struct scalp_polygon nested[2] = { point_set_rect(0, 0, 10, 10),
					   point_set_rect(2, 2, 4, 4) };
	struct scalp_polygon sliver[2] = { point_set_rect(0, 0, 10, 10),
					   point_set_rect(9.999, 0, 20, 10) };
	/* A U open at the top, and a bar lying in its notch. */
	struct scalp_polygon u = { .count = 8, .points = { { 0, 0 }, { 30, 0 }, { 30, 20 },
		{ 20, 20 }, { 20, 10 }, { 10, 10 }, { 10, 20 }, { 0, 20 } } };
	struct scalp_polygon fit[2] = { u, point_set_rect(10, 10, 20, 20) };
	struct score_zones zs;

	(void)state;
	assert_int_equal(score_zones_prepare(z, 3, &zs), 0);
	assert_float_equal(zs.area_mm2, 300, 1e-9);
	assert_float_equal(zs.perimeter_mm, 80, 1e-9);  /* an L of three squares */
	assert_float_equal(zs.min_x, 0, 0);
	assert_float_equal(zs.max_x, 20, 0);
	assert_float_equal(zs.max_y, 20, 0);
	assert_int_equal(score_zones_prepare(corner, 2, &zs), 0);
	assert_float_equal(zs.perimeter_mm, 80, 1e-9);  /* touching at a corner */
	assert_int_equal(score_zones_prepare(half, 2, &zs), 0);
	assert_float_equal(zs.area_mm2, 140, 1e-9);
	assert_float_equal(zs.perimeter_mm, 40 + 44 - 2 * 5, 1e-9);
	assert_int_equal(score_zones_prepare(&u, 1, &zs), 0);
	assert_float_equal(zs.area_mm2, 500, 1e-9);
	assert_int_equal(score_zones_prepare(fit, 2, &zs), 0);
	assert_float_equal(zs.area_mm2, 600, 1e-9);
	assert_float_equal(zs.perimeter_mm, 100, 1e-9);  /* the 30 x 20 outline */
	assert_true(score_zones_contain(&zs, 15, 15));
	assert_false(score_zones_contain(&zs, 35, 15));
	assert_int_equal(score_zones_prepare(nested, 2, &zs), -EINVAL);
	assert_int_equal(score_zones_prepare(sliver, 2, &zs), -EINVAL);
	fit[1] = point_set_rect(9, 10, 20, 20);  /* one mm into the U's arm */
	assert_int_equal(score_zones_prepare(fit, 2, &zs), -EINVAL);
}

/* A concave zone cut into cells: the cells' areas add up to the zone's,
 * and each cell's area is its clipped area. */
static void test_raster_areas(void **state)
{
	struct scalp_polygon z = { .count = 7, .points = { { 0.3, 0.7 }, { 41.9, 3.1 },
		{ 37.2, 29.4 }, { 20.05, 12.5 }, { 9.6, 33.3 }, { 2.2, 21.0 }, { 5.5, 11.1 } } };
	struct scalp_polygon tri = { .count = 3, .points = { { 0, 0 }, { 4, 0 }, { 0, 4 } } };
	struct score_zones zs;
	struct score_raster r;
	double sum = 0;

	(void)state;
	assert_int_equal(score_zones_prepare(&z, 1, &zs), 0);
	assert_int_equal(score_raster_build(&zs, 1.37, &r), 0);
	for (int row = 0; row < r.rows; row++) {
		for (int c = 0; c < r.cols; c++) {
			double x = r.x0 + c * r.cell, y = r.y0 + row * r.cell;
			double a = r.area[row * r.cols + c];

			assert_float_equal(a, score_polygon_rect_area(&z, x, y, x + r.cell,
								      y + r.cell), 1e-9);
			sum += a;
		}
	}
	assert_float_equal(sum, zs.area_mm2, 1e-9 * zs.area_mm2);
	score_raster_free(&r);
	assert_float_equal(score_polygon_rect_area(&tri, 0, 0, 2, 2), 4, 1e-12);
	assert_float_equal(score_polygon_rect_area(&tri, 2, 0, 4, 2), 2, 1e-12);
	assert_float_equal(score_polygon_rect_area(&tri, 2, 2, 4, 4), 0, 1e-12);
	assert_int_equal(score_raster_build(&zs, 0, &r), -EINVAL);
}

/* --- single deposits --- */

static struct score_dot deposit(double depth, double diameter)
{
	return (struct score_dot){ .x_mm = 5, .y_mm = 5, .depth_mm = depth, .band_min_mm = 0.5,
				   .band_max_mm = 1.2, .diameter_mm = diameter };
}

static void test_depth(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 10, 10);
	struct score_frame f = point_set_frame(&zone);
	struct score_dot d[5] = { deposit(0.8, 0.2), deposit(0.4, 0.2), deposit(1.5, 0.2),
				  deposit(1.2, 0.2), deposit(1.7, 0.2) };
	/* errors outside the band: 0, 0.1, 0.3, 0 (on the edge), 0.5 (a line) */
	double e[5] = { 0, 0.1, 0.3, 0, 0.5 }, mean = 0.9 / 5, var = 0;
	struct score_metrics m;

	(void)state;
	d[2].overdeep = true;
	d[4].overdeep = true;
	d[4].line = true;
	for (int i = 0; i < 5; i++) {
		d[i].x_mm = 1 + i;
		var += (e[i] - mean) * (e[i] - mean) / 5;
	}
	assert_int_equal(score_metrics_compute(d, 5, &f, &m), 0);
	assert_float_equal(m.value[SCORE_DEPTH_IN_BAND], 2.0 / 5, 1e-12);
	assert_float_equal(m.value[SCORE_DEPTH_ERROR_MEAN], 0.18, 1e-12);
	assert_float_equal(m.value[SCORE_DEPTH_ERROR_SD], sqrt(var), 1e-12);
	assert_float_equal(m.value[SCORE_DEPTH_ERROR_SD], 0.19390719429665, 1e-12);
	assert_float_equal(m.value[SCORE_OVERDEEP], 2, 0);  /* the line counts */
	assert_true(m.valid[SCORE_DEPTH_IN_BAND] && m.valid[SCORE_OVERDEEP]);
	assert_int_equal(m.dots, 4);

	/* Nothing made: no depth measure, but no overdeep either. */
	assert_int_equal(score_metrics_compute(NULL, 0, &f, &m), 0);
	assert_false(m.valid[SCORE_DEPTH_IN_BAND]);
	assert_false(m.valid[SCORE_NN_MEAN]);
	assert_false(m.valid[SCORE_PERIODOGRAM_PEAK]);
	assert_true(m.valid[SCORE_OVERDEEP]);
	assert_float_equal(m.value[SCORE_OVERDEEP], 0, 0);
	assert_true(m.valid[SCORE_PACE]);
	assert_float_equal(m.value[SCORE_PACE], 0, 0);
}

static void test_merged_size_outside_pace(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 10, 10);
	struct score_frame f = point_set_frame(&zone);
	struct score_dot d[5] = { deposit(0.8, 0.20), deposit(0.8, 0.30), deposit(0.8, 0.25),
				  deposit(0.8, 0.25), deposit(0.8, 2.0) };
	struct score_metrics m;

	(void)state;
	d[0].merged = d[3].merged = true;
	d[4].merged = d[4].line = true;         /* the line: not a dot */
	d[1].outside = d[4].outside = true;
	for (int i = 0; i < 5; i++)
		d[i].x_mm = 1 + i;
	f.duration_s = 30;
	assert_int_equal(score_metrics_compute(d, 5, &f, &m), 0);
	assert_int_equal(m.dots, 4);
	assert_float_equal(m.value[SCORE_MERGED], 0.5, 1e-12);
	/* diameters 0.20, 0.30, 0.25, 0.25: mean 0.25, SD sqrt(0.005/4) */
	assert_float_equal(m.value[SCORE_SIZE_CV], sqrt(0.005 / 4) / 0.25, 1e-12);
	assert_float_equal(m.value[SCORE_OUTSIDE], 2.0 / 5, 1e-12);   /* lines count */
	assert_float_equal(m.value[SCORE_PACE], 8, 1e-12);            /* 4 dots in 0.5 min */
	f.duration_s = 0;
	assert_int_equal(score_metrics_compute(d, 5, &f, &m), 0);
	assert_false(m.valid[SCORE_PACE]);
	assert_false(m.valid[SCORE_HAIRLINE_WIDTH]);
	/* One dot: a size but no spread of sizes. */
	assert_int_equal(score_metrics_compute(d, 1, &f, &m), 0);
	assert_false(m.valid[SCORE_SIZE_CV]);
	assert_true(m.valid[SCORE_MERGED]);
}

/* --- spacing and spectrum on known patterns --- */

static void test_hex_lattice(void **state)
{
	const int cols = 64, rows = 74;
	double h = rows * sqrt(3.0) / 2, n = cols * rows, area = cols * h;
	double perimeter = 2 * (cols + h), corrected, *u, *v;
	struct scalp_polygon zone = point_set_rect(0, 0, cols, h);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	struct score_peak peak;

	(void)state;
	hex_lattice(&s, cols, rows);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_NN_MEAN], 1, 1e-12);
	assert_true(m.value[SCORE_NN_CV] < 1e-9);
	assert_float_equal(m.value[SCORE_RHO], 1, 1e-12);
	/* R before edge effects: 1 / (0.5 sqrt(sqrt(3)/2)) = 2.149 */
	assert_float_equal(m.value[SCORE_NN_MEAN] / (0.5 * sqrt(area / n)), 2.14914, 1e-5);
	corrected = 1 / (0.5 * sqrt(area / n) + (0.0514 + 0.041 / sqrt(n)) * perimeter / n);
	assert_float_equal(m.value[SCORE_CLARK_EVANS], corrected, 1e-12);
	assert_true(corrected < 2.149 && corrected > 2.13);
	/* Every reciprocal lattice vector gives |S| = N. */
	assert_float_equal(m.value[SCORE_PERIODOGRAM_PEAK], n, 1e-6 * n);
	unit_positions(&s, cols, h, &u, &v);
	assert_int_equal(score_periodogram(u, v, s.n, 1, (long)(4 * n), &peak, NULL), 0);
	/* several reciprocal vectors tie; the one found is one of them */
	assert_float_equal(direct_at(u, v, s.n, peak.kx, peak.ky), n, 1e-9 * n);
	assert_true(peak.kx % 64 == 0);
	free(u);
	free(v);

	/* A line and a dot flagged outside, both next to a lattice point,
	 * change no pattern measure. */
	point_set_add(&s, 0.3, 0.45);
	s.dots[s.n - 1].line = true;
	point_set_add(&s, 0.2, 0.42);
	s.dots[s.n - 1].outside = true;
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_RHO], 1, 1e-12);
	assert_float_equal(m.value[SCORE_NN_MEAN], 1, 1e-12);
	assert_int_equal(m.dots, (size_t)n + 1);
	point_set_free(&s);
}

/* Peak of a jittered grid, from its expected value N s^2 (s the mean of
 * exp(2 pi i d) over the jitter d, at the grid's wave vector) and the
 * standard deviation of 2 s Re(Z) (Z = sum (e_j - s)). */
static void check_jittered(double jitter, double rho_floor)
{
	const int side = 64;
	double n = side * side, s1 = sin(2 * M_PI * jitter) / (2 * M_PI * jitter);
	double s2 = sin(4 * M_PI * jitter) / (4 * M_PI * jitter);
	double expected = n * s1 * s1, sd = 2 * s1 * sqrt((1 + s2) / 2 - s1 * s1);
	struct scalp_polygon zone = point_set_rect(0, 0, side, side);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	struct score_peak peak;
	double *u, *v;

	point_set_jittered_grid(&s, side, jitter);
	m = point_set_measure(&s, &f);
	assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 1000);
	/* SD of P = sd sqrt(N); 2 more for |Z|^2/N and the larger of two peaks */
	assert_float_equal(m.value[SCORE_PERIODOGRAM_PEAK], expected, 5 * sd * sqrt(n) + 2);
	/* The nearest two points can come is 1 - 2 jitter. */
	assert_true(m.value[SCORE_RHO] >= rho_floor);
	unit_positions(&s, side, side, &u, &v);
	assert_int_equal(score_periodogram(u, v, s.n, 1, (long)(4 * n), &peak, NULL), 0);
	assert_float_equal(peak.value, m.value[SCORE_PERIODOGRAM_PEAK], 0);
	assert_true((peak.kx == 64 && peak.ky == 0) || (peak.kx == 0 && peak.ky == 64));
	assert_float_equal(direct_at(u, v, s.n, peak.kx, peak.ky), peak.value, 1e-6 * peak.value);
	free(u);
	free(v);
	if (jitter <= 0.1) {
		assert_true(m.value[SCORE_NN_CV] < 0.1);
		assert_true(m.value[SCORE_CLARK_EVANS] > 1.7);
	}
	point_set_free(&s);
}

static void test_jittered_grid(void **state)
{
	double dmax = sqrt(2 / sqrt(3.0));  /* spacing of a hex packing at density 1 */

	(void)state;
	point_set_seed = 1;
	check_jittered(0.10, 0.8 / dmax);
	check_jittered(0.25, 0.5 / dmax);
}

static void test_poisson_disk(void **state)
{
	const double side = 64, r = 0.8;
	struct scalp_polygon zone = point_set_rect(0, 0, side, side);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	double dmax;

	(void)state;
	point_set_seed = 2;
	point_set_darts(&s, side, r, 200000);
	assert_true(s.n > 3800 && s.n < 4500);
	dmax = sqrt(2 * side * side / (sqrt(3.0) * (double)s.n));
	m = point_set_measure(&s, &f);
	assert_true(m.value[SCORE_NN_MEAN] >= r);
	assert_true(m.value[SCORE_RHO] >= r / dmax - 1e-12);
	assert_true(m.value[SCORE_RHO] > 0.65 && m.value[SCORE_RHO] < 0.85);
	assert_true(m.value[SCORE_NN_CV] < 0.15);
	assert_true(m.value[SCORE_CLARK_EVANS] > 1.5 && m.value[SCORE_CLARK_EVANS] < 2.0);
	/* Blue noise: no peak, like random points. */
	assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 5 && m.value[SCORE_PERIODOGRAM_PEAK] < 20);
	point_set_free(&s);
}

/* Blue noise on a disk, which fills 79% of its bounding box: the disk's
 * own transform is in the lowest wave vectors, P(1, 0) = N (2 J1(pi) /
 * pi)^2 = 0.0328 N (104 here, 3 300 at 100 000 dots: "rows" by the
 * domain brief's threshold of 30 to 50), which the measure leaves out
 * (|k| >= sqrt(N)/8); above them it is blue noise. */
static void test_partial_zone(void **state)
{
	struct scalp_polygon disk = { .count = 64 };
	struct score_frame f = point_set_frame(&disk);
	struct point_set all = { 0 }, s = { 0 };
	struct score_metrics m;
	struct score_peak low;
	double *u, *v;

	(void)state;
	for (int i = 0; i < 64; i++)
		disk.points[i] = (struct scalp_point){ 32 + 32 * cos(2 * M_PI * i / 64),
						       32 + 32 * sin(2 * M_PI * i / 64) };
	point_set_seed = 10;
	point_set_darts(&all, 64, 0.8, 200000);
	for (size_t i = 0; i < all.n; i++)
		if (scalp_polygon_contains(&disk, all.dots[i].x_mm, all.dots[i].y_mm))
			point_set_add(&s, all.dots[i].x_mm, all.dots[i].y_mm);
	m = point_set_measure(&s, &f);
	assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 5 && m.value[SCORE_PERIODOGRAM_PEAK] < 20);
	assert_true(m.value[SCORE_RHO] > 0.65 && m.value[SCORE_RHO] < 0.85);
	unit_positions(&s, 64, 64, &u, &v);
	assert_int_equal(score_periodogram(u, v, s.n, 1, (long)(s.n / 64), &low, NULL), 0);
	assert_float_equal(low.value, 0.0328 * (double)s.n, 0.1 * 0.0328 * (double)s.n);
	free(u);
	free(v);
	point_set_free(&s);
	point_set_free(&all);
}

static void test_uniform_random(void **state)
{
	const double side = 64;
	struct scalp_polygon zone = point_set_rect(0, 0, side, side);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	double corrected = 0, plain = 0;

	(void)state;
	point_set_seed = 3;
	point_set_uniform(&s, 4096, side);
	m = point_set_measure(&s, &f);
	/* R's standard error is 0.5227 / sqrt(N) = 0.008; the NN distance of a
	 * Poisson process is Rayleigh, CV sqrt(4/pi - 1) = 0.5227. */
	assert_float_equal(m.value[SCORE_CLARK_EVANS], 1, 0.035);
	assert_float_equal(m.value[SCORE_NN_CV], 0.5227, 0.03);
	assert_true(m.value[SCORE_RHO] < 0.05);
	/* The highest of ~26 000 exponential(1) values: ln 26000 + 0.58 = 10.8. */
	assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 6 && m.value[SCORE_PERIODOGRAM_PEAK] < 20);
	/* Poisson counts with 8 due: E|n - 8| / 8 = 2 e^-8 8^9 / 8! / 8 = 0.279;
	 * its standard error over ~500 cells is 0.01. */
	assert_float_equal(m.value[SCORE_DENSITY_L1], 0.279, 0.04);
	point_set_free(&s);

	/* Small sets: the edge raises the uncorrected R by 4%, Donnelly's
	 * term takes it out (standard error of the mean of 400: 0.0026). */
	zone = point_set_rect(0, 0, 1, 1);
	for (int k = 0; k < 400; k++) {
		point_set_uniform(&s, 100, 1);
		m = point_set_measure(&s, &f);
		corrected += m.value[SCORE_CLARK_EVANS] / 400;
		plain += m.value[SCORE_NN_MEAN] / (0.5 * sqrt(1.0 / 100)) / 400;
		s.n = 0;
	}
	assert_float_equal(corrected, 1, 0.012);
	assert_true(plain > 1.03);
	point_set_free(&s);
}

static void test_clusters(void **state)
{
	const double side = 64;
	struct scalp_polygon zone = point_set_rect(0, 0, side, side);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	point_set_seed = 4;
	for (int c = 0; c < 64; c++) {
		double cx = 4 + 56 * point_set_frand(), cy = 4 + 56 * point_set_frand();

		for (int k = 0; k < 64; k++)
			point_set_add(&s, cx + 0.5 * point_set_gauss(),
				      cy + 0.5 * point_set_gauss());
	}
	m = point_set_measure(&s, &f);
	assert_true(m.value[SCORE_CLARK_EVANS] < 0.5);
	assert_true(m.value[SCORE_NN_CV] > 0.4);
	assert_true(m.value[SCORE_RHO] < 0.05);
	point_set_free(&s);
}

/* Every P(k) of the fast periodogram against the direct sum: within the
 * kernel's accuracy, 2 eps N per value (eps = 1e-6 of sum |c_j| = N per
 * coefficient, times 2|S| <= 2N, over N). */
static void check_spectrum(const struct point_set *s, double side_x, double side_y)
{
	long kmax_sq = (long)(4 * s->n);
	int K = (int)floor(sqrt((double)kmax_sq));
	size_t w = 2 * (size_t)K + 1;
	double *u, *v, *fast = malloc((size_t)(K + 1) * w * sizeof(double)), *ref, worst = 0;
	struct score_peak peak;
	double best = -1;

	assert_non_null(fast);
	unit_positions(s, side_x, side_y, &u, &v);
	ref = direct_periodogram(u, v, s->n, K);
	assert_int_equal(score_periodogram(u, v, s->n, 1, kmax_sq, &peak, fast), 0);
	for (int kx = 0; kx <= K; kx++) {
		for (int ky = -K; ky <= K; ky++) {
			size_t i = (size_t)kx * w + (size_t)(ky + K);

			worst = fmax(worst, fabs(fast[i] - ref[i]));
			if ((kx > 0 || ky > 0) && (long)kx * kx + (long)ky * ky <= kmax_sq &&
			    ref[i] > best)
				best = ref[i];
		}
	}
	assert_true(worst <= 2e-6 * (double)s->n);
	assert_float_equal(peak.value, best, 2e-6 * (double)s->n);
	free(u);
	free(v);
	free(fast);
	free(ref);
}

static void test_periodogram_direct(void **state)
{
	struct point_set s = { 0 };
	double *u, *v;
	struct score_peak peak;

	(void)state;
	point_set_seed = 5;
	point_set_uniform(&s, 700, 1);
	check_spectrum(&s, 1, 1);
	s.n = 0;
	point_set_jittered_grid(&s, 27, 0.1);   /* 729 points, a peak of ~640 */
	check_spectrum(&s, 27, 27);
	s.n = 0;
	hex_lattice(&s, 20, 36);      /* in a box 20 x 31.2 */
	check_spectrum(&s, 20, 36 * sqrt(3.0) / 2);
	s.n = 0;
	point_set_uniform(&s, 37, 1);           /* a small grid: K = 12 */
	for (size_t i = 0; i < 5; i++)
		s.dots[i].x_mm += 3;  /* beyond the square: P is periodic */
	check_spectrum(&s, 1, 1);

	/* One point: P = 1 everywhere; two at the same place: 2. */
	s.n = 0;
	point_set_add(&s, 0.3, 0.7);
	unit_positions(&s, 1, 1, &u, &v);
	assert_int_equal(score_periodogram(u, v, 1, 1, 4, &peak, NULL), 0);
	assert_float_equal(peak.value, 1, 1e-6);
	free(u);
	free(v);
	point_set_add(&s, 0.3, 0.7);
	unit_positions(&s, 1, 1, &u, &v);
	assert_int_equal(score_periodogram(u, v, 2, 1, 8, &peak, NULL), 0);
	assert_float_equal(peak.value, 2, 1e-5);
	assert_int_equal(score_periodogram(u, v, 0, 1, 8, &peak, NULL), -EINVAL);
	assert_int_equal(score_periodogram(u, v, 2, 1, 0, &peak, NULL), -EINVAL);
	assert_int_equal(score_periodogram(u, v, 2, 9, 8, &peak, NULL), -EINVAL);
	free(u);
	free(v);
	point_set_free(&s);
}

/* A larger set, many FFT stages: sampled wave vectors against the direct sum. */
static void test_periodogram_large(void **state)
{
	struct point_set s = { 0 };
	size_t n = 20000;
	long kmax_sq = (long)(4 * n);
	int K = (int)floor(sqrt((double)kmax_sq));
	size_t w = 2 * (size_t)K + 1;
	double *u, *v, *fast = malloc((size_t)(K + 1) * w * sizeof(double));
	struct score_peak peak;

	(void)state;
	assert_non_null(fast);
	point_set_seed = 6;
	point_set_jittered_grid(&s, 141, 0.2);  /* 19 881 points */
	unit_positions(&s, 141, 141, &u, &v);
	assert_int_equal(score_periodogram(u, v, s.n, 1, kmax_sq, &peak, fast), 0);
	for (int t = 0; t < 300; t++) {
		int kx = (int)(point_set_frand() * (K + 1));
		int ky = (int)(point_set_frand() * (double)w) - K;
		double ref = direct_at(u, v, s.n, kx, ky);

		assert_float_equal(fast[(size_t)kx * w + (size_t)(ky + K)], ref,
				   2e-6 * (double)s.n);
	}
	assert_true((peak.kx == 141 && peak.ky == 0) || (peak.kx == 0 && peak.ky == 141));
	assert_float_equal(direct_at(u, v, s.n, peak.kx, peak.ky), peak.value,
			   2e-6 * (double)s.n);
	free(u);
	free(v);
	free(fast);
	point_set_free(&s);
}

static void test_fft(void **state)
{
	const size_t sizes[] = { 1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 25, 30, 60, 100, 120,
				 320, 750 };
	const size_t batch = 3;

	(void)state;
	point_set_seed = 7;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		double *x = malloc(2 * n * batch * sizeof(double));
		double *y = malloc(2 * n * batch * sizeof(double));
		double *work = malloc(2 * n * batch * sizeof(double));
		struct score_fft *fft;

		assert_non_null(x);
		assert_non_null(y);
		assert_non_null(work);
		for (size_t i = 0; i < 2 * n * batch; i++)
			x[i] = y[i] = 2 * point_set_frand() - 1;
		assert_int_equal(score_fft_new(n, &fft), 0);
		score_fft_run(fft, y, work, batch);
		for (size_t b = 0; b < batch; b++) {
			for (size_t f = 0; f < n; f++) {
				double re = 0, im = 0;

				for (size_t j = 0; j < n; j++) {
					double a = -2 * M_PI * (double)((j * f) % n) / (double)n;
					double xr = x[2 * (j * batch + b)], xi = x[2 * (j * batch + b) + 1];

					re += xr * cos(a) - xi * sin(a);
					im += xr * sin(a) + xi * cos(a);
				}
				assert_float_equal(y[2 * (f * batch + b)], re, 1e-12 * (double)n);
				assert_float_equal(y[2 * (f * batch + b) + 1], im, 1e-12 * (double)n);
			}
		}
		score_fft_free(fft);
		free(x);
		free(y);
		free(work);
	}
	assert_false(score_fft_size_ok(7));
	assert_false(score_fft_size_ok(0));
	assert_true(score_fft_size_ok(1));
	assert_true(score_fft_size_ok(1600));
}

/* --- density --- */

/* 8 dots in the cell with corner (x, y), cells 2 mm wide. */
static void test_density_square(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20, 20);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;  /* cells sqrt(8 / 2) = 2 mm: 8 dots due */
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 10; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 0, 0);
	assert_float_equal(m.value[SCORE_COVERAGE], 1, 0);
	assert_float_equal(m.value[SCORE_GAPS], 0, 0);
	/* Cell (3, 4)'s dots moved into cell (5, 5): 8 + 8 off of 800. */
	for (size_t k = 0; k < s.n; k++) {
		if (s.dots[k].x_mm > 6 && s.dots[k].x_mm < 8 && s.dots[k].y_mm > 8 &&
		    s.dots[k].y_mm < 10) {
			s.dots[k].x_mm += 4;
			s.dots[k].y_mm += 2;
		}
	}
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 16.0 / 800, 1e-12);
	assert_float_equal(m.value[SCORE_COVERAGE], 0.99, 1e-12);
	assert_float_equal(m.value[SCORE_GAPS], 1, 0);
	/* Dots outside count in no cell. */
	for (size_t k = 0; k < s.n; k++)
		s.dots[k].outside = true;
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 1, 1e-12);
	assert_float_equal(m.value[SCORE_COVERAGE], 0, 0);
	assert_float_equal(m.value[SCORE_GAPS], 100, 0);
	/* No target density: nothing to compare with. */
	f.density.front_per_mm2 = 0;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_DENSITY_L1]);
	assert_false(m.valid[SCORE_GAPS]);
	point_set_free(&s);
}

/* A right triangle over 10 x 10 cells: 45 whole cells (8 due), 10 halves
 * on the diagonal (4 due). */
static void test_density_triangle(void **state)
{
	struct scalp_polygon zone = { .count = 3, .points = { { 0, 0 }, { 20, 0 }, { 0, 20 } } };
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;
	for (int j = 0; j < 10; j++) {
		for (int i = 0; i + j < 9; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
		/* the diagonal's half cell: four dots below the diagonal */
		point_set_add(&s, 2 * (9 - j) + 0.3, 2 * j + 0.3);
		point_set_add(&s, 2 * (9 - j) + 0.9, 2 * j + 0.3);
		point_set_add(&s, 2 * (9 - j) + 0.3, 2 * j + 0.9);
		point_set_add(&s, 2 * (9 - j) + 0.6, 2 * j + 0.6);
	}
	m = point_set_measure(&s, &f);
	assert_int_equal(s.n, 45 * 8 + 10 * 4);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 0, 1e-12);
	assert_float_equal(m.value[SCORE_COVERAGE], 1, 1e-12);
	assert_float_equal(m.value[SCORE_GAPS], 0, 0);
	s.n -= 4;   /* the last half cell left empty */
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 4.0 / 400, 1e-12);
	assert_float_equal(m.value[SCORE_COVERAGE], 198.0 / 200, 1e-12);
	assert_float_equal(m.value[SCORE_GAPS], 1, 0);
	point_set_free(&s);
}

/* A partial column of cells half a cell wide: exactly 2 dots due in each,
 * so each is a gap when empty. */
static void test_density_gaps(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20.5, 20);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 10; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 20.0 / 820, 1e-12);
	assert_float_equal(m.value[SCORE_GAPS], 10, 0);
	assert_float_equal(m.value[SCORE_COVERAGE], 400.0 / 410, 1e-12);
	point_set_free(&s);
}

/* A target ramp from 1 to 2 dots/mm^2 over 8 mm behind a hairline along
 * the zone's front edge: cells 2 mm, rows due 4.5, 5.5, 6.5, 7.5, then 8. */
static void test_density_ramp(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20, 20);
	struct scalp_point hairline[2] = { { 0, 0 }, { 20, 0 } };
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	const int row_dots[10] = { 5, 6, 7, 8, 8, 8, 8, 8, 8, 8 };

	(void)state;
	f.density = (struct score_density){ 1, 2, 8 };
	f.hairline = hairline;
	f.hairline_count = 2;
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 10; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
	m = point_set_measure(&s, &f);
	/* |8 - e| = 3.5 + 2.5 + 1.5 + 0.5 per column, of 24 + 48 due */
	assert_float_equal(m.value[SCORE_DENSITY_L1], 80.0 / 720, 1e-12);
	point_set_free(&s);
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 10; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, row_dots[j]);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 20.0 / 720, 1e-12);
	assert_float_equal(m.value[SCORE_GAPS], 0, 0);
	/* The same ramp with the hairline drawn the other way: the zone is
	 * in front of it, where no dots are asked for: nothing to compare
	 * with, nothing due. */
	hairline[0].x = 20;
	hairline[1].x = 0;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_DENSITY_L1]);
	assert_false(m.valid[SCORE_COVERAGE]);
	assert_false(m.valid[SCORE_COMPLETION]);
	assert_false(m.valid[SCORE_DENSITY_DISPERSION]);
	assert_true(m.valid[SCORE_HAIRLINE_FRONT]);
	point_set_free(&s);
}

/* --- hairline --- */

static void test_signed_distance(void **state)
{
	/* A roof: up from (0, 0) to (10, 10), down to (20, 0). */
	struct scalp_point roof[3] = { { 0, 0 }, { 10, 10 }, { 20, 0 } };
	struct score_hairline *h;

	(void)state;
	assert_int_equal(score_hairline_new(roof, 3, -10, -10, 30, 30, &h), 0);
	/* Left of the first segment's direction (+y side turned): positive. */
	assert_float_equal(score_hairline_distance(h, 0, 10), sqrt(50), 1e-12);
	assert_float_equal(score_hairline_distance(h, 10, 0), -sqrt(50), 1e-12);
	/* Above the apex (its wedge): positive, the distance to the apex. */
	assert_float_equal(score_hairline_distance(h, 10, 13), 3, 1e-12);
	assert_float_equal(score_hairline_distance(h, 10, 5), -sqrt(12.5), 1e-12);
	/* Past the ends: the end segments' lines decide the side. */
	assert_float_equal(score_hairline_distance(h, -3, -4), -5, 1e-12);
	assert_float_equal(score_hairline_distance(h, -4, -3), 5, 1e-12);
	assert_float_equal(score_hairline_distance(h, 23, -4), -5, 1e-12);
	/* Outside the candidate grid: every segment is tried. */
	assert_float_equal(score_hairline_distance(h, 10, 100), 90, 1e-12);
	/* The grid gives what trying every segment gives. */
	point_set_seed = 8;
	for (int k = 0; k < 2000; k++) {
		double x = -10 + 40 * point_set_frand(), y = -10 + 40 * point_set_frand();
		double d1 = fabs(score_hairline_distance(h, x, y)), best = INFINITY;

		for (int s = 0; s < 2; s++) {
			double ax = roof[s].x, ay = roof[s].y, dx = roof[s + 1].x - ax;
			double dy = roof[s + 1].y - ay;
			double t = fmin(1, fmax(0, ((x - ax) * dx + (y - ay) * dy) /
						     (dx * dx + dy * dy)));

			best = fmin(best, hypot(x - ax - t * dx, y - ay - t * dy));
		}
		assert_float_equal(d1, best, 1e-12);
	}
	score_hairline_free(h);
}

/* Bin areas behind a zigzag hairline (most cells near a vertex, where
 * they are sampled; the rest clipped exactly) against a count of 0.02 mm
 * grid points: within 0.5% of each bin, and their sum exactly. */
static void test_profile_areas(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, -15, 40, 35);
	struct scalp_point zigzag[9];
	struct score_frame f = point_set_frame(&zone);
	struct score_zones zs;
	struct score_pattern pat = { .frame = &f, .zones = &zs };
	struct score_hairline *h;
	double area[40], ref[40] = { 0 }, total = 0, sum = 0;
	const double step = 0.02;

	(void)state;
	for (int i = 0; i < 9; i++)
		zigzag[i] = (struct scalp_point){ 5 * i, i % 2 ? 2.0 : 0.0 };
	assert_int_equal(score_zones_prepare(&zone, 1, &zs), 0);
	assert_int_equal(score_hairline_new(zigzag, 9, 0, -15, 40, 35, &h), 0);
	pat.hairline = h;
	assert_int_equal(score_profile_areas(&pat, -10, 1.0, 40, area), 0);
	for (double x = step / 2; x < 40; x += step) {
		for (double y = -15 + step / 2; y < 35; y += step) {
			double k = floor(score_hairline_distance(h, x, y) + 10);

			if (k >= 0 && k < 40)
				ref[(int)k] += step * step;
		}
	}
	for (int i = 0; i < 40; i++) {
		assert_float_equal(area[i], ref[i], 0.005 * ref[i]);
		total += ref[i];
		sum += area[i];
	}
	assert_float_equal(sum, total, 1e-3 * total);
	score_hairline_free(h);
}

/* A straight, tilted hairline on a zone whose ends follow its normals:
 * every bin is the hairline's length times the bin width; exactly but for
 * the small squares the zone's slanted ends cut (their area is exact, the
 * split of it between bins assumes the whole square): within 1e-4. */
static void test_profile_areas_straight(void **state)
{
	const double nx = -20 / sqrt(2000.0), ny = 40 / sqrt(2000.0);
	struct scalp_point line[2] = { { 0, 0 }, { 40, 20 } };
	struct scalp_polygon zone = { .count = 4, .points = { { -15 * nx, -15 * ny },
		{ 40 - 15 * nx, 20 - 15 * ny }, { 40 + 35 * nx, 20 + 35 * ny },
		{ 35 * nx, 35 * ny } } };
	struct score_frame f = point_set_frame(&zone);
	struct score_zones zs;
	struct score_pattern pat = { .frame = &f, .zones = &zs };
	struct score_hairline *h;
	double area[40];

	(void)state;
	assert_int_equal(score_zones_prepare(&zone, 1, &zs), 0);
	assert_int_equal(score_hairline_new(line, 2, zs.min_x, zs.min_y, zs.max_x, zs.max_y,
					    &h), 0);
	pat.hairline = h;
	assert_int_equal(score_profile_areas(&pat, -10, 1.0, 40, area), 0);
	for (int i = 0; i < 40; i++)
		assert_float_equal(area[i], sqrt(2000.0), 1e-4 * sqrt(2000.0));
	score_hairline_free(h);
}

/* The fit on exact bins of a logistic ramp gets it back exactly. */
static void test_ramp_fit_exact(void **state)
{
	double rho[80], area[80], w = 1.7, s0 = 3.2, b = 1.3, width = 0.5, first = -10;
	struct score_ramp_fit fit;

	(void)state;
	for (int i = 0; i < 80; i++) {
		double l = first + i * width, r = l + width;
		double sp_r = log1p(exp((r - s0) / w)), sp_l = log1p(exp((l - s0) / w));

		rho[i] = b * w / width * (sp_r - sp_l);
		area[i] = i == 7 ? 0 : 100;  /* an empty bin is left out */
	}
	rho[7] = 1e9;
	assert_int_equal(score_ramp_fit(rho, area, 80, first, width, &fit), 0);
	assert_float_equal(fit.w_mm, w, 1e-6);
	assert_float_equal(fit.centre_mm, s0, 1e-6);
	assert_float_equal(fit.plateau, b, 1e-6);
	assert_true(fit.residual < 1e-6);
	/* Sparse front rows, 0.4 over the 10 mm before the rise: the fade
	 * from none (in front of the first bin) to full is wider. */
	for (int i = 0; i < 80; i++) {
		double l = first + i * width, r = l + width;

		rho[i] = 0.4 + (b - 0.4) * w / width *
			 (log1p(exp((r - s0) / w)) - log1p(exp((l - s0) / w)));
		area[i] = 100;
	}
	assert_int_equal(score_ramp_fit(rho, area, 80, first, width, &fit), 0);
	assert_true(fit.w_mm > 2 * w);
	assert_true(fit.residual > 0.05);
	/* Bins as wide as the ramp: still exact, the model is averaged. */
	for (int i = 0; i < 20; i++) {
		double l = first + i * 2.0, r = l + 2.0;

		rho[i] = b * w / 2.0 * (log1p(exp((r - s0) / w)) - log1p(exp((l - s0) / w)));
		area[i] = 50;
	}
	assert_int_equal(score_ramp_fit(rho, area, 20, first, 2.0, &fit), 0);
	assert_float_equal(fit.w_mm, w, 1e-5);
	assert_int_equal(score_ramp_fit(rho, area, 5, first, 2.0, &fit), -EINVAL);
	for (int i = 0; i < 20; i++)
		rho[i] = 0;
	assert_int_equal(score_ramp_fit(rho, area, 20, first, 2.0, &fit), -EINVAL);
}

/* On random dots (Poisson counts in 80 bins of 100 mm^2, 5 000 dots) the
 * fitted w scatters by about 10% (0.14 mm) but is unbiased: the mean of
 * 100 fits is within 0.05 mm (3.5 standard errors) of the true 1.5. */
static void test_ramp_fit_random(void **state)
{
	double mean = 0;

	(void)state;
	point_set_seed = 11;
	for (int run = 0; run < 100; run++) {
		double rho[80] = { 0 }, area[80];
		struct score_ramp_fit fit;

		for (int i = 0; i < 7000; i++) {
			double y;
			int k;

			do
				y = -20 + 60 * point_set_frand();
			while (point_set_frand() > 1 / (1 + exp(-(y - 5) / 1.5)));
			k = (int)floor((y + 10) / 0.5);
			if (k >= 0 && k < 80)
				rho[k]++;
		}
		for (int k = 0; k < 80; k++) {
			area[k] = 100;
			rho[k] /= 100;
		}
		assert_int_equal(score_ramp_fit(rho, area, 80, -10, 0.5, &fit), 0);
		mean += fit.w_mm / 100;
	}
	assert_float_equal(mean, 1.5, 0.05);
}

/* Cumulative dots of the ramp b / (1 + exp(-(s - s0)/w)) from s = lo. */
static double ramp_mass(double s, double lo, double s0, double w)
{
	return w * (log1p(exp((s - s0) / w)) - log1p(exp((lo - s0) / w)));
}

/*
 * Dots whose density follows a logistic ramp behind a straight hairline:
 * dot i sits at the s where the ramp's cumulative mass reaches
 * (i + 1/2) / N of the whole (so each bin holds its due to within one
 * dot) and at x = frac(i phi) of the width (evenly spread).
 */
static void ramp_dots(struct point_set *s, double width_mm, double lo, double hi, double s0,
		      double w, double per_mm2)
{
	double total = ramp_mass(hi, lo, s0, w);
	size_t n = (size_t)floor(total * width_mm * per_mm2);
	const double phi = (sqrt(5.0) - 1) / 2;

	for (size_t i = 0; i < n; i++) {
		double target = (i + 0.5) / (double)n * total, a = lo, b = hi;

		for (int it = 0; it < 60; it++) {
			double mid = (a + b) / 2;

			if (ramp_mass(mid, lo, s0, w) < target)
				a = mid;
			else
				b = mid;
		}
		point_set_add(s, width_mm * fmod((double)i * phi, 1.0), (a + b) / 2);
	}
}

static void test_hairline_ramp(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, -20, 200, 40);
	struct scalp_point hairline[3] = { { 0, 0 }, { 120, 0 }, { 200, 0 } };
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;
	const double w = 1.5;

	(void)state;
	f.hairline = hairline;
	f.hairline_count = 3;
	ramp_dots(&s, 200, -20, 40, 5, w, 1.0);
	m = point_set_measure(&s, &f);
	assert_true(m.valid[SCORE_HAIRLINE_WIDTH]);
	assert_float_equal(m.value[SCORE_HAIRLINE_WIDTH], 2 * log(9.0) * w,
			   0.01 * 2 * log(9.0) * w);
	assert_true(m.value[SCORE_HAIRLINE_RESIDUAL] < 0.03);
	point_set_free(&s);

	/* A soft ramp, w = 4 mm (17.6 mm from 10% to 90%). */
	ramp_dots(&s, 200, -20, 40, 8, 4, 0.8);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_HAIRLINE_WIDTH], 2 * log(9.0) * 4,
			   0.01 * 2 * log(9.0) * 4);
	point_set_free(&s);

	/* A harsh edge: even density from the line back, none in front. */
	for (size_t i = 0; i < 6000; i++)
		point_set_add(&s, 200 * fmod((double)i * 0.6180339887498949, 1.0),
			      40 * (i + 0.5) / 6000);
	m = point_set_measure(&s, &f);
	assert_true(m.value[SCORE_HAIRLINE_WIDTH] < 0.25);
	assert_true(m.value[SCORE_HAIRLINE_RESIDUAL] < 0.03);

	/* Without a hairline, or with too few dots near it: not measured. */
	f.hairline_count = 0;
	f.hairline = NULL;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_HAIRLINE_WIDTH]);
	assert_false(m.valid[SCORE_HAIRLINE_RESIDUAL]);
	f.hairline = hairline;
	f.hairline_count = 3;
	s.n = 29;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_HAIRLINE_WIDTH]);
	point_set_free(&s);
}

/* A tilted, bent hairline on a zone with a slanted edge: bins cut across
 * cells, partly by clipping and partly by sampling; the ramp still comes
 * back within 2%. */
static void test_hairline_bent(void **state)
{
	/* Two segments at -+8 degrees meeting at (100, 0), a V opening up. */
	const double c = cos(8 * M_PI / 180), sn = sin(8 * M_PI / 180), t = sn / c, w = 2;
	struct scalp_point hairline[3] = { { 0, 100 * t }, { 100, 0 }, { 200, 100 * t } };
	/* The zone ends along the normals through the hairline's ends and
	 * reaches 25 mm in front of it and 45 mm behind. */
	struct scalp_polygon zone = { .count = 5, .points = {
		{ -25 * sn, 100 * t - 25 * c }, { 100, -30 }, { 200 + 25 * sn, 100 * t - 25 * c },
		{ 200 - 45 * sn, 100 * t + 45 * c }, { 45 * sn, 100 * t + 45 * c } } };
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 }, flat = { 0 };
	struct score_metrics m;

	(void)state;
	f.hairline = hairline;
	f.hairline_count = 3;
	/* The straight ramp laid along each half: a dot `along` from the
	 * vertex at signed distance d sits at vertex + along u + d n. Each
	 * half keeps the dots on its side of the bisector x = 100 (the other
	 * half is nearer beyond it). */
	ramp_dots(&flat, 100 / c, -20, 40, 6, w, 1.0);
	for (size_t i = 0; i < flat.n; i++) {
		double along = flat.dots[i].x_mm, d = flat.dots[i].y_mm;
		double xl = 100 - along * c + d * sn, xr = 100 + along * c - d * sn;
		double y = along * sn + d * c;

		if (xl <= 100)
			point_set_add(&s, xl, y);
		if (xr >= 100)
			point_set_add(&s, xr, y);
	}
	m = point_set_measure(&s, &f);
	assert_true(m.valid[SCORE_HAIRLINE_WIDTH]);
	assert_float_equal(m.value[SCORE_HAIRLINE_WIDTH], 2 * log(9.0) * w,
			   0.02 * 2 * log(9.0) * w);
	point_set_free(&s);
	point_set_free(&flat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_incoherent_frames),
		cmocka_unit_test(test_zone_union),
		cmocka_unit_test(test_raster_areas),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_merged_size_outside_pace),
		cmocka_unit_test(test_hex_lattice),
		cmocka_unit_test(test_jittered_grid),
		cmocka_unit_test(test_poisson_disk),
		cmocka_unit_test(test_partial_zone),
		cmocka_unit_test(test_uniform_random),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_periodogram_direct),
		cmocka_unit_test(test_periodogram_large),
		cmocka_unit_test(test_fft),
		cmocka_unit_test(test_density_square),
		cmocka_unit_test(test_density_triangle),
		cmocka_unit_test(test_density_gaps),
		cmocka_unit_test(test_density_ramp),
		cmocka_unit_test(test_signed_distance),
		cmocka_unit_test(test_profile_areas),
		cmocka_unit_test(test_profile_areas_straight),
		cmocka_unit_test(test_ramp_fit_exact),
		cmocka_unit_test(test_ramp_fit_random),
		cmocka_unit_test(test_hairline_ramp),
		cmocka_unit_test(test_hairline_bent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
