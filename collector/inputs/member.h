// SPDX-License-Identifier: MIT
// What the PBX adapters remember of a queue member: the queues it is in, whether it is logged in,
// paused (per queue, as Asterisk keeps it) or on a call, and the state last sent for it, since PBX
// events name one queue or one change at a time. The state sent is derived from these (pause is a
// flag beside the call, so a pause taken during a call shows once the call ends).
#ifndef COL_MEMBER_H
#define COL_MEMBER_H

#include "core/event.h"
#include "core/map.h"

#include <stdbool.h>
#include <stddef.h>

enum col_presence { COL_PRESENCE_UNKNOWN, COL_PRESENCE_IN, COL_PRESENCE_OUT };

struct col_member {
    char state[16]; // last sent
    char reason[CORE_ID_MAX];
    size_t nqueues;
    char queues[CORE_QUEUES_MAX][CORE_ID_MAX];
    enum col_presence presence;
    bool on_call;
    bool paused_all; // PAUSEALL, or paused with no queue named
    size_t npaused;  // the queues it is paused in
    char paused_in[CORE_QUEUES_MAX][CORE_ID_MAX];
    char pause_reason[CORE_ID_MAX];
    char name[CORE_ID_MAX]; // the member's name when its id is an interface ("" if none)
    bool paired;            // an interface and a member name found to be this one member
    int wrapup_s;           // its wrap-up time as the PBX gives it (AMI Wrapuptime), 0: none
};

// col_member_get returns the member called id in members (a map of struct col_member, freed with
// core_map_free_values()), adding it if new. NULL when out of memory.
struct col_member *col_member_get(struct core_map *members, const char *id);

// col_member_join adds queue to m's queues (add) or takes it out. Returns whether that changed
// anything.
bool col_member_join(struct col_member *m, const char *queue, bool add);

// col_member_pause pauses (or unpauses) m in queue, or everywhere when queue is NULL.
void col_member_pause(struct col_member *m, const char *queue, bool paused, const char *reason);

// col_member_paused tells whether m can take no call at all for its pause: paused everywhere,
// or in every queue it is in.
bool col_member_paused(const struct col_member *m);

// col_member_state is the state m is in by its flags: logged_out, on_call, not_ready (paused;
// *reason set) or available.
const char *col_member_state(const struct col_member *m, const char **reason);

// col_member_remember notes the state and reason just sent for m.
void col_member_remember(struct col_member *m, const char *state, const char *reason);

// col_member_extension is the extension in an interface ("PJSIP/7008", "Local/7008@from-queue/n"
// -> "7008"), written into out; false when iface is not an interface with one.
bool col_member_extension(const char *iface, char *out, size_t size);

// col_member_name_has tells whether name holds digits as a whole run ("Ext 7008" has "7008").
bool col_member_name_has(const char *name, const char *digits);

#endif
