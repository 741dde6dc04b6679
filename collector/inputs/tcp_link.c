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

int
col_tcp_split(const char *host_port, char *host, size_t host_size, char *port, size_t port_size)
{
    const char *colon = strrchr(host_port, ':');
    if (colon == NULL || colon == host_port || !colon[1] ||
        (size_t)(colon - host_port) >= host_size || strlen(colon + 1) >= port_size)
        return -1;
    snprintf(host, host_size, "%.*s", (int)(colon - host_port), host_port);
    snprintf(port, port_size, "%s", colon + 1);
    return 0;
}

int
col_tcp_connect(const char *host, const char *port, char *why, size_t why_size)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        snprintf(why, why_size, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS) {
        snprintf(why, why_size, "connection refused");
        close(fd);
        fd = -1;
    } else if (fd < 0) {
        snprintf(why, why_size, "cannot open a socket: %s", strerror(errno));
    }
    freeaddrinfo(res);
    return fd;
}

int
col_tcp_connected(int fd, char *why, size_t why_size)
{
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (poll(&p, 1, 0) != 1)
        return 0;
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        snprintf(why, why_size, "%s", strerror(err));
        return -1;
    }
    return 1;
}

int
col_tcp_flush(int fd, char *buf, size_t *len, size_t *sent)
{
    while (*sent < *len) {
        ssize_t w = send(fd, buf + *sent, *len - *sent, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (w <= 0)
            return -1;
        *sent += (size_t)w;
    }
    *len = *sent = 0;
    return 0;
}
