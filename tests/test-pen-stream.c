/* test-pen-stream: the pen stream codec (rig/input/pen_stream.c).
 *
 * Real streams round-trip exactly: the Cintiq's recording, the UC-Logic's
 * and the shipped demo session (the generator's), cut into chunks of
 * several sizes, every event equal after decoding, and first_us, last_us
 * and the counts as the encoder said. The exact bytes of a small chunk are
 * checked against the format pen_stream.h describes. Each check of the
 * decoder is met by a chunk broken in that one way, with its message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "evemu_reader.h"
#include "pen_stream.h"

#define FIX(name) SMPSIM_FIXTURES_DIR "/" name

static struct input_event *read_all(const char *path, size_t *count)
{
	struct evemu_reader *r;
	struct pen_device dev;
	size_t cap = 1024;
	struct input_event *ev = malloc(cap * sizeof(*ev));
	int rc;

	assert_non_null(ev);
	assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
	assert_int_equal(evemu_reader_read_description(r, &dev), 0);
	*count = 0;
	for (;;) {
		if (*count == cap) {
			cap *= 2;
			ev = realloc(ev, cap * sizeof(*ev));
			assert_non_null(ev);
		}
		rc = evemu_reader_next_event(r, &ev[*count]);
		if (rc != 1)
			break;
		(*count)++;
	}
	assert_int_equal(rc, 0);
	evemu_reader_free(r);
	return ev;
}

static void assert_same_event(const struct input_event *a, const struct input_event *b,
			      size_t i)
{
	if (a->input_event_sec != b->input_event_sec ||
	    a->input_event_usec != b->input_event_usec || a->type != b->type ||
	    a->code != b->code || a->value != b->value)
		fail_msg("event %zu: %ld.%06ld %u %u %d decoded as %ld.%06ld %u %u %d", i,
			 (long)a->input_event_sec, (long)a->input_event_usec, a->type, a->code,
			 a->value, (long)b->input_event_sec, (long)b->input_event_usec,
			 b->type, b->code, b->value);
}

/* Codes @p ev in chunks of @p per events and decodes each back. */
static void round_trip(const struct input_event *ev, size_t count, size_t per)
{
	struct pen_stream_encoder *enc;
	struct input_event *out = malloc((per ? per : 1) * sizeof(*out));
	struct pen_stream_chunk c;
	char why[PEN_STREAM_ERROR_MAX];
	size_t done = 0, chunks = 0;

	assert_non_null(out);
	assert_int_equal(pen_stream_encoder_new(&enc), 0);
	assert_int_equal(pen_stream_encoder_take(enc, &c), -ENODATA);
	while (done < count) {
		size_t n = count - done < per ? count - done : per;

		for (size_t i = 0; i < n; i++)
			assert_int_equal(pen_stream_encoder_push(enc, &ev[done + i]), 0);
		assert_int_equal(pen_stream_encoder_pending(enc), n);
		assert_int_equal(pen_stream_encoder_take(enc, &c), 0);
		assert_int_equal(pen_stream_encoder_pending(enc), 0);
		assert_int_equal(c.events, n);
		assert_int_equal(c.first_us, pen_stream_event_us(&ev[done]));
		assert_int_equal(c.last_us, pen_stream_event_us(&ev[done + n - 1]));
		memset(out, 0xa5, n * sizeof(*out));
		if (pen_stream_decode(&c, out, why, sizeof(why)) != 0)
			fail_msg("chunk %zu: %s", chunks, why);
		for (size_t i = 0; i < n; i++)
			assert_same_event(&ev[done + i], &out[i], done + i);
		done += n;
		chunks++;
	}
	pen_stream_encoder_free(enc);
	free(out);
}

static void test_round_trip_recordings(void **state)
{
	static const char *const files[] = {
		FIX("wacom-cintiq-13hd-pen.evemu"),
		FIX("uc-logic-wp5540u-pen.evemu"),
		SMPSIM_DATA_DIR "/recordings/hairline-careful.evemu",
	};
	static const size_t sizes[] = { 1, 7, 1000, PEN_STREAM_CHUNK_EVENTS };

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t count;
		struct input_event *ev = read_all(files[f], &count);

		assert_true(count > 400);
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			round_trip(ev, count, sizes[s]);
		free(ev);
	}
}

static struct input_event event(int64_t us, unsigned int type, unsigned int code, int value)
{
	struct input_event e = { .type = (uint16_t)type, .code = (uint16_t)code, .value = value };

	e.input_event_sec = (time_t)(us / 1000000);
	e.input_event_usec = (suseconds_t)(us % 1000000);
	return e;
}

/* A frame of two axes then SYN_REPORT, twice: the coded bytes are known. */
static const struct input_event small[] = {
	{ .input_event_sec = 2, .input_event_usec = 500, .type = EV_ABS, .code = ABS_X, .value = 1000 },
	{ .input_event_sec = 2, .input_event_usec = 500, .type = EV_ABS, .code = ABS_Y, .value = -3 },
	{ .input_event_sec = 2, .input_event_usec = 500, .type = EV_SYN, .code = SYN_REPORT, .value = 0 },
	{ .input_event_sec = 2, .input_event_usec = 5500, .type = EV_ABS, .code = ABS_X, .value = 1001 },
	{ .input_event_sec = 2, .input_event_usec = 5500, .type = EV_SYN, .code = SYN_REPORT, .value = 0 },
};

static const uint8_t small_coded[] = {
	0x00, 0x03, 0x00, 0xd0, 0x0f,   /* new slot 0 = (3, 0), value +1000 */
	0x02, 0x03, 0x01, 0x05,         /* new slot 1 = (3, 1), value -3 */
	0x04, 0x00, 0x00, 0x00,         /* new slot 2 = (0, 0), value 0 */
	0x01, 0x90, 0x4e, 0x02,         /* slot 0, time +5000, value +1 */
	0x04, 0x00,                     /* slot 2, same time, value 0 */
};

/* A chunk holding @p coded as its data: length, then deflated. */
static size_t make_data(const uint8_t *coded, size_t len, uint64_t said_len, uint8_t *out)
{
	uLongf size = 4096;
	size_t head = 0;

	do {
		out[head++] = (uint8_t)(said_len | (said_len >= 0x80 ? 0x80 : 0));
		said_len >>= 7;
	} while (said_len);
	assert_int_equal(compress2(out + head, &size, coded, len, 6), Z_OK);
	return head + size;
}

static void test_exact_bytes(void **state)
{
	struct pen_stream_encoder *enc;
	struct pen_stream_chunk c;
	uint8_t raw[4096];
	uLongf raw_len = sizeof(raw);
	size_t head = 1;

	(void)state;
	assert_int_equal(pen_stream_encoder_new(&enc), 0);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(pen_stream_encoder_push(enc, &small[i]), 0);
	assert_int_equal(pen_stream_encoder_take(enc, &c), 0);
	assert_int_equal(c.first_us, 2000500);
	assert_int_equal(c.last_us, 2005500);
	assert_int_equal(c.events, 5);
	assert_int_equal(c.data[0], sizeof(small_coded));
	assert_int_equal(uncompress(raw, &raw_len, c.data + head, (uLong)(c.size - head)), Z_OK);
	assert_int_equal(raw_len, sizeof(small_coded));
	assert_memory_equal(raw, small_coded, sizeof(small_coded));
	/* The next chunk starts afresh: its first event adds its slot again. */
	assert_int_equal(pen_stream_encoder_push(enc, &small[3]), 0);
	assert_int_equal(pen_stream_encoder_take(enc, &c), 0);
	raw_len = sizeof(raw);
	assert_int_equal(uncompress(raw, &raw_len, c.data + 1, (uLong)(c.size - 1)), Z_OK);
	assert_int_equal(raw_len, 5);
	assert_memory_equal(raw, ((const uint8_t[]){ 0x00, 0x03, 0x00, 0xd2, 0x0f }), 5);
	pen_stream_encoder_free(enc);
}

static void test_encoder_limits(void **state)
{
	struct pen_stream_encoder *enc;
	struct input_event e = event(10, EV_ABS, ABS_X, 1);
	struct pen_stream_chunk c;

	(void)state;
	assert_int_equal(pen_stream_encoder_new(&enc), 0);
	e.type = EV_MAX + 1;
	assert_int_equal(pen_stream_encoder_push(enc, &e), -EINVAL);
	e = event(10, EV_ABS, ABS_MAX + 1, 1);
	assert_int_equal(pen_stream_encoder_push(enc, &e), -EINVAL);
	e = event(10, EV_ABS, ABS_X, 1);
	for (int i = 0; i < PEN_STREAM_CHUNK_EVENTS; i++)
		assert_int_equal(pen_stream_encoder_push(enc, &e), 0);
	assert_true(pen_stream_encoder_full(enc));
	assert_int_equal(pen_stream_encoder_push(enc, &e), -ENOSPC);
	assert_int_equal(pen_stream_encoder_take(enc, &c), 0);
	assert_int_equal(c.events, PEN_STREAM_CHUNK_EVENTS);
	assert_false(pen_stream_encoder_full(enc));
	pen_stream_encoder_free(enc);
	pen_stream_encoder_free(NULL);
}

struct bad {
	const char *what;
	const uint8_t *coded;
	size_t len;
	int64_t said_len;      /* -1: len */
	size_t events;
	int64_t first_us, last_us;
	const char *message;
};

#define B(...) (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ })

static const struct bad bads[] = {
	{ "good", B(0x00, 0x03, 0x00, 0x02, 0x01, 0x08, 0x04), -1, 2, 100, 104, NULL },
	{ "no events", B(0x00, 0x03, 0x00, 0x02), -1, 0, 100, 100,
	  "0 events: a chunk holds 1 to 32768" },
	{ "too many events", B(0x00, 0x03, 0x00, 0x02), -1, PEN_STREAM_CHUNK_EVENTS + 1, 100, 100,
	  "32769 events: a chunk holds 1 to 32768" },
	{ "time before 0", B(0x00, 0x03, 0x00, 0x02), -1, 1, -1, 100, "a time before 0" },
	{ "length too short for the events", B(0x00, 0x03, 0x00, 0x02), 3, 2, 100, 100,
	  "a coded length of 3 bytes cannot hold 2 events" },
	{ "length longer than the data", B(0x00, 0x03, 0x00, 0x02), 6, 1, 100, 100,
	  "the compressed data holds 4 bytes, not 6" },
	{ "data longer than the length", B(0x00, 0x03, 0x00, 0x02, 0x00), 4, 1, 100, 100,
	  "the compressed data holds more than its 4 bytes" },
	{ "slot beyond the table", B(0x02, 0x03, 0x00, 0x02), -1, 1, 100, 100,
	  "event 0: slot 1, but 0 are known" },
	{ "no such type", B(0x00, 0x20, 0x00, 0x02), -1, 1, 100, 100,
	  "event 0: type 32 code 0 is no evdev code" },
	{ "code beyond its type", B(0x00, 0x03, 0x40, 0x02), -1, 1, 100, 100,
	  "event 0: type 3 code 64 is no evdev code" },
	{ "a code added twice", B(0x00, 0x03, 0x00, 0x02, 0x02, 0x03, 0x00, 0x02), -1, 2, 100, 100,
	  "event 1: type 3 code 0 added twice" },
	{ "a time on the first event", B(0x01, 0x03, 0x00, 0x02, 0x02), -1, 1, 100, 101,
	  "event 0: a time of its own (the chunk's first is at first_us)" },
	{ "a time change of 0", B(0x00, 0x03, 0x00, 0x02, 0x01, 0x00, 0x02), -1, 2, 100, 100,
	  "event 1: the time is cut short or not a change" },
	{ "a time before 0 reached", B(0x00, 0x03, 0x00, 0x02, 0x01, 0xc9, 0x01, 0x02), -1, 2,
	  100, 0, "event 1: time out of range" },
	{ "a varint not in its shortest form", B(0x80, 0x00, 0x03, 0x00, 0x02), -1, 1, 100, 100,
	  "event 0: the slot is cut short or not a number" },
	{ "a value cut short", B(0x00, 0x03, 0x00, 0x82), -1, 1, 100, 100,
	  "event 0: the value is cut short" },
	{ "a value beyond int32", B(0x00, 0x03, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10), -1, 1, 100,
	  100, "event 0: value out of range" },
	{ "bytes after the last event", B(0x00, 0x03, 0x00, 0x02, 0x00, 0x02), -1, 1, 100, 100,
	  "2 bytes after the last event" },
	{ "last_us not the last event's", B(0x00, 0x03, 0x00, 0x02, 0x01, 0x08, 0x04), -1, 2, 100,
	  105, "the last event is at 104 us, the chunk says 105" },
};

static void test_decoder_checks(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		uint8_t data[4096];
		struct input_event out[4];
		char why[PEN_STREAM_ERROR_MAX] = "";
		struct pen_stream_chunk c = {
			.first_us = b->first_us, .last_us = b->last_us, .events = b->events,
			.data = data,
		};
		int rc;

		c.size = make_data(b->coded, b->len, b->said_len < 0 ? b->len : (uint64_t)b->said_len,
				   data);
		rc = pen_stream_decode(&c, out, why, sizeof(why));
		if (!b->message) {
			if (rc != 0)
				fail_msg("%s: %s", b->what, why);
			assert_int_equal(out[1].value, 3);
			assert_int_equal(out[1].input_event_usec, 104);
			continue;
		}
		if (rc != -EINVAL || strcmp(why, b->message) != 0)
			fail_msg("%s: %d '%s', expected '%s'", b->what, rc, why, b->message);
	}
}

static void test_damaged_zlib(void **state)
{
	uint8_t data[4096];
	struct input_event out[2];
	char why[PEN_STREAM_ERROR_MAX];
	struct pen_stream_chunk c = { .first_us = 100, .last_us = 104, .events = 2, .data = data };
	static const uint8_t coded[] = { 0x00, 0x03, 0x00, 0x02, 0x01, 0x08, 0x04 };

	(void)state;
	c.size = make_data(coded, sizeof(coded), sizeof(coded), data);
	data[c.size - 2] ^= 0x40;   /* the Adler-32 */
	assert_int_equal(pen_stream_decode(&c, out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the compressed data is damaged (zlib: data error)");
	data[c.size - 2] ^= 0x40;
	data[c.size++] = 0;         /* a byte after the stream */
	assert_int_equal(pen_stream_decode(&c, out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "1 bytes after the compressed data");
	c.size = 1;                 /* the length alone */
	assert_int_equal(pen_stream_decode(&c, out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the compressed data is damaged (zlib: data error)");
	c.size = 0;
	assert_int_equal(pen_stream_decode(&c, out, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "the coded length is cut short or not a number");
}

/* The fuzzer's seeds (tests/data/pen-stream-corpus, its header then a
 * chunk) are chunks the decoder takes, so the fuzzer starts from good ones. */
static void test_corpus_decodes(void **state)
{
	static const char *const seeds[] = {
		"cintiq-all.chunk", "cintiq-first-frame.chunk", "uc-logic-500.chunk",
		"hairline-2000.chunk",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		char path[512], why[PEN_STREAM_ERROR_MAX];
		uint8_t buf[65536];
		struct input_event *out;
		struct pen_stream_chunk c;
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), SMPSIM_TEST_DATA_DIR "/pen-stream-corpus/%s", seeds[i]);
		assert_non_null(f = fopen(path, "rb"));
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		assert_true(n > 12);
		c.events = (size_t)buf[0] | (size_t)buf[1] << 8;
		c.first_us = 0;
		for (int k = 4; k >= 0; k--)
			c.first_us = c.first_us << 8 | buf[2 + k];
		c.last_us = 0;
		for (int k = 4; k >= 0; k--)
			c.last_us = c.last_us << 8 | buf[7 + k];
		c.last_us += c.first_us - ((int64_t)1 << 39);
		c.data = buf + 12;
		c.size = n - 12;
		assert_non_null(out = malloc(c.events * sizeof(*out)));
		if (pen_stream_decode(&c, out, why, sizeof(why)) != 0)
			fail_msg("%s: %s", seeds[i], why);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_recordings),
		cmocka_unit_test(test_exact_bytes),
		cmocka_unit_test(test_encoder_limits),
		cmocka_unit_test(test_decoder_checks),
		cmocka_unit_test(test_damaged_zlib),
		cmocka_unit_test(test_corpus_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
