// SPDX-License-Identifier: MIT
// Number and text formatting for the board.
#include "wallboard/engine/format.h"

#include "core/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void
wb_format_count(char *buf, size_t size, double n)
{
    char digits[32];
    snprintf(digits, sizeof(digits), "%.0f", n < 0 ? 0 : floor(n));
    size_t len = strlen(digits), out = 0;
    for (size_t i = 0; i < len && out + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
}

void
wb_format_duration(char *buf, size_t size, double seconds)
{
    long s = seconds > 0 ? (long)seconds : 0;
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

bool
wb_fit_text(char *buf, size_t size, const char *text, int px, bool bold, int max_w,
            wb_measure_fn measure, void *ctx)
{
    snprintf(buf, size, "%s", text);
    if (measure(ctx, buf, px, bold) <= max_w)
        return false;
    // Find the longest prefix that fits with the ellipsis by binary search over characters.
    size_t bounds[512], n = 0;
    for (size_t off = 0; text[off] && n < 511; off += core_utf8_next(text + off))
        bounds[n++] = off;
    bounds[n] = strlen(text);
    size_t lo = 0, hi = n; // answer: number of characters kept, in [0, n)
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        snprintf(buf, size, "%.*s…", (int)bounds[mid], text);
        if (measure(ctx, buf, px, bold) <= max_w)
            lo = mid;
        else
            hi = mid - 1;
    }
    snprintf(buf, size, "%.*s…", (int)bounds[lo], text);
    if (lo == 0 && measure(ctx, buf, px, bold) > max_w)
        buf[0] = '\0';
    return true;
}

void
wb_format_clock(char *buf, size_t size, double t)
{
    time_t s = (time_t)t;
    struct tm tm;
    if (localtime_r(&s, &tm) == NULL || strftime(buf, size, "%H:%M", &tm) == 0)
        snprintf(buf, size, "--:--");
}

const char *
wb_format_collector(const char *url, const char *name, enum wb_lang lang, char *buf, size_t size)
{
    if (name && name[0])
        return name;
    const char *host = strstr(url, "://");
    if (host == NULL)
        return url;
    if (strncmp(url, "ipc", 3) == 0 || strncmp(url, "inproc", 6) == 0)
        return wb_str(lang, WB_STR_THIS_MACHINE);
    host += 3;
    size_t len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
    snprintf(buf, size, "%.*s", (int)len, host);
    return buf;
}
