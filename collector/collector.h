// SPDX-License-Identifier: MIT
// What one wb-collector process holds, shared by the files that wire it: main.c (set-up),
// input_table.c (the table of live inputs), live.c (the poll loop), replay.c (--replay).
#ifndef COL_COLLECTOR_H
#define COL_COLLECTOR_H

#include "collector/enrich/phone_region.h"
#include "collector/enrich/segment.h"
#include "collector/ingest/ingest.h"
#include "collector/inputs/input.h"
#include "collector/inputs/nats_in.h"
#include "collector/inputs/queuelog.h"
#include "collector/ops/http_status.h"
#include "collector/ops/prometheus.h"
#include "collector/options.h"
#include "collector/outputs/nats_out.h"
#include "collector/outputs/publish.h"
#include "collector/outputs/tokens.h"
#include "collector/store/journal.h"
#include "collector/store/rejects.h"
#include "core/state.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define COL_BATCH       2000 // events taken from one input before the others get a turn
#define COL_LIVE_INPUTS (COL_MAX_INPUTS + 4) // files, and the pull socket, AMI, NATS, simulator

struct collector {
    struct col_options opt;
    struct col_segment *segment;    // text to keywords
    struct col_phone_region *phone; // caller numbers to regions
    struct col_tokens tokens;       // --command-token-file's (n == 0: none)
    struct col_queuelog queuelog;   // shared by every queue_log input
    struct col_journal journal;
    bool journaling;
    struct core_state state;
    struct col_rejects rejects;
    struct col_ingest ingest;
    struct col_publish pub;
    struct col_input *inputs[COL_LIVE_INPUTS]; // live inputs (owned), in the order they pump
    int ninputs;
    struct col_nats_input *nats;  // the bus input among them, for the metrics (NULL: none)
    struct col_nats_out nats_out; // --publish-nats
    bool has_nats_out;
    uint64_t run_id;
    uint64_t forwarded;               // events given to --publish-nats this run
    struct col_http_status *http;     // --metrics
    struct col_delay_histogram delay; // accepted event -> its message to the screens
    uint64_t accepted_seen;           // the count when the loop last looked
    int64_t unpublished_since;        // when an event not yet published was seen (0: none)
    uint64_t journal_errors_seen;     // the journal's errors when last looked, and when they
    int64_t journal_error_ms;         // last grew (mono; 0: never)
    int64_t started_ms;               // mono
};

// col_stop_requested is set by SIGINT and SIGTERM (main.c): loops end at their next turn.
extern volatile sig_atomic_t col_stop_requested;

// col_open_inputs opens every live input the options ask for into c->inputs. Returns 0, or -1
// (said on stderr; what was opened is in c->inputs, to be closed).
int col_open_inputs(struct collector *c);

// col_run_live runs the collector live until stopped (or --run-for); col_run_replay replays
// --replay as fast as it can be read. Each returns the exit code.
int col_run_live(struct collector *c);
int col_run_replay(struct collector *c);

// col_print_state prints the state as a snapshot (--print-state), then every scope's day of
// intervals (--print-intervals).
void col_print_state(struct collector *c, uint64_t run_id, uint64_t seq);

// col_summary says on stderr what was accepted, rejected and unmatched.
void col_summary(const struct collector *c, const char *what);

#endif
