/* evemu_writer: the description and event lines of evemu 1.3.
 *
 * Bitmaps go out eight bytes a line, as evemu writes them, and only as many
 * lines as the type's code space needs; absinfo always carries its
 * resolution (the reason 1.3 exists). Times are relative to the first event
 * so a recording starts at 0.000000 whatever the clock.
 *
 * The device name comes from the device and may hold any byte, but the
 * N: line has no escape: libevemu takes the rest of the line as the name.
 * So its control bytes (C0, tab included, and DEL) are written as '?':
 * a line feed would end the line and let the name write lines of its own,
 * and an ESC would make the file binary to evemu_reader.
 */
#include "evemu_writer.h"

#include <errno.h>
#include <stdint.h>

static int write_bytes(FILE *f, const char *prefix, const uint8_t *bytes,
		       size_t count)
{
	for (size_t i = 0; i < count; i += 8) {
		fputs(prefix, f);
		for (size_t j = i; j < i + 8; j++)
			fprintf(f, " %02x", j < count ? bytes[j] : 0);
		fputc('\n', f);
	}
	return 0;
}

/* @p name with each control byte made '?', into @p out (@p size bytes,
 * as large as the name's array: a name not terminated within it is cut). */
static void name_as_text(const char *name, char *out, size_t size)
{
	size_t i = 0;

	for (; i + 1 < size && name[i]; i++) {
		unsigned char c = (unsigned char)name[i];

		out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[i] = '\0';
}

int evemu_writer_description(FILE *f, const struct pen_device *dev)
{
	char name[sizeof(dev->name)];

	name_as_text(dev->name, name, sizeof(name));
	fprintf(f, "# EVEMU 1.3\n");
	fprintf(f, "# Input device name: \"%s\"\n", name);
	fprintf(f, "# Input device ID: bus %#x vendor %#x product %#x version %#x\n",
		dev->id.bustype, dev->id.vendor, dev->id.product, dev->id.version);
	fprintf(f, "# Recorded by smpsim " SMPSIM_VERSION "\n");
	fprintf(f, "N: %s\n", name);
	fprintf(f, "I: %04x %04x %04x %04x\n", dev->id.bustype, dev->id.vendor,
		dev->id.product, dev->id.version);
	write_bytes(f, "P:", dev->props, sizeof(dev->props));
	write_bytes(f, "B: 00", dev->types, sizeof(dev->types));
	for (unsigned int type = 1; type < EV_CNT; type++) {
		int max = pen_device_code_max(type);
		char prefix[8];

		if (max < 0)
			continue;
		snprintf(prefix, sizeof(prefix), "B: %02x", type);
		write_bytes(f, prefix, dev->codes[type], ((size_t)max + 8) / 8);
	}
	for (unsigned int code = 0; code < ABS_CNT; code++) {
		const struct input_absinfo *a = &dev->abs[code];

		if (!pen_device_has(dev, EV_ABS, code))
			continue;
		fprintf(f, "A: %02x %d %d %d %d %d\n", code, a->minimum,
			a->maximum, a->fuzz, a->flat, a->resolution);
	}
	return ferror(f) ? -EIO : 0;
}

int evemu_writer_event(FILE *f, const struct input_event *ev,
		      const struct timeval *origin)
{
	int64_t us = ((int64_t)ev->input_event_sec - origin->tv_sec) * 1000000 +
		     ((int64_t)ev->input_event_usec - origin->tv_usec);

	if (us < 0)
		us = 0;
	fprintf(f, "E: %lld.%06lld %04x %04x %d\n", (long long)(us / 1000000),
		(long long)(us % 1000000), ev->type, ev->code, ev->value);
	return ferror(f) ? -EIO : 0;
}
