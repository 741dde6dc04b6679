// SPDX-License-Identifier: MIT
// The screen's life: resources loaded, the window or memory surface opened, then the loop that
// sleeps until something on screen must change (docs/architecture.md).
#include "core/clock.h"
#include "wallboard/app/app.h"

#include <SDL2/SDL_ttf.h>
#include <math.h>
#include <stdio.h>

volatile sig_atomic_t wb_app_quit;

// Waits up to timeout_ms for something to do: window events, a message from the collector,
// or only time passing (a snapshot file, headless).
static bool
wait_for_work(struct app *a, int timeout_ms)
{
    if (a->win.window)
        return wb_app_handle_events(a, timeout_ms);
    if (a->feed)
        wb_feed_wait(a->feed, timeout_ms);
    else
        SDL_Delay((Uint32)timeout_ms);
    return false;
}

// The screen's life: live from the collector, or (--state with --run-for) a snapshot file
// that touch can still drill into.
static int
run_loop(struct app *a)
{
    if (a->opt.state == NULL) {
        struct core_err err;
        core_err_clear(&err);
        a->feed = wb_feed_start(a->opt.pub_url, a->opt.rep_url, &a->opt.net,
                                a->win.window ? wb_window_wake : NULL, &err);
        if (a->feed == NULL) {
            fprintf(stderr, "wallboard: %s\n", err.text);
            return 1;
        }
    } else if (wb_app_load_state_file(a) != 0) {
        return 1;
    }
    a->started_ms = core_clock_mono_ms();
    int64_t deadline =
        a->opt.run_for_s > 0 ? a->started_ms + (int64_t)(a->opt.run_for_s * 1000) : INT64_MAX;
    a->link = wb_app_link(a);
    wb_app_draw(a);
    while (!wb_app_quit && core_clock_mono_ms() < deadline) {
        bool redraw = wait_for_work(a, wb_app_sleep_ms(a, deadline));
        redraw |= a->feed && wb_app_drain_feed(a);
        enum wb_link link = wb_app_link(a);
        redraw |= link != a->link;
        a->link = link;
        redraw |= wb_app_tick(a);
        if (a->ui.ack_key[0])
            wb_app_send_ack(a);
        redraw |= wb_app_follow_history(a);
        redraw |= wb_app_follow_queue_calls(a);
        redraw |= wb_app_follow_alerts(a);
        redraw |= wb_app_watch_layout(a);
        redraw |= (int64_t)floor(wb_app_wall_s()) != a->last_drawn_s;
        if (redraw)
            wb_app_draw(a);
    }
    if (a->opt.screenshot && a->win.surface)
        wb_window_save_png(&a->win, a->opt.screenshot);
    wb_feed_stop(a->feed);
    a->feed = NULL;
    return 0;
}

// The window (the layout names it and may choose the renderer), or a surface in memory.
static int
open_screen(struct app *a)
{
    if (a->opt.headless)
        return wb_window_open_headless(&a->win, a->opt.width, a->opt.height);
    const char *title = a->layout->name[0] ? a->layout->name : "wallboard";
    const char *want = a->opt.renderer ? a->opt.renderer : a->layout->renderer;
    return wb_window_open(&a->win, title, a->opt.width, a->opt.height, want,
                          a->opt.renderer ? "--renderer" : "the layout");
}

int
wb_app_run(struct app *a)
{
    if (wb_app_load_layout(a) != 0)
        return 1;
    wb_ui_init(&a->ui, a->layout, a->opt.page < 0 ? 0 : (size_t)a->opt.page, core_clock_mono_ms());
    if (a->opt.touch_script) {
        char msg[512];
        a->script = wb_touch_script_load(a->opt.touch_script, msg, sizeof(msg));
        if (a->script == NULL) {
            fprintf(stderr, "wallboard: %s\n", msg);
            return 1;
        }
    }
    if (wb_app_load_identity(a) != 0)
        return 1;
    char regions[1024];
    wb_app_data_path(a, "data/regions/region-names.csv", regions, sizeof(regions));
    struct core_err err;
    core_err_clear(&err);
    if (wb_regions_load(&a->regions, regions, &err) != 0)
        fprintf(stderr, "wallboard: %s (regions shown by code)\n", err.text);
    wb_app_load_maps(a);
    if (TTF_Init() != 0) {
        fprintf(stderr, "wallboard: cannot start SDL_ttf: %s\n", TTF_GetError());
        return 1;
    }
    if (open_screen(a) != 0 || wb_app_open_text(a) != 0)
        return 1;
    wb_drawlist_init(&a->dl);
    wb_drawlist_init(&a->prev);
    int w, h;
    wb_window_size(&a->win, &w, &h);
    wb_gestures_init(&a->gestures, w, h);
    if (a->opt.headless && (a->opt.state || a->opt.screenshot) && a->opt.run_for_s <= 0) {
        // One frame: from the snapshot file, or as the board looks before any data.
        if (a->opt.state && wb_app_load_state_file(a) != 0)
            return 1;
        a->link = a->opt.state ? WB_LINK_LIVE : WB_LINK_CONNECTING;
        wb_app_draw(a);
        return a->opt.screenshot && wb_window_save_png(&a->win, a->opt.screenshot) != 0 ? 1 : 0;
    }
    return run_loop(a);
}

void
wb_app_fini(struct app *a)
{
    wb_drawlist_fini(&a->dl);
    wb_drawlist_fini(&a->prev);
    wb_text_fini(&a->text);
    cJSON_Delete(a->tree);
    core_view_fini(&a->view);
    core_view_roster_fini(&a->roster);
    wb_regions_fini(&a->regions);
    wb_geo_fini(&a->china);
    wb_geo_fini(&a->world);
    wb_touch_script_free(a->script);
    wb_history_reset(&a->history, "");
    wb_queue_calls_reset(&a->calls, "");
    wb_layout_free(a->layout);
    wb_window_close(&a->win);
    TTF_Quit();
    SDL_Quit();
}
