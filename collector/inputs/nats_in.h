// SPDX-License-Identifier: MIT
// Events from a NATS JetStream stream (the bus between sites): a pull consumer, durable when the
// collector journals. Events are taken strictly in stream order (the order of a call's events
// matters), so the journal's last stream sequence says exactly what was counted: a restart
// places the durable consumer just after it, whatever the server thinks was acknowledged. A
// message is acknowledged once its event is on the journal's disk; a redelivery is known by its
// sequence, an event sent twice by its id (its own, or the message's Nats-Msg-Id).
#ifndef COL_NATS_IN_H
#define COL_NATS_IN_H

#include "collector/bus/nats_link.h"
#include "collector/ingest/ingest.h"
#include "collector/inputs/input.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct col_journal;

struct col_nats_in_config {
    const char *urls;     // one server or a cluster, comma-separated
    const char *stream;   // created when absent
    const char *durable;  // consumer name (NULL: an ephemeral consumer reading the whole stream)
    const char *subjects; // the stream's subjects, comma-separated; the consumer takes them all
    int replicas;         // of a stream this collector creates
    uint64_t start_after; // the last stream sequence journaled (0: none): reading resumes after
};

struct col_nats_pending; // messages between the fetching thread and the poll loop

struct col_nats_in {
    struct col_nats_in_config cfg;
    struct col_nats_link link;
    char source[160]; // "nats:STREAM": names the input in rejects, the journal and the health
    int fd;           // readable when fetched messages wait (the poll loop's end of a pipe)
    int wake_fd;
    pthread_t fetcher;
    bool fetching;
    struct col_nats_pending *pending;
    // Counted by the poll loop:
    uint64_t received, acked, ack_failures, redelivered;
    uint64_t resubscribed;     // deliveries found lost, read again from the stream
    _Atomic uint64_t last_seq; // the last stream sequence taken (read by the fetching thread)
    uint64_t lag;              // messages in the stream not yet delivered to this consumer
    // Set by the fetching thread (under the pending lock):
    char last_error[200];
    bool ready; // the stream and consumer exist and messages are being fetched
};

// col_nats_in_open connects and starts fetching in a thread of its own (stream and consumer are
// made there, once a server answers). Returns 0 or CORE_E_* with err saying why.
int col_nats_in_open(struct col_nats_in *n, const struct col_nats_in_config *cfg,
                     struct core_err *err);

// col_nats_in_pump feeds up to max fetched messages to col_ingest_raw(). Returns the number fed.
size_t col_nats_in_pump(struct col_nats_in *n, struct col_ingest *in, size_t max);

// col_nats_in_ack acknowledges the messages whose events are on the disk (journal NULL: all).
void col_nats_in_ack(struct col_nats_in *n, const struct col_journal *journal);

// col_nats_in_unacked returns how many ingested messages wait for the disk.
size_t col_nats_in_unacked(const struct col_nats_in *n);

// col_nats_in_health fills the state's source entry: up, events, errors, last error.
void col_nats_in_health(struct col_nats_in *n, bool *up, char *error, size_t error_size);

// col_nats_in_close stops the thread, acknowledges nothing more, and disconnects.
void col_nats_in_close(struct col_nats_in *n);

// The bus as a live input (inputs/input.h): messages acknowledged once journaled, the link's
// health said in the log once per change (down only after a grace period, so a start or a
// reconnect that takes a moment is not reported).
struct col_nats_input {
    struct col_input base;
    struct col_nats_in nats;
    int said;              // what the log last said of the bus: -1 nothing, 0 down, 1 up
    int64_t down_since_ms; // wall time it went down (0: up)
};

// col_nats_input_open opens the consumer of cfg, resuming after the last stream sequence the
// journal (may be NULL) holds. Returns it (freed by its close) or NULL with err saying why.
struct col_nats_input *col_nats_input_open(const struct col_nats_in_config *cfg,
                                           const struct col_journal *journal, struct core_err *err);

#endif
