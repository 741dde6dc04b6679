// SPDX-License-Identifier: MIT
// Gestures from raw pointer events: tap, long press, swipe left/right, two-finger tap. No SDL
// here: sdl/input.c turns SDL finger and mouse events into wb_pointer events, and the tests feed
// them directly. A mouse is one finger; its right button is the two-finger tap.
#ifndef WB_GESTURE_H
#define WB_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

enum wb_pointer_phase { WB_POINTER_DOWN, WB_POINTER_MOVE, WB_POINTER_UP };

struct wb_pointer {
    enum wb_pointer_phase phase;
    int64_t finger; // which finger (the mouse is one finger of its own)
    double x, y;    // pixels
    int64_t t_ms;   // a monotonic clock
};

enum wb_gesture_type {
    WB_GESTURE_NONE,
    WB_GESTURE_TAP,
    WB_GESTURE_LONG_PRESS,
    WB_GESTURE_SWIPE_LEFT, // the finger moved left: the next page
    WB_GESTURE_SWIPE_RIGHT,
    WB_GESTURE_TWO_FINGER_TAP
};

struct wb_gesture {
    enum wb_gesture_type type;
    double x, y; // where the finger went down
};

#define WB_LONG_PRESS_MS 700 // held this long without moving: a long press
#define WB_SWIPE_MAX_MS  1000

#define WB_GESTURE_FINGERS 2

// The recogniser's state for one screen. Sizes are fractions of the screen, so a gesture
// feels the same at 1080p and 4K.
struct wb_gestures {
    int screen_w, screen_h;
    struct {
        bool down;
        int64_t finger;
        double x0, y0, x, y;
    } f[WB_GESTURE_FINGERS];
    int ndown;       // fingers down now
    int nseen;       // fingers that went down in this gesture
    bool spoiled;    // moved too far, too many fingers: no tap, no long press
    bool long_fired; // the long press was reported while the finger is still down
    int64_t t0_ms;   // when the first finger went down
    int64_t last_ms; // the latest event
};

// wb_gestures_init starts a recogniser for a screen of w x h pixels.
void wb_gestures_init(struct wb_gestures *g, int w, int h);

// wb_gestures_resize keeps the recogniser working after the screen changed size.
void wb_gestures_resize(struct wb_gestures *g, int w, int h);

// wb_gestures_feed takes one pointer event. Returns true and fills *out when a gesture ends
// with it (a tap, a swipe, a two-finger tap).
bool wb_gestures_feed(struct wb_gestures *g, const struct wb_pointer *p, struct wb_gesture *out);

// wb_gestures_tick reports a long press once the finger has been held still long enough
// (while it is still down, so the screen answers at once). Returns true and fills *out then.
bool wb_gestures_tick(struct wb_gestures *g, int64_t now_ms, struct wb_gesture *out);

// wb_gestures_deadline returns when wb_gestures_tick may next report (INT64_MAX: nothing
// pending), so the event loop knows how long it may sleep.
int64_t wb_gestures_deadline(const struct wb_gestures *g);

#endif
