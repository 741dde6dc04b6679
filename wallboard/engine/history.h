// SPDX-License-Identifier: MIT
// What drill-downs show beyond the published state, as the collector sends it on request: an
// agent's states today (command agent_history), a queue's waiting calls (queue_calls). No
// SDL, no nng: app/requests.c asks, this reads the answers, overlay.c and timeline.c draw them.
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

struct wb_waiting_call {
    double since_s; // when it started waiting in the queue
    char channel[CORE_CHANNEL_MAX];
};

struct wb_queue_calls {
    char queue[CORE_ID_MAX]; // whose calls these are (or are being fetched)
    bool loaded;
    char error[160];
    size_t waiting; // in the queue (calls may hold fewer: the longest waits)
    size_t len;
    struct wb_waiting_call *calls; // owned, longest wait first
};

// wb_queue_calls_read fills c from a queue_calls reply, as wb_history_read does.
int wb_queue_calls_read(struct wb_queue_calls *c, const cJSON *reply);

// wb_queue_calls_reset forgets everything; queue names the next one ("" none).
void wb_queue_calls_reset(struct wb_queue_calls *c, const char *queue);

// wb_history_read fills h from an agent_history reply: spans when it says ok, else error.
// Returns 0, or CORE_E_NOMEM. Anything malformed reads as an error, never a crash.
int wb_history_read(struct wb_history *h, const cJSON *reply);

// wb_history_reset forgets everything and frees the spans; agent names the next one ("" none).
void wb_history_reset(struct wb_history *h, const char *agent);

#endif
