// SPDX-License-Identifier: MIT
// Widget kinds: one table entry each (name, options, parse, draw), like htop's MeterClass.
// Adding a widget is adding a file to widgets/ with its entry and listing it in
// widgets/table.c; the helpers below are what the kinds share.
#ifndef WB_WIDGET_H
#define WB_WIDGET_H

#include "core/err.h"
#include "core/view.h"
#include "wallboard/engine/draw.h"
#include "wallboard/engine/geo.h"
#include "wallboard/engine/hit.h"
#include "wallboard/engine/layout_model.h"
#include "wallboard/engine/layout_options.h"
#include "wallboard/engine/regions.h"

#include <cjson/cJSON.h>
#include <stdint.h>

// struct wb_frame is everything a widget may draw from. All members are borrowed.
struct wb_frame {
    struct wb_drawlist *dl;
    const struct core_view *view; // has_data false before the first snapshot
    const struct wb_layout *layout;
    size_t page; // the page drawn
    const struct wb_regions *regions;
    wb_measure_fn measure;
    void *measure_ctx;
    int screen_h;
    double now_s;                       // the collector's clock, advanced locally between messages
    double local_now_s;                 // this machine's clock, for the wall clock on screen
    bool stale;                         // data stopped coming: figures grey out
    bool blink_on;                      // the phase of the slow "act" blink
    struct wb_hits *hits;               // where touchable things are drawn (NULL: not wanted)
    struct wb_cloud_memory *cloud;      // where word-cloud words were (NULL: no memory)
    const struct wb_geo *china, *world; // map geometry (NULL: not loaded)
    const char *keyword;                // a keyword touched ("" or NULL: none): maps follow it
};

// Where each word of a word cloud was last drawn (centre, as fractions of the cloud), so that
// words keep their place between updates instead of jumping around. Owned by the screen.
#define WB_CLOUD_REMEMBERED 256
struct wb_cloud_memory {
    size_t len, next; // entries used; the next to reuse when full
    struct {
        const void *widget;
        char word[CORE_WORD_MAX];
        double cx, cy;
    } place[WB_CLOUD_REMEMBERED];
};

struct wb_widget_kind {
    const char *name;
    const char *const *keys; // options of this kind besides the common ones; NULL-terminated
    // parse reads the kind's options from obj into w->opts. path names obj in messages.
    int (*parse)(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err);
    // draw appends the widget's commands for area r.
    void (*draw)(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r);
    // free_opts frees w->opts (may be NULL when the kind has no options).
    void (*free_opts)(void *opts);
    // thresholds returns the watch/act rule w applies to metric (a tile's metric name, such as
    // "service_level"), or NULL: so a table colours its cells as the tiles do. May be NULL.
    const struct wb_thresholds *(*thresholds)(const struct wb_widget *w, const char *metric);
    // for_rollup tells whether w shows what only a roll-up of sites has (rows of sites). May be
    // NULL (never).
    bool (*for_rollup)(const struct wb_widget *w);
    // rows_wanted returns how many rows of text w asks for (a list's "count"), 0 for none.
    // May be NULL. --check-layout warns when they cannot fit.
    int (*rows_wanted)(const struct wb_widget *w);
    // load reads the files w's options name (a site's own map geometry), relative to the
    // folder of the layout file at layout, once the layout is parsed from it; path names w in
    // messages. May be NULL (the kind names no file).
    int (*load)(struct wb_widget *w, const char *layout, const char *path, struct core_err *err);
};

// wb_widget_kind_find returns the kind called name, or NULL (widgets/table.c).
const struct wb_widget_kind *wb_widget_kind_find(const char *name);

// wb_widget_kind_names writes the known kinds' names, comma-separated, for messages.
void wb_widget_kind_names(char *buf, size_t size);

// Helpers shared by the widgets (widget.c).

// wb_px converts a fraction of the screen height to pixels (at least 1).
int wb_px(const struct wb_frame *f, double fraction);

// wb_level_color returns the colour of a figure at level (text colour when normal), greyed
// when the data is stale.
struct wb_color wb_level_color(const struct wb_frame *f, enum wb_level level);

// wb_draw_panel draws the widget's background and its title; returns the area left below.
struct wb_rect wb_draw_panel(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r);

// wb_draw_fitted draws text shortened with an ellipsis to fit r's width.
void wb_draw_fitted(const struct wb_frame *f, struct wb_rect r, const char *text, int px, bool bold,
                    enum wb_align align, struct wb_color c);

// wb_draw_more says that n more entries than shown exist, in r: the words of what (such as
// WB_STR_MORE_ROWS, "另有 %s 项") when they fit, else "+n"; never left unsaid.
void wb_draw_more(const struct wb_frame *f, struct wb_rect r, enum wb_str what, size_t n, int px,
                  enum wb_align align, struct wb_color c);

// wb_widget_wants_queue tells whether w is bound to queue id (true when w names no queues).
bool wb_widget_wants_queue(const struct wb_widget *w, const char *id);

// wb_widget_wants_channel tells whether w is bound to channel id.
bool wb_widget_wants_channel(const struct wb_widget *w, const char *id);

// wb_grow_rows returns the row height for rows rows in height pixels: rows spread out to use
// the space (up to 2.5 times the text), and *px grows with them (up to 1.4 times), so a short
// table is larger, never sparse. Rows never shrink below 1.7 times the text.
int wb_grow_rows(int *px, int height, int rows);

// wb_widget_wants_agent tells whether agent a is in one of w's teams and serves one of its
// queues (each true when w names none).
bool wb_widget_wants_agent(const struct wb_widget *w, const struct core_view_agent *a);

// wb_widget_tally fills out with window win of w's queues: the site's when w names no queues,
// else the sum of its queues' (or of its channels', when it is bound to channels). Returns false
// when the collector publishes no windows.
bool wb_widget_tally(const struct wb_widget *w, const struct core_view *v, enum core_window win,
                     struct core_tally *out);

// wb_sl_legend writes the service-level formula in use, in lang, for a figure's legend:
// lines split at '\n', English words abbreviated when short_words.
void wb_sl_legend(enum wb_lang lang, const struct core_metrics_config *c, bool short_words,
                  char *buf, size_t size);

// wb_site_name returns how the layout names site id (its "names.sites"), else id; wb_reason_name
// the same for a not-ready reason code. Borrowed from the layout or id.
const char *wb_site_name(const struct wb_layout *l, const char *id);
const char *wb_reason_name(const struct wb_layout *l, const char *id);

// wb_scoped_name writes id as the floor reads it: "site/rest" with the site by its name.
const char *wb_scoped_name(const struct wb_layout *l, const char *id, char *buf, size_t size);

// wb_header_clock_w returns the width of the header's clock box ("00:00:00" in bold at the
// title size, and half a letter), which banners leave uncovered.
int wb_header_clock_w(const struct wb_frame *f);

// wb_tile_thresholds returns the rule the layout's tiles apply to metric: a widget's on page
// first, else one on any page; NULL when no tile sets one.
const struct wb_thresholds *wb_tile_thresholds(const struct wb_layout *l, size_t page,
                                               const char *metric);

// wb_agent_state_color returns the theme's colour for state.
struct wb_color wb_agent_state_color(const struct wb_frame *f, enum core_agent_state state);

#endif
