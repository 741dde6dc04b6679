// SPDX-License-Identifier: MIT
// What the person in front of the screen has done to it: the page shown, rotation paused,
// a drill-down open. Gestures change it; time undoes it (an overlay closes, a paused
// rotation resumes), so a screen is never left as a passer-by left it. No SDL here.
#ifndef WB_UI_H
#define WB_UI_H

#include "wallboard/engine/draw.h"
#include "wallboard/engine/gesture.h"
#include "wallboard/engine/hit.h"
#include "wallboard/engine/layout_model.h"

#include <stdbool.h>
#include <stdint.h>

enum wb_overlay_kind { WB_OVERLAY_NONE, WB_OVERLAY_QUEUE, WB_OVERLAY_AGENT };

struct wb_ui {
    size_t page;
    int64_t page_since_ms;
    bool paused;        // rotation stopped by a two-finger tap
    int64_t touched_ms; // the last gesture
    enum wb_overlay_kind overlay;
    char overlay_id[CORE_ID_MAX]; // the queue or agent shown
    int64_t overlay_since_ms;
    char ack_key[192]; // an alert long-pressed, to acknowledge (app/requests.c sends, clears)
    char keyword[CORE_WORD_MAX]; // a keyword touched: the map shows where it is said ("" none)
};

// wb_ui_init starts on page (page 0 when the layout has fewer).
void wb_ui_init(struct wb_ui *ui, const struct wb_layout *l, size_t page, int64_t now_ms);

// wb_ui_gesture applies a gesture to the screen: hits are the targets of the frame on screen
// and overlay the drill-down's rectangle (when one is open). Returns true when the screen
// must be drawn again.
bool wb_ui_gesture(struct wb_ui *ui, const struct wb_layout *l, const struct wb_gesture *g,
                   const struct wb_hits *hits, struct wb_rect overlay, int64_t now_ms);

// wb_ui_tick moves time on: the next page when the dwell is over, an untouched overlay
// closing, a paused rotation resuming. Returns true when the screen must be drawn again.
bool wb_ui_tick(struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms);

// wb_ui_deadline returns when wb_ui_tick next has something to do (INT64_MAX: never).
int64_t wb_ui_deadline(const struct wb_ui *ui, const struct wb_layout *l);

// wb_ui_overlay_left_s returns the whole seconds until an open overlay closes by itself.
int wb_ui_overlay_left_s(const struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms);

// wb_ui_show_page turns to page (an alert's), unless a drill-down is open or someone touched
// the screen within the overlay timeout: a supervisor reading it is not interrupted. Returns
// true when the page changed.
bool wb_ui_show_page(struct wb_ui *ui, const struct wb_layout *l, size_t page, int64_t now_ms);

// wb_ui_relayout keeps the ui valid after the layout was replaced (fewer pages).
void wb_ui_relayout(struct wb_ui *ui, const struct wb_layout *l, int64_t now_ms);

// wb_ui_describe writes "page=N paused=yes|no overlay=none|queue:ID|agent:ID" for status lines.
void wb_ui_describe(const struct wb_ui *ui, char *buf, size_t size);

#endif
