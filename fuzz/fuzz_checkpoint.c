// SPDX-License-Identifier: MIT
// Fuzz target: a checkpoint file (damaged on disk, or from another version) loaded at start.
#include "core/checkpoint.h"
#include "core/snapshot.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *cp = cJSON_ParseWithLength((const char *)data, size);
    if (cp == NULL)
        return 0;
    struct core_state st;
    core_state_init(&st);
    struct core_err err;
    core_err_clear(&err);
    if (core_checkpoint_load(&st, cp, &err) == 0)
        cJSON_free(core_snapshot_print(&st, 1, 1, false));
    core_state_fini(&st);
    cJSON_Delete(cp);
    return 0;
}
