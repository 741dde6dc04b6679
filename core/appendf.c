// SPDX-License-Identifier: MIT
#include "core/appendf.h"

#include <stdarg.h>
#include <stdio.h>

bool
core_appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    if (size == 0 || *len >= size - 1)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    size_t room = size - *len - 1;
    *len += (size_t)n < room ? (size_t)n : room;
    return (size_t)n <= room;
}
