// SPDX-License-Identifier: MIT
// An agent's states today as the collector sent them (command agent_history), for the
// agent's drill-down. No SDL, no nng: main.c asks, this reads the answer, overlay.c draws it.
#ifndef WB_HISTORY_H
#define WB_HISTORY_H

#include "core/history.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct wb_history_span {
    double since_s;
    enum core_agent_state state;
    char reason[CORE_HISTORY_REASON];
};

struct wb_history {
    char agent[CORE_ID_MAX]; // whose history this is (or is being fetched)
    bool loaded;             // an answer arrived; spans are valid
    char error[160];         // why there is none (the collector's refusal, no answer), or ""
    double now_s, day_start_s;
    size_t len;
    struct wb_history_span *spans; // owned, oldest first
};

// wb_history_read fills h from an agent_history reply: spans when it says ok, else error.
// Returns 0, or CORE_E_NOMEM. Anything malformed reads as an error, never a crash.
int wb_history_read(struct wb_history *h, const cJSON *reply);

// wb_history_reset forgets everything and frees the spans; agent names the next one ("" none).
void wb_history_reset(struct wb_history *h, const char *agent);

#endif
