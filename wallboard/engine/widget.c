// SPDX-License-Identifier: MIT
// The drawing and binding helpers the widget kinds share.
#include "wallboard/engine/widget.h"

#include "wallboard/engine/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int
wb_px(const struct wb_frame *f, double fraction)
{
    int px = (int)lround(fraction * f->screen_h);
    return px > 0 ? px : 1;
}

struct wb_color
wb_level_color(const struct wb_frame *f, enum wb_level level)
{
    const struct wb_theme *t = &f->layout->theme;
    if (f->stale)
        return t->muted;
    return level == WB_LEVEL_ACT ? t->act : level == WB_LEVEL_WATCH ? t->watch : t->text;
}

struct wb_rect
wb_draw_panel(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct wb_theme *t = &f->layout->theme;
    wb_draw_rect(f->dl, r, t->panel);
    int pad = wb_px(f, 0.012);
    struct wb_rect in = {r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad};
    if (w->title[0]) {
        int px = wb_px(f, t->label_size);
        int h = px * 3 / 2;
        wb_draw_fitted(f, (struct wb_rect){in.x, in.y, in.w, h}, w->title, px, false, WB_ALIGN_LEFT,
                       t->muted);
        in.y += h;
        in.h -= h;
    }
    return in;
}

void
wb_draw_fitted(const struct wb_frame *f, struct wb_rect r, const char *text, int px, bool bold,
               enum wb_align align, struct wb_color c)
{
    char buf[512];
    wb_fit_text(buf, sizeof(buf), text, px, bold, r.w, f->measure, f->measure_ctx);
    wb_draw_text(f->dl, r, buf, px, bold, align, c);
}

void
wb_draw_more(const struct wb_frame *f, struct wb_rect r, enum wb_str what, size_t n, int px,
             enum wb_align align, struct wb_color c)
{
    char count[24], more[64];
    snprintf(count, sizeof(count), "%zu", n);
    wb_str_format(more, sizeof(more), f->layout->lang, what, count);
    if (f->measure(f->measure_ctx, more, px, true) > r.w)
        snprintf(more, sizeof(more), "+%zu", n);
    wb_draw_fitted(f, r, more, px, true, align, c);
}

bool
wb_widget_wants_queue(const struct wb_widget *w, const char *id)
{
    if (w->nqueues == 0)
        return true;
    for (size_t i = 0; i < w->nqueues; i++) {
        if (strcmp(w->queues[i], id) == 0)
            return true;
    }
    return false;
}

bool
wb_widget_wants_channel(const struct wb_widget *w, const char *id)
{
    for (size_t i = 0; i < w->nchannels; i++) {
        if (strcmp(w->channels[i], id) == 0)
            return true;
    }
    return false;
}

bool
wb_widget_wants_agent(const struct wb_widget *w, const struct core_view_agent *a)
{
    bool in_team = w->nteams == 0;
    for (size_t i = 0; i < w->nteams && !in_team; i++)
        in_team = strcmp(w->teams[i], a->team) == 0;
    if (!in_team)
        return false;
    if (w->nqueues == 0)
        return true;
    for (size_t i = 0; i < w->nqueues; i++) {
        if (core_view_agent_serves(a, w->queues[i]))
            return true;
    }
    return false;
}

struct wb_color
wb_agent_state_color(const struct wb_frame *f, enum core_agent_state state)
{
    const struct wb_theme *t = &f->layout->theme;
    struct wb_color c = t->state[(unsigned)state < CORE_AGENT_STATE_COUNT ? state : 0];
    // Stale: washed toward the panel so old states do not look live.
    return f->stale ? wb_color_mix(c, t->panel, 0.7) : c;
}

int
wb_grow_rows(int *px, int height, int rows)
{
    int base = *px;
    int row_h = rows > 0 ? height / rows : height;
    if (row_h < base * 17 / 10)
        return base * 17 / 10;
    if (row_h > base * 5 / 2)
        row_h = base * 5 / 2;
    int grown = row_h * 10 / 19;
    *px = grown > base * 7 / 5 ? base * 7 / 5 : (grown > base ? grown : base);
    return row_h;
}

bool
wb_widget_tally(const struct wb_widget *w, const struct core_view *v, enum core_window win,
                struct core_tally *out)
{
    memset(out, 0, sizeof(*out));
    if (w->nchannels) {
        bool any = false;
        for (size_t i = 0; i < v->nchannels; i++) {
            const struct core_view_queue *c = &v->channels[i];
            if (c->has_windows && wb_widget_wants_channel(w, c->id)) {
                core_tally_add(out, &c->win[win]);
                any = true;
            }
        }
        return any;
    }
    if (w->nqueues == 0 && v->has_site) {
        if (!v->site.has_windows)
            return false;
        *out = v->site.win[win];
        return true;
    }
    bool any = false;
    for (size_t i = 0; i < v->nqueues; i++) {
        const struct core_view_queue *q = &v->queues[i];
        if (!q->has_windows || !wb_widget_wants_queue(w, q->id))
            continue;
        core_tally_add(out, &q->win[win]);
        any = true;
    }
    return any;
}

void
wb_sl_legend(enum wb_lang lang, const struct core_metrics_config *c, bool short_words, char *buf,
             size_t size)
{
    // Lines split at '\n' (two in Chinese, three in English): what is in SL over what the
    // denominator holds (docs/metrics.md: calls that reached T, waiting ones too, or ended
    // sooner; flow-outs and short abandons as the collector counts them). English is spelled
    // out; short_words abbreviates it for a tile too narrow at the smallest legal text.
    int t = c->sl_threshold_s, s = c->short_abandon_s;
    if (t <= 0) { // a collector that does not say its T: never "answered within 0 s"
        snprintf(buf, size, "%s", wb_str(lang, WB_STR_SL_UNKNOWN));
        return;
    }
    // Abandons out of the denominator: short ones, or (abandons-ignored) every one within T.
    int out_s = c->sl_formula == CORE_SL_ABANDONS_IGNORED ? t : s;
    bool favour = c->sl_formula == CORE_SL_ABANDONS_IN_FAVOUR;
    char held[128];
    if (lang == WB_LANG_ZH) {
        int n = snprintf(held, sizeof(held), "%s", c->sl_flowouts ? "含等待、转出" : "含等待");
        const char *sep = "，不计";
        if (!c->sl_flowouts) {
            n += snprintf(held + n, sizeof(held) - (size_t)n, "%s转出", sep);
            sep = "、";
        }
        if (out_s > 0)
            snprintf(held + n, sizeof(held) - (size_t)n, "%s%d秒内放弃", sep, out_s);
        snprintf(buf, size, "%s%d秒内接通%s ÷ 满%d秒或已结束\n%s", favour ? "（" : "", t,
                 favour ? "+放弃）" : "", t, held);
        return;
    }
    if (out_s > 0 && short_words)
        snprintf(held, sizeof(held), "flow-outs%s, ≤%d s ab. out", c->sl_flowouts ? " in" : "",
                 out_s);
    else if (out_s > 0)
        snprintf(held, sizeof(held), "%s abandons ≤%d s out",
                 c->sl_flowouts ? "flow-outs in," : "flow-outs and", out_s);
    else
        snprintf(held, sizeof(held), "flow-outs %s", c->sl_flowouts ? "in" : "out");
    const char *in_sl = !favour ? "answered" : short_words ? "answ.+aband." : "answered+abandoned";
    snprintf(buf, size, "%s ≤%d s ÷ calls\nthat reached %d s or ended\n%s", in_sl, t, t, held);
}

static const struct wb_thresholds *
thresholds_on(const struct wb_page *p, const char *metric)
{
    for (size_t i = 0; i < p->nwidgets; i++) {
        const struct wb_widget *w = &p->widgets[i];
        const struct wb_thresholds *t =
            w->kind && w->kind->thresholds ? w->kind->thresholds(w, metric) : NULL;
        if (t)
            return t;
    }
    return NULL;
}

const struct wb_thresholds *
wb_tile_thresholds(const struct wb_layout *l, size_t page, const char *metric)
{
    const struct wb_thresholds *t =
        page < l->npages ? thresholds_on(&l->pages[page], metric) : NULL;
    for (size_t p = 0; t == NULL && p < l->npages; p++)
        t = thresholds_on(&l->pages[p], metric);
    return t;
}

int
wb_header_clock_w(const struct wb_frame *f)
{
    int px = wb_px(f, f->layout->theme.title_size);
    return f->measure(f->measure_ctx, "00:00:00", px, true) + px / 2;
}

static const char *
name_in(const struct wb_names *m, const char *id)
{
    for (size_t i = m->n; i-- > 0;) { // the layout's own entries come after its include's
        if (strcmp(m->pair[i].id, id) == 0)
            return m->pair[i].name;
    }
    return id;
}

const char *
wb_site_name(const struct wb_layout *l, const char *id)
{
    return name_in(&l->site_names, id);
}

const char *
wb_reason_name(const struct wb_layout *l, const char *id)
{
    return name_in(&l->reason_names, id);
}

const char *
wb_scoped_name(const struct wb_layout *l, const char *id, char *buf, size_t size)
{
    const char *slash = strchr(id, '/');
    if (slash == NULL || l->site_names.n == 0)
        return id;
    char site[CORE_ID_MAX];
    snprintf(site, sizeof(site), "%.*s", (int)(slash - id), id);
    snprintf(buf, size, "%s/%s", wb_site_name(l, site), slash + 1);
    return buf;
}
