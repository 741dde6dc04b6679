// SPDX-License-Identifier: MIT
// Render tests: the real wallboard binary draws the shipped layouts headless, and each frame is
// compared with its reference PNG (tests/data/render/) within a tolerance. Every string the
// board can show, fixed or from the busy state, has glyphs in the shipped fonts (no boxes).
// WB_UPDATE_RENDER_REFS=1 rewrites the references (then look at them before committing).
#include "cmocka_prelude.h"
#include "core/utf8.h"
#include "core/view.h"
#include "wallboard/engine/board.h"
#include "wallboard/engine/i18n.h"
#include "wallboard/layout/layout.h"
#include "wallboard/sdl/render.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct shot {
    const char *name, *layout, *size, *page;
    bool busy;
};

static const struct shot shots[] = {
    {"floor-1080p-overview", "floor-1080p.json", "1920x1080", "0", true},
    {"floor-1080p-agents", "floor-1080p.json", "1920x1080", "1", true},
    {"floor-1080p-no-data", "floor-1080p.json", "1920x1080", "0", false},
    {"wall-4k-overview", "wall-4k.json", "3840x2160", "0", true},
    {"wall-4k-agents", "wall-4k.json", "3840x2160", "1", true},
    {"team-1080p", "team-1080p.json", "1920x1080", "0", true},
    {"team-1080p-en", "team-1080p-en.json", "1920x1080", "0", true},
    {"portrait-team", "portrait-team.json", "1080x1920", "0", true},
    {"portrait-team-queues", "portrait-team.json", "1080x1920", "1", true},
    {"small-office", "small-office.json", "1280x720", "0", true},
    {"hotspots-1080p", "hotspots.json", "1920x1080", "0", true},
    {"hotspots-4k", "hotspots.json", "3840x2160", "0", true},
};

static const char *
env(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && v[0] ? v : fallback;
}

// Counts pixels whose colour differs by more than 24 in any channel.
static double
differing_share(SDL_Surface *a, SDL_Surface *b)
{
    SDL_Surface *x = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *y = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    long differ = 0;
    for (int row = 0; row < x->h; row++) {
        const uint8_t *p = (const uint8_t *)x->pixels + row * x->pitch;
        const uint8_t *q = (const uint8_t *)y->pixels + row * y->pitch;
        for (int i = 0; i < x->w * 4; i += 4) {
            for (int c = 0; c < 3; c++) {
                if (abs(p[i + c] - q[i + c]) > 24) {
                    differ++;
                    break;
                }
            }
        }
    }
    double share = (double)differ / ((double)x->w * x->h);
    SDL_FreeSurface(x);
    SDL_FreeSurface(y);
    return share;
}

static void
frames_match_references(void **unused)
{
    (void)unused;
    const char *src = env("WB_SOURCE_DIR", ".."), *bin = env("WB_BIN_DIR", "../build/bin");
    bool update = getenv("WB_UPDATE_RENDER_REFS") != NULL;
    char dir[] = "/tmp/wb-render-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        const struct shot *s = &shots[i];
        char out[512], ref[512], cmd[2048];
        snprintf(out, sizeof(out), "%s/%s.png", dir, s->name);
        snprintf(ref, sizeof(ref), "%s/tests/data/render/%s.png", src, s->name);
        snprintf(cmd, sizeof(cmd),
                 "'%s/wallboard' --headless --data-dir '%s' --size %s --page %s --layout "
                 "'%s/layouts/%s' %s%s%s --screenshot '%s'",
                 bin, src, s->size, s->page, src, s->layout, s->busy ? "--state '" : "",
                 s->busy ? src : "", s->busy ? "/tests/data/busy-state.json'" : "", out);
        if (system(cmd) != 0)
            fail_msg("%s: the wallboard failed: %s", s->name, cmd);
        if (update) {
            snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", out, ref);
            assert_int_equal(system(cmd), 0);
            printf("updated %s\n", ref);
            continue;
        }
        SDL_Surface *got = IMG_Load(out), *want = IMG_Load(ref);
        if (want == NULL)
            fail_msg("%s: no reference %s (make it with WB_UPDATE_RENDER_REFS=1)", s->name, ref);
        assert_non_null(got);
        assert_int_equal(got->w, want->w);
        assert_int_equal(got->h, want->h);
        double share = differing_share(got, want);
        printf("%s: %.3f %% of pixels differ from the reference\n", s->name, share * 100);
        if (share > 0.005)
            fail_msg("%s: %.2f %% of pixels differ from %s (see %s)", s->name, share * 100, ref,
                     out);
        SDL_FreeSurface(got);
        SDL_FreeSurface(want);
        unlink(out);
    }
    rmdir(dir);
}

static int missing;

static void
check_glyphs(TTF_Font *font, const char *text, const char *what)
{
    for (const char *p = text; *p;) {
        size_t n = core_utf8_next(p);
        uint32_t cp = n == 1   ? (uint8_t)p[0]
                      : n == 2 ? ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu)
                      : n == 3 ? ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu)
                               : ((p[0] & 0x07u) << 18) | ((p[1] & 0x3fu) << 12) |
                                     ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
        if (cp >= 0x20 && !TTF_GlyphIsProvided32(font, cp)) {
            printf("no glyph for U+%04X in \"%s\" (%s)\n", cp, text, what);
            missing++;
        }
        p += n;
    }
}

static void
check_tree(TTF_Font *font, const cJSON *node)
{
    for (const cJSON *c = node->child; c; c = c->next) {
        if (c->string)
            check_glyphs(font, c->string, "state key");
        if (cJSON_IsString(c))
            check_glyphs(font, c->valuestring, "state value");
        check_tree(font, c);
    }
}

static void
every_string_has_glyphs(void **unused)
{
    (void)unused;
    const char *src = env("WB_SOURCE_DIR", "..");
    assert_int_equal(TTF_Init(), 0);
    static const char *const fonts[] = {"fonts/NotoSansSC-Regular.otf",
                                        "fonts/NotoSansSC-Bold.otf"};
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/data/busy-state.json", src);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    cJSON *state = cJSON_ParseWithLength(buf, n);
    assert_non_null(state);
    snprintf(path, sizeof(path), "%s/data/regions/region-names.csv", src);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/%s", src, fonts[i]);
        TTF_Font *font = TTF_OpenFont(path, 24);
        assert_non_null(font);
        for (int lang = 0; lang < WB_LANG_COUNT; lang++) {
            for (int s = 0; s < WB_STR_COUNT; s++)
                check_glyphs(font, wb_str((enum wb_lang)lang, (enum wb_str)s), "fixed string");
        }
        check_tree(font, state);
        check_glyphs(font, buf, "region names");
        TTF_CloseFont(font);
    }
    cJSON_Delete(state);
    TTF_Quit();
    assert_int_equal(missing, 0);
}

static void
frame_into(SDL_Surface *s, SDL_Renderer *r, struct wb_text *t, struct wb_drawlist *prev,
           struct wb_drawlist *dl, const struct wb_layout *l, const struct core_view *v, double now,
           bool partial)
{
    struct wb_regions regions;
    core_map_init(&regions.names);
    struct wb_board_input in = {.layout = l,
                                .view = v,
                                .regions = &regions,
                                .measure = wb_text_measure,
                                .measure_ctx = t,
                                .screen_w = s->w,
                                .screen_h = s->h,
                                .now_s = now,
                                .local_now_s = now,
                                .link = WB_LINK_LIVE};
    wb_board_draw(dl, &in);
    struct wb_rect damage[64] = {{0, 0, s->w, s->h}};
    size_t n = partial ? wb_drawlist_damage(prev, dl, s->w, s->h, damage, 64) : 1;
    wb_render_sdl(r, t, dl, damage, n, t->target);
    struct wb_drawlist swap = *prev;
    *prev = *dl;
    *dl = swap;
    wb_regions_fini(&regions);
}

// Drawing only what changed must give exactly the picture a full redraw gives.
static void
partial_redraw_equals_full_redraw(void **unused)
{
    (void)unused;
    const char *src = env("WB_SOURCE_DIR", "..");
    assert_int_equal(TTF_Init(), 0);
    char path[512], regular[512], bold[512];
    snprintf(path, sizeof(path), "%s/layouts/floor-1080p.json", src);
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_layout_load(path, &l, &err), 0);
    snprintf(path, sizeof(path), "%s/tests/data/busy-state.json", src);
    FILE *f = fopen(path, "rb");
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    cJSON *tree = cJSON_ParseWithLength(buf, len);
    struct core_view before, after;
    assert_int_equal(core_view_from_json(tree, &before, &err), 0);
    // A queue gets more callers: a typical small delta (a KPI, a table cell, the clock).
    cJSON *queue = cJSON_GetObjectItem(cJSON_GetObjectItem(tree, "queues"), "电费查询");
    cJSON_ReplaceItemInObject(queue, "waiting", cJSON_CreateNumber(17));
    assert_int_equal(core_view_from_json(tree, &after, &err), 0);
    snprintf(regular, sizeof(regular), "%s/fonts/NotoSansSC-Regular.otf", src);
    snprintf(bold, sizeof(bold), "%s/fonts/NotoSansSC-Bold.otf", src);
    SDL_Surface *inc = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *full = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ri = SDL_CreateSoftwareRenderer(inc), *rf = SDL_CreateSoftwareRenderer(full);
    struct wb_text ti, tf;
    assert_int_equal(wb_text_init(&ti, regular, bold, ri, inc, &err), 0);
    assert_int_equal(wb_text_init(&tf, regular, bold, rf, NULL, &err), 0); // via the renderer
    struct wb_drawlist a, b, c, d;
    wb_drawlist_init(&a), wb_drawlist_init(&b), wb_drawlist_init(&c), wb_drawlist_init(&d);
    frame_into(inc, ri, &ti, &a, &b, l, &before, before.now_s, true);
    frame_into(inc, ri, &ti, &a, &b, l, &after, before.now_s + 7, true);
    struct wb_rect damage[64];
    assert_in_range(wb_drawlist_damage(&b, &a, 1920, 1080, damage, 64), 2, 63); // not everything
    frame_into(full, rf, &tf, &c, &d, l, &after, before.now_s + 7, false);
    assert_true(differing_share(inc, full) == 0.0);
    wb_drawlist_fini(&a), wb_drawlist_fini(&b), wb_drawlist_fini(&c), wb_drawlist_fini(&d);
    wb_text_fini(&ti);
    wb_text_fini(&tf);
    SDL_DestroyRenderer(ri);
    SDL_DestroyRenderer(rf);
    SDL_FreeSurface(inc);
    SDL_FreeSurface(full);
    core_view_fini(&before);
    core_view_fini(&after);
    cJSON_Delete(tree);
    wb_layout_free(l);
    TTF_Quit();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_string_has_glyphs),
        cmocka_unit_test(partial_redraw_equals_full_redraw),
        cmocka_unit_test(frames_match_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
