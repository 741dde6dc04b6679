// SPDX-License-Identifier: MIT
// JSON lines from a file descriptor (a file, a pipe, stdin), read without blocking the loop.
#ifndef COL_LINES_H
#define COL_LINES_H

#include "collector/ingest/ingest.h"

#include <stdbool.h>
#include <stddef.h>

struct col_lines {
    int fd;
    char name[256]; // for messages: the path, or "stdin"
    char *buf;
    size_t len, cap;
    long line;     // lines read so far
    bool skipping; // inside an over-long line, discarding until its end
    bool eof;
    bool follow;        // a growing file: at its end, keep an unfinished last line for later
    int64_t read_total; // bytes read since the start of the file (or the resumed offset)
    bool seekable;      // a regular file: its lines have offsets, and it can be resumed
    // A translator for lines that are not version-1 events (queue_log): NULL feeds each line to
    // col_ingest_raw() as it is.
    void (*translate)(void *ctx, struct col_ingest *in, const char *source, long line,
                      const char *text, size_t len);
    void *translate_ctx;
};

// col_lines_open opens path ("-" for stdin) for reading. Returns 0 or CORE_E_IO.
int col_lines_open(struct col_lines *l, const char *path, struct core_err *err);

// col_lines_resume skips a file input to offset (just after line line), as the journal
// remembers it. A file now shorter than that was replaced or truncated: it is read from its
// start (and said so). Returns true when it resumed.
bool col_lines_resume(struct col_lines *l, int64_t offset, long line);

// col_lines_check_rotation, for a followed file at its end: a file renamed away and replaced
// (logrotate) is reopened at the new file's start; a file truncated in place (copytruncate) is
// read again from its start. Says which on stderr. Returns true if it reopened or rewound.
bool col_lines_check_rotation(struct col_lines *l);

// col_lines_close closes the descriptor (unless stdin) and frees the buffer.
void col_lines_close(struct col_lines *l);

// col_lines_pump reads what is available (at most max_lines lines) and feeds each complete
// line to col_ingest_raw(). Blank lines are skipped. Returns the number of lines fed; sets
// l->eof at end of input (a final line without a newline is fed then, unless l->follow; the
// caller clears eof to read on as a followed file grows).
size_t col_lines_pump(struct col_lines *l, struct col_ingest *in, size_t max_lines);

#endif
