// SPDX-License-Identifier: MIT
// The layout engine: turns a layout page and the state into a draw list. No SDL here, so it
// is tested headless with a stand-in text measure.
#ifndef WB_BOARD_H
#define WB_BOARD_H

#include "core/view.h"
#include "wallboard/engine/draw.h"
#include "wallboard/engine/history.h"
#include "wallboard/engine/layout_model.h"
#include "wallboard/engine/regions.h"
#include "wallboard/engine/ui.h"

enum wb_link { WB_LINK_LIVE, WB_LINK_CONNECTING, WB_LINK_STALE };

struct wb_board_input {
    const struct wb_layout *layout;
    size_t page;
    const struct core_view *view;
    const struct wb_regions *regions;
    wb_measure_fn measure;
    void *measure_ctx;
    int screen_w, screen_h;
    double now_s;       // the collector's clock (for time in state)
    double local_now_s; // this machine's clock (for the time of day)
    enum wb_link link;
    double last_update_s;     // local time the last message arrived (for the stale banner)
    const char *collector;    // the collector's address (for the connecting banner)
    const char *layout_error; // an edit of the layout file that did not load, or NULL
    bool layout_fallback;     // the file never loaded: the default layout is on screen
    // Touch: the drill-down open (overlay, overlay_id, seconds before it closes), rotation
    // paused, and where the frame's touchable things are (hits, filled when not NULL).
    enum wb_overlay_kind overlay;
    const char *overlay_id;
    int overlay_left_s;
    bool paused;
    struct wb_hits *hits;
    const struct wb_history *history; // of the agent whose drill-down is open (may be NULL)
    const char *ack_notice; // the answer to this screen's acknowledgement, shown in the band
    const struct wb_queue_calls *queue_calls; // of the queue whose drill-down is open (or NULL)
    struct wb_cloud_memory *cloud;      // where word-cloud words were (the screen's; may be NULL)
    const struct wb_geo *china, *world; // map geometry for region maps (may be NULL)
    const char *keyword; // touched: maps show where it is said from (NULL or "": all calls)
};

// wb_board_cell_rect returns the pixel rectangle of widget w on a screen_w x screen_h screen.
struct wb_rect wb_board_cell_rect(const struct wb_layout *l, const struct wb_widget *w,
                                  int screen_w, int screen_h);

// wb_board_draw clears dl and fills it with one frame of in->page.
void wb_board_draw(struct wb_drawlist *dl, const struct wb_board_input *in);

#endif
