/* test-sim-replay: the real recordings, replayed through pen_source and
 * the simulator on the shipped scalp models and needles, give exactly the
 * expected deposits. Depths are derived from the recordings' greatest
 * pressure through the model (docs/model.md); positions from the raw
 * values at the tip-down frame; tail and tilt are the recorded pen's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child_process.h"
#include "needle_load.h"
#include "pen_source.h"
#include "quirks_load.h"
#include "scalp_load.h"
#include "sim_session.h"

#define FIX(name) SMPSIM_FIXTURES_DIR "/" name
#define DATA(path) SMPSIM_DATA_DIR "/" path

struct expected_deposit {
	double down_ms, up_ms, x_mm, y_mm, force_n, depth_mm, diameter_mm, blur_mm;
	double tail_mm, tilt_deg;
	const char *region;
	enum deposit_depth_class cls;
	enum deposit_kind kind;
	uint32_t faults;
};

struct replay_case {
	const char *file, *desc, *scalp, *needle;
	struct pen_pad_size pad;
	size_t count;
	struct expected_deposit d[2];
};

static double depth(double force, double f0)
{
	return 2.0 * (1 - exp(-force / f0));
}

static double diameter(double footprint, double depth_mm, double spread, double dwell_ms)
{
	return footprint + 0.25 * depth_mm * spread * (1 - exp(-dwell_ms / 1000 * 120 / 40));
}

static void run_case(const struct replay_case *c)
{
	struct device_quirk *quirks;
	size_t nq;
	struct pen_source_options o = { .pad_size = c->pad };
	struct pen_source *src;
	struct scalp_model scalp;
	struct needle needle;
	struct sim_setup setup;
	struct sim_session *sim;
	struct pen_sample s;
	struct sim_event ev[SIM_STEP_MAX_EVENTS];
	char err[512];
	int rc;

	if (quirks_load(DATA("devices/quirks.yaml"), &quirks, &nq, err, sizeof(err)) < 0 ||
	    scalp_load(c->scalp, &scalp, err, sizeof(err)) < 0 ||
	    needle_load(c->needle, &needle, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	o.quirks = quirks;
	o.quirk_count = nq;
	if (pen_source_open_recording(c->file, c->desc, &o, &src, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_float_equal(pen_source_settings(src)->force_full_scale_n, 4.4, 0);
	sim_setup_init(&setup, &scalp, &needle, pen_source_settings(src)->force_full_scale_n);
	assert_int_equal(sim_session_new(&setup, &sim, err, sizeof(err)), 0);
	while ((rc = pen_source_next(src, &s, -1)) == 1)
		assert_true(sim_session_step(sim, &s, ev) >= 0);
	assert_int_equal(rc, -ENODATA);
	assert_true(sim_session_finish(sim, ev) >= 0);

	assert_int_equal(sim_session_deposit_count(sim), c->count);
	for (uint32_t i = 0; i < c->count; i++) {
		const struct deposit *d = sim_session_deposit(sim, i);
		const struct expected_deposit *e = &c->d[i];

		assert_int_equal(d->id, i);
		assert_int_equal(d->down_us, llround(e->down_ms * 1000));
		assert_int_equal(d->up_us, llround(e->up_ms * 1000));
		assert_float_equal(d->x_mm, e->x_mm, 1e-9);
		assert_float_equal(d->y_mm, e->y_mm, 1e-9);
		assert_string_equal(scalp.regions[d->region].id, e->region);
		assert_float_equal(d->force_n, e->force_n, 1e-9);
		assert_float_equal(d->depth_mm, e->depth_mm, 1e-9);
		assert_float_equal(d->diameter_mm, e->diameter_mm, 1e-9);
		assert_float_equal(d->blur_mm, e->blur_mm, 1e-9);
		assert_float_equal(d->tail_mm, e->tail_mm, 1e-4);
		assert_float_equal(d->tilt_deg, e->tilt_deg, 1e-2);
		assert_int_equal(d->depth_class, e->cls);
		assert_int_equal(d->kind, e->kind);
		assert_int_equal(d->faults, e->faults);
	}
	sim_session_free(sim);
	pen_source_free(src);
	free(quirks);
}

/* Wacom: contact 1 peaks at 223 of 2047, contact 2 at 1267; normal skin,
 * F0 1.5 N; a one-point 0.20 mm needle. Both are strokes, not taps. */
static void test_wacom_on_frontal_temporal(void **state)
{
	const double f1 = 4.4 * 223 / 2047, f2 = 4.4 * 1267 / 2047;
	const double d1 = depth(f1, 1.5), d2 = depth(f2, 1.5);
	const struct replay_case c = {
		FIX("wacom-cintiq-13hd-pen.evemu"), NULL, DATA("scalps/frontal-temporal.yaml"),
		DATA("needles/0601rl.yaml"), { 0, 0 }, 2,
		{ { 27.961, 54.887, (26092 - 400) / 200.0, (11411 - 400) / 200.0, f1, d1,
		    diameter(0.2, d1, 1, 54.887 - 27.961), 0, 4.0225, 29.64, "mid-scalp",
		    DEPOSIT_IN_BAND, DEPOSIT_LINE,
		    DEPOSIT_TAIL | DEPOSIT_OBLIQUE | DEPOSIT_DRAG_LINE },
		  { 205.956, 371.961, 136.07, 78.59, f2, d2,
		    diameter(0.2, d2, 1, 371.961 - 205.956), 0.6 * (d2 - 1.2), 18.2309, 20.84,
		    "mid-scalp", DEPOSIT_OVERDEEP, DEPOSIT_LINE,
		    DEPOSIT_TAIL | DEPOSIT_DRAG_LINE | DEPOSIT_OVERDEEP_FAULT } },
	};

	(void)state;
	assert_float_equal(d1, 0.5471, 1e-4);  /* in band: 0.5 .. 1.2 */
	assert_float_equal(d2, 1.6745, 1e-4);  /* past overdeep 1.5 */
	run_case(&c);
}

/* UC-Logic: one stroke peaking at 451 of 1023, on the occipital skin of
 * the strip-scar model, with a three-point needle. */
static void test_uc_logic_on_strip_scar(void **state)
{
	const double f = 4.4 * 451 / 1023, d = depth(f, 1.5);
	const struct replay_case c = {
		FIX("uc-logic-wp5540u-pen.evemu"), NULL, DATA("scalps/strip-scar.yaml"),
		DATA("needles/0603rl.yaml"), { 0, 0 }, 1,
		{ { 1935.979, 5919.930, 13171 / 235.0, 11085 / 323.0, f, d,
		    diameter(0.2 * 2.1547005383792515, d, 1, 5919.930 - 1935.979),
		    0.6 * (d - 1.2), 12.3731, 0, "occipital", DEPOSIT_DEEP, DEPOSIT_LINE,
		    DEPOSIT_TAIL | DEPOSIT_DRAG_LINE } },
	};

	(void)state;
	assert_float_equal(d, 1.4512, 1e-4);   /* deep: 1.2 .. 1.5 */
	run_case(&c);
}

/* Genius: hovering only, so no deposit at all. */
static void test_genius_on_crown(void **state)
{
	const struct replay_case c = {
		FIX("genius-easypen-i405x.events"), FIX("genius-easypen-i405x.desc"),
		DATA("scalps/crown.yaml"), DATA("needles/0801rl.yaml"), { 139.7, 101.6 }, 0,
		{ { .region = NULL } },
	};

	(void)state;
	run_case(&c);
}

/* The program: deposits listed, and models named by id with their errors. */
static void test_inspect_with_models(void **state)
{
	const char *ok[] = { SMPSIM_BINARY, "inspect", FIX("wacom-cintiq-13hd-pen.evemu"),
			     "--scalp", "frontal-temporal", "--needle", "0601rl", NULL };
	const char *bad[] = { SMPSIM_BINARY, "inspect", FIX("wacom-cintiq-13hd-pen.evemu"),
			      "--scalp", "forehead", "--needle", "0601rl", NULL };
	const char *half[] = { SMPSIM_BINARY, "inspect", FIX("wacom-cintiq-13hd-pen.evemu"),
			       "--scalp", "crown", NULL };
	const char *moved[] = { SMPSIM_BINARY, "inspect", FIX("wacom-cintiq-13hd-pen.evemu"),
				"--scalp", "frontal-temporal", "--needle", "0601rl",
				"--mapping", "-60,-20,1,0", NULL };
	const char *flat[] = { SMPSIM_BINARY, "inspect", FIX("wacom-cintiq-13hd-pen.evemu"),
			       "--scalp", "frontal-temporal", "--needle", "0601rl",
			       "--mapping", "1,2,0,0", NULL };
	struct child_result r;

	(void)state;
	assert_int_equal(child_run(ok, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "deposits    2 (2 drag lines): 1 in band, 0 shallow, "
			       "0 deep, 1 overdeep\n"));
	child_result_free(&r);
	assert_int_equal(child_run(bad, NULL, &r), 0);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "unknown scalp model 'forehead' (there are: crown, "
			    "frontal-temporal, strip-scar)\n");
	assert_string_equal(r.out, "");
	child_result_free(&r);
	assert_int_equal(child_run(half, NULL, &r), 0);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim inspect: --scalp and --needle go together\n");
	child_result_free(&r);
	/* The pad placed 60 mm left and 20 mm up on the scalp. */
	assert_int_equal(child_run(moved, NULL, &r), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\n   0     28.0    68.46    35.05    0.547 in-band"));
	child_result_free(&r);
	assert_int_equal(child_run(flat, NULL, &r), 0);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "smpsim inspect: --mapping 1,2,0,0: the mapping's scale "
			    "must be 0.01 to 100 (1 is real scale), not 0\n");
	child_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wacom_on_frontal_temporal),
		cmocka_unit_test(test_uc_logic_on_strip_scar),
		cmocka_unit_test(test_genius_on_crown),
		cmocka_unit_test(test_inspect_with_models),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
