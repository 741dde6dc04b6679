// SPDX-License-Identifier: MIT
// What a layout is (layouts/*.json, version 1): pages of widgets on a grid, a theme, a language.
// docs/layouts.md is the reference. Sizes are fractions of the screen height, never pixels,
// so one layout serves 1080p, 4K and portrait screens. Types only: layout.h reads files.
#ifndef WB_LAYOUT_MODEL_H
#define WB_LAYOUT_MODEL_H

#include "core/event.h"
#include "core/view.h"
#include "wallboard/engine/color.h"
#include "wallboard/engine/i18n.h"

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

// "names": the words a floor reads for ids the collector knows: a roll-up's site ids ("anhui" →
// "安徽") and not-ready reason codes ("lunch" → "午餐"), in the layout's language.
#define WB_MAX_NAMES 64
struct wb_names {
    size_t n;
    struct {
        char id[CORE_ID_MAX];
        char name[CORE_ID_MAX];
    } pair[WB_MAX_NAMES];
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
    int min_calls; // a rate from fewer calls is shown as "—" with the count (SCREEN.md)
    double overlay_timeout_s; // a drill-down closes by itself after this long untouched
    double resume_rotation_s; // rotation paused by touch starts again after this long
    char renderer[16];        // "auto", "software" or "accelerated"
    size_t nscope;            // a roll-up's sites this screen shows (0: all it has)
    char scope[WB_MAX_SCOPE][CORE_SITE_MAX];
    struct wb_theme theme;
    struct wb_names site_names, reason_names;
    size_t npages;
    struct wb_page pages[WB_MAX_PAGES];
};

#endif
