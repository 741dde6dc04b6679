// SPDX-License-Identifier: MIT
// An agent's day in their drill-down: a bar from the day's first state to now, coloured by
// state, with the hours under it, and the latest changes listed newest first.
#ifndef WB_TIMELINE_H
#define WB_TIMELINE_H

#include "wallboard/engine/history.h"
#include "wallboard/engine/widget.h"

// wb_timeline_draw draws h in r; while h is not loaded it says so (or why not).
void wb_timeline_draw(const struct wb_frame *f, struct wb_rect r, const struct wb_history *h);

#endif
