// SPDX-License-Identifier: MIT
// Alert rules held against the state (core/alerts.h holds the rules and their alerts).
#ifndef CORE_ALERT_EVAL_H
#define CORE_ALERT_EVAL_H

#include "core/alerts.h"
#include "core/state.h"

// core_alerts_evaluate moves every alert on to now_ms with the state's figures (the state
// refreshed). Sets a->dirty when what the screens show changed.
void core_alerts_evaluate(struct core_alerts *a, const struct core_state *st, int64_t now_ms);

#endif
