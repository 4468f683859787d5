/* libevemu_reader: libevemu's parser (evemu_read, evemu_read_event) run
 * over a file, its answers copied out through evemu's getters so the
 * caller never needs <evemu.h>. See libevemu_reader.h.
 */
#include "libevemu_reader.h"

#include <evemu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_device(const struct evemu_device *dev,
			struct libevemu_recording *rec)
{
	snprintf(rec->name, sizeof(rec->name), "%s", evemu_get_name(dev));
	rec->bustype = evemu_get_id_bustype(dev);
	rec->vendor = evemu_get_id_vendor(dev);
	rec->product = evemu_get_id_product(dev);
	rec->version = evemu_get_id_version(dev);
	for (int prop = 0; prop < INPUT_PROP_CNT; prop++)
		rec->props[prop] = evemu_has_prop(dev, prop);
	for (int type = 0; type < EV_CNT; type++)
		for (int code = 0; code < KEY_CNT; code++)
			if (evemu_has_event(dev, type, code))
				rec->codes[type][code / 8] |= (uint8_t)(1u << (code % 8));
	for (int code = 0; code < ABS_CNT; code++) {
		struct input_absinfo *a = &rec->abs[code];

		if (!evemu_has_event(dev, EV_ABS, code))
			continue;
		a->minimum = evemu_get_abs_minimum(dev, code);
		a->maximum = evemu_get_abs_maximum(dev, code);
		a->fuzz = evemu_get_abs_fuzz(dev, code);
		a->flat = evemu_get_abs_flat(dev, code);
		a->resolution = evemu_get_abs_resolution(dev, code);
	}
}

int libevemu_read_recording(const char *path, struct libevemu_recording *rec)
{
	struct evemu_device *dev;
	FILE *f;
	size_t cap = 0;
	int rc;

	memset(rec, 0, sizeof(*rec));
	f = fopen(path, "r");
	dev = evemu_new(NULL);
	if (!f || !dev) {
		rc = -3;
		goto out;
	}
	if (evemu_read(dev, f) <= 0) {
		rc = -1;
		goto out;
	}
	copy_device(dev, rec);
	for (;;) {
		struct input_event ev;

		rc = evemu_read_event(f, &ev);
		if (rc <= 0) {
			rc = rc == 0 ? 0 : -2;
			break;
		}
		if (rec->count == cap) {
			struct input_event *grown;

			cap = cap ? 2 * cap : 1024;
			grown = realloc(rec->events, cap * sizeof(*grown));
			if (!grown) {
				rc = -3;
				break;
			}
			rec->events = grown;
		}
		rec->events[rec->count++] = ev;
	}
out:
	evemu_delete(dev);
	if (f)
		fclose(f);
	return rc;
}

void libevemu_recording_free(struct libevemu_recording *rec)
{
	free(rec->events);
	rec->events = NULL;
	rec->count = 0;
}

bool libevemu_has(const struct libevemu_recording *rec, unsigned int type,
		  unsigned int code)
{
	if (type >= EV_CNT || code >= KEY_CNT)
		return false;
	return rec->codes[type][code / 8] & (1u << (code % 8));
}
