// SPDX-License-Identifier: MIT
// Layout files (layouts/*.json, version 1): pages of widgets on a grid, a theme, a language.
// docs/layouts.md is the reference. Sizes are fractions of the screen height, never pixels,
// so one layout serves 1080p, 4K and portrait screens.
#ifndef WB_LAYOUT_H
#define WB_LAYOUT_H

#include "core/err.h"
#include "core/event.h"
#include "core/view.h"
#include "wallboard/color.h"
#include "wallboard/i18n.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define WB_LAYOUT_VERSION 1
#define WB_MAX_PAGES      16
#define WB_MAX_WIDGETS    48 // per page
#define WB_MAX_FILTER     16 // queues a widget may be bound to
#define WB_MAX_TEAMS      8  // teams a widget may be bound to
#define WB_MAX_SCOPE      64 // sites a screen of a roll-up may show together

struct wb_widget_kind;

// Thresholds turn a figure into normal / watch / act. With low_is_bad, small is bad
// (agents available); otherwise large is bad (calls waiting).
struct wb_thresholds {
    bool set;
    double watch, act;
    bool low_is_bad;
};

enum wb_level { WB_LEVEL_NORMAL, WB_LEVEL_WATCH, WB_LEVEL_ACT };

struct wb_theme {
    char font[256], font_bold[256]; // paths, relative to the data directory unless absolute
    struct wb_color background, panel, text, muted, watch, act, stale_bg, stale_text;
    struct wb_color state[CORE_AGENT_STATE_COUNT];
    double text_size, label_size, figure_size, title_size; // fractions of screen height
};

struct wb_widget {
    const struct wb_widget_kind *kind;
    char id[64];
    char title[128];
    int col, row, width, height; // grid cells
    size_t nqueues;              // 0: every queue
    char queues[WB_MAX_FILTER][CORE_ID_MAX];
    size_t nteams; // 0: every team (agents only: agent grid, agents_* figures)
    char teams[WB_MAX_TEAMS][CORE_ID_MAX];
    size_t nchannels; // 0: not bound; else call figures of these channels (kpi only)
    char channels[WB_MAX_TEAMS][CORE_ID_MAX];
    void *opts; // the kind's own options, owned (freed by the kind)
};

struct wb_page {
    char name[64];
    double dwell_s; // seconds on screen before the next page (0: stay)
    size_t nwidgets;
    struct wb_widget widgets[WB_MAX_WIDGETS];
};

struct wb_layout {
    char source[256];  // file name, for messages
    char include[512]; // the shared settings file it includes ("" none), watched too
    char name[128];
    enum wb_lang lang;
    int columns, rows;
    double margin, gutter; // fractions of screen height
    double stale_after_s;
    double overlay_timeout_s; // a drill-down closes by itself after this long untouched
    double resume_rotation_s; // rotation paused by touch starts again after this long
    char renderer[16];        // "auto", "software" or "accelerated"
    size_t nscope;            // a roll-up's sites this screen shows (0: all it has)
    char scope[WB_MAX_SCOPE][CORE_SITE_MAX];
    struct wb_theme theme;
    size_t npages;
    struct wb_page pages[WB_MAX_PAGES];
};

// wb_layout_parse reads a layout from len bytes of JSON; source names it in messages.
// On success *out is the caller's: free with wb_layout_free(). On failure returns
// CORE_E_PARSE / CORE_E_INVALID / CORE_E_UNKNOWN / CORE_E_NOMEM and err reads like
// "layouts/floor.json: pages[0].widgets[2] (\"q1\"): unknown key \"colour\" (did you mean
// \"color\"?)", with line and column for JSON syntax errors.
int wb_layout_parse(const char *json, size_t len, const char *source, struct wb_layout **out,
                    struct core_err *err);

// wb_layout_load reads and parses the file at path. Errors as wb_layout_parse, plus CORE_E_IO.
int wb_layout_load(const char *path, struct wb_layout **out, struct core_err *err);

// Everything wrong with one layout file, for wallboard --check-layout: the first problem of
// each widget, page and top-level section (so one typo does not hide the next), and warnings
// for theme colours below the contrast SCREEN.md asks for. count and nwarnings may exceed
// WB_LAYOUT_REPORT_MAX; only that many messages are kept.
#define WB_LAYOUT_REPORT_MAX 64
struct wb_layout_report {
    size_t count, nwarnings;
    char msg[WB_LAYOUT_REPORT_MAX][400];
    char warning[WB_LAYOUT_REPORT_MAX][400];
};

// wb_layout_check reads and validates the file at path without keeping the layout.
// Returns 0 when it is good (warnings allowed), -1 with report->count > 0 otherwise.
int wb_layout_check(const char *path, struct wb_layout_report *report);

// wb_layout_check_json does the same for len bytes of JSON; source names it in messages.
int wb_layout_check_json(const char *json, size_t len, const char *source,
                         struct wb_layout_report *report);

// wb_layout_page_showing returns the page that shows queue (a widget bound to it, or a table
// of every queue; "" is the site: a figure of every queue): current when it does, else the
// first that does, else current.
size_t wb_layout_page_showing(const struct wb_layout *l, const char *queue, size_t current);

// wb_layout_page_with returns the page holding a widget of kind (e.g. "keywords"): current
// when it does, else the first that does, else current.
size_t wb_layout_page_with(const struct wb_layout *l, const char *kind, size_t current);

// wb_layout_check_names adds a warning to report for every queue and team the layout names
// that the state v (the collector's) does not know, with the JSON path and the names it does
// know. (Warnings, not errors: a queue may be quiet, or new, when the layout is checked.)
void wb_layout_check_names(const struct wb_layout *l, const struct core_view *v,
                           struct wb_layout_report *report);

// wb_layout_free frees a layout; NULL is a no-op.
void wb_layout_free(struct wb_layout *l);

// wb_thresholds_level classifies value against t.
enum wb_level wb_thresholds_level(const struct wb_thresholds *t, double value);

// wb_layout_check_keys fails with a message naming path and the nearest allowed key when obj
// holds a key not in allowed (NULL-terminated) nor in also (may be NULL). Used by widget kinds.
int wb_layout_check_keys(const cJSON *obj, const char *const *allowed, const char *const *also,
                         const char *path, struct core_err *err);

// wb_layout_get_window reads "window" of obj ("interval", "previous_interval", "today",
// "yesterday"); absent: today.
int wb_layout_get_window(const cJSON *obj, enum core_window *out, const char *path,
                         struct core_err *err);

// wb_layout_get_thresholds reads {"watch": N, "act": N} at key of obj, if present.
int wb_layout_get_thresholds(const cJSON *obj, const char *key, bool low_is_bad,
                             struct wb_thresholds *out, const char *path, struct core_err *err);

#endif
