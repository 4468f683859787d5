/* scalp_load: scalp model files (data/scalps/ID.yaml) into the simulator's
 * struct scalp_model. The format is described in docs/model.md.
 */
#ifndef SMPSIM_SCALP_LOAD_H
#define SMPSIM_SCALP_LOAD_H

#include <stddef.h>

#include "scalp.h"

/**
 * Reads and validates @p path; @p model is written only on success.
 * @param err  receives "path:line: what is wrong"
 * @return 0, -EINVAL for a bad file, or -ENOMEM.
 */
int scalp_load(const char *path, struct scalp_model *model, char *err, size_t err_size);

#endif
