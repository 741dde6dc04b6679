// SPDX-License-Identifier: MIT
// wb-push --ack (push_ack_send.h): REQ batches, each waiting for its reply. nng's REQ sends a
// request again when no reply comes (a collector restarted meanwhile): the ids make that safe.
#define _DEFAULT_SOURCE // gethostname
#include "collector/push_ack_send.h"

#include <cjson/cJSON.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH_EVENTS  500
#define BATCH_BYTES   (1024 * 1024)
#define REPLY_WAIT_MS 60000

struct batch {
    char *buf;
    size_t len, cap;
    long count;
};

// line with an "id" when it has none (a JSON object); appended to b with a newline.
static bool
add_line(struct batch *b, const char *line, size_t n, const char *prefix, long number)
{
    char *with_id = NULL;
    cJSON *o = cJSON_ParseWithLength(line, n);
    if (cJSON_IsObject(o) && cJSON_GetObjectItemCaseSensitive(o, "id") == NULL) {
        char id[300];
        snprintf(id, sizeof(id), "%s:%ld", prefix, number);
        cJSON_AddStringToObject(o, "id", id);
        with_id = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(o);
    const char *text = with_id ? with_id : line;
    size_t len = with_id ? strlen(with_id) : n;
    if (b->len + len + 1 > b->cap) {
        size_t cap = (b->len + len + 1) * 2;
        char *grown = realloc(b->buf, cap);
        if (grown == NULL) {
            cJSON_free(with_id);
            return false;
        }
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, text, len);
    b->len += len;
    b->buf[b->len++] = '\n';
    b->count++;
    cJSON_free(with_id);
    return true;
}

// Sends the batch and waits for its reply; adds its counts to t.
static void
send_batch(nng_socket s, struct batch *b, struct col_push_ack_totals *t)
{
    if (b->count == 0)
        return;
    t->events += b->count;
    char *reply = NULL;
    size_t rlen = 0;
    int rv = nng_send(s, b->buf, b->len, 0);
    if (rv == 0)
        rv = nng_recv(s, &reply, &rlen, NNG_FLAG_ALLOC);
    cJSON *r = rv == 0 ? cJSON_ParseWithLength(reply, rlen) : NULL;
    if (reply)
        nng_free(reply, rlen);
    if (r == NULL || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok"))) {
        const char *why = rv != 0 ? nng_strerror(rv)
                          : r ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "error"))
                              : "a reply that is not JSON";
        fprintf(stderr, "wb-push: a batch of %ld events was not acknowledged: %s\n", b->count,
                why ? why : "?");
        t->unacknowledged += b->count;
    } else {
        t->accepted += (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "accepted"));
        t->rejected += (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "rejected"));
        t->duplicates +=
            (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "duplicates"));
    }
    cJSON_Delete(r);
    b->len = 0;
    b->count = 0;
}

int
col_push_ack_send(const char *url, const struct wb_net_security *sec, const char *prefix, FILE *in,
                  struct col_push_ack_totals *t)
{
    nng_socket s;
    int rv = nng_req0_open(&s);
    if (rv != 0) {
        fprintf(stderr, "wb-push: cannot open an nng socket: %s\n", nng_strerror(rv));
        return 1;
    }
    nng_socket_set_ms(s, NNG_OPT_REQ_RESENDTIME, 5000); // no reply yet: ask again (same ids)
    nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, REPLY_WAIT_MS);
    nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, REPLY_WAIT_MS);
    struct core_err err;
    core_err_clear(&err);
    if (wb_net_dial(s, url, sec, NNG_FLAG_NONBLOCK, &err) != 0) {
        fprintf(stderr, "wb-push: %s\n", err.text);
        nng_close(s);
        return 1;
    }
    char own[200];
    if (prefix == NULL) { // this run's own: a resend within it is dropped, another run is not
        char host[64] = "host";
        gethostname(host, sizeof(host) - 1);
        snprintf(own, sizeof(own), "push-%s-%ld-%lld", host, (long)getpid(), (long long)time(NULL));
        prefix = own;
    }
    struct batch b = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        long number = ++t->lines;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        if (!add_line(&b, line, (size_t)n, prefix, number)) {
            fprintf(stderr, "wb-push: out of memory\n");
            break;
        }
        if (b.count >= BATCH_EVENTS || b.len >= BATCH_BYTES)
            send_batch(s, &b, t);
    }
    send_batch(s, &b, t);
    free(line);
    free(b.buf);
    nng_close(s);
    fprintf(stderr,
            "wb-push: %ld events to %s: %ld accepted, %ld rejected, %ld counted before "
            "(duplicates), %ld not acknowledged\n",
            t->events, url, t->accepted, t->rejected, t->duplicates, t->unacknowledged);
    return t->unacknowledged > 0 ? 1 : 0;
}
