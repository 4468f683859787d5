/* spsc_queue: a single-producer, single-consumer ring of fixed-size
 * items on C11 atomics, for threads that may not lock or wait: audio
 * commands from the simulator's thread to the audio callback and reports
 * of started cues back (rig/audio; Debian's PortAudio does not install
 * pa_ringbuffer), and the pen and the simulator's events from the session
 * to the live view's thread (sim/view).
 */
#ifndef SMPSIM_SPSC_QUEUE_H
#define SMPSIM_SPSC_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct spsc_queue;

/**
 * A queue of @p capacity items (rounded up to a power of two) of
 * @p item_size bytes each, all allocated here, none later.
 * @return 0 and *out, -EINVAL for a capacity of 0 or above 2^20 or an item
 * size of 0, -ENOMEM.
 */
int spsc_queue_new(size_t capacity, size_t item_size, struct spsc_queue **out);

/** Frees the queue. Accepts NULL. Neither side may use it any more. */
void spsc_queue_free(struct spsc_queue *q);

/** Producer side; wait-free. @return true, or false when the queue is full. */
bool spsc_queue_push(struct spsc_queue *q, const void *item);

/** Consumer side; wait-free. @return true and *item, or false when empty. */
bool spsc_queue_pop(struct spsc_queue *q, void *item);

/** Producer side: @return how many items are in the queue at most (the
 * consumer may have taken some meanwhile), and *capacity. */
size_t spsc_queue_used(struct spsc_queue *q, size_t *capacity);

#endif
