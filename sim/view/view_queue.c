/* view_queue: the two rings between the session and the view's thread,
 * on rig/queue's spsc_queue (the same ring the audio callback is fed
 * by). Everything is allocated when the view opens; posting copies one
 * message into its slot, so the session's loop neither allocates, locks
 * nor waits for a frame.
 */
#include "view_queue.h"

#include <errno.h>
#include <time.h>

#include "spsc_queue.h"

#define KEY_SLOTS 64

int view_queue_init(struct view_queue *q)
{
	atomic_init(&q->dropped, 0);
	atomic_init(&q->skipped, 0);
	q->messages = q->keys = NULL;
	if (spsc_queue_new(VIEW_QUEUE_MESSAGES, sizeof(struct view_message), &q->messages) < 0 ||
	    spsc_queue_new(KEY_SLOTS, sizeof(int), &q->keys) < 0) {
		view_queue_release(q);
		return -ENOMEM;
	}
	return 0;
}

void view_queue_release(struct view_queue *q)
{
	spsc_queue_free(q->messages);
	spsc_queue_free(q->keys);
	q->messages = q->keys = NULL;
}

int64_t view_queue_now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* A message the next one of its kind replaces. */
static bool transient(const struct view_message *m)
{
	return m->kind == VIEW_MESSAGE_PEN || m->u.sim.event.kind == SIM_NEEDLE_DEPTH;
}

void view_queue_post(struct view_queue *q, struct view_message *m)
{
	size_t capacity, used = spsc_queue_used(q->messages, &capacity);

	if (transient(m) && used >= capacity / 2) {
		atomic_fetch_add_explicit(&q->skipped, 1, memory_order_relaxed);
		return;
	}
	m->posted_us = view_queue_now_us();
	if (!spsc_queue_push(q->messages, m))
		atomic_fetch_add_explicit(&q->dropped, 1, memory_order_relaxed);
}

bool view_queue_take(struct view_queue *q, struct view_message *m)
{
	return spsc_queue_pop(q->messages, m);
}

void view_queue_key(struct view_queue *q, int key)
{
	spsc_queue_push(q->keys, &key);
}

int view_queue_next_key(struct view_queue *q)
{
	int key;

	return spsc_queue_pop(q->keys, &key) ? key : 0;
}
