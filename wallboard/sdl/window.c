// SPDX-License-Identifier: MIT
// The screen's window or memory surface, and the renderer drawn through (sdl/window.h).
#include "wallboard/sdl/window.h"

#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Uint32 wake_event = (Uint32)-1;

// Without a GPU, SDL's software renderer straight to the window surface is about three times
// faster and far lighter than GL emulated on the CPU.
const char *
wb_window_choose_renderer(const char *want, const char *asked_by, char *why, size_t size)
{
    if (strcmp(want, "auto") != 0) {
        snprintf(why, size, "asked for by %s", asked_by);
        return want;
    }
    const char *sw = getenv("LIBGL_ALWAYS_SOFTWARE");
    bool gpu = access("/dev/dri/renderD128", R_OK | W_OK) == 0 && !(sw && strcmp(sw, "1") == 0);
    snprintf(why, size, "%s",
             gpu ? "a GPU is present (/dev/dri/renderD128)"
                 : "no GPU found (/dev/dri/renderD128 missing)");
    return gpu ? "accelerated" : "software";
}

// Straight into the window's surface: only the rectangles that changed are presented. Some
// video drivers (Wayland) have no window surface of their own: then whichever renderer the
// driver offers, redrawing whole frames.
static void
open_software(struct wb_window *w)
{
    w->window_surface = SDL_GetWindowSurface(w->window);
    w->renderer = w->window_surface ? SDL_CreateSoftwareRenderer(w->window_surface) : NULL;
    w->keeps_pixels = true;
    if (w->renderer != NULL)
        return;
    fprintf(stderr, "wallboard: no window surface on %s (%s); using a renderer\n",
            SDL_GetCurrentVideoDriver(), SDL_GetError());
    w->window_surface = NULL;
    w->keeps_pixels = false;
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "1");
    w->renderer = SDL_CreateRenderer(w->window, -1, 0);
}

static int
open_renderer(struct wb_window *w, bool software, const char *why)
{
    if (software) {
        open_software(w);
    } else {
        w->renderer = SDL_CreateRenderer(w->window, -1, SDL_RENDERER_ACCELERATED);
        if (w->renderer == NULL) {
            fprintf(stderr, "wallboard: no accelerated renderer (%s); using software\n",
                    SDL_GetError());
            w->renderer = SDL_CreateRenderer(w->window, -1, SDL_RENDERER_SOFTWARE);
        }
    }
    if (w->renderer == NULL) {
        fprintf(stderr, "wallboard: cannot create a renderer: %s\n", SDL_GetError());
        return -1;
    }
    SDL_RendererInfo info;
    SDL_GetRendererInfo(w->renderer, &info);
    fprintf(stderr, "wallboard: renderer %s: %s; framebuffer acceleration %s\n", info.name, why,
            w->window_surface ? "off" : "default");
    return 0;
}

int
wb_window_open(struct wb_window *w, const char *title, int width, int height, const char *renderer,
               const char *asked_by)
{
    char why[128];
    const char *kind = wb_window_choose_renderer(renderer, asked_by, why, sizeof(why));
    bool software = strcmp(kind, "software") == 0;
    if (software)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "wallboard: cannot open the display: %s (use --headless without one)\n",
                SDL_GetError());
        return -1;
    }
    w->fullscreen = width == 0;
    Uint32 flags = w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0;
    w->window = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                 width ? width : 1920, height ? height : 1080, flags);
    if (w->window == NULL) {
        fprintf(stderr, "wallboard: cannot open a window: %s\n", SDL_GetError());
        return -1;
    }
    if (open_renderer(w, software, why) != 0)
        return -1;
    if (w->fullscreen)
        SDL_ShowCursor(SDL_DISABLE); // shown again only while a real mouse moves
    // A wall screen never blanks: SDL inhibits the screen saver (X, Wayland, D-Bus) while the
    // window is up; said explicitly so a hint in the environment cannot turn it back on.
    SDL_DisableScreenSaver();
    fprintf(stderr, "wallboard: video driver %s; screen saver %s\n", SDL_GetCurrentVideoDriver(),
            SDL_IsScreenSaverEnabled() ? "NOT inhibited" : "inhibited");
    wake_event = SDL_RegisterEvents(1);
    return 0;
}

int
wb_window_open_headless(struct wb_window *w, int width, int height)
{
    w->surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    w->renderer = w->surface ? SDL_CreateSoftwareRenderer(w->surface) : NULL;
    if (w->renderer == NULL) {
        fprintf(stderr, "wallboard: cannot draw in memory: %s\n", SDL_GetError());
        return -1;
    }
    w->keeps_pixels = true;
    return 0;
}

void
wb_window_close(struct wb_window *w)
{
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->surface)
        SDL_FreeSurface(w->surface);
    if (w->window)
        SDL_DestroyWindow(w->window);
    memset(w, 0, sizeof(*w));
}

SDL_Surface *
wb_window_direct_target(const struct wb_window *w)
{
    SDL_Surface *s = w->surface ? w->surface : w->window_surface;
    return s && s->format->BytesPerPixel == 4 && !SDL_MUSTLOCK(s) ? s : NULL;
}

void
wb_window_size(const struct wb_window *w, int *width, int *height)
{
    const SDL_Surface *target = w->surface ? w->surface : w->window_surface;
    if (target) {
        *width = target->w;
        *height = target->h;
    } else {
        SDL_GetRendererOutputSize(w->renderer, width, height);
    }
}

void
wb_window_present(struct wb_window *w, const struct wb_rect *damage, size_t n)
{
    if (w->window_surface) {
        SDL_Rect rects[64];
        n = n < 64 ? n : 64;
        for (size_t i = 0; i < n; i++)
            rects[i] = (SDL_Rect){damage[i].x, damage[i].y, damage[i].w, damage[i].h};
        SDL_UpdateWindowSurfaceRects(w->window, rects, (int)n);
    } else {
        SDL_RenderPresent(w->renderer);
    }
}

void
wb_window_resized(struct wb_window *w, struct wb_text *text)
{
    if (w->window_surface == NULL)
        return; // a renderer of the driver's follows the window by itself
    SDL_Surface *surface = SDL_GetWindowSurface(w->window);
    SDL_Renderer *r = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (r == NULL) {
        fprintf(stderr, "wallboard: cannot draw after a resize: %s\n", SDL_GetError());
        return;
    }
    SDL_DestroyRenderer(w->renderer);
    w->renderer = r;
    w->window_surface = surface;
    wb_text_set_renderer(text, r, wb_window_direct_target(w));
}

// Going through windowed mode makes every video driver apply the display's new size.
void
wb_window_display_changed(struct wb_window *w, const SDL_Event *e, struct wb_text *text)
{
    static const char *const what[] = {"", "orientation changed", "connected", "disconnected"};
    unsigned kind = e->display.event < 4 ? e->display.event : 0;
    fprintf(stderr, "wallboard: display %u %s\n", e->display.display,
            what[kind][0] ? what[kind] : "changed");
    if (w->fullscreen && e->display.event == SDL_DISPLAYEVENT_CONNECTED) {
        SDL_SetWindowFullscreen(w->window, 0);
        SDL_SetWindowFullscreen(w->window, SDL_WINDOW_FULLSCREEN_DESKTOP);
    }
    wb_window_resized(w, text);
}

int
wb_window_save_png(const struct wb_window *w, const char *path)
{
    if (IMG_SavePNG(w->surface, path) != 0) {
        fprintf(stderr, "wallboard: cannot write %s: %s\n", path, IMG_GetError());
        return -1;
    }
    fprintf(stderr, "wallboard: wrote %s\n", path);
    return 0;
}

void
wb_window_wake(void)
{
    if (wake_event == (Uint32)-1)
        return;
    SDL_Event e = {.type = wake_event};
    SDL_PushEvent(&e);
}
