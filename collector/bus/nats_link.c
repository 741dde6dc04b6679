// SPDX-License-Identifier: MIT
// NATS connection with JetStream, for the event bus (nats.c, Debian libnats-dev).
#include "collector/bus/nats_link.h"

#include <stdio.h>
#include <string.h>

#define RECONNECT_WAIT_MS   500
#define CONNECT_TIMEOUT_MS  2000
#define RECONNECT_BUF_BYTES (64 * 1024 * 1024) // published while down, sent on reconnect
#define PUBLISH_MAX_PENDING 8192               // publishes awaiting the stream's acknowledgement
#define PUBLISH_STALL_MS    20 // then a publish waits at most this long (then it is retried)

static void
on_connected(natsConnection *nc, void *closure)
{
    (void)nc;
    struct col_nats_link *l = closure;
    atomic_store(&l->up, true);
}

static void
on_disconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    struct col_nats_link *l = closure;
    if (atomic_exchange(&l->up, false))
        atomic_fetch_add(&l->disconnects, 1);
}

// nats.c calls back on a thread of its own, also after the connection is closed (the
// disconnection); "closed" is the last of its callbacks.
static void
on_closed(natsConnection *nc, void *closure)
{
    (void)nc;
    struct col_nats_link *l = closure;
    atomic_store(&l->closed, true);
}

int
col_nats_link_open(struct col_nats_link *l, const char *urls, const char *name,
                   jsPubAckErrHandler on_publish_error, void *closure, struct core_err *err)
{
    memset(l, 0, sizeof(*l));
    snprintf(l->urls, sizeof(l->urls), "%s", urls);
    // The servers of a cluster, comma-separated; nats.c tries them in turn.
    char copy[sizeof(l->urls)], *save = NULL;
    const char *servers[16];
    int n = 0;
    snprintf(copy, sizeof(copy), "%s", urls);
    for (char *s = strtok_r(copy, ",", &save); s && n < 16; s = strtok_r(NULL, ",", &save))
        servers[n++] = s;
    if (n == 0)
        return core_err_set(err, CORE_E_INVALID, "no NATS server URL given");
    natsStatus s = natsOptions_Create(&l->opts);
    if (s == NATS_OK)
        s = natsOptions_SetServers(l->opts, servers, n);
    if (s == NATS_OK)
        s = natsOptions_SetName(l->opts, name);
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(l->opts, -1); // a site outage can last hours
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(l->opts, RECONNECT_WAIT_MS);
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(l->opts, CONNECT_TIMEOUT_MS);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectBufSize(l->opts, RECONNECT_BUF_BYTES);
    if (s == NATS_OK)
        s = natsOptions_SetDisconnectedCB(l->opts, on_disconnected, l);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectedCB(l->opts, on_connected, l);
    if (s == NATS_OK)
        s = natsOptions_SetClosedCB(l->opts, on_closed, l);
    if (s == NATS_OK) // not up yet at start: keep trying in the background
        s = natsOptions_SetRetryOnFailedConnect(l->opts, true, on_connected, l);
    if (s != NATS_OK) {
        col_nats_link_close(l);
        return core_err_set(err, CORE_E_INVALID, "NATS %s: %s", urls, natsStatus_GetText(s));
    }
    s = natsConnection_Connect(&l->nc, l->opts);
    if (s == NATS_OK)
        atomic_store(&l->up, true);
    else if (s != NATS_NOT_YET_CONNECTED) {
        col_nats_link_close(l);
        return core_err_set(err, CORE_E_IO, "cannot connect to NATS %s: %s", urls,
                            natsStatus_GetText(s));
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 5000;
    jo.PublishAsync.MaxPending = PUBLISH_MAX_PENDING;
    jo.PublishAsync.StallWait = PUBLISH_STALL_MS;
    jo.PublishAsync.ErrHandler = on_publish_error;
    jo.PublishAsync.ErrHandlerClosure = closure;
    s = natsConnection_JetStream(&l->js, l->nc, &jo);
    if (s != NATS_OK) {
        col_nats_link_close(l);
        return core_err_set(err, CORE_E_IO, "NATS %s: no JetStream context: %s", urls,
                            natsStatus_GetText(s));
    }
    return 0;
}

void
col_nats_link_close(struct col_nats_link *l)
{
    if (l->js)
        jsCtx_Destroy(l->js);
    if (l->nc) {
        natsConnection_Close(l->nc);
        for (int waited_ms = 0; !atomic_load(&l->closed) && waited_ms < 5000; waited_ms++)
            nats_Sleep(1);
        natsConnection_Destroy(l->nc);
    }
    if (l->opts)
        natsOptions_Destroy(l->opts);
    l->js = NULL;
    l->nc = NULL;
    l->opts = NULL;
}
