// SPDX-License-Identifier: MIT
// The collector's HTTP endpoint (--metrics URL, nng's HTTP server): /metrics (Prometheus text)
// and /health (JSON; 200 while the collector serves, 503 when it does not). The poll loop
// hands both pages over once a second; nng's threads answer from the last ones. A loop that
// stopped handing them over is itself reported unhealthy: that is what the endpoint is for.
#ifndef COL_HTTP_STATUS_H
#define COL_HTTP_STATUS_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COL_HTTP_STALE_MS 5000 // a loop silent this long is reported as stuck

struct col_http_status;

// col_http_status_start listens on url ("http://127.0.0.1:9410"). NULL with err on failure.
struct col_http_status *col_http_status_start(const char *url, struct core_err *err);

// col_http_status_update replaces both pages (copied). healthy picks 200 or 503 for /health.
void col_http_status_update(struct col_http_status *h, const char *metrics, const char *health,
                            bool healthy, int64_t mono_ms);

// col_http_status_requests returns how many requests were answered (any thread).
uint64_t col_http_status_requests(struct col_http_status *h);

// col_http_status_stop stops the server and frees h; NULL is a no-op.
void col_http_status_stop(struct col_http_status *h);

#endif
