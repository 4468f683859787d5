/* test-device-quirks: matching quirks to devices by bus, vendor and
 * product, and folding the matches in order. Devices and quirks are
 * tables; the loader of the quirks file is tested in test-quirks-load.
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

#include "device_quirks.h"

static const struct device_quirk quirks[] = {
	{ .name = "everyone", .force_full_scale_n = 4.4 },
	{ .name = "vendor 1", .has_vendor = true, .vendor = 1, .tip_down = 0.08,
	  .has_proximity_out = true, .proximity_out = PEN_PROXIMITY_OUT_NEVER },
	{ .name = "vendor 1 product 2 on bluetooth", .has_bus = true, .bus = BUS_BLUETOOTH,
	  .has_vendor = true, .vendor = 1, .has_product = true, .product = 2,
	  .tip_up = 0.03, .force_full_scale_n = 3.0,
	  .has_proximity_out = true, .proximity_out = PEN_PROXIMITY_OUT_SENT },
	{ .name = "product 7 of any vendor", .has_product = true, .product = 7,
	  .tip_down = 0.02 },
};

static const struct row {
	const char *what;
	uint16_t bus, vendor, product;
	int applied;
	double tip_down, tip_up, force;
	enum pen_proximity_out prox;
} rows[] = {
	{ "unknown device", BUS_USB, 9, 9, 1, 0.05, 0.01, 4.4, PEN_PROXIMITY_OUT_UNKNOWN },
	{ "vendor 1 on usb", BUS_USB, 1, 2, 2, 0.08, 0.01, 4.4, PEN_PROXIMITY_OUT_NEVER },
	{ "vendor 1 product 2 on bluetooth", BUS_BLUETOOTH, 1, 2, 3, 0.08, 0.03, 3.0,
	  PEN_PROXIMITY_OUT_SENT },
	{ "vendor 1 product 3 on bluetooth", BUS_BLUETOOTH, 1, 3, 2, 0.08, 0.01, 4.4,
	  PEN_PROXIMITY_OUT_NEVER },
};

static struct pen_device device(uint16_t bus, uint16_t vendor, uint16_t product)
{
	struct pen_device dev;

	pen_device_init(&dev);
	snprintf(dev.name, sizeof(dev.name), "pen %x:%x", vendor, product);
	dev.id.bustype = bus;
	dev.id.vendor = vendor;
	dev.id.product = product;
	return dev;
}

static void test_matching_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct pen_device dev = device(r->bus, r->vendor, r->product);
		struct device_settings set;
		char why[256];
		int applied;

		device_settings_default(&set);
		applied = device_quirks_apply(quirks, 3, &dev, &set, why, sizeof(why));
		if (applied != r->applied)
			fail_msg("%s: %d entries applied, expected %d", r->what, applied,
				 r->applied);
		assert_float_equal(set.assembler.tip_down, r->tip_down, 0);
		assert_float_equal(set.assembler.tip_up, r->tip_up, 0);
		assert_float_equal(set.force_full_scale_n, r->force, 0);
		assert_int_equal(set.assembler.proximity_out, r->prox);
	}
}

/* Each entry is sound alone; together, for vendor 1 product 7 on
 * bluetooth, they put tip-up (0.03) above tip-down (0.02). */
static void test_conflict_leaves_settings_unchanged(void **state)
{
	struct pen_device dev = device(BUS_BLUETOOTH, 1, 7);
	struct device_quirk q[4];
	struct device_settings set, before;
	char why[256] = "";

	(void)state;
	memcpy(q, quirks, sizeof(q));
	q[2].has_product = false;
	device_settings_default(&set);
	before = set;
	assert_int_equal(device_quirks_apply(q, 4, &dev, &set, why, sizeof(why)), -EINVAL);
	assert_memory_equal(&set, &before, sizeof(set));
	assert_string_equal(why, "the quirks for pen 1:7 leave tip-up (0.03) at or above "
			    "tip-down (0.02)");
}

/* A rig that reports force in known units (pressure-unit-n): the full
 * scale is the axis's span in those units; a later force-full-scale-n
 * overrides it, as any later entry does; a pen without pressure keeps the
 * default. */
static void test_pressure_unit(void **state)
{
	static const struct {
		const char *what;
		int32_t min, max;      /* the pressure axis; max 0: none */
		bool later_full_scale;
		double force, unit;
	} cases[] = {
		{ "0..1023 at 1 mN", 0, 1023, false, 1.023, 0.001 },
		{ "100..2147 at 2 mN", 100, 2147, false, 4.094, 0.002 },
		{ "then force-full-scale-n", 0, 1023, true, 5.5, 0 },
		{ "no pressure axis", 0, 0, false, 4.4, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pen_device dev = device(BUS_USB, 0x1d50, 0x6170);
		struct device_quirk q[3] = {
			{ .name = "everyone", .force_full_scale_n = 4.4 },
			{ .name = "rig", .has_vendor = true, .vendor = 0x1d50,
			  .pressure_unit_n = i == 1 ? 0.002 : 0.001 },
			{ .name = "later", .force_full_scale_n = 5.5 },
		};
		struct device_settings set;
		char why[256];

		if (cases[i].max) {
			pen_device_enable(&dev, EV_ABS, ABS_PRESSURE);
			dev.abs[ABS_PRESSURE].minimum = cases[i].min;
			dev.abs[ABS_PRESSURE].maximum = cases[i].max;
		}
		device_settings_default(&set);
		assert_int_equal(device_quirks_apply(q, cases[i].later_full_scale ? 3 : 2, &dev,
						     &set, why, sizeof(why)),
				 cases[i].later_full_scale ? 3 : 2);
		if (fabs(set.force_full_scale_n - cases[i].force) > 1e-12)
			fail_msg("%s: %.17g N, expected %g N", cases[i].what,
				 set.force_full_scale_n, cases[i].force);
		assert_true(set.pressure_unit_n == cases[i].unit);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pressure_unit),
		cmocka_unit_test(test_matching_table),
		cmocka_unit_test(test_conflict_leaves_settings_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
