// SPDX-License-Identifier: MIT
// Where a screen draws: a fullscreen (or --window) SDL window with the renderer chosen for the
// machine, or a surface in memory (headless). Presents only the rectangles that changed when
// the target keeps its pixels.
#ifndef WB_WINDOW_H
#define WB_WINDOW_H

#include "wallboard/engine/draw.h"
#include "wallboard/sdl/text.h"

#include <SDL2/SDL.h>
#include <stdbool.h>
#include <stddef.h>

struct wb_window {
    SDL_Window *window;          // NULL headless
    SDL_Surface *surface;        // the headless target (NULL with a window)
    SDL_Renderer *renderer;      // owned
    SDL_Surface *window_surface; // software rendering straight into the window's surface
    bool keeps_pixels;           // the target keeps the last frame: draw only what changed
    bool fullscreen;
};

// wb_window_choose_renderer returns "software" or "accelerated": want ("auto", "software" or
// "accelerated", from asked_by) unless "auto", else by whether a GPU is present. Says why in why.
const char *wb_window_choose_renderer(const char *want, const char *asked_by, char *why,
                                      size_t size);

// wb_window_open opens a window titled title, width x height (0 x 0: fullscreen on the desktop)
// with the renderer wb_window_choose_renderer picks; hides the cursor when fullscreen and
// inhibits the screen saver. Says on stderr what it chose. Returns 0 or -1 (said on stderr).
int wb_window_open(struct wb_window *w, const char *title, int width, int height,
                   const char *renderer, const char *asked_by);

// wb_window_open_headless makes a width x height surface in memory to draw into.
int wb_window_open_headless(struct wb_window *w, int width, int height);

// wb_window_close frees what w holds (a zeroed w too).
void wb_window_close(struct wb_window *w);

// wb_window_direct_target returns the surface software rendering may write into directly, or
// NULL.
SDL_Surface *wb_window_direct_target(const struct wb_window *w);

// wb_window_size writes the drawing area's size in pixels.
void wb_window_size(const struct wb_window *w, int *width, int *height);

// wb_window_present shows the n rectangles of damage that were drawn.
void wb_window_present(struct wb_window *w, const struct wb_rect *damage, size_t n);

// wb_window_resized takes the window's new surface after a resize or a display change (the
// text cache's textures belong to the renderer, so text starts again).
void wb_window_resized(struct wb_window *w, struct wb_text *text);

// wb_window_display_changed handles a display plugged in again or changed (e): a fullscreen
// board takes the display's new size.
void wb_window_display_changed(struct wb_window *w, const SDL_Event *e, struct wb_text *text);

// wb_window_save_png writes the headless surface to path. Returns 0 or -1 (said on stderr).
int wb_window_save_png(const struct wb_window *w, const char *path);

// wb_window_wake wakes the window's event loop (SDL_WaitEvent) with an event of its own; safe
// from any thread (the feed's). A no-op before wb_window_open.
void wb_window_wake(void);

#endif
