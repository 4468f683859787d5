/* test-sim-session: the deposit detector and its live checks at their
 * boundaries, on a scalp and needle built here as tables: depth against
 * pressure per tissue, diameter against dwell, tails and drag lines,
 * overdeep raised mid-contact, each spacing class just inside and just
 * outside its threshold, scar regions judged by their own band, zones,
 * tilt, the pad-to-scalp mapping. Pressures are chosen by inverting the
 * depth model, so each case sits a hair either side of a threshold.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include "sim_session.h"

#define FULL_SCALE_N 4.4
#define HANG 2.0
#define EPS 1e-6

static struct scalp_model model;
static struct needle needle;

static const struct scalp_region base_region = {
	.id = "base", .name = "Base",
	.polygon = { { { 0, 0 }, { 100, 0 }, { 100, 100 }, { 0, 100 } }, 4 },
	.tissue = 0, .epidermis_mm = 0.08, .band_min_mm = 0.5, .band_max_mm = 1.2,
	.overdeep_mm = 1.5,
	.spacing = { .too_close_mm = 0.6, .gap_mm = 1.6, .neighbourhood_mm = 3.0 },
	.technique = { .tail_max_mm = 0.3, .drag_line_mm = 2.0, .oblique_max_deg = 25 },
};

static void build_model(void)
{
	struct scalp_region scar = base_region;

	memset(&model, 0, sizeof(model));
	strcpy(model.id, "test");
	model.width_mm = model.height_mm = 100;
	model.tissues[0] = (struct scalp_tissue){ "normal", 1.5, 1.0, 0.6 };
	model.tissues[1] = (struct scalp_tissue){ "flat-scar", 1.8, 1.6, 1.0 };
	model.tissue_count = 2;
	model.regions[0] = base_region;
	strcpy(scar.id, "scar");
	scar.polygon = (struct scalp_polygon){ { { 60, 0 }, { 80, 0 }, { 80, 100 }, { 60, 100 } }, 4 };
	scar.tissue = 1;
	scar.band_min_mm = 0.4;
	scar.band_max_mm = 0.9;
	scar.overdeep_mm = 1.1;
	model.regions[1] = scar;
	model.region_count = 2;
	needle = (struct needle){ .id = "1rl", .points = 1, .diameter_mm = 0.2,
				  .hang_mm = HANG, .strokes_per_s = 120,
				  .growth_mm_per_mm = 0.25, .saturation_strokes = 40 };
}

/* The pressure that drives the needle to @depth in tissue @t. */
static double pressure_for(double depth, int t)
{
	return -model.tissues[t].force_scale_n * log(1 - depth / HANG) / FULL_SCALE_N;
}

static struct sim_session *session(void)
{
	struct sim_setup setup;
	struct sim_session *s;
	char why[256];

	build_model();
	sim_setup_init(&setup, &model, &needle, FULL_SCALE_N);
	if (sim_session_new(&setup, &s, why, sizeof(why)) < 0)
		fail_msg("%s", why);
	return s;
}

static struct pen_sample sample(double ms, double x, double y, double pressure, bool down)
{
	struct pen_sample p = { .time_us = (int64_t)llround(ms * 1000), .x_mm = x, .y_mm = y,
				.pressure = pressure, .tool = PEN_TOOL_PEN,
				.flags = PEN_IN_PROXIMITY | (down ? PEN_TIP_DOWN : 0) };
	return p;
}

/* Runs samples; collects every event into @events (up to @max). */
static size_t run(struct sim_session *s, const struct pen_sample *p, size_t n,
		  struct sim_event *events, size_t max)
{
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		int k = sim_session_step(s, &p[i], ev);

		assert_true(k >= 0);
		for (int j = 0; j < k && total < max; j++)
			events[total++] = ev[j];
	}
	return total;
}

/* A tap: down at (x, y) with @pressure for @dwell_ms, then up. */
static const struct deposit *tap(struct sim_session *s, double t0, double x, double y,
				 double pressure, double dwell_ms)
{
	struct pen_sample p[2] = { sample(t0, x, y, pressure, true),
				   sample(t0 + dwell_ms, x, y, 0, false) };
	struct sim_event ev[32];
	size_t n = run(s, p, 2, ev, 32);

	assert_int_equal(ev[n - 1].kind, SIM_DEPOSIT_FINISHED);
	return sim_session_deposit(s, ev[n - 1].deposit);
}

static void test_depth_against_pressure_per_tissue(void **state)
{
	static const struct { double depth; int tissue; double x; enum deposit_depth_class c; } rows[] = {
		{ 0.5 - 1e-4, 0, 10, DEPOSIT_SHALLOW }, { 0.5 + 1e-4, 0, 10, DEPOSIT_IN_BAND },
		{ 1.2 - 1e-4, 0, 10, DEPOSIT_IN_BAND }, { 1.2 + 1e-4, 0, 10, DEPOSIT_DEEP },
		{ 1.5 - 1e-4, 0, 10, DEPOSIT_DEEP }, { 1.5 + 1e-4, 0, 10, DEPOSIT_OVERDEEP },
		/* The scar: its own tissue and its own, narrower band. */
		{ 0.4 - 1e-4, 1, 70, DEPOSIT_SHALLOW }, { 0.4 + 1e-4, 1, 70, DEPOSIT_IN_BAND },
		{ 0.9 - 1e-4, 1, 70, DEPOSIT_IN_BAND }, { 0.9 + 1e-4, 1, 70, DEPOSIT_DEEP },
		{ 1.1 - 1e-4, 1, 70, DEPOSIT_DEEP }, { 1.1 + 1e-4, 1, 70, DEPOSIT_OVERDEEP },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sim_session *s = session();
		const struct deposit *d = tap(s, 0, rows[i].x, 50,
					      pressure_for(rows[i].depth, rows[i].tissue), 100);

		assert_float_equal(d->depth_mm, rows[i].depth, 1e-9);
		if (d->depth_class != rows[i].c)
			fail_msg("row %zu: depth %.4f judged %s", i, d->depth_mm,
				 deposit_depth_class_name(d->depth_class));
		assert_int_equal(d->region, rows[i].tissue);
		sim_session_free(s);
	}
}

/* The same pressure goes deeper in normal skin than in stiffer scar, and
 * the depth never passes the needle's hang. */
static void test_scar_judged_by_its_own_band(void **state)
{
	struct sim_session *s = session();
	double p = pressure_for(1.1, 0);
	const struct deposit *normal = tap(s, 0, 10, 50, p, 100);
	double normal_depth = normal->depth_mm;
	const struct deposit *scar = tap(s, 200, 70, 50, p, 100);

	(void)state;
	assert_float_equal(normal_depth, 1.1, 1e-9);
	assert_int_equal(sim_session_deposit(s, 0)->depth_class, DEPOSIT_IN_BAND);
	/* The force for 1.1 mm in normal skin: 2 (1 - exp(-F / 1.8)) in scar,
	 * 0.9719 mm, past the scar's band (0.9) but not its overdeep (1.1). */
	assert_float_equal(scar->depth_mm, HANG * (1 - exp(-p * FULL_SCALE_N / 1.8)), 1e-12);
	assert_float_equal(scar->depth_mm, 0.97189, 1e-5);
	assert_int_equal(scar->depth_class, DEPOSIT_DEEP);
	assert_float_equal(tap(s, 400, 10, 80, 1.0, 100)->depth_mm,
			   HANG * (1 - exp(-FULL_SCALE_N / 1.5)), 1e-12);
	assert_true(tap(s, 600, 10, 90, 50.0, 100)->depth_mm <= HANG);
	sim_session_free(s);
}

static void test_diameter_against_dwell(void **state)
{
	struct sim_session *s = session();
	double p = pressure_for(0.8, 0);
	/* 0 strokes: the footprint; 30 strokes (1/4 s) and 1200 strokes (10 s). */
	const double growth = 0.25 * 0.8 * 1.0;
	const struct { double dwell_ms, grown; } rows[] = {
		{ 0, 0 }, { 250, 1 - exp(-30.0 / 40) }, { 10000, 1 - exp(-1200.0 / 40) },
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const struct deposit *d = tap(s, i * 20000.0, 10 + 10.0 * i, 50, p, rows[i].dwell_ms);

		assert_float_equal(d->diameter_mm, 0.2 + growth * rows[i].grown, 1e-9);
		assert_float_equal(d->blur_mm, 0, 0);
	}
	/* 1.8 mm is 0.6 past the band: blur 0.6 mm/mm * 0.6 mm. */
	assert_float_equal(tap(s, 90000, 50, 50, pressure_for(1.8, 0), 100)->blur_mm,
			   0.36, 1e-9);
	sim_session_free(s);
}

/* Overdeep is raised at the sample that crosses, while the pen is down. */
static void test_overdeep_raised_mid_contact(void **state)
{
	struct sim_session *s = session();
	const struct pen_sample p[] = {
		sample(0, 20, 20, pressure_for(0.3, 0), true),
		sample(5, 20, 20, pressure_for(0.7, 0), true),
		sample(10, 20, 20, pressure_for(1.3, 0), true),
		sample(15, 20, 20, pressure_for(1.6, 0), true),
		sample(20, 20, 20, pressure_for(0.5, 0), true),
		sample(25, 20, 20, 0, false),
	};
	struct sim_event ev[64];
	size_t n = run(s, p, 4, ev, 64), k = 0;

	(void)state;
	/* Up to the crossing sample, the pen never lifted. */
	assert_int_equal(ev[k++].kind, SIM_CONTACT_BEGAN);
	assert_int_equal(ev[k++].kind, SIM_NEEDLE_DEPTH);          /* 0 ms: 0.3 */
	assert_int_equal(ev[k].kind, SIM_DEPTH_CROSSED);          /* 5 ms */
	assert_int_equal(ev[k].depth_class, DEPOSIT_IN_BAND);
	assert_int_equal(ev[k++].time_us, 5000);
	assert_int_equal(ev[k++].kind, SIM_NEEDLE_DEPTH);
	assert_int_equal(ev[k].kind, SIM_DEPTH_CROSSED);          /* 10 ms */
	assert_int_equal(ev[k++].depth_class, DEPOSIT_DEEP);
	assert_int_equal(ev[k++].kind, SIM_NEEDLE_DEPTH);
	assert_int_equal(ev[k].kind, SIM_DEPTH_CROSSED);          /* 15 ms */
	assert_int_equal(ev[k].depth_class, DEPOSIT_OVERDEEP);
	assert_int_equal(ev[k++].time_us, 15000);
	assert_int_equal(ev[k].kind, SIM_FAULT);
	assert_int_equal(ev[k].fault, DEPOSIT_OVERDEEP_FAULT);
	assert_int_equal(ev[k].time_us, 15000);
	assert_float_equal(ev[k++].depth_mm, 1.6, 1e-9);
	assert_int_equal(ev[k++].kind, SIM_NEEDLE_DEPTH);
	assert_int_equal(k, n);
	assert_int_equal(sim_session_deposit_count(s), 0);
	/* The lift finishes it, at its deepest. */
	n = run(s, p + 4, 2, ev, 64);
	assert_int_equal(ev[n - 1].kind, SIM_DEPOSIT_FINISHED);
	assert_float_equal(sim_session_deposit(s, 0)->depth_mm, 1.6, 1e-9);
	assert_int_equal(sim_session_deposit(s, 0)->faults, DEPOSIT_OVERDEEP_FAULT);
	sim_session_free(s);
}

static void test_tail_and_drag_line(void **state)
{
	static const struct { double drag; uint32_t faults; enum deposit_kind kind; } rows[] = {
		{ 0.3 - EPS, 0, DEPOSIT_DOT },
		{ 0.3 + EPS, DEPOSIT_TAIL, DEPOSIT_DOT },
		{ 2.0 - EPS, DEPOSIT_TAIL, DEPOSIT_DOT },
		{ 2.0 + EPS, DEPOSIT_TAIL | DEPOSIT_DRAG_LINE, DEPOSIT_LINE },
	};
	double p = pressure_for(0.8, 0);

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sim_session *s = session();
		/* Along a diagonal, to check the distance is Euclidean. */
		double dx = rows[i].drag * 0.6, dy = rows[i].drag * 0.8;
		const struct pen_sample pts[] = {
			sample(0, 30, 30, p, true), sample(10, 30 + dx, 30 + dy, p, true),
			sample(20, 30 + dx / 2, 30 + dy / 2, p, true), sample(30, 31, 31, 0, false),
		};
		struct sim_event ev[64];

		run(s, pts, 4, ev, 64);
		assert_int_equal(sim_session_deposit(s, 0)->faults, rows[i].faults);
		assert_int_equal(sim_session_deposit(s, 0)->kind, rows[i].kind);
		assert_float_equal(sim_session_deposit(s, 0)->tail_mm, rows[i].drag, 1e-9);
		sim_session_free(s);
	}
}

/* A dot at (50, 50) first, then one at distance d along x. */
static void test_spacing_classes(void **state)
{
	static const struct { double d; uint32_t faults; } rows[] = {
		{ 0.6 - EPS, DEPOSIT_TOO_CLOSE }, { 0.6 + EPS, 0 },
		{ 1.6 - EPS, 0 }, { 1.6 + EPS, DEPOSIT_GAP },
		{ 3.0 - EPS, DEPOSIT_GAP }, { 3.0 + EPS, 0 }, /* nobody near: no gap */
	};
	double p = pressure_for(0.8, 0);

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sim_session *s = session();
		const struct deposit *d;

		tap(s, 0, 50, 50, p, 50);
		d = tap(s, 100, 50 + rows[i].d, 50, p, 50);
		if (d->faults != rows[i].faults)
			fail_msg("distance %.6f: faults %#x, expected %#x", rows[i].d,
				 d->faults, rows[i].faults);
		assert_float_equal(d->nearest_mm, rows[i].d > 3.0 ? -1 : rows[i].d, 1e-9);
		sim_session_free(s);
	}
}

/* Two equal dots merge when nearer than one diameter. Here too close is
 * relaxed (an override of 0.1 mm) so merging is seen alone. */
static void test_merge_boundary(void **state)
{
	double p = pressure_for(1.0, 0);
	double dwell_ms = 1000; /* 120 strokes: a wide dot */
	double diameter = 0.2 + 0.25 * 1.0 * (1 - exp(-120.0 / 40));

	(void)state;
	for (int side = -1; side <= 1; side += 2) {
		struct sim_setup setup;
		struct sim_session *s;
		char why[256];
		const struct deposit *d;

		build_model();
		sim_setup_init(&setup, &model, &needle, FULL_SCALE_N);
		setup.spacing.too_close_mm = 0.1;
		assert_int_equal(sim_session_new(&setup, &s, why, sizeof(why)), 0);
		tap(s, 0, 50, 50, p, dwell_ms);
		d = tap(s, 2000, 50, 50 + diameter + side * EPS, p, dwell_ms);
		assert_float_equal(d->diameter_mm, diameter, 1e-9);
		assert_int_equal(d->faults, side < 0 ? DEPOSIT_MERGED : 0);
		sim_session_free(s);
	}
}

static void test_zone_and_tilt(void **state)
{
	struct scalp_polygon zone = { { { 10, 10 }, { 40, 10 }, { 40, 40 }, { 10, 40 } }, 4 };
	struct sim_setup setup;
	struct sim_session *s;
	struct pen_sample tilted;
	struct sim_event ev[32];
	char why[256];
	double p = pressure_for(0.8, 0);

	(void)state;
	build_model();
	sim_setup_init(&setup, &model, &needle, FULL_SCALE_N);
	setup.zones = &zone;
	setup.zone_count = 1;
	assert_int_equal(sim_session_new(&setup, &s, why, sizeof(why)), 0);
	assert_int_equal(tap(s, 0, 20, 20, p, 50)->faults, 0);
	assert_int_equal(tap(s, 100, 45, 20, p, 50)->faults, DEPOSIT_OUTSIDE_ZONE);
	/* 25 degrees from perpendicular is the limit. */
	tilted = sample(200, 20, 21.7, p, true); /* 1.7 mm from the first: a gap */
	tilted.flags |= PEN_HAS_TILT;
	tilted.tilt_x_deg = 24.9;
	run(s, &tilted, 1, ev, 32);
	tilted = sample(250, 20, 21.7, 0, false);
	run(s, &tilted, 1, ev, 32);
	assert_int_equal(sim_session_deposit(s, 2)->faults, DEPOSIT_GAP);
	assert_float_equal(sim_session_deposit(s, 2)->skew_ratio, 1 / cos(24.9 * M_PI / 180), 1e-9);
	tilted = sample(300, 25, 35, p, true);
	tilted.flags |= PEN_HAS_TILT;
	tilted.tilt_x_deg = 20;
	tilted.tilt_y_deg = 15;
	assert_int_equal(run(s, &tilted, 1, ev, 32), 3);
	/* atan(sqrt(tan^2 20 + tan^2 16)) = 24.86 degrees: fine. */
	tilted.tilt_y_deg = 16;
	tilted.time_us += 5000;
	assert_int_equal(run(s, &tilted, 1, ev, 32), 1);
	tilted.tilt_y_deg = 17;
	tilted.time_us += 5000;
	assert_int_equal(run(s, &tilted, 1, ev, 32), 2);
	/* atan(sqrt(tan^2 20 + tan^2 17)) = 25.42 degrees: raised at once. */
	assert_int_equal(ev[1].kind, SIM_FAULT);
	assert_int_equal(ev[1].fault, DEPOSIT_OBLIQUE);
	sim_session_free(s);
}

/* Scale 2, rotated 90 degrees, offset (10, 5): pad (3, 4) is scalp (2, 11). */
static void test_pad_to_scalp_mapping(void **state)
{
	struct sim_setup setup;
	struct sim_session *s;
	char why[256];
	const struct deposit *d;

	(void)state;
	build_model();
	sim_setup_init(&setup, &model, &needle, FULL_SCALE_N);
	setup.mapping = (struct sim_mapping){ 10, 5, 2, 90 };
	assert_int_equal(sim_session_new(&setup, &s, why, sizeof(why)), 0);
	d = tap(s, 0, 3, 4, pressure_for(0.8, 0), 50);
	assert_float_equal(d->x_mm, 2, 1e-9);
	assert_float_equal(d->y_mm, 11, 1e-9);
	sim_session_free(s);
	/* One check, the same limits as a lesson's: each value named. */
	setup.mapping.scale = 0;
	assert_int_equal(sim_session_new(&setup, &s, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the mapping's scale must be 0.01 to 100 (1 is real scale), "
			    "not 0");
	setup.mapping.scale = 1e15;
	assert_int_equal(sim_session_new(&setup, &s, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the mapping's scale must be 0.01 to 100 (1 is real scale), "
			    "not 1e+15");
	setup.mapping = (struct sim_mapping){ 1e15, 0, 1, 0 };
	assert_int_equal(sim_mapping_check(&setup.mapping, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the mapping's offset must be within -1000 to 1000 mm, "
			    "not 1e+15,0");
	setup.mapping = (struct sim_mapping){ 0, 0, 1, NAN };
	assert_int_equal(sim_mapping_check(&setup.mapping, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the mapping's rotation must be within -360 to 360 degrees, "
			    "not nan");
	setup.mapping = (struct sim_mapping){ -1000, 1000, 100, -360 };
	assert_int_equal(sim_mapping_check(&setup.mapping, why, sizeof(why)), 0);
}

/* A stream that ends with the pen down still yields its deposit. */
static void test_finish_closes_open_contact(void **state)
{
	struct sim_session *s = session();
	struct pen_sample p = sample(0, 5, 5, pressure_for(0.8, 0), true);
	struct sim_event ev[SIM_STEP_MAX_EVENTS];

	(void)state;
	assert_int_equal(sim_session_step(s, &p, ev), 3); /* began, crossed, depth */
	assert_int_equal(sim_session_finish(s, ev), 1);
	assert_int_equal(ev[0].kind, SIM_DEPOSIT_FINISHED);
	assert_int_equal(sim_session_deposit(s, 0)->up_us, 0);
	assert_int_equal(sim_session_finish(s, ev), 0);
	sim_session_free(s);
}

/* Positions of the growth test: a splitmix64 stream, in 0.01 mm units. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Enough dots to cross the deposit array's growth at 1024, 2048, 4096
 * and 8192 (and a grid cell's at 4, 8, 16 ... points), with a dot merged
 * with and too close to the one before it exactly at each growth and in
 * one crowded cell every 16 taps; every deposit and flag is checked
 * against a brute-force pass over all earlier ones. Under ASan this
 * found the overlap test reading the array from before it moved. */
static void test_growth_brute_force(void **state)
{
	enum { TAPS = 9000 };
	static double xs[TAPS], ys[TAPS];
	struct sim_session *s = session();
	uint64_t rng = 2024;
	size_t at_growth = 0;

	(void)state;
	for (size_t i = 0; i < TAPS; i++) {
		/* Pressures give three depths and so three diameters. */
		double pressure = pressure_for(0.6 + 0.2 * (double)(i % 3), 0);
		const struct deposit *d;

		if (i >= 4 && (i & (i - 1)) == 0) {
			xs[i] = xs[i - 1] + 0.1;
			ys[i] = ys[i - 1];
		} else if (i % 16 == 5) {
			xs[i] = 50.2 + (double)(next_random(&rng) % 30) / 100;
			ys[i] = 30.2 + (double)(next_random(&rng) % 30) / 100;
		} else {
			xs[i] = (double)(next_random(&rng) % 5600 + 100) / 100; /* 1..57 mm */
			ys[i] = (double)(next_random(&rng) % 9800 + 100) / 100;
		}
		d = tap(s, 10.0 * (double)i, xs[i], ys[i], pressure, 5);
		assert_non_null(d);
		assert_int_equal(d->id, i);
	}
	assert_int_equal(sim_session_deposit_count(s), TAPS);
	for (uint32_t i = 0; i < TAPS; i++) {
		const struct deposit *d = sim_session_deposit(s, i);
		double nearest = -1;
		bool merged = false;

		assert_float_equal(d->x_mm, xs[i], 0);
		assert_float_equal(d->y_mm, ys[i], 0);
		for (uint32_t j = 0; j < i; j++) {
			const struct deposit *e = sim_session_deposit(s, j);
			double dx = e->x_mm - d->x_mm, dy = e->y_mm - d->y_mm;
			double dist = sqrt(dx * dx + dy * dy);

			if (dist < (d->diameter_mm + e->diameter_mm) / 2)
				merged = true;
			if (dist <= base_region.spacing.neighbourhood_mm &&
			    (nearest < 0 || dist < nearest))
				nearest = dist;
		}
		if (merged != ((d->faults & DEPOSIT_MERGED) != 0) || nearest != d->nearest_mm)
			fail_msg("deposit %u: merged %d nearest %.17g, the simulator said %d %.17g",
				 i, merged, nearest, (d->faults & DEPOSIT_MERGED) != 0,
				 d->nearest_mm);
		assert_int_equal(nearest >= 0 && nearest < base_region.spacing.too_close_mm,
				 (d->faults & DEPOSIT_TOO_CLOSE) != 0);
		if (i >= 4 && (i & (i - 1)) == 0) {
			assert_true(merged && (d->faults & DEPOSIT_TOO_CLOSE));
			at_growth++;
		}
	}
	assert_int_equal(at_growth, 12); /* 4, 8, ... 8192 */
	sim_session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_against_pressure_per_tissue),
		cmocka_unit_test(test_scar_judged_by_its_own_band),
		cmocka_unit_test(test_diameter_against_dwell),
		cmocka_unit_test(test_overdeep_raised_mid_contact),
		cmocka_unit_test(test_tail_and_drag_line),
		cmocka_unit_test(test_spacing_classes),
		cmocka_unit_test(test_merge_boundary),
		cmocka_unit_test(test_zone_and_tilt),
		cmocka_unit_test(test_pad_to_scalp_mapping),
		cmocka_unit_test(test_finish_closes_open_contact),
		cmocka_unit_test(test_growth_brute_force),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
