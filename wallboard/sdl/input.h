// SPDX-License-Identifier: MIT
// SDL's finger and mouse events as the gesture recogniser's pointer events.
#ifndef WB_INPUT_H
#define WB_INPUT_H

#include "wallboard/engine/gesture.h"

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stdint.h>

// wb_input_pointer turns e into a pointer event at t_ms on a screen of w x h pixels. Mouse
// events SDL makes up from touches are skipped (the finger events carry them), and so is every
// button but the left. Returns false when e is no pointer event.
bool wb_input_pointer(const SDL_Event *e, int w, int h, int64_t t_ms, struct wb_pointer *p);

// wb_input_two_finger_tap tells whether e stands for a two-finger tap: a real mouse's right
// button released; fills *g then.
bool wb_input_two_finger_tap(const SDL_Event *e, struct wb_gesture *g);

// wb_input_is_mouse tells whether e comes from a real mouse (not one SDL makes up from touch).
bool wb_input_is_mouse(const SDL_Event *e);

#endif
