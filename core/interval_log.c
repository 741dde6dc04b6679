// SPDX-License-Identifier: MIT
#include "core/interval_log.h"

#include "core/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
core_interval_log_add(struct core_interval_log *log, int64_t start_ms, const struct core_tally *t)
{
    static const struct core_tally empty;
    if (memcmp(t, &empty, sizeof(empty)) == 0)
        return 0;
    // Intervals close in order; only a checkpoint's intervals replayed over could repeat one.
    size_t at = log->len;
    while (at > 0 && log->recs[at - 1].start_ms >= start_ms)
        at--;
    if (at < log->len && log->recs[at].start_ms == start_ms) {
        log->recs[at].t = *t;
        return 0;
    }
    if (log->len == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 16; // a 15-minute day is 96
        struct core_interval_rec *r = realloc(log->recs, cap * sizeof(*r));
        if (r == NULL)
            return CORE_E_NOMEM;
        log->recs = r, log->cap = cap;
    }
    memmove(&log->recs[at + 1], &log->recs[at], (log->len - at) * sizeof(*log->recs));
    log->recs[at] = (struct core_interval_rec){.start_ms = start_ms, .t = *t};
    log->len++;
    return 0;
}

void
core_interval_log_trim(struct core_interval_log *log, int64_t before_ms)
{
    size_t n = 0;
    while (n < log->len && log->recs[n].start_ms < before_ms)
        n++;
    if (n == 0)
        return; // (recs may still be NULL)
    memmove(log->recs, &log->recs[n], (log->len - n) * sizeof(*log->recs));
    log->len -= n;
}

void
core_interval_log_fini(struct core_interval_log *log)
{
    free(log->recs);
    *log = (struct core_interval_log){0};
}

static void
log_closed(struct core_windows *w, int64_t start_ms, const struct core_tally *t)
{
    if (w->closed == NULL)
        w->closed = calloc(1, sizeof(*w->closed));
    if (w->closed != NULL)
        core_interval_log_add(w->closed, start_ms, t);
}

void
core_interval_log_keep(struct core_windows *w, const struct core_clock_windows *cw,
                       bool new_interval, bool new_day, bool skipped_interval, bool skipped_day)
{
    if (new_interval) {
        int64_t len = cw->interval_end_ms - cw->interval_start_ms;
        if (cw->has_previous) // no late event reaches it now
            log_closed(w, cw->interval_start_ms - len, &w->previous);
        if (skipped_interval) // the clock jumped: the current one closes with it
            log_closed(w, cw->interval_start_ms, &w->interval);
    }
    // Today becomes yesterday (a skipped day: nothing logged is yesterday's any more).
    if (new_day && w->closed)
        core_interval_log_trim(w->closed, skipped_day ? INT64_MAX : cw->day_start_ms);
}

void
core_interval_log_release(struct core_windows *w)
{
    if (w->closed)
        core_interval_log_fini(w->closed);
    free(w->closed);
    w->closed = NULL;
}
