// SPDX-License-Identifier: MIT
// A connection to a NATS server or cluster with JetStream, shared by the bus input and output:
// it retries at start, reconnects for ever, and says whether it is up (read from any thread).
#ifndef COL_NATS_LINK_H
#define COL_NATS_LINK_H

#include "core/err.h"

#include <nats/nats.h>
#include <stdatomic.h>
#include <stdbool.h>

struct col_nats_link {
    natsConnection *nc;
    jsCtx *js;
    natsOptions *opts;
    atomic_bool up;          // connected to a server now
    atomic_uint disconnects; // times the link went down
    atomic_bool closed;      // nats.c's last callback has run: none will touch this any more
    char urls[1024];         // as given: one URL or several, comma-separated (a cluster)
};

// col_nats_link_open connects to urls ("nats://a:4222,nats://b:4222"). A server that is not
// up yet is not an error: the link keeps trying. name names this client to the servers;
// on_publish_error (NULL for none) hears of asynchronous publishes that failed.
// Returns 0 or CORE_E_IO / CORE_E_INVALID with err saying why.
int col_nats_link_open(struct col_nats_link *l, const char *urls, const char *name,
                       jsPubAckErrHandler on_publish_error, void *closure, struct core_err *err);

// col_nats_link_close drains nothing: pending work belongs to the users of the link. It
// returns once nats.c has made its last callback into l (or after 5 s), so l may be freed.
void col_nats_link_close(struct col_nats_link *l);

#endif
