/* pen_stream: a session's raw evdev events, coded compactly in chunks for
 * the trainee record (its table pen_chunks), and decoded back exactly.
 *
 * A chunk stands alone: it is decoded without any other chunk, so one
 * damaged chunk is found and named on its own. Inside a chunk each event
 * is (all varints are LEB128, at most 10 bytes, the shortest form only):
 *
 *   head   varint: (slot << 1) | (time changed). Slot is the event's
 *          (type, code) in this chunk's table of codes, in order of first
 *          use; a slot one past the table adds a new entry, whose type and
 *          code follow as two varints.
 *   time   only when the flag is set: the zigzag varint of the time's
 *          difference from the event before (the chunk's first event from
 *          first_us), microseconds; never 0 (the flag says "same time").
 *          Zigzag, not unsigned: the opening state frame is stamped by our
 *          clock, not the kernel's, and need not precede what follows.
 *   value  the zigzag varint of the value's difference from the last value
 *          of the same code in this chunk (0 before the first).
 *
 * An event in the middle of a frame so costs two bytes or so (the frame's
 * events share its time, a pen's axes move by a little), and the whole is
 * deflated (zlib, level 6). The data of a chunk is the varint of the coded
 * length, then the zlib stream. What the store keeps beside it (first_us,
 * last_us, the count of events) is checked against the contents.
 */
#ifndef SMPSIM_PEN_STREAM_H
#define SMPSIM_PEN_STREAM_H

#include <linux/input.h>
#include <stddef.h>
#include <stdint.h>

/** The most events one chunk holds (an encoder starts a new one there):
 * about 20 s of a Wacom pen at 200 frames a second, 0.5 MiB coded. */
#define PEN_STREAM_CHUNK_EVENTS 32768

#define PEN_STREAM_ERROR_MAX 256

/** A chunk as the encoder makes it and the decoder checks it. */
struct pen_stream_chunk {
	int64_t first_us, last_us;  /**< the first and last event's time
				     *   (the device's clock, microseconds) */
	size_t events;              /**< 1 .. PEN_STREAM_CHUNK_EVENTS */
	const uint8_t *data;        /**< coded and deflated */
	size_t size;
};

/** @return the time of @p ev in microseconds. */
int64_t pen_stream_event_us(const struct input_event *ev);

struct pen_stream_encoder;

/** @return 0 and *out, or -ENOMEM. */
int pen_stream_encoder_new(struct pen_stream_encoder **out);

/** Frees the encoder and the data of its last chunk. Accepts NULL. */
void pen_stream_encoder_free(struct pen_stream_encoder *enc);

/**
 * Adds @p ev to the chunk being made. Cheap: no allocation once the
 * chunk's buffer has grown (it is kept from chunk to chunk).
 * @return 0, -ENOSPC when the chunk holds PEN_STREAM_CHUNK_EVENTS already
 * (take it first: pen_stream_encoder_full()), -ENOMEM.
 */
int pen_stream_encoder_push(struct pen_stream_encoder *enc, const struct input_event *ev);

/** @return the number of events pushed since the last chunk was taken. */
size_t pen_stream_encoder_pending(const struct pen_stream_encoder *enc);

/** @return whether the chunk being made is full (take it before the next push). */
int pen_stream_encoder_full(const struct pen_stream_encoder *enc);

/**
 * Ends the chunk being made: deflates it into @p chunk, whose data stays
 * valid until the next take or the encoder's free; the next push begins a
 * new chunk (its own table of codes, its values from 0).
 * @return 0, -ENODATA when no event was pushed since the last take, -ENOMEM.
 */
int pen_stream_encoder_take(struct pen_stream_encoder *enc, struct pen_stream_chunk *chunk);

/**
 * Decodes @p chunk into @p out (room for chunk->events events), checking
 * every field: the length and the zlib stream whole with nothing after
 * it, each varint in its shortest form and in range, slots, types and
 * codes (EV_MAX, the type's code range), values within int32, times
 * within int64 (and a time delta never 0), the count of events, first_us and
 * last_us, and that no byte is left over.
 * @return 0; -EINVAL (or -ENOMEM) with @p why saying what is wrong
 * ("event 12: value out of range").
 */
int pen_stream_decode(const struct pen_stream_chunk *chunk, struct input_event *out,
		      char *why, size_t why_size);

#endif
