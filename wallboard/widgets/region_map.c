// SPDX-License-Identifier: MIT
// The choropleth map: China's provinces (or the world's countries) shaded by the calls from
// each in the main window, the most calling named on the map, with a legend of the scale.
// The geometry is loaded and cut into triangles once (geo.c); a frame only picks colours. The
// China map carries the South China Sea islands inset (南海诸岛) in its corner, as Chinese maps
// must (data/geo/cn-nanhai-inset.geojson).
#include "core/file.h"
#include "wallboard/engine/format.h"
#include "wallboard/engine/widget.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct map_opts {
    bool world; // the world's countries (else China's provinces)
    int labels; // regions named on the map, most calls first
    // A site's own approved geometry instead of the shipped one: its file (relative to the
    // layout), the property holding each region's code, its approval number (审图号) shown
    // small in the map's corner; loaded with the layout (map_load).
    char geometry[512], code_key[64], approval[96];
    struct wb_geo *own;
};

static const char *const map_keys[] = {"map", "labels", "geometry", "code_key", "approval", NULL};

static int
string_option(const cJSON *obj, const char *key, char *out, size_t size, const char *path,
              const char *what, struct core_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL)
        return 0;
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0' || strlen(v->valuestring) >= size)
        return core_err_set(err, CORE_E_INVALID, "%s.%s: %s (text of 1 to %zu bytes)", path, key,
                            what, size - 1);
    snprintf(out, size, "%s", v->valuestring);
    return 0;
}

static int
map_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct map_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    o->labels = 5;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "map");
    if (m && !(cJSON_IsString(m) &&
               (strcmp(m->valuestring, "china") == 0 || strcmp(m->valuestring, "world") == 0)))
        return core_err_set(err, CORE_E_INVALID, "%s.map: \"china\" or \"world\"", path);
    o->world = m && strcmp(m->valuestring, "world") == 0;
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(obj, "labels");
    if (l && (!cJSON_IsNumber(l) || l->valuedouble < 0 || l->valuedouble > 10))
        return core_err_set(err, CORE_E_INVALID, "%s.labels: a whole number from 0 to 10", path);
    if (l)
        o->labels = l->valueint;
    snprintf(o->code_key, sizeof(o->code_key), "%s", o->world ? "iso_a2" : "iso_3166_2");
    int rc =
        string_option(obj, "geometry", o->geometry, sizeof(o->geometry), path,
                      "a GeoJSON file of the regions, e.g. \"maps/china-approved.geojson\"", err);
    if (rc == 0)
        rc = string_option(obj, "code_key", o->code_key, sizeof(o->code_key), path,
                           "the property holding each region's code, e.g. \"iso_3166_2\"", err);
    if (rc == 0)
        rc = string_option(obj, "approval", o->approval, sizeof(o->approval), path,
                           "the map's approval number, e.g. \"GS(2019)1822号\"", err);
    if (rc == 0 && o->approval[0] && !o->geometry[0])
        rc =
            core_err_set(err, CORE_E_INVALID,
                         "%s.approval: goes with \"geometry\" (the approved map it numbers)", path);
    return rc;
}

// The site's own geometry, read once with the layout. Its regions must carry codes the
// collector publishes (ISO 3166-2:CN for China's provinces, ISO 3166-1 alpha-2 for countries).
static int
map_load(struct wb_widget *w, const char *layout, const char *path, struct core_err *err)
{
    struct map_opts *o = w->opts;
    if (o->geometry[0] == '\0')
        return 0;
    char file[1100];
    core_file_beside(layout, o->geometry, file, sizeof(file));
    o->own = calloc(1, sizeof(*o->own));
    if (o->own == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    struct core_err why;
    core_err_clear(&why);
    int rc = wb_geo_load(o->own, file, o->code_key, &why);
    if (rc == 0 && o->own->nregions == 0)
        rc = core_err_set(&why, CORE_E_INVALID,
                          "no feature has a \"%s\" property with its region's code (e.g. CN-GD)",
                          o->code_key);
    if (rc != 0) {
        wb_geo_fini(o->own);
        free(o->own);
        o->own = NULL;
        return core_err_set(err, rc, "%s.geometry: \"%s\": %s", path, file, why.text);
    }
    return 0;
}

static void
map_free(void *opts)
{
    struct map_opts *o = opts;
    if (o && o->own) {
        wb_geo_fini(o->own);
        free(o->own);
    }
    free(o);
}

// What the map shows: calls by region, or (a keyword touched) the calls that said it.
struct count {
    const char *region;
    uint64_t count;
};

struct counts {
    size_t n;
    struct count e[128];
};

static void
gather(const struct core_view *v, const char *keyword, struct counts *c)
{
    c->n = 0;
    for (size_t i = 0; keyword && keyword[0] && i < v->nkeywords; i++) {
        if (strcmp(v->keywords[i].key, keyword) != 0)
            continue;
        for (size_t k = 0; k < v->keywords[i].nregions; k++)
            c->e[c->n++] =
                (struct count){v->keywords[i].regions[k].region, v->keywords[i].regions[k].count};
        return;
    }
    for (size_t i = 0; i < v->nregions && c->n < 128; i++)
        c->e[c->n++] = (struct count){v->regions[i].key, v->regions[i].count};
}

// The world map draws China whole: a Chinese province's calls count for CN there.
static uint64_t
calls_of(const struct counts *c, const char *code, bool world)
{
    uint64_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *r = c->e[i].region;
        if (strcmp(r, code) == 0 || (world && strcmp(code, "CN") == 0 && strncmp(r, "CN-", 3) == 0))
            n += c->e[i].count;
    }
    return n;
}

// The scale: a region with no calls is grey; the others fall into SHADES classes of one hue
// (the act colour, from a light tint of it on the panel to the colour itself) by the square
// root of their share of the busiest region's calls, which spreads the small ones apart. The
// legend shows every class, so every colour on the map is in it.
#define SHADES 6

static struct wb_color
no_calls(const struct wb_theme *t)
{
    return wb_color_mix(t->panel, t->text, 0.10);
}

static struct wb_color
class_colour(const struct wb_theme *t, int k) // k: 1 .. SHADES
{
    return wb_color_mix(t->panel, t->act, 0.25 + 0.75 * (k - 1) / (SHADES - 1));
}

static struct wb_color
shade(const struct wb_theme *t, uint64_t calls, uint64_t top)
{
    if (calls == 0 || top == 0)
        return no_calls(t);
    int k = (int)ceil(sqrt((double)calls / (double)top) * SHADES - 1e-9);
    return class_colour(t, k < 1 ? 1 : k > SHADES ? SHADES : k);
}

// unit_to_screen is the screen rectangle of a box in the map's unit box, both corners inside.
static struct wb_rect
unit_to_screen(struct wb_rect box, float minx, float miny, float maxx, float maxy)
{
    int x0 = box.x + (int)(minx * box.w), y0 = box.y + (int)(miny * box.h);
    int x1 = box.x + (int)(maxx * box.w), y1 = box.y + (int)(maxy * box.h);
    return (struct wb_rect){x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

static struct wb_rect
part_box(const struct wb_geo_region *gr, struct wb_rect box)
{
    return unit_to_screen(box, gr->part_minx, gr->part_miny, gr->part_maxx, gr->part_maxy);
}

static double
overlap(struct wb_rect a, struct wb_rect b)
{
    int w = (a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w) - (a.x > b.x ? a.x : b.x);
    int h = (a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h) - (a.y > b.y ? a.y : b.y);
    return w > 0 && h > 0 ? (double)w * h : 0;
}

// Where a region's label goes: on its main part, or just below, above, right or left of it,
// whichever hides least of the shaded regions (a plate over a small country would hide the
// colour it explains). Hiding a region counts by the share of it hidden; the label's own region
// may lose half before that counts, as a label on its own province is what readers expect.
// A place over another label or outside the map's area is not taken. False: nowhere to go.
static bool
place_label(const struct wb_geo *g, const uint64_t *calls, struct wb_rect box, struct wb_rect area,
            const struct wb_geo_region *gr, int w, int h, const struct wb_rect *plates, int nplates,
            struct wb_rect *out)
{
    struct wb_rect own = part_box(gr, box);
    int cx = box.x + (int)(gr->cx * box.w), cy = box.y + (int)(gr->cy * box.h), gap = h / 6;
    struct wb_rect tries[5] = {
        {cx - w / 2, cy - h / 2, w, h},      {cx - w / 2, own.y + own.h + gap, w, h},
        {cx - w / 2, own.y - h - gap, w, h}, {own.x + own.w + gap, cy - h / 2, w, h},
        {own.x - w - gap, cy - h / 2, w, h},
    };
    double best = -1;
    for (int i = 0; i < 5; i++) {
        struct wb_rect p = tries[i];
        if (p.w > area.w || p.h > area.h)
            return false;
        p.x = p.x < area.x ? area.x : p.x > area.x + area.w - p.w ? area.x + area.w - p.w : p.x;
        p.y = p.y < area.y ? area.y : p.y > area.y + area.h - p.h ? area.y + area.h - p.h : p.y;
        bool clash = false;
        for (int k = 0; k < nplates && !clash; k++)
            clash = overlap(p, plates[k]) > 0;
        if (clash)
            continue;
        double hidden = overlap(p, own) / ((double)own.w * own.h) - 0.5;
        hidden = hidden > 0 ? hidden : 0;
        for (size_t r = 0; r < g->nregions; r++) {
            if (calls[r] == 0 || &g->regions[r] == gr)
                continue;
            struct wb_rect other = part_box(&g->regions[r], box);
            hidden += overlap(p, other) / ((double)other.w * other.h);
        }
        if (best < 0 || hidden < best - 1e-9) {
            best = hidden;
            *out = p;
        }
    }
    return best >= 0;
}

// The map's own regions by calls, the busiest first, at most max (on the world map China's
// provinces count for China).
struct labelled {
    const struct wb_geo_region *gr;
    uint64_t calls;
};

static int
busiest(const struct wb_geo *g, const uint64_t *calls, int max, struct labelled *best)
{
    int nbest = 0;
    for (size_t i = 0; i < g->nregions; i++) {
        int at = nbest;
        while (at > 0 && best[at - 1].calls < calls[i])
            at--;
        if (calls[i] == 0 || at >= max)
            continue;
        int last = nbest < max ? nbest : max - 1;
        for (int k = last; k > at; k--)
            best[k] = best[k - 1];
        best[at] = (struct labelled){&g->regions[i], calls[i]};
        nbest = nbest < max ? nbest + 1 : nbest;
    }
    return nbest;
}

// The inset's box on screen, with room above it for its name: "南海诸岛" small over its right
// side (inside the frame the boundary line's dashes leave no room for it at 1080p).
static struct wb_rect
inset_box(const struct wb_frame *f, const struct wb_geo *g, struct wb_rect box, int *name_px)
{
    *name_px = wb_px(f, f->layout->theme.label_size) * 2 / 3;
    struct wb_rect r =
        unit_to_screen(box, g->decor_minx, g->decor_miny, g->decor_maxx, g->decor_maxy);
    int above = *name_px * 3 / 2;
    return (struct wb_rect){r.x, r.y - above, r.w, r.h + above};
}

// A label placed off its region points at it: a line from the plate's nearest side to the
// region's label point, with a dot there, so nobody reads it as the region it sits on.
static void
draw_leader(const struct wb_frame *f, struct wb_rect plate, int cx, int cy)
{
    const struct wb_theme *t = &f->layout->theme;
    if (cx >= plate.x && cx < plate.x + plate.w && cy >= plate.y && cy < plate.y + plate.h)
        return;                                                               // on its region
    int th = wb_px(f, 1.0 / 540) > 2 ? wb_px(f, 1.0 / 540) : 2, dot = th * 3; // 2 px at 1080p
    // From the plate's side facing the point: its middle row when the point is beside it, its
    // middle column when above or below; one bend to the point.
    bool beside = cy >= plate.y && cy < plate.y + plate.h;
    int sx = beside ? (cx < plate.x ? plate.x : plate.x + plate.w)
                    : (cx < plate.x              ? plate.x
                       : cx >= plate.x + plate.w ? plate.x + plate.w - 1
                                                 : cx);
    int sy = beside ? cy : (cy < plate.y ? plate.y : plate.y + plate.h);
    struct wb_color line = t->text;
    if (sx != cx) { // across at the plate's row, then up or down to the point
        int x0 = sx < cx ? sx : cx, x1 = sx < cx ? cx : sx;
        wb_draw_rect(f->dl, (struct wb_rect){x0, sy - th / 2, x1 - x0 + th, th}, line);
    }
    if (sy != cy) {
        int y0 = sy < cy ? sy : cy, y1 = sy < cy ? cy : sy;
        wb_draw_rect(f->dl, (struct wb_rect){cx - th / 2, y0, th, y1 - y0 + th}, line);
    }
    wb_draw_rect(f->dl, (struct wb_rect){cx - dot / 2, cy - dot / 2, dot, dot}, line);
}

// Names and calls of the busiest regions on a plate for contrast, placed by place_label; a
// label with nowhere to go is left out (the list beside the map has it).
static void
draw_labels(const struct wb_frame *f, const struct map_opts *o, const struct wb_geo *g,
            const uint64_t *calls, struct wb_rect box, struct wb_rect area)
{
    const struct wb_theme *t = &f->layout->theme;
    int label_px = wb_px(f, t->label_size);
    struct wb_rect plates[11];
    int nplates = 0;
    if (g->ndecor > 0) { // the inset and its name are no place for a label
        int px;
        plates[nplates++] = inset_box(f, g, box, &px);
    }
    struct labelled best[10];
    int nbest = busiest(g, calls, o->labels, best);
    for (int k = 0; k < nbest; k++) {
        const struct wb_geo_region *gr = best[k].gr;
        char text[96], count[24];
        wb_format_count(count, sizeof(count), (double)best[k].calls);
        snprintf(text, sizeof(text), "%s %s",
                 wb_regions_name(f->regions, gr->code, f->layout->lang), count);
        int tw = f->measure(f->measure_ctx, text, label_px, true) + label_px / 2;
        struct wb_rect plate;
        if (!place_label(g, calls, box, area, gr, tw, label_px * 3 / 2, plates, nplates, &plate))
            continue;
        plates[nplates++] = plate;
        draw_leader(f, plate, box.x + (int)(gr->cx * box.w), box.y + (int)(gr->cy * box.h));
        wb_draw_rect(f->dl, plate, t->background);
        wb_draw_text(f->dl, plate, text, label_px, true, WB_ALIGN_CENTER, t->text);
    }
}

// The legend along the foot (area ends above it): "0 ▭▭▭▭▭ 102 calls", the scale from none to
// the busiest region's calls, and whose calls they are when a keyword is followed.
static void
draw_scale(const struct wb_frame *f, struct wb_rect area, uint64_t top)
{
    const struct wb_theme *t = &f->layout->theme;
    int label_px = wb_px(f, t->label_size);
    char top_text[48], words[64];
    wb_format_count(top_text, sizeof(top_text), (double)top);
    if (f->keyword && f->keyword[0])
        snprintf(words, sizeof(words), "%s %s · %s", top_text,
                 wb_str(f->layout->lang, WB_STR_CALLS), f->keyword);
    else
        snprintf(words, sizeof(words), "%s %s", top_text, wb_str(f->layout->lang, WB_STR_CALLS));
    int ly = area.y + area.h + label_px / 4;
    int zero_w = f->measure(f->measure_ctx, "0", label_px, false) + label_px / 2;
    int words_w = f->measure(f->measure_ctx, words, label_px, false) + label_px / 2;
    int bar_w = area.w / 3, x = area.x, cell = bar_w / (SHADES + 1);
    wb_draw_text(f->dl, (struct wb_rect){x, ly, zero_w, label_px * 3 / 2}, "0", label_px, false,
                 WB_ALIGN_LEFT, t->muted);
    x += zero_w;
    // The grey of no calls, a gap, then every class from the fewest calls to the most.
    wb_draw_rect(f->dl, (struct wb_rect){x, ly + label_px / 4, cell - cell / 4, label_px},
                 no_calls(t));
    for (int k = 1; k <= SHADES; k++)
        wb_draw_rect(f->dl, (struct wb_rect){x + k * cell, ly + label_px / 4, cell + 1, label_px},
                     class_colour(t, k));
    wb_draw_text(f->dl, (struct wb_rect){x + bar_w + label_px / 2, ly, words_w, label_px * 3 / 2},
                 words, label_px, false, WB_ALIGN_LEFT, t->muted);
}

static void
draw_inset_name(const struct wb_frame *f, const struct wb_geo *g, struct wb_rect box)
{
    int px;
    struct wb_rect r = inset_box(f, g, box, &px);
    const char *name = wb_str(f->layout->lang, WB_STR_NANHAI);
    int w = f->measure(f->measure_ctx, name, px, false);
    wb_draw_text(f->dl, (struct wb_rect){r.x + r.w - w, r.y, w, px * 3 / 2}, name, px, false,
                 WB_ALIGN_RIGHT, f->layout->theme.muted);
}

// The approval number of a site's own map, small in the map's lower left corner (China's is
// open sea and mountains there), as the map rules ask.
static void
draw_approval(const struct wb_frame *f, const char *approval, struct wb_rect box)
{
    int px = wb_px(f, f->layout->theme.label_size) * 2 / 3;
    char text[160];
    snprintf(text, sizeof(text), "%s%s", wb_str(f->layout->lang, WB_STR_MAP_APPROVAL), approval);
    wb_draw_fitted(f, (struct wb_rect){box.x, box.y + box.h - px * 3 / 2, box.w / 2, px * 3 / 2},
                   text, px, false, WB_ALIGN_LEFT, f->layout->theme.muted);
}

static void
map_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct map_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect area = wb_draw_panel(w, f, r);
    const struct wb_geo *g = o->own ? o->own : o->world ? f->world : f->china;
    int label_px = wb_px(f, t->label_size), px = wb_px(f, t->text_size);
    if (g == NULL || g->nregions == 0 || !f->view->has_data) {
        wb_draw_fitted(f, (struct wb_rect){area.x, area.y, area.w, px * 2},
                       wb_str(f->layout->lang, WB_STR_NO_DATA), px, false, WB_ALIGN_LEFT, t->muted);
        return;
    }
    static struct counts counts; // drawing is single-threaded
    gather(f->view, f->keyword, &counts);
    area.h -= label_px * 2; // the legend's
    uint64_t *calls = calloc(g->nregions, sizeof(*calls));
    if (calls == NULL)
        return;
    uint64_t top = 0;
    for (size_t i = 0; i < g->nregions; i++) {
        calls[i] = calls_of(&counts, g->regions[i].code, o->world);
        top = calls[i] > top ? calls[i] : top;
    }
    // The map's box: as large as fits, its own proportions.
    int mw = area.w, mh = (int)(area.w / g->aspect);
    if (mh > area.h) {
        mh = area.h;
        mw = (int)(area.h * g->aspect);
    }
    struct wb_rect box = {area.x + (area.w - mw) / 2, area.y + (area.h - mh) / 2, mw, mh};
    for (size_t i = 0; i < g->nregions; i++)
        wb_draw_shape(f->dl, &g->regions[i], box, shade(t, calls[i], top), t->panel);
    // The inset's coast as land with no calls, its frame and boundary line in a line colour.
    struct wb_color lines = wb_color_mix(t->panel, t->text, 0.45);
    for (size_t i = 0; i < g->ndecor;
         i++) { // a line's outline is the line: never thinner than 1 px
        bool land = g->decor[i].kind == WB_GEO_DECOR_LAND;
        wb_draw_shape(f->dl, &g->decor[i].shape, box, land ? no_calls(t) : lines,
                      land ? t->panel : lines);
    }
    if (g->ndecor > 0)
        draw_inset_name(f, g, box);
    if (o->approval[0])
        draw_approval(f, o->approval, box);
    draw_labels(f, o, g, calls, box, area);
    free(calls);
    if (top > 0) {
        draw_scale(f, area, top);
    } else { // nothing called in the window: say so where the legend would be
        const char *what = f->keyword && f->keyword[0] ? f->keyword : NULL;
        char text[128];
        snprintf(text, sizeof(text), "%s%s%s", wb_str(f->layout->lang, WB_STR_NO_CALLS_IN_WINDOW),
                 what ? " · " : "", what ? what : "");
        wb_draw_fitted(
            f, (struct wb_rect){area.x, area.y + area.h + label_px / 4, area.w, label_px * 3 / 2},
            text, label_px, false, WB_ALIGN_LEFT, t->muted);
    }
}

const struct wb_widget_kind wb_widget_region_map = {
    .name = "region_map",
    .keys = map_keys,
    .parse = map_parse,
    .draw = map_draw,
    .free_opts = map_free,
    .load = map_load,
};
