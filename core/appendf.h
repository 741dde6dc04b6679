// SPDX-License-Identifier: MIT
// printf onto the end of a buffer that may fill: the length never passes the buffer, so the
// next append cannot write outside it (snprintf returns what it would have written).
#ifndef CORE_APPENDF_H
#define CORE_APPENDF_H

#include <stdbool.h>
#include <stddef.h>

// core_appendf writes fmt at buf + *len (at most size - *len - 1 bytes and a NUL) and moves
// *len on by what was written. Returns false when the text did not fit (it is cut there) or
// the buffer was full already.
bool core_appendf(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
