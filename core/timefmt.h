// SPDX-License-Identifier: MIT
// Event time stamps: ISO-8601 with an offset, or Unix seconds, to milliseconds since the epoch.
#ifndef CORE_TIMEFMT_H
#define CORE_TIMEFMT_H

#include <stdint.h>

// core_time_parse_iso8601 reads "2026-11-23T10:42:05.250+08:00" (also "Z", "+0800", a space
// for the "T") into milliseconds since the Unix epoch. The offset is required: a local time
// without one is ambiguous. Returns 0 or CORE_E_PARSE.
int core_time_parse_iso8601(const char *s, int64_t *out_ms);

// core_time_days_from_civil counts days from 1970-01-01 to y-m-d (proleptic Gregorian).
int64_t core_time_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
