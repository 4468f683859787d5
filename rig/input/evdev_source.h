/* evdev_source: reads a live /dev/input/eventN through libevdev.
 *
 * Events carry CLOCK_MONOTONIC timestamps. A SYN_DROPPED is handed on (so
 * the assembler drops the frame in progress) and followed by libevdev's
 * resync events, per libevdev's documented loop; a device that goes away
 * ends the stream with -ENODEV.
 */
#ifndef SMPSIM_EVDEV_SOURCE_H
#define SMPSIM_EVDEV_SOURCE_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>

#include "pen_device.h"

struct evdev_source;

/**
 * Opens @p path read-only and non-blocking.
 * @param why  receives a sentence for the user on failure (may be NULL); for
 *             EACCES it names the fix (membership of the input group)
 * @return 0 and *out, or a negative errno.
 */
int evdev_source_open(const char *path, struct evdev_source **out,
		      char *why, size_t why_size);

/** Closes the device it opened and frees the source. Accepts NULL. */
void evdev_source_free(struct evdev_source *src);

/** @return the device's description; valid as long as the source. */
const struct pen_device *evdev_source_device(const struct evdev_source *src);

/**
 * Takes (@p grab true) or lets go of (false) the device for this source
 * alone: EVIOCGRAB through libevdev_grab(). While it is held no other
 * reader, the desktop's libinput among them, gets the device's events, so
 * a tap on the pad does not also click the desktop. The kernel lets go
 * when the file descriptor is closed, on a crash too; evdev_source_free()
 * lets go first.
 * @return 0; -EBUSY when another program holds the device; another
 * negative errno when the device cannot be grabbed.
 */
int evdev_source_grab(struct evdev_source *src, bool grab);

/** Room evdev_source_state() needs at most. */
#define EVDEV_SOURCE_STATE_MAX (ABS_CNT + 16)

/**
 * The state the device is in now, as one frame of events (axes, held tool
 * and button keys, SYN_REPORT) stamped with the events' clock, so that a
 * pen already over the pad when smpsim starts is known from the first
 * sample. Empty when no tool is in proximity.
 * @return the number of events written to @p evs.
 */
size_t evdev_source_state(const struct evdev_source *src,
			  struct input_event *evs, size_t max);

/**
 * Waits up to @p timeout_ms (-1: forever) for the next event.
 * @return 1 and *ev; 0 when nothing came in time; -ENODEV when the device
 * went away; another negative errno on failure.
 */
int evdev_source_next(struct evdev_source *src, struct input_event *ev,
		      int timeout_ms);

/** Fills @p dev from an open libevdev handle (name, ids, bits, absinfo). */
struct libevdev;
void pen_device_from_libevdev(struct pen_device *dev, const struct libevdev *evdev);

#endif
