/* pen_source: a stream of pen_samples from a live device or a recording.
 *
 * Both kinds sit behind one interface (open, next, free) and feed the same
 * pen_assembler, so the simulator cannot tell a replay from a trainee. The
 * size of the pad is resolved when the source opens; per-device settings
 * come from the quirks file, then from the caller's overrides.
 */
#ifndef SMPSIM_PEN_SOURCE_H
#define SMPSIM_PEN_SOURCE_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>

#include "device_quirks.h"
#include "pen_assembler.h"
#include "pen_device.h"
#include "pen_sample.h"

#define PEN_SOURCE_ERROR_MAX 512
/** How many raw-event hooks a source calls (a recorder, the pen stream kept). */
#define PEN_SOURCE_HOOKS_MAX 4

struct pen_stream_chunk;

struct pen_source_options {
	struct pen_pad_size pad_size;  /**< --pad-size, 0x0 when not given */
	const char *libwacom_dir;      /**< NULL: the system's database */
	const struct device_quirk *quirks; /**< per-device oddities (may be NULL) */
	size_t quirk_count;
	double tip_down, tip_up;       /**< overrides; 0 keeps quirk/default */
};

/** Called with every raw event the source reads, before assembly. */
typedef void (*pen_source_event_fn)(void *data, const struct input_event *ev);

struct pen_source;

/**
 * Opens an evemu recording; @p desc_path names a separate description
 * (older recordings), or NULL when @p path holds both. The whole recording
 * is read and checked first (evemu_reader_check), so one broken anywhere
 * is refused here; the replay then reads exactly what was checked (lines
 * appended later are not read), and pen_source_next() fails only when the
 * checked bytes changed in between (the file rewritten in place).
 * @param err  receives "file:line: what is wrong" or another sentence
 * @return 0 and *out; -EINVAL for a malformed recording; another negative
 * errno (-ENOENT, -EACCES, ...) when it cannot be read.
 */
int pen_source_open_recording(const char *path, const char *desc_path,
			      const struct pen_source_options *options,
			      struct pen_source **out, char *err, size_t err_size);

/**
 * Opens a live evdev node (/dev/input/eventN).
 * @return 0 and *out, or a negative errno with @p err set.
 */
int pen_source_open_device(const char *path,
			   const struct pen_source_options *options,
			   struct pen_source **out, char *err, size_t err_size);

/**
 * Opens a stored pen stream (pen_stream.h): the device described by
 * @p description (evemu header text, as evemu_writer_description() writes
 * it) and the events of @p chunks, in order, decoded as they are read.
 * Every chunk is decoded once first, so a damaged one is refused here.
 * @p chunks (and their data) must outlive the source; @p name stands for
 * the stream in messages ("session 3's pen stream").
 * @param err  receives "NAME: chunk N: what is wrong", or the
 * description's "NAME:LINE: what is wrong"
 * @return 0 and *out; -EINVAL for a damaged stream or description,
 * -ENOTSUP for a device that cannot drive the simulator, -ENOMEM.
 */
int pen_source_open_stream(const char *name, const char *description,
			   const struct pen_stream_chunk *chunks, size_t count,
			   const struct pen_source_options *options,
			   struct pen_source **out, char *err, size_t err_size);

/** Frees the source and closes what it opened. Accepts NULL. */
void pen_source_free(struct pen_source *src);

/**
 * Produces the next sample, waiting at most @p timeout_ms on a live device
 * (-1: forever; ignored for recordings).
 * @return 1 and *sample; 0 when nothing came in time (live only);
 * -ENODATA at the end of a recording; -ENODEV when the device went away;
 * another negative errno on failure, with pen_source_error() set.
 */
int pen_source_next(struct pen_source *src, struct pen_sample *sample,
		    int timeout_ms);

/** Registers @p fn to see every raw event (e.g. to record them), after
 * the hooks registered before it. @return 0, or -ENOSPC beyond
 * PEN_SOURCE_HOOKS_MAX. */
int pen_source_add_event_hook(struct pen_source *src, pen_source_event_fn fn,
			      void *data);

/** @return the device description; valid as long as the source. */
const struct pen_device *pen_source_device(const struct pen_source *src);

/** @return the geometry in use; valid as long as the source. */
const struct pen_geometry *pen_source_geometry(const struct pen_source *src);

/** @return the device's settings (assembler rules, force calibration)
 * after quirks and overrides; valid as long as the source. */
const struct device_settings *pen_source_settings(const struct pen_source *src);

/** @return the last failure as a sentence, or NULL; valid as long as the source. */
const char *pen_source_error(const struct pen_source *src);

/** @return the number of raw events read so far. */
unsigned long pen_source_event_count(const struct pen_source *src);

#endif
