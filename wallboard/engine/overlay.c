// SPDX-License-Identifier: MIT
// Drill-down overlays. One panel: a title row with the way out, a strip of figures, then the
// detail (a queue's agents, an agent's queues). Sizes come from the theme, as on the board.
#include "wallboard/engine/overlay.h"

#include "wallboard/engine/format.h"
#include "wallboard/engine/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARGIN_OF_HEIGHT 0.06

static const enum wb_str state_words[CORE_AGENT_STATE_COUNT] = {
    WB_STR_STATE_LOGGED_OUT, WB_STR_STATE_AVAILABLE, WB_STR_STATE_RINGING,
    WB_STR_STATE_ON_CALL,    WB_STR_STATE_WRAP_UP,   WB_STR_STATE_NOT_READY};

struct wb_rect
wb_overlay_rect(int screen_w, int screen_h)
{
    int m = (int)(screen_h * MARGIN_OF_HEIGHT);
    int mx = screen_w > screen_h ? m * 2 : m / 2; // portrait: use the narrow width
    return (struct wb_rect){mx, m, screen_w - 2 * mx, screen_h - 2 * m};
}

static struct wb_color
on_color(struct wb_color bg)
{
    return wb_color_text_on(bg, (struct wb_color){255, 255, 255, 255},
                            (struct wb_color){12, 14, 20, 255});
}

// The frame, the title, and the way out at the foot; returns the area in between.
static struct wb_rect
draw_frame(const struct wb_frame *f, struct wb_rect r, const char *title, int left_s)
{
    const struct wb_theme *t = &f->layout->theme;
    int border = wb_px(f, 0.005);
    wb_draw_rect(f->dl, r, t->text);
    struct wb_rect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    wb_draw_rect(f->dl, in, t->panel);
    int pad = wb_px(f, t->label_size);
    int title_px = wb_px(f, t->title_size), label_px = wb_px(f, t->label_size);
    int title_h = title_px * 2, foot_h = label_px * 2;
    wb_draw_fitted(f, (struct wb_rect){in.x + pad, in.y, in.w - 2 * pad, title_h}, title, title_px,
                   true, WB_ALIGN_LEFT, t->text);
    char secs[16], hint[128];
    snprintf(secs, sizeof(secs), "%d", left_s);
    wb_str_format(hint, sizeof(hint), f->layout->lang, WB_STR_OVERLAY_CLOSE, secs);
    wb_draw_fitted(f, (struct wb_rect){in.x + pad, in.y + in.h - foot_h, in.w - 2 * pad, foot_h},
                   hint, label_px, false, WB_ALIGN_RIGHT, t->muted);
    return (struct wb_rect){in.x + pad, in.y + title_h, in.w - 2 * pad, in.h - title_h - foot_h};
}

struct figure {
    enum wb_str label;
    char value[48];
    struct wb_color color;
};

// A row of labelled figures across r; returns the area below it.
static struct wb_rect
draw_figures(const struct wb_frame *f, struct wb_rect r, const struct figure *figs, size_t n)
{
    const struct wb_theme *t = &f->layout->theme;
    int label_px = wb_px(f, t->label_size);
    int fig_px = wb_px(f, t->figure_size * 0.8 > 0.1 ? t->figure_size * 0.8 : 0.1);
    int label_h = label_px * 3 / 2, fig_h = fig_px * 5 / 4;
    int cell_w = r.w / (int)n;
    for (size_t i = 0; i < n; i++) {
        struct wb_rect cell = {r.x + cell_w * (int)i, r.y, cell_w - label_px, label_h};
        wb_draw_fitted(f, cell, wb_str(f->layout->lang, figs[i].label), label_px, false,
                       WB_ALIGN_LEFT, t->muted);
        cell.y += label_h;
        cell.h = fig_h;
        wb_draw_fitted(f, cell, figs[i].value, fig_px, true, WB_ALIGN_LEFT, figs[i].color);
    }
    int used = label_h + fig_h + label_px;
    return (struct wb_rect){r.x, r.y + used, r.w, r.h - used};
}

// One agent as a row: state chip in words, name, time in state. Touching it opens the agent.
static void
draw_agent_row(const struct wb_frame *f, const struct core_view_agent *a, struct wb_rect r)
{
    const struct wb_theme *t = &f->layout->theme;
    int px = wb_px(f, t->text_size), pad = px / 2;
    struct wb_color bg = wb_agent_state_color(f, a->state);
    const char *word = a->state == CORE_AGENT_NOT_READY && a->reason[0]
                           ? wb_reason_name(f->layout, a->reason)
                           : wb_str(f->layout->lang, state_words[a->state]);
    int chip_w = r.w * 3 / 10;
    struct wb_rect chip = {r.x, r.y + pad / 4, chip_w, r.h - pad / 2};
    wb_draw_rect(f->dl, chip, bg);
    wb_draw_fitted(f, (struct wb_rect){chip.x + pad / 2, chip.y, chip.w - pad, chip.h}, word, px,
                   false, WB_ALIGN_LEFT, on_color(bg));
    char dur[16];
    wb_format_duration(dur, sizeof(dur), f->now_s - a->since_s);
    int dur_w = f->measure(f->measure_ctx, "0:00:00", px, true) + pad;
    wb_draw_fitted(f, (struct wb_rect){chip.x + chip_w + pad, r.y, r.w - chip_w - dur_w - pad, r.h},
                   a->name[0] ? a->name : a->id, px, false, WB_ALIGN_LEFT, t->text);
    wb_draw_text(f->dl, (struct wb_rect){r.x + r.w - dur_w, r.y, dur_w, r.h}, dur, px, true,
                 WB_ALIGN_RIGHT, f->stale ? t->muted : t->text);
    wb_hits_add(f->hits, r, WB_HIT_AGENT, a->id);
}

// Busiest first: on a call, ringing, wrap-up, available, not ready; then by name.
static int
agent_order(const void *pa, const void *pb)
{
    static const int rank[CORE_AGENT_STATE_COUNT] = {5, 3, 1, 0, 2, 4};
    const struct core_view_agent *a = *(const struct core_view_agent *const *)pa;
    const struct core_view_agent *b = *(const struct core_view_agent *const *)pb;
    if (rank[a->state] != rank[b->state])
        return rank[a->state] - rank[b->state];
    return strcmp(a->name, b->name);
}

static void
draw_agent_list(const struct wb_frame *f, struct wb_rect r, const char *queue)
{
    const struct wb_theme *t = &f->layout->theme;
    const struct core_view *v = f->view;
    const struct core_view_agent **list = v->nagents ? malloc(v->nagents * sizeof(*list)) : NULL;
    size_t n = 0;
    for (size_t i = 0; list && i < v->nagents; i++) {
        const struct core_view_agent *a = &v->agents[i];
        if (a->state != CORE_AGENT_LOGGED_OUT && core_view_agent_serves(a, queue))
            list[n++] = a;
    }
    if (n > 1)
        qsort(list, n, sizeof(*list), agent_order);
    int label_px = wb_px(f, t->label_size), px = wb_px(f, t->text_size);
    char count[24], heading[96];
    snprintf(count, sizeof(count), "%zu", n);
    snprintf(heading, sizeof(heading), "%s · %s", wb_str(f->layout->lang, WB_STR_AGENTS), count);
    wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w, label_px * 3 / 2}, heading, label_px, false,
                   WB_ALIGN_LEFT, t->muted);
    r.y += label_px * 3 / 2;
    r.h -= label_px * 3 / 2;
    // Rows a finger can hit on a 55" screen (at least 2 x text, ~4 cm at 1080p), in columns.
    int row_h = px * 2, gap = px;
    int col_w = wb_px(f, 0.55);
    int cols = (r.w + gap) / (col_w + gap);
    cols = cols < 1 ? 1 : cols;
    col_w = (r.w - (cols - 1) * gap) / cols;
    int rows = r.h / row_h;
    size_t room = (size_t)(rows > 0 ? rows : 0) * (size_t)cols;
    size_t shown = n <= room ? n : (room > 0 ? room - 1 : 0);
    for (size_t k = 0; k < shown; k++) {
        int cx = (int)(k / (size_t)rows), cy = (int)(k % (size_t)rows); // down, then across
        draw_agent_row(f, list[k],
                       (struct wb_rect){r.x + cx * (col_w + gap), r.y + cy * row_h, col_w, row_h});
    }
    if (shown < n && room > 0) {
        char more[24], text[64];
        snprintf(more, sizeof(more), "%zu", n - shown);
        wb_str_format(text, sizeof(text), f->layout->lang, WB_STR_MORE, more);
        int cx = (int)(shown / (size_t)rows), cy = (int)(shown % (size_t)rows);
        wb_draw_fitted(f,
                       (struct wb_rect){r.x + cx * (col_w + gap), r.y + cy * row_h, col_w, row_h},
                       text, px, true, WB_ALIGN_LEFT, t->text);
    }
    free(list);
}

static void
format_ratio(char *buf, size_t size, bool known, double ratio)
{
    if (known)
        snprintf(buf, size, "%.0f%%", ratio * 100);
    else
        snprintf(buf, size, "—");
}

// A channel as the events name it, in the screen's language when it is a common one.
static const char *
channel_words(enum wb_lang lang, const char *channel)
{
    static const struct {
        const char *name, *zh, *en;
    } known[] = {{"voice", "语音", "Voice"},      {"chat", "在线客服", "Chat"},
                 {"email", "邮件", "Email"},      {"video", "视频", "Video"},
                 {"sms", "短信", "SMS"},          {"callback", "回呼", "Callback"},
                 {"social", "社交媒体", "Social"}};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(channel, known[i].name) == 0)
            return lang == WB_LANG_ZH ? known[i].zh : known[i].en;
    }
    return channel[0] ? channel : "—";
}

// The calls waiting, longest first: how long each has waited, and on which channel.
static void
draw_calls(const struct wb_frame *f, struct wb_rect r, const char *queue,
           const struct wb_queue_calls *calls)
{
    const struct wb_theme *t = &f->layout->theme;
    enum wb_lang lang = f->layout->lang;
    int label_px = wb_px(f, t->label_size), px = wb_px(f, t->text_size);
    bool ours = calls && strcmp(calls->queue, queue) == 0;
    char heading[96], count[24];
    snprintf(count, sizeof(count), "%zu", ours && calls->loaded ? calls->waiting : 0);
    snprintf(heading, sizeof(heading), "%s · %s", wb_str(lang, WB_STR_WAITING_CALLS),
             ours && calls->loaded ? count : "…");
    wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w, label_px * 3 / 2}, heading, label_px, false,
                   WB_ALIGN_LEFT, t->muted);
    r.y += label_px * 3 / 2;
    r.h -= label_px * 3 / 2;
    if (!ours || !calls->loaded) {
        char text[256];
        if (ours && calls->error[0])
            wb_str_format(text, sizeof(text), lang, WB_STR_CALLS_UNAVAILABLE, calls->error);
        else
            snprintf(text, sizeof(text), "%s", wb_str(lang, WB_STR_HISTORY_LOADING_SHORT));
        wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w, px * 2}, text, px, false, WB_ALIGN_LEFT,
                       t->muted);
        return;
    }
    int row_h = px * 7 / 4;
    size_t rows = r.h > 0 ? (size_t)(r.h / row_h) : 0;
    size_t shown = calls->len <= rows ? calls->len : (rows ? rows - 1 : 0);
    int dur_w = f->measure(f->measure_ctx, "0:00:00", px, true) + px / 2;
    for (size_t i = 0; i < shown; i++) {
        struct wb_rect row = {r.x, r.y + (int)i * row_h, r.w, row_h};
        char dur[16];
        wb_format_duration(dur, sizeof(dur), f->now_s - calls->calls[i].since_s);
        // The wait in the act colour past the service-level threshold: these are the ones
        // already lost for the service level.
        bool late = f->now_s - calls->calls[i].since_s > f->view->metrics.sl_threshold_s;
        wb_draw_text(f->dl, (struct wb_rect){row.x, row.y, dur_w, row.h}, dur, px, true,
                     WB_ALIGN_RIGHT, late && !f->stale ? t->act : t->text);
        wb_draw_fitted(f, (struct wb_rect){row.x + dur_w + px, row.y, row.w - dur_w - px, row.h},
                       channel_words(lang, calls->calls[i].channel), px, false, WB_ALIGN_LEFT,
                       t->muted);
    }
    if (shown < calls->waiting && rows > 0) {
        char more[24], text[64];
        snprintf(more, sizeof(more), "%zu", calls->waiting - shown);
        wb_str_format(text, sizeof(text), lang, WB_STR_MORE_CALLS, more);
        wb_draw_fitted(f, (struct wb_rect){r.x, r.y + (int)shown * row_h, r.w, row_h}, text, px,
                       true, WB_ALIGN_LEFT, t->text);
    }
}

static void
draw_queue(const struct wb_frame *f, struct wb_rect r, const char *id, int left_s,
           const struct wb_queue_calls *calls)
{
    const struct wb_theme *t = &f->layout->theme;
    const struct core_view_queue *q = core_view_find_queue(f->view, id);
    struct wb_rect in = draw_frame(f, r, id, left_s);
    if (q == NULL) {
        wb_draw_fitted(f, in, wb_str(f->layout->lang, WB_STR_NO_DATA), wb_px(f, t->text_size),
                       false, WB_ALIGN_CENTER, t->muted);
        return;
    }
    struct wb_color fg = f->stale ? t->muted : t->text;
    struct figure figs[5] = {{WB_STR_COL_WAITING, "", fg},
                             {WB_STR_COL_LONGEST, "", fg},
                             {WB_STR_SL_TODAY, "", fg},
                             {WB_STR_ANSWERED_TODAY, "", fg},
                             {WB_STR_ABANDONED_TODAY, "", fg}};
    wb_format_count(figs[0].value, sizeof(figs[0].value), (double)q->waiting);
    wb_format_duration(figs[1].value, sizeof(figs[1].value), q->longest_wait_s);
    const struct core_tally *today = &q->win[CORE_WIN_TODAY];
    double sl = 0;
    bool has_sl =
        q->has_windows && core_tally_figure(today, &f->view->metrics, CORE_FIG_SERVICE_LEVEL, &sl);
    format_ratio(figs[2].value, sizeof(figs[2].value), has_sl, sl);
    wb_format_count(figs[3].value, sizeof(figs[3].value),
                    (double)(q->has_windows ? today->answered : q->answered));
    wb_format_count(figs[4].value, sizeof(figs[4].value),
                    (double)(q->has_windows ? today->abandoned : q->abandoned));
    in = draw_figures(f, in, figs, 5);
    // The waiting calls on the left (a third), the agents beside them.
    int gap = wb_px(f, t->text_size);
    int calls_w = in.w / 3;
    draw_calls(f, (struct wb_rect){in.x, in.y, calls_w - gap, in.h}, id, calls);
    draw_agent_list(f, (struct wb_rect){in.x + calls_w, in.y, in.w - calls_w, in.h}, id);
}

// The last missed rings, newest first, on one line: "10:42 故障报修 15秒 · 10:31 电费 20秒".
static struct wb_rect
draw_missed(const struct wb_frame *f, struct wb_rect in, const struct core_view_agent *a)
{
    const struct wb_theme *t = &f->layout->theme;
    if (a->nmissed == 0)
        return in;
    int label_px = wb_px(f, t->label_size), px = wb_px(f, t->text_size);
    char line[512];
    int n = 0;
    for (size_t i = 0; i < a->nmissed && i < 3 && n < (int)sizeof(line) - 1; i++) {
        char at[16], ring[16];
        wb_format_clock(at, sizeof(at), a->missed[i].at_s);
        wb_format_duration(ring, sizeof(ring), a->missed[i].ring_s);
        n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s %s %s", i ? " · " : "", at,
                      a->missed[i].queue, ring);
    }
    wb_draw_fitted(f, (struct wb_rect){in.x, in.y, in.w, label_px * 3 / 2},
                   wb_str(f->layout->lang, WB_STR_LAST_MISSED), label_px, false, WB_ALIGN_LEFT,
                   t->muted);
    int y = in.y + label_px * 3 / 2;
    wb_draw_fitted(f, (struct wb_rect){in.x, y, in.w, px * 3 / 2}, line, px, false, WB_ALIGN_LEFT,
                   t->text);
    int used = label_px * 3 / 2 + px * 3 / 2 + px / 2;
    return (struct wb_rect){in.x, in.y + used, in.w, in.h - used};
}

static void
draw_agent(const struct wb_frame *f, struct wb_rect r, const char *id, int left_s,
           const struct wb_history *history)
{
    const struct wb_theme *t = &f->layout->theme;
    const struct core_view_agent *a = NULL;
    for (size_t i = 0; i < f->view->nagents && a == NULL; i++) {
        if (strcmp(f->view->agents[i].id, id) == 0)
            a = &f->view->agents[i];
    }
    char title[3 * CORE_ID_MAX + 16];
    if (a && a->team[0])
        snprintf(title, sizeof(title), "%s · %s · %s", a->name[0] ? a->name : id, id, a->team);
    else
        snprintf(title, sizeof(title), "%s · %s", a && a->name[0] ? a->name : id, id);
    struct wb_rect in = draw_frame(f, r, title, left_s);
    int px = wb_px(f, t->text_size);
    if (a == NULL) {
        wb_draw_fitted(f, in, wb_str(f->layout->lang, WB_STR_NO_DATA), px, false, WB_ALIGN_CENTER,
                       t->muted);
        return;
    }
    // The state now, large, in its colour and in words.
    struct wb_color bg = wb_agent_state_color(f, a->state);
    int band_h = wb_px(f, t->title_size) * 2;
    wb_draw_rect(f->dl, (struct wb_rect){in.x, in.y, in.w, band_h}, bg);
    char state[2 * CORE_ID_MAX + 32], dur[16];
    const char *word = wb_str(f->layout->lang, state_words[a->state]);
    if (a->state == CORE_AGENT_NOT_READY && a->reason[0])
        snprintf(state, sizeof(state), "%s · %s", word, wb_reason_name(f->layout, a->reason));
    else
        snprintf(state, sizeof(state), "%s", word);
    wb_format_duration(dur, sizeof(dur), f->now_s - a->since_s);
    int title_px = wb_px(f, t->title_size);
    int dur_w = f->measure(f->measure_ctx, "0:00:00", title_px, true) + px;
    wb_draw_fitted(f, (struct wb_rect){in.x + px, in.y, in.w - dur_w - 2 * px, band_h}, state,
                   title_px, true, WB_ALIGN_LEFT, on_color(bg));
    if (a->state != CORE_AGENT_LOGGED_OUT)
        wb_draw_text(f->dl, (struct wb_rect){in.x + in.w - dur_w - px, in.y, dur_w, band_h}, dur,
                     title_px, true, WB_ALIGN_RIGHT, on_color(bg));
    in.y += band_h + px;
    in.h -= band_h + px;
    struct wb_color fg = f->stale ? t->muted : t->text;
    struct figure figs[4] = {{WB_STR_HANDLED_TODAY, "", fg},
                             {WB_STR_COL_AHT, "", fg},
                             {WB_STR_OCCUPANCY, "", fg},
                             {WB_STR_COL_MISSED_RINGS, "", fg}};
    wb_format_count(figs[0].value, sizeof(figs[0].value), (double)a->handled_today);
    if (a->aht_today_s >= 0)
        wb_format_duration(figs[1].value, sizeof(figs[1].value), a->aht_today_s);
    else
        snprintf(figs[1].value, sizeof(figs[1].value), "—");
    format_ratio(figs[2].value, sizeof(figs[2].value), a->occupancy_today >= 0, a->occupancy_today);
    wb_format_count(figs[3].value, sizeof(figs[3].value), (double)a->missed_today);
    in = draw_figures(f, in, figs, 4);
    in = draw_missed(f, in, a);
    // The queues the agent serves, as a wrapped list of names.
    int label_px = wb_px(f, t->label_size);
    wb_draw_fitted(f, (struct wb_rect){in.x, in.y, in.w, label_px * 3 / 2},
                   wb_str(f->layout->lang, WB_STR_QUEUES), label_px, false, WB_ALIGN_LEFT,
                   t->muted);
    // Three to a row, two rows at most (few agents serve more than six queues).
    int y = in.y + label_px * 3 / 2, row_h = px * 2, col_w = in.w / 3;
    size_t shown = a->nqueues < 6 ? a->nqueues : 6;
    for (size_t i = 0; i < shown; i++) {
        int cx = (int)(i % 3), cy = (int)(i / 3);
        struct wb_rect cell = {in.x + cx * col_w, y + cy * row_h, col_w - px, row_h};
        wb_draw_fitted(f, cell, a->queues[i], px, false, WB_ALIGN_LEFT, t->text);
        wb_hits_add(f->hits, cell, WB_HIT_QUEUE, a->queues[i]);
    }
    int used = label_px * 3 / 2 + row_h * (int)((shown + 2) / 3 > 0 ? (shown + 2) / 3 : 1) + px / 2;
    wb_timeline_draw(f, (struct wb_rect){in.x, in.y + used, in.w, in.h - used}, history);
}

void
wb_overlay_draw(const struct wb_frame *f, int screen_w, enum wb_overlay_kind kind, const char *id,
                int left_s, const struct wb_history *history, const struct wb_queue_calls *calls)
{
    struct wb_rect r = wb_overlay_rect(screen_w, f->screen_h);
    if (kind == WB_OVERLAY_QUEUE)
        draw_queue(f, r, id, left_s, calls);
    else if (kind == WB_OVERLAY_AGENT)
        draw_agent(f, r, id, left_s, history);
}
