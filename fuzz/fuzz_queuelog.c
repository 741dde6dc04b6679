// SPDX-License-Identifier: MIT
// Fuzz target: Asterisk queue_log lines, translated and applied.
#include "collector/inputs/queuelog.h"
#include "core/clock.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
fixed_ms(void)
{
    return 1795401600000LL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool zone_set;
    if (!zone_set) { // a TZ rule, not a file: mktime() need not read tzdata for every wild date
        setenv("TZ", "UTC0", 1);
        zone_set = true;
    }
    struct core_state st;
    struct col_rejects rejects;
    struct col_queuelog q;
    core_state_init(&st);
    memset(&rejects, 0, sizeof(rejects));
    rejects.said = 1000000; // stay quiet on stderr
    rejects.window_s = fixed_ms() / 1000;
    col_queuelog_init(&q);
    col_queuelog_set_wrapup(&q, "sales", 30); // wrap-ups that end by themselves, too
    struct col_ingest in = {.state = &st, .rejects = &rejects, .wall_ms = fixed_ms, .offset = -1};
    const char *p = (const char *)data, *end = p + size;
    long line = 0;
    while (p < end) { // several lines per input, so members and calls carry over
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        col_queuelog_line(&q, &in, "fuzz", ++line, p, n);
        p += n + 1;
    }
    col_queuelog_fini(&q);
    core_state_fini(&st);
    return 0;
}
