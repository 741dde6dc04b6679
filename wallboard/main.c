// SPDX-License-Identifier: MIT
// wallboard: one screen of the call floor. Subscribes to the collector, keeps the state it
// publishes, and draws the layout whenever something on screen changed (new data, the clock's
// second, the link going stale); otherwise it sleeps.
#include "core/clock.h"
#include "core/file.h"
#include "core/json_patch.h"
#include "core/view.h"
#include "wallboard/app/options.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/layout.h"
#include "wallboard/engine/overlay.h"
#include "wallboard/engine/regions.h"
#include "wallboard/engine/ui.h"
#include "wallboard/feed/feed.h"
#include "wallboard/sdl/render.h"
#include "wallboard/sdl/text.h"
#include "wallboard/sdl/touch_script.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// A file's modification time and size: a change means it was edited.
struct file_sig {
    struct timespec mtime;
    off_t size;
    bool exists;
};

static struct file_sig
file_sig_of(const char *path)
{
    struct file_sig sig = {0};
    struct stat st;
    if (path[0] && stat(path, &st) == 0)
        sig = (struct file_sig){st.st_mtim, st.st_size, true};
    return sig;
}

static bool
file_sig_same(struct file_sig a, struct file_sig b)
{
    return a.exists == b.exists && a.mtime.tv_sec == b.mtime.tv_sec &&
           a.mtime.tv_nsec == b.mtime.tv_nsec && a.size == b.size;
}

struct app {
    struct wb_options opt;
    struct wb_layout *layout;
    struct wb_regions regions;
    SDL_Window *window;
    SDL_Surface *surface; // headless target
    SDL_Renderer *renderer;
    struct wb_text text;
    struct wb_drawlist dl, prev; // this frame, and the one on screen
    bool keeps_pixels;           // the target keeps the last frame: draw only what changed
    bool full_redraw;            // the next frame redraws everything (resize, expose)
    SDL_Surface *window_surface; // software rendering straight into the window's surface
    struct wb_feed *feed;
    cJSON *tree; // the state as last published, deltas merged in
    struct core_view view;
    int64_t view_mono_ms; // when the view's "now" was current
    double last_update_wall_s;
    enum wb_link link;
    struct wb_ui ui;                // page, rotation paused, drill-down open
    struct wb_gestures gestures;    // fingers and the mouse, becoming taps and swipes
    struct wb_hits hits;            // what can be touched in the frame on screen
    struct wb_touch_script *script; // --touch-script: scripted fingers (headless tests)
    int64_t started_ms;
    int64_t mouse_moved_ms; // the cursor shows while the mouse is in use, then hides
    bool cursor_shown;
    struct wb_history history;   // the day of the agent whose drill-down is open
    double history_since_s;      // that agent's state began then when we asked
    bool history_pending;        // asked, no answer yet
    struct wb_queue_calls calls; // the waiting calls of the queue whose drill-down is open
    uint64_t calls_for_waiting;  // the queue's waiting count when we asked
    int64_t calls_asked_ms;
    bool calls_pending;
    char token[256];      // --command-token-file ("" none: acknowledging is refused here)
    char screen_name[64]; // "by" in acknowledgements
    enum { ACK_NONE, ACK_SENDING, ACK_DONE, ACK_REFUSED } ack_state;
    char ack_notice[256]; // what the band says about this screen's acknowledgement
    int64_t ack_notice_until_ms;
    char alerts_seen[32][192]; // unacknowledged alerts already shown (a new one turns the page)
    size_t nalerts_seen;
    bool names_checked; // the layout's queue and team names were checked against the state
    struct wb_cloud_memory cloud; // where the word cloud's words were, so they stay put
    struct wb_geo china, world;   // map geometry, loaded once
    uint64_t frames;
    int64_t last_drawn_s;
    char layout_path[1024];                  // the file shown, watched for edits
    struct file_sig layout_sig, include_sig; // the layout and its include when last read
    int64_t layout_checked_ms;
    char layout_error[512]; // why the last edit was not applied ("" when it was)
};

#define STATE_FILE_MAX ((size_t)256 << 20) // a snapshot of a large site is a few MB

static volatile sig_atomic_t quit_requested;
static Uint32 wake_event = (Uint32)-1;

static void
on_signal(int sig)
{
    (void)sig;
    quit_requested = 1;
}

static void
wake_sdl(void)
{
    // Called on the feed thread; SDL_PushEvent is thread-safe and wakes SDL_WaitEvent.
    SDL_Event e = {.type = wake_event};
    SDL_PushEvent(&e);
}

static void
data_path(const struct app *a, const char *rel, char *out, size_t size)
{
    if (rel[0] == '/')
        snprintf(out, size, "%s", rel);
    else
        snprintf(out, size, "%s/%s", a->opt.data_dir, rel);
}

static int
load_layout(struct app *a)
{
    char path[1024], fallback[1024];
    data_path(a, "layouts/floor-1080p.json", fallback, sizeof(fallback));
    snprintf(path, sizeof(path), "%s", a->opt.layout ? a->opt.layout : fallback);
    // Watched even when it fails now: fixing it puts it on screen.
    snprintf(a->layout_path, sizeof(a->layout_path), "%s", path);
    a->layout_sig = file_sig_of(path);
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &a->layout, &err) == 0) {
        a->include_sig = file_sig_of(a->layout->include);
        return 0;
    }
    char msg[512];
    fprintf(stderr, "wallboard: %s\n", core_err_format(&err, msg, sizeof(msg)));
    if (strcmp(path, fallback) == 0)
        return -1;
    fprintf(stderr, "wallboard: showing the default layout %s instead\n", fallback);
    core_err_clear(&err);
    if (wb_layout_load(fallback, &a->layout, &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s\n", core_err_format(&err, msg, sizeof(msg)));
    return -1;
}

// The surface our software rendering writes into directly, if there is a usable one.
static SDL_Surface *
direct_target(const struct app *a)
{
    SDL_Surface *s = a->surface ? a->surface : a->window_surface;
    return s && s->format->BytesPerPixel == 4 && !SDL_MUSTLOCK(s) ? s : NULL;
}

static int
open_text(struct app *a)
{
    char regular[1024], bold[1024];
    data_path(a, a->layout->theme.font, regular, sizeof(regular));
    data_path(a, a->layout->theme.font_bold, bold, sizeof(bold));
    struct core_err err;
    core_err_clear(&err);
    if (wb_text_init(&a->text, regular, bold, a->renderer, direct_target(a), &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s (layout %s, theme.font)\n", err.text, a->layout->source);
    wb_text_fini(&a->text);
    // Fall back to the fonts shipped with the product rather than showing nothing.
    data_path(a, "fonts/NotoSansSC-Regular.otf", regular, sizeof(regular));
    data_path(a, "fonts/NotoSansSC-Bold.otf", bold, sizeof(bold));
    fprintf(stderr, "wallboard: using the shipped fonts %s\n", regular);
    core_err_clear(&err);
    if (wb_text_init(&a->text, regular, bold, a->renderer, direct_target(a), &err) == 0)
        return 0;
    fprintf(stderr, "wallboard: %s\n", err.text);
    return -1;
}

// Chooses the renderer. Without a GPU, SDL's software renderer straight to the window
// surface is about three times faster and far lighter than GL emulated on the CPU.
static const char *
choose_renderer(const struct app *a, char *why, size_t size)
{
    const char *want = a->opt.renderer ? a->opt.renderer : a->layout->renderer;
    if (strcmp(want, "auto") != 0) {
        snprintf(why, size, "asked for by %s", a->opt.renderer ? "--renderer" : "the layout");
        return want;
    }
    const char *sw = getenv("LIBGL_ALWAYS_SOFTWARE");
    bool gpu = access("/dev/dri/renderD128", R_OK | W_OK) == 0 && !(sw && strcmp(sw, "1") == 0);
    snprintf(why, size, "%s",
             gpu ? "a GPU is present (/dev/dri/renderD128)"
                 : "no GPU found (/dev/dri/renderD128 missing)");
    return gpu ? "accelerated" : "software";
}

static int
open_window(struct app *a)
{
    char why[128];
    const char *kind = choose_renderer(a, why, sizeof(why));
    bool software = strcmp(kind, "software") == 0;
    if (software)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "wallboard: cannot open the display: %s (use --headless without one)\n",
                SDL_GetError());
        return -1;
    }
    Uint32 flags = a->opt.width ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->window =
        SDL_CreateWindow(a->layout->name[0] ? a->layout->name : "wallboard", SDL_WINDOWPOS_CENTERED,
                         SDL_WINDOWPOS_CENTERED, a->opt.width ? a->opt.width : 1920,
                         a->opt.height ? a->opt.height : 1080, flags);
    if (a->window == NULL) {
        fprintf(stderr, "wallboard: cannot open a window: %s\n", SDL_GetError());
        return -1;
    }
    if (software) {
        // Straight into the window's surface: we present only the rectangles that changed.
        a->window_surface = SDL_GetWindowSurface(a->window);
        a->renderer = a->window_surface ? SDL_CreateSoftwareRenderer(a->window_surface) : NULL;
        a->keeps_pixels = true;
        if (a->renderer == NULL) {
            // Some video drivers (Wayland) have no window surface of their own: present
            // through whichever renderer the driver offers, redrawing whole frames.
            fprintf(stderr, "wallboard: no window surface on %s (%s); using a renderer\n",
                    SDL_GetCurrentVideoDriver(), SDL_GetError());
            a->window_surface = NULL;
            a->keeps_pixels = false;
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
            a->renderer = SDL_CreateRenderer(a->window, -1, 0);
        }
    } else {
        a->renderer = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_ACCELERATED);
        if (a->renderer == NULL)
            fprintf(stderr, "wallboard: no accelerated renderer (%s); using software\n",
                    SDL_GetError());
    }
    if (a->renderer == NULL && !software)
        a->renderer = SDL_CreateRenderer(a->window, -1, SDL_RENDERER_SOFTWARE);
    if (a->renderer == NULL) {
        fprintf(stderr, "wallboard: cannot create a renderer: %s\n", SDL_GetError());
        return -1;
    }
    SDL_RendererInfo info;
    SDL_GetRendererInfo(a->renderer, &info);
    fprintf(stderr, "wallboard: renderer %s: %s; framebuffer acceleration %s\n", info.name, why,
            a->window_surface ? "off" : "default");
    if (flags)
        SDL_ShowCursor(SDL_DISABLE); // shown again only while a real mouse moves
    // A wall screen never blanks: SDL inhibits the screen saver (X, Wayland, D-Bus) while the
    // window is up; said explicitly so a hint in the environment cannot turn it back on.
    SDL_DisableScreenSaver();
    fprintf(stderr, "wallboard: video driver %s; screen saver %s\n", SDL_GetCurrentVideoDriver(),
            SDL_IsScreenSaverEnabled() ? "NOT inhibited" : "inhibited");
    wake_event = SDL_RegisterEvents(1);
    return 0;
}

static int
open_headless(struct app *a)
{
    a->surface = SDL_CreateRGBSurfaceWithFormat(0, a->opt.width, a->opt.height, 32,
                                                SDL_PIXELFORMAT_ARGB8888);
    a->renderer = a->surface ? SDL_CreateSoftwareRenderer(a->surface) : NULL;
    if (a->renderer == NULL) {
        fprintf(stderr, "wallboard: cannot draw in memory: %s\n", SDL_GetError());
        return -1;
    }
    a->keeps_pixels = true;
    return 0;
}

static void
screen_size(const struct app *a, int *w, int *h)
{
    const SDL_Surface *target = a->surface ? a->surface : a->window_surface;
    if (target) {
        *w = target->w;
        *h = target->h;
    } else {
        SDL_GetRendererOutputSize(a->renderer, w, h);
    }
}

static double
wall_s(void)
{
    return (double)core_clock_wall_ms() / 1000.0;
}

static void
rebuild_view(struct app *a)
{
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    if (core_view_from_json(a->tree, &v, &err) != 0) {
        fprintf(stderr, "wallboard: state message ignored: %s\n", err.text);
        return;
    }
    const char *scope[WB_MAX_SCOPE];
    for (size_t i = 0; i < a->layout->nscope; i++)
        scope[i] = a->layout->scope[i];
    core_view_scope(&v, scope, a->layout->nscope);
    core_view_fini(&a->view);
    a->view = v;
    a->view_mono_ms = core_clock_mono_ms();
    a->last_update_wall_s = wall_s();
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
static bool
drain_feed(struct app *a)
{
    struct wb_feed_msg msgs[64];
    size_t n, total = 0;
    while ((n = wb_feed_take(a->feed, msgs, 64)) > 0) {
        for (size_t i = 0; i < n; i++) {
            if (msgs[i].full || a->tree == NULL) {
                cJSON_Delete(a->tree);
                a->tree = msgs[i].msg;
                continue;
            }
            if (core_json_merge_patch(&a->tree, msgs[i].msg) != 0)
                fprintf(stderr, "wallboard: out of memory merging a delta\n");
            cJSON_Delete(msgs[i].msg);
        }
        total += n;
    }
    if (total && a->tree)
        rebuild_view(a);
    if (a->view.has_data && !a->names_checked)
        warn_unknown_names(a);
    return total > 0;
}

static enum wb_link
current_link(const struct app *a)
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
    printf("frame %llu t_ns=%lld link=%s seq=%llu accepted=%llu agents=%zu pages=%zu "
           "layout_error=%s %s probe=%s\n",
           (unsigned long long)a->frames, (long long)done_ns, links[a->link],
           (unsigned long long)a->view.seq, (unsigned long long)a->view.accepted, a->view.nagents,
           a->layout->npages, a->layout_error[0] ? "yes" : "no", ui, probe[0] ? probe : "-");
    fflush(stdout);
}

static void
draw_frame(struct app *a)
{
    int w, h;
    screen_size(a, &w, &h);
    double local_now = wall_s();
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
        .collector = a->opt.pub_url,
        .layout_error = a->layout_error[0] ? a->layout_error : NULL,
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
    if (a->keeps_pixels && !a->full_redraw)
        n = wb_drawlist_damage(&a->prev, &a->dl, w, h, damage, 64);
    a->full_redraw = false;
    wb_render_sdl(a->renderer, &a->text, &a->dl, damage, n, direct_target(a));
    if (a->window_surface) {
        SDL_Rect rects[64];
        for (size_t i = 0; i < n; i++)
            rects[i] = (SDL_Rect){damage[i].x, damage[i].y, damage[i].w, damage[i].h};
        SDL_UpdateWindowSurfaceRects(a->window, rects, (int)n);
    } else {
        SDL_RenderPresent(a->renderer);
    }
    struct wb_drawlist swap = a->prev;
    a->prev = a->dl;
    a->dl = swap;
    a->frames++;
    a->last_drawn_s = (int64_t)floor(local_now);
    if (a->opt.report)
        report(a, core_clock_mono_ns());
}

static int
save_png(struct app *a)
{
    if (IMG_SavePNG(a->surface, a->opt.screenshot) != 0) {
        fprintf(stderr, "wallboard: cannot write %s: %s\n", a->opt.screenshot, IMG_GetError());
        return -1;
    }
    fprintf(stderr, "wallboard: wrote %s\n", a->opt.screenshot);
    return 0;
}

static int
load_state_file(struct app *a)
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
    a->tree = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (a->tree == NULL) {
        fprintf(stderr, "wallboard: %s: not valid JSON\n", a->opt.state);
        return -1;
    }
    rebuild_view(a);
    if (!a->view.has_data) {
        fprintf(stderr, "wallboard: %s: not a version 1 state snapshot\n", a->opt.state);
        return -1;
    }
    return 0;
}

#define CURSOR_HIDE_MS 3000

// How long the loop may sleep: until the next second (clocks and times in state on screen),
// the end of the run, the next page, an overlay closing, a long press, the next scripted
// touch, or the cursor hiding.
static int
sleep_ms(const struct app *a, int64_t deadline)
{
    // Wake every half second: the clock's next second, and layout edits within a second.
    double now = wall_s() * 2;
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

// A resized window has a new surface: draw into that one (textures belong to the renderer,
// so the text cache starts again).
static void
reattach_window_surface(struct app *a)
{
    SDL_Surface *surface = SDL_GetWindowSurface(a->window);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (r == NULL) {
        fprintf(stderr, "wallboard: cannot draw after a resize: %s\n", SDL_GetError());
        return;
    }
    SDL_DestroyRenderer(a->renderer);
    a->renderer = r;
    a->window_surface = surface;
    wb_text_set_renderer(&a->text, r, direct_target(a));
}

// Turns SDL's finger and mouse events into pointer events for the gesture recogniser. Mouse
// events SDL makes up from touches are skipped (the finger events carry them), and the right
// button stands for a two-finger tap.
static bool
pointer_from_sdl(const SDL_Event *e, int w, int h, int64_t t_ms, struct wb_pointer *p)
{
    p->t_ms = t_ms;
    switch (e->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        p->phase = e->type == SDL_FINGERDOWN ? WB_POINTER_DOWN
                   : e->type == SDL_FINGERUP ? WB_POINTER_UP
                                             : WB_POINTER_MOVE;
        p->finger = (int64_t)e->tfinger.fingerId;
        p->x = e->tfinger.x * w;
        p->y = e->tfinger.y * h;
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        p->phase = e->type == SDL_MOUSEBUTTONDOWN ? WB_POINTER_DOWN : WB_POINTER_UP;
        p->finger = -1; // the mouse: never a finger id SDL hands out
        p->x = e->button.x;
        p->y = e->button.y;
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
            return false;
        p->phase = WB_POINTER_MOVE;
        p->finger = -1;
        p->x = e->motion.x;
        p->y = e->motion.y;
        return true;
    default: return false;
    }
}

static bool
apply_gesture(struct app *a, const struct wb_gesture *g)
{
    int w, h;
    screen_size(a, &w, &h);
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
    bool mouse = (e->type == SDL_MOUSEMOTION && e->motion.which != SDL_TOUCH_MOUSEID) ||
                 ((e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) &&
                  e->button.which != SDL_TOUCH_MOUSEID);
    if (!mouse || a->window == NULL)
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
    if (e->type == SDL_MOUSEBUTTONUP && e->button.button == SDL_BUTTON_RIGHT &&
        e->button.which != SDL_TOUCH_MOUSEID) {
        g = (struct wb_gesture){WB_GESTURE_TWO_FINGER_TAP, e->button.x, e->button.y};
        return apply_gesture(a, &g);
    }
    int w, h;
    screen_size(a, &w, &h);
    struct wb_pointer p;
    if (!pointer_from_sdl(e, w, h, t_ms, &p) || !wb_gestures_feed(&a->gestures, &p, &g))
        return false;
    return apply_gesture(a, &g);
}

// A screen plugged in again, or its mode changed: a fullscreen board takes the display's
// new size (going through windowed mode makes every video driver apply it), then redraws.
static void
on_display_change(struct app *a, const SDL_Event *e)
{
    static const char *const what[] = {"", "orientation changed", "connected", "disconnected"};
    unsigned kind = e->display.event < 4 ? e->display.event : 0;
    fprintf(stderr, "wallboard: display %u %s\n", e->display.display,
            what[kind][0] ? what[kind] : "changed");
    if (a->opt.width == 0 && e->display.event == SDL_DISPLAYEVENT_CONNECTED) {
        SDL_SetWindowFullscreen(a->window, 0);
        SDL_SetWindowFullscreen(a->window, SDL_WINDOW_FULLSCREEN_DESKTOP);
    }
    if (a->window_surface)
        reattach_window_surface(a);
}

static bool
handle_sdl_events(struct app *a, int timeout_ms)
{
    SDL_Event e;
    bool redraw = false;
    if (!SDL_WaitEventTimeout(&e, timeout_ms))
        return false;
    do {
        if (e.type == SDL_QUIT) {
            quit_requested = 1;
        } else if (e.type == SDL_WINDOWEVENT) {
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED && a->window_surface)
                reattach_window_surface(a);
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_DISPLAYEVENT) {
            on_display_change(a, &e);
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_RENDER_TARGETS_RESET || e.type == SDL_RENDER_DEVICE_RESET) {
            // The GPU lost what it held (a driver reset, a monitor swap): make the texts again.
            wb_text_set_renderer(&a->text, a->renderer, direct_target(a));
            redraw = a->full_redraw = true;
        } else if (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_q &&
                   (e.key.keysym.mod & KMOD_CTRL)) {
            quit_requested = 1; // a keyboard for the engineer; touch cannot quit
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
static bool
tick(struct app *a)
{
    int64_t now = core_clock_mono_ms();
    bool redraw = false;
    int w, h;
    screen_size(a, &w, &h);
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

// Layout edits reach the running screen within a second: the file is polled twice a second
// (simpler than inotify, and works on network shares). A broken edit leaves the last good
// layout on screen with the reason in a corner. Returns true when the frame must be redrawn.
static bool
watch_layout(struct app *a)
{
    int64_t now = core_clock_mono_ms();
    if (now - a->layout_checked_ms < 500)
        return false;
    a->layout_checked_ms = now;
    // The layout, and the site-wide settings it includes.
    struct file_sig layout = file_sig_of(a->layout_path);
    struct file_sig include = file_sig_of(a->layout->include);
    if (!layout.exists ||
        (file_sig_same(layout, a->layout_sig) && file_sig_same(include, a->include_sig)))
        return false;
    a->layout_sig = layout;
    a->include_sig = include;
    struct wb_layout *next = NULL;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(a->layout_path, &next, &err) != 0) {
        char msg[512];
        fprintf(stderr, "wallboard: layout edit not applied: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        const char *slash = strrchr(a->layout_path, '/');
        snprintf(err.source, sizeof(err.source), "%.100s", slash ? slash + 1 : a->layout_path);
        core_err_format(&err, a->layout_error, sizeof(a->layout_error));
        return true;
    }
    bool new_fonts = strcmp(next->theme.font, a->layout->theme.font) != 0 ||
                     strcmp(next->theme.font_bold, a->layout->theme.font_bold) != 0;
    wb_layout_free(a->layout);
    a->layout = next;
    a->include_sig = file_sig_of(next->include); // it may include another file now
    a->names_checked = false;
    a->layout_error[0] = '\0';
    wb_ui_relayout(&a->ui, next, now);
    if (new_fonts) {
        wb_text_fini(&a->text);
        open_text(a); // falls back to the shipped fonts
    }
    a->full_redraw = true;
    fprintf(stderr, "wallboard: layout %s reloaded (%zu pages)\n", a->layout_path, next->npages);
    return true;
}

// On a screen scoped to one site of a roll-up, names are shown without "site/"; the
// collector knows them with it.
static const char *
collector_name(const struct app *a, const char *name, char *buf, size_t size)
{
    if (a->view.scope_site[0] == '\0')
        return name;
    snprintf(buf, size, "%s/%s", a->view.scope_site, name);
    return buf;
}

static void
ask_history(struct app *a)
{
    char buf[CORE_ID_MAX + CORE_SITE_MAX];
    cJSON *cmd = cJSON_CreateObject();
    cJSON_AddStringToObject(cmd, "cmd", "agent_history");
    cJSON_AddStringToObject(cmd, "agent", collector_name(a, a->history.agent, buf, sizeof(buf)));
    char *text = cJSON_PrintUnformatted(cmd);
    cJSON_Delete(cmd);
    a->history_pending = text && wb_feed_command(a->feed, text) == 0;
    cJSON_free(text);
}

#define ACK_NOTICE_MS 10000 // a refusal stays on the band this long

static void
set_ack_notice(struct app *a, enum wb_str what, const char *why)
{
    wb_str_format(a->ack_notice, sizeof(a->ack_notice), a->layout->lang, what, why ? why : "");
    a->ack_notice_until_ms = core_clock_mono_ms() + ACK_NOTICE_MS;
}

// A long press on an alert: the acknowledgement goes to the collector with the site token;
// every screen then shows it (it comes back in the state). Refusals are said on the band.
static void
send_ack(struct app *a)
{
    char key[192];
    snprintf(key, sizeof(key), "%s", a->ui.ack_key);
    a->ui.ack_key[0] = '\0';
    if (a->token[0] == '\0' || a->feed == NULL) {
        a->ack_state = ACK_REFUSED;
        if (a->feed == NULL)
            set_ack_notice(a, WB_STR_ACK_REFUSED, wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
        else
            set_ack_notice(a, WB_STR_ACK_NO_TOKEN, NULL);
        fprintf(stderr, "wallboard: acknowledgement of %s not sent: %s\n", key,
                a->feed ? "no --command-token-file" : "no collector");
        return;
    }
    cJSON *cmd = cJSON_CreateObject();
    cJSON_AddStringToObject(cmd, "cmd", "ack");
    cJSON_AddStringToObject(cmd, "alert", key);
    cJSON_AddStringToObject(cmd, "token", a->token);
    cJSON_AddStringToObject(cmd, "by", a->screen_name);
    char *text = cJSON_PrintUnformatted(cmd);
    cJSON_Delete(cmd);
    if (text && wb_feed_command(a->feed, text) == 0) {
        a->ack_state = ACK_SENDING;
        set_ack_notice(a, WB_STR_ACK_SENDING, NULL);
    }
    cJSON_free(text);
}

static void
on_ack_reply(struct app *a, const cJSON *reply)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(reply, "error");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "ok"))) {
        a->ack_state = ACK_DONE;
        a->ack_notice[0] = '\0'; // the band shows who acknowledged, from the state
        return;
    }
    a->ack_state = ACK_REFUSED;
    const char *why = cJSON_IsString(error) ? error->valuestring : "?";
    set_ack_notice(a, WB_STR_ACK_REFUSED, why);
    fprintf(stderr, "wallboard: acknowledgement refused: %s\n", why);
}

// A new alert (not yet acknowledged) turns a rotating screen to the page that shows its queue.
static bool
follow_alerts(struct app *a)
{
    bool redraw = false;
    char seen[32][192];
    size_t nseen = 0;
    for (size_t i = 0; i < a->view.nalerts && nseen < 32; i++) {
        const struct core_view_alert *al = &a->view.alerts[i];
        if (al->acked)
            continue;
        bool known = false;
        for (size_t k = 0; k < a->nalerts_seen && !known; k++)
            known = strcmp(a->alerts_seen[k], al->key) == 0;
        snprintf(seen[nseen++], sizeof(seen[0]), "%s", al->key);
        if (known)
            continue;
        size_t page = al->word[0] ? wb_layout_page_with(a->layout, "keywords", a->ui.page)
                                  : wb_layout_page_showing(a->layout, al->queue, a->ui.page);
        if (wb_ui_show_page(&a->ui, a->layout, page, core_clock_mono_ms())) {
            a->full_redraw = true;
            redraw = true;
        }
    }
    memcpy(a->alerts_seen, seen, sizeof(seen[0]) * nseen);
    a->nalerts_seen = nseen;
    if (a->ack_notice[0] && core_clock_mono_ms() >= a->ack_notice_until_ms) {
        a->ack_notice[0] = '\0';
        redraw = true;
    }
    return redraw;
}

// Takes the collector's answers; only the one about the agent on screen is kept.
static bool
take_replies(struct app *a)
{
    bool redraw = false;
    char agent_buf[CORE_ID_MAX + CORE_SITE_MAX], queue_buf[CORE_ID_MAX + CORE_SITE_MAX];
    const char *asked_agent = collector_name(a, a->history.agent, agent_buf, sizeof(agent_buf));
    const char *asked_queue = collector_name(a, a->calls.queue, queue_buf, sizeof(queue_buf));
    cJSON *reply;
    while (a->feed && (reply = wb_feed_take_reply(a->feed)) != NULL) {
        const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(reply, "cmd");
        const cJSON *agent = cJSON_GetObjectItemCaseSensitive(reply, "agent");
        const cJSON *queue = cJSON_GetObjectItemCaseSensitive(reply, "queue");
        if (a->history_pending && cJSON_IsString(cmd) &&
            strcmp(cmd->valuestring, "agent_history") == 0 &&
            (!cJSON_IsString(agent) || strcmp(agent->valuestring, asked_agent) == 0)) {
            if (wb_history_read(&a->history, reply) != 0)
                fprintf(stderr, "wallboard: out of memory reading an agent's history\n");
            a->history_pending = false;
            redraw = true;
        } else if (a->calls_pending && cJSON_IsString(cmd) &&
                   strcmp(cmd->valuestring, "queue_calls") == 0 &&
                   (!cJSON_IsString(queue) || strcmp(queue->valuestring, asked_queue) == 0)) {
            if (wb_queue_calls_read(&a->calls, reply) != 0)
                fprintf(stderr, "wallboard: out of memory reading a queue's calls\n");
            a->calls_pending = false;
            redraw = true;
        } else if (cJSON_IsString(cmd) && strcmp(cmd->valuestring, "ack") == 0) {
            on_ack_reply(a, reply);
            redraw = true;
        }
        cJSON_Delete(reply);
    }
    return redraw;
}

// An open agent drill-down shows the agent's day: asked of the collector when it opens, and
// again whenever the agent's state changes. Returns true when the screen must be redrawn.
static bool
follow_history(struct app *a)
{
    bool redraw = take_replies(a);
    if (a->ui.overlay != WB_OVERLAY_AGENT) {
        if (a->history.agent[0])
            wb_history_reset(&a->history, "");
        a->history_pending = false;
        return redraw;
    }
    double since = 0;
    for (size_t i = 0; i < a->view.nagents; i++) {
        if (strcmp(a->view.agents[i].id, a->ui.overlay_id) == 0)
            since = a->view.agents[i].since_s;
    }
    bool other = strcmp(a->history.agent, a->ui.overlay_id) != 0;
    if (!other && (a->history_pending || since == a->history_since_s))
        return redraw;
    if (other)
        wb_history_reset(&a->history, a->ui.overlay_id);
    a->history_since_s = since;
    if (a->feed)
        ask_history(a);
    else
        snprintf(a->history.error, sizeof(a->history.error), "%s",
                 wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
    return redraw || other;
}

#define CALLS_REFRESH_MS 5000 // the list is asked again this often while open (and on changes)

// An open queue drill-down lists the calls waiting: asked when it opens, when the queue's
// waiting count changes, and every few seconds (a call may be answered as another arrives).
static bool
follow_queue_calls(struct app *a)
{
    if (a->ui.overlay != WB_OVERLAY_QUEUE) {
        if (a->calls.queue[0])
            wb_queue_calls_reset(&a->calls, "");
        a->calls_pending = false;
        return false;
    }
    const struct core_view_queue *q = core_view_find_queue(&a->view, a->ui.overlay_id);
    uint64_t waiting = q ? q->waiting : 0;
    int64_t now = core_clock_mono_ms();
    bool other = strcmp(a->calls.queue, a->ui.overlay_id) != 0;
    if (!other && (a->calls_pending ||
                   (waiting == a->calls_for_waiting && now - a->calls_asked_ms < CALLS_REFRESH_MS)))
        return false;
    if (other)
        wb_queue_calls_reset(&a->calls, a->ui.overlay_id);
    a->calls_for_waiting = waiting;
    a->calls_asked_ms = now;
    if (a->feed == NULL) {
        snprintf(a->calls.error, sizeof(a->calls.error), "%s",
                 wb_str(a->layout->lang, WB_STR_NOT_CONNECTED));
        return other;
    }
    char buf[CORE_ID_MAX + CORE_SITE_MAX];
    cJSON *cmd = cJSON_CreateObject();
    cJSON_AddStringToObject(cmd, "cmd", "queue_calls");
    cJSON_AddStringToObject(cmd, "queue", collector_name(a, a->calls.queue, buf, sizeof(buf)));
    char *text = cJSON_PrintUnformatted(cmd);
    cJSON_Delete(cmd);
    a->calls_pending = text && wb_feed_command(a->feed, text) == 0;
    cJSON_free(text);
    return other;
}

// Map geometry for region maps, once: read, projected and cut into triangles here, so
// frames only choose colours. A missing file leaves that map saying "no data".
static void
load_maps(struct app *a)
{
    static const struct {
        const char *file, *code_key;
        size_t offset;
    } maps[] = {{"data/geo/cn-provinces.geojson", "iso_3166_2", offsetof(struct app, china)},
                {"data/geo/world.geojson", "iso_a2", offsetof(struct app, world)}};
    for (size_t i = 0; i < 2; i++) {
        char path[1024];
        data_path(a, maps[i].file, path, sizeof(path));
        struct core_err err;
        core_err_clear(&err);
        struct wb_geo *g = (struct wb_geo *)((char *)a + maps[i].offset);
        if (wb_geo_load(g, path, maps[i].code_key, &err) != 0)
            fprintf(stderr, "wallboard: map %s: %s\n", path, err.text);
    }
}

// The site token (to acknowledge alerts) and this screen's name for "acknowledged by".
static int
load_identity(struct app *a)
{
    if (a->opt.screen_name)
        snprintf(a->screen_name, sizeof(a->screen_name), "%s", a->opt.screen_name);
    else if (gethostname(a->screen_name, sizeof(a->screen_name) - 1) != 0)
        snprintf(a->screen_name, sizeof(a->screen_name), "wallboard");
    if (a->opt.token_file == NULL)
        return 0;
    struct core_err err;
    core_err_clear(&err);
    size_t len;
    char *text = core_file_read(a->opt.token_file, sizeof(a->token), &len, &err);
    if (text == NULL) {
        fprintf(stderr, "wallboard: command token: %s\n", err.text);
        return -1;
    }
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
        text[--len] = '\0';
    snprintf(a->token, sizeof(a->token), "%s", text);
    free(text);
    return 0;
}

// Waits up to timeout_ms for something to do: window events, a message from the collector,
// or only time passing (a snapshot file, headless).
static bool
wait_for_work(struct app *a, int timeout_ms)
{
    if (a->window)
        return handle_sdl_events(a, timeout_ms);
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
                                a->window ? wake_sdl : NULL, &err);
        if (a->feed == NULL) {
            fprintf(stderr, "wallboard: %s\n", err.text);
            return 1;
        }
    } else if (load_state_file(a) != 0) {
        return 1;
    }
    a->started_ms = core_clock_mono_ms();
    int64_t deadline =
        a->opt.run_for_s > 0 ? a->started_ms + (int64_t)(a->opt.run_for_s * 1000) : INT64_MAX;
    a->link = current_link(a);
    draw_frame(a);
    while (!quit_requested && core_clock_mono_ms() < deadline) {
        bool redraw = wait_for_work(a, sleep_ms(a, deadline));
        redraw |= a->feed && drain_feed(a);
        enum wb_link link = current_link(a);
        redraw |= link != a->link;
        a->link = link;
        redraw |= tick(a);
        if (a->ui.ack_key[0])
            send_ack(a);
        redraw |= follow_history(a);
        redraw |= follow_queue_calls(a);
        redraw |= follow_alerts(a);
        redraw |= watch_layout(a);
        redraw |= (int64_t)floor(wall_s()) != a->last_drawn_s;
        if (redraw)
            draw_frame(a);
    }
    if (a->opt.screenshot && a->surface)
        save_png(a);
    wb_feed_stop(a->feed);
    a->feed = NULL;
    return 0;
}

static int
run(struct app *a)
{
    if (load_layout(a) != 0)
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
    if (load_identity(a) != 0)
        return 1;
    char regions[1024];
    data_path(a, "data/regions/region-names.csv", regions, sizeof(regions));
    struct core_err err;
    core_err_clear(&err);
    if (wb_regions_load(&a->regions, regions, &err) != 0)
        fprintf(stderr, "wallboard: %s (regions shown by code)\n", err.text);
    load_maps(a);
    if (TTF_Init() != 0) {
        fprintf(stderr, "wallboard: cannot start SDL_ttf: %s\n", TTF_GetError());
        return 1;
    }
    if ((a->opt.headless ? open_headless(a) : open_window(a)) != 0 || open_text(a) != 0)
        return 1;
    wb_drawlist_init(&a->dl);
    wb_drawlist_init(&a->prev);
    int w, h;
    screen_size(a, &w, &h);
    wb_gestures_init(&a->gestures, w, h);
    if (a->opt.headless && (a->opt.state || a->opt.screenshot) && a->opt.run_for_s <= 0) {
        // One frame: from the snapshot file, or as the board looks before any data.
        if (a->opt.state && load_state_file(a) != 0)
            return 1;
        a->link = a->opt.state ? WB_LINK_LIVE : WB_LINK_CONNECTING;
        draw_frame(a);
        return a->opt.screenshot && save_png(a) != 0 ? 1 : 0;
    }
    return run_loop(a);
}

// The queue and team names a good layout uses, against the collector's state: from --state
// FILE, else from the collector at --collector-rep if it answers within a second.
static void
check_names(const struct app *a, const char *path, struct wb_layout_report *r)
{
    struct core_err err;
    core_err_clear(&err);
    cJSON *state = NULL;
    const char *from = a->opt.state;
    if (from) {
        size_t len;
        char *buf = core_file_read(from, STATE_FILE_MAX, &len, &err);
        state = buf ? cJSON_ParseWithLength(buf, len) : NULL;
        free(buf);
    } else {
        from = a->opt.rep_url;
        state = wb_feed_fetch_snapshot(from, &a->opt.net, 1000, &err);
    }
    struct core_view v;
    struct wb_layout *l = NULL;
    if (state == NULL || core_view_from_json(state, &v, &err) != 0) {
        fprintf(stderr,
                "%s: queue and team names not checked: %s (give --state FILE or "
                "--collector-rep URL)\n",
                path, err.text[0] ? err.text : "the state is not JSON");
    } else {
        if (wb_layout_load(path, &l, &err) == 0) {
            const char *scope[WB_MAX_SCOPE];
            for (size_t i = 0; i < l->nscope; i++)
                scope[i] = l->scope[i];
            core_view_scope(&v, scope, l->nscope);
            wb_layout_check_names(l, &v, r);
        }
        printf("%s: queue and team names checked against %s\n", path, from);
        core_view_fini(&v);
    }
    wb_layout_free(l);
    cJSON_Delete(state);
}

// --check-layout: every problem on stderr, warnings too; exit 0 only when the file is usable.
static int
check_layout(const struct app *a, const char *path)
{
    struct wb_layout_report *r = malloc(sizeof(*r));
    if (r == NULL)
        return 2;
    int rc = wb_layout_check(path, r);
    if (rc == 0)
        check_names(a, path, r);
    for (size_t i = 0; i < r->count && i < WB_LAYOUT_REPORT_MAX; i++)
        fprintf(stderr, "%s\n", r->msg[i]);
    for (size_t i = 0; i < r->nwarnings && i < WB_LAYOUT_REPORT_MAX; i++)
        fprintf(stderr, "%s\n", r->warning[i]);
    if (rc == 0)
        printf("%s: layout is good (%zu warning%s)\n", path, r->nwarnings,
               r->nwarnings == 1 ? "" : "s");
    else
        fprintf(stderr, "%s: %zu problem%s; the wallboard would not show this layout\n", path,
                r->count, r->count == 1 ? "" : "s");
    free(r);
    return rc == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
    struct app a;
    memset(&a, 0, sizeof(a));
    int rc = wb_options_parse(&a.opt, argc, argv);
    if (rc == 0 && a.opt.check_layout)
        return check_layout(&a, a.opt.check_layout);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    rc = run(&a);
    wb_drawlist_fini(&a.dl);
    wb_drawlist_fini(&a.prev);
    wb_text_fini(&a.text);
    cJSON_Delete(a.tree);
    core_view_fini(&a.view);
    wb_regions_fini(&a.regions);
    wb_geo_fini(&a.china);
    wb_geo_fini(&a.world);
    wb_touch_script_free(a.script);
    wb_history_reset(&a.history, "");
    wb_queue_calls_reset(&a.calls, "");
    wb_layout_free(a.layout);
    if (a.renderer)
        SDL_DestroyRenderer(a.renderer);
    if (a.surface)
        SDL_FreeSurface(a.surface);
    if (a.window)
        SDL_DestroyWindow(a.window);
    TTF_Quit();
    SDL_Quit();
    return rc;
}
