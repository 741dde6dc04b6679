// SPDX-License-Identifier: MIT
// A simulated contact center that emits version-1 events as JSON text, so it exercises the
// same validation path as any real input.
#ifndef COL_SIMULATOR_H
#define COL_SIMULATOR_H

#include "collector/inputs/input.h"

#include <stddef.h>
#include <stdint.h>

struct col_sim_config {
    int agents;              // 1..5000
    int queues;              // 1..64
    double calls_per_minute; // mean arrival rate over all queues
    uint64_t seed;
};

struct col_sim;

// col_sim_emit_fn receives one event as JSON text (no newline); the text is borrowed.
typedef void (*col_sim_emit_fn)(void *ctx, const char *json, size_t len);

// col_sim_new starts a simulation at start_ms (wall clock): every agent logged out, no call.
// Returns NULL when out of memory or the config is out of range. Free with col_sim_free().
struct col_sim *col_sim_new(const struct col_sim_config *cfg, int64_t start_ms);

// col_sim_free frees the simulation; NULL is a no-op.
void col_sim_free(struct col_sim *sim);

// col_sim_step runs the simulation up to now_ms, handing every event due to emit, stamped
// with its own time. Returns the time of the next event due.
int64_t col_sim_step(struct col_sim *sim, int64_t now_ms, col_sim_emit_fn emit, void *ctx);

// col_sim_input runs a simulation from start_ms as a live input (inputs/input.h): its events go
// through the ingest as "simulator" with their number as the line, and with print_events to
// stdout as well (JSON lines). Returns it (freed by its close) or NULL when out of memory or
// cfg is out of range.
struct col_input *col_sim_input(const struct col_sim_config *cfg, int64_t start_ms,
                                bool print_events);

#endif
