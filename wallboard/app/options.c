// SPDX-License-Identifier: MIT
// Command-line parsing for the wallboard.
#include "wallboard/app/options.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WB_DATA_DIR
#define WB_DATA_DIR "."
#endif

static const char usage[] =
    "usage: wallboard [options]\n"
    "  --layout FILE          layout to show (default layouts/floor-1080p.json)\n"
    "  --window WxH           a window of that size instead of fullscreen\n"
    "  --collector-pub URL    collector's state stream (default tcp://127.0.0.1:7411)\n"
    "  --collector-rep URL    collector's snapshot service (default tcp://127.0.0.1:7412)\n"
    "  --tls-ca FILE          the authority that signed the collector's certificate, for\n"
    "                         tls+tcp:// addresses (docs/tls.md)\n"
    "  --tls-server-name N    the name in the collector's certificate (default: the URL's host)\n"
    "  --tls-cert F --tls-key F  this screen's certificate, if the collector asks for one\n"
    "  --allow-plain-tcp      allow tcp:// beyond loopback (warned: not encrypted)\n"
    "  --renderer R           auto (default), software or accelerated\n"
    "  --page N               page to show first (from 0)\n"
    "  --data-dir DIR         where fonts/, layouts/ and data/ are (default " WB_DATA_DIR ")\n"
    "  --check-layout FILE    validate FILE without drawing; print every problem; exit 0 if good\n"
    "                         (queue and team names against --state FILE or the collector)\n"
    "  --command-token-file F the site's command token: lets this screen acknowledge alerts\n"
    "  --screen-name NAME     names this screen in acknowledgements (default: the host name)\n"
    "  --collector-name NAME  names the collector on the screen (default: its host)\n"
    "  --state FILE           draw this snapshot (as printed by wb-collector --print-state)\n"
    "                         instead of the collector's, in a window or headless\n"
    "Headless (no display):\n"
    "  --headless --size WxH  draw into memory\n"
    "  --screenshot OUT.png   write the frame as PNG; with --state or no live feed, then exit\n"
    "Testing:\n"
    "  --run-for S            stop after S seconds\n"
    "  --report               print a status line per frame on stdout\n"
    "  --probe-agent ID       in each status line, the display name of agent ID\n"
    "  --touch-script FILE    play the finger and mouse events in FILE (JSON lines)\n"
    "  --help                 this text\n";

static int
parse_size(const char *s, int *w, int *h)
{
    char x;
    if (sscanf(s, "%d%c%d", w, &x, h) != 3 || (x != 'x' && x != 'X') || *w < 160 || *h < 120 ||
        *w > 16384 || *h > 16384) {
        fprintf(stderr, "wallboard: size \"%s\" should look like 1920x1080\n", s);
        return -1;
    }
    return 0;
}

// Options that take a file, a URL or a name: where each goes (a table, as dwm's config.h).
static const struct {
    const char *name;
    size_t offset; // of a const char * in struct wb_options
} text_options[] = {
    {"--layout", offsetof(struct wb_options, layout)},
    {"--check-layout", offsetof(struct wb_options, check_layout)},
    {"--data-dir", offsetof(struct wb_options, data_dir)},
    {"--collector-pub", offsetof(struct wb_options, pub_url)},
    {"--collector-rep", offsetof(struct wb_options, rep_url)},
    {"--tls-ca", offsetof(struct wb_options, net.ca_file)},
    {"--tls-cert", offsetof(struct wb_options, net.cert_file)},
    {"--tls-key", offsetof(struct wb_options, net.key_file)},
    {"--tls-server-name", offsetof(struct wb_options, net.server_name)},
    {"--renderer", offsetof(struct wb_options, renderer)},
    {"--state", offsetof(struct wb_options, state)},
    {"--screenshot", offsetof(struct wb_options, screenshot)},
    {"--probe-agent", offsetof(struct wb_options, probe_agent)},
    {"--touch-script", offsetof(struct wb_options, touch_script)},
    {"--command-token-file", offsetof(struct wb_options, token_file)},
    {"--screen-name", offsetof(struct wb_options, screen_name)},
    {"--collector-name", offsetof(struct wb_options, collector_name)},
};

// An option with the value v. Returns 0, or -1 when a is unknown or v is wrong (said).
static int
parse_valued(struct wb_options *o, const char *a, const char *v)
{
    for (size_t k = 0; k < sizeof(text_options) / sizeof(text_options[0]); k++) {
        if (strcmp(a, text_options[k].name) == 0) {
            *(const char **)((char *)o + text_options[k].offset) = v;
            return 0;
        }
    }
    if (strcmp(a, "--window") == 0 || strcmp(a, "--size") == 0)
        return parse_size(v, &o->width, &o->height);
    if (strcmp(a, "--page") == 0)
        o->page = atoi(v);
    else if (strcmp(a, "--run-for") == 0)
        o->run_for_s = atof(v);
    else {
        fprintf(stderr, "wallboard: unknown option \"%s\" (see --help)\n", a);
        return -1;
    }
    return 0;
}

// Options that only make sense together.
static int
check_options(const struct wb_options *o)
{
    if (o->renderer && strcmp(o->renderer, "auto") && strcmp(o->renderer, "software") &&
        strcmp(o->renderer, "accelerated")) {
        fprintf(stderr, "wallboard: --renderer takes auto, software or accelerated\n");
        return -1;
    }
    if (o->headless && o->width == 0) {
        fprintf(stderr, "wallboard: --headless needs --size WxH\n");
        return -1;
    }
    if (o->screenshot && !o->headless && !o->check_layout) {
        fprintf(stderr, "wallboard: --screenshot goes with --headless\n");
        return -1;
    }
    return 0;
}

int
wb_options_parse(struct wb_options *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    o->data_dir = WB_DATA_DIR;
    o->pub_url = "tcp://127.0.0.1:7411";
    o->rep_url = "tcp://127.0.0.1:7412";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (strcmp(a, "--headless") == 0) {
            o->headless = true;
        } else if (strcmp(a, "--report") == 0) {
            o->report = true;
        } else if (strcmp(a, "--allow-plain-tcp") == 0) {
            o->net.allow_plain_tcp = true;
        } else if (v == NULL) {
            fprintf(stderr, "wallboard: %s: unknown option or missing value (see --help)\n", a);
            return -1;
        } else if (parse_valued(o, a, argv[++i]) != 0) {
            return -1;
        }
    }
    return check_options(o);
}
