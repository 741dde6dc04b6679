// SPDX-License-Identifier: MIT
// Draw-list playback with SDL_Renderer.
#include "wallboard/sdl/render.h"

#include "wallboard/engine/geo.h"
#include "wallboard/sdl/shape_fill.h"

#include <stdlib.h>
#include <wchar.h>

static bool
overlaps(const struct wb_rect *a, const struct wb_rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

// Fills r ∩ clip of a 32-bit surface with c, with cached stores: SDL 2.26's fill streams past
// the cache, which is slower for screen-sized fills here.
static void
fill_direct(SDL_Surface *s, struct wb_rect r, const struct wb_rect *clip, struct wb_color c)
{
    int x0 = r.x > clip->x ? r.x : clip->x, y0 = r.y > clip->y ? r.y : clip->y;
    int x1 = r.x + r.w < clip->x + clip->w ? r.x + r.w : clip->x + clip->w;
    int y1 = r.y + r.h < clip->y + clip->h ? r.y + r.h : clip->y + clip->h;
    x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > s->w ? s->w : x1, y1 = y1 > s->h ? s->h : y1;
    if (x0 >= x1 || y0 >= y1)
        return;
    Uint32 pixel = SDL_MapRGBA(s->format, c.r, c.g, c.b, c.a);
    // wchar_t is 32 bits on Linux, and glibc's wmemset is vectorised: a 32-bit fill.
    _Static_assert(sizeof(wchar_t) == sizeof(Uint32), "wmemset fills 32-bit pixels");
    for (int y = y0; y < y1; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch) + x0;
        wmemset((wchar_t *)row, (wchar_t)pixel, (size_t)(x1 - x0));
    }
}

// A map region where the target cannot be written directly: its triangles scaled into the map's box
// with SDL's geometry rendering, then its outline, so neighbours of one colour stay apart.
static void
draw_shape(SDL_Renderer *r, const struct wb_cmd *c)
{
    static SDL_Vertex *v;
    static size_t cap;
    const struct wb_geo_region *g = c->shape;
    size_t n = 3 * g->ntri;
    if (n > cap) {
        SDL_Vertex *more = realloc(v, n * sizeof(*v));
        if (more == NULL)
            return;
        v = more;
        cap = n;
    }
    float fx = (float)c->frame.x, fy = (float)c->frame.y;
    float fw = (float)c->frame.w, fh = (float)c->frame.h;
    SDL_Color col = {c->color.r, c->color.g, c->color.b, c->color.a};
    for (size_t i = 0; i < n; i++)
        v[i] = (SDL_Vertex){{fx + g->tri[2 * i] * fw, fy + g->tri[2 * i + 1] * fh}, col, {0, 0}};
    SDL_RenderGeometry(r, NULL, v, (int)n, NULL, 0);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r, c->bg.r, c->bg.g, c->bg.b, 255);
    for (size_t i = 0; i < g->nlines; i++) {
        const float *s = &g->lines[4 * i];
        SDL_RenderDrawLineF(r, fx + s[0] * fw, fy + s[1] * fh, fx + s[2] * fw, fy + s[3] * fh);
    }
}

static void
play(SDL_Renderer *r, struct wb_text *t, const struct wb_drawlist *dl, const struct wb_rect *clip,
     SDL_Surface *target)
{
    for (size_t i = 0; i < dl->len; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        if (!overlaps(&c->rect, clip))
            continue;
        SDL_Rect rect = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
        if (c->type == WB_CMD_RECT && target && c->color.a == 255) {
            SDL_RenderFlush(r); // draw the queued texts first: order matters
            fill_direct(target, c->rect, clip, c->color);
        } else if (c->type == WB_CMD_SHAPE && target && c->color.a == 255) {
            SDL_RenderFlush(r);
            wb_shape_fill(target, c->shape, c->frame, clip, c->color, c->bg);
        } else if (c->type == WB_CMD_SHAPE) {
            draw_shape(r, c);
        } else if (c->type == WB_CMD_RECT) {
            // Opaque fills skip blending: far cheaper for the software renderer.
            SDL_SetRenderDrawBlendMode(r, c->color.a == 255 ? SDL_BLENDMODE_NONE
                                                            : SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r, c->color.r, c->color.g, c->color.b, c->color.a);
            SDL_RenderFillRect(r, &rect);
        } else {
            SDL_Rect sdl_clip = {clip->x, clip->y, clip->w, clip->h};
            wb_text_draw(t, wb_drawlist_text(dl, i), c->px, c->bold, c->color,
                         c->on_solid ? &c->bg : NULL, &rect, (int)c->align, &sdl_clip);
        }
    }
}

void
wb_render_sdl(SDL_Renderer *r, struct wb_text *t, const struct wb_drawlist *dl,
              const struct wb_rect *damage, size_t ndamage, SDL_Surface *target)
{
    if (target && (target->format->BytesPerPixel != 4 || SDL_MUSTLOCK(target)))
        target = NULL; // not a surface we can write into directly: let SDL fill
    // Every pixel is covered by some opaque rectangle (the background fills the gaps), so a
    // clipped pass repaints its area completely, and overlapping passes do no harm.
    for (size_t i = 0; i < ndamage; i++) {
        SDL_Rect clip = {damage[i].x, damage[i].y, damage[i].w, damage[i].h};
        SDL_RenderSetClipRect(r, &clip);
        play(r, t, dl, &damage[i], target);
    }
    SDL_RenderFlush(r);
    SDL_RenderSetClipRect(r, NULL);
    wb_text_end_frame(t);
}
