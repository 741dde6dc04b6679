// SPDX-License-Identifier: MIT
// The site's local day and clock-aligned intervals, in the process's time zone (TZ): the
// collector sets TZ from --time-zone before anything else, so the C library's tzdata rules
// (DST included) apply.
#ifndef CORE_LOCALTIME_H
#define CORE_LOCALTIME_H

#include <stdint.h>

// core_local_day_start returns the local midnight at or before t_ms.
int64_t core_local_day_start(int64_t t_ms);

// core_local_next_day returns the local midnight after day_start_ms (23, 24 or 25 hours on).
int64_t core_local_next_day(int64_t day_start_ms);

// core_local_interval_start returns the start of the interval of length minutes holding t_ms,
// counted from the local midnight (10:00, 10:15, … for 15 minutes).
int64_t core_local_interval_start(int64_t t_ms, int minutes);

// core_local_format writes t_ms as local "YYYY-MM-DDTHH:MM:SS+hh:mm" into buf (at least 32).
void core_local_format(int64_t t_ms, char *buf, int size);

#endif
