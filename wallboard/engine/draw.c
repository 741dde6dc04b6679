// SPDX-License-Identifier: MIT
// Growing arrays for the draw list. Texts live as offsets into one arena, which may move
// when it grows.
#include "wallboard/engine/draw.h"

#include "core/hash.h"
#include "wallboard/engine/geo.h"

#include <math.h>
#include <stdint.h>
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
wb_draw_shape(struct wb_drawlist *dl, const struct wb_geo_region *shape, struct wb_rect frame,
              struct wb_color fill, struct wb_color outline)
{
    if (shape->ntri == 0)
        return;
    struct wb_cmd *c = push(dl);
    if (c == NULL)
        return;
    int x0 = frame.x + (int)floorf(shape->minx * frame.w);
    int y0 = frame.y + (int)floorf(shape->miny * frame.h);
    int x1 = frame.x + (int)ceilf(shape->maxx * frame.w) + 1;
    int y1 = frame.y + (int)ceilf(shape->maxy * frame.h) + 1;
    c->type = WB_CMD_SHAPE;
    c->rect = (struct wb_rect){x0, y0, x1 - x0, y1 - y0};
    c->color = fill;
    c->bg = outline;
    c->shape = shape;
    c->frame = frame;
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

static bool
contains(struct wb_rect outer, struct wb_rect r)
{
    return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
           r.y + r.h <= outer.y + outer.h;
}

static bool
intersects(struct wb_rect a, struct wb_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool
opaque_rect(const struct wb_cmd *c)
{
    return c->type == WB_CMD_RECT && c->color.a == 255;
}

// The topmost thing drawn under text i must be an opaque rectangle covering its whole box
// (another text there, or a rectangle covering part of it, would show through).
static void
find_solid_under(struct wb_drawlist *dl, size_t i)
{
    struct wb_cmd *t = &dl->cmds[i];
    for (size_t k = i; k-- > 0;) {
        const struct wb_cmd *c = &dl->cmds[k];
        if (!intersects(c->rect, t->rect))
            continue;
        t->on_solid = opaque_rect(c) && contains(c->rect, t->rect);
        t->bg = c->color;
        return;
    }
}

// Appends the parts of r outside cut (at most four) to out; returns how many.
static size_t
subtract(struct wb_rect r, struct wb_rect cut, struct wb_rect *out)
{
    if (!intersects(r, cut)) {
        out[0] = r;
        return 1;
    }
    size_t n = 0;
    int top = cut.y > r.y ? cut.y : r.y;
    int bottom = cut.y + cut.h < r.y + r.h ? cut.y + cut.h : r.y + r.h;
    if (cut.y > r.y)
        out[n++] = (struct wb_rect){r.x, r.y, r.w, cut.y - r.y};
    if (cut.y + cut.h < r.y + r.h)
        out[n++] = (struct wb_rect){r.x, bottom, r.w, r.y + r.h - bottom};
    if (cut.x > r.x)
        out[n++] = (struct wb_rect){r.x, top, cut.x - r.x, bottom - top};
    if (cut.x + cut.w < r.x + r.w)
        out[n++] = (struct wb_rect){cut.x + cut.w, top, r.x + r.w - cut.x - cut.w, bottom - top};
    return n;
}

#define MAX_PIECES 1024

// The parts of cmds[i] (an opaque rectangle) that no later opaque rectangle covers.
static size_t
visible_pieces(const struct wb_drawlist *dl, size_t i, struct wb_rect *pieces)
{
    static struct wb_rect next[MAX_PIECES * 4];
    size_t n = 1;
    pieces[0] = dl->cmds[i].rect;
    for (size_t k = i + 1; k < dl->len && n > 0; k++) {
        if (!opaque_rect(&dl->cmds[k]))
            continue;
        size_t m = 0;
        for (size_t p = 0; p < n; p++)
            m += subtract(pieces[p], dl->cmds[k].rect, next + m);
        if (m > MAX_PIECES)
            return SIZE_MAX; // too fragmented to be worth it: draw it whole
        memcpy(pieces, next, m * sizeof(*pieces));
        n = m;
    }
    return n;
}

static uint64_t
cmd_hash(const struct wb_drawlist *dl, const struct wb_cmd *c)
{
    uint64_t h = CORE_FNV_START;
    int fields[] = {(int)c->type, c->rect.x, c->rect.y,     c->rect.w,  c->rect.h,
                    c->px,        c->bold,   (int)c->align, c->on_solid};
    h = core_fnv1a(h, fields, sizeof(fields));
    h = core_fnv1a(h, &c->color, sizeof(c->color));
    if (c->type == WB_CMD_SHAPE) {
        h = core_fnv1a(h, &c->bg, sizeof(c->bg));
        h = core_fnv1a(h, &c->shape, sizeof(c->shape));
        h = core_fnv1a(h, &c->frame, sizeof(c->frame));
    }
    if (c->type == WB_CMD_TEXT) {
        h = core_fnv1a(h, &c->bg, sizeof(c->bg));
        const char *text = dl->text + c->text_off;
        h = core_fnv1a(h, text, strlen(text));
    }
    return h;
}

void
wb_drawlist_finish(struct wb_drawlist *dl)
{
    for (size_t i = 0; i < dl->len; i++) {
        if (dl->cmds[i].type == WB_CMD_TEXT)
            find_solid_under(dl, i);
    }
    struct wb_drawlist out;
    wb_drawlist_init(&out);
    static struct wb_rect pieces[MAX_PIECES * 4];
    for (size_t i = 0; i < dl->len && !out.failed; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        size_t n = opaque_rect(c) ? visible_pieces(dl, i, pieces) : SIZE_MAX;
        if (n == SIZE_MAX) {
            struct wb_cmd *copy = push(&out);
            if (copy)
                *copy = *c;
            continue;
        }
        for (size_t p = 0; p < n; p++)
            wb_draw_rect(&out, pieces[p], c->color);
    }
    if (out.failed) { // keep the uncut list: correct, only slower
        wb_drawlist_fini(&out);
        return;
    }
    // The texts stay where they were in the arena; only the commands change.
    free(dl->cmds);
    dl->cmds = out.cmds;
    dl->len = out.len;
    dl->cap = out.cap;
    for (size_t i = 0; i < dl->len; i++)
        dl->cmds[i].hash = cmd_hash(dl, &dl->cmds[i]);
}

static int
by_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// Collects into out the rects of the commands of a whose hash is not among b's.
static bool
add_unmatched(const struct wb_drawlist *a, const uint64_t *b_sorted, size_t nb, struct wb_rect *out,
              size_t max, size_t *n, double *area)
{
    for (size_t i = 0; i < a->len; i++) {
        uint64_t h = a->cmds[i].hash;
        if (bsearch(&h, b_sorted, nb, sizeof(h), by_hash) != NULL)
            continue;
        if (*n == max)
            return false;
        out[(*n)++] = a->cmds[i].rect;
        *area += (double)a->cmds[i].rect.w * a->cmds[i].rect.h;
    }
    return true;
}

static uint64_t *
sorted_hashes(const struct wb_drawlist *dl)
{
    uint64_t *h = malloc((dl->len ? dl->len : 1) * sizeof(*h));
    if (h == NULL)
        return NULL;
    for (size_t i = 0; i < dl->len; i++)
        h[i] = dl->cmds[i].hash;
    if (dl->len > 1)
        qsort(h, dl->len, sizeof(*h), by_hash);
    return h;
}

size_t
wb_drawlist_damage(const struct wb_drawlist *prev, const struct wb_drawlist *next, int screen_w,
                   int screen_h, struct wb_rect *out, size_t max)
{
    struct wb_rect full = {0, 0, screen_w, screen_h};
    if (prev->len == 0 || max == 0) {
        if (max)
            out[0] = full;
        return max ? 1 : 0;
    }
    uint64_t *hp = sorted_hashes(prev), *hn = sorted_hashes(next);
    size_t n = 0;
    double area = 0;
    bool ok = hp && hn && add_unmatched(next, hp, prev->len, out, max, &n, &area) &&
              add_unmatched(prev, hn, next->len, out, max, &n, &area);
    free(hp);
    free(hn);
    // Past half the screen, one full redraw is cheaper than many clipped passes.
    if (!ok || area > 0.5 * screen_w * screen_h) {
        out[0] = full;
        return 1;
    }
    return n;
}
