// SPDX-License-Identifier: MIT
// Work the state must do at a time rather than at an event (struct core_timers in
// state_model.h): a min-heap by due time, so each event costs a look at the earliest only.
#ifndef CORE_TIMERS_H
#define CORE_TIMERS_H

#include "core/state_model.h"

// core_timers_add schedules kind for id at due_ms, with stamp naming what it was set for.
// Returns 0 or CORE_E_NOMEM.
int core_timers_add(struct core_timers *t, int64_t due_ms, enum core_timer_kind kind,
                    const char *id, int64_t stamp);

// core_timers_pop takes the earliest timer due at or before limit_ms into *out; false when none.
bool core_timers_pop(struct core_timers *t, int64_t limit_ms, struct core_timer *out);

// core_timers_fini frees the heap.
void core_timers_fini(struct core_timers *t);

#endif
