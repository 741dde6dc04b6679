// SPDX-License-Identifier: MIT
// The alert band.
#include "wallboard/engine/alert_band.h"

#include "wallboard/engine/format.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int
rank(const struct core_view_alert *a)
{
    return (a->acked ? 2 : 0) + (a->act ? 0 : 1);
}

int
wb_alert_first(const struct core_view *v)
{
    int best = -1;
    for (size_t i = 0; i < v->nalerts; i++) {
        if (best < 0 || rank(&v->alerts[i]) < rank(&v->alerts[best]))
            best = (int)i;
    }
    return best;
}

// The figure as the board shows it elsewhere: counts, m:ss, or per cent.
static void
figure_text(const char *metric, double v, char *buf, size_t size)
{
    if (strcmp(metric, "longest_wait_s") == 0 || strcmp(metric, "asa_s") == 0)
        wb_format_duration(buf, size, v);
    else if (strcmp(metric, "service_level") == 0 || strcmp(metric, "abandon_rate") == 0)
        snprintf(buf, size, "%.0f%%", v * 100);
    else
        wb_format_count(buf, size, v);
}

static const char *
metric_words(enum wb_lang lang, const char *metric)
{
    static const struct {
        const char *metric;
        enum wb_str words;
    } names[] = {{"waiting", WB_STR_COL_WAITING},
                 {"longest_wait_s", WB_STR_COL_LONGEST},
                 {"agents_available", WB_STR_COL_AVAILABLE},
                 {"service_level", WB_STR_COL_SL},
                 {"abandon_rate", WB_STR_COL_ABANDON_RATE},
                 {"asa_s", WB_STR_COL_ASA}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(metric, names[i].metric) == 0)
            return wb_str(lang, names[i].words);
    }
    return metric;
}

// "排队过多 · 故障报修 · 排队 12（阈值 10）· 10:31 起": the rule's title says which way is bad.
// "关键词激增 · 停电 · 30 通（阈值 10）· 江苏 24 · 安徽 6 · 10:31 起": the word, how many calls
// said it in the window, and where from.
static void
keyword_text(const struct wb_frame *f, const struct core_view_alert *a, char *buf, size_t size)
{
    enum wb_lang lang = f->layout->lang;
    bool zh = lang == WB_LANG_ZH;
    char since[16];
    wb_format_clock(since, sizeof(since), a->since_s);
    const char *title = a->title[0] ? a->title
                        : strcmp(a->metric, "keyword_surge") == 0
                            ? wb_str(lang, WB_STR_KEYWORD_SURGE)
                            : wb_str(lang, WB_STR_WATCH_WORD);
    int n = snprintf(buf, size,
                     zh ? "%s · %s · %.0f 通（阈值 %.0f）" : "%s · %s · %.0f calls (limit %.0f)",
                     title, a->word, a->value, a->threshold);
    for (size_t i = 0; i < a->nregions && n > 0 && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, " · %s %llu",
                      wb_regions_name(f->regions, a->regions[i].region, lang),
                      (unsigned long long)a->regions[i].count);
    if (n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, zh ? " · %s 起" : " · since %s", since);
}

static void
alert_text(const struct wb_frame *f, const struct core_view_alert *a, char *buf, size_t size)
{
    if (a->word[0]) {
        keyword_text(f, a, buf, size);
        return;
    }
    enum wb_lang lang = f->layout->lang;
    bool zh = lang == WB_LANG_ZH;
    char value[32], limit[32], since[16];
    figure_text(a->metric, a->value, value, sizeof(value));
    figure_text(a->metric, a->threshold, limit, sizeof(limit));
    wb_format_clock(since, sizeof(since), a->since_s);
    const char *what = metric_words(lang, a->metric);
    const char *scope = a->queue[0] ? a->queue : (zh ? "全部队列" : "all queues");
    char title[160] = "";
    if (a->title[0]) // a rule without a title is named by its figure alone
        snprintf(title, sizeof(title), "%s · ", a->title);
    snprintf(buf, size,
             zh ? "%s%s · %s %s（阈值 %s）· %s 起" : "%s%s · %s %s (limit %s) · since %s", title,
             scope, what, value, limit, since);
}

void
wb_alert_band_draw(const struct wb_frame *f, struct wb_rect band, const char *notice)
{
    const struct core_view *v = f->view;
    int first = wb_alert_first(v);
    if (first < 0)
        return;
    const struct wb_theme *t = &f->layout->theme;
    const struct core_view_alert *a = &v->alerts[first];
    struct wb_color white = {255, 255, 255, 255}, ink = {12, 14, 20, 255};
    struct wb_color bg = a->act ? t->state[CORE_AGENT_NOT_READY] : t->watch;
    if (a->acked)
        bg = t->panel;
    else if (a->act && !f->blink_on)
        bg = wb_color_mix(bg, ink, 0.35); // a slow pulse nobody can miss
    struct wb_color fg = a->acked ? (a->act ? t->act : t->watch) : wb_color_text_on(bg, white, ink);
    wb_draw_rect(f->dl, band, bg);
    if (a->acked) // a frame in the alert's colour keeps it visible but calm
        wb_draw_rect(
            f->dl,
            (struct wb_rect){band.x, band.y + band.h - wb_px(f, 0.006), band.w, wb_px(f, 0.006)},
            fg);
    wb_hits_add(f->hits, band, WB_HIT_ALERT, a->key);
    enum wb_lang lang = f->layout->lang;
    int px = wb_px(f, t->title_size), small = wb_px(f, t->label_size);
    char hint[256];
    if (notice) {
        snprintf(hint, sizeof(hint), "%s", notice);
    } else if (a->acked) {
        char when[16];
        wb_format_clock(when, sizeof(when), a->acked_s);
        snprintf(hint, sizeof(hint), "%s %s %s", wb_str(lang, WB_STR_ACKED_BY), a->acked_by, when);
    } else {
        snprintf(hint, sizeof(hint), "%s", wb_str(lang, WB_STR_LONG_PRESS_ACK));
    }
    if (v->nalerts > 1) {
        char n[24], more[64];
        snprintf(n, sizeof(n), "%zu", v->nalerts - 1);
        wb_str_format(more, sizeof(more), lang, WB_STR_MORE_ALERTS, n);
        snprintf(hint + strlen(hint), sizeof(hint) - strlen(hint), " · %s", more);
    }
    int hint_w = f->measure(f->measure_ctx, hint, small, false) + px;
    if (hint_w > band.w * 2 / 5)
        hint_w = band.w * 2 / 5;
    char text[512];
    alert_text(f, a, text, sizeof(text));
    wb_draw_fitted(f, (struct wb_rect){band.x + px / 2, band.y, band.w - hint_w - px, band.h}, text,
                   px, true, WB_ALIGN_LEFT, fg);
    wb_draw_fitted(f, (struct wb_rect){band.x + band.w - hint_w, band.y, hint_w - px / 2, band.h},
                   hint, small, false, WB_ALIGN_RIGHT, fg);
}
