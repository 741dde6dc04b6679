// SPDX-License-Identifier: MIT
// bench-frame-empty: the least a frame costs, the baseline bench-frame is measured against:
// SDL's software renderer on a surface the size of the screen (as bench-frame draws), cleared
// to the background, the whole screen filled once, and presented. Prints the p50 per size.
// Usage: bench-frame-empty [FRAMES]. Prints figures; never fails.
#include "core/clock.h"

#include <SDL2/SDL.h>
#include <stdio.h>
#include <stdlib.h>

static int
by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
    int frames = argc > 1 ? atoi(argv[1]) : 100;
    if (frames < 1)
        frames = 1;
    double *ms = malloc(sizeof(double) * (size_t)frames);
    static const int sizes[][2] = {{1920, 1080}, {3840, 2160}};
    for (size_t k = 0; ms && k < 2; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
        if (r == NULL) {
            fprintf(stderr, "bench-frame-empty: %s\n", SDL_GetError());
            return 1;
        }
        for (int i = -5; i < frames; i++) { // 5 frames to warm the caches
            int64_t t0 = core_clock_mono_ns();
            SDL_SetRenderDrawColor(r, 16, 20, 28, 255);
            SDL_RenderClear(r);
            SDL_SetRenderDrawColor(r, 32, 40, 56, 255);
            SDL_RenderFillRect(r, &(SDL_Rect){0, 0, w, h});
            SDL_RenderPresent(r);
            if (i >= 0)
                ms[i] = (double)(core_clock_mono_ns() - t0) / 1e6;
        }
        qsort(ms, (size_t)frames, sizeof(*ms), by_double);
        printf("empty frame %dx%d: p50 %.3f ms (%d frames)\n", w, h, ms[frames / 2], frames);
        SDL_DestroyRenderer(r);
        SDL_FreeSurface(s);
    }
    free(ms);
    return 0;
}
