// SPDX-License-Identifier: MIT
// The agent grid: a tile per agent, coloured by state, with the state in words and the time
// in state; a wrap-up or not-ready that runs long is flagged watch, then act.
#include "wallboard/engine/format.h"
#include "wallboard/engine/widget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ag_sort { SORT_ID, SORT_NAME, SORT_STATE };

struct ag_opts {
    bool show_logged_out;
    bool show_missed_rings; // the agent's missed rings today beside its state
    enum ag_sort sort;
    double tile_width;                                   // fraction of screen height
    struct wb_thresholds limits[CORE_AGENT_STATE_COUNT]; // time in state, seconds
};

static const char *const ag_keys[] = {"show_logged_out", "show_missed_rings", "sort",
                                      "tile_width",      "time_thresholds",   NULL};

static int
ag_parse(const cJSON *obj, struct wb_widget *w, const char *path, struct core_err *err)
{
    struct ag_opts *o = calloc(1, sizeof(*o));
    if (o == NULL)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    w->opts = o;
    o->tile_width = 0.17;
    // Floors' usual limits: wrap-up over 1 minute is watched, over 2 acted on; breaks 15/30.
    o->limits[CORE_AGENT_WRAP_UP] = (struct wb_thresholds){true, 60, 120, false};
    o->limits[CORE_AGENT_NOT_READY] = (struct wb_thresholds){true, 900, 1800, false};
    o->limits[CORE_AGENT_RINGING] = (struct wb_thresholds){true, 15, 30, false};
    const cJSON *slo = cJSON_GetObjectItemCaseSensitive(obj, "show_logged_out");
    if (slo && !cJSON_IsBool(slo))
        return core_err_set(err, CORE_E_INVALID, "%s.show_logged_out: must be true or false", path);
    o->show_logged_out = cJSON_IsTrue(slo);
    const cJSON *smr = cJSON_GetObjectItemCaseSensitive(obj, "show_missed_rings");
    if (smr && !cJSON_IsBool(smr))
        return core_err_set(err, CORE_E_INVALID, "%s.show_missed_rings: must be true or false",
                            path);
    o->show_missed_rings = cJSON_IsTrue(smr);
    const cJSON *sort = cJSON_GetObjectItemCaseSensitive(obj, "sort");
    if (sort) {
        const char *s = cJSON_IsString(sort) ? sort->valuestring : "";
        if (strcmp(s, "id") == 0)
            o->sort = SORT_ID;
        else if (strcmp(s, "name") == 0)
            o->sort = SORT_NAME;
        else if (strcmp(s, "state") == 0)
            o->sort = SORT_STATE;
        else
            return core_err_set(err, CORE_E_INVALID, "%s.sort: use \"id\", \"name\" or \"state\"",
                                path);
    }
    const cJSON *tw = cJSON_GetObjectItemCaseSensitive(obj, "tile_width");
    if (tw && (!cJSON_IsNumber(tw) || tw->valuedouble < 0.08 || tw->valuedouble > 1))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.tile_width: a fraction of the screen height "
                            "from 0.08 to 1",
                            path);
    if (tw)
        o->tile_width = tw->valuedouble;
    const cJSON *tt = cJSON_GetObjectItemCaseSensitive(obj, "time_thresholds");
    if (tt && !cJSON_IsObject(tt))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.time_thresholds: must be an object keyed by "
                            "state",
                            path);
    const cJSON *m;
    cJSON_ArrayForEach(m, tt)
    {
        enum core_agent_state st;
        if (core_agent_state_from_name(m->string, &st) != 0)
            return core_err_set(err, CORE_E_UNKNOWN, "%s.time_thresholds: unknown state \"%s\"",
                                path, m->string);
        char where[256];
        snprintf(where, sizeof(where), "%s.time_thresholds", path);
        int rc = wb_layout_get_thresholds(tt, m->string, false, &o->limits[st], where, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static const struct ag_opts *sort_opts; // qsort has no context argument

static int
state_rank(enum core_agent_state s)
{
    // What needs a supervisor's eye first.
    static const int rank[CORE_AGENT_STATE_COUNT] = {
        [CORE_AGENT_NOT_READY] = 0, [CORE_AGENT_WRAP_UP] = 1,   [CORE_AGENT_RINGING] = 2,
        [CORE_AGENT_ON_CALL] = 3,   [CORE_AGENT_AVAILABLE] = 4, [CORE_AGENT_LOGGED_OUT] = 5};
    return rank[s];
}

static int
compare_agents(const void *pa, const void *pb)
{
    const struct core_view_agent *a = *(const struct core_view_agent *const *)pa;
    const struct core_view_agent *b = *(const struct core_view_agent *const *)pb;
    if (sort_opts->sort == SORT_STATE && a->state != b->state)
        return state_rank(a->state) - state_rank(b->state);
    if (sort_opts->sort == SORT_STATE && a->since_s != b->since_s)
        return a->since_s < b->since_s ? -1 : 1;
    if (sort_opts->sort == SORT_NAME) {
        int c = strcmp(a->name, b->name);
        if (c)
            return c;
    }
    return strcmp(a->id, b->id);
}

// An agent's time in state against the grid's limits: normal, watch or act.
static enum wb_level
time_level(const struct ag_opts *o, double now_s, const struct core_view_agent *a)
{
    return wb_thresholds_level(&o->limits[a->state], now_s - a->since_s);
}

// How much an agent needs a supervisor's eye: 2 at act, 1 at watch (time in state against the
// layout's limits), then by state, then the longest in state first.
static const struct wb_frame *attention_frame;
static const struct ag_opts *attention_opts;

static int
attention_level(const struct core_view_agent *a)
{
    return (int)time_level(attention_opts, attention_frame->now_s, a);
}

static int
compare_attention(const void *pa, const void *pb)
{
    const struct core_view_agent *a = *(const struct core_view_agent *const *)pa;
    const struct core_view_agent *b = *(const struct core_view_agent *const *)pb;
    int la = attention_level(a), lb = attention_level(b);
    if (la != lb)
        return lb - la;
    if (a->state != b->state)
        return state_rank(a->state) - state_rank(b->state);
    if (a->since_s != b->since_s)
        return a->since_s < b->since_s ? -1 : 1;
    return strcmp(a->id, b->id);
}

static const enum wb_str state_words[CORE_AGENT_STATE_COUNT] = {
    WB_STR_STATE_LOGGED_OUT, WB_STR_STATE_AVAILABLE, WB_STR_STATE_RINGING,
    WB_STR_STATE_ON_CALL,    WB_STR_STATE_WRAP_UP,   WB_STR_STATE_NOT_READY};

static void
draw_tile(const struct wb_frame *f, const struct ag_opts *o, const struct core_view_agent *a,
          struct wb_rect r)
{
    const struct wb_theme *t = &f->layout->theme;
    struct wb_color bg = wb_agent_state_color(f, a->state);
    struct wb_color fg = wb_color_text_on(bg, (struct wb_color){255, 255, 255, 255},
                                          (struct wb_color){12, 14, 20, 255});
    wb_draw_rect(f->dl, r, bg);
    wb_hits_add(f->hits, r, WB_HIT_AGENT, a->id);
    int pad = wb_px(f, 0.008);
    int name_px = wb_px(f, t->text_size), small_px = wb_px(f, t->label_size);
    struct wb_rect line1 = {r.x + pad, r.y + pad / 2, r.w - 2 * pad, (r.h - pad) / 2};
    struct wb_rect line2 = {r.x + pad, line1.y + line1.h, r.w - 2 * pad, (r.h - pad) / 2};
    // Missed rings today (show_missed_rings): "空闲·未接2" on the state line where it fits,
    // else "未接2" where the agent's number would stand (the drill-down has the number).
    char missed[48] = "";
    if (o->show_missed_rings && a->missed_today > 0 && a->state != CORE_AGENT_LOGGED_OUT) {
        char count[24];
        snprintf(count, sizeof(count), "%llu", (unsigned long long)a->missed_today);
        wb_str_format(missed, sizeof(missed), f->layout->lang, WB_STR_MISSED_N, count);
    }
    const char *word = a->state == CORE_AGENT_NOT_READY && a->reason[0]
                           ? wb_reason_name(f->layout, a->reason)
                           : wb_str(f->layout->lang, state_words[a->state]);
    char dur[16];
    wb_format_duration(dur, sizeof(dur), f->now_s - a->since_s);
    int dur_w = f->measure(f->measure_ctx, dur, small_px, true) + pad;
    char line2_text[2 * CORE_ID_MAX + 64];
    snprintf(line2_text, sizeof(line2_text), "%s%s%s", word, missed[0] ? "·" : "", missed);
    bool badge_on_line1 = missed[0] && f->measure(f->measure_ctx, line2_text, small_px, false) >
                                           line2.w - dur_w - pad;
    if (badge_on_line1)
        snprintf(line2_text, sizeof(line2_text), "%s", word);
    // The agent's number (工号) beside the name, since names repeat on a floor: where both fit
    // (a name is never cut short for it).
    const char *name = a->name[0] ? a->name : a->id;
    const char *corner = badge_on_line1                                 ? missed
                         : name != a->id && strcmp(a->name, a->id) != 0 ? a->id
                                                                        : NULL;
    int id_w = corner ? f->measure(f->measure_ctx, corner, small_px, false) + pad : 0;
    int px = name_px;
    if (id_w && !badge_on_line1 && f->measure(f->measure_ctx, name, px, true) + id_w > line1.w)
        id_w = 0; // the number gives way to the name
    // A missed-ring badge does not: the name is set smaller (down to the label size) beside it.
    while (badge_on_line1 && px > small_px &&
           f->measure(f->measure_ctx, name, px, true) + id_w > line1.w)
        px = px * 9 / 10 > small_px ? px * 9 / 10 : small_px;
    if (id_w)
        wb_draw_text(f->dl, (struct wb_rect){line1.x + line1.w - id_w, line1.y, id_w, line1.h},
                     corner, small_px, false, WB_ALIGN_RIGHT, fg);
    wb_draw_fitted(f, (struct wb_rect){line1.x, line1.y, line1.w - id_w, line1.h}, name, px, true,
                   WB_ALIGN_LEFT, fg);
    if (a->state == CORE_AGENT_LOGGED_OUT)
        return;
    struct wb_rect dur_r = {line2.x + line2.w - dur_w, line2.y, dur_w, line2.h};
    enum wb_level level = f->stale ? WB_LEVEL_NORMAL : time_level(o, f->now_s, a);
    if (level != WB_LEVEL_NORMAL) {
        // A dark chip behind the time, in the level's colour: visible on any state colour.
        struct wb_rect chip = {dur_r.x - pad / 2, dur_r.y + pad / 4, dur_r.w + pad,
                               dur_r.h - pad / 2};
        wb_draw_rect(f->dl, chip, t->background);
        wb_draw_text(f->dl, dur_r, dur, small_px, true, WB_ALIGN_RIGHT, wb_level_color(f, level));
    } else {
        wb_draw_text(f->dl, dur_r, dur, small_px, true, WB_ALIGN_RIGHT, fg);
    }
    // The state in words (the reason, for not ready): colour is never the only cue.
    wb_draw_fitted(f, (struct wb_rect){line2.x, line2.y, line2.w - dur_w - pad, line2.h},
                   line2_text, small_px, false, WB_ALIGN_LEFT, fg);
}

static bool
wanted(const struct wb_widget *w, const struct ag_opts *o, const struct core_view_agent *a)
{
    if (a->state == CORE_AGENT_LOGGED_OUT && !o->show_logged_out)
        return false;
    return wb_widget_wants_agent(w, a);
}

static void
ag_draw(const struct wb_widget *w, const struct wb_frame *f, struct wb_rect r)
{
    const struct ag_opts *o = w->opts;
    const struct wb_theme *t = &f->layout->theme;
    struct wb_rect in = wb_draw_panel(w, f, r);
    const struct core_view *v = f->view;
    if (!v->has_data || v->nagents == 0)
        return;
    const struct core_view_agent **list = malloc(v->nagents * sizeof(*list));
    if (list == NULL)
        return;
    size_t n = 0;
    for (size_t i = 0; i < v->nagents; i++) {
        if (wanted(w, o, &v->agents[i]))
            list[n++] = &v->agents[i];
    }
    int gap = wb_px(f, 0.006);
    int tile_h = (wb_px(f, t->text_size) + wb_px(f, t->label_size)) * 3 / 2 + wb_px(f, 0.008);
    int cols = (in.w + gap) / (wb_px(f, o->tile_width) + gap);
    int rows = (in.h + gap) / (tile_h + gap);
    if (cols < 1)
        cols = 1;
    int tile_w = (in.w - (cols - 1) * gap) / cols;
    size_t capacity = (size_t)(cols * rows);
    size_t shown = n <= capacity ? n : (capacity > 0 ? capacity - 1 : 0);
    // More agents than tiles: those a supervisor must see come first (time in state at act,
    // then watch; not ready, wrap-up, ringing...), so the not-ready agents a tile counts are
    // never the hidden ones; then the layout's order among those shown.
    if (shown < n) {
        attention_frame = f;
        attention_opts = o;
        qsort(list, n, sizeof(*list), compare_attention);
    }
    sort_opts = o;
    qsort(list, shown, sizeof(*list), compare_agents);
    for (size_t k = 0; k < shown; k++) {
        int cx = (int)k % cols, cy = (int)k / cols;
        draw_tile(f, o, list[k],
                  (struct wb_rect){in.x + cx * (tile_w + gap), in.y + cy * (tile_h + gap), tile_w,
                                   tile_h});
    }
    if (capacity == 0 && n > 0) { // not one tile fits: the count, at least
        int px = wb_px(f, t->text_size), h = in.h > px * 5 / 4 ? in.h : px * 5 / 4;
        wb_draw_more(f, (struct wb_rect){in.x, r.y + r.h - h, in.w, h}, WB_STR_MORE, n, px,
                     WB_ALIGN_LEFT, t->text);
    }
    if (shown < n && capacity > 0) {
        int cx = (int)shown % cols, cy = (int)shown / cols;
        wb_draw_more(f,
                     (struct wb_rect){in.x + cx * (tile_w + gap), in.y + cy * (tile_h + gap),
                                      tile_w, tile_h},
                     WB_STR_MORE, n - shown, wb_px(f, t->text_size), WB_ALIGN_CENTER, t->text);
    }
    free(list);
}

const struct wb_widget_kind wb_widget_agent_grid = {
    .name = "agent_grid",
    .keys = ag_keys,
    .parse = ag_parse,
    .draw = ag_draw,
    .free_opts = free,
};
