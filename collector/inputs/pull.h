// SPDX-License-Identifier: MIT
// JSON events pushed by any other program to the collector's nng PULL socket.
#ifndef COL_PULL_H
#define COL_PULL_H

#include "collector/ingest/ingest.h"
#include "collector/inputs/input.h"
#include "net/net.h"

#include <nng/nng.h>
#include <nng/protocol/pipeline0/pull.h>
#include <stddef.h>
#include <stdint.h>

struct col_pull {
    nng_socket sock;
    int fd;        // becomes readable when a message waits
    long messages; // messages received so far (the "line" number in messages)
};

// col_pull_open listens on url (e.g. tcp://127.0.0.1:7410; tls+tcp:// with sec's files).
// Returns 0, CORE_E_INVALID (net.h's checks) or CORE_E_IO.
int col_pull_open(struct col_pull *p, const char *url, const struct wb_net_security *sec,
                  struct core_err *err);

// col_pull_close closes the socket.
void col_pull_close(struct col_pull *p);

// col_pull_pump feeds up to max waiting messages to col_ingest_raw(), without blocking.
// A message holds one event (a trailing newline is fine). Returns the number fed.
size_t col_pull_pump(struct col_pull *p, struct col_ingest *in, size_t max);

// col_pull_input opens the PULL socket (col_pull_open) as a live input (inputs/input.h).
// Returns it (freed by its close) or NULL with err saying why.
struct col_input *col_pull_input(const char *url, const struct wb_net_security *sec,
                                 struct core_err *err);

#endif
