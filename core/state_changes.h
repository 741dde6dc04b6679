// SPDX-License-Identifier: MIT
// Agents marked changed, for the next delta and the next count of the figures derived from them.
#ifndef CORE_STATE_CHANGES_H
#define CORE_STATE_CHANGES_H

#include "core/state_model.h"

// core_state_agent_changed marks an agent as changed since the last published message and the
// last core_state_refresh (each keeps its own list, emptied when it has visited them).
void core_state_agent_changed(struct core_state *st, struct core_agent *a);

#endif
