// SPDX-License-Identifier: MIT
// UTF-8 validation (RFC 3629) and character stepping.
#include "core/utf8.h"

#include <string.h>

bool
core_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return false;
            i++;
            continue;
        }
        size_t n;
        unsigned min;
        unsigned cp;
        if ((c & 0xe0) == 0xc0) {
            n = 2, min = 0x80, cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 3, min = 0x800, cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + n > len)
            return false;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n;
    }
    return true;
}

size_t
core_utf8_next(const char *str)
{
    unsigned c = (unsigned char)str[0];
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        return 2;
    if ((c & 0xf0) == 0xe0)
        return 3;
    return 4;
}

size_t
core_utf8_prefix_len(const char *s, size_t max_bytes)
{
    size_t len = strlen(s);
    if (len <= max_bytes)
        return len;
    size_t cut = max_bytes;
    while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
        cut--;
    return cut;
}
