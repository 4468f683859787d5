/* test-view-replay: the replay's playback (sim/view/view_replay.c) with no
 * window: a tape of a small session (pen moves, three dots, faults on the
 * second and third), keys and wall time in; which tape entries are
 * applied, in what order, after which resets, what the clock shows and
 * what the banner says, checked exactly after each. Then its timeline,
 * drawn off-screen with cairo: each fault, dot and the clock at its pixel
 * in its colour, the played part apart from the rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "view_draw_timeline.h"
#include "view_replay.h"
#include "view_scene.h"

/* The sink: a log of the entries applied since the last reset. */
struct log {
	size_t applied[64];
	size_t count;
	unsigned int resets;
	const struct view_tape *tape;
};

static void log_reset(void *ctx)
{
	struct log *l = ctx;

	l->count = 0;
	l->resets++;
}

static void log_apply(void *ctx, const struct view_tape_entry *e)
{
	struct log *l = ctx;

	l->applied[l->count++] = (size_t)(e - l->tape->entries);
}

#define T0 5000000  /* the session's start on the device's clock */

static struct view_tape_entry entries[16];
static struct view_tape tape = { entries, 0, false };

static void pen(int64_t ms)
{
	struct view_tape_entry *e = &entries[tape.count++];

	memset(e, 0, sizeof(*e));
	e->time_us = T0 + ms * 1000;
	e->u.pen.x_mm = (double)ms;
	e->u.pen.flags = PEN_IN_PROXIMITY;
}

static void event(int64_t ms, enum sim_event_kind kind, uint32_t dot, uint32_t fault)
{
	struct view_tape_entry *e = &entries[tape.count++];

	memset(e, 0, sizeof(*e));
	e->time_us = T0 + ms * 1000;
	e->is_event = true;
	e->u.sim.event.kind = kind;
	e->u.sim.event.time_us = e->time_us;
	e->u.sim.event.deposit = dot;
	e->u.sim.event.fault = fault;
	e->u.sim.deposit.id = dot;
}

/* 0 pen 0 ms, 1 touch 100, 2 dot 0 lift 200, 3 pen 500, 4 touch 1000,
 * 5 too-close 1000, 6 dot 1 lift 1100, 7 pen 1500, 8 touch 3000,
 * 9 overdeep 3050, 10 tail 3060, 11 dot 2 lift 3200, 12 pen 64000. */
static void make_tape(void)
{
	tape.count = 0;
	pen(0);
	event(100, SIM_CONTACT_BEGAN, 0, 0);
	event(200, SIM_DEPOSIT_FINISHED, 0, 0);
	pen(500);
	event(1000, SIM_CONTACT_BEGAN, 1, 0);
	event(1000, SIM_FAULT, 1, DEPOSIT_TOO_CLOSE);
	event(1100, SIM_DEPOSIT_FINISHED, 1, 0);
	pen(1500);
	event(3000, SIM_CONTACT_BEGAN, 2, 0);
	event(3050, SIM_FAULT, 2, DEPOSIT_OVERDEEP_FAULT);
	event(3060, SIM_FAULT, 2, DEPOSIT_TAIL);
	event(3200, SIM_DEPOSIT_FINISHED, 2, 0);
	pen(64000);
}

/* The log holds exactly entries 0 .. n - 1. */
static void assert_applied(const struct log *l, size_t n)
{
	assert_int_equal(l->count, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l->applied[i], i);
}

static void start(struct view_replay *r, struct log *l)
{
	struct view_replay_sink sink = { log_reset, log_apply, l };

	make_tape();
	memset(l, 0, sizeof(*l));
	l->tape = &tape;
	assert_int_equal(view_replay_init(r, &tape, &sink), 0);
	assert_int_equal(r->dot_count, 3);
	assert_int_equal(r->fault_count, 3);
}

static void test_plays_at_each_speed(void **state)
{
	struct view_replay r;
	struct log l;

	(void)state;
	start(&r, &l);
	assert_int_equal(r.now_us, T0);
	assert_applied(&l, 0);
	/* 1x: 150 ms of wall time is 150 ms of the session. */
	assert_true(view_replay_tick(&r, 150000));
	assert_int_equal(view_replay_elapsed_us(&r), 150000);
	assert_applied(&l, 2);
	/* 2x: 400 ms more is 800 ms: to 950 ms. */
	assert_true(view_replay_key(&r, VIEW_KEY_FASTER));
	assert_string_equal(r.banner, "2x");
	assert_true(view_replay_tick(&r, 400000));
	assert_int_equal(view_replay_elapsed_us(&r), 950000);
	assert_applied(&l, 4);
	/* 4x, 8x, and no faster. */
	assert_true(view_replay_key(&r, VIEW_KEY_FASTER));
	assert_true(view_replay_key(&r, VIEW_KEY_FASTER));
	assert_int_equal(r.speed, 8);
	assert_false(view_replay_key(&r, VIEW_KEY_FASTER));
	assert_true(view_replay_tick(&r, 250000));   /* 2 s: to 2950 ms */
	assert_int_equal(view_replay_elapsed_us(&r), 2950000);
	assert_applied(&l, 8);
	/* Paused: wall time passes, nothing moves. */
	assert_true(view_replay_key(&r, VIEW_KEY_PAUSE));
	assert_string_equal(r.banner, "paused");
	assert_false(view_replay_tick(&r, 10000000));
	assert_int_equal(view_replay_elapsed_us(&r), 2950000);
	assert_applied(&l, 8);
	/* Back to 1x and on. */
	assert_true(view_replay_key(&r, VIEW_KEY_SLOWER));
	assert_true(view_replay_key(&r, VIEW_KEY_SLOWER));
	assert_true(view_replay_key(&r, VIEW_KEY_SLOWER));
	assert_false(view_replay_key(&r, VIEW_KEY_SLOWER));
	assert_int_equal(r.speed, 1);
	assert_true(view_replay_key(&r, VIEW_KEY_PAUSE));
	assert_string_equal(r.banner, "");
	assert_true(view_replay_tick(&r, 100000));
	assert_int_equal(view_replay_elapsed_us(&r), 3050000);
	assert_applied(&l, 10);
	/* To the end: it stops there, and space plays it again. */
	assert_true(view_replay_tick(&r, 100000000));
	assert_int_equal(view_replay_elapsed_us(&r), 64000000);
	assert_applied(&l, 13);
	assert_true(r.ended && r.paused);
	assert_string_equal(r.banner, "the end: space plays it again");
	assert_int_equal(l.resets, 0);
	assert_true(view_replay_key(&r, VIEW_KEY_PAUSE));
	assert_int_equal(l.resets, 1);
	assert_applied(&l, 0);
	assert_int_equal(r.now_us, T0);
	assert_false(r.paused);
	view_replay_release(&r);
}

static void test_steps_dot_by_dot(void **state)
{
	struct view_replay r;
	struct log l;

	(void)state;
	start(&r, &l);
	assert_true(view_replay_key(&r, VIEW_KEY_STEP));
	assert_true(r.paused);
	assert_applied(&l, 3);
	assert_int_equal(view_replay_elapsed_us(&r), 200000);
	assert_string_equal(r.banner, "dot 0 at 0:00 (1 of 3)");
	assert_true(view_replay_key(&r, VIEW_KEY_STEP));
	assert_applied(&l, 7);
	assert_int_equal(view_replay_elapsed_us(&r), 1100000);
	assert_string_equal(r.banner, "dot 1 at 0:01 (2 of 3)");
	assert_true(view_replay_key(&r, VIEW_KEY_STEP));
	assert_applied(&l, 12);
	assert_string_equal(r.banner, "dot 2 at 0:03 (3 of 3)");
	assert_false(view_replay_key(&r, VIEW_KEY_STEP));
	assert_int_equal(l.resets, 0);
	/* Back: the sink is reset and the tape applied again to dot 2. */
	assert_true(view_replay_key(&r, VIEW_KEY_STEP_BACK));
	assert_int_equal(l.resets, 1);
	assert_applied(&l, 7);
	assert_int_equal(view_replay_elapsed_us(&r), 1100000);
	assert_string_equal(r.banner, "dot 1 at 0:01 (2 of 3)");
	assert_true(view_replay_key(&r, VIEW_KEY_STEP_BACK));
	assert_applied(&l, 3);
	assert_true(view_replay_key(&r, VIEW_KEY_STEP_BACK));
	assert_applied(&l, 0);
	assert_int_equal(r.now_us, T0);
	assert_string_equal(r.banner, "before the first dot");
	assert_false(view_replay_key(&r, VIEW_KEY_STEP_BACK));
	/* A step from the middle of play: the next dot not yet shown. */
	assert_true(view_replay_key(&r, VIEW_KEY_PAUSE));
	assert_true(view_replay_tick(&r, 1050000));
	assert_applied(&l, 6);
	assert_true(view_replay_key(&r, VIEW_KEY_STEP));
	assert_applied(&l, 7);
	view_replay_release(&r);
}

static void test_jumps_fault_to_fault(void **state)
{
	struct view_replay r;
	struct log l;

	(void)state;
	start(&r, &l);
	assert_false(view_replay_key(&r, VIEW_KEY_PREV_FAULT));
	assert_true(view_replay_key(&r, VIEW_KEY_NEXT_FAULT));
	assert_true(r.paused);
	assert_applied(&l, 6);
	assert_int_equal(view_replay_elapsed_us(&r), 1000000);
	assert_string_equal(r.banner, "fault 1 of 3: too-close, dot 1 at 0:01");
	assert_true(view_replay_key(&r, VIEW_KEY_NEXT_FAULT));
	assert_applied(&l, 10);
	assert_int_equal(view_replay_elapsed_us(&r), 3050000);
	assert_string_equal(r.banner, "fault 2 of 3: overdeep, dot 2 at 0:03");
	assert_true(view_replay_key(&r, VIEW_KEY_NEXT_FAULT));
	assert_applied(&l, 11);
	assert_string_equal(r.banner, "fault 3 of 3: tail, dot 2 at 0:03");
	assert_false(view_replay_key(&r, VIEW_KEY_NEXT_FAULT));
	assert_int_equal(l.resets, 0);
	assert_true(view_replay_key(&r, VIEW_KEY_PREV_FAULT));
	assert_int_equal(l.resets, 1);
	assert_applied(&l, 10);
	assert_string_equal(r.banner, "fault 2 of 3: overdeep, dot 2 at 0:03");
	assert_true(view_replay_key(&r, VIEW_KEY_PREV_FAULT));
	assert_applied(&l, 6);
	assert_string_equal(r.banner, "fault 1 of 3: too-close, dot 1 at 0:01");
	assert_false(view_replay_key(&r, VIEW_KEY_PREV_FAULT));
	/* Played past two faults, "previous" is the last one passed. */
	assert_true(view_replay_key(&r, VIEW_KEY_PAUSE));
	assert_true(view_replay_tick(&r, 2100000));  /* to 3100 ms */
	assert_applied(&l, 11);
	assert_true(view_replay_key(&r, VIEW_KEY_PREV_FAULT));
	assert_applied(&l, 11);
	assert_string_equal(r.banner, "fault 3 of 3: tail, dot 2 at 0:03");
	view_replay_release(&r);
}

static void test_empty_tape(void **state)
{
	struct view_replay r;
	struct log l = { .tape = &tape };
	struct view_replay_sink sink = { log_reset, log_apply, &l };
	struct view_tape empty = { NULL, 0, true };

	(void)state;
	assert_int_equal(view_replay_init(&r, &empty, &sink), 0);
	assert_false(view_replay_tick(&r, 1000000));
	assert_false(view_replay_key(&r, VIEW_KEY_STEP));
	assert_false(view_replay_key(&r, VIEW_KEY_NEXT_FAULT));
	assert_false(view_replay_key(&r, VIEW_KEY_QUIT));
	view_replay_release(&r);
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
				   (size_t)y * (size_t)cairo_image_surface_get_stride(s);

	return ((const uint32_t *)(const void *)row)[x] & 0xffffff;
}

static void test_timeline(void **state)
{
	struct view_replay r;
	struct log l;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 640, 20);
	cairo_t *cr = cairo_create(s);

	(void)state;
	start(&r, &l);
	/* 64 s over 640 px: 10 px a second. Played to 20 s: x = 200. */
	assert_true(view_replay_tick(&r, 20000000));
	assert_true(view_timeline_x(&r, T0 + 1000000, 0, 640) == 10.0);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	view_timeline_draw(&r, cr, 0, 3, 640, VIEW_TIMELINE_HEIGHT_PX);
	cairo_surface_flush(s);
	/* The faults (1.0 s; 3.05 and 3.06 s): two px each, the whole height. */
	for (int y = 3; y < 3 + VIEW_TIMELINE_HEIGHT_PX; y++) {
		assert_int_equal(pixel(s, 9, y), VIEW_COLOUR_FAULT);
		assert_int_equal(pixel(s, 10, y), VIEW_COLOUR_FAULT);
		assert_int_equal(pixel(s, 30, y), VIEW_COLOUR_FAULT);
		assert_int_equal(pixel(s, 31, y), VIEW_COLOUR_FAULT);
	}
	assert_int_equal(pixel(s, 8, 4), VIEW_TIMELINE_PLAYED);
	assert_int_equal(pixel(s, 11, 4), VIEW_TIMELINE_PLAYED);
	/* The dots (0.2, 1.1, 3.2 s): one px in the lower half. */
	assert_int_equal(pixel(s, 2, 15), VIEW_TIMELINE_DOT);
	assert_int_equal(pixel(s, 2, 4), VIEW_TIMELINE_PLAYED);
	assert_int_equal(pixel(s, 11, 15), VIEW_TIMELINE_DOT);
	assert_int_equal(pixel(s, 32, 15), VIEW_TIMELINE_DOT);
	assert_int_equal(pixel(s, 33, 15), VIEW_TIMELINE_PLAYED);
	/* The clock at 20 s, above and below the bar too; then the track. */
	assert_int_equal(pixel(s, 199, 1), VIEW_TIMELINE_CLOCK);
	assert_int_equal(pixel(s, 200, 10), VIEW_TIMELINE_CLOCK);
	assert_int_equal(pixel(s, 200, 18), VIEW_TIMELINE_CLOCK);
	assert_int_equal(pixel(s, 198, 10), VIEW_TIMELINE_PLAYED);
	assert_int_equal(pixel(s, 201, 10), VIEW_TIMELINE_TRACK);
	assert_int_equal(pixel(s, 639, 10), VIEW_TIMELINE_TRACK);
	assert_int_equal(pixel(s, 400, 0), 0xffffff);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	view_replay_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plays_at_each_speed),
		cmocka_unit_test(test_steps_dot_by_dot),
		cmocka_unit_test(test_jumps_fault_to_fault),
		cmocka_unit_test(test_empty_tape),
		cmocka_unit_test(test_timeline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
