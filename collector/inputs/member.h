// SPDX-License-Identifier: MIT
// What the PBX adapters remember of a queue member: the queues it is in, and the state (and
// not-ready reason) last sent for it, since PBX events name one queue or one change at a time.
#ifndef COL_MEMBER_H
#define COL_MEMBER_H

#include "core/event.h"
#include "core/map.h"

#include <stdbool.h>
#include <stddef.h>

struct col_member {
    char state[16];
    char reason[CORE_ID_MAX];
    size_t nqueues;
    char queues[CORE_QUEUES_MAX][CORE_ID_MAX];
};

// col_member_get returns the member called id in members (a map of struct col_member, freed with
// core_map_free_values()), adding it if new. NULL when out of memory.
struct col_member *col_member_get(struct core_map *members, const char *id);

// col_member_join adds queue to m's queues (add) or takes it out.
void col_member_join(struct col_member *m, const char *queue, bool add);

// col_member_remember notes the state and reason just sent for m.
void col_member_remember(struct col_member *m, const char *state, const char *reason);

#endif
