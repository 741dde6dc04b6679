// SPDX-License-Identifier: MIT
// Grid geometry, the page's widgets, and the banners that say the data is not live.
#include "wallboard/engine/board.h"

#include "wallboard/engine/alert_band.h"
#include "wallboard/engine/overlay.h"
#include "wallboard/engine/widget.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct wb_rect
wb_board_cell_rect(const struct wb_layout *l, const struct wb_widget *w, int screen_w, int screen_h)
{
    // Margin and gutter are fractions of the height, so they look alike in both orientations.
    double margin = l->margin * screen_h, gutter = l->gutter * screen_h;
    double cell_w = (screen_w - 2 * margin - (l->columns - 1) * gutter) / l->columns;
    double cell_h = (screen_h - 2 * margin - (l->rows - 1) * gutter) / l->rows;
    double x0 = margin + w->col * (cell_w + gutter);
    double y0 = margin + w->row * (cell_h + gutter);
    double x1 = x0 + w->width * cell_w + (w->width - 1) * gutter;
    double y1 = y0 + w->height * cell_h + (w->height - 1) * gutter;
    return (struct wb_rect){(int)lround(x0), (int)lround(y0), (int)lround(x1) - (int)lround(x0),
                            (int)lround(y1) - (int)lround(y0)};
}

// A few pixels of drift every ten minutes, so months of the same frame do not burn in.
static void
burn_in_shift(double local_now_s, int screen_h, int *dx, int *dy)
{
    static const int steps[8][2] = {{0, 0},  {1, 0},  {1, 1},   {0, 1},
                                    {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}};
    int step = (int)fmod(floor(local_now_s / 600.0), 8.0);
    int unit = screen_h / 540 > 0 ? screen_h / 540 : 1; // 2 px at 1080p
    *dx = steps[step][0] * unit;
    *dy = steps[step][1] * unit;
}

// A band of the top row: its ground, and text centred within it (never past its end, where
// the clock is).
static void
draw_band_text(struct wb_drawlist *dl, const struct wb_frame *f, struct wb_rect band,
               const char *text, struct wb_color bg, struct wb_color fg)
{
    int px = wb_px(f, f->layout->theme.title_size);
    wb_draw_rect(dl, band, bg);
    wb_draw_fitted(f, (struct wb_rect){band.x + px, band.y, band.w - 2 * px, band.h}, text, px,
                   true, WB_ALIGN_CENTER, fg);
}

static void
draw_banner(struct wb_drawlist *dl, const struct wb_board_input *in, const struct wb_frame *f,
            struct wb_rect band)
{
    const struct wb_theme *t = &in->layout->theme;
    char text[256], when[16] = "--:--:--";
    if (in->link == WB_LINK_STALE) {
        time_t last = (time_t)in->last_update_s;
        struct tm tm;
        if (localtime_r(&last, &tm) != NULL)
            strftime(when, sizeof(when), "%H:%M:%S", &tm);
        wb_str_format(text, sizeof(text), in->layout->lang, WB_STR_STALE, when);
    } else {
        wb_str_format(text, sizeof(text), in->layout->lang, WB_STR_CONNECTING,
                      in->collector ? in->collector : "");
    }
    draw_band_text(dl, f, band, text, t->stale_bg, t->stale_text);
}

// The top of the screen (the margin and the first grid row, where layouts put the header):
// where banners and alerts go, so nothing shows half-hidden behind them; but short of the
// header's clock, which a band never covers (the floor reads the time there all day).
static struct wb_rect
top_band(const struct wb_board_input *in, const struct wb_frame *f, int grid_h)
{
    int px = wb_px(f, in->layout->theme.title_size);
    struct wb_widget top_row = {.col = 0, .row = 0, .width = 1, .height = 1};
    struct wb_rect cell = wb_board_cell_rect(in->layout, &top_row, in->screen_w, grid_h);
    struct wb_rect band = {0, 0, in->screen_w, cell.y + cell.h > px * 2 ? cell.y + cell.h : px * 2};
    const struct wb_page *p = &in->layout->pages[f->page];
    for (size_t i = 0; i < p->nwidgets; i++) {
        const struct wb_widget *w = &p->widgets[i];
        if (w->kind == NULL || strcmp(w->kind->name, "header") != 0 || w->row != 0)
            continue;
        struct wb_rect h = wb_board_cell_rect(in->layout, w, in->screen_w, grid_h);
        int clock_w = wb_header_clock_w(f);
        band.w = h.x + h.w - clock_w;
    }
    return band;
}

// The collector is live but one of its inputs (a PBX link) is down: said in the act colour,
// distinct from the amber "no data" band, with since when.
static void
draw_source_banner(struct wb_drawlist *dl, const struct wb_board_input *in,
                   const struct wb_frame *f, struct wb_rect band)
{
    const struct wb_theme *t = &in->layout->theme;
    char when[16] = "", what[200], text[300];
    time_t since = (time_t)in->view->source_down_since_s;
    struct tm tm;
    if (since > 0 && localtime_r(&since, &tm) != NULL)
        strftime(when, sizeof(when), "%H:%M:%S", &tm);
    bool zh = in->layout->lang == WB_LANG_ZH;
    // The collector's own journal (its disk is full or failing) is not a PBX link: said as such.
    bool journal = strcmp(in->view->source_down, "journal") == 0;
    const char *name = journal ? "" : in->view->source_down;
    if (when[0])
        snprintf(what, sizeof(what), zh ? "%s（自 %s）" : "%s (since %s)", name, when);
    else
        snprintf(what, sizeof(what), "%s", name);
    wb_str_format(text, sizeof(text), in->layout->lang,
                  journal ? WB_STR_JOURNAL_DOWN : WB_STR_SOURCE_DOWN, what);
    struct wb_color bg = t->state[CORE_AGENT_NOT_READY]; // vermilion
    draw_band_text(dl, f, band, text, bg,
                   wb_color_text_on(bg, (struct wb_color){255, 255, 255, 255},
                                    (struct wb_color){12, 14, 20, 255}));
}

// Where text breaks into two lines that each fit width: after the last space, or after a CJK
// colon, that leaves the first line within width. 0 when it fits on one line or cannot break.
static size_t
break_point(const struct wb_frame *f, const char *text, int px, int width)
{
    if (f->measure(f->measure_ctx, text, px, false) <= width)
        return 0;
    size_t best = 0, len = strlen(text);
    char line[600];
    for (size_t i = 1; i < len && i < sizeof(line); i++) {
        bool after_space = text[i - 1] == ' ';
        bool after_colon = i >= 3 && strncmp(text + i - 3, "：", 3) == 0;
        if (!after_space && !after_colon)
            continue;
        snprintf(line, sizeof(line), "%.*s", (int)i, text);
        if (f->measure(f->measure_ctx, line, px, false) > width)
            break;
        best = i;
    }
    return best;
}

static void
layout_error_text(const struct wb_board_input *in, char *text, size_t size)
{
    wb_str_format(text, size, in->layout->lang,
                  in->layout_fallback ? WB_STR_LAYOUT_FALLBACK : WB_STR_LAYOUT_ERROR,
                  in->layout_error);
}

// The width of the "paused" box in the bottom-right corner (at most half the screen).
static int
paused_w(const struct wb_board_input *in, const struct wb_frame *f)
{
    const char *text = wb_str(in->layout->lang, WB_STR_PAUSED);
    int px = wb_px(f, in->layout->theme.label_size);
    int w = in->measure(in->measure_ctx, text, px, false) + px;
    return w < in->screen_w / 2 ? w : in->screen_w / 2;
}

// The layout-error note's own strip at the foot of the screen, used when the top band carries
// news for the floor (stale data, a PBX link down, alerts): the page is then laid out above
// it, so the note covers no figure and is never cut short. One line high, or two when the
// words need them. 0 when the note goes in the top band (or there is none).
static int
error_strip_h(const struct wb_board_input *in, const struct wb_frame *f, bool band_free)
{
    if (in->layout_error == NULL || band_free)
        return 0;
    char text[600];
    layout_error_text(in, text, sizeof(text));
    int px = wb_px(f, in->layout->theme.label_size);
    int width = in->screen_w - (in->paused ? paused_w(in, f) : 0) - px;
    return break_point(f, text, px, width) ? px * 3 : px * 2;
}

// A layout file that did not load (an edit, or the file at start): the site engineer sees why,
// with the file and the place, while the floor keeps the last good (or the default) layout.
// In the top band, over the header's title and short of the clock, in two lines if need be;
// when the band carries news for the floor, in the strip below the page (error_strip_h).
// Either way it covers no figure.
static void
draw_layout_error(struct wb_drawlist *dl, const struct wb_board_input *in, const struct wb_frame *f,
                  struct wb_rect band, int strip_h)
{
    const struct wb_theme *t = &in->layout->theme;
    char text[600];
    layout_error_text(in, text, sizeof(text));
    int px = wb_px(f, t->label_size);
    if (strip_h > 0)
        band = (struct wb_rect){0, in->screen_h - strip_h,
                                in->screen_w - (in->paused ? paused_w(in, f) : 0), strip_h};
    wb_draw_rect(dl, band, t->stale_bg);
    struct wb_rect inner = {band.x + px / 2, band.y, band.w - px, band.h};
    size_t cut = band.h >= px * 5 / 2 ? break_point(f, text, px, inner.w) : 0;
    if (cut == 0) {
        wb_draw_fitted(f, inner, text, px, false, WB_ALIGN_LEFT, t->stale_text);
        return;
    }
    char first[600];
    snprintf(first, sizeof(first), "%.*s", (int)cut, text);
    int line_h = band.h / 2;
    wb_draw_fitted(f, (struct wb_rect){inner.x, inner.y, inner.w, line_h}, first, px, false,
                   WB_ALIGN_LEFT, t->stale_text);
    wb_draw_fitted(f, (struct wb_rect){inner.x, inner.y + line_h, inner.w, band.h - line_h},
                   text + cut, px, false, WB_ALIGN_LEFT, t->stale_text);
}

// Rotation paused by touch: said in the bottom-right corner, so the next supervisor knows
// why the page stays.
static void
draw_paused(struct wb_drawlist *dl, const struct wb_board_input *in, const struct wb_frame *f)
{
    const struct wb_theme *t = &in->layout->theme;
    const char *text = wb_str(in->layout->lang, WB_STR_PAUSED);
    int px = wb_px(f, t->label_size);
    int w = paused_w(in, f);
    struct wb_rect box = {in->screen_w - w, in->screen_h - px * 2, w, px * 2};
    wb_draw_rect(dl, box, t->stale_bg);
    wb_draw_fitted(f, (struct wb_rect){box.x + px / 2, box.y, box.w - px, box.h}, text, px, false,
                   WB_ALIGN_LEFT, t->stale_text);
}

void
wb_board_draw(struct wb_drawlist *dl, const struct wb_board_input *in)
{
    const struct wb_layout *l = in->layout;
    wb_drawlist_clear(dl);
    wb_hits_clear(in->hits);
    bool overlay = in->overlay != WB_OVERLAY_NONE && in->overlay_id != NULL;
    wb_draw_rect(dl, (struct wb_rect){0, 0, in->screen_w, in->screen_h}, l->theme.background);
    struct wb_frame f = {
        .dl = dl,
        .view = in->view,
        .layout = l,
        .page = in->page < l->npages ? in->page : 0,
        .regions = in->regions,
        .measure = in->measure,
        .measure_ctx = in->measure_ctx,
        .screen_h = in->screen_h,
        .now_s = in->now_s,
        .local_now_s = in->local_now_s,
        .stale = in->link != WB_LINK_LIVE,
        // Half a cycle a second (0.5 Hz): slow, as an "act" blink must be.
        .blink_on = ((long long)floor(in->local_now_s)) % 2 == 0,
        .hits = overlay ? NULL : in->hits, // under an overlay, only the overlay is touchable
        .cloud = in->cloud,
        .china = in->china,
        .world = in->world,
        .keyword = in->keyword,
    };
    const struct wb_page *p = &l->pages[in->page < l->npages ? in->page : 0];
    bool band_free =
        in->link == WB_LINK_LIVE && in->view->nsources_down == 0 && wb_alert_first(in->view) < 0;
    int strip_h = error_strip_h(in, &f, band_free);
    int grid_h = in->screen_h - strip_h; // the page, above the layout-error strip if any
    int dx, dy;
    burn_in_shift(in->local_now_s, in->screen_h, &dx, &dy);
    for (size_t i = 0; i < p->nwidgets; i++) {
        const struct wb_widget *w = &p->widgets[i];
        struct wb_rect r = wb_board_cell_rect(l, w, in->screen_w, grid_h);
        r.x += dx;
        r.y += dy;
        w->kind->draw(w, &f, r);
    }
    if (overlay) {
        f.hits = in->hits;
        wb_overlay_draw(&f, in->screen_w, in->overlay, in->overlay_id, in->overlay_left_s,
                        in->history, in->queue_calls);
    }
    if (in->paused)
        draw_paused(dl, in, &f);
    if (in->link != WB_LINK_LIVE) {
        draw_banner(dl, in, &f,
                    top_band(in, &f, grid_h)); // no live data: alerts may be out of date
    } else {
        // A PBX link down and alerts: each gets half of the band.
        struct wb_rect band = top_band(in, &f, grid_h), alerts = band;
        bool source_down = in->view->nsources_down > 0;
        if (source_down && in->view->nalerts > 0) {
            band.h /= 2;
            alerts.y = band.h;
            alerts.h -= band.h;
        }
        if (source_down)
            draw_source_banner(dl, in, &f, band);
        f.hits = overlay ? NULL : in->hits;
        wb_alert_band_draw(&f, alerts, in->ack_notice);
    }
    if (in->layout_error != NULL)
        draw_layout_error(dl, in, &f, top_band(in, &f, grid_h), strip_h);
    wb_drawlist_finish(dl);
}
