// SPDX-License-Identifier: MIT
// wb-push: sends JSON lines from stdin (or files) to a collector's nng PULL socket, or into a
// NATS JetStream subject, one message per line. For site engineers wiring up a source, and for
// the tests.
#include "collector/outputs/nats_out.h"
#include "collector/push_ack_send.h"
#include "net/net.h"

#include <nng/nng.h>
#include <nng/protocol/pipeline0/push.h>
#include <nng/supplemental/util/platform.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: wb-push URL [FILE...]                 to a collector's nng PULL socket\n"
    "                                             (wb-collector's default tcp://127.0.0.1:7410)\n"
    "       wb-push --nats URL[,URL..] --subject SUBJ [--msg-id-prefix P] [FILE...]\n"
    "                                             into NATS JetStream; with a prefix each\n"
    "                                             message's Nats-Msg-Id is P:N (line N), so a\n"
    "                                             second push of the same lines is dropped\n"
    "       wb-push [--tls-ca F] [--tls-cert F --tls-key F] [--allow-plain-tcp] URL [FILE...]\n"
    "                                             to a tls+tcp:// (or remote tcp://) collector\n"
    "       wb-push [TLS options] --ack URL [--msg-id-prefix P] [FILE...]\n"
    "                                             to a collector's --push-ack socket: batches\n"
    "                                             answered once journaled; events without an id\n"
    "                                             get P:N (default: this run's own prefix), so a\n"
    "                                             resent batch counts once; what was not\n"
    "                                             acknowledged is said, and the exit is 1\n"
    "No FILE: stdin.\n";

struct sink {
    nng_socket nng;
    struct col_nats_out *nats;
    const char *id_prefix;
    long sent;
};

static int
push_stream(struct sink *s, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        if (s->nats) {
            char id[300] = "";
            if (s->id_prefix)
                snprintf(id, sizeof(id), "%s:%ld", s->id_prefix, s->sent + 1);
            col_nats_out_publish(s->nats, id, line, (size_t)n);
        } else {
            int rv = nng_send(s->nng, line, (size_t)n, 0);
            if (rv != 0) {
                fprintf(stderr, "wb-push: send failed: %s\n", nng_strerror(rv));
                free(line);
                return 1;
            }
        }
        s->sent++;
    }
    free(line);
    return 0;
}

// Messages this socket's connections have written so far (nng's per-pipe statistics).
static long
messages_out(nng_socket sock)
{
    nng_stat *all = NULL;
    if (nng_stats_get(&all) != 0)
        return -1;
    long out = 0;
    for (nng_stat *p = nng_stat_child(all); p != NULL; p = nng_stat_next(p)) {
        if (strcmp(nng_stat_name(p), "pipe") != 0)
            continue;
        nng_stat *owner = nng_stat_find(p, "socket");
        nng_stat *tx = nng_stat_find(p, "tx_msgs");
        if (owner && tx && nng_stat_value(owner) == (uint64_t)nng_socket_id(sock))
            out += (long)nng_stat_value(tx);
    }
    nng_stats_free(all);
    return out;
}

// nng's close drops what is still queued: wait until every message has been written out (or
// the time is up); returns how many were not.
static long
wait_sent(nng_socket sock, long sent, int timeout_ms)
{
    long out = 0;
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        out = messages_out(sock);
        if (out < 0) { // statistics unavailable: the old way, a generous pause
            nng_msleep(1000);
            return 0;
        }
        if (out >= sent)
            return 0;
        nng_msleep(10);
    }
    return sent - out;
}

// TLS options come before the URL. Returns the index of the URL (or of --nats).
static int
parse_security(int argc, char **argv, struct wb_net_security *sec)
{
    int at = 1;
    while (at + 1 < argc && strncmp(argv[at], "--", 2) == 0) {
        const char *opt = argv[at], *value = argv[at + 1];
        if (strcmp(opt, "--allow-plain-tcp") == 0) {
            sec->allow_plain_tcp = true;
            at++;
            continue;
        }
        if (strcmp(opt, "--tls-ca") == 0)
            sec->ca_file = value;
        else if (strcmp(opt, "--tls-cert") == 0)
            sec->cert_file = value;
        else if (strcmp(opt, "--tls-key") == 0)
            sec->key_file = value;
        else if (strcmp(opt, "--tls-server-name") == 0)
            sec->server_name = value;
        else
            break; // --nats, or a mistake the usage answers
        at += 2;
    }
    return at;
}

// --nats URL --subject SUBJ [--msg-id-prefix P]: the stream's publisher. Returns the index of
// the first file, or -1 (usage) / -2 (no connection) after saying why.
static int
open_nats(struct sink *s, struct col_nats_out *out, int argc, char **argv, const char **url,
          const char **subject)
{
    int first;
    for (first = 1; first + 1 < argc && strncmp(argv[first], "--", 2) == 0; first += 2) {
        if (strcmp(argv[first], "--nats") == 0)
            *url = argv[first + 1];
        else if (strcmp(argv[first], "--subject") == 0)
            *subject = argv[first + 1];
        else if (strcmp(argv[first], "--msg-id-prefix") == 0)
            s->id_prefix = argv[first + 1];
        else
            break;
    }
    if (*subject == NULL || (first < argc && strncmp(argv[first], "--", 2) == 0)) {
        fputs(usage, stderr);
        return -1;
    }
    struct core_err err;
    core_err_clear(&err);
    if (col_nats_out_open(out, *url, *subject, &err) != 0) {
        fprintf(stderr, "wb-push: %s\n", err.text);
        return -2;
    }
    out->wait_when_full = true;
    s->nats = out;
    return first;
}

static int
open_nng(struct sink *s, const char *url, const struct wb_net_security *sec)
{
    int rv = nng_push0_open(&s->nng);
    if (rv != 0) {
        fprintf(stderr, "wb-push: cannot open an nng socket: %s\n", nng_strerror(rv));
        return -1;
    }
    struct core_err err;
    core_err_clear(&err);
    if (wb_net_dial(s->nng, url, sec, 0, &err) != 0) {
        fprintf(stderr, "wb-push: %s\n", err.text);
        return -1;
    }
    nng_socket_set_ms(s->nng, NNG_OPT_SENDTIMEO, 5000);
    return 0;
}

// Sends each of the files from argv[first] on (stdin when there are none) with send, stopping
// at the first that fails when all_or_nothing. Returns 1 if a file cannot be opened or a send
// failed.
static int
each_input(int first, int argc, char **argv, bool all_or_nothing, int (*send)(void *ctx, FILE *in),
           void *ctx)
{
    if (first >= argc)
        return send(ctx, stdin);
    int rc = 0;
    for (int i = first; i < argc && !(rc && all_or_nothing); i++) {
        FILE *f = fopen(argv[i], "r");
        if (f == NULL) {
            fprintf(stderr, "wb-push: cannot open %s\n", argv[i]);
            return 1;
        }
        rc |= send(ctx, f);
        fclose(f);
    }
    return rc;
}

static int
send_stream(void *ctx, FILE *in)
{
    return push_stream(ctx, in);
}

// The files from argv[first] on, or stdin when there are none.
static int
push_files(struct sink *s, int first, int argc, char **argv)
{
    return each_input(first, argc, argv, true, send_stream, s);
}

// Waits until what was sent is out (acknowledged by a stream, or written to the collector),
// says what was lost, and closes.
static int
finish(struct sink *s, int rc, const char *url, const char *subject)
{
    if (s->nats) {
        size_t left = col_nats_out_flush(s->nats, 60000);
        if (left) {
            fprintf(stderr, "wb-push: %zu of %ld messages not acknowledged by a stream on %s\n",
                    left, s->sent, subject);
            rc = 1;
        }
        col_nats_out_close(s->nats);
        fprintf(stderr, "wb-push: %ld messages published on %s\n", s->sent, subject);
        return rc;
    }
    long unsent = wait_sent(s->nng, s->sent, 10000);
    if (unsent > 0) {
        fprintf(stderr, "wb-push: %ld of %ld messages still queued after 10 s: lost\n", unsent,
                s->sent);
        rc = 1;
    }
    nng_close(s->nng);
    fprintf(stderr, "wb-push: %ld messages sent to %s\n", s->sent, url);
    return rc;
}

struct acked {
    const char *url, *prefix;
    const struct wb_net_security *sec;
    struct col_push_ack_totals totals;
};

static int
send_acked(void *ctx, FILE *in)
{
    struct acked *a = ctx;
    return col_push_ack_send(a->url, a->sec, a->prefix, in, &a->totals);
}

// --ack URL [--msg-id-prefix P] [FILE...]
static int
push_acked(int argc, char **argv, int at, const struct wb_net_security *sec)
{
    if (at >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *url = argv[at++], *prefix = NULL;
    if (at + 1 < argc && strcmp(argv[at], "--msg-id-prefix") == 0) {
        prefix = argv[at + 1];
        at += 2;
    }
    struct acked a = {.url = url, .prefix = prefix, .sec = sec};
    return each_input(at, argc, argv, false, send_acked, &a);
}

int
main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, stderr);
        return argc < 2 ? 2 : 0;
    }
    struct sink s = {0};
    struct wb_net_security sec = {0};
    int at = parse_security(argc, argv, &sec);
    if (at > 1 && (at >= argc || strcmp(argv[at], "--nats") == 0)) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(argv[at], "--ack") == 0) // acknowledged batches: their own path
        return push_acked(argc, argv, at + 1, &sec);
    const char *url = argv[at], *subject = NULL;
    int first = at + 1;
    struct col_nats_out out;
    if (strcmp(argv[at], "--nats") == 0) {
        first = open_nats(&s, &out, argc, argv, &url, &subject);
        if (first < 0)
            return first == -1 ? 2 : 1;
    } else if (open_nng(&s, url, &sec) != 0) {
        return 1;
    }
    return finish(&s, push_files(&s, first, argc, argv), url, subject);
}
