// SPDX-License-Identifier: MIT
// What the live state holds: queues, calls, agents, teams, channels, sites, keyword and region
// counts, sources. Types only, with the one reading the metrics need: state.h changes the state,
// state_metrics.h counts its windows; both build on this header and not on each other.
#ifndef CORE_STATE_MODEL_H
#define CORE_STATE_MODEL_H

#include "core/event.h"
#include "core/history.h"
#include "core/keywords.h"
#include "core/map.h"
#include "core/metrics.h"

#include <stdbool.h>
#include <stdint.h>

struct core_alerts; // core/alerts.h

#define CORE_TEXTS_KEPT 64 // recent text events kept for the keyword work of a later version

// Agents now, derived by core_state_refresh(): by state, logged in (any state but logged out),
// and those not ready by reason ({"reason": agents}, "-" for none given; owned, or NULL).
struct core_people {
    uint32_t agents[CORE_AGENT_STATE_COUNT];
    uint32_t logged_in;
    struct cJSON *not_ready_reasons;
};

struct core_queue {
    char id[CORE_ID_MAX];
    uint64_t offered;     // calls that entered this queue (first enqueue or transfer in)
    uint64_t answered;    // calls answered out of this queue
    uint64_t abandoned;   // callers who hung up while waiting here
    uint64_t transferred; // calls transferred out of this queue to another
    bool dirty;           // changed since the last published delta
    bool windows_dirty;   // its windows counted into (or rolled) since then: they go too
    // Derived by core_state_refresh(), not by events:
    uint64_t waiting;
    int64_t oldest_ms;         // enqueue time of the longest-waiting call; 0 when none waits
    int64_t wait_sum_ms;       // of the calls waiting now (for their average wait)
    struct core_people people; // the agents who serve it now
    struct core_windows w;     // interval, previous interval, today, yesterday
};

// A team, a channel, a site of a roll-up or a queue group: its windows, and for teams and
// sites the agents in it now (derived by core_state_refresh()).
struct core_scope {
    char id[CORE_ID_MAX];
    uint32_t agents[CORE_AGENT_STATE_COUNT];
    struct core_windows w;
    // Counted into since the last publish: a delta lists only such teams (every team's windows
    // in every delta were most of a 10,000-agent collector's time serving 200 screens).
    bool dirty;
};

// GONE: the call left its queue (call.left, or its talk ended) a moment ago and is kept for the
// re-queue window: if it enters a queue again it was moved (one call), else its outcome counts.
enum core_call_status { CORE_CALL_WAITING, CORE_CALL_CONNECTED, CORE_CALL_GONE };

// What a gone call is waiting to be counted as once its re-queue window closes.
enum core_call_pending {
    CORE_PENDING_NONE, // its talk ended (already counted as handled)
    CORE_PENDING_LEFT, // it left unanswered: the reason in left
};

struct core_call {
    char id[CORE_ID_MAX];
    char queue[CORE_ID_MAX];
    char agent[CORE_ID_MAX];
    char channel[CORE_CHANNEL_MAX];
    enum core_call_status status;
    int64_t enqueued_ms;          // when it started waiting in its current queue
    int64_t answered_ms;          // when it was answered (connected calls)
    int64_t held_ms;              // when the current hold began (0: not on hold)
    int64_t hold_total_ms;        // time on hold so far, since the answer
    char team[CORE_ID_MAX];       // the answering agent's team
    char region[CORE_REGION_MAX]; // where the caller is calling from ("unknown" when not known)
    uint64_t stint;               // counts its entries into a queue: names its timers
    int64_t sl_passed_ms;         // when its wait in this queue passed T, as counted (0: not)
    int64_t gone_ms;              // GONE: when it left
    enum core_call_pending pending;
    enum core_leave_reason left; // CORE_PENDING_LEFT: why
    uint64_t caller_hash;        // of the caller's number (0: none): a move under a new call id
};

// An agent's own figures for today.
struct core_agent_day {
    uint64_t handled, missed_rings;
    double talk_s, wrap_s, busy_s, idle_s;
};

struct core_missed_ring {
    int64_t at_ms; // 0: empty slot
    double ring_s;
    char queue[CORE_ID_MAX];
};

struct core_agent {
    char id[CORE_ID_MAX];
    char name[CORE_ID_MAX];
    char team[CORE_ID_MAX];
    char reason[CORE_ID_MAX];
    enum core_agent_state state;
    int64_t since_ms; // when the current state (or not-ready reason) began
    size_t nqueues;
    // The names of the queues it serves: each its queue's own id (a queue lives as long as the
    // state). Pointers, not copies: 32 copies of 128 bytes were 4 KB of every agent's 6.
    const char *queues[CORE_QUEUES_MAX];
    bool dirty;
    // Where the agent counts now, found once by core_state_refresh() (NULL: not looked up
    // yet, or not there yet); reset whenever its queues or team change.
    struct core_queue *queue_ref[CORE_QUEUES_MAX];
    struct core_scope *team_ref, *site_ref;
    // What core_state_refresh last counted of this agent, taken back when it changes (a
    // refresh visits the agents changed since the last, not all: at 10,000 agents a pass over
    // all was a few ms before every delta, each agent a cache and TLB miss).
    struct {
        bool yes;
        bool pending; // changed since (listed in state's recount)
        enum core_agent_state state;
        char reason[CORE_ID_MAX];
        size_t nqueues;
        struct core_queue *queues[CORE_QUEUES_MAX];
        struct core_scope *team, *site;
    } counted;
    int64_t accounted_ms; // time in state is counted into the metrics up to here
    struct core_agent_day today;
    struct core_history history; // today's states, for the drill-down (owned)
    bool wrapping; // the wrap-up under way follows a call of wrap_queue / wrap_channel
    char wrap_queue[CORE_ID_MAX];
    char wrap_channel[CORE_CHANNEL_MAX];
    int64_t wrap_until_ms; // the wrap-up ends by itself then (agent.state wrap_s); 0: it does not
    struct core_missed_ring missed[CORE_MISSED_KEPT]; // newest at missed_next - 1
    uint64_t missed_next;
};

// Work due at a time: a waiting call's wait passing T, a gone call's re-queue window closing,
// a wrap-up ending by itself. A min-heap by due time; an entry whose thing moved on since (its
// stamp no longer matches) is dropped when it comes due.
enum core_timer_kind { CORE_TIMER_SL, CORE_TIMER_GONE, CORE_TIMER_WRAP };

struct core_timer {
    int64_t due_ms;
    int64_t stamp; // the call's stint, the agent's state start
    enum core_timer_kind kind;
    char id[CORE_ID_MAX];
};

struct core_timers {
    struct core_timer *heap;
    size_t len, cap;
};

struct core_text {
    int64_t ts_ms;
    char call[CORE_ID_MAX];
    char speaker[CORE_ID_MAX];
    char *text; // owned
};

struct core_counters {
    uint64_t accepted;
    uint64_t rejected;
    uint64_t rejected_by[CORE_E_COUNT]; // indexed by core_errcode
    uint64_t unmatched;    // accepted events naming a call the state never saw (or already ended)
    uint64_t duplicates;   // events whose id was seen before: counted once, then ignored
    uint64_t acks_refused; // alert acknowledgements with a wrong token
    uint64_t moved;        // callers who left one queue and entered another (one call)
};

#define CORE_IDS_KEPT 65536 // event ids remembered for deduplication

// An input the collector depends on (a PBX link): up or down, as the adapter reports it.
struct core_source {
    char name[128];
    bool up;
    int64_t since_ms; // when it went up or down
    uint64_t events, errors;
    int64_t last_event_ms; // when its last event arrived (0: none yet)
    double events_per_s;   // over the last few seconds
    int64_t rate_at_ms;    // the rate's last sample: when, and the count then
    uint64_t rate_events;
    char error[200]; // what went wrong last
};

#define CORE_SOURCES_MAX 8

// Agents picked out for a later pass (pointers stay valid: agents are never removed).
struct core_agent_list {
    struct core_agent **list;
    size_t len, cap;
    bool all; // the list could not grow: every agent is to be visited
};

struct core_state {
    struct core_map queues;               // id -> struct core_queue *
    struct core_map calls;                // id -> struct core_call * (waiting or connected)
    struct core_map agents;               // id -> struct core_agent *
    struct core_keywords keywords;        // hot keywords over sliding windows
    struct core_keywords region_windows;  // calls by caller region, same windows
    struct core_keywords keyword_regions; // "word\x1fregion", for the regions of each keyword
    struct core_map teams;                // id -> struct core_scope *
    struct core_map channels;             // id -> struct core_scope *
    struct core_map sites;                // in a roll-up: site -> struct core_scope *
    struct core_map queue_groups;         // in a roll-up: a queue's name at every site -> scope
    bool by_site;                         // events come from several sites (ids are "site/id")
    struct core_event *site_event;        // scratch: an event with its site joined to its ids
    struct core_windows site;             // every call and agent
    struct core_people site_people;       // every agent now (core_state_refresh)
    struct core_metrics_config metrics;
    struct core_map sl_thresholds; // queue -> int * (seconds): queues whose T is not the site's
    struct core_source sources[CORE_SOURCES_MAX];
    size_t nsources;
    struct core_map seen_ids; // id -> slot in id_ring
    char **id_ring; // the last CORE_IDS_KEPT ids seen, oldest replaced first (owned; made at the
                    // first id, as most sources send none)
    size_t id_next, id_count, id_cap;
    struct core_clock_windows clock; // where the windows stand
    struct core_text texts[CORE_TEXTS_KEPT];
    uint64_t ntexts; // text events seen; texts[] holds the last CORE_TEXTS_KEPT
    struct core_counters counters;
    struct core_alerts *alerts; // alert rules and their alerts (owned; NULL: none configured)
    // Words of a text event (chat, transcript, ticket subject): set by the collector, which
    // segments Chinese and drops stop words (collector/enrich/segment.c). NULL: texts are only
    // kept. Writes up to max words into words and returns how many.
    size_t (*segment)(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max);
    void *segment_ctx;
    // The caller's region from their number (collector/enrich/phone_region.cc): set by the
    // collector; NULL: only regions given in events count. Writes "" when not known.
    void (*locate)(void *ctx, const char *number, char *region, size_t size);
    void *locate_ctx;
    int64_t now_ms;
    int64_t published_s;     // now_ms / 1000 when dirty flags were last cleared
    struct cJSON *published; // the state as the screens hold it (core_snapshot_next), or NULL
    struct core_map published_queues, published_agents, published_teams; // by id (core/delta.c)
    struct core_map published_agent_text; // id -> the agent's member printed ("id":{…})
    bool live_clock;                      // now_ms follows the wall clock, not the events' times
    bool keywords_dirty, regions_dirty, counters_dirty;
    // The agents marked dirty since the last clear (core_state_agent_changed): a delta and the
    // clear visit these, not every agent (at 10,000 agents two passes over all were most of a
    // delta's cost). all: the list could not grow, so every agent is looked at.
    struct core_agent_list changed_agents;
    // The agents changed since core_state_refresh last counted them (counted.pending); all:
    // count every agent again (the list could not grow, a checkpoint was read, a queue, team
    // or site appeared: seen_scopes is how many there were at the last count).
    struct core_agent_list recount;
    size_t seen_scopes;
    struct core_timers timers;
    struct core_map gone_by_caller; // caller hash (hex) -> struct core_call * that is GONE
};

// core_state_sl_threshold returns the threshold T of queue (its own, or the site's).
static inline int
core_state_sl_threshold(const struct core_state *st, const char *queue)
{
    const int *t = core_map_get(&st->sl_thresholds, queue);
    return t ? *t : st->metrics.sl_threshold_s;
}

#endif
