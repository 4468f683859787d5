/* umockdev_libinput: the real libinput (its path backend) reading a pen node
 * that umockdev_pen emulates, for tests that hold smpsim's input rules
 * against libinput itself.
 *
 * The events are written into the node frame by frame, as fast as libinput
 * takes them, never more than the node's buffer holds (see
 * umockdev_pen_bed_writer_fd()), and every tablet event libinput reports is
 * counted per tool type. See umockdev_libinput.c for the two things
 * umockdev 0.17 lacks that libinput 1.22 checks, and how they are supplied.
 * One instance per process at a time.
 */
#ifndef SMPSIM_UMOCKDEV_LIBINPUT_H
#define SMPSIM_UMOCKDEV_LIBINPUT_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>

#include "umockdev_pen.h"

/** libinput's tool types are 1 (pen) to 8 (totem). */
#define UMOCKDEV_LIBINPUT_TOOL_TYPES 9

/** What libinput reported, per enum libinput_tablet_tool_type. */
struct umockdev_libinput_counts {
	unsigned long tip_down[UMOCKDEV_LIBINPUT_TOOL_TYPES];
	unsigned long tip_up[UMOCKDEV_LIBINPUT_TOOL_TYPES];
	unsigned long proximity_in[UMOCKDEV_LIBINPUT_TOOL_TYPES];
};

struct umockdev_libinput;

/**
 * Makes a libinput path context and adds @p bed's node to it. A device
 * libinput refuses is not an error: umockdev_libinput_accepted() says so
 * and umockdev_libinput_log() why.
 * @return 0 and *out, or a negative errno with @p err set.
 */
int umockdev_libinput_new(struct umockdev_pen_bed *bed,
			  struct umockdev_libinput **out, char *err,
			  size_t err_size);

/** Frees the context (and closes the node). Accepts NULL. */
void umockdev_libinput_free(struct umockdev_libinput *li);

/** @return true when libinput took the node as a tablet. */
bool umockdev_libinput_accepted(const struct umockdev_libinput *li);

/** @return everything libinput logged so far (debug level). */
const char *umockdev_libinput_log(const struct umockdev_libinput *li);

/**
 * Delivers @p events to libinput and adds what it reports to @p counts.
 * The events keep their spacing but are stamped an hour ahead on the
 * monotonic clock, so that libinput's forced-proximity timer (a wall-clock
 * timer, 50 ms after the last frame) never fires however fast or slow the
 * machine: the delivery is faster than real time, and a timer that fired
 * would depend on the machine's speed. Waits for libinput to take what was
 * written, at most @p stall_ms without progress.
 * @return 0, or a negative errno with @p err set.
 */
int umockdev_libinput_feed(struct umockdev_libinput *li,
			   const struct input_event *events, size_t count,
			   int stall_ms, struct umockdev_libinput_counts *counts,
			   char *err, size_t err_size);

#endif
