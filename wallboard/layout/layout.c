// SPDX-License-Identifier: MIT
// Layout parsing and validation. Every message names the file and the JSON path, says what
// is wrong and what would be right.
#include "wallboard/layout/layout.h"

#include "core/file.h"
#include "core/utf8.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/layout_options.h"
#include "wallboard/engine/widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT_FILE_MAX (1024 * 1024)

static const char *const top_keys[] = {
    "version", "name",    "language", "grid",    "theme",     "pages", "renderer", "stale_after_s",
    "touch",   "include", "scope",    "$schema", "min_calls", "names", NULL}; // $schema: editors'
// What a site-wide include may hold (docs/layouts.md: one theme for many screens).
static const char *const include_keys[] = {
    "language",      "grid",    "theme",     "renderer", "touch",
    "stale_after_s", "$schema", "min_calls", "names",    NULL};
static const char *const touch_keys[] = {"overlay_timeout_s", "resume_rotation_s", NULL};
static const char *const grid_keys[] = {"columns", "rows", "margin", "gutter", NULL};
static const char *const theme_keys[] = {"font",       "font_bold",   "background", "panel",
                                         "text",       "muted",       "watch",      "act",
                                         "stale_bg",   "stale_text",  "states",     "text_size",
                                         "label_size", "figure_size", "title_size", NULL};
static const char *const page_keys[] = {"name",  "dwell_s",  "widgets", "queues",
                                        "teams", "channels", NULL};
static const char *const widget_keys[] = {"type",   "id",     "title", "col",      "row", "width",
                                          "height", "queues", "teams", "channels", NULL};

// In checking mode every section's first problem goes into the report and parsing goes on
// with the next widget, page or section; otherwise the first problem ends the parse.
static int
noted(int rc, struct core_err *err, struct wb_layout_report *report)
{
    if (rc == 0 || report == NULL)
        return rc;
    if (report->count < WB_LAYOUT_REPORT_MAX)
        core_err_format(err, report->msg[report->count], sizeof(report->msg[0]));
    report->count++;
    err->code = 0; // keeps source, line and column for the next message
    err->text[0] = '\0';
    return 0;
}

static void
default_theme(struct wb_theme *t)
{
    // Dark theme, Okabe-Ito state colours (SCREEN.md); every pair checked for contrast in
    // tests/test_wb_layout.c.
    snprintf(t->font, sizeof(t->font), "fonts/NotoSansSC-Regular.otf");
    snprintf(t->font_bold, sizeof(t->font_bold), "fonts/NotoSansSC-Bold.otf");
    wb_color_parse("#0A1020", &t->background);
    wb_color_parse("#172238", &t->panel);
    wb_color_parse("#EEF2F8", &t->text);
    wb_color_parse("#A9B4C6", &t->muted);
    // Watch and act differ in hue and in luminance (1.7:1), so they are told apart from the floor
    // and in grey: Okabe-Ito yellow, and Okabe-Ito vermilion's hue made light enough for 7:1.
    wb_color_parse("#F0E442", &t->watch);
    wb_color_parse("#FF8F57", &t->act);
    wb_color_parse("#E69F00", &t->stale_bg);
    wb_color_parse("#101010", &t->stale_text);
    wb_color_parse("#4A5468", &t->state[CORE_AGENT_LOGGED_OUT]);
    wb_color_parse("#009E73", &t->state[CORE_AGENT_AVAILABLE]);
    wb_color_parse("#56B4E9", &t->state[CORE_AGENT_RINGING]);
    wb_color_parse("#0072B2", &t->state[CORE_AGENT_ON_CALL]);
    wb_color_parse("#E69F00", &t->state[CORE_AGENT_WRAP_UP]);
    wb_color_parse("#D55E00", &t->state[CORE_AGENT_NOT_READY]);
    t->text_size = 0.028;
    t->label_size = 0.026;
    t->figure_size = 0.11;
    t->title_size = 0.032;
}

static int
parse_theme(const cJSON *obj, struct wb_theme *t, struct core_err *err)
{
    if (obj == NULL)
        return 0;
    const char *path = "theme";
    if (!cJSON_IsObject(obj))
        return core_err_set(err, CORE_E_INVALID, "theme: must be an object");
    int rc = wb_layout_check_keys(obj, theme_keys, NULL, path, err);
    struct {
        const char *key;
        struct wb_color *c;
    } colors[] = {{"background", &t->background}, {"panel", &t->panel},          {"text", &t->text},
                  {"muted", &t->muted},           {"watch", &t->watch},          {"act", &t->act},
                  {"stale_bg", &t->stale_bg},     {"stale_text", &t->stale_text}};
    // Every bad colour is said, with its value, not the first only: a site fixing its palette
    // fixes it once.
    char bad[200] = "";
    int nbad = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(colors) / sizeof(colors[0]); i++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, colors[i].key);
        if (item == NULL ||
            (cJSON_IsString(item) && wb_color_parse(item->valuestring, colors[i].c)))
            continue;
        nbad++;
        snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), "%stheme.%s \"%.12s\"",
                 nbad > 1 ? ", " : "", colors[i].key,
                 cJSON_IsString(item) ? item->valuestring : "?");
    }
    if (rc == 0 && nbad)
        rc = core_err_set(err, CORE_E_INVALID, "%s %s; use #RRGGBB or #RRGGBBAA, like \"#0072B2\"",
                          bad, nbad > 1 ? "are not colours" : "is not a colour");
    if (rc == 0)
        rc = wb_layout_get_text(obj, "font", t->font, sizeof(t->font), path, err);
    if (rc == 0)
        rc = wb_layout_get_text(obj, "font_bold", t->font_bold, sizeof(t->font_bold), path, err);
    // Below 1/45 of the height nothing reads across a call floor (SCREEN.md).
    if (rc == 0)
        rc = wb_layout_get_number(obj, "text_size", 1.0 / 45, 0.2, &t->text_size, path, err);
    if (rc == 0)
        rc = wb_layout_get_number(obj, "label_size", 1.0 / 45, 0.2, &t->label_size, path, err);
    if (rc == 0)
        rc = wb_layout_get_number(obj, "figure_size", 0.1, 0.5, &t->figure_size, path, err);
    if (rc == 0)
        rc = wb_layout_get_number(obj, "title_size", 1.0 / 45, 0.2, &t->title_size, path, err);
    const cJSON *states = cJSON_GetObjectItemCaseSensitive(obj, "states");
    if (rc == 0 && states != NULL) {
        if (!cJSON_IsObject(states))
            return core_err_set(err, CORE_E_INVALID, "theme.states: must be an object");
        const cJSON *m;
        cJSON_ArrayForEach(m, states)
        {
            enum core_agent_state s;
            if (core_agent_state_from_name(m->string, &s) != 0)
                return core_err_set(err, CORE_E_UNKNOWN,
                                    "theme.states: unknown state \"%s\"; expected logged_out, "
                                    "available, ringing, on_call, wrap_up or not_ready",
                                    m->string);
            if ((rc = wb_layout_get_color(states, m->string, &t->state[s], "theme.states", err)) !=
                0)
                return rc;
        }
    }
    return rc;
}

// "queues": [...] or "teams": [...]: the names a widget (or page) is bound to.
static int
parse_names(const cJSON *obj, const char *key, char (*names)[CORE_ID_MAX], size_t *n, size_t max,
            const char *path, struct core_err *err)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (list == NULL)
        return 0;
    if (!cJSON_IsArray(list))
        return core_err_set(err, CORE_E_INVALID, "%s.%s: must be an array of names", path, key);
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (!cJSON_IsString(item) || item->valuestring[0] == '\0' ||
            strlen(item->valuestring) >= CORE_ID_MAX)
            return core_err_set(err, CORE_E_INVALID,
                                "%s.%s: must hold names (as the events "
                                "give them)",
                                path, key);
        if (*n == max)
            return core_err_set(err, CORE_E_INVALID, "%s.%s: more than %zu", path, key, max);
        snprintf(names[(*n)++], CORE_ID_MAX, "%s", item->valuestring);
    }
    return 0;
}

static int
parse_filters(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    int rc = parse_names(obj, "queues", w->queues, &w->nqueues, WB_MAX_FILTER, path, err);
    if (rc == 0)
        rc = parse_names(obj, "teams", w->teams, &w->nteams, WB_MAX_TEAMS, path, err);
    if (rc == 0)
        rc = parse_names(obj, "channels", w->channels, &w->nchannels, WB_MAX_TEAMS, path, err);
    return rc;
}

static int
parse_widget(const cJSON *obj, const struct wb_layout *l, struct wb_widget *w, const char *path,
             struct core_err *err)
{
    if (!cJSON_IsObject(obj))
        return core_err_set(err, CORE_E_INVALID, "%s: a widget must be an object", path);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
    char kinds[256];
    wb_widget_kind_names(kinds, sizeof(kinds));
    if (!cJSON_IsString(type))
        return core_err_set(err, CORE_E_INVALID, "%s: missing \"type\" (one of %s)", path, kinds);
    w->kind = wb_widget_kind_find(type->valuestring);
    if (w->kind == NULL)
        return core_err_set(err, CORE_E_UNKNOWN, "%s: unknown widget type \"%s\" (one of %s)", path,
                            type->valuestring, kinds);
    int rc = wb_layout_get_text(obj, "id", w->id, sizeof(w->id), path, err);
    char where[192];
    if (w->id[0])
        snprintf(where, sizeof(where), "%s (\"%s\")", path, w->id);
    else
        snprintf(where, sizeof(where), "%s", path);
    if (rc == 0)
        rc = wb_layout_check_keys(obj, widget_keys, w->kind->keys, where, err);
    if (rc == 0)
        rc = wb_layout_get_text(obj, "title", w->title, sizeof(w->title), where, err);
    w->width = w->height = 1;
    if (rc == 0)
        rc = wb_layout_get_int(obj, "col", 0, l->columns - 1, &w->col, where, err);
    if (rc == 0)
        rc = wb_layout_get_int(obj, "row", 0, l->rows - 1, &w->row, where, err);
    if (rc == 0)
        rc = wb_layout_get_int(obj, "width", 1, l->columns, &w->width, where, err);
    if (rc == 0)
        rc = wb_layout_get_int(obj, "height", 1, l->rows, &w->height, where, err);
    // Past the grid's edge: both numbers said, and the fix (the widget's place, usually).
    if (rc == 0 && w->col + w->width > l->columns)
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s.col: %d with width %d runs past the grid's %d columns; move it to "
                          "col %d at most, or make it narrower",
                          where, w->col, w->width, l->columns, l->columns - w->width);
    if (rc == 0 && w->row + w->height > l->rows)
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s.row: %d with height %d runs past the grid's %d rows; move it to "
                          "row %d at most, or make it lower",
                          where, w->row, w->height, l->rows, l->rows - w->height);
    if (rc == 0)
        rc = parse_filters(obj, w, where, err);
    if (rc == 0 && cJSON_GetObjectItemCaseSensitive(obj, "teams") &&
        strcmp(w->kind->name, "agent_grid") != 0 && strcmp(w->kind->name, "kpi") != 0)
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s.teams: a %s does not show agents; teams filter the agent_grid and "
                          "the agents_* figures of a kpi",
                          where, w->kind->name);
    if (rc == 0 && cJSON_GetObjectItemCaseSensitive(obj, "channels") &&
        strcmp(w->kind->name, "kpi") != 0)
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s.channels: channels bind the figures of a kpi; a %s shows queues or "
                          "agents",
                          where, w->kind->name);
    if (rc == 0 && w->nchannels && w->nqueues)
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s: \"queues\" or \"channels\", not both (the collector counts each "
                          "on its own)",
                          where);
    if (rc == 0 && w->kind->parse)
        rc = w->kind->parse(obj, w, where, err);
    return rc;
}

static void
drop_widget(struct wb_widget *w)
{
    if (w->kind && w->kind->free_opts)
        w->kind->free_opts(w->opts);
    w->opts = NULL;
    w->kind = NULL;
}

static bool
overlap(const struct wb_widget *a, const struct wb_widget *b)
{
    return a->col < b->col + b->width && b->col < a->col + a->width &&
           a->row < b->row + b->height && b->row < a->row + a->height;
}

static int
parse_page(const cJSON *obj, struct wb_layout *l, struct wb_page *p, int index,
           struct core_err *err, struct wb_layout_report *report)
{
    char path[64];
    snprintf(path, sizeof(path), "pages[%d]", index);
    if (!cJSON_IsObject(obj))
        return core_err_set(err, CORE_E_INVALID, "%s: a page must be an object", path);
    int rc = wb_layout_check_keys(obj, page_keys, NULL, path, err);
    if (rc == 0)
        rc = wb_layout_get_text(obj, "name", p->name, sizeof(p->name), path, err);
    if (rc == 0)
        rc = wb_layout_get_number(obj, "dwell_s", 0, 86400, &p->dwell_s, path, err);
    // A page bound to queues or teams: its widgets are, unless they say otherwise.
    struct wb_widget bound = {0}; // only its filters are used
    if (rc == 0)
        rc = parse_filters(obj, &bound, path, err);
    rc = noted(rc, err, report);
    const cJSON *widgets = cJSON_GetObjectItemCaseSensitive(obj, "widgets");
    if (rc == 0 && (!cJSON_IsArray(widgets) || cJSON_GetArraySize(widgets) == 0))
        return core_err_set(err, CORE_E_INVALID, "%s.widgets: must be a non-empty array", path);
    const cJSON *w;
    cJSON_ArrayForEach(w, widgets)
    {
        if (rc != 0)
            break;
        if (p->nwidgets == WB_MAX_WIDGETS)
            return core_err_set(err, CORE_E_INVALID, "%s.widgets: more than %d widgets", path,
                                WB_MAX_WIDGETS);
        char wpath[96];
        snprintf(wpath, sizeof(wpath), "%s.widgets[%zu]", path, p->nwidgets);
        struct wb_widget *cur = &p->widgets[p->nwidgets++];
        rc = parse_widget(w, l, cur, wpath, err);
        if (rc == 0 && cur->nqueues == 0 && bound.nqueues) {
            memcpy(cur->queues, bound.queues, sizeof(bound.queues));
            cur->nqueues = bound.nqueues;
        }
        if (rc == 0 && cur->nchannels == 0 && cur->nqueues == 0 && bound.nchannels &&
            strcmp(cur->kind->name, "kpi") == 0) {
            memcpy(cur->channels, bound.channels, sizeof(bound.channels));
            cur->nchannels = bound.nchannels;
        }
        if (rc == 0 && cur->nteams == 0 && bound.nteams) {
            memcpy(cur->teams, bound.teams, sizeof(bound.teams));
            cur->nteams = bound.nteams;
        }
        for (size_t k = 0; rc == 0 && k + 1 < p->nwidgets; k++) {
            if (p->widgets[k].kind != NULL && overlap(&p->widgets[k], cur))
                rc = core_err_set(err, CORE_E_INVALID,
                                  "%s: overlaps %s.widgets[%zu] (cells col %d-%d, row %d-%d); "
                                  "move it or make it smaller",
                                  wpath, path, k, cur->col, cur->col + cur->width - 1, cur->row,
                                  cur->row + cur->height - 1);
        }
        if (rc != 0 && report != NULL)
            drop_widget(cur); // keeps its index, so later messages name the right widgets[N]
        rc = noted(rc, err, report);
    }
    return rc;
}

// The settings a layout may take from a site-wide include as well as set itself: language,
// renderer, staleness, touch timings, grid and theme. Called for the include first, then the
// layout, so the layout's own keys win (the theme key by key).
// One map of "names": {"id": "shown name", ...}; an include's entries come first, the
// layout's own are added after (and win: looked up from the end).
static int
parse_name_map(const cJSON *obj, const char *key, struct wb_names *out, struct core_err *err)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (m == NULL)
        return 0;
    if (!cJSON_IsObject(m))
        return core_err_set(err, CORE_E_INVALID, "names.%s: an object of id: name", key);
    const cJSON *e;
    cJSON_ArrayForEach(e, m)
    {
        if (!cJSON_IsString(e) || e->valuestring[0] == '\0' ||
            strlen(e->valuestring) >= CORE_ID_MAX || strlen(e->string) >= CORE_ID_MAX)
            return core_err_set(err, CORE_E_INVALID, "names.%s.%s: a name of up to %d bytes", key,
                                e->string, CORE_ID_MAX - 1);
        if (out->n == WB_MAX_NAMES)
            return core_err_set(err, CORE_E_INVALID, "names.%s: at most %d names", key,
                                WB_MAX_NAMES);
        snprintf(out->pair[out->n].id, CORE_ID_MAX, "%s", e->string);
        snprintf(out->pair[out->n].name, CORE_ID_MAX, "%s", e->valuestring);
        out->n++;
    }
    return 0;
}

static int
parse_display_names(const cJSON *root, struct wb_layout *l, struct core_err *err)
{
    static const char *const keys[] = {"sites", "reasons", NULL};
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(root, "names");
    if (names == NULL)
        return 0;
    if (!cJSON_IsObject(names))
        return core_err_set(err, CORE_E_INVALID,
                            "names: an object like {\"sites\": {\"anhui\": \"安徽\"}, "
                            "\"reasons\": {\"lunch\": \"午餐\"}}");
    int rc = wb_layout_check_keys(names, keys, NULL, "names", err);
    if (rc == 0)
        rc = parse_name_map(names, "sites", &l->site_names, err);
    if (rc == 0)
        rc = parse_name_map(names, "reasons", &l->reason_names, err);
    return rc;
}

static int
parse_shared(const cJSON *root, struct wb_layout *l, struct core_err *err,
             struct wb_layout_report *report)
{
    int rc = 0;
    const cJSON *language = cJSON_GetObjectItemCaseSensitive(root, "language");
    if (language != NULL) {
        char lang[16] = "";
        rc = wb_layout_get_text(root, "language", lang, sizeof(lang), "(top level)", err);
        if (rc == 0 && wb_lang_parse(lang, &l->lang) != 0)
            return core_err_set(err, CORE_E_INVALID,
                                "language: \"%s\" is not known; use \"zh-CN\" or \"en\"", lang);
    }
    if (rc == 0)
        rc = wb_layout_get_text(root, "renderer", l->renderer, sizeof(l->renderer), "(top level)",
                                err);
    if (rc == 0 && strcmp(l->renderer, "auto") && strcmp(l->renderer, "software") &&
        strcmp(l->renderer, "accelerated"))
        return core_err_set(err, CORE_E_INVALID,
                            "renderer: \"%s\"; use \"auto\", \"software\" or \"accelerated\"",
                            l->renderer);
    if (rc == 0)
        rc = wb_layout_get_number(root, "stale_after_s", 1, 3600, &l->stale_after_s, "(top level)",
                                  err);
    if (rc == 0)
        rc = wb_layout_get_int(root, "min_calls", 0, 1000, &l->min_calls, "(top level)", err);
    if (rc == 0)
        rc = parse_display_names(root, l, err);
    const cJSON *touch = cJSON_GetObjectItemCaseSensitive(root, "touch");
    if (rc == 0 && touch != NULL) {
        if (!cJSON_IsObject(touch))
            return core_err_set(err, CORE_E_INVALID, "touch: must be an object");
        rc = wb_layout_check_keys(touch, touch_keys, NULL, "touch", err);
        if (rc == 0)
            rc = wb_layout_get_number(touch, "overlay_timeout_s", 3, 600, &l->overlay_timeout_s,
                                      "touch", err);
        if (rc == 0)
            rc = wb_layout_get_number(touch, "resume_rotation_s", 10, 86400, &l->resume_rotation_s,
                                      "touch", err);
    }
    const cJSON *grid = cJSON_GetObjectItemCaseSensitive(root, "grid");
    if (rc == 0 && grid != NULL) {
        if (!cJSON_IsObject(grid))
            return core_err_set(err, CORE_E_INVALID, "grid: must be an object");
        rc = wb_layout_check_keys(grid, grid_keys, NULL, "grid", err);
        if (rc == 0)
            rc = wb_layout_get_int(grid, "columns", 1, 48, &l->columns, "grid", err);
        if (rc == 0)
            rc = wb_layout_get_int(grid, "rows", 1, 48, &l->rows, "grid", err);
        if (rc == 0)
            rc = wb_layout_get_number(grid, "margin", 0, 0.2, &l->margin, "grid", err);
        if (rc == 0)
            rc = wb_layout_get_number(grid, "gutter", 0, 0.1, &l->gutter, "grid", err);
    }
    rc = noted(rc, err, report);
    if (rc == 0)
        rc = noted(parse_theme(cJSON_GetObjectItemCaseSensitive(root, "theme"), &l->theme, err),
                   err, report);
    return rc;
}

// "include": a file of shared settings (a site's theme), relative to the layout's folder.
// Its messages name it, not the layout.
static int
parse_include(const cJSON *root, struct wb_layout *l, struct core_err *err,
              struct wb_layout_report *report)
{
    const cJSON *inc = cJSON_GetObjectItemCaseSensitive(root, "include");
    if (inc == NULL)
        return 0;
    if (!cJSON_IsString(inc) || inc->valuestring[0] == '\0')
        return core_err_set(err, CORE_E_INVALID,
                            "include: the path of a settings file shared by many layouts, e.g. "
                            "\"site-theme.json\"");
    core_file_beside(l->source, inc->valuestring, l->include, sizeof(l->include));
    char layout_source[sizeof(err->source)];
    snprintf(layout_source, sizeof(layout_source), "%s", err->source);
    size_t len;
    char *buf = core_file_read(l->include, LAYOUT_FILE_MAX, &len, err);
    if (buf == NULL) {
        char why[sizeof(err->text)];
        snprintf(why, sizeof(why), "%s", err->text); // err->text is about to be rewritten
        snprintf(err->source, sizeof(err->source), "%s", layout_source);
        return core_err_set(err, CORE_E_IO, "include: cannot read \"%s\": %s", l->include, why);
    }
    cJSON *shared = cJSON_ParseWithLength(buf, len);
    free(buf);
    size_t n = strlen(l->include), room = sizeof(err->source) - 1;
    memcpy(err->source, l->include + (n > room ? n - room : 0), (n > room ? room : n) + 1);
    int rc;
    if (!cJSON_IsObject(shared))
        rc = core_err_set(err, CORE_E_PARSE, "not a JSON object of shared settings");
    else
        rc = wb_layout_check_keys(shared, include_keys, NULL, "(top level)", err);
    rc = noted(rc, err, report);
    if (rc == 0)
        rc = parse_shared(shared, l, err, report);
    cJSON_Delete(shared);
    if (rc == 0)
        snprintf(err->source, sizeof(err->source), "%s", layout_source);
    return rc;
}

// "scope": the sites of a roll-up this screen shows (docs/layouts.md), as the collector names
// them; absent, the screen shows everything its collector has.
static int
parse_scope(const cJSON *root, struct wb_layout *l, struct core_err *err)
{
    char names[WB_MAX_SCOPE][CORE_ID_MAX];
    size_t n = 0;
    int rc = parse_names(root, "scope", names, &n, WB_MAX_SCOPE, "(top level)", err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (strchr(names[i], '/') != NULL || strlen(names[i]) >= CORE_SITE_MAX)
            return core_err_set(err, CORE_E_INVALID,
                                "scope[%zu]: \"%s\" is not a site name (no '/', under %d bytes)", i,
                                names[i], CORE_SITE_MAX);
        for (size_t k = 0; k < i; k++) {
            if (strcmp(names[k], names[i]) == 0)
                return core_err_set(err, CORE_E_INVALID, "scope[%zu]: \"%s\" twice", i, names[i]);
        }
        memcpy(l->scope[i], names[i], strlen(names[i]) + 1); // under CORE_SITE_MAX: checked
    }
    if (rc == 0 && cJSON_GetObjectItemCaseSensitive(root, "scope") != NULL && n == 0)
        return core_err_set(err, CORE_E_INVALID,
                            "scope: name at least one site (leave it out to show them all)");
    l->nscope = rc == 0 ? n : 0;
    return rc;
}

static int
parse_root(const cJSON *root, struct wb_layout *l, struct core_err *err,
           struct wb_layout_report *report)
{
    if (!cJSON_IsObject(root))
        return core_err_set(err, CORE_E_INVALID, "the layout must be a JSON object");
    int rc = wb_layout_check_keys(root, top_keys, NULL, "(top level)", err);
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (rc == 0 && (!cJSON_IsNumber(version) || version->valuedouble != WB_LAYOUT_VERSION))
        return core_err_set(err, CORE_E_INVALID, "version: must be %d", WB_LAYOUT_VERSION);
    if (rc == 0)
        rc = wb_layout_get_text(root, "name", l->name, sizeof(l->name), "(top level)", err);
    rc = noted(rc, err, report);
    if (rc == 0)
        rc = noted(parse_scope(root, l, err), err, report);
    if (rc == 0)
        rc = parse_include(root, l, err, report);
    if (rc == 0)
        rc = parse_shared(root, l, err, report);
    const cJSON *pages = cJSON_GetObjectItemCaseSensitive(root, "pages");
    if (rc == 0 && (!cJSON_IsArray(pages) || cJSON_GetArraySize(pages) == 0))
        return core_err_set(err, CORE_E_INVALID, "pages: must be a non-empty array of pages");
    const cJSON *p;
    cJSON_ArrayForEach(p, pages)
    {
        if (rc != 0)
            break;
        if (l->npages == WB_MAX_PAGES)
            return core_err_set(err, CORE_E_INVALID, "pages: more than %d pages", WB_MAX_PAGES);
        rc =
            noted(parse_page(p, l, &l->pages[l->npages], (int)l->npages, err, report), err, report);
        l->npages++;
    }
    return rc;
}

// Turns a byte offset into line and column for a JSON syntax error.
static void
locate(const char *json, size_t len, const char *at, struct core_err *err)
{
    long line = 1, col = 1;
    for (const char *p = json; p < at && p < json + len; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*p & 0xc0) != 0x80) {
            col++;
        }
    }
    err->line = line;
    err->column = col;
}

// Theme colour pairs a supervisor must read from across the room (SCREEN.md): labels 4.5:1
// against their tile, headline figures 7:1. A site may choose otherwise, so these warn.
// Content that cannot fit: a list asking for more rows than its box holds at 1080p (rows never
// shrink below 1.7 times the text, as wb_grow_rows draws them). The screen says "+N more";
// the check says so before the screen does.
static void
warn_fit(const struct wb_layout *l, struct wb_layout_report *report)
{
    const int h = 1080;
    int pad = (int)lround(0.012 * h), text = (int)lround(l->theme.text_size * h);
    int title = (int)lround(l->theme.label_size * h) * 3 / 2, row = text * 17 / 10;
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nwidgets; i++) {
            const struct wb_widget *w = &l->pages[p].widgets[i];
            int want = w->kind && w->kind->rows_wanted ? w->kind->rows_wanted(w) : 0;
            if (want == 0 || report->nwarnings >= WB_LAYOUT_REPORT_MAX)
                continue;
            struct wb_rect r = wb_board_cell_rect(l, w, h * 16 / 9, h);
            int fit = (r.h - pad - (w->title[0] ? title : 0)) / row;
            if (want <= fit)
                continue;
            snprintf(report->warning[report->nwarnings++], sizeof(report->warning[0]),
                     "%.100s: warning: pages[%zu].widgets[%zu] (%.20s): count %d, but about %d "
                     "rows fit its height at 1080p; the list will say \"+%d more\" (a smaller "
                     "count, or a taller widget)",
                     l->source, p, i, w->kind->name, want, fit > 0 ? fit : 0,
                     want - (fit > 1 ? fit - 1 : 0));
        }
    }
}

static void
warn_contrast(const struct wb_layout *l, struct wb_layout_report *report)
{
    const struct wb_theme *t = &l->theme;
    struct {
        const char *fg, *bg;
        struct wb_color a, b;
        double min;
    } pairs[] = {{"text", "panel", t->text, t->panel, 7.0},
                 {"watch", "panel", t->watch, t->panel, 7.0},
                 {"act", "panel", t->act, t->panel, 7.0},
                 {"muted", "panel", t->muted, t->panel, 4.5},
                 {"text", "background", t->text, t->background, 4.5},
                 {"stale_text", "stale_bg", t->stale_text, t->stale_bg, 4.5},
                 // Not a text on a ground: the two levels must differ in lightness as well.
                 {"watch", "act", t->watch, t->act, 1.5}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        double c = wb_color_contrast(pairs[i].a, pairs[i].b);
        if (c >= pairs[i].min || report->nwarnings >= WB_LAYOUT_REPORT_MAX)
            continue;
        snprintf(report->warning[report->nwarnings++], sizeof(report->warning[0]),
                 "%s: warning: theme.%s %s theme.%s has contrast %.1f:1; at least %.1f:1 %s",
                 l->source, pairs[i].fg,
                 i + 1 == sizeof(pairs) / sizeof(pairs[0]) ? "against" : "on", pairs[i].bg, c,
                 pairs[i].min,
                 i + 1 == sizeof(pairs) / sizeof(pairs[0]) ? "tells the levels apart in grey"
                                                           : "reads from across the room");
    }
}

// A layout is UTF-8 text: a NUL byte or a line that is not UTF-8 (a file saved in GBK, a
// binary) is said with its line, before JSON would take it in silently.
static int
check_text(const char *text, size_t len, struct core_err *err)
{
    long line = 1;
    for (size_t at = 0; at < len; line++) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        if (memchr(text + at, '\0', n)) {
            err->line = line;
            return core_err_set(err, CORE_E_INVALID, "a NUL byte: not a text file");
        }
        size_t body = n && text[at + n - 1] == '\r' ? n - 1 : n;
        if (!core_utf8_valid(text + at, body)) {
            err->line = line;
            return core_err_set(err, CORE_E_INVALID,
                                "not UTF-8 text (saved in another encoding, GBK?)");
        }
        at += n + 1;
    }
    return 0;
}

static int
parse_layout(const char *json, size_t len, const char *source, struct wb_layout **out,
             struct core_err *err, struct wb_layout_report *report)
{
    *out = NULL;
    snprintf(err->source, sizeof(err->source), "%s", source);
    int text_rc = check_text(json, len, err);
    if (text_rc != 0)
        return text_rc;
    struct wb_layout *l = calloc(1, sizeof(*l));
    if (l == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    snprintf(l->source, sizeof(l->source), "%s", source);
    snprintf(err->source, sizeof(err->source), "%s", source);
    l->lang = WB_LANG_ZH;
    l->columns = 12;
    l->rows = 12;
    l->margin = 0.025;
    l->gutter = 0.01;
    l->stale_after_s = 3;
    l->min_calls = 5;
    l->overlay_timeout_s = 20;
    l->resume_rotation_s = 300;
    snprintf(l->renderer, sizeof(l->renderer), "auto");
    default_theme(&l->theme);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    int rc;
    if (root == NULL) {
        locate(json, len, end ? end : json, err);
        rc = core_err_set(err, CORE_E_PARSE,
                          "not valid JSON here (a missing comma, quote or "
                          "bracket just before?)");
    } else {
        rc = parse_root(root, l, err, report);
        cJSON_Delete(root);
    }
    if (report != NULL) {
        noted(rc, err, report);
        if (root != NULL)
            warn_contrast(l, report);
        warn_fit(l, report);
        rc = report->count ? CORE_E_INVALID : 0;
    }
    if (rc != 0) {
        wb_layout_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

int
wb_layout_parse(const char *json, size_t len, const char *source, struct wb_layout **out,
                struct core_err *err)
{
    return parse_layout(json, len, source, out, err, NULL);
}

// The files a layout's widgets name (a map's own geometry), read relative to the layout's
// folder; a file that cannot be used fails the layout as a wrong option would.
static int
load_widget_files(struct wb_layout *l, const char *path, struct core_err *err,
                  struct wb_layout_report *report)
{
    int rc = 0;
    for (size_t p = 0; p < l->npages && rc == 0; p++) {
        for (size_t w = 0; w < l->pages[p].nwidgets && rc == 0; w++) {
            struct wb_widget *wd = &l->pages[p].widgets[w];
            if (wd->kind->load == NULL)
                continue;
            char where[64];
            snprintf(where, sizeof(where), "pages[%zu].widgets[%zu]", p, w);
            rc = noted(wd->kind->load(wd, path, where, err), err, report);
        }
    }
    return report != NULL && report->count ? CORE_E_INVALID : rc;
}

static int
load_layout(const char *path, struct wb_layout **out, struct core_err *err,
            struct wb_layout_report *report)
{
    *out = NULL;
    size_t len;
    char *buf = core_file_read(path, LAYOUT_FILE_MAX, &len, err);
    if (buf == NULL && err->code == CORE_E_TOOLONG)
        return core_err_set(err, CORE_E_TOOLONG, "larger than 1 MiB; is this a layout file?");
    if (buf == NULL)
        return err->code;
    int rc = parse_layout(buf, len, path, out, err, report);
    free(buf);
    if (*out != NULL && (rc = load_widget_files(*out, path, err, report)) != 0) {
        wb_layout_free(*out);
        *out = NULL;
    }
    return rc;
}

int
wb_layout_load(const char *path, struct wb_layout **out, struct core_err *err)
{
    return load_layout(path, out, err, NULL);
}

int
wb_layout_check_json(const char *json, size_t len, const char *source,
                     struct wb_layout_report *report)
{
    memset(report, 0, sizeof(*report));
    struct core_err err;
    core_err_clear(&err);
    struct wb_layout *l = NULL;
    parse_layout(json, len, source, &l, &err, report);
    wb_layout_free(l);
    return report->count ? -1 : 0;
}

int
wb_layout_check(const char *path, struct wb_layout_report *report)
{
    memset(report, 0, sizeof(*report));
    struct core_err err;
    core_err_clear(&err);
    struct wb_layout *l = NULL;
    int rc = load_layout(path, &l, &err, report);
    if (rc != 0 && report->count == 0)
        noted(rc, &err, report); // the file could not be read at all
    wb_layout_free(l);
    return report->count ? -1 : 0;
}

static bool
page_shows(const struct wb_page *p, const char *queue)
{
    for (size_t i = 0; i < p->nwidgets; i++) {
        const struct wb_widget *w = &p->widgets[i];
        if (w->kind == NULL)
            continue;
        bool table = strcmp(w->kind->name, "queue_table") == 0;
        bool figure = strcmp(w->kind->name, "kpi") == 0;
        if (!table && !figure)
            continue;
        // A queue is shown by a table of every queue (a figure of every queue is their sum);
        // the site by a figure of every queue.
        if (w->nqueues == 0 && (queue[0] ? table : figure))
            return true;
        for (size_t q = 0; queue[0] && q < w->nqueues; q++) {
            if (strcmp(w->queues[q], queue) == 0)
                return true;
        }
    }
    return false;
}

static bool
page_has(const struct wb_page *p, const char *kind)
{
    for (size_t i = 0; i < p->nwidgets; i++) {
        if (p->widgets[i].kind && strcmp(p->widgets[i].kind->name, kind) == 0)
            return true;
    }
    return false;
}

size_t
wb_layout_page_with(const struct wb_layout *l, const char *kind, size_t current)
{
    if (current < l->npages && page_has(&l->pages[current], kind))
        return current;
    for (size_t i = 0; i < l->npages; i++) {
        if (page_has(&l->pages[i], kind))
            return i;
    }
    return current;
}

size_t
wb_layout_page_showing(const struct wb_layout *l, const char *queue, size_t current)
{
    if (current < l->npages && page_shows(&l->pages[current], queue))
        return current;
    for (size_t i = 0; i < l->npages; i++) {
        if (page_shows(&l->pages[i], queue))
            return i;
    }
    return current;
}

void
wb_layout_free(struct wb_layout *l)
{
    if (l == NULL)
        return;
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nwidgets; i++) {
            struct wb_widget *w = &l->pages[p].widgets[i];
            if (w->kind && w->kind->free_opts)
                w->kind->free_opts(w->opts);
        }
    }
    free(l);
}
