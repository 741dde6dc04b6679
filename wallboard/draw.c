// SPDX-License-Identifier: MIT
// Growing arrays for the draw list. Texts live as offsets into one arena, which may move
// when it grows.
#include "wallboard/draw.h"

#include <stdlib.h>
#include <string.h>

void
wb_drawlist_init(struct wb_drawlist *dl)
{
    memset(dl, 0, sizeof(*dl));
}

void
wb_drawlist_fini(struct wb_drawlist *dl)
{
    free(dl->cmds);
    free(dl->text);
    memset(dl, 0, sizeof(*dl));
}

void
wb_drawlist_clear(struct wb_drawlist *dl)
{
    dl->len = 0;
    dl->text_len = 0;
    dl->failed = false;
}

static struct wb_cmd *
push(struct wb_drawlist *dl)
{
    if (dl->len == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 256;
        struct wb_cmd *cmds = realloc(dl->cmds, cap * sizeof(*cmds));
        if (cmds == NULL) {
            dl->failed = true;
            return NULL;
        }
        dl->cmds = cmds;
        dl->cap = cap;
    }
    struct wb_cmd *c = &dl->cmds[dl->len++];
    memset(c, 0, sizeof(*c));
    return c;
}

void
wb_draw_rect(struct wb_drawlist *dl, struct wb_rect r, struct wb_color color)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    struct wb_cmd *c = push(dl);
    if (c == NULL)
        return;
    c->type = WB_CMD_RECT;
    c->rect = r;
    c->color = color;
}

void
wb_draw_text(struct wb_drawlist *dl, struct wb_rect r, const char *text, int px, bool bold,
             enum wb_align align, struct wb_color color)
{
    size_t n = strlen(text);
    if (n == 0)
        return;
    if (dl->text_len + n + 1 > dl->text_cap) {
        size_t cap = dl->text_cap ? dl->text_cap : 4096;
        while (cap < dl->text_len + n + 1)
            cap *= 2;
        char *t = realloc(dl->text, cap);
        if (t == NULL) {
            dl->failed = true;
            return;
        }
        dl->text = t;
        dl->text_cap = cap;
    }
    struct wb_cmd *c = push(dl);
    if (c == NULL)
        return;
    memcpy(dl->text + dl->text_len, text, n + 1);
    c->type = WB_CMD_TEXT;
    c->rect = r;
    c->color = color;
    c->text_off = dl->text_len;
    c->px = px;
    c->bold = bold;
    c->align = align;
    dl->text_len += n + 1;
}

const char *
wb_drawlist_text(const struct wb_drawlist *dl, size_t i)
{
    return dl->text + dl->cmds[i].text_off;
}
