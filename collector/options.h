// SPDX-License-Identifier: MIT
// wb-collector's command line.
#ifndef COL_OPTIONS_H
#define COL_OPTIONS_H

#include "collector/inputs/simulator.h"
#include "core/keywords.h"
#include "core/metrics.h"
#include "net/net.h"

#include <stdbool.h>

#define COL_MAX_INPUTS   8
#define COL_DEFAULT_PULL "tcp://127.0.0.1:7410"
#define COL_DEFAULT_PUB  "tcp://127.0.0.1:7411"
#define COL_DEFAULT_REP  "tcp://127.0.0.1:7412"

struct col_options {
    bool simulate;
    struct col_sim_config sim;
    const char *inputs[COL_MAX_INPUTS];      // JSON lines: paths, or "-" for stdin
    bool input_is_queue_log[COL_MAX_INPUTS]; // this input is an Asterisk queue_log
    int ninputs;
    bool replay_queue_log; // --replay reads a queue_log (--format queue_log)
    bool replay_ami;       // --replay reads an AMI transcript (--format ami)
    bool replay_esl;       // --replay reads a recorded FreeSWITCH event socket (--format esl)
    const char *replay;    // replay this file as fast as possible, then exit
    bool print_state;      // print the final snapshot on stdout at exit
    bool print_intervals;  // print the day's curve of every scope on stdout at exit
    double run_for_s;      // stop after this long (0: run until signalled)
    double clock_speed;    // the wall clock runs this many times as fast (0 or 1: real time)
    const char *pull_url;
    const char *push_ack_url; // acknowledged pushes (inputs/push_ack.h); NULL: none
    const char *pub_url;
    const char *rep_url;
    struct wb_net_security net; // TLS for the three above (docs/tls.md)
    const char *rejects;        // rejects file ("" for none; default: in the journal's folder)
    char rejects_default[4096]; // JOURNAL/wb-rejects.jsonl, when --journal is given
    double snapshot_interval_s;
    int publish_min_ms;    // least time between two deltas (batches events)
    bool print_events;     // with --simulate: write the events on stdout too
    double warmup_s;       // with --simulate: start this long in the past, so the board is busy
    const char *time_zone; // IANA name for the site's day (NULL: the machine's)
    int interval_minutes, sl_threshold_s, short_abandon_s;
    const char *sl_formula;
    const char *sl_thresholds[64]; // "QUEUE=SECONDS": queues with their own T
    int nsl_thresholds;
    const char *sl_flowouts; // "included" or "excluded" (NULL: the default, excluded)
    int requeue_window_s;    // -1: the default
    const char *member_map;  // queue_log: {"interface": "member name"} (NULL: none)
    const char *wrapups[64]; // queue_log: "QUEUE=SECONDS" of wrap-up after a call
    int nwrapups;
    struct core_metrics_config metrics; // the four above, checked
    const char *config;                 // the configuration file read (NULL: none)
    const char *ami;                    // HOST:PORT of Asterisk's manager interface (NULL: none)
    const char *ami_credentials;        // JSON file with username and secret
    const char *freeswitch;             // HOST:PORT of FreeSWITCH's event socket (NULL: none)
    const char *freeswitch_credentials; // JSON file with the event socket's password
    bool freeswitch_sites;              // a queue's or agent's @domain is its site
    const char *journal;                // folder of the journal (NULL: none)
    int journal_days;                   // journals kept this many days
    int checkpoint_events;              // a replay checkpoints after this many events
    const char *alerts;                 // alert rules file (NULL: none)
    const char *command_token_file;     // file holding the acknowledgement token (NULL: none)
    const char *metrics_url;            // http://HOST:PORT for /metrics and /health (NULL: none)
    const char *data_dir;               // where data/text/ is (stop words, friso settings)
    const char *keyword_dictionary;     // the site's terms, one per line (NULL: none)
    const char *keyword_blocklist;      // words never counted (NULL: none)
    const char *keyword_windows;        // "15,60": minutes (checked into keywords)
    struct core_kw_config keywords;     // windows and top K
    const char *region_overrides;       // "prefix,region" lines (NULL: none)
    const char *default_country;        // of numbers without a country code (default CN)
    const char *nats;                   // NATS server(s) to consume events from (NULL: none)
    const char *nats_stream;            // the JetStream stream (default WALLBOARD)
    const char *nats_durable;           // its durable consumer (NULL: ephemeral, whole stream)
    const char *nats_subjects;          // the stream's subjects, comma-separated (default cc.>)
    int nats_replicas;                  // of a stream the collector creates (default 1)
    const char *publish_nats;           // NATS server(s) to publish accepted events to (NULL: no)
    const char *publish_subject;        // their subject (cc.SITE.SOURCE)
};

// col_options_parse fills o from argv, after the configuration file named by --config (a JSON
// object whose keys are the long options without their dashes; flags given on the command line
// win). Returns 0 to run, 1 when help was printed (exit 0), -1 on a usage error (already
// reported on stderr).
int col_options_parse(struct col_options *o, int argc, char **argv);

#endif
