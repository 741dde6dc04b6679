// SPDX-License-Identifier: MIT
// Turning numbers into what a floor reads: counts with separators, waits as m:ss, and text
// shortened with an ellipsis to fit its box.
#ifndef WB_FORMAT_H
#define WB_FORMAT_H

#include "wallboard/engine/draw.h"
#include "wallboard/engine/i18n.h"

#include <stdbool.h>
#include <stddef.h>

// wb_format_count writes n with thousands separators ("12,345").
void wb_format_count(char *buf, size_t size, double n);

// wb_format_duration writes seconds as m:ss, or h:mm:ss from an hour on. Negative reads 0:00.
void wb_format_duration(char *buf, size_t size, double seconds);

// wb_format_collector returns how a screen names its collector: name when given, else the host
// of url ("tcp://10.0.0.5:7411" → "10.0.0.5"; a floor does not read nng URLs), or "this
// machine" in lang for ipc:// and inproc://. May write into buf.
const char *wb_format_collector(const char *url, const char *name, enum wb_lang lang, char *buf,
                                size_t size);

// wb_format_clock writes the local time of t (seconds since the epoch) as "HH:MM" ("--:--" when
// it cannot be told).
void wb_format_clock(char *buf, size_t size, double t);

// wb_fit_text copies text into buf (size bytes), shortened at a character boundary and ended
// with "…" so that it measures at most max_w pixels. Returns true if it had to shorten.
bool wb_fit_text(char *buf, size_t size, const char *text, int px, bool bold, int max_w,
                 wb_measure_fn measure, void *ctx);

#endif
