// SPDX-License-Identifier: MIT
// Fuzz target: one input event, validated, applied to a state and published.
#include "core/event.h"
#include "core/snapshot.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    if (core_event_parse((const char *)data, size, &ev, &err) != 0)
        return 0;
    struct core_state st;
    core_state_init(&st);
    core_state_apply(&st, &ev);
    core_state_apply(&st, &ev); // twice: duplicates take other paths
    char *text = core_snapshot_print(&st, 1, 1, false);
    cJSON_free(text);
    core_event_fini(&ev);
    core_state_fini(&st);
    return 0;
}
