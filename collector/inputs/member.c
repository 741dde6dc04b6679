// SPDX-License-Identifier: MIT
// Queue members as the PBX adapters track them.
#include "collector/inputs/member.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct col_member *
col_member_get(struct core_map *members, const char *id)
{
    return core_map_get_or_add(members, id, sizeof(struct col_member));
}

// Adds name to (or takes it out of) a list of queue names; true when the list changed.
static bool
list_set(char (*list)[CORE_ID_MAX], size_t *n, const char *name, bool add)
{
    size_t i = 0;
    while (i < *n && strcmp(list[i], name) != 0)
        i++;
    if (add && i == *n && *n < CORE_QUEUES_MAX) {
        snprintf(list[(*n)++], CORE_ID_MAX, "%s", name);
        return true;
    }
    if (!add && i < *n) {
        memmove(list[i], list[i + 1], (*n - i - 1) * CORE_ID_MAX);
        (*n)--;
        return true;
    }
    return false;
}

bool
col_member_join(struct col_member *m, const char *queue, bool add)
{
    if (!add) // out of the queue: its pause there goes too
        list_set(m->paused_in, &m->npaused, queue, false);
    return list_set(m->queues, &m->nqueues, queue, add);
}

void
col_member_pause(struct col_member *m, const char *queue, bool paused, const char *reason)
{
    if (queue == NULL) { // everywhere: PAUSEALL / UNPAUSEALL
        m->paused_all = paused;
        if (!paused)
            m->npaused = 0;
    } else if (!paused && m->paused_all) {
        // PAUSEALL paused each queue: unpausing one leaves the others paused.
        m->paused_all = false;
        m->npaused = 0;
        for (size_t i = 0; i < m->nqueues; i++) {
            if (strcmp(m->queues[i], queue) != 0)
                list_set(m->paused_in, &m->npaused, m->queues[i], true);
        }
    } else {
        list_set(m->paused_in, &m->npaused, queue, paused);
    }
    if (paused)
        snprintf(m->pause_reason, sizeof(m->pause_reason), "%s", reason ? reason : "");
}

bool
col_member_paused(const struct col_member *m)
{
    if (m->paused_all)
        return true;
    if (m->npaused == 0)
        return false;
    for (size_t i = 0; i < m->nqueues; i++) {
        size_t k = 0;
        while (k < m->npaused && strcmp(m->paused_in[k], m->queues[i]) != 0)
            k++;
        if (k == m->npaused)
            return false; // free in this one: it can take that queue's calls
    }
    return true;
}

const char *
col_member_state(const struct col_member *m, const char **reason)
{
    *reason = "";
    if (m->presence == COL_PRESENCE_OUT)
        return "logged_out";
    if (m->on_call)
        return "on_call";
    if (col_member_paused(m)) {
        *reason = m->pause_reason;
        return "not_ready";
    }
    return "available";
}

void
col_member_remember(struct col_member *m, const char *state, const char *reason)
{
    snprintf(m->state, sizeof(m->state), "%s", state);
    snprintf(m->reason, sizeof(m->reason), "%s", reason ? reason : "");
}

bool
col_member_extension(const char *iface, char *out, size_t size)
{
    const char *slash = strchr(iface, '/');
    if (slash == NULL || size == 0)
        return false;
    size_t n = 0;
    for (const char *p = slash + 1; isdigit((unsigned char)*p) && n + 1 < size; p++)
        out[n++] = *p;
    out[n] = '\0';
    const char *after = slash + 1 + n;
    // "SIP/7008", "PJSIP/7008", "Local/7008@from-queue/n"; not "SIP/trunk-0001"
    return n >= 2 && (*after == '\0' || *after == '@' || *after == '/');
}

bool
col_member_name_has(const char *name, const char *digits)
{
    size_t n = strlen(digits);
    for (const char *p = strstr(name, digits); n && p; p = strstr(p + 1, digits)) {
        bool start = p == name || !isdigit((unsigned char)p[-1]);
        if (start && !isdigit((unsigned char)p[n]))
            return true;
    }
    return false;
}
