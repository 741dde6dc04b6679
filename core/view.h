// SPDX-License-Identifier: MIT
// A typed, read-only view of a snapshot message, for the screens to draw from.
#ifndef CORE_VIEW_H
#define CORE_VIEW_H

#include "core/event.h"
#include "core/metrics.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum core_window {
    CORE_WIN_INTERVAL,
    CORE_WIN_PREVIOUS,
    CORE_WIN_TODAY,
    CORE_WIN_YESTERDAY,
    CORE_WIN_COUNT
};

struct core_view_queue {
    char id[CORE_ID_MAX];
    uint64_t waiting, offered, answered, abandoned, transferred;
    double longest_wait_s;
    uint32_t agents[CORE_AGENT_STATE_COUNT];
    bool has_windows;   // false from a collector without metrics
    int sl_threshold_s; // the queue's own T (0: the site's)
    struct core_tally win[CORE_WIN_COUNT];
    double win_start_s[CORE_WIN_COUNT]; // each window's start (Unix seconds)
};

struct core_view_agent {
    char id[CORE_ID_MAX];
    char name[CORE_ID_MAX];
    char team[CORE_ID_MAX];
    char reason[CORE_ID_MAX];
    enum core_agent_state state;
    double since_s;
    uint64_t handled_today;
    double aht_today_s;     // < 0: nothing handled yet
    double occupancy_today; // 0..1; < 0: not known yet
    uint64_t missed_today;  // rung for a caller today and did not answer
    size_t nmissed;         // the last missed rings, newest first
    struct {
        double at_s, ring_s;
        char queue[CORE_ID_MAX];
    } missed[CORE_MISSED_KEPT];
    size_t nqueues;
    char (*queues)[CORE_ID_MAX]; // owned by the view
};

struct core_view_rank {
    char key[CORE_WORD_MAX]; // a keyword or a region code
    uint64_t count;
    int trend;       // enum core_trend (keywords.h): new, rising, steady (default), falling
    size_t nregions; // keywords: where the word was said from, most first
    struct {
        char region[CORE_REGION_MAX];
        uint64_t count;
    } regions[5];
};

// An alert the collector raised (docs/alerts.md), as screens show it.
struct core_view_alert {
    char key[192]; // "rule/queue": names it in an acknowledgement
    char title[128];
    char queue[CORE_ID_MAX]; // "" for the site
    char metric[24];
    double value, threshold, since_s;
    bool below, act;
    bool acked;
    char acked_by[64];
    double acked_s;
    char word[CORE_WORD_MAX]; // a keyword alert's word ("" for the others)
    size_t nregions;          // where the word is said from, most first
    struct {
        char region[CORE_REGION_MAX];
        uint64_t count;
    } regions[3];
};

struct core_view {
    bool has_data; // false until a snapshot arrived
    uint64_t run, seq;
    double now_s;
    size_t nqueues, nagents, nkeywords, nregions;
    struct core_view_queue *queues;  // sorted by id
    struct core_view_agent *agents;  // sorted by id
    bool agents_lent;                // agents belong to a core_view_roster (view_roster.h)
    struct core_view_rank *keywords; // most first, as published
    struct core_view_rank *regions;  // most first, as published
    uint64_t accepted, rejected;
    size_t nsources_down;  // inputs the collector reports down (a PBX link)
    char source_down[128]; // the first of them
    double source_down_since_s;
    bool has_site;
    struct core_view_queue site;        // the whole site (id "")
    struct core_metrics_config metrics; // as the collector computes them (for legends)
    size_t nalerts;
    struct core_view_alert *alerts; // most important first, as published
    size_t nchannels;
    struct core_view_queue *channels; // voice, chat, ...: waiting now and windows; by id
    size_t nsites, ngroups;           // a roll-up of sites (docs/bus.md), else 0
    struct core_view_queue *sites;    // each site: waiting, agents, windows; by id
    struct core_view_queue *groups;   // each queue name summed over the sites; by id
    char scope_site[CORE_SITE_MAX];   // core_view_scope to one site: its name ("" none)
};

// core_window_name gives the published name of a window ("interval", "previous_interval",
// "today", "yesterday"); core_window_from_name the inverse (0, or CORE_E_UNKNOWN).
const char *core_window_name(enum core_window w);
int core_window_from_name(const char *name, enum core_window *out);

// core_view_from_json fills *out from a snapshot message (as published, or with deltas merged
// in). Missing or mistyped members read as zero or empty; unknown members are ignored, so a
// newer collector's additions do no harm. Caller owns *out: free with core_view_fini().
// Returns 0, CORE_E_INVALID (not a version-1 snapshot) or CORE_E_NOMEM.
int core_view_from_json(const cJSON *msg, struct core_view *out, struct core_err *err);

// core_view_read_tally reads a published window (core_tally_json) back into its sums.
void core_view_read_tally(const cJSON *o, struct core_tally *t);

// core_view_read_agent reads one member of a message's "agents" (its key is the id) into *va,
// which must be zeroed first. Returns 0 or CORE_E_NOMEM.
int core_view_read_agent(const cJSON *a, struct core_view_agent *va);

// core_view_sort_agents puts n records in id order: sorted through pointers, then copied once
// into a new array with room for cap (at least n) that replaces *agents. Returns 0, or
// CORE_E_NOMEM with *agents as it was.
int core_view_sort_agents(struct core_view_agent **agents, size_t n, size_t cap);

// core_view_scope narrows a roll-up's view to the n sites named (a screen's "scope"): only
// their queues, agents and alerts stay, and the site figures become theirs summed. With one
// site the "site/" prefix comes off the names, so a layout reads as on that site's own
// collector (scope_site says which, for commands). Keywords, caller regions and channels stay
// the whole roll-up's (they are counted across sites). Returns how many of the sites the
// message has.
size_t core_view_scope(struct core_view *v, const char *const *sites, size_t n);

// core_view_fini frees what the view holds and leaves it empty. Safe on an empty view.
void core_view_fini(struct core_view *v);

// core_view_find_queue returns the queue named id, or NULL. Borrowed from v.
const struct core_view_queue *core_view_find_queue(const struct core_view *v, const char *id);

// core_view_agent_serves tells whether agent a serves queue id.
bool core_view_agent_serves(const struct core_view_agent *a, const char *id);

#endif
