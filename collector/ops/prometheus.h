// SPDX-License-Identifier: MIT
// What the collector reports about itself: Prometheus text for /metrics and a JSON verdict for
// /health (http_status.h serves both). docs/operations.md lists every metric.
#ifndef COL_PROMETHEUS_H
#define COL_PROMETHEUS_H

#include "collector/ingest/ingest.h"
#include "collector/outputs/nats_out.h"
#include "core/state.h"

#include <stdbool.h>
#include <stdint.h>

#define COL_DELAY_BUCKETS 9

// How long accepted events waited for the message that took them to the screens.
struct col_delay_histogram {
    uint64_t bucket[COL_DELAY_BUCKETS]; // counts at or under each bound (not cumulative here)
    uint64_t count;
    double sum_s;
};

void col_delay_add(struct col_delay_histogram *h, double seconds);

struct col_status_figures {
    const struct core_state *st;
    const struct col_ingest *ingest;
    double uptime_s;
    uint64_t published, publish_failed, requests;
    int screens;
    const struct col_delay_histogram *publish_delay;
    bool journaling, journal_failing; // failing: an append or sync failed in the last minute
    uint64_t journal_appended, journal_synced, journal_errors;
    uint64_t journal_waiting, journal_lost; // not in the file yet (a failing disk); not kept
    int64_t journal_day_bytes;
    bool has_nats_in, nats_in_up;
    uint64_t nats_received, nats_acked, nats_lag, nats_resubscribed;
    bool has_nats_out;
    struct col_nats_out_stats nats_out;
};

// col_prometheus_text renders the metrics. malloc'd (free it); NULL when out of memory.
char *col_prometheus_text(const struct col_status_figures *f);

// col_health_json renders /health: "ok"; "degraded" (an input is down: still serving, 200);
// "failing" (the journal cannot keep events: 503), with the reasons. *healthy: not failing.
char *col_health_json(const struct col_status_figures *f, bool *healthy);

#endif
