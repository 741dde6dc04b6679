// SPDX-License-Identifier: MIT
// The one table of live inputs: each entry opens its kind from the options (zero or more
// inputs). A new input is a file in inputs/ implementing inputs/input.h and a line here.
#include "collector/collector.h"
#include "collector/inputs/ami_client.h"
#include "collector/inputs/esl_client.h"
#include "collector/inputs/file_input.h"
#include "collector/inputs/pull.h"
#include "collector/inputs/push_ack.h"
#include "collector/inputs/simulator.h"
#include "core/clock.h"

#include <stdio.h>

static int
add(struct collector *c, struct col_input *in, const struct core_err *err)
{
    if (in == NULL) {
        fprintf(stderr, "wb-collector: %s\n", err->text);
        return -1;
    }
    c->inputs[c->ninputs++] = in;
    return 0;
}

// JSON lines and queue_log files (and stdin), followed as they grow.
static int
open_files(struct collector *c, struct core_err *err)
{
    struct col_journal *j = c->journaling ? &c->journal : NULL;
    for (int i = 0; i < c->opt.ninputs; i++) {
        struct col_input *in = col_file_input_open(c->opt.inputs[i], c->opt.input_is_queue_log[i],
                                                   &c->queuelog, j, core_clock_wall_ms(), err);
        if (add(c, in, err) != 0)
            return -1;
    }
    return 0;
}

static int
open_ami(struct collector *c, struct core_err *err)
{
    if (c->opt.ami == NULL)
        return 0;
    return add(c, col_ami_client_input(c->opt.ami, c->opt.ami_credentials, err), err);
}

static int
open_freeswitch(struct collector *c, struct core_err *err)
{
    if (c->opt.freeswitch == NULL)
        return 0;
    struct col_input *in = col_esl_client_input(c->opt.freeswitch, c->opt.freeswitch_credentials,
                                                c->opt.freeswitch_sites, err);
    return add(c, in, err);
}

static int
open_pull(struct collector *c, struct core_err *err)
{
    return add(c, col_pull_input(c->opt.pull_url, &c->opt.net, err), err);
}

static int
open_push_ack(struct collector *c, struct core_err *err)
{
    if (c->opt.push_ack_url == NULL)
        return 0;
    return add(c, col_push_ack_input(c->opt.push_ack_url, &c->opt.net, err), err);
}

static int
open_nats(struct collector *c, struct core_err *err)
{
    if (c->opt.nats == NULL)
        return 0;
    struct col_nats_in_config nc = {.urls = c->opt.nats,
                                    .stream = c->opt.nats_stream,
                                    .durable = c->opt.nats_durable,
                                    .subjects = c->opt.nats_subjects,
                                    .replicas = c->opt.nats_replicas};
    c->nats = col_nats_input_open(&nc, c->journaling ? &c->journal : NULL, err);
    if (add(c, c->nats ? &c->nats->base : NULL, err) != 0)
        return -1;
    fprintf(stderr, "wb-collector: events from NATS %s, stream %s (%s), consumer %s\n", c->opt.nats,
            c->opt.nats_stream, c->opt.nats_subjects,
            c->opt.nats_durable ? c->opt.nats_durable : "ephemeral (whole stream)");
    return 0;
}

static int
open_simulator(struct collector *c, struct core_err *err)
{
    if (!c->opt.simulate)
        return 0;
    if (c->opt.sim.seed == 0)
        c->opt.sim.seed = (uint64_t)core_clock_wall_ms();
    int64_t start = core_clock_wall_ms() - (int64_t)(c->opt.warmup_s * 1000);
    (void)err;
    struct col_input *in = col_sim_input(&c->opt.sim, start, c->opt.print_events);
    if (in == NULL) {
        fprintf(stderr, "wb-collector: cannot start the simulator (out of memory)\n");
        return -1;
    }
    c->inputs[c->ninputs++] = in;
    return 0;
}

// In the order they are pumped each turn of the loop.
static const struct {
    const char *name;
    int (*open)(struct collector *c, struct core_err *err);
} kinds[] = {
    {"simulator", open_simulator},
    {"files", open_files},
    {"ami", open_ami},
    {"freeswitch", open_freeswitch},
    {"pull", open_pull},
    {"push_ack", open_push_ack},
    {"nats", open_nats},
};

int
col_open_inputs(struct collector *c)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        struct core_err err;
        core_err_clear(&err);
        if (kinds[i].open(c, &err) != 0)
            return -1;
    }
    return 0;
}
