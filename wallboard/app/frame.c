// SPDX-License-Identifier: MIT
// A frame: the collector's messages folded into the state, the view rebuilt (the agents one by
// one, core/view_roster.h), the board drawn and only what changed presented; the line a frame
// reports for tests (--report).
#include "core/clock.h"
#include "core/file.h"
#include "core/json_patch.h"
#include "wallboard/app/app.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/format.h"
#include "wallboard/sdl/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double
wb_app_wall_s(void)
{
    return (double)core_clock_wall_ms() / 1000.0;
}

static void
rebuild_view(struct app *a)
{
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    // The tree holds every section but the agents, which the roster keeps (one at a time).
    if (core_view_from_json(a->tree, &v, &err) != 0) {
        fprintf(stderr, "wallboard: state message ignored: %s\n", err.text);
        if (a->view.agents_lent) // the roster may have moved its records: follow it
            core_view_roster_lend(&a->roster, &a->view);
        return;
    }
    if (a->layout->nscope == 0) {
        core_view_roster_lend(&a->roster, &v);
    } else { // scoping edits the records: a copy of them
        const char *scope[WB_MAX_SCOPE];
        for (size_t i = 0; i < a->layout->nscope; i++)
            scope[i] = a->layout->scope[i];
        if (core_view_roster_copy(&a->roster, &v) != 0)
            fprintf(stderr, "wallboard: out of memory copying the agents\n");
        core_view_scope(&v, scope, a->layout->nscope);
    }
    core_view_fini(&a->view);
    a->view = v;
    a->view_mono_ms = core_clock_mono_ms();
    a->last_update_wall_s = wb_app_wall_s();
}

// A message into the state: its agents into the roster, the rest into the tree (a snapshot
// replaces both). Takes msg.
static void
fold_message(struct app *a, cJSON *msg, bool full)
{
    cJSON *agents = cJSON_DetachItemFromObjectCaseSensitive(msg, "agents");
    if (core_view_roster_apply(&a->roster, agents, full || a->tree == NULL) != 0)
        fprintf(stderr, "wallboard: out of memory merging the agents\n");
    cJSON_Delete(agents);
    if (full || a->tree == NULL) {
        cJSON_Delete(a->tree);
        a->tree = msg;
        return;
    }
    if (core_json_merge_patch(&a->tree, msg) != 0)
        fprintf(stderr, "wallboard: out of memory merging a delta\n");
    cJSON_Delete(msg);
}

// Once per layout, with the first state: a queue or team the collector does not know is most
// likely a typo in the layout; said on stderr (the widget shows nothing for it).
static void
warn_unknown_names(struct app *a)
{
    a->names_checked = true;
    struct wb_layout_report *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return;
    wb_layout_check_names(a->layout, &a->view, r);
    for (size_t i = 0; i < r->nwarnings && i < WB_LAYOUT_REPORT_MAX; i++)
        fprintf(stderr, "wallboard: %s\n", r->warning[i]);
    free(r);
}

// Folds every waiting message into the tree. Returns true if anything arrived.
bool
wb_app_drain_feed(struct app *a)
{
    struct wb_feed_msg msgs[64];
    size_t n, total = 0;
    while ((n = wb_feed_take(a->feed, msgs, 64)) > 0) {
        for (size_t i = 0; i < n; i++)
            fold_message(a, msgs[i].msg, msgs[i].full);
        total += n;
    }
    if (total && a->tree)
        rebuild_view(a);
    if (a->view.has_data && !a->names_checked)
        warn_unknown_names(a);
    return total > 0;
}

enum wb_link
wb_app_link(const struct app *a)
{
    if (a->feed == NULL)
        return WB_LINK_LIVE; // a snapshot file: shown as it is
    struct wb_feed_stats st;
    wb_feed_get_stats(a->feed, &st);
    if (!a->view.has_data)
        return WB_LINK_CONNECTING;
    int64_t quiet_ms = core_clock_mono_ms() - st.last_rx_ms;
    return quiet_ms > (int64_t)(a->layout->stale_after_s * 1000) ? WB_LINK_STALE : WB_LINK_LIVE;
}

static void
report(const struct app *a, int64_t done_ns)
{
    const char *probe = "-";
    for (size_t i = 0; a->opt.probe_agent && i < a->view.nagents; i++) {
        if (strcmp(a->view.agents[i].id, a->opt.probe_agent) == 0)
            probe = a->view.agents[i].name;
    }
    static const char *const links[] = {"live", "connecting", "stale"};
    char ui[160 + CORE_ID_MAX];
    wb_ui_describe(&a->ui, ui, sizeof(ui));
    if (a->history.loaded)
        snprintf(ui + strlen(ui), sizeof(ui) - strlen(ui), " history=%zu", a->history.len);
    else
        snprintf(ui + strlen(ui), sizeof(ui) - strlen(ui), " history=-");
    if (a->calls.loaded)
        snprintf(ui + strlen(ui), sizeof(ui) - strlen(ui), " calls=%zu", a->calls.len);
    else
        snprintf(ui + strlen(ui), sizeof(ui) - strlen(ui), " calls=-");
    static const char *const acks[] = {"none", "sending", "done", "refused"};
    size_t acked = 0;
    for (size_t i = 0; i < a->view.nalerts; i++)
        acked += a->view.alerts[i].acked;
    snprintf(ui + strlen(ui), sizeof(ui) - strlen(ui), " alerts=%zu acked=%zu ack=%s",
             a->view.nalerts, acked, acks[a->ack_state]);
    struct wb_feed_stats feed = {0};
    if (a->feed)
        wb_feed_get_stats(a->feed, &feed);
    printf("frame %llu t_ns=%lld link=%s seq=%llu accepted=%llu agents=%zu pages=%zu "
           "layout_error=%s %s in_step=%llu resyncs=%llu probe=%s\n",
           (unsigned long long)a->frames, (long long)done_ns, links[a->link],
           (unsigned long long)a->view.seq, (unsigned long long)a->view.accepted, a->view.nagents,
           a->layout->npages, a->layout_error[0] ? "yes" : "no", ui,
           (unsigned long long)feed.snapshots_in_step, (unsigned long long)feed.resyncs,
           probe[0] ? probe : "-");
    fflush(stdout);
}

void
wb_app_draw(struct app *a)
{
    char collector[160];
    int w, h;
    wb_window_size(&a->win, &w, &h);
    double local_now = wb_app_wall_s();
    double age = (double)(core_clock_mono_ms() - a->view_mono_ms) / 1000.0;
    wb_gestures_resize(&a->gestures, w, h);
    struct wb_board_input in = {
        .layout = a->layout,
        .page = a->ui.page,
        .view = &a->view,
        .regions = &a->regions,
        .measure = wb_text_measure,
        .measure_ctx = &a->text,
        .screen_w = w,
        .screen_h = h,
        // A snapshot file is drawn at its own time; live data runs on between messages.
        .now_s = a->view.now_s + (a->feed && a->link == WB_LINK_LIVE ? age : 0),
        .local_now_s = a->feed ? local_now : a->view.now_s,
        .link = a->link,
        .last_update_s = a->last_update_wall_s,
        .collector = wb_format_collector(a->opt.pub_url, a->opt.collector_name, a->layout->lang,
                                         collector, sizeof(collector)),
        .layout_error = a->layout_error[0] ? a->layout_error : NULL,
        .layout_fallback = a->layout_fallback,
        .overlay = a->ui.overlay,
        .overlay_id = a->ui.overlay_id,
        .overlay_left_s = wb_ui_overlay_left_s(&a->ui, a->layout, core_clock_mono_ms()),
        .paused = a->ui.paused,
        .hits = &a->hits,
        .history = &a->history,
        .queue_calls = &a->calls,
        .cloud = &a->cloud,
        .china = &a->china,
        .world = &a->world,
        .keyword = a->ui.keyword,
        .ack_notice = a->ack_notice[0] ? a->ack_notice : NULL,
    };
    wb_board_draw(&a->dl, &in);
    // Software targets keep their pixels between frames: redraw only what changed. Other
    // renderers lose the back buffer at each present, so they redraw everything.
    struct wb_rect damage[64];
    size_t n = 1;
    damage[0] = (struct wb_rect){0, 0, w, h};
    if (a->win.keeps_pixels && !a->full_redraw)
        n = wb_drawlist_damage(&a->prev, &a->dl, w, h, damage, 64);
    a->full_redraw = false;
    wb_render_sdl(a->win.renderer, &a->text, &a->dl, damage, n, wb_window_direct_target(&a->win));
    wb_window_present(&a->win, damage, n);
    struct wb_drawlist swap = a->prev;
    a->prev = a->dl;
    a->dl = swap;
    a->frames++;
    a->last_drawn_s = (int64_t)floor(local_now);
    if (a->opt.report)
        report(a, core_clock_mono_ns());
}

int
wb_app_load_state_file(struct app *a)
{
    struct core_err err;
    core_err_clear(&err);
    size_t len;
    char *buf = core_file_read(a->opt.state, STATE_FILE_MAX, &len, &err);
    if (buf == NULL) {
        char msg[512];
        fprintf(stderr, "wallboard: %s\n", core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    cJSON *state = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (state == NULL) {
        fprintf(stderr, "wallboard: %s: not valid JSON\n", a->opt.state);
        return -1;
    }
    fold_message(a, state, true);
    rebuild_view(a);
    if (!a->view.has_data) {
        fprintf(stderr, "wallboard: %s: not a version 1 state snapshot\n", a->opt.state);
        return -1;
    }
    return 0;
}
