// SPDX-License-Identifier: MIT
// The agent's day: bar and list.
#include "wallboard/engine/timeline.h"

#include "wallboard/engine/format.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

static const enum wb_str state_words[CORE_AGENT_STATE_COUNT] = {
    WB_STR_STATE_LOGGED_OUT, WB_STR_STATE_AVAILABLE, WB_STR_STATE_RINGING,
    WB_STR_STATE_ON_CALL,    WB_STR_STATE_WRAP_UP,   WB_STR_STATE_NOT_READY};

// Time marks every 15 or 30 minutes, or 1 to 6 hours, whichever keeps the labels apart.
static void
draw_hours(const struct wb_frame *f, struct wb_rect r, double t0, double t1)
{
    const struct wb_theme *t = &f->layout->theme;
    int px = wb_px(f, t->label_size);
    int label_w = f->measure(f->measure_ctx, "00:00", px, false) + px;
    double span = t1 - t0 > 60 ? t1 - t0 : 60;
    static const int steps_min[] = {15, 30, 60, 120, 180, 240, 360};
    int step = 360 * 60;
    for (size_t i = 0; i < sizeof(steps_min) / sizeof(steps_min[0]); i++) {
        if (span / (steps_min[i] * 60.0) * label_w * 1.5 <= r.w) {
            step = steps_min[i] * 60;
            break;
        }
    }
    // Marks on whole steps of local time, counted from local midnight.
    time_t s = (time_t)t0;
    struct tm tm;
    if (localtime_r(&s, &tm) == NULL)
        return;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    double midnight = (double)mktime(&tm);
    double first = midnight + ceil((t0 - midnight) / step) * step;
    for (double m = first; m <= t1; m += step) {
        int x = r.x + (int)((m - t0) / span * r.w);
        if (x - label_w / 2 < r.x || x + label_w / 2 > r.x + r.w)
            continue;
        char text[16];
        wb_format_clock(text, sizeof(text), m);
        wb_draw_rect(f->dl, (struct wb_rect){x, r.y, wb_px(f, 0.002), px / 2}, t->muted);
        wb_draw_text(f->dl, (struct wb_rect){x - label_w / 2, r.y + px / 2, label_w, px * 3 / 2},
                     text, px, false, WB_ALIGN_CENTER, t->muted);
    }
}

static void
draw_bar(const struct wb_frame *f, struct wb_rect r, const struct wb_history *h, double t0,
         double t1)
{
    const struct wb_theme *t = &f->layout->theme;
    double span = t1 - t0 > 60 ? t1 - t0 : 60;
    wb_draw_rect(f->dl, r, t->background);
    for (size_t i = 0; i < h->len; i++) {
        double a = h->spans[i].since_s > t0 ? h->spans[i].since_s : t0;
        double b = i + 1 < h->len ? h->spans[i + 1].since_s : t1;
        int x0 = r.x + (int)floor((a - t0) / span * r.w);
        int x1 = r.x + (int)ceil((b - t0) / span * r.w);
        x1 = x1 > r.x + r.w ? r.x + r.w : x1;
        if (x1 > x0 && h->spans[i].state != CORE_AGENT_LOGGED_OUT)
            wb_draw_rect(f->dl, (struct wb_rect){x0, r.y, x1 - x0, r.h},
                         wb_agent_state_color(f, h->spans[i].state));
    }
}

// The latest changes, newest first, in as many columns as fit.
static void
draw_list(const struct wb_frame *f, struct wb_rect r, const struct wb_history *h, double t1)
{
    const struct wb_theme *t = &f->layout->theme;
    int px = wb_px(f, t->text_size), pad = px / 2;
    int row_h = px * 7 / 4, gap = px;
    int col_w = wb_px(f, 0.55);
    int cols = (r.w + gap) / (col_w + gap);
    cols = cols < 1 ? 1 : cols;
    col_w = (r.w - (cols - 1) * gap) / cols;
    int rows = r.h / row_h;
    size_t room = rows > 0 ? (size_t)rows * (size_t)cols : 0;
    int time_w = f->measure(f->measure_ctx, "00:00", px, false) + pad;
    int dur_w = f->measure(f->measure_ctx, "0:00:00", px, true) + pad;
    for (size_t k = 0; k < room && k < h->len; k++) {
        const struct wb_history_span *s = &h->spans[h->len - 1 - k];
        double end = k == 0 ? t1 : h->spans[h->len - k].since_s;
        int cx = (int)(k / (size_t)rows), cy = (int)(k % (size_t)rows);
        struct wb_rect row = {r.x + cx * (col_w + gap), r.y + cy * row_h, col_w, row_h};
        char when[16], dur[16];
        wb_format_clock(when, sizeof(when), s->since_s);
        wb_format_duration(dur, sizeof(dur), end - s->since_s);
        wb_draw_text(f->dl, (struct wb_rect){row.x, row.y, time_w, row.h}, when, px, false,
                     WB_ALIGN_LEFT, t->muted);
        struct wb_color bg = wb_agent_state_color(f, s->state);
        struct wb_rect chip = {row.x + time_w, row.y + pad / 4, row.w - time_w - dur_w - pad,
                               row.h - pad / 2};
        wb_draw_rect(f->dl, chip, bg);
        const char *word = s->state == CORE_AGENT_NOT_READY && s->reason[0]
                               ? s->reason
                               : wb_str(f->layout->lang, state_words[s->state]);
        wb_draw_fitted(f, (struct wb_rect){chip.x + pad / 2, chip.y, chip.w - pad, chip.h}, word,
                       px, false, WB_ALIGN_LEFT,
                       wb_color_text_on(bg, (struct wb_color){255, 255, 255, 255},
                                        (struct wb_color){12, 14, 20, 255}));
        wb_draw_text(f->dl, (struct wb_rect){row.x + row.w - dur_w, row.y, dur_w, row.h}, dur, px,
                     true, WB_ALIGN_RIGHT, t->text);
    }
}

void
wb_timeline_draw(const struct wb_frame *f, struct wb_rect r, const struct wb_history *h)
{
    const struct wb_theme *t = &f->layout->theme;
    int label_px = wb_px(f, t->label_size), px = wb_px(f, t->text_size);
    wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w, label_px * 3 / 2},
                   wb_str(f->layout->lang, WB_STR_TODAY_STATES), label_px, false, WB_ALIGN_LEFT,
                   t->muted);
    r.y += label_px * 3 / 2;
    r.h -= label_px * 3 / 2;
    if (h == NULL || !h->loaded || h->len == 0) {
        char text[256];
        if (h && h->error[0])
            wb_str_format(text, sizeof(text), f->layout->lang, WB_STR_HISTORY_UNAVAILABLE,
                          h->error);
        else
            snprintf(
                text, sizeof(text), "%s",
                wb_str(f->layout->lang, h && h->loaded ? WB_STR_NO_DATA : WB_STR_HISTORY_LOADING));
        wb_draw_fitted(f, (struct wb_rect){r.x, r.y, r.w, px * 2}, text, px, false, WB_ALIGN_LEFT,
                       t->muted);
        return;
    }
    // From the day's first state (or midnight) to now, as the collector's clock has it.
    double t0 = h->spans[0].since_s > h->day_start_s ? h->spans[0].since_s : h->day_start_s;
    double t1 = f->now_s > h->now_s ? f->now_s : h->now_s;
    int bar_h = px * 3 / 2;
    draw_bar(f, (struct wb_rect){r.x, r.y, r.w, bar_h}, h, t0, t1);
    draw_hours(f, (struct wb_rect){r.x, r.y + bar_h, r.w, label_px * 2}, t0, t1);
    int used = bar_h + label_px * 2 + label_px / 2;
    draw_list(f, (struct wb_rect){r.x, r.y + used, r.w, r.h - used}, h, t1);
}
