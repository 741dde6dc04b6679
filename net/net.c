// SPDX-License-Identifier: MIT
// nng listeners and dialers with TLS from configuration (see net.h).
#include "net/net.h"

#include "core/file.h"

#include <nng/supplemental/tls/tls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PEM_MAX (256 * 1024) // a certificate chain is a few kB

enum scheme { LOCAL, PLAIN, TLS };

static enum scheme
scheme_of(const char *url)
{
    static const char *const tls[] = {"tls+tcp://", "tls+tcp4://", "tls+tcp6://",
                                      "wss://",     "wss4://",     "wss6://"};
    static const char *const plain[] = {"tcp://", "tcp4://", "tcp6://",
                                        "ws://",  "ws4://",  "ws6://"};
    // Schemes are case-insensitive to nng ("TCP://" listens as "tcp://"): so is the guard.
    for (size_t i = 0; i < sizeof(tls) / sizeof(tls[0]); i++) {
        if (strncasecmp(url, tls[i], strlen(tls[i])) == 0)
            return TLS;
    }
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        if (strncasecmp(url, plain[i], strlen(plain[i])) == 0)
            return PLAIN;
    }
    return LOCAL; // ipc://, inproc://, abstract://: this machine only
}

bool
wb_net_is_tls(const char *url)
{
    return scheme_of(url) == TLS;
}

// The host of "scheme://host:port[/path]" or "scheme://[v6]:port" into buf ("" for none).
static void
host_of(const char *url, char *buf, size_t size)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t n;
    if (*h == '[') {
        h++;
        n = strcspn(h, "]");
    } else {
        size_t path = strcspn(h, "/");
        n = path;
        for (size_t i = 0; i < path; i++) {
            if (h[i] == ':')
                n = i; // the last colon before the path ends the host
        }
    }
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), h);
}

static bool
is_loopback(const char *host)
{
    return strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0 ||
           strncmp(host, "127.", 4) == 0;
}

int
wb_net_check(const char *url, const struct wb_net_security *sec, bool listening, char *warning,
             size_t size, struct core_err *err)
{
    warning[0] = '\0';
    enum scheme s = scheme_of(url);
    char host[256];
    host_of(url, host, sizeof(host));
    if (s == PLAIN && !is_loopback(host)) {
        if (!sec->allow_plain_tcp)
            return core_err_set(err, CORE_E_INVALID,
                                "%s: plain TCP beyond this machine: use tls+tcp:// with "
                                "certificates (docs/tls.md), or --allow-plain-tcp on a "
                                "network you trust",
                                url);
        snprintf(warning, size,
                 "warning: %.120s is plain TCP beyond this machine (--allow-plain-tcp): "
                 "anyone on the network can read it%s",
                 url, listening ? " and connect" : "");
    }
    if (s == TLS && listening && (sec->cert_file == NULL || sec->key_file == NULL))
        return core_err_set(err, CORE_E_INVALID,
                            "%s: TLS needs this side's certificate and key (--tls-cert FILE "
                            "--tls-key FILE)",
                            url);
    if (s == TLS && !listening && sec->ca_file == NULL)
        return core_err_set(err, CORE_E_INVALID,
                            "%s: TLS needs the certificate authority that signed the "
                            "server's certificate (--tls-ca FILE)",
                            url);
    return 0;
}

// A PEM file, NUL-terminated as mbedTLS wants it. A private key others may read is refused
// (the one check every secret file gets: core_file_check_private).
static char *
read_pem(const char *path, bool secret, const char *what, struct core_err *err)
{
    if (secret && core_file_check_private(path, what, err) != 0)
        return NULL;
    size_t len;
    char *pem = core_file_read(path, PEM_MAX, &len, err);
    if (pem == NULL)
        return NULL;
    if (strstr(pem, "-----BEGIN ") == NULL) {
        free(pem);
        core_err_set(err, CORE_E_INVALID, "%s %s: not a PEM file (no -----BEGIN line)", what, path);
        return NULL;
    }
    return pem;
}

static int
tls_config(const char *url, const struct wb_net_security *sec, bool listening, nng_tls_config **out,
           struct core_err *err)
{
    nng_tls_config *cfg = NULL;
    int rv = nng_tls_config_alloc(&cfg, listening ? NNG_TLS_MODE_SERVER : NNG_TLS_MODE_CLIENT);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "%s: TLS: %s", url, nng_strerror(rv));
    int rc = 0;
    char *cert = NULL, *key = NULL, *ca = NULL;
    if (sec->cert_file && sec->key_file) {
        cert = read_pem(sec->cert_file, false, "certificate", err);
        key = cert ? read_pem(sec->key_file, true, "private key", err) : NULL;
        if (key == NULL)
            rc = err->code;
        else if ((rv = nng_tls_config_own_cert(cfg, cert, key, NULL)) != 0)
            rc = core_err_set(err, CORE_E_INVALID, "%s: certificate %s with key %s: %s", url,
                              sec->cert_file, sec->key_file, nng_strerror(rv));
    }
    if (rc == 0 && sec->ca_file) {
        ca = read_pem(sec->ca_file, false, "certificate authority", err);
        if (ca == NULL)
            rc = err->code;
        else if ((rv = nng_tls_config_ca_chain(cfg, ca, NULL)) != 0)
            rc = core_err_set(err, CORE_E_INVALID, "%s: certificate authority %s: %s", url,
                              sec->ca_file, nng_strerror(rv));
    }
    // A server asks for client certificates only when it was given a CA to check them with;
    // a client always checks the server's.
    if (rc == 0)
        rv = nng_tls_config_auth_mode(cfg, listening && sec->ca_file == NULL
                                               ? NNG_TLS_AUTH_MODE_NONE
                                               : NNG_TLS_AUTH_MODE_REQUIRED);
    if (rc == 0 && !listening) {
        char host[256];
        host_of(url, host, sizeof(host));
        rv = nng_tls_config_server_name(cfg, sec->server_name ? sec->server_name : host);
        if (rv != 0)
            rc =
                core_err_set(err, CORE_E_INVALID, "%s: TLS server name: %s", url, nng_strerror(rv));
    }
    free(cert);
    free(key);
    free(ca);
    if (rc != 0) {
        nng_tls_config_free(cfg);
        return rc;
    }
    *out = cfg;
    return 0;
}

int
wb_net_listen(nng_socket s, const char *url, const struct wb_net_security *sec,
              struct core_err *err)
{
    char warning[256];
    int rc = wb_net_check(url, sec, true, warning, sizeof(warning), err);
    if (rc != 0)
        return rc;
    nng_listener l;
    int rv = nng_listener_create(&l, s, url);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "cannot listen on %s: %s", url, nng_strerror(rv));
    if (scheme_of(url) == TLS) {
        nng_tls_config *cfg;
        if ((rc = tls_config(url, sec, true, &cfg, err)) != 0) {
            nng_listener_close(l);
            return rc;
        }
        rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, cfg);
        nng_tls_config_free(cfg); // the listener holds its own reference
    }
    if (rv == 0)
        rv = nng_listener_start(l, 0);
    if (rv != 0) {
        nng_listener_close(l);
        return core_err_set(err, CORE_E_IO, "cannot listen on %s: %s", url, nng_strerror(rv));
    }
    if (warning[0])
        fprintf(stderr, "%s\n", warning);
    return 0;
}

int
wb_net_dial(nng_socket s, const char *url, const struct wb_net_security *sec, int flags,
            struct core_err *err)
{
    char warning[256];
    int rc = wb_net_check(url, sec, false, warning, sizeof(warning), err);
    if (rc != 0)
        return rc;
    nng_dialer d;
    int rv = nng_dialer_create(&d, s, url);
    if (rv != 0)
        return core_err_set(err, CORE_E_IO, "cannot dial %s: %s", url, nng_strerror(rv));
    if (scheme_of(url) == TLS) {
        nng_tls_config *cfg;
        if ((rc = tls_config(url, sec, false, &cfg, err)) != 0) {
            nng_dialer_close(d);
            return rc;
        }
        rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, cfg);
        nng_tls_config_free(cfg);
    }
    if (rv == 0)
        rv = nng_dialer_start(d, flags);
    if (rv != 0) {
        nng_dialer_close(d);
        const char *why = rv == NNG_ECRYPTO || rv == NNG_EPEERAUTH
                              ? " (the TLS handshake failed: is the server's certificate from "
                                "the --tls-ca authority and for --tls-server-name? does the "
                                "server want this side's certificate?)"
                              : "";
        return core_err_set(err, CORE_E_IO, "cannot dial %s: %s%s", url, nng_strerror(rv), why);
    }
    if (warning[0])
        fprintf(stderr, "%s\n", warning);
    return 0;
}
