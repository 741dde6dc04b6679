// SPDX-License-Identifier: MIT
// SDL input events to pointer events (sdl/input.h).
#include "wallboard/sdl/input.h"

bool
wb_input_pointer(const SDL_Event *e, int w, int h, int64_t t_ms, struct wb_pointer *p)
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

bool
wb_input_two_finger_tap(const SDL_Event *e, struct wb_gesture *g)
{
    if (e->type != SDL_MOUSEBUTTONUP || e->button.button != SDL_BUTTON_RIGHT ||
        e->button.which == SDL_TOUCH_MOUSEID)
        return false;
    *g = (struct wb_gesture){WB_GESTURE_TWO_FINGER_TAP, e->button.x, e->button.y};
    return true;
}

bool
wb_input_is_mouse(const SDL_Event *e)
{
    return (e->type == SDL_MOUSEMOTION && e->motion.which != SDL_TOUCH_MOUSEID) ||
           ((e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP) &&
            e->button.which != SDL_TOUCH_MOUSEID);
}
