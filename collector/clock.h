// SPDX-License-Identifier: MIT
// The collector's two clocks: wall time for event stamps, monotonic time for timers.
#ifndef COL_CLOCK_H
#define COL_CLOCK_H

#include <stdint.h>
#include <time.h>

// col_clock_wall_ms returns milliseconds since the Unix epoch.
static inline int64_t
col_clock_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// col_clock_mono_ms returns milliseconds of a clock that never jumps.
static inline int64_t
col_clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
