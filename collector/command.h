// SPDX-License-Identifier: MIT
// The collector's command socket (nng REP): what screens ask for besides the stream.
//   snapshot                                  the whole state, with the last published seq
//   {"cmd": "agent_history", "agent": "1001"} the agent's states today, for its drill-down
// Every JSON reply has "ok"; a refusal has "error" in words. docs/snapshot.md has the formats.
#ifndef COL_COMMAND_H
#define COL_COMMAND_H

#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

// col_command_reply answers the request of len bytes. run_id and seq go into a snapshot.
// Returns a string to free with cJSON_free(), or NULL when out of memory.
char *col_command_reply(struct core_state *st, uint64_t run_id, uint64_t seq, const char *req,
                        size_t len);

#endif
