// SPDX-License-Identifier: MIT
// SDL_ttf fonts and the text texture cache ("render each text once per change and reuse it").
#include "wallboard/sdl/text.h"

#include "wallboard/engine/draw.h"
#include "wallboard/sdl/text_blit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEASURE_CACHE_MAX   20000
#define TEXTURE_IDLE_FRAMES 30 // a texture not drawn for this many frames is freed

struct wb_text_tex {
    SDL_Texture *tex; // rendering through the renderer
    // Or drawn straight into the target surface from a byte a pixel (text_blit.h): coverage in
    // colour (blended), or palette indices through lut (shaded, opaque).
    struct wb_text_pixels px;
    uint32_t *lut;
    SDL_Color colour;
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
    free(tt->px.bytes);
    free(tt->lut);
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

// SDL_ttf's surface kept at a byte a pixel: a shaded one's palette indices (8-bit already, its
// palette mapped to the target's format once), a blended one's alpha. false: out of memory, or
// a surface of another kind than SDL_ttf makes.
static bool
one_byte_a_pixel(struct wb_text_tex *tt, SDL_Surface *s, const SDL_Surface *target, bool shaded,
                 SDL_Color fg)
{
    const SDL_PixelFormat *f = s->format;
    if (shaded ? f->BytesPerPixel != 1 || f->palette == NULL : f->BytesPerPixel != 4)
        return false;
    tt->px = (struct wb_text_pixels){malloc((size_t)s->w * (size_t)s->h + 1), s->w, s->h};
    tt->lut = shaded ? calloc(256, sizeof(*tt->lut)) : NULL;
    if (tt->px.bytes == NULL || (shaded && tt->lut == NULL))
        return false;
    if (SDL_MUSTLOCK(s))
        SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const uint8_t *row = (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
        uint8_t *out = tt->px.bytes + (size_t)y * (size_t)s->w;
        if (shaded) {
            memcpy(out, row, (size_t)s->w);
            continue;
        }
        const uint32_t *px = (const uint32_t *)row;
        for (int x = 0; x < s->w; x++)
            out[x] = (uint8_t)((px[x] & f->Amask) >> f->Ashift);
    }
    if (SDL_MUSTLOCK(s))
        SDL_UnlockSurface(s);
    for (int i = 0; shaded && i < f->palette->ncolors && i < 256; i++) {
        SDL_Color c = f->palette->colors[i];
        tt->lut[i] = SDL_MapRGBA(target->format, c.r, c.g, c.b, 255);
    }
    // SDL_ttf's blended surface carries the alpha the colour asked for: drawn in its colour
    // at full strength.
    tt->colour = (SDL_Color){fg.r, fg.g, fg.b, 255};
    return true;
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
        if (!one_byte_a_pixel(tt, s, t->target, bg != NULL, fg)) {
            free(tt->px.bytes);
            free(tt->lut);
            tt->px.bytes = NULL;
        }
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
    if (tt && tt->tex == NULL && tt->px.bytes == NULL) {
        free(tt);
        return NULL;
    }
    t->rendered++;
    return tt;
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
    if (tt->px.bytes && tt->opaque) {
        wb_text_blit_indexed(t->target, &tt->px, tt->lut, src, dst, clip);
    } else if (tt->px.bytes) {
        wb_text_blit_coverage(t->target, &tt->px, src, dst, clip, tt->colour);
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
