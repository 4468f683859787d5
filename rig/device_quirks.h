/* device_quirks: per-device oddities read from data/devices/quirks.yaml.
 *
 * Entries match a device by bus, vendor and product; each matching entry
 * adjusts the assembler's settings (proximity-out behaviour, tip
 * thresholds). The file is validated whole: a bad entry is an error naming
 * the file and line, never skipped.
 */
#ifndef SMPSIM_DEVICE_QUIRKS_H
#define SMPSIM_DEVICE_QUIRKS_H

#include <stddef.h>

#include "pen_assembler.h"
#include "pen_device.h"

/**
 * Reads @p path and applies every entry matching @p dev to @p config.
 * @param err  receives "file:line: what is wrong" on failure
 * @return the number of entries applied, or a negative errno.
 */
int device_quirks_apply(const char *path, const struct pen_device *dev,
			struct pen_assembler_config *config,
			char *err, size_t err_size);

#endif
