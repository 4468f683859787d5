/* test-pen-calibration: the force curve (rig/input/pen_calibration.c) and
 * its file (lessons/calibration_load.c).
 *
 * Curves from a table: exact at every point, 0 at the axis minimum,
 * linear between, the last slope past the last point, clamped at the axis
 * maximum, and monotone over the whole axis; calibrations that are not
 * monotone refused with the point named; bad files refused at their
 * file:line, compared whole.
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

#include "calibration_load.h"
#include "pen_calibration.h"
#include "tmp_files.h"

#define N(g) ((g) * PEN_CALIBRATION_N_PER_G)

static const struct curve_case {
	const char *name;
	int32_t raw_min, raw_max;
	size_t count;
	struct pen_calibration_point points[5];
	/* raw -> the force expected there, exactly */
	struct { double raw, n; } at[6];
} curves[] = {
	{ "one point", 0, 1000, 1, { { 500, 2 } },
	  { { 0, 0 }, { 250, 1 }, { 500, 2 }, { 750, 3 }, { 1000, 4 }, { 2000, 4 } } },
	{ "four loads", 0, 4095, 4, { { 400, N(50) }, { 800, N(100) }, { 1600, N(200) },
				      { 3200, N(400) } },
	  { { -5, 0 }, { 200, N(50) / 2 }, { 400, N(50) }, { 1200, N(150) },
	    { 3200, N(400) }, { 4095, N(400) + N(200) * 895 / 1600 } } },
	{ "a pen resting at 30", 30, 1023, 2, { { 130, 1 }, { 330, 3 } },
	  { { 30, 0 }, { 80, 0.5 }, { 130, 1 }, { 230, 2 }, { 330, 3 }, { 1023, 3 + 693 / 100.0 } } },
	{ "a flattening pen", 0, 2047, 3, { { 1000, 1 }, { 1500, 3 }, { 1800, 3.5 } },
	  { { 500, 0.5 }, { 1250, 2 }, { 1500, 3 }, { 1650, 3.25 }, { 1800, 3.5 },
	    { 2047, 3.5 + 0.5 * 247 / 300 } } },
};

static struct pen_calibration make(const struct curve_case *c)
{
	struct pen_calibration cal;

	memset(&cal, 0, sizeof(cal));
	cal.raw_min = c->raw_min;
	cal.raw_max = c->raw_max;
	cal.count = c->count;
	memcpy(cal.points, c->points, c->count * sizeof(c->points[0]));
	return cal;
}

static void test_curves(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		const struct curve_case *c = &curves[i];
		struct pen_calibration cal = make(c);
		char why[256];
		double prev = -1;

		if (pen_calibration_check(&cal, why, sizeof(why)) < 0)
			fail_msg("%s: %s", c->name, why);
		for (size_t k = 0; k < c->count; k++)
			if (pen_calibration_force(&cal, c->points[k].raw) != c->points[k].force_n)
				fail_msg("%s: not exact at point %zu", c->name, k + 1);
		for (size_t k = 0; k < 6; k++) {
			double got = pen_calibration_force(&cal, c->at[k].raw);

			if (fabs(got - c->at[k].n) > 1e-12 * (1 + c->at[k].n))
				fail_msg("%s: at raw %g: %.17g N, expected %.17g N", c->name,
					 c->at[k].raw, got, c->at[k].n);
		}
		/* Monotone at every raw value of the axis, strictly above 0. */
		for (int32_t raw = c->raw_min; raw <= c->raw_max; raw++) {
			double n = pen_calibration_force(&cal, raw);

			if (!(n > prev) && raw > c->raw_min)
				fail_msg("%s: %g N at raw %d, not above %g N", c->name, n,
					 (int)raw, prev);
			prev = n;
		}
		/* The fraction a session sees maps onto the same axis. */
		assert_true(pen_calibration_force_at(&cal, 1) ==
			    pen_calibration_force(&cal, c->raw_max));
		assert_true(pen_calibration_force_at(&cal, 0) == 0);
	}
}

static void test_check(void **state)
{
	static const struct {
		int32_t raw_min, raw_max;
		size_t count;
		struct pen_calibration_point points[3];
		const char *why;
	} cases[] = {
		{ 0, 1000, 0, { { 0, 0 } }, "a calibration needs 1 to 16 points, not 0" },
		{ 5, 5, 1, { { 5, 1 } }, "the pressure axis 5..5 is empty" },
		{ 0, 1000, 2, { { 500, 2 }, { 400, 3 } },
		  "point 2: raw 400 must be above 500 and at most 1000" },
		{ 0, 1000, 2, { { 400, 2 }, { 500, 2 } },
		  "point 2: 2 N must be more than 2 N (the force must grow with the pressure)" },
		{ 0, 1000, 1, { { 1001, 2 } }, "point 1: raw 1001 must be above 0 and at most 1000" },
		{ 0, 1000, 1, { { 0, 2 } }, "point 1: raw 0 must be above 0 and at most 1000" },
		{ 0, 1000, 1, { { 10, 0 } },
		  "point 1: 0 N must be more than 0 N (the force must grow with the pressure)" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pen_calibration cal;
		char why[256];

		memset(&cal, 0, sizeof(cal));
		cal.raw_min = cases[i].raw_min;
		cal.raw_max = cases[i].raw_max;
		cal.count = cases[i].count;
		memcpy(cal.points, cases[i].points, sizeof(cases[i].points));
		assert_int_equal(pen_calibration_check(&cal, why, sizeof(why)), -EINVAL);
		assert_string_equal(why, cases[i].why);
	}
}

#define GOOD_HEAD \
	"pen-calibration:\n" \
	"  device: { name: \"Pen \\\"A\\\"\", vendor: 0x056a, product: 0x0374 }\n" \
	"  pressure-axis: { min: 0, max: 4095 }\n" \
	"  date: \"2026-12-06T09:00:00Z\"\n" \
	"  loads-g: [50, 100]\n"

static void test_load(void **state)
{
	char path[4096], err[1024];
	struct calibration_file f;
	static const char good[] = GOOD_HEAD
		"  points:\n"
		"    - { raw: 400, grams: 52 }\n"
		"    - { raw: 800, grams: 101.5 }\n";

	(void)state;
	tmp_files_write("cal-good", "yaml", good, sizeof(good) - 1, path, sizeof(path));
	assert_int_equal(calibration_load(path, &f, err, sizeof(err)), 0);
	assert_string_equal(f.name, "Pen \"A\"");
	assert_int_equal(f.vendor, 0x056a);
	assert_int_equal(f.product, 0x0374);
	assert_string_equal(f.date, "2026-12-06T09:00:00Z");
	assert_int_equal(f.load_count, 2);
	assert_true(f.loads_g[0] == 50 && f.loads_g[1] == 100);
	assert_int_equal(f.cal.count, 2);
	assert_int_equal(f.cal.points[1].raw, 800);
	assert_true(f.cal.points[1].force_n == 101.5 * PEN_CALIBRATION_N_PER_G);
	assert_true(f.grams[0] == 52);
	assert_non_null(strstr(f.cal.id, "cal-good"));
	assert_int_equal(strlen(strstr(f.cal.id, " sha256:")), strlen(" sha256:") + 64);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), ".none");
	assert_int_equal(calibration_load(path, &f, err, sizeof(err)), -ENOENT);
}

static void test_bad_files(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "quirks: []\n", "1: expected a top-level 'pen-calibration:' mapping and nothing else" },
		{ GOOD_HEAD "  points:\n    - { raw: 800, grams: 52 }\n    - { raw: 400, grams: 90 }\n",
		  "7: point 2: raw 400 must be above 800 and at most 4095" },
		{ GOOD_HEAD "  points:\n    - { raw: 400, grams: 52 }\n    - { raw: 800, grams: 50 }\n",
		  "7: point 2: 0.490333 N must be more than 0.509946 N (the force must grow with the pressure)" },
		{ GOOD_HEAD "  points:\n    - { raw: 400, grams: -1 }\n",
		  "7: 'grams' must be above 0 and at most 100000, not -1" },
		{ GOOD_HEAD "  points:\n    - { raw: 400, gram: 52 }\n",
		  "7: point: unknown key 'gram' (known: raw, grams)" },
		{ GOOD_HEAD "  points: []\n", "6: points: 1 to 16 points, not 0" },
		{ GOOD_HEAD, "2: pen-calibration: missing 'points'" },
		{ "pen-calibration:\n  device: { name: x, vendor: 1, product: 2 }\n"
		  "  pressure-axis: { min: 9, max: 9 }\n",
		  "3: pressure-axis: min (9) must be below max (9)" },
	};

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[4096], err[1024], want[5000];
		struct calibration_file f;

		tmp_files_write("cal-bad", "yaml", cases[i].text, strlen(cases[i].text), path,
				sizeof(path));
		assert_int_equal(calibration_load(path, &f, err, sizeof(err)), -EINVAL);
		snprintf(want, sizeof(want), "%s:%s", path, cases[i].msg);
		if (strcmp(err, want)) {
			print_error("case %zu:\n got: %s\nwant: %s\n", i, err, want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curves),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
