// SPDX-License-Identifier: MIT
// The word cloud: the hot keywords sized by how many calls said them, coloured by trend (new,
// rising, steady, falling; new and rising also bold), packed without overlap. Words keep their
// place between updates: each is tried first where it was, and only moves when it no longer
// fits there; new words spiral out from the centre, the biggest placed first.
#include "wallboard/engine/widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLOUD_WORDS_MAX 60
#define TWO_PI          6.283185307179586

struct cloud_opts {
    int count;       // words at most
    double max_size; // the biggest word, a fraction of the screen height
};

static const char *const cloud_keys[] = {"count", "max_size", NULL};

static int
cloud_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct cloud_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    o->count = 30;
    o->max_size = 0.11; // the most said word is the page's headline figure
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "count");
    if (c && (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble > CLOUD_WORDS_MAX))
        return core_err_set(err, CORE_E_INVALID, "%s.count: a whole number from 1 to %d", path,
                            CLOUD_WORDS_MAX);
    if (c)
        o->count = c->valueint;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "max_size");
    if (m && (!cJSON_IsNumber(m) || m->valuedouble < 0.03 || m->valuedouble > 0.3))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.max_size: the biggest word, a fraction of the screen height from "
                            "0.03 to 0.3",
                            path);
    if (m)
        o->max_size = m->valuedouble;
    return 0;
}

static bool
overlaps(struct wb_rect a, const struct wb_rect *placed, size_t n, int pad)
{
    for (size_t i = 0; i < n; i++) {
        const struct wb_rect *b = &placed[i];
        if (a.x < b->x + b->w + pad && b->x < a.x + a.w + pad && a.y < b->y + b->h + pad &&
            b->y < a.y + a.h + pad)
            return true;
    }
    return false;
}

static bool
inside(struct wb_rect a, struct wb_rect area)
{
    return a.x >= area.x && a.y >= area.y && a.x + a.w <= area.x + area.w &&
           a.y + a.h <= area.y + area.h;
}

static struct wb_rect
centred(double cx, double cy, int w, int h)
{
    return (struct wb_rect){(int)lround(cx - w / 2.0), (int)lround(cy - h / 2.0), w, h};
}

static int
remembered(const struct wb_cloud_memory *m, const void *widget, const char *word)
{
    for (size_t i = 0; m && i < m->len; i++) {
        if (m->place[i].widget == widget && strcmp(m->place[i].word, word) == 0)
            return (int)i;
    }
    return -1;
}

static void
remember(struct wb_cloud_memory *m, const void *widget, const char *word, double cx, double cy)
{
    if (m == NULL)
        return;
    int i = remembered(m, widget, word);
    if (i < 0) {
        i = (int)(m->len < WB_CLOUD_REMEMBERED ? m->len++ : m->next++ % WB_CLOUD_REMEMBERED);
        m->place[i].widget = widget;
        snprintf(m->place[i].word, sizeof(m->place[i].word), "%s", word);
    }
    m->place[i].cx = cx;
    m->place[i].cy = cy;
}

// An Archimedean spiral from the centre, in steps of a few pixels: the first free spot.
static bool
spiral(struct wb_rect area, int w, int h, const struct wb_rect *placed, size_t n, int pad,
       struct wb_rect *out)
{
    double cx = area.x + area.w / 2.0, cy = area.y + area.h / 2.0;
    double aspect = (double)area.w / (area.h > 0 ? area.h : 1); // wide areas: a wide spiral
    double step = pad > 2 ? pad : 2;
    double limit = hypot(area.w, area.h);
    for (double t = 0; t * step / TWO_PI < limit; t += 0.35) {
        double rad = step * t / TWO_PI;
        struct wb_rect r = centred(cx + rad * cos(t) * aspect, cy + rad * sin(t), w, h);
        if (inside(r, area) && !overlaps(r, placed, n, pad)) {
            *out = r;
            return true;
        }
    }
    return false;
}

// A word of the cloud: its size, and where it went (placed false: no room left).
struct word {
    int px, w, h;
    bool bold, placed;
    struct wb_rect at;
};

// The legend along the foot: what the colours mean, each word in its colour. Returns its height.
static int
draw_legend(const struct wb_frame *f, struct wb_rect area, const struct wb_color colours[4])
{
    static const enum wb_str trend_words[4] = {WB_STR_TREND_NEW, WB_STR_TREND_RISING,
                                               WB_STR_TREND_STEADY, WB_STR_TREND_FALLING};
    int label_px = wb_px(f, f->layout->theme.label_size);
    int lx = area.x + area.w, ly = area.y + area.h - label_px * 3 / 2;
    for (int i = 3; i >= 0; i--) {
        const char *word = wb_str(f->layout->lang, trend_words[i]);
        int lw = f->measure(f->measure_ctx, word, label_px, i <= 1) + label_px;
        lx -= lw;
        if (lx < area.x)
            break;
        wb_draw_text(f->dl, (struct wb_rect){lx, ly, lw, label_px * 3 / 2}, word, label_px, i <= 1,
                     WB_ALIGN_RIGHT, colours[i]);
    }
    return label_px * 3 / 2;
}

// Sizes by the share of the most said word (the page's headline): in proportion, so that the
// words a floor says most stand out even when many are said nearly as often. Only the top count
// matters, so small changes elsewhere do not resize (and move) other words. New and rising words
// are bold.
static void
size_words(const struct wb_frame *f, const struct cloud_opts *o, struct wb_rect area, size_t n,
           struct word *words)
{
    const struct core_view *v = f->view;
    int min_px = wb_px(f, f->layout->theme.text_size);
    int max_px = wb_px(f, o->max_size);
    max_px = max_px > area.h / 3 ? area.h / 3 : max_px;
    max_px = max_px < min_px ? min_px : max_px;
    double top = v->keywords[0].count > 0 ? (double)v->keywords[0].count : 1;
    for (size_t i = 0; i < n; i++) {
        const struct core_view_rank *k = &v->keywords[i];
        struct word *wd = &words[i];
        wd->px = min_px + (int)lround((max_px - min_px) * ((double)k->count / top));
        wd->bold = k->trend <= 1;
        wd->placed = false;
        // Too wide for the cloud at this size: smaller, down to the smallest legal text.
        while ((wd->w = f->measure(f->measure_ctx, k->key, wd->px, wd->bold)) > area.w &&
               wd->px > min_px)
            wd->px--;
        wd->h = wd->px * 6 / 5;
    }
}

// The packing: first the words that were on screen, where they were (a word grown by a pixel
// still fits with half the gap), so that a changing count does not reshuffle the cloud; then
// the others, biggest first, spiralling out from the centre.
static void
place_words(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect area, int pad,
            size_t n, struct word *words)
{
    struct wb_rect placed[CLOUD_WORDS_MAX];
    size_t nplaced = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const struct core_view_rank *k = &f->view->keywords[i];
            struct word *wd = &words[i];
            if (wd->placed || wd->w > area.w)
                continue;
            int m = remembered(f->cloud, w, k->key);
            if (pass == 0) {
                if (m < 0)
                    continue;
                wd->at = centred(area.x + f->cloud->place[m].cx * area.w,
                                 area.y + f->cloud->place[m].cy * area.h, wd->w, wd->h);
                if (!inside(wd->at, area) || overlaps(wd->at, placed, nplaced, pad / 2))
                    continue;
            } else if (!spiral(area, wd->w, wd->h, placed, nplaced, pad, &wd->at)) {
                continue; // no room left: the smaller words go first
            }
            wd->placed = true;
            placed[nplaced++] = wd->at;
            remember(f->cloud, w, k->key, (wd->at.x + wd->at.w / 2.0 - area.x) / area.w,
                     (wd->at.y + wd->at.h / 2.0 - area.y) / area.h);
        }
    }
}

static void
cloud_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct cloud_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect area = wb_draw_panel(w, f, r);
    const struct core_view *v = f->view;
    int min_px = wb_px(f, t->text_size);
    if (!v->has_data || v->nkeywords == 0) {
        wb_draw_fitted(f, (struct wb_rect){area.x, area.y, area.w, min_px * 2},
                       wb_str(f->layout->lang, WB_STR_NO_DATA), min_px, false, WB_ALIGN_LEFT,
                       t->muted);
        return;
    }
    // By trend (the legend's colours): new in the watch colour, rising in the act colour (bold),
    // steady in the text colour, falling in the muted one.
    const struct wb_color colours[4] = {t->watch, t->act, t->text, t->muted};
    area.h -= draw_legend(f, area, colours);
    size_t n = v->nkeywords < (size_t)o->count ? v->nkeywords : (size_t)o->count;
    int pad = wb_px(f, 0.006);
    struct word words[CLOUD_WORDS_MAX];
    size_words(f, o, area, n, words);
    place_words(w, f, area, pad, n, words);
    for (size_t i = 0; i < n; i++) {
        const struct core_view_rank *k = &v->keywords[i];
        if (!words[i].placed)
            continue;
        wb_hits_add(f->hits, words[i].at, WB_HIT_KEYWORD, k->key);
        struct wb_color c = colours[k->trend >= 0 && k->trend < 4 ? k->trend : 2];
        if (f->keyword && strcmp(f->keyword, k->key) == 0) {
            // The word the map follows: a bar under it, in its colour.
            struct wb_rect bar = {words[i].at.x, words[i].at.y + words[i].at.h - pad / 2,
                                  words[i].at.w, pad / 2 > 2 ? pad / 2 : 2};
            wb_draw_rect(f->dl, bar, c);
        }
        wb_draw_text(f->dl, words[i].at, k->key, words[i].px, words[i].bold, WB_ALIGN_CENTER,
                     f->stale ? t->muted : c);
    }
}

const struct wb_widget_kind wb_widget_word_cloud = {
    .name = "word_cloud",
    .keys = cloud_keys,
    .parse = cloud_parse,
    .draw = cloud_draw,
    .free_opts = free,
};
