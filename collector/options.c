// SPDX-License-Identifier: MIT
// Command-line parsing for wb-collector, by table: one row per option.
#include "collector/options.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: wb-collector [options]\n"
    "Inputs (any number at once):\n"
    "  --simulate                 run the built-in contact-center simulator\n"
    "    --agents N               simulated agents (default 60)\n"
    "    --queues N               simulated queues, 1-12 (default 6)\n"
    "    --calls-per-minute N     simulated arrival rate (default 20)\n"
    "    --seed N                 simulator seed (default: from the clock)\n"
    "    --print-events           also write the simulated events to stdout\n"
    "    --warmup S               simulate S seconds of history at start (default 900)\n"
    "  --input FILE|-             JSON lines from FILE (followed as it grows) or stdin; "
    "repeatable\n"
    "  --pull URL                 nng PULL address for pushed events (default " COL_DEFAULT_PULL
    ")\n"
    "Replay:\n"
    "  --replay FILE              apply FILE as fast as possible, clocked by its events, then "
    "exit\n"
    "Output:\n"
    "  --pub URL                  nng PUB address for the screens (default " COL_DEFAULT_PUB ")\n"
    "  --rep URL                  nng REP address for snapshots (default " COL_DEFAULT_REP ")\n"
    "  --snapshot-interval S      seconds between full snapshots (default 10)\n"
    "  --publish-min-ms MS        least time between two deltas (default 10)\n"
    "  --print-state              print the final state snapshot as JSON on stdout\n"
    "  --run-for S                stop after S seconds\n"
    "  --rejects FILE             append rejected input here (default wb-rejects.jsonl; \"\" for "
    "none)\n"
    "  --help                     this text\n";

enum kind { FLAG, STR, INT, NUM };

struct opt {
    const char *name;
    enum kind kind;
    size_t offset;
    double min, max;
};

#define OFF(field) offsetof(struct col_options, field)

static const struct opt opts[] = {
    {"--simulate", FLAG, OFF(simulate), 0, 0},
    {"--agents", INT, OFF(sim.agents), 1, 5000},
    {"--queues", INT, OFF(sim.queues), 1, 12},
    {"--calls-per-minute", NUM, OFF(sim.calls_per_minute), 0.01, 60000},
    {"--print-events", FLAG, OFF(print_events), 0, 0},
    {"--warmup", NUM, OFF(warmup_s), 0, 86400},
    {"--pull", STR, OFF(pull_url), 0, 0},
    {"--replay", STR, OFF(replay), 0, 0},
    {"--pub", STR, OFF(pub_url), 0, 0},
    {"--rep", STR, OFF(rep_url), 0, 0},
    {"--snapshot-interval", NUM, OFF(snapshot_interval_s), 0.5, 3600},
    {"--publish-min-ms", INT, OFF(publish_min_ms), 0, 10000},
    {"--print-state", FLAG, OFF(print_state), 0, 0},
    {"--run-for", NUM, OFF(run_for_s), 0.001, 1e9},
    {"--rejects", STR, OFF(rejects), 0, 0},
};

static int
set_value(struct col_options *o, const struct opt *op, const char *arg)
{
    char *base = (char *)o + op->offset;
    if (op->kind == STR) {
        *(const char **)base = arg;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < op->min || v > op->max ||
        (op->kind == INT && v != floor(v))) {
        fprintf(stderr, "wb-collector: %s: \"%s\" is not a %s from %g to %g\n", op->name, arg,
                op->kind == INT ? "whole number" : "number", op->min, op->max);
        return -1;
    }
    if (op->kind == INT)
        *(int *)base = (int)v;
    else
        *(double *)base = v;
    return 0;
}

int
col_options_parse(struct col_options *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    o->sim = (struct col_sim_config){.agents = 60, .queues = 6, .calls_per_minute = 20};
    o->pull_url = COL_DEFAULT_PULL;
    o->pub_url = COL_DEFAULT_PUB;
    o->rep_url = COL_DEFAULT_REP;
    o->rejects = "wb-rejects.jsonl";
    o->snapshot_interval_s = 10;
    o->publish_min_ms = 10;
    o->warmup_s = 900;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
            if (o->ninputs == COL_MAX_INPUTS) {
                fprintf(stderr, "wb-collector: at most %d --input\n", COL_MAX_INPUTS);
                return -1;
            }
            o->inputs[o->ninputs++] = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            o->sim.seed = strtoull(argv[++i], NULL, 10);
            continue;
        }
        const struct opt *op = NULL;
        for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]) && !op; k++) {
            if (strcmp(argv[i], opts[k].name) == 0)
                op = &opts[k];
        }
        if (op == NULL) {
            fprintf(stderr, "wb-collector: unknown option \"%s\" (see --help)\n", argv[i]);
            return -1;
        }
        if (op->kind == FLAG) {
            *(bool *)((char *)o + op->offset) = true;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "wb-collector: %s needs a value (see --help)\n", op->name);
            return -1;
        }
        if (set_value(o, op, argv[++i]) != 0)
            return -1;
    }
    if (o->replay && (o->simulate || o->ninputs)) {
        fprintf(stderr, "wb-collector: --replay runs alone; drop --simulate and --input\n");
        return -1;
    }
    if (!o->replay && !o->simulate && !o->ninputs)
        fprintf(stderr, "wb-collector: no --simulate or --input: waiting for events on %s\n",
                o->pull_url);
    return 0;
}
