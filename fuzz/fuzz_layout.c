// SPDX-License-Identifier: MIT
// Fuzz target: a layout file.
#include "wallboard/layout/layout.h"

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
    // The checking path goes on past errors, through widgets the normal path never reaches.
    static struct wb_layout_report report;
    wb_layout_check_json((const char *)data, size, "fuzz.json", &report);
    return 0;
}
