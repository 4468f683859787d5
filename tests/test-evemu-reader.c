/* test-evemu-reader: rig/evemu_reader against bad recordings, edge cases
 * and the real recordings in SMPSIM_FIXTURES_DIR.
 *
 * The core is one table of recordings written as C strings, each with the
 * exact "name:LINE: message" the reader must give (or NULL when it must read
 * cleanly) and the number of events it must return before that. Every row
 * runs twice: from memory (evemu_reader_new_from_buffer, named after the
 * row) and from a real temp file (the message then names the file).
 *
 * Every row runs twice more checked first (evemu_reader_check): a bad row
 * fails the check with its message, a good one reads the same after it.
 *
 * Beyond the table: files larger than the reader's 64 KiB buffer with lines
 * placed across the refill boundary (exact counts and values), and each
 * fixture read to its E: line count (counted here independently) with exact
 * first/last events and description fields; one checked through a pipe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "evemu_reader.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name

/* The reader's buffer (BUF_SIZE in rig/input/evemu_reader.c): the first refill
 * happens when a line crosses this offset of the file. */
#define REFILL_AT 65536


/* The number of lines that start with "E:", counted without the reader. */
static unsigned long count_event_lines(const char *path)
{
	size_t size;
	char *buf = tmp_files_read(path, &size);
	unsigned long n = 0;

	for (size_t i = 0; i + 1 < size; i++)
		if ((i == 0 || buf[i - 1] == '\n') && buf[i] == 'E' && buf[i + 1] == ':')
			n++;
	free(buf);
	return n;
}

/* ---- the standard device ---- */

/* 16 lines; the first E: line after it is line 17. */
#define HDR \
	"# EVEMU 1.3\n" \
	"# a pen: X, Y, pressure, BTN_TOOL_PEN, BTN_TOUCH, two buttons\n" \
	"N: Test Pen\n" \
	"I: 0003 056a 0333 0110\n" \
	"P: 00 00 00 00 00 00 00 00\n" \
	"B: 00 0b 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 00 00 00 00 00 00 00 00\n" \
	"B: 01 01 1c 00 00 00 00 00 00\n" \
	"B: 03 03 00 00 01 00 00 00 00\n" \
	"A: 00 0 1000 0 0 10\n" \
	"A: 01 0 1000 0 0 10\n" \
	"A: 18 0 1023 0 0 0\n"
#define V13 "# EVEMU 1.3\n"
#define NI "N: Test Pen\nI: 0003 056a 0333 0110\n"
#define E1 "E: 0.000000 0003 0000 500\n"

/* The device of HDR, for events-only readers. */
static struct pen_device hdr_dev;

static void load_hdr_dev(void)
{
	struct evemu_reader *r;

	assert_int_equal(evemu_reader_new_from_buffer("hdr", HDR, strlen(HDR), &r), 0);
	assert_int_equal(evemu_reader_read_description(r, &hdr_dev), 0);
	evemu_reader_free(r);
}

/* ---- the table ---- */

enum read_mode {
	WHOLE,        /* description, then events, from one file */
	EVENTS_ONLY,  /* events only, checked against hdr_dev */
};

struct reader_case {
	const char *name;
	const char *text;
	size_t len;
	size_t pad;             /* the first '@' in text becomes pad 'x's */
	bool zeros;             /* pad zero bytes instead of 'x's */
	enum read_mode mode;
	unsigned long events;   /* events read before the error (or in all) */
	const char *expected;   /* "name:LINE: message", NULL: reads cleanly */
};

#define T(s) .text = (s), .len = sizeof(s) - 1

static const struct reader_case cases[] = {
	/* -- empty, garbage, binary -- */
	{ "empty-file", T(""), .expected =
	  "empty-file:1: empty file, not an evemu recording" },
	{ "png-header", T("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), .expected =
	  "png-header:1: not an evemu line (expected '#', N:, I:, P:, B:, A: or E:)" },
	{ "random-bytes", T("\xb3\x1f\x00\xe7\x9a\x42\n\x05\xff\xc0\x11"), .expected =
	  "random-bytes:1: binary data where text was expected" },
	{ "nul-in-name", T(V13 "N: Test\0Pen\nI: 0003 056a 0333 0110\n"), .expected =
	  "nul-in-name:2: binary data where text was expected" },
	{ "nul-in-id-line", T(V13 "N: Test Pen\nI: 0003\0 056a 0333 0110\n"), .expected =
	  "nul-in-id-line:3: binary data where text was expected" },
	{ "control-bytes-in-comment", T(V13 "# \x01\x02\n" NI), .expected =
	  "control-bytes-in-comment:2: binary data where text was expected" },
	{ "not-an-evemu-line", T(V13 NI "hello\n"), .expected =
	  "not-an-evemu-line:4: not an evemu line (expected '#', N:, I:, P:, B:, A: or E:)" },
	{ "unknown-line-type", T(V13 NI "X: 1\n"), .expected =
	  "unknown-line-type:4: unknown line type 'X:'" },

	/* -- the version line -- */
	{ "missing-version", T("# recorded by hand\n" NI E1), .expected =
	  "missing-version:2: missing version: an evemu description starts with \"# EVEMU 1.x\"" },
	{ "version-2.0", T("# EVEMU 2.0\n" NI), .expected =
	  "version-2.0:1: unknown evemu version 2.0 (this reader knows 1.0 to 1.3)" },
	{ "version-1.9", T("# EVEMU 1.9\n" NI), .expected =
	  "version-1.9:1: unknown evemu version 1.9 (this reader knows 1.0 to 1.3)" },
	{ "version-malformed", T("# EVEMU 1.x\n" NI), .expected =
	  "version-malformed:1: malformed version line, expected \"# EVEMU 1.3\"" },
	{ "version-twice", T(V13 "# EVEMU 1.2\n" NI), .expected =
	  "version-twice:2: second version line" },

	/* -- N: and I: -- */
	{ "name-missing", T(V13 "I: 0003 056a 0333 0110\n"), .expected =
	  "name-missing:2: description lacks its N: line" },
	{ "id-missing", T(V13 "N: Test Pen\n"), .expected =
	  "id-missing:2: description lacks its I: line" },
	{ "name-twice", T(V13 NI "N: Other Pen\n"), .expected =
	  "name-twice:4: second N: line" },
	{ "name-256-bytes", T(V13 "N: @\nI: 0003 056a 0333 0110\n"), .pad = 256, .expected =
	  "name-256-bytes:2: device name longer than 255 bytes" },
	{ "name-255-bytes", T(V13 "N: @\nI: 0003 056a 0333 0110\n"), .pad = 255 },
	{ "id-three-ids", T(V13 "N: Test Pen\nI: 0003 056a 0333\n"), .expected =
	  "id-three-ids:3: I: expected four 16-bit hex ids (bus vendor product version)" },
	{ "id-bad-hex", T(V13 "N: Test Pen\nI: 0003 05z6 0333 0110\n"), .expected =
	  "id-bad-hex:3: I: expected four 16-bit hex ids (bus vendor product version)" },
	{ "id-beyond-16-bits", T(V13 "N: Test Pen\nI: 0003 056a0 0333 0110\n"), .expected =
	  "id-beyond-16-bits:3: I: expected four 16-bit hex ids (bus vendor product version)" },
	{ "id-five-ids", T(V13 "N: Test Pen\nI: 0003 056a 0333 0110 0001\n"), .expected =
	  "id-five-ids:3: I: unexpected text after four ids" },

	/* -- A: -- */
	{ "abs-three-numbers", T(V13 NI "A: 00 0 1000 0\n"), .expected =
	  "abs-three-numbers:4: A: expected decimal min max fuzz flat [resolution]" },
	{ "abs-cut-after-code", T(V13 NI "A: 00\n"), .expected =
	  "abs-cut-after-code:4: A: expected decimal min max fuzz flat [resolution]" },
	{ "abs-six-numbers", T(V13 NI "A: 00 0 1000 0 0 10 5\n"), .expected =
	  "abs-six-numbers:4: A: expected decimal min max fuzz flat [resolution]" },
	{ "abs-bad-decimal", T(V13 NI "A: 00 0 1x00 0 0 10\n"), .expected =
	  "abs-bad-decimal:4: A: expected decimal min max fuzz flat [resolution]" },
	{ "abs-max-beyond-int32", T(V13 NI "A: 00 0 2147483648 0 0 10\n"), .expected =
	  "abs-max-beyond-int32:4: A: expected decimal min max fuzz flat [resolution]" },
	{ "abs-min-above-max", T(V13 NI "A: 00 1000 0 0 0 10\n"), .expected =
	  "abs-min-above-max:4: A: axis 00 has min 1000 above max 0" },
	{ "abs-negative-resolution", T(V13 NI "A: 18 0 1023 0 0 -1\n"), .expected =
	  "abs-negative-resolution:4: A: axis 18 has a negative fuzz, flat or resolution" },
	/* Spans that do not fit an int, as libinput computes them. */
	{ "abs-x-span-beyond-int32", T(V13 NI "A: 00 -2147483648 2147483647 0 0 1\n"),
	  .expected = "abs-x-span-beyond-int32:4: A: axis 00 spans 4294967295 units "
	  "(-2147483648 to 2147483647), more than the 2147483647 an axis can have" },
	{ "abs-pressure-span-beyond-int32", T(V13 NI "A: 18 -1 2147483647 0 0 0\n"),
	  .expected = "abs-pressure-span-beyond-int32:4: A: axis 18 spans 2147483648 units "
	  "(-1 to 2147483647), more than the 2147483647 an axis can have" },
	{ "abs-distance-span-beyond-int32", T(V13 NI "A: 19 -2147483648 0 0 0 0\n"),
	  .expected = "abs-distance-span-beyond-int32:4: A: axis 19 spans 2147483648 units "
	  "(-2147483648 to 0), more than the 2147483647 an axis can have" },
	{ "abs-span-int32-max", T(V13 NI "A: 00 -1 2147483646 0 0 1\n"
	  "A: 1a -2147483648 -1 0 0 0\n") },
	/* An axis smpsim does not read is not judged (ABS_MISC). */
	{ "abs-misc-span-beyond-int32", T(V13 NI "A: 28 -2147483648 2147483647 0 0 0\n") },
	{ "abs-axis-beyond-abs-max", T(V13 NI "A: 40 0 1 0 0 0\n"), .expected =
	  "abs-axis-beyond-abs-max:4: A: axis code must be hex 00..3f" },
	{ "abs-four-numbers-in-1.1", T("# EVEMU 1.1\n" NI
	  "B: 03 03 00 00 00 00 00 00 00\nA: 00 0 1000 0 0\nA: 01 0 1000 0 0\n" E1),
	  .events = 1 },

	/* -- P: and B: -- */
	{ "types-beyond-ev-max", T(V13 NI "B: 00 00 00 00 00 00 00 00 01\n"), .expected =
	  "types-beyond-ev-max:4: B: 00: code 56 is beyond the largest (31)" },
	{ "bits-unknown-type", T(V13 NI "B: 06 00 00 00 00 00 00 00 00\n"), .expected =
	  "bits-unknown-type:4: B: unknown event type" },
	{ "bits-beyond-rel-max", T(V13 NI "B: 02 00 00 01 00 00 00 00 00\n"), .expected =
	  "bits-beyond-rel-max:4: B: code 16 is beyond the largest (15)" },
	{ "bits-beyond-abs-max", T(V13 NI "B: 03 00 00 00 00 00 00 00 01\n"
	  "B: 03 01 00 00 00 00 00 00 00\n"), .expected =
	  "bits-beyond-abs-max:5: B: code 64 is beyond the largest (63)" },
	{ "bits-seven-bytes", T(V13 NI "B: 03 03 00 00 01 00 00 00\n"), .expected =
	  "bits-seven-bytes:4: B: expected 8 hex bytes" },
	{ "bits-bad-hex", T(V13 NI "B: 03 0g 00 00 00 00 00 00 00\n"), .expected =
	  "bits-bad-hex:4: B: expected 8 hex bytes" },
	{ "bits-nine-bytes", T(V13 NI "B: 03 03 00 00 00 00 00 00 00 00\n"), .expected =
	  "bits-nine-bytes:4: B: unexpected text after 8 bytes" },
	{ "props-beyond-prop-max", T(V13 NI "P: 00 00 00 00 01 00 00 00\n"), .expected =
	  "props-beyond-prop-max:4: P: code 32 is beyond the largest (31)" },

	/* -- E: lines cut short -- */
	{ "event-cut-before-value", T(HDR "E: 0.000000 0003 0000\n"), .expected =
	  "event-cut-before-value:17: E: value must be a decimal 32-bit integer" },
	{ "event-cut-in-time", T(HDR "E: 0.0000\n"), .expected =
	  "event-cut-in-time:17: E: timestamp needs six digits of microseconds" },
	{ "event-cut-after-tag", T(HDR "E:\n"), .expected =
	  "event-cut-after-tag:17: E: timestamp must be SECONDS.MICROSECONDS" },
	{ "file-cut-mid-event", T(HDR E1 "E: 0.000001 0003 00"), .events = 1, .expected =
	  "file-cut-mid-event:18: E: value must be a decimal 32-bit integer" },
	{ "event-cut-after-type", T(HDR "E: 0.000000 0003\n"), .expected =
	  "event-cut-after-type:17: E: expected a hex event code" },

	/* -- E: fields malformed or out of range -- */
	{ "event-value-not-decimal", T(HDR "E: 0.000000 0003 0000 five\n"), .expected =
	  "event-value-not-decimal:17: E: value must be a decimal 32-bit integer" },
	{ "event-type-beyond-ev-max", T(HDR "E: 0.000000 0020 0000 5\n"), .expected =
	  "event-type-beyond-ev-max:17: E: unknown event type" },
	{ "event-type-unknown", T(HDR "E: 0.000000 0006 0000 5\n"), .expected =
	  "event-type-unknown:17: E: unknown event type" },
	{ "event-code-beyond-abs-max", T(HDR "E: 0.000000 0003 0040 5\n"), .expected =
	  "event-code-beyond-abs-max:17: E: event code beyond the type's largest (63)" },
	{ "event-code-beyond-key-max", T(HDR "E: 0.000000 0001 0300 1\n"), .expected =
	  "event-code-beyond-key-max:17: E: event code beyond the type's largest (767)" },
	{ "event-code-beyond-syn-max", T(HDR "E: 0.000000 0000 0010 0\n"), .expected =
	  "event-code-beyond-syn-max:17: E: event code beyond the type's largest (15)" },
	{ "event-value-above-int32", T(HDR "E: 0.000000 0003 0000 2147483648\n"), .expected =
	  "event-value-above-int32:17: E: value must be a decimal 32-bit integer" },
	{ "event-value-below-int32", T(HDR "E: 0.000000 0003 0000 -2147483649\n"), .expected =
	  "event-value-below-int32:17: E: value must be a decimal 32-bit integer" },
	{ "event-value-20-digits", T(HDR "E: 0.000000 0003 0000 99999999999999999999\n"), .expected =
	  "event-value-20-digits:17: E: value must be a decimal 32-bit integer" },
	{ "event-value-int32-limits", T(HDR "E: 0.000000 0003 0000 -2147483648\n"
	  "E: 0.000000 0003 0000 2147483647\n"), .events = 2 },
	{ "event-text-after-value", T(HDR "E: 0.000000 0003 0000 5 6\n"), .expected =
	  "event-text-after-value:17: E: unexpected text after the value" },
	{ "event-nul-after-value", T(HDR "E: 0.000000 0003 0000 5\0\0 # x\n"), .expected =
	  "event-nul-after-value:17: E: unexpected text after the value" },
	{ "event-type-bad-hex", T(HDR "E: 0.000000 00g3 0000 5\n"), .expected =
	  "event-type-bad-hex:17: E: expected a hex event type" },
	{ "event-code-bad-hex", T(HDR "E: 0.000000 0003 00x0 5\n"), .expected =
	  "event-code-bad-hex:17: E: expected a hex event code" },
	{ "event-nul-after-type", T(HDR "E: 0.000000 0003\0 0000 5\n"), .expected =
	  "event-nul-after-type:17: E: expected a hex event type" },
	{ "event-value-glued-to-code", T(HDR "E: 0.000000 0003 0000-5\n"), .expected =
	  "event-value-glued-to-code:17: E: expected a hex event code" },
	{ "event-type-not-hex", T(HDR "E: 0.000000 zz03 0000 5\n"), .expected =
	  "event-type-not-hex:17: E: expected a hex event type" },
	{ "abs-axis-bad-hex", T(V13 NI "A: 0g 0 1000 0 0 10\n"), .expected =
	  "abs-axis-bad-hex:4: A: axis code must be hex 00..3f" },
	{ "abs-min-glued-to-axis", T(V13 NI "A: 00-5 1000 0 0 10\n"), .expected =
	  "abs-min-glued-to-axis:4: A: axis code must be hex 00..3f" },

	/* -- timestamps -- */
	{ "time-backwards-usec", T(HDR "E: 1.000000 0003 0000 5\nE: 0.999999 0003 0000 6\n"),
	  .events = 1, .expected = "time-backwards-usec:18: E: time goes backwards" },
	{ "time-backwards-after-syn", T(HDR "E: 2.500000 0003 0000 5\n"
	  "E: 2.500000 0000 0000 0\nE: 2.499999 0003 0001 5\n"),
	  .events = 2, .expected = "time-backwards-after-syn:19: E: time goes backwards" },
	{ "time-equal", T(HDR "E: 2.500000 0003 0000 5\nE: 2.500000 0000 0000 0\n"), .events = 2 },
	{ "time-usec-five-digits", T(HDR "E: 1.00000 0003 0000 5\n"), .expected =
	  "time-usec-five-digits:17: E: timestamp needs six digits of microseconds" },
	{ "time-usec-seven-digits", T(HDR "E: 1.0000000 0003 0000 5\n"), .expected =
	  "time-usec-seven-digits:17: E: timestamp needs six digits of microseconds" },
	{ "time-no-fraction", T(HDR "E: 5 0003 0000 5\n"), .expected =
	  "time-no-fraction:17: E: timestamp must be SECONDS.MICROSECONDS" },
	{ "time-negative", T(HDR "E: -1.000000 0003 0000 5\n"), .expected =
	  "time-negative:17: E: timestamp must be SECONDS.MICROSECONDS" },
	{ "time-absurd", T(HDR "E: 16725225601.000000 0003 0000 5\n"), .expected =
	  "time-absurd:17: E: absurd timestamp" },
	{ "time-largest-accepted", T(HDR "E: 16725225600.999999 0003 0000 5\n"), .events = 1 },

	/* -- events the description does not declare -- */
	{ "undeclared-abs-code", T(HDR "E: 0.000000 0003 0002 5\n"), .expected =
	  "undeclared-abs-code:17: E: event 0003 0002 is not one the device declares" },
	{ "undeclared-key-code", T(HDR "E: 0.000000 0001 0141 1\n"), .expected =
	  "undeclared-key-code:17: E: event 0001 0141 is not one the device declares" },
	{ "undeclared-type", T(HDR E1 "E: 0.000000 0004 0000 7\n"), .events = 1, .expected =
	  "undeclared-type:18: E: event 0004 0000 is not one the device declares" },

	/* -- what may and may not sit among the events -- */
	{ "description-line-among-events", T(HDR E1 "A: 00 0 1 0 0 0\n"), .events = 1,
	  .expected = "description-line-among-events:18: description line among the events" },
	{ "garbage-among-events", T(HDR E1 "xyz\n"), .events = 1, .expected =
	  "garbage-among-events:18: not an evemu line (expected '#' or E:)" },
	{ "binary-comment-among-events", T(HDR E1 "# \x7f\n"), .events = 1, .expected =
	  "binary-comment-among-events:18: binary data where text was expected" },
	{ "comments-and-blanks-among-events", T(HDR E1 "\n# note\n\n"
	  "E: 0.000001 0000 0000 0\n#\n"), .events = 2 },
	{ "tabs-and-trailing-comment", T(HDR
	  "E:\t0.000000\t0003\t0000\t5\t# EV_ABS / ABS_X 5\n"), .events = 1 },
	{ "no-final-newline", T(HDR E1 "E: 0.000001 0000 0000 0"), .events = 2 },
	{ "no-events", T(HDR), .events = 0 },
	{ "crlf-line-endings", T("# EVEMU 1.3\r\nN: Test Pen\r\nI: 0003 056a 0333 0110\r\n"
	  "B: 03 03 00 00 00 00 00 00 00\r\nA: 00 0 1000 0 0 10\r\n"
	  "A: 01 0 1000 0 0 10\r\n\r\nE: 0.000000 0003 0000 5\r\n"
	  "E: 0.000000 0000 0000 0\r\n"), .events = 2 },

	/* -- line length: EVEMU_LINE_MAX bytes, without the newline -- */
	{ "comment-line-4096", T(V13 "#@\n" NI), .pad = 4095 },
	{ "comment-line-4097", T(V13 "#@\n" NI), .pad = 4096, .expected =
	  "comment-line-4097:2: line longer than 4096 bytes" },
	{ "event-line-4096", T(HDR "E: 0.000000 0003 0000 5 #@\n"), .pad = 4071, .events = 1 },
	{ "event-line-4097", T(HDR "E: 0.000000 0003 0000 5 #@\n"), .pad = 4072, .expected =
	  "event-line-4097:17: line longer than 4096 bytes" },
	{ "last-line-4097-no-newline", T(HDR E1 "#@"), .pad = 4096, .events = 1, .expected =
	  "last-line-4097-no-newline:18: line longer than 4096 bytes" },
	{ "crlf-comment-line-4096", T(V13 "#@\r\n" NI), .pad = 4095 },
	{ "crlf-event-line-4096", T(HDR "E: 0.000000 0003 0000 5 #@\r\n"), .pad = 4071,
	  .events = 1 },

	/* -- events only, the device from a separate description -- */
	{ "events-only-ok", T("# EVEMU 1.2\n" E1 "E: 0.000000 0000 0000 0\n"),
	  .mode = EVENTS_ONLY, .events = 2 },
	{ "events-only-description-line", T(E1 "N: Test Pen\n"), .mode = EVENTS_ONLY,
	  .events = 1, .expected = "events-only-description-line:2: description line among the events" },
	{ "events-only-whole-recording", T(HDR E1), .mode = EVENTS_ONLY, .expected =
	  "events-only-whole-recording:3: description line among the events" },
	{ "events-only-undeclared", T("E: 0.000000 0003 0002 5\n"), .mode = EVENTS_ONLY,
	  .expected = "events-only-undeclared:1: E: event 0003 0002 is not one the device declares" },
	{ "events-only-empty", T(""), .mode = EVENTS_ONLY, .expected =
	  "events-only-empty:1: empty file, no events" },
	{ "events-only-backwards", T("E: 10.000000 0003 0000 1\nE: 9.999999 0003 0000 1\n"),
	  .mode = EVENTS_ONLY, .events = 1, .expected =
	  "events-only-backwards:2: E: time goes backwards" },
	{ "events-only-binary", T(E1 "\xff\xfe\x00\x01\n"), .mode = EVENTS_ONLY, .events = 1,
	  .expected = "events-only-binary:2: binary data where text was expected" },

	/* -- a hole of zero bytes, as a crash leaves in a file being written -- */
	{ "hole-at-end", T(HDR E1 "@"), .pad = 4096, .zeros = true, .events = 1,
	  .expected = "hole-at-end:18: binary data where text was expected" },
	{ "hole-page-before-a-line", T(HDR E1 "@E: 0.000001 0000 0000 0\n"), .pad = 4096,
	  .zeros = true, .events = 1,
	  .expected = "hole-page-before-a-line:18: binary data where text was expected" },
	{ "hole-inside-events", T(HDR E1 "@\nE: 0.000001 0000 0000 0\n"), .pad = 100,
	  .zeros = true, .events = 1,
	  .expected = "hole-inside-events:18: binary data where text was expected" },
};

/* The row's bytes, '@' expanded; caller frees. */
static char *case_bytes(const struct reader_case *c, size_t *len)
{
	const char *at = c->pad ? memchr(c->text, '@', c->len) : NULL;
	size_t head = at ? (size_t)(at - c->text) : c->len;
	size_t n = at ? c->len - 1 + c->pad : c->len;
	char *buf = malloc(n + 1);

	assert_non_null(buf);
	if (c->pad)
		assert_non_null(at);
	memcpy(buf, c->text, head);
	if (at) {
		memset(buf + head, c->zeros ? '\0' : 'x', c->pad);
		memcpy(buf + head + c->pad, at + 1, c->len - head - 1);
	}
	*len = n;
	return buf;
}

/* The line number of a "name:LINE: message" string. */
static unsigned long message_line(const char *msg, size_t name_len)
{
	return strtoul(msg + name_len + 1, NULL, 10);
}

/* The row's reader, from memory (named after the row) or from a file
 * written to @p path (PATH_MAX bytes; named after it): its name to *name,
 * the row's length to *len. */
static struct evemu_reader *open_case(const struct reader_case *c, bool from_file,
				      char *path, const char **name, size_t *len)
{
	struct evemu_reader *r;
	char *bytes = case_bytes(c, len);

	*name = c->name;
	if (from_file) {
		tmp_files_write(c->name, "evemu", bytes, *len, path, PATH_MAX);
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		*name = path;
	} else {
		assert_int_equal(evemu_reader_new_from_buffer(c->name, bytes, *len, &r), 0);
	}
	free(bytes);
	return r;
}

/* Reads the row to its end or its error. Checked first
 * (evemu_reader_check) when @p checked: a bad row then fails the check
 * with the same message and line, before a single event comes out; a good
 * one passes and then reads exactly as it does unchecked. */
static void run_case(const struct reader_case *c, bool from_file, bool checked)
{
	struct evemu_reader *r;
	struct pen_device dev;
	struct input_event ev;
	char path[PATH_MAX], expected[PATH_MAX + 512];
	const char *name;
	size_t len, name_len = strlen(c->name);
	unsigned long n = 0;
	int rc = 0;

	r = open_case(c, from_file, path, &name, &len);
	if (c->mode != WHOLE)
		evemu_reader_expect_device(r, &hdr_dev);
	if (checked && (rc = evemu_reader_check(r)) < 0 && !c->expected)
		fail_msg("%s: check: unexpected error: %s", c->name, evemu_reader_error(r));
	if (rc == 0 && c->mode == WHOLE)
		rc = evemu_reader_read_description(r, &dev);
	if (rc == 0) {
		while ((rc = evemu_reader_next_event(r, &ev)) == 1)
			n++;
	}
	if (!c->expected) {
		if (rc < 0)
			fail_msg("%s: unexpected error: %s", c->name, evemu_reader_error(r));
		assert_int_equal(rc, 0);
		assert_null(evemu_reader_error(r));
		assert_int_equal(n, c->events);
		/* The end stays the end. */
		assert_int_equal(evemu_reader_next_event(r, &ev), 0);
		/* A check comes first or not at all: it would start in the middle. */
		if (len)
			assert_int_equal(evemu_reader_check(r), -EBUSY);
		evemu_reader_free(r);
		return;
	}
	/* The table names the row; a file run names the file. */
	assert_int_equal(strncmp(c->expected, c->name, name_len), 0);
	assert_int_equal(c->expected[name_len], ':');
	snprintf(expected, sizeof(expected), "%s%s", name, c->expected + name_len);
	assert_int_equal(rc, -EINVAL);
	assert_non_null(evemu_reader_error(r));
	assert_string_equal(evemu_reader_error(r), expected);
	assert_int_equal(n, checked ? 0 : c->events);
	assert_int_equal(evemu_reader_line(r), message_line(c->expected, name_len));
	/* An error sticks: nothing after a bad line is ever returned. */
	assert_int_equal(evemu_reader_next_event(r, &ev), -EINVAL);
	assert_string_equal(evemu_reader_error(r), expected);
	if (c->mode == WHOLE)
		assert_int_equal(evemu_reader_read_description(r, &dev), -EINVAL);
	evemu_reader_free(r);
}

static void test_case_buffer(void **state)
{
	run_case(*state, false, false);
}

static void test_case_file(void **state)
{
	run_case(*state, true, false);
}

static void test_checked_buffer(void **state)
{
	run_case(*state, false, true);
}

static void test_checked_file(void **state)
{
	run_case(*state, true, true);
}

/* ---- the real recordings ---- */

struct exp_event {
	long sec, usec;
	unsigned int type, code;
	int value;
};

struct exp_abs {
	unsigned int code;
	int min, max, fuzz, flat, res;
};

struct fixture {
	const char *file;   /* events (and the description unless desc) */
	const char *desc;   /* separate description, or NULL */
	unsigned long events;
	const char *name;
	struct input_id id;
	struct exp_abs abs[3];  /* X, Y, pressure */
	struct exp_event first, last;
	bool pen_tool, direct;
	unsigned long first_event_line;
};

static const struct fixture fixtures[] = {
	{
		.file = FIX("wacom-cintiq-13hd-pen.evemu"), .events = 425,
		.name = "Wacom Cintiq 13HD touch Pen",
		.id = { 0x0003, 0x056a, 0x0333, 0x0110 },
		.abs = { { ABS_X, 400, 59152, 4, 0, 200 },
			 { ABS_Y, 400, 33448, 4, 0, 200 },
			 { ABS_PRESSURE, 0, 2047, 0, 0, 0 } },
		.first = { 0, 1, EV_ABS, ABS_X, 27246 },
		.last = { 0, 499964, EV_SYN, SYN_REPORT, 0 },
		.pen_tool = true, .direct = true, .first_event_line = 137,
	},
	{
		.file = FIX("uc-logic-wp5540u-pen.evemu"), .events = 1458,
		.name = "UC-LOGIC Tablet WP5540U Pen",
		.id = { 0x0003, 0x5543, 0x0004, 0x0100 },
		.abs = { { ABS_X, 0, 32767, 0, 0, 235 },
			 { ABS_Y, 0, 32767, 0, 0, 323 },
			 { ABS_PRESSURE, 0, 1023, 0, 0, 0 } },
		.first = { 0, 0, EV_ABS, ABS_X, 9870 },
		.last = { 5, 999951, EV_SYN, SYN_REPORT, 0 },
		.pen_tool = false, .direct = false, .first_event_line = 69,
	},
	{
		.file = FIX("genius-easypen-i405x.events"),
		.desc = FIX("genius-easypen-i405x.desc"), .events = 2421,
		.name = "Genius EasyPen i405X",
		.id = { 0x0003, 0x0458, 0x5010, 0x0111 },
		.abs = { { ABS_X, 0, 14080, 0, 0, 0 },
			 { ABS_Y, 0, 10240, 0, 0, 0 },
			 { ABS_PRESSURE, 0, 1023, 0, 0, 0 } },
		.first = { 1335890578, 751009, EV_KEY, BTN_TOOL_PEN, 1 },
		.last = { 1335890589, 447038, EV_SYN, SYN_REPORT, 0 },
		.pen_tool = true, .direct = false, .first_event_line = 1,
	},
};

static void assert_event(const struct input_event *ev, const struct exp_event *e)
{
	assert_int_equal(ev->input_event_sec, e->sec);
	assert_int_equal(ev->input_event_usec, e->usec);
	assert_int_equal(ev->type, e->type);
	assert_int_equal(ev->code, e->code);
	assert_int_equal(ev->value, e->value);
}

/* Opens the fixture's readers; *events is the one to read events from. */
static void open_fixture(const struct fixture *fx, struct pen_device *dev,
			 struct evemu_reader **desc, struct evemu_reader **events)
{
	*desc = NULL;
	assert_int_equal(evemu_reader_new_from_file(fx->file, events), 0);
	if (fx->desc) {
		assert_int_equal(evemu_reader_new_from_file(fx->desc, desc), 0);
		assert_int_equal(evemu_reader_read_description(*desc, dev), 0);
		evemu_reader_expect_device(*events, dev);
	} else {
		assert_int_equal(evemu_reader_read_description(*events, dev), 0);
	}
}

/* Reads all events; @return their number, the events in *out (caller frees). */
static unsigned long read_all(struct evemu_reader *r, struct input_event **out)
{
	size_t cap = 256;
	unsigned long n = 0;
	struct input_event *evs = malloc(cap * sizeof(*evs));
	int rc;

	assert_non_null(evs);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			evs = realloc(evs, cap * sizeof(*evs));
			assert_non_null(evs);
		}
		rc = evemu_reader_next_event(r, &evs[n]);
		if (rc != 1)
			break;
		n++;
	}
	if (rc != 0)
		fail_msg("%s", evemu_reader_error(r));
	*out = evs;
	return n;
}

static void test_fixture(void **state)
{
	const struct fixture *fx = *state;
	struct evemu_reader *desc, *r;
	struct pen_device dev;
	struct input_event *evs;
	unsigned long n;

	open_fixture(fx, &dev, &desc, &r);
	assert_string_equal(dev.name, fx->name);
	assert_int_equal(dev.id.bustype, fx->id.bustype);
	assert_int_equal(dev.id.vendor, fx->id.vendor);
	assert_int_equal(dev.id.product, fx->id.product);
	assert_int_equal(dev.id.version, fx->id.version);
	for (size_t i = 0; i < ARRAY_SIZE(fx->abs); i++) {
		const struct exp_abs *e = &fx->abs[i];
		const struct input_absinfo *a = &dev.abs[e->code];

		assert_true(pen_device_has(&dev, EV_ABS, e->code));
		assert_int_equal(a->minimum, e->min);
		assert_int_equal(a->maximum, e->max);
		assert_int_equal(a->fuzz, e->fuzz);
		assert_int_equal(a->flat, e->flat);
		assert_int_equal(a->resolution, e->res);
	}
	assert_int_equal(pen_device_has(&dev, EV_KEY, BTN_TOOL_PEN), fx->pen_tool);
	assert_true(pen_device_has(&dev, EV_KEY, BTN_TOUCH));
	assert_true(pen_device_has(&dev, EV_KEY, BTN_STYLUS));
	assert_true(pen_device_has(&dev, EV_KEY, BTN_STYLUS2));
	assert_int_equal(pen_device_has_prop(&dev, INPUT_PROP_DIRECT), fx->direct);
	/* The description stops before the first event. */
	if (!fx->desc)
		assert_int_equal(evemu_reader_line(r), fx->first_event_line);

	n = read_all(r, &evs);
	assert_int_equal(n, fx->events);
	assert_int_equal(n, count_event_lines(fx->file));
	assert_event(&evs[0], &fx->first);
	assert_event(&evs[n - 1], &fx->last);
	assert_null(evemu_reader_error(r));
	free(evs);
	evemu_reader_free(r);
	evemu_reader_free(desc);
}

/* A few more events of the Wacom recording, checked one by one. */
static void test_wacom_events(void **state)
{
	static const struct { unsigned long index; struct exp_event e; } want[] = {
		{ 1, { 0, 1, EV_ABS, ABS_Y, 10992 } },
		{ 2, { 0, 1, EV_ABS, ABS_DISTANCE, 31 } },  /* written "0031" */
		{ 3, { 0, 1, EV_ABS, ABS_TILT_X, 19 } },
		{ 4, { 0, 1, EV_ABS, ABS_TILT_Y, 32 } },
		{ 423, { 0, 499964, EV_MSC, MSC_SERIAL, 897625000 } },
	};
	const struct fixture *fx = &fixtures[0];
	struct evemu_reader *desc, *r;
	struct pen_device dev;
	struct input_event *evs;
	unsigned long n;

	(void)state;
	open_fixture(fx, &dev, &desc, &r);
	/* EV_MSC is missing from "B: 00" but its code is listed: the reader
	 * counts the type as present. */
	assert_true(pen_device_has(&dev, EV_MSC, MSC_SERIAL));
	n = read_all(r, &evs);
	assert_int_equal(n, 425);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_event(&evs[want[i].index], &want[i].e);
	free(evs);
	evemu_reader_free(r);
}

/* The file reader (with its refills: two fixtures exceed 64 KiB) and the
 * memory reader agree on every event of every fixture. */
static void test_fixture_file_equals_buffer(void **state)
{
	const struct fixture *fx = *state;
	struct evemu_reader *desc, *r, *mem;
	struct pen_device dev, mem_dev;
	struct input_event *a, *b;
	unsigned long n, m;
	size_t size;
	char *bytes = tmp_files_read(fx->file, &size);

	open_fixture(fx, &dev, &desc, &r);
	n = read_all(r, &a);
	assert_int_equal(evemu_reader_new_from_buffer("mem", bytes, size, &mem), 0);
	if (fx->desc)
		evemu_reader_expect_device(mem, &dev);
	else {
		assert_int_equal(evemu_reader_read_description(mem, &mem_dev), 0);
		assert_memory_equal(&dev, &mem_dev, sizeof(dev));
	}
	m = read_all(mem, &b);
	assert_int_equal(n, fx->events);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, n * sizeof(*a));
	free(a);
	free(b);
	free(bytes);
	evemu_reader_free(mem);
	evemu_reader_free(r);
	evemu_reader_free(desc);
}

/* A recording read through a pipe (98 KB: several refills, more than a
 * pipe holds) is checked whole, kept, and then read from the copy: the
 * same device and events as the file read unchecked. */
static void test_checked_pipe(void **state)
{
	const struct fixture *fx = &fixtures[1];
	size_t size;
	char *bytes = tmp_files_read(fx->file, &size), fd_path[64];
	struct evemu_reader *desc, *r, *piped;
	struct pen_device dev, piped_dev;
	struct input_event *a, *b;
	unsigned long n, m;
	int fds[2];
	pid_t writer;

	(void)state;
	assert_true(size > 65536);
	assert_int_equal(pipe(fds), 0);
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0) {
		size_t done = 0;

		close(fds[0]);
		while (done < size) {
			ssize_t k = write(fds[1], bytes + done, size - done);

			if (k <= 0)
				_exit(1);
			done += (size_t)k;
		}
		_exit(0);
	}
	close(fds[1]);
	snprintf(fd_path, sizeof(fd_path), "/proc/self/fd/%d", fds[0]);
	assert_int_equal(evemu_reader_new_from_file(fd_path, &piped), 0);
	close(fds[0]);
	assert_int_equal(evemu_reader_check(piped), 0);
	assert_int_equal(waitpid(writer, NULL, 0), writer);
	assert_int_equal(evemu_reader_read_description(piped, &piped_dev), 0);
	m = read_all(piped, &b);

	open_fixture(fx, &dev, &desc, &r);
	n = read_all(r, &a);
	assert_int_equal(n, fx->events);
	assert_int_equal(m, n);
	assert_memory_equal(&dev, &piped_dev, sizeof(dev));
	assert_memory_equal(a, b, n * sizeof(*a));
	free(a);
	free(b);
	free(bytes);
	evemu_reader_free(piped);
	evemu_reader_free(r);
	evemu_reader_free(desc);
}

/* The Wacom recording with CRLF line endings reads to the same device and
 * events as the original. */
static void test_fixture_crlf(void **state)
{
	const char *path = FIX("wacom-cintiq-13hd-pen.evemu");
	size_t size, n = 0;
	char *lf = tmp_files_read(path, &size), *crlf = malloc(2 * size + 1);
	struct evemu_reader *r1, *r2;
	struct pen_device d1, d2;
	struct input_event *a, *b;
	unsigned long n1, n2;
	char file[PATH_MAX];

	(void)state;
	assert_non_null(crlf);
	for (size_t i = 0; i < size; i++) {
		if (lf[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = lf[i];
	}
	assert_int_equal(evemu_reader_new_from_buffer("lf", lf, size, &r1), 0);
	tmp_files_write("crlf", "evemu", crlf, n, file, sizeof(file));
	assert_int_equal(evemu_reader_new_from_file(file, &r2), 0);
	assert_int_equal(evemu_reader_read_description(r1, &d1), 0);
	assert_int_equal(evemu_reader_read_description(r2, &d2), 0);
	assert_memory_equal(&d1, &d2, sizeof(d1));
	n1 = read_all(r1, &a);
	n2 = read_all(r2, &b);
	assert_int_equal(n1, 425);
	assert_int_equal(n2, 425);
	assert_memory_equal(a, b, n1 * sizeof(*a));
	free(a);
	free(b);
	free(lf);
	free(crlf);
	evemu_reader_free(r1);
	evemu_reader_free(r2);
}

/* A whole recording handed to an events-only reader (the --desc mistake)
 * stops at its N: line. */
static void test_fixture_as_events_only(void **state)
{
	const char *path = FIX("wacom-cintiq-13hd-pen.evemu");
	struct evemu_reader *r;
	struct input_event ev;
	char expected[PATH_MAX + 64];

	(void)state;
	assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
	evemu_reader_expect_device(r, &hdr_dev);
	assert_int_equal(evemu_reader_next_event(r, &ev), -EINVAL);
	snprintf(expected, sizeof(expected), "%s:100: description line among the events", path);
	assert_string_equal(evemu_reader_error(r), expected);
	evemu_reader_free(r);
}

/* ---- files beyond the 64 KiB buffer ---- */

struct gen {
	char *buf;
	size_t len, cap;
	unsigned long events;   /* E: lines so far; each carries its index */
	unsigned long lines;
};

static void gen_put(struct gen *g, const char *s, size_t n)
{
	if (g->len + n + 1 > g->cap) {
		g->cap = (g->len + n + 1) * 2;
		g->buf = realloc(g->buf, g->cap);
		assert_non_null(g->buf);
	}
	memcpy(g->buf + g->len, s, n);
	g->len += n;
	g->buf[g->len] = '\0';
	for (size_t i = 0; i < n; i++)
		g->lines += s[i] == '\n';
}

/* Event i: ABS_X = i at i * 7 µs. */
static void gen_event(struct gen *g)
{
	char line[64];
	unsigned long us = g->events * 7;
	int n = snprintf(line, sizeof(line), "E: %lu.%06lu 0003 0000 %lu\n",
			 us / 1000000, us % 1000000, g->events);

	gen_put(g, line, (size_t)n);
	g->events++;
}

static void gen_events(struct gen *g, unsigned long count)
{
	while (count--)
		gen_event(g);
}

/* A comment line of exactly @p len bytes before its newline. */
static void gen_comment(struct gen *g, size_t len, const char *eol)
{
	char *line = malloc(len + 1);

	assert_non_null(line);
	assert_true(len >= 1);
	line[0] = '#';
	memset(line + 1, 'c', len - 1);
	gen_put(g, line, len);
	gen_put(g, eol, strlen(eol));
	free(line);
}

/* Blank and comment lines up to exactly @p offset bytes. */
static void gen_pad_to(struct gen *g, size_t offset)
{
	assert_true(g->len <= offset);
	while (g->len < offset) {
		size_t left = offset - g->len, chunk = left > 2000 ? 2000 : left;

		if (left - chunk == 1)
			chunk--;
		if (chunk == 1)
			gen_put(g, "\n", 1);
		else
			gen_comment(g, chunk - 1, "\n");
	}
	assert_int_equal(g->len, offset);
}

/* Reads @p g from a temp file and from memory: both must give @p events
 * events, event i being ABS_X = i at i * 7 µs (SYN events aside). */
static void check_generated(const struct gen *g, unsigned long events)
{
	char path[PATH_MAX];

	tmp_files_write("big", "evemu", g->buf, g->len, path, sizeof(path));
	for (int pass = 0; pass < 2; pass++) {
		struct evemu_reader *r;
		struct pen_device dev;
		struct input_event *evs;
		unsigned long n;

		if (pass == 0)
			assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		else
			assert_int_equal(evemu_reader_new_from_buffer("big", g->buf, g->len, &r), 0);
		assert_int_equal(evemu_reader_read_description(r, &dev), 0);
		n = read_all(r, &evs);
		assert_int_equal(n, events);
		for (unsigned long i = 0; i < n; i++) {
			assert_int_equal(evs[i].type, EV_ABS);
			assert_int_equal(evs[i].code, ABS_X);
			assert_int_equal(evs[i].value, (int)i);
			assert_int_equal(evs[i].input_event_sec, (long)(i * 7 / 1000000));
			assert_int_equal(evs[i].input_event_usec, (long)(i * 7 % 1000000));
		}
		free(evs);
		evemu_reader_free(r);
	}
}

/* A 27-byte E: line starting @p before bytes ahead of the refill offset:
 * across it (1..25), its newline the first byte after it (26), its newline
 * the last byte before it (27), or the next line starting one byte before
 * it (28). */
static void test_refill_event_line(void **state)
{
	static const size_t before[] = { 1, 2, 13, 25, 26, 27, 28 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(before); i++) {
		struct gen g = { 0 };

		gen_put(&g, HDR, strlen(HDR));
		gen_events(&g, 2000);
		gen_pad_to(&g, REFILL_AT - before[i]);
		gen_event(&g);  /* "E: 0.014000 0003 0000 2000\n", 27 bytes */
		assert_int_equal(g.len, REFILL_AT - before[i] + 27);
		gen_events(&g, 5000);
		assert_true(g.len > 2 * REFILL_AT);
		check_generated(&g, 7001);
		free(g.buf);
	}
}

/* A line of the longest length (4096) across the refill offset: it must be
 * kept whole by the refill, wherever it starts. */
static void test_refill_longest_line(void **state)
{
	static const size_t before[] = { 1, 2, 2048, 4095, 4096, 4097 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(before); i++) {
		struct gen g = { 0 };

		gen_put(&g, HDR, strlen(HDR));
		gen_events(&g, 1000);
		gen_pad_to(&g, REFILL_AT - before[i]);
		gen_comment(&g, EVEMU_LINE_MAX, "\n");
		gen_events(&g, 3000);
		check_generated(&g, 4000);
		free(g.buf);
	}
}

/* Errors beyond the first refill carry the right line number. */
static void test_refill_error_lines(void **state)
{
	char path[PATH_MAX], expected[PATH_MAX + 128];
	struct evemu_reader *r;
	struct pen_device dev;
	struct input_event *evs;
	unsigned long line;

	(void)state;
	/* A line of 4097 bytes across the offset, after 1000 good events. */
	{
		struct gen g = { 0 };
		struct input_event ev;

		gen_put(&g, HDR, strlen(HDR));
		gen_events(&g, 1000);
		gen_pad_to(&g, REFILL_AT - 100);
		line = g.lines + 1;
		gen_comment(&g, EVEMU_LINE_MAX + 1, "\n");
		gen_events(&g, 10);
		tmp_files_write("long", "evemu", g.buf, g.len, path, sizeof(path));
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		assert_int_equal(evemu_reader_read_description(r, &dev), 0);
		for (unsigned long i = 0; i < 1000; i++)
			assert_int_equal(evemu_reader_next_event(r, &ev), 1);
		assert_int_equal(ev.value, 999);
		assert_int_equal(evemu_reader_next_event(r, &ev), -EINVAL);
		snprintf(expected, sizeof(expected), "%s:%lu: line longer than 4096 bytes",
			 path, line);
		assert_string_equal(evemu_reader_error(r), expected);
		evemu_reader_free(r);
		free(g.buf);
	}
	/* A bad event far beyond the offset, after 6000 good ones. */
	{
		struct gen g = { 0 };
		unsigned long n = 0;
		int rc;

		gen_put(&g, HDR, strlen(HDR));
		gen_events(&g, 6000);
		line = g.lines + 1;
		gen_put(&g, "E: 9.000000 0003 0002 1\n", 24);
		gen_events(&g, 10);
		assert_true(g.len > 2 * REFILL_AT);
		tmp_files_write("bad", "evemu", g.buf, g.len, path, sizeof(path));
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		assert_int_equal(evemu_reader_read_description(r, &dev), 0);
		evs = malloc(sizeof(*evs));
		assert_non_null(evs);
		while ((rc = evemu_reader_next_event(r, evs)) == 1)
			n++;
		assert_int_equal(rc, -EINVAL);
		assert_int_equal(n, 6000);
		snprintf(expected, sizeof(expected),
			 "%s:%lu: E: event 0003 0002 is not one the device declares", path, line);
		assert_string_equal(evemu_reader_error(r), expected);
		assert_int_equal(line, 16 + 6000 + 1);
		free(evs);
		evemu_reader_free(r);
		free(g.buf);
	}
}

/* A 4096-byte line ending in CRLF, its '\r' the last byte before the
 * refill offset: the limit is on the text, not the line ending. */
static void test_refill_crlf_longest_line(void **state)
{
	struct gen g = { 0 };

	(void)state;
	gen_put(&g, HDR, strlen(HDR));
	gen_events(&g, 1000);
	gen_pad_to(&g, REFILL_AT - EVEMU_LINE_MAX - 1);
	gen_comment(&g, EVEMU_LINE_MAX, "\r\n");
	gen_events(&g, 3000);
	check_generated(&g, 4000);
	free(g.buf);
}

/* ---- a file that changes after its check ---- */

/* A file of 7000 events (three blocks of the reader's), checked: its path
 * to @p path; the reader, past the check, to *out. */
static void checked_generated(struct gen *g, char *path, size_t size,
			      struct evemu_reader **out)
{
	gen_put(g, HDR, strlen(HDR));
	gen_events(g, 7000);
	assert_true(g->len > 2 * REFILL_AT);
	tmp_files_write("changing", "evemu", g->buf, g->len, path, size);
	assert_int_equal(evemu_reader_new_from_file(path, out), 0);
	assert_int_equal(evemu_reader_check(*out), 0);
}

static void append_to(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Lines appended after the check (one bad, one good) are not read: the
 * replay is exactly the checked events. A last line without its newline
 * stays the line it was checked as when the file grows behind it. */
static void test_checked_then_appended(void **state)
{
	char path[PATH_MAX];
	struct gen g = { 0 };
	struct evemu_reader *r;
	struct pen_device dev;
	struct input_event *evs, ev;

	(void)state;
	checked_generated(&g, path, sizeof(path), &r);
	append_to(path, "E: 0.000000 0003 0000 1\nE: 9.000000 0003 0000 1\n");
	assert_int_equal(evemu_reader_read_description(r, &dev), 0);
	assert_int_equal(read_all(r, &evs), 7000);
	assert_int_equal(evs[6999].value, 6999);
	free(evs);
	evemu_reader_free(r);
	free(g.buf);

	/* "... 0003 0000 5" checked, then "0\n" added: still 5. */
	tmp_files_write("unfinished", "evemu", HDR "E: 0.000000 0003 0000 5",
			strlen(HDR) + 23, path, sizeof(path));
	assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
	assert_int_equal(evemu_reader_check(r), 0);
	append_to(path, "0\nE: 0.000001 0003 0000 6\n");
	assert_int_equal(evemu_reader_read_description(r, &dev), 0);
	assert_int_equal(evemu_reader_next_event(r, &ev), 1);
	assert_int_equal(ev.value, 5);
	assert_int_equal(evemu_reader_next_event(r, &ev), 0);
	evemu_reader_free(r);
}

/* The line that the reader's block starting at @p offset feeds first: the
 * one holding byte @p offset (1-based). */
static unsigned long line_at(const struct gen *g, size_t offset)
{
	unsigned long line = 1;

	for (size_t i = 0; i < offset; i++)
		line += g->buf[i] == '\n';
	return line;
}

/* Rewritten in place after the check, cut short, or replaced by another
 * file under its name: the bytes read again are compared with what was
 * checked, block by block, before any line of a block is used. */
static void test_checked_then_changed(void **state)
{
	enum { SAME_SIZE, CUT, FIRST_BLOCK, RENAMED, KINDS };
	char path[PATH_MAX], other[PATH_MAX], expected[PATH_MAX + 128];

	(void)state;
	for (int kind = 0; kind < KINDS; kind++) {
		struct gen g = { 0 };
		struct evemu_reader *r;
		struct pen_device dev;
		struct input_event ev;
		unsigned long n = 0, line;
		size_t at = 0;
		int rc, fd;

		checked_generated(&g, path, sizeof(path), &r);
		fd = open(path, O_WRONLY);
		assert_true(fd >= 0);
		switch (kind) {
		case SAME_SIZE:
			/* One digit of an event's value in the second block, still a
			 * good line: "E: 0.01xxxx 0003 0000 2345" made "... 2346". */
			at = (size_t)(strstr(g.buf + REFILL_AT + 1000, " 0003 0000 ") - g.buf) + 11;
			while (g.buf[at + 1] != '\n')
				at++;
			assert_int_equal(pwrite(fd, g.buf[at] == '9' ? "8" : "9", 1, (off_t)at), 1);
			at = REFILL_AT;
			break;
		case CUT:
			assert_int_equal(ftruncate(fd, REFILL_AT + 5000), 0);
			at = REFILL_AT;
			break;
		case FIRST_BLOCK:
			assert_int_equal(pwrite(fd, "B", 1, 0), 1);
			break;
		case RENAMED:
			tmp_files_write("other", "evemu", HDR "E: 0.000000 0003 0000 1\n",
					strlen(HDR) + 24, other, sizeof(other));
			assert_int_equal(rename(other, path), 0);
			break;
		}
		assert_int_equal(close(fd), 0);
		line = line_at(&g, at);
		snprintf(expected, sizeof(expected), "%s:%lu: the file changed after it was "
			 "checked; nothing from this line on is used", path, line);
		if (kind == FIRST_BLOCK) {
			/* Before the description: nothing is read at all. */
			assert_int_equal(evemu_reader_read_description(r, &dev), -EINVAL);
			assert_string_equal(evemu_reader_error(r), expected);
			assert_int_equal(line, 1);
		} else {
			assert_int_equal(evemu_reader_read_description(r, &dev), 0);
			while ((rc = evemu_reader_next_event(r, &ev)) == 1)
				assert_int_equal(ev.value, (int)n++);
			if (kind == RENAMED) {
				/* The checked file is the one read, under any name. */
				assert_int_equal(rc, 0);
				assert_int_equal(n, 7000);
			} else {
				assert_int_equal(rc, -EINVAL);
				assert_string_equal(evemu_reader_error(r), expected);
				/* Every line before it, and none of the block it is in. */
				assert_int_equal(n, line - 16 - 1);
			}
		}
		evemu_reader_free(r);
		free(g.buf);
	}
}

/* ---- single fields and the API's edges ---- */

static void test_exact_fields(void **state)
{
	static const char text[] = HDR
		"E: 0.000000 0003 0000 -2147483648\n"
		"E: 0.000009 0003 0001 2147483647\n"
		"E: 12.345678 0003 0018 +17\n"
		"E: 12.345678 0001 014a 1\n"
		"E: 16725225600.999999 0000 0000 0\n";
	static const struct exp_event want[] = {
		{ 0, 0, EV_ABS, ABS_X, INT32_MIN },
		{ 0, 9, EV_ABS, ABS_Y, INT32_MAX },
		{ 12, 345678, EV_ABS, ABS_PRESSURE, 17 },
		{ 12, 345678, EV_KEY, BTN_TOUCH, 1 },
		{ 16725225600, 999999, EV_SYN, SYN_REPORT, 0 },
	};
	struct evemu_reader *r;
	struct pen_device dev;
	struct input_event ev;

	(void)state;
	assert_int_equal(evemu_reader_new_from_buffer("t", text, sizeof(text) - 1, &r), 0);
	assert_int_equal(evemu_reader_read_description(r, &dev), 0);
	assert_null(evemu_reader_error(r));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(evemu_reader_next_event(r, &ev), 1);
		assert_event(&ev, &want[i]);
		assert_int_equal(evemu_reader_line(r), 17 + i);
	}
	assert_int_equal(evemu_reader_next_event(r, &ev), 0);
	evemu_reader_free(r);
}

static void test_header_device(void **state)
{
	(void)state;
	assert_string_equal(hdr_dev.name, "Test Pen");
	assert_true(pen_device_has(&hdr_dev, EV_KEY, BTN_TOOL_PEN));
	assert_false(pen_device_has(&hdr_dev, EV_KEY, BTN_TOOL_RUBBER));
	assert_true(pen_device_has(&hdr_dev, EV_KEY, BTN_TOUCH));
	assert_true(pen_device_has(&hdr_dev, EV_KEY, BTN_STYLUS2));
	assert_false(pen_device_has(&hdr_dev, EV_KEY, BTN_STYLUS2 + 1));
	assert_true(pen_device_has(&hdr_dev, EV_ABS, ABS_PRESSURE));
	assert_false(pen_device_has(&hdr_dev, EV_ABS, ABS_Z));
	assert_false(pen_device_has(&hdr_dev, EV_MSC, MSC_SERIAL));
	assert_int_equal(hdr_dev.abs[ABS_X].maximum, 1000);
	assert_int_equal(hdr_dev.abs[ABS_X].resolution, 10);
	assert_int_equal(hdr_dev.abs[ABS_PRESSURE].maximum, 1023);
}

static void test_open_missing_file(void **state)
{
	struct evemu_reader *r = (void *)1;
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/no-such-file.evemu", tmp_files_dir());

	(void)state;
	assert_true(n > 0 && (size_t)n < sizeof(path));
	assert_int_equal(evemu_reader_new_from_file(path, &r), -ENOENT);
	assert_null(r);
	evemu_reader_free(NULL);
}

/* A folder opens (fopen allows it) but cannot be read. */
static void test_read_folder(void **state)
{
	struct evemu_reader *r;
	struct pen_device dev;
	char expected[PATH_MAX + 64];

	(void)state;
	assert_int_equal(evemu_reader_new_from_file(tmp_files_dir(), &r), 0);
	assert_int_equal(evemu_reader_read_description(r, &dev), -EINVAL);
	snprintf(expected, sizeof(expected), "%s:1: read error: Is a directory", tmp_files_dir());
	assert_string_equal(evemu_reader_error(r), expected);
	evemu_reader_free(r);
}

/* ---- running ---- */

#define NCASES ARRAY_SIZE(cases)
#define NAMED(name, f, state) { name, f, NULL, NULL, (void *)(state) }

static int run_table(void)
{
	static void (*const runs[4])(void **) = {
		test_case_buffer, test_case_file, test_checked_buffer, test_checked_file,
	};
	static const char *const run_names[4] = {
		"buffer", "file", "checked buffer", "checked file",
	};
	static struct CMUnitTest tests[4 * NCASES];
	static char names[4 * NCASES][96];
	size_t n = 0;

	for (size_t i = 0; i < NCASES; i++) {
		const struct reader_case *c = &cases[i];

		for (int k = 0; k < 4; k++) {
			snprintf(names[n], sizeof(names[n]), "%s [%s]", c->name, run_names[k]);
			tests[n] = (struct CMUnitTest){
				.name = names[n],
				.test_func = runs[k],
				.initial_state = (void *)c,
			};
			n++;
		}
	}
	return _cmocka_run_group_tests("table", tests, n, tmp_files_setup, tmp_files_teardown);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest reading[] = {
		cmocka_unit_test(test_header_device),
		cmocka_unit_test(test_exact_fields),
		cmocka_unit_test(test_open_missing_file),
		cmocka_unit_test(test_read_folder),
		cmocka_unit_test(test_refill_event_line),
		cmocka_unit_test(test_refill_longest_line),
		cmocka_unit_test(test_refill_error_lines),
		NAMED("fixture wacom", test_fixture, &fixtures[0]),
		NAMED("fixture uc-logic", test_fixture, &fixtures[1]),
		NAMED("fixture genius (desc + events)", test_fixture, &fixtures[2]),
		cmocka_unit_test(test_wacom_events),
		NAMED("file = buffer: wacom", test_fixture_file_equals_buffer, &fixtures[0]),
		NAMED("file = buffer: uc-logic", test_fixture_file_equals_buffer, &fixtures[1]),
		NAMED("file = buffer: genius", test_fixture_file_equals_buffer, &fixtures[2]),
		cmocka_unit_test(test_checked_pipe),
		cmocka_unit_test(test_fixture_crlf),
		cmocka_unit_test(test_fixture_as_events_only),
		cmocka_unit_test(test_refill_crlf_longest_line),
		cmocka_unit_test(test_checked_then_appended),
		cmocka_unit_test(test_checked_then_changed),
	};
	int failed;

	(void)argv;
	load_hdr_dev();
	if (argc != 1) {
		fprintf(stderr, "usage: test-evemu-reader\n");
		return 2;
	}
	failed = run_table();
	failed += cmocka_run_group_tests(reading, tmp_files_setup, tmp_files_teardown);
	return failed;
}
