/* test-view-queue: the queue from the session to the view's thread
 * (sim/view/view_queue.c): messages come out in order; once the ring is
 * half full, pen positions and needle depths (which the next one makes
 * stale) are skipped and counted apart, while deposits and faults still
 * go in until the ring is full, and only then are lost and counted; keys
 * come back in order, and a key too many is dropped, not waited for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "view_plugin.h"
#include "view_queue.h"

static struct view_message pen(int64_t t)
{
	struct view_message m = { .kind = VIEW_MESSAGE_PEN };

	m.u.pen.sample.time_us = t;
	return m;
}

static struct view_message event(enum sim_event_kind kind, int64_t t)
{
	struct view_message m = { .kind = VIEW_MESSAGE_EVENT };

	m.u.sim.event.kind = kind;
	m.u.sim.event.time_us = t;
	return m;
}

static void test_order_skip_and_drop(void **state)
{
	struct view_queue q;
	struct view_message m;
	int64_t t = 0;

	(void)state;
	assert_int_equal(view_queue_init(&q), 0);
	/* Up to half: everything goes in, in order. */
	for (; t < VIEW_QUEUE_MESSAGES / 2; t++) {
		m = t % 2 ? pen(t) : event(SIM_NEEDLE_DEPTH, t);
		view_queue_post(&q, &m);
	}
	/* Half full: positions and depths are skipped... */
	m = pen(t);
	view_queue_post(&q, &m);
	m = event(SIM_NEEDLE_DEPTH, t);
	view_queue_post(&q, &m);
	assert_int_equal(atomic_load(&q.skipped), 2);
	/* ...deposits and faults fill the other half, then are dropped. */
	for (; t < VIEW_QUEUE_MESSAGES + 3; t++) {
		m = event(t % 2 ? SIM_FAULT : SIM_DEPOSIT_FINISHED, t);
		view_queue_post(&q, &m);
	}
	assert_int_equal(atomic_load(&q.dropped), 3);
	assert_int_equal(atomic_load(&q.skipped), 2);
	for (int64_t i = 0; i < VIEW_QUEUE_MESSAGES; i++) {
		assert_true(view_queue_take(&q, &m));
		assert_int_equal(m.kind == VIEW_MESSAGE_PEN ? m.u.pen.sample.time_us :
				 m.u.sim.event.time_us, i);
		if (i >= VIEW_QUEUE_MESSAGES / 2)
			assert_true(m.kind == VIEW_MESSAGE_EVENT &&
				    (m.u.sim.event.kind == SIM_FAULT ||
				     m.u.sim.event.kind == SIM_DEPOSIT_FINISHED));
	}
	assert_false(view_queue_take(&q, &m));
	/* Emptied: a position goes in again. */
	m = pen(1);
	view_queue_post(&q, &m);
	assert_true(view_queue_take(&q, &m));
	assert_int_equal(m.u.pen.sample.time_us, 1);
	view_queue_release(&q);
}

static void test_keys(void **state)
{
	struct view_queue q;

	(void)state;
	assert_int_equal(view_queue_init(&q), 0);
	assert_int_equal(view_queue_next_key(&q), VIEW_KEY_NONE);
	for (int i = 0; i < 70; i++)
		view_queue_key(&q, i < 64 ? VIEW_KEY_QUIT : VIEW_KEY_PAUSE);
	for (int i = 0; i < 64; i++)
		assert_int_equal(view_queue_next_key(&q), VIEW_KEY_QUIT);
	assert_int_equal(view_queue_next_key(&q), VIEW_KEY_NONE);
	view_queue_release(&q);
	view_queue_release(&q);   /* released twice: a no-op */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_skip_and_drop),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
