// SPDX-License-Identifier: MIT
// Queue members as the PBX adapters track them.
#include "collector/inputs/member.h"

#include <stdio.h>
#include <string.h>

struct col_member *
col_member_get(struct core_map *members, const char *id)
{
    return core_map_get_or_add(members, id, sizeof(struct col_member));
}

void
col_member_join(struct col_member *m, const char *queue, bool add)
{
    size_t i = 0;
    while (i < m->nqueues && strcmp(m->queues[i], queue) != 0)
        i++;
    if (add && i == m->nqueues && m->nqueues < CORE_QUEUES_MAX)
        snprintf(m->queues[m->nqueues++], CORE_ID_MAX, "%s", queue);
    else if (!add && i < m->nqueues)
        memmove(m->queues[i], m->queues[i + 1], (m->nqueues-- - i - 1) * CORE_ID_MAX);
}

void
col_member_remember(struct col_member *m, const char *state, const char *reason)
{
    snprintf(m->state, sizeof(m->state), "%s", state);
    snprintf(m->reason, sizeof(m->reason), "%s", reason ? reason : "");
}
