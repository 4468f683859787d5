/* needle_load: needle files (data/needles/ID.yaml) into struct needle. */
#ifndef SMPSIM_NEEDLE_LOAD_H
#define SMPSIM_NEEDLE_LOAD_H

#include <stddef.h>

#include "needle.h"

/**
 * Reads and validates @p path; @p needle is written only on success.
 * @return 0, -EINVAL with "path:line: what is wrong" in @p err, or -ENOMEM.
 */
int needle_load(const char *path, struct needle *needle, char *err, size_t err_size);

#endif
