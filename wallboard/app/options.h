// SPDX-License-Identifier: MIT
// The wallboard's command line.
#ifndef WB_OPTIONS_H
#define WB_OPTIONS_H

#include "net/net.h"

#include <stdbool.h>

struct wb_options {
    const char *layout;         // layout file (default: layouts/floor-1080p.json in the data dir)
    const char *check_layout;   // validate this layout file and exit
    const char *data_dir;       // where fonts/, layouts/ and data/ are
    const char *pub_url;        // the collector's PUB address
    const char *rep_url;        // the collector's REP address
    struct wb_net_security net; // TLS to the collector (docs/tls.md)
    const char *renderer;       // "auto", "software", "accelerated" (overrides the layout)
    bool headless;              // no window: draw into memory
    int width, height;          // window or headless size; 0: the display's size (fullscreen)
    const char *state;          // headless: draw this snapshot file instead of connecting
    const char *screenshot;     // headless: write the frame here as PNG (then exit, unless live)
    int page;                   // page to show first
    double run_for_s;           // stop after this long (0: run until closed)
    bool report;                // print a status line per frame on stdout (tests, benchmarks)
    const char *probe_agent;    // with report: name this agent's display name in each line
    const char *touch_script;   // scripted finger and mouse events (touch_script.h)
    const char *token_file;     // the site's command token, for acknowledging alerts
    const char *screen_name;    // who acknowledges ("by"); default: the host name
    const char *collector_name; // how the bands name the collector; default: its host
};

// wb_options_parse fills o from argv. Returns 0 to run, 1 after --help, -1 on a usage error.
int wb_options_parse(struct wb_options *o, int argc, char **argv);

#endif
