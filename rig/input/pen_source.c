/* pen_source: one interface over the two kinds of pen input.
 *
 * Each kind supplies next_event (and, for live devices, the clock for the
 * assembler's idle timer); everything after the raw event (hook, assembly,
 * the small queue of samples one event can yield) is shared, which is what
 * makes a replay produce exactly the samples the live path would. A
 * recording is checked from end to end as it opens (evemu_reader_check), so
 * a replay never fails part way: what is wrong anywhere in the file is
 * said before the first sample, and the replay reads exactly what was
 * checked (only a file rewritten in place meanwhile fails later, saying so).
 */
#include "pen_source.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evdev_source.h"
#include "evemu_reader.h"
#include "pen_stream.h"

struct pen_source;

struct pen_source_interface {
	/* 1 and *ev; 0 when nothing came in time; -ENODATA at the end. */
	int (*next_event)(struct pen_source *src, struct input_event *ev,
			  int timeout_ms);
	/* Nothing came in time: the assembler's idle timer. */
	size_t (*idle)(struct pen_source *src, struct pen_sample *out);
	void (*destroy)(struct pen_source *src);
};

struct pen_source {
	const struct pen_source_interface *interface;
	struct pen_device dev;
	struct pen_geometry geo;
	struct device_settings settings;
	struct pen_assembler *assembler;
	struct pen_sample queue[PEN_ASSEMBLER_MAX_SAMPLES];
	size_t queued, next;
	bool ended;
	struct { pen_source_event_fn fn; void *data; } hooks[PEN_SOURCE_HOOKS_MAX];
	size_t hook_count;
	unsigned long events;
	struct evemu_reader *reader;
	struct evemu_reader *desc_reader;
	struct evdev_source *evdev;
	struct input_event seed[EVDEV_SOURCE_STATE_MAX];
	size_t seed_count, seed_next;
	struct timeval last_event_time;  /* the device's clock */
	struct timespec last_read;       /* ours, when that event was read */
	const struct pen_stream_chunk *chunks; /* a stored stream: its chunks, */
	size_t chunk_count, chunk_next;  /* the next to decode, */
	struct input_event *decoded;     /* the one decoded (room for the largest) */
	size_t decoded_count, decoded_next;
	char path[PATH_MAX];             /* the node or recording opened */
	char error[PEN_SOURCE_ERROR_MAX];
};

static void set_error(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_error(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* ---- recordings ---- */

static int recording_next_event(struct pen_source *src, struct input_event *ev,
				int timeout_ms)
{
	int rc = evemu_reader_next_event(src->reader, ev);

	(void)timeout_ms;
	if (rc == 1)
		return 1;
	if (rc == 0)
		return -ENODATA;
	set_error(src->error, sizeof(src->error), "%s",
		  evemu_reader_error(src->reader));
	return rc;
}

static size_t recording_idle(struct pen_source *src, struct pen_sample *out)
{
	(void)src;
	(void)out;
	return 0;
}

static void recording_destroy(struct pen_source *src)
{
	evemu_reader_free(src->reader);
	evemu_reader_free(src->desc_reader);
}

static const struct pen_source_interface recording_interface = {
	.next_event = recording_next_event,
	.idle = recording_idle,
	.destroy = recording_destroy,
};

/* ---- stored pen streams ---- */

static int stream_next_event(struct pen_source *src, struct input_event *ev,
			     int timeout_ms)
{
	(void)timeout_ms;
	while (src->decoded_next == src->decoded_count) {
		const struct pen_stream_chunk *c;

		if (src->chunk_next == src->chunk_count)
			return -ENODATA;
		c = &src->chunks[src->chunk_next];
		/* Checked whole at the open: only memory can fail here. */
		if (pen_stream_decode(c, src->decoded, src->error, sizeof(src->error)) < 0)
			return -EIO;
		src->chunk_next++;
		src->decoded_count = c->events;
		src->decoded_next = 0;
	}
	*ev = src->decoded[src->decoded_next++];
	return 1;
}

static void stream_destroy(struct pen_source *src)
{
	free(src->decoded);
	evemu_reader_free(src->desc_reader);
}

static const struct pen_source_interface stream_interface = {
	.next_event = stream_next_event,
	.idle = recording_idle,
	.destroy = stream_destroy,
};

/* ---- live devices ---- */

static int device_next_event(struct pen_source *src, struct input_event *ev,
			     int timeout_ms)
{
	int rc;

	if (src->seed_next < src->seed_count) {
		*ev = src->seed[src->seed_next++];
		rc = 1;
	} else {
		rc = evdev_source_next(src->evdev, ev, timeout_ms);
	}
	if (rc == 1) {
		src->last_event_time.tv_sec = ev->input_event_sec;
		src->last_event_time.tv_usec = ev->input_event_usec;
		clock_gettime(CLOCK_MONOTONIC, &src->last_read);
	} else if (rc == -ENODEV)
		set_error(src->error, sizeof(src->error),
			  "%s (%s): the device went away", src->dev.name, src->path);
	else if (rc < 0)
		set_error(src->error, sizeof(src->error), "%s (%s): read failed: %s",
			  src->dev.name, src->path, strerror(-rc));
	return rc;
}

/* "Now" on the device's clock: the last event's time plus the silence
 * since, measured on ours. The two clocks need not be the same one. */
static size_t device_idle(struct pen_source *src, struct pen_sample *out)
{
	struct timespec ts;
	struct timeval now;
	int64_t silent_us, us;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	silent_us = (ts.tv_sec - src->last_read.tv_sec) * 1000000LL +
		    (ts.tv_nsec - src->last_read.tv_nsec) / 1000;
	us = src->last_event_time.tv_sec * 1000000LL +
	     src->last_event_time.tv_usec + silent_us;
	now.tv_sec = (time_t)(us / 1000000);
	now.tv_usec = (suseconds_t)(us % 1000000);
	return pen_assembler_idle(src->assembler, &now, out);
}

static void device_destroy(struct pen_source *src)
{
	evdev_source_free(src->evdev);
}

static const struct pen_source_interface device_interface = {
	.next_event = device_next_event,
	.idle = device_idle,
	.destroy = device_destroy,
};

/* ---- shared ---- */

static int finish_open(struct pen_source *src,
		       const struct pen_source_options *options,
		       char *err, size_t err_size)
{
	char why[PEN_DEVICE_WHY_MAX];
	int rc;

	if (pen_device_check_usable(&src->dev, why, sizeof(why)) < 0) {
		/* A live device is named by its node too: names repeat. */
		set_error(err, err_size, "%s%s%s%s: cannot drive the simulator: %s",
			  src->dev.name, src->path[0] ? " (" : "", src->path,
			  src->path[0] ? ")" : "", why);
		return -ENOTSUP;
	}
	rc = pen_geometry_resolve(&src->dev, options ? options->libwacom_dir : NULL,
				  options ? &options->pad_size : NULL,
				  &src->geo, why, sizeof(why));
	if (rc < 0) {
		set_error(err, err_size, "%s: %s", src->dev.name, why);
		return rc;
	}
	device_settings_default(&src->settings);
	if (options && options->quirks) {
		rc = device_quirks_apply(options->quirks, options->quirk_count, &src->dev,
					 &src->settings, err, err_size);
		if (rc < 0)
			return rc;
	}
	if (options && options->tip_down > 0)
		src->settings.assembler.tip_down = options->tip_down;
	if (options && options->tip_up > 0)
		src->settings.assembler.tip_up = options->tip_up;
	rc = pen_assembler_new(&src->dev, &src->geo, &src->settings.assembler,
			       &src->assembler);
	if (rc == -EINVAL)
		set_error(err, err_size,
			  "%s: tip thresholds must satisfy 0 < up (%g) < down (%g) < 1 "
			  "(--tip-up, --tip-down, or the device's quirks)", src->dev.name,
			  src->settings.assembler.tip_up, src->settings.assembler.tip_down);
	else if (rc < 0)
		set_error(err, err_size, "%s", strerror(-rc));
	return rc;
}

int pen_source_open_recording(const char *path, const char *desc_path,
			      const struct pen_source_options *options,
			      struct pen_source **out, char *err, size_t err_size)
{
	struct pen_source *src = calloc(1, sizeof(*src));
	const char *failed = NULL;
	int rc;

	*out = NULL;
	if (!src)
		return -ENOMEM;
	src->interface = &recording_interface;
	if (desc_path) {
		rc = evemu_reader_new_from_file(desc_path, &src->desc_reader);
		if (rc < 0) {
			set_error(err, err_size, "%s: %s", desc_path, strerror(-rc));
			goto fail;
		}
	}
	rc = evemu_reader_new_from_file(path, &src->reader);
	if (rc < 0) {
		set_error(err, err_size, "%s: %s", path, strerror(-rc));
		goto fail;
	}
	if (desc_path) {
		rc = evemu_reader_read_description(src->desc_reader, &src->dev);
		failed = evemu_reader_error(src->desc_reader);
		evemu_reader_expect_device(src->reader, &src->dev);
	}
	/* The whole recording is checked before any of it is used, so a
	 * recording broken anywhere is refused here, not after its first
	 * half has become a session. */
	if (rc == 0) {
		rc = evemu_reader_check(src->reader);
		failed = evemu_reader_error(src->reader);
	}
	if (rc == 0 && !desc_path) {
		rc = evemu_reader_read_description(src->reader, &src->dev);
		failed = evemu_reader_error(src->reader);
	}
	if (rc < 0) {
		if (failed)
			set_error(err, err_size, "%s", failed);
		else
			set_error(err, err_size, "%s: %s", path, strerror(-rc));
		goto fail;
	}
	rc = finish_open(src, options, err, err_size);
	if (rc < 0)
		goto fail;
	*out = src;
	return 0;
fail:
	pen_source_free(src);
	return rc;
}

int pen_source_open_stream(const char *name, const char *description,
			   const struct pen_stream_chunk *chunks, size_t count,
			   const struct pen_source_options *options,
			   struct pen_source **out, char *err, size_t err_size)
{
	struct pen_source *src = calloc(1, sizeof(*src));
	size_t most = 0;
	int rc;

	*out = NULL;
	if (!src)
		return -ENOMEM;
	src->interface = &stream_interface;
	src->chunks = chunks;
	src->chunk_count = count;
	rc = evemu_reader_new_from_buffer(name, description, strlen(description),
					  &src->desc_reader);
	if (rc < 0) {
		set_error(err, err_size, "%s: %s", name, strerror(-rc));
		goto fail;
	}
	rc = evemu_reader_read_description(src->desc_reader, &src->dev);
	if (rc < 0) {
		set_error(err, err_size, "%s", evemu_reader_error(src->desc_reader));
		goto fail;
	}
	for (size_t i = 0; i < count; i++)
		if (chunks[i].events > most)
			most = chunks[i].events;
	if (!(src->decoded = malloc((most ? most : 1) * sizeof(*src->decoded)))) {
		rc = -ENOMEM;
		goto fail;
	}
	/* Every chunk is decoded once here, so a damaged one is refused
	 * before any of the stream is used, as a recording is. */
	for (size_t i = 0; i < count; i++) {
		char why[PEN_STREAM_ERROR_MAX];

		rc = pen_stream_decode(&chunks[i], src->decoded, why, sizeof(why));
		if (rc < 0) {
			set_error(err, err_size, "%s: chunk %zu: %s", name, i,
				  rc == -ENOMEM ? strerror(ENOMEM) : why);
			goto fail;
		}
	}
	rc = finish_open(src, options, err, err_size);
	if (rc < 0)
		goto fail;
	*out = src;
	return 0;
fail:
	pen_source_free(src);
	return rc;
}

int pen_source_open_device(const char *path,
			   const struct pen_source_options *options,
			   struct pen_source **out, char *err, size_t err_size)
{
	struct pen_source *src = calloc(1, sizeof(*src));
	int rc;

	*out = NULL;
	if (!src)
		return -ENOMEM;
	src->interface = &device_interface;
	snprintf(src->path, sizeof(src->path), "%s", path);
	rc = evdev_source_open(path, &src->evdev, err, err_size);
	if (rc < 0)
		goto fail;
	src->dev = *evdev_source_device(src->evdev);
	rc = finish_open(src, options, err, err_size);
	if (rc < 0)
		goto fail;
	src->seed_count = evdev_source_state(src->evdev, src->seed,
					     EVDEV_SOURCE_STATE_MAX);
	*out = src;
	return 0;
fail:
	pen_source_free(src);
	return rc;
}

void pen_source_free(struct pen_source *src)
{
	if (!src)
		return;
	src->interface->destroy(src);
	pen_assembler_free(src->assembler);
	free(src);
}

int pen_source_next(struct pen_source *src, struct pen_sample *sample,
		    int timeout_ms)
{
	struct input_event ev;
	int rc;

	while (src->next == src->queued) {
		src->next = src->queued = 0;
		if (src->ended)
			return -ENODATA;
		rc = src->interface->next_event(src, &ev, timeout_ms);
		if (rc == 0) {
			src->queued = src->interface->idle(src, src->queue);
			if (src->queued == 0)
				return 0;
			break;
		}
		if (rc == -ENODATA) {
			src->ended = true;
			src->queued = pen_assembler_finish(src->assembler, src->queue);
			continue;
		}
		if (rc < 0)
			return rc;
		src->events++;
		for (size_t i = 0; i < src->hook_count; i++)
			src->hooks[i].fn(src->hooks[i].data, &ev);
		src->queued = pen_assembler_push(src->assembler, &ev, src->queue);
	}
	*sample = src->queue[src->next++];
	return 1;
}

int pen_source_add_event_hook(struct pen_source *src, pen_source_event_fn fn,
			      void *data)
{
	if (src->hook_count == PEN_SOURCE_HOOKS_MAX)
		return -ENOSPC;
	src->hooks[src->hook_count].fn = fn;
	src->hooks[src->hook_count].data = data;
	src->hook_count++;
	return 0;
}

const struct pen_device *pen_source_device(const struct pen_source *src)
{
	return &src->dev;
}

const struct pen_geometry *pen_source_geometry(const struct pen_source *src)
{
	return &src->geo;
}

const struct device_settings *pen_source_settings(const struct pen_source *src)
{
	return &src->settings;
}

const char *pen_source_error(const struct pen_source *src)
{
	return src->error[0] ? src->error : NULL;
}

unsigned long pen_source_event_count(const struct pen_source *src)
{
	return src->events;
}
