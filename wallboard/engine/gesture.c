// SPDX-License-Identifier: MIT
// Gesture recognition. A finger that stays within a small slop is a tap or, held, a long
// press; a quick, mostly horizontal stroke is a swipe; two fingers down and up together
// without moving are a two-finger tap. Anything else (a palm, three fingers, a slow drag)
// is nothing, so a passer-by leaning on the screen does not change it.
#include "wallboard/engine/gesture.h"

#include <math.h>
#include <string.h>

// Slop: how far a tap may wander (a fingertip rolls); a swipe must cross an eighth of the
// screen's width and be mostly sideways.
#define SLOP_OF_HEIGHT 0.03
#define SWIPE_OF_WIDTH 0.125
#define TWO_FINGER_MS  WB_LONG_PRESS_MS

void
wb_gestures_init(struct wb_gestures *g, int w, int h)
{
    memset(g, 0, sizeof(*g));
    wb_gestures_resize(g, w, h);
}

void
wb_gestures_resize(struct wb_gestures *g, int w, int h)
{
    g->screen_w = w > 0 ? w : 1;
    g->screen_h = h > 0 ? h : 1;
}

static int
slot_of(const struct wb_gestures *g, int64_t finger)
{
    for (int i = 0; i < WB_GESTURE_FINGERS; i++) {
        if (g->f[i].down && g->f[i].finger == finger)
            return i;
    }
    return -1;
}

static bool
wandered(const struct wb_gestures *g, int i)
{
    double slop = SLOP_OF_HEIGHT * g->screen_h;
    return hypot(g->f[i].x - g->f[i].x0, g->f[i].y - g->f[i].y0) > slop;
}

static void
on_down(struct wb_gestures *g, const struct wb_pointer *p)
{
    if (g->ndown == 0) {
        memset(g->f, 0, sizeof(g->f));
        g->nseen = 0;
        g->spoiled = false;
        g->long_fired = false;
        g->t0_ms = p->t_ms;
    }
    // Each finger of a gesture has its own slot, in the order they went down.
    int free_slot = g->nseen < WB_GESTURE_FINGERS ? g->nseen : -1;
    g->nseen++;
    if (free_slot < 0 || g->long_fired) {
        g->spoiled = true; // a third finger, or a finger after a long press
        return;
    }
    g->f[free_slot].down = true;
    g->f[free_slot].finger = p->finger;
    g->f[free_slot].x0 = g->f[free_slot].x = p->x;
    g->f[free_slot].y0 = g->f[free_slot].y = p->y;
    g->ndown++;
}

static bool
classify(const struct wb_gestures *g, int64_t t_ms, struct wb_gesture *out)
{
    out->x = g->f[0].x0;
    out->y = g->f[0].y0;
    out->type = WB_GESTURE_NONE;
    int64_t held = t_ms - g->t0_ms;
    if (g->long_fired || g->nseen > WB_GESTURE_FINGERS)
        return false;
    if (g->nseen == 2) {
        if (!g->spoiled && !wandered(g, 0) && !wandered(g, 1) && held < TWO_FINGER_MS)
            out->type = WB_GESTURE_TWO_FINGER_TAP;
        return out->type != WB_GESTURE_NONE;
    }
    double dx = g->f[0].x - g->f[0].x0, dy = g->f[0].y - g->f[0].y0;
    if (!wandered(g, 0)) {
        if (held < WB_LONG_PRESS_MS)
            out->type = WB_GESTURE_TAP;
    } else if (fabs(dx) >= SWIPE_OF_WIDTH * g->screen_w && fabs(dx) > 2 * fabs(dy) &&
               held <= WB_SWIPE_MAX_MS) {
        out->type = dx < 0 ? WB_GESTURE_SWIPE_LEFT : WB_GESTURE_SWIPE_RIGHT;
    }
    return out->type != WB_GESTURE_NONE;
}

bool
wb_gestures_feed(struct wb_gestures *g, const struct wb_pointer *p, struct wb_gesture *out)
{
    g->last_ms = p->t_ms;
    if (p->phase == WB_POINTER_DOWN) {
        on_down(g, p);
        return false;
    }
    int i = slot_of(g, p->finger);
    if (i < 0)
        return false; // a finger we are not following (the third, or one down before we started)
    g->f[i].x = p->x;
    g->f[i].y = p->y;
    if (p->phase == WB_POINTER_MOVE)
        return false;
    g->f[i].down = false;
    g->ndown--;
    if (g->ndown > 0)
        return false; // the gesture ends when the last finger lifts
    return classify(g, p->t_ms, out);
}

bool
wb_gestures_tick(struct wb_gestures *g, int64_t now_ms, struct wb_gesture *out)
{
    if (g->ndown != 1 || g->nseen != 1 || g->long_fired || now_ms - g->t0_ms < WB_LONG_PRESS_MS)
        return false;
    if (g->spoiled || wandered(g, 0))
        return false;
    g->long_fired = true;
    out->type = WB_GESTURE_LONG_PRESS;
    out->x = g->f[0].x0;
    out->y = g->f[0].y0;
    return true;
}

int64_t
wb_gestures_deadline(const struct wb_gestures *g)
{
    if (g->ndown != 1 || g->nseen != 1 || g->long_fired || g->spoiled)
        return INT64_MAX;
    return g->t0_ms + WB_LONG_PRESS_MS;
}
