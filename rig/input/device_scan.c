/* device_scan: lists /dev/input/event*, opens each through evdev_source and
 * judges it with pen_device_check_usable() and pen_geometry_resolve().
 *
 * Permission failures are counted, not hidden: without membership of the
 * input group every node fails with EACCES, and an empty list would lie.
 */
#include "device_scan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evdev_source.h"

static int event_number(const char *name)
{
	char *end;
	long n;

	if (strncmp(name, "event", 5) != 0)
		return -1;
	n = strtol(name + 5, &end, 10);
	return (end == name + 5 || *end || n < 0 || n > 100000) ? -1 : (int)n;
}

static int by_number(const void *a, const void *b)
{
	const struct device_scan_entry *x = a, *y = b;

	return event_number(strrchr(x->path, '/') + 1) -
	       event_number(strrchr(y->path, '/') + 1);
}

static void probe(struct device_scan_entry *e, const char *libwacom_dir)
{
	struct evdev_source *src;

	e->open_error = evdev_source_open(e->path, &src, e->why, sizeof(e->why));
	if (e->open_error < 0)
		return;
	e->dev = *evdev_source_device(src);
	evdev_source_free(src);
	e->why[0] = '\0';
	e->usable = pen_device_check_usable(&e->dev, e->why, sizeof(e->why)) == 0;
	if (e->usable)
		e->has_geometry = pen_geometry_resolve(&e->dev, libwacom_dir, NULL,
						       &e->geo, e->why,
						       sizeof(e->why)) == 0;
}

int device_scan_run(const char *dir, const char *libwacom_dir,
		    struct device_scan *scan)
{
	DIR *d;
	struct dirent *de;
	size_t cap = 0;

	memset(scan, 0, sizeof(*scan));
	d = opendir(dir);
	if (!d) {
		scan->dir_error = -errno;
		return 0;
	}
	while ((de = readdir(d))) {
		struct device_scan_entry *e;

		if (event_number(de->d_name) < 0)
			continue;
		if (scan->count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			void *p = realloc(scan->entries, ncap * sizeof(*e));

			if (!p) {
				closedir(d);
				device_scan_release(scan);
				return -ENOMEM;
			}
			scan->entries = p;
			cap = ncap;
		}
		e = &scan->entries[scan->count++];
		memset(e, 0, sizeof(*e));
		if ((size_t)snprintf(e->path, sizeof(e->path), "%s/%s", dir,
				     de->d_name) >= sizeof(e->path))
			scan->count--; /* a path too long to open is no device */
	}
	closedir(d);
	if (scan->count)
		qsort(scan->entries, scan->count, sizeof(*scan->entries), by_number);
	for (size_t i = 0; i < scan->count; i++) {
		probe(&scan->entries[i], libwacom_dir);
		if (scan->entries[i].open_error == -EACCES ||
		    scan->entries[i].open_error == -EPERM)
			scan->denied++;
	}
	return 0;
}

void device_scan_release(struct device_scan *scan)
{
	free(scan->entries);
	scan->entries = NULL;
	scan->count = 0;
}
