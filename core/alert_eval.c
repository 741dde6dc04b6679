// SPDX-License-Identifier: MIT
// Evaluating alert rules against the state: each rule's figure, its for-time, clear level,
// cooldown and quiet hours, keyword surges and their regions (docs/alerts.md).
#include "core/alert_eval.h"

#include "core/localtime.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct core_tally *
tally_of(const struct core_windows *w, enum core_window win)
{
    switch (win) {
    case CORE_WIN_PREVIOUS: return &w->previous;
    case CORE_WIN_TODAY: return &w->today;
    case CORE_WIN_YESTERDAY: return &w->yesterday;
    default: return &w->interval;
    }
}

// The figure a rule watches, for one queue or the site. False when it has no value (no
// calls yet for a ratio, an unknown queue).
static bool
figure(const struct core_alert *al, const struct core_state *st, double *out)
{
    if (al->rule->metric == CORE_ALERT_KEYWORD || al->rule->metric == CORE_ALERT_KEYWORD_SURGE) {
        uint64_t said, before; // calls that said the word in the main window
        core_keywords_window_count(&st->keywords, 0, al->queue, &said, &before);
        *out = (double)said;
        return true;
    }
    const struct core_alert_rule *r = al->rule;
    const struct core_windows *w = &st->site;
    uint64_t waiting = 0, available = 0;
    int64_t oldest = 0;
    if (al->queue[0]) {
        const struct core_queue *q = core_map_get(&st->queues, al->queue);
        if (q == NULL)
            return false;
        w = &q->w;
        waiting = q->waiting;
        oldest = q->oldest_ms;
        available = q->people.agents[CORE_AGENT_AVAILABLE];
    } else {
        size_t pos = 0;
        const struct core_map_slot *s;
        while ((s = core_map_next(&st->queues, &pos)) != NULL) {
            const struct core_queue *q = s->value;
            waiting += q->waiting;
            if (q->oldest_ms && (oldest == 0 || q->oldest_ms < oldest))
                oldest = q->oldest_ms;
        }
        pos = 0;
        while ((s = core_map_next(&st->agents, &pos)) != NULL)
            available += ((const struct core_agent *)s->value)->state == CORE_AGENT_AVAILABLE;
    }
    static const enum core_figure figs[] = {[CORE_ALERT_SERVICE_LEVEL] = CORE_FIG_SERVICE_LEVEL,
                                            [CORE_ALERT_ABANDON_RATE] = CORE_FIG_ABANDON_RATE,
                                            [CORE_ALERT_ASA_S] = CORE_FIG_ASA_S};
    switch (r->metric) {
    case CORE_ALERT_WAITING: *out = (double)waiting; return true;
    case CORE_ALERT_LONGEST_WAIT_S:
        *out = oldest && st->now_ms > oldest ? (double)(st->now_ms - oldest) / 1000.0 : 0;
        return true;
    case CORE_ALERT_AGENTS_AVAILABLE: *out = (double)available; return true;
    default: return core_tally_figure(tally_of(w, r->window), &st->metrics, figs[r->metric], out);
    }
}

static bool
in_quiet_hours(const struct core_alert_rule *r, int64_t now_ms)
{
    if (!r->has_quiet)
        return false;
    int minute = (int)((now_ms - core_local_day_start(now_ms)) / 60000);
    if (r->quiet_from_min < r->quiet_to_min)
        return minute >= r->quiet_from_min && minute < r->quiet_to_min;
    return minute >= r->quiet_from_min || minute < r->quiet_to_min; // across midnight
}

static void
step(struct core_alerts *a, struct core_alert *al, const struct core_state *st, int64_t now_ms)
{
    const struct core_alert_rule *r = al->rule;
    double v = 0;
    bool known = figure(al, st, &v);
    bool crossed = known && (r->below ? v < r->threshold : v > r->threshold);
    bool recovered = !known || (r->below ? v >= r->clear : v <= r->clear);
    if (r->metric == CORE_ALERT_KEYWORD_SURGE) {
        // Well above its own baseline (the window before): a word that suddenly everyone says.
        uint64_t now, before;
        core_keywords_window_count(&st->keywords, 0, al->queue, &now, &before);
        double base = before > 0 ? (double)before : 1;
        crossed = (double)now >= r->threshold && (double)now >= r->factor * base;
        recovered = (double)now < r->clear || (double)now < 1.5 * (double)before;
    }
    if (al->phase == CORE_ALERT_ACTIVE) {
        if (recovered) {
            al->phase = CORE_ALERT_IDLE;
            al->resolved_ms = now_ms;
            a->dirty = true;
        } else if (v != al->value) {
            al->value = v;
            a->dirty = true;
        }
        return;
    }
    if (!crossed) {
        al->phase = CORE_ALERT_IDLE;
        return;
    }
    if (al->phase == CORE_ALERT_IDLE) {
        if (in_quiet_hours(r, now_ms) ||
            (al->raised && now_ms < al->resolved_ms + (int64_t)(r->cooldown_s * 1000)))
            return;
        al->phase = CORE_ALERT_PENDING;
        al->pending_ms = now_ms;
    }
    if (now_ms - al->pending_ms < (int64_t)(r->for_s * 1000))
        return; // crossed, not for long enough yet
    al->phase = CORE_ALERT_ACTIVE;
    al->raised_ms = now_ms;
    al->raised++;
    al->acked = false;
    al->acked_by[0] = '\0';
    al->value = v;
    a->dirty = true;
}

struct surge_scan {
    struct core_alerts *a;
    const struct core_alert_rule *rule;
};

// A word crossing a surge rule gets its alert (once; it then lives as the others do).
static void
note_surging(void *ctx, const char *word, uint64_t now, uint64_t before)
{
    struct surge_scan *s = ctx;
    double base = before > 0 ? (double)before : 1;
    if ((double)now < s->rule->threshold || (double)now < s->rule->factor * base)
        return;
    char key[sizeof(s->a->alerts[0].key)];
    snprintf(key, sizeof(key), "%s/%s", s->rule->id, word);
    for (size_t i = 0; i < s->a->nalerts; i++) {
        if (strcmp(s->a->alerts[i].key, key) == 0)
            return;
    }
    core_alerts_add(s->a, s->rule, word);
}

struct region_scan {
    struct core_alert *al;
    size_t len;
};

// The top three regions of a word, from the "word\x1fregion" counts.
static void
note_region(void *ctx, const char *pair, uint64_t now, uint64_t before)
{
    (void)before;
    struct region_scan *s = ctx;
    if (strncmp(pair, s->al->queue, s->len) != 0 || pair[s->len] != '\x1f')
        return;
    size_t n = s->al->nregions, at = n < 3 ? n : 3;
    while (at > 0 && s->al->regions[at - 1].count < now)
        at--;
    if (at >= 3)
        return;
    for (size_t i = (n < 3 ? n : 2); i > at; i--)
        s->al->regions[i] = s->al->regions[i - 1];
    snprintf(s->al->regions[at].region, sizeof(s->al->regions[at].region), "%s", pair + s->len + 1);
    s->al->regions[at].count = now;
    if (n < 3)
        s->al->nregions++;
}

static void
find_regions(struct core_alert *al, const struct core_state *st)
{
    struct region_scan s = {al, strlen(al->queue)};
    al->nregions = 0;
    core_keywords_scan(&st->keyword_regions, 0, note_region, &s);
}

void
core_alerts_evaluate(struct core_alerts *a, const struct core_state *st, int64_t now_ms)
{
    for (size_t r = 0; a && r < a->nrules; r++) {
        if (a->rules[r].metric != CORE_ALERT_KEYWORD_SURGE)
            continue;
        struct surge_scan s = {a, &a->rules[r]};
        core_keywords_scan(&st->keywords, 0, note_surging, &s);
    }
    for (size_t i = 0; a && i < a->nalerts; i++) {
        struct core_alert *al = &a->alerts[i];
        step(a, al, st, now_ms);
        bool keyword =
            al->rule->metric == CORE_ALERT_KEYWORD || al->rule->metric == CORE_ALERT_KEYWORD_SURGE;
        if (keyword && al->phase == CORE_ALERT_ACTIVE)
            find_regions(al, st);
        // A surge long over, of a word nobody says now: forgotten (its cooldown is past).
        if (al->rule->metric == CORE_ALERT_KEYWORD_SURGE && al->phase == CORE_ALERT_IDLE &&
            now_ms >= al->resolved_ms + (int64_t)(al->rule->cooldown_s * 1000)) {
            uint64_t said, before;
            core_keywords_window_count(&st->keywords, 0, al->queue, &said, &before);
            if (said == 0) {
                a->alerts[i--] = a->alerts[--a->nalerts];
            }
        }
    }
}
