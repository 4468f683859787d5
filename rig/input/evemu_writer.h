/* evemu_writer: writes recordings in evemu 1.3, the format evemu-record
 * writes and evemu-play and evemu_reader read: a commented header, the
 * description (N:, I:, P:, B:, A: with resolution), then one E: line per
 * event with its time since the first event. The prefix is evemu_writer_,
 * not evemu_write_: libevemu exports evemu_write_event, and in a program
 * linking both one would silently replace the other.
 */
#ifndef SMPSIM_EVEMU_WRITER_H
#define SMPSIM_EVEMU_WRITER_H

#include <linux/input.h>
#include <stdio.h>

#include "pen_device.h"

/**
 * Writes the description of @p dev to @p f. The name's control bytes (C0,
 * tab included, and DEL) are written as '?': the N: line has no escape.
 * @return 0, or -EIO when writing failed.
 */
int evemu_writer_description(FILE *f, const struct pen_device *dev);

/**
 * Writes one event as an E: line, its time relative to @p origin (the first
 * event's time). @return 0, or -EIO when writing failed.
 */
int evemu_writer_event(FILE *f, const struct input_event *ev,
		      const struct timeval *origin);

#endif
