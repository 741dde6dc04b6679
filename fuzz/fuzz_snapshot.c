// SPDX-License-Identifier: MIT
// Fuzz target: a state message as a screen receives it: merged into a snapshot, then viewed
// (and narrowed to sites, as a scoped screen does); and the collector's diff between the two
// states, which must patch the first into the second exactly.
#include "core/json_patch.h"
#include "core/view.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *msg = cJSON_ParseWithLength((const char *)data, size);
    if (msg == NULL)
        return 0;
    static const char start[] = "{\"v\":1,\"seq\":1,\"queues\":{\"q\":{\"waiting\":1},"
                                "\"s/q\":{\"waiting\":2}},\"agents\":{\"a\":{\"state\":"
                                "\"available\"},\"s/a\":{\"team\":\"s/t\"}},\"sites\":{\"s\":{}}}";
    cJSON *tree = cJSON_Parse(start);
    cJSON *before = cJSON_Parse(start);
    if (core_json_merge_patch(&tree, msg) == 0) {
        bool nomem = false;
        cJSON *patch = core_json_merge_diff(before, tree, true, &nomem);
        if (patch && !nomem && core_json_merge_patch(&before, patch) == 0 &&
            !cJSON_Compare(before, tree, true))
            abort(); // the diff does not lead where it says
        cJSON_Delete(patch);
    }
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    if (core_view_from_json(tree, &v, &err) == 0) {
        const char *sites[] = {"s", "x"};
        core_view_scope(&v, sites, (size_t)(size % 3)); // none, one or two sites
        core_view_fini(&v);
    }
    if (core_view_from_json(msg, &v, &err) == 0)
        core_view_fini(&v);
    cJSON_Delete(tree);
    cJSON_Delete(before);
    cJSON_Delete(msg);
    return 0;
}
