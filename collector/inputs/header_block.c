// SPDX-License-Identifier: MIT
// Header blocks (see header_block.h).
#include "collector/inputs/header_block.h"

size_t
col_header_block_end(const char *buf, size_t len, size_t from)
{
    for (size_t i = from; i + 1 < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (buf[i + 1] == '\n')
            return i + 2;
        if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}
