// SPDX-License-Identifier: MIT
// Asynchronous JetStream publishing with a retry list for what failed.
#include "collector/nats_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RETRY_MAX    262144     // failed publishes kept for a resend (a busy hour of a site)
#define ORDER_HEADER "Wb-Order" // our publish order, for resends

// failure: this message failed (rather than queueing behind one that did)
static void
keep_for_retry(struct col_nats_out *o, natsMsg *msg, bool failure)
{
    pthread_mutex_lock(&o->lock);
    o->failed += failure;
    if (o->nretry == o->retry_cap && o->retry_cap < RETRY_MAX) {
        size_t cap = o->retry_cap ? o->retry_cap * 2 : 1024;
        natsMsg **r = realloc(o->retry, cap * sizeof(*r));
        if (r) {
            o->retry = r;
            o->retry_cap = cap;
        }
    }
    if (o->nretry < o->retry_cap) {
        o->retry[o->nretry++] = msg;
        msg = NULL;
    } else {
        o->dropped++;
    }
    pthread_mutex_unlock(&o->lock);
    if (msg)
        natsMsg_Destroy(msg);
}

// nats.c's thread: a publish was not acknowledged (timeout, no stream, server gone).
static void
on_publish_error(jsCtx *js, jsPubAckErr *pae, void *closure)
{
    (void)js;
    keep_for_retry(closure, pae->Msg, true);
    pae->Msg = NULL; // ours now: the library must not destroy it
}

int
col_nats_out_open(struct col_nats_out *o, const char *urls, const char *subject,
                  bool wait_when_full, struct core_err *err)
{
    memset(o, 0, sizeof(*o));
    o->wait_when_full = wait_when_full;
    pthread_mutex_init(&o->lock, NULL);
    snprintf(o->subject, sizeof(o->subject), "%s", subject);
    if (subject[0] == '\0' || strpbrk(subject, " *>"))
        return core_err_set(err, CORE_E_INVALID,
                            "NATS subject \"%s\": one subject without wildcards, like "
                            "cc.SITE.SOURCE",
                            subject);
    return col_nats_link_open(&o->link, urls, "wb-collector publisher", on_publish_error, o, err);
}

static void
send(struct col_nats_out *o, natsMsg *msg)
{
    natsStatus s;
    while ((s = js_PublishMsgAsync(o->link.js, &msg, NULL)) == NATS_TIMEOUT && o->wait_when_full)
        ; // stalled: the stream acknowledges the ones before first
    if (s == NATS_OK)
        o->published++;
    else
        keep_for_retry(o, msg, true); // not taken (stalled, or the buffer is full): later
}

static uint64_t
order_of(natsMsg *m)
{
    const char *v = NULL;
    return natsMsgHeader_Get(m, ORDER_HEADER, &v) == NATS_OK && v ? strtoull(v, NULL, 10) : 0;
}

static int
by_order(const void *a, const void *b)
{
    uint64_t x = order_of(*(natsMsg *const *)a), y = order_of(*(natsMsg *const *)b);
    return x < y ? -1 : x > y;
}

void
col_nats_out_publish(struct col_nats_out *o, const char *id, const char *data, size_t len)
{
    natsMsg *msg = NULL;
    if (natsMsg_Create(&msg, o->subject, NULL, data, (int)len) != NATS_OK) {
        o->dropped++;
        return;
    }
    if (id && id[0])
        natsMsgHeader_Set(msg, "Nats-Msg-Id", id);
    char order[24];
    snprintf(order, sizeof(order), "%llu", (unsigned long long)++o->next_order);
    natsMsgHeader_Set(msg, ORDER_HEADER, order);
    pthread_mutex_lock(&o->lock);
    bool behind = o->nretry > 0;
    pthread_mutex_unlock(&o->lock);
    if (behind) { // older ones wait for a resend: this one goes after them
        keep_for_retry(o, msg, false);
        return;
    }
    send(o, msg);
}

void
col_nats_out_retry(struct col_nats_out *o)
{
    if (!atomic_load(&o->link.up))
        return;
    pthread_mutex_lock(&o->lock);
    natsMsg **list = o->retry;
    size_t n = o->nretry;
    o->retry = NULL;
    o->nretry = o->retry_cap = 0;
    pthread_mutex_unlock(&o->lock);
    if (n > 1)
        qsort(list, n, sizeof(*list), by_order);
    size_t i = 0;
    for (; i < n; i++) {
        pthread_mutex_lock(&o->lock);
        bool failed_again = o->nretry > 0;
        pthread_mutex_unlock(&o->lock);
        if (failed_again)
            break; // still failing: keep the rest in order behind it
        send(o, list[i]);
    }
    for (; i < n; i++)
        keep_for_retry(o, list[i], false);
    free(list);
}

size_t
col_nats_out_flush(struct col_nats_out *o, int64_t timeout_ms)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        col_nats_out_retry(o);
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MaxWait = 500;
        natsStatus s = js_PublishAsyncComplete(o->link.js, &po);
        pthread_mutex_lock(&o->lock);
        size_t left = o->nretry;
        pthread_mutex_unlock(&o->lock);
        clock_gettime(CLOCK_MONOTONIC, &t);
        int64_t spent = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
        if ((s == NATS_OK && left == 0) || spent >= timeout_ms) {
            natsMsgList pending = {0};
            if (js_PublishAsyncGetPendingList(&pending, o->link.js) == NATS_OK) {
                left += (size_t)pending.Count;
                natsMsgList_Destroy(&pending);
            }
            return left;
        }
        if (s != NATS_OK) {
            struct timespec ts = {0, 100000000L};
            nanosleep(&ts, NULL);
        }
    }
}

void
col_nats_out_close(struct col_nats_out *o)
{
    col_nats_link_close(&o->link);
    for (size_t i = 0; i < o->nretry; i++)
        natsMsg_Destroy(o->retry[i]);
    free(o->retry);
    o->retry = NULL;
    o->nretry = 0;
    pthread_mutex_destroy(&o->lock);
}
