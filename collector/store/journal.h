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

// Lines are appended to a buffer of the collector's own and written to the day's file with
// write(2) after each batch. A write that fails (a full disk) is cut back to the last whole line
// and the lines stay in the buffer, in order, retried until they are written: the file never
// has a gap or a spliced line, a file input's journaled position never passes what is in the
// file, and at a crash the inputs that can read again (files, NATS, acknowledged pushes)
// resume from the first event not on the disk.
#define COL_JOURNAL_BACKLOG_MAX ((size_t)64 << 20) // bytes that may wait for a failing disk

struct col_journal {
    char dir[512];
    int keep_days;
    int fd;       // the day's file, -1 before the first line
    char day[16]; // "YYYY-MM-DD" of the open file
    char *buf;    // lines appended and not yet written to the file (the backlog while failing)
    size_t buf_len, buf_cap;
    int64_t written;         // bytes of the day's file that are whole lines
    uint64_t appended;       // events appended (to the buffer)
    uint64_t written_events; // of them, in the file (handed to the kernel)
    uint64_t synced;         // of them, on the disk (fdatasync done)
    uint64_t errors;         // failed writes and syncs
    uint64_t lost;           // events not kept: the backlog was full
    bool failing;            // the last write or sync failed: lines wait in the buffer
    int64_t failing_since_ms, last_retry_ms;
    int64_t last_line_at; // byte offset in the day's file of the last line appended
    int64_t last_sync_ms, last_complaint_ms;
    bool restored_from_checkpoint;
    char last_source[256]; // the source of the last line, and its name as JSON, so the usual
    char last_quoted[512]; // case of one source after another is not escaped every time
    size_t npositions;
    struct col_journal_position positions[COL_JOURNAL_INPUTS];
    size_t nidentities; // each file input's device and inode (DIR/inputs.json)
    struct col_journal_identity {
        char name[256];
        uint64_t dev, ino;
    } identities[COL_JOURNAL_INPUTS];
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

// A file input is one file by its device and inode, whatever its name: DIR/inputs.json keeps
// them, so a file replaced or rotated while the collector was stopped is read from its start,
// and a file known by another name (a hard link, another mount) resumes where that name was.
// col_journal_identity returns the identity recorded for name (NULL: none).
const struct col_journal_identity *col_journal_identity(const struct col_journal *j,
                                                        const char *name);

// col_journal_name_of returns the name recorded with dev and ino, or NULL.
const char *col_journal_name_of(const struct col_journal *j, uint64_t dev, uint64_t ino);

// col_journal_set_identity records name's identity (written to DIR/inputs.json at once).
void col_journal_set_identity(struct col_journal *j, const char *name, uint64_t dev, uint64_t ino);

// col_journal_position returns the remembered position of a file input, or NULL.
const struct col_journal_position *col_journal_position(const struct col_journal *j,
                                                        const char *source);

// col_journal_append adds one accepted event, stamped with its source, line and the source's
// byte offset after it (-1 when the source has no offsets), for the file of the local day of
// now_ms (the day's file changes once nothing waits for the old one). Returns 0, or -1 when the
// backlog is full and the event is not kept (counted in lost, said on stderr).
int col_journal_append(struct col_journal *j, int64_t now_ms, int64_t mono_ms, const char *source,
                       long line, int64_t offset, const char *raw, size_t len);

// col_journal_full: the backlog is full; inputs that can read again later (files) wait.
bool col_journal_full(const struct col_journal *j);

// col_journal_bytes returns the size of the day's file with what waits to be written.
int64_t col_journal_bytes(const struct col_journal *j);

// col_journal_flush writes what was appended to the file (call after each batch; while failing,
// retried at most every 500 ms), and puts it on the disk at most once a second. A failure is
// counted and said on stderr (at most once a minute), and so is the recovery.
void col_journal_flush(struct col_journal *j, int64_t mono_ms);

// col_journal_tail calls each(ctx, day, offset, event, len) for the last n events of the newest
// journal file, oldest first: day and offset name the line (as last_line_at does), event is the
// event's JSON. Returns the number passed, or -1 when the file cannot be read.
long col_journal_tail(struct col_journal *j, long n,
                      void (*each)(void *ctx, const char *day, int64_t offset, const char *event,
                                   size_t len),
                      void *ctx);

// col_journal_sync writes and puts on the disk everything appended, now, if it can.
void col_journal_sync(struct col_journal *j);

// col_journal_checkpoint writes st and where the journal stands (file, offset, the file inputs'
// positions) to DIR/checkpoint.json, atomically (a new file renamed over the old). A restart then
// loads it and replays only what was journaled after. Not while lines wait for a failing disk
// (the state holds events the file does not). Returns 0, or -1 (said on stderr; the journal
// alone still restores everything).
int col_journal_checkpoint(struct col_journal *j, const struct core_state *st);

// col_journal_close flushes, syncs and closes.
void col_journal_close(struct col_journal *j);

#endif
