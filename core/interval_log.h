// SPDX-License-Identifier: MIT
// The closed intervals of today and yesterday for one scope (a queue, a team, a channel, the
// site): what a trend chart draws. An interval joins the log once no late event can reach it
// any more (when it leaves the "previous interval" window), so a logged tally never changes;
// the two open ones stay in the windows (metrics.h). Kept in order of start, one per start.
#ifndef CORE_INTERVAL_LOG_H
#define CORE_INTERVAL_LOG_H

#include "core/metrics.h"

#include <stddef.h>
#include <stdint.h>

struct core_interval_rec {
    int64_t start_ms; // the interval's local clock-aligned start
    struct core_tally t;
};

struct core_interval_log {
    struct core_interval_rec *recs; // owned; oldest first
    size_t len, cap;
};

// core_interval_log_add logs tally t of the interval starting at start_ms. An interval with
// nothing counted in it (no call, no agent logged in) is left out: a reader takes a missing
// interval as empty, so a night costs nothing. An interval logged already is replaced.
// Returns 0 or CORE_E_NOMEM (the log is then as it was).
int core_interval_log_add(struct core_interval_log *log, int64_t start_ms,
                          const struct core_tally *t);

// core_interval_log_trim lets go of the intervals that started before before_ms.
void core_interval_log_trim(struct core_interval_log *log, int64_t before_ms);

// core_interval_log_fini frees the log and leaves it empty.
void core_interval_log_fini(struct core_interval_log *log);

// core_interval_log_keep is called just before core_windows_roll with the same arguments and
// cw the clock before it moves: the interval leaving w's previous window is logged in
// w->closed under its start (out of memory: it is missing from the day's curve), and at a new
// day what started before the new yesterday is let go.
void core_interval_log_keep(struct core_windows *w, const struct core_clock_windows *cw,
                            bool new_interval, bool new_day, bool skipped_interval,
                            bool skipped_day);

// core_interval_log_release frees w's closed intervals.
void core_interval_log_release(struct core_windows *w);

#endif
