// SPDX-License-Identifier: MIT
// The queue table: a row per queue with its waiting calls, longest wait, agents and counts.
#include "wallboard/engine/format.h"
#include "wallboard/engine/widget.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum qt_col {
    C_WAITING,
    C_LONGEST,
    C_AVAILABLE,
    C_ON_CALL,
    C_OFFERED,
    C_ANSWERED,
    C_ABANDONED,
    C_SERVICE_LEVEL,
    C_ASA,
    C_AHT,
    C_ABANDON_RATE,
    C_TIMED_OUT,
    C_TRANSFERRED,
    C_MISSED_RINGS,
    C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "waiting",      "longest_wait", "available",     "on_call",     "offered",
    "answered",     "abandoned",    "service_level", "asa",         "aht",
    "abandon_rate", "timed_out",    "transferred",   "missed_rings"};
static const enum wb_str col_titles[C_COUNT] = {
    WB_STR_COL_WAITING,     WB_STR_COL_LONGEST,     WB_STR_COL_AVAILABLE,    WB_STR_COL_ON_CALL,
    WB_STR_COL_OFFERED,     WB_STR_COL_ANSWERED,    WB_STR_COL_ABANDONED,    WB_STR_COL_SL,
    WB_STR_COL_ASA,         WB_STR_COL_AHT,         WB_STR_COL_ABANDON_RATE, WB_STR_COL_TIMED_OUT,
    WB_STR_COL_TRANSFERRED, WB_STR_COL_MISSED_RINGS};

// What a row is: a queue, or in a roll-up of sites a site or a queue name at every site.
enum qt_rows { ROWS_QUEUES, ROWS_SITES, ROWS_QUEUE_GROUPS };
static const char *const rows_names[] = {"queues", "sites", "queue_groups", NULL};

// The tile metric whose watch/act rule a column's cells follow when the table sets none of its
// own (rates and waits mean the same for a queue as for the site; counts do not).
static const char *const col_tile_metric[C_COUNT] = {[C_LONGEST] = "longest_wait",
                                                     [C_SERVICE_LEVEL] = "service_level",
                                                     [C_ASA] = "asa",
                                                     [C_AHT] = "aht",
                                                     [C_ABANDON_RATE] = "abandon_rate"};

// The window figure a rate column shows (-1: the column is no rate).
static const int col_figure[C_COUNT] = {[C_WAITING] = -1,
                                        [C_LONGEST] = -1,
                                        [C_AVAILABLE] = -1,
                                        [C_ON_CALL] = -1,
                                        [C_OFFERED] = -1,
                                        [C_ANSWERED] = -1,
                                        [C_ABANDONED] = -1,
                                        [C_SERVICE_LEVEL] = CORE_FIG_SERVICE_LEVEL,
                                        [C_ASA] = CORE_FIG_ASA_S,
                                        [C_AHT] = CORE_FIG_AHT_S,
                                        [C_ABANDON_RATE] = CORE_FIG_ABANDON_RATE,
                                        [C_TIMED_OUT] = -1,
                                        [C_TRANSFERRED] = -1,
                                        [C_MISSED_RINGS] = -1};

enum qt_sort { SORT_LAYOUT, SORT_URGENCY };

struct qt_opts {
    enum qt_rows rows;
    size_t ncols;
    enum qt_col cols[C_COUNT];
    enum core_window window; // for the counts and figures (default today)
    struct wb_thresholds waiting, longest;
    struct wb_thresholds cell[C_COUNT]; // "cell_thresholds": a column's own rule
    enum qt_sort sort;
};

static const char *const qt_keys[] = {
    "columns",         "window", "rows", "waiting_thresholds", "longest_wait_thresholds",
    "cell_thresholds", "sort",   NULL};

// "cell_thresholds": {"service_level": {"watch": 0.8, "act": 0.6}, "asa": {...}, ...}.
static int
parse_cell_thresholds(const cJSON *obj, struct qt_opts *o, const char *path, struct core_err *err)
{
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(obj, "cell_thresholds");
    if (cells == NULL)
        return 0;
    char where[256];
    snprintf(where, sizeof(where), "%s.cell_thresholds", path);
    if (!cJSON_IsObject(cells))
        return core_err_set(err, CORE_E_INVALID, "%s: an object keyed by column", where);
    static const char *const keys[] = {"longest_wait", "service_level", "asa",
                                       "aht",          "abandon_rate",  NULL};
    int rc = wb_layout_check_keys(cells, keys, NULL, where, err);
    for (int c = 0; rc == 0 && c < C_COUNT; c++) {
        if (col_tile_metric[c])
            rc = wb_layout_get_thresholds(cells, col_names[c], c == C_SERVICE_LEVEL, &o->cell[c],
                                          where, err);
    }
    return rc;
}

static int
parse_sort(const cJSON *obj, struct qt_opts *o, const char *path, struct core_err *err)
{
    const cJSON *sort = cJSON_GetObjectItemCaseSensitive(obj, "sort");
    if (sort == NULL)
        return 0;
    if (cJSON_IsString(sort) && strcmp(sort->valuestring, "layout") == 0)
        o->sort = SORT_LAYOUT;
    else if (cJSON_IsString(sort) && strcmp(sort->valuestring, "urgency") == 0)
        o->sort = SORT_URGENCY;
    else
        return core_err_set(err, CORE_E_INVALID,
                            "%s.sort: \"layout\" (the queues' order, or by name) or \"urgency\" "
                            "(the worst first)",
                            path);
    return 0;
}

static int
qt_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct qt_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(obj, "columns");
    if (cols == NULL) {
        for (int i = 0; i <= C_ABANDONED; i++) // the classic columns, then SL
            o->cols[o->ncols++] = (enum qt_col)i;
        o->cols[o->ncols++] = C_SERVICE_LEVEL;
    } else if (!cJSON_IsArray(cols)) {
        return core_err_set(err, CORE_E_INVALID, "%s.columns: must be an array", path);
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, cols)
    {
        int found = -1;
        for (int i = 0; cJSON_IsString(c) && i < C_COUNT; i++) {
            if (strcmp(c->valuestring, col_names[i]) == 0)
                found = i;
        }
        if (found < 0 || o->ncols == C_COUNT)
            return core_err_set(err, CORE_E_INVALID,
                                "%s.columns: each column once, from waiting, longest_wait, "
                                "available, on_call, offered, answered, abandoned, "
                                "service_level, asa, aht, abandon_rate",
                                path);
        o->cols[o->ncols++] = (enum qt_col)found;
    }
    if (wb_layout_get_window(obj, &o->window, path, err) != 0)
        return err->code;
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(obj, "rows");
    bool known = rows == NULL;
    for (int i = 0; cJSON_IsString(rows) && rows_names[i] && !known; i++) {
        if (strcmp(rows->valuestring, rows_names[i]) == 0) {
            o->rows = (enum qt_rows)i;
            known = true;
        }
    }
    if (!known)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.rows: one of \"queues\", \"sites\", \"queue_groups\" (the "
                            "last two on a roll-up of sites)",
                            path);
    int rc = wb_layout_get_thresholds(obj, "waiting_thresholds", false, &o->waiting, path, err);
    if (rc == 0)
        rc =
            wb_layout_get_thresholds(obj, "longest_wait_thresholds", false, &o->longest, path, err);
    if (rc == 0)
        rc = parse_cell_thresholds(obj, o, path, err);
    if (rc == 0)
        rc = parse_sort(obj, o, path, err);
    return rc;
}

// The widest value a column shows, to size it.
static const char *
sample_of(enum qt_col c)
{
    if (c == C_LONGEST || c == C_ASA || c == C_AHT)
        return "00:00";
    if (c == C_SERVICE_LEVEL || c == C_ABANDON_RATE)
        return "100%";
    return "000";
}

// The rate column c of q in the table's window: false when it does not exist (no windows,
// nothing to divide by, or fewer calls than the layout's min_calls: shown as "—").
static bool
cell_figure(const struct qt_opts *o, const struct core_metrics_config *mc, int min_calls,
            const struct core_view_queue *q, enum qt_col c, double *v)
{
    if (!q->has_windows)
        return false;
    const struct core_tally *t = &q->win[o->window];
    enum core_figure fig = (enum core_figure)col_figure[c];
    return core_tally_sample(t, mc, fig) >= (uint64_t)min_calls && core_tally_figure(t, mc, fig, v);
}

// Counts come from the table's window when the collector publishes windows, else since start.
static void
cell_text(const struct qt_opts *o, const struct core_view *v, int min_calls,
          const struct core_view_queue *q, enum qt_col c, char *buf, size_t size)
{
    const struct core_tally *t = q->has_windows ? &q->win[o->window] : NULL;
    const struct core_metrics_config *mc = &v->metrics;
    switch (c) {
    case C_WAITING: wb_format_count(buf, size, (double)q->waiting); break;
    case C_LONGEST: wb_format_duration(buf, size, q->longest_wait_s); break;
    case C_AVAILABLE: wb_format_count(buf, size, q->agents[CORE_AGENT_AVAILABLE]); break;
    case C_ON_CALL: wb_format_count(buf, size, q->agents[CORE_AGENT_ON_CALL]); break;
    case C_OFFERED: wb_format_count(buf, size, t ? (double)t->offered : (double)q->offered); break;
    case C_ANSWERED:
        wb_format_count(buf, size, t ? (double)t->answered : (double)q->answered);
        break;
    case C_ABANDONED:
        wb_format_count(buf, size, t ? (double)t->abandoned : (double)q->abandoned);
        break;
    case C_TIMED_OUT: // windows only: a collector without them has no such count ("—")
    case C_MISSED_RINGS:
        if (t)
            wb_format_count(buf, size, (double)(c == C_TIMED_OUT ? t->timed_out : t->missed_rings));
        else
            snprintf(buf, size, "—");
        break;
    case C_TRANSFERRED:
        wb_format_count(buf, size, t ? (double)t->transfers : (double)q->transferred);
        break;
    case C_SERVICE_LEVEL:
    case C_ASA:
    case C_AHT:
    case C_ABANDON_RATE: {
        double fig;
        if (!cell_figure(o, mc, min_calls, q, c, &fig))
            snprintf(buf, size, "—");
        else if (c == C_SERVICE_LEVEL || c == C_ABANDON_RATE)
            snprintf(buf, size, "%.0f%%", fig * 100.0);
        else
            wb_format_duration(buf, size, fig);
        break;
    }
    default: buf[0] = '\0';
    }
}

// Each column's watch/act rule: the table's own, else the rule of the layout's tile that shows
// the same metric (NULL: none). Looked up once a frame, not per cell.
static void
column_rules(const struct qt_opts *o, const struct wb_frame *f,
             const struct wb_thresholds *rules[C_COUNT])
{
    for (int c = 0; c < C_COUNT; c++) {
        rules[c] = o->cell[c].set ? &o->cell[c] : NULL;
        if (c == C_WAITING)
            rules[c] = &o->waiting;
        if (c == C_LONGEST && rules[c] == NULL && o->longest.set)
            rules[c] = &o->longest;
        if (rules[c] == NULL && col_tile_metric[c])
            rules[c] = wb_tile_thresholds(f->layout, f->page, col_tile_metric[c]);
    }
}

// A cell's level by its column's rule. Window figures use the table's window; a figure that
// does not exist ("—") is normal, never an alarm.
static enum wb_level
cell_level(const struct qt_opts *o, const struct wb_frame *f,
           const struct wb_thresholds *const rules[C_COUNT], const struct core_view_queue *q,
           enum qt_col c)
{
    double v;
    if (rules[c] == NULL)
        return WB_LEVEL_NORMAL;
    if (c == C_WAITING)
        return wb_thresholds_level(rules[c], (double)q->waiting);
    if (c == C_LONGEST)
        return wb_thresholds_level(rules[c], q->longest_wait_s);
    if (col_figure[c] < 0 || !cell_figure(o, &f->view->metrics, f->layout->min_calls, q, c, &v))
        return WB_LEVEL_NORMAL;
    return wb_thresholds_level(rules[c], v);
}

// A row and its urgency: its worst cell, then calls waiting, then the longest wait.
struct ranked_row {
    const struct core_view_queue *q;
    int level;
};

static int
compare_urgency(const void *pa, const void *pb)
{
    const struct ranked_row *ra = pa, *rb = pb;
    const struct core_view_queue *a = ra->q, *b = rb->q;
    if (ra->level != rb->level)
        return rb->level - ra->level;
    if (a->waiting != b->waiting)
        return a->waiting > b->waiting ? -1 : 1;
    if (a->longest_wait_s != b->longest_wait_s)
        return a->longest_wait_s > b->longest_wait_s ? -1 : 1;
    return strcmp(a->id, b->id);
}

// The worst rows first; each row's level worked out once.
static void
sort_by_urgency(const struct qt_opts *o, const struct wb_frame *f,
                const struct wb_thresholds *const rules[C_COUNT],
                const struct core_view_queue **rows, size_t n)
{
    struct ranked_row ranked[64];
    for (size_t k = 0; k < n; k++) {
        ranked[k] = (struct ranked_row){rows[k], WB_LEVEL_NORMAL};
        for (size_t i = 0; i < o->ncols; i++) {
            int l = (int)cell_level(o, f, rules, rows[k], o->cols[i]);
            ranked[k].level = l > ranked[k].level ? l : ranked[k].level;
        }
    }
    qsort(ranked, n, sizeof(ranked[0]), compare_urgency);
    for (size_t k = 0; k < n; k++)
        rows[k] = ranked[k].q;
}

// Rows in the widget's own queue order when it names queues, else all queues by name; or
// a roll-up's sites or queue groups by name.
static size_t
pick_rows(const struct wb_widget *w, const struct qt_opts *o, const struct core_view *v,
          const struct core_view_queue **rows, size_t max)
{
    size_t n = 0;
    if (o->rows != ROWS_QUEUES) {
        size_t all = o->rows == ROWS_SITES ? v->nsites : v->ngroups;
        const struct core_view_queue *from = o->rows == ROWS_SITES ? v->sites : v->groups;
        for (size_t i = 0; i < all && n < max; i++)
            rows[n++] = &from[i];
    } else if (w->nqueues) {
        for (size_t i = 0; i < w->nqueues && n < max; i++) {
            const struct core_view_queue *q = core_view_find_queue(v, w->queues[i]);
            if (q)
                rows[n++] = q;
        }
    } else {
        for (size_t i = 0; i < v->nqueues && n < max; i++)
            rows[n++] = &v->queues[i];
    }
    return n;
}

// Numeric columns: as wide as their heading, a sample ("00:00") or their widest figure.
// Columns that leave the queue names under a third of the width are left out, from the right:
// a name must stay readable. Returns how many columns are shown; their widths in widths.
static size_t
column_widths(const struct qt_opts *o, const struct wb_frame *f,
              const struct core_view_queue *const *rows, size_t n, int px, int hpx, int width,
              int widths[C_COUNT])
{
    enum wb_lang lang = f->layout->lang;
    int gap = px / 2, numbers_w = 0;
    size_t ncols = o->ncols;
    for (size_t i = 0; i < ncols; i++) {
        int head = f->measure(f->measure_ctx, wb_str(lang, col_titles[o->cols[i]]), hpx, false);
        int digits = f->measure(f->measure_ctx, sample_of(o->cols[i]), px, true);
        for (size_t k = 0; k < n; k++) { // a day's offered calls at a whole region: 12,345
            char cell[32];
            cell_text(o, f->view, f->layout->min_calls, rows[k], o->cols[i], cell, sizeof(cell));
            int cw = f->measure(f->measure_ctx, cell, px, true);
            digits = cw > digits ? cw : digits;
        }
        widths[i] = (head > digits ? head : digits) + gap;
        numbers_w += widths[i];
    }
    while (ncols > 1 && width - numbers_w < width / 3)
        numbers_w -= widths[--ncols];
    return ncols;
}

static void
qt_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct qt_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    enum wb_lang lang = f->layout->lang;
    struct wb_rect in = wb_draw_panel(w, f, r);
    int px = wb_px(f, t->text_size), hpx = wb_px(f, t->label_size);
    const struct core_view_queue *rows[64];
    size_t n = f->view->has_data ? pick_rows(w, o, f->view, rows, 64) : 0;
    const struct wb_thresholds *rules[C_COUNT];
    column_rules(o, f, rules);
    if (o->sort == SORT_URGENCY)
        sort_by_urgency(o, f, rules, rows, n);
    int base_px = px;
    int row_h = wb_grow_rows(&px, in.h, (int)n + 1);
    int widths[C_COUNT];
    size_t ncols = column_widths(o, f, rows, n, px, hpx, in.w, widths);
    // Text grown to fill a tall table gives the columns back first: every column the layout
    // asks for, at the theme's size if need be, before any is left out.
    while (ncols < o->ncols && px > base_px) {
        px = px * 9 / 10 > base_px ? px * 9 / 10 : base_px;
        ncols = column_widths(o, f, rows, n, px, hpx, in.w, widths);
    }
    int gap = px / 2;
    int numbers_w = 0;
    for (size_t i = 0; i < ncols; i++)
        numbers_w += widths[i];
    int name_w = in.w - numbers_w;
    struct wb_rect head = {in.x, in.y, name_w, row_h};
    static const enum wb_str row_titles[] = {WB_STR_COL_QUEUE, WB_STR_COL_SITE,
                                             WB_STR_COL_QUEUE_GROUP};
    int fit = (in.h - row_h) / row_h;
    if (fit <= 0 && n > 0) // room for the heading only: it says how many rows are not shown
        wb_draw_more(f, head, WB_STR_MORE_ROWS, n, hpx, WB_ALIGN_LEFT, t->muted);
    else if (strcmp(w->title, wb_str(lang, row_titles[o->rows])) != 0) // said once, not twice
        wb_draw_fitted(f, head, wb_str(lang, row_titles[o->rows]), hpx, false, WB_ALIGN_LEFT,
                       t->muted);
    // Columns the layout asks for that do not fit even at the theme's size are said, right of
    // the names' heading: never left out without a word.
    if (ncols < o->ncols)
        wb_draw_more(f, (struct wb_rect){head.x, head.y, head.w - gap, head.h}, WB_STR_MORE_COLUMNS,
                     o->ncols - ncols, hpx, WB_ALIGN_RIGHT, t->act);
    int x = in.x + name_w;
    for (size_t i = 0; i < ncols; i++) {
        wb_draw_text(f->dl, (struct wb_rect){x, in.y, widths[i], row_h},
                     wb_str(lang, col_titles[o->cols[i]]), hpx, false, WB_ALIGN_RIGHT, t->muted);
        x += widths[i];
    }
    // Rows that do not fit are said, never dropped silently: the last row that fits says how
    // many more there are (with "sort": "urgency" they are the least urgent).
    size_t shown = n <= (size_t)(fit > 0 ? fit : 0) ? n : (fit > 1 ? (size_t)fit - 1 : 0);
    if (shown < n && fit > 0)
        wb_draw_more(f, (struct wb_rect){in.x, in.y + row_h * (int)(shown + 1), in.w, row_h},
                     WB_STR_MORE_ROWS, n - shown, px, WB_ALIGN_LEFT, t->muted);
    for (size_t k = 0; k < shown; k++) {
        const struct core_view_queue *q = rows[k];
        int y = in.y + row_h * (int)(k + 1);
        if (k % 2 == 0)
            wb_draw_rect(f->dl, (struct wb_rect){r.x, y, r.w, row_h},
                         wb_color_mix(t->panel, t->text, 0.05));
        if (o->rows == ROWS_QUEUES) // a queue's calls open on touch; a site is no queue
            wb_hits_add(f->hits, (struct wb_rect){r.x, y, r.w, row_h}, WB_HIT_QUEUE, q->id);
        // Sites by the names the floor uses ("names.sites"); a roll-up's queues with theirs.
        char scoped[2 * CORE_ID_MAX];
        const char *label = o->rows == ROWS_SITES ? wb_site_name(f->layout, q->id)
                            : o->rows == ROWS_QUEUES
                                ? wb_scoped_name(f->layout, q->id, scoped, sizeof(scoped))
                                : q->id;
        wb_draw_fitted(f, (struct wb_rect){in.x, y, name_w - gap, row_h}, label, px, false,
                       WB_ALIGN_LEFT, f->stale ? t->muted : t->text);
        x = in.x + name_w;
        for (size_t i = 0; i < ncols; i++) {
            char cell[32];
            cell_text(o, f->view, f->layout->min_calls, q, o->cols[i], cell, sizeof(cell));
            wb_draw_text(f->dl, (struct wb_rect){x, y, widths[i], row_h}, cell, px, true,
                         WB_ALIGN_RIGHT, wb_level_color(f, cell_level(o, f, rules, q, o->cols[i])));
            x += widths[i];
        }
    }
}

static bool
qt_for_rollup(const struct wb_widget *w)
{
    const struct qt_opts *o = w->opts;
    return o && o->rows != ROWS_QUEUES;
}

const struct wb_widget_kind wb_widget_queue_table = {
    .name = "queue_table",
    .keys = qt_keys,
    .parse = qt_parse,
    .draw = qt_draw,
    .for_rollup = qt_for_rollup,
    .free_opts = free,
};
