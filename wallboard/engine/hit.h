// SPDX-License-Identifier: MIT
// Hit targets: the parts of a frame a finger can touch (a queue's row, an agent's tile),
// written by the widgets as they draw, so what is touchable is exactly what is on screen.
#ifndef WB_HIT_H
#define WB_HIT_H

#include "core/event.h"
#include "wallboard/engine/draw.h"

#include <stddef.h>

enum wb_hit_kind { WB_HIT_QUEUE, WB_HIT_AGENT, WB_HIT_ALERT, WB_HIT_KEYWORD };

struct wb_hit {
    struct wb_rect rect;
    enum wb_hit_kind kind;
    char id[192]; // a queue, an agent, or an alert's key ("rule/queue")
};

#define WB_HITS_MAX 512 // more than the tiles of a 4K agent page

struct wb_hits {
    size_t len;
    struct wb_hit hit[WB_HITS_MAX];
};

// wb_hits_clear empties the list (at the start of a frame).
void wb_hits_clear(struct wb_hits *h);

// wb_hits_add appends a target; h may be NULL (a frame nobody touches). Targets past
// WB_HITS_MAX are not kept.
void wb_hits_add(struct wb_hits *h, struct wb_rect r, enum wb_hit_kind kind, const char *id);

// wb_hits_find returns the target under (x, y), the last added winning (what is drawn on
// top), or NULL.
const struct wb_hit *wb_hits_find(const struct wb_hits *h, double x, double y);

// wb_hit_kind_name gives "queue", "agent", "alert" or "keyword".
const char *wb_hit_kind_name(enum wb_hit_kind kind);

#endif
