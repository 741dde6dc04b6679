// SPDX-License-Identifier: MIT
// Publishing events into NATS JetStream, so a site's feed reaches the region without a second
// integration. Each message carries a Nats-Msg-Id, so a resend (after an outage, or a restart
// that reads a line again) is dropped by the stream, not counted twice. Order matters (a call's
// end after its start): while any message waits for a resend, new ones queue behind it, and
// resends go in the order the messages were first published.
#ifndef COL_NATS_OUT_H
#define COL_NATS_OUT_H

#include "collector/nats_link.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct col_nats_out {
    struct col_nats_link link;
    char subject[256];
    pthread_mutex_t lock; // the retry list is filled by nats.c's thread
    natsMsg **retry;      // failed publishes, sent again when the link is up
    size_t nretry, retry_cap;
    uint64_t published, failed, dropped; // dropped: the retry list was full
    uint64_t next_order;                 // numbers the messages, so resends keep their order
    bool wait_when_full; // a batch tool waits for the stream; the collector's loop must not
};

// col_nats_out_open connects to urls; events go to subject. With wait_when_full a publish
// waits while the stream is behind; without, it joins the resend list. Returns 0 or CORE_E_*.
int col_nats_out_open(struct col_nats_out *o, const char *urls, const char *subject,
                      bool wait_when_full, struct core_err *err);

// col_nats_out_publish sends one event (asynchronously) with id as its Nats-Msg-Id.
void col_nats_out_publish(struct col_nats_out *o, const char *id, const char *data, size_t len);

// col_nats_out_retry sends the failed publishes again, if the link is up. Call now and then.
void col_nats_out_retry(struct col_nats_out *o);

// col_nats_out_flush waits up to timeout_ms for every publish to be acknowledged (retrying the
// failed ones). Returns how many are still not acknowledged.
size_t col_nats_out_flush(struct col_nats_out *o, int64_t timeout_ms);

// col_nats_out_close disconnects (call col_nats_out_flush first not to lose what is pending).
void col_nats_out_close(struct col_nats_out *o);

#endif
