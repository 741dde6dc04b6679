// SPDX-License-Identifier: MIT
// The one path every input takes: validate, then apply to the state or reject with a reason.
#ifndef COL_INGEST_H
#define COL_INGEST_H

#include "collector/store/rejects.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

struct col_journal;
struct col_parse_ahead;
struct col_parsed;

#define COL_INGEST_SOURCES 16 // inputs counted apart in the metrics (more share the last)

// Events from one input: accepted, rejected, and duplicates (counted once before).
struct col_input_tally {
    char source[128];
    uint64_t accepted, rejected, duplicates;
};

struct col_ingest {
    struct core_state *state;    // borrowed
    struct col_rejects *rejects; // borrowed
    int64_t (*wall_ms)(void);    // time of receipt, for the rejects file
    struct col_journal *journal; // borrowed; NULL: accepted events are not journaled
    int64_t offset;              // set by a file input before each line: its offset after it
    const char *default_id;      // set by the bus input: the event's id when it has none
    const char *default_site;    // set by the bus input: the event's site when it has none
    // Called with every accepted event once journaled (--publish-nats); id is the event's own
    // ("" if none); offset as above (-1: the source has no offsets).
    void (*forward)(void *ctx, const char *id, const char *source, long line, int64_t offset,
                    const char *raw, size_t len);
    void *forward_ctx;
    // Set in a replay: lines are parsed on a second thread and applied in batches, in order
    // (collector/ingest/parse_ahead.h); col_ingest_raw then returns 0 for every line.
    struct col_parse_ahead *ahead;
    size_t nsources; // per input, for the metrics endpoint
    struct col_input_tally sources[COL_INGEST_SOURCES];
};

// col_ingest_raw validates one event (len bytes of JSON, no trailing newline needed) read from
// source at line (or message number) line, and applies it or rejects it. Returns 0 when the
// event was applied (or queued to be, with ahead), the CORE_E_* reason when it was rejected.
int col_ingest_raw(struct col_ingest *in, const char *source, long line, const char *raw,
                   size_t len);

// col_ingest_parsed takes a line parsed ahead (ctx is the col_ingest): the rest of
// col_ingest_raw's way, on the main thread. It is parse_ahead's apply hook.
void col_ingest_parsed(void *ctx, struct col_parsed *p);

// col_ingest_reject records input that never got as far as parsing (an over-long line, say).
void col_ingest_reject(struct col_ingest *in, const char *source, long line, int code,
                       const char *text, const char *raw, size_t len);

#endif
