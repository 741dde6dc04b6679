// SPDX-License-Identifier: MIT
// The TCP steps a PBX client takes without ever blocking the collector's loop: reading
// HOST:PORT, starting a connection, telling when it is made, sending what is queued.
#ifndef COL_TCP_LINK_H
#define COL_TCP_LINK_H

#include <stddef.h>

// col_tcp_split reads "HOST:PORT" (the last colon splits). Returns 0, or -1 when either part
// is empty or too long.
int col_tcp_split(const char *host_port, char *host, size_t host_size, char *port,
                  size_t port_size);

// col_tcp_connect starts a non-blocking connection. Returns the socket, or -1 with why (a name
// that does not resolve, a refused connection) written in words.
int col_tcp_connect(const char *host, const char *port, char *why, size_t why_size);

// col_tcp_connected tells whether the connection started on fd is made: 1 yes, 0 not yet, -1
// failed (why written).
int col_tcp_connected(int fd, char *why, size_t why_size);

// col_tcp_flush sends what remains of buf (*len bytes, *sent of them gone already); once all is
// gone both are 0. Returns 0, or -1 when the connection is lost.
int col_tcp_flush(int fd, char *buf, size_t *len, size_t *sent);

#endif
