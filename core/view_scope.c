// SPDX-License-Identifier: MIT
// A screen's scope in a roll-up: the view narrowed to some of the sites, in place.
#include "core/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The site an id ("site/rest") belongs to is one of the n: returns rest, else NULL.
static const char *
in_scope(const char *id, const char *const *sites, size_t n)
{
    const char *slash = strchr(id, '/');
    if (slash == NULL)
        return NULL;
    size_t len = (size_t)(slash - id);
    for (size_t i = 0; i < n; i++) {
        if (strlen(sites[i]) == len && memcmp(id, sites[i], len) == 0)
            return slash + 1;
    }
    return NULL;
}

// With one site, "site/rest" becomes "rest" (same buffer).
static void
strip(char *id, const char *rest, bool one)
{
    if (one && rest)
        memmove(id, rest, strlen(rest) + 1);
}

static void
scope_queues(struct core_view *v, const char *const *sites, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < v->nqueues; i++) {
        if (in_scope(v->queues[i].id, sites, n) == NULL)
            continue;
        struct core_view_queue *q = &v->queues[kept++];
        *q = v->queues[i];
        strip(q->id, in_scope(q->id, sites, n), n == 1);
    }
    v->nqueues = kept; // stripping one common prefix keeps them sorted
}

static void
scope_agents(struct core_view *v, const char *const *sites, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < v->nagents; i++) {
        struct core_view_agent *a = &v->agents[i];
        if (in_scope(a->id, sites, n) == NULL) {
            free(a->queues);
            continue;
        }
        v->agents[kept] = *a;
        a = &v->agents[kept++];
        strip(a->id, in_scope(a->id, sites, n), n == 1);
        strip(a->team, in_scope(a->team, sites, n), n == 1);
        for (size_t q = 0; q < a->nqueues; q++)
            strip(a->queues[q], in_scope(a->queues[q], sites, n), n == 1);
    }
    v->nagents = kept;
}

// Alerts of the sites' queues stay, and those of no site (keywords, the roll-up as a whole).
static void
scope_alerts(struct core_view *v, const char *const *sites, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < v->nalerts; i++) {
        struct core_view_alert *a = &v->alerts[i];
        bool keyword = a->word[0] != '\0'; // its "queue" is the word
        if (!keyword && in_scope(a->queue, sites, n) == NULL && strchr(a->queue, '/') != NULL)
            continue;
        v->alerts[kept] = *a;
        a = &v->alerts[kept++];
        if (!keyword)
            strip(a->queue, in_scope(a->queue, sites, n), n == 1);
    }
    v->nalerts = kept;
}

// The scope's own figures: its sites' summed (waits add up, the longest is the longest).
static size_t
scope_site(struct core_view *v, const char *const *sites, size_t n)
{
    struct core_view_queue sum;
    memset(&sum, 0, sizeof(sum));
    size_t found = 0;
    for (size_t i = 0; i < v->nsites; i++) {
        const struct core_view_queue *s = &v->sites[i];
        bool wanted = false;
        for (size_t k = 0; k < n && !wanted; k++)
            wanted = strcmp(s->id, sites[k]) == 0;
        if (!wanted)
            continue;
        found++;
        sum.waiting += s->waiting;
        sum.longest_wait_s =
            s->longest_wait_s > sum.longest_wait_s ? s->longest_wait_s : sum.longest_wait_s;
        for (int a = 0; a < CORE_AGENT_STATE_COUNT; a++)
            sum.agents[a] += s->agents[a];
        sum.has_windows |= s->has_windows;
        for (int w = 0; w < CORE_WIN_COUNT; w++) {
            core_tally_add(&sum.win[w], &s->win[w]);
            sum.win_start_s[w] = s->win_start_s[w]; // the same clock on every site
        }
    }
    v->site = sum;
    v->has_site = found > 0;
    return found;
}

size_t
core_view_scope(struct core_view *v, const char *const *sites, size_t n)
{
    if (n == 0)
        return 0;
    scope_queues(v, sites, n);
    scope_agents(v, sites, n);
    scope_alerts(v, sites, n);
    if (n == 1)
        snprintf(v->scope_site, sizeof(v->scope_site), "%s", sites[0]);
    return scope_site(v, sites, n);
}
