// SPDX-License-Identifier: MIT
// The agents as a screen follows them: the state message's "agents" kept member by member and
// read into view records sorted by id, both changed one agent at a time by a delta. Rebuilding
// every agent's record for each delta was most of a screen's work at 10,000 agents (a delta
// changes a few dozen).
#ifndef CORE_VIEW_ROSTER_H
#define CORE_VIEW_ROSTER_H

#include "core/map.h"
#include "core/view.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct core_view_roster {
    struct core_map json;           // agent id -> its object as merged so far (owned)
    struct core_view_agent *agents; // read from json, sorted by id
    size_t n, cap;
    size_t sorted; // agents[0..sorted) are in id order (the rest: added by a snapshot, not yet)
    size_t reads;  // agent records read since init (what a delta costs; for tests)
};

void core_view_roster_init(struct core_view_roster *r);
void core_view_roster_fini(struct core_view_roster *r);

// core_view_roster_apply takes a message's "agents" member (NULL: the message has none). A
// snapshot's (replace) becomes the roster: only the agents that differ from what the roster
// holds are read again, and their objects are taken out of agents. A delta's is merged in
// (RFC 7386: null removes an agent, an object merges into the agent's); only the agents named
// are read again. Returns 0 or CORE_E_NOMEM (the roster then holds what it could).
int core_view_roster_apply(struct core_view_roster *r, cJSON *agents, bool replace);

// core_view_roster_lend points v's agents at the roster's records (valid until the roster is
// next changed; core_view_fini leaves them alone). A view to be scoped takes a copy instead
// (core_view_roster_copy), since scoping edits the records.
void core_view_roster_lend(const struct core_view_roster *r, struct core_view *v);
int core_view_roster_copy(const struct core_view_roster *r, struct core_view *v);

#endif
