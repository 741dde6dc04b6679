// SPDX-License-Identifier: MIT
// A map region drawn straight into a 32-bit software surface: its rings filled row by row
// (even-odd, so holes stay holes), then its outline. SDL 2.26's software geometry rendering
// sets up each of a province's thousands of small triangles on its own, which made a full
// frame of the China map 9x an empty one (issue 16); a row at a time is one pass.
#ifndef WB_SHAPE_FILL_H
#define WB_SHAPE_FILL_H

#include "wallboard/engine/draw.h"
#include "wallboard/engine/geo.h"

#include <SDL2/SDL.h>

// wb_shape_fill fills region g, scaled from the map's unit box into frame, with fill (opaque),
// and draws its outline one pixel wide in outline, within clip and the surface. The surface
// is 32 bits a pixel and needs no locking (the caller checks).
void wb_shape_fill(SDL_Surface *to, const struct wb_geo_region *g, struct wb_rect frame,
                   const struct wb_rect *clip, struct wb_color fill, struct wb_color outline);

#endif
