// SPDX-License-Identifier: MIT
// wb-collector: takes events from the simulator, JSON lines and nng, keeps the live state and
// publishes it to the screens. One thread, one poll() loop (as redis's ae does): inputs are
// pumped in bounded batches so no input starves another, and the loop sleeps until the next
// thing is due.
#include "collector/enrich/phone_region.h"
#include "collector/enrich/segment.h"
#include "collector/ingest/ingest.h"
#include "collector/inputs/ami.h"
#include "collector/inputs/ami_client.h"
#include "collector/inputs/lines.h"
#include "collector/inputs/nats_in.h"
#include "collector/inputs/pull.h"
#include "collector/inputs/queuelog.h"
#include "collector/inputs/simulator.h"
#include "collector/ops/http_status.h"
#include "collector/ops/prometheus.h"
#include "collector/ops/sd_notify.h"
#include "collector/options.h"
#include "collector/outputs/nats_out.h"
#include "collector/outputs/publish.h"
#include "collector/store/journal.h"
#include "core/alert_eval.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/localtime.h"
#include "core/snapshot.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BATCH              2000  // events taken from one input before the others get a turn
#define HEARTBEAT_MS       1000  // a message at least this often, so screens can tell we are alive
#define ALERTS_EVERY_MS    250   // alert rules are evaluated at most this often
#define FOLLOW_RECHECK_MS  250   // how often a followed file is checked for growth
#define LIVE_CHECKPOINT_MS 60000 // a live collector checkpoints this often
#define NATS_DOWN_GRACE_MS 2000  // the bus is reported down after this long
#define NATS_REPORT_MS     1000  // how often the publishing's health is put in the state
#define REPUBLISH_TAIL     20000 // events of the journal's tail published again at start
#define NATS_EXIT_FLUSH_MS 10000 // at exit, how long publishing may take to finish
#define STATUS_EVERY_MS    1000  // /metrics and /health, and systemd's watchdog, this often
#define JOURNAL_FAILING_MS 60000 // a journal error this recent makes the collector unhealthy

static volatile sig_atomic_t stop_requested;

struct collector {
    struct col_options opt;
    struct col_segment *segment;    // text to keywords
    struct col_phone_region *phone; // caller numbers to regions
    struct col_tokens tokens;       // --command-token-file's (n == 0: none)
    struct col_ami_client ami;
    bool has_ami;
    struct col_queuelog queuelog;
    struct col_journal journal;
    bool journaling;
    struct core_state state;
    struct col_rejects rejects;
    struct col_ingest ingest;
    struct col_publish pub;
    struct col_pull pull;
    struct col_nats_in nats;
    struct col_nats_out nats_out; // --publish-nats
    bool has_nats, has_nats_out;
    uint64_t run_id;
    uint64_t forwarded;      // events given to --publish-nats this run
    int nats_said;           // what the log last said of the bus: -1 nothing, 0 down, 1 up
    int64_t nats_down_since; // wall time it went down (0: up)
    struct col_lines inputs[COL_MAX_INPUTS];
    bool input_is_file[COL_MAX_INPUTS];
    int ninputs;
    struct col_sim *sim;
    long sim_events;
    struct col_http_status *http;     // --metrics
    struct col_delay_histogram delay; // accepted event -> its message to the screens
    uint64_t accepted_seen;           // the count when the loop last looked
    int64_t unpublished_since;        // when an event not yet published was seen (0: none)
    uint64_t journal_errors_seen;     // the journal's errors when last looked, and when they
    int64_t journal_error_ms;         // last grew (mono; 0: never)
    int64_t started_ms;               // mono
};

static bool resume_input(struct collector *c, struct col_lines *l);

static void
translate_queue_log(void *ctx, struct col_ingest *in, const char *source, long line,
                    const char *text, size_t len)
{
    col_queuelog_line(ctx, in, source, line, text, len);
}

static void
on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void
print_state(struct collector *c, uint64_t run_id, uint64_t seq)
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

static void
summary(const struct collector *c, const char *what)
{
    const struct core_counters *k = &c->state.counters;
    fprintf(stderr, "wb-collector: %s: %llu events accepted, %llu rejected, %llu unmatched\n", what,
            (unsigned long long)k->accepted, (unsigned long long)k->rejected,
            (unsigned long long)k->unmatched);
}

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
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !stop_requested)
        col_ami_feed(&ami, &c->ingest, c->opt.replay, chunk, n);
    fclose(f);
    fprintf(stderr, "wb-collector: %s: %llu AMI messages, %llu events, %llu ignored\n",
            c->opt.replay, (unsigned long long)ami.messages, (unsigned long long)ami.events,
            (unsigned long long)ami.ignored);
    col_ami_fini(&ami);
    summary(c, "replay done");
    if (c->opt.print_state)
        print_state(c, 0, 0);
    return 0;
}

static int
run_replay(struct collector *c)
{
    if (c->opt.replay_ami)
        return replay_ami(c);
    struct core_err err;
    core_err_clear(&err);
    struct col_lines in;
    if (col_lines_open(&in, c->opt.replay, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return 1;
    }
    if (c->opt.replay_queue_log) {
        in.translate = translate_queue_log;
        in.translate_ctx = &c->queuelog;
    }
    resume_input(c, &in); // a journal that has read this file already continues after it
    uint64_t next_checkpoint = c->state.counters.accepted + (uint64_t)c->opt.checkpoint_events;
    while (!in.eof && !stop_requested) {
        col_lines_pump(&in, &c->ingest, BATCH);
        if (!c->journaling)
            continue;
        col_journal_flush(&c->journal, core_clock_mono_ms());
        if (c->state.counters.accepted >= next_checkpoint) {
            col_journal_checkpoint(&c->journal, &c->state);
            next_checkpoint = c->state.counters.accepted + (uint64_t)c->opt.checkpoint_events;
        }
    }
    if (c->journaling)
        col_journal_checkpoint(&c->journal, &c->state);
    col_lines_close(&in);
    summary(c, "replay done");
    if (c->opt.print_state)
        print_state(c, 0, 0);
    return 0;
}

static int
replay_journaled(void *ctx, const char *raw, size_t len)
{
    return col_ingest_raw(ctx, "journal", 0, raw, len);
}

// Opens the journal and replays it into the state, so the collector continues where it stopped.
static int
open_journal(struct collector *c)
{
    struct core_err err;
    core_err_clear(&err);
    if (col_journal_open(&c->journal, c->opt.journal, c->opt.journal_days, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return -1;
    }
    c->state.live_clock = c->opt.replay == NULL;
    if (c->state.live_clock)
        core_state_set_now(&c->state, core_clock_wall_ms());
    int64_t t0 = core_clock_mono_ms();
    long n = col_journal_restore(&c->journal, &c->state, replay_journaled, &c->ingest);
    if (n < 0)
        return -1;
    fprintf(stderr, "wb-collector: journal %s: %s%ld events replayed in %lld ms\n", c->opt.journal,
            c->journal.restored_from_checkpoint ? "checkpoint loaded, " : "", n,
            (long long)(core_clock_mono_ms() - t0));
    c->ingest.journal = &c->journal;
    c->journaling = true;
    return 0;
}

// A followed file starts after the last line the journal has from it. Returns true if it did.
static bool
resume_input(struct collector *c, struct col_lines *l)
{
    const struct col_journal_position *p =
        c->journaling ? col_journal_position(&c->journal, l->name) : NULL;
    if (p == NULL || !col_lines_resume(l, p->offset, p->line))
        return false;
    fprintf(stderr, "wb-collector: %s: resuming after line %ld (byte %lld)\n", l->name, p->line,
            (long long)p->offset);
    return true;
}

static void
on_sim_event(void *ctx, const char *json, size_t len)
{
    struct collector *c = ctx;
    c->sim_events++;
    if (c->opt.print_events) {
        fwrite(json, 1, len, stdout);
        fputc('\n', stdout);
    }
    col_ingest_raw(&c->ingest, "simulator", c->sim_events, json, len);
}

// Chinese word segmentation and the word lists for hot keywords (before the journal, whose
// text events are counted again at start).
static int
open_segmenter(struct collector *c)
{
    char ini[1024], zh[1024], jieba[1024], service[1024];
    snprintf(ini, sizeof(ini), "%s/data/text/friso.ini", c->opt.data_dir);
    snprintf(zh, sizeof(zh), "%s/data/text/stopwords-zh.json", c->opt.data_dir);
    snprintf(jieba, sizeof(jieba), "%s/data/text/cppjieba_stop_words.utf8", c->opt.data_dir);
    snprintf(service, sizeof(service), "%s/data/text/service-stopwords.txt", c->opt.data_dir);
    struct col_segment_config cfg = {.friso_ini = ini,
                                     .stopwords = {zh, jieba, service},
                                     .nstopwords = 3,
                                     .dictionary = c->opt.keyword_dictionary,
                                     .blocklist = c->opt.keyword_blocklist};
    struct core_err err;
    core_err_clear(&err);
    c->segment = col_segment_new(&cfg, &err);
    if (c->segment == NULL) {
        char msg[512];
        fprintf(stderr, "wb-collector: hot keywords: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    c->state.segment = col_segment_words;
    c->state.segment_ctx = c->segment;
    // Caller numbers to regions (libphonenumber's offline geocoder, the site's table first).
    char names[1024];
    snprintf(names, sizeof(names), "%s/data/regions/region-names.csv", c->opt.data_dir);
    c->phone = col_phone_region_new(names, c->opt.region_overrides, c->opt.default_country, &err);
    if (c->phone == NULL) {
        char msg[512];
        fprintf(stderr, "wb-collector: caller regions: %s\n",
                core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    c->state.locate = col_phone_region_of;
    c->state.locate_ctx = c->phone;
    return 0;
}

// Alert rules and the acknowledgement token: configuration, so a mistake stops the start with
// a message naming the file (and the JSON path) rather than running without alerts.
static int
load_alerts(struct collector *c)
{
    struct core_err err;
    core_err_clear(&err);
    if (c->opt.alerts && core_alerts_load(c->opt.alerts, &c->state.alerts, &err) != 0) {
        char msg[512];
        fprintf(stderr, "wb-collector: alert rules: %s\n", core_err_format(&err, msg, sizeof(msg)));
        return -1;
    }
    if (c->opt.command_token_file == NULL)
        return 0;
    size_t len;
    char *text = core_file_read(c->opt.command_token_file, 64 * 1024, &len, &err);
    int rc = text ? col_tokens_parse(text, c->opt.command_token_file, &c->tokens, &err) : -1;
    free(text);
    if (rc != 0) {
        fprintf(stderr, "wb-collector: command tokens: %s\n", err.text);
        return -1;
    }
    return 0;
}

// Every accepted event, into the bus, once journaled. Its Nats-Msg-Id is its place in the
// journal (day and byte), so after a crash the journal's tail can be sent again under the same
// ids and the stream drops what it has (or the consumer, which remembers recent ids). Without a
// journal the id is this run's and the event's number.
static void
forward_to_nats(void *ctx, const char *id, const char *source, long line, int64_t offset,
                const char *raw, size_t len)
{
    struct collector *c = ctx;
    (void)source, (void)line, (void)offset;
    char msg_id[600];
    if (id[0])
        snprintf(msg_id, sizeof(msg_id), "%s", id);
    else if (c->journaling)
        snprintf(msg_id, sizeof(msg_id), "%s:%s:%lld", c->opt.publish_subject, c->journal.day,
                 (long long)c->journal.last_line_at);
    else
        snprintf(msg_id, sizeof(msg_id), "%s:%llu:%llu", c->opt.publish_subject,
                 (unsigned long long)c->run_id, (unsigned long long)++c->forwarded);
    col_nats_out_publish(&c->nats_out, msg_id, raw, len);
}

static void
republish(void *ctx, const char *day, int64_t offset, const char *event, size_t len)
{
    struct collector *c = ctx;
    cJSON *ev = cJSON_ParseWithLength(event, len);
    const char *own = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "id"));
    char msg_id[600];
    if (own && own[0])
        snprintf(msg_id, sizeof(msg_id), "%s", own);
    else
        snprintf(msg_id, sizeof(msg_id), "%s:%s:%lld", c->opt.publish_subject, day,
                 (long long)offset);
    cJSON_Delete(ev);
    col_nats_out_publish(&c->nats_out, msg_id, event, len);
}

static int
open_live(struct collector *c, uint64_t run_id)
{
    struct core_err err;
    core_err_clear(&err);
    if (col_publish_open(&c->pub, c->opt.pub_url, c->opt.rep_url, run_id, &c->opt.net, &err) != 0 ||
        col_pull_open(&c->pull, c->opt.pull_url, &c->opt.net, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return -1;
    }
    c->pub.tokens = c->tokens.n ? &c->tokens : NULL;
    for (int i = 0; i < c->opt.ninputs; i++) {
        struct col_lines *l = &c->inputs[i];
        if (col_lines_open(l, c->opt.inputs[i], &err) != 0) {
            fprintf(stderr, "wb-collector: %s\n", err.text);
            return -1;
        }
        c->ninputs++;
        struct stat sb;
        c->input_is_file[i] = fstat(l->fd, &sb) == 0 && S_ISREG(sb.st_mode);
        l->follow = c->input_is_file[i];
        if (c->opt.input_is_queue_log[i]) {
            l->translate = translate_queue_log;
            l->translate_ctx = &c->queuelog;
            // A first start reads today's lines (the day's totals), not the file's whole past.
            if (!resume_input(c, l))
                c->queuelog.skip_before_ms = core_local_day_start(core_clock_wall_ms());
        } else {
            resume_input(c, l);
        }
    }
    if (c->opt.ami) {
        if (col_ami_client_init(&c->ami, c->opt.ami, c->opt.ami_credentials, &err) != 0) {
            fprintf(stderr, "wb-collector: %s\n", err.text);
            return -1;
        }
        c->has_ami = true;
    }
    if (c->opt.publish_nats) {
        c->has_nats_out = true;
        if (col_nats_out_open(&c->nats_out, c->opt.publish_nats, c->opt.publish_subject, &err) !=
            0) {
            fprintf(stderr, "wb-collector: --publish-nats: %s\n", err.text);
            return -1;
        }
        c->ingest.forward = forward_to_nats;
        c->ingest.forward_ctx = c;
        // What the last run journaled but may not have got into the stream (in flight when it
        // stopped): sent again under the same ids; the stream keeps one copy.
        if (c->journaling) {
            long n = col_journal_tail(&c->journal, REPUBLISH_TAIL, republish, c);
            if (n > 0)
                fprintf(stderr,
                        "wb-collector: --publish-nats: the journal's last %ld events "
                        "sent again (the stream drops those it has)\n",
                        n);
        }
        fprintf(stderr, "wb-collector: publishing accepted events to NATS %s on %s\n",
                c->opt.publish_nats, c->opt.publish_subject);
    }
    if (c->opt.nats) {
        struct col_nats_in_config nc = {.urls = c->opt.nats,
                                        .stream = c->opt.nats_stream,
                                        .durable = c->opt.nats_durable,
                                        .subjects = c->opt.nats_subjects,
                                        .replicas = c->opt.nats_replicas};
        char source[200];
        snprintf(source, sizeof(source), "nats:%s", c->opt.nats_stream);
        const struct col_journal_position *at =
            c->journaling ? col_journal_position(&c->journal, source) : NULL;
        if (at && at->line > 0) {
            nc.start_after = (uint64_t)at->line;
            fprintf(stderr, "wb-collector: %s: resuming after stream sequence %ld\n", source,
                    at->line);
        }
        c->has_nats = true; // closed even when half open
        c->nats_said = -1;
        if (col_nats_in_open(&c->nats, &nc, &err) != 0) {
            fprintf(stderr, "wb-collector: %s\n", err.text);
            return -1;
        }
        fprintf(stderr, "wb-collector: events from NATS %s, stream %s (%s), consumer %s\n",
                c->opt.nats, c->opt.nats_stream, c->opt.nats_subjects,
                c->opt.nats_durable ? c->opt.nats_durable : "ephemeral (whole stream)");
    }
    if (c->opt.simulate) {
        if (c->opt.sim.seed == 0)
            c->opt.sim.seed = (uint64_t)core_clock_wall_ms();
        int64_t start = core_clock_wall_ms() - (int64_t)(c->opt.warmup_s * 1000);
        c->sim = col_sim_new(&c->opt.sim, start);
        if (c->sim == NULL) {
            fprintf(stderr, "wb-collector: cannot start the simulator (out of memory)\n");
            return -1;
        }
    }
    if (c->opt.metrics_url) {
        if ((c->http = col_http_status_start(c->opt.metrics_url, &err)) == NULL) {
            fprintf(stderr, "wb-collector: %s\n", err.text);
            return -1;
        }
        fprintf(stderr, "wb-collector: metrics on %s/metrics, health on %s/health\n",
                c->opt.metrics_url, c->opt.metrics_url);
    }
    fprintf(stderr, "wb-collector: publishing on %s, snapshots on %s, events in on %s%s%s\n",
            c->opt.pub_url, c->opt.rep_url, c->opt.pull_url, c->ninputs ? " and JSON lines" : "",
            c->sim ? ", simulator" : "");
    return 0;
}

static void
close_live(struct collector *c)
{
    col_http_status_stop(c->http);
    c->http = NULL;
    if (c->has_nats_out) {
        size_t left = col_nats_out_flush(&c->nats_out, NATS_EXIT_FLUSH_MS);
        if (left)
            fprintf(stderr,
                    "wb-collector: --publish-nats: %zu events not acknowledged by a stream "
                    "at exit\n",
                    left);
        col_nats_out_close(&c->nats_out);
        c->ingest.forward = NULL;
    }
    if (c->has_nats) {
        if (c->journaling)
            col_journal_sync(&c->journal);
        col_nats_in_ack(&c->nats, c->journaling ? &c->journal : NULL);
        col_nats_in_close(&c->nats);
    }
    if (c->has_ami)
        col_ami_client_fini(&c->ami);
    col_sim_free(c->sim);
    for (int i = 0; i < c->ninputs; i++)
        col_lines_close(&c->inputs[i]);
    col_pull_close(&c->pull);
    col_publish_close(&c->pub);
}

// Reads a batch from every input. Returns true while a file still has unread lines.
static bool
pump_inputs(struct collector *c, int64_t mono, int64_t *next_recheck)
{
    bool recheck = mono >= *next_recheck, reading = false;
    if (recheck)
        *next_recheck = mono + FOLLOW_RECHECK_MS;
    for (int i = 0; i < c->ninputs; i++) {
        struct col_lines *l = &c->inputs[i];
        if (l->eof && c->input_is_file[i] && recheck && !col_lines_check_rotation(l))
            l->eof = false; // look for lines appended since
        if (!l->eof)
            col_lines_pump(l, &c->ingest, BATCH);
        reading |= !l->eof && c->input_is_file[i];
    }
    return reading;
}

// A queue_log input's health: up while its file can be read.
static void
report_queue_logs(struct collector *c, int64_t wall)
{
    for (int i = 0; i < c->ninputs; i++) {
        if (!c->opt.input_is_queue_log[i])
            continue;
        char name[300];
        snprintf(name, sizeof(name), "queue_log %s", c->inputs[i].name);
        bool readable = access(c->inputs[i].name, R_OK) == 0;
        core_state_source(&c->state, name, readable, c->queuelog.translated, c->queuelog.malformed,
                          readable ? "" : "the file cannot be read", wall);
    }
}

static void
report_nats(struct collector *c, int64_t wall)
{
    bool up;
    char error[200];
    col_nats_in_health(&c->nats, &up, error, sizeof(error));
    // Said once per change, for whoever reads the log at 2 a.m.; down only after a grace
    // period, so a start or a reconnect that takes a moment is not reported.
    if (up)
        c->nats_down_since = 0;
    else if (c->nats_down_since == 0)
        c->nats_down_since = wall;
    int said = up ? 1 : wall - c->nats_down_since >= NATS_DOWN_GRACE_MS ? 0 : c->nats_said;
    if (said != c->nats_said) {
        if (said)
            fprintf(stderr, "wb-collector: %s: up (NATS %s)\n", c->nats.source, c->opt.nats);
        else
            fprintf(stderr, "wb-collector: %s: down: %s (keeps trying)\n", c->nats.source,
                    error[0] ? error : "no answer yet");
        c->nats_said = said;
    }
    core_state_source(&c->state, c->nats.source, up, c->nats.received, c->nats.ack_failures, error,
                      wall);
}

static void
report_nats_out(struct collector *c, int64_t wall)
{
    char name[300], error[160] = "";
    snprintf(name, sizeof(name), "publish %s", c->opt.publish_subject);
    struct col_nats_out_stats st = col_nats_out_stats(&c->nats_out);
    if (!st.up)
        snprintf(error, sizeof(error), "no NATS server reachable; %llu events wait",
                 (unsigned long long)st.waiting);
    else if (st.waiting > 10000)
        snprintf(error, sizeof(error), "%llu events wait for the stream",
                 (unsigned long long)st.waiting);
    if (st.dropped)
        snprintf(error + strlen(error), sizeof(error) - strlen(error),
                 "%s%llu dropped (too many waited)", error[0] ? "; " : "",
                 (unsigned long long)st.dropped);
    core_state_source(&c->state, name, st.up, st.published, st.resent + st.dropped, error, wall);
}

static int64_t
min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

#define SNAPSHOT_EVERY_MS     10000   // full snapshots on the stream, by default ...
#define BIG_SNAPSHOT_EVERY_MS 60000   // ... and once the state is big: each screen would parse
#define BIG_SNAPSHOT_BYTES    1000000 // 2 MB every 10 s at 10,000 agents (p99 43 -> 28 ms)

// How often the stream carries the whole state: as configured, else by its size.
static int64_t
full_snapshot_every(const struct collector *c)
{
    if (c->opt.snapshot_interval_s > 0)
        return (int64_t)(c->opt.snapshot_interval_s * 1000);
    return c->pub.last_full_bytes > BIG_SNAPSHOT_BYTES ? BIG_SNAPSHOT_EVERY_MS : SNAPSHOT_EVERY_MS;
}

// Publishing: how long the first event the message carries waited for it (the metrics).
static void
publish(struct collector *c, bool full, int64_t mono)
{
    if (c->unpublished_since) {
        col_delay_add(&c->delay, (double)(mono - c->unpublished_since) / 1000.0);
        c->unpublished_since = 0;
    }
    col_publish_state(&c->pub, &c->state, full);
}

// Once a second: /metrics and /health, and systemd's watchdog while healthy.
static void
report_status(struct collector *c, int64_t mono)
{
    if (c->journal.errors != c->journal_errors_seen) {
        c->journal_errors_seen = c->journal.errors;
        c->journal_error_ms = mono;
    }
    struct col_status_figures f = {
        .st = &c->state,
        .ingest = &c->ingest,
        .uptime_s = (double)(mono - c->started_ms) / 1000.0,
        .published = c->pub.sent,
        .publish_failed = c->pub.send_failed,
        .requests = c->pub.requests,
        .screens = c->pub.screens,
        .publish_delay = &c->delay,
        .journaling = c->journaling,
        .journal_failing = c->journal_error_ms && mono - c->journal_error_ms < JOURNAL_FAILING_MS,
        .journal_appended = c->journal.appended,
        .journal_synced = c->journal.synced,
        .journal_errors = c->journal.errors,
        .journal_day_bytes = c->journal.file ? ftell(c->journal.file) : 0,
        .has_nats_in = c->has_nats,
        .nats_in_up = c->has_nats && c->nats_said == 1,
        .nats_received = c->nats.received,
        .nats_acked = c->nats.acked,
        .nats_lag = c->nats.lag,
        .nats_resubscribed = c->nats.resubscribed,
        .has_nats_out = c->has_nats_out,
    };
    if (c->has_nats_out)
        f.nats_out = col_nats_out_stats(&c->nats_out);
    bool healthy = true;
    char *health = col_health_json(&f, &healthy);
    if (c->http) {
        char *metrics = col_prometheus_text(&f);
        if (metrics && health)
            col_http_status_update(c->http, metrics, health, healthy, mono);
        free(metrics);
    }
    free(health);
    if (healthy)
        col_sd_notify("WATCHDOG=1");
}

static int
run_live(struct collector *c)
{
    uint64_t run_id = (uint64_t)core_clock_wall_ms() * 1000 + (uint64_t)getpid() % 1000;
    c->run_id = run_id;
    c->state.live_clock = true;
    if (open_live(c, run_id) != 0) {
        close_live(c);
        return 1;
    }
    int64_t start = core_clock_mono_ms();
    c->started_ms = start;
    int64_t deadline =
        c->opt.run_for_s > 0 ? start + (int64_t)(c->opt.run_for_s * 1000) : INT64_MAX;
    core_state_set_now(&c->state, core_clock_wall_ms());
    col_publish_state(&c->pub, &c->state, true);
    c->accepted_seen = c->state.counters.accepted;
    col_sd_notify("READY=1");
    report_status(c, start);
    int64_t last_full = start, last_pub = start, next_recheck = start, last_checkpoint = start;
    int64_t last_alerts = 0, last_retry = start, last_status = start;
    while (!stop_requested) {
        int64_t mono = core_clock_mono_ms(), wall = core_clock_wall_ms();
        if (mono >= deadline)
            break;
        core_state_set_now(&c->state, wall);
        int64_t sim_next = c->sim ? col_sim_step(c->sim, wall, on_sim_event, c) : INT64_MAX;
        bool reading_file = pump_inputs(c, mono, &next_recheck);
        if (c->has_ami) {
            col_ami_client_step(&c->ami, &c->ingest, mono);
            core_state_source(&c->state, c->ami.name, c->ami.phase == AMI_UP, c->ami.parser.events,
                              c->ami.disconnects + c->ami.refused_logins, c->ami.last_error, wall);
        }
        report_queue_logs(c, wall);
        col_pull_pump(&c->pull, &c->ingest, BATCH);
        if (c->has_nats)
            col_nats_in_pump(&c->nats, &c->ingest, BATCH);
        if (c->journaling) {
            col_journal_flush(&c->journal, mono);
            if (mono - last_checkpoint >= LIVE_CHECKPOINT_MS) {
                col_journal_checkpoint(&c->journal, &c->state);
                last_checkpoint = mono;
            }
        }
        if (c->has_nats) {
            col_nats_in_ack(&c->nats, c->journaling ? &c->journal : NULL);
            report_nats(c, wall);
        }
        if (c->has_nats_out && mono - last_retry >= NATS_REPORT_MS) {
            report_nats_out(c, wall);
            last_retry = mono;
        }
        col_publish_serve(&c->pub, &c->state);
        if (c->state.counters.accepted != c->accepted_seen) {
            c->accepted_seen = c->state.counters.accepted;
            if (c->unpublished_since == 0)
                c->unpublished_since = mono;
        }
        if (mono - last_status >= STATUS_EVERY_MS) {
            report_status(c, mono);
            last_status = mono;
        }
        if (c->state.alerts && mono - last_alerts >= ALERTS_EVERY_MS) {
            core_state_refresh(&c->state);
            core_alerts_evaluate(c->state.alerts, &c->state, wall);
            last_alerts = mono;
        }
        bool alerts_changed = c->state.alerts && c->state.alerts->dirty;

        int64_t full_every = full_snapshot_every(c);
        if (mono - last_full >= full_every) {
            publish(c, true, mono);
            last_full = last_pub = mono;
        } else if (((c->state.counters_dirty || alerts_changed) &&
                    mono - last_pub >= c->opt.publish_min_ms) ||
                   mono - last_pub >= HEARTBEAT_MS) {
            publish(c, false, mono);
            last_pub = mono;
        }

        int64_t wake = min64(deadline, last_full + full_every);
        wake = min64(wake, last_status + STATUS_EVERY_MS);
        wake = min64(wake,
                     last_pub + (c->state.counters_dirty ? c->opt.publish_min_ms : HEARTBEAT_MS));
        if (sim_next != INT64_MAX)
            wake = min64(wake, mono + (sim_next - wall));
        if (c->ninputs)
            wake = min64(wake, next_recheck);
        struct pollfd fds[4 + COL_MAX_INPUTS] = {
            {.fd = c->pull.fd, .events = POLLIN},
            {.fd = c->pub.rep_fd, .events = POLLIN},
            {.fd = -1},
            {.fd = c->has_nats ? c->nats.fd : -1, .events = POLLIN}};
        if (c->has_nats && col_nats_in_unacked(&c->nats) > 0) // acknowledged after the next sync
            wake = min64(wake, mono + 1000);
        if (c->has_ami) {
            int64_t ami_wake;
            fds[2].fd = col_ami_client_poll(&c->ami, &fds[2].events, &ami_wake);
            wake = min64(wake, ami_wake);
        }
        for (int i = 0; i < c->ninputs; i++) {
            // Pipes and terminals wake the loop; files are read until their end, then checked.
            bool pollable = !c->inputs[i].eof && !c->input_is_file[i];
            fds[4 + i] = (struct pollfd){.fd = pollable ? c->inputs[i].fd : -1, .events = POLLIN};
        }
        int64_t timeout = reading_file ? 0 : wake - core_clock_mono_ms();
        if (timeout < 0)
            timeout = 0;
        if (poll(fds, (nfds_t)(4 + c->ninputs), (int)min64(timeout, 60000)) < 0 && errno != EINTR) {
            perror("wb-collector: poll");
            break;
        }
    }
    summary(c, "stopping");
    col_sd_notify("STOPPING=1");
    if (c->journaling)
        col_journal_checkpoint(&c->journal, &c->state);
    if (c->opt.print_state)
        print_state(c, run_id, c->pub.seq);
    close_live(c);
    return 0;
}

// The site's day follows its time zone: set TZ for the whole process (core/localtime.c).
static int
use_time_zone(const char *zone)
{
    if (zone == NULL || zone[0] == '\0')
        return 0;
    char path[512];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
    if (strstr(zone, "..") || access(path, R_OK) != 0) {
        fprintf(stderr,
                "wb-collector: --time-zone \"%s\": no such IANA time zone (like "
                "Asia/Shanghai; is tzdata installed?)\n",
                zone);
        return -1;
    }
    setenv("TZ", zone, 1);
    tzset();
    return 0;
}

int
main(int argc, char **argv)
{
    struct collector c;
    memset(&c, 0, sizeof(c));
    int rc = col_options_parse(&c.opt, argc, argv);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    if (use_time_zone(c.opt.time_zone) != 0)
        return 2;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN); // a file-size limit makes a write fail (reported), not the process
    struct core_err err;
    core_err_clear(&err);
    if (col_rejects_open(&c.rejects, c.opt.rejects, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return 1;
    }
    core_state_init(&c.state);
    col_queuelog_init(&c.queuelog);
    c.state.metrics = c.opt.metrics;
    core_state_set_keyword_config(&c.state, &c.opt.keywords); // the site's windows
    for (int i = 0; i < c.opt.nsl_thresholds; i++) {
        char queue[CORE_ID_MAX];
        const char *eq = strrchr(c.opt.sl_thresholds[i], '=');
        snprintf(queue, sizeof(queue), "%.*s", (int)(eq - c.opt.sl_thresholds[i]),
                 c.opt.sl_thresholds[i]);
        core_state_set_sl_threshold(&c.state, queue, atoi(eq + 1));
    }
    c.ingest = (struct col_ingest){
        .state = &c.state, .rejects = &c.rejects, .wall_ms = core_clock_wall_ms, .offset = -1};
    if (open_segmenter(&c) != 0)
        return 2;
    if (c.opt.journal && open_journal(&c) != 0)
        return 1;
    if (load_alerts(&c) != 0)
        return 2;
    rc = c.opt.replay ? run_replay(&c) : run_live(&c);
    if (c.journaling)
        col_journal_close(&c.journal);
    col_rejects_close(&c.rejects);
    col_queuelog_fini(&c.queuelog);
    core_state_fini(&c.state);
    col_segment_free(c.segment);
    col_phone_region_free(c.phone);
    return rc;
}
