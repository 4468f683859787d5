/* umockdev_pen: test support that emulates a pen tablet's /dev/input/eventN
 * with umockdev, so that the unmodified live path (libevdev, evdev_source,
 * pen_source, `smpsim record`) reads a device described by a struct
 * pen_device, and events a test chooses, without hardware or root.
 *
 * It writes the two files umockdev needs (the sysfs description, the
 * ioctl record that answers every EVIOCG* libevdev asks), drives a
 * UMockdevTestbed through umockdev's C API, and plays events into the node
 * itself (pty_player.h), in whole events however late the reader reads. The program must run with libumockdev-preload.so
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

/**
 * Stops the events still playing, frees the testbed and the files written
 * for it. Accepts NULL.
 */
void umockdev_pen_bed_free(struct umockdev_pen_bed *bed);

/** @return the device node, e.g. "/dev/input/event0". */
const char *umockdev_pen_bed_devnode(const struct umockdev_pen_bed *bed);

/**
 * @return the writing end of the emulated node (the pseudo-terminal's
 * master), for a test that delivers events itself instead of
 * umockdev_pen_bed_play(): each struct input_event written is read from the
 * node as the kernel would deliver it, as long as the reader has taken all
 * but 4095 bytes of what was written. What nobody has read waits in the
 * terminal's input buffer, which holds 4095 bytes; once it is full, the
 * bytes of a write land in part and a bulk read can end in the middle of an
 * event, which libevdev rejects with -EINVAL (a kernel node never splits an
 * event). umockdev_pen_bed_play() keeps to that bound by itself. Owned by
 * the testbed.
 */
int umockdev_pen_bed_writer_fd(struct umockdev_pen_bed *bed);

/**
 * Starts delivering @p events through the node from a thread of its own
 * (pty_player.h), at once, whether or not the node is open. Event i is
 * delivered at its time after this call, stamped with that time: with
 * @p frame_gap_us < 0 its own time relative to events[0] (earlier ones
 * count as 0); otherwise every event of frame k (frames end at SYN_REPORT
 * or SYN_DROPPED) at k * @p frame_gap_us. The thread never lets more wait
 * unread than the node's buffer holds: a reader that lags, or has not
 * opened the node yet, gets the events late, all of them whole and in
 * order, as a kernel would have kept them; events due meanwhile follow at
 * once. Once the last event is out the node stays silent: no EOF, no
 * hang-up. Only one play per bed; umockdev_pen_bed_unplug() and
 * umockdev_pen_bed_free() stop it.
 * @return 0, or a negative errno with @p err set.
 */
int umockdev_pen_bed_play(struct umockdev_pen_bed *bed,
			  const struct input_event *events, size_t count,
			  int64_t frame_gap_us, char *err, size_t err_size);

/**
 * As umockdev_pen_bed_play(), but each event is stamped with the monotonic
 * clock as it is written into the node, as the kernel stamps an event once
 * the reader asked for CLOCK_MONOTONIC (EVIOCSCLOCKID, which umockdev
 * cannot answer: the bytes written are what the reader gets, times and
 * all). For benchmarks timed from the event's own timestamp.
 */
int umockdev_pen_bed_play_stamped(struct umockdev_pen_bed *bed,
				  const struct input_event *events, size_t count,
				  int64_t frame_gap_us, char *err, size_t err_size);

/**
 * Unplugs the device: the events umockdev_pen_bed_play() has not delivered
 * yet are never delivered, its sysfs entry and node disappear (stat() and
 * open() fail with ENOENT), but an fd already open keeps delivering what
 * was written to it, and never reports a hang-up.
 */
void umockdev_pen_bed_unplug(struct umockdev_pen_bed *bed);

/**
 * @return how many bytes wait unread in the emulated node @p fd is open on
 * (an fd of the node opened through the preload will do: the kernel is
 * asked directly), or a negative errno.
 */
int umockdev_pen_node_unread(int fd);

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
