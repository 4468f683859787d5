/* test-evemu-writer: what `smpsim record` writes reads back exactly, with
 * our reader and with libevemu's (the parser evemu-play uses).
 *
 * Each fixture's device and events are read with evemu_reader, written to a
 * temp file with evemu_writer_description and evemu_writer_event (times made
 * relative to the first event), then read back (a) by evemu_reader, which
 * must give the identical device and the same events, and (b) by libevemu
 * through libevemu_reader.c, which must accept the file and report the same
 * name, ids, bits, absinfo and events. The exact text of a description and
 * of event lines is checked on a synthetic device.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evemu_reader.h"
#include "evemu_writer.h"
#include "libevemu_reader.h"
#include "tmp_files.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name

struct fixture {
	const char *file;
	const char *desc;     /* separate description, or NULL */
	unsigned long events;
	const char *name;
};

static const struct fixture fixtures[] = {
	{ FIX("wacom-cintiq-13hd-pen.evemu"), NULL, 425, "Wacom Cintiq 13HD touch Pen" },
	{ FIX("uc-logic-wp5540u-pen.evemu"), NULL, 1458, "UC-LOGIC Tablet WP5540U Pen" },
	{ FIX("genius-easypen-i405x.events"), FIX("genius-easypen-i405x.desc"), 2421,
	  "Genius EasyPen i405X" },
};

/* A recording in memory: its device and all its events. */
struct recording {
	struct pen_device dev;
	struct input_event *events;
	size_t count;
};

static void read_events(struct evemu_reader *r, struct recording *rec)
{
	size_t cap = 1024;
	int rc;

	rec->events = malloc(cap * sizeof(*rec->events));
	assert_non_null(rec->events);
	rec->count = 0;
	for (;;) {
		if (rec->count == cap) {
			cap *= 2;
			rec->events = realloc(rec->events, cap * sizeof(*rec->events));
			assert_non_null(rec->events);
		}
		rc = evemu_reader_next_event(r, &rec->events[rec->count]);
		if (rc != 1)
			break;
		rec->count++;
	}
	if (rc != 0)
		fail_msg("%s", evemu_reader_error(r));
}

static void read_recording(const char *file, const char *desc, struct recording *rec)
{
	struct evemu_reader *r, *d = NULL;

	assert_int_equal(evemu_reader_new_from_file(file, &r), 0);
	if (desc) {
		assert_int_equal(evemu_reader_new_from_file(desc, &d), 0);
		assert_int_equal(evemu_reader_read_description(d, &rec->dev), 0);
		evemu_reader_expect_device(r, &rec->dev);
	} else {
		assert_int_equal(evemu_reader_read_description(r, &rec->dev), 0);
	}
	read_events(r, rec);
	evemu_reader_free(r);
	evemu_reader_free(d);
}

/* Writes @p rec as `smpsim record` would; the path goes to @p path. */
static void write_recording(const struct recording *rec, char *path, size_t size)
{
	const char *base = getenv("TMPDIR");
	struct timeval origin;
	FILE *f;
	int fd, n;

	n = snprintf(path, size, "%s/smpsim-evemu-writer-XXXXXX",
		     base && *base ? base : "/tmp");
	assert_true(n > 0 && (size_t)n < size);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_true(rec->count > 0);
	origin.tv_sec = rec->events[0].input_event_sec;
	origin.tv_usec = rec->events[0].input_event_usec;
	assert_int_equal(evemu_writer_description(f, &rec->dev), 0);
	for (size_t i = 0; i < rec->count; i++)
		assert_int_equal(evemu_writer_event(f, &rec->events[i], &origin), 0);
	assert_int_equal(fclose(f), 0);
}

static long long micros(const struct input_event *ev)
{
	return (long long)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

/* @p got, read back from the written file, is @p want with its time made
 * relative to @p first. */
static void assert_same_event(const struct input_event *got,
			      const struct input_event *want,
			      const struct input_event *first)
{
	long long rel = micros(want) - micros(first);

	assert_int_equal(got->input_event_sec, rel / 1000000);
	assert_int_equal(got->input_event_usec, rel % 1000000);
	assert_int_equal(got->type, want->type);
	assert_int_equal(got->code, want->code);
	assert_int_equal(got->value, want->value);
}

/* (a) our reader gives back the identical device and the same events. */
static void test_roundtrip_reader(void **state)
{
	const struct fixture *fx = *state;
	struct recording orig, back;
	char path[PATH_MAX];

	read_recording(fx->file, fx->desc, &orig);
	assert_int_equal(orig.count, fx->events);
	write_recording(&orig, path, sizeof(path));
	read_recording(path, NULL, &back);

	assert_string_equal(back.dev.name, fx->name);
	assert_int_equal(back.dev.id.bustype, orig.dev.id.bustype);
	assert_int_equal(back.dev.id.vendor, orig.dev.id.vendor);
	assert_int_equal(back.dev.id.product, orig.dev.id.product);
	assert_int_equal(back.dev.id.version, orig.dev.id.version);
	for (unsigned int code = 0; code < ABS_CNT; code++)
		assert_memory_equal(&back.dev.abs[code], &orig.dev.abs[code],
				    sizeof(orig.dev.abs[code]));
	assert_memory_equal(&back.dev, &orig.dev, sizeof(orig.dev));

	assert_int_equal(back.count, orig.count);
	for (size_t i = 0; i < orig.count; i++)
		assert_same_event(&back.events[i], &orig.events[i], &orig.events[0]);
	assert_int_equal(back.events[0].input_event_sec, 0);
	assert_int_equal(back.events[0].input_event_usec, 0);

	free(orig.events);
	free(back.events);
	unlink(path);
}

/* (b) libevemu accepts the file and sees the same device and events. */
static void test_roundtrip_libevemu(void **state)
{
	const struct fixture *fx = *state;
	struct recording orig;
	struct libevemu_recording *lib = calloc(1, sizeof(*lib));
	char path[PATH_MAX];
	int rc;

	assert_non_null(lib);
	read_recording(fx->file, fx->desc, &orig);
	write_recording(&orig, path, sizeof(path));
	rc = libevemu_read_recording(path, lib);
	assert_int_equal(rc, 0);

	assert_string_equal(lib->name, fx->name);
	assert_int_equal(lib->bustype, orig.dev.id.bustype);
	assert_int_equal(lib->vendor, orig.dev.id.vendor);
	assert_int_equal(lib->product, orig.dev.id.product);
	assert_int_equal(lib->version, orig.dev.id.version);
	for (unsigned int prop = 0; prop < INPUT_PROP_CNT; prop++)
		assert_int_equal(lib->props[prop], pen_device_has_prop(&orig.dev, prop));
	/* Every code of every type but EV_SYN, whose "B: 00" line evemu reads
	 * as SYN codes while the kernel (and we) write the type bitmap. */
	for (unsigned int type = 1; type < EV_CNT; type++) {
		int max = pen_device_code_max(type);

		for (int code = 0; code <= max; code++)
			if (libevemu_has(lib, type, (unsigned int)code) !=
			    pen_device_has(&orig.dev, type, (unsigned int)code))
				fail_msg("type %u code %d: libevemu %d, ours %d", type, code,
					 libevemu_has(lib, type, (unsigned int)code),
					 pen_device_has(&orig.dev, type, (unsigned int)code));
	}
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		const struct input_absinfo *a = &lib->abs[code], *b = &orig.dev.abs[code];

		if (!pen_device_has(&orig.dev, EV_ABS, code))
			continue;
		assert_int_equal(a->minimum, b->minimum);
		assert_int_equal(a->maximum, b->maximum);
		assert_int_equal(a->fuzz, b->fuzz);
		assert_int_equal(a->flat, b->flat);
		assert_int_equal(a->resolution, b->resolution);
	}

	assert_int_equal(lib->count, fx->events);
	for (size_t i = 0; i < orig.count; i++)
		assert_same_event(&lib->events[i], &orig.events[i], &orig.events[0]);

	libevemu_recording_free(lib);
	free(lib);
	free(orig.events);
	unlink(path);
}

/* ---- the exact text ---- */

static char *write_to_string(void (*fn)(FILE *f, const void *arg), const void *arg)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	fn(f, arg);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* A pen with X, Y, pressure, BTN_TOOL_PEN and BTN_TOUCH, named @p name. */
static void synthetic_device(struct pen_device *dev, const char *name)
{
	pen_device_init(dev);
	snprintf(dev->name, sizeof(dev->name), "%s", name);
	dev->id = (struct input_id){ 0x0003, 0x1234, 0x5678, 0x0001 };
	dev->props[0] = 1u << INPUT_PROP_DIRECT;
	assert_int_equal(pen_device_enable(dev, EV_SYN, SYN_REPORT), 0);
	assert_int_equal(pen_device_enable(dev, EV_KEY, BTN_TOOL_PEN), 0);
	assert_int_equal(pen_device_enable(dev, EV_KEY, BTN_TOUCH), 0);
	assert_int_equal(pen_device_enable(dev, EV_ABS, ABS_X), 0);
	assert_int_equal(pen_device_enable(dev, EV_ABS, ABS_Y), 0);
	assert_int_equal(pen_device_enable(dev, EV_ABS, ABS_PRESSURE), 0);
	dev->abs[ABS_X] = (struct input_absinfo){ .minimum = -100, .maximum = 10000,
						  .fuzz = 4, .resolution = 100 };
	dev->abs[ABS_Y] = (struct input_absinfo){ .maximum = 6000, .fuzz = 4,
						  .resolution = 100 };
	dev->abs[ABS_PRESSURE] = (struct input_absinfo){ .maximum = 4095 };
}

static void write_synthetic_description(FILE *f, const void *arg)
{
	assert_int_equal(evemu_writer_description(f, arg), 0);
}

static void test_description_text(void **state)
{
	static const char expected[] =
		"# EVEMU 1.3\n"
		"# Input device name: \"Synthetic Pen\"\n"
		"# Input device ID: bus 0x3 vendor 0x1234 product 0x5678 version 0x1\n"
		"# Recorded by smpsim " SMPSIM_VERSION "\n"
		"N: Synthetic Pen\n"
		"I: 0003 1234 5678 0001\n"
		"P: 02 00 00 00 00 00 00 00\n"
		"B: 00 0b 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 01 04 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 01 00 00 00 00 00 00 00 00\n"
		"B: 02 00 00 00 00 00 00 00 00\n"
		"B: 03 03 00 00 01 00 00 00 00\n"
		"B: 04 00 00 00 00 00 00 00 00\n"
		"B: 05 00 00 00 00 00 00 00 00\n"
		"B: 11 00 00 00 00 00 00 00 00\n"
		"B: 12 00 00 00 00 00 00 00 00\n"
		"B: 14 00 00 00 00 00 00 00 00\n"
		"B: 15 00 00 00 00 00 00 00 00\n"
		"B: 15 00 00 00 00 00 00 00 00\n"
		"B: 16 00 00 00 00 00 00 00 00\n"
		"B: 17 00 00 00 00 00 00 00 00\n"
		"A: 00 -100 10000 4 0 100\n"
		"A: 01 0 6000 4 0 100\n"
		"A: 18 0 4095 0 0 0\n";
	struct pen_device dev;
	char *text;

	(void)state;
	synthetic_device(&dev, "Synthetic Pen");
	/* Absinfo of an axis the device does not declare is not written. */
	dev.abs[ABS_Z] = (struct input_absinfo){ .maximum = 7 };
	text = write_to_string(write_synthetic_description, &dev);
	assert_string_equal(text, expected);
	free(text);
}

struct event_line {
	struct input_event ev;
	struct timeval origin;
	const char *expected;
};

static void write_one_event(FILE *f, const void *arg)
{
	const struct event_line *e = arg;

	assert_int_equal(evemu_writer_event(f, &e->ev, &e->origin), 0);
}

#define EV(s, us, t, c, v) \
	{ .input_event_sec = (s), .input_event_usec = (us), \
	  .type = (t), .code = (c), .value = (v) }

static void test_event_text(void **state)
{
	static const struct event_line lines[] = {
		{ EV(100, 0, EV_ABS, ABS_X, 27246), { 100, 0 },
		  "E: 0.000000 0003 0000 27246\n" },
		{ EV(11, 1, EV_ABS, ABS_PRESSURE, -5), { 10, 999999 },
		  "E: 0.000002 0003 0018 -5\n" },
		{ EV(1335890589, 447038, EV_SYN, SYN_REPORT, 0), { 1335890578, 751009 },
		  "E: 10.696029 0000 0000 0\n" },
		{ EV(12345, 678901, EV_KEY, BTN_TOUCH, 1), { 0, 0 },
		  "E: 12345.678901 0001 014a 1\n" },
		{ EV(0, 0, EV_MSC, MSC_SERIAL, INT32_MIN), { 0, 0 },
		  "E: 0.000000 0004 0000 -2147483648\n" },
		{ EV(0, 0, EV_MSC, MSC_SERIAL, INT32_MAX), { 0, 0 },
		  "E: 0.000000 0004 0000 2147483647\n" },
		/* An event before the origin is written at 0. */
		{ EV(5, 0, EV_ABS, ABS_Y, 1), { 5, 1 }, "E: 0.000000 0003 0001 1\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		char *text = write_to_string(write_one_event, &lines[i]);

		assert_string_equal(text, lines[i].expected);
		free(text);
	}
}

/* A write error is reported, not swallowed. */
static void test_write_error(void **state)
{
	static const struct input_event ev = EV(1, 0, EV_SYN, SYN_REPORT, 0);
	static const struct timeval origin = { 0, 0 };
	struct pen_device dev;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	pen_device_init(&dev);
	assert_int_equal(evemu_writer_description(f, &dev), -EIO);
	clearerr(f);
	assert_int_equal(evemu_writer_event(f, &ev, &origin), -EIO);
	fclose(f);
}

/* ---- device names with control bytes ---- */

struct named {
	const char *name;      /* as the device gives it */
	const char *written;   /* as the N: line must carry it */
};

static const struct named names[] = {
	{ "Evil \x1b[2J\x1b]0;owned\x07Pen", "Evil ?[2J?]0;owned?Pen" },
	{ "Two\nE: 0.000000 0001 014a 1\nLines", "Two?E: 0.000000 0001 014a 1?Lines" },
	{ "Carriage\rReturn\r", "Carriage?Return?" },
	{ "Tab\tbed", "Tab?bed" },
	{ "Del\x7f Pen", "Del? Pen" },
	{ "\x01\x1f\x7f", "???" },
	/* Not control bytes: UTF-8 (U+009B, the C1 CSI, as UTF-8) is kept. */
	{ "Stift \xc3\xa4 \xc2\x9b", "Stift \xc3\xa4 \xc2\x9b" },
};

/* A device whose name holds control bytes is recorded with them as '?':
 * the exact N: line and header comment, one line each, and the file reads
 * back whole, same name and events, with our reader and with libevemu.
 * (Written as they were, an ESC made smpsim refuse its own recording,
 * "binary data where text was expected", and a line feed split the N:
 * line, the rest of the name read as lines of their own.) */
static void test_control_bytes_in_name(void **state)
{
	static const struct input_event events[] = {
		EV(7, 0, EV_KEY, BTN_TOOL_PEN, 1), EV(7, 0, EV_ABS, ABS_X, 500),
		EV(7, 0, EV_SYN, SYN_REPORT, 0), EV(7, 5000, EV_KEY, BTN_TOOL_PEN, 0),
		EV(7, 5000, EV_SYN, SYN_REPORT, 0),
	};
	const struct named *n = *state;
	struct recording rec = { .events = (struct input_event *)events,
				 .count = ARRAY_SIZE(events) }, back;
	struct libevemu_recording *lib = calloc(1, sizeof(*lib));
	char path[PATH_MAX], want[600];
	char *text;

	assert_non_null(lib);
	synthetic_device(&rec.dev, n->name);
	write_recording(&rec, path, sizeof(path));
	text = tmp_files_read(path, NULL);
	snprintf(want, sizeof(want), "# EVEMU 1.3\n# Input device name: \"%s\"\n# Input "
		 "device ID: bus 0x3 vendor 0x1234 product 0x5678 version 0x1\n# Recorded by "
		 "smpsim " SMPSIM_VERSION "\nN: %s\nI: 0003 1234 5678 0001\n", n->written,
		 n->written);
	assert_int_equal(strncmp(text, want, strlen(want)), 0);
	free(text);

	read_recording(path, NULL, &back);
	assert_string_equal(back.dev.name, n->written);
	assert_int_equal(back.count, rec.count);
	for (size_t i = 0; i < rec.count; i++)
		assert_same_event(&back.events[i], &events[i], &events[0]);
	free(back.events);

	assert_int_equal(libevemu_read_recording(path, lib), 0);
	assert_string_equal(lib->name, n->written);
	assert_int_equal(lib->count, rec.count);
	for (size_t i = 0; i < rec.count; i++)
		assert_same_event(&lib->events[i], &events[i], &events[0]);
	libevemu_recording_free(lib);
	free(lib);
	unlink(path);
}

#define NAMED(name, f, state) { name, f, NULL, NULL, (void *)(state) }

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_description_text),
		cmocka_unit_test(test_event_text),
		cmocka_unit_test(test_write_error),
		NAMED("our reader reads back: wacom", test_roundtrip_reader, &fixtures[0]),
		NAMED("our reader reads back: uc-logic", test_roundtrip_reader, &fixtures[1]),
		NAMED("our reader reads back: genius", test_roundtrip_reader, &fixtures[2]),
		NAMED("libevemu reads back: wacom", test_roundtrip_libevemu, &fixtures[0]),
		NAMED("libevemu reads back: uc-logic", test_roundtrip_libevemu, &fixtures[1]),
		NAMED("libevemu reads back: genius", test_roundtrip_libevemu, &fixtures[2]),
		NAMED("name with ESC and OSC", test_control_bytes_in_name, &names[0]),
		NAMED("name with LF", test_control_bytes_in_name, &names[1]),
		NAMED("name with CR", test_control_bytes_in_name, &names[2]),
		NAMED("name with TAB", test_control_bytes_in_name, &names[3]),
		NAMED("name with DEL", test_control_bytes_in_name, &names[4]),
		NAMED("name of control bytes only", test_control_bytes_in_name, &names[5]),
		NAMED("name in UTF-8", test_control_bytes_in_name, &names[6]),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
