// SPDX-License-Identifier: MIT
// Warnings for the queues, teams, channels and sites a layout names that the collector's state
// does not know (wallboard --check-layout with a collector, and a screen's first state).
#include "wallboard/engine/widget.h"
#include "wallboard/layout/layout.h"

#include <stdio.h>
#include <string.h>

static bool
view_has_team(const struct core_view *v, const char *team)
{
    for (size_t i = 0; i < v->nagents; i++) {
        if (strcmp(v->agents[i].team, team) == 0)
            return true;
    }
    return false;
}

// "a, b, c" (as many as fit), for "known: ..." in a warning.
static void
known_names(const struct core_view *v, bool teams, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = teams ? v->nagents : v->nqueues;
    for (size_t i = 0; i < n; i++) {
        const char *name = teams ? v->agents[i].team : v->queues[i].id;
        if (name[0] == '\0' || (teams && strstr(buf, name) != NULL))
            continue;
        size_t len = strlen(buf);
        if (len + strlen(name) + 8 >= size) {
            snprintf(buf + len, size - len, "%s…", len ? ", " : "");
            return;
        }
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
    }
}

static void
warn_name(const struct wb_layout *l, const struct core_view *v, const char *path, const char *what,
          const char *name, struct wb_layout_report *report)
{
    char said[CORE_ID_MAX + 16];
    snprintf(said, sizeof(said), "no %s \"%s\"", what, name);
    for (size_t i = 0; i < report->nwarnings && i < WB_LAYOUT_REPORT_MAX; i++) {
        if (strstr(report->warning[i], said))
            return; // once per name (a page's filter reaches all its widgets)
    }
    if (report->nwarnings >= WB_LAYOUT_REPORT_MAX) {
        report->nwarnings++;
        return;
    }
    char known[200];
    bool channel = strcmp(what, "channel") == 0, site = strcmp(what, "site") == 0;
    if (channel || site) {
        known[0] = '\0';
        size_t n = channel ? v->nchannels : v->nsites;
        for (size_t i = 0; i < n; i++)
            snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s", i ? ", " : "",
                     channel ? v->channels[i].id : v->sites[i].id);
    } else {
        known_names(v, strcmp(what, "team") == 0, known, sizeof(known));
    }
    // Long names are cut, never the message's end: the warning is at most one line of 400.
    snprintf(report->warning[report->nwarnings++], sizeof(report->warning[0]),
             "%.80s: warning: %.60s: no %s \"%.60s\" in the collector's state (known: %.120s)",
             l->source, path, what, name, known[0] ? known : "none yet");
}

void
wb_layout_check_names(const struct wb_layout *l, const struct core_view *v,
                      struct wb_layout_report *report)
{
    for (size_t i = 0; i < l->nscope; i++) {
        bool known = false;
        for (size_t k = 0; k < v->nsites && !known; k++)
            known = strcmp(v->sites[k].id, l->scope[i]) == 0;
        char path[32];
        snprintf(path, sizeof(path), "scope[%zu]", i);
        if (!known)
            warn_name(l, v, path, "site", l->scope[i], report);
    }
    // A roll-up's layout (scoped to sites, or with rows of sites) on a single site's state shows
    // empty tables: most likely the wrong layout for this collector.
    bool rollup = l->nscope > 0;
    for (size_t p = 0; p < l->npages && !rollup; p++) {
        for (size_t i = 0; i < l->pages[p].nwidgets && !rollup; i++) {
            const struct wb_widget *w = &l->pages[p].widgets[i];
            rollup = w->kind && w->kind->for_rollup && w->kind->for_rollup(w);
        }
    }
    if (rollup && v->nsites == 0 && report->nwarnings < WB_LAYOUT_REPORT_MAX)
        snprintf(report->warning[report->nwarnings++], sizeof(report->warning[0]),
                 "%.200s: warning: a layout for a roll-up of sites, but the collector's state is "
                 "one site's (no \"sites\"): its site rows stay empty",
                 l->source);
    for (size_t p = 0; p < l->npages; p++) {
        for (size_t i = 0; i < l->pages[p].nwidgets; i++) {
            const struct wb_widget *w = &l->pages[p].widgets[i];
            char path[128];
            for (size_t q = 0; q < w->nqueues; q++) {
                snprintf(path, sizeof(path), "pages[%zu].widgets[%zu].queues[%zu]", p, i, q);
                if (core_view_find_queue(v, w->queues[q]) == NULL)
                    warn_name(l, v, path, "queue", w->queues[q], report);
            }
            for (size_t c = 0; c < w->nchannels; c++) {
                bool known = false;
                for (size_t k = 0; k < v->nchannels && !known; k++)
                    known = strcmp(v->channels[k].id, w->channels[c]) == 0;
                snprintf(path, sizeof(path), "pages[%zu].widgets[%zu].channels[%zu]", p, i, c);
                if (!known)
                    warn_name(l, v, path, "channel", w->channels[c], report);
            }
            for (size_t t = 0; t < w->nteams; t++) {
                snprintf(path, sizeof(path), "pages[%zu].widgets[%zu].teams[%zu]", p, i, t);
                if (!view_has_team(v, w->teams[t]))
                    warn_name(l, v, path, "team", w->teams[t], report);
            }
        }
    }
}
