// SPDX-License-Identifier: MIT
// AMI over TCP, as a long-lived client must: every step non-blocking, every failure said once
// in words, and never a tight loop.
#define _DEFAULT_SOURCE // SOCK_NONBLOCK, MSG_NOSIGNAL (Linux)
#include "collector/inputs/ami_client.h"

#include "core/clock.h"
#include "core/file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKOFF_MIN_MS   1000
#define BACKOFF_MAX_MS   30000
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
        c->backoff_ms = BACKOFF_MIN_MS;
        fprintf(stderr, "wb-collector: %s: logged in as %s\n", c->name, c->username);
        return;
    }
    c->refused_logins++;
    snprintf(c->last_error, sizeof(c->last_error), "login refused: %s", message);
    fprintf(stderr,
            "wb-collector: %s: login as %s refused (%s); check the secret; next try in "
            "%d s\n",
            c->name, c->username, message, REFUSED_RETRY_MS / 1000);
    c->backoff_ms = REFUSED_RETRY_MS;
    c->phase = AMI_DOWN; // closed in the next step
}

int
col_ami_client_init(struct col_ami_client *c, const char *host_port, const char *credentials_path,
                    struct core_err *err)
{
    memset(c, 0, sizeof(*c));
    c->fd = -1;
    const char *colon = strrchr(host_port, ':');
    if (colon == NULL || colon == host_port || !colon[1])
        return core_err_set(err, CORE_E_INVALID, "--ami \"%s\": use HOST:PORT, e.g. 127.0.0.1:5038",
                            host_port);
    snprintf(c->host, sizeof(c->host), "%.*s", (int)(colon - host_port), host_port);
    snprintf(c->port, sizeof(c->port), "%s", colon + 1);
    snprintf(c->name, sizeof(c->name), "ami %s", host_port);
    int rc = read_credentials(c, credentials_path, err);
    if (rc != 0)
        return rc;
    if (col_ami_init(&c->parser, core_clock_wall_ms) != 0)
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    c->parser.on_response = on_response;
    c->parser.response_ctx = c;
    c->backoff_ms = BACKOFF_MIN_MS;
    return 0;
}

static void
disconnect(struct col_ami_client *c, int64_t now, const char *why)
{
    if (c->fd >= 0) {
        close(c->fd);
        c->disconnects++;
        fprintf(stderr, "wb-collector: %s: %s; reconnecting in %lld s\n", c->name, why,
                (long long)(c->backoff_ms / 1000));
    }
    if (why != c->last_error) // the refused login's reason is there already
        snprintf(c->last_error, sizeof(c->last_error), "%s", why);
    c->fd = -1;
    c->phase = AMI_DOWN;
    c->out_len = c->out_sent = 0;
    col_ami_reset(&c->parser);
    c->next_attempt_ms = now + c->backoff_ms;
    if (c->backoff_ms < BACKOFF_MAX_MS)
        c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
}

void
col_ami_client_fini(struct col_ami_client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    col_ami_fini(&c->parser);
    memset(c->secret, 0, sizeof(c->secret));
}

static void
queue_action(struct col_ami_client *c, const char *text)
{
    size_t n = strlen(text);
    if (c->out_len + n >= sizeof(c->out))
        return; // a ping can wait for the next turn
    memcpy(c->out + c->out_len, text, n);
    c->out_len += n;
}

static void
start_connect(struct col_ami_client *c, int64_t now)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(c->host, c->port, &hints, &res);
    if (rc != 0) {
        c->next_attempt_ms = now + c->backoff_ms;
        snprintf(c->last_error, sizeof(c->last_error), "cannot resolve %s: %s", c->host,
                 gai_strerror(rc));
        return;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        c->fd = -2; // so disconnect() speaks
        disconnect(c, now, "connection refused");
        return;
    }
    c->fd = fd;
    c->phase = AMI_CONNECTING;
    c->connected_ms = now;
    c->last_rx_ms = now;
}

static void
on_connected(struct col_ami_client *c, int64_t now)
{
    char login[512];
    snprintf(login, sizeof(login),
             "Action: Login\r\nUsername: %s\r\nSecret: %s\r\nEvents: on\r\n\r\n"
             // The current picture at once, not only after the next events.
             "Action: QueueStatus\r\n\r\n",
             c->username, c->secret);
    c->out_len = c->out_sent = 0;
    queue_action(c, login);
    c->phase = AMI_LOGGING_IN;
    c->connects++;
    c->last_ping_ms = now;
}

int
col_ami_client_poll(const struct col_ami_client *c, short *events, int64_t *wake_mono_ms)
{
    if (c->fd < 0) {
        *events = 0;
        *wake_mono_ms = c->next_attempt_ms;
        return -1;
    }
    *events = POLLIN;
    if (c->phase == AMI_CONNECTING || c->out_sent < c->out_len)
        *events |= POLLOUT;
    *wake_mono_ms = c->last_ping_ms + PING_EVERY_MS;
    return c->fd;
}

static void
flush_out(struct col_ami_client *c, int64_t now)
{
    while (c->out_sent < c->out_len) {
        ssize_t w = send(c->fd, c->out + c->out_sent, c->out_len - c->out_sent, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (w <= 0) {
            disconnect(c, now, "connection lost while sending");
            return;
        }
        c->out_sent += (size_t)w;
    }
    c->out_len = c->out_sent = 0;
}

static void
read_in(struct col_ami_client *c, struct col_ingest *in, int64_t now)
{
    char buf[16384];
    for (int turns = 0; turns < 64 && c->fd >= 0; turns++) {
        ssize_t r = recv(c->fd, buf, sizeof(buf), 0);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (r <= 0) {
            disconnect(c, now, r == 0 ? "Asterisk closed the connection" : "connection lost");
            return;
        }
        c->last_rx_ms = now;
        col_ami_feed(&c->parser, in, c->name, buf, (size_t)r);
        if (c->phase == AMI_DOWN && c->fd >= 0)
            disconnect(c, now, c->last_error); // the login was refused
    }
}

void
col_ami_client_step(struct col_ami_client *c, struct col_ingest *in, int64_t now)
{
    if (c->fd < 0) {
        if (now >= c->next_attempt_ms)
            start_connect(c, now);
        return;
    }
    if (c->phase == AMI_CONNECTING) {
        struct pollfd p = {.fd = c->fd, .events = POLLOUT};
        int err = 0;
        socklen_t len = sizeof(err);
        if (poll(&p, 1, 0) == 1) {
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                disconnect(c, now, strerror(err));
                return;
            }
            on_connected(c, now);
        } else if (now - c->connected_ms > CONNECT_LIMIT_MS) {
            disconnect(c, now, "no answer to the connection");
            return;
        }
    }
    read_in(c, in, now);
    col_ami_tick(&c->parser, in, c->name);
    if (c->fd < 0)
        return;
    if (now - c->last_rx_ms > SILENCE_LIMIT_MS) {
        disconnect(c, now, "no reply to pings: the link is dead");
        return;
    }
    if (c->phase == AMI_UP && now - c->last_ping_ms >= PING_EVERY_MS) {
        queue_action(c, "Action: Ping\r\n\r\n");
        c->last_ping_ms = now;
    }
    flush_out(c, now);
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
    int64_t wake;
    pfd->events = 0;
    pfd->fd = col_ami_client_poll(&((struct ami_input *)self)->ami, &pfd->events, &wake);
    if (wake < *wake_mono_ms)
        *wake_mono_ms = wake;
}

static void
ami_health(struct col_input *self, struct core_state *st, int64_t wall_ms)
{
    const struct col_ami_client *c = &((struct ami_input *)self)->ami;
    core_state_source(st, c->name, c->phase == AMI_UP, c->parser.events,
                      c->disconnects + c->refused_logins, c->last_error, wall_ms);
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
        free(a);
        return NULL;
    }
    return &a->base;
}
