// SPDX-License-Identifier: MIT
// UTF-8 checks and cutting, so no bad byte sequence reaches the screens.
#ifndef CORE_UTF8_H
#define CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

// core_utf8_valid tells whether s (len bytes) is well-formed UTF-8 without control characters
// other than tab (no overlongs, no surrogates, nothing past U+10FFFF).
bool core_utf8_valid(const char *s, size_t len);

// core_utf8_next returns the length in bytes of the character starting at s (1 to 4),
// assuming s is valid UTF-8 and not at its terminating NUL.
size_t core_utf8_next(const char *s);

// core_utf8_prefix_len returns the byte length of the longest prefix of s holding at most
// max_bytes bytes that does not split a character.
size_t core_utf8_prefix_len(const char *s, size_t max_bytes);

#endif
