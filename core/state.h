// SPDX-License-Identifier: MIT
// The live state model: queues, calls, agents, keyword and region counts, built by applying
// validated events in order. docs/state.md gives the rules (what each event changes).
#ifndef CORE_STATE_H
#define CORE_STATE_H

#include "core/alerts.h"
#include "core/site.h"
#include "core/state_model.h"

#include <stdbool.h>
#include <stdint.h>

// core_state_init makes an empty state; core_state_fini frees everything it holds.
void core_state_init(struct core_state *st);
void core_state_fini(struct core_state *st);

// core_state_apply changes st by one validated event. Unless st->live_clock is set, the
// event's time moves st->now_ms forward (never back): a replay's clock is its events. Returns 0 or
// CORE_E_NOMEM (st stays consistent; the event may be partly applied).
int core_state_apply(struct core_state *st, const struct core_event *ev);

// core_state_set_sl_threshold gives queue its own service-level threshold (seconds). Returns 0
// or CORE_E_NOMEM.
int core_state_set_sl_threshold(struct core_state *st, const char *queue, int seconds);

// core_state_queue returns the queue named id, creating it if new; NULL when out of memory.
// Borrowed: owned by st.
struct core_queue *core_state_queue(struct core_state *st, const char *id);

// core_state_source records the health of the input called name (created on first report):
// up or down since now_ms (kept when unchanged), its event and error counts, the last error.
// The time of its last event and its rate follow from the counts reported over time.
void core_state_source(struct core_state *st, const char *name, bool up, uint64_t events,
                       uint64_t errors, const char *error, int64_t now_ms);

// core_state_check_event tells whether ev may be applied: 0, or a reason it may not, filled in
// err: CORE_E_INVALID for an event too old for any window (before yesterday) or, with a live
// clock, more than 5 minutes in the future; CORE_E_DUPLICATE for an id seen before (counted in
// counters.duplicates, not as a rejection). Remembers ev's id.
int core_state_check_event(struct core_state *st, const struct core_event *ev,
                           struct core_err *err);

// core_state_reject counts one rejected input under its reason code.
void core_state_reject(struct core_state *st, int code);

// core_state_set_keyword_config sets the windows and top K of keywords and regions (before any
// event: counts so far are dropped).
void core_state_set_keyword_config(struct core_state *st, const struct core_kw_config *cfg);

// core_state_set_now moves the clock to now_ms if it is later (live mode: the wall clock).
// Longest waits grow with it: a delta always carries the queues that have calls waiting.
void core_state_set_now(struct core_state *st, int64_t now_ms);

// core_state_rebuild_timers schedules again the timed work a state loaded from a checkpoint
// holds (waits to pass T, re-queue windows, wrap-ups that end by themselves). 0 or CORE_E_NOMEM.
int core_state_rebuild_timers(struct core_state *st);

// core_state_refresh recomputes every queue's derived fields (waiting, oldest wait, agents by
// state) from the calls and agents. Called before the state is published.
void core_state_refresh(struct core_state *st);

// core_state_forget_published drops the copy of the state as the screens hold it (st->published
// and its indexes, core/delta.c): the next message must be a snapshot.
void core_state_forget_published(struct core_state *st);

// core_state_clear_dirty marks everything as published.
void core_state_clear_dirty(struct core_state *st);

#endif
