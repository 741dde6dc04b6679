// SPDX-License-Identifier: MIT
// Contact-center metrics over windows: the current clock-aligned interval, the previous one,
// today and yesterday (the site's local day). docs/metrics.md defines every figure and edge
// case; this file follows it.
#ifndef CORE_METRICS_H
#define CORE_METRICS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

enum core_sl_formula {
    CORE_SL_ABANDONS_AGAINST,   // answered in T / (answered + abandoned − short): the default
    CORE_SL_ABANDONS_IGNORED,   // answered in T / answered
    CORE_SL_ABANDONS_IN_FAVOUR, // (answered in T + abandoned in T) / (answered + abandoned − short)
    CORE_SL_FORMULA_COUNT
};

struct core_metrics_config {
    int interval_minutes; // 15, 30 or 60
    int sl_threshold_s;   // T, default 20
    int short_abandon_s;  // abandons at or under this wait are short; 0 turns it off
    enum core_sl_formula sl_formula;
    // Flow-outs (timeouts, key and empty exits, withdrawals, callbacks, moves to another queue)
    // in the SL denominator: off by default, as Genesys Cloud's "Include Flowouts" option.
    bool sl_flowouts;
    int requeue_window_s; // a caller entering a queue this soon after leaving one is one call
};

// One window's sums for one scope (a queue, a team, a channel, the site).
struct core_tally {
    uint64_t offered, answered, abandoned, short_abandoned, answered_in_sl, abandoned_in_sl;
    uint64_t transfers, handled;
    // How else calls left (call.left), and callers never let in (blocked: not offered).
    uint64_t timed_out, exited_key, exited_empty, withdrawn, callbacks, blocked;
    // Service level as Cisco counts it: a call enters the denominator when it is answered or
    // abandoned within T, or when its wait passes T (still waiting or not), dated then.
    uint64_t flowouts_in_sl;       // flow-outs within T (in the denominator only with sl_flowouts)
    uint64_t sl_passed;            // waits that passed T, in the window where they did
    uint64_t sl_passed_flowout;    // of those, the ones that later flowed out (dated the same)
    uint64_t sl_passed_void;       // of those, the ones that do not count: the caller moved on to
                                   // another queue (caller scopes), or its events came in late and
                                   // showed an outcome within T after all
    uint64_t missed_rings;         // a member rung for a caller of this scope did not answer
    double ring_s;                 // sum of the ring times of answered calls
    double answer_wait_s;          // sum of the waits of answered calls (ASA)
    double talk_s, hold_s, wrap_s; // of handled calls
    double longest_wait_s; // longest wait of a call answered, abandoned, or waiting at the end
    double busy_s, idle_s; // agents' time on calls and wrap-up, and available or ringing
};

struct core_interval_log; // core/interval_log.h

struct core_windows {
    struct core_tally interval, previous, today, yesterday;
    // Today's and yesterday's intervals before the previous one (owned; NULL until the first
    // closes): the day's curve.
    struct core_interval_log *closed;
};

// Where the windows stand (shared by every scope).
struct core_clock_windows {
    int64_t interval_start_ms, interval_end_ms; // 0 before the first event
    int64_t day_start_ms, day_end_ms;
    int64_t yesterday_start_ms;
    bool has_previous, has_yesterday;
};

// core_metrics_config_default fills the defaults (15 min, 20 s, 5 s, abandons against,
// flow-outs out of the SL, a 10 s re-queue window).
void core_metrics_config_default(struct core_metrics_config *c);

// core_sl_formula_parse maps "abandons-against", "abandons-ignored", "abandons-in-favour".
// Returns 0, or CORE_E_UNKNOWN.
int core_sl_formula_parse(const char *name, enum core_sl_formula *out);

// core_sl_formula_name is the inverse.
const char *core_sl_formula_name(enum core_sl_formula f);

// core_windows_place tells which of w's windows t_ms falls in: *interval is the interval tally
// (current or previous) or NULL, *day today's or yesterday's or NULL (too old: not counted).
void core_windows_place(struct core_windows *w, const struct core_clock_windows *cw, int64_t t_ms,
                        struct core_tally **interval, struct core_tally **day);

// core_windows_roll moves w on when the clock passed an interval or a day boundary: the
// current interval becomes the previous one (a fresh one starts), today becomes yesterday.
// (core_interval_log_keep, called first, keeps what leaves for the day's curve.)
void core_windows_roll(struct core_windows *w, bool new_interval, bool new_day,
                       bool skipped_interval, bool skipped_day);

enum core_figure {
    CORE_FIG_SERVICE_LEVEL, // 0-1, by the configured formula
    CORE_FIG_ASA_S,
    CORE_FIG_AHT_S,
    CORE_FIG_AVG_TALK_S,
    CORE_FIG_ABANDON_RATE, // 0-1, short abandons left out
    CORE_FIG_OCCUPANCY,    // 0-1
};

// core_tally_sl_offered is the service level's denominator before the formula takes abandons
// out or in: answers and abandons within T, waits that passed T, and flow-outs as configured.
uint64_t core_tally_sl_offered(const struct core_tally *t, const struct core_metrics_config *c);

// core_tally_figure computes a derived figure of t. Returns false when there is nothing to
// divide by (the figure is null, shown as a dash).
bool core_tally_figure(const struct core_tally *t, const struct core_metrics_config *c,
                       enum core_figure f, double *out);

// core_tally_sample returns how many calls figure f of t is computed from (its denominator in
// calls: answered, handled, offered...), so a screen can leave out a rate of too few calls;
// UINT64_MAX for a figure not made of calls (occupancy).
uint64_t core_tally_sample(const struct core_tally *t, const struct core_metrics_config *c,
                           enum core_figure f);

// core_tally_add adds d into t (counts and sums; the longest wait is the larger).
void core_tally_add(struct core_tally *t, const struct core_tally *d);

// core_tally_json returns the window as published: the counts, the derived figures (null when
// there is nothing to divide by) and the window's start and end (Unix seconds).
cJSON *core_tally_json(const struct core_tally *t, const struct core_metrics_config *c,
                       int64_t start_ms, int64_t end_ms);

#endif
