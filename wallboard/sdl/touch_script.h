// SPDX-License-Identifier: MIT
// Scripted touch for headless runs and tests: a JSON-lines file of finger and mouse events
// at given times, turned into the SDL events a touch screen would send, so the same code
// path handles them. One line per event:
//   {"at_ms": 1200, "type": "finger_down", "finger": 1, "x": 0.42, "y": 0.61}
// type: finger_down, finger_motion, finger_up, mouse_down, mouse_motion, mouse_up (with
// "button": "left" (default) or "right"); x and y are fractions of the screen.
#ifndef WB_TOUCH_SCRIPT_H
#define WB_TOUCH_SCRIPT_H

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stdint.h>

struct wb_touch_script;

// wb_touch_script_load reads path. On failure returns NULL and writes why (file:line) in msg.
struct wb_touch_script *wb_touch_script_load(const char *path, char *msg, size_t size);

// wb_touch_script_free frees s; NULL is a no-op.
void wb_touch_script_free(struct wb_touch_script *s);

// wb_touch_script_due_ms returns the time (ms from the start) of the next event, or
// INT64_MAX when none is left.
int64_t wb_touch_script_due_ms(const struct wb_touch_script *s);

// wb_touch_script_next fills *e with the next event if it is due at elapsed_ms, for a screen
// of w x h pixels; e->common.timestamp is the event's own time (ms from the start). Returns
// false when nothing is due.
bool wb_touch_script_next(struct wb_touch_script *s, int64_t elapsed_ms, int w, int h,
                          SDL_Event *e);

#endif
