// SPDX-License-Identifier: MIT
// Hit targets of a frame.
#include "wallboard/engine/hit.h"

#include <stdio.h>

void
wb_hits_clear(struct wb_hits *h)
{
    if (h)
        h->len = 0;
}

void
wb_hits_add(struct wb_hits *h, struct wb_rect r, enum wb_hit_kind kind, const char *id)
{
    if (h == NULL || h->len >= WB_HITS_MAX)
        return;
    struct wb_hit *t = &h->hit[h->len++];
    t->rect = r;
    t->kind = kind;
    snprintf(t->id, sizeof(t->id), "%s", id);
}

const struct wb_hit *
wb_hits_find(const struct wb_hits *h, double x, double y)
{
    for (size_t i = h ? h->len : 0; i-- > 0;) {
        const struct wb_rect *r = &h->hit[i].rect;
        if (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h)
            return &h->hit[i];
    }
    return NULL;
}

const char *
wb_hit_kind_name(enum wb_hit_kind kind)
{
    static const char *const names[] = {"queue", "agent", "alert", "keyword"};
    return (unsigned)kind < 4 ? names[kind] : "";
}
