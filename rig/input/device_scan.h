/* device_scan: finds the evdev nodes under /dev/input that could drive the
 * simulator, and says of each why or why not.
 */
#ifndef SMPSIM_DEVICE_SCAN_H
#define SMPSIM_DEVICE_SCAN_H

#include <stdbool.h>
#include <limits.h>
#include <stddef.h>

#include "pen_device.h"

struct device_scan_entry {
	char path[PATH_MAX];
	int open_error;            /**< 0, or the negative errno of open() */
	struct pen_device dev;     /**< valid when open_error is 0 */
	bool usable;
	char why[PEN_DEVICE_WHY_MAX]; /**< why unusable, or why the size is unknown */
	bool has_geometry;
	struct pen_geometry geo;
};

struct device_scan {
	struct device_scan_entry *entries;
	size_t count;
	size_t denied;             /**< nodes we lacked permission to open */
	int dir_error;             /**< negative errno if the folder can't be read */
};

/**
 * Opens every event node in @p dir ("/dev/input" normally), in numeric order.
 * @param libwacom_dir  a libwacom data folder, or NULL for the system's
 * @return 0 (per-device failures are in the entries), or -ENOMEM.
 * Free the result with device_scan_release().
 */
int device_scan_run(const char *dir, const char *libwacom_dir,
		    struct device_scan *scan);

/** Frees what device_scan_run() allocated. Accepts a zeroed scan. */
void device_scan_release(struct device_scan *scan);

#endif
