// SPDX-License-Identifier: MIT
// The live connection to FreeSWITCH's event socket (inbound mode, TCP 8021 by default): auth,
// `event plain` for mod_callcenter's events and the callers' hang-ups, the callcenter_config
// lists that resync the state at every (re)connect, `api status` as a ping so a silently dead
// link is noticed, reconnection with backoff (slowly after a refused password or address). All
// non-blocking, driven by the collector's poll loop. docs/freeswitch.md.
#ifndef COL_ESL_CLIENT_H
#define COL_ESL_CLIENT_H

#include "collector/inputs/esl.h"
#include "collector/inputs/esl_callcenter.h"
#include "collector/inputs/input.h"
#include "collector/inputs/tcp_link.h"
#include "core/err.h"

#include <stdbool.h>
#include <stdint.h>

enum col_esl_phase { ESL_DOWN, ESL_AUTH, ESL_UP };

// What a reply answers, in the order the commands went out (ESL answers in that order).
enum col_esl_pending {
    ESL_WAIT_AUTH,
    ESL_WAIT_EVENTS,
    ESL_WAIT_PING,
    ESL_WAIT_QUEUES,
    ESL_WAIT_TIERS,
    ESL_WAIT_AGENTS,
    ESL_WAIT_MEMBERS,
};

#define COL_ESL_PENDING_MAX 32

struct col_esl_client {
    struct col_tcp_link link; // "freeswitch HOST:PORT"
    char password[256];
    enum col_esl_phase phase;
    struct col_esl_stream stream;
    struct col_esl_cc cc;
    struct col_ingest *in; // during a step: where the frames go
    int64_t now_ms;        // and its time
    enum col_esl_pending pending[COL_ESL_PENDING_MAX];
    size_t npending;
    int64_t last_tiers_ms;
    bool closing; // FreeSWITCH said it closes (a disconnect notice or a refusal)
    uint64_t refused;
};

// col_esl_client_init reads FILE ({"password": …}), refusing one that group or others may read,
// and prepares a connection to "HOST:PORT". Returns 0, or CORE_E_IO / CORE_E_INVALID /
// CORE_E_NOMEM with err saying what to fix.
int col_esl_client_init(struct col_esl_client *c, const char *host_port,
                        const char *credentials_path, struct core_err *err);
void col_esl_client_fini(struct col_esl_client *c);

// col_esl_client_step does what is due at mono_ms: connects, authenticates, reads and
// translates into in, pings, refreshes the tiers, notices a dead link and reconnects.
void col_esl_client_step(struct col_esl_client *c, struct col_ingest *in, int64_t mono_ms);

// col_esl_client_input connects to host_port as a live input (inputs/input.h), its health the
// link's. Returns it (freed by its close) or NULL with err saying why.
// With sites, a name's @domain is its site (docs/freeswitch.md).
struct col_input *col_esl_client_input(const char *host_port, const char *credentials_path,
                                       bool sites, struct core_err *err);

#endif
