// SPDX-License-Identifier: MIT
// Scanline fill of a map region's outline segments, and the outline itself.
#include "wallboard/sdl/shape_fill.h"

#include <math.h>
#include <stdlib.h>
#include <wchar.h>

// Where the edges cross each row, bucketed by row: grown once, kept (one renderer thread).
static float *crossings;
static size_t crossings_cap;
static int *row_start;
static size_t rows_cap;

static bool
grow(size_t ncross, size_t nrows)
{
    if (ncross > crossings_cap) {
        float *more = realloc(crossings, ncross * sizeof(*more));
        if (more == NULL)
            return false;
        crossings = more;
        crossings_cap = ncross;
    }
    if (nrows + 1 > rows_cap) {
        int *more = realloc(row_start, (nrows + 1) * sizeof(*more));
        if (more == NULL)
            return false;
        row_start = more;
        rows_cap = nrows + 1;
    }
    return true;
}

// The rows whose centres (y + 0.5) an edge from ya to yb crosses, half-open so that a vertex
// shared by two edges counts once: first row ceil(min - 0.5), last ceil(max - 0.5) - 1; kept to
// the rows y0 to y1 - 1 being filled.
static void
edge_rows(float ya, float yb, int y0, int y1, int *first, int *last)
{
    float lo = ya < yb ? ya : yb, hi = ya < yb ? yb : ya;
    *first = (int)ceilf(lo - 0.5f);
    *last = (int)ceilf(hi - 0.5f) - 1;
    *first = *first < y0 ? y0 : *first;
    *last = *last >= y1 ? y1 - 1 : *last;
}

static void
sort_row(float *x, int n)
{
    for (int i = 1; i < n; i++) { // rows cross a province a few times: insertion sort
        float v = x[i];
        int j = i - 1;
        for (; j >= 0 && x[j] > v; j--)
            x[j + 1] = x[j];
        x[j + 1] = v;
    }
}

static void
fill_rows(SDL_Surface *to, const struct wb_geo_region *g, struct wb_rect frame, int y0, int y1,
          int cx0, int cx1, Uint32 pixel)
{
    size_t nrows = (size_t)(y1 - y0);
    float fx = (float)frame.x, fy = (float)frame.y, fw = (float)frame.w, fh = (float)frame.h;
    // Two passes over the edges: count each row's crossings, then place them.
    if (!grow(0, nrows))
        return;
    for (size_t i = 0; i <= nrows; i++)
        row_start[i] = 0;
    size_t total = 0;
    for (size_t i = 0; i < g->nlines; i++) {
        const float *s = &g->lines[4 * i];
        int first, last;
        edge_rows(fy + s[1] * fh, fy + s[3] * fh, y0, y1, &first, &last);
        for (int y = first; y <= last; y++)
            row_start[y - y0 + 1]++;
        total += last >= first ? (size_t)(last - first + 1) : 0;
    }
    if (total == 0 || !grow(total, nrows))
        return;
    for (size_t i = 0; i < nrows; i++)
        row_start[i + 1] += row_start[i];
    // row_start[r] is now where row r's crossings begin; fill from there, moving it on.
    for (size_t i = 0; i < g->nlines; i++) {
        const float *s = &g->lines[4 * i];
        float xa = fx + s[0] * fw, ya = fy + s[1] * fh, xb = fx + s[2] * fw, yb = fy + s[3] * fh;
        int first, last;
        edge_rows(ya, yb, y0, y1, &first, &last);
        if (first > last)
            continue; // a flat edge crosses no row centre
        float slope = (xb - xa) / (yb - ya);
        for (int y = first; y <= last; y++)
            crossings[row_start[y - y0]++] = xa + ((float)y + 0.5f - ya) * slope;
    }
    // Each row's start moved to the next row's: row r runs from row_start[r - 1] (0 for r = 0).
    for (size_t r = 0; r < nrows; r++) {
        int begin = r == 0 ? 0 : row_start[r - 1], end = row_start[r];
        float *x = &crossings[begin];
        int n = end - begin;
        sort_row(x, n);
        Uint32 *row = (Uint32 *)((Uint8 *)to->pixels + (size_t)(y0 + (int)r) * (size_t)to->pitch);
        for (int k = 0; k + 1 < n; k += 2) {
            // Pixels whose centres lie between a pair of crossings are inside.
            int a = (int)ceilf(x[k] - 0.5f), b = (int)ceilf(x[k + 1] - 0.5f);
            a = a < cx0 ? cx0 : a;
            b = b > cx1 ? cx1 : b;
            if (a < b)
                wmemset((wchar_t *)(row + a), (wchar_t)pixel, (size_t)(b - a));
        }
    }
}

// A one-pixel line from a to b, stepped along its longer axis, within the clip box.
static void
draw_segment(SDL_Surface *to, float xa, float ya, float xb, float yb, int cx0, int cy0, int cx1,
             int cy1, Uint32 pixel)
{
    float dx = xb - xa, dy = yb - ya;
    int steps = (int)ceilf(fmaxf(fabsf(dx), fabsf(dy)));
    steps = steps < 1 ? 1 : steps;
    float sx = dx / (float)steps, sy = dy / (float)steps;
    for (int i = 0; i <= steps; i++) {
        int x = (int)floorf(xa + sx * (float)i), y = (int)floorf(ya + sy * (float)i);
        if (x >= cx0 && x < cx1 && y >= cy0 && y < cy1)
            ((Uint32 *)((Uint8 *)to->pixels + (size_t)y * (size_t)to->pitch))[x] = pixel;
    }
}

void
wb_shape_fill(SDL_Surface *to, const struct wb_geo_region *g, struct wb_rect frame,
              const struct wb_rect *clip, struct wb_color fill, struct wb_color outline)
{
    int cx0 = clip->x > 0 ? clip->x : 0, cy0 = clip->y > 0 ? clip->y : 0;
    int cx1 = clip->x + clip->w < to->w ? clip->x + clip->w : to->w;
    int cy1 = clip->y + clip->h < to->h ? clip->y + clip->h : to->h;
    int y0 = frame.y + (int)floorf(g->miny * (float)frame.h);
    int y1 = frame.y + (int)ceilf(g->maxy * (float)frame.h) + 1;
    y0 = y0 > cy0 ? y0 : cy0;
    y1 = y1 < cy1 ? y1 : cy1;
    if (cx0 >= cx1 || y0 >= y1)
        return;
    fill_rows(to, g, frame, y0, y1, cx0, cx1, SDL_MapRGBA(to->format, fill.r, fill.g, fill.b, 255));
    Uint32 line = SDL_MapRGBA(to->format, outline.r, outline.g, outline.b, 255);
    float fx = (float)frame.x, fy = (float)frame.y, fw = (float)frame.w, fh = (float)frame.h;
    for (size_t i = 0; i < g->nlines; i++) {
        const float *s = &g->lines[4 * i];
        draw_segment(to, fx + s[0] * fw, fy + s[1] * fh, fx + s[2] * fw, fy + s[3] * fh, cx0, cy0,
                     cx1, cy1, line);
    }
}
