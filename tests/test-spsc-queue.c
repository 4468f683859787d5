/* test-spsc-queue: the lock-free ring between the simulator and the audio
 * callback or the live view: order, full and empty at the exact capacity, and a producer and
 * a consumer thread passing a million numbered items with none lost,
 * doubled or reordered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>

#include "spsc_queue.h"

static void test_order_full_empty(void **state)
{
	struct spsc_queue *q;
	uint64_t v;

	(void)state;
	assert_int_equal(spsc_queue_new(0, 8, &q), -EINVAL);
	assert_int_equal(spsc_queue_new(4, 0, &q), -EINVAL);
	assert_int_equal(spsc_queue_new(((size_t)1 << 20) + 1, 8, &q), -EINVAL);
	/* 5 rounds up to 8. */
	assert_int_equal(spsc_queue_new(5, sizeof(v), &q), 0);
	assert_false(spsc_queue_pop(q, &v));
	for (v = 0; v < 8; v++)
		assert_true(spsc_queue_push(q, &v));
	assert_false(spsc_queue_push(q, &v));
	for (uint64_t want = 0; want < 8; want++) {
		assert_true(spsc_queue_pop(q, &v));
		assert_int_equal(v, want);
	}
	assert_false(spsc_queue_pop(q, &v));
	/* Wrapping around many times keeps the order. */
	for (uint64_t i = 0; i < 100; i++) {
		v = i;
		assert_true(spsc_queue_push(q, &v));
		assert_true(spsc_queue_pop(q, &v));
		assert_int_equal(v, i);
	}
	spsc_queue_free(q);
	spsc_queue_free(NULL);
}

#define ITEMS 1000000

static void *produce(void *arg)
{
	struct spsc_queue *q = arg;

	for (uint64_t i = 0; i < ITEMS; i++)
		while (!spsc_queue_push(q, &i))
			;
	return NULL;
}

static void test_two_threads(void **state)
{
	struct spsc_queue *q;
	pthread_t producer;
	uint64_t next = 0, v;

	(void)state;
	assert_int_equal(spsc_queue_new(64, sizeof(v), &q), 0);
	assert_int_equal(pthread_create(&producer, NULL, produce, q), 0);
	while (next < ITEMS) {
		if (!spsc_queue_pop(q, &v))
			continue;
		if (v != next)
			fail_msg("item %llu arrived where %llu was due",
				 (unsigned long long)v, (unsigned long long)next);
		next++;
	}
	assert_int_equal(pthread_join(producer, NULL), 0);
	assert_false(spsc_queue_pop(q, &v));
	spsc_queue_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_full_empty),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
