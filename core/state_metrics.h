// SPDX-License-Identifier: MIT
// Internal to core/: how the state's events feed the metric windows (docs/metrics.md).
#ifndef CORE_STATE_METRICS_H
#define CORE_STATE_METRICS_H

#include "core/site.h"
#include "core/state_model.h"

// core_sm_advance moves the windows on to now_ms: closes intervals and days that ended
// (counting agents' time and the waits still running up to each boundary first). run_due does
// the timed work due up to a time (state.c): before each interval closes, and up to now_ms.
void core_sm_advance(struct core_state *st, int64_t now_ms,
                     void (*run_due)(struct core_state *st, int64_t limit_ms));

// A call entered a queue at t: offered there; a new call (not a transfer) also at site and
// channel level.
void core_sm_offered(struct core_state *st, const struct core_call *c, int64_t t, bool new_call);

// core_sm_sl_due is when a waiting call's wait passes its queue's T (the first millisecond
// past it). core_sm_sl_catch_up counts that passing (dated then) if t reached it and it was
// not counted yet; call before counting any outcome of a waiting call.
int64_t core_sm_sl_due(const struct core_state *st, const struct core_call *c);
void core_sm_sl_catch_up(struct core_state *st, struct core_call *c, int64_t t);

// A waiting call was answered (rung ring_s before), or abandoned, at t.
void core_sm_answered(struct core_state *st, const struct core_call *c, int64_t t, double ring_s);
void core_sm_abandoned(struct core_state *st, const struct core_call *c, int64_t t);

// A gone call's re-queue window closed: its reason for leaving counts, dated when it left.
void core_sm_left(struct core_state *st, const struct core_call *c);

// The call left c->queue at t for another queue: a transfer out of it (was_waiting: a
// flow-out of a waiting caller; else an agent sent it on after the talk).
void core_sm_moved(struct core_state *st, const struct core_call *c, int64_t t, bool was_waiting);

// A caller was kept out of queue (full, empty, closed) at t.
void core_sm_blocked(struct core_state *st, const char *queue, const char *channel, int64_t t);

// Agent a (NULL: not known) was rung ring_s for a caller of queue ("" when not said) and did
// not answer.
void core_sm_ring_missed(struct core_state *st, struct core_agent *a, const char *queue, int64_t t,
                         double ring_s);

// A connected call's talk ended at t (hang-up or transfer away): handled; the agent's coming
// wrap-up is the call's. transferred: it went on to another queue.
void core_sm_talk_ended(struct core_state *st, const struct core_call *c, struct core_agent *a,
                        int64_t t, bool transferred);

// Agent a is about to change state at t: count its time in the old state (and a finished
// wrap-up). Call before changing a->state.
void core_sm_agent_leaving_state(struct core_state *st, struct core_agent *a, int64_t t);

// core_sm_scope returns the windows of team or channel id in m, creating it if new (NULL for
// "" or when out of memory).
struct core_windows *core_sm_scope(struct core_map *m, const char *id);

// core_sm_free_scopes frees the team and channel maps' values.
void core_sm_free_scopes(struct core_state *st);

#endif
