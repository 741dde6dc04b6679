// SPDX-License-Identifier: MIT
// Which agents changed since they were last published and last counted: a delta and a refresh
// visit these instead of every agent (core/state_model.h, struct core_agent_list).
#include "core/state_changes.h"

#include <stdlib.h>

static void
list_add(struct core_agent_list *l, struct core_agent *a)
{
    if (l->all)
        return;
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct core_agent **grown = realloc(l->list, cap * sizeof(*grown));
        if (grown == NULL) {
            l->all = true; // out of memory: every agent is visited instead
            return;
        }
        l->list = grown;
        l->cap = cap;
    }
    l->list[l->len++] = a;
}

void
core_state_agent_changed(struct core_state *st, struct core_agent *a)
{
    if (!a->dirty) {
        a->dirty = true;
        list_add(&st->changed_agents, a);
    }
    if (!a->counted.pending) {
        a->counted.pending = true;
        list_add(&st->recount, a);
    }
}
