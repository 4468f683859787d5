/* test-score-faults: the measures issue 13 added, on sets whose answers
 * are known:
 *  - the fault shares (shallow, deep, too close, oblique, dragged) on
 *    hand-made deposits, exact, and which deposits count in each;
 *  - completion: exact against the target integrated over the cells and
 *    against a lesson's own count; nothing done is 0, not skipped;
 *  - the target field in front of a hairline (nothing due there) and the
 *    share of dots in front of it, exact;
 *  - density dispersion: exact on hand-made counts, and its reference
 *    values (blue noise, jittered grid, random, +-30 % patches, clumps)
 *    over several seeds each;
 *  - the periodogram zone by zone: two distant zones of random dots peak
 *    like one, a grid in one of them is still caught;
 *  - the hairline width on hands with paired dots following known ramps,
 *    over 8 seeds: stable, and near the truth.
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

static struct score_dot deposit_at(double x, double depth)
{
	return (struct score_dot){ .x_mm = x, .y_mm = 5, .depth_mm = depth, .band_min_mm = 0.5,
				   .band_max_mm = 1.2, .diameter_mm = 0.25 };
}

/* Ten deposits, two of them lines: each fault where it counts. */
static void test_fault_shares(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20, 10);
	struct score_frame f = point_set_frame(&zone);
	struct score_dot d[10];
	struct score_metrics m;
	/* 0.4 and 0.45 shallow; 1.3 deep; 1.6 deep but overdeep (not deep);
	 * 1.2 on the band's edge (in); the line at 0.3 shallow, at 1.25 deep */
	const double depth[10] = { 0.8, 0.4, 0.45, 1.3, 1.6, 1.2, 0.8, 0.8, 0.3, 1.25 };

	(void)state;
	for (int i = 0; i < 10; i++)
		d[i] = deposit_at(1 + i, depth[i]);
	d[4].overdeep = true;
	d[8].line = d[9].line = true;
	d[0].too_close = d[1].too_close = true;
	d[8].too_close = true;          /* a line: not a dot, not counted */
	d[2].oblique = true;
	d[9].oblique = true;            /* a line again */
	d[6].tail = d[7].tail = true;
	d[7].outside = true;            /* outside still counts as a fault */
	assert_int_equal(score_metrics_compute(d, 10, &f, &m), 0);
	assert_float_equal(m.value[SCORE_SHALLOW], 3.0 / 10, 1e-12);
	assert_float_equal(m.value[SCORE_DEEP], 2.0 / 10, 1e-12);
	assert_float_equal(m.value[SCORE_OVERDEEP], 1, 0);
	assert_float_equal(m.value[SCORE_TOO_CLOSE], 2.0 / 8, 1e-12);
	assert_float_equal(m.value[SCORE_OBLIQUE], 1.0 / 8, 1e-12);
	/* two tailed dots and two lines of ten deposits */
	assert_float_equal(m.value[SCORE_DRAGGED], 4.0 / 10, 1e-12);
	for (int k = SCORE_SHALLOW; k <= SCORE_DRAGGED; k++)
		assert_true(m.valid[k]);

	/* Only lines: shares of deposits, none of dots. */
	assert_int_equal(score_metrics_compute(d + 8, 2, &f, &m), 0);
	assert_float_equal(m.value[SCORE_DRAGGED], 1, 0);
	assert_float_equal(m.value[SCORE_SHALLOW], 0.5, 0);
	assert_false(m.valid[SCORE_TOO_CLOSE]);
	assert_false(m.valid[SCORE_OBLIQUE]);

	/* Nothing made: no share of anything. */
	assert_int_equal(score_metrics_compute(NULL, 0, &f, &m), 0);
	for (int k = SCORE_SHALLOW; k <= SCORE_DRAGGED; k++)
		assert_false(m.valid[k]);
}

/* 20 x 20 mm at 2 dots/mm^2: 100 cells of 2 mm, 800 dots due. */
static void test_completion(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20, 20);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 5; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
	m = point_set_measure(&s, &f);
	assert_true(m.valid[SCORE_COMPLETION]);
	assert_float_equal(m.value[SCORE_COMPLETION], 0.5, 1e-12);
	/* Lines and dots outside are not the pattern's work. */
	s.dots[0].line = true;
	s.dots[1].outside = true;
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_COMPLETION], 398.0 / 800, 1e-12);
	/* What the advice quotes: the dots in the zone and the dots due. */
	assert_int_equal(m.dots, 399);
	assert_int_equal(m.zone_dots, 398);
	assert_float_equal(m.dots_due, 800, 1e-9);
	/* The lesson's own count wins over the integral. */
	f.target_dots = 1000;
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_COMPLETION], 398.0 / 1000, 1e-12);
	assert_float_equal(m.dots_due, 1000, 0);
	/* Nothing done: 0, measured, against a count or the target. */
	m = point_set_measure(&(struct point_set){ 0 }, &f);
	assert_true(m.valid[SCORE_COMPLETION]);
	assert_float_equal(m.value[SCORE_COMPLETION], 0, 0);
	f.target_dots = 0;
	m = point_set_measure(&(struct point_set){ 0 }, &f);
	assert_true(m.valid[SCORE_COMPLETION]);
	assert_float_equal(m.value[SCORE_COMPLETION], 0, 0);
	assert_false(m.valid[SCORE_DENSITY_DISPERSION]);
	/* Nothing due: nothing to complete. */
	f.target_dots = 0;
	f.density.front_per_mm2 = 0;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_COMPLETION]);
	assert_float_equal(m.dots_due, 0, 0);
	/* A count without a density still is one. */
	f.target_dots = 200;
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_COMPLETION], 398.0 / 200, 1e-12);
	/* A count that is no count is refused, as any incoherent frame:
	 * infinity made every session "nothing done", a negative or NaN one
	 * silently fell back to the integral. */
	{
		const double bad[] = { INFINITY, -1, NAN };
		struct score_metrics out;

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			f.target_dots = bad[i];
			assert_int_equal(score_metrics_compute(s.dots, s.n, &f, &out), -EINVAL);
		}
	}
	point_set_free(&s);
}

/*
 * A hairline across the zone at y = 4, on cell edges: the two front rows
 * of cells (y < 4) are due nothing, the eight behind 8 each (640). Every
 * cell holding 8 dots: 160 too many in front.
 */
static void test_front_target(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 20, 20);
	struct scalp_point hairline[2] = { { 0, 4 }, { 20, 4 } };
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;
	f.hairline = hairline;
	f.hairline_count = 2;
	for (int j = 0; j < 10; j++)
		for (int i = 0; i < 10; i++)
			point_set_fill_cell(&s, 2 * i, 2 * j, 8);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_L1], 160.0 / 640, 1e-12);
	assert_float_equal(m.value[SCORE_COVERAGE], 1, 0);
	assert_float_equal(m.value[SCORE_COMPLETION], 800.0 / 640, 1e-12);
	/* The same under a ramp from 1 to 2 over 4 mm behind the line: rows
	 * due 0, 0, 5, 7, then 8 (the ramp's mean over each row), 600 in
	 * all; 3 and 1 too many in rows 2 and 3. */
	f.density = (struct score_density){ 1, 2, 4 };
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_COMPLETION], 800.0 / 600, 1e-12);
	assert_float_equal(m.value[SCORE_DENSITY_L1], (160.0 + 30 + 10) / 600, 1e-12);
	point_set_free(&s);
}

/* Dots at known distances from a hairline along y = 5 (behind it, +y). */
static void test_hairline_front(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 10, 10);
	struct scalp_point hairline[2] = { { 0, 5 }, { 10, 5 } };
	struct score_frame f = point_set_frame(&zone);
	struct score_dot d[7];
	/* s = -0.1 (within the tolerance), -0.3, -3 (front), +1, 0; a line
	 * far in front (not a dot) and a dot outside the zone far in front
	 * (a dot in front of the line wherever the zone ends) */
	const double y[7] = { 4.9, 4.7, 2, 6, 5, 1, -1 };
	struct score_metrics m;

	(void)state;
	for (int i = 0; i < 7; i++) {
		d[i] = deposit_at(1 + i, 0.8);
		d[i].y_mm = y[i];
	}
	d[5].line = true;
	d[6].outside = true;
	f.hairline = hairline;
	f.hairline_count = 2;
	assert_int_equal(score_metrics_compute(d, 7, &f, &m), 0);
	assert_true(m.valid[SCORE_HAIRLINE_FRONT]);
	assert_float_equal(m.value[SCORE_HAIRLINE_FRONT], 3.0 / 6, 1e-12);
	/* An outside dot behind the line (past the zone's side) is not in front. */
	d[6].y_mm = 8;
	d[6].x_mm = 12;
	assert_int_equal(score_metrics_compute(d, 7, &f, &m), 0);
	assert_float_equal(m.value[SCORE_HAIRLINE_FRONT], 2.0 / 6, 1e-12);
	/* Only dots outside the zone: measured on them. */
	d[6].y_mm = -1;
	assert_int_equal(score_metrics_compute(d + 5, 2, &f, &m), 0);
	assert_true(m.valid[SCORE_HAIRLINE_FRONT]);
	assert_float_equal(m.value[SCORE_HAIRLINE_FRONT], 1, 0);
	/* No dots (a line only), or no hairline: not measured. */
	assert_int_equal(score_metrics_compute(d + 5, 1, &f, &m), 0);
	assert_false(m.valid[SCORE_HAIRLINE_FRONT]);
	f.hairline = NULL;
	f.hairline_count = 0;
	assert_int_equal(score_metrics_compute(d, 7, &f, &m), 0);
	assert_false(m.valid[SCORE_HAIRLINE_FRONT]);
}

/* Two cells of 2 mm at 2 dots/mm^2 (8 due each). */
static void test_dispersion_exact(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, 0, 4, 2);
	struct score_frame f = point_set_frame(&zone);
	struct point_set s = { 0 };
	struct score_metrics m;

	(void)state;
	f.density.front_per_mm2 = 2;
	point_set_fill_cell(&s, 0, 0, 8);
	point_set_fill_cell(&s, 2, 0, 8);
	m = point_set_measure(&s, &f);
	assert_true(m.valid[SCORE_DENSITY_DISPERSION]);
	assert_float_equal(m.value[SCORE_DENSITY_DISPERSION], 0, 0);
	point_set_free(&s);
	/* 12 and 4: k = 1, (16 + 16) / 16 */
	point_set_fill_cell(&s, 0, 0, 8);
	point_set_fill_cell(&s, 0, 0, 4);
	point_set_fill_cell(&s, 2, 0, 4);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_DISPERSION], 2, 1e-12);
	point_set_free(&s);
	/* 6 and 2, half done: judged against 4 and 4, (4 + 4) / 8 */
	point_set_fill_cell(&s, 0, 0, 6);
	point_set_fill_cell(&s, 2, 0, 2);
	m = point_set_measure(&s, &f);
	assert_float_equal(m.value[SCORE_DENSITY_DISPERSION], 1, 1e-12);
	assert_float_equal(m.value[SCORE_COMPLETION], 0.5, 1e-12);
	/* One dot, or no target: not measured. */
	s.n = 1;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_DENSITY_DISPERSION]);
	s.n = 8;
	f.density.front_per_mm2 = 0;
	m = point_set_measure(&s, &f);
	assert_false(m.valid[SCORE_DENSITY_DISPERSION]);
	point_set_free(&s);
}

enum pattern_kind { BLUE, GRID, RANDOM, PATCHES, CLUMPS, EVEN_CLUMPS, PATTERN_KINDS };

/* Clumps of 4 dots 0.6 mm apart (SD) around @p n centres. */
static void clumps_around(struct point_set *s, const struct point_set *centres)
{
	for (size_t i = 0; i < centres->n; i++)
		for (int k = 0; k < 4; k++)
			point_set_add(s, centres->dots[i].x_mm + 0.6 * point_set_gauss(),
			    centres->dots[i].y_mm + 0.6 * point_set_gauss());
}

/* About 4 100 dots on 64 x 64 mm at about 1 dot/mm^2, the frame's target. */
static void make_pattern(struct point_set *s, enum pattern_kind kind)
{
	switch (kind) {
	case BLUE:
		point_set_darts(s, 64, 0.8, 200000);
		break;
	case GRID:
		point_set_jittered_grid(s, 64, 0.25);
		break;
	case RANDOM:
		point_set_uniform(s, 4096, 64);
		break;
	case PATCHES:
		/* +-30 %: r scales as 1 / sqrt(density), 8 mm squares */
		point_set_dart_patches(s, 64, 0.8 / sqrt(1.3), 0.8 / sqrt(0.7), 8, 200000);
		break;
	case CLUMPS:
	case EVEN_CLUMPS: {
		/* clumps of 4, like a hand going back over a spot, around
		 * random centres, or around blue noise's */
		struct point_set centres = { 0 };

		if (kind == CLUMPS)
			point_set_uniform(&centres, 1024, 64);
		else
			point_set_darts(&centres, 64, 1.6, 100000);
		clumps_around(s, &centres);
		point_set_free(&centres);
		break;
	}
	default:
		fail();
	}
}

/*
 * Dispersion's reference values, five seeds of each pattern (cells of
 * 2.83 mm, 8 due): the range each falls in (docs/scoring.md gives them).
 * What matters is the order: blue noise and a jittered grid under
 * +-30 % patches, under random, under clumps. Clumps smaller than a cell
 * around evenly spread centres average out in the cells' counts (under
 * random): nn-cv, too-close and merged judge those.
 */
static void test_dispersion_reference(void **state)
{
	const char *name[PATTERN_KINDS] = { "blue noise", "jittered grid", "random",
					    "+-30% patches", "clumps", "even clumps" };
	const double lo[PATTERN_KINDS] = { 0.12, 0.12, 0.8, 0.45, 2.0, 0.4 };
	const double hi[PATTERN_KINDS] = { 0.25, 0.25, 1.1, 0.75, 3.5, 0.8 };
	struct scalp_polygon zone = point_set_rect(0, 0, 64, 64);
	struct score_frame f = point_set_frame(&zone);

	(void)state;
	for (int kind = 0; kind < PATTERN_KINDS; kind++) {
		double min = INFINITY, max = -INFINITY;

		for (uint64_t seed = 1; seed <= 5; seed++) {
			struct point_set s = { 0 };
			struct score_metrics m;

			point_set_seed = 1000 * (uint64_t)kind + seed;
			make_pattern(&s, kind);
			f.density.front_per_mm2 = (double)s.n / (64 * 64);
			m = point_set_measure(&s, &f);
			assert_true(m.valid[SCORE_DENSITY_DISPERSION]);
			min = fmin(min, m.value[SCORE_DENSITY_DISPERSION]);
			max = fmax(max, m.value[SCORE_DENSITY_DISPERSION]);
			point_set_free(&s);
		}
		print_message("%-14s dispersion %.3f to %.3f\n", name[kind], min, max);
		assert_true(min > lo[kind] && max < hi[kind]);
	}
}

/* temple-points.yaml's two zones, about 600 mm^2 each, 114 mm apart. */
static const struct scalp_polygon temples[2] = {
	{ .count = 10, .points = { { 2, 8 }, { 10, 4 }, { 20, 10 }, { 34, 18 }, { 44, 11 },
				   { 44, 28 }, { 34, 32 }, { 20, 24 }, { 10, 18 }, { 2, 22 } } },
	{ .count = 10, .points = { { 116, 11 }, { 126, 18 }, { 140, 10 }, { 150, 4 },
				   { 158, 8 }, { 158, 22 }, { 150, 18 }, { 140, 24 },
				   { 126, 32 }, { 116, 28 } } },
};

/* @p n random dots in @p zone (rejection from its box, 0..160 x 0..32). */
static void random_in(struct point_set *s, const struct scalp_polygon *zone, size_t n)
{
	while (n > 0) {
		double x = 160 * point_set_frand(), y = 32 * point_set_frand();

		if (scalp_polygon_contains(zone, x, y)) {
			point_set_add(s, x, y);
			n--;
		}
	}
}

/* The periodogram peak over the box of all dots, as it was taken before
 * it went zone by zone. */
static double box_peak(const struct point_set *s)
{
	double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
	double *u = malloc(s->n * sizeof(*u)), *v = malloc(s->n * sizeof(*v));
	struct score_peak peak;

	assert_non_null(u);
	assert_non_null(v);
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < temples[k].count; i++) {
			x0 = fmin(x0, temples[k].points[i].x);
			y0 = fmin(y0, temples[k].points[i].y);
			x1 = fmax(x1, temples[k].points[i].x);
			y1 = fmax(y1, temples[k].points[i].y);
		}
	}
	for (size_t j = 0; j < s->n; j++) {
		u[j] = (s->dots[j].x_mm - x0) / (x1 - x0);
		v[j] = (s->dots[j].y_mm - y0) / (y1 - y0);
	}
	assert_int_equal(score_periodogram(u, v, s->n, (long)ceil((double)s->n / 64),
					   (long)(4 * s->n), &peak, NULL), 0);
	free(u);
	free(v);
	return peak.value;
}

/*
 * The two temples. Over the box of both, random dots peaked at 22 to 35
 * (issue 13): the zones' shapes and the gap between them read as rows.
 * Zone by zone they peak as one zone of random dots does, the highest of
 * a few thousand exponential values (ln 2000 + 0.58 = 8.2). A grid in one
 * zone is still caught: its peak is its N (sinc^2 of the jitter) whatever
 * the other zone holds.
 */
static void test_spectrum_zones(void **state)
{
	struct score_frame one = point_set_frame(temples), two = point_set_frame(temples);

	(void)state;
	two.zone_count = 2;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		struct point_set s = { 0 }, alone = { 0 };
		struct score_metrics m;
		double old;

		point_set_seed = 500 + seed;
		random_in(&s, &temples[0], 600);
		random_in(&s, &temples[1], 600);
		old = box_peak(&s);
		m = point_set_measure(&s, &two);
		print_message("seed %d: two zones %.1f (over their box %.1f)", (int)seed,
			      m.value[SCORE_PERIODOGRAM_PEAK], old);
		assert_true(m.valid[SCORE_PERIODOGRAM_PEAK]);
		assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 5 &&
			    m.value[SCORE_PERIODOGRAM_PEAK] < 16);
		assert_true(old > 20);
		/* One zone of them alone peaks alike. */
		random_in(&alone, &temples[0], 600);
		m = point_set_measure(&alone, &one);
		print_message(", one zone %.1f", m.value[SCORE_PERIODOGRAM_PEAK]);
		assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 5 &&
			    m.value[SCORE_PERIODOGRAM_PEAK] < 16);
		/* A 1 mm grid (jitter 0.1) in the right temple: N sinc^2(0.2 pi)
		 * = 0.875 N at k one dot spacing of its own box. */
		s.n = 600;
		for (int j = 0; j < 32; j++)
			for (int i = 0; i < 44; i++)
				if (scalp_polygon_contains(&temples[1], 114.5 + i, 0.5 + j))
					point_set_add(&s,
						      114.5 + i + 0.1 * (2 * point_set_frand() - 1),
						      0.5 + j + 0.1 * (2 * point_set_frand() - 1));
		m = point_set_measure(&s, &two);
		print_message(", a grid in one %.0f of %zu\n", m.value[SCORE_PERIODOGRAM_PEAK],
			      s.n - 600);
		assert_true(m.value[SCORE_PERIODOGRAM_PEAK] > 0.7 * (double)(s.n - 600));
		/* Too few dots in every zone (31 each): not measured. */
		s.n = 31;
		random_in(&s, &temples[1], 31);
		m = point_set_measure(&s, &two);
		assert_false(m.valid[SCORE_PERIODOGRAM_PEAK]);
		point_set_free(&s);
		point_set_free(&alone);
	}
}

/* The dots due from s = -2 to s (per mm of hairline) of a profile: a
 * logistic ramp (s0, w) of plateau 1, or (w = 0) soft-hairline's target,
 * @p front dots/mm^2 from -2 to 0 (its old target: 0.4; today 0), 0.4 at
 * the line rising linearly to 0.9 at 8 mm. */
static double profile_mass(double s, double s0, double w, double front)
{
	if (w > 0)
		return w * (log1p(exp((s - s0) / w)) - log1p(exp((-2 - s0) / w)));
	if (s <= 0)
		return front * (s + 2);
	if (s <= 8)
		return 2 * front + 0.4 * s + s * s / 32;
	return 2 * front + 5.2 + 0.9 * (s - 8);
}

/*
 * A hand that follows a profile on soft-hairline's 40 x 22 mm (2 mm in
 * front of the hairline y = 0): dot i where the profile's mass reaches
 * (i + 1/2) / N of the whole, at x = frac(i phi) of the width, each moved
 * by 0.3 mm (SD) of aim, and a share of them given a second dot 0.2 to
 * 0.45 mm away (session_gen's clumps).
 */
static void profile_hand(struct point_set *s, double s0, double w, double front, double pairs)
{
	double total = profile_mass(20, s0, w, front);
	size_t n = (size_t)floor(total * 40);
	const double phi = (sqrt(5.0) - 1) / 2;

	for (size_t i = 0; i < n; i++) {
		double t = (i + 0.5) / (double)n * total, a = -2, b = 20, x, y;

		for (int it = 0; it < 60; it++) {
			double mid = (a + b) / 2;

			if (profile_mass(mid, s0, w, front) < t)
				a = mid;
			else
				b = mid;
		}
		x = 40 * fmod((double)i * phi, 1.0) + 0.3 * point_set_gauss();
		y = fmin(20, fmax(-2, (a + b) / 2 + 0.3 * point_set_gauss()));
		point_set_add(s, x, y);
		if (point_set_frand() < pairs) {
			double ang = 2 * M_PI * point_set_frand();
			double d = 0.2 + 0.25 * point_set_frand();

			point_set_add(s, x + d * cos(ang), fmin(20, fmax(-2, y + d * sin(ang))));
		}
	}
}

/* The widths of 8 seeds of a hand into min and max. */
static void width_range(const struct score_frame *f, double s0, double w, double front,
			double pairs, double *min, double *max)
{
	*min = INFINITY;
	*max = -INFINITY;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct point_set s = { 0 };
		struct score_metrics m;

		point_set_seed = 700 + seed;
		profile_hand(&s, s0, w, front, pairs);
		m = point_set_measure(&s, f);
		assert_true(m.valid[SCORE_HAIRLINE_WIDTH]);
		*min = fmin(*min, m.value[SCORE_HAIRLINE_WIDTH]);
		*max = fmax(*max, m.value[SCORE_HAIRLINE_WIDTH]);
		point_set_free(&s);
	}
}

/*
 * The hairline width is stable on clumpy hands (issue 13: one clumpy hand
 * gave 0.27 mm on one seed and 9.6 to 14.6 mm on others). Logistic ramps
 * of 2.2, 4.4 and 8.8 mm with 20 % of dots paired come back within 0.9 mm
 * or 12 % on 8 seeds (measured: 1.38-2.76, 4.14-4.97, 7.90-9.27; the aim's
 * 0.3 mm widens them by 1 to 5 %); soft-hairline's target (6.1 to 8.5 mm)
 * within 2.5 mm whatever the share of pairs, and its old target (0.4
 * dots/mm^2 in front of the line, which a free floor made slide from 4.1
 * to 14.4 mm; 12.9 to 16.5 mm now) within 3.5 mm.
 */
static void test_hairline_pairs(void **state)
{
	struct scalp_polygon zone = point_set_rect(0, -2, 40, 20);
	struct scalp_point hairline[2] = { { -10, 0 }, { 50, 0 } };
	struct score_frame f = point_set_frame(&zone);
	const double w[3] = { 0.5, 1.0, 2.0 }, s0[3] = { 2, 4, 6 };
	double min, max;

	(void)state;
	f.hairline = hairline;
	f.hairline_count = 2;
	f.density = (struct score_density){ 0.4, 0.9, 8 };
	for (int k = 0; k < 3; k++) {
		double truth = 2 * log(9.0) * w[k];

		width_range(&f, s0[k], w[k], 0, 0.2, &min, &max);
		assert_true(fabs(min - truth) < fmax(0.9, 0.12 * truth) &&
			    fabs(max - truth) < fmax(0.9, 0.12 * truth));
	}
	for (int pairs = 0; pairs <= 3; pairs++) {
		width_range(&f, 0, 0, 0, 0.1 * pairs, &min, &max);
		assert_true(min > 6 && max < 9 && max - min < 2.5);
		width_range(&f, 0, 0, 0.4, 0.1 * pairs, &min, &max);
		assert_true(min > 12.5 && max < 17 && max - min < 3.5);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_shares),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_front_target),
		cmocka_unit_test(test_hairline_front),
		cmocka_unit_test(test_dispersion_exact),
		cmocka_unit_test(test_dispersion_reference),
		cmocka_unit_test(test_spectrum_zones),
		cmocka_unit_test(test_hairline_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
