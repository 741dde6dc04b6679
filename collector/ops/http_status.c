// SPDX-License-Identifier: MIT
// /metrics and /health over nng's HTTP server (see http_status.h).
#include "collector/ops/http_status.h"

#include "core/clock.h"

#include <nng/nng.h>
#include <nng/supplemental/http/http.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct col_http_status {
    nng_url *url;
    nng_http_server *server;
    pthread_mutex_t lock; // guards the pages (the poll loop writes, nng's threads read)
    char *metrics, *health;
    bool healthy;
    int64_t updated_ms;
    _Atomic uint64_t requests;
};

// The handler's data: the status it serves (nng passes the handler as the aio's input 1).
static struct col_http_status *
status_of(nng_aio *aio)
{
    return nng_http_handler_get_data(nng_aio_get_input(aio, 1));
}

static void
reply(nng_aio *aio, uint16_t status, const char *type, const char *body)
{
    nng_http_res *res;
    if (nng_http_res_alloc(&res) != 0) {
        nng_aio_finish(aio, NNG_ENOMEM);
        return;
    }
    nng_http_res_set_status(res, status);
    nng_http_res_set_header(res, "Content-Type", type);
    nng_http_res_set_header(res, "Cache-Control", "no-store");
    nng_http_res_copy_data(res, body, strlen(body));
    nng_aio_set_output(aio, 0, res);
    nng_aio_finish(aio, 0);
}

static void
serve_metrics(nng_aio *aio)
{
    struct col_http_status *h = status_of(aio);
    h->requests++;
    pthread_mutex_lock(&h->lock);
    reply(aio, 200, "text/plain; version=0.0.4; charset=utf-8", h->metrics ? h->metrics : "");
    pthread_mutex_unlock(&h->lock);
}

static void
serve_health(nng_aio *aio)
{
    struct col_http_status *h = status_of(aio);
    h->requests++;
    pthread_mutex_lock(&h->lock);
    int64_t age = core_clock_mono_ms() - h->updated_ms;
    if (h->health == NULL || age > COL_HTTP_STALE_MS) {
        char body[160];
        snprintf(body, sizeof(body),
                 "{\"status\":\"failing\",\"reasons\":[\"the collector's loop has not run for "
                 "%lld ms\"]}\n",
                 (long long)age);
        reply(aio, 503, "application/json", body);
    } else {
        reply(aio, h->healthy ? 200 : 503, "application/json", h->health);
    }
    pthread_mutex_unlock(&h->lock);
}

static int
add_handler(struct col_http_status *h, const char *path, void (*cb)(nng_aio *))
{
    nng_http_handler *handler;
    int rv = nng_http_handler_alloc(&handler, path, cb);
    if (rv == 0 && (rv = nng_http_handler_set_method(handler, "GET")) == 0 &&
        (rv = nng_http_handler_set_data(handler, h, NULL)) == 0)
        rv = nng_http_server_add_handler(h->server, handler);
    return rv;
}

struct col_http_status *
col_http_status_start(const char *url, struct core_err *err)
{
    struct col_http_status *h = calloc(1, sizeof(*h));
    if (h == NULL) {
        core_err_set(err, CORE_E_NOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&h->lock, NULL);
    h->updated_ms = core_clock_mono_ms();
    int rv = nng_url_parse(&h->url, url);
    if (rv == 0 && strcmp(h->url->u_scheme, "http") != 0)
        rv = NNG_EADDRINVAL;
    if (rv == 0)
        rv = nng_http_server_hold(&h->server, h->url);
    if (rv == 0)
        rv = add_handler(h, "/metrics", serve_metrics);
    if (rv == 0)
        rv = add_handler(h, "/health", serve_health);
    if (rv == 0)
        rv = nng_http_server_start(h->server);
    if (rv != 0) {
        core_err_set(err, CORE_E_IO, "cannot serve metrics on %s: %s (an http://HOST:PORT URL)",
                     url, nng_strerror(rv));
        col_http_status_stop(h);
        return NULL;
    }
    return h;
}

void
col_http_status_update(struct col_http_status *h, const char *metrics, const char *health,
                       bool healthy, int64_t mono_ms)
{
    char *m = strdup(metrics), *he = strdup(health);
    pthread_mutex_lock(&h->lock);
    free(h->metrics);
    free(h->health);
    h->metrics = m;
    h->health = he;
    h->healthy = healthy;
    h->updated_ms = mono_ms;
    pthread_mutex_unlock(&h->lock);
}

uint64_t
col_http_status_requests(struct col_http_status *h)
{
    return h->requests;
}

void
col_http_status_stop(struct col_http_status *h)
{
    if (h == NULL)
        return;
    if (h->server) {
        nng_http_server_stop(h->server);
        nng_http_server_release(h->server);
    }
    nng_url_free(h->url);
    free(h->metrics);
    free(h->health);
    pthread_mutex_destroy(&h->lock);
    free(h);
}
