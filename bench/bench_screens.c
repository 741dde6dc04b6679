// SPDX-License-Identifier: MIT
// bench-screens: many screens subscribed to one collector. On the floor every screen is a
// machine of its own; here they share two cores, so most of them only subscribe and count
// what arrives (the collector and the network do the same work for them), and FULL of them
// are whole screens as the wallboard runs them (its feed: SUB + REQ, sequence checks,
// resyncs; the state kept current: snapshots replace it, deltas are merged in; no drawing).
// Probe events (an agent "probe" whose name is "probe:NANOSECONDS", the wall-clock time it
// was sent) give event-to-screen latency on the whole screens; bytes are counted on every
// screen, snapshots apart from deltas. Driven by bench/bench_screens.py.
// Usage: bench-screens PUB_URL REP_URL SCREENS SECONDS [FULL]
#define _GNU_SOURCE // memmem
#include "core/json_patch.h"
#include "wallboard/feed/feed.h"

#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROBES         100000
#define MAX_COUNTED_PROBES 8000 // per counting screen: 20 probes/s for 400 s

struct screen {
    struct wb_feed *feed;
    pthread_t thread;
    cJSON *state;
    bool ready; // has had its first snapshot
    size_t nprobes;
    double *latency_ms;
};

static atomic_bool stop;
static atomic_int ready_screens;
static atomic_bool measuring; // probes before this are the load's warm-up

static int64_t
wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// A subscriber that counts bytes: nng calls back with each message, no thread of its own.
struct counter {
    nng_socket sub;
    nng_aio *aio;
    _Atomic uint64_t snapshot_bytes, delta_bytes, messages;
    double *delivery_ms; // probes seen in deltas: how long after their event was sent
    _Atomic size_t nprobes;
};

// Delivery to a counting screen: the probe's send time read straight from the delta's bytes
// (its agent's name "probe:NANOSECONDS"), no parse. Snapshots carry the last probe too: skipped.
static void
count_probe(struct counter *c, const char *body, size_t len)
{
    static const char mark[] = "\"probe:";
    const char *at = memmem(body, len, mark, sizeof(mark) - 1);
    if (at == NULL || !measuring)
        return;
    long long sent = 0;
    for (at += sizeof(mark) - 1; at < body + len && *at >= '0' && *at <= '9'; at++)
        sent = sent * 10 + (*at - '0');
    size_t k = c->nprobes;
    if (sent > 0 && k < MAX_COUNTED_PROBES) {
        c->delivery_ms[k] = (double)(wall_ns() - sent) / 1e6;
        c->nprobes = k + 1;
    }
}

static void
on_counted(void *arg)
{
    struct counter *c = arg;
    if (nng_aio_result(c->aio) != 0)
        return; // closed
    nng_msg *m = nng_aio_get_msg(c->aio);
    size_t len = nng_msg_len(m);
    const char *body = nng_msg_body(m);
    // The header comes first: {"v":1,"kind":"snapshot",...
    bool full = false;
    for (size_t i = 0; i + 10 <= len && i < 40 && !full; i++)
        full = memcmp(body + i, "\"snapshot\"", 10) == 0;
    if (full) {
        c->snapshot_bytes += len;
    } else {
        c->delta_bytes += len;
        count_probe(c, body, len);
    }
    c->messages++;
    nng_msg_free(m);
    nng_recv_aio(c->sub, c->aio);
}

static int
start_counter(struct counter *c, const char *url)
{
    c->delivery_ms = malloc(MAX_COUNTED_PROBES * sizeof(double));
    if (c->delivery_ms == NULL)
        return NNG_ENOMEM;
    int rv = nng_sub0_open(&c->sub);
    if (rv == 0)
        rv = nng_socket_set(c->sub, NNG_OPT_SUB_SUBSCRIBE, "", 0);
    if (rv == 0)
        rv = nng_socket_set_size(c->sub, NNG_OPT_RECVMAXSZ, 64 * 1024 * 1024);
    if (rv == 0)
        rv = nng_aio_alloc(&c->aio, on_counted, c);
    if (rv == 0)
        rv = nng_dial(c->sub, url, NULL, NNG_FLAG_NONBLOCK);
    if (rv == 0)
        nng_recv_aio(c->sub, c->aio);
    return rv;
}

// A delta naming the probe agent ("probe", or "SITE/probe" when the events came through a
// site's subject): how long ago its event was sent.
static void
look_for_probe(struct screen *s, const cJSON *msg, int64_t now)
{
    const cJSON *agent;
    cJSON_ArrayForEach(agent, cJSON_GetObjectItemCaseSensitive(msg, "agents"))
    {
        const char *slash = strrchr(agent->string, '/');
        if (strcmp(slash ? slash + 1 : agent->string, "probe") != 0)
            continue;
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(agent, "name");
        if (!cJSON_IsString(name) || strncmp(name->valuestring, "probe:", 6) != 0)
            return;
        long long sent = atoll(name->valuestring + 6);
        if (sent > 0 && s->nprobes < MAX_PROBES)
            s->latency_ms[s->nprobes++] = (double)(now - sent) / 1e6;
        return;
    }
}

static void *
run_screen(void *arg)
{
    struct screen *s = arg;
    struct wb_feed_msg msgs[64];
    while (!stop) {
        if (!wb_feed_wait(s->feed, 100))
            continue;
        size_t n = wb_feed_take(s->feed, msgs, 64);
        int64_t now = wall_ns();
        for (size_t i = 0; i < n; i++) {
            if (msgs[i].full) {
                cJSON_Delete(s->state);
                s->state = msgs[i].msg;
                if (!s->ready) {
                    s->ready = true;
                    ready_screens++;
                }
                continue;
            }
            if (s->ready)
                look_for_probe(s, msgs[i].msg, now);
            if (s->state)
                core_json_merge_patch(&s->state, msgs[i].msg);
            cJSON_Delete(msgs[i].msg);
        }
    }
    return NULL;
}

static int
by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double
percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return -1;
    qsort(v, n, sizeof(*v), by_value);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

int
main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: bench-screens PUB_URL REP_URL SCREENS SECONDS [FULL]\n");
        return 2;
    }
    int total = atoi(argv[3]);
    double seconds = atof(argv[4]);
    int n = argc == 6 ? atoi(argv[5]) : total; // whole screens; the rest count bytes
    n = n < total ? n : total;
    int ncounters = total - n;
    struct counter *counters = calloc((size_t)(ncounters > 0 ? ncounters : 1), sizeof(*counters));
    for (int i = 0; i < ncounters; i++) {
        if (start_counter(&counters[i], argv[1]) != 0) {
            fprintf(stderr, "bench-screens: cannot subscribe to %s\n", argv[1]);
            return 1;
        }
    }
    struct screen *screens = calloc((size_t)n, sizeof(*screens));
    struct wb_net_security sec = {0};
    for (int i = 0; i < n; i++) {
        struct core_err err;
        core_err_clear(&err);
        screens[i].latency_ms = malloc(MAX_PROBES * sizeof(double));
        screens[i].feed = wb_feed_start(argv[1], argv[2], &sec, NULL, &err);
        if (screens[i].feed == NULL) {
            fprintf(stderr, "bench-screens: %s\n", err.text);
            return 1;
        }
        pthread_create(&screens[i].thread, NULL, run_screen, &screens[i]);
    }
    struct timespec pause = {0, 50 * 1000000};
    for (int waited = 0; ready_screens < n && waited < 1200; waited++)
        nanosleep(&pause, NULL);
    printf("ready %d\n", ready_screens);
    fflush(stdout);
    struct wb_feed_stats *before = calloc((size_t)n, sizeof(*before));
    for (int i = 0; i < n; i++)
        wb_feed_get_stats(screens[i].feed, &before[i]);
    for (int i = 0; i < n; i++)
        screens[i].nprobes = 0; // from here on: the measured stretch
    measuring = true;
    uint64_t counted_before = 0, counted_snap_before = 0;
    for (int i = 0; i < ncounters; i++) {
        counted_before += counters[i].delta_bytes;
        counted_snap_before += counters[i].snapshot_bytes;
    }
    struct timespec span = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&span, NULL);
    stop = true;
    double *p50s = calloc((size_t)n, sizeof(double)), *p99s = calloc((size_t)n, sizeof(double));
    size_t min_probes = SIZE_MAX, max_probes = 0;
    uint64_t snap = 0, delta = 0, gaps = 0, resyncs = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(screens[i].thread, NULL);
        struct wb_feed_stats st;
        wb_feed_get_stats(screens[i].feed, &st);
        snap += st.snapshot_bytes - before[i].snapshot_bytes;
        delta += st.delta_bytes - before[i].delta_bytes;
        gaps += st.gaps - before[i].gaps;
        resyncs += st.resyncs - before[i].resyncs;
        size_t k = screens[i].nprobes;
        min_probes = k < min_probes ? k : min_probes;
        max_probes = k > max_probes ? k : max_probes;
        p50s[i] = percentile(screens[i].latency_ms, k, 0.50);
        p99s[i] = percentile(screens[i].latency_ms, k, 0.99);
    }
    uint64_t counted = 0, counted_snap = 0;
    for (int i = 0; i < ncounters; i++) {
        counted += counters[i].delta_bytes;
        counted_snap += counters[i].snapshot_bytes;
    }
    counted -= counted_before;
    counted_snap -= counted_snap_before;
    double worst99 = percentile(p99s, (size_t)n, 1.0);
    double median99 = percentile(p99s, (size_t)n, 0.5);
    double median50 = percentile(p50s, (size_t)n, 0.5);
    printf("screens %d (%d whole, %d counting), probes per whole screen %zu..%zu\n", total, n,
           ncounters, min_probes, max_probes);
    printf("latency event->screen: p50 %.1f ms (median screen), p99 %.1f ms (median screen), "
           "p99 %.1f ms (worst screen)\n",
           median50, median99, worst99);
    if (ncounters > 0) {
        double *c99 = calloc((size_t)ncounters, sizeof(double));
        size_t cmin = SIZE_MAX;
        for (int i = 0; i < ncounters; i++) {
            // No more callbacks: the figures hold still. (Closing the socket under a callback
            // that re-arms its receive can hang nng's close; stopping the aio first cannot.)
            nng_aio_stop(counters[i].aio);
            size_t k = counters[i].nprobes;
            cmin = k < cmin ? k : cmin;
            c99[i] = percentile(counters[i].delivery_ms, k, 0.99);
        }
        printf("delivery event->screen socket (%d counting screens, >= %zu probes each): p99 %.1f "
               "ms (median screen), p99 %.1f ms (worst screen)\n",
               ncounters, cmin, percentile(c99, (size_t)ncounters, 0.5),
               percentile(c99, (size_t)ncounters, 1.0));
        free(c99);
    }
    printf("bytes per screen per second: snapshots %.0f, deltas %.0f (all %d screens: %.1f "
           "MB/s)\n",
           (double)(snap + counted_snap) / total / seconds,
           (double)(delta + counted) / total / seconds, total,
           (double)(snap + delta + counted + counted_snap) / seconds / 1e6);
    printf("gaps %llu, resyncs %llu (all screens)\n", (unsigned long long)gaps,
           (unsigned long long)resyncs);
    fflush(stdout); // the figures are out, whatever the cleanup does
    for (int i = 0; i < n; i++) {
        wb_feed_stop(screens[i].feed);
        cJSON_Delete(screens[i].state);
        free(screens[i].latency_ms);
    }
    free(screens);
    free(before);
    free(p50s);
    free(p99s);
    // The counting subscribers are left to the exit: closing 200 nng sockets one after another
    // hung now and then in nng 1.5.2's close (waiting for a pipe), with or without their aio
    // stopped; the process ends here anyway.
    _exit(0);
}
