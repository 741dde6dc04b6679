// SPDX-License-Identifier: MIT
// A stand-in for the font: Latin is 0.55 em wide, everything else (CJK, "…") 1 em; bold is
// 5 % wider. Close enough to Noto Sans SC to test fitting without SDL.
#ifndef TESTS_MEASURE_STUB_H
#define TESTS_MEASURE_STUB_H

#include "core/utf8.h"

#include <stdbool.h>

static inline int
stub_measure(void *ctx, const char *text, int px, bool bold)
{
    (void)ctx;
    double w = 0;
    for (const char *p = text; *p; p += core_utf8_next(p))
        w += ((unsigned char)*p < 0x80 ? 0.55 : 1.0) * px;
    return (int)(w * (bold ? 1.05 : 1.0) + 0.5);
}

#endif
