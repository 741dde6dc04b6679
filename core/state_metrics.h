// SPDX-License-Identifier: MIT
// Internal to core/: how the state's events feed the metric windows (docs/metrics.md).
#ifndef CORE_STATE_METRICS_H
#define CORE_STATE_METRICS_H

#include "core/site.h"
#include "core/state_model.h"

// core_sm_advance moves the windows on to now_ms: closes intervals and days that ended
// (counting agents' time and the waits still running up to each boundary first).
void core_sm_advance(struct core_state *st, int64_t now_ms);

// A call entered a queue at t: offered there; a new call (not a transfer) also at site and
// channel level.
void core_sm_offered(struct core_state *st, const struct core_call *c, int64_t t, bool new_call);

// A waiting call was answered, or abandoned, at t.
void core_sm_answered(struct core_state *st, const struct core_call *c, int64_t t);
void core_sm_abandoned(struct core_state *st, const struct core_call *c, int64_t t);

// A connected call's talk ended at t (hang-up or transfer away): handled; the agent's coming
// wrap-up is the call's. transferred: it went on to another queue.
void core_sm_talk_ended(struct core_state *st, const struct core_call *c, struct core_agent *a,
                        int64_t t, bool transferred);

// A waiting call was transferred out of its queue at t.
void core_sm_transferred_waiting(struct core_state *st, const struct core_call *c, int64_t t);

// Agent a is about to change state at t: count its time in the old state (and a finished
// wrap-up). Call before changing a->state.
void core_sm_agent_leaving_state(struct core_state *st, struct core_agent *a, int64_t t);

// core_sm_scope returns the windows of team or channel id in m, creating it if new (NULL for
// "" or when out of memory).
struct core_windows *core_sm_scope(struct core_map *m, const char *id);

// core_sm_free_scopes frees the team and channel maps' values.
void core_sm_free_scopes(struct core_state *st);

#endif
