// SPDX-License-Identifier: MIT
// Ranked lists: hot keywords and calls by region. A row per entry: rank, name, a bar as long
// as its share of the top entry, and the count.
#include "wallboard/engine/format.h"
#include "wallboard/engine/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ranked_opts {
    int count; // rows at most
};

static const char *const ranked_keys[] = {"count", NULL};

static int
ranked_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct ranked_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    o->count = 10;
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "count");
    if (c && (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble > 100))
        return core_err_set(err, CORE_E_INVALID, "%s.count: a whole number from 1 to 100", path);
    if (c)
        o->count = c->valueint;
    return 0;
}

static void
draw_rows(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r,
          const struct core_view_rank *items, size_t n, bool regions)
{
    const struct ranked_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect in = wb_draw_panel(w, f, r);
    int px = wb_px(f, t->text_size);
    if (!f->view->has_data)
        return;
    int row_h =
        wb_grow_rows(&px, in.h, (int)(n < (size_t)o->count ? (n ? n : 1) : (size_t)o->count));
    if (n == 0) {
        wb_draw_fitted(f, (struct wb_rect){in.x, in.y, in.w, row_h},
                       wb_str(f->layout->lang, WB_STR_NO_DATA), px, false, WB_ALIGN_LEFT, t->muted);
        return;
    }
    int rank_w = f->measure(f->measure_ctx, "00", px, true) + px / 2;
    char widest[32]; // the top entry has the longest count
    wb_format_count(widest, sizeof(widest), (double)items[0].count);
    int count_w = f->measure(f->measure_ctx, widest, px, true) + px / 3;
    // The rows the layout asks for (count) that do not fit are said, never dropped silently:
    // the last row that fits says how many more there are.
    size_t want = n < (size_t)o->count ? n : (size_t)o->count;
    int fit = in.h / row_h;
    size_t shown = want <= (size_t)(fit > 0 ? fit : 0) ? want : (fit > 1 ? (size_t)fit - 1 : 0);
    if (shown < want && fit > 0)
        wb_draw_more(f, (struct wb_rect){in.x, in.y + (int)shown * row_h, in.w, row_h},
                     WB_STR_MORE_ROWS, want - shown, px, WB_ALIGN_LEFT, t->muted);
    double top = items[0].count > 0 ? (double)items[0].count : 1;
    for (size_t i = 0; i < shown; i++) {
        int y = in.y + (int)i * row_h;
        if (!regions) // a keyword's row: touching it shows on the map where it is said
            wb_hits_add(f->hits, (struct wb_rect){r.x, y, r.w, row_h}, WB_HIT_KEYWORD,
                        items[i].key);
        char rank[24], count[32];
        snprintf(rank, sizeof(rank), "%zu", i + 1);
        wb_format_count(count, sizeof(count), (double)items[i].count);
        int bar_x = in.x + rank_w, bar_w = in.w - rank_w - count_w - px / 2;
        int len = (int)(bar_w * (double)items[i].count / top);
        struct wb_color bar =
            wb_color_mix(t->panel, f->stale ? t->muted : t->state[CORE_AGENT_ON_CALL], 0.55);
        wb_draw_rect(f->dl, (struct wb_rect){bar_x, y + row_h / 8, len, row_h * 3 / 4}, bar);
        wb_draw_text(f->dl, (struct wb_rect){in.x, y, rank_w - px / 2, row_h}, rank, px, true,
                     WB_ALIGN_RIGHT, t->muted);
        const char *name = items[i].key;
        if (regions) {
            name = strcmp(name, "unknown") == 0
                       ? wb_str(f->layout->lang, WB_STR_UNKNOWN_REGION)
                       : wb_regions_name(f->regions, name, f->layout->lang);
        }
        struct wb_color fg = f->stale ? t->muted : t->text;
        wb_draw_fitted(f, (struct wb_rect){bar_x + px / 3, y, bar_w - px / 3, row_h}, name, px,
                       i < 3, WB_ALIGN_LEFT, fg);
        wb_draw_text(f->dl, (struct wb_rect){in.x + in.w - count_w, y, count_w, row_h}, count, px,
                     true, WB_ALIGN_RIGHT, fg);
    }
}

static void
keywords_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    draw_rows(w, f, r, f->view->keywords, f->view->nkeywords, false);
}

static void
regions_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    draw_rows(w, f, r, f->view->regions, f->view->nregions, true);
}

static int
ranked_rows_wanted(const struct wb_widget *w)
{
    const struct ranked_opts *o = w->opts;
    return o ? o->count : 0;
}

const struct wb_widget_kind wb_widget_keywords = {
    .name = "keywords",
    .keys = ranked_keys,
    .parse = ranked_parse,
    .draw = keywords_draw,
    .free_opts = free,
    .rows_wanted = ranked_rows_wanted,
};

const struct wb_widget_kind wb_widget_regions = {
    .name = "regions",
    .keys = ranked_keys,
    .parse = ranked_parse,
    .draw = regions_draw,
    .free_opts = free,
    .rows_wanted = ranked_rows_wanted,
};
