/* test-inspect-cli: `smpsim inspect` end to end, the way a user runs it.
 *
 * Runs the built program (SMPSIM_BINARY) as a child process through
 * child_process.c (fork/exec, stdout and stderr captured in files) on bad
 * recordings written to temp files, and on the real recordings. A bad one
 * must exit 2 with stderr exactly "FILE:LINE: message\n" and nothing on
 * stdout; a good one exits 0 with empty stderr. JSON output is checked by
 * finding each key once and reading the number after it, no JSON library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child_process.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name


/* Runs "smpsim inspect ARGS...". */
static void inspect(const char *const args[], struct child_result *res)
{
	const char *argv[16] = { SMPSIM_BINARY, "inspect" };
	size_t n = 2;

	for (size_t i = 0; args[i]; i++) {
		assert_true(n < ARRAY_SIZE(argv) - 1);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	assert_int_equal(child_run(argv, NULL, res), 0);
}

/* The number after "KEY": in @p json; the key must appear exactly once and
 * the number must end at ',', '\n' or '}'. */
static long json_number(const char *json, const char *key)
{
	char pattern[64];
	const char *at, *p;
	char *end;
	long v;

	snprintf(pattern, sizeof(pattern), "\"%s\":", key);
	at = strstr(json, pattern);
	if (!at)
		fail_msg("no %s in:\n%s", pattern, json);
	assert_null(strstr(at + 1, pattern));
	p = at + strlen(pattern);
	while (*p == ' ')
		p++;
	v = strtol(p, &end, 10);
	assert_true(end > p);
	assert_true(*end == ',' || *end == '\n' || *end == '}');
	return v;
}

static void assert_json_object(const char *out)
{
	size_t n = strlen(out);

	assert_true(n >= 4);
	assert_memory_equal(out, "{\n", 2);
	assert_string_equal(out + n - 2, "}\n");
}

/* ---- the real recordings ---- */

static void test_wacom_json(void **state)
{
	static const char *const args[] = {
		FIX("wacom-cintiq-13hd-pen.evemu"), "--json", NULL,
	};
	struct child_result res;

	(void)state;
	inspect(args, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_json_object(res.out);
	assert_int_equal(json_number(res.out, "samples"), 79);
	assert_int_equal(json_number(res.out, "contacts"), 2);
	assert_int_equal(json_number(res.out, "events"), 425);    /* its E: lines */
	/* One BTN_TOOL_PEN 1 and one BTN_TOOL_PEN 0 in the recording. */
	assert_int_equal(json_number(res.out, "proximity_in"), 1);
	assert_int_equal(json_number(res.out, "proximity_out"), 1);
	assert_non_null(strstr(res.out, "\"name\": \"Wacom Cintiq 13HD touch Pen\""));
	child_result_free(&res);
}

static void test_wacom_text(void **state)
{
	static const char *const args[] = { FIX("wacom-cintiq-13hd-pen.evemu"), NULL };
	struct child_result res;

	(void)state;
	inspect(args, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "\nevents      425\n"));
	assert_non_null(strstr(res.out, "\nsamples     79\n"));
	assert_non_null(strstr(res.out, "\ncontacts    2\n"));
	child_result_free(&res);
}

/* Contact counts from the fixtures' README; events are their E: lines. */
static void test_uc_logic_json(void **state)
{
	static const char *const args[] = {
		FIX("uc-logic-wp5540u-pen.evemu"), "--json", NULL,
	};
	struct child_result res;

	(void)state;
	inspect(args, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_json_object(res.out);
	assert_int_equal(json_number(res.out, "events"), 1458);
	assert_int_equal(json_number(res.out, "contacts"), 1);
	child_result_free(&res);
}

static void test_genius_json(void **state)
{
	static const char *const args[] = {
		FIX("genius-easypen-i405x.events"),
		"--desc", FIX("genius-easypen-i405x.desc"),
		"--pad-size", "139.7x101.6", "--json", NULL,
	};
	struct child_result res;

	(void)state;
	inspect(args, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_json_object(res.out);
	assert_int_equal(json_number(res.out, "events"), 2421);
	assert_int_equal(json_number(res.out, "contacts"), 0);
	child_result_free(&res);
}

/* ---- written recordings ---- */

/* A usable device (X, Y with resolution, pressure, pen tool) on 14 lines;
 * ids no quirk matches. The first E: line is line 15. */
#define HDR \
	"# EVEMU 1.3\n" \
	"N: CLI Test Pen\n" \
	"I: 0003 1234 5678 0001\n" \
	"B: 00 0b 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 01 04 00 00 00 00 00 00\n" \
	"B: 03 03 00 00 01 00 00 00 00\n" \
	"A: 00 0 10000 0 0 100\n" \
	"A: 01 0 10000 0 0 100\n" \
	"A: 18 0 1023 0 0 0\n"

/* Pen in, tip down at half pressure, up, pen out: 12 events, 1 contact. */
#define STROKE \
	"E: 0.000000 0001 0140 1\n" \
	"E: 0.000000 0003 0000 5000\n" \
	"E: 0.000000 0003 0001 5000\n" \
	"E: 0.000000 0000 0000 0\n" \
	"E: 0.010000 0003 0018 512\n" \
	"E: 0.010000 0001 014a 1\n" \
	"E: 0.010000 0000 0000 0\n" \
	"E: 0.020000 0003 0018 0\n" \
	"E: 0.020000 0001 014a 0\n" \
	"E: 0.020000 0000 0000 0\n" \
	"E: 0.030000 0001 0140 0\n" \
	"E: 0.030000 0000 0000 0\n"

static void test_written_good(void **state)
{
	static const char text[] = HDR STROKE;
	char path[PATH_MAX];
	const char *args[] = { path, "--json", NULL };
	struct child_result res;

	(void)state;
	tmp_files_write("good", "evemu", text, sizeof(text) - 1, path, sizeof(path));
	inspect(args, &res);
	assert_string_equal(res.err, "");
	assert_int_equal(res.status, 0);
	assert_json_object(res.out);
	assert_int_equal(json_number(res.out, "events"), 12);
	assert_int_equal(json_number(res.out, "contacts"), 1);
	assert_int_equal(json_number(res.out, "proximity_in"), 1);
	assert_int_equal(json_number(res.out, "proximity_out"), 1);
	child_result_free(&res);
}

struct bad_case {
	const char *name;
	const char *text;
	size_t len;
	size_t pad;           /* the first '@' in text becomes pad 'x's */
	const char *option;   /* NULL, "--samples" or "--json" */
	const char *expected; /* stderr after "FILE" */
};

#define T(s) .text = (s), .len = sizeof(s) - 1

static const struct bad_case bad_cases[] = {
	{ "empty-file", T(""),
	  .expected = ":1: empty file, not an evemu recording\n" },
	{ "png-header", T("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
	  .expected = ":1: not an evemu line (expected '#', N:, I:, P:, B:, A: or E:)\n" },
	{ "version-2.0", T("# EVEMU 2.0\nN: CLI Test Pen\nI: 0003 1234 5678 0001\n"),
	  .expected = ":1: unknown evemu version 2.0 (this reader knows 1.0 to 1.3)\n" },
	{ "abs-min-above-max", T("# EVEMU 1.3\nN: CLI Test Pen\nI: 0003 1234 5678 0001\n"
	  "A: 00 10 0 0 0 100\n"),
	  .expected = ":4: A: axis 00 has min 10 above max 0\n" },
	{ "abs-span-beyond-int32", T("# EVEMU 1.3\nN: CLI Test Pen\nI: 0003 1234 5678 0001\n"
	  "B: 03 03 00 00 00 00 00 00 00\nA: 00 -2147483648 2147483647 0 0 1\n"),
	  .expected = ":5: A: axis 00 spans 4294967295 units (-2147483648 to 2147483647), "
	  "more than the 2147483647 an axis can have\n" },
	{ "event-cut-short", T(HDR "E: 0.000000 0001 0140 1\nE: 0.000000 0003 00"),
	  .expected = ":16: E: value must be a decimal 32-bit integer\n" },
	{ "event-undeclared", T(HDR "E: 0.000000 0001 0140 1\nE: 0.000000 0003 0002 5\n"),
	  .expected = ":16: E: event 0003 0002 is not one the device declares\n" },
	{ "time-backwards", T(HDR "E: 1.000000 0001 0140 1\nE: 1.000000 0000 0000 0\n"
	  "E: 0.500000 0001 0140 0\n"),
	  .expected = ":17: E: time goes backwards\n" },
	{ "line-4097", T(HDR "E: 0.000000 0001 0140 1\n#@\n"), .pad = 4096,
	  .expected = ":16: line longer than 4096 bytes\n" },
	/* --samples checks the whole recording before printing any sample. */
	{ "samples-bad-at-end", T(HDR STROKE "E: 0.040000 0003 0000 2147483648\n"),
	  .option = "--samples",
	  .expected = ":27: E: value must be a decimal 32-bit integer\n" },
	{ "json-bad-at-end", T(HDR STROKE "E: 0.040000 0003 0000 1 x\n"),
	  .option = "--json",
	  .expected = ":27: E: unexpected text after the value\n" },
};

static void test_bad_recording(void **state)
{
	const struct bad_case *c = *state;
	char path[PATH_MAX], expected[PATH_MAX + 256];
	const char *args[] = { path, c->option, NULL };
	const char *at = c->pad ? memchr(c->text, '@', c->len) : NULL;
	size_t len = c->len;
	char *bytes = malloc(c->len + c->pad + 1);
	struct child_result res;

	assert_non_null(bytes);
	memcpy(bytes, c->text, c->len);
	if (at) {
		size_t head = (size_t)(at - c->text);

		memset(bytes + head, 'x', c->pad);
		memcpy(bytes + head + c->pad, at + 1, c->len - head - 1);
		len = c->len - 1 + c->pad;
	}
	tmp_files_write(c->name, "evemu", bytes, len, path, sizeof(path));
	free(bytes);
	snprintf(expected, sizeof(expected), "%s%s", path, c->expected);
	inspect(args, &res);
	assert_string_equal(res.err, expected);
	assert_int_equal(res.status, 2);
	/* Nothing that could pass for a result; JSON has opened its object. */
	if (!c->option || strcmp(c->option, "--json") != 0)
		assert_string_equal(res.out, "");
	child_result_free(&res);
}

/* --desc: a description line among the events names the events file. */
static void test_desc_events_with_description(void **state)
{
	static const char events[] = "E: 0.000000 0001 0140 1\nN: CLI Test Pen\n";
	char desc_path[PATH_MAX], events_path[PATH_MAX], expected[PATH_MAX + 64];
	const char *args[] = { events_path, "--desc", desc_path, NULL };
	struct child_result res;

	(void)state;
	tmp_files_write("desc", "evemu", HDR, strlen(HDR), desc_path, sizeof(desc_path));
	tmp_files_write("events", "evemu", events, sizeof(events) - 1, events_path, sizeof(events_path));
	snprintf(expected, sizeof(expected), "%s:2: description line among the events\n",
		 events_path);
	inspect(args, &res);
	assert_string_equal(res.err, expected);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	child_result_free(&res);
}

/* --desc: a bad description names the description file. */
static void test_desc_bad(void **state)
{
	static const char desc[] = "# EVEMU 1.3\nN: CLI Test Pen\nI: 0003 1234\n";
	static const char events[] = "E: 0.000000 0001 0140 1\n";
	char desc_path[PATH_MAX], events_path[PATH_MAX], expected[PATH_MAX + 128];
	const char *args[] = { events_path, "--desc", desc_path, NULL };
	struct child_result res;

	(void)state;
	tmp_files_write("desc", "evemu", desc, sizeof(desc) - 1, desc_path, sizeof(desc_path));
	tmp_files_write("events", "evemu", events, sizeof(events) - 1, events_path, sizeof(events_path));
	snprintf(expected, sizeof(expected),
		 "%s:3: I: expected four 16-bit hex ids (bus vendor product version)\n",
		 desc_path);
	inspect(args, &res);
	assert_string_equal(res.err, expected);
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	child_result_free(&res);
}

/* A file that is not there is a failure (1), not bad input (2). */
static void test_missing_file(void **state)
{
	char path[PATH_MAX], expected[PATH_MAX + 64];
	const char *args[] = { path, NULL };
	struct child_result res;
	int n = snprintf(path, sizeof(path), "%s/no-such-recording.evemu", tmp_files_dir());

	(void)state;
	assert_true(n > 0 && (size_t)n < sizeof(path));
	snprintf(expected, sizeof(expected), "%s: No such file or directory\n", path);
	inspect(args, &res);
	assert_string_equal(res.err, expected);
	assert_int_equal(res.status, 1);
	assert_string_equal(res.out, "");
	child_result_free(&res);
}

/* Tip thresholds out of order: bad input (2), the device named and where
 * thresholds come from said. */
static void test_tip_thresholds_out_of_order(void **state)
{
	const char *args[] = { SMPSIM_FIXTURES_DIR "/wacom-cintiq-13hd-pen.evemu", "--tip-down",
			       "0.5", "--tip-up", "0.9", NULL };
	struct child_result res;

	(void)state;
	inspect(args, &res);
	assert_string_equal(res.err, "Wacom Cintiq 13HD touch Pen: tip thresholds must satisfy "
			    "0 < up (0.9) < down (0.5) < 1 (--tip-up, --tip-down, or the "
			    "device's quirks)\n");
	assert_int_equal(res.status, 2);
	assert_string_equal(res.out, "");
	child_result_free(&res);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_wacom_json),
		cmocka_unit_test(test_wacom_text),
		cmocka_unit_test(test_uc_logic_json),
		cmocka_unit_test(test_genius_json),
		cmocka_unit_test(test_written_good),
		cmocka_unit_test(test_desc_events_with_description),
		cmocka_unit_test(test_desc_bad),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_tip_thresholds_out_of_order),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(fixed) + ARRAY_SIZE(bad_cases)];
	size_t n = ARRAY_SIZE(fixed);

	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++, n++)
		tests[n] = (struct CMUnitTest){
			.name = bad_cases[i].name,
			.test_func = test_bad_recording,
			.initial_state = (void *)&bad_cases[i],
		};
	return _cmocka_run_group_tests("inspect", tests, n, tmp_files_setup,
				       tmp_files_teardown);
}
