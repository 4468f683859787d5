/* quirks_load: data/devices/quirks.yaml into device_quirk entries. */
#ifndef SMPSIM_QUIRKS_LOAD_H
#define SMPSIM_QUIRKS_LOAD_H

#include <stddef.h>

#include "device_quirks.h"

/**
 * Reads and validates the whole file. On success *quirks (free() it) holds
 * *count entries in file order.
 * @return 0, -EINVAL with "path:line: what is wrong" in @p err, or -ENOMEM.
 */
int quirks_load(const char *path, struct device_quirk **quirks, size_t *count,
		char *err, size_t err_size);

#endif
