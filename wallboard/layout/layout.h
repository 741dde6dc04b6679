// SPDX-License-Identifier: MIT
// Layout files: reading, validating and checking them against the collector's names, and
// finding pages. What a layout holds is in layout_model.h; docs/layouts.md is the reference.
#ifndef WB_LAYOUT_H
#define WB_LAYOUT_H

#include "core/err.h"
#include "core/view.h"
#include "wallboard/engine/layout_model.h"

#include <stddef.h>

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

#endif
