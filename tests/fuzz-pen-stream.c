/* fuzz-pen-stream: libFuzzer target for rig/input/pen_stream.c.
 *
 * Each input is used two ways. As a stored chunk: its first 12 bytes are
 * the count of events (2 bytes, little-endian), first_us and last_us as
 * offsets (5 bytes each), the rest the chunk's data; the decoder must
 * either refuse it with a message or decode it, and what it decodes must
 * code again into a chunk that decodes to the same events. As events: each
 * 12 bytes a time step, type, code and value (types and codes folded into
 * evdev's ranges), coded in chunks the input's first byte sizes and
 * decoded, which must give every event back exactly. Beyond "no crash, no
 * leak" (ASan, UBSan, libFuzzer), a broken promise calls abort().
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pen_device.h"
#include "pen_stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HEAD 12
#define MAX_EVENTS 4096

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int same(const struct input_event *a, const struct input_event *b)
{
	return a->input_event_sec == b->input_event_sec &&
	       a->input_event_usec == b->input_event_usec && a->type == b->type &&
	       a->code == b->code && a->value == b->value;
}

/* Codes @p ev (@p count) in chunks of @p per, decodes each, compares. */
static void round_trip(const struct input_event *ev, size_t count, size_t per)
{
	struct pen_stream_encoder *enc;
	struct input_event *out = malloc(per * sizeof(*out));
	char why[PEN_STREAM_ERROR_MAX];
	size_t done = 0;

	if (!out || pen_stream_encoder_new(&enc) < 0)
		abort();
	while (done < count) {
		size_t n = count - done < per ? count - done : per;
		struct pen_stream_chunk c;

		for (size_t i = 0; i < n; i++)
			if (pen_stream_encoder_push(enc, &ev[done + i]) < 0)
				abort();
		if (pen_stream_encoder_take(enc, &c) < 0 || c.events != n)
			abort();
		if (pen_stream_decode(&c, out, why, sizeof(why)) < 0) {
			fprintf(stderr, "a chunk the encoder made fails: %s\n", why);
			abort();
		}
		for (size_t i = 0; i < n; i++)
			if (!same(&ev[done + i], &out[i]))
				abort();
		done += n;
	}
	pen_stream_encoder_free(enc);
	free(out);
}

static void as_chunk(const uint8_t *data, size_t size)
{
	struct pen_stream_chunk c;
	struct input_event *out;
	char why[PEN_STREAM_ERROR_MAX] = "";
	int rc;

	if (size < HEAD)
		return;
	c.events = (size_t)le(data, 2);
	c.first_us = (int64_t)le(data + 2, 5);
	c.last_us = c.first_us + (int64_t)le(data + 7, 5) - ((int64_t)1 << 39);
	c.data = data + HEAD;
	c.size = size - HEAD;
	out = malloc((c.events ? c.events : 1) * sizeof(*out));
	if (!out)
		abort();
	rc = pen_stream_decode(&c, out, why, sizeof(why));
	if (rc == 0)
		round_trip(out, c.events, c.events);
	else if (rc != -EINVAL || !why[0])
		abort();
	free(out);
}

static void as_events(const uint8_t *data, size_t size)
{
	size_t count = size / 12, per;
	struct input_event *ev;
	int64_t us = 1000000;

	if (count == 0)
		return;
	if (count > MAX_EVENTS)
		count = MAX_EVENTS;
	per = (size_t)data[0] % 64 + 1;
	if (!(ev = calloc(count, sizeof(*ev))))
		abort();
	for (size_t i = 0; i < count; i++) {
		const uint8_t *p = data + i * 12;
		unsigned int type = p[3] % (EV_MAX + 1);
		int max;

		/* Steps back too: the opening state frame may. */
		us += (int64_t)(int16_t)le(p + 1, 2) * 37;
		if (us < 0)
			us = 0;
		while ((max = pen_device_code_max(type)) < 0)
			type = (type + 1) % (EV_MAX + 1);
		ev[i].input_event_sec = (time_t)(us / 1000000);
		ev[i].input_event_usec = (suseconds_t)(us % 1000000);
		ev[i].type = (uint16_t)type;
		ev[i].code = (uint16_t)(le(p + 4, 2) % ((uint64_t)max + 1));
		ev[i].value = (int32_t)(uint32_t)le(p + 6, 4);
	}
	round_trip(ev, count, per);
	free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_chunk(data, size);
	as_events(data, size);
	return 0;
}
