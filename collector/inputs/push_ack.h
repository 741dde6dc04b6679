// SPDX-License-Identifier: MIT
// Acknowledged pushes (--push-ack URL, an nng REP socket): a request is a batch of JSON events,
// one per line; the reply says how many were accepted, rejected and already counted, and comes
// only once the batch is in the journal (written to the kernel: a kill -9 loses none of it).
// `wb-push --ack` sends such batches, gives id-less events ids so a resent batch counts once,
// and reports exactly what was not acknowledged. docs/bus.md describes the exchange.
#ifndef COL_PUSH_ACK_H
#define COL_PUSH_ACK_H

#include "collector/inputs/input.h"
#include "net/net.h"

#define COL_PUSH_ACK_BATCH_MAX (4 * 1024 * 1024) // bytes in one request

// col_push_ack_input listens on url as a live input (inputs/input.h). Returns it (freed by its
// close) or NULL with err saying why.
struct col_input *col_push_ack_input(const char *url, const struct wb_net_security *sec,
                                     struct core_err *err);

#endif
