// SPDX-License-Identifier: MIT
// What every live input shares (inputs/input.h).
#include "collector/inputs/input.h"

#include <stdlib.h>

void *
col_input_new(size_t size, const struct col_input_ops *ops, const char *what, struct core_err *err)
{
    struct col_input *in = calloc(1, size);
    if (in == NULL) {
        core_err_set(err, CORE_E_NOMEM, "%s: out of memory", what);
        return NULL;
    }
    in->ops = ops;
    return in;
}
