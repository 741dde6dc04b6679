// SPDX-License-Identifier: MIT
// wallboard/board.c and the widgets: every shipped layout, at 1080p, 4K and portrait, busy,
// empty and stale, draws nothing off screen, no text wider than its box or smaller than 1/45
// of the height, headline figures at 1/10 of it, and the figures the state implies.
#include "cmocka_prelude.h"
#include "measure_stub.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/format.h"
#include "wallboard/engine/overlay.h"
#include "wallboard/engine/widget.h"
#include "wallboard/layout/layout.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *
source_dir(void)
{
    const char *d = getenv("WB_SOURCE_DIR");
    return d ? d : "..";
}

static struct wb_layout *
load_layout(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/layouts/%s", source_dir(), name);
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &l, &err) != 0)
        fail_msg("%s: %s", path, err.text);
    return l;
}

static void
load_view(const char *json, struct core_view *v)
{
    cJSON *msg = cJSON_Parse(json);
    assert_non_null(msg);
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_view_from_json(msg, v, &err), 0);
    cJSON_Delete(msg);
}

static char *
read_file(const char *rel)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", source_dir(), rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

// The shipped China map, with its South China Sea islands inset when inset is true.
static void
load_china(struct wb_geo *g, bool inset)
{
    char path[512];
    struct core_err err;
    core_err_clear(&err);
    snprintf(path, sizeof(path), "%s/data/geo/cn-provinces.geojson", source_dir());
    if (wb_geo_load(g, path, "iso_3166_2", &err) != 0)
        fail_msg("%s", err.text);
    snprintf(path, sizeof(path), "%s/data/geo/cn-nanhai-inset.geojson", source_dir());
    if (inset && wb_geo_load_inset(g, path, &err) != 0)
        fail_msg("%s", err.text);
}

// The shipped region names (CN-GD -> 广东).
static void
load_region_names(struct wb_regions *r)
{
    char path[512];
    struct core_err err;
    core_err_clear(&err);
    snprintf(path, sizeof(path), "%s/data/regions/region-names.csv", source_dir());
    if (wb_regions_load(r, path, &err) != 0)
        fail_msg("%s", err.text);
}

static void
draw(struct wb_drawlist *dl, const struct wb_layout *l, size_t page, const struct core_view *v,
     int w, int h, enum wb_link link)
{
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input in = {.layout = l,
                                .page = page,
                                .view = v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = w,
                                .screen_h = h,
                                .now_s = v->now_s,
                                .local_now_s = v->now_s,
                                .link = link,
                                .last_update_s = v->now_s - 10,
                                .collector = "tcp://127.0.0.1:7411"};
    wb_board_draw(dl, &in);
    assert_false(dl->failed);
    wb_regions_fini(&regions);
}

// A layout the test wrote, parsed (a parse error fails the test with its message).
static struct wb_layout *
layout_of(const char *json)
{
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_parse(json, strlen(json), "t", &l, &err) != 0)
        fail_msg("%s", err.text);
    return l;
}

static bool
has_text(const struct wb_drawlist *dl, const char *needle)
{
    for (size_t i = 0; i < dl->len; i++) {
        if (dl->cmds[i].type == WB_CMD_TEXT && strstr(wb_drawlist_text(dl, i), needle))
            return true;
    }
    return false;
}

static bool
has_exact_text(const struct wb_drawlist *dl, const char *text)
{
    for (size_t i = 0; i < dl->len; i++) {
        if (dl->cmds[i].type == WB_CMD_TEXT && strcmp(wb_drawlist_text(dl, i), text) == 0)
            return true;
    }
    return false;
}

static void
check_frame(const struct wb_drawlist *dl, int w, int h, const char *what)
{
    int min_px = (int)floor(h / 45.0);
    for (size_t i = 0; i < dl->len; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        const struct wb_rect r = c->rect;
        // The burn-in shift may move content by a pixel or two; nothing goes further.
        if (r.x < -4 || r.y < -4 || r.x + r.w > w + 4 || r.y + r.h > h + 4)
            fail_msg("%s: command %zu at %d,%d %dx%d leaves the screen", what, i, r.x, r.y, r.w,
                     r.h);
        if (c->type != WB_CMD_TEXT)
            continue;
        const char *text = wb_drawlist_text(dl, i);
        int tw = stub_measure(NULL, text, c->px, c->bold);
        if (tw > r.w)
            fail_msg("%s: \"%s\" is %d px wide in a %d px box", what, text, tw, r.w);
        if (c->px < min_px)
            fail_msg("%s: \"%s\" at %d px is under 1/45 of the height (%d px)", what, text, c->px,
                     min_px);
        if (c->px > r.h * 11 / 10)
            fail_msg("%s: \"%s\" at %d px is taller than its %d px box", what, text, c->px, r.h);
    }
}

static void
shipped_layouts_fit_every_screen(void **unused)
{
    (void)unused;
    char *busy_json = read_file("tests/data/busy-state.json");
    char *rollup_json = read_file("tests/data/rollup-state.json"); // three sites
    struct core_view site, rollup, empty;
    load_view(busy_json, &site);
    load_view(rollup_json, &rollup);
    memset(&empty, 0, sizeof(empty));
    static const char *const layouts[] = {
        "floor-1080p.json",   "wall-4k.json",      "team-1080p.json", "team-1080p-en.json",
        "portrait-team.json", "small-office.json", "hotspots.json",   "region-1080p.json"};
    static const int sizes[][2] = {{1920, 1080}, {3840, 2160}, {1280, 720}};
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    for (size_t li = 0; li < sizeof(layouts) / sizeof(layouts[0]); li++) {
        struct wb_layout *l = load_layout(layouts[li]);
        const struct core_view *busy = strncmp(layouts[li], "region", 6) ? &site : &rollup;
        for (size_t p = 0; p < l->npages; p++) {
            for (size_t s = 0; s < 3; s++) {
                char what[128];
                int w = sizes[s][0], h = sizes[s][1];
                snprintf(what, sizeof(what), "%s page %zu at %dx%d", layouts[li], p, w, h);
                draw(&dl, l, p, busy, w, h, WB_LINK_LIVE);
                check_frame(&dl, w, h, what);
                for (size_t k = 0; busy == &rollup && k < rollup.nsites; k++) {
                    if (!has_exact_text(&dl, rollup.sites[k].id))
                        fail_msg("%s: site %s not in the sites table", what, rollup.sites[k].id);
                }
                // Headline figures at a tenth of the height, at least.
                int biggest = 0;
                for (size_t i = 0; i < dl.len; i++)
                    biggest = dl.cmds[i].px > biggest ? dl.cmds[i].px : biggest;
                if (biggest < h / 10)
                    fail_msg("%s: largest figure %d px is under 1/10 of the height", what, biggest);
                draw(&dl, l, p, &empty, w, h, WB_LINK_CONNECTING);
                check_frame(&dl, w, h, what);
                draw(&dl, l, p, busy, w, h, WB_LINK_STALE);
                check_frame(&dl, w, h, what);
            }
        }
        wb_layout_free(l);
    }
    wb_drawlist_fini(&dl);
    core_view_fini(&site);
    core_view_fini(&rollup);
    free(rollup_json);
    free(busy_json);
}

static const char small_state[] =
    "{\"v\":1,\"seq\":9,\"now\":1000,"
    "\"queues\":{\"sales\":{\"waiting\":4,\"longest_wait_s\":95,\"offered\":10},"
    "\"support\":{\"waiting\":7,\"longest_wait_s\":30,\"offered\":12345}},"
    "\"agents\":{\"1\":{\"state\":\"available\",\"since\":990,\"queues\":[\"sales\"],\"name\":"
    "\"王伟\"},"
    "\"2\":{\"state\":\"not_ready\",\"reason\":\"午餐\",\"since\":-1000,\"queues\":[\"support\"],"
    "\"name\":\"Emma\"}},"
    "\"keywords\":[{\"word\":\"停电\",\"count\":12}],\"regions\":[{\"region\":\"CN-JS\",\"count\":"
    "3}]}";

static const char small_layout[] =
    "{\"version\":1,\"language\":\"en\",\"grid\":{\"columns\":4,\"rows\":4},\"pages\":[{"
    "\"widgets\":["
    "{\"type\":\"kpi\",\"title\":\"Waiting\",\"metric\":\"waiting\",\"thresholds\":{\"watch\":5,"
    "\"act\":10},\"blink\":true,\"col\":0,\"width\":2},"
    "{\"type\":\"kpi\",\"title\":\"Longest\",\"metric\":\"longest_wait\",\"queues\":[\"sales\"],"
    "\"col\":2,\"width\":2},"
    "{\"type\":\"queue_table\",\"row\":1,\"width\":4},"
    "{\"type\":\"agent_grid\",\"tile_width\":0.22,\"row\":2,\"width\":4},"
    "{\"type\":\"keywords\",\"row\":3,\"width\":2},{\"type\":\"regions\",\"row\":3,\"col\":2,"
    "\"width\":2}]}]}";

// The width of the frame round a tile at act (its left edge: a tall, narrow rectangle in the
// act colour), 0 when there is none.
static int
act_frame_px(const struct wb_drawlist *dl, const struct wb_layout *l)
{
    for (size_t i = 0; i < dl->len; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        if (c->type == WB_CMD_RECT && memcmp(&c->color, &l->theme.act, sizeof(c->color)) == 0 &&
            c->rect.h > 100 && c->rect.w < 20)
            return c->rect.w;
    }
    return 0;
}

static void
figures_come_from_the_state(void **unused)
{
    (void)unused;
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(small_layout, strlen(small_layout), "t", &l, &err), 0);
    struct core_view v;
    load_view(small_state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_exact_text(&dl, "11")); // 4 + 7 waiting: over "act" (10)
    assert_true(has_text(&dl, "1:35"));     // longest wait in sales only
    assert_true(has_text(&dl, "12,345"));   // offered, with separators
    assert_true(has_text(&dl, "午餐"));     // the not-ready reason in words
    assert_true(has_text(&dl, "Available"));
    assert_true(has_text(&dl, "0:10")); // time in state
    assert_true(has_text(&dl, "停电"));
    assert_false(has_text(&dl, "No data since"));
    // The "act" colour is on the waiting figure.
    bool act = false;
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        if (c->type == WB_CMD_TEXT && strcmp(wb_drawlist_text(&dl, i), "11") == 0)
            act = memcmp(&c->color, &l->theme.act, sizeof(c->color)) == 0;
    }
    assert_true(act);
    // Blinking (SCREEN.md): what blinks is the tile's frame, never the figure, which keeps
    // its colour, so its 7:1 on the panel, at every phase; the frame is there at both phases
    // (a cue beside colour), thick and thin.
    int frame_even = act_frame_px(&dl, l);
    assert_true(frame_even > 0);
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input odd = {.layout = l,
                                 .view = &v,
                                 .regions = &regions,
                                 .measure = stub_measure,
                                 .screen_w = 1920,
                                 .screen_h = 1080,
                                 .now_s = v.now_s,
                                 .local_now_s = v.now_s + 1,
                                 .link = WB_LINK_LIVE};
    wb_board_draw(&dl, &odd);
    bool same = false;
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        if (c->type == WB_CMD_TEXT && strcmp(wb_drawlist_text(&dl, i), "11") == 0)
            same = memcmp(&c->color, &l->theme.act, sizeof(c->color)) == 0 &&
                   wb_color_contrast(c->color, l->theme.panel) >= 7.0;
    }
    assert_true(same);
    int frame_odd = act_frame_px(&dl, l);
    assert_true(frame_odd > 0);
    assert_true(frame_odd != frame_even);
    // At watch (4 + 3 waiting: from 5 to 10) the bar alone: the frame says act without colour.
    for (size_t i = 0; i < v.nqueues; i++)
        v.queues[i].waiting = i == 0 ? 4 : 3;
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    bool watch_bar = false;
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        watch_bar |= c->type == WB_CMD_RECT && c->rect.h < 20 && c->rect.w > 100 &&
                     memcmp(&c->color, &l->theme.watch, sizeof(c->color)) == 0;
    }
    assert_true(has_exact_text(&dl, "7"));
    assert_true(watch_bar);
    assert_int_equal(act_frame_px(&dl, l), 0);
    v.queues[0].waiting = 4, v.queues[1].waiting = 7;
    wb_regions_fini(&regions);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_STALE);
    assert_true(has_text(&dl, "No data since"));
    // A PBX link down while the collector is live: its own band, naming the link.
    v.nsources_down = 1;
    snprintf(v.source_down, sizeof(v.source_down), "ami 10.0.0.5:5038");
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_text(&dl, "PBX link down: ami 10.0.0.5:5038"));
    v.nsources_down = 0;
    struct core_view empty;
    memset(&empty, 0, sizeof(empty));
    draw(&dl, l, 0, &empty, 1920, 1080, WB_LINK_CONNECTING);
    assert_true(has_text(&dl, "—")); // no data: a dash, never 0
    assert_false(has_exact_text(&dl, "11"));
    assert_true(has_text(&dl, "Connecting to the collector at tcp://127.0.0.1:7411"));
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    wb_layout_free(l);
}

static void
draw_touched(struct wb_drawlist *dl, struct wb_hits *hits, const struct wb_layout *l,
             const struct core_view *v, int w, int h, enum wb_overlay_kind kind, const char *id,
             bool paused)
{
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input in = {.layout = l,
                                .view = v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = w,
                                .screen_h = h,
                                .now_s = v->now_s,
                                .local_now_s = v->now_s,
                                .link = WB_LINK_LIVE,
                                .overlay = kind,
                                .overlay_id = id,
                                .overlay_left_s = 17,
                                .paused = paused,
                                .hits = hits};
    wb_board_draw(dl, &in);
    assert_false(dl->failed);
    wb_regions_fini(&regions);
}

// Drill-downs on every shipped layout and screen shape: inside the screen, legible, and the
// only touchable thing while open; the board under them touchable when closed.
static void
overlays_fit_and_are_the_only_targets(void **unused)
{
    (void)unused;
    char *busy_json = read_file("tests/data/busy-state.json");
    struct core_view busy;
    load_view(busy_json, &busy);
    static const char *const layouts[] = {
        "floor-1080p.json",   "wall-4k.json",      "team-1080p.json", "team-1080p-en.json",
        "portrait-team.json", "small-office.json", "hotspots.json"};
    static const int sizes[][2] = {{1920, 1080}, {3840, 2160}, {1280, 720}, {1080, 1920}};
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_hits *hits = malloc(sizeof(*hits));
    assert_non_null(hits);
    // The busiest queue: the one with most agents serving it.
    const char *queue = busy.queues[0].id;
    for (size_t li = 0; li < sizeof(layouts) / sizeof(layouts[0]); li++) {
        struct wb_layout *l = load_layout(layouts[li]);
        for (size_t s = 0; s < 4; s++) {
            int w = sizes[s][0], h = sizes[s][1];
            char what[160];
            snprintf(what, sizeof(what), "%s queue overlay at %dx%d", layouts[li], w, h);
            draw_touched(&dl, hits, l, &busy, w, h, WB_OVERLAY_QUEUE, queue, false);
            check_frame(&dl, w, h, what);
            if (!has_exact_text(&dl, queue))
                fail_msg("%s: no title \"%s\"", what, queue);
            assert_true(has_text(&dl, "17")); // the countdown
            struct wb_rect o = wb_overlay_rect(w, h);
            size_t agents = 0;
            for (size_t i = 0; i < hits->len; i++) {
                struct wb_rect r = hits->hit[i].rect;
                if (r.x < o.x || r.y < o.y || r.x + r.w > o.x + o.w || r.y + r.h > o.y + o.h)
                    fail_msg("%s: target %s outside the overlay", what, hits->hit[i].id);
                agents += hits->hit[i].kind == WB_HIT_AGENT;
                // A finger on a 55" screen needs about 1 cm: 1/70 of its height at least.
                if (r.h < h / 40)
                    fail_msg("%s: target %s only %d px high", what, hits->hit[i].id, r.h);
            }
            assert_true(agents > 0);
            snprintf(what, sizeof(what), "%s agent overlay at %dx%d", layouts[li], w, h);
            draw_touched(&dl, hits, l, &busy, w, h, WB_OVERLAY_AGENT, busy.agents[0].id, true);
            check_frame(&dl, w, h, what);
            assert_true(has_text(&dl, busy.agents[0].name));
            if (!has_text(&dl, l->lang == WB_LANG_EN ? "Rotation paused" : "轮播已暂停"))
                fail_msg("%s: rotation paused not said", what);
            draw_touched(&dl, hits, l, &busy, w, h, WB_OVERLAY_AGENT, "no-such-agent", false);
            check_frame(&dl, w, h, what);
            assert_true(has_text(&dl, l->lang == WB_LANG_EN ? "No data yet" : "暂无数据"));
        }
        // Closed: the page's queue rows and agent tiles are the targets, on every page.
        size_t queues = 0, agents = 0;
        for (size_t p = 0; p < l->npages; p++) {
            struct wb_regions regions;
            core_map_init(&regions.names);
            struct wb_board_input in = {.layout = l,
                                        .page = p,
                                        .view = &busy,
                                        .regions = &regions,
                                        .measure = stub_measure,
                                        .screen_w = 1920,
                                        .screen_h = 1080,
                                        .now_s = busy.now_s,
                                        .local_now_s = busy.now_s,
                                        .link = WB_LINK_LIVE,
                                        .hits = hits};
            wb_board_draw(&dl, &in);
            wb_regions_fini(&regions);
            for (size_t i = 0; i < hits->len; i++) {
                queues += hits->hit[i].kind == WB_HIT_QUEUE;
                agents += hits->hit[i].kind == WB_HIT_AGENT;
            }
        }
        // Whatever shows queues or agents can be tapped.
        bool grid = false, table = false;
        for (size_t p = 0; p < l->npages; p++) {
            for (size_t i = 0; i < l->pages[p].nwidgets; i++) {
                grid |= strcmp(l->pages[p].widgets[i].kind->name, "agent_grid") == 0;
                table |= strcmp(l->pages[p].widgets[i].kind->name, "queue_table") == 0;
            }
        }
        assert_true(agents > 0 || !grid);
        assert_true(queues > 0 || !table);
        wb_layout_free(l);
    }
    free(hits);
    wb_drawlist_fini(&dl);
    core_view_fini(&busy);
    free(busy_json);
}

// A figure bound to channels is theirs: waiting now and a window's counts.
static void
figures_of_channels(void **unused)
{
    (void)unused;
    static const char layout[] =
        "{\"version\":1,\"language\":\"en\",\"grid\":{\"columns\":2,\"rows\":1},"
        "\"pages\":[{\"channels\":[\"chat\"],\"widgets\":["
        "{\"type\":\"kpi\",\"metric\":\"waiting\"},"
        "{\"type\":\"kpi\",\"metric\":\"answered\",\"window\":\"today\",\"col\":1}]}]}";
    static const char state[] =
        "{\"v\":1,\"seq\":1,\"now\":1000,\"queues\":{\"q\":{\"waiting\":9}},"
        "\"channels\":{\"chat\":{\"waiting\":4,\"longest_wait_s\":30,\"today\":{"
        "\"answered\":77}},\"voice\":{\"waiting\":5,\"today\":{\"answered\":500}}}}";
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(layout, strlen(layout), "t", &l, &err), 0);
    struct core_view v;
    load_view(state, &v);
    assert_int_equal(v.nchannels, 2);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_exact_text(&dl, "4"));  // chat's waiting, not the queue's 9
    assert_true(has_exact_text(&dl, "77")); // chat's answered today
    assert_false(has_exact_text(&dl, "9"));
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    wb_layout_free(l);
}

static const char alert_state[] =
    "{\"v\":1,\"seq\":9,\"now\":1000,"
    "\"queues\":{\"sales\":{\"waiting\":12,\"longest_wait_s\":95}},"
    "\"sources\":{\"ami pbx:5038\":{\"up\":false,\"since\":900}},"
    "\"alerts\":[{\"key\":\"deep/sales\",\"rule\":\"deep\",\"title\":\"Too many waiting\","
    "\"queue\":\"sales\",\"metric\":\"waiting\",\"value\":12,\"threshold\":10,"
    "\"below\":false,\"severity\":\"act\",\"since\":990,\"acked\":null},"
    "{\"key\":\"sl/\",\"rule\":\"sl\",\"title\":\"\",\"queue\":\"\",\"metric\":"
    "\"service_level\",\"value\":0.42,\"threshold\":0.8,\"below\":true,\"severity\":"
    "\"watch\",\"since\":980,\"acked\":{\"by\":\"Floor 2\",\"at\":995}}]}";

// Alerts across the top: the unacknowledged one first, with its figure and limit, a touch
// target for a long press; beside a PBX-down band when both apply; within the screen at
// every size.
static void
alerts_band(void **unused)
{
    (void)unused;
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(small_layout, strlen(small_layout), "t", &l, &err), 0);
    struct core_view v;
    load_view(alert_state, &v);
    assert_int_equal(v.nalerts, 2);
    assert_true(v.alerts[1].acked);
    assert_string_equal(v.alerts[1].acked_by, "Floor 2");
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_hits *hits = malloc(sizeof(*hits));
    static const int sizes[][2] = {{1920, 1080}, {3840, 2160}, {1080, 1920}};
    for (size_t s = 0; s < 3; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        draw_touched(&dl, hits, l, &v, w, h, WB_OVERLAY_NONE, NULL, false);
        check_frame(&dl, w, h, "alerts band");
        assert_true(has_text(&dl, "PBX link down"));
        const struct wb_hit *alert = NULL;
        for (size_t i = 0; i < hits->len; i++)
            alert = hits->hit[i].kind == WB_HIT_ALERT ? &hits->hit[i] : alert;
        assert_non_null(alert);
        assert_string_equal(alert->id, "deep/sales");
        assert_true(alert->rect.y > 0); // below the PBX band, which has the top half
    }
    draw_touched(&dl, hits, l, &v, 1920, 1080, WB_OVERLAY_NONE, NULL, false);
    assert_true(has_text(&dl, "Too many waiting · sales · Waiting 12 (limit 10) · since"));
    assert_true(has_text(&dl, "Long-press to acknowledge · +1 more"));
    // Once acknowledged everywhere, the other alert and who acknowledged are shown calmly.
    v.alerts[0] = v.alerts[1];
    v.nalerts = 1;
    v.nsources_down = 0;
    draw_touched(&dl, hits, l, &v, 1920, 1080, WB_OVERLAY_NONE, NULL, false);
    assert_true(has_text(&dl, "all queues · SL 42% (limit 80%)"));
    assert_true(has_text(&dl, "Acknowledged by Floor 2"));
    // No live data: the stale band, not alerts that may be over.
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input in = {.layout = l,
                                .view = &v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = 1920,
                                .screen_h = 1080,
                                .now_s = v.now_s,
                                .local_now_s = v.now_s,
                                .link = WB_LINK_STALE,
                                .hits = hits};
    wb_board_draw(&dl, &in);
    wb_regions_fini(&regions);
    assert_false(has_text(&dl, "Acknowledged by"));
    for (size_t i = 0; i < hits->len; i++)
        assert_int_not_equal(hits->hit[i].kind, WB_HIT_ALERT);
    // The page that shows a queue: the one with its table; a keyword: its list.
    assert_int_equal(wb_layout_page_showing(l, "sales", 0), 0);
    assert_int_equal(wb_layout_page_with(l, "keywords", 0), 0);
    // A keyword surge: the word, the calls that said it, the limit, where from.
    core_view_fini(&v);
    load_view("{\"v\":1,\"seq\":1,\"now\":1000,\"alerts\":[{\"key\":\"surge/停电\","
              "\"metric\":\"keyword_surge\",\"word\":\"停电\",\"value\":30,\"threshold\":10,"
              "\"severity\":\"act\",\"since\":990,\"regions\":[{\"region\":\"CN-JS\","
              "\"count\":24},{\"region\":\"CN-AH\",\"count\":6}],\"acked\":null}]}",
              &v);
    draw_touched(&dl, hits, l, &v, 1920, 1080, WB_OVERLAY_NONE, NULL, false);
    if (!has_text(&dl, "Keyword surge · 停电 · 30 calls (limit 10) · CN-JS 24 · CN-AH 6"))
        fail_msg("no keyword surge text");
    free(hits);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    wb_layout_free(l);
}

// The word cloud: words never overlap and stay inside; the biggest word is the most said;
// and with the screen's memory, words keep their place when the counts move a little.
static void
word_cloud_packs_and_keeps_places(void **unused)
{
    (void)unused;
    struct wb_layout *l = load_layout("hotspots.json");
    char *busy_json = read_file("tests/data/busy-state.json");
    struct core_view v;
    load_view(busy_json, &v);
    static struct wb_cloud_memory memory;
    memset(&memory, 0, sizeof(memory));
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input in = {.layout = l,
                                .view = &v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = 1920,
                                .screen_h = 1080,
                                .now_s = v.now_s,
                                .local_now_s = v.now_s,
                                .link = WB_LINK_LIVE,
                                .cloud = &memory};
    wb_board_draw(&dl, &in);
    const struct wb_widget *cloud = &l->pages[0].widgets[1];
    struct wb_rect area = wb_board_cell_rect(l, cloud, 1920, 1080);
    // The words: texts inside the cloud's cell that are keywords.
    struct wb_rect rects[64];
    char words[64][CORE_WORD_MAX];
    int biggest = 0, biggest_at = -1;
    size_t n = 0;
    for (size_t i = 0; i < dl.len && n < 64; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        if (c->type != WB_CMD_TEXT)
            continue;
        const char *text = wb_drawlist_text(&dl, i);
        bool keyword = false;
        for (size_t k = 0; k < v.nkeywords && !keyword; k++)
            keyword = strcmp(v.keywords[k].key, text) == 0;
        struct wb_rect r = c->rect;
        if (!keyword || r.x < area.x || r.x >= area.x + area.w)
            continue;
        rects[n] = r;
        snprintf(words[n], sizeof(words[n]), "%s", text);
        if (c->px > biggest) {
            biggest = c->px;
            biggest_at = (int)n;
        }
        n++;
    }
    assert_true(n >= 25); // most of the 30 fit at 1080p
    assert_string_equal(words[biggest_at], v.keywords[0].key);
    for (size_t i = 0; i < n; i++) {
        assert_true(rects[i].x >= area.x && rects[i].x + rects[i].w <= area.x + area.w);
        for (size_t j = i + 1; j < n; j++) {
            const struct wb_rect *a = &rects[i], *b = &rects[j];
            if (a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
                b->y < a->y + a->h)
                fail_msg("\"%s\" overlaps \"%s\"", words[i], words[j]);
        }
    }
    // A few more calls for some words: every word stays where it was.
    for (size_t k = 0; k < v.nkeywords; k += 3)
        v.keywords[k].count += 1;
    wb_board_draw(&dl, &in);
    size_t same = 0;
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        for (size_t k = 0; c->type == WB_CMD_TEXT && k < n; k++) {
            if (strcmp(wb_drawlist_text(&dl, i), words[k]) == 0 &&
                c->rect.x + c->rect.w / 2 == rects[k].x + rects[k].w / 2 &&
                c->rect.y + c->rect.h / 2 == rects[k].y + rects[k].h / 2)
                same++;
        }
    }
    if (same < n * 9 / 10)
        fail_msg("only %zu of %zu words kept their place", same, n);
    wb_regions_fini(&regions);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    free(busy_json);
    wb_layout_free(l);
}

static struct wb_color
shape_colour(const struct wb_drawlist *dl, const char *code)
{
    for (size_t i = 0; i < dl->len; i++)
        if (dl->cmds[i].type == WB_CMD_SHAPE && strcmp(dl->cmds[i].shape->code, code) == 0)
            return dl->cmds[i].color;
    fail_msg("no shape for %s", code);
    return (struct wb_color){0};
}

// The legend is the row of small rectangles at the foot of the map's cell.
static bool
legend_has(const struct wb_drawlist *dl, struct wb_rect cell, struct wb_color colour)
{
    for (size_t i = 0; i < dl->len; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        if (c->type == WB_CMD_RECT && c->rect.y > cell.y + cell.h * 3 / 4 &&
            c->rect.y + c->rect.h <= cell.y + cell.h && c->rect.w < cell.w / 5 &&
            memcmp(&c->color, &colour, 3) == 0)
            return true;
    }
    return false;
}

// The map: a shape per province, shaded from the state's calls by region, the busiest named
// on plates, a legend; all inside the widget, at 1080p and 4K.
static void
region_map_draws_provinces(void **unused)
{
    (void)unused;
    struct wb_layout *l = load_layout("hotspots.json");
    char *busy_json = read_file("tests/data/busy-state.json");
    struct core_view v;
    load_view(busy_json, &v);
    struct wb_geo china;
    load_china(&china, false);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_regions regions;
    load_region_names(&regions);
    static const int sizes[][2] = {{1920, 1080}, {3840, 2160}};
    for (size_t s = 0; s < 2; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        struct wb_board_input in = {.layout = l,
                                    .view = &v,
                                    .regions = &regions,
                                    .measure = stub_measure,
                                    .screen_w = w,
                                    .screen_h = h,
                                    .now_s = v.now_s,
                                    .local_now_s = v.now_s,
                                    .link = WB_LINK_LIVE,
                                    .china = &china};
        wb_board_draw(&dl, &in);
        check_frame(&dl, w, h, "hotspots with the map");
        const struct wb_widget *map = &l->pages[0].widgets[2];
        struct wb_rect cell = wb_board_cell_rect(l, map, w, h);
        size_t shapes = 0;
        struct wb_color busiest = {0}, quiet = {0};
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type != WB_CMD_SHAPE)
                continue;
            shapes++;
            assert_true(c->rect.x >= cell.x - 4 && c->rect.x + c->rect.w <= cell.x + cell.w + 4);
            if (strcmp(c->shape->code, v.regions[0].key) == 0)
                busiest = c->color;
            if (strcmp(c->shape->code, "CN-XZ") == 0) // Tibet: no calls in the test state
                quiet = c->color;
        }
        assert_int_equal(shapes, 34);
        assert_memory_not_equal(&busiest, &quiet, sizeof(busiest));
        assert_memory_equal(&busiest, &l->theme.act, 3); // the busiest in the top colour
        assert_true(has_text(&dl, "广东 29"));           // the busiest named on the map
        assert_true(has_text(&dl, "29 来电"));           // the legend's top
        // Six classes by the square root of the share of the busiest (广东, 29 calls), worked
        // by hand: 河北 25 -> ceil(6 * sqrt(25/29) = 5.57) = 6, the top colour like 广东;
        // 山东 17 -> ceil(4.59) = 5 and 河南 15 -> ceil(4.31) = 5, one colour below it.
        struct wb_color he = shape_colour(&dl, "CN-HE"), sd = shape_colour(&dl, "CN-SD");
        struct wb_color ha = shape_colour(&dl, "CN-HA");
        assert_memory_equal(&he, &l->theme.act, 3);
        assert_memory_equal(&sd, &ha, sizeof(sd));
        assert_memory_not_equal(&sd, &he, sizeof(sd));
        // Every colour on the map is in the legend (one-call provinces once had a colour the
        // legend lacked): the legend's swatches are the rectangles on its row.
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type == WB_CMD_SHAPE && !legend_has(&dl, cell, c->color))
                fail_msg("%s's colour %d,%d,%d is not in the legend", c->shape->code, c->color.r,
                         c->color.g, c->color.b);
        }
        // A keyword touched: the map shows where it is said from instead.
        in.keyword = "停电";
        wb_board_draw(&dl, &in);
        struct wb_color js = {0}, ah = {0}, gd = {0};
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type != WB_CMD_SHAPE)
                continue;
            if (strcmp(c->shape->code, "CN-JS") == 0)
                js = c->color;
            if (strcmp(c->shape->code, "CN-AH") == 0)
                ah = c->color;
            if (strcmp(c->shape->code, "CN-GD") == 0)
                gd = c->color;
        }
        assert_memory_equal(&js, &l->theme.act, 3);    // 60 of 停电's calls: the top colour
        assert_memory_not_equal(&ah, &gd, sizeof(ah)); // Anhui said it, Guangdong did not
        assert_memory_equal(&gd, &quiet, sizeof(gd));
        assert_true(has_text(&dl, "60 来电 · 停电"));
        assert_true(has_text(&dl, "江苏 60"));
    }
    wb_regions_fini(&regions);
    wb_geo_fini(&china);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    free(busy_json);
    wb_layout_free(l);
}

// Nothing hidden silently, and cells coloured as the tiles are (SCREEN.md). The state: queue
// "calm" at SL 19/20 = 95 %, "bad" at 1/100 = 1 % today; six keywords; five agents, of whom the
// one not ready has the highest id, so sorted by id it would be the one left out.
static const char crowded_state[] =
    "{\"v\":1,\"seq\":3,\"now\":5000,\"metrics\":{\"sl_threshold_s\":20,\"sl_formula\":"
    "\"abandons-ignored\"},"
    "\"queues\":{\"calm\":{\"waiting\":0,\"today\":{\"offered\":20,\"answered\":20,"
    "\"answered_in_sl\":19}},"
    "\"bad\":{\"waiting\":9,\"longest_wait_s\":300,\"today\":{\"offered\":100,\"answered\":100,"
    "\"answered_in_sl\":1}}},"
    "\"agents\":{\"a1\":{\"state\":\"available\",\"since\":4990,\"name\":\"王伟\"},"
    "\"a2\":{\"state\":\"available\",\"since\":4990,\"name\":\"李娜\"},"
    "\"a3\":{\"state\":\"on_call\",\"since\":4900,\"name\":\"张敏\"},"
    "\"a4\":{\"state\":\"on_call\",\"since\":4900,\"name\":\"刘洋\"},"
    "\"a9\":{\"state\":\"not_ready\",\"reason\":\"培训\",\"since\":4000,\"name\":\"陈静\"}},"
    "\"keywords\":[{\"word\":\"停电\",\"count\":60},{\"word\":\"电费\",\"count\":50},"
    "{\"word\":\"抢修\",\"count\":40},{\"word\":\"发票\",\"count\":30},{\"word\":\"电表\","
    "\"count\":20},{\"word\":\"短路\",\"count\":10}]}";

// A 12-row grid at 1080p: a row is 90 px. The SL tile's rule is the only one the table gets.
static const char crowded_layout[] =
    "{\"version\":1,\"language\":\"zh-CN\",\"grid\":{\"columns\":4,\"rows\":12},\"pages\":[{"
    "\"widgets\":["
    "{\"type\":\"kpi\",\"title\":\"SL\",\"metric\":\"service_level\",\"thresholds\":{\"watch\":"
    "0.8,\"act\":0.6},\"col\":0,\"row\":0,\"width\":1,\"height\":2},"
    "{\"type\":\"queue_table\",\"columns\":[\"waiting\",\"service_level\"],\"sort\":\"urgency\","
    "\"col\":0,\"row\":2,\"width\":4,\"height\":4},"
    "{\"type\":\"keywords\",\"count\":6,\"col\":0,\"row\":6,\"width\":2,\"height\":2},"
    "{\"type\":\"agent_grid\",\"sort\":\"id\",\"tile_width\":0.1,\"col\":0,\"row\":8,"
    "\"width\":1,\"height\":2},"
    "{\"type\":\"agent_grid\",\"title\":\"tiny\",\"col\":1,\"row\":8,\"width\":1,"
    "\"height\":1}]}]}";

// A table asked for more columns than its width holds says how many it left out.
static void
columns_left_out_are_said(void **unused)
{
    (void)unused;
    static const char layout[] =
        "{\"version\":1,\"language\":\"zh-CN\",\"grid\":{\"columns\":20,\"rows\":12},"
        "\"pages\":[{\"widgets\":[{\"type\":\"queue_table\",\"width\":5,\"height\":12,"
        "\"columns\":[\"waiting\",\"longest_wait\",\"available\",\"on_call\",\"offered\","
        "\"answered\",\"abandoned\",\"timed_out\",\"transferred\",\"missed_rings\","
        "\"service_level\",\"asa\",\"aht\",\"abandon_rate\"]}]}]}";
    struct wb_layout *l = layout_of(layout);
    struct core_view v;
    load_view(crowded_state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    // "另有N列" where the names' heading has room, else "+N": never left out without a word.
    assert_true(has_text(&dl, "另有") || has_text(&dl, "+"));
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    wb_layout_free(l);
}

static const struct wb_cmd *
text_cmd(const struct wb_drawlist *dl, const char *text)
{
    for (size_t i = 0; i < dl->len; i++) {
        if (dl->cmds[i].type == WB_CMD_TEXT && strcmp(wb_drawlist_text(dl, i), text) == 0)
            return &dl->cmds[i];
    }
    return NULL;
}

static void
nothing_hidden_and_cells_as_tiles(void **unused)
{
    (void)unused;
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_parse(crowded_layout, strlen(crowded_layout), "t", &l, &err) != 0)
        fail_msg("%s", err.text);
    struct core_view v;
    load_view(crowded_state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    // SL cells take the tile's rule: 1 % is at act (<= 0.6), 95 % normal (above 0.8).
    const struct wb_cmd *bad = text_cmd(&dl, "1%"), *calm = text_cmd(&dl, "95%");
    assert_non_null(bad);
    assert_non_null(calm);
    assert_memory_equal(&bad->color, &l->theme.act, sizeof(bad->color));
    assert_memory_equal(&calm->color, &l->theme.text, sizeof(calm->color));
    // Sorted by urgency, the queue at act comes first although "bad" < "calm" is by name too:
    // so compare against the row of its waiting count (9), above calm's (0).
    const struct wb_cmd *nine = text_cmd(&dl, "9");
    assert_non_null(nine);
    assert_true(nine->rect.y < calm->rect.y);
    // Six keywords asked for in a box of about four rows: the last row that fits says "+N".
    bool more_keywords = false;
    for (size_t i = 0; i < dl.len; i++) {
        const char *s = dl.cmds[i].type == WB_CMD_TEXT ? wb_drawlist_text(&dl, i) : "";
        if (strncmp(s, "另有 ", strlen("另有 ")) == 0 && strstr(s, " 项"))
            more_keywords = true;
    }
    assert_true(more_keywords);
    assert_false(has_exact_text(&dl, "短路")); // the least said is the one left out
    assert_true(has_exact_text(&dl, "停电"));
    // Five agents, room for three tiles (the third says "+N"): the one not ready is shown (then
    // the longest on a call), with their number (工号) beside the name; the free ones are left
    // out. A grid with no room for one tile says how many.
    assert_true(has_exact_text(&dl, "陈静"));
    assert_true(has_exact_text(&dl, "a9"));
    assert_true(has_exact_text(&dl, "张敏"));
    assert_false(has_exact_text(&dl, "王伟"));
    assert_true(has_exact_text(&dl, "另有 3 人") || has_exact_text(&dl, "+3"));
    assert_true(has_exact_text(&dl, "另有 5 人"));
    // The table, given too little height for its rows, says so too.
    struct wb_layout *small;
    static const char small_table[] =
        "{\"version\":1,\"language\":\"en\",\"grid\":{\"columns\":4,\"rows\":12},\"pages\":[{"
        "\"widgets\":["
        "{\"type\":\"queue_table\",\"columns\":[\"waiting\"],\"col\":0,\"row\":0,\"width\":4,"
        "\"height\":1}]}]}";
    assert_int_equal(wb_layout_parse(small_table, strlen(small_table), "t", &small, &err), 0);
    draw(&dl, small, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_text(&dl, "+2 more") || has_text(&dl, "+1 more"));
    wb_layout_free(small);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    wb_layout_free(l);
}

// "—" where a figure does not exist (SCREEN.md): a rate of fewer calls than the layout's
// min_calls (default 5) says how many there were instead of 100 %; a tile bound to a queue the
// state does not know; an SL legend when the collector does not say its threshold.
static void
dashes_where_no_figure_exists(void **unused)
{
    (void)unused;
    // 3 answered, all within T: 100 % of 3 calls. No "metrics": the threshold is not known.
    static const char state[] =
        "{\"v\":1,\"seq\":3,\"now\":5000,\"queues\":{\"q\":{\"waiting\":2,\"today\":{"
        "\"offered\":3,\"answered\":3,\"answered_in_sl\":3}}}}";
    static const char layout[] =
        "{\"version\":1,\"grid\":{\"columns\":3,\"rows\":2},\"pages\":[{\"widgets\":["
        "{\"type\":\"kpi\",\"metric\":\"service_level\",\"col\":0},"
        "{\"type\":\"kpi\",\"metric\":\"waiting\",\"queues\":[\"nosuch\"],\"col\":1},"
        "{\"type\":\"kpi\",\"metric\":\"waiting\",\"queues\":[\"q\"],\"col\":2},"
        "{\"type\":\"queue_table\",\"columns\":[\"service_level\"],\"row\":1,\"width\":3}]}]}";
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_parse(layout, strlen(layout), "t", &l, &err), 0);
    assert_int_equal(l->min_calls, 5);
    struct core_view v;
    load_view(state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_false(has_text(&dl, "100%"));
    assert_true(has_exact_text(&dl, "仅 3 通，暂不计算"));
    assert_true(has_exact_text(&dl, "2")); // the queue it knows
    size_t dashes = 0;
    for (size_t i = 0; i < dl.len; i++)
        dashes += dl.cmds[i].type == WB_CMD_TEXT && strcmp(wb_drawlist_text(&dl, i), "—") == 0;
    assert_int_equal(dashes, 3); // the SL tile, the unknown queue's tile, the SL cell
    assert_true(has_exact_text(&dl, "服务水平阈值未知"));
    assert_false(has_text(&dl, "0秒内"));
    wb_layout_free(l);
    // A page bound to a team but to no queues: its queue figure is not the team's ("—"), its
    // agents figure is (0 of the team's agents are free: a real 0).
    static const char team_page[] =
        "{\"version\":1,\"grid\":{\"columns\":2,\"rows\":1},\"pages\":[{\"teams\":[\"A组\"],"
        "\"widgets\":[{\"type\":\"kpi\",\"metric\":\"waiting\",\"col\":0},"
        "{\"type\":\"kpi\",\"metric\":\"agents_available\",\"col\":1}]}]}";
    assert_int_equal(wb_layout_parse(team_page, strlen(team_page), "t", &l, &err), 0);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_exact_text(&dl, "—"));
    assert_true(has_exact_text(&dl, "0"));
    assert_false(has_exact_text(&dl, "2")); // the site's 2 waiting, under the team's page
    wb_layout_free(l);
    // A layout that counts every call shows the rate.
    static const char every[] =
        "{\"version\":1,\"min_calls\":0,\"pages\":[{\"widgets\":[{\"type\":\"kpi\","
        "\"metric\":\"service_level\"}]}]}";
    assert_int_equal(wb_layout_parse(every, strlen(every), "t", &l, &err), 0);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_exact_text(&dl, "100%"));
    wb_layout_free(l);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
}

// The header keeps the clock and gives the date with the weekday, in the layout's language.
static void
header_shows_date_and_weekday(void **unused)
{
    (void)unused;
    setenv("TZ", "UTC0", 1);
    tzset();
    static const char state[] = "{\"v\":1,\"seq\":1,\"now\":1796083200}"; // Tue 1 Dec 2026 UTC
    struct core_view v;
    load_view(state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    for (int en = 0; en < 2; en++) {
        char layout[256];
        snprintf(layout, sizeof(layout),
                 "{\"version\":1,\"language\":\"%s\",\"pages\":[{\"widgets\":[{\"type\":"
                 "\"header\",\"title\":\"Floor\",\"width\":12}]}]}",
                 en ? "en" : "zh-CN");
        struct wb_layout *l;
        struct core_err err;
        core_err_clear(&err);
        assert_int_equal(wb_layout_parse(layout, strlen(layout), "t", &l, &err), 0);
        draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
        assert_true(has_exact_text(&dl, "00:00:00"));
        assert_true(has_exact_text(&dl, en ? "Tue 1 Dec" : "12月1日 星期二"));
        check_frame(&dl, 1920, 1080, "header");
        // The stale band takes the top row but never covers the clock: it ends left of it.
        draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_STALE);
        const struct wb_cmd *clock = NULL, *band = NULL;
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type == WB_CMD_TEXT && strcmp(wb_drawlist_text(&dl, i), "00:00:00") == 0)
                clock = c;
            if (c->type == WB_CMD_RECT && c->rect.y == 0 &&
                memcmp(&c->color, &l->theme.stale_bg, sizeof(c->color)) == 0)
                band = c;
        }
        assert_non_null(clock);
        assert_non_null(band);
        assert_true(band->rect.x + band->rect.w <= clock->rect.x);
        // Kept by value: the commands are redrawn below.
        const struct wb_rect band_r = band->rect, clock_r = clock->rect;
        // So does a PBX link's band, and its words stay within it.
        v.nsources_down = 1;
        snprintf(v.source_down, sizeof(v.source_down), "ami 10.0.0.5:5038");
        draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
        v.nsources_down = 0;
        int clock_x = -1, words_end = -1;
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            const char *s = c->type == WB_CMD_TEXT ? wb_drawlist_text(&dl, i) : "";
            if (strcmp(s, "00:00:00") == 0)
                clock_x = c->rect.x;
            if (strstr(s, "ami 10.0.0.5:5038"))
                words_end = c->rect.x + c->rect.w;
        }
        assert_true(clock_x > 0 && words_end > 0 && words_end <= clock_x);
        // The collector's own journal failing is not called a PBX link: the band says its disk.
        v.nsources_down = 1;
        snprintf(v.source_down, sizeof(v.source_down), "journal");
        draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
        v.nsources_down = 0;
        assert_true(has_text(&dl, "磁盘写入失败") || has_text(&dl, "cannot write to its disk"));
        assert_false(has_text(&dl, "电话系统连接中断") || has_text(&dl, "PBX link down"));
        snprintf(v.source_down, sizeof(v.source_down), "ami 10.0.0.5:5038");
        // A layout that did not load is said in the top band, whole (two lines if need be, no
        // ellipsis), over the title and short of the clock: it covers no figure.
        struct wb_regions regions;
        core_map_init(&regions.names);
        static const char why[] = "floor.json:3:7: pages[0].widgets[1]: unknown widget type "
                                  "\"kpii\" (one of header, kpi, queue_table, agent_grid, "
                                  "keywords, regions, word_cloud, region_map)";
        struct wb_board_input in = {.layout = l,
                                    .view = &v,
                                    .regions = &regions,
                                    .measure = stub_measure,
                                    .screen_w = 1920,
                                    .screen_h = 1080,
                                    .now_s = v.now_s,
                                    .local_now_s = v.now_s,
                                    .link = WB_LINK_LIVE,
                                    .layout_error = why};
        wb_board_draw(&dl, &in);
        char said[1200] = "";
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            const char *s = c->type == WB_CMD_TEXT ? wb_drawlist_text(&dl, i) : "";
            if (c->rect.y + c->rect.h <= band_r.h && c->rect.x < clock_r.x &&
                (strstr(s, "kpii") || strstr(s, "region_map") || strstr(s, "Layout")))
                snprintf(said + strlen(said), sizeof(said) - strlen(said), "%s", s);
            assert_null(strstr(s, "…"));
        }
        assert_non_null(strstr(said, why));
        // While the band carries news for the floor (here a PBX link down), the note takes a
        // strip of its own at the foot and the page is laid out above it: the note is whole and
        // nothing else is drawn where it is (on main it covered the last row, cut to one line).
        v.nsources_down = 1;
        wb_board_draw(&dl, &in);
        v.nsources_down = 0;
        int strip_y = -1;
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type == WB_CMD_RECT && c->rect.y > 540 && c->rect.y + c->rect.h == 1080 &&
                c->rect.x == 0 && memcmp(&c->color, &l->theme.stale_bg, sizeof(c->color)) == 0)
                strip_y = c->rect.y;
        }
        assert_true(strip_y > 540);
        said[0] = '\0';
        bool saw_source = false;
        for (size_t i = 0; i < dl.len; i++) {
            const struct wb_cmd *c = &dl.cmds[i];
            if (c->type != WB_CMD_TEXT)
                continue;
            const char *s = wb_drawlist_text(&dl, i);
            assert_null(strstr(s, "…"));
            saw_source = saw_source || strstr(s, "ami 10.0.0.5:5038") != NULL;
            if (c->rect.y >= strip_y)
                snprintf(said + strlen(said), sizeof(said) - strlen(said), "%s", s);
            else
                assert_true(c->rect.y + c->rect.h <= strip_y); // no figure under the note
        }
        assert_true(saw_source); // the floor's news keeps the top band
        assert_non_null(strstr(said, why));
        wb_regions_fini(&regions);

        wb_layout_free(l);
    }
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
}

// Words the floor reads: a roll-up's site ids and not-ready reason codes by the layout's names
// ("names": {"sites": ..., "reasons": ...}), in tables, agent tiles and rows of sites.
static void
names_for_sites_and_reasons(void **unused)
{
    (void)unused;
    static const char state[] =
        "{\"v\":1,\"seq\":1,\"now\":5000,\"queues\":{\"nj/故障报修\":{\"waiting\":1}},"
        "\"sites\":{\"nj\":{\"waiting\":1}},"
        "\"agents\":{\"nj/1\":{\"state\":\"not_ready\",\"reason\":\"lunch\",\"since\":4000,"
        "\"name\":\"王伟\"}}}";
    static const char layout[] =
        "{\"version\":1,\"names\":{\"sites\":{\"nj\":\"南京\"},\"reasons\":{\"lunch\":\"午餐\"}},"
        "\"grid\":{\"columns\":3,\"rows\":3},\"pages\":[{\"widgets\":["
        "{\"type\":\"queue_table\",\"columns\":[\"waiting\"],\"width\":3},"
        "{\"type\":\"queue_table\",\"rows\":\"sites\",\"columns\":[\"waiting\"],\"row\":1,"
        "\"width\":3},"
        "{\"type\":\"agent_grid\",\"row\":2,\"width\":3}]}]}";
    struct wb_layout *l = layout_of(layout);
    struct core_view v;
    load_view(state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
    assert_true(has_exact_text(&dl, "南京/故障报修"));
    assert_true(has_exact_text(&dl, "南京"));
    assert_true(has_exact_text(&dl, "午餐"));
    assert_false(has_exact_text(&dl, "lunch"));
    assert_false(has_exact_text(&dl, "nj"));
    wb_layout_free(l);
    static const char bad[] = "{\"version\":1,\"names\":{\"sites\":{\"nj\":7}},\"pages\":[{"
                              "\"widgets\":[{\"type\":\"header\"}]}]}";
    struct core_err err;
    core_err_clear(&err);
    assert_int_not_equal(wb_layout_parse(bad, strlen(bad), "t", &l, &err), 0);
    assert_non_null(strstr(err.text, "names.sites.nj"));
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
}

// Words as the floor reads them: English headings and states spelled out where they fit,
// full-width brackets in Chinese legends.
static void
words_spelled_out(void **unused)
{
    (void)unused;
    static const char state[] =
        "{\"v\":1,\"seq\":1,\"now\":5000,\"metrics\":{\"sl_threshold_s\":20,\"short_abandon_s\":5,"
        "\"sl_formula\":\"abandons-against\"},\"queues\":{\"q\":{\"waiting\":1,\"today\":{"
        "\"offered\":30,\"answered\":20,\"answered_in_sl\":15,\"abandoned\":10}}},"
        "\"agents\":{\"1\":{\"state\":\"wrap_up\",\"since\":4990,\"name\":\"Emma\"}}}";
    struct core_view v;
    load_view(state, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    for (int en = 0; en < 2; en++) {
        char layout[512];
        snprintf(layout, sizeof(layout),
                 "{\"version\":1,\"language\":\"%s\",\"grid\":{\"columns\":2,\"rows\":3},"
                 "\"pages\":[{\"widgets\":[{\"type\":\"kpi\",\"metric\":\"service_level\"},"
                 "{\"type\":\"queue_table\",\"title\":\"%s\",\"columns\":[\"available\","
                 "\"abandon_rate\"],"
                 "\"row\":1,\"width\":2},{\"type\":\"agent_grid\",\"tile_width\":0.3,\"row\":2,"
                 "\"width\":2}]}]}",
                 en ? "en" : "zh-CN", en ? "Queue" : "队列");
        struct wb_layout *l;
        struct core_err err;
        core_err_clear(&err);
        assert_int_equal(wb_layout_parse(layout, strlen(layout), "t", &l, &err), 0);
        draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
        if (en) {
            assert_true(has_exact_text(&dl, "Available"));
            assert_true(has_exact_text(&dl, "Abandon rate"));
            assert_true(has_exact_text(&dl, "Wrap-up"));
            // The SL legend spelled out on a tile half the screen wide; abbreviated only on one
            // too narrow for the words (a quarter of the screen).
            assert_true(has_exact_text(&dl, "flow-outs and abandons ≤5 s out"));
            assert_false(has_text(&dl, "ab. out"));
            struct wb_layout *narrow;
            static const char six[] =
                "{\"version\":1,\"language\":\"en\",\"grid\":{\"columns\":4,\"rows\":3},"
                "\"pages\":[{\"widgets\":[{\"type\":\"kpi\",\"metric\":\"service_level\"}]}]}";
            assert_int_equal(wb_layout_parse(six, strlen(six), "t", &narrow, &err), 0);
            draw(&dl, narrow, 0, &v, 1920, 1080, WB_LINK_LIVE);
            assert_true(has_exact_text(&dl, "flow-outs, ≤5 s ab. out"));
            wb_layout_free(narrow);
            draw(&dl, l, 0, &v, 1920, 1080, WB_LINK_LIVE);
        } else {
            // The legend names what the denominator holds (docs/metrics.md): waits still
            // running past T in, flow-outs and short abandons out.
            assert_true(has_text(&dl, "含等待，不计转出、5秒内放弃"));
            assert_false(has_text(&dl, "(接通"));
        }
        // A table titled like its first column says it once.
        size_t said = 0;
        for (size_t i = 0; i < dl.len; i++)
            said += dl.cmds[i].type == WB_CMD_TEXT &&
                    strcmp(wb_drawlist_text(&dl, i), en ? "Queue" : "队列") == 0;
        assert_true(said <= 1);
        wb_layout_free(l);
    }
    // The bands name the collector as the floor would: by its name, its host, or this machine.
    char buf[64];
    assert_string_equal(wb_format_collector("tcp://10.0.0.5:7411", NULL, WB_LANG_EN, buf, 64),
                        "10.0.0.5");
    assert_string_equal(wb_format_collector("tls+tcp://[fd00::5]:7411", "", WB_LANG_EN, buf, 64),
                        "[fd00::5]");
    assert_string_equal(wb_format_collector("ipc:///run/wb/pub", NULL, WB_LANG_ZH, buf, 64),
                        "本机");
    assert_string_equal(wb_format_collector("tcp://x:1", "三楼数据服务", WB_LANG_ZH, buf, 64),
                        "三楼数据服务");
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
}

static bool
overlaps_rect(struct wb_rect a, struct wb_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

// The China map with its South China Sea islands inset (南海诸岛): drawn, named, kept clear of
// the labels; labels placed off their province point at it; a window with no calls says so
// instead of a legend of "0 来电".
static void
region_map_inset_leaders_and_quiet_window(void **unused)
{
    (void)unused;
    struct wb_layout *l = load_layout("hotspots.json");
    char *busy_json = read_file("tests/data/busy-state.json");
    struct core_view v;
    load_view(busy_json, &v);
    struct wb_geo china;
    load_china(&china, true);
    struct wb_regions regions;
    load_region_names(&regions);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_board_input in = {.layout = l,
                                .view = &v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = 1920,
                                .screen_h = 1080,
                                .now_s = v.now_s,
                                .local_now_s = v.now_s,
                                .link = WB_LINK_LIVE,
                                .china = &china};
    wb_board_draw(&dl, &in);
    struct wb_rect cell = wb_board_cell_rect(l, &l->pages[0].widgets[2], 1920, 1080);
    size_t decor = 0;
    struct wb_rect inset = {0};
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        if (c->type != WB_CMD_SHAPE || c->shape->code[0] != '\0')
            continue;
        if (decor++ == 0)
            inset = c->rect;
        int x1 =
            inset.x + inset.w > c->rect.x + c->rect.w ? inset.x + inset.w : c->rect.x + c->rect.w;
        int y1 =
            inset.y + inset.h > c->rect.y + c->rect.h ? inset.y + inset.h : c->rect.y + c->rect.h;
        inset.x = inset.x < c->rect.x ? inset.x : c->rect.x;
        inset.y = inset.y < c->rect.y ? inset.y : c->rect.y;
        inset.w = x1 - inset.x, inset.h = y1 - inset.y;
    }
    assert_int_equal(decor, china.ndecor); // the frame, the coast and the boundary's dashes
    assert_true(has_text(&dl, "南海诸岛"));
    // In the map's lower right, inside the cell.
    assert_true(inset.x > cell.x + cell.w / 2 && inset.y > cell.y + cell.h / 2);
    assert_true(inset.x + inset.w <= cell.x + cell.w && inset.y + inset.h <= cell.y + cell.h);
    size_t labels = 0, dots = 0;
    for (size_t i = 0; i < dl.len; i++) {
        const struct wb_cmd *c = &dl.cmds[i];
        static const char *const names[] = {"广东 ", "河北 ", "山东 ", "河南 ", "四川 "};
        for (size_t k = 0; c->type == WB_CMD_TEXT && k < 5; k++) {
            if (strncmp(wb_drawlist_text(&dl, i), names[k], strlen(names[k])) == 0 &&
                overlaps_rect(c->rect, cell)) {
                labels++; // the five busiest named on the map; none over the inset
                assert_false(overlaps_rect(c->rect, inset));
            }
        }
        // A leader's dot: 3 x its 2 px line at 1080p, in the text colour, on the map.
        if (c->type == WB_CMD_RECT && c->rect.w == 6 && c->rect.h == 6 &&
            memcmp(&c->color, &l->theme.text, 3) == 0) {
            dots++;
            assert_true(overlaps_rect(c->rect, cell));
        }
    }
    assert_true(labels >= 4);
    // 四川 and 河南 sit beside their provinces in this state (as seen on the board): they point.
    assert_true(dots >= 2);
    // A window with no calls from anywhere: a message where the legend was.
    size_t nregions = v.nregions;
    v.nregions = 0;
    wb_board_draw(&dl, &in);
    v.nregions = nregions;
    assert_true(has_text(&dl, "此时段内暂无来电"));
    assert_false(has_text(&dl, "0 来电"));
    wb_regions_fini(&regions);
    wb_geo_fini(&china);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    free(busy_json);
    wb_layout_free(l);
}

static void
write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

// A layout's map on a site's own approved geometry: read from beside the layout, its regions
// drawn instead of the shipped ones, its approval number (审图号) on the map; a geometry that
// cannot be used fails the layout with the widget, the file and what is wrong named.
static void
region_map_site_geometry(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/wb-test-geometry-XXXXXX", path[256], geo[256];
    assert_non_null(mkdtemp(dir));
    snprintf(geo, sizeof(geo), "%s/approved.geojson", dir);
    write_text(geo, "{\"type\":\"FeatureCollection\",\"features\":["
                    "{\"properties\":{\"adcode\":\"CN-GD\"},\"geometry\":{\"type\":\"Polygon\","
                    "\"coordinates\":[[[110,20],[117,20],[117,25],[110,25],[110,20]]]}},"
                    "{\"properties\":{\"adcode\":\"CN-GX\"},\"geometry\":{\"type\":\"Polygon\","
                    "\"coordinates\":[[[104,21],[110,21],[110,26],[104,26],[104,21]]]}}]}");
    static const char layout_fmt[] =
        "{\"version\":1,\"pages\":[{\"widgets\":[{\"type\":\"region_map\",\"width\":12,"
        "\"height\":12%s}]}]}";
    char text[1024];
    snprintf(text, sizeof(text), layout_fmt,
             ",\"geometry\":\"approved.geojson\",\"code_key\":\"adcode\","
             "\"approval\":\"GS(2024)0001号\"");
    snprintf(path, sizeof(path), "%s/layout.json", dir);
    write_text(path, text);
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &l, &err) != 0)
        fail_msg("%s", err.text);
    char *busy_json = read_file("tests/data/busy-state.json");
    struct core_view v;
    load_view(busy_json, &v);
    struct wb_drawlist dl;
    wb_drawlist_init(&dl);
    struct wb_regions regions;
    load_region_names(&regions);
    struct wb_board_input in = {.layout = l,
                                .view = &v,
                                .regions = &regions,
                                .measure = stub_measure,
                                .screen_w = 1920,
                                .screen_h = 1080,
                                .now_s = v.now_s,
                                .local_now_s = v.now_s,
                                .link = WB_LINK_LIVE};
    wb_board_draw(&dl, &in); // no shipped map given: the site's is drawn all the same
    size_t shapes = 0;
    for (size_t i = 0; i < dl.len; i++)
        shapes += dl.cmds[i].type == WB_CMD_SHAPE;
    assert_int_equal(shapes, 2);
    struct wb_color gd = shape_colour(&dl, "CN-GD");
    assert_memory_equal(&gd, &l->theme.act, 3); // 广东, the busiest of the test state
    assert_true(has_text(&dl, "审图号：GS(2024)0001号"));
    wb_layout_free(l);
    wb_regions_fini(&regions);
    // Broken in each way: the file missing, no region codes in it, not GeoJSON, an approval
    // number with no geometry.
    static const struct {
        const char *options, *file, *says;
    } broken[] = {
        {",\"geometry\":\"missing.geojson\"", NULL, "pages[0].widgets[0].geometry: \""},
        {",\"geometry\":\"approved.geojson\"", NULL, "no feature has a \"iso_3166_2\" property"},
        {",\"geometry\":\"bad.geojson\"", "[1,2", "not a GeoJSON FeatureCollection"},
        {",\"approval\":\"GS(2024)0001号\"", NULL, "approval: goes with \"geometry\""},
        {",\"geometry\":7", NULL, "geometry: a GeoJSON file"},
    };
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        if (broken[i].file) {
            snprintf(geo, sizeof(geo), "%s/bad.geojson", dir);
            write_text(geo, broken[i].file);
        }
        snprintf(text, sizeof(text), layout_fmt, broken[i].options);
        write_text(path, text);
        core_err_clear(&err);
        l = NULL;
        assert_int_not_equal(wb_layout_load(path, &l, &err), 0);
        assert_null(l);
        char said[600];
        core_err_format(&err, said, sizeof(said));
        if (strstr(said, broken[i].says) == NULL)
            fail_msg("case %zu said \"%s\"", i, said);
    }
    snprintf(geo, sizeof(geo), "rm -rf %s", dir);
    assert_int_equal(system(geo), 0);
    wb_drawlist_fini(&dl);
    core_view_fini(&v);
    free(busy_json);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_layouts_fit_every_screen),
        cmocka_unit_test(figures_come_from_the_state),
        cmocka_unit_test(overlays_fit_and_are_the_only_targets),
        cmocka_unit_test(alerts_band),
        cmocka_unit_test(figures_of_channels),
        cmocka_unit_test(word_cloud_packs_and_keeps_places),
        cmocka_unit_test(region_map_draws_provinces),
        cmocka_unit_test(region_map_inset_leaders_and_quiet_window),
        cmocka_unit_test(region_map_site_geometry),
        cmocka_unit_test(nothing_hidden_and_cells_as_tiles),
        cmocka_unit_test(columns_left_out_are_said),
        cmocka_unit_test(dashes_where_no_figure_exists),
        cmocka_unit_test(header_shows_date_and_weekday),
        cmocka_unit_test(names_for_sites_and_reasons),
        cmocka_unit_test(words_spelled_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
