/* test-pen-assembler: the assembler's rules on devices described as tables,
 * and the real recordings replayed to their exact counts and values.
 *
 * Unit cases push hand-written frames (a frame = events + SYN_REPORT at one
 * time) into an assembler built from a device row, and check every sample
 * that comes out. Recording cases go through pen_source, the path inspect
 * and practice use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "pen_assembler.h"
#include "pen_source.h"
#include "pen_stats.h"
#include "quirks_load.h"

#define QUIRKS SMPSIM_DATA_DIR "/devices/quirks.yaml"

/* The shipped quirks, as the program uses them (loaded in main). */
static struct device_quirk *shipped;
static size_t shipped_count;
#define FIX(name) SMPSIM_FIXTURES_DIR "/" name

/* ---- devices as tables ---- */

struct test_device {
	const char *name;
	bool tool_keys;       /* BTN_TOOL_PEN .. BTN_TOOL_AIRBRUSH */
	int pressure_max;     /* 0: no pressure axis (BTN_TOUCH decides) */
	int tilt_resolution;  /* -1: no tilt */
	bool distance;
	enum pen_proximity_out prox;
};

static const struct test_device wacom_like = {
	"wacom-like", true, 2047, 57, true, PEN_PROXIMITY_OUT_SENT,
};
static const struct test_device ucl_like = {
	"uc-logic-like", false, 1023, -1, false, PEN_PROXIMITY_OUT_UNKNOWN,
};
static const struct test_device keyed_unknown = {
	"keyed, proximity unknown", true, 1023, -1, false, PEN_PROXIMITY_OUT_UNKNOWN,
};
static const struct test_device touch_only = {
	"no pressure", true, 0, -1, false, PEN_PROXIMITY_OUT_SENT,
};
static const struct test_device tilt_no_res = {
	"tilt without resolution", true, 1023, 0, false, PEN_PROXIMITY_OUT_SENT,
};

static struct pen_assembler *make(const struct test_device *td)
{
	struct pen_device dev;
	struct pen_geometry geo = { 10, 20, 100, 50, PEN_SIZE_RESOLUTION };
	struct pen_assembler_config cfg;
	struct pen_assembler *pa;

	pen_device_init(&dev);
	pen_device_enable(&dev, EV_ABS, ABS_X);
	pen_device_enable(&dev, EV_ABS, ABS_Y);
	dev.abs[ABS_X] = (struct input_absinfo){ .minimum = 100, .maximum = 1100, .resolution = 10 };
	dev.abs[ABS_Y] = (struct input_absinfo){ .minimum = 0, .maximum = 1000, .resolution = 20 };
	if (td->tool_keys) {
		for (unsigned int code = BTN_TOOL_PEN; code <= BTN_TOOL_AIRBRUSH; code++)
			pen_device_enable(&dev, EV_KEY, code);
	}
	pen_device_enable(&dev, EV_KEY, BTN_TOUCH);
	if (td->pressure_max) {
		pen_device_enable(&dev, EV_ABS, ABS_PRESSURE);
		dev.abs[ABS_PRESSURE].maximum = td->pressure_max;
	}
	if (td->tilt_resolution >= 0) {
		pen_device_enable(&dev, EV_ABS, ABS_TILT_X);
		pen_device_enable(&dev, EV_ABS, ABS_TILT_Y);
		dev.abs[ABS_TILT_X] = (struct input_absinfo){ .minimum = -64, .maximum = 63,
							     .resolution = td->tilt_resolution };
		dev.abs[ABS_TILT_Y] = dev.abs[ABS_TILT_X];
	}
	if (td->distance) {
		pen_device_enable(&dev, EV_ABS, ABS_DISTANCE);
		dev.abs[ABS_DISTANCE].maximum = 63;
	}
	pen_assembler_config_default(&cfg);
	cfg.proximity_out = td->prox;
	assert_int_equal(pen_assembler_new(&dev, &geo, &cfg, &pa), 0);
	return pa;
}

/* One frame: (type, code, value) triples ending with type -1, then
 * SYN_REPORT, all at @ms. Returns the number of samples, copied to @out. */
struct ev3 { int type, code, value; };

static size_t frame(struct pen_assembler *pa, double ms, const struct ev3 *evs,
		    struct pen_sample *out)
{
	struct input_event ev = { 0 };
	int64_t us = (int64_t)llround(ms * 1000);
	size_t n = 0;

	ev.input_event_sec = (time_t)(us / 1000000);
	ev.input_event_usec = (suseconds_t)(us % 1000000);
	for (; evs && evs->type >= 0; evs++) {
		ev.type = (uint16_t)evs->type;
		ev.code = (uint16_t)evs->code;
		ev.value = evs->value;
		assert_int_equal(pen_assembler_push(pa, &ev, out), 0);
	}
	ev.type = EV_SYN;
	ev.code = SYN_REPORT;
	ev.value = 0;
	n = pen_assembler_push(pa, &ev, out);
	return n;
}

#define END { -1, 0, 0 }
#define PEN_IN { EV_KEY, BTN_TOOL_PEN, 1 }
#define PEN_OUT { EV_KEY, BTN_TOOL_PEN, 0 }
#define AT(x, y) { EV_ABS, ABS_X, (x) }, { EV_ABS, ABS_Y, (y) }
#define P(v) { EV_ABS, ABS_PRESSURE, (v) }

/* ---- unit cases ---- */

static void test_position_in_mm(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 f[] = { PEN_IN, AT(350, 125), END };

	(void)state;
	assert_int_equal(frame(pa, 5, f, s), 1);
	/* (350 - min 100) / 10 units per mm; 125 / 20 units per mm. */
	assert_float_equal(s[0].x_mm, 25.0, 1e-12);
	assert_float_equal(s[0].y_mm, 6.25, 1e-12);
	assert_int_equal(s[0].time_us, 0);
	assert_int_equal(s[0].tool, PEN_TOOL_PEN);
	assert_int_equal(s[0].flags, PEN_IN_PROXIMITY | PEN_PROXIMITY_IN | PEN_HAS_TILT);
	pen_assembler_free(pa);
}

static void test_no_sample_from_partial_frame(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	struct input_event ev = { .type = EV_KEY, .code = BTN_TOOL_PEN, .value = 1 };

	(void)state;
	assert_int_equal(pen_assembler_push(pa, &ev, s), 0);
	ev.type = EV_ABS; ev.code = ABS_X; ev.value = 500;
	assert_int_equal(pen_assembler_push(pa, &ev, s), 0);
	ev.code = ABS_PRESSURE; ev.value = 1500;
	assert_int_equal(pen_assembler_push(pa, &ev, s), 0);
	/* The stream ends mid-frame: nothing of it becomes a sample. */
	assert_int_equal(pen_assembler_finish(pa, s), 0);
	pen_assembler_free(pa);
}

/* 1023 levels: libinput's 5% and 1% are 51.15 and 10.23, truncated to
 * device units: down at >= 51, up at <= 10. */
static void test_tip_hysteresis_edges(void **state)
{
	struct pen_assembler *pa = make(&keyed_unknown);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(100, 0), P(0), END };
	const struct ev3 p50[] = { P(50), END }, p51[] = { P(51), END };
	const struct ev3 p11[] = { P(11), END }, p10[] = { P(10), END };

	(void)state;
	assert_int_equal(frame(pa, 0, in, s), 1);
	assert_int_equal(frame(pa, 5, p50, s), 1);
	assert_false(s[0].flags & PEN_TIP_DOWN);
	assert_int_equal(frame(pa, 10, p51, s), 1);
	assert_true(s[0].flags & PEN_TIP_DOWN);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	assert_float_equal(s[0].pressure, 51.0 / 1023, 1e-12);
	assert_int_equal(frame(pa, 15, p11, s), 1);
	assert_int_equal(s[0].flags & (PEN_TIP_DOWN | PEN_TIP_UP_EDGE), PEN_TIP_DOWN);
	assert_int_equal(frame(pa, 20, p10, s), 1);
	assert_int_equal(s[0].flags & (PEN_TIP_DOWN | PEN_TIP_UP_EDGE), PEN_TIP_UP_EDGE);
	pen_assembler_free(pa);
}

static void test_btn_touch_ignored_with_pressure(void **state)
{
	struct pen_assembler *pa = make(&keyed_unknown);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 f[] = { PEN_IN, AT(100, 0), P(20), { EV_KEY, BTN_TOUCH, 1 }, END };

	(void)state;
	assert_int_equal(frame(pa, 0, f, s), 1);
	assert_false(s[0].flags & PEN_TIP_DOWN);
	pen_assembler_free(pa);
}

static void test_btn_touch_without_pressure(void **state)
{
	struct pen_assembler *pa = make(&touch_only);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(100, 0), END };
	const struct ev3 down[] = { { EV_KEY, BTN_TOUCH, 1 }, END };
	const struct ev3 up[] = { { EV_KEY, BTN_TOUCH, 0 }, END };

	(void)state;
	assert_int_equal(frame(pa, 0, in, s), 1);
	assert_int_equal(frame(pa, 5, down, s), 1);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	assert_float_equal(s[0].pressure, 0.0, 0);
	assert_int_equal(frame(pa, 10, up, s), 1);
	assert_true(s[0].flags & PEN_TIP_UP_EDGE);
	pen_assembler_free(pa);
}

/* A worn pen rests at 100 of 2047 (4.9%) while hovering far: that is its
 * offset. libinput then moves both thresholds: up at <= 100, down at >=
 * 100 + (102 - 20), the old gap between 5% and 1% in device units. Without
 * the offset it would touch at 102. */
static void test_worn_pen_offset(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(100, 0), P(100), { EV_ABS, ABS_DISTANCE, 40 }, END };
	const struct ev3 p181[] = { P(181), END }, p182[] = { P(182), END };
	const struct ev3 p101[] = { P(101), END }, p90[] = { P(90), END };

	(void)state;
	assert_int_equal(frame(pa, 0, in, s), 1);
	assert_false(s[0].flags & PEN_TIP_DOWN);
	assert_int_equal(pen_assembler_pressure_offset(pa), 100);
	assert_float_equal(s[0].pressure, 0.0, 0);
	assert_int_equal(frame(pa, 5, p181, s), 1);
	assert_false(s[0].flags & PEN_TIP_DOWN);
	assert_int_equal(frame(pa, 10, p182, s), 1);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	assert_float_equal(s[0].pressure, 82.0 / 1947, 1e-12);
	assert_int_equal(frame(pa, 15, p101, s), 1);
	assert_int_equal(s[0].flags & (PEN_TIP_DOWN | PEN_TIP_UP_EDGE), PEN_TIP_DOWN);
	/* A lower reading lowers the offset and both thresholds (libinput
	 * does the same): up now. */
	assert_int_equal(frame(pa, 20, p90, s), 1);
	assert_int_equal(pen_assembler_pressure_offset(pa), 90);
	assert_true(s[0].flags & PEN_TIP_UP_EDGE);
	pen_assembler_free(pa);
}

/* libinput 1.22 looks for wear only where a distance axis tells hovering
 * from touching: without one, 100 of 1023 at proximity-in is a press. */
static void test_no_offset_without_distance(void **state)
{
	struct pen_assembler *pa = make(&keyed_unknown);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(100, 0), P(100), END };

	(void)state;
	assert_int_equal(frame(pa, 0, in, s), 1);
	assert_int_equal(pen_assembler_pressure_offset(pa), 0);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	pen_assembler_free(pa);
}

/* Each tool keeps its own offset: the worn pen's does not raise the
 * eraser's thresholds. */
static void test_offset_per_tool(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 pen_in[] = { PEN_IN, AT(100, 0), P(100), { EV_ABS, ABS_DISTANCE, 40 }, END };
	const struct ev3 pen_out[] = { PEN_OUT, P(0), END };
	const struct ev3 rubber_in[] = { { EV_KEY, BTN_TOOL_RUBBER, 1 }, AT(100, 0), END };
	const struct ev3 p102[] = { P(102), END };

	(void)state;
	frame(pa, 0, pen_in, s);
	assert_int_equal(pen_assembler_pressure_offset(pa), 100);
	frame(pa, 5, pen_out, s);
	assert_int_equal(frame(pa, 10, rubber_in, s), 1);
	assert_int_equal(s[0].tool, PEN_TOOL_ERASER);
	assert_int_equal(pen_assembler_pressure_offset(pa), 0);
	assert_int_equal(frame(pa, 15, p102, s), 1);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	pen_assembler_free(pa);
}

/* More than 20% at proximity-in is a press, not wear. */
static void test_offset_above_20_percent_is_a_press(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	/* 20% of 2047 is 409.4: 410 is more. */
	const struct ev3 in[] = { PEN_IN, AT(100, 0), P(410), { EV_ABS, ABS_DISTANCE, 40 }, END };

	(void)state;
	assert_int_equal(frame(pa, 0, in, s), 1);
	assert_int_equal(pen_assembler_pressure_offset(pa), 0);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	pen_assembler_free(pa);
}

/* With a distance axis, only a pen in the far half may set an offset. */
static void test_offset_needs_far_distance(void **state)
{
	struct pen_assembler *near = make(&wacom_like), *far = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	/* Half of 0..63 is 31.5, truncated to 31 as libinput does. */
	const struct ev3 close_in[] = { PEN_IN, AT(100, 0), P(80), { EV_ABS, ABS_DISTANCE, 30 }, END };
	const struct ev3 far_in[] = { PEN_IN, AT(100, 0), P(80), { EV_ABS, ABS_DISTANCE, 31 }, END };

	(void)state;
	frame(near, 0, close_in, s);
	frame(far, 0, far_in, s);
	assert_int_equal(pen_assembler_pressure_offset(near), 0);
	assert_int_equal(pen_assembler_pressure_offset(far), 80);
	pen_assembler_free(near);
	pen_assembler_free(far);
}

static void test_tilt_degrees(void **state)
{
	struct pen_assembler *res = make(&wacom_like), *nores = make(&tilt_no_res);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 f[] = { PEN_IN, AT(100, 0), { EV_ABS, ABS_TILT_X, 57 },
				 { EV_ABS, ABS_TILT_Y, -64 }, END };

	(void)state;
	frame(res, 0, f, s);
	/* 57 units at 57 units/radian is one radian. */
	assert_float_equal(s[0].tilt_x_deg, 180.0 / M_PI, 1e-9);
	assert_float_equal(s[0].tilt_y_deg, -64 * 180.0 / M_PI / 57, 1e-9);
	frame(nores, 0, f, s);
	/* No resolution: -64..63 maps onto Wacom's -64..64 degrees. */
	assert_float_equal(s[0].tilt_x_deg, (121.0 / 127 * 2 - 1) * 64, 1e-9);
	assert_float_equal(s[0].tilt_y_deg, -64.0, 1e-9);
	pen_assembler_free(res);
	pen_assembler_free(nores);
}

/* No tool keys: frames at 0 and 10 ms, then silence until 70 ms. The out
 * is stamped 10 + 50 ms, and the 70 ms frame brings the pen back in. */
static void test_forced_proximity_out(void **state)
{
	struct pen_assembler *pa = make(&ucl_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 a[] = { AT(200, 40), END }, b[] = { AT(210, 40), END };
	const struct ev3 c[] = { AT(300, 60), END };

	(void)state;
	assert_int_equal(frame(pa, 0, a, s), 1);
	assert_true(s[0].flags & PEN_PROXIMITY_IN);
	assert_int_equal(frame(pa, 10, b, s), 1);
	assert_int_equal(frame(pa, 60, c, s), 1); /* exactly 50 ms: not yet */
	assert_int_equal(frame(pa, 120, c, s), 2);
	assert_int_equal(s[0].time_us, 110000);
	assert_int_equal(s[0].flags, PEN_PROXIMITY_OUT | PEN_SYNTHESIZED);
	assert_float_equal(s[0].x_mm, 20.0, 1e-12);
	assert_int_equal(s[1].time_us, 120000);
	assert_int_equal(s[1].flags, PEN_IN_PROXIMITY | PEN_PROXIMITY_IN);
	/* The idle timer gives the same out, at the same time. */
	{
		struct timeval now = { 0, 169999 }, later = { 0, 170001 };

		assert_int_equal(pen_assembler_idle(pa, &now, s), 0);
		assert_int_equal(pen_assembler_idle(pa, &later, s), 1);
		assert_int_equal(s[0].time_us, 170000);
	}
	pen_assembler_free(pa);
}

static void test_no_forced_out_while_touching(void **state)
{
	struct pen_assembler *pa = make(&ucl_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 a[] = { AT(200, 40), P(300), END }, b[] = { AT(201, 40), END };

	(void)state;
	frame(pa, 0, a, s);
	assert_true(s[0].flags & PEN_TIP_DOWN);
	assert_int_equal(frame(pa, 500, b, s), 1);
	assert_int_equal(pen_assembler_finish(pa, s), 0);
	pen_assembler_free(pa);
}

/* A keyed device that proves it sends proximity-out stops being forced. */
static void test_real_out_disables_forcing(void **state)
{
	struct pen_assembler *pa = make(&keyed_unknown);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(200, 40), END }, out[] = { PEN_OUT, END };
	const struct ev3 mv[] = { AT(220, 40), END };

	(void)state;
	frame(pa, 0, in, s);
	assert_int_equal(frame(pa, 100, mv, s), 2); /* forced at 50 ms, back in */
	assert_int_equal(s[0].flags, PEN_PROXIMITY_OUT | PEN_SYNTHESIZED);
	assert_int_equal(frame(pa, 110, out, s), 1);
	assert_int_equal(s[0].flags, PEN_PROXIMITY_OUT);
	frame(pa, 200, in, s);
	assert_int_equal(frame(pa, 400, mv, s), 1); /* 200 ms of silence, no out */
	assert_true(s[0].flags & PEN_IN_PROXIMITY);
	pen_assembler_free(pa);
}

static void test_eraser_is_its_own_tool(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(200, 40), END };
	const struct ev3 flip[] = { PEN_OUT, { EV_KEY, BTN_TOOL_RUBBER, 1 }, END };

	(void)state;
	frame(pa, 0, in, s);
	assert_int_equal(frame(pa, 5, flip, s), 2);
	assert_int_equal(s[0].tool, PEN_TOOL_PEN);
	assert_int_equal(s[0].flags & PEN_PROXIMITY_OUT, PEN_PROXIMITY_OUT);
	assert_int_equal(s[1].tool, PEN_TOOL_ERASER);
	assert_int_equal(s[1].flags & PEN_PROXIMITY_IN, PEN_PROXIMITY_IN);
	pen_assembler_free(pa);
}

/* Brush, pencil and airbrush are tools of their own: a switch from one to
 * another is an out and an in, as for the eraser. */
static void test_every_tool_is_its_own(void **state)
{
	static const struct { int code; enum pen_tool tool; } tools[] = {
		{ BTN_TOOL_PEN, PEN_TOOL_PEN }, { BTN_TOOL_BRUSH, PEN_TOOL_BRUSH },
		{ BTN_TOOL_PENCIL, PEN_TOOL_PENCIL }, { BTN_TOOL_AIRBRUSH, PEN_TOOL_AIRBRUSH },
		{ BTN_TOOL_RUBBER, PEN_TOOL_ERASER },
	};
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];

	(void)state;
	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
		const struct ev3 in[] = { { EV_KEY, tools[i].code, 1 }, AT(200, 40), END };
		const struct ev3 touch[] = { P(300), END }, lift[] = { P(0), END };
		const struct ev3 out[] = { { EV_KEY, tools[i].code, 0 }, END };

		assert_int_equal(frame(pa, 20.0 * (double)i, in, s), 1);
		assert_int_equal(s[0].tool, tools[i].tool);
		assert_true(s[0].flags & PEN_PROXIMITY_IN);
		assert_int_equal(frame(pa, 20.0 * (double)i + 5, touch, s), 1);
		assert_int_equal(s[0].tool, tools[i].tool);
		assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
		assert_int_equal(frame(pa, 20.0 * (double)i + 10, lift, s), 1);
		assert_true(s[0].flags & PEN_TIP_UP_EDGE);
		assert_int_equal(frame(pa, 20.0 * (double)i + 15, out, s), 1);
		assert_int_equal(s[0].tool, tools[i].tool);
		assert_true(s[0].flags & PEN_PROXIMITY_OUT);
	}
	pen_assembler_free(pa);
}

/* A second tool key over the first (kernel or firmware bugs libinput
 * works around): a new eraser takes over from the pen; a new pen under
 * the eraser is ignored, and stays ignored when the eraser is let go. */
static void test_doubled_up_tools(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(200, 40), END };
	const struct ev3 rubber[] = { { EV_KEY, BTN_TOOL_RUBBER, 1 }, END };
	const struct ev3 pen_again[] = { PEN_IN, P(300), END };
	const struct ev3 rubber_off[] = { { EV_KEY, BTN_TOOL_RUBBER, 0 }, P(0), END };
	const struct ev3 move[] = { AT(210, 40), END };

	(void)state;
	frame(pa, 0, in, s);
	assert_int_equal(frame(pa, 5, rubber, s), 2);
	assert_int_equal(s[0].tool, PEN_TOOL_PEN);
	assert_true(s[0].flags & PEN_PROXIMITY_OUT);
	assert_int_equal(s[1].tool, PEN_TOOL_ERASER);
	assert_true(s[1].flags & PEN_PROXIMITY_IN);
	assert_int_equal(frame(pa, 10, pen_again, s), 1);
	assert_int_equal(s[0].tool, PEN_TOOL_ERASER);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	assert_int_equal(frame(pa, 15, rubber_off, s), 1);
	assert_int_equal(s[0].tool, PEN_TOOL_ERASER);
	assert_true(s[0].flags & PEN_PROXIMITY_OUT);
	assert_true(s[0].flags & PEN_TIP_UP_EDGE);
	/* The pen key is still held, but was dropped when it was ignored. */
	assert_int_equal(frame(pa, 20, move, s), 0);
	pen_assembler_free(pa);
}

/* SYN_DROPPED drops the frame in progress; what follows (libevdev's resync)
 * builds the next frame. */
static void test_syn_dropped_discards_partial_frame(void **state)
{
	struct pen_assembler *pa = make(&wacom_like);
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 in[] = { PEN_IN, AT(200, 40), P(0), END };
	const struct ev3 dropped[] = { AT(900, 900), P(1500), { EV_SYN, SYN_DROPPED, 0 },
				      { EV_ABS, ABS_X, 300 }, END };

	(void)state;
	frame(pa, 0, in, s);
	assert_int_equal(frame(pa, 5, dropped, s), 1);
	assert_float_equal(s[0].x_mm, 20.0, 1e-12);
	assert_float_equal(s[0].y_mm, 2.0, 1e-12);
	assert_false(s[0].flags & PEN_TIP_DOWN);
	pen_assembler_free(pa);
}

static void test_bad_thresholds_refused(void **state)
{
	struct pen_device dev;
	struct pen_geometry geo = { 10, 10, 10, 10, PEN_SIZE_USER };
	struct pen_assembler_config cfg;
	struct pen_assembler *pa;

	(void)state;
	pen_device_init(&dev);
	pen_assembler_config_default(&cfg);
	cfg.tip_up = 0.05;
	cfg.tip_down = 0.05;
	assert_int_equal(pen_assembler_new(&dev, &geo, &cfg, &pa), -EINVAL);
	assert_null(pa);
}

/* Values anywhere in 32 bits, beyond the declared ranges (a device may
 * send them; a recording may hold them): every difference is taken wide,
 * so nothing overflows and the arithmetic holds exactly (UBSan checks
 * the first half in the sanitized build). */
static void test_values_beyond_declared_ranges(void **state)
{
	struct pen_device dev;
	struct pen_geometry geo = { 10, 20, 200, 100, PEN_SIZE_RESOLUTION };
	struct pen_assembler *pa;
	struct pen_sample s[PEN_ASSEMBLER_MAX_SAMPLES];
	const struct ev3 f[] = {
		PEN_IN, AT(INT32_MAX, INT32_MIN), P(INT32_MAX),
		{ EV_ABS, ABS_TILT_X, INT32_MAX }, { EV_ABS, ABS_TILT_Y, INT32_MIN }, END,
	};

	(void)state;
	pen_device_init(&dev);
	pen_device_enable(&dev, EV_KEY, BTN_TOOL_PEN);
	pen_device_enable(&dev, EV_ABS, ABS_X);
	pen_device_enable(&dev, EV_ABS, ABS_Y);
	pen_device_enable(&dev, EV_ABS, ABS_PRESSURE);
	pen_device_enable(&dev, EV_ABS, ABS_TILT_X);
	pen_device_enable(&dev, EV_ABS, ABS_TILT_Y);
	dev.abs[ABS_X] = (struct input_absinfo){ .minimum = -1000, .maximum = 1000 };
	dev.abs[ABS_Y] = (struct input_absinfo){ .minimum = 1000, .maximum = 3000 };
	dev.abs[ABS_PRESSURE] = (struct input_absinfo){ .minimum = -1000, .maximum = 1000 };
	/* No resolution: the range maps onto ±64°. */
	dev.abs[ABS_TILT_X] = (struct input_absinfo){ .minimum = -64, .maximum = 63 };
	dev.abs[ABS_TILT_Y] = (struct input_absinfo){ .minimum = 64, .maximum = 191 };
	assert_int_equal(pen_assembler_new(&dev, &geo, NULL, &pa), 0);
	assert_int_equal(frame(pa, 0, f, s), 1);
	assert_float_equal(s[0].x_mm, (2147483647.0 + 1000) / 10, 1e-6);
	assert_float_equal(s[0].y_mm, (-2147483648.0 - 1000) / 20, 1e-6);
	/* Far above the range: full pressure, the tip down, no offset taken. */
	assert_float_equal(s[0].pressure, 1.0, 0);
	assert_int_equal(pen_assembler_pressure_offset(pa), -1000);
	assert_true(s[0].flags & PEN_TIP_DOWN_EDGE);
	assert_float_equal(s[0].tilt_x_deg, ((2147483647.0 + 64) / 127 * 2 - 1) * 64, 1e-3);
	assert_float_equal(s[0].tilt_y_deg, ((-2147483648.0 - 64) / 127 * 2 - 1) * 64, 1e-3);
	pen_assembler_free(pa);
}

/* ---- the real recordings ---- */

struct expected_sample {
	unsigned long index;
	double t_ms, x_mm, y_mm, pressure;
	uint32_t flags;
};

struct expected_recording {
	const char *file, *desc;
	struct pen_pad_size pad;
	unsigned long events, samples, contacts, prox_in, prox_out, forced;
	double width_mm, height_mm;
	enum pen_size_source source;
	struct expected_sample picks[3];
};

/* Values by hand from the E: lines: x = (raw - min) / resolution. */
static const struct expected_recording recordings[] = {
	{ FIX("wacom-cintiq-13hd-pen.evemu"), NULL, { 0, 0 },
	  425, 79, 2, 1, 1, 0, (59152 - 400) / 200.0, (33448 - 400) / 200.0,
	  PEN_SIZE_RESOLUTION,
	  { { 0, 0.0, (27246 - 400) / 200.0, (10992 - 400) / 200.0, 0,
	      PEN_IN_PROXIMITY | PEN_PROXIMITY_IN | PEN_HAS_TILT },
	    { 6, 27.961, (26092 - 400) / 200.0, (11411 - 400) / 200.0, 223 / 2047.0,
	      PEN_IN_PROXIMITY | PEN_TIP_DOWN | PEN_TIP_DOWN_EDGE | PEN_HAS_TILT },
	    /* The out frame zeroes X and Y; the sample keeps the last place. */
	    { 78, 499.963, (30201 - 400) / 200.0, (14175 - 400) / 200.0, 0,
	      PEN_PROXIMITY_OUT | PEN_HAS_TILT } } },
	{ FIX("uc-logic-wp5540u-pen.evemu"), NULL, { 0, 0 },
	  1458, 520, 1, 14, 14, 14, 32767 / 235.0, 32767 / 323.0,
	  PEN_SIZE_RESOLUTION,
	  { { 0, 0.0, 9870 / 235.0, 11474 / 323.0, 0,
	      PEN_IN_PROXIMITY | PEN_PROXIMITY_IN },
	    { 1, 50.0, 9870 / 235.0, 11474 / 323.0, 0,
	      PEN_PROXIMITY_OUT | PEN_SYNTHESIZED },
	    { 2, 71.998, 10063 / 235.0, 11724 / 323.0, 0,
	      PEN_IN_PROXIMITY | PEN_PROXIMITY_IN } } },
	{ FIX("genius-easypen-i405x.events"), FIX("genius-easypen-i405x.desc"),
	  { 139.7, 101.6 }, 2421, 1125, 0, 14, 14, 13, 139.7, 101.6, PEN_SIZE_USER,
	  /* Sample times are those of the SYN_REPORT, from the first event. */
	  { { 0, 0.051, 7300 * 139.7 / 14080, 6729 * 101.6 / 10240, 0,
	      PEN_IN_PROXIMITY | PEN_PROXIMITY_IN },
	    { 1, 31.994, 7300 * 139.7 / 14080, 6728 * 101.6 / 10240, 0,
	      PEN_IN_PROXIMITY },
	    { 2, 39.994, 7300 * 139.7 / 14080, 6722 * 101.6 / 10240, 0,
	      PEN_IN_PROXIMITY } } },
};

static void replay(const struct expected_recording *want)
{
	struct pen_source_options o = { .pad_size = want->pad, .quirks = shipped,
					.quirk_count = shipped_count };
	struct pen_source *src;
	struct pen_sample s;
	struct pen_stats st;
	char err[PEN_SOURCE_ERROR_MAX] = "";
	size_t pick = 0;
	int rc;

	rc = pen_source_open_recording(want->file, want->desc, &o, &src, err, sizeof(err));
	if (rc < 0)
		fail_msg("%s", err);
	assert_float_equal(pen_source_geometry(src)->width_mm, want->width_mm, 1e-9);
	assert_float_equal(pen_source_geometry(src)->height_mm, want->height_mm, 1e-9);
	assert_int_equal(pen_source_geometry(src)->source, want->source);
	pen_stats_init(&st);
	while ((rc = pen_source_next(src, &s, -1)) == 1) {
		if (pick < 3 && st.samples == want->picks[pick].index) {
			const struct expected_sample *e = &want->picks[pick++];

			assert_int_equal(s.time_us, (int64_t)llround(e->t_ms * 1000));
			assert_float_equal(s.x_mm, e->x_mm, 1e-9);
			assert_float_equal(s.y_mm, e->y_mm, 1e-9);
			assert_float_equal(s.pressure, e->pressure, 1e-9);
			assert_int_equal(s.flags, e->flags);
		}
		pen_stats_add(&st, &s);
	}
	assert_int_equal(rc, -ENODATA);
	assert_int_equal(pick, 3);
	assert_int_equal(pen_source_event_count(src), want->events);
	assert_int_equal(st.samples, want->samples);
	assert_int_equal(st.contacts, want->contacts);
	assert_int_equal(st.proximity_in, want->prox_in);
	assert_int_equal(st.proximity_out, want->prox_out);
	assert_int_equal(st.forced_out, want->forced);
	pen_source_free(src);
}

static void test_wacom_recording(void **state) { (void)state; replay(&recordings[0]); }
static void test_uc_logic_recording(void **state) { (void)state; replay(&recordings[1]); }
static void test_genius_recording(void **state) { (void)state; replay(&recordings[2]); }

/* The Genius reports no resolution and libwacom does not know it: refused,
 * with the way out named, rather than guessed. */
static void test_genius_without_size_refused(void **state)
{
	struct pen_source_options o = { .quirks = shipped, .quirk_count = shipped_count };
	struct pen_source *src;
	char err[PEN_SOURCE_ERROR_MAX] = "";

	(void)state;
	assert_int_equal(pen_source_open_recording(FIX("genius-easypen-i405x.events"),
						   FIX("genius-easypen-i405x.desc"),
						   &o, &src, err, sizeof(err)), -ENODATA);
	assert_null(src);
	assert_string_equal(err, "Genius EasyPen i405X: device 0458:5010 reports no "
			    "resolution and libwacom does not know its size; measure "
			    "the active area and give it as --pad-size WxH (mm)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_position_in_mm),
		cmocka_unit_test(test_no_sample_from_partial_frame),
		cmocka_unit_test(test_tip_hysteresis_edges),
		cmocka_unit_test(test_btn_touch_ignored_with_pressure),
		cmocka_unit_test(test_btn_touch_without_pressure),
		cmocka_unit_test(test_worn_pen_offset),
		cmocka_unit_test(test_offset_above_20_percent_is_a_press),
		cmocka_unit_test(test_no_offset_without_distance),
		cmocka_unit_test(test_offset_per_tool),
		cmocka_unit_test(test_offset_needs_far_distance),
		cmocka_unit_test(test_tilt_degrees),
		cmocka_unit_test(test_forced_proximity_out),
		cmocka_unit_test(test_no_forced_out_while_touching),
		cmocka_unit_test(test_real_out_disables_forcing),
		cmocka_unit_test(test_eraser_is_its_own_tool),
		cmocka_unit_test(test_every_tool_is_its_own),
		cmocka_unit_test(test_doubled_up_tools),
		cmocka_unit_test(test_syn_dropped_discards_partial_frame),
		cmocka_unit_test(test_bad_thresholds_refused),
		cmocka_unit_test(test_values_beyond_declared_ranges),
		cmocka_unit_test(test_wacom_recording),
		cmocka_unit_test(test_uc_logic_recording),
		cmocka_unit_test(test_genius_recording),
		cmocka_unit_test(test_genius_without_size_refused),
	};

	char err[512];
	int rc;

	if (quirks_load(QUIRKS, &shipped, &shipped_count, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(shipped);
	return rc;
}
