// SPDX-License-Identifier: MIT
// Text kept at one byte a pixel and drawn straight into a 32-bit software surface: blended text
// as its coverage (alpha) in one colour, shaded text as palette indices. A 4K board's texts in
// 32-bit surfaces were ~10 MB of the wallboard's memory; a quarter of that now (issue 16).
#ifndef WB_TEXT_BLIT_H
#define WB_TEXT_BLIT_H

#include <SDL2/SDL.h>
#include <stdint.h>

// A text's pixels: w x h bytes, row after row.
struct wb_text_pixels {
    uint8_t *bytes;
    int w, h;
};

// wb_text_blit_coverage blends colour (its r, g, b; its alpha is in the coverage already),
// scaled by coverage[...] / 255, over the target's pixels: src of the text at dst, within clip
// (NULL: the whole target).
void wb_text_blit_coverage(SDL_Surface *to, const struct wb_text_pixels *coverage, SDL_Rect src,
                           SDL_Rect dst, const SDL_Rect *clip, SDL_Color colour);

// wb_text_blit_indexed copies src of the text at dst, each byte through lut (the palette in
// the target's own format), within clip.
void wb_text_blit_indexed(SDL_Surface *to, const struct wb_text_pixels *index, const uint32_t *lut,
                          SDL_Rect src, SDL_Rect dst, const SDL_Rect *clip);

#endif
