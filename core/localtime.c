// SPDX-License-Identifier: MIT
// Local calendar arithmetic with localtime_r/mktime (no clock is read here).
#include "core/localtime.h"

#include <stdio.h>
#include <time.h>

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t
core_local_day_start(int64_t t_ms)
{
    time_t t = (time_t)floor_div(t_ms, 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

int64_t
core_local_next_day(int64_t day_start_ms)
{
    time_t t = (time_t)(day_start_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_mday += 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

int64_t
core_local_interval_start(int64_t t_ms, int minutes)
{
    int64_t day = core_local_day_start(t_ms);
    int64_t len = (int64_t)minutes * 60000;
    return day + floor_div(t_ms - day, len) * len;
}

void
core_local_format(int64_t t_ms, char *buf, int size)
{
    time_t t = (time_t)floor_div(t_ms, 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    char zone[8];
    strftime(zone, sizeof(zone), "%z", &tm); // +0800
    char stamp[24];
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, (size_t)size, "%s%.3s:%.2s", stamp, zone, zone + 3);
}
