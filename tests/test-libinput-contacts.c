/* test-libinput-contacts: smpsim counts tip contacts as libinput does.
 *
 * Every recording the suite has (the real tablets of tests/data/tablets
 * and the shipped data/recordings) is replayed twice: through the real
 * libinput 1.22 (Debian's libinput10, its path backend, on a node umockdev
 * emulates: umockdev_libinput.c) and through smpsim's own replay
 * (pen_source, as inspect and practice read a file). Both must report the
 * same number of tip-downs for each tool type, and the number written
 * here. Tool types no recording has (eraser, brush, pencil, airbrush, and
 * a puck) are written as tables of frames on a Wacom-like device with every
 * tool key, a distance axis and 2048 pressure levels, and go the same two
 * ways (smpsim reads them from an evemu file this test writes).
 *
 * What differs on purpose, and is checked as such:
 *  - a tablet without a resolution (the Genius EasyPen): libinput refuses
 *    it; smpsim sizes it from --pad-size (or libwacom) and counts what the
 *    recording holds, which is known by hand: hovering only, 0 contacts;
 *  - pucks (BTN_TOOL_MOUSE, BTN_TOOL_LENS): libinput tracks them but never
 *    reports a tip for them on a tablet with pressure; smpsim ignores them
 *    (no needle is held in a puck): both count 0.
 * The program must run with libumockdev-preload (ctest's umockdev-wrapper);
 * started bare, it runs itself again that way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <libinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pen_source.h"
#include "quirks_load.h"
#include "recording_file.h"
#include "tmp_files.h"
#include "umockdev_libinput.h"
#include "umockdev_pen.h"

#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"
#define TABLET(name) SMPSIM_FIXTURES_DIR "/" name
#define SHIPPED(name) SMPSIM_DATA_DIR "/recordings/" name
/* How long libinput may take nothing from the node before the test fails:
 * a stall, not a pace (a frame takes it well under a millisecond). */
#define STALL_MS 60000

/* smpsim's tools are numbered as libinput's tool types. */
_Static_assert((int)PEN_TOOL_PEN == (int)LIBINPUT_TABLET_TOOL_TYPE_PEN &&
	       (int)PEN_TOOL_ERASER == (int)LIBINPUT_TABLET_TOOL_TYPE_ERASER &&
	       (int)PEN_TOOL_BRUSH == (int)LIBINPUT_TABLET_TOOL_TYPE_BRUSH &&
	       (int)PEN_TOOL_PENCIL == (int)LIBINPUT_TABLET_TOOL_TYPE_PENCIL &&
	       (int)PEN_TOOL_AIRBRUSH == (int)LIBINPUT_TABLET_TOOL_TYPE_AIRBRUSH,
	       "enum pen_tool follows enum libinput_tablet_tool_type");

static const char *const tool_names[UMOCKDEV_LIBINPUT_TOOL_TYPES] = {
	"none", "pen", "eraser", "brush", "pencil", "airbrush", "mouse", "lens", "totem",
};

static struct device_quirk *shipped;
static size_t shipped_count;

/* ---- the two readers ---- */

/* Tip-downs per tool through libinput; false when libinput refuses the
 * device (its log then names what it misses in @p why). */
static bool libinput_counts(const struct recording *rec, unsigned long *tips,
			    char *why, size_t why_size)
{
	struct umockdev_pen_state st;
	struct umockdev_pen_bed *bed;
	struct umockdev_libinput *li;
	struct umockdev_libinput_counts counts = { { 0 }, { 0 }, { 0 } };
	char err[UMOCKDEV_PEN_ERROR_MAX];
	bool accepted;

	umockdev_pen_state_init(&st);
	if (umockdev_pen_bed_new(&rec->dev, &st, 1, &bed, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	if (umockdev_libinput_new(bed, &li, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	accepted = umockdev_libinput_accepted(li);
	snprintf(why, why_size, "%s", umockdev_libinput_log(li));
	if (accepted &&
	    umockdev_libinput_feed(li, rec->events, rec->count, STALL_MS, &counts,
				   err, sizeof(err)) < 0)
		fail_msg("%s\nlibinput's log:\n%s", err, umockdev_libinput_log(li));
	/* Every contact ended: as many tip-ups as tip-downs. */
	for (size_t t = 0; t < UMOCKDEV_LIBINPUT_TOOL_TYPES; t++) {
		assert_int_equal(counts.tip_up[t], counts.tip_down[t]);
		tips[t] = counts.tip_down[t];
	}
	umockdev_libinput_free(li);
	umockdev_pen_bed_free(bed);
	return accepted;
}

/* Tip-downs per tool through smpsim's replay of the file. */
static void smpsim_counts(const char *path, const char *desc,
			  struct pen_pad_size pad, unsigned long *tips)
{
	struct pen_source_options o = { .pad_size = pad, .quirks = shipped,
					.quirk_count = shipped_count };
	struct pen_source *src;
	struct pen_sample s;
	char err[PEN_SOURCE_ERROR_MAX] = "";
	int rc;

	memset(tips, 0, UMOCKDEV_LIBINPUT_TOOL_TYPES * sizeof(*tips));
	rc = pen_source_open_recording(path, desc, &o, &src, err, sizeof(err));
	if (rc < 0)
		fail_msg("%s", err);
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		if (s.flags & PEN_TIP_DOWN_EDGE) {
			assert_true(s.tool > PEN_TOOL_NONE && s.tool < PEN_TOOL_COUNT);
			tips[s.tool]++;
		}
	}
	assert_int_equal(rc, -ENODATA);
	pen_source_free(src);
}

/* @return whether all three agree for every tool; prints those that do
 * not. */
static bool same_tips(const char *what, const unsigned long *want,
		      const unsigned long *libinput, const unsigned long *smpsim)
{
	bool same = true;

	for (size_t t = 0; t < UMOCKDEV_LIBINPUT_TOOL_TYPES; t++) {
		if (want[t] == libinput[t] && want[t] == smpsim[t])
			continue;
		print_message("%s: %s tip-downs: expected %lu, libinput %lu, smpsim %lu\n",
			      what, tool_names[t], want[t], libinput[t], smpsim[t]);
		same = false;
	}
	return same;
}

/* ---- the recordings ---- */

struct recording_case {
	const char *path;
	unsigned long pen_tips;  /* by hand: contacts in the recording */
};

static void check_recording(const struct recording_case *c)
{
	struct recording rec;
	unsigned long want[UMOCKDEV_LIBINPUT_TOOL_TYPES] = { 0 };
	unsigned long li[UMOCKDEV_LIBINPUT_TOOL_TYPES], smp[UMOCKDEV_LIBINPUT_TOOL_TYPES];
	char log[4096];

	want[LIBINPUT_TABLET_TOOL_TYPE_PEN] = c->pen_tips;
	recording_load(c->path, NULL, &rec);
	if (!libinput_counts(&rec, li, log, sizeof(log)))
		fail_msg("%s: libinput refused the device:\n%s", c->path, log);
	smpsim_counts(c->path, NULL, (struct pen_pad_size){ 0, 0 }, smp);
	if (!same_tips(c->path, want, li, smp))
		fail_msg("%s: tip-down counts differ", c->path);
	recording_free(&rec);
}

static void test_cintiq_13hd(void **state)
{
	static const struct recording_case c = { TABLET("wacom-cintiq-13hd-pen.evemu"), 2 };

	(void)state;
	check_recording(&c);
}

static void test_uc_logic_wp5540u(void **state)
{
	/* No tool keys at all: libinput makes up BTN_TOOL_PEN, smpsim takes
	 * axes as proximity; never a proximity-out (both force one). */
	static const struct recording_case c = { TABLET("uc-logic-wp5540u-pen.evemu"), 1 };

	(void)state;
	check_recording(&c);
}

static void test_shipped_cintiq(void **state)
{
	static const struct recording_case c = { SHIPPED("wacom-cintiq-13hd-pen.evemu"), 2 };

	(void)state;
	check_recording(&c);
}

static void test_hairline_careful(void **state)
{
	/* 638 dots (data/recordings/README.md). */
	static const struct recording_case c = { SHIPPED("hairline-careful.evemu"), 638 };

	(void)state;
	check_recording(&c);
}

static void test_hairline_careless(void **state)
{
	/* 841 dots (data/recordings/README.md). */
	static const struct recording_case c = { SHIPPED("hairline-careless.evemu"), 841 };

	(void)state;
	check_recording(&c);
}

/* No resolution: libinput 1.22 will not take it as a tablet at all. smpsim
 * deliberately does, sized by --pad-size (the active area, 5.5 x 4 in),
 * and counts what the recording holds: the pen hovers, never touches. */
static void test_genius_refused_by_libinput(void **state)
{
	struct recording rec;
	unsigned long li[UMOCKDEV_LIBINPUT_TOOL_TYPES], smp[UMOCKDEV_LIBINPUT_TOOL_TYPES];
	static char log[1 << 16];

	(void)state;
	recording_load(TABLET("genius-easypen-i405x.events"),
		       TABLET("genius-easypen-i405x.desc"), &rec);
	assert_false(libinput_counts(&rec, li, log, sizeof(log)));
	if (!strstr(log, "missing tablet capabilities: resolution"))
		fail_msg("libinput refused the Genius, but not for its resolution:\n%s", log);
	smpsim_counts(TABLET("genius-easypen-i405x.events"), TABLET("genius-easypen-i405x.desc"),
		      (struct pen_pad_size){ 139.7, 101.6 }, smp);
	for (size_t t = 0; t < UMOCKDEV_LIBINPUT_TOOL_TYPES; t++)
		assert_int_equal(smp[t], 0);
	recording_free(&rec);
}

/* ---- tools as tables ---- */

/* A Wacom-vendor pen with every tool key (as the Cintiqs and Intuos have):
 * 200 x 125 mm at 100 units/mm, pressure 0..2047 (libinput's thresholds:
 * down at 102, up at 20, a gap of 82), distance 0..63 (far half from 31),
 * tilt. Wacom, so that libinput keeps the puck tools (it drops them for
 * other vendors) and the shipped quirks say proximity-out is sent. */
static void table_device(struct pen_device *dev)
{
	static const struct {
		unsigned int code;
		int32_t min, max, res;
	} axes[] = {
		{ ABS_X, 0, 20000, 100 }, { ABS_Y, 0, 12500, 100 },
		{ ABS_PRESSURE, 0, 2047, 0 }, { ABS_DISTANCE, 0, 63, 0 },
		{ ABS_TILT_X, -64, 63, 57 }, { ABS_TILT_Y, -64, 63, 57 },
	};
	static const unsigned int keys[] = {
		BTN_TOOL_PEN, BTN_TOOL_RUBBER, BTN_TOOL_BRUSH, BTN_TOOL_PENCIL,
		BTN_TOOL_AIRBRUSH, BTN_TOOL_MOUSE, BTN_TOOL_LENS, BTN_TOUCH,
		BTN_STYLUS, BTN_STYLUS2,
	};

	pen_device_init(dev);
	snprintf(dev->name, sizeof(dev->name), "smpsim every-tool pen");
	dev->id.bustype = BUS_USB;
	dev->id.vendor = 0x056a;
	dev->id.product = 0x5351;
	dev->id.version = 1;
	for (size_t i = 0; i < sizeof(axes) / sizeof(axes[0]); i++) {
		assert_int_equal(pen_device_enable(dev, EV_ABS, axes[i].code), 0);
		dev->abs[axes[i].code].minimum = axes[i].min;
		dev->abs[axes[i].code].maximum = axes[i].max;
		dev->abs[axes[i].code].resolution = axes[i].res;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_int_equal(pen_device_enable(dev, EV_KEY, keys[i]), 0);
	assert_int_equal(pen_device_enable(dev, EV_SYN, SYN_REPORT), 0);
}

/* One frame: up to 8 events, then SYN_REPORT; frames 8 ms apart. */
struct table_frame {
	struct { uint16_t type, code; int32_t value; } ev[8];
};

#define K(code, v) { EV_KEY, code, v }
#define A(code, v) { EV_ABS, ABS_##code, v }
#define XY(x, y) A(X, x), A(Y, y)
#define FRAME_GAP_US 8000

struct table_case {
	const char *name;
	const struct table_frame *frames;
	size_t n_frames;
	unsigned long tips[UMOCKDEV_LIBINPUT_TOOL_TYPES]; /* by hand */
};

/* A session of one tool @p key: in while hovering far, a press that
 * reaches exactly the upper threshold, a lift, a press whose pressure
 * drops to the lower threshold and returns while BTN_TOUCH stays held (two
 * contacts by pressure), and out. Three contacts. */
#define TOOL_SESSION(key) \
	{ { K(key, 1), XY(5000, 5000), A(DISTANCE, 40) } }, \
	{ { A(DISTANCE, 0), A(PRESSURE, 101), K(BTN_TOUCH, 1) } },  /* 101 < 102 */ \
	{ { A(PRESSURE, 102) } },                                    /* down 1 */ \
	{ { XY(5010, 5000) } }, \
	{ { A(PRESSURE, 21) } },                                     /* 21 > 20: held */ \
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 10) } },    /* up */ \
	{ { A(DISTANCE, 0), A(PRESSURE, 500), K(BTN_TOUCH, 1) } },   /* down 2 */ \
	{ { A(PRESSURE, 20) } },                                     /* up, BTN_TOUCH held */ \
	{ { A(PRESSURE, 101) } }, \
	{ { A(PRESSURE, 600) } },                                    /* down 3 */ \
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 20) } },    /* up */ \
	{ { K(key, 0), XY(0, 0), A(DISTANCE, 0) } }

static const struct table_frame pen_frames[] = { TOOL_SESSION(BTN_TOOL_PEN) };
static const struct table_frame eraser_frames[] = { TOOL_SESSION(BTN_TOOL_RUBBER) };
static const struct table_frame brush_frames[] = { TOOL_SESSION(BTN_TOOL_BRUSH) };
static const struct table_frame pencil_frames[] = { TOOL_SESSION(BTN_TOOL_PENCIL) };
static const struct table_frame airbrush_frames[] = { TOOL_SESSION(BTN_TOOL_AIRBRUSH) };

/* A real Cintiq's pen turned round and back mid-session, a stroke with
 * each end: the pen leaves proximity, the eraser comes in, and back. */
static const struct table_frame switch_frames[] = {
	{ { K(BTN_TOOL_PEN, 1), XY(4000, 4000), A(DISTANCE, 50) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 700), K(BTN_TOUCH, 1) } },
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 30) } },
	{ { K(BTN_TOOL_PEN, 0), XY(0, 0), A(DISTANCE, 0) } },
	{ { K(BTN_TOOL_RUBBER, 1), XY(4100, 4000), A(DISTANCE, 50) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 900), K(BTN_TOUCH, 1) } },
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 30) } },
	{ { K(BTN_TOOL_RUBBER, 0), XY(0, 0), A(DISTANCE, 0) } },
	{ { K(BTN_TOOL_PEN, 1), XY(4200, 4000), A(DISTANCE, 50) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 300), K(BTN_TOUCH, 1) } },
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 30) } },
	{ { K(BTN_TOOL_PEN, 0), XY(0, 0), A(DISTANCE, 0) } },
};

/* Pressure offsets are per tool: a worn pen comes in hovering far with
 * 60 (its offset: thresholds 60 and 142), so 130 does not touch and 142
 * does; the eraser, unworn, touches at 102. A reading of 30 later lowers
 * the pen's offset (thresholds 30 and 112): 120 touches again. */
static const struct table_frame offset_frames[] = {
	{ { K(BTN_TOOL_PEN, 1), XY(3000, 3000), A(DISTANCE, 40), A(PRESSURE, 60) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 130), K(BTN_TOUCH, 1) } },  /* 130 < 142 */
	{ { A(PRESSURE, 142) } },                                   /* pen down 1 */
	{ { A(PRESSURE, 61) } },                                    /* 61 > 60: held */
	{ { A(PRESSURE, 60), K(BTN_TOUCH, 0) } },                   /* up */
	{ { A(PRESSURE, 30), A(DISTANCE, 10) } },                   /* lowers */
	{ { A(PRESSURE, 120), A(DISTANCE, 0), K(BTN_TOUCH, 1) } },  /* pen down 2 */
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 20) } },
	{ { K(BTN_TOOL_PEN, 0), XY(0, 0), A(DISTANCE, 0) } },
	{ { K(BTN_TOOL_RUBBER, 1), XY(3000, 3000), A(DISTANCE, 40) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 102), K(BTN_TOUCH, 1) } },  /* eraser down */
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 20) } },
	{ { K(BTN_TOOL_RUBBER, 0), XY(0, 0), A(DISTANCE, 0) } },
};

/* Firmware that presses the eraser's key while the pen's is still held
 * (libinput's issue #259): the eraser takes over; then a pen key pressed
 * while the eraser is held (#702) is ignored, the contact is the eraser's. */
static const struct table_frame doubled_frames[] = {
	{ { K(BTN_TOOL_PEN, 1), XY(2000, 2000), A(DISTANCE, 40) } },
	{ { K(BTN_TOOL_RUBBER, 1), XY(2010, 2000) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 800), K(BTN_TOUCH, 1) } },  /* eraser down */
	{ { K(BTN_TOOL_PEN, 1), A(PRESSURE, 820) } },               /* ignored */
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 20) } },
	{ { K(BTN_TOOL_RUBBER, 0), K(BTN_TOOL_PEN, 0), XY(0, 0), A(DISTANCE, 0) } },
};

/* A puck on the same tablet: in proximity, moved, its buttons pressed;
 * no tip in libinput (a puck has no pressure), none in smpsim (it ignores
 * pucks). The pen after it touches as usual. */
static const struct table_frame puck_frames[] = {
	{ { K(BTN_TOOL_MOUSE, 1), XY(6000, 6000), A(DISTANCE, 10) } },
	{ { XY(6100, 6000), K(BTN_STYLUS, 1) } },
	{ { XY(6200, 6000), K(BTN_STYLUS, 0) } },
	{ { K(BTN_TOOL_MOUSE, 0), XY(0, 0), A(DISTANCE, 0) } },
	{ { K(BTN_TOOL_LENS, 1), XY(6000, 6000), A(DISTANCE, 10) } },
	{ { XY(6100, 6100) } },
	{ { K(BTN_TOOL_LENS, 0), XY(0, 0), A(DISTANCE, 0) } },
	{ { K(BTN_TOOL_PEN, 1), XY(6000, 6000), A(DISTANCE, 40) } },
	{ { A(DISTANCE, 0), A(PRESSURE, 300), K(BTN_TOUCH, 1) } },
	{ { A(PRESSURE, 0), K(BTN_TOUCH, 0), A(DISTANCE, 20) } },
	{ { K(BTN_TOOL_PEN, 0), XY(0, 0), A(DISTANCE, 0) } },
};

#define N(frames) (sizeof(frames) / sizeof(frames[0]))
#define TIPS(pen, eraser, brush, pencil, airbrush) { 0, pen, eraser, brush, pencil, airbrush, 0, 0, 0 }

static const struct table_case table_cases[] = {
	{ "pen", pen_frames, N(pen_frames), TIPS(3, 0, 0, 0, 0) },
	{ "eraser", eraser_frames, N(eraser_frames), TIPS(0, 3, 0, 0, 0) },
	{ "brush", brush_frames, N(brush_frames), TIPS(0, 0, 3, 0, 0) },
	{ "pencil", pencil_frames, N(pencil_frames), TIPS(0, 0, 0, 3, 0) },
	{ "airbrush", airbrush_frames, N(airbrush_frames), TIPS(0, 0, 0, 0, 3) },
	{ "pen turned round and back", switch_frames, N(switch_frames), TIPS(2, 1, 0, 0, 0) },
	{ "pressure offset per tool", offset_frames, N(offset_frames), TIPS(2, 1, 0, 0, 0) },
	{ "doubled-up tool keys", doubled_frames, N(doubled_frames), TIPS(0, 1, 0, 0, 0) },
	{ "pucks", puck_frames, N(puck_frames), TIPS(1, 0, 0, 0, 0) },
};

/* The frames as events, 8 ms apart from t = 1 s. */
static void table_events(const struct table_case *c, struct recording *rec)
{
	rec->events = calloc(c->n_frames * 9, sizeof(*rec->events));
	assert_non_null(rec->events);
	rec->count = 0;
	for (size_t f = 0; f < c->n_frames; f++) {
		long long us = 1000000 + (long long)f * FRAME_GAP_US;
		struct input_event ev = { 0 };

		ev.input_event_sec = (time_t)(us / 1000000);
		ev.input_event_usec = (suseconds_t)(us % 1000000);
		for (size_t i = 0; i < 8 && c->frames[f].ev[i].type; i++) {
			ev.type = c->frames[f].ev[i].type;
			ev.code = c->frames[f].ev[i].code;
			ev.value = c->frames[f].ev[i].value;
			rec->events[rec->count++] = ev;
		}
		ev.type = EV_SYN;
		ev.code = SYN_REPORT;
		ev.value = 0;
		rec->events[rec->count++] = ev;
	}
}

/* The recording as an evemu file in the test's folder. */
static void write_recording(const struct recording *rec, char *path, size_t path_size)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	recording_write(rec, rec->count, f);
	assert_int_equal(fclose(f), 0);
	tmp_files_write("table", "evemu", text, len, path, path_size);
	free(text);
}

static void test_tool_tables(void **state)
{
	size_t failed = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(table_cases) / sizeof(table_cases[0]); i++) {
		const struct table_case *c = &table_cases[i];
		unsigned long li[UMOCKDEV_LIBINPUT_TOOL_TYPES], smp[UMOCKDEV_LIBINPUT_TOOL_TYPES];
		struct recording rec;
		char path[512], log[4096];

		table_device(&rec.dev);
		table_events(c, &rec);
		if (!libinput_counts(&rec, li, log, sizeof(log)))
			fail_msg("%s: libinput refused the device:\n%s", c->name, log);
		write_recording(&rec, path, sizeof(path));
		smpsim_counts(path, NULL, (struct pen_pad_size){ 0, 0 }, smp);
		failed += !same_tips(c->name, c->tips, li, smp);
		recording_free(&rec);
	}
	if (failed)
		fail_msg("%zu of the tables: tip-down counts differ", failed);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cintiq_13hd),
		cmocka_unit_test(test_uc_logic_wp5540u),
		cmocka_unit_test(test_shipped_cintiq),
		cmocka_unit_test(test_hairline_careful),
		cmocka_unit_test(test_hairline_careless),
		cmocka_unit_test(test_genius_refused_by_libinput),
		cmocka_unit_test(test_tool_tables),
	};
	char err[512];
	int rc;

	(void)argc;
	if (!umockdev_pen_preloaded()) {
		rc = umockdev_pen_exec_preloaded(argv);
		fprintf(stderr, "test-libinput-contacts: cannot run itself under "
			"libumockdev-preload: %s\n", strerror(-rc));
		return 1;
	}
	if (quirks_load(QUIRKS, &shipped, &shipped_count, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, tmp_files_setup, tmp_files_teardown);
	free(shipped);
	return rc;
}
