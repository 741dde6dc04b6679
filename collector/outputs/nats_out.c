// SPDX-License-Identifier: MIT
// JetStream publishing in acknowledged batches, in order, from a thread of its own.
#include "collector/outputs/nats_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUEUE_MAX     262144 // events kept while NATS is away (about a busy hour of a site)
#define BATCH         1000   // taken from the queue at a time
#define ACK_WAIT_MS   5000   // a batch not acknowledged by then is sent again
#define RETRY_WAIT_MS 250

struct pending_event {
    char *id;   // Nats-Msg-Id ("" none)
    char *data; // the event's JSON
    size_t len;
};

struct col_nats_out_queue {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct pending_event *ring;
    size_t head, count; // ring of QUEUE_MAX
    bool stop;
    uint64_t published, resent, dropped;
};

static void
sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

// Publishes the first n queued events one after the other, each acknowledged before the next:
// a message lost while the stream changes leader (a node died) would otherwise let the next
// one in first. Returns how many are in the stream, in order; fewer than n after a failure.
static size_t
publish_in_order(struct col_nats_out *o, size_t n)
{
    struct col_nats_out_queue *q = o->q;
    size_t done = 0;
    for (; done < n; done++) {
        pthread_mutex_lock(&q->lock);
        struct pending_event e = q->ring[(q->head + done) % QUEUE_MAX];
        pthread_mutex_unlock(&q->lock);
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MsgId = e.id[0] ? e.id : NULL;
        po.MaxWait = ACK_WAIT_MS;
        jsPubAck *ack = NULL;
        jsErrCode jerr = 0;
        natsStatus s = js_Publish(&ack, o->link.js, o->subject, e.data, (int)e.len, &po, &jerr);
        jsPubAck_Destroy(ack);
        if (s != NATS_OK)
            break; // sent again from here (the stream drops it if it did get it)
    }
    return done;
}

static void *
publish_loop(void *arg)
{
    struct col_nats_out *o = arg;
    struct col_nats_out_queue *q = o->q;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        while (!q->stop && q->count == 0)
            pthread_cond_wait(&q->changed, &q->lock);
        bool stop = q->stop;
        size_t n = q->count < BATCH ? q->count : BATCH;
        pthread_mutex_unlock(&q->lock);
        if (stop)
            break;
        if (!atomic_load(&o->link.up)) {
            sleep_ms(RETRY_WAIT_MS);
            continue;
        }
        size_t done = publish_in_order(o, n);
        pthread_mutex_lock(&q->lock);
        q->resent += done < n;
        for (size_t i = 0; i < done; i++) {
            struct pending_event *e = &q->ring[q->head];
            free(e->id);
            free(e->data);
            q->head = (q->head + 1) % QUEUE_MAX;
        }
        q->count -= done;
        q->published += done;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
        if (done < n)
            sleep_ms(RETRY_WAIT_MS);
    }
    return NULL;
}

int
col_nats_out_open(struct col_nats_out *o, const char *urls, const char *subject,
                  struct core_err *err)
{
    memset(o, 0, sizeof(*o));
    snprintf(o->subject, sizeof(o->subject), "%s", subject);
    if (subject[0] == '\0' || strpbrk(subject, " *>"))
        return core_err_set(err, CORE_E_INVALID,
                            "NATS subject \"%s\": one subject without wildcards, like "
                            "cc.SITE.SOURCE",
                            subject);
    o->q = calloc(1, sizeof(*o->q));
    if (o->q == NULL || (o->q->ring = calloc(QUEUE_MAX, sizeof(*o->q->ring))) == NULL)
        return core_err_set(err, CORE_E_NOMEM, "NATS publishing: out of memory");
    pthread_mutex_init(&o->q->lock, NULL);
    pthread_cond_init(&o->q->changed, NULL);
    if (col_nats_link_open(&o->link, urls, "wb-collector publisher", NULL, NULL, err))
        return err->code;
    if (pthread_create(&o->thread, NULL, publish_loop, o) != 0)
        return core_err_set(err, CORE_E_IO, "NATS publishing: cannot start its thread");
    o->running = true;
    return 0;
}

void
col_nats_out_publish(struct col_nats_out *o, const char *id, const char *data, size_t len)
{
    struct col_nats_out_queue *q = o->q;
    char *idc = strdup(id ? id : ""), *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, data, len), copy[len] = '\0';
    pthread_mutex_lock(&q->lock);
    while (o->wait_when_full && q->count >= QUEUE_MAX && o->running)
        pthread_cond_wait(&q->changed, &q->lock);
    if (idc && copy && q->count < QUEUE_MAX) {
        q->ring[(q->head + q->count) % QUEUE_MAX] = (struct pending_event){idc, copy, len};
        q->count++;
        idc = copy = NULL;
        pthread_cond_broadcast(&q->changed);
    } else {
        q->dropped++;
    }
    pthread_mutex_unlock(&q->lock);
    free(idc);
    free(copy);
}

struct col_nats_out_stats
col_nats_out_stats(struct col_nats_out *o)
{
    struct col_nats_out_queue *q = o->q;
    pthread_mutex_lock(&q->lock);
    struct col_nats_out_stats s = {q->published, q->count, q->resent, q->dropped,
                                   atomic_load(&o->link.up)};
    pthread_mutex_unlock(&q->lock);
    return s;
}

size_t
col_nats_out_flush(struct col_nats_out *o, int64_t timeout_ms)
{
    struct col_nats_out_queue *q = o->q;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock(&q->lock);
    while (q->count > 0 && o->running && pthread_cond_timedwait(&q->changed, &q->lock, &until) == 0)
        ;
    size_t left = q->count;
    pthread_mutex_unlock(&q->lock);
    return left;
}

void
col_nats_out_close(struct col_nats_out *o)
{
    struct col_nats_out_queue *q = o->q;
    if (q && o->running) {
        pthread_mutex_lock(&q->lock);
        q->stop = true;
        pthread_cond_broadcast(&q->changed);
        pthread_mutex_unlock(&q->lock);
        pthread_join(o->thread, NULL);
    }
    col_nats_link_close(&o->link);
    if (q) {
        for (size_t i = 0; i < q->count; i++) {
            free(q->ring[(q->head + i) % QUEUE_MAX].id);
            free(q->ring[(q->head + i) % QUEUE_MAX].data);
        }
        free(q->ring);
        pthread_mutex_destroy(&q->lock);
        pthread_cond_destroy(&q->changed);
        free(q);
    }
    o->q = NULL;
}
