// SPDX-License-Identifier: MIT
// wallboard/sdl/shape_fill.c: a region with a hole filled row by row, worked by hand; clipped
// to the damage; and the China map drawn the fast way is SDL's own triangle rendering of it,
// but for edge pixels.
#include "cmocka_prelude.h"
#include "wallboard/engine/geo.h"
#include "wallboard/sdl/shape_fill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct wb_color fill = {200, 100, 50, 255}, outline = {10, 20, 30, 255};

static Uint32
at(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

// A square 0.1..0.9 of the unit box with a square hole 0.3..0.7, as outline segments.
static struct wb_geo_region
square_with_hole(float *lines)
{
    const float rings[2][4][2] = {{{.1f, .1f}, {.9f, .1f}, {.9f, .9f}, {.1f, .9f}},
                                  {{.3f, .3f}, {.3f, .7f}, {.7f, .7f}, {.7f, .3f}}};
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < 4; i++) {
            float *seg = &lines[4 * (4 * r + i)];
            seg[0] = rings[r][i][0], seg[1] = rings[r][i][1];
            seg[2] = rings[r][(i + 1) % 4][0], seg[3] = rings[r][(i + 1) % 4][1];
        }
    struct wb_geo_region g = {.lines = lines, .nlines = 8, .ntri = 1};
    g.minx = g.miny = .1f, g.maxx = g.maxy = .9f;
    return g;
}

static void
hole_stays_a_hole(void **unused)
{
    (void)unused;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 100, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, 0);
    float lines[32];
    struct wb_geo_region g = square_with_hole(lines);
    struct wb_rect frame = {0, 0, 100, 100}, all = {0, 0, 100, 100};
    wb_shape_fill(s, &g, frame, &all, fill, outline);
    Uint32 f = SDL_MapRGBA(s->format, 200, 100, 50, 255),
           o = SDL_MapRGBA(s->format, 10, 20, 30, 255);
    // Row 50 by hand: pixels whose centres lie in [10, 90) are inside the square, [30, 70)
    // inside the hole; the outline's vertical edges sit on columns 10, 30, 70 and 90.
    int fills = 0, lines_seen = 0, empty = 0;
    for (int x = 0; x < 100; x++) {
        Uint32 p = at(s, x, 50);
        fills += p == f, lines_seen += p == o, empty += p == 0;
    }
    assert_int_equal(fills, 19 + 19); // 11..29 and 71..89
    assert_int_equal(lines_seen, 4);
    assert_int_equal(empty, 10 + 39 + 9); // 0..9, 31..69, 91..99
    assert_int_equal(at(s, 50, 50), 0);
    assert_int_equal(at(s, 20, 20), f);
    assert_int_equal(at(s, 5, 5), 0);
    // Row 20 crosses no hole: 11..89 filled.
    fills = 0;
    for (int x = 0; x < 100; x++)
        fills += at(s, x, 20) == f;
    assert_int_equal(fills, 79);
    SDL_FreeSurface(s);
}

static void
clipped_to_the_damage(void **unused)
{
    (void)unused;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 100, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(s, NULL, 0);
    float lines[32];
    struct wb_geo_region g = square_with_hole(lines);
    struct wb_rect frame = {0, 0, 100, 100}, left = {0, 0, 50, 100};
    wb_shape_fill(s, &g, frame, &left, fill, outline);
    long touched_right = 0, touched_left = 0;
    for (int y = 0; y < 100; y++)
        for (int x = 0; x < 100; x++)
            *(x < 50 ? &touched_left : &touched_right) += at(s, x, y) != 0;
    assert_int_equal(touched_right, 0);
    assert_true(touched_left > 0);
    // A frame partly off the surface writes nothing outside it (ASan would say).
    struct wb_rect off = {-60, -60, 200, 200}, all = {-100, -100, 400, 400};
    wb_shape_fill(s, &g, off, &all, fill, outline);
    SDL_FreeSurface(s);
}

static double
differing_share(SDL_Surface *a, SDL_Surface *b)
{
    long differ = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++)
            differ += at(a, x, y) != at(b, x, y);
    return (double)differ / ((double)a->w * a->h);
}

static void
same_picture_as_sdl_triangles(void **unused)
{
    (void)unused;
    const char *src = getenv("WB_SOURCE_DIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/data/geo/cn-provinces.geojson", src ? src : "..");
    struct wb_geo g;
    struct core_err err;
    core_err_clear(&err);
    if (wb_geo_load(&g, path, "iso_3166_2", &err) != 0)
        fail_msg("%s", err.text);
    SDL_Surface *fast = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *sdl = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(fast, NULL, 0);
    SDL_FillRect(sdl, NULL, 0);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(sdl);
    assert_non_null(r);
    struct wb_rect frame = {20, 20, 760, 560}, all = {0, 0, 800, 600};
    size_t filled = 0;
    for (size_t i = 0; i < g.nregions; i++) {
        const struct wb_geo_region *reg = &g.regions[i];
        struct wb_color c = {(Uint8)(40 + 6 * i), (Uint8)(200 - 5 * i), 90, 255};
        wb_shape_fill(fast, reg, frame, &all, c, outline);
        SDL_Vertex *v = malloc(3 * reg->ntri * sizeof(*v));
        for (size_t k = 0; k < 3 * reg->ntri; k++)
            v[k] = (SDL_Vertex){{20 + reg->tri[2 * k] * 760, 20 + reg->tri[2 * k + 1] * 560},
                                {c.r, c.g, c.b, 255},
                                {0, 0}};
        SDL_RenderGeometry(r, NULL, v, (int)(3 * reg->ntri), NULL, 0);
        free(v);
        SDL_SetRenderDrawColor(r, outline.r, outline.g, outline.b, 255);
        for (size_t k = 0; k < reg->nlines; k++) {
            const float *s = &reg->lines[4 * k];
            SDL_RenderDrawLineF(r, 20 + s[0] * 760, 20 + s[1] * 560, 20 + s[2] * 760,
                                20 + s[3] * 560);
        }
    }
    SDL_RenderPresent(r);
    for (int y = 0; y < 600; y++)
        for (int x = 0; x < 800; x++)
            filled += at(fast, x, y) != 0;
    double share = differing_share(fast, sdl);
    printf("China map: %zu pixels drawn, %.2f %% differ from SDL's triangles\n", filled,
           share * 100);
    assert_true(filled > 800 * 600 / 3); // the map covers much of its box
    assert_true(share < 0.01);           // only edge pixels, a pixel either way
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(fast);
    SDL_FreeSurface(sdl);
    wb_geo_fini(&g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hole_stays_a_hole),
        cmocka_unit_test(clipped_to_the_damage),
        cmocka_unit_test(same_picture_as_sdl_triangles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
