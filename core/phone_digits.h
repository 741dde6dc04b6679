// SPDX-License-Identifier: MIT
// Phone numbers inside other text (a keyword, a rejected input): found, so that a caller's number
// is never published to the screens nor kept in a file. A number here is a run of 7 or more
// digits, single spaces, dashes or dots allowed between them ("139 1234 5678", "025-8456-1234").
#ifndef CORE_PHONE_DIGITS_H
#define CORE_PHONE_DIGITS_H

#include <stdbool.h>
#include <stddef.h>

#define CORE_PHONE_MIN_DIGITS 7

// core_has_phone_number tells whether the len bytes at s hold such a run.
bool core_has_phone_number(const char *s, size_t len);

// core_mask_phone_numbers replaces, in place, every digit of each such run but its last four with
// '*' ("+8613912345678" -> "+8*********5678"). Unix times (10 or 13 digits from 1, as in "ts",
// queue_log lines and Asterisk Uniqueids, with their fraction) are left as they are. Returns how
// many runs it masked.
size_t core_mask_phone_numbers(char *s, size_t len);

#endif
