// SPDX-License-Identifier: MIT
// Publishing events into NATS JetStream, so a site's feed reaches the region without a second
// integration. Each message carries a Nats-Msg-Id, so a resend (after an outage, or a restart
// that reads a line again) is dropped by the stream, not counted twice. Order matters (a call's
// end after its start): a thread of its own publishes each event once the stream has
// acknowledged the one before, and sends a failed one again before any later one.
#ifndef COL_NATS_OUT_H
#define COL_NATS_OUT_H

#include "collector/bus/nats_link.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct col_nats_out_queue; // events waiting to be published (between the caller and the thread)

struct col_nats_out {
    struct col_nats_link link;
    char subject[256];
    struct col_nats_out_queue *q;
    pthread_t thread;
    bool running;
    bool wait_when_full; // a batch tool waits for room; the collector's loop must not
};

// col_nats_out_open connects to urls and starts publishing to subject. Returns 0 or CORE_E_*.
int col_nats_out_open(struct col_nats_out *o, const char *urls, const char *subject,
                      struct core_err *err);

// col_nats_out_publish queues one event with id as its Nats-Msg-Id. When the queue is full (a
// long outage) it waits if wait_when_full is set, else drops the event and counts it.
void col_nats_out_publish(struct col_nats_out *o, const char *id, const char *data, size_t len);

struct col_nats_out_stats {
    uint64_t published; // acknowledged by the stream
    uint64_t waiting;   // queued, not yet acknowledged
    uint64_t resent;    // batches sent again after a failure
    uint64_t dropped;   // the queue was full
    bool up;
};

// col_nats_out_stats reads the counters (any thread).
struct col_nats_out_stats col_nats_out_stats(struct col_nats_out *o);

// col_nats_out_flush waits up to timeout_ms for the queue to be published. Returns how many
// events are still waiting.
size_t col_nats_out_flush(struct col_nats_out *o, int64_t timeout_ms);

// col_nats_out_close stops the thread and disconnects (flush first not to lose the queue).
void col_nats_out_close(struct col_nats_out *o);

#endif
