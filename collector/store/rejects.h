// SPDX-License-Identifier: MIT
// Rejected input: said on stderr (rate-limited), kept in the rejects file for inspection.
#ifndef COL_REJECTS_H
#define COL_REJECTS_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct col_rejects {
    FILE *file; // NULL: not kept
    char path[512];
    int64_t window_s;     // the second the stderr budget counts in
    unsigned said;        // lines said on stderr in that second
    unsigned long hushed; // lines not said since the last summary
};

// col_rejects_open opens (appends to) path; path NULL or "" keeps no file. Returns 0 or
// CORE_E_IO with err filled.
int col_rejects_open(struct col_rejects *r, const char *path, struct core_err *err);

// col_rejects_close flushes and closes the file.
void col_rejects_close(struct col_rejects *r);

// col_rejects_add reports one rejected input: err says where and why, raw/len is the input as
// received, wall_ms the time of receipt. At most 20 lines a second reach stderr; the rest are
// summed up in one line.
void col_rejects_add(struct col_rejects *r, const struct core_err *err, const char *raw, size_t len,
                     int64_t wall_ms);

#endif
