/* libevemu_reader: reads a recording with libevemu, the parser evemu-play
 * uses, into plain structs the tests can compare with rig's own reader.
 *
 * It keeps libevemu's API in one file and turns its device state into a
 * struct a test compares field by field.
 */
#ifndef SMPSIM_TESTS_LIBEVEMU_READER_H
#define SMPSIM_TESTS_LIBEVEMU_READER_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct libevemu_recording {
	char name[256];
	unsigned int bustype, vendor, product, version;
	bool props[INPUT_PROP_CNT];
	uint8_t codes[EV_CNT][(KEY_CNT + 7) / 8];  /* bit per code, as libevemu has them */
	struct input_absinfo abs[ABS_CNT];
	struct input_event *events;
	size_t count;
};

/**
 * Reads @p path with evemu_read() and then evemu_read_event() to the end.
 * @return 0; -1 when evemu_read() rejects the description; -2 when
 * evemu_read_event() rejects an event (rec->count events were read);
 * -3 when the file cannot be opened or memory runs out.
 * Free with libevemu_recording_free() whatever the result.
 */
int libevemu_read_recording(const char *path, struct libevemu_recording *rec);

void libevemu_recording_free(struct libevemu_recording *rec);

/** @return whether the recording declares @p type / @p code. */
bool libevemu_has(const struct libevemu_recording *rec, unsigned int type,
		  unsigned int code);

#endif
