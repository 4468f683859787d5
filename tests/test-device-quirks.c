/* test-device-quirks: the shipped quirks file, matching by ids, and every
 * malformed quirks file refused with its file and line.
 *
 * Bad files are written to a temporary folder from a table of
 * {text, expected message}; the message is compared whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "device_quirks.h"

#define SHIPPED SMPSIM_DATA_DIR "/devices/quirks.yaml"

static struct pen_device device(uint16_t bus, uint16_t vendor, uint16_t product)
{
	struct pen_device dev;

	pen_device_init(&dev);
	snprintf(dev.name, sizeof(dev.name), "test %04x:%04x", vendor, product);
	dev.id.bustype = bus;
	dev.id.vendor = vendor;
	dev.id.product = product;
	return dev;
}

static void test_shipped_file(void **state)
{
	static const struct {
		uint16_t vendor;
		int applied;
		enum pen_proximity_out prox;
	} rows[] = {
		{ 0x056a, 1, PEN_PROXIMITY_OUT_SENT },    /* Wacom */
		{ 0x5543, 1, PEN_PROXIMITY_OUT_NEVER },   /* UC-Logic */
		{ 0x256c, 1, PEN_PROXIMITY_OUT_NEVER },   /* Huion */
		{ 0x0458, 0, PEN_PROXIMITY_OUT_UNKNOWN }, /* Genius: no entry */
	};
	char err[256] = "";

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct pen_device dev = device(BUS_USB, rows[i].vendor, 1);
		struct pen_assembler_config cfg;

		pen_assembler_config_default(&cfg);
		assert_int_equal(device_quirks_apply(SHIPPED, &dev, &cfg, err, sizeof(err)),
				 rows[i].applied);
		assert_int_equal(cfg.proximity_out, rows[i].prox);
		assert_float_equal(cfg.tip_down, 0.05, 0);
		assert_float_equal(cfg.tip_up, 0.01, 0);
	}
}

static char *write_temp(const char *text)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/quirks-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Later entries override earlier ones; only matching entries count. */
static void test_matching_and_order(void **state)
{
	const char *text =
		"quirks:\n"
		"  - name: all of vendor 1\n"
		"    match: { vendor: 0x0001 }\n"
		"    tip-down: 0.08\n"
		"    tip-up: 0.02\n"
		"  - name: one product over bluetooth\n"
		"    match: { bus: bluetooth, vendor: 1, product: 0x0002 }\n"
		"    tip-down: 0.10\n"
		"    proximity-out: never\n"
		"  - name: another vendor\n"
		"    match: { vendor: 0x0002 }\n"
		"    tip-up: 0.03\n";
	char *path = write_temp(text);
	struct pen_device usb = device(BUS_USB, 1, 2), bt = device(BUS_BLUETOOTH, 1, 2);
	struct pen_assembler_config cfg;
	char err[256] = "";

	(void)state;
	pen_assembler_config_default(&cfg);
	assert_int_equal(device_quirks_apply(path, &usb, &cfg, err, sizeof(err)), 1);
	assert_float_equal(cfg.tip_down, 0.08, 0);
	assert_float_equal(cfg.tip_up, 0.02, 0);
	assert_int_equal(cfg.proximity_out, PEN_PROXIMITY_OUT_UNKNOWN);
	pen_assembler_config_default(&cfg);
	assert_int_equal(device_quirks_apply(path, &bt, &cfg, err, sizeof(err)), 2);
	assert_float_equal(cfg.tip_down, 0.10, 0);
	assert_int_equal(cfg.proximity_out, PEN_PROXIMITY_OUT_NEVER);
	unlink(path);
}

static void test_bad_files(void **state)
{
	static const struct { const char *text, *message; } rows[] = {
		{ "quirks:\n  - match: { vendor: 0x1 }\n    tip-dwn: 0.1\n",
		  "3: unknown key 'tip-dwn' (name, match, proximity-out, tip-down, tip-up)" },
		{ "quirks:\n  - match: { vendor: 0x10000 }\n",
		  "2: '0x10000' is not a 16-bit id (write hex as 0x056a)" },
		{ "quirks:\n  - match: { vendor: wacom }\n",
		  "2: 'wacom' is not a 16-bit id (write hex as 0x056a)" },
		{ "quirks:\n  - match: { bus: firewire }\n",
		  "2: unknown bus 'firewire' (usb, bluetooth, i2c, serial)" },
		{ "quirks:\n  - match: { colour: red }\n",
		  "2: unknown match key 'colour' (bus, vendor, product)" },
		{ "quirks:\n  - name: no match\n    tip-down: 0.1\n",
		  "2: quirk without 'match'" },
		{ "quirks:\n  - match: { vendor: 1 }\n    tip-down: 1.5\n",
		  "3: '1.5' must be a fraction between 0 and 1" },
		{ "quirks:\n  - match: { vendor: 1 }\n    proximity-out: sometimes\n",
		  "3: proximity-out is sent, never or unknown, not 'sometimes'" },
		{ "quirks:\n  - match: { vendor: 1 }\n    tip-up: [0.1]\n",
		  "3: 'tip-up' needs a single value" },
		{ "quirks:\n  - match: { vendor: 1 }\n    tip-down: 0.02\n    tip-up: 0.03\n",
		  "2: for test 0001:0001, tip-up (0.03) must be below tip-down (0.02)" },
		{ "devices: []\n", "1: expected a top-level 'quirks:' list" },
		{ "quirks:\n  - match: { vendor: 1 }\n   bad: : x\n",
		  "3: did not find expected '-' indicator" }, /* libfyaml's words */
	};
	struct pen_device dev = device(BUS_USB, 1, 1);

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *path = write_temp(rows[i].text);
		struct pen_assembler_config cfg, before;
		char err[256] = "", want[320];

		pen_assembler_config_default(&cfg);
		before = cfg;
		assert_int_equal(device_quirks_apply(path, &dev, &cfg, err, sizeof(err)), -EINVAL);
		/* Nothing of a bad file is applied. */
		assert_memory_equal(&cfg, &before, sizeof(cfg));
		snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
		assert_string_equal(err, want);
		unlink(path);
	}
}

static void test_missing_file(void **state)
{
	struct pen_device dev = device(BUS_USB, 1, 1);
	struct pen_assembler_config cfg;
	char err[256] = "";

	(void)state;
	pen_assembler_config_default(&cfg);
	assert_int_equal(device_quirks_apply("/nonexistent/quirks.yaml", &dev, &cfg,
					     err, sizeof(err)), -EINVAL);
	assert_int_equal(strncmp(err, "/nonexistent/quirks.yaml", 24), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file),
		cmocka_unit_test(test_matching_and_order),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
