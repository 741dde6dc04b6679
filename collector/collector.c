// SPDX-License-Identifier: MIT
// What the collector's loops share (collector.h): the stop flag, the summary line, the state
// printed for --print-state.
#include "collector/collector.h"

#include "core/snapshot.h"

#include <cjson/cJSON.h>
#include <stdio.h>

volatile sig_atomic_t col_stop_requested;

void
col_print_state(struct collector *c, uint64_t run_id, uint64_t seq)
{
    char *text = core_snapshot_print(&c->state, run_id, seq, true);
    if (text == NULL) {
        fprintf(stderr, "wb-collector: out of memory printing the state\n");
        return;
    }
    printf("%s\n", text);
    fflush(stdout);
    cJSON_free(text);
}

void
col_summary(const struct collector *c, const char *what)
{
    const struct core_counters *k = &c->state.counters;
    fprintf(stderr, "wb-collector: %s: %llu events accepted, %llu rejected, %llu unmatched\n", what,
            (unsigned long long)k->accepted, (unsigned long long)k->rejected,
            (unsigned long long)k->unmatched);
}
