// SPDX-License-Identifier: MIT
// The screen's life, shared by the files of app/: what one wallboard process holds (its layout,
// the state as published, the view, the window, touch, the drill-downs' answers) and the steps
// of its loop. main.c parses the options and runs it.
#ifndef WB_APP_H
#define WB_APP_H

#include "core/view.h"
#include "core/view_roster.h"
#include "wallboard/app/options.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/draw.h"
#include "wallboard/engine/geo.h"
#include "wallboard/engine/gesture.h"
#include "wallboard/engine/history.h"
#include "wallboard/engine/hit.h"
#include "wallboard/engine/regions.h"
#include "wallboard/engine/ui.h"
#include "wallboard/engine/widget.h"
#include "wallboard/feed/feed.h"
#include "wallboard/layout/layout.h"
#include "wallboard/sdl/text.h"
#include "wallboard/sdl/touch_script.h"
#include "wallboard/sdl/window.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define STATE_FILE_MAX ((size_t)256 << 20) // a snapshot of a large site is a few MB
#define CURSOR_HIDE_MS 3000                // the cursor hides when the mouse rests this long

// A file's modification time and size: a change means it was edited.
struct file_sig {
    struct timespec mtime;
    off_t size;
    bool exists;
};

struct app {
    struct wb_options opt;
    struct wb_layout *layout;
    struct wb_regions regions;
    struct wb_window win; // the window, or the headless surface, and its renderer
    struct wb_text text;
    struct wb_drawlist dl, prev; // this frame, and the one on screen
    bool full_redraw;            // the next frame redraws everything (resize, expose)
    struct wb_feed *feed;
    cJSON *tree; // the state as last published, deltas merged in, but for the agents:
    struct core_view_roster roster; // ... which are kept here, changed one at a time
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
    bool layout_fallback;   // the layout file never loaded: the default layout is shown
};

// wb_app_quit is set by a signal, the window's close or Ctrl+Q: the loop ends (app/run.c).
extern volatile sig_atomic_t wb_app_quit;

// wb_app_run loads what the screen needs, opens it and runs until told to stop (or --run-for);
// headless with --state or --screenshot and no --run-for, draws one frame. Returns the exit code.
int wb_app_run(struct app *a);

// wb_app_fini frees everything a holds.
void wb_app_fini(struct app *a);

// wb_app_check_layout is --check-layout: every problem on stderr, warnings too; returns 0 only
// when the file is usable (app/check.c).
int wb_app_check_layout(const struct app *a, const char *path);

// Resources (app/resources.c). wb_app_data_path resolves rel against the data directory
// (absolute paths kept); wb_app_load_layout loads --layout (or the default), falling back to the
// default layout; wb_app_open_text opens the theme's fonts, else the shipped ones;
// wb_app_watch_layout reloads an edited layout (true: redraw); wb_app_load_maps reads the map
// geometry; wb_app_load_identity reads the site token and the screen's name.
void wb_app_data_path(const struct app *a, const char *rel, char *out, size_t size);
int wb_app_load_layout(struct app *a);
int wb_app_open_text(struct app *a);
bool wb_app_watch_layout(struct app *a);
void wb_app_load_maps(struct app *a);
int wb_app_load_identity(struct app *a);

// Frames (app/frame.c). wb_app_drain_feed folds the collector's messages into the state (true
// when any arrived); wb_app_link says whether the data is live, coming or stale;
// wb_app_load_state_file reads --state; wb_app_draw draws and presents a frame; wb_app_wall_s is
// this machine's clock in seconds.
bool wb_app_drain_feed(struct app *a);
enum wb_link wb_app_link(const struct app *a);
int wb_app_load_state_file(struct app *a);
void wb_app_draw(struct app *a);
double wb_app_wall_s(void);

// Touch and time (app/interaction.c). wb_app_handle_events waits up to timeout_ms for SDL's
// events and handles them; wb_app_tick does time's share (scripted touches, long presses, page
// turns, the cursor); wb_app_sleep_ms says how long the loop may sleep before deadline. The two
// first return true when the screen must be drawn again.
bool wb_app_handle_events(struct app *a, int timeout_ms);
bool wb_app_tick(struct app *a);
int wb_app_sleep_ms(const struct app *a, int64_t deadline);

// The collector's commands (app/requests.c): an acknowledgement asked for by a long press; the
// open drill-down's agent day and queue calls; new alerts turning the page. True: redraw.
void wb_app_send_ack(struct app *a);
bool wb_app_follow_history(struct app *a);
bool wb_app_follow_queue_calls(struct app *a);
bool wb_app_follow_alerts(struct app *a);

#endif
