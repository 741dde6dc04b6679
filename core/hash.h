// SPDX-License-Identifier: MIT
// FNV-1a, the one hash of short keys (map keys, line ids, draw-list entries, callers): cheap, and
// no adversary can flood what it keys. Start from CORE_FNV_START; feed bytes in any pieces.
#ifndef CORE_HASH_H
#define CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define CORE_FNV_START 1469598103934665603ULL
#define CORE_FNV_PRIME 1099511628211ULL

// core_fnv1a mixes the n bytes at data into h.
static inline uint64_t
core_fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * CORE_FNV_PRIME;
    return h;
}

// core_fnv1a_str mixes the string s (up to its NUL) into h, without a pass to measure it.
static inline uint64_t
core_fnv1a_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * CORE_FNV_PRIME;
    return h;
}

#endif
