// SPDX-License-Identifier: MIT
// wallboard: one screen of the call floor. Subscribes to the collector, keeps the state it
// publishes, and draws the layout whenever something on screen changed (new data, the clock's
// second, the link going stale); otherwise it sleeps. The rooms it wires are in
// docs/architecture.md: engine/ and widgets/ draw, sdl/ shows, feed/ listens, app/ lives.
#include "wallboard/app/app.h"

#include <signal.h>
#include <string.h>

static void
on_signal(int sig)
{
    (void)sig;
    wb_app_quit = 1;
}

int
main(int argc, char **argv)
{
    struct app a;
    memset(&a, 0, sizeof(a));
    int rc = wb_options_parse(&a.opt, argc, argv);
    if (rc == 0 && a.opt.check_layout)
        return wb_app_check_layout(&a, a.opt.check_layout);
    if (rc != 0)
        return rc > 0 ? 0 : 2;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    rc = wb_app_run(&a);
    wb_app_fini(&a);
    return rc;
}
