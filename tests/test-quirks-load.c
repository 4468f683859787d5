/* test-quirks-load: the shipped quirks file, matching by ids and folding
 * in file order, and every malformed quirks file refused with its file and
 * line.
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

#include "device_quirks.h"
#include "quirks_load.h"
#include "tmp_files.h"

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

/* Loads @p path and applies it to @p dev from the defaults. */
static int apply_file(const char *path, const struct pen_device *dev,
		      struct device_settings *set, char *err, size_t size)
{
	struct device_quirk *q;
	size_t n;
	int rc;

	device_settings_default(set);
	rc = quirks_load(path, &q, &n, err, size);
	if (rc < 0)
		return rc;
	rc = device_quirks_apply(q, n, dev, set, err, size);
	free(q);
	return rc;
}

static void test_shipped_file(void **state)
{
	static const struct {
		uint16_t vendor;
		int applied;
		enum pen_proximity_out prox;
	} rows[] = {
		/* Every device gets the catch-all calibration entry too. */
		{ 0x056a, 2, PEN_PROXIMITY_OUT_SENT },    /* Wacom */
		{ 0x5543, 2, PEN_PROXIMITY_OUT_NEVER },   /* UC-Logic */
		{ 0x256c, 2, PEN_PROXIMITY_OUT_NEVER },   /* Huion */
		{ 0x0458, 1, PEN_PROXIMITY_OUT_UNKNOWN }, /* Genius: no entry */
	};
	char err[256] = "";

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct pen_device dev = device(BUS_USB, rows[i].vendor, 1);
		struct device_settings set;

		assert_int_equal(apply_file(SHIPPED, &dev, &set, err, sizeof(err)),
				 rows[i].applied);
		assert_int_equal(set.assembler.proximity_out, rows[i].prox);
		assert_float_equal(set.assembler.tip_down, 0.05, 0);
		assert_float_equal(set.assembler.tip_up, 0.01, 0);
		assert_float_equal(set.force_full_scale_n, 4.4, 0);
	}
}

static char *write_bytes(char *bytes, size_t len)
{
	static char path[4096];

	tmp_files_write("quirks", "yaml", bytes, len, path, sizeof(path));
	free(bytes);
	return path;
}

/* Writes @p text, its markers expanded (tmp_files_expand_markers). */
static char *write_temp(const char *text)
{
	size_t len;
	char *bytes = tmp_files_expand_markers(text, strlen(text), &len);

	return write_bytes(bytes, len);
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
	struct device_settings set;
	char err[256] = "";

	(void)state;
	assert_int_equal(apply_file(path, &usb, &set, err, sizeof(err)), 1);
	assert_float_equal(set.assembler.tip_down, 0.08, 0);
	assert_float_equal(set.assembler.tip_up, 0.02, 0);
	assert_int_equal(set.assembler.proximity_out, PEN_PROXIMITY_OUT_UNKNOWN);
	assert_float_equal(set.force_full_scale_n, 0, 0);
	assert_int_equal(apply_file(path, &bt, &set, err, sizeof(err)), 2);
	assert_float_equal(set.assembler.tip_down, 0.10, 0);
	assert_int_equal(set.assembler.proximity_out, PEN_PROXIMITY_OUT_NEVER);
}

static void test_bad_files(void **state)
{
	static const struct { const char *text, *message; } rows[] = {
		{ "quirks:\n  - name: a\n    match: { vendor: 0x1 }\n    tip-dwn: 0.1\n",
		  "4: quirk: unknown key 'tip-dwn' (known: name, match, proximity-out, "
		  "tip-down, tip-up, force-full-scale-n, pressure-unit-n)" },
		{ "quirks:\n  - name: a\n    match: { vendor: 0x10000 }\n",
		  "3: 'vendor' is not a 16-bit id (write hex as 0x056a), not '0x10000'" },
		{ "quirks:\n  - name: a\n    match: { vendor: wacom }\n",
		  "3: 'vendor' is not a 16-bit id (write hex as 0x056a), not 'wacom'" },
		{ "quirks:\n  - name: a\n    match: { bus: firewire }\n",
		  "3: 'bus' is one of usb, bluetooth, i2c, serial, not 'firewire'" },
		{ "quirks:\n  - name: a\n    match: { colour: red }\n",
		  "3: match: unknown key 'colour' (known: bus, vendor, product)" },
		{ "quirks:\n  - name: no match\n    tip-down: 0.1\n",
		  "2: quirk: missing 'match'" },
		{ "quirks:\n  - match: {}\n    tip-down: 0.1\n",
		  "2: quirk: missing 'name'" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    tip-down: 1.5\n",
		  "4: 'tip-down' must be above 0 and below 1, not 1.5" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    tip-down: lots\n",
		  "4: 'tip-down' needs a number, not 'lots'" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    proximity-out: sometimes\n",
		  "4: 'proximity-out' is one of unknown, sent, never, not 'sometimes'" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    tip-up: [0.1]\n",
		  "4: 'tip-up' needs a number" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    tip-down: 0.02\n    tip-up: 0.03\n",
		  "2: tip-up (0.03) must be below tip-down (0.02)" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    force-full-scale-n: 0\n",
		  "4: 'force-full-scale-n' must be above 0 and at most 100, not 0" },
		{ "devices: []\n", "1: expected a top-level 'quirks:' list and nothing else" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n   bad: : x\n",
		  "4: did not find expected '-' indicator" }, /* libfyaml's words */
		{ "quirks: 3\n", "1: quirks must be a list" },
		/* YAML as written: one document, UTF-8 text, no anchors or aliases, 1 MiB */
		{ "quirks:\n  - name: &a a\n    match: { vendor: 1 }\n",
		  "2: anchor '&a': anchors and aliases are not read; write the value out in full" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n    proximity-out: *never\n",
		  "4: alias '*never': anchors and aliases are not read; write the value out "
		  "in full" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n...\nquirks: []\n",
		  "5: a second document begins here; a data file holds one" },
		{ "quirks:\n  - name: a\n    match: { vendor: 1 }\n---\n",
		  "4: a second document begins here; a data file holds one" },
		{ "quirks:\n  - name: a\n    match: { vendor: !<tag:yaml.org,2002:int> 1 }\n",
		  "3: tag '!<tag:yaml.org,2002:int>' at column 22: tags are not read; write "
		  "the value without it" },
		{ "quirks:\n  - ! { name: a, match: { vendor: 1 } }\n",
		  "2: tag '!' at column 5: tags are not read; write the value without it" },
		{ "quirks:\n  - name: 'Wacom''''s'\n    match: { vendor: 1 }\n",
		  "2: two escaped quotes in a row ('''') in a single-quoted value, which "
		  "libfyaml 0.7.12 misreads; write the value in double quotes" },
		{ "quirks:\n  - name: a\x01\n    match: { vendor: 1 }\n",
		  "2: a NUL byte: a data file is text" },
		{ "quirks:\n  - name: a\xf4\x90\x80\x80\n    match: { vendor: 1 }\n",
		  "2: invalid UTF-8: a data file is UTF-8 text" },
		/* libfyaml 0.7.12 loops for ever on this directive (fuzz-yaml) */
		{ "%\xf4\xff\xff\xff\nquirks: []\n",
		  "1: invalid UTF-8: a data file is UTF-8 text" },
		{ "# \x02\nquirks: []\n", " larger than 1 MiB (1048576 bytes), the most a data "
		  "file may be" },
	};
	struct pen_device dev = device(BUS_USB, 1, 1);

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *path = write_temp(rows[i].text);
		struct device_quirk *q = (void *)&dev;
		size_t n = 99;
		char err[512] = "", want[4608];

		assert_int_equal(quirks_load(path, &q, &n, err, sizeof(err)), -EINVAL);
		/* Nothing of a bad file is handed out. */
		assert_null(q);
		assert_int_equal(n, 0);
		snprintf(want, sizeof(want), "%s:%s", path, rows[i].message);
		assert_string_equal(err, want);
	}
}

/* A file of exactly YAML_FILE_SIZE_MAX bytes is read; one byte more is
 * refused before it is parsed. */
static void test_size_limit(void **state)
{
	static const char text[] = "quirks:\n  - name: a\n    match: { vendor: 1 }\n# @\n";
	size_t pad = 1024 * 1024 - (sizeof(text) - 2), n, len;
	struct device_quirk *q;
	char err[512] = "", want[4200];
	char *path, *bytes;

	(void)state;
	bytes = tmp_files_expand(text, sizeof(text) - 1, '@', 'x', pad, &len);
	path = write_bytes(bytes, len);
	if (quirks_load(path, &q, &n, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(n, 1);
	free(q);
	bytes = tmp_files_expand(text, sizeof(text) - 1, '@', 'x', pad + 1, &len);
	path = write_bytes(bytes, len);
	assert_int_equal(len, 1024 * 1024 + 1);
	assert_int_equal(quirks_load(path, &q, &n, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s: larger than 1 MiB (1048576 bytes), the most a "
		 "data file may be", path);
	assert_string_equal(err, want);
}

static void test_missing_file(void **state)
{
	struct device_quirk *q;
	size_t n;
	char err[256] = "";

	(void)state;
	assert_int_equal(quirks_load("/nonexistent/quirks.yaml", &q, &n, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "/nonexistent/quirks.yaml: cannot read: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file),
		cmocka_unit_test(test_matching_and_order),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
}
