// SPDX-License-Identifier: MIT
// SDL_ttf fonts and the text texture cache ("render each text once per change and reuse it").
#include "wallboard/sdl/text.h"

#include "wallboard/engine/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEASURE_CACHE_MAX   20000
#define TEXTURE_IDLE_FRAMES 30 // a texture not drawn for this many frames is freed

struct wb_text_tex {
    SDL_Texture *tex;  // rendering through the renderer
    SDL_Surface *surf; // or copying straight into the target surface
    bool opaque;
    int w, h;
    uint64_t last_frame;
};

// One face per weight, switched between sizes: every FreeType face of a CJK font holds
// megabytes of tables, and a board uses a dozen sizes. Measures are cached above it, so the
// glyph cache flush that a size change costs is rarely paid.
static TTF_Font *
font_for(struct wb_text *t, int px, bool bold)
{
    char key[8];
    snprintf(key, sizeof(key), "%d", bold);
    TTF_Font *f = core_map_get(&t->fonts, key);
    if (f == NULL) {
        f = TTF_OpenFont(t->font_path[bold], px);
        if (f == NULL) {
            if (!t->font_error_said)
                fprintf(stderr, "wallboard: cannot open font %s: %s\n", t->font_path[bold],
                        TTF_GetError());
            t->font_error_said = true;
            return NULL;
        }
        if (core_map_put(&t->fonts, key, f) != 0) {
            TTF_CloseFont(f);
            return NULL;
        }
        t->font_px[bold] = px;
    }
    if (t->font_px[bold] != px && TTF_SetFontSize(f, px) == 0)
        t->font_px[bold] = px;
    return f;
}

int
wb_text_init(struct wb_text *t, const char *regular, const char *bold, SDL_Renderer *r,
             SDL_Surface *target, struct core_err *err)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->font_path[0], sizeof(t->font_path[0]), "%s", regular);
    snprintf(t->font_path[1], sizeof(t->font_path[1]), "%s", bold);
    t->renderer = r;
    t->target = target;
    core_map_init(&t->fonts);
    core_map_init(&t->widths);
    core_map_init(&t->textures);
    for (int b = 0; b < 2; b++) {
        TTF_Font *f = TTF_OpenFont(t->font_path[b], 12);
        if (f == NULL)
            return core_err_set(err, CORE_E_IO, "cannot open font %s: %s", t->font_path[b],
                                TTF_GetError());
        TTF_CloseFont(f);
    }
    return 0;
}

static void
clear_map(struct core_map *m, void (*free_value)(void *))
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(m, &pos)) != NULL)
        free_value(s->value);
    core_map_fini(m);
}

static void
close_font(void *f)
{
    TTF_CloseFont(f);
}

static void
free_tex(void *p)
{
    struct wb_text_tex *tt = p;
    if (tt->tex)
        SDL_DestroyTexture(tt->tex);
    SDL_FreeSurface(tt->surf);
    free(tt);
}

void
wb_text_fini(struct wb_text *t)
{
    clear_map(&t->textures, free_tex);
    clear_map(&t->widths, free);
    clear_map(&t->fonts, close_font);
}

void
wb_text_set_renderer(struct wb_text *t, SDL_Renderer *r, SDL_Surface *target)
{
    clear_map(&t->textures, free_tex);
    core_map_init(&t->textures);
    t->renderer = r;
    t->target = target;
}

int
wb_text_measure(void *ctx, const char *text, int px, bool bold)
{
    struct wb_text *t = ctx;
    char key[600];
    snprintf(key, sizeof(key), "%d|%d|%s", px, bold, text);
    int *cached = core_map_get(&t->widths, key);
    if (cached)
        return *cached;
    TTF_Font *f = font_for(t, px, bold);
    int w = 0, h = 0;
    if (f == NULL || TTF_SizeUTF8(f, text, &w, &h) != 0)
        w = (int)strlen(text) * px / 2; // no font: an estimate keeps the layout sane
    if (t->widths.len >= MEASURE_CACHE_MAX)
        clear_map(&t->widths, free);
    int *slot = malloc(sizeof(*slot));
    if (slot) {
        *slot = w;
        if (core_map_put(&t->widths, key, slot) != 0)
            free(slot);
    }
    return w;
}

static struct wb_text_tex *
render(struct wb_text *t, const char *text, int px, bool bold, struct wb_color c,
       const struct wb_color *bg)
{
    TTF_Font *f = font_for(t, px, bold);
    if (f == NULL)
        return NULL;
    SDL_Color fg = {c.r, c.g, c.b, c.a};
    SDL_Surface *s = bg ? TTF_RenderUTF8_Shaded(f, text, fg, (SDL_Color){bg->r, bg->g, bg->b, 255})
                        : TTF_RenderUTF8_Blended(f, text, fg);
    if (s == NULL)
        return NULL;
    struct wb_text_tex *tt = calloc(1, sizeof(*tt));
    if (tt && t->target) {
        // Shaded text is opaque: in the target's own format it is copied row by row. Blended
        // text keeps an alpha channel whatever the target: converted to one without (an X11
        // window's surface is XRGB8888) it became a solid box in the text's colour.
        Uint32 format = t->target->format->format;
        if (bg == NULL && t->target->format->Amask == 0)
            format = SDL_PIXELFORMAT_ARGB8888;
        tt->surf = SDL_ConvertSurfaceFormat(s, format, 0);
        if (tt->surf)
            SDL_SetSurfaceBlendMode(tt->surf, bg ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    } else if (tt) {
        tt->tex = SDL_CreateTextureFromSurface(t->renderer, s);
        if (tt->tex && bg)
            SDL_SetTextureBlendMode(tt->tex, SDL_BLENDMODE_NONE);
    }
    if (tt) {
        tt->opaque = bg != NULL;
        tt->w = s->w;
        tt->h = s->h;
    }
    SDL_FreeSurface(s);
    if (tt && tt->tex == NULL && tt->surf == NULL) {
        free(tt);
        return NULL;
    }
    t->rendered++;
    return tt;
}

// Copies the opaque text surface's src part to dst in the target, clipped: rows of memcpy.
static void
copy_opaque(SDL_Surface *from, SDL_Rect src, SDL_Rect dst, SDL_Surface *to, const SDL_Rect *clip)
{
    SDL_Rect bounds = {0, 0, to->w, to->h}, area;
    if (clip && !SDL_IntersectRect(&bounds, clip, &bounds))
        return;
    if (!SDL_IntersectRect(&dst, &bounds, &area))
        return;
    src.x += area.x - dst.x;
    src.y += area.y - dst.y;
    for (int row = 0; row < area.h; row++) {
        const Uint8 *in = (const Uint8 *)from->pixels +
                          (size_t)(src.y + row) * (size_t)from->pitch + (size_t)src.x * 4;
        Uint8 *out =
            (Uint8 *)to->pixels + (size_t)(area.y + row) * (size_t)to->pitch + (size_t)area.x * 4;
        memcpy(out, in, (size_t)area.w * 4);
    }
}

void
wb_text_draw(struct wb_text *t, const char *text, int px, bool bold, struct wb_color c,
             const struct wb_color *bg, const SDL_Rect *box, int align, const SDL_Rect *clip)
{
    char key[640];
    snprintf(key, sizeof(key), "%d|%d|%02x%02x%02x%02x|%02x%02x%02x%c|%s", px, bold, c.r, c.g, c.b,
             c.a, bg ? bg->r : 0, bg ? bg->g : 0, bg ? bg->b : 0, bg ? 'o' : 'b', text);
    struct wb_text_tex *tt = core_map_get(&t->textures, key);
    if (tt == NULL) {
        tt = render(t, text, px, bold, c, bg);
        if (tt == NULL)
            return;
        if (core_map_put(&t->textures, key, tt) != 0) {
            free_tex(tt);
            return;
        }
    } else {
        t->reused++;
    }
    tt->last_frame = t->frame;
    int w = tt->w < box->w ? tt->w : box->w;
    int x = box->x;
    if (align == WB_ALIGN_CENTER)
        x += (box->w - w) / 2;
    else if (align == WB_ALIGN_RIGHT)
        x += box->w - w;
    SDL_Rect src = {0, 0, w, tt->h};
    SDL_Rect dst = {x, box->y + (box->h - tt->h) / 2, w, tt->h};
    // Never paint outside the box (the line's leading is taller than the glyphs): what a
    // command draws must stay inside its rectangle, or redrawing only what changed leaves
    // traces behind.
    if (dst.y < box->y) {
        int cut = box->y - dst.y;
        src.y += cut, src.h -= cut, dst.y += cut, dst.h -= cut;
    }
    if (dst.y + dst.h > box->y + box->h) {
        int cut = dst.y + dst.h - (box->y + box->h);
        src.h -= cut, dst.h -= cut;
    }
    if (src.h <= 0)
        return;
    if (tt->surf && tt->opaque) {
        copy_opaque(tt->surf, src, dst, t->target, clip);
    } else if (tt->surf) {
        SDL_SetClipRect(t->target, clip);
        SDL_BlitSurface(tt->surf, &src, t->target, &dst);
        SDL_SetClipRect(t->target, NULL);
    } else {
        SDL_RenderCopy(t->renderer, tt->tex, &src, &dst);
    }
}

void
wb_text_end_frame(struct wb_text *t)
{
    t->frame++;
    size_t pos = 0;
    const struct core_map_slot *s;
    // Deleting shifts later slots back into visited positions, so restart after each delete;
    // evictions are few per frame.
    while ((s = core_map_next(&t->textures, &pos)) != NULL) {
        struct wb_text_tex *tt = s->value;
        if (t->frame - tt->last_frame > TEXTURE_IDLE_FRAMES) {
            core_map_del(&t->textures, s->key);
            free_tex(tt);
            pos = 0;
        }
    }
}
