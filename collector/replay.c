// SPDX-License-Identifier: MIT
// --replay: a recorded day (JSON lines, queue_log, an AMI or a FreeSWITCH event-socket stream) read
// as fast as it parses, clocked by its own events, journaled and checkpointed like a live day when
// asked.
#include "collector/collector.h"
#include "collector/ingest/parse_ahead.h"
#include "collector/inputs/ami.h"
#include "collector/inputs/esl_frames.h"
#include "collector/inputs/esl_resync.h"
#include "collector/inputs/file_input.h"
#include "collector/inputs/lines.h"
#include "core/clock.h"

#include <stdio.h>

// A recorded AMI stream, fed in odd-sized pieces as a socket would deliver it.
static int
replay_ami(struct collector *c)
{
    FILE *f = fopen(c->opt.replay, "rb");
    struct col_ami ami;
    if (f == NULL || col_ami_init(&ami, core_clock_wall_ms) != 0) {
        fprintf(stderr, "wb-collector: cannot read %s\n", c->opt.replay);
        if (f)
            fclose(f);
        return 1;
    }
    char chunk[997];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !col_stop_requested)
        col_ami_feed(&ami, &c->ingest, c->opt.replay, chunk, n);
    fclose(f);
    col_ami_settle(&ami, &c->ingest, c->opt.replay, 0, true); // the stream ended: no more to tell
    fprintf(stderr, "wb-collector: %s: %llu AMI messages, %llu events, %llu ignored\n",
            c->opt.replay, (unsigned long long)ami.messages, (unsigned long long)ami.events,
            (unsigned long long)ami.ignored);
    col_ami_fini(&ami);
    col_summary(c, "replay done");
    if (c->opt.print_state || c->opt.print_intervals)
        col_print_state(c, 0, 0);
    return 0;
}

// A recorded FreeSWITCH event socket: its events and list replies, clocked by their own
// Event-Date-Timestamp.
struct esl_replay {
    struct col_esl_cc cc;
    struct col_ingest *in;
    const char *source;
};

static void
esl_replay_frame(void *ctx, struct col_esl_frame *f)
{
    struct esl_replay *r = ctx;
    col_esl_cc_frame(&r->cc, r->in, r->source, f);
}

static int
replay_esl(struct collector *c)
{
    FILE *f = fopen(c->opt.replay, "rb");
    struct esl_replay r = {.in = &c->ingest, .source = c->opt.replay};
    struct col_esl_stream stream;
    if (f == NULL || col_esl_stream_init(&stream) != 0) {
        fprintf(stderr, "wb-collector: cannot read %s\n", c->opt.replay);
        if (f)
            fclose(f);
        return 1;
    }
    col_esl_cc_init(&r.cc, core_clock_wall_ms);
    r.cc.sites = c->opt.freeswitch_sites;
    char chunk[997];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !col_stop_requested)
        col_esl_stream_feed(&stream, chunk, n, esl_replay_frame, &r);
    fclose(f);
    col_esl_cc_flush(&r.cc, &c->ingest, c->opt.replay); // lists with no event after them
    fprintf(stderr,
            "wb-collector: %s: %llu ESL frames, %llu events in, %llu events out, %llu ignored, "
            "%llu unknown, %llu unreadable\n",
            c->opt.replay, (unsigned long long)stream.frames, (unsigned long long)r.cc.events,
            (unsigned long long)r.cc.emitted, (unsigned long long)r.cc.ignored,
            (unsigned long long)r.cc.unknown,
            (unsigned long long)(r.cc.bad + stream.garbage + stream.dropped));
    col_esl_stream_fini(&stream);
    col_esl_cc_fini(&r.cc);
    col_summary(c, "replay done");
    if (c->opt.print_state || c->opt.print_intervals)
        col_print_state(c, 0, 0);
    return 0;
}

int
col_run_replay(struct collector *c)
{
    if (c->opt.replay_ami)
        return replay_ami(c);
    if (c->opt.replay_esl)
        return replay_esl(c);
    struct core_err err;
    core_err_clear(&err);
    struct col_lines in;
    char real[PATH_MAX];
    if (col_lines_open(&in, col_file_input_name(c->opt.replay, real), &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return 1;
    }
    if (c->opt.replay_queue_log) {
        in.translate = col_file_input_translate_queue_log;
        in.translate_ctx = &c->queuelog;
    }
    // A journal that has read this file already continues after it.
    col_file_input_resume(&in, c->journaling ? &c->journal : NULL, c->opt.replay);
    // Version-1 lines are parsed on a second core while the state takes the batch before
    // (parse_ahead.h). Not queue_log: its translator reads the state line by line.
    struct col_segment_task *task = NULL;
    if (in.translate == NULL && c->segment) {
        task = col_segment_task_new(c->segment);
        c->ingest.ahead =
            task ? col_parse_ahead_new(col_segment_task_words, task, col_ingest_parsed, &c->ingest)
                 : NULL;
    }
    uint64_t next_checkpoint = c->state.counters.accepted + (uint64_t)c->opt.checkpoint_events;
    while (!in.eof && !col_stop_requested) {
        col_lines_pump(&in, &c->ingest, COL_BATCH);
        if (!c->journaling)
            continue;
        if (c->state.counters.accepted >= next_checkpoint && c->ingest.ahead)
            col_parse_ahead_flush(c->ingest.ahead); // the state is whole up to the checkpoint
        col_journal_flush(&c->journal, core_clock_mono_ms());
        if (c->state.counters.accepted >= next_checkpoint) {
            col_journal_checkpoint(&c->journal, &c->state);
            next_checkpoint = c->state.counters.accepted + (uint64_t)c->opt.checkpoint_events;
        }
    }
    col_parse_ahead_free(c->ingest.ahead); // applies the last lines
    c->ingest.ahead = NULL;
    col_segment_task_free(task);
    if (c->journaling) {
        col_journal_flush(&c->journal, core_clock_mono_ms());
        col_journal_checkpoint(&c->journal, &c->state);
    }
    col_lines_close(&in);
    col_summary(c, "replay done");
    if (c->opt.print_state || c->opt.print_intervals)
        col_print_state(c, 0, 0);
    return 0;
}
