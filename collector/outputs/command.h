// SPDX-License-Identifier: MIT
// The collector's command socket (nng REP): what screens ask for besides the stream.
//   snapshot                                  the whole state, with the last published seq
//   {"cmd": "agent_history", "agent": "1001"} the agent's states today, for its drill-down
//   {"cmd": "queue_calls", "queue": "故障报修"}  the calls waiting in a queue, longest first
//   {"cmd": "intervals", "queue": "故障报修"} the day's curve of a queue (or "team", "channel",
//                                             "site", "group"; none: the whole site)
//   {"cmd": "ack", "alert": KEY, "token": T, "by": WHO}
//                                             acknowledges an active alert (a token of
//                                             the whole collector or of the alert's site)
// Every JSON reply has "ok"; a refusal has "error" in words. docs/snapshot.md has the formats.
#ifndef COL_COMMAND_H
#define COL_COMMAND_H

#include "collector/outputs/tokens.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

struct col_command_env {
    uint64_t run_id, seq;            // for a snapshot: this run, the last published message
    const struct col_tokens *tokens; // what an acknowledgement must carry (NULL: refused)
    int64_t now_ms;
};

// col_command_reply answers the request of len bytes. Returns a string to free with
// cJSON_free(), or NULL when out of memory.
char *col_command_reply(struct core_state *st, const struct col_command_env *env, const char *req,
                        size_t len);

#endif
