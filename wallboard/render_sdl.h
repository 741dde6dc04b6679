// SPDX-License-Identifier: MIT
// The only place that draws: plays a draw list back on an SDL renderer.
#ifndef WB_RENDER_SDL_H
#define WB_RENDER_SDL_H

#include "wallboard/draw.h"
#include "wallboard/text_sdl.h"

#include <SDL2/SDL.h>

// wb_render_sdl draws every command of dl on r, text through t's cache.
void wb_render_sdl(SDL_Renderer *r, struct wb_text *t, const struct wb_drawlist *dl);

#endif
