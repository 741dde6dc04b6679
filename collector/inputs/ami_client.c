// SPDX-License-Identifier: MIT
// AMI over TCP, as a long-lived client must: every step non-blocking, every failure said once
// in words, and never a tight loop (the TCP side is inputs/tcp_link.c).
#include "collector/inputs/ami_client.h"

#include "core/clock.h"
#include "core/file.h"

#include <cjson/cJSON.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REFUSED_RETRY_MS 60000 // a wrong secret: try again only once a minute
#define PING_EVERY_MS    5000
#define SILENCE_LIMIT_MS 15000 // no byte for this long (pings unanswered): the link is dead
#define CONNECT_LIMIT_MS 10000

static int
read_credentials(struct col_ami_client *c, const char *path, struct core_err *err)
{
    int rc = core_file_check_private(path, "the AMI credentials", err);
    if (rc != 0)
        return rc;
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
    if (f)
        fclose(f);
    cJSON *o = cJSON_ParseWithLength(buf, n);
    const char *user = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "username"));
    const char *secret = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "secret"));
    if (user == NULL || secret == NULL || !user[0])
        rc = core_err_set(err, CORE_E_INVALID,
                          "%s: expected {\"username\": \"…\", \"secret\": \"…\"}", path);
    else {
        snprintf(c->username, sizeof(c->username), "%s", user);
        snprintf(c->secret, sizeof(c->secret), "%s", secret);
    }
    cJSON_Delete(o);
    return rc;
}

static void
on_response(void *ctx, const char *response, const char *message)
{
    struct col_ami_client *c = ctx;
    if (c->phase != AMI_LOGGING_IN)
        return; // replies to QueueStatus and Ping: the data is what counts
    if (strcasecmp(response, "Success") == 0) {
        c->phase = AMI_UP;
        col_tcp_link_up(&c->link);
        fprintf(stderr, "wb-collector: %s: logged in as %s\n", c->link.name, c->username);
        return;
    }
    c->refused_logins++;
    char why[400];
    snprintf(why, sizeof(why), "login as %s refused (%s); check the secret", c->username, message);
    col_tcp_link_refused(&c->link, why, REFUSED_RETRY_MS);
    c->closing = true;
}

int
col_ami_client_init(struct col_ami_client *c, const char *host_port, const char *credentials_path,
                    struct core_err *err)
{
    memset(c, 0, sizeof(*c));
    int rc = col_tcp_link_init(&c->link, "ami", host_port, "--ami", "127.0.0.1:5038", err);
    if (rc == 0)
        rc = read_credentials(c, credentials_path, err);
    if (rc != 0)
        return rc;
    if (col_ami_init(&c->parser, core_clock_wall_ms) != 0)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    c->parser.on_response = on_response;
    c->parser.response_ctx = c;
    return 0;
}

void
col_ami_client_fini(struct col_ami_client *c)
{
    col_tcp_link_close(&c->link);
    col_ami_fini(&c->parser);
    memset(c->secret, 0, sizeof(c->secret));
}

static void
down(struct col_ami_client *c, int64_t now, const char *why)
{
    if (c->link.fd >= 0) // else the link went down by itself (and set its next try)
        col_tcp_link_down(&c->link, now, why);
    c->phase = AMI_DOWN;
    c->closing = false;
    col_ami_reset(&c->parser);
}

static void
greet(struct col_ami_client *c)
{
    char login[512];
    snprintf(login, sizeof(login),
             "Action: Login\r\nUsername: %s\r\nSecret: %s\r\nEvents: on\r\n\r\n"
             // The current picture at once, not only after the next events.
             "Action: QueueStatus\r\n\r\n",
             c->username, c->secret);
    col_tcp_link_queue(&c->link, login);
    memset(login, 0, sizeof(login));
    c->phase = AMI_LOGGING_IN;
}

static void
feed(void *ctx, const char *bytes, size_t len)
{
    struct col_ami_client *c = ctx;
    col_ami_feed(&c->parser, c->in, c->link.name, bytes, len);
}

void
col_ami_client_step(struct col_ami_client *c, struct col_ingest *in, int64_t now)
{
    c->in = in;
    int up = col_tcp_link_connect(&c->link, now, CONNECT_LIMIT_MS);
    if (up == 0) {
        if (c->link.fd < 0)
            c->phase = AMI_DOWN;
        return;
    }
    if (up == 1)
        greet(c);
    col_tcp_link_read(&c->link, now, "Asterisk", feed, c, &c->closing);
    col_ami_tick(&c->parser, in, c->link.name);
    if (c->link.fd < 0 || c->closing) {
        down(c, now, c->link.last_error);
        return;
    }
    if (now - c->link.last_rx_ms > SILENCE_LIMIT_MS) {
        down(c, now, "no reply to pings: the link is dead");
        return;
    }
    if (c->phase == AMI_UP && now - c->link.last_ping_ms >= PING_EVERY_MS) {
        col_tcp_link_queue(&c->link, "Action: Ping\r\n\r\n");
        c->link.last_ping_ms = now;
    }
    col_tcp_link_flush(&c->link, now);
}

// As a live input: step does the reading and the timers; the link's health is the source's.
struct ami_input {
    struct col_input base;
    struct col_ami_client ami;
};

static bool
ami_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
         int64_t wall_ms)
{
    (void)max, (void)wall_ms;
    col_ami_client_step(&((struct ami_input *)self)->ami, in, mono_ms);
    return false;
}

static void
ami_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
         int64_t wall_ms)
{
    (void)mono_ms, (void)wall_ms;
    col_tcp_link_poll(&((struct ami_input *)self)->ami.link, pfd, wake_mono_ms, PING_EVERY_MS);
}

static void
ami_health(struct col_input *self, struct core_state *st, int64_t wall_ms)
{
    const struct col_ami_client *c = &((struct ami_input *)self)->ami;
    core_state_source(st, c->link.name, c->phase == AMI_UP, c->parser.events,
                      c->link.disconnects + c->refused_logins, c->link.last_error, wall_ms);
}

static void
ami_close(struct col_input *self, struct col_journal *journal)
{
    (void)journal;
    col_ami_client_fini(&((struct ami_input *)self)->ami);
    free(self);
}

static const struct col_input_ops ami_ops = {
    .kind = "ami", .pump = ami_pump, .poll = ami_poll, .health = ami_health, .close = ami_close};

struct col_input *
col_ami_client_input(const char *host_port, const char *credentials_path, struct core_err *err)
{
    struct ami_input *a = col_input_new(sizeof(*a), &ami_ops, host_port, err);
    if (a == NULL)
        return NULL;
    if (col_ami_client_init(&a->ami, host_port, credentials_path, err) != 0) {
        col_ami_client_fini(&a->ami);
        free(a);
        return NULL;
    }
    return &a->base;
}
