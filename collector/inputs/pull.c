// SPDX-License-Identifier: MIT
// nng PULL input: one JSON event per message.
#include "collector/inputs/pull.h"

#include <stdio.h>
#include <string.h>

#define PULL_RECVBUF_MSGS 8192

int
col_pull_open(struct col_pull *p, const char *url, const struct wb_net_security *sec,
              struct core_err *err)
{
    memset(p, 0, sizeof(*p));
    int rv = nng_pull0_open(&p->sock);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "cannot open nng PULL socket: %s", nng_strerror(rv));
    nng_socket_set_int(p->sock, NNG_OPT_RECVBUF, PULL_RECVBUF_MSGS);
    nng_socket_set_size(p->sock, NNG_OPT_RECVMAXSZ, 1024 * 1024);
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
