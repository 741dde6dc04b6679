// SPDX-License-Identifier: MIT
// The draw list: what the layout engine asks the renderer to draw, in order. The engine
// never calls SDL; sdl/render.c plays this list back (microui's command list, in spirit).
#ifndef WB_DRAW_H
#define WB_DRAW_H

#include "wallboard/engine/color.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wb_rect {
    int x, y, w, h;
};

enum wb_align { WB_ALIGN_LEFT, WB_ALIGN_CENTER, WB_ALIGN_RIGHT };

enum wb_cmd_type { WB_CMD_RECT, WB_CMD_TEXT, WB_CMD_SHAPE };

struct wb_geo_region;

struct wb_cmd {
    enum wb_cmd_type type;
    struct wb_rect rect; // RECT: the area filled; TEXT: the box the text is placed in
    struct wb_color color;
    // TEXT only: the string (read it with wb_drawlist_text()), its pixel size, weight and
    // alignment. The text is vertically centred in rect and already fits its width.
    size_t text_off;
    int px;
    bool bold;
    enum wb_align align;
    // Set by wb_drawlist_finish(): the text lies wholly on one opaque rectangle of colour bg,
    // so it can be drawn opaque (pre-blended), far cheaper than alpha blending.
    bool on_solid;
    struct wb_color bg;
    uint64_t hash; // of everything above and the text, set by wb_drawlist_finish()
    // SHAPE only: a map region (its triangles and outline, in a unit box) drawn into frame;
    // rect is its bounding box there, color its fill and bg its outline.
    const struct wb_geo_region *shape;
    struct wb_rect frame;
};

// wb_measure_fn returns the width in pixels of text at px pixels (bold or regular).
typedef int (*wb_measure_fn)(void *ctx, const char *text, int px, bool bold);

struct wb_drawlist {
    struct wb_cmd *cmds;
    size_t len, cap;
    char *text; // arena holding the commands' strings
    size_t text_len, text_cap;
    bool failed; // an allocation failed; the list is incomplete
};

// wb_drawlist_init / _fini: an empty list, and freeing it.
void wb_drawlist_init(struct wb_drawlist *dl);
void wb_drawlist_fini(struct wb_drawlist *dl);

// wb_drawlist_clear empties the list, keeping its memory for the next frame.
void wb_drawlist_clear(struct wb_drawlist *dl);

// wb_draw_rect appends a filled rectangle.
void wb_draw_rect(struct wb_drawlist *dl, struct wb_rect r, struct wb_color c);

// wb_draw_text appends text placed in r (copied into the list).
void wb_draw_text(struct wb_drawlist *dl, struct wb_rect r, const char *text, int px, bool bold,
                  enum wb_align align, struct wb_color c);

// wb_draw_shape appends a map region drawn into frame (the map's box), filled and outlined.
void wb_draw_shape(struct wb_drawlist *dl, const struct wb_geo_region *shape, struct wb_rect frame,
                   struct wb_color fill, struct wb_color outline);

// wb_drawlist_text returns the string of cmd i (valid until the list changes).
const char *wb_drawlist_text(const struct wb_drawlist *dl, size_t i);

// wb_drawlist_finish prepares a complete frame for playback: it notes which texts lie on a
// plain background (on_solid, bg), then cuts every opaque rectangle down to the parts that no
// later opaque rectangle covers, so no pixel is filled twice. (With the software renderer,
// filling is most of a frame's cost.) The picture drawn is the same.
void wb_drawlist_finish(struct wb_drawlist *dl);

// wb_drawlist_damage compares two finished frames and writes into out (room for max) the
// rectangles whose pixels differ: where a command was added, removed or changed. When prev is
// empty, or the changes are many or cover most of the screen, it gives the whole screen.
// Returns the number of rectangles.
size_t wb_drawlist_damage(const struct wb_drawlist *prev, const struct wb_drawlist *next,
                          int screen_w, int screen_h, struct wb_rect *out, size_t max);

#endif
