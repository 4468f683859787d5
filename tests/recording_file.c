/* recording_file: evemu_reader into memory, evemu_writer out of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "evemu_reader.h"
#include "evemu_writer.h"
#include "recording_file.h"

void recording_load(const char *path, const char *desc, struct recording *rec)
{
	struct evemu_reader *r = NULL, *d = NULL;
	struct input_event ev;
	size_t cap = 0;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (desc) {
		assert_int_equal(evemu_reader_new_from_file(desc, &d), 0);
		assert_int_equal(evemu_reader_read_description(d, &rec->dev), 0);
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		evemu_reader_expect_device(r, &rec->dev);
	} else {
		assert_int_equal(evemu_reader_new_from_file(path, &r), 0);
		assert_int_equal(evemu_reader_read_description(r, &rec->dev), 0);
	}
	while ((rc = evemu_reader_next_event(r, &ev)) == 1) {
		if (rec->count == cap) {
			cap = cap ? cap * 2 : 1024;
			rec->events = realloc(rec->events, cap * sizeof(ev));
			assert_non_null(rec->events);
		}
		rec->events[rec->count++] = ev;
	}
	assert_int_equal(rc, 0);
	evemu_reader_free(r);
	evemu_reader_free(d);
}

void recording_write(const struct recording *rec, size_t count, FILE *f)
{
	struct timeval origin = { 0, 0 };

	if (rec->count) {
		origin.tv_sec = rec->events[0].input_event_sec;
		origin.tv_usec = rec->events[0].input_event_usec;
	}
	assert_int_equal(evemu_writer_description(f, &rec->dev), 0);
	for (size_t i = 0; i < count && i < rec->count; i++)
		assert_int_equal(evemu_writer_event(f, &rec->events[i], &origin), 0);
}

void recording_free(struct recording *rec)
{
	free(rec->events);
	rec->events = NULL;
	rec->count = 0;
}
