// SPDX-License-Identifier: MIT
// The drill-down overlays: a queue's figures and agents, an agent's day. Drawn over the page
// when a supervisor taps a queue row or an agent tile; they close on a tap outside or by
// themselves (ui.c).
#ifndef WB_OVERLAY_H
#define WB_OVERLAY_H

#include "wallboard/engine/history.h"
#include "wallboard/engine/ui.h"
#include "wallboard/engine/widget.h"

// wb_overlay_rect returns where an overlay sits on a screen_w x screen_h screen: most of it,
// with the page still showing around the edge (a tap there closes it).
struct wb_rect wb_overlay_rect(int screen_w, int screen_h);

// wb_overlay_draw draws the overlay of kind for id, with left_s seconds before it closes,
// and adds its touchable rows to f->hits.
// history is the agent's day (for an agent's overlay), calls the queue's waiting calls (for a
// queue's); either may be NULL.
void wb_overlay_draw(const struct wb_frame *f, int screen_w, enum wb_overlay_kind kind,
                     const char *id, int left_s, const struct wb_history *history,
                     const struct wb_queue_calls *calls);

#endif
