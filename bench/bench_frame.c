// SPDX-License-Identifier: MIT
// bench-frame: how long one frame takes with SDL's software renderer, at 1080p and 4K, from
// the busy state, as the wallboard draws it (only what changed since the last frame): the
// first full frame, a still frame, and a ticking one (the clock and every time in state
// changed, as once a second on a live board). Prints figures; never fails.
// Usage: bench-frame [SOURCE_DIR] [FRAMES]
#include "core/clock.h"
#include "core/view.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/geo.h"
#include "wallboard/engine/widget.h"
#include "wallboard/layout/layout.h"
#include "wallboard/sdl/render.h"
#include "wallboard/sdl/text.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void
report(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof(*ms), by_double);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += ms[i];
    printf("%-34s mean %6.2f ms   p50 %6.2f ms   p99 %6.2f ms   (%d frames)\n", what, sum / n,
           ms[n / 2], ms[n * 99 / 100], n);
}

static struct core_view
load_view(const char *src)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/data/busy-state.json", src);
    FILE *f = fopen(path, "rb");
    static char buf[1 << 20];
    size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    cJSON *msg = cJSON_ParseWithLength(buf, n);
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    if (msg == NULL || core_view_from_json(msg, &v, &err) != 0) {
        fprintf(stderr, "bench-frame: cannot read %s\n", path);
        exit(1);
    }
    cJSON_Delete(msg);
    return v;
}

static void
bench(const char *src, const char *layout_name, size_t page, int w, int h, int frames)
{
    char path[1024], regular[1024], bold[1024];
    snprintf(path, sizeof(path), "%s/layouts/%s", src, layout_name);
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_load(path, &l, &err) != 0) {
        fprintf(stderr, "bench-frame: %s: %s\n", path, err.text);
        exit(1);
    }
    struct core_view v = load_view(src);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    snprintf(regular, sizeof(regular), "%s/%s", src, l->theme.font);
    snprintf(bold, sizeof(bold), "%s/%s", src, l->theme.font_bold);
    struct wb_text text;
    if (wb_text_init(&text, regular, bold, r, s, &err) != 0) {
        fprintf(stderr, "bench-frame: %s\n", err.text);
        exit(1);
    }
    struct wb_regions regions;
    snprintf(path, sizeof(path), "%s/data/regions/region-names.csv", src);
    wb_regions_load(&regions, path, &err);
    struct wb_geo china, world;
    snprintf(path, sizeof(path), "%s/data/geo/cn-provinces.geojson", src);
    int64_t g0 = core_clock_mono_ns();
    wb_geo_load(&china, path, "iso_3166_2", &err);
    snprintf(path, sizeof(path), "%s/data/geo/cn-nanhai-inset.geojson", src);
    wb_geo_load_inset(&china, path, &err);
    double china_ms = (double)(core_clock_mono_ns() - g0) / 1e6;
    snprintf(path, sizeof(path), "%s/data/geo/world.geojson", src);
    wb_geo_load(&world, path, "iso_a2", &err);
    static struct wb_cloud_memory cloud;
    struct wb_drawlist dl, prev;
    wb_drawlist_init(&dl);
    wb_drawlist_init(&prev);
    double damaged = 0;
    double *still = malloc(sizeof(double) * (size_t)frames);
    double *tick = malloc(sizeof(double) * (size_t)frames);
    double *full = malloc(sizeof(double) * (size_t)frames);
    size_t rects = 0, texts = 0;
    double filled = 0;
    for (int pass = 0; pass < 3; pass++) {
        for (int i = -5; i < frames; i++) { // 5 frames to warm the caches
            struct wb_board_input in = {.layout = l,
                                        .page = page,
                                        .view = &v,
                                        .regions = &regions,
                                        .measure = wb_text_measure,
                                        .measure_ctx = &text,
                                        .screen_w = w,
                                        .screen_h = h,
                                        .now_s = v.now_s + (pass == 1 ? i : 0),
                                        .local_now_s = v.now_s + (pass == 1 ? i : 0),
                                        .link = WB_LINK_LIVE,
                                        .cloud = &cloud,
                                        .china = &china,
                                        .world = &world};
            int64_t t0 = core_clock_mono_ns();
            wb_board_draw(&dl, &in);
            if (pass == 2)
                wb_drawlist_clear(&prev); // as after a page change: everything redrawn
            struct wb_rect damage[64];
            size_t n = wb_drawlist_damage(&prev, &dl, w, h, damage, 64);
            wb_render_sdl(r, &text, &dl, damage, n, s);
            SDL_RenderPresent(r);
            for (size_t k = 0; pass == 1 && i >= 0 && k < n; k++)
                damaged += (double)damage[k].w * damage[k].h / ((double)w * h * frames);
            struct wb_drawlist swap = prev;
            prev = dl;
            dl = swap;
            double ms = (double)(core_clock_mono_ns() - t0) / 1e6;
            if (i >= 0)
                (pass == 0 ? still : pass == 1 ? tick : full)[i] = ms;
        }
    }
    for (size_t i = 0; i < prev.len; i++) {
        if (prev.cmds[i].type == WB_CMD_RECT) {
            rects++;
            filled += (double)prev.cmds[i].rect.w * prev.cmds[i].rect.h;
        } else
            texts++;
    }
    char what[128];
    printf("%s page %zu %dx%d: %zu rectangles (%.2f screens), %zu texts a frame; %llu texts "
           "rendered, %llu reused; a ticking frame redraws %.1f %% of the screen\n",
           layout_name, page, w, h, rects, filled / ((double)w * h), texts,
           (unsigned long long)text.rendered, (unsigned long long)text.reused, damaged * 100);
    snprintf(what, sizeof(what), "  still frame (texts cached)");
    report(what, still, frames);
    snprintf(what, sizeof(what), "  ticking frame (times re-rendered)");
    report(what, tick, frames);
    snprintf(what, sizeof(what), "  full frame (all redrawn)");
    report(what, full, frames);
    free(full);
    free(still);
    free(tick);
    wb_drawlist_fini(&dl);
    wb_drawlist_fini(&prev);
    wb_text_fini(&text);
    if (strcmp(layout_name, "hotspots.json") == 0)
        printf("  China's map: read, projected and triangulated once in %.1f ms (%zu regions)\n",
               china_ms, china.nregions);
    wb_geo_fini(&china);
    wb_geo_fini(&world);
    wb_regions_fini(&regions);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    core_view_fini(&v);
    wb_layout_free(l);
}

int
main(int argc, char **argv)
{
    const char *src = argc > 1 ? argv[1] : ".";
    int frames = argc > 2 ? atoi(argv[2]) : 200;
    if (frames < 10)
        frames = 10;
    if (TTF_Init() != 0)
        return 1;
    for (size_t page = 0; page < 2; page++) {
        bench(src, "floor-1080p.json", page, 1920, 1080, frames);
        bench(src, "wall-4k.json", page, 3840, 2160, frames);
    }
    // The word cloud and the map (SDL geometry rendering of 34 provinces) at 1080p and 4K.
    bench(src, "hotspots.json", 0, 1920, 1080, frames);
    bench(src, "hotspots.json", 0, 3840, 2160, frames);
    TTF_Quit();
    return 0;
}
