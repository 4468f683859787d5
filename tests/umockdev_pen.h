/* umockdev_pen: test support that emulates a pen tablet's /dev/input/eventN
 * with umockdev, so that the unmodified live path (libevdev, evdev_source,
 * pen_source, `smpsim record`) reads a device described by a struct
 * pen_device, and events a test chooses, without hardware or root.
 *
 * It writes the three files umockdev needs (the sysfs description, the
 * ioctl record that answers every EVIOCG* libevdev asks, the events in
 * umockdev's evemu dialect) and drives a UMockdevTestbed through
 * umockdev's C API. The program must run with libumockdev-preload.so
 * preloaded (umockdev-wrapper; see umockdev_pen_preloaded()).
 */
#ifndef SMPSIM_UMOCKDEV_PEN_H
#define SMPSIM_UMOCKDEV_PEN_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pen_device.h"

/** Room for an error sentence from the functions below. */
#define UMOCKDEV_PEN_ERROR_MAX 512

/**
 * The device state EVIOCGKEY and EVIOCGABS report at one moment: which
 * keys are held and the value of every axis. libevdev reads it when the
 * node is opened and again at every resync after a SYN_DROPPED.
 */
struct umockdev_pen_state {
	uint8_t keys[(KEY_CNT + 7) / 8]; /**< bit n of byte n/8: key n held */
	int32_t abs[ABS_CNT];            /**< value of each axis */
};

/** Clears @p state: no key held, every axis at 0 (a device just plugged in). */
void umockdev_pen_state_init(struct umockdev_pen_state *state);

/** Holds (or releases) key @p code; codes beyond KEY_MAX are ignored. */
void umockdev_pen_state_set_key(struct umockdev_pen_state *state,
				unsigned int code, bool held);

/** Sets axis @p code to @p value; codes beyond ABS_MAX are ignored. */
void umockdev_pen_state_set_abs(struct umockdev_pen_state *state,
				unsigned int code, int32_t value);

/**
 * Writes the umockdev device description (umockdev-record's text format)
 * of @p dev as /dev/input/event@p node: the event node and its parent
 * input device with the name, ids and capability bitmaps sysfs shows.
 * @return 0, or -EIO when writing failed.
 */
int umockdev_pen_write_description(FILE *f, const struct pen_device *dev,
				   unsigned int node);

/**
 * Writes the ioctl record for @p dev. The first block answers what
 * libevdev asks when the node is opened, with @p states[0] as the current
 * state; each further state gets a block of its own (EVIOCGKEY, EVIOCGLED,
 * EVIOCGSW, EVIOCGABS), which answers the resync after the next
 * SYN_DROPPED: umockdev matches recorded ioctls in file order, continuing
 * after the last one answered. Every answer has exactly the byte length
 * libevdev's request asks for; umockdev matches on it.
 * @param n_states  at least 1
 * @return 0, -EINVAL when @p n_states is 0, or -EIO when writing failed.
 */
int umockdev_pen_write_ioctl(FILE *f, const struct pen_device *dev,
			     unsigned int node,
			     const struct umockdev_pen_state *states,
			     size_t n_states);

/**
 * Writes @p events as umockdev reads evemu event lines. Times are made
 * relative to the first event (umockdev delivers them as written, and
 * sleeps between events by their differences, in whole milliseconds). With
 * @p frame_gap_us < 0 the events keep their own spacing; otherwise every
 * event of a frame gets the frame's time and each frame (up to and
 * including its SYN_REPORT or SYN_DROPPED) comes @p frame_gap_us after the
 * previous one.
 * Microseconds are written without leading zeros ("0.5001" is 5001 µs):
 * umockdev 0.17 parses a leading zero as octal. Such files are for
 * umockdev only; evemu_reader insists on six digits.
 * @return 0, or -EIO when writing failed.
 */
int umockdev_pen_write_events(FILE *f, const struct input_event *events,
			      size_t count, int64_t frame_gap_us);

/**
 * Reads the evemu recording @p path whole (evemu_reader): its device into
 * @p dev and every event into *events (free it), *count of them.
 * @return 0, or a negative errno with @p err set ("file:line: what").
 */
int umockdev_pen_read_recording(const char *path, struct pen_device *dev,
				struct input_event **events, size_t *count,
				char *err, size_t err_size);

/** An emulated pen device in a UMockdevTestbed. */
struct umockdev_pen_bed;

/**
 * Creates a testbed holding @p dev as /dev/input/eventN, N being the
 * lowest number no real node uses (so that stat() of the node after
 * umockdev_pen_bed_unplug() cannot find a real device instead), with the
 * ioctl answers of umockdev_pen_write_ioctl(). No events flow until
 * umockdev_pen_bed_play(). The testbed's UMOCKDEV_DIR is exported, so child
 * processes see the device too. One bed at a time per process.
 * @return 0 and *out, or a negative errno with @p err set.
 */
int umockdev_pen_bed_new(const struct pen_device *dev,
			 const struct umockdev_pen_state *states,
			 size_t n_states, struct umockdev_pen_bed **out,
			 char *err, size_t err_size);

/** Frees the testbed and the files written for it. Accepts NULL. */
void umockdev_pen_bed_free(struct umockdev_pen_bed *bed);

/** @return the device node, e.g. "/dev/input/event0". */
const char *umockdev_pen_bed_devnode(const struct umockdev_pen_bed *bed);

/**
 * @return the writing end of the emulated node (the pseudo-terminal's
 * master), for a test that delivers events itself instead of
 * umockdev_pen_bed_play(): each struct input_event written is read from the
 * node as the kernel would deliver it. Mind the 4 KiB buffer described at
 * umockdev_pen_bed_play(). Owned by the testbed.
 */
int umockdev_pen_bed_writer_fd(struct umockdev_pen_bed *bed);

/**
 * Starts delivering @p events (see umockdev_pen_write_events() for
 * @p frame_gap_us). umockdev starts at once, from a thread of its own,
 * whether or not the node is open. The node is a pseudo-terminal: what
 * nobody has read waits in a 4 KiB buffer, and once that is full a bulk
 * read can end in the middle of an event, which libevdev rejects with
 * -EINVAL (a kernel node never splits an event). So open the node before
 * playing, and keep reading it. Once the last event is out the node stays
 * silent: no EOF, no hang-up. Only one play per bed.
 * @return 0, or a negative errno with @p err set.
 */
int umockdev_pen_bed_play(struct umockdev_pen_bed *bed,
			  const struct input_event *events, size_t count,
			  int64_t frame_gap_us, char *err, size_t err_size);

/**
 * Unplugs the device: its sysfs entry and node disappear (stat() and
 * open() fail with ENOENT), but an fd already open keeps delivering what
 * was written to it, and never reports a hang-up.
 */
void umockdev_pen_bed_unplug(struct umockdev_pen_bed *bed);

/**
 * @return true when libumockdev-preload is in LD_PRELOAD. (umockdev's own
 * umockdev_in_mock_environment() answered false under the wrapper in
 * 0.17.16, so the variable is checked instead.)
 */
bool umockdev_pen_preloaded(void);

/**
 * Runs the program again (/proc/self/exe with @p argv) with
 * libumockdev-preload in front of LD_PRELOAD, as umockdev-wrapper does;
 * for a test or benchmark started without it. Returns only on failure,
 * with a negative errno. (Sanitized builds must be started with their
 * runtime preloaded first instead; ctest does that.)
 */
int umockdev_pen_exec_preloaded(char **argv);

#endif
