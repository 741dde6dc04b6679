// SPDX-License-Identifier: MIT
// nng PULL input: one JSON event per message.
#include "collector/inputs/pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PULL_RECVBUF_MSGS 8192
// Messages up to this size arrive and are judged (one over the event limit is rejected as too
// long, counted and named); nng cuts a connection that sends a larger one before we see it.
#define PULL_RECV_MAX (4 * 1024 * 1024)

int
col_pull_open(struct col_pull *p, const char *url, const struct wb_net_security *sec,
              struct core_err *err)
{
    memset(p, 0, sizeof(*p));
    int rv = nng_pull0_open(&p->sock);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "cannot open nng PULL socket: %s", nng_strerror(rv));
    nng_socket_set_int(p->sock, NNG_OPT_RECVBUF, PULL_RECVBUF_MSGS);
    nng_socket_set_size(p->sock, NNG_OPT_RECVMAXSZ, PULL_RECV_MAX);
    int rc = wb_net_listen(p->sock, url, sec, err);
    if (rc != 0) {
        nng_close(p->sock);
        return rc;
    }
    if ((rv = nng_socket_get_int(p->sock, NNG_OPT_RECVFD, &p->fd)) != 0) {
        nng_close(p->sock);
        return core_err_set(err, CORE_E_IO, "cannot poll the PULL socket: %s", nng_strerror(rv));
    }
    return 0;
}

void
col_pull_close(struct col_pull *p)
{
    nng_close(p->sock);
}

size_t
col_pull_pump(struct col_pull *p, struct col_ingest *in, size_t max)
{
    size_t fed = 0;
    while (fed < max) {
        char *buf = NULL;
        size_t len = 0;
        if (nng_recv(p->sock, &buf, &len, NNG_FLAG_ALLOC | NNG_FLAG_NONBLOCK) != 0)
            break;
        p->messages++;
        size_t n = len;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            n--;
        char where[32];
        snprintf(where, sizeof(where), "nng message");
        col_ingest_raw(in, where, p->messages, buf, n);
        nng_free(buf, len);
        fed++;
    }
    return fed;
}

// As a live input: the socket's descriptor wakes the loop.
struct pull_input {
    struct col_input base;
    struct col_pull pull;
};

static bool
pull_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
          int64_t wall_ms)
{
    (void)mono_ms, (void)wall_ms;
    col_pull_pump(&((struct pull_input *)self)->pull, in, max);
    return false;
}

static void
pull_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
          int64_t wall_ms)
{
    (void)wake_mono_ms, (void)mono_ms, (void)wall_ms;
    *pfd = (struct pollfd){.fd = ((struct pull_input *)self)->pull.fd, .events = POLLIN};
}

static void
pull_close(struct col_input *self, struct col_journal *journal)
{
    (void)journal;
    col_pull_close(&((struct pull_input *)self)->pull);
    free(self);
}

static const struct col_input_ops pull_ops = {
    .kind = "pull", .pump = pull_pump, .poll = pull_poll, .close = pull_close};

struct col_input *
col_pull_input(const char *url, const struct wb_net_security *sec, struct core_err *err)
{
    struct pull_input *p = col_input_new(sizeof(*p), &pull_ops, url, err);
    if (p == NULL)
        return NULL;
    if (col_pull_open(&p->pull, url, sec, err) != 0) {
        col_pull_close(&p->pull);
        free(p);
        return NULL;
    }
    return &p->base;
}
