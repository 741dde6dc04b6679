// SPDX-License-Identifier: MIT
// Touch and time: SDL's events become gestures for the screen's page and drill-downs; scripted
// touches, long presses, page turns, overlays closing and the cursor hiding come with time.
#include "core/clock.h"
#include "wallboard/app/app.h"
#include "wallboard/engine/overlay.h"
#include "wallboard/sdl/input.h"

#include <math.h>
#include <stdio.h>

// How long the loop may sleep: until the next second (clocks and times in state on screen),
// the end of the run, the next page, an overlay closing, a long press, the next scripted
// touch, or the cursor hiding.
int
wb_app_sleep_ms(const struct app *a, int64_t deadline)
{
    // Wake every half second: the clock's next second, and layout edits within a second.
    double now = wb_app_wall_s() * 2;
    int64_t ms = (int64_t)((floor(now) + 1.0 - now) * 500.0) + 1;
    int64_t now_ms = core_clock_mono_ms();
    int64_t script_due = wb_touch_script_due_ms(a->script); // INT64_MAX: none (or no script)
    int64_t wakes[] = {deadline, wb_ui_deadline(&a->ui, a->layout),
                       wb_gestures_deadline(&a->gestures),
                       script_due == INT64_MAX ? INT64_MAX : a->started_ms + script_due,
                       a->cursor_shown ? a->mouse_moved_ms + CURSOR_HIDE_MS : INT64_MAX};
    for (size_t i = 0; i < sizeof(wakes) / sizeof(wakes[0]); i++) {
        if (wakes[i] == INT64_MAX)
            continue;
        int64_t left = wakes[i] - now_ms;
        ms = left < ms ? left : ms;
    }
    return ms < 0 ? 0 : (int)ms;
}

static bool
apply_gesture(struct app *a, const struct wb_gesture *g)
{
    int w, h;
    wb_window_size(&a->win, &w, &h);
    bool changed =
        wb_ui_gesture(&a->ui, a->layout, g, &a->hits, wb_overlay_rect(w, h), core_clock_mono_ms());
    if (changed)
        a->full_redraw = true;
    return changed;
}

// A real mouse shows the cursor until it rests; touch never does.
static void
note_mouse(struct app *a, const SDL_Event *e)
{
    if (!wb_input_is_mouse(e) || a->win.window == NULL)
        return;
    a->mouse_moved_ms = core_clock_mono_ms();
    if (!a->cursor_shown)
        SDL_ShowCursor(SDL_ENABLE);
    a->cursor_shown = true;
}

// Input: fingers, mouse, at t_ms on the monotonic clock. Returns true when the screen must be
// drawn again.
static bool
on_input(struct app *a, const SDL_Event *e, int64_t t_ms)
{
    note_mouse(a, e);
    struct wb_gesture g;
    if (wb_input_two_finger_tap(e, &g))
        return apply_gesture(a, &g);
    int w, h;
    wb_window_size(&a->win, &w, &h);
    struct wb_pointer p;
    if (!wb_input_pointer(e, w, h, t_ms, &p) || !wb_gestures_feed(&a->gestures, &p, &g))
        return false;
    return apply_gesture(a, &g);
}

bool
wb_app_handle_events(struct app *a, int timeout_ms)
{
    SDL_Event e;
    bool redraw = false;
    if (!SDL_WaitEventTimeout(&e, timeout_ms))
        return false;
    do {
        if (e.type == SDL_QUIT) {
            wb_app_quit = 1;
        } else if (e.type == SDL_WINDOWEVENT) {
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                wb_window_resized(&a->win, &a->text);
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_DISPLAYEVENT) {
            wb_window_display_changed(&a->win, &e, &a->text);
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_RENDER_TARGETS_RESET || e.type == SDL_RENDER_DEVICE_RESET) {
            // The GPU lost what it held (a driver reset, a monitor swap): make the texts again.
            wb_text_set_renderer(&a->text, a->win.renderer, wb_window_direct_target(&a->win));
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_q &&
                   (e.key.keysym.mod & KMOD_CTRL)) {
            wb_app_quit = 1; // a keyboard for the engineer; touch cannot quit
        } else {
            // When it happened, not when we got to it: a busy moment must not turn a long
            // press into a tap.
            int64_t age = (int64_t)(SDL_GetTicks() - e.common.timestamp);
            redraw |= on_input(a, &e, core_clock_mono_ms() - (age > 0 ? age : 0));
        }
    } while (SDL_PollEvent(&e));
    return redraw;
}

// Time's share of the interaction: scripted touches that are due, a long press held long
// enough, pages turning, overlays closing, the cursor hiding.
bool
wb_app_tick(struct app *a)
{
    int64_t now = core_clock_mono_ms();
    bool redraw = false;
    int w, h;
    wb_window_size(&a->win, &w, &h);
    SDL_Event e;
    struct wb_gesture g;
    while (a->script && wb_touch_script_next(a->script, now - a->started_ms, w, h, &e)) {
        // Scripted events happen at their own times, however late the loop runs; a held
        // finger's long press comes first when it was due before this event.
        int64_t t = a->started_ms + (int64_t)e.common.timestamp;
        if (wb_gestures_tick(&a->gestures, t, &g))
            redraw |= apply_gesture(a, &g);
        redraw |= on_input(a, &e, t);
    }
    if (wb_gestures_tick(&a->gestures, now, &g))
        redraw |= apply_gesture(a, &g);
    if (wb_ui_tick(&a->ui, a->layout, now)) {
        a->full_redraw = true;
        redraw = true;
    }
    if (a->cursor_shown && now - a->mouse_moved_ms >= CURSOR_HIDE_MS) {
        SDL_ShowCursor(SDL_DISABLE);
        a->cursor_shown = false;
    }
    return redraw;
}
