// SPDX-License-Identifier: MIT
// nng SUB + REQ on a thread of its own, so a slow or absent collector never blocks drawing.
#include "wallboard/feed/feed.h"

#include "core/clock.h"
#include "core/snapshot.h"

#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/req.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_MAX      4096 // messages held for the drawing thread; past it, resync
#define RECV_POLL_MS   200
#define REQ_TIMEOUT_MS 1000
#define RETRY_MS       1000
#define COMMANDS_MAX   8    // waiting to be sent; a screen sends one per tap at most
#define EARLY_MAX      1024 // deltas kept while a requested snapshot is on its way

struct node {
    struct wb_feed_msg m;
    struct node *next;
};

struct wb_feed {
    nng_socket sub, req;
    pthread_t thread;
    bool running;
    void (*wake)(void);
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct node *head, *tail;
    size_t queued;
    struct wb_feed_stats stats;
    char *commands[COMMANDS_MAX]; // waiting to be sent, oldest first (owned)
    size_t ncommands;
    struct node *replies, *replies_tail; // answers not taken yet
    // Thread-only: where the stream stands.
    bool need_snapshot;
    uint64_t run, seq;
    int64_t next_request_ms;
    // Deltas that arrive while a snapshot is awaited: the snapshot may be older than they are
    // (the collector answers many screens with one), and they carry it on without a gap.
    cJSON *early[EARLY_MAX];
    uint64_t early_run, early_seq[EARLY_MAX];
    size_t nearly;
    // Why the collector does not answer, found out now and then and said once on stderr (a
    // background dial only retries; a TLS handshake refused would otherwise stay unexplained).
    char rep_url[512];
    struct wb_net_security sec;
    int64_t next_probe_ms;
    char said[256];
};

#define PROBE_AFTER_MS 3000  // silence before the first look
#define PROBE_EVERY_MS 30000 // and between two

static void
explain_silence(struct wb_feed *f, int64_t now)
{
    if (now < f->next_probe_ms)
        return;
    f->next_probe_ms = now + PROBE_EVERY_MS;
    nng_socket probe;
    if (nng_req0_open(&probe) != 0)
        return;
    struct core_err err;
    core_err_clear(&err);
    nng_socket_set_ms(probe, NNG_OPT_SENDTIMEO, REQ_TIMEOUT_MS);
    if (wb_net_dial(probe, f->rep_url, &f->sec, 0, &err) != 0 && strcmp(err.text, f->said) != 0) {
        fprintf(stderr, "wallboard: the collector does not answer: %s\n", err.text);
        snprintf(f->said, sizeof(f->said), "%s", err.text);
    }
    nng_close(probe);
}

static void
drop_early(struct wb_feed *f)
{
    for (size_t i = 0; i < f->nearly; i++)
        cJSON_Delete(f->early[i]);
    f->nearly = 0;
}

static void
push(struct wb_feed *f, cJSON *msg, bool full)
{
    struct node *n = malloc(sizeof(*n));
    if (n == NULL) {
        cJSON_Delete(msg);
        f->need_snapshot = true; // we dropped one; start again from a snapshot
        return;
    }
    n->m = (struct wb_feed_msg){msg, full};
    n->next = NULL;
    pthread_mutex_lock(&f->lock);
    if (full) {
        // A snapshot supersedes everything queued before it.
        while (f->head) {
            struct node *old = f->head;
            f->head = old->next;
            cJSON_Delete(old->m.msg);
            free(old);
        }
        f->tail = NULL;
        f->queued = 0;
    }
    if (f->tail)
        f->tail->next = n;
    else
        f->head = n;
    f->tail = n;
    bool overfull = ++f->queued > QUEUE_MAX;
    pthread_cond_signal(&f->cond);
    pthread_mutex_unlock(&f->lock);
    if (overfull)
        f->need_snapshot = true;
    if (f->wake)
        f->wake();
}

// A snapshot arrived (run, seq): the deltas kept meanwhile that follow it go on after it, in
// order; one missing between them means a snapshot is needed again.
static void
after_snapshot(struct wb_feed *f)
{
    for (size_t i = 0; i < f->nearly; i++) {
        if (f->early_run != f->run || f->early_seq[i] <= f->seq) {
            cJSON_Delete(f->early[i]);
        } else if (f->need_snapshot || f->early_seq[i] != f->seq + 1) {
            cJSON_Delete(f->early[i]);
            f->need_snapshot = true;
        } else {
            f->seq = f->early_seq[i];
            push(f, f->early[i], false);
        }
    }
    f->nearly = 0;
}

static bool
read_header(const cJSON *msg, uint64_t *run, uint64_t *seq, bool *full)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, "v");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(msg, "run");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(msg, "seq");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(msg, "kind");
    if (!cJSON_IsNumber(v) || v->valueint != 1 || !cJSON_IsNumber(r) || !cJSON_IsNumber(s) ||
        !cJSON_IsString(k))
        return false;
    *run = (uint64_t)r->valuedouble;
    *seq = (uint64_t)s->valuedouble;
    *full = strcmp(k->valuestring, "snapshot") == 0;
    return true;
}

static void
note_rx(struct wb_feed *f, bool bad, bool full, size_t len)
{
    pthread_mutex_lock(&f->lock);
    f->stats.last_rx_ms = core_clock_mono_ms();
    f->stats.received++;
    f->stats.bad += bad;
    if (full)
        f->stats.snapshot_bytes += len;
    else
        f->stats.delta_bytes += len;
    pthread_mutex_unlock(&f->lock);
}

static void
request_snapshot(struct wb_feed *f)
{
    int64_t now = core_clock_mono_ms();
    if (now < f->next_request_ms)
        return;
    f->next_request_ms = now + RETRY_MS;
    char *buf = NULL;
    size_t len = 0;
    if (nng_send(f->req, "snapshot", 8, 0) != 0 ||
        nng_recv(f->req, &buf, &len, NNG_FLAG_ALLOC) != 0) {
        explain_silence(f, now);
        return;
    }
    f->said[0] = '\0'; // answering again: a later failure is news
    cJSON *msg = cJSON_ParseWithLength(buf, len);
    nng_free(buf, len);
    uint64_t run, seq;
    bool full;
    if (msg == NULL || !read_header(msg, &run, &seq, &full) || !full) {
        cJSON_Delete(msg);
        return;
    }
    f->run = run;
    f->seq = seq;
    f->need_snapshot = false;
    pthread_mutex_lock(&f->lock);
    f->stats.resyncs++;
    f->stats.snapshot_bytes += len;
    f->stats.last_rx_ms = core_clock_mono_ms();
    pthread_mutex_unlock(&f->lock);
    push(f, msg, true);
    after_snapshot(f);
}

// A snapshot of the run and seq this screen is at, or older: nothing in it is news.
static bool
in_step_with(struct wb_feed *f, uint64_t run, uint64_t seq)
{
    if (f->need_snapshot || run != f->run || seq > f->seq)
        return false;
    pthread_mutex_lock(&f->lock);
    f->stats.snapshots_in_step++;
    pthread_mutex_unlock(&f->lock);
    return true;
}

static void
on_message(struct wb_feed *f, char *buf, size_t len)
{
    uint64_t run, seq;
    // The periodic snapshot of a state this screen holds already: dropped before it is parsed
    // (2 MB at 10,000 agents: the next delta waited 40 ms behind it).
    if (core_snapshot_peek_held(buf, len, &run, &seq) && in_step_with(f, run, seq)) {
        note_rx(f, false, true, len);
        return;
    }
    cJSON *msg = cJSON_ParseWithLength(buf, len);
    bool full;
    if (msg == NULL || !read_header(msg, &run, &seq, &full)) {
        note_rx(f, true, false, len);
        cJSON_Delete(msg);
        return;
    }
    note_rx(f, false, full, len);
    if (full && in_step_with(f, run, seq)) {
        cJSON_Delete(msg);
        return;
    }
    if (full) {
        f->run = run;
        f->seq = seq;
        f->need_snapshot = false;
        push(f, msg, true);
        after_snapshot(f);
        return;
    }
    if (f->need_snapshot) { // kept for the snapshot on its way (a new run starts afresh)
        if (f->nearly > 0 && (run != f->early_run || seq != f->early_seq[f->nearly - 1] + 1))
            drop_early(f);
        if (f->nearly < EARLY_MAX) {
            f->early_run = run;
            f->early_seq[f->nearly] = seq;
            f->early[f->nearly++] = msg;
        } else {
            cJSON_Delete(msg);
        }
        return;
    }
    if (run == f->run && seq <= f->seq) {
        cJSON_Delete(msg); // already in the snapshot we have
        return;
    }
    if (run != f->run || seq != f->seq + 1) {
        pthread_mutex_lock(&f->lock);
        f->stats.gaps++;
        pthread_mutex_unlock(&f->lock);
        f->need_snapshot = true;
        f->next_request_ms = 0;
        cJSON_Delete(msg);
        return;
    }
    f->seq = seq;
    push(f, msg, false);
}

static void
push_reply(struct wb_feed *f, cJSON *reply)
{
    struct node *n = malloc(sizeof(*n));
    if (n == NULL) {
        cJSON_Delete(reply);
        return;
    }
    n->m = (struct wb_feed_msg){reply, false};
    n->next = NULL;
    pthread_mutex_lock(&f->lock);
    if (f->replies_tail)
        f->replies_tail->next = n;
    else
        f->replies = n;
    f->replies_tail = n;
    pthread_cond_signal(&f->cond);
    pthread_mutex_unlock(&f->lock);
    if (f->wake)
        f->wake();
}

static cJSON *
no_answer(const char *command, int rv)
{
    cJSON *sent = cJSON_Parse(command);
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(sent, "cmd");
    cJSON *r = cJSON_CreateObject();
    cJSON_AddBoolToObject(r, "ok", false);
    cJSON_AddStringToObject(r, "cmd", cJSON_IsString(cmd) ? cmd->valuestring : "");
    char why[128];
    snprintf(why, sizeof(why), "no answer from the collector (%s)", nng_strerror(rv));
    cJSON_AddStringToObject(r, "error", why);
    cJSON_Delete(sent);
    return r;
}

// Sends the commands waiting, one at a time (REQ is strictly request then reply).
static void
send_commands(struct wb_feed *f)
{
    for (;;) {
        pthread_mutex_lock(&f->lock);
        char *command = f->ncommands ? f->commands[0] : NULL;
        if (command) {
            memmove(f->commands, f->commands + 1, (f->ncommands - 1) * sizeof(f->commands[0]));
            f->ncommands--;
        }
        pthread_mutex_unlock(&f->lock);
        if (command == NULL)
            return;
        char *buf = NULL;
        size_t len = 0;
        int rv = nng_send(f->req, command, strlen(command), 0);
        if (rv == 0)
            rv = nng_recv(f->req, &buf, &len, NNG_FLAG_ALLOC);
        cJSON *reply = rv == 0 ? cJSON_ParseWithLength(buf, len) : no_answer(command, rv);
        if (rv == 0)
            nng_free(buf, len);
        if (reply == NULL)
            reply = no_answer(command, NNG_EINVAL);
        push_reply(f, reply);
        free(command);
    }
}

static void *
feed_main(void *arg)
{
    struct wb_feed *f = arg;
    f->need_snapshot = true;
    while (__atomic_load_n(&f->running, __ATOMIC_ACQUIRE)) {
        if (f->need_snapshot)
            request_snapshot(f);
        send_commands(f);
        char *buf = NULL;
        size_t len = 0;
        if (nng_recv(f->sub, &buf, &len, NNG_FLAG_ALLOC) == 0) {
            on_message(f, buf, len);
            nng_free(buf, len);
        }
    }
    return NULL;
}

static int
open_sockets(struct wb_feed *f, const char *pub_url, const char *rep_url,
             const struct wb_net_security *sec, struct core_err *err)
{
    int rv;
    if ((rv = nng_sub0_open(&f->sub)) != 0 || (rv = nng_req0_open(&f->req)) != 0)
        return core_err_set(err, CORE_E_IO, "cannot open nng sockets: %s", nng_strerror(rv));
    nng_socket_set(f->sub, NNG_OPT_SUB_SUBSCRIBE, "", 0);
    nng_socket_set_int(f->sub, NNG_OPT_RECVBUF, 1024);
    nng_socket_set_ms(f->sub, NNG_OPT_RECVTIMEO, RECV_POLL_MS);
    nng_socket_set_ms(f->req, NNG_OPT_RECVTIMEO, REQ_TIMEOUT_MS);
    nng_socket_set_ms(f->req, NNG_OPT_SENDTIMEO, REQ_TIMEOUT_MS);
    // Reconnect quickly after a collector restart, without hammering a dead address.
    nng_socket_set_ms(f->sub, NNG_OPT_RECONNMINT, 100);
    nng_socket_set_ms(f->sub, NNG_OPT_RECONNMAXT, 1000);
    nng_socket_set_ms(f->req, NNG_OPT_RECONNMINT, 100);
    nng_socket_set_ms(f->req, NNG_OPT_RECONNMAXT, 1000);
    nng_socket_set_size(f->sub, NNG_OPT_RECVMAXSZ, 64 * 1024 * 1024);
    nng_socket_set_size(f->req, NNG_OPT_RECVMAXSZ, 64 * 1024 * 1024);
    // Non-blocking dials: the collector may not be up yet; nng keeps trying in the background.
    int rc = wb_net_dial(f->sub, pub_url, sec, NNG_FLAG_NONBLOCK, err);
    return rc != 0 ? rc : wb_net_dial(f->req, rep_url, sec, NNG_FLAG_NONBLOCK, err);
}

struct wb_feed *
wb_feed_start(const char *pub_url, const char *rep_url, const struct wb_net_security *sec,
              void (*wake)(void), struct core_err *err)
{
    struct wb_feed *f = calloc(1, sizeof(*f));
    if (f == NULL) {
        core_err_set(err, CORE_E_NOMEM, "out of memory");
        return NULL;
    }
    f->wake = wake;
    snprintf(f->rep_url, sizeof(f->rep_url), "%s", rep_url);
    f->sec = *sec; // its file names are the program's options: they outlive the feed
    f->next_probe_ms = core_clock_mono_ms() + PROBE_AFTER_MS;
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->cond, NULL);
    if (open_sockets(f, pub_url, rep_url, sec, err) != 0) {
        nng_close(f->sub);
        nng_close(f->req);
        free(f);
        return NULL;
    }
    f->running = true;
    if (pthread_create(&f->thread, NULL, feed_main, f) != 0) {
        core_err_set(err, CORE_E_NOMEM, "cannot start the feed thread");
        nng_close(f->sub);
        nng_close(f->req);
        free(f);
        return NULL;
    }
    return f;
}

void
wb_feed_stop(struct wb_feed *f)
{
    if (f == NULL)
        return;
    __atomic_store_n(&f->running, false, __ATOMIC_RELEASE);
    pthread_join(f->thread, NULL);
    nng_close(f->sub);
    nng_close(f->req);
    struct wb_feed_msg m;
    while (wb_feed_take(f, &m, 1) == 1)
        cJSON_Delete(m.msg);
    cJSON *reply;
    while ((reply = wb_feed_take_reply(f)) != NULL)
        cJSON_Delete(reply);
    for (size_t i = 0; i < f->ncommands; i++)
        free(f->commands[i]);
    drop_early(f);
    pthread_mutex_destroy(&f->lock);
    pthread_cond_destroy(&f->cond);
    free(f);
}

size_t
wb_feed_take(struct wb_feed *f, struct wb_feed_msg *out, size_t max)
{
    size_t n = 0;
    pthread_mutex_lock(&f->lock);
    while (n < max && f->head) {
        struct node *node = f->head;
        f->head = node->next;
        out[n++] = node->m;
        free(node);
        f->queued--;
    }
    if (f->head == NULL)
        f->tail = NULL;
    pthread_mutex_unlock(&f->lock);
    return n;
}

bool
wb_feed_wait(struct wb_feed *f, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&f->lock);
    while (f->head == NULL && f->replies == NULL) {
        if (pthread_cond_timedwait(&f->cond, &f->lock, &until) != 0)
            break;
    }
    bool ready = f->head != NULL || f->replies != NULL;
    pthread_mutex_unlock(&f->lock);
    return ready;
}

cJSON *
wb_feed_fetch_snapshot(const char *rep_url, const struct wb_net_security *sec, int timeout_ms,
                       struct core_err *err)
{
    nng_socket s;
    int rv = nng_req0_open(&s);
    if (rv != 0) {
        core_err_set(err, CORE_E_IO, "cannot open an nng socket: %s", nng_strerror(rv));
        return NULL;
    }
    nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, timeout_ms);
    nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, timeout_ms);
    nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, 64 * 1024 * 1024);
    char *buf = NULL;
    size_t len = 0;
    cJSON *msg = NULL;
    if (wb_net_dial(s, rep_url, sec, 0, err) != 0) {
        nng_close(s);
        return NULL;
    }
    if ((rv = nng_send(s, "snapshot", 8, 0)) == 0 &&
        (rv = nng_recv(s, &buf, &len, NNG_FLAG_ALLOC)) == 0) {
        msg = cJSON_ParseWithLength(buf, len);
        nng_free(buf, len);
        if (msg == NULL)
            core_err_set(err, CORE_E_PARSE, "%s answered something that is not JSON", rep_url);
    } else {
        core_err_set(err, CORE_E_IO, "no snapshot from %s: %s", rep_url, nng_strerror(rv));
    }
    nng_close(s);
    return msg;
}

int
wb_feed_command(struct wb_feed *f, const char *json)
{
    char *copy = strdup(json);
    if (copy == NULL)
        return CORE_E_NOMEM;
    pthread_mutex_lock(&f->lock);
    bool room = f->ncommands < COMMANDS_MAX;
    if (room)
        f->commands[f->ncommands++] = copy;
    pthread_mutex_unlock(&f->lock);
    if (!room)
        free(copy);
    return room ? 0 : CORE_E_INVALID;
}

cJSON *
wb_feed_take_reply(struct wb_feed *f)
{
    pthread_mutex_lock(&f->lock);
    struct node *n = f->replies;
    if (n) {
        f->replies = n->next;
        if (f->replies == NULL)
            f->replies_tail = NULL;
    }
    pthread_mutex_unlock(&f->lock);
    cJSON *reply = n ? n->m.msg : NULL;
    free(n);
    return reply;
}

void
wb_feed_get_stats(struct wb_feed *f, struct wb_feed_stats *out)
{
    pthread_mutex_lock(&f->lock);
    *out = f->stats;
    pthread_mutex_unlock(&f->lock);
}
