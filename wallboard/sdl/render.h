// SPDX-License-Identifier: MIT
// The only place that draws: plays a draw list back on an SDL renderer.
#ifndef WB_RENDER_SDL_H
#define WB_RENDER_SDL_H

#include "wallboard/engine/draw.h"
#include "wallboard/sdl/text.h"

#include <SDL2/SDL.h>

// wb_render_sdl draws dl on r, text through t's cache, inside the damaged rectangles only (the
// pixels outside are assumed to hold the previous frame already). Pass one rectangle covering
// the screen to draw everything. target (may be NULL) is r's 32-bit target surface when r is
// a software renderer: fills then go straight into it, about three times faster than SDL's own
// fill here (t must have been given the same target for its texts).
void wb_render_sdl(SDL_Renderer *r, struct wb_text *t, const struct wb_drawlist *dl,
                   const struct wb_rect *damage, size_t ndamage, SDL_Surface *target);

#endif
