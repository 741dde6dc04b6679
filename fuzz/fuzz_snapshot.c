// SPDX-License-Identifier: MIT
// Fuzz target: a state message as a screen receives it: merged into a snapshot, then viewed.
#include "core/json_patch.h"
#include "core/view.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *msg = cJSON_ParseWithLength((const char *)data, size);
    if (msg == NULL)
        return 0;
    cJSON *tree = cJSON_Parse("{\"v\":1,\"seq\":1,\"queues\":{\"q\":{\"waiting\":1}},"
                              "\"agents\":{\"a\":{\"state\":\"available\"}}}");
    core_json_merge_patch(&tree, msg);
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    if (core_view_from_json(tree, &v, &err) == 0)
        core_view_fini(&v);
    if (core_view_from_json(msg, &v, &err) == 0)
        core_view_fini(&v);
    cJSON_Delete(tree);
    cJSON_Delete(msg);
    return 0;
}
