// SPDX-License-Identifier: MIT
// Alert rules and the alerts they raise. A rule watches one figure of some queues (or the
// site) and raises an alert per queue when the figure crosses its threshold (for for_s
// seconds); the alert resolves by itself once the figure recovers past `clear`, is not raised
// again within cooldown_s of resolving, and is never raised during quiet hours. A supervisor
// can acknowledge an active alert (core_alerts_ack). The collector evaluates the rules; the
// screens draw the alerts it publishes. docs/alerts.md has the file format.
#ifndef CORE_ALERTS_H
#define CORE_ALERTS_H

#include "core/err.h"
#include "core/event.h"
#include "core/view.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#define CORE_ALERT_RULES_MAX  64
#define CORE_ALERT_QUEUES_MAX 16
#define CORE_ALERT_ID_MAX     64

enum core_alert_metric {
    CORE_ALERT_WAITING,
    CORE_ALERT_LONGEST_WAIT_S,
    CORE_ALERT_AGENTS_AVAILABLE,
    CORE_ALERT_SERVICE_LEVEL, // 0..1 over window
    CORE_ALERT_ABANDON_RATE,  // 0..1 over window
    CORE_ALERT_ASA_S,         // over window
    CORE_ALERT_KEYWORD,       // calls that said one of the watch words, in the main window
    CORE_ALERT_KEYWORD_SURGE, // any word said far more than in the window before
    CORE_ALERT_METRIC_COUNT
};

struct core_alert_rule {
    char id[CORE_ALERT_ID_MAX];
    char title[128]; // what the screens say; "" lets them name the metric
    enum core_alert_metric metric;
    enum core_window window; // for the figures over a window (interval by default)
    bool below;              // raised when the figure is under threshold (else over it)
    double threshold, clear; // recovers at clear (on the good side of threshold)
    double for_s, cooldown_s;
    bool act; // severity: act (true) or watch
    bool has_quiet;
    int quiet_from_min, quiet_to_min; // minutes of the site's day; may wrap past midnight
    size_t nqueues;                   // 0: the whole site
    char queues[CORE_ALERT_QUEUES_MAX][CORE_ID_MAX];
    size_t nwords; // keyword: the watch words
    char words[CORE_ALERT_QUEUES_MAX][CORE_WORD_MAX];
    double factor; // keyword_surge: this many times the window before (default 3)
};

enum core_alert_phase { CORE_ALERT_IDLE, CORE_ALERT_PENDING, CORE_ALERT_ACTIVE };

// One rule on one queue (or the site).
struct core_alert {
    const struct core_alert_rule *rule;
    char queue[CORE_ID_MAX];                       // "" for the site; the word, for keyword rules
    char key[CORE_ALERT_ID_MAX + CORE_ID_MAX + 2]; // "rule/queue": names it in commands
    enum core_alert_phase phase;
    int64_t pending_ms, raised_ms, resolved_ms;
    double value;
    bool acked;
    char acked_by[64];
    int64_t acked_ms;
    uint64_t raised; // times raised
    // Keyword rules: where the word is said from (the main window), most first.
    size_t nregions;
    struct {
        char region[CORE_REGION_MAX];
        uint64_t count;
    } regions[3];
};

struct core_alerts {
    size_t nrules, nalerts, cap; // keyword alerts are added as words come up
    struct core_alert_rule rules[CORE_ALERT_RULES_MAX];
    struct core_alert *alerts; // owned
    bool dirty;                // the published list changed
};

// core_alerts_parse reads rules from len bytes of JSON ({"version": 1, "rules": [...]});
// source names the file in messages, which give the JSON path and what would be valid.
// On success *out is the caller's (core_alerts_free). Returns 0 or a CORE_E_* code.
int core_alerts_parse(const char *json, size_t len, const char *source, struct core_alerts **out,
                      struct core_err *err);

// core_alerts_load reads and parses the file at path.
int core_alerts_load(const char *path, struct core_alerts **out, struct core_err *err);

// core_alerts_add appends a new alert of rule r for scope (a queue, a word, or "" for the
// site). Borrowed: valid until the next core_alerts_add. NULL when out of memory.
struct core_alert *core_alerts_add(struct core_alerts *a, const struct core_alert_rule *r,
                                   const char *scope);

// core_alerts_free frees a; NULL is a no-op.
void core_alerts_free(struct core_alerts *a);

// core_alerts_ack acknowledges the active alert named key, by whom. Returns 0, or
// CORE_E_UNKNOWN when no such alert is active.
int core_alerts_ack(struct core_alerts *a, const char *key, const char *by, int64_t now_ms);

// core_alerts_json lists the active alerts for the snapshot, act before watch, oldest first.
cJSON *core_alerts_json(const struct core_alerts *a);

// core_alert_metric_name gives the name a rule uses ("waiting", ...).
const char *core_alert_metric_name(enum core_alert_metric m);

#endif
