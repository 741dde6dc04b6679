// SPDX-License-Identifier: MIT
// wb-push: sends JSON lines from stdin (or files) to a collector's nng PULL socket, one
// message per line. For site engineers wiring up a source, and for the tests.
#include <nng/nng.h>
#include <nng/protocol/pipeline0/push.h>
#include <nng/supplemental/util/platform.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
push_stream(nng_socket s, FILE *in, long *sent)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        int rv = nng_send(s, line, (size_t)n, 0);
        if (rv != 0) {
            fprintf(stderr, "wb-push: send failed: %s\n", nng_strerror(rv));
            free(line);
            return 1;
        }
        (*sent)++;
    }
    free(line);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: wb-push URL [FILE...]   (default URL of wb-collector: "
                        "tcp://127.0.0.1:7410; no FILE: stdin)\n");
        return argc < 2 ? 2 : 0;
    }
    nng_socket s;
    int rv = nng_push0_open(&s);
    if (rv == 0)
        rv = nng_dial(s, argv[1], NULL, 0);
    if (rv != 0) {
        fprintf(stderr, "wb-push: cannot connect to %s: %s\n", argv[1], nng_strerror(rv));
        return 1;
    }
    nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, 5000);
    long sent = 0;
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        FILE *f = fopen(argv[i], "r");
        if (f == NULL) {
            fprintf(stderr, "wb-push: cannot open %s\n", argv[i]);
            rc = 1;
            break;
        }
        rc = push_stream(s, f, &sent);
        fclose(f);
    }
    if (argc == 2)
        rc = push_stream(s, stdin, &sent);
    // Linger so queued messages leave before the socket closes.
    nng_msleep(200);
    nng_close(s);
    fprintf(stderr, "wb-push: %ld messages sent to %s\n", sent, argv[1]);
    return rc;
}
