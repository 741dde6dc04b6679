// SPDX-License-Identifier: MIT
// Render tests: the real wallboard binary draws the shipped layouts headless, and each frame is
// compared with its reference PNG (tests/data/render/) within a tolerance. Every string the
// board can show, fixed or from the busy state, has glyphs in the shipped fonts (no boxes).
// WB_UPDATE_RENDER_REFS=1 rewrites the references (then look at them before committing).
#include "cmocka_prelude.h"
#include "core/utf8.h"
#include "wallboard/i18n.h"

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_string_has_glyphs),
        cmocka_unit_test(frames_match_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
