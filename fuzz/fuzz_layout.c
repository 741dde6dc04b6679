// SPDX-License-Identifier: MIT
// Fuzz target: a layout file.
#include "wallboard/layout.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wb_layout *l = NULL;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_parse((const char *)data, size, "fuzz.json", &l, &err) == 0)
        wb_layout_free(l);
    return 0;
}
