// SPDX-License-Identifier: MIT
// wb-push --ack: JSON lines to a collector's --push-ack socket in acknowledged batches (see
// collector/inputs/push_ack.h). Events without an id get PREFIX:N (N their line), so a batch
// sent again after a lost reply counts once; what was never acknowledged is said exactly.
#ifndef COL_PUSH_ACK_SEND_H
#define COL_PUSH_ACK_SEND_H

#include "net/net.h"

#include <stdio.h>

struct col_push_ack_totals {
    long events, accepted, rejected, duplicates, unacknowledged;
    long lines; // read so far, over every input of the run: N in the ids PREFIX:N
    char own_prefix[200];
};

// col_push_ack_send sends every line of in to url (prefix: the ids' prefix; NULL: one of this
// run's own, made once into t). t carries the run's counts and line numbers across its inputs,
// so two files' lines never share an id. Returns 0 when every event was acknowledged as kept,
// 1 otherwise (said on stderr).
int col_push_ack_send(const char *url, const struct wb_net_security *sec, const char *prefix,
                      FILE *in, struct col_push_ack_totals *t);

#endif
