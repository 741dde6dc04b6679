// SPDX-License-Identifier: MIT
// Asterisk Manager Interface: the byte stream split into messages (robust to any split across
// reads, LF or CRLF, very long values), and queue events turned into version-1 events.
// docs/ami.md maps every event.
#ifndef COL_AMI_H
#define COL_AMI_H

#include "collector/ingest/ingest.h"
#include "core/map.h"

#include <stddef.h>
#include <stdint.h>

#define COL_AMI_MESSAGE_MAX (64 * 1024) // a longer message is dropped (counted)

struct col_ami {
    char *buf; // bytes of the message being received
    size_t len, cap;
    bool discarding;         // inside an over-long message, until its blank line
    struct core_map calls;   // Uniqueid -> struct ami_call *
    struct core_map members; // Interface -> struct col_member *
    struct core_map names;   // MemberName -> its Interface (events that give only the name)
    size_t npending;         // callers whose way out of the queue is not known yet
    double oldest_pending;   // no caller has been in doubt since before this (0: none known)
    // A QueueStatus reply under way: the queues and callers Asterisk has, to close the callers
    // the state still has waiting that Asterisk no longer does (after a reconnect).
    bool status_round;
    struct core_map status_queues, status_callers;
    uint64_t resync_withdrawn;        // callers closed that way
    int64_t last_ts_ms, last_wall_ms; // the last event's time, and when it came (our clock)
    int64_t (*clock_ms)(void);        // the time of events that carry no Timestamp
    // Told of every reply to an action (Login, QueueStatus, Ping): its Response ("Success",
    // "Error", "Pong"…) and Message. NULL for a recorded stream.
    void (*on_response)(void *ctx, const char *response, const char *message);
    void *response_ctx;
    uint64_t messages, events, ignored, dropped;
};

// col_ami_init prepares a parser; clock_ms dates events without a Timestamp field (live: the
// wall clock). col_ami_fini frees it.
int col_ami_init(struct col_ami *a, int64_t (*clock_ms)(void));
void col_ami_fini(struct col_ami *a);

// col_ami_feed takes len more bytes of the stream from source and hands every complete message
// to the translation, which feeds in. Bytes may be split anywhere.
void col_ami_feed(struct col_ami *a, struct col_ingest *in, const char *source, const char *bytes,
                  size_t len);

// col_ami_reset forgets a half-received message (after a reconnection).
void col_ami_reset(struct col_ami *a);

// col_ami_settle decides how the callers still in doubt left their queue (an abandon with no
// hang-up after it is a timeout or an empty exit; a leave with no answer, an exit by key): those
// in doubt for more than two seconds at now_ms, or all of them (all: the stream ended).
void col_ami_settle(struct col_ami *a, struct col_ingest *in, const char *source, int64_t now_ms,
                    bool all);

// col_ami_tick settles what is due by Asterisk's clock now: the last event's time plus the time
// since it came (so a PBX clock that is off does not cut the grace short). Live, every step.
void col_ami_tick(struct col_ami *a, struct col_ingest *in, const char *source);

#endif
