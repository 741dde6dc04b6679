// SPDX-License-Identifier: MIT
// Phone-number runs in text (core/phone_digits.h).
#include "core/phone_digits.h"

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
is_separator(char c)
{
    return c == ' ' || c == '-' || c == '.';
}

// Finds the next run from *pos: its first and one-past-last byte and its digit count. A run is
// digits with single separators between them. False when there is none left.
static bool
next_run(const char *s, size_t len, size_t *pos, size_t *begin, size_t *end, size_t *digits)
{
    size_t i = *pos;
    while (i < len && !is_digit(s[i]))
        i++;
    if (i >= len)
        return false;
    *begin = i;
    *digits = 0;
    size_t last = i;
    while (i < len) {
        if (is_digit(s[i])) {
            (*digits)++;
            last = ++i;
        } else if (is_separator(s[i]) && i + 1 < len && is_digit(s[i + 1])) {
            // A dot after a Unix time starts its fraction, not more of a number.
            bool plain_time =
                s[*begin] == '1' && (*digits == 10 || *digits == 13) && i - *begin == *digits;
            if (s[i] == '.' && plain_time)
                break;
            i++;
        } else {
            break;
        }
    }
    *end = last;
    *pos = last;
    return true;
}

bool
core_has_phone_number(const char *s, size_t len)
{
    size_t pos = 0, begin, end, digits;
    while (next_run(s, len, &pos, &begin, &end, &digits)) {
        if (digits >= CORE_PHONE_MIN_DIGITS)
            return true;
    }
    return false;
}

// A Unix time in seconds or milliseconds (10 or 13 digits from 1, no separators, as in "ts",
// queue_log's first field and Asterisk's Uniqueid "1781704152.3807872"): not a number to hide.
static bool
unix_time(const char *s, size_t begin, size_t end, size_t digits)
{
    return s[begin] == '1' && (digits == 10 || digits == 13) && end - begin == digits;
}

size_t
core_mask_phone_numbers(char *s, size_t len)
{
    size_t pos = 0, begin, end, digits, masked = 0;
    bool after_time = false;
    while (next_run(s, len, &pos, &begin, &end, &digits)) {
        // The fraction of a time stamp or Uniqueid follows it at once, after a dot.
        bool fraction = after_time && begin > 0 && s[begin - 1] == '.';
        after_time = unix_time(s, begin, end, digits);
        if (digits < CORE_PHONE_MIN_DIGITS || after_time || fraction)
            continue;
        size_t keep = 4, seen = 0;
        for (size_t i = begin; i < end; i++) {
            if (is_digit(s[i]) && seen++ < digits - keep)
                s[i] = '*';
        }
        masked++;
    }
    return masked;
}
