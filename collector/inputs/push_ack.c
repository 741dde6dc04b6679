// SPDX-License-Identifier: MIT
// Acknowledged pushes (inputs/push_ack.h). One batch at a time: REP answers each request before
// the next, and the answer waits for the journal's flush (the input's committed hook).
#include "collector/inputs/push_ack.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct push_ack_input {
    struct col_input base;
    nng_socket sock;
    int fd;
    bool pending;       // a batch was applied; its reply waits for the journal
    uint64_t watermark; // the journal's appended count once the batch was in it
    long accepted, rejected, duplicates, batches;
    long events; // events received so far (their "line" numbers in messages)
};

// Applies one batch: each line an event, through the ingest like any input.
static void
apply_batch(struct push_ack_input *p, struct col_ingest *in, char *buf, size_t len)
{
    p->accepted = p->rejected = p->duplicates = 0;
    for (size_t at = 0; at < len;) {
        char *nl = memchr(buf + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
        size_t body = n && buf[at + n - 1] == '\r' ? n - 1 : n;
        if (body > 0) {
            int rc = col_ingest_raw(in, "push", ++p->events, buf + at, body);
            if (rc == 0)
                p->accepted++;
            else if (rc == CORE_E_DUPLICATE)
                p->duplicates++;
            else
                p->rejected++;
        }
        at += n + 1;
    }
}

static bool
push_ack_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
              int64_t wall_ms)
{
    (void)max, (void)mono_ms, (void)wall_ms;
    struct push_ack_input *p = (struct push_ack_input *)self;
    if (p->pending)
        return false; // the last batch's reply has not gone yet
    char *buf = NULL;
    size_t len = 0;
    if (nng_recv(p->sock, &buf, &len, NNG_FLAG_ALLOC | NNG_FLAG_NONBLOCK) != 0)
        return false;
    apply_batch(p, in, buf, len);
    p->watermark = in->journal ? in->journal->appended : 0;
    nng_free(buf, len);
    p->batches++;
    p->pending = true;
    if (in->journal == NULL) // nothing to wait for: answer at once
        self->ops->committed(self, NULL);
    return false;
}

// The journal was flushed: the batch is kept (or the journal failed, and the sender is told).
static void
push_ack_committed(struct col_input *self, struct col_journal *journal)
{
    struct push_ack_input *p = (struct push_ack_input *)self;
    if (!p->pending)
        return;
    p->pending = false;
    char reply[256];
    // Kept once its lines are in the journal's file; while they wait for a failing disk the
    // sender is told, and its retry is known by the events' ids.
    if (journal && journal->written_events < p->watermark)
        snprintf(reply, sizeof(reply),
                 "{\"ok\":false,\"error\":\"the journal cannot be written: the batch was applied "
                 "but is not kept\",\"accepted\":%ld,\"rejected\":%ld,\"duplicates\":%ld}",
                 p->accepted, p->rejected, p->duplicates);
    else
        snprintf(reply, sizeof(reply),
                 "{\"ok\":true,\"accepted\":%ld,\"rejected\":%ld,\"duplicates\":%ld,"
                 "\"journaled\":%s}",
                 p->accepted, p->rejected, p->duplicates, journal ? "true" : "false");
    nng_send(p->sock, reply, strlen(reply), 0);
}

static void
push_ack_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
              int64_t wall_ms)
{
    (void)wall_ms;
    struct push_ack_input *p = (struct push_ack_input *)self;
    *pfd = (struct pollfd){.fd = p->pending ? -1 : p->fd, .events = POLLIN};
    if (p->pending && *wake_mono_ms > mono_ms + 10) // soon: the flush that lets it answer
        *wake_mono_ms = mono_ms + 10;
}

static void
push_ack_close(struct col_input *self, struct col_journal *journal)
{
    push_ack_committed(self, journal); // a stop flushes the journal first: answer the last batch
    nng_close(((struct push_ack_input *)self)->sock);
    free(self);
}

static const struct col_input_ops push_ack_ops = {.kind = "push_ack",
                                                  .pump = push_ack_pump,
                                                  .poll = push_ack_poll,
                                                  .committed = push_ack_committed,
                                                  .close = push_ack_close};

struct col_input *
col_push_ack_input(const char *url, const struct wb_net_security *sec, struct core_err *err)
{
    struct push_ack_input *p = col_input_new(sizeof(*p), &push_ack_ops, url, err);
    if (p == NULL)
        return NULL;
    int rv = nng_rep0_open(&p->sock);
    if (rv != 0) {
        free(p);
        core_err_set(err, CORE_E_IO, "%s: cannot open nng REP socket: %s", url, nng_strerror(rv));
        return NULL;
    }
    nng_socket_set_size(p->sock, NNG_OPT_RECVMAXSZ, COL_PUSH_ACK_BATCH_MAX);
    if (wb_net_listen(p->sock, url, sec, err) != 0 ||
        (rv = nng_socket_get_int(p->sock, NNG_OPT_RECVFD, &p->fd)) != 0) {
        if (rv != 0)
            core_err_set(err, CORE_E_IO, "%s: cannot poll the socket: %s", url, nng_strerror(rv));
        nng_close(p->sock);
        free(p);
        return NULL;
    }
    return &p->base;
}
