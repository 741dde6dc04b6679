// SPDX-License-Identifier: MIT
// A KPI tile: one headline figure with its label, coloured by thresholds; a service level
// carries its formula as a legend.
#include "wallboard/engine/format.h"
#include "wallboard/engine/widget.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kpi_source {
    SRC_NOW,    // the queues' live fields
    SRC_AGENTS, // agents in a state, counted once
    SRC_COUNT,  // a count of a window
    SRC_FIGURE, // a derived figure of a window
};

enum kpi_format { FMT_COUNT, FMT_DURATION, FMT_PERCENT };

struct kpi_metric {
    const char *name;
    enum kpi_source source;
    enum kpi_format format;
    bool low_is_bad;
    int which; // agent state, count field, or core_figure
};

enum count_field {
    CNT_OFFERED,
    CNT_ANSWERED,
    CNT_ABANDONED,
    CNT_SHORT,
    CNT_TRANSFERS,
    CNT_HANDLED,
    CNT_LONGEST,
    CNT_WAITING,
    CNT_TIMED_OUT,
    CNT_EXITED_KEY,
    CNT_EXITED_EMPTY,
    CNT_WITHDRAWN,
    CNT_CALLBACKS,
    CNT_BLOCKED,
    CNT_MISSED_RINGS,
};

// Every metric a tile can show. docs/layouts.md lists them, docs/metrics.md defines them.
static const struct kpi_metric metrics[] = {
    {"waiting", SRC_NOW, FMT_COUNT, false, CNT_WAITING},
    {"longest_wait", SRC_NOW, FMT_DURATION, false, CNT_LONGEST},
    {"agents_available", SRC_AGENTS, FMT_COUNT, true, CORE_AGENT_AVAILABLE},
    {"agents_on_call", SRC_AGENTS, FMT_COUNT, false, CORE_AGENT_ON_CALL},
    {"agents_wrap_up", SRC_AGENTS, FMT_COUNT, false, CORE_AGENT_WRAP_UP},
    {"agents_not_ready", SRC_AGENTS, FMT_COUNT, false, CORE_AGENT_NOT_READY},
    {"agents_logged_in", SRC_AGENTS, FMT_COUNT, false, -1},
    {"offered", SRC_COUNT, FMT_COUNT, false, CNT_OFFERED},
    {"answered", SRC_COUNT, FMT_COUNT, false, CNT_ANSWERED},
    {"abandoned", SRC_COUNT, FMT_COUNT, false, CNT_ABANDONED},
    {"short_abandoned", SRC_COUNT, FMT_COUNT, false, CNT_SHORT},
    {"transferred", SRC_COUNT, FMT_COUNT, false, CNT_TRANSFERS},
    {"timed_out", SRC_COUNT, FMT_COUNT, false, CNT_TIMED_OUT},
    {"exited_key", SRC_COUNT, FMT_COUNT, false, CNT_EXITED_KEY},
    {"exited_empty", SRC_COUNT, FMT_COUNT, false, CNT_EXITED_EMPTY},
    {"withdrawn", SRC_COUNT, FMT_COUNT, false, CNT_WITHDRAWN},
    {"callbacks", SRC_COUNT, FMT_COUNT, false, CNT_CALLBACKS},
    {"blocked", SRC_COUNT, FMT_COUNT, false, CNT_BLOCKED},
    {"missed_rings", SRC_COUNT, FMT_COUNT, false, CNT_MISSED_RINGS},
    {"handled", SRC_COUNT, FMT_COUNT, false, CNT_HANDLED},
    {"longest_wait_window", SRC_COUNT, FMT_DURATION, false, CNT_LONGEST},
    {"service_level", SRC_FIGURE, FMT_PERCENT, true, CORE_FIG_SERVICE_LEVEL},
    {"asa", SRC_FIGURE, FMT_DURATION, false, CORE_FIG_ASA_S},
    {"aht", SRC_FIGURE, FMT_DURATION, false, CORE_FIG_AHT_S},
    {"avg_talk", SRC_FIGURE, FMT_DURATION, false, CORE_FIG_AVG_TALK_S},
    {"abandon_rate", SRC_FIGURE, FMT_PERCENT, false, CORE_FIG_ABANDON_RATE},
    {"occupancy", SRC_FIGURE, FMT_PERCENT, false, CORE_FIG_OCCUPANCY},
};
#define NMETRICS (sizeof(metrics) / sizeof(metrics[0]))

struct kpi_opts {
    const struct kpi_metric *metric;
    enum core_window window;
    struct wb_thresholds thresholds;
    bool blink; // blink slowly while at "act" (until acknowledged, once screens can acknowledge)
};

static const char *const kpi_keys[] = {"metric", "window", "thresholds", "blink", NULL};

static int
parse_metric(const cJSON *m, struct kpi_opts *o, const char *path, struct core_err *err)
{
    for (size_t i = 0; cJSON_IsString(m) && i < NMETRICS; i++) {
        if (strcmp(m->valuestring, metrics[i].name) == 0)
            o->metric = &metrics[i];
    }
    if (o->metric)
        return 0;
    char list[600];
    size_t n = 0;
    for (size_t i = 0; i < NMETRICS && n < sizeof(list); i++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", metrics[i].name);
    return core_err_set(err, CORE_E_INVALID, "%s.metric: %s%s%s; expected one of %s", path,
                        cJSON_IsString(m) ? "\"" : "missing",
                        cJSON_IsString(m) ? m->valuestring : "",
                        cJSON_IsString(m) ? "\" is not known" : "", list);
}

static int
kpi_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct kpi_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    int rc = parse_metric(cJSON_GetObjectItemCaseSensitive(obj, "metric"), o, path, err);
    if (rc != 0)
        return rc;
    if (w->nchannels && o->metric->source == SRC_AGENTS)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.channels: \"%s\" counts agents, who are not per channel; use "
                            "teams or queues",
                            path, o->metric->name);
    if (cJSON_GetObjectItemCaseSensitive(obj, "teams") && o->metric->source != SRC_AGENTS)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.teams: \"%s\" is a figure of queues; teams filter agents "
                            "(agents_* figures, agent_grid)",
                            path, o->metric->name);
    const cJSON *win = cJSON_GetObjectItemCaseSensitive(obj, "window");
    if (win && (o->metric->source == SRC_NOW || o->metric->source == SRC_AGENTS))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.window: \"%s\" is a figure of now; drop \"window\" (or use "
                            "longest_wait_window for a window's longest wait)",
                            path, o->metric->name);
    if ((rc = wb_layout_get_window(obj, &o->window, path, err)) != 0)
        return rc;
    const cJSON *blink = cJSON_GetObjectItemCaseSensitive(obj, "blink");
    if (blink && !cJSON_IsBool(blink))
        return core_err_set(err, CORE_E_INVALID, "%s.blink: must be true or false", path);
    o->blink = cJSON_IsTrue(blink);
    return wb_layout_get_thresholds(obj, "thresholds", o->metric->low_is_bad, &o->thresholds, path,
                                    err);
}

// The queues' (or channels') live figure; *matched tells whether any of them is in the state.
static double
now_value(const struct wb_widget *w, const struct kpi_metric *m, const struct core_view *v,
          bool *matched)
{
    double sum = 0;
    *matched = false;
    // Bound to channels, the figure is theirs (calls waiting on chat, say); else the queues'.
    size_t n = w->nchannels ? v->nchannels : v->nqueues;
    for (size_t i = 0; i < n; i++) {
        const struct core_view_queue *q = w->nchannels ? &v->channels[i] : &v->queues[i];
        if (w->nchannels ? !wb_widget_wants_channel(w, q->id) : !wb_widget_wants_queue(w, q->id))
            continue;
        *matched = true;
        if (m->which == CNT_WAITING)
            sum += (double)q->waiting;
        else if (q->longest_wait_s > sum)
            sum = q->longest_wait_s;
    }
    return sum;
}

static double
agents_value(const struct wb_widget *w, const struct kpi_metric *m, const struct core_view *v)
{
    double n = 0;
    for (size_t i = 0; i < v->nagents; i++) {
        const struct core_view_agent *a = &v->agents[i];
        if (wb_widget_wants_agent(w, a))
            n += m->which < 0 ? a->state != CORE_AGENT_LOGGED_OUT : (int)a->state == m->which;
    }
    return n;
}

static double
count_value(const struct core_tally *t, int which)
{
    // Where each count of a window lives (the longest wait, a duration, is not one).
    static const size_t counts[] = {
        [CNT_OFFERED] = offsetof(struct core_tally, offered),
        [CNT_ANSWERED] = offsetof(struct core_tally, answered),
        [CNT_ABANDONED] = offsetof(struct core_tally, abandoned),
        [CNT_SHORT] = offsetof(struct core_tally, short_abandoned),
        [CNT_TRANSFERS] = offsetof(struct core_tally, transfers),
        [CNT_HANDLED] = offsetof(struct core_tally, handled),
        [CNT_TIMED_OUT] = offsetof(struct core_tally, timed_out),
        [CNT_EXITED_KEY] = offsetof(struct core_tally, exited_key),
        [CNT_EXITED_EMPTY] = offsetof(struct core_tally, exited_empty),
        [CNT_WITHDRAWN] = offsetof(struct core_tally, withdrawn),
        [CNT_CALLBACKS] = offsetof(struct core_tally, callbacks),
        [CNT_BLOCKED] = offsetof(struct core_tally, blocked),
        [CNT_MISSED_RINGS] = offsetof(struct core_tally, missed_rings),
    };
    if (which == CNT_LONGEST || which == CNT_WAITING)
        return t->longest_wait_s;
    return (double)*(const uint64_t *)((const char *)t + counts[which]);
}

// The tile's figure; false when it does not exist (shown as a dash, never 0). *sample is the calls
// a rate is made of (UINT64_MAX for anything that is not a rate).
static bool
kpi_value(const struct wb_widget *w, const struct kpi_opts *o, const struct core_view *v,
          double *out, uint64_t *sample)
{
    const struct kpi_metric *m = o->metric;
    *sample = UINT64_MAX;
    // On a page bound to teams but not to queues, a figure of queues is not the team's: no
    // figure ("—") rather than the whole site's under the team's title.
    if (m->source != SRC_AGENTS && w->nteams > 0 && w->nqueues == 0 && w->nchannels == 0)
        return false;
    if (m->source == SRC_NOW) {
        // A tile bound to queues none of which the state knows has no figure: "—", not 0.
        bool matched;
        *out = now_value(w, m, v, &matched);
        return w->nchannels || w->nqueues == 0 || matched;
    }
    if (m->source == SRC_AGENTS) {
        *out = agents_value(w, m, v);
        return true;
    }
    struct core_tally t;
    if (!wb_widget_tally(w, v, o->window, &t))
        return false;
    if (m->source == SRC_COUNT) {
        *out = count_value(&t, m->which);
        return true;
    }
    *sample = core_tally_sample(&t, &v->metrics, (enum core_figure)m->which);
    return core_tally_figure(&t, &v->metrics, (enum core_figure)m->which, out);
}

static void
format_value(const struct kpi_metric *m, double v, char *buf, size_t size)
{
    if (m->format == FMT_DURATION)
        wb_format_duration(buf, size, v);
    else if (m->format == FMT_PERCENT)
        snprintf(buf, size, "%.0f%%", v * 100.0);
    else
        wb_format_count(buf, size, v);
}

// Under the figure: how many calls a rate would be made of, when too few (it shows "—").
// Takes its line from the bottom of *in.
static void
draw_few_calls(const struct wb_frame *f, struct wb_rect *in, uint64_t sample)
{
    int px = wb_px(f, f->layout->theme.label_size), line_h = px * 13 / 10;
    char count[24], note[64];
    snprintf(count, sizeof(count), "%llu", (unsigned long long)sample);
    wb_str_format(note, sizeof(note), f->layout->lang, WB_STR_FEW_CALLS, count);
    in->h -= line_h;
    wb_draw_fitted(f, (struct wb_rect){in->x, in->y + in->h, in->w, line_h}, note, px, false,
                   WB_ALIGN_CENTER, f->layout->theme.muted);
}

// The SL formula in use, under the figure (supervisors ask which one it is); a tile bound to
// one queue states that queue's own T. Takes its lines from the bottom of *in.
static void
draw_sl_legend(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect *in)
{
    int px = wb_px(f, f->layout->theme.label_size), line_h = px * 13 / 10;
    char legend[160];
    struct core_metrics_config mc = f->view->metrics;
    const struct core_view_queue *q =
        w->nqueues == 1 ? core_view_find_queue(f->view, w->queues[0]) : NULL;
    if (q && q->sl_threshold_s > 0)
        mc.sl_threshold_s = q->sl_threshold_s;
    char *lines[3];
    int n = 0;
    // Spelled out where every line fits the tile at its text size, else abbreviated.
    for (int short_words = 0; short_words < 2; short_words++) {
        wb_sl_legend(f->layout->lang, &mc, short_words, legend, sizeof(legend));
        lines[0] = legend;
        n = 1;
        for (char *nl = strchr(legend, '\n'); nl && n < 3; nl = strchr(nl + 1, '\n')) {
            *nl = '\0';
            lines[n++] = nl + 1;
        }
        bool fits = true;
        for (int i = 0; i < n; i++)
            fits = fits && f->measure(f->measure_ctx, lines[i], px, false) <= in->w;
        if (fits)
            break;
    }
    in->h -= n * line_h;
    for (int i = 0; i < n; i++)
        wb_draw_fitted(f, (struct wb_rect){in->x, in->y + in->h + i * line_h, in->w, line_h},
                       lines[i], px, false, WB_ALIGN_CENTER, f->layout->theme.muted);
}

static void
kpi_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct kpi_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect in = wb_draw_panel(w, f, r);
    char text[32] = "—"; // a figure that cannot be computed is a dash, never 0
    enum wb_level level = WB_LEVEL_NORMAL;
    double v;
    uint64_t sample;
    bool few = false; // a rate of too few calls to mean anything: "—" and how many there were
    if (f->view->has_data && kpi_value(w, o, f->view, &v, &sample)) {
        few = sample < (uint64_t)f->layout->min_calls;
        if (!few) {
            format_value(o->metric, v, text, sizeof(text));
            level = wb_thresholds_level(&o->thresholds, v);
        }
    }
    if (few)
        draw_few_calls(f, &in, sample);
    if (o->metric->which == CORE_FIG_SERVICE_LEVEL && o->metric->source == SRC_FIGURE &&
        f->view->has_data)
        draw_sl_legend(w, f, &in);
    // The biggest figure that fits the tile, but never larger than the theme asks.
    int px = wb_px(f, t->figure_size);
    if (px > in.h * 9 / 10)
        px = in.h * 9 / 10;
    while (px > 8 && f->measure(f->measure_ctx, text, px, true) > in.w)
        px = px * 9 / 10;
    struct wb_color c = wb_level_color(f, level);
    wb_draw_text(f->dl, in, text, px, true, WB_ALIGN_CENTER, c); // never faded: SCREEN.md
    if (level == WB_LEVEL_NORMAL || f->stale)
        return;
    // Cues beside colour: a bar on top at watch and act, and at act a frame round the tile
    // too. Only the frame blinks (where the layout asks), thin and thick: the figure itself
    // never changes, so it keeps its contrast at every phase.
    wb_draw_rect(f->dl, (struct wb_rect){r.x, r.y, r.w, wb_px(f, 0.008)}, c);
    if (level == WB_LEVEL_ACT) {
        int e = wb_px(f, o->blink && f->blink_on ? 0.008 : 0.004);
        wb_draw_rect(f->dl, (struct wb_rect){r.x, r.y + r.h - e, r.w, e}, c);
        wb_draw_rect(f->dl, (struct wb_rect){r.x, r.y, e, r.h}, c);
        wb_draw_rect(f->dl, (struct wb_rect){r.x + r.w - e, r.y, e, r.h}, c);
    }
}

static const struct wb_thresholds *
kpi_thresholds(const struct wb_widget *w, const char *metric)
{
    const struct kpi_opts *o = w->opts;
    return o && o->thresholds.set && strcmp(o->metric->name, metric) == 0 ? &o->thresholds : NULL;
}

const struct wb_widget_kind wb_widget_kpi = {
    .name = "kpi",
    .keys = kpi_keys,
    .parse = kpi_parse,
    .draw = kpi_draw,
    .free_opts = free,
    .thresholds = kpi_thresholds,
};
