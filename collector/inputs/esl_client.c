// SPDX-License-Identifier: MIT
// The event socket over TCP, as a long-lived client must: every step non-blocking, every
// failure said once in words, and never a tight loop (see esl_client.h; the TCP side is
// inputs/tcp_link.c).
#include "collector/inputs/esl_client.h"

#include "collector/inputs/esl_frames.h"
#include "collector/inputs/esl_resync.h"
#include "core/clock.h"
#include "core/file.h"

#include <cjson/cJSON.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REFUSED_RETRY_MS 60000 // a wrong password or a refused address: once a minute
#define PING_EVERY_MS    5000
#define SILENCE_LIMIT_MS 15000 // no byte for this long (pings unanswered): the link is dead
#define CONNECT_LIMIT_MS 10000
#define TIERS_EVERY_MS   60000 // tiers change without an event: read again this often

// The events the collector needs: mod_callcenter's, and the callers' hang-ups (a caller the
// module never said left is closed by its channel's end).
#define SUBSCRIBE "event plain CHANNEL_HANGUP_COMPLETE CUSTOM callcenter::info\n\n"

static int
read_credentials(struct col_esl_client *c, const char *path, struct core_err *err)
{
    int rc = core_file_check_private(path, "the FreeSWITCH credentials", err);
    if (rc != 0)
        return rc;
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    cJSON *o = cJSON_ParseWithLength(buf, n);
    const char *pw = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "password"));
    if (pw == NULL || !pw[0] || strlen(pw) >= sizeof(c->password) || strpbrk(pw, "\r\n"))
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s: expected {\"password\": \"…\"} (event_socket.conf's password, "
                          "one line)",
                          path);
    else
        snprintf(c->password, sizeof(c->password), "%s", pw);
    cJSON_Delete(o);
    return rc;
}

int
col_esl_client_init(struct col_esl_client *c, const char *host_port, const char *credentials_path,
                    struct core_err *err)
{
    memset(c, 0, sizeof(*c));
    int rc =
        col_tcp_link_init(&c->link, "freeswitch", host_port, "--freeswitch", "127.0.0.1:8021", err);
    if (rc == 0)
        rc = read_credentials(c, credentials_path, err);
    if (rc != 0)
        return rc;
    if (col_esl_stream_init(&c->stream) != 0 || col_esl_cc_init(&c->cc, core_clock_wall_ms) != 0)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    c->cc.live = true;
    return 0;
}

void
col_esl_client_fini(struct col_esl_client *c)
{
    col_tcp_link_close(&c->link);
    col_esl_stream_fini(&c->stream);
    col_esl_cc_fini(&c->cc);
    memset(c->password, 0, sizeof(c->password));
}

static void
down(struct col_esl_client *c, int64_t now, const char *why)
{
    if (c->link.fd >= 0) // else the link went down by itself (and set its next try)
        col_tcp_link_down(&c->link, now, why);
    c->phase = ESL_DOWN;
    c->npending = 0;
    c->closing = false;
    col_esl_stream_reset(&c->stream);
}

// Queues a command (its text ends with the blank line) and what its reply will answer.
static void
command(struct col_esl_client *c, const char *text, enum col_esl_pending kind)
{
    if (c->npending < COL_ESL_PENDING_MAX && col_tcp_link_queue(&c->link, text))
        c->pending[c->npending++] = kind; // else a ping can wait for the next turn
}

static bool
take_pending(struct col_esl_client *c, enum col_esl_pending *kind)
{
    if (c->npending == 0)
        return false;
    *kind = c->pending[0];
    memmove(c->pending, c->pending + 1, --c->npending * sizeof(c->pending[0]));
    return true;
}

// The picture now, in the order the lists build on each other: queues (whose callers and agents
// are FreeSWITCH's), tiers (who serves which), agents, then the callers waiting.
static void
resync(struct col_esl_client *c, int64_t now)
{
    command(c, "api callcenter_config queue list\n\n", ESL_WAIT_QUEUES);
    command(c, "api callcenter_config tier list\n\n", ESL_WAIT_TIERS);
    command(c, "api callcenter_config agent list\n\n", ESL_WAIT_AGENTS);
    command(c, "api callcenter_config queue list members\n\n", ESL_WAIT_MEMBERS);
    c->last_tiers_ms = now;
}

static void
refused(struct col_esl_client *c, const char *what)
{
    c->refused++;
    col_tcp_link_refused(&c->link, what, REFUSED_RETRY_MS);
    c->closing = true;
}

static void
on_reply(struct col_esl_client *c, struct col_esl_frame *f, int64_t now)
{
    enum col_esl_pending kind;
    const char *text = col_esl_header(&f->head, "Reply-Text");
    if (!take_pending(c, &kind))
        return; // a reply to nothing we asked: ignored
    bool ok = text && strncmp(text, "+OK", 3) == 0;
    if (kind == ESL_WAIT_AUTH && ok) {
        c->phase = ESL_UP;
        col_tcp_link_up(&c->link);
        fprintf(stderr, "wb-collector: %s: authenticated; reading mod_callcenter's events\n",
                c->link.name);
        command(c, SUBSCRIBE, ESL_WAIT_EVENTS);
        resync(c, now);
    } else if (kind == ESL_WAIT_AUTH) {
        char what[300];
        snprintf(what, sizeof(what), "password refused (%s); check event_socket.conf's password",
                 text ? text : "no reply text");
        refused(c, what);
    } else if (kind == ESL_WAIT_EVENTS && !ok) {
        fprintf(stderr, "wb-collector: %s: the event subscription was refused: %s\n", c->link.name,
                text ? text : "no reply text");
    }
}

static void
on_api(struct col_esl_client *c, struct col_esl_frame *f)
{
    enum col_esl_pending kind;
    if (!take_pending(c, &kind) || kind == ESL_WAIT_PING || f->body == NULL)
        return;
    static const enum col_esl_list lists[] = {
        [ESL_WAIT_QUEUES] = ESL_LIST_QUEUES,
        [ESL_WAIT_TIERS] = ESL_LIST_TIERS,
        [ESL_WAIT_AGENTS] = ESL_LIST_AGENTS,
        [ESL_WAIT_MEMBERS] = ESL_LIST_MEMBERS,
    };
    if (kind >= ESL_WAIT_QUEUES && kind <= ESL_WAIT_MEMBERS)
        col_esl_cc_list(&c->cc, c->in, c->link.name, lists[kind], f->body, f->body_len);
}

static void
on_frame(void *ctx, struct col_esl_frame *f)
{
    struct col_esl_client *c = ctx;
    const char *type = col_esl_header(&f->head, "Content-Type");
    if (type == NULL)
        return;
    if (!strcasecmp(type, "auth/request")) {
        char auth[300];
        snprintf(auth, sizeof(auth), "auth %s\n\n", c->password);
        command(c, auth, ESL_WAIT_AUTH);
        memset(auth, 0, sizeof(auth));
    } else if (!strcasecmp(type, "command/reply")) {
        on_reply(c, f, c->now_ms);
    } else if (!strcasecmp(type, "api/response")) {
        on_api(c, f);
    } else if (!strcasecmp(type, "text/disconnect-notice")) {
        snprintf(c->link.last_error, sizeof(c->link.last_error),
                 "FreeSWITCH closed the connection");
        c->closing = true;
    } else if (!strcasecmp(type, "text/rude-rejection")) {
        refused(c, "FreeSWITCH refused this address (event_socket.conf's apply-inbound-acl)");
    } else {
        col_esl_cc_frame(&c->cc, c->in, c->link.name, f);
    }
}

static void
feed(void *ctx, const char *bytes, size_t len)
{
    struct col_esl_client *c = ctx;
    col_esl_stream_feed(&c->stream, bytes, len, on_frame, c);
}

void
col_esl_client_step(struct col_esl_client *c, struct col_ingest *in, int64_t now)
{
    c->in = in;
    c->now_ms = now;
    int up = col_tcp_link_connect(&c->link, now, CONNECT_LIMIT_MS);
    if (up == 0) {
        if (c->link.fd < 0)
            c->phase = ESL_DOWN;
        return;
    }
    if (up == 1) {
        c->phase = ESL_AUTH; // FreeSWITCH speaks first: auth/request
        c->npending = 0;
        col_esl_stream_reset(&c->stream);
    }
    col_tcp_link_read(&c->link, now, "FreeSWITCH", feed, c, &c->closing);
    if (c->link.fd < 0 || c->closing) {
        down(c, now, c->link.last_error);
        return;
    }
    if (now - c->link.last_rx_ms > SILENCE_LIMIT_MS) {
        down(c, now, "no reply to pings: the link is dead");
        return;
    }
    if (c->phase == ESL_UP && now - c->link.last_ping_ms >= PING_EVERY_MS) {
        command(c, "api status\n\n", ESL_WAIT_PING);
        c->link.last_ping_ms = now;
    }
    if (c->phase == ESL_UP && now - c->last_tiers_ms >= TIERS_EVERY_MS) {
        command(c, "api callcenter_config tier list\n\n", ESL_WAIT_TIERS);
        c->last_tiers_ms = now;
    }
    col_tcp_link_flush(&c->link, now);
}

// As a live input: step does the reading and the timers; the link's health is the source's.
struct esl_input {
    struct col_input base;
    struct col_esl_client esl;
};

static bool
esl_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
         int64_t wall_ms)
{
    (void)max, (void)wall_ms;
    col_esl_client_step(&((struct esl_input *)self)->esl, in, mono_ms);
    return false;
}

static void
esl_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
         int64_t wall_ms)
{
    (void)mono_ms, (void)wall_ms;
    col_tcp_link_poll(&((struct esl_input *)self)->esl.link, pfd, wake_mono_ms, PING_EVERY_MS);
}

static void
esl_health(struct col_input *self, struct core_state *st, int64_t wall_ms)
{
    const struct col_esl_client *c = &((struct esl_input *)self)->esl;
    const char *error = c->link.last_error[0] ? c->link.last_error : c->cc.error;
    core_state_source(st, c->link.name, c->phase == ESL_UP, c->cc.emitted,
                      c->link.disconnects + c->refused + c->cc.bad + c->stream.garbage, error,
                      wall_ms);
}

static void
esl_close(struct col_input *self, struct col_journal *journal)
{
    (void)journal;
    col_esl_client_fini(&((struct esl_input *)self)->esl);
    free(self);
}

static const struct col_input_ops esl_ops = {.kind = "freeswitch",
                                             .pump = esl_pump,
                                             .poll = esl_poll,
                                             .health = esl_health,
                                             .close = esl_close};

struct col_input *
col_esl_client_input(const char *host_port, const char *credentials_path, bool sites,
                     struct core_err *err)
{
    struct esl_input *e = col_input_new(sizeof(*e), &esl_ops, host_port, err);
    if (e == NULL)
        return NULL;
    if (col_esl_client_init(&e->esl, host_port, credentials_path, err) != 0) {
        col_esl_client_fini(&e->esl);
        free(e);
        return NULL;
    }
    e->esl.cc.sites = sites;
    return &e->base;
}
