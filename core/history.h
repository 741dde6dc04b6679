// SPDX-License-Identifier: MIT
// An agent's states today, in order: what a supervisor sees when they tap the agent. Kept by
// the state model (one per agent), cleared at local midnight, saved in checkpoints, and sent
// on request over the collector's command socket (not in every snapshot: it is long).
#ifndef CORE_HISTORY_H
#define CORE_HISTORY_H

#include "core/event.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CORE_HISTORY_MAX    2048 // spans per agent per day; past it the oldest go (counted)
#define CORE_HISTORY_REASON 24   // bytes of a not-ready reason kept (UTF-8 safe)

#define CORE_HISTORY_REASONS 255 // distinct not-ready reasons an agent's day names; more: ""

// 8 bytes: the reason is kept once per agent and day, named by its place, and the start is
// counted from the history's base (a day of spans was 40 bytes each, the reason in every one:
// most of the collector's memory over a day; then 16, still 8 MB of a ten-hour day's 44).
struct core_span {
    int32_t after_ms; // since the history's base_ms (core_history_since: when it began)
    uint8_t state;    // enum core_agent_state
    uint8_t reason;   // 0: none; else reasons[reason - 1] of its history
};

struct core_history {
    struct core_span *spans; // owned; oldest first
    size_t len, cap;
    int64_t base_ms;  // the first span's start, or the day's: spans count from it
    uint64_t dropped; // spans let go today because the day held more than CORE_HISTORY_MAX
    char (*reasons)[CORE_HISTORY_REASON]; // owned: the day's reasons, each once
    size_t nreasons, reasons_cap;
};

// core_history_note starts a span at since_ms in state (with reason, for not ready).
// Returns 0 or CORE_E_NOMEM.
int core_history_note(struct core_history *h, int64_t since_ms, enum core_agent_state state,
                      const char *reason);

// core_history_new_day forgets yesterday: the state the agent was in carries on from
// day_start_ms as the day's first span.
void core_history_new_day(struct core_history *h, int64_t day_start_ms);

// core_history_since is when a span began (ms since the epoch).
int64_t core_history_since(const struct core_history *h, const struct core_span *s);

// core_history_reason is a span's not-ready reason ("" for none).
const char *core_history_reason(const struct core_history *h, const struct core_span *s);

// core_history_fini frees the spans.
void core_history_fini(struct core_history *h);

// core_history_write writes the spans to f as [[since_ms, state, reason], ...] (compact, for
// checkpoints; no tree: a ten-hour day's spans were most of a checkpoint's time as cJSON
// nodes). false when f failed.
bool core_history_write(const struct core_history *h, FILE *f);

// core_history_from_json reads what core_history_write wrote (h empty before). Entries that
// are not [number, state, string] are skipped. Returns 0 or CORE_E_NOMEM.
int core_history_from_json(struct core_history *h, const cJSON *arr);

#endif
