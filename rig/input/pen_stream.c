/* pen_stream: the pen stream's chunks, coded and decoded (pen_stream.h
 * says the format).
 *
 * The encoder keeps one growing byte buffer for the chunk being made, the
 * chunk's table of codes and, per code, the slot it has in the table
 * (slot_of[], by type and code: 0 for none, else slot + 1) and its last
 * value, so a push is a table look-up and a few bytes appended. A take
 * deflates the buffer in one call (compress2) into a second buffer, kept
 * for the caller until the next take.
 *
 * The decoder trusts nothing: the zlib stream is inflated into a buffer of
 * exactly the declared length (bounded by the most a chunk of that many
 * events can take) and must fill it and end exactly at the data's end;
 * then each field is read with its bounds checked, and the totals compared
 * with what the store kept beside the chunk.
 */
#include "pen_stream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pen_device.h"

/* The longest an event can be coded: head with a new entry (3 varints of
 * a small number, at most 3 bytes each), time and value (10 each). */
#define EVENT_MAX_BYTES 32
/* Codes the table can hold per type: pen_device_code_max()'s largest is
 * KEY_MAX; one table a type keeps the look-up a plain index. */
#define CODES_PER_TYPE (KEY_MAX + 1)
#define TYPES (EV_MAX + 1)
#define SLOTS_MAX (TYPES * CODES_PER_TYPE)

struct slot {
	uint16_t type, code;
	int32_t last;
};

struct pen_stream_encoder {
	uint8_t *buf;               /* the chunk being made, coded */
	size_t len, size;
	uint8_t *out;               /* the last chunk taken, deflated */
	size_t out_size;
	size_t events;
	int64_t first_us, prev_us;
	struct slot *slots;         /* this chunk's table of codes */
	size_t slot_count;
	uint32_t *slot_of;          /* [type * CODES_PER_TYPE + code]: slot + 1, 0 none */
};

int64_t pen_stream_event_us(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000 + (int64_t)ev->input_event_usec;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

int pen_stream_encoder_new(struct pen_stream_encoder **out)
{
	struct pen_stream_encoder *enc = calloc(1, sizeof(*enc));

	*out = NULL;
	if (!enc)
		return -ENOMEM;
	enc->slot_of = calloc(SLOTS_MAX, sizeof(*enc->slot_of));
	enc->slots = malloc(SLOTS_MAX * sizeof(*enc->slots));
	if (!enc->slot_of || !enc->slots) {
		pen_stream_encoder_free(enc);
		return -ENOMEM;
	}
	*out = enc;
	return 0;
}

void pen_stream_encoder_free(struct pen_stream_encoder *enc)
{
	if (!enc)
		return;
	free(enc->buf);
	free(enc->out);
	free(enc->slots);
	free(enc->slot_of);
	free(enc);
}

size_t pen_stream_encoder_pending(const struct pen_stream_encoder *enc)
{
	return enc->events;
}

int pen_stream_encoder_full(const struct pen_stream_encoder *enc)
{
	return enc->events >= PEN_STREAM_CHUNK_EVENTS;
}

int pen_stream_encoder_push(struct pen_stream_encoder *enc, const struct input_event *ev)
{
	int64_t us = pen_stream_event_us(ev);
	uint32_t key, slot;
	uint8_t *p;
	bool added = false;

	if (enc->events >= PEN_STREAM_CHUNK_EVENTS)
		return -ENOSPC;
	/* A code outside every type's range cannot come from evdev; it would
	 * not fit the table, nor decode. */
	if (ev->type >= TYPES || pen_device_code_max(ev->type) < 0 ||
	    ev->code > (unsigned int)pen_device_code_max(ev->type) || us < 0)
		return -EINVAL;
	if (enc->size - enc->len < EVENT_MAX_BYTES) {
		size_t size = enc->size ? enc->size * 2 : 16384;
		uint8_t *grown = realloc(enc->buf, size);

		if (!grown)
			return -ENOMEM;
		enc->buf = grown;
		enc->size = size;
	}
	if (enc->events == 0)
		enc->first_us = enc->prev_us = us;
	key = (uint32_t)ev->type * CODES_PER_TYPE + ev->code;
	slot = enc->slot_of[key];
	if (slot == 0) {
		slot = (uint32_t)++enc->slot_count;
		enc->slot_of[key] = slot;
		enc->slots[slot - 1] = (struct slot){ .type = ev->type, .code = ev->code };
		added = true;
	}
	slot--;
	p = put_varint(enc->buf + enc->len, (uint64_t)slot << 1 | (us != enc->prev_us));
	if (added) {
		p = put_varint(p, ev->type);
		p = put_varint(p, ev->code);
	}
	if (us != enc->prev_us)
		p = put_varint(p, zigzag(us - enc->prev_us));
	p = put_varint(p, zigzag((int64_t)ev->value - enc->slots[slot].last));
	enc->slots[slot].last = ev->value;
	enc->len = (size_t)(p - enc->buf);
	enc->prev_us = us;
	enc->events++;
	return 0;
}

int pen_stream_encoder_take(struct pen_stream_encoder *enc, struct pen_stream_chunk *chunk)
{
	uLongf bound;
	uint8_t head[10], *end;
	size_t head_len;

	if (enc->events == 0)
		return -ENODATA;
	end = put_varint(head, enc->len);
	head_len = (size_t)(end - head);
	bound = compressBound((uLong)enc->len);
	if (head_len + bound > enc->out_size) {
		uint8_t *grown = realloc(enc->out, head_len + bound);

		if (!grown)
			return -ENOMEM;
		enc->out = grown;
		enc->out_size = head_len + bound;
	}
	memcpy(enc->out, head, head_len);
	if (compress2(enc->out + head_len, &bound, enc->buf, (uLong)enc->len, 6) != Z_OK)
		return -ENOMEM;
	*chunk = (struct pen_stream_chunk){
		.first_us = enc->first_us,
		.last_us = enc->prev_us,
		.events = enc->events,
		.data = enc->out,
		.size = head_len + bound,
	};
	/* The next chunk begins afresh: its own table, values from 0. */
	for (size_t i = 0; i < enc->slot_count; i++)
		enc->slot_of[(uint32_t)enc->slots[i].type * CODES_PER_TYPE + enc->slots[i].code] = 0;
	enc->slot_count = 0;
	enc->len = 0;
	enc->events = 0;
	return 0;
}

/* ---- decoding ---- */

struct reader {
	const uint8_t *p, *end;
	char *why;
	size_t why_size;
};

static int fail(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->why && r->why_size) {
		va_start(ap, fmt);
		vsnprintf(r->why, r->why_size, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* A varint in its shortest form, at most 64 bits. @return 0 or -EINVAL. */
static int get_varint(struct reader *r, uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned int shift = 0; shift < 64; shift += 7) {
		uint8_t b;

		if (r->p == r->end)
			return -EINVAL;
		b = *r->p++;
		if (shift == 63 && b > 1)
			return -EINVAL;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			/* 0x00 after the first byte is a longer form of a shorter one. */
			if (shift > 0 && b == 0)
				return -EINVAL;
			*v = x;
			return 0;
		}
	}
	return -EINVAL;
}

/* The length, and the zlib stream inflated into *raw (to free). */
static int inflate_chunk(struct reader *r, const struct pen_stream_chunk *chunk,
			 uint8_t **raw, size_t *raw_len)
{
	uint64_t len;
	uLongf dest_len;
	uLong src_len;
	uint8_t *buf;
	int zrc;

	*raw = NULL;
	if (get_varint(r, &len) < 0)
		return fail(r, "the coded length is cut short or not a number");
	if (len < chunk->events * 2 || len > chunk->events * (uint64_t)EVENT_MAX_BYTES)
		return fail(r, "a coded length of %llu bytes cannot hold %zu events",
			    (unsigned long long)len, chunk->events);
	if (!(buf = malloc(len)))
		return -ENOMEM;
	dest_len = (uLongf)len;
	src_len = (uLong)(r->end - r->p);
	zrc = uncompress2(buf, &dest_len, r->p, &src_len);
	if (zrc == Z_MEM_ERROR) {
		free(buf);
		return -ENOMEM;
	}
	if (zrc != Z_OK || dest_len != len || src_len != (uLong)(r->end - r->p)) {
		free(buf);
		if (zrc == Z_BUF_ERROR && dest_len == len)
			return fail(r, "the compressed data holds more than its %llu bytes",
				    (unsigned long long)len);
		if (zrc == Z_OK && dest_len != len)
			return fail(r, "the compressed data holds %lu bytes, not %llu",
				    (unsigned long)dest_len, (unsigned long long)len);
		if (zrc == Z_OK)
			return fail(r, "%lu bytes after the compressed data",
				    (unsigned long)(r->end - r->p - src_len));
		return fail(r, "the compressed data is damaged (zlib: %s)", zError(zrc));
	}
	*raw = buf;
	*raw_len = (size_t)len;
	return 0;
}

int pen_stream_decode(const struct pen_stream_chunk *chunk, struct input_event *out,
		      char *why, size_t why_size)
{
	struct reader r = { chunk->data, chunk->data + chunk->size, why, why_size };
	struct slot *slots = NULL;
	size_t slot_count = 0, i = 0, raw_len = 0;
	int64_t us = chunk->first_us;
	uint8_t *raw = NULL;
	int rc;

	if (chunk->events == 0 || chunk->events > PEN_STREAM_CHUNK_EVENTS)
		return fail(&r, "%zu events: a chunk holds 1 to %d", chunk->events,
			    PEN_STREAM_CHUNK_EVENTS);
	if (chunk->first_us < 0 || chunk->last_us < 0)
		return fail(&r, "a time before 0");
	if ((rc = inflate_chunk(&r, chunk, &raw, &raw_len)) < 0)
		return rc;
	if (!(slots = malloc(chunk->events * sizeof(*slots)))) {
		free(raw);
		return -ENOMEM;
	}
	r.p = raw;
	r.end = raw + raw_len;
	for (; i < chunk->events; i++) {
		uint64_t head, slot, type, code, delta, zvalue;
		int64_t value;

		if (get_varint(&r, &head) < 0) {
			rc = fail(&r, "event %zu: the slot is cut short or not a number", i);
			goto out;
		}
		slot = head >> 1;
		if (slot > slot_count) {
			rc = fail(&r, "event %zu: slot %llu, but %zu are known", i,
				  (unsigned long long)slot, slot_count);
			goto out;
		}
		if (slot == slot_count) {
			if (get_varint(&r, &type) < 0 || get_varint(&r, &code) < 0) {
				rc = fail(&r, "event %zu: the new code is cut short", i);
				goto out;
			}
			if (type > EV_MAX || pen_device_code_max((unsigned int)type) < 0 ||
			    code > (uint64_t)pen_device_code_max((unsigned int)type)) {
				rc = fail(&r, "event %zu: type %llu code %llu is no evdev code", i,
					  (unsigned long long)type, (unsigned long long)code);
				goto out;
			}
			for (size_t k = 0; k < slot_count; k++)
				if (slots[k].type == type && slots[k].code == code) {
					rc = fail(&r, "event %zu: type %llu code %llu added twice",
						  i, (unsigned long long)type,
						  (unsigned long long)code);
					goto out;
				}
			slots[slot_count++] = (struct slot){ (uint16_t)type, (uint16_t)code, 0 };
		}
		if ((head & 1) && i == 0) {
			rc = fail(&r, "event 0: a time of its own (the chunk's first is at first_us)");
			goto out;
		}
		if (head & 1) {
			int64_t d;

			if (get_varint(&r, &delta) < 0 || delta == 0) {
				rc = fail(&r, "event %zu: the time is cut short or not a change", i);
				goto out;
			}
			d = unzigzag(delta);
			if ((d > 0 && us > INT64_MAX - d) || us + d < 0) {
				rc = fail(&r, "event %zu: time out of range", i);
				goto out;
			}
			us += d;
		}
		if (get_varint(&r, &zvalue) < 0) {
			rc = fail(&r, "event %zu: the value is cut short", i);
			goto out;
		}
		/* zvalue up to 2^33 is a delta within +-2^32; the sum must be int32. */
		if (zvalue > ((uint64_t)1 << 34)) {
			rc = fail(&r, "event %zu: value out of range", i);
			goto out;
		}
		value = slots[slot].last + unzigzag(zvalue);
		if (value < INT32_MIN || value > INT32_MAX) {
			rc = fail(&r, "event %zu: value out of range", i);
			goto out;
		}
		slots[slot].last = (int32_t)value;
		memset(&out[i], 0, sizeof(out[i]));
		out[i].input_event_sec = (time_t)(us / 1000000);
		out[i].input_event_usec = (suseconds_t)(us % 1000000);
		out[i].type = slots[slot].type;
		out[i].code = slots[slot].code;
		out[i].value = (int32_t)value;
	}
	if (r.p != r.end)
		rc = fail(&r, "%zu bytes after the last event", (size_t)(r.end - r.p));
	else if (us != chunk->last_us)
		rc = fail(&r, "the last event is at %lld us, the chunk says %lld",
			  (long long)us, (long long)chunk->last_us);
	else
		rc = 0;
out:
	free(slots);
	free(raw);
	return rc;
}
