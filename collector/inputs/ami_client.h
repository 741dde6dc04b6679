// SPDX-License-Identifier: MIT
// The live AMI connection: TCP to Asterisk's manager port, Login, QueueStatus so the screens are
// right at once, Ping so a silently dead link is noticed within seconds, and reconnection with
// backoff (slowly after a refused login). All non-blocking, driven by the collector's poll loop.
#ifndef COL_AMI_CLIENT_H
#define COL_AMI_CLIENT_H

#include "collector/inputs/ami.h"
#include "collector/inputs/input.h"
#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

enum col_ami_phase { AMI_DOWN, AMI_CONNECTING, AMI_LOGGING_IN, AMI_UP };

struct col_ami_client {
    char host[256];
    char port[16];
    char name[300]; // "ami HOST:PORT", the source's name in messages and in the state
    char username[128];
    char secret[128];
    int fd; // -1 when down
    enum col_ami_phase phase;
    struct col_ami parser;
    int64_t next_attempt_ms, backoff_ms;
    int64_t last_rx_ms, last_ping_ms, connected_ms;
    char out[1024]; // an action being sent
    size_t out_len, out_sent;
    uint64_t connects, disconnects, refused_logins;
    char last_error[400];
};

// col_ami_client_init reads FILE ({"username": …, "secret": …}), refusing one that group or
// others may read, and prepares a connection to "HOST:PORT". Returns 0, or CORE_E_IO /
// CORE_E_INVALID with err saying what to fix.
int col_ami_client_init(struct col_ami_client *c, const char *host_port,
                        const char *credentials_path, struct core_err *err);

// col_ami_client_fini closes and frees.
void col_ami_client_fini(struct col_ami_client *c);

// col_ami_client_poll tells what to wait for: the socket (or -1) and POLLIN/POLLOUT, and the
// latest time the loop should come back (a reconnection or a ping due).
int col_ami_client_poll(const struct col_ami_client *c, short *events, int64_t *wake_mono_ms);

// col_ami_client_step does what is due at mono_ms: connects, logs in, reads and translates
// events into in, pings, notices a dead link and reconnects.
void col_ami_client_step(struct col_ami_client *c, struct col_ingest *in, int64_t mono_ms);

// col_ami_client_input connects to host_port as a live input (inputs/input.h), its health the
// link's. Returns it (freed by its close) or NULL with err saying why (col_ami_client_init).
struct col_input *col_ami_client_input(const char *host_port, const char *credentials_path,
                                       struct core_err *err);

#endif
