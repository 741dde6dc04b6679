// SPDX-License-Identifier: MIT
// One-byte text into a 32-bit surface.
#include "wallboard/sdl/text_blit.h"

#include <stdbool.h>
#include <string.h>

// The part of dst inside the target and clip, and src moved alike. false: nothing to draw.
static bool
clipped(const SDL_Surface *to, SDL_Rect *src, SDL_Rect *dst, const SDL_Rect *clip)
{
    SDL_Rect bounds = {0, 0, to->w, to->h}, area;
    if (clip && !SDL_IntersectRect(&bounds, clip, &bounds))
        return false;
    if (!SDL_IntersectRect(dst, &bounds, &area))
        return false;
    src->x += area.x - dst->x;
    src->y += area.y - dst->y;
    *dst = area;
    return true;
}

// (x * a + y * (255 - a)) / 255, rounded, without a division.
static inline uint32_t
mix(uint32_t x, uint32_t y, uint32_t a)
{
    uint32_t v = x * a + y * (255 - a) + 128;
    return (v + (v >> 8)) >> 8;
}

// mix() on two 8-bit lanes at once (bits 0-7 and 16-23).
static inline uint32_t
mix2(uint32_t x, uint32_t y, uint32_t a)
{
    uint32_t v = x * a + y * (255 - a) + 0x00800080u;
    return ((v + ((v >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
}

void
wb_text_blit_coverage(SDL_Surface *to, const struct wb_text_pixels *coverage, SDL_Rect src,
                      SDL_Rect dst, const SDL_Rect *clip, SDL_Color colour)
{
    if (!clipped(to, &src, &dst, clip))
        return;
    const SDL_PixelFormat *f = to->format;
    uint32_t solid = SDL_MapRGBA(f, colour.r, colour.g, colour.b, 255);
    // In locals: the writes through out could alias the format's fields, and would reload them.
    const uint32_t rs = f->Rshift, gs = f->Gshift, bs = f->Bshift, as = f->Ashift, am = f->Amask;
    const uint32_t cr = colour.r, cg = colour.g, cb = colour.b;
    // The usual 32-bit layouts (ARGB8888, XRGB8888: a window's, the headless surface's).
    const bool argb = rs == 16 && gs == 8 && bs == 0 && (am == 0 || as == 24);
    const uint32_t keep_a = am ? 0xff00ff00u : 0x0000ff00u;
    for (int row = 0; row < dst.h; row++) {
        const uint8_t *in = coverage->bytes + (size_t)(src.y + row) * (size_t)coverage->w + src.x;
        uint32_t *out =
            (uint32_t *)((uint8_t *)to->pixels + (size_t)(dst.y + row) * to->pitch) + dst.x;
        for (int x = 0; x < dst.w; x++) {
            uint32_t a = in[x];
            if (a == 0) {
                // Most of a text's box is empty: skip it four bytes at a time.
                uint32_t four;
                while (x + 4 < dst.w && (memcpy(&four, in + x + 1, 4), four == 0))
                    x += 4;
                continue;
            }
            if (a == 255) {
                out[x] = solid;
                continue;
            }
            uint32_t d = out[x];
            if (argb) { // red with blue, alpha with green: two channels a multiply
                uint32_t ag = mix2(0x00ff0000u | cg, (d >> 8) & 0x00ff00ffu, a) << 8;
                out[x] = mix2(cr << 16 | cb, d & 0x00ff00ffu, a) | (ag & keep_a);
                continue;
            }
            uint32_t px = mix(cr, (d >> rs) & 255, a) << rs | mix(cg, (d >> gs) & 255, a) << gs |
                          mix(cb, (d >> bs) & 255, a) << bs;
            if (am) // as SDL blends: the coverage over what the target had
                px |= (a + mix(0, (d >> as) & 255, a)) << as;
            out[x] = px;
        }
    }
}

void
wb_text_blit_indexed(SDL_Surface *to, const struct wb_text_pixels *index, const uint32_t *lut,
                     SDL_Rect src, SDL_Rect dst, const SDL_Rect *clip)
{
    if (!clipped(to, &src, &dst, clip))
        return;
    for (int row = 0; row < dst.h; row++) {
        const uint8_t *in = index->bytes + (size_t)(src.y + row) * (size_t)index->w + src.x;
        uint32_t *out =
            (uint32_t *)((uint8_t *)to->pixels + (size_t)(dst.y + row) * to->pitch) + dst.x;
        for (int x = 0; x < dst.w; x++)
            out[x] = lut[in[x]];
    }
}
