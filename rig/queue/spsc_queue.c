/* spsc_queue: Lamport's ring. The producer owns `head`, the consumer owns
 * `tail`; each publishes its index with a release store after touching a
 * slot and reads the other's with an acquire load, so a slot is never read
 * before it is written nor overwritten before it is read. The indices run
 * freely and are masked, so full and empty need no spare slot. Each index
 * sits on its own cache line: the two threads never write the same line.
 */
#include "spsc_queue.h"

#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_LINE 64
#define MAX_CAPACITY ((size_t)1 << 20)

struct spsc_queue {
	alignas(CACHE_LINE) atomic_size_t head;  /* next slot to write */
	alignas(CACHE_LINE) atomic_size_t tail;  /* next slot to read */
	alignas(CACHE_LINE) size_t mask;
	size_t item_size;
	unsigned char *slots;
};

int spsc_queue_new(size_t capacity, size_t item_size, struct spsc_queue **out)
{
	struct spsc_queue *q;
	size_t size = 1;

	*out = NULL;
	if (capacity == 0 || capacity > MAX_CAPACITY || item_size == 0)
		return -EINVAL;
	while (size < capacity)
		size <<= 1;
	q = aligned_alloc(CACHE_LINE, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->slots = calloc(size, item_size);
	if (!q->slots) {
		free(q);
		return -ENOMEM;
	}
	atomic_init(&q->head, 0);
	atomic_init(&q->tail, 0);
	q->mask = size - 1;
	q->item_size = item_size;
	*out = q;
	return 0;
}

void spsc_queue_free(struct spsc_queue *q)
{
	if (!q)
		return;
	free(q->slots);
	free(q);
}

bool spsc_queue_push(struct spsc_queue *q, const void *item)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);

	if (head - tail > q->mask)
		return false;
	memcpy(q->slots + (head & q->mask) * q->item_size, item, q->item_size);
	atomic_store_explicit(&q->head, head + 1, memory_order_release);
	return true;
}

size_t spsc_queue_used(struct spsc_queue *q, size_t *capacity)
{
	size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);

	*capacity = q->mask + 1;
	return head - tail;
}

bool spsc_queue_pop(struct spsc_queue *q, void *item)
{
	size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&q->head, memory_order_acquire);

	if (head == tail)
		return false;
	memcpy(item, q->slots + (tail & q->mask) * q->item_size, q->item_size);
	atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
	return true;
}
