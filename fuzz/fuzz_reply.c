// SPDX-License-Identifier: MIT
// Fuzz target: a reply on the command socket as a screen reads it (an agent's day), from a
// collector of another version or a broken one.
#include "wallboard/engine/history.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *reply = cJSON_ParseWithLength((const char *)data, size);
    if (reply == NULL)
        return 0;
    struct wb_history h = {0};
    wb_history_reset(&h, "1001");
    wb_history_read(&h, reply);
    wb_history_reset(&h, "");
    cJSON_Delete(reply);
    return 0;
}
