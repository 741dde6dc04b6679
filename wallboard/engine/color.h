// SPDX-License-Identifier: MIT
// Colours: parsing "#RRGGBB", and WCAG contrast so text stays readable on any tile.
#ifndef WB_COLOR_H
#define WB_COLOR_H

#include <stdbool.h>
#include <stdint.h>

struct wb_color {
    uint8_t r, g, b, a;
};

// wb_color_parse reads "#RRGGBB" or "#RRGGBBAA". Returns true on success.
bool wb_color_parse(const char *s, struct wb_color *out);

// wb_color_contrast returns the WCAG 2 contrast ratio of a and b (1 to 21).
double wb_color_contrast(struct wb_color a, struct wb_color b);

// wb_color_text_on picks light or dark (whichever contrasts more) for text on bg.
struct wb_color wb_color_text_on(struct wb_color bg, struct wb_color light, struct wb_color dark);

// wb_color_mix blends a toward b by t (0: a, 1: b).
struct wb_color wb_color_mix(struct wb_color a, struct wb_color b, double t);

#endif
