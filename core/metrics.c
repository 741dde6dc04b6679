// SPDX-License-Identifier: MIT
// Window bookkeeping and the derived figures of docs/metrics.md.
#include "core/metrics.h"

#include "core/err.h"

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

static void
add_ratio(cJSON *o, const char *key, double num, double den)
{
    if (den > 0)
        cJSON_AddNumberToObject(o, key, num / den);
    else
        cJSON_AddNullToObject(o, key);
}

// Seconds rounded to a tenth: enough for a screen, and stable in tests.
static double
tenths(double s)
{
    return (double)(long long)(s * 10.0 + 0.5) / 10.0;
}

static void
add_mean_s(cJSON *o, const char *key, double sum, double n)
{
    if (n > 0)
        cJSON_AddNumberToObject(o, key, tenths(sum / n));
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
    double counted_abandons = (double)(t->abandoned - t->short_abandoned);
    switch (c->sl_formula) {
    case CORE_SL_ABANDONS_IGNORED:
        add_ratio(o, "service_level", (double)t->answered_in_sl, (double)t->answered);
        break;
    case CORE_SL_ABANDONS_IN_FAVOUR:
        add_ratio(o, "service_level", (double)(t->answered_in_sl + t->abandoned_in_sl),
                  (double)t->answered + counted_abandons);
        break;
    default:
        add_ratio(o, "service_level", (double)t->answered_in_sl,
                  (double)t->answered + counted_abandons);
    }
    add_mean_s(o, "asa_s", t->answer_wait_s, (double)t->answered);
    add_mean_s(o, "aht_s", t->talk_s + t->hold_s + t->wrap_s, (double)t->handled);
    add_mean_s(o, "avg_talk_s", t->talk_s, (double)t->handled);
    add_ratio(o, "abandon_rate", counted_abandons, (double)t->offered - (double)t->short_abandoned);
    cJSON_AddNumberToObject(o, "longest_wait_s", tenths(t->longest_wait_s));
    cJSON_AddNumberToObject(o, "transfers", (double)t->transfers);
    cJSON_AddNumberToObject(o, "handled", (double)t->handled);
    add_ratio(o, "occupancy", t->busy_s, t->busy_s + t->idle_s);
    return o;
}
