// SPDX-License-Identifier: MIT
// The programs' two clocks: wall time for event stamps, monotonic time for timers. The core
// logic never reads a clock; the programs read these and pass the time in.
#ifndef CORE_CLOCK_H
#define CORE_CLOCK_H

#include <stdint.h>
#include <time.h>

// core_clock_wall_ms returns milliseconds since the Unix epoch: the real time, unless
// core_clock_run_faster was called.
int64_t core_clock_wall_ms(void);

// core_clock_run_faster makes the wall clock run speed times as fast from now on (a soak of
// days in minutes: midnights, intervals, rotations); the monotonic clock is untouched.
void core_clock_run_faster(double speed);

// core_clock_mono_ms returns milliseconds of a clock that never jumps.
static inline int64_t
core_clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// core_clock_mono_ns returns nanoseconds of the monotonic clock (for latency probes).
static inline int64_t
core_clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
