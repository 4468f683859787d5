/* recording_file: a recording held whole in memory for tests that play it
 * into an emulated device (its description and every event), read with
 * evemu_reader and written back with evemu_writer. Fails the test on error.
 */
#ifndef SMPSIM_RECORDING_FILE_H
#define SMPSIM_RECORDING_FILE_H

#include <linux/input.h>
#include <stddef.h>
#include <stdio.h>

#include "pen_device.h"

struct recording {
	struct pen_device dev;
	struct input_event *events; /**< malloc'd; recording_free() */
	size_t count;
};

/** Reads @p path whole (@p desc: a separate description, or NULL). */
void recording_load(const char *path, const char *desc, struct recording *rec);

/** Writes the description and the first @p count events to @p f. */
void recording_write(const struct recording *rec, size_t count, FILE *f);

/** Frees the events. */
void recording_free(struct recording *rec);

#endif
