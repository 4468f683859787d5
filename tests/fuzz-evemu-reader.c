/* fuzz-evemu-reader: libFuzzer target for rig/evemu_reader.
 *
 * Each input goes through the reader three ways: as a whole recording
 * (read_description, then every event), as a file of events only checked
 * against a fixed pen device (evemu_reader_expect_device), and as events
 * with no device. The whole-recording pass runs twice, from memory and from
 * a file (a memfd read through /proc/self/fd, so inputs over 64 KiB go
 * through the reader's buffer refills), and the two must agree on the
 * device, every event and the error; and once more from the file checked
 * first (evemu_reader_check), which must fail with the same error or
 * pass and then read the same. Beyond "no crash, no leak" (ASan,
 * UBSan, libFuzzer), the reader's promises are checked and abort() when
 * broken: events are valid codes the device declares, in time order; an
 * error reads "name:LINE: ..." with LINE the reader's line, and sticks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "evemu_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_NAME "fuzz"
#define MAX_EVENTS 65536  /* more would only repeat the same checks */

/* The device events-only inputs are checked against: a Wacom-like pen. */
static const char pen_description[] =
	"# EVEMU 1.3\n"
	"N: Fuzz Pen\n"
	"I: 0003 056a 0333 0110\n"
	"P: 02 00 00 00 00 00 00 00\n"
	"B: 00 0b 00 00 00 00 00 00 00\n"
	"B: 01 00 00 00 00 00 00 00 00\n"
	"B: 01 00 00 00 00 00 00 00 00\n"
	"B: 01 00 00 00 00 00 00 00 00\n"
	"B: 01 00 00 00 00 00 00 00 00\n"
	"B: 01 00 00 00 00 00 00 00 00\n"
	"B: 01 1f 1c 00 00 00 00 00 00\n"
	"B: 03 07 01 00 0f 00 01 00 00\n"
	"B: 04 01 00 00 00 00 00 00 00\n"
	"A: 00 400 59152 4 0 200\n"
	"A: 01 400 33448 4 0 200\n"
	"A: 02 -900 899 0 0 287\n"
	"A: 08 0 1023 0 0 0\n"
	"A: 18 0 2047 0 0 0\n"
	"A: 19 0 63 1 0 0\n"
	"A: 1a -64 63 1 0 57\n"
	"A: 1b -64 63 1 0 57\n"
	"A: 28 0 0 0 0 0\n";

static struct pen_device pen;
static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct evemu_reader *r;

	(void)argc;
	(void)argv;
	if (evemu_reader_new_from_buffer("pen", pen_description,
					 sizeof(pen_description) - 1, &r) < 0 ||
	    evemu_reader_read_description(r, &pen) < 0)
		abort();
	evemu_reader_free(r);
	memfd = memfd_create("fuzz-evemu-reader", 0);
	if (memfd < 0)
		abort();
	snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	return 0;
}

/* What one pass saw: its events' digest and its error without the name. */
struct outcome {
	int rc;
	unsigned long events;
	uint64_t digest;
	char error[1024];
};

static void mix(uint64_t *h, uint64_t v)
{
	*h = (*h ^ v) * 0x100000001b3ULL;
}

/* The error must be "NAME:LINE: message" with LINE the reader's line. */
static void check_error(const struct evemu_reader *r, const char *name,
			struct outcome *out)
{
	const char *e = evemu_reader_error(r), *colon;
	size_t n = strlen(name);
	char *end;
	unsigned long line;

	if (!e || strncmp(e, name, n) != 0 || e[n] != ':')
		abort();
	line = strtoul(e + n + 1, &end, 10);
	if (end == e + n + 1 || end[0] != ':' || end[1] != ' ' || end[2] == '\0')
		abort();
	if (line == 0 || line != evemu_reader_line(r))
		abort();
	colon = e + n;
	snprintf(out->error, sizeof(out->error), "%s", colon);
}

static void check_event(const struct input_event *ev,
			const struct pen_device *dev,
			const struct input_event *last)
{
	int max = pen_device_code_max(ev->type);

	if (max < 0 || ev->code > max)
		abort();
	if (dev && ev->type != EV_SYN && !pen_device_has(dev, ev->type, ev->code))
		abort();
	if (ev->input_event_usec < 0 || ev->input_event_usec > 999999 ||
	    ev->input_event_sec < 0)
		abort();
	if (last && (ev->input_event_sec < last->input_event_sec ||
		     (ev->input_event_sec == last->input_event_sec &&
		      ev->input_event_usec < last->input_event_usec)))
		abort();
}

static void drain(struct evemu_reader *r, const char *name,
		  const struct pen_device *dev, struct outcome *out)
{
	struct input_event ev, last = { 0 };
	int rc = 0;

	out->digest = 0xcbf29ce484222325ULL;
	while (out->events < MAX_EVENTS &&
	       (rc = evemu_reader_next_event(r, &ev)) == 1) {
		check_event(&ev, dev, out->events ? &last : NULL);
		mix(&out->digest, (uint64_t)ev.input_event_sec);
		mix(&out->digest, (uint64_t)ev.input_event_usec);
		mix(&out->digest, ((uint64_t)ev.type << 16) | ev.code);
		mix(&out->digest, (uint32_t)ev.value);
		last = ev;
		out->events++;
	}
	if (out->events == MAX_EVENTS)
		return;
	out->rc = rc;
	if (rc == 0) {
		/* The end stays the end. */
		if (evemu_reader_error(r) || evemu_reader_next_event(r, &ev) != 0)
			abort();
		return;
	}
	if (rc != -EINVAL)
		abort();
	check_error(r, name, out);
	/* An error sticks. */
	if (evemu_reader_next_event(r, &ev) != -EINVAL ||
	    strcmp(evemu_reader_error(r) + strlen(name), out->error) != 0)
		abort();
}

/* A description the reader accepted is one it could have been given. */
static void check_device(const struct pen_device *dev)
{
	if (!memchr(dev->name, '\0', sizeof(dev->name)))
		abort();
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		const struct input_absinfo *a = &dev->abs[code];

		if (a->minimum > a->maximum || a->fuzz < 0 || a->flat < 0 ||
		    a->resolution < 0)
			abort();
	}
}

static void whole(struct evemu_reader *r, const char *name,
		  struct pen_device *dev, struct outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->rc = evemu_reader_read_description(r, dev);
	if (out->rc < 0) {
		if (out->rc != -EINVAL)
			abort();
		check_error(r, name, out);
		return;
	}
	check_device(dev);
	drain(r, name, dev, out);
}

static bool write_memfd(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(memfd, 0) < 0)
		return false;
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pen_device mem_dev, file_dev;
	static struct outcome mem_out, file_out, out;
	struct evemu_reader *r;

	/* 1. A whole recording, from memory. */
	if (evemu_reader_new_from_buffer(MEM_NAME, data, size, &r) < 0)
		abort();
	whole(r, MEM_NAME, &mem_dev, &mem_out);
	evemu_reader_free(r);

	/* 2. The same from a file: the same answer, refills or not. */
	if (!write_memfd(data, size) || evemu_reader_new_from_file(memfd_path, &r) < 0)
		abort();
	whole(r, memfd_path, &file_dev, &file_out);
	evemu_reader_free(r);
	if (mem_out.rc != file_out.rc || mem_out.events != file_out.events ||
	    mem_out.digest != file_out.digest ||
	    strcmp(mem_out.error, file_out.error) != 0)
		abort();
	if (mem_out.rc >= 0 && memcmp(&mem_dev, &file_dev, sizeof(mem_dev)) != 0)
		abort();

	/* 2b. Checked first, as a replay opens it: the check fails exactly
	 * where reading does, and what it passes reads the same after it. */
	if (mem_out.events < MAX_EVENTS) {
		int rc;

		if (evemu_reader_new_from_file(memfd_path, &r) < 0)
			abort();
		rc = evemu_reader_check(r);
		memset(&out, 0, sizeof(out));
		if (rc < 0) {
			if (rc != -EINVAL || mem_out.rc >= 0)
				abort();
			check_error(r, memfd_path, &out);
			if (strcmp(out.error, mem_out.error) != 0)
				abort();
		} else {
			if (rc != 0 || mem_out.rc < 0)
				abort();
			whole(r, memfd_path, &file_dev, &out);
			if (out.rc != mem_out.rc || out.events != mem_out.events ||
			    out.digest != mem_out.digest ||
			    memcmp(&mem_dev, &file_dev, sizeof(mem_dev)) != 0)
				abort();
		}
		evemu_reader_free(r);
	}

	/* 3. Events only, against the fixed pen. */
	if (evemu_reader_new_from_buffer(MEM_NAME, data, size, &r) < 0)
		abort();
	evemu_reader_expect_device(r, &pen);
	memset(&out, 0, sizeof(out));
	drain(r, MEM_NAME, &pen, &out);
	evemu_reader_free(r);

	/* 4. Events only, no device to check them against. */
	if (evemu_reader_new_from_buffer(MEM_NAME, data, size, &r) < 0)
		abort();
	memset(&out, 0, sizeof(out));
	drain(r, MEM_NAME, NULL, &out);
	evemu_reader_free(r);
	return 0;
}
