// SPDX-License-Identifier: MIT
// JetStream pull consumer. One thread fetches (nats.c's fetch blocks), the poll loop ingests and
// acknowledges: the state stays single-threaded, and a slow disk slows the fetching, not the
// screens.
#include "collector/inputs/nats_in.h"

#include "collector/store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FETCH_BATCH   512
#define FETCH_WAIT_MS 500
#define QUEUE_MAX     16384 // fetched, not yet ingested: beyond it the fetching waits
#define MAX_ACK_PENDING                                                                            \
    30000                        // below the state's remembered ids (CORE_IDS_KEPT): a redelivery
                                 // of anything unacknowledged is still recognised
#define ACK_WAIT_S             5 // acknowledgements follow the next sync, within about a second
#define RETRY_MS               500
#define REFETCH_AFTER_FAILURES 6 // failed fetches in a row before the consumer is made again

struct unacked {
    natsMsg *msg;
    uint64_t watermark; // the journal's appended count once this message's event was in it
};

// A fetched message and the subscription it came through (a new consumer, a new generation).
struct fetched {
    natsMsg *msg;
    uint32_t gen;
};

struct col_nats_pending {
    pthread_mutex_t lock;
    struct fetched *queue; // ring of fetched messages
    size_t head, count;
    bool stop;
    uint32_t gen;     // the fetching thread's subscription, counted from 1
    bool resubscribe; // asked by the poll loop: a delivery was lost, read again
    // The poll loop's own:
    uint32_t want_gen;       // messages of older subscriptions are dropped
    uint32_t seen_gen;       // the subscription of the last message taken
    uint64_t last_cseq;      // its consumer sequence: deliveries are numbered without gaps
    struct unacked *unacked; // ingested, acknowledged once on the disk (poll loop only)
    size_t nunacked, unacked_cap;
};

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void
set_error(struct col_nats_in *n, const char *what, natsStatus s, jsErrCode jerr)
{
    pthread_mutex_lock(&n->pending->lock);
    snprintf(n->last_error, sizeof(n->last_error), "%s: %s%s", what, natsStatus_GetText(s),
             jerr ? " (JetStream error)" : "");
    n->ready = false;
    pthread_mutex_unlock(&n->pending->lock);
}

// The stream (made when absent, with the configured subjects) and the pull subscription.
static natsSubscription *
subscribe(struct col_nats_in *n)
{
    jsErrCode jerr = 0;
    jsStreamInfo *si = NULL;
    natsStatus s = js_GetStreamInfo(&si, n->link.js, n->cfg.stream, NULL, &jerr);
    if (s == NATS_NOT_FOUND) {
        char subjects[1024], *save = NULL;
        const char *list[32];
        int count = 0;
        snprintf(subjects, sizeof(subjects), "%s", n->cfg.subjects);
        for (char *t = strtok_r(subjects, ",", &save); t && count < 32;
             t = strtok_r(NULL, ",", &save))
            list[count++] = t;
        jsStreamConfig sc;
        jsStreamConfig_Init(&sc);
        sc.Name = n->cfg.stream;
        sc.Subjects = list;
        sc.SubjectsLen = count;
        sc.Storage = js_FileStorage;
        sc.Replicas = n->cfg.replicas;
        s = js_AddStream(&si, n->link.js, &sc, NULL, &jerr);
        if (s == NATS_OK)
            fprintf(stderr, "wb-collector: NATS stream %s created for %s (%d replica%s)\n",
                    n->cfg.stream, n->cfg.subjects, n->cfg.replicas,
                    n->cfg.replicas > 1 ? "s" : "");
    }
    if (si)
        jsStreamInfo_Destroy(si);
    if (s != NATS_OK) {
        set_error(n, "stream", s, jerr);
        return NULL;
    }
    if (n->cfg.durable) { // placed afresh after the journal's last event (see nats_in.h)
        s = js_DeleteConsumer(n->link.js, n->cfg.stream, n->cfg.durable, NULL, &jerr);
        if (s != NATS_OK && s != NATS_NOT_FOUND) {
            set_error(n, "consumer", s, jerr);
            return NULL;
        }
    }
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = n->cfg.stream;
    so.ManualAck = true;
    so.Config.AckPolicy = js_AckExplicit;
    so.Config.AckWait = (int64_t)ACK_WAIT_S * 1000000000LL;
    so.Config.MaxAckPending = MAX_ACK_PENDING;
    uint64_t after = atomic_load(&n->last_seq);
    so.Config.DeliverPolicy = after ? js_DeliverByStartSequence : js_DeliverAll;
    so.Config.OptStartSeq = after + 1;
    natsSubscription *sub = NULL;
    // One subject: the consumer takes that; several: all of the stream's.
    const char *filter = strchr(n->cfg.subjects, ',') ? ">" : n->cfg.subjects;
    s = js_PullSubscribe(&sub, n->link.js, filter, n->cfg.durable, NULL, &so, &jerr);
    if (s != NATS_OK) {
        set_error(n, "consumer", s, jerr);
        return NULL;
    }
    pthread_mutex_lock(&n->pending->lock);
    n->ready = true;
    n->last_error[0] = '\0';
    pthread_mutex_unlock(&n->pending->lock);
    return sub;
}

// What the stream has now, up to a batch; when it has nothing, wait (up to FETCH_WAIT_MS) for
// the first message alone. nats.c's own Fetch, once it has to wait, waits for a whole batch,
// which holds a quiet stream's events back until the wait expires (100+ ms on the screens).
static natsStatus
fetch_some(natsSubscription *sub, natsMsgList *list)
{
    jsFetchRequest req;
    jsFetchRequest_Init(&req);
    req.Batch = FETCH_BATCH;
    req.NoWait = true;
    req.Expires = (int64_t)FETCH_WAIT_MS * 1000000; // nanoseconds: for the answer to arrive
    natsStatus s = natsSubscription_FetchRequest(list, sub, &req);
    if (s != NATS_NOT_FOUND)
        return s;
    jsFetchRequest_Init(&req);
    req.Batch = 1;
    req.Expires = (int64_t)FETCH_WAIT_MS * 1000000;
    return natsSubscription_FetchRequest(list, sub, &req);
}

static void *
fetch_loop(void *arg)
{
    struct col_nats_in *n = arg;
    struct col_nats_pending *p = n->pending;
    natsSubscription *sub = NULL;
    int failures = 0;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        bool stop = p->stop, full = p->count + FETCH_BATCH > QUEUE_MAX;
        bool again = p->resubscribe;
        p->resubscribe = false;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        if (again && sub) { // from the last event taken, with a new consumer
            natsSubscription_Destroy(sub);
            sub = NULL;
        }
        if (sub == NULL) {
            if (!atomic_load(&n->link.up) || (sub = subscribe(n)) == NULL) {
                sleep_ms(RETRY_MS);
                continue;
            }
            pthread_mutex_lock(&p->lock);
            p->gen++;
            pthread_mutex_unlock(&p->lock);
        }
        if (full) { // the poll loop is behind: let it catch up
            sleep_ms(5);
            continue;
        }
        natsMsgList list = {0};
        jsErrCode jerr = 0;
        natsStatus s = fetch_some(sub, &list);
        if (s == NATS_TIMEOUT || s == NATS_NOT_FOUND)
            continue;
        if (s != NATS_OK) {
            set_error(n, "fetch", s, jerr);
            natsMsgList_Destroy(&list);
            if (++failures >= REFETCH_AFTER_FAILURES) { // the consumer may be gone: place anew
                natsSubscription_Destroy(sub);
                sub = NULL;
                failures = 0;
            }
            sleep_ms(RETRY_MS);
            continue;
        }
        failures = 0;
        pthread_mutex_lock(&p->lock);
        n->ready = true;
        n->last_error[0] = '\0';
        for (int i = 0; i < list.Count; i++) {
            p->queue[(p->head + p->count) % QUEUE_MAX] = (struct fetched){list.Msgs[i], p->gen};
            p->count++;
            list.Msgs[i] = NULL; // now the queue's
        }
        pthread_mutex_unlock(&p->lock);
        natsMsgList_Destroy(&list);
        char byte = 1;
        if (write(n->wake_fd, &byte, 1) < 0 && errno != EAGAIN)
            perror("wb-collector: NATS wake-up");
    }
    // Not unsubscribed: nats.c would delete the consumer it made, durable or not. Closing the
    // connection ends the interest and the durable consumer waits on the server.
    if (sub)
        natsSubscription_Destroy(sub);
    return NULL;
}

int
col_nats_in_open(struct col_nats_in *n, const struct col_nats_in_config *cfg, struct core_err *err)
{
    memset(n, 0, sizeof(*n));
    n->cfg = *cfg;
    atomic_store(&n->last_seq, cfg->start_after);
    n->fd = n->wake_fd = -1;
    snprintf(n->source, sizeof(n->source), "nats:%s", cfg->stream);
    n->pending = calloc(1, sizeof(*n->pending));
    struct fetched *queue = calloc(QUEUE_MAX, sizeof(*queue));
    int pipe_fds[2];
    if (n->pending == NULL || queue == NULL || pipe(pipe_fds) != 0) {
        free(queue);
        return core_err_set(err, CORE_E_IO, "NATS input: out of memory or file descriptors");
    }
    n->pending->queue = queue;
    pthread_mutex_init(&n->pending->lock, NULL);
    n->fd = pipe_fds[0];
    n->wake_fd = pipe_fds[1];
    fcntl(n->fd, F_SETFL, O_NONBLOCK);
    fcntl(n->wake_fd, F_SETFL, O_NONBLOCK);
    if (col_nats_link_open(&n->link, cfg->urls, "wb-collector", NULL, NULL, err) != 0)
        return err->code;
    if (pthread_create(&n->fetcher, NULL, fetch_loop, n) != 0)
        return core_err_set(err, CORE_E_IO, "NATS input: cannot start its thread");
    n->fetching = true;
    return 0;
}

static void
remember_unacked(struct col_nats_pending *p, natsMsg *msg, uint64_t watermark)
{
    if (p->nunacked == p->unacked_cap) {
        size_t cap = p->unacked_cap ? p->unacked_cap * 2 : 1024;
        struct unacked *u = realloc(p->unacked, cap * sizeof(*u));
        if (u == NULL) { // no memory to wait: acknowledge now (the journal has it in the kernel)
            natsMsg_Ack(msg, NULL);
            natsMsg_Destroy(msg);
            return;
        }
        p->unacked = u;
        p->unacked_cap = cap;
    }
    p->unacked[p->nunacked++] = (struct unacked){msg, watermark};
}

// cc.SITE.SOURCE names the site (an event's own "site" wins). NULL: no such subject.
static const char *
site_of_subject(const char *subject, char *site, size_t size)
{
    const char *dot = subject ? strchr(subject, '.') : NULL;
    const char *end = dot ? strchr(dot + 1, '.') : NULL;
    if (end == NULL || end == dot + 1 || (size_t)(end - dot - 1) >= size)
        return NULL;
    memcpy(site, dot + 1, (size_t)(end - dot - 1));
    site[end - dot - 1] = '\0';
    return site;
}

size_t
col_nats_in_pump(struct col_nats_in *n, struct col_ingest *in, size_t max)
{
    struct col_nats_pending *p = n->pending;
    char drain[256];
    while (read(n->fd, drain, sizeof(drain)) > 0)
        ;
    size_t fed = 0;
    while (fed < max) {
        pthread_mutex_lock(&p->lock);
        struct fetched f = {NULL, 0};
        if (p->count > 0) {
            f = p->queue[p->head];
            p->head = (p->head + 1) % QUEUE_MAX;
            p->count--;
        }
        pthread_mutex_unlock(&p->lock);
        natsMsg *msg = f.msg;
        if (msg == NULL)
            break;
        if (f.gen < p->want_gen) { // from a consumer given up: its successor sends it again
            natsMsg_Destroy(msg);
            continue;
        }
        jsMsgMetaData *meta = NULL;
        uint64_t seq = 0, cseq = 0;
        if (natsMsg_GetMetaData(&meta, msg) == NATS_OK) {
            seq = meta->Sequence.Stream;
            cseq = meta->Sequence.Consumer;
            n->lag = meta->NumPending;
            jsMsgMetaData_Destroy(meta);
        }
        if (f.gen != p->seen_gen) {
            p->seen_gen = f.gen;
            p->last_cseq = 0;
        }
        // NATS delivers at most once: a message lost with a connection (a node going down)
        // would come back only after the acknowledgement wait, behind newer ones, and be taken
        // for a redelivery. Its consumer sequence shows the hole: read again from there.
        if (cseq && p->last_cseq && cseq != p->last_cseq + 1) {
            fprintf(stderr,
                    "wb-collector: %s: delivery %llu came after %llu (one was lost in transit): "
                    "reading again after stream sequence %llu\n",
                    n->source, (unsigned long long)cseq, (unsigned long long)p->last_cseq,
                    (unsigned long long)atomic_load(&n->last_seq));
            natsMsg_Destroy(msg);
            pthread_mutex_lock(&p->lock);
            p->resubscribe = true;
            p->want_gen = p->gen + 1;
            pthread_mutex_unlock(&p->lock);
            n->resubscribed++;
            continue;
        }
        if (cseq)
            p->last_cseq = cseq;
        if (seq != 0 &&
            seq <= atomic_load(&n->last_seq)) { // delivered again (an acknowledgement was lost)
            n->redelivered++;
            remember_unacked(p, msg, 0);
            continue;
        }
        if (seq != 0)
            atomic_store(&n->last_seq, seq);
        const char *msg_id = NULL;
        char id[96];
        if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &msg_id) == NATS_OK && msg_id && msg_id[0])
            snprintf(id, sizeof(id), "%s", msg_id);
        else
            snprintf(id, sizeof(id), "%s:%llu", n->cfg.stream, (unsigned long long)seq);
        const char *data = natsMsg_GetData(msg);
        int len = natsMsg_GetDataLength(msg);
        while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
            len--;
        char site[CORE_SITE_MAX];
        in->default_id = id;
        in->default_site = site_of_subject(natsMsg_GetSubject(msg), site, sizeof(site));
        in->offset = (int64_t)seq;
        col_ingest_raw(in, n->source, (long)seq, data ? data : "", (size_t)len);
        in->default_id = NULL;
        in->default_site = NULL;
        in->offset = -1;
        n->received++;
        // Rejected and duplicate messages are acknowledged too (once the events before them
        // are safe), so they do not come back for ever; the rejects file keeps the bad ones.
        remember_unacked(p, msg, in->journal ? in->journal->appended : 0);
        fed++;
    }
    return fed;
}

void
col_nats_in_ack(struct col_nats_in *n, const struct col_journal *journal)
{
    struct col_nats_pending *p = n->pending;
    size_t k = 0;
    for (; k < p->nunacked; k++) {
        if (journal && p->unacked[k].watermark > journal->synced)
            break;
        if (natsMsg_Ack(p->unacked[k].msg, NULL) == NATS_OK)
            n->acked++;
        else
            n->ack_failures++; // redelivered later, then known by its id
        natsMsg_Destroy(p->unacked[k].msg);
    }
    if (k > 0) {
        memmove(p->unacked, p->unacked + k, (p->nunacked - k) * sizeof(*p->unacked));
        p->nunacked -= k;
    }
}

size_t
col_nats_in_unacked(const struct col_nats_in *n)
{
    return n->pending->nunacked;
}

void
col_nats_in_health(struct col_nats_in *n, bool *up, char *error, size_t error_size)
{
    pthread_mutex_lock(&n->pending->lock);
    bool linked = atomic_load(&n->link.up);
    *up = linked && n->ready;
    snprintf(error, error_size, "%s",
             !linked            ? "no NATS server reachable"
             : n->last_error[0] ? n->last_error
                                : "");
    pthread_mutex_unlock(&n->pending->lock);
}

void
col_nats_in_close(struct col_nats_in *n)
{
    struct col_nats_pending *p = n->pending;
    if (p && n->fetching) {
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_mutex_unlock(&p->lock);
        pthread_join(n->fetcher, NULL);
    }
    if (p) { // not acknowledged: the server sends them again to the next run
        for (size_t k = 0; k < p->nunacked; k++)
            natsMsg_Destroy(p->unacked[k].msg);
        for (size_t k = 0; k < p->count; k++)
            natsMsg_Destroy(p->queue[(p->head + k) % QUEUE_MAX].msg);
        free(p->unacked);
        free(p->queue);
        pthread_mutex_destroy(&p->lock);
        free(p);
    }
    col_nats_link_close(&n->link);
    if (n->fd >= 0)
        close(n->fd);
    if (n->wake_fd >= 0)
        close(n->wake_fd);
    n->pending = NULL;
}

#define NATS_DOWN_GRACE_MS 2000 // the bus is reported down after this long
#define NATS_ACK_WAKE_MS   1000 // with messages waiting for the disk, the loop comes back this soon

static bool
input_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
           int64_t wall_ms)
{
    (void)mono_ms, (void)wall_ms;
    col_nats_in_pump(&((struct col_nats_input *)self)->nats, in, max);
    return false;
}

static void
input_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
           int64_t wall_ms)
{
    struct col_nats_in *n = &((struct col_nats_input *)self)->nats;
    (void)wall_ms;
    *pfd = (struct pollfd){.fd = n->fd, .events = POLLIN};
    if (col_nats_in_unacked(n) > 0 && mono_ms + NATS_ACK_WAKE_MS < *wake_mono_ms)
        *wake_mono_ms = mono_ms + NATS_ACK_WAKE_MS; // acknowledged after the next sync
}

static void
input_committed(struct col_input *self, struct col_journal *journal)
{
    col_nats_in_ack(&((struct col_nats_input *)self)->nats, journal);
}

static void
input_health(struct col_input *self, struct core_state *st, int64_t wall_ms)
{
    struct col_nats_input *ni = (struct col_nats_input *)self;
    struct col_nats_in *n = &ni->nats;
    bool up;
    char error[200];
    col_nats_in_health(n, &up, error, sizeof(error));
    if (up)
        ni->down_since_ms = 0;
    else if (ni->down_since_ms == 0)
        ni->down_since_ms = wall_ms;
    int said = up ? 1 : wall_ms - ni->down_since_ms >= NATS_DOWN_GRACE_MS ? 0 : ni->said;
    if (said != ni->said) {
        if (said)
            fprintf(stderr, "wb-collector: %s: up (NATS %s)\n", n->source, n->cfg.urls);
        else
            fprintf(stderr, "wb-collector: %s: down: %s (keeps trying)\n", n->source,
                    error[0] ? error : "no answer yet");
        ni->said = said;
    }
    core_state_source(st, n->source, up, n->received, n->ack_failures, error, wall_ms);
}

static void
input_close(struct col_input *self, struct col_journal *journal)
{
    struct col_nats_in *n = &((struct col_nats_input *)self)->nats;
    if (journal)
        col_journal_sync(journal);
    col_nats_in_ack(n, journal);
    col_nats_in_close(n);
    free(self);
}

static const struct col_input_ops input_ops = {.kind = "nats",
                                               .pump = input_pump,
                                               .poll = input_poll,
                                               .committed = input_committed,
                                               .health = input_health,
                                               .close = input_close};

struct col_nats_input *
col_nats_input_open(const struct col_nats_in_config *cfg, const struct col_journal *journal,
                    struct core_err *err)
{
    struct col_nats_input *ni = col_input_new(sizeof(*ni), &input_ops, cfg->stream, err);
    if (ni == NULL)
        return NULL;
    ni->said = -1;
    struct col_nats_in_config c = *cfg;
    char source[200];
    snprintf(source, sizeof(source), "nats:%s", cfg->stream);
    const struct col_journal_position *at = journal ? col_journal_position(journal, source) : NULL;
    if (at && at->line > 0) {
        c.start_after = (uint64_t)at->line;
        fprintf(stderr, "wb-collector: %s: resuming after stream sequence %ld\n", source, at->line);
    }
    if (col_nats_in_open(&ni->nats, &c, err) != 0) {
        col_nats_in_close(&ni->nats); // closed even when half open
        free(ni);
        return NULL;
    }
    return ni;
}
