// SPDX-License-Identifier: MIT
// Publishing the state to the screens: nng PUB for snapshots and deltas, nng REP for a
// snapshot on request (a screen that joins late or sees a gap in sequence numbers).
#ifndef COL_PUBLISH_H
#define COL_PUBLISH_H

#include "collector/outputs/tokens.h"
#include "core/err.h"
#include "core/state.h"
#include "net/net.h"

#include <nng/nng.h>
#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <stdbool.h>
#include <stdint.h>

struct col_publish {
    nng_socket pub, rep;
    int rep_fd;      // becomes readable when a request waits
    uint64_t run_id; // names this run of the collector, so screens notice a restart
    uint64_t seq;    // sequence number of the last message published
    uint64_t sent, send_failed, requests;
    _Atomic int screens;    // connected to PUB now (nng's pipe callbacks count them)
    size_t last_full_bytes; // the size of the last full snapshot, published or asked for
    char *snapshot;         // the last snapshot answered on request, and the seq it carries:
    uint64_t snapshot_seq;  // screens joining together (a restart) share one, not build 200
    const struct col_tokens *tokens; // acknowledgements must carry one (NULL: refused); borrowed
};

// col_publish_open listens on pub_url and rep_url (e.g. tcp://127.0.0.1:7411; tls+tcp://
// with sec's files). run_id names this run. Returns 0, CORE_E_INVALID (net.h's checks) or
// CORE_E_IO with err naming the address and nng's reason.
int col_publish_open(struct col_publish *p, const char *pub_url, const char *rep_url,
                     uint64_t run_id, const struct wb_net_security *sec, struct core_err *err);

// col_publish_close closes both sockets.
void col_publish_close(struct col_publish *p);

// col_publish_state publishes a full snapshot (full) or a delta of what changed, as the next
// sequence number, and marks the state as published. Returns 0 or CORE_E_NOMEM.
int col_publish_state(struct col_publish *p, struct core_state *st, bool full);

// col_publish_serve answers the requests waiting on the REP socket without blocking.
void col_publish_serve(struct col_publish *p, struct core_state *st);

#endif
