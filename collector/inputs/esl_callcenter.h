// SPDX-License-Identifier: MIT
// FreeSWITCH mod_callcenter turned into version-1 events: its CUSTOM callcenter::info events
// (CC-Action …) and the caller's CHANNEL_HANGUP_COMPLETE as they come, and the lists of
// `callcenter_config` (queues, tiers, agents, waiting callers) that resync the state at every
// (re)connect. Every CC-Action and value is mapped in docs/freeswitch.md, following
// mod_callcenter.c of FreeSWITCH 1.10.
#ifndef COL_ESL_CALLCENTER_H
#define COL_ESL_CALLCENTER_H

#include "collector/ingest/ingest.h"
#include "collector/inputs/esl.h"
#include "collector/inputs/event_json.h"
#include "core/event.h"
#include "core/map.h"

#include <stdbool.h>
#include <stdint.h>

// Which callcenter_config list an api/response answers (live: known from the order the
// commands went out; a recorded stream: told from its header row).
enum col_esl_list {
    ESL_LIST_UNKNOWN,
    ESL_LIST_QUEUES,  // callcenter_config queue list
    ESL_LIST_TIERS,   // callcenter_config tier list
    ESL_LIST_AGENTS,  // callcenter_config agent list
    ESL_LIST_MEMBERS, // callcenter_config queue list members
};

// An agent as mod_callcenter keeps it: its status and state (the module's own words), its
// wrap-up time, the queues its tiers put it in, and what was last sent for it.
struct col_esl_agent {
    char status[32]; // "Logged Out", "Available", "Available (On Demand)", "On Break"
    char state[32];  // "Waiting", "Receiving", "In a queue call", "Idle", "Reserved"
    int wrap_up_s;
    int64_t wrap_end_ms;            // in wrap-up until then (0: not)
    char break_reason[CORE_ID_MAX]; // why the next On Break (agent-max-no-answer), "" if none
    char sent_state[16];            // last sent ("" none)
    char sent_reason[CORE_ID_MAX];
    size_t nqueues;
    char queues[CORE_QUEUES_MAX][CORE_ID_MAX];
    bool listed; // in the agent list of the resync under way
};

struct col_esl_call {
    char queue[CORE_ID_MAX];
    char session[CORE_ID_MAX]; // the caller's channel (CC-Member-Session-UUID)
    bool answered, ended;
    bool listed;        // in the member list of the resync under way
    double joined_ts;   // when its member-queue-start came (0: not seen, e.g. a resync)
    double answered_ts; // when its bridge-agent-start came (0: not seen)
};

struct col_esl_cc {
    struct core_map agents;   // agent -> struct col_esl_agent
    struct core_map calls;    // CC-Member-UUID -> struct col_esl_call
    struct core_map sessions; // caller's channel uuid -> its CC-Member-UUID (a copy)
    struct core_map queues;   // the queues FreeSWITCH has (its last queue list); values unused
    struct core_map said;     // unknown CC-Actions already said once; values unused
    bool live;                // resync corrections dated now (else at the last event's time)
    bool sites;               // a name's @domain is its site (--freeswitch-domains-as-sites)
    char site[CORE_SITE_MAX]; // the site of the event being written ("" none)
    int64_t (*clock_ms)(void);
    double last_ts; // the last event's Event-Date-Timestamp, seconds
    // A recorded stream's lists before its first event: applied at that event's time (the
    // recording says nothing of when they came), or at its end if no event follows.
    char *held;
    size_t held_len;
    bool flushing; // applying what was held
    uint64_t events, emitted, ignored, unknown, bad;
    uint64_t resyncs, resync_withdrawn, resync_ended, resync_logged_out;
    char error[300]; // the last refusal of a list ("-ERR …"), "" if none
};

// col_esl_cc_init prepares the translation; clock_ms dates what carries no time (live: the
// wall clock). col_esl_cc_fini frees it.
int col_esl_cc_init(struct col_esl_cc *cc, int64_t (*clock_ms)(void));
void col_esl_cc_fini(struct col_esl_cc *cc);

// col_esl_cc_date is when an event happened: its Event-Date-Timestamp header's value stamp
// (microseconds; NULL when it has none), or now when that is missing or out of range.
double col_esl_cc_date(const struct col_esl_cc *cc, const char *stamp);

// col_esl_cc_event translates one text/event-plain body (len bytes, changed in place); the
// lists held before it are the front door's to apply first (esl_frames.h).
void col_esl_cc_event(struct col_esl_cc *cc, struct col_ingest *in, const char *source, char *body,
                      size_t len);

// Shared with esl_resync.c.
// col_esl_cc_id writes FreeSWITCH's name for a queue or agent as the collector's id: the name
// whole, domain and all ("support@north"), so the queues of two domains stay apart; with sites,
// the domain as the id's site ("north/support", as the state holds a roll-up's ids).
void col_esl_cc_id(const struct col_esl_cc *cc, const char *name, char out[CORE_ID_MAX]);
// col_esl_cc_call_id is the id of the caller uuid waiting in queue (an id as above).
void col_esl_cc_call_id(const struct col_esl_cc *cc, const char *queue, const char *uuid,
                        char out[CORE_ID_MAX]);
// Writing an event: start, the ids (a site's prefix taken off into the event's "site"), then
// col_esl_cc_emit.
void col_esl_cc_start(struct col_esl_cc *cc, struct col_event_json *j, const char *type, double ts);
void col_esl_cc_put_id(struct col_esl_cc *cc, struct col_event_json *j, const char *key,
                       const char *id);
void col_esl_cc_put_ids(struct col_esl_cc *cc, struct col_event_json *j, const char *key,
                        const char (*ids)[CORE_ID_MAX], size_t n);
struct col_esl_agent *col_esl_cc_agent(struct col_esl_cc *cc, const char *id);
// col_esl_cc_agent_state is the agent state (an event's word) a's status and state make at
// now_ms, *reason its not-ready reason ("" if none), *wrap_s the wrap-up left; NULL: unknown.
const char *col_esl_cc_agent_state(const struct col_esl_agent *a, int64_t now_ms,
                                   const char **reason, int *wrap_s);
// col_esl_cc_send_agent sends agent id's state at ts if it changed (always with queues).
void col_esl_cc_send_agent(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                           double ts, const char *id, bool with_queues);
void col_esl_cc_emit(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                     struct col_event_json *j);
bool col_esl_cc_join(struct col_esl_agent *a, const char *queue);

#endif
