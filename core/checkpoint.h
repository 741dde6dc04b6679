// SPDX-License-Identifier: MIT
// Checkpoints: the whole state model (not only what is published) as JSON, so a restart loads
// it and replays only the journal written since.
#ifndef CORE_CHECKPOINT_H
#define CORE_CHECKPOINT_H

#include "core/err.h"
#include "core/state.h"

#include <cjson/cJSON.h>
#include <stdio.h>

// core_checkpoint_write writes the state as one JSON object to f, a member at a time (the memory
// it needs is one agent's, not the state's). Returns 0, or -1 when out of memory or f failed.
int core_checkpoint_write(const struct core_state *st, FILE *f);

// core_checkpoint_build returns the same JSON as a tree (tests, tools). Caller owns it
// (cJSON_Delete). NULL when out of memory.
cJSON *core_checkpoint_build(const struct core_state *st);

// core_checkpoint_load fills an empty (just initialised) st from a checkpoint; st->metrics and
// st->live_clock are left as set. Returns 0, or CORE_E_INVALID / CORE_E_NOMEM with err filled
// (st must then be discarded).
int core_checkpoint_load(struct core_state *st, const cJSON *cp, struct core_err *err);

#endif
