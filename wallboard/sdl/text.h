// SPDX-License-Identifier: MIT
// Fonts and rendered text for SDL: one TTF_Font per size and weight, text measured with the
// real font, and every rendered string kept as a texture until it stops being drawn.
#ifndef WB_TEXT_SDL_H
#define WB_TEXT_SDL_H

#include "core/err.h"
#include "core/map.h"
#include "wallboard/engine/color.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdbool.h>

struct wb_text {
    char font_path[2][512];    // [0] regular, [1] bold
    struct core_map fonts;     // "0" regular, "1" bold -> TTF_Font *
    int font_px[2];            // the size each is set to now
    struct core_map widths;    // "px|bold|text" -> int * (measure cache)
    struct core_map textures;  // "px|bold|rgba|text" -> struct wb_text_tex *
    SDL_Renderer *renderer;    // borrowed
    SDL_Surface *target;       // borrowed; when set, text is copied straight into it (software)
    uint64_t frame;            // frames drawn, for evicting unused textures
    uint64_t rendered, reused; // counters: textures made, and drawn again from the cache
    bool font_error_said;
};

// wb_text_init checks both font files open and sets up the caches. With target (r's 32-bit
// surface, software rendering) texts are kept at a byte a pixel and drawn straight into it
// (text_blit.h), which costs far less than SDL 2.26's renderer copy; otherwise they are
// textures of r. Returns 0, or CORE_E_IO with err naming the font file.
int wb_text_init(struct wb_text *t, const char *regular, const char *bold, SDL_Renderer *r,
                 SDL_Surface *target, struct core_err *err);

// wb_text_set_renderer moves the cache to another renderer and target (texts are made again).
void wb_text_set_renderer(struct wb_text *t, SDL_Renderer *r, SDL_Surface *target);

// wb_text_fini frees fonts and textures.
void wb_text_fini(struct wb_text *t);

// wb_text_measure is a wb_measure_fn (ctx is the struct wb_text).
int wb_text_measure(void *ctx, const char *text, int px, bool bold);

// wb_text_draw draws text at px with its box (x, y, w, h) and alignment, from the cache when it
// was drawn before. With bg (not NULL) the text is rendered opaque on that colour, which costs
// far less to draw than blending; the box must then lie on a plain rectangle of that colour.
// Nothing is drawn outside clip.
void wb_text_draw(struct wb_text *t, const char *text, int px, bool bold, struct wb_color c,
                  const struct wb_color *bg, const SDL_Rect *box, int align, const SDL_Rect *clip);

// wb_text_end_frame evicts textures not drawn for a while (call once per frame).
void wb_text_end_frame(struct wb_text *t);

#endif
