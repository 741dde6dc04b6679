// SPDX-License-Identifier: MIT
// The wall clock, optionally running faster than real time (core/clock.h).
#include "core/clock.h"

static double speed = 1.0;
static int64_t base_wall_ms, base_mono_ms; // where the faster clock started

static int64_t
real_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
core_clock_wall_ms(void)
{
    if (speed == 1.0)
        return real_wall_ms();
    return base_wall_ms + (int64_t)((double)(core_clock_mono_ms() - base_mono_ms) * speed);
}

void
core_clock_run_faster(double s)
{
    base_wall_ms = core_clock_wall_ms();
    base_mono_ms = core_clock_mono_ms();
    speed = s > 0 ? s : 1.0;
}
