// SPDX-License-Identifier: MIT
// nng PUB/REP. PUB never blocks: a slow screen loses messages (and resyncs on the gap), it
// never slows the collector.
#include "collector/outputs/publish.h"

#include "collector/outputs/command.h"
#include "core/clock.h"
#include "core/snapshot.h"

#include <stdio.h>
#include <string.h>

#define PUB_SENDBUF_MSGS 1024

static void
on_pipe(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
    (void)pipe;
    struct col_publish *p = arg;
    p->screens += ev == NNG_PIPE_EV_ADD_POST ? 1 : -1;
}

int
col_publish_open(struct col_publish *p, const char *pub_url, const char *rep_url, uint64_t run_id,
                 const struct wb_net_security *sec, struct core_err *err)
{
    memset(p, 0, sizeof(*p));
    p->run_id = run_id;
    int rv = nng_pub0_open(&p->pub);
    if (rv == 0)
        rv = nng_rep0_open(&p->rep);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "cannot open nng sockets: %s", nng_strerror(rv));
    nng_socket_set_int(p->pub, NNG_OPT_SENDBUF, PUB_SENDBUF_MSGS);
    nng_pipe_notify(p->pub, NNG_PIPE_EV_ADD_POST, on_pipe, p);
    nng_pipe_notify(p->pub, NNG_PIPE_EV_REM_POST, on_pipe, p);
    int rc = wb_net_listen(p->pub, pub_url, sec, err);
    if (rc == 0)
        rc = wb_net_listen(p->rep, rep_url, sec, err);
    if (rc == 0 && (rv = nng_socket_get_int(p->rep, NNG_OPT_RECVFD, &p->rep_fd)) != 0)
        rc = core_err_set(err, CORE_E_IO, "cannot poll the request socket: %s", nng_strerror(rv));
    if (rc != 0)
        col_publish_close(p);
    return rc;
}

void
col_publish_close(struct col_publish *p)
{
    cJSON_free(p->snapshot);
    p->snapshot = NULL;
    nng_close(p->pub);
    nng_close(p->rep);
}

static void
send_text(struct col_publish *p, char *text)
{
    if (nng_send(p->pub, text, strlen(text), 0) == 0)
        p->sent++;
    else
        p->send_failed++;
    cJSON_free(text);
}

int
col_publish_state(struct col_publish *p, struct core_state *st, bool full)
{
    // Once the screens' copy is held, a snapshot follows the delta it would have carried, with
    // that delta's seq: the state as of it. Screens in step drop it unread (a 2 MB message at
    // 10,000 agents, parsed and merged, held their next delta up 40 ms); one catching up starts
    // from it.
    bool from_held = full && st->published != NULL;
    char *text = core_snapshot_next_text(st, full && !from_held, p->run_id, p->seq + 1);
    if (text == NULL)
        return CORE_E_NOMEM;
    p->seq++;
    if (full && !from_held)
        p->last_full_bytes = strlen(text);
    send_text(p, text);
    core_state_clear_dirty(st);
    if (from_held) {
        char *held = core_snapshot_held_text(st, p->run_id, p->seq);
        if (held == NULL)
            return CORE_E_NOMEM;
        p->last_full_bytes = strlen(held);
        send_text(p, held);
    }
    return 0;
}

void
col_publish_serve(struct col_publish *p, struct core_state *st)
{
    for (;;) {
        char *req = NULL;
        size_t len = 0;
        if (nng_recv(p->rep, &req, &len, NNG_FLAG_ALLOC | NNG_FLAG_NONBLOCK) != 0)
            return;
        p->requests++;
        // A snapshot carries the last published seq: the next delta applies on top of it. One
        // built since that seq serves every screen asking before the next message.
        bool snapshot = len == 8 && memcmp(req, "snapshot", 8) == 0;
        if (snapshot && p->snapshot && p->snapshot_seq == p->seq) {
            nng_free(req, len);
            nng_send(p->rep, p->snapshot, strlen(p->snapshot), 0);
            continue;
        }
        struct col_command_env env = {p->run_id, p->seq, p->tokens, core_clock_wall_ms()};
        char *reply = col_command_reply(st, &env, req, len);
        nng_free(req, len);
        const char *text = reply ? reply : "{\"ok\":false,\"error\":\"out of memory\"}";
        nng_send(p->rep, (void *)text, strlen(text), 0);
        if (snapshot && reply) {
            p->last_full_bytes = strlen(reply); // how big the state is, for the stream's pace
            cJSON_free(p->snapshot);
            p->snapshot = reply;
            p->snapshot_seq = p->seq;
        } else {
            cJSON_free(reply);
        }
    }
}
