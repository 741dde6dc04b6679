// SPDX-License-Identifier: MIT
// The TCP side of a long-lived PBX client (AMI, FreeSWITCH's event socket), never blocking the
// collector's loop: connecting, reading, sending what is queued, and going down with the reason
// said once and a backoff before the next try (1 s doubling to 30 s, or longer after a
// refusal). The protocols on top are their own (ami_client.c, esl_client.c).
#ifndef COL_TCP_LINK_H
#define COL_TCP_LINK_H

#include "core/err.h"

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct col_tcp_link {
    char host[256];
    char port[16];
    char name[300]; // "ami HOST:PORT": the source's name in messages and in the state
    int fd;         // -1 when down
    bool connecting;
    int64_t next_attempt_ms, backoff_ms;
    int64_t last_rx_ms, last_ping_ms, connected_ms;
    char out[8192]; // what is queued to send
    size_t out_len, out_sent;
    uint64_t connects, disconnects;
    char last_error[400];
};

// col_tcp_link_init prepares a link to "HOST:PORT" named "KIND HOST:PORT". Returns 0, or
// CORE_E_INVALID with err saying how to write it (option, e.g. "--ami", and an example).
int col_tcp_link_init(struct col_tcp_link *l, const char *kind, const char *host_port,
                      const char *option, const char *example, struct core_err *err);

// col_tcp_link_close closes the socket if open.
void col_tcp_link_close(struct col_tcp_link *l);

// col_tcp_link_down closes the link (said with why when it was open), forgets what was queued,
// and sets the next try after the backoff, which then doubles up to 30 s.
void col_tcp_link_down(struct col_tcp_link *l, int64_t now, const char *why);

// col_tcp_link_refused makes the next try wait retry_ms (a refused login), saying why.
void col_tcp_link_refused(struct col_tcp_link *l, const char *why, int64_t retry_ms);

// col_tcp_link_up resets the backoff once the peer accepted the client.
void col_tcp_link_up(struct col_tcp_link *l);

// col_tcp_link_queue appends text to what is to be sent; false when it does not fit (a ping can
// wait for the next turn).
bool col_tcp_link_queue(struct col_tcp_link *l, const char *text);

// col_tcp_link_poll sets what to wait for in pfd (the socket or -1, POLLIN/POLLOUT) and lowers
// *wake_mono_ms to the latest time to come back: the next try when down, else the next ping
// after ping_every_ms (an input's poll, inputs/input.h).
void col_tcp_link_poll(const struct col_tcp_link *l, struct pollfd *pfd, int64_t *wake_mono_ms,
                       int64_t ping_every_ms);

// col_tcp_link_connect does the connecting part of a step at now: starts a connection when one
// is due, finishes one under way. Returns 1 when the link has just come up (the caller greets
// the peer), 2 when it was up already, 0 when it is not up (nothing more to do this step).
int col_tcp_link_connect(struct col_tcp_link *l, int64_t now, int64_t limit_ms);

// col_tcp_link_read reads what has come (a bounded number of reads) and hands each piece to fn;
// a closed or broken connection goes down ("PEER closed the connection"). Stops early when
// *stop becomes true (the protocol decided to close).
void col_tcp_link_read(struct col_tcp_link *l, int64_t now, const char *peer,
                       void (*fn)(void *ctx, const char *bytes, size_t len), void *ctx,
                       const bool *stop);

// col_tcp_link_flush sends what is queued; a lost connection goes down.
void col_tcp_link_flush(struct col_tcp_link *l, int64_t now);

#endif
