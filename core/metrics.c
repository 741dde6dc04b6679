// SPDX-License-Identifier: MIT
// Window bookkeeping and the derived figures of docs/metrics.md.
#include "core/metrics.h"

#include "core/err.h"

#include <math.h>
#include <string.h>

static const char *const formula_names[CORE_SL_FORMULA_COUNT] = {
    [CORE_SL_ABANDONS_AGAINST] = "abandons-against",
    [CORE_SL_ABANDONS_IGNORED] = "abandons-ignored",
    [CORE_SL_ABANDONS_IN_FAVOUR] = "abandons-in-favour",
};

void
core_metrics_config_default(struct core_metrics_config *c)
{
    c->interval_minutes = 15;
    c->sl_threshold_s = 20;
    c->short_abandon_s = 5;
    c->sl_formula = CORE_SL_ABANDONS_AGAINST;
    c->sl_flowouts = false;
    c->requeue_window_s = 10;
}

int
core_sl_formula_parse(const char *name, enum core_sl_formula *out)
{
    for (int i = 0; i < CORE_SL_FORMULA_COUNT; i++) {
        if (strcmp(name, formula_names[i]) == 0) {
            *out = (enum core_sl_formula)i;
            return 0;
        }
    }
    return CORE_E_UNKNOWN;
}

const char *
core_sl_formula_name(enum core_sl_formula f)
{
    return (unsigned)f < CORE_SL_FORMULA_COUNT ? formula_names[f] : "?";
}

void
core_windows_place(struct core_windows *w, const struct core_clock_windows *cw, int64_t t_ms,
                   struct core_tally **interval, struct core_tally **day)
{
    int64_t len = cw->interval_end_ms - cw->interval_start_ms;
    *interval = NULL;
    *day = NULL;
    // Later than the current window (a clock running behind the source): count it now.
    if (t_ms >= cw->interval_start_ms)
        *interval = &w->interval;
    else if (cw->has_previous && t_ms >= cw->interval_start_ms - len)
        *interval = &w->previous;
    if (t_ms >= cw->day_start_ms)
        *day = &w->today;
    else if (cw->has_yesterday && t_ms >= cw->yesterday_start_ms)
        *day = &w->yesterday;
}

void
core_windows_roll(struct core_windows *w, bool new_interval, bool new_day, bool skipped_interval,
                  bool skipped_day)
{
    if (new_interval) {
        w->previous = skipped_interval ? (struct core_tally){0} : w->interval;
        w->interval = (struct core_tally){0};
    }
    if (new_day) {
        w->yesterday = skipped_day ? (struct core_tally){0} : w->today;
        w->today = (struct core_tally){0};
    }
}

static bool
ratio(double num, double den, double *out)
{
    if (!(den > 0))
        return false;
    *out = num / den;
    return true;
}

uint64_t
core_tally_sl_offered(const struct core_tally *t, const struct core_metrics_config *c)
{
    uint64_t n = t->answered_in_sl + t->abandoned_in_sl + t->sl_passed;
    if (c->sl_flowouts)
        n += t->flowouts_in_sl;
    uint64_t out = t->sl_passed_void + (c->sl_flowouts ? 0 : t->sl_passed_flowout);
    return n > out ? n - out : 0;
}

bool
core_tally_figure(const struct core_tally *t, const struct core_metrics_config *c,
                  enum core_figure f, double *out)
{
    double counted_abandons = (double)t->abandoned - (double)t->short_abandoned;
    double sl_offered = (double)core_tally_sl_offered(t, c);
    switch (f) {
    case CORE_FIG_SERVICE_LEVEL:
        // Cisco's three treatments of abandons within T: ignored (out of the denominator),
        // against (in it, not in SL: the default), in favour (in it and in SL).
        if (c->sl_formula == CORE_SL_ABANDONS_IGNORED)
            return ratio((double)t->answered_in_sl, sl_offered - (double)t->abandoned_in_sl, out);
        if (c->sl_formula == CORE_SL_ABANDONS_IN_FAVOUR)
            return ratio((double)(t->answered_in_sl + t->abandoned_in_sl), sl_offered, out);
        return ratio((double)t->answered_in_sl, sl_offered, out);
    case CORE_FIG_ASA_S: return ratio(t->answer_wait_s, (double)t->answered, out);
    case CORE_FIG_AHT_S: return ratio(t->talk_s + t->hold_s + t->wrap_s, (double)t->handled, out);
    case CORE_FIG_AVG_TALK_S: return ratio(t->talk_s, (double)t->handled, out);
    case CORE_FIG_ABANDON_RATE:
        return ratio(counted_abandons, (double)t->offered - (double)t->short_abandoned, out);
    case CORE_FIG_OCCUPANCY: return ratio(t->busy_s, t->busy_s + t->idle_s, out);
    }
    return false;
}

uint64_t
core_tally_sample(const struct core_tally *t, const struct core_metrics_config *c,
                  enum core_figure f)
{
    uint64_t sl_offered = core_tally_sl_offered(t, c);
    switch (f) {
    case CORE_FIG_SERVICE_LEVEL:
        if (c->sl_formula == CORE_SL_ABANDONS_IGNORED)
            return sl_offered > t->abandoned_in_sl ? sl_offered - t->abandoned_in_sl : 0;
        return sl_offered;
    case CORE_FIG_ASA_S: return t->answered;
    case CORE_FIG_AHT_S:
    case CORE_FIG_AVG_TALK_S: return t->handled;
    case CORE_FIG_ABANDON_RATE:
        return t->offered > t->short_abandoned ? t->offered - t->short_abandoned : 0;
    case CORE_FIG_OCCUPANCY: return UINT64_MAX;
    }
    return UINT64_MAX;
}

void
core_tally_add(struct core_tally *t, const struct core_tally *d)
{
    t->offered += d->offered;
    t->answered += d->answered;
    t->abandoned += d->abandoned;
    t->short_abandoned += d->short_abandoned;
    t->answered_in_sl += d->answered_in_sl;
    t->abandoned_in_sl += d->abandoned_in_sl;
    t->transfers += d->transfers;
    t->handled += d->handled;
    t->timed_out += d->timed_out;
    t->exited_key += d->exited_key;
    t->exited_empty += d->exited_empty;
    t->withdrawn += d->withdrawn;
    t->callbacks += d->callbacks;
    t->blocked += d->blocked;
    t->flowouts_in_sl += d->flowouts_in_sl;
    t->sl_passed += d->sl_passed;
    t->sl_passed_flowout += d->sl_passed_flowout;
    t->sl_passed_void += d->sl_passed_void;
    t->missed_rings += d->missed_rings;
    t->ring_s += d->ring_s;
    t->answer_wait_s += d->answer_wait_s;
    t->talk_s += d->talk_s;
    t->hold_s += d->hold_s;
    t->wrap_s += d->wrap_s;
    t->busy_s += d->busy_s;
    t->idle_s += d->idle_s;
    if (d->longest_wait_s > t->longest_wait_s)
        t->longest_wait_s = d->longest_wait_s;
}

// Seconds rounded to a tenth: enough for a screen, and stable in tests.
static double
tenths(double s)
{
    return floor(s * 10.0 + 0.5) / 10.0;
}

static void
add_figure(cJSON *o, const char *key, const struct core_tally *t,
           const struct core_metrics_config *c, enum core_figure f, bool seconds)
{
    double v;
    if (core_tally_figure(t, c, f, &v))
        cJSON_AddNumberToObject(o, key, seconds ? tenths(v) : v);
    else
        cJSON_AddNullToObject(o, key);
}

cJSON *
core_tally_json(const struct core_tally *t, const struct core_metrics_config *c, int64_t start_ms,
                int64_t end_ms)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "start", (double)start_ms / 1000.0);
    cJSON_AddNumberToObject(o, "end", (double)end_ms / 1000.0);
    cJSON_AddNumberToObject(o, "offered", (double)t->offered);
    cJSON_AddNumberToObject(o, "answered", (double)t->answered);
    cJSON_AddNumberToObject(o, "abandoned", (double)t->abandoned);
    cJSON_AddNumberToObject(o, "short_abandoned", (double)t->short_abandoned);
    cJSON_AddNumberToObject(o, "answered_in_sl", (double)t->answered_in_sl);
    cJSON_AddNumberToObject(o, "abandoned_in_sl", (double)t->abandoned_in_sl);
    cJSON_AddNumberToObject(o, "timed_out", (double)t->timed_out);
    cJSON_AddNumberToObject(o, "exited_key", (double)t->exited_key);
    cJSON_AddNumberToObject(o, "exited_empty", (double)t->exited_empty);
    cJSON_AddNumberToObject(o, "withdrawn", (double)t->withdrawn);
    cJSON_AddNumberToObject(o, "callbacks", (double)t->callbacks);
    cJSON_AddNumberToObject(o, "blocked", (double)t->blocked);
    cJSON_AddNumberToObject(o, "transferred_out", (double)t->transfers);
    cJSON_AddNumberToObject(o, "missed_rings", (double)t->missed_rings);
    // The service level's parts, so a screen adding queues up gets the same figure.
    cJSON_AddNumberToObject(o, "flowouts_in_sl", (double)t->flowouts_in_sl);
    cJSON_AddNumberToObject(o, "sl_passed", (double)t->sl_passed);
    cJSON_AddNumberToObject(o, "sl_passed_flowout", (double)t->sl_passed_flowout);
    cJSON_AddNumberToObject(o, "sl_passed_void", (double)t->sl_passed_void);
    cJSON_AddNumberToObject(o, "sl_offered", (double)core_tally_sl_offered(t, c));
    add_figure(o, "service_level", t, c, CORE_FIG_SERVICE_LEVEL, false);
    add_figure(o, "asa_s", t, c, CORE_FIG_ASA_S, true);
    add_figure(o, "aht_s", t, c, CORE_FIG_AHT_S, true);
    add_figure(o, "avg_talk_s", t, c, CORE_FIG_AVG_TALK_S, true);
    add_figure(o, "abandon_rate", t, c, CORE_FIG_ABANDON_RATE, false);
    cJSON_AddNumberToObject(o, "longest_wait_s", tenths(t->longest_wait_s));
    cJSON_AddNumberToObject(o, "transfers", (double)t->transfers);
    cJSON_AddNumberToObject(o, "handled", (double)t->handled);
    add_figure(o, "occupancy", t, c, CORE_FIG_OCCUPANCY, false);
    // The sums behind the means, so a screen can add windows up (several queues) exactly.
    cJSON_AddNumberToObject(o, "answer_wait_sum_s", t->answer_wait_s);
    cJSON_AddNumberToObject(o, "handle_sum_s", t->talk_s + t->hold_s + t->wrap_s);
    cJSON_AddNumberToObject(o, "talk_sum_s", t->talk_s);
    cJSON_AddNumberToObject(o, "ring_sum_s", t->ring_s);
    cJSON_AddNumberToObject(o, "busy_s", t->busy_s);
    cJSON_AddNumberToObject(o, "idle_s", t->idle_s);
    return o;
}
