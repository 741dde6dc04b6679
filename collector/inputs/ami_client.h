// SPDX-License-Identifier: MIT
// The live AMI connection: TCP to Asterisk's manager port, Login, QueueStatus so the screens are
// right at once, Ping so a silently dead link is noticed within seconds, and reconnection with
// backoff (slowly after a refused login). All non-blocking, driven by the collector's poll loop.
#ifndef COL_AMI_CLIENT_H
#define COL_AMI_CLIENT_H

#include "collector/inputs/ami.h"
#include "collector/inputs/input.h"
#include "collector/inputs/tcp_link.h"
#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

enum col_ami_phase { AMI_DOWN, AMI_LOGGING_IN, AMI_UP };

struct col_ami_client {
    struct col_tcp_link link; // "ami HOST:PORT"
    char username[128];
    char secret[128];
    enum col_ami_phase phase;
    struct col_ami parser;
    struct col_ingest *in; // during a step: where the events go
    bool closing;          // the login was refused: close at the end of the step
    uint64_t refused_logins;
};

// col_ami_client_init reads FILE ({"username": …, "secret": …}), refusing one that group or
// others may read, and prepares a connection to "HOST:PORT". Returns 0, or CORE_E_IO /
// CORE_E_INVALID with err saying what to fix.
int col_ami_client_init(struct col_ami_client *c, const char *host_port,
                        const char *credentials_path, struct core_err *err);

// col_ami_client_fini closes and frees.
void col_ami_client_fini(struct col_ami_client *c);

// col_ami_client_step does what is due at mono_ms: connects, logs in, reads and translates
// events into in, pings, notices a dead link and reconnects.
void col_ami_client_step(struct col_ami_client *c, struct col_ingest *in, int64_t mono_ms);

// col_ami_client_input connects to host_port as a live input (inputs/input.h), its health the
// link's. Returns it (freed by its close) or NULL with err saying why (col_ami_client_init).
struct col_input *col_ami_client_input(const char *host_port, const char *credentials_path,
                                       struct core_err *err);

#endif
