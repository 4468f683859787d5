/* audio_queue: a single-producer, single-consumer ring of fixed-size
 * items on C11 atomics: audio commands from the simulator's thread to the
 * audio callback, and reports of started cues back. Debian's PortAudio
 * does not install pa_ringbuffer, and the callback may not lock, so these
 * are the only channels between the two.
 */
#ifndef SMPSIM_AUDIO_QUEUE_H
#define SMPSIM_AUDIO_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

struct audio_queue;

/**
 * A queue of @p capacity items (rounded up to a power of two) of
 * @p item_size bytes each, all allocated here, none later.
 * @return 0 and *out, -EINVAL for a capacity of 0 or above 2^20 or an item
 * size of 0, -ENOMEM.
 */
int audio_queue_new(size_t capacity, size_t item_size, struct audio_queue **out);

/** Frees the queue. Accepts NULL. Neither side may use it any more. */
void audio_queue_free(struct audio_queue *q);

/** Producer side; wait-free. @return true, or false when the queue is full. */
bool audio_queue_push(struct audio_queue *q, const void *item);

/** Consumer side; wait-free. @return true and *item, or false when empty. */
bool audio_queue_pop(struct audio_queue *q, void *item);

#endif
