// SPDX-License-Identifier: MIT
// Non-blocking TCP for the PBX clients (see tcp_link.h).
#define _DEFAULT_SOURCE // SOCK_NONBLOCK, MSG_NOSIGNAL (Linux)
#include "collector/inputs/tcp_link.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000

int
col_tcp_link_init(struct col_tcp_link *l, const char *kind, const char *host_port,
                  const char *option, const char *example, struct core_err *err)
{
    memset(l, 0, sizeof(*l));
    l->fd = -1;
    l->backoff_ms = BACKOFF_MIN_MS;
    const char *colon = strrchr(host_port, ':');
    if (colon == NULL || colon == host_port || !colon[1] ||
        (size_t)(colon - host_port) >= sizeof(l->host) || strlen(colon + 1) >= sizeof(l->port))
        return core_err_set(err, CORE_E_INVALID, "%s \"%s\": use HOST:PORT, e.g. %s", option,
                            host_port, example);
    snprintf(l->host, sizeof(l->host), "%.*s", (int)(colon - host_port), host_port);
    snprintf(l->port, sizeof(l->port), "%s", colon + 1);
    snprintf(l->name, sizeof(l->name), "%s %s", kind, host_port);
    return 0;
}

void
col_tcp_link_close(struct col_tcp_link *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}

void
col_tcp_link_down(struct col_tcp_link *l, int64_t now, const char *why)
{
    if (l->fd >= 0 || l->connecting) {
        if (l->fd >= 0)
            close(l->fd);
        l->disconnects++;
        fprintf(stderr, "wb-collector: %s: %s; reconnecting in %lld s\n", l->name, why,
                (long long)(l->backoff_ms / 1000));
    }
    if (why != l->last_error) // a refusal's reason is there already
        snprintf(l->last_error, sizeof(l->last_error), "%s", why);
    l->fd = -1;
    l->connecting = false;
    l->out_len = l->out_sent = 0;
    l->next_attempt_ms = now + l->backoff_ms;
    if (l->backoff_ms < BACKOFF_MAX_MS)
        l->backoff_ms = l->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : l->backoff_ms * 2;
}

void
col_tcp_link_refused(struct col_tcp_link *l, const char *why, int64_t retry_ms)
{
    snprintf(l->last_error, sizeof(l->last_error), "%s", why);
    fprintf(stderr, "wb-collector: %s: %s; next try in %lld s\n", l->name, why,
            (long long)(retry_ms / 1000));
    l->backoff_ms = retry_ms;
}

void
col_tcp_link_up(struct col_tcp_link *l)
{
    l->backoff_ms = BACKOFF_MIN_MS;
    l->last_error[0] = '\0';
}

bool
col_tcp_link_queue(struct col_tcp_link *l, const char *text)
{
    size_t n = strlen(text);
    if (l->out_len + n >= sizeof(l->out))
        return false;
    memcpy(l->out + l->out_len, text, n);
    l->out_len += n;
    return true;
}

void
col_tcp_link_poll(const struct col_tcp_link *l, struct pollfd *pfd, int64_t *wake_mono_ms,
                  int64_t ping_every_ms)
{
    pfd->fd = l->fd;
    pfd->events = 0;
    int64_t wake = l->next_attempt_ms;
    if (l->fd >= 0) {
        pfd->events = POLLIN;
        if (l->connecting || l->out_sent < l->out_len)
            pfd->events |= POLLOUT;
        wake = l->last_ping_ms + ping_every_ms;
    }
    if (wake < *wake_mono_ms)
        *wake_mono_ms = wake;
}

static void
start(struct col_tcp_link *l, int64_t now)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(l->host, l->port, &hints, &res);
    if (rc != 0) {
        l->next_attempt_ms = now + l->backoff_ms;
        snprintf(l->last_error, sizeof(l->last_error), "cannot resolve %s: %s", l->host,
                 gai_strerror(rc));
        return;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    l->connecting = true; // so that col_tcp_link_down() speaks
    if (fd < 0) {
        col_tcp_link_down(l, now, "connection refused");
        return;
    }
    l->fd = fd;
    l->connected_ms = l->last_rx_ms = now;
}

int
col_tcp_link_connect(struct col_tcp_link *l, int64_t now, int64_t limit_ms)
{
    if (l->fd < 0) {
        if (now >= l->next_attempt_ms)
            start(l, now);
        return 0;
    }
    if (!l->connecting)
        return 2;
    struct pollfd p = {.fd = l->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) != 1) {
        if (now - l->connected_ms > limit_ms)
            col_tcp_link_down(l, now, "no answer to the connection");
        return 0;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        col_tcp_link_down(l, now, strerror(err));
        return 0;
    }
    l->connecting = false;
    l->connects++;
    l->last_ping_ms = l->last_rx_ms = now;
    l->out_len = l->out_sent = 0;
    return 1;
}

void
col_tcp_link_read(struct col_tcp_link *l, int64_t now, const char *peer,
                  void (*fn)(void *ctx, const char *bytes, size_t len), void *ctx, const bool *stop)
{
    char buf[16384];
    for (int turns = 0; turns < 64 && l->fd >= 0 && !*stop; turns++) {
        ssize_t r = recv(l->fd, buf, sizeof(buf), 0);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (r <= 0) {
            char why[128];
            snprintf(why, sizeof(why), "%s closed the connection", peer);
            col_tcp_link_down(l, now, r == 0 ? why : "connection lost");
            return;
        }
        l->last_rx_ms = now;
        fn(ctx, buf, (size_t)r);
    }
}

void
col_tcp_link_flush(struct col_tcp_link *l, int64_t now)
{
    while (l->fd >= 0 && l->out_sent < l->out_len) {
        ssize_t w = send(l->fd, l->out + l->out_sent, l->out_len - l->out_sent, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (w <= 0) {
            col_tcp_link_down(l, now, "connection lost while sending");
            return;
        }
        l->out_sent += (size_t)w;
    }
    l->out_len = l->out_sent = 0;
}
