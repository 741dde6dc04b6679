// SPDX-License-Identifier: MIT
// Parsing ahead on a second core, for --replay: a worker thread parses each batch of lines
// (and segments the text events' texts, the two costs a replay cannot avoid, each about as
// large as all the rest) while the main thread applies the batch before it. Batches are handed
// over whole and applied in order, so the state, the journal and the rejects are exactly what
// parsing line by line gives; only the thread doing the parse differs.
#ifndef COL_PARSE_AHEAD_H
#define COL_PARSE_AHEAD_H

#include "core/err.h"
#include "core/event.h"

#include <stddef.h>
#include <stdint.h>

#define COL_AHEAD_BATCH 64 // lines a batch: ~0.7 MB of parsed events, a handover per 64

struct col_ingest;
struct col_parse_ahead;

// One parsed line, as col_ingest_parsed() takes it.
struct col_parsed {
    const char *source;
    long line;
    int64_t offset;
    const char *raw;
    size_t len;
    int rc; // core_event_parse's
    struct core_err err;
    struct core_event ev;
};

// col_parse_ahead_new starts the worker; segment (NULL: none) is run on the text of each text
// event there, the state's segment hook then left alone for those events. apply is called on
// the main thread with every parsed line, in order. NULL when the thread cannot start (the
// caller then parses line by line).
struct col_parse_ahead *col_parse_ahead_new(
    size_t (*segment)(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max),
    void *segment_ctx, void (*apply)(void *ctx, struct col_parsed *p), void *apply_ctx);

// col_parse_ahead_add copies a line into the batch being filled (source must outlive the next
// flush). A full batch goes to the worker, and the one before it is applied.
void col_parse_ahead_add(struct col_parse_ahead *a, const char *source, long line, int64_t offset,
                         const char *raw, size_t len);

// col_parse_ahead_flush applies every line added so far (before a checkpoint, a reject that did
// not parse, the end).
void col_parse_ahead_flush(struct col_parse_ahead *a);

// col_parse_ahead_free flushes, stops the worker and frees a; NULL is a no-op.
void col_parse_ahead_free(struct col_parse_ahead *a);

#endif
