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
    bool discarding;           // inside an over-long message, until its blank line
    struct core_map calls;     // Uniqueid -> struct ami_call *
    struct core_map members;   // Interface -> struct ami_member *
    int64_t (*clock_ms)(void); // the time of events that carry no Timestamp
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

#endif
