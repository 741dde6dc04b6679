// SPDX-License-Identifier: MIT
// A KPI tile: one headline figure with its label, coloured by thresholds.
#include "wallboard/format.h"
#include "wallboard/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kpi_metric {
    M_WAITING,
    M_LONGEST_WAIT,
    M_OFFERED,
    M_ANSWERED,
    M_ABANDONED,
    M_TRANSFERRED,
    M_AGENTS_AVAILABLE,
    M_AGENTS_ON_CALL,
    M_AGENTS_WRAP_UP,
    M_AGENTS_NOT_READY,
    M_AGENTS_LOGGED_IN,
    M_COUNT
};

static const char *const metric_names[M_COUNT] = {
    "waiting",        "longest_wait",     "offered",          "answered",
    "abandoned",      "transferred",      "agents_available", "agents_on_call",
    "agents_wrap_up", "agents_not_ready", "agents_logged_in",
};

struct kpi_opts {
    enum kpi_metric metric;
    struct wb_thresholds thresholds;
};

static const char *const kpi_keys[] = {"metric", "thresholds", NULL};

static int
kpi_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct kpi_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metric");
    o->metric = M_COUNT;
    for (int i = 0; cJSON_IsString(m) && i < M_COUNT; i++) {
        if (strcmp(m->valuestring, metric_names[i]) == 0)
            o->metric = (enum kpi_metric)i;
    }
    if (o->metric == M_COUNT) {
        char list[512];
        size_t n = 0;
        for (int i = 0; i < M_COUNT; i++)
            n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
                                  metric_names[i]);
        return core_err_set(err, CORE_E_INVALID, "%s.metric: %s%s%s; expected one of %s", path,
                            cJSON_IsString(m) ? "\"" : "missing",
                            cJSON_IsString(m) ? m->valuestring : "",
                            cJSON_IsString(m) ? "\" is not known" : "", list);
    }
    bool low_is_bad = o->metric == M_AGENTS_AVAILABLE;
    return wb_layout_get_thresholds(obj, "thresholds", low_is_bad, &o->thresholds, path, err);
}

// The figure for the widget's queues; agents are counted once even when they serve several.
static double
kpi_value(const struct wb_widget *w, const struct kpi_opts *o, const struct core_view *v)
{
    double sum = 0;
    if (o->metric >= M_AGENTS_AVAILABLE) {
        for (size_t i = 0; i < v->nagents; i++) {
            const struct core_view_agent *a = &v->agents[i];
            if (!wb_widget_wants_agent(w, a))
                continue;
            enum core_agent_state s = a->state;
            sum += (o->metric == M_AGENTS_AVAILABLE && s == CORE_AGENT_AVAILABLE) ||
                   (o->metric == M_AGENTS_ON_CALL && s == CORE_AGENT_ON_CALL) ||
                   (o->metric == M_AGENTS_WRAP_UP && s == CORE_AGENT_WRAP_UP) ||
                   (o->metric == M_AGENTS_NOT_READY && s == CORE_AGENT_NOT_READY) ||
                   (o->metric == M_AGENTS_LOGGED_IN && s != CORE_AGENT_LOGGED_OUT);
        }
        return sum;
    }
    for (size_t i = 0; i < v->nqueues; i++) {
        const struct core_view_queue *q = &v->queues[i];
        if (!wb_widget_wants_queue(w, q->id))
            continue;
        switch (o->metric) {
        case M_WAITING: sum += (double)q->waiting; break;
        case M_LONGEST_WAIT: sum = q->longest_wait_s > sum ? q->longest_wait_s : sum; break;
        case M_OFFERED: sum += (double)q->offered; break;
        case M_ANSWERED: sum += (double)q->answered; break;
        case M_ABANDONED: sum += (double)q->abandoned; break;
        case M_TRANSFERRED: sum += (double)q->transferred; break;
        default: break;
        }
    }
    return sum;
}

static void
kpi_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct kpi_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect in = wb_draw_panel(w, f, r);
    char text[32] = "—"; // a figure that cannot be computed is a dash, never 0
    enum wb_level level = WB_LEVEL_NORMAL;
    if (f->view->has_data) {
        double v = kpi_value(w, o, f->view);
        if (o->metric == M_LONGEST_WAIT)
            wb_format_duration(text, sizeof(text), v);
        else
            wb_format_count(text, sizeof(text), v);
        level = wb_thresholds_level(&o->thresholds, v);
    }
    // The biggest figure that fits the tile, but never larger than the theme asks.
    int px = wb_px(f, t->figure_size);
    if (px > in.h * 9 / 10)
        px = in.h * 9 / 10;
    while (px > 8 && f->measure(f->measure_ctx, text, px, true) > in.w)
        px = px * 9 / 10;
    struct wb_color c = wb_level_color(f, level);
    wb_draw_text(f->dl, in, text, px, true, WB_ALIGN_CENTER, c);
    if (level != WB_LEVEL_NORMAL && !f->stale) // a second cue beside colour: a bar on top
        wb_draw_rect(f->dl, (struct wb_rect){r.x, r.y, r.w, wb_px(f, 0.008)}, c);
}

const struct wb_widget_kind wb_widget_kpi = {
    .name = "kpi",
    .keys = kpi_keys,
    .parse = kpi_parse,
    .draw = kpi_draw,
    .free_opts = free,
};
