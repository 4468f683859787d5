/* evemu_reader: reads evemu recordings (the text format of evemu-record,
 * versions 1.0 to 1.3) into a pen_device description and a stream of
 * struct input_event, rejecting anything malformed with "file:line: what".
 *
 * A recording is either one file (description, then E: lines) or, as older
 * recordings have it, a .desc file plus a file of E: lines; the second case
 * uses two readers, the events reader told the device with
 * evemu_reader_expect_device().
 */
#ifndef SMPSIM_EVEMU_READER_H
#define SMPSIM_EVEMU_READER_H

#include <linux/input.h>
#include <stddef.h>

#include "pen_device.h"

/** Longest line accepted, without its newline. */
#define EVEMU_LINE_MAX 4096

struct evemu_reader;

/**
 * Opens @p path for reading.
 * @return 0 and *reader, or a negative errno (*reader is then NULL).
 */
int evemu_reader_new_from_file(const char *path, struct evemu_reader **reader);

/**
 * Reads a recording held in memory (for the fuzzer and tests). @p data is
 * copied; @p name stands in for the file name in error messages.
 * @return 0 and *reader, or -ENOMEM.
 */
int evemu_reader_new_from_buffer(const char *name, const void *data,
				 size_t size, struct evemu_reader **reader);

/** Closes the file and frees the reader. Accepts NULL. */
void evemu_reader_free(struct evemu_reader *reader);

/**
 * Checks the whole recording before any of it is used: reads the
 * description (unless evemu_reader_expect_device() named the device) and
 * every event, as the functions below do, then goes back to the first
 * byte, so that what follows reads a recording known to be good from end
 * to end. Call it on a new reader, before anything else is read. A file
 * that cannot be read twice (a pipe) is kept in memory as it is checked.
 * A regular file is read again through the same open file and only as far
 * as the check read it: what is appended later is not there; bytes that
 * differ from the checked ones (the file rewritten or cut meanwhile) fail
 * the read at the line they would feed, before any of them is used (one
 * CRC-32 per 64 KiB read is kept for that, never a copy).
 * @return 0; -EINVAL with evemu_reader_error() set (the reader stays in
 * error) for the first thing wrong; -EBUSY when reading had begun;
 * -ENOMEM.
 */
int evemu_reader_check(struct evemu_reader *reader);

/**
 * Reads the description (version, N:, I:, P:, B:, A: lines) up to the first
 * E: line, and checks the following events against it.
 * @return 0, or -EINVAL with evemu_reader_error() set.
 */
int evemu_reader_read_description(struct evemu_reader *reader,
				  struct pen_device *dev);

/**
 * For a file of events only: the device its events must fit, read from a
 * separate description. @p dev must outlive the reader.
 */
void evemu_reader_expect_device(struct evemu_reader *reader,
				const struct pen_device *dev);

/**
 * Reads the next E: line.
 * @return 1 and *ev, 0 at the end of the file (of what was checked, after
 * evemu_reader_check()), or -EINVAL with evemu_reader_error() set (the
 * reader stays in error from then on): a bad line, or after a check
 * "file:line: the file changed after it was checked; ...".
 */
int evemu_reader_next_event(struct evemu_reader *reader, struct input_event *ev);

/**
 * @return "file:line: what is wrong" for the last failure, or NULL. The
 * string lives as long as the reader.
 */
const char *evemu_reader_error(const struct evemu_reader *reader);

/** @return the number of the line last read (1-based). */
unsigned long evemu_reader_line(const struct evemu_reader *reader);

#endif
