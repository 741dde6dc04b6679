// SPDX-License-Identifier: MIT
// The live collector: one thread, one poll() loop (as redis's ae does). Inputs are pumped in
// bounded batches so no input starves another, the journal is flushed, the state published, and
// the loop sleeps until the next thing is due.
#include "collector/collector.h"
#include "collector/ops/sd_notify.h"
#include "core/alert_eval.h"
#include "core/clock.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEARTBEAT_MS          1000 // a message at least this often, so screens can tell we are alive
#define ALERTS_EVERY_MS       250  // alert rules are evaluated at most this often
#define LIVE_CHECKPOINT_MS    60000   // a live collector checkpoints this often
#define NATS_REPORT_MS        1000    // how often the publishing's health is put in the state
#define REPUBLISH_TAIL        20000   // events of the journal's tail published again at start
#define NATS_EXIT_FLUSH_MS    10000   // at exit, how long publishing may take to finish
#define STATUS_EVERY_MS       1000    // /metrics and /health, and systemd's watchdog, this often
#define JOURNAL_FAILING_MS    60000   // a journal error this recent makes the collector unhealthy
#define SNAPSHOT_EVERY_MS     10000   // full snapshots on the stream, by default ...
#define BIG_SNAPSHOT_EVERY_MS 60000   // ... and once the state is big: each screen would parse
#define BIG_SNAPSHOT_BYTES    1000000 // 2 MB every 10 s at 10,000 agents (p99 43 -> 28 ms)

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

// --publish-nats: every accepted event into the bus, once journaled; what the last run journaled
// but may not have got into the stream (in flight when it stopped) is sent again under the same
// ids, and the stream keeps one copy.
static int
open_nats_out(struct collector *c)
{
    struct core_err err;
    core_err_clear(&err);
    c->has_nats_out = true;
    if (col_nats_out_open(&c->nats_out, c->opt.publish_nats, c->opt.publish_subject, &err) != 0) {
        fprintf(stderr, "wb-collector: --publish-nats: %s\n", err.text);
        return -1;
    }
    c->ingest.forward = forward_to_nats;
    c->ingest.forward_ctx = c;
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
    return 0;
}

static int
open_live(struct collector *c, uint64_t run_id)
{
    struct core_err err;
    core_err_clear(&err);
    if (col_publish_open(&c->pub, c->opt.pub_url, c->opt.rep_url, run_id, &c->opt.net, &err) != 0) {
        fprintf(stderr, "wb-collector: %s\n", err.text);
        return -1;
    }
    c->pub.tokens = c->tokens.n ? &c->tokens : NULL;
    if (c->opt.publish_nats && open_nats_out(c) != 0)
        return -1;
    if (col_open_inputs(c) != 0)
        return -1;
    if (c->opt.metrics_url) {
        if ((c->http = col_http_status_start(c->opt.metrics_url, &err)) == NULL) {
            fprintf(stderr, "wb-collector: %s\n", err.text);
            return -1;
        }
        fprintf(stderr, "wb-collector: metrics on %s/metrics, health on %s/health\n",
                c->opt.metrics_url, c->opt.metrics_url);
    }
    fprintf(stderr, "wb-collector: publishing on %s, snapshots on %s, events in on %s%s%s\n",
            c->opt.pub_url, c->opt.rep_url, c->opt.pull_url,
            c->opt.ninputs ? " and JSON lines" : "", c->opt.simulate ? ", simulator" : "");
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
    struct col_journal *j = c->journaling ? &c->journal : NULL;
    for (int i = c->ninputs - 1; i >= 0; i--)
        c->inputs[i]->ops->close(c->inputs[i], j);
    c->ninputs = 0;
    c->nats = NULL;
    col_publish_close(&c->pub);
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

// The journal as a source once it has failed: down while events wait for the disk, so the
// screens' band says it (a restart now would lose what only some inputs can send again).
static void
report_journal(struct collector *c, int64_t wall)
{
    const struct col_journal *j = &c->journal;
    char error[200] = "";
    if (j->failing)
        snprintf(error, sizeof(error), "cannot write: %llu events wait in memory",
                 (unsigned long long)(j->appended - j->written_events));
    core_state_source(&c->state, "journal", !j->failing, j->written_events, j->errors, error, wall);
}

static int64_t
min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

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
        .journal_failing = c->journal.failing ||
                           (c->journal_error_ms && mono - c->journal_error_ms < JOURNAL_FAILING_MS),
        .journal_appended = c->journal.appended,
        .journal_synced = c->journal.synced,
        .journal_errors = c->journal.errors,
        .journal_waiting = c->journal.appended - c->journal.written_events,
        .journal_lost = c->journal.lost,
        .journal_day_bytes = col_journal_bytes(&c->journal),
        .has_nats_in = c->nats != NULL,
        .nats_in_up = c->nats && c->nats->said == 1,
        .nats_received = c->nats ? c->nats->nats.received : 0,
        .nats_acked = c->nats ? c->nats->nats.acked : 0,
        .nats_lag = c->nats ? c->nats->nats.lag : 0,
        .nats_resubscribed = c->nats ? c->nats->nats.resubscribed : 0,
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

// Every input's turn: a batch each. Returns true while one still has more to read at once.
static bool
pump_inputs(struct collector *c, int64_t mono, int64_t wall)
{
    bool more = false;
    for (int i = 0; i < c->ninputs; i++)
        more |= c->inputs[i]->ops->pump(c->inputs[i], &c->ingest, COL_BATCH, mono, wall);
    return more;
}

// After the journal's flush: inputs acknowledge what is on the disk, then say how they are.
static void
settle_inputs(struct collector *c, int64_t wall)
{
    struct col_journal *j = c->journaling ? &c->journal : NULL;
    for (int i = 0; i < c->ninputs; i++) {
        struct col_input *in = c->inputs[i];
        if (in->ops->committed)
            in->ops->committed(in, j);
        if (in->ops->health)
            in->ops->health(in, &c->state, wall);
    }
}

// Sleeps until a descriptor is ready or wake (mono) comes; not at all while a file has more.
static bool
wait_for_work(struct collector *c, int64_t wake, bool more)
{
    int64_t mono = core_clock_mono_ms(), wall = core_clock_wall_ms();
    struct pollfd fds[1 + COL_LIVE_INPUTS] = {{.fd = c->pub.rep_fd, .events = POLLIN}};
    for (int i = 0; i < c->ninputs; i++)
        c->inputs[i]->ops->poll(c->inputs[i], &fds[1 + i], &wake, mono, wall);
    int64_t timeout = more ? 0 : wake - core_clock_mono_ms();
    if (timeout < 0)
        timeout = 0;
    if (poll(fds, (nfds_t)(1 + c->ninputs), (int)min64(timeout, 60000)) < 0 && errno != EINTR) {
        perror("wb-collector: poll");
        return false;
    }
    return true;
}

// The loop's periodic work (as redis's serverCron): journal flush and checkpoints, publishing
// health, /metrics and the watchdog, alert rules, then a delta, a heartbeat or a full snapshot.
struct live_clock {
    int64_t deadline, last_full, last_pub, last_checkpoint, last_alerts, last_retry, last_status;
};

static void
periodic(struct collector *c, struct live_clock *t, int64_t mono, int64_t wall)
{
    if (c->journaling) {
        col_journal_flush(&c->journal, mono);
        if (mono - t->last_checkpoint >= LIVE_CHECKPOINT_MS) {
            col_journal_checkpoint(&c->journal, &c->state);
            t->last_checkpoint = mono;
        }
    }
    settle_inputs(c, wall);
    if (c->has_nats_out && mono - t->last_retry >= NATS_REPORT_MS) {
        report_nats_out(c, wall);
        t->last_retry = mono;
    }
    col_publish_serve(&c->pub, &c->state);
    if (c->state.counters.accepted != c->accepted_seen) {
        c->accepted_seen = c->state.counters.accepted;
        if (c->unpublished_since == 0)
            c->unpublished_since = mono;
    }
    if (mono - t->last_status >= STATUS_EVERY_MS) {
        if (c->journaling && c->journal.errors > 0)
            report_journal(c, wall);
        report_status(c, mono);
        t->last_status = mono;
    }
    if (c->state.alerts && mono - t->last_alerts >= ALERTS_EVERY_MS) {
        core_state_refresh(&c->state);
        core_alerts_evaluate(c->state.alerts, &c->state, wall);
        t->last_alerts = mono;
    }
    bool alerts_changed = c->state.alerts && c->state.alerts->dirty;
    int64_t full_every = full_snapshot_every(c);
    if (mono - t->last_full >= full_every) {
        publish(c, true, mono);
        t->last_full = t->last_pub = mono;
    } else if (((c->state.counters_dirty || alerts_changed) &&
                mono - t->last_pub >= c->opt.publish_min_ms) ||
               mono - t->last_pub >= HEARTBEAT_MS) {
        publish(c, false, mono);
        t->last_pub = mono;
    }
}

// When the loop must come back at the latest, the inputs aside.
static int64_t
next_wake(const struct collector *c, const struct live_clock *t)
{
    int64_t wake = min64(t->deadline, t->last_full + full_snapshot_every(c));
    wake = min64(wake, t->last_status + STATUS_EVERY_MS);
    return min64(wake,
                 t->last_pub + (c->state.counters_dirty ? c->opt.publish_min_ms : HEARTBEAT_MS));
}

int
col_run_live(struct collector *c)
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
    struct live_clock t = {
        .deadline = c->opt.run_for_s > 0 ? start + (int64_t)(c->opt.run_for_s * 1000) : INT64_MAX,
        .last_full = start,
        .last_pub = start,
        .last_checkpoint = start,
        .last_retry = start,
        .last_status = start};
    core_state_set_now(&c->state, core_clock_wall_ms());
    col_publish_state(&c->pub, &c->state, true);
    c->accepted_seen = c->state.counters.accepted;
    col_sd_notify("READY=1");
    report_status(c, start);
    while (!col_stop_requested) {
        int64_t mono = core_clock_mono_ms(), wall = core_clock_wall_ms();
        if (mono >= t.deadline)
            break;
        core_state_set_now(&c->state, wall);
        bool more = pump_inputs(c, mono, wall);
        periodic(c, &t, mono, wall);
        if (!wait_for_work(c, next_wake(c, &t), more))
            break;
    }
    col_summary(c, "stopping");
    col_sd_notify("STOPPING=1");
    if (c->journaling)
        col_journal_checkpoint(&c->journal, &c->state);
    if (c->opt.print_state || c->opt.print_intervals)
        col_print_state(c, run_id, c->pub.seq);
    close_live(c);
    return 0;
}
