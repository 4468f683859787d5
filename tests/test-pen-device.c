/* test-pen-device: which devices may drive the simulator, and where a pad's
 * size in millimetres comes from (resolution, libwacom, --pad-size, or a
 * refusal). Devices are rows of a table; libwacom is pointed at a data
 * folder of the test's own (tests/data/libwacom) for the Genius, which the
 * system database lacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "evemu_reader.h"
#include "pen_device.h"

#define FIX(name) SMPSIM_FIXTURES_DIR "/" name
#define LIBWACOM_DIR SMPSIM_TEST_DATA_DIR "/libwacom"

enum cap {
	XY = 1 << 0, PEN = 1 << 1, ERASER_ONLY = 1 << 2, PRESSURE = 1 << 3,
	FINGER = 1 << 4, MT = 1 << 5, EMPTY_X = 1 << 6, WIDE_X = 1 << 7,
	WIDE_PRESSURE = 1 << 8, WIDE_MISC = 1 << 9,
};

static const struct usable_row {
	const char *what;
	unsigned int caps;
	const char *why; /* NULL: usable */
} usable_rows[] = {
	{ "pen tablet", XY | PEN | PRESSURE, NULL },
	{ "pen without pressure", XY | PEN, NULL },
	{ "eraser tool only", XY | ERASER_ONLY, NULL },
	{ "pressure, no tool keys (UC-Logic)", XY | PRESSURE, NULL },
	{ "mouse-like", PEN, "no absolute X/Y axes (not a tablet)" },
	{ "touchpad", XY | PRESSURE | FINGER, "a touchpad or touchscreen (finger tool, no pen)" },
	{ "touchscreen", XY | MT, "a multitouch surface (no pen tool)" },
	{ "joystick-like", XY, "neither a pen tool nor a pressure axis" },
	{ "broken X range", XY | PEN | EMPTY_X, "X or Y axis has an empty range" },
	{ "pen and finger (combined)", XY | PEN | FINGER | PRESSURE, NULL },
	{ "X spans all of int32", XY | PEN | PRESSURE | WIDE_X,
	  "axis 00 spans 4294967295 units (-2147483648 to 2147483647), more than "
	  "the 2147483647 an axis can have" },
	{ "pressure spans one more than int32", XY | PEN | PRESSURE | WIDE_PRESSURE,
	  "axis 18 spans 2147483648 units (-1 to 2147483647), more than "
	  "the 2147483647 an axis can have" },
	{ "a wide axis smpsim does not read", XY | PEN | PRESSURE | WIDE_MISC, NULL },
};

static void build(struct pen_device *dev, unsigned int caps)
{
	pen_device_init(dev);
	if (caps & XY) {
		pen_device_enable(dev, EV_ABS, ABS_X);
		pen_device_enable(dev, EV_ABS, ABS_Y);
		dev->abs[ABS_X].maximum = (caps & EMPTY_X) ? 0 : 1000;
		dev->abs[ABS_Y].maximum = 1000;
	}
	if (caps & PEN)
		pen_device_enable(dev, EV_KEY, BTN_TOOL_PEN);
	if (caps & ERASER_ONLY)
		pen_device_enable(dev, EV_KEY, BTN_TOOL_RUBBER);
	if (caps & PRESSURE) {
		pen_device_enable(dev, EV_ABS, ABS_PRESSURE);
		dev->abs[ABS_PRESSURE].maximum = 1023;
	}
	if (caps & WIDE_X)
		dev->abs[ABS_X] = (struct input_absinfo){ .minimum = INT32_MIN,
			.maximum = INT32_MAX, .resolution = 1 };
	if (caps & WIDE_PRESSURE)
		dev->abs[ABS_PRESSURE] = (struct input_absinfo){ .minimum = -1,
			.maximum = INT32_MAX };
	if (caps & WIDE_MISC) {
		pen_device_enable(dev, EV_ABS, ABS_MISC);
		dev->abs[ABS_MISC] = (struct input_absinfo){ .minimum = INT32_MIN,
			.maximum = INT32_MAX };
	}
	if (caps & FINGER)
		pen_device_enable(dev, EV_KEY, BTN_TOOL_FINGER);
	if (caps & MT)
		pen_device_enable(dev, EV_ABS, ABS_MT_POSITION_X);
}

static void test_usable_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(usable_rows) / sizeof(usable_rows[0]); i++) {
		const struct usable_row *row = &usable_rows[i];
		struct pen_device dev;
		char why[PEN_DEVICE_WHY_MAX] = "";
		int rc;

		build(&dev, row->caps);
		rc = pen_device_check_usable(&dev, why, sizeof(why));
		if (row->why) {
			if (rc != -ENOTSUP || strcmp(why, row->why))
				fail_msg("%s: got %d '%s'", row->what, rc, why);
		} else if (rc != 0) {
			fail_msg("%s: refused: %s", row->what, why);
		}
	}
}

static void read_desc(const char *path, struct pen_device *dev)
{
	struct evemu_reader *r;

	assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
	if (evemu_reader_read_description(r, dev) < 0)
		fail_msg("%s", evemu_reader_error(r));
	evemu_reader_free(r);
}

/* X and Y resolutions differ on the UC-Logic: 235 and 323 units/mm. */
static void test_size_from_resolution_not_square(void **state)
{
	struct pen_device dev;
	struct pen_geometry geo;
	struct pen_pad_size user = { 10, 10 };

	(void)state;
	read_desc(FIX("uc-logic-wp5540u-pen.evemu"), &dev);
	/* A resolution wins over whatever the user says. */
	assert_int_equal(pen_geometry_resolve(&dev, LIBWACOM_DIR, &user, &geo, NULL, 0), 0);
	assert_int_equal(geo.source, PEN_SIZE_RESOLUTION);
	assert_float_equal(geo.x_units_per_mm, 235, 0);
	assert_float_equal(geo.y_units_per_mm, 323, 0);
	assert_float_equal(geo.width_mm, 32767 / 235.0, 1e-12);
	assert_float_equal(geo.height_mm, 32767 / 323.0, 1e-12);
}

static void test_size_from_libwacom(void **state)
{
	struct pen_device dev;
	struct pen_geometry geo;

	(void)state;
	read_desc(FIX("genius-easypen-i405x.desc"), &dev);
	assert_int_equal(pen_geometry_resolve(&dev, LIBWACOM_DIR, NULL, &geo, NULL, 0), 0);
	assert_int_equal(geo.source, PEN_SIZE_LIBWACOM);
	/* The test database says 6 x 4 inches. */
	assert_float_equal(geo.width_mm, 6 * 25.4, 1e-9);
	assert_float_equal(geo.height_mm, 4 * 25.4, 1e-9);
	assert_float_equal(geo.x_units_per_mm, 14080 / (6 * 25.4), 1e-9);
}

static void test_size_from_user_then_refused(void **state)
{
	struct pen_device dev;
	struct pen_geometry geo;
	struct pen_pad_size user = { 139.7, 101.6 }, none = { 0, 0 };
	char why[PEN_DEVICE_WHY_MAX];

	(void)state;
	read_desc(FIX("genius-easypen-i405x.desc"), &dev);
	/* The system database does not know the Genius. */
	assert_int_equal(pen_geometry_resolve(&dev, NULL, &user, &geo, why, sizeof(why)), 0);
	assert_int_equal(geo.source, PEN_SIZE_USER);
	assert_float_equal(geo.width_mm, 139.7, 1e-12);
	assert_float_equal(geo.y_units_per_mm, 10240 / 101.6, 1e-12);
	assert_int_equal(pen_geometry_resolve(&dev, NULL, &none, &geo, why, sizeof(why)),
			 -ENODATA);
	assert_string_equal(why, "device 0458:5010 reports no resolution and libwacom "
			    "does not know its size; measure the active area and give "
			    "it as --pad-size WxH (mm)");
	assert_int_equal(geo.source, PEN_SIZE_NONE);
}

static void test_pad_size_parse(void **state)
{
	static const struct { const char *text; int rc; double w, h; } rows[] = {
		{ "139.7x101.6", 0, 139.7, 101.6 }, { "100X50", 0, 100, 50 },
		{ "2000x2000", 0, 2000, 2000 }, { "2000.1x10", -EINVAL, 0, 0 },
		{ "0x10", -EINVAL, 0, 0 }, { "-5x5", -EINVAL, 0, 0 },
		{ "10x", -EINVAL, 0, 0 }, { "x10", -EINVAL, 0, 0 },
		{ "10x10mm", -EINVAL, 0, 0 }, { "nanxnan", -EINVAL, 0, 0 },
		{ "10*10", -EINVAL, 0, 0 }, { "", -EINVAL, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct pen_pad_size size = { 0, 0 };

		if (pen_pad_size_parse(rows[i].text, &size) != rows[i].rc)
			fail_msg("'%s' should give %d", rows[i].text, rows[i].rc);
		assert_float_equal(size.width_mm, rows[i].w, 0);
		assert_float_equal(size.height_mm, rows[i].h, 0);
	}
}

static void test_code_bounds(void **state)
{
	struct pen_device dev;

	(void)state;
	pen_device_init(&dev);
	assert_int_equal(pen_device_enable(&dev, EV_ABS, ABS_MAX), 0);
	assert_int_equal(pen_device_enable(&dev, EV_ABS, ABS_MAX + 1), -EINVAL);
	assert_int_equal(pen_device_enable(&dev, EV_KEY, KEY_MAX), 0);
	assert_int_equal(pen_device_enable(&dev, 0x1f, 0), -EINVAL);
	assert_true(pen_device_has(&dev, EV_ABS, ABS_MAX));
	assert_false(pen_device_has(&dev, EV_ABS, ABS_MAX + 1));
	assert_false(pen_device_has(&dev, EV_REL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usable_table),
		cmocka_unit_test(test_size_from_resolution_not_square),
		cmocka_unit_test(test_size_from_libwacom),
		cmocka_unit_test(test_size_from_user_then_refused),
		cmocka_unit_test(test_pad_size_parse),
		cmocka_unit_test(test_code_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
