// SPDX-License-Identifier: MIT
// Listening and dialling nng sockets across the network: TLS (tls+tcp://, nng's mbedTLS
// transport) with certificates from configuration, and plain TCP beyond loopback only when
// it was asked for (docs/tls.md). Shared by wb-collector, wallboard and wb-push.
#ifndef WB_NET_H
#define WB_NET_H

#include "core/err.h"

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>

struct wb_net_security {
    const char *cert_file;   // our certificate (PEM, chain allowed): a listener's, or a dialer's
    const char *key_file;    // its private key (PEM); refused if group or others may read it
    const char *ca_file;     // listening: clients must show a certificate from this CA (NULL:
                             // none asked); dialling: the CA the server's certificate is from
    const char *server_name; // dialling: the name in the server's certificate (NULL: URL host)
    bool allow_plain_tcp;    // tcp:// beyond loopback (logged as a warning)
};

// wb_net_check says whether url may be used with sec: a tls+tcp:// URL needs the files (a
// listener its certificate and key, a dialer the CA), a tcp:// URL beyond loopback needs
// allow_plain_tcp. On success warning holds what to log ("" when nothing); size >= 200.
int wb_net_check(const char *url, const struct wb_net_security *sec, bool listening, char *warning,
                 size_t size, struct core_err *err);

// wb_net_listen and wb_net_dial start a listener or dialer on s for url (checked as above);
// flags as nng_dial's (NNG_FLAG_NONBLOCK keeps trying in the background). Returns 0 or
// CORE_E_IO / CORE_E_INVALID with err naming the URL and the file at fault.
int wb_net_listen(nng_socket s, const char *url, const struct wb_net_security *sec,
                  struct core_err *err);
int wb_net_dial(nng_socket s, const char *url, const struct wb_net_security *sec, int flags,
                struct core_err *err);

// wb_net_is_tls tells whether url uses TLS.
bool wb_net_is_tls(const char *url);

#endif
