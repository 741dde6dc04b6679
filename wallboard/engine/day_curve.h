// SPDX-License-Identifier: MIT
// The day's curve of one scope on a screen: its intervals of today and yesterday, as the
// collector's "intervals" command answers (docs/metrics.md, "The day's curve"), kept up to date
// from the interval and previous-interval windows of each state message; and the figure of
// the same time yesterday that a tile compares today with. No SDL, no nng.
#ifndef WB_DAY_CURVE_H
#define WB_DAY_CURVE_H

#include "core/metrics.h"
#include "core/view.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define WB_DAY_CURVE_MAX 2 * 24 * 60 / 5 // two days of 5-minute intervals

struct wb_day_interval {
    double start_s;
    struct core_tally t;
};

struct wb_day_curve {
    bool loaded; // an answer arrived
    double interval_s, day_start_s, yesterday_start_s;
    size_t len;
    struct wb_day_interval iv[WB_DAY_CURVE_MAX]; // oldest first, one per start
};

// wb_day_curve_from_reply reads the collector's answer to {"cmd": "intervals", ...}. Returns
// false (c emptied) when it is not one.
bool wb_day_curve_from_reply(struct wb_day_curve *c, const cJSON *reply);

// wb_day_curve_fold takes in the interval and previous-interval windows of scope q from a
// state message (each replaces the interval of its start, or joins the curve); at a new day
// (the day's start moved on to day_start_s) yesterday's start follows and older intervals go.
void wb_day_curve_fold(struct wb_day_curve *c, const struct core_view_queue *q, double day_start_s);

// wb_day_curve_same_time_yesterday sums yesterday's intervals up to now's time of day: those
// that ended by then whole, the one it falls in by the share of it gone (counts rounded to
// whole calls), so a tile compares today so far with yesterday so far, not with the whole of
// yesterday. False when the curve holds nothing of yesterday.
bool wb_day_curve_same_time_yesterday(const struct wb_day_curve *c, double now_s,
                                      struct core_tally *out);

#endif
