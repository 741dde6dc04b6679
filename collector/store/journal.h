// SPDX-License-Identifier: MIT
// The journal: every accepted event is appended (with where it came from) before it changes the
// state, one file per local day; on start the collector replays it, so a restart loses nothing
// and a file input resumes exactly after the last line counted.
#ifndef COL_JOURNAL_H
#define COL_JOURNAL_H

#include "core/err.h"
#include "core/state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define COL_JOURNAL_INPUTS 16

// How far a file input had been read, as the journal remembers it.
struct col_journal_position {
    char source[256];
    int64_t offset; // bytes, just after the last line journaled
    long line;
};

struct col_journal {
    char dir[512];
    int keep_days;
    FILE *file;
    char day[16]; // "YYYY-MM-DD" of the open file
    uint64_t appended, errors;
    uint64_t synced;      // appended events on the disk (fdatasync done)
    int64_t last_line_at; // byte offset in the day's file of the last line appended
    int64_t last_sync_ms, last_complaint_ms;
    bool restored_from_checkpoint;
    char last_source[256]; // the source of the last line, and its name as JSON, so the usual
    char last_quoted[512]; // case of one source after another is not escaped every time
    size_t npositions;
    struct col_journal_position positions[COL_JOURNAL_INPUTS];
};

// What replays one journaled event (the ingest's own path): 0 when it was applied.
typedef int (*col_journal_replay_fn)(void *ctx, const char *raw, size_t len);

// col_journal_open makes dir if needed and removes journals older than keep_days. Returns 0 or
// CORE_E_IO with err naming the folder.
int col_journal_open(struct col_journal *j, const char *dir, int keep_days, struct core_err *err);

// col_journal_restore rebuilds the (fresh) state st: from the checkpoint and the events journaled
// after it, each handed to replay, or, without a usable checkpoint, from the two newest journal
// files. A last line that a crash left unfinished is cut off. Learns the file inputs'
// positions. Returns the number of events replayed from the journal, or -1 on a read error.
long col_journal_restore(struct col_journal *j, struct core_state *st, col_journal_replay_fn replay,
                         void *replay_ctx);

// col_journal_position returns the remembered position of a file input, or NULL.
const struct col_journal_position *col_journal_position(const struct col_journal *j,
                                                        const char *source);

// col_journal_append writes one accepted event, stamped with its source, line and the
// source's byte offset after it (-1 when the source has no offsets), into the file of the local
// day of now_ms. A failure (disk full) is counted and said on stderr, at most once a minute;
// the collector goes on serving.
void col_journal_append(struct col_journal *j, int64_t now_ms, int64_t mono_ms, const char *source,
                        long line, int64_t offset, const char *raw, size_t len);

// col_journal_flush hands what was appended to the kernel (call after each batch), and to the
// disk at most once a second (then synced = appended).
void col_journal_flush(struct col_journal *j, int64_t mono_ms);

// col_journal_tail calls each(ctx, day, offset, event, len) for the last n events of the newest
// journal file, oldest first: day and offset name the line (as last_line_at does), event is the
// event's JSON. Returns the number passed, or -1 when the file cannot be read.
long col_journal_tail(struct col_journal *j, long n,
                      void (*each)(void *ctx, const char *day, int64_t offset, const char *event,
                                   size_t len),
                      void *ctx);

// col_journal_sync puts everything appended on the disk now.
void col_journal_sync(struct col_journal *j);

// col_journal_checkpoint writes st and where the journal stands (file, offset, the file inputs'
// positions) to DIR/checkpoint.json, atomically (a new file renamed over the old). A restart then
// loads it and replays only what was journaled after. Returns 0, or -1 (said on stderr; the
// journal alone still restores everything).
int col_journal_checkpoint(struct col_journal *j, const struct core_state *st);

// col_journal_close flushes, syncs and closes.
void col_journal_close(struct col_journal *j);

#endif
