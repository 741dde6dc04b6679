// SPDX-License-Identifier: MIT
// Colour arithmetic (WCAG 2.x relative luminance).
#include "wallboard/engine/color.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool
wb_color_parse(const char *s, struct wb_color *out)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 9))
        return false;
    uint8_t v[4] = {0, 0, 0, 255};
    for (size_t i = 0; i < (n - 1) / 2; i++) {
        int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        v[i] = (uint8_t)(hi * 16 + lo);
    }
    *out = (struct wb_color){v[0], v[1], v[2], v[3]};
    return true;
}

static double
channel(uint8_t c)
{
    double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double
luminance(struct wb_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double
wb_color_contrast(struct wb_color a, struct wb_color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

struct wb_color
wb_color_text_on(struct wb_color bg, struct wb_color light, struct wb_color dark)
{
    return wb_color_contrast(bg, light) >= wb_color_contrast(bg, dark) ? light : dark;
}

struct wb_color
wb_color_mix(struct wb_color a, struct wb_color b, double t)
{
    return (struct wb_color){
        (uint8_t)lround(a.r + (b.r - a.r) * t), (uint8_t)lround(a.g + (b.g - a.g) * t),
        (uint8_t)lround(a.b + (b.b - a.b) * t), (uint8_t)lround(a.a + (b.a - a.a) * t)};
}
