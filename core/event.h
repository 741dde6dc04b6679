// SPDX-License-Identifier: MIT
// Input events, version 1: the schema every input (simulator, JSON lines, nng, PBX adapters)
// is validated against. docs/events.md describes it for people.
#ifndef CORE_EVENT_H
#define CORE_EVENT_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CORE_EVENT_LINE_MAX (64 * 1024) // longest event accepted, in bytes
#define CORE_ID_MAX         128         // ids, names, reasons: bytes including the NUL
#define CORE_SITE_MAX       32          // a site's name (it prefixes ids in a roll-up)
#define CORE_CHANNEL_MAX    32
#define CORE_CALLER_MAX     40
#define CORE_REGION_MAX     16
#define CORE_WORD_MAX       64 // one keyword, bytes including the NUL
#define CORE_WORDS_MAX      64 // keywords in one event
#define CORE_QUEUES_MAX     32 // queues one agent serves
#define CORE_TEXT_MAX       (16 * 1024)
#define CORE_MISSED_KEPT    5 // an agent's last missed rings kept for the drill-down

enum core_event_type {
    CORE_EV_CALL_ENQUEUED,
    CORE_EV_CALL_ANSWERED,
    CORE_EV_CALL_ABANDONED,
    CORE_EV_CALL_ENDED,
    CORE_EV_CALL_TRANSFERRED,
    CORE_EV_AGENT_STATE,
    CORE_EV_KEYWORDS,
    CORE_EV_TEXT,
    CORE_EV_CALL_HELD,      // the agent put the caller on hold
    CORE_EV_CALL_RETRIEVED, // and took the call back
    CORE_EV_CALL_LEFT,      // the caller left the queue unanswered, not by hanging up (a reason)
    CORE_EV_RING_MISSED,    // a member was rung for a caller and did not answer
    CORE_EV_TYPE_COUNT
};

enum core_agent_state {
    CORE_AGENT_LOGGED_OUT,
    CORE_AGENT_AVAILABLE,
    CORE_AGENT_RINGING,
    CORE_AGENT_ON_CALL,
    CORE_AGENT_WRAP_UP,
    CORE_AGENT_NOT_READY,
    CORE_AGENT_STATE_COUNT
};

// How a call left a queue other than by an answer or the caller hanging up (call.left's
// reason; docs/metrics.md has what each one counts in).
enum core_leave_reason {
    CORE_LEFT_TIMEOUT,     // the queue's timeout ran out (Asterisk EXITWITHTIMEOUT)
    CORE_LEFT_EXIT_KEY,    // the caller pressed an exit key (EXITWITHKEY)
    CORE_LEFT_EXIT_EMPTY,  // nobody could take calls any more (EXITEMPTY, leavewhenempty)
    CORE_LEFT_WITHDRAWN,   // taken out of the queue by the PBX (WITHDRAW, a resync)
    CORE_LEFT_TRANSFERRED, // moved on elsewhere (overflow, re-queue) without a destination given
    CORE_LEFT_CALLBACK,    // the caller asked to be called back
    CORE_LEFT_BLOCKED,     // never let in: the queue was full, empty or closed (FULL, JOINEMPTY)
    CORE_LEFT_REASON_COUNT
};

// struct core_event is one validated event. Strings are NUL-terminated, valid UTF-8; an
// optional string that was absent is "" (and its has_ flag false where absence matters).
struct core_event {
    enum core_event_type type;
    int64_t ts_ms;
    char channel[CORE_CHANNEL_MAX];
    char call[CORE_ID_MAX];
    char queue[CORE_ID_MAX];
    char agent[CORE_ID_MAX];
    char caller[CORE_CALLER_MAX]; // input only: never published
    char region[CORE_REGION_MAX];
    enum core_agent_state state;
    char reason[CORE_ID_MAX];
    char name[CORE_ID_MAX];
    char team[CORE_ID_MAX];
    bool has_name, has_team, has_queues;
    char speaker[CORE_ID_MAX];
    char id[CORE_ID_MAX];     // the source's own event id, if it gives one ("" otherwise)
    char site[CORE_SITE_MAX]; // the site it comes from, in a roll-up of sites ("" otherwise)
    char *text;               // owned; NULL unless type is CORE_EV_TEXT
    bool has_wait, has_talk;  // a source that measures them itself (AMI's HoldTime, TalkTime)
    bool has_ring, has_wrap;
    double wait_s;               // call.answered / call.abandoned / call.left: how long it waited
    double talk_s;               // call.ended: how long the talk lasted
    double ring_s;               // call.answered, agent.ring_missed: how long the member was rung
    double wrap_s;               // agent.state wrap_up: the wrap-up ends by itself after this long
    enum core_leave_reason left; // call.left
    char key[8];                 // call.left exit_key: the key pressed ("" when not known)
    size_t nqueues;
    size_t nwords;
    // A text event whose words were found already (words, nwords: the collector segments on
    // another thread in a replay); the state's segment hook is then not called.
    bool segmented;
    // The lists last: only their first nqueues / nwords entries are ever written or read, so a
    // parse need not clear these 8 KiB for every event.
    char queues[CORE_QUEUES_MAX][CORE_ID_MAX];
    char words[CORE_WORDS_MAX][CORE_WORD_MAX];
};

// core_event_parse validates one JSON event of len bytes and fills *ev. On success the caller
// owns ev's text and frees it with core_event_fini(). On failure returns CORE_E_PARSE,
// CORE_E_INVALID, CORE_E_UNKNOWN, CORE_E_TOOLONG or CORE_E_NOMEM, fills err (column set for
// syntax errors), and *ev holds nothing to free.
int core_event_parse(const char *json, size_t len, struct core_event *ev, struct core_err *err);

// core_event_fini frees what core_event_parse allocated. Safe to call twice.
void core_event_fini(struct core_event *ev);

// core_event_type_name returns the wire name of type ("call.enqueued", ...).
const char *core_event_type_name(enum core_event_type type);

// core_agent_state_name returns the wire name of state ("available", ...).
const char *core_agent_state_name(enum core_agent_state state);

// core_agent_state_from_name looks name up; returns 0 and sets *out, or CORE_E_UNKNOWN.
int core_agent_state_from_name(const char *name, enum core_agent_state *out);

// core_leave_reason_name returns the wire name of a call.left reason ("timeout", ...).
const char *core_leave_reason_name(enum core_leave_reason r);

// core_region_valid tells whether code is an ISO 3166-1 alpha-2 code ("US") or an
// ISO 3166-2 subdivision code ("CN-JS"), upper case.
bool core_region_valid(const char *code);

#endif
