// SPDX-License-Identifier: MIT
#include "wallboard/engine/day_curve.h"

#include <math.h>
#include <string.h>

static double
num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

// Puts t at its start: replaced when held, else inserted in order (the oldest goes when full).
static void
put(struct wb_day_curve *c, double start_s, const struct core_tally *t)
{
    size_t at = c->len;
    while (at > 0 && c->iv[at - 1].start_s >= start_s)
        at--;
    if (at < c->len && c->iv[at].start_s == start_s) {
        c->iv[at].t = *t;
        return;
    }
    if (c->len == WB_DAY_CURVE_MAX) {
        if (at == 0)
            return; // older than all a full curve holds
        memmove(&c->iv[0], &c->iv[1], (at - 1) * sizeof(c->iv[0]));
        at--;
        c->len--;
    } else {
        memmove(&c->iv[at + 1], &c->iv[at], (c->len - at) * sizeof(c->iv[0]));
    }
    c->iv[at] = (struct wb_day_interval){.start_s = start_s, .t = *t};
    c->len++;
}

bool
wb_day_curve_from_reply(struct wb_day_curve *c, const cJSON *reply)
{
    memset(c, 0, sizeof(*c));
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(reply, "intervals");
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "ok")) || !cJSON_IsArray(list))
        return false;
    c->interval_s = num(reply, "interval_minutes") * 60;
    c->day_start_s = num(reply, "day_start");
    c->yesterday_start_s = num(reply, "yesterday_start");
    const cJSON *o;
    cJSON_ArrayForEach(o, list)
    {
        struct core_tally t = {0};
        core_view_read_tally(o, &t);
        put(c, num(o, "start"), &t);
    }
    c->loaded = c->interval_s > 0;
    return c->loaded;
}

void
wb_day_curve_fold(struct wb_day_curve *c, const struct core_view_queue *q, double day_start_s)
{
    if (!c->loaded || !q->has_windows)
        return;
    if (day_start_s > c->day_start_s) { // midnight: today becomes yesterday
        c->yesterday_start_s = c->day_start_s;
        c->day_start_s = day_start_s;
        size_t n = 0;
        while (n < c->len && c->iv[n].start_s < c->yesterday_start_s)
            n++;
        memmove(&c->iv[0], &c->iv[n], (c->len - n) * sizeof(c->iv[0]));
        c->len -= n;
    }
    static const enum core_window open[] = {CORE_WIN_PREVIOUS, CORE_WIN_INTERVAL};
    for (size_t i = 0; i < 2; i++)
        if (q->win_start_s[open[i]] >= c->yesterday_start_s)
            put(c, q->win_start_s[open[i]], &q->win[open[i]]);
}

static uint64_t
part(uint64_t n, double share)
{
    return (uint64_t)llround((double)n * share);
}

// Adds share of d into t: the counts in whole calls, the sums as they are.
static void
add_share(struct core_tally *t, const struct core_tally *d, double share)
{
    struct core_tally s = {
        .offered = part(d->offered, share),
        .answered = part(d->answered, share),
        .abandoned = part(d->abandoned, share),
        .short_abandoned = part(d->short_abandoned, share),
        .answered_in_sl = part(d->answered_in_sl, share),
        .abandoned_in_sl = part(d->abandoned_in_sl, share),
        .transfers = part(d->transfers, share),
        .handled = part(d->handled, share),
        .timed_out = part(d->timed_out, share),
        .exited_key = part(d->exited_key, share),
        .exited_empty = part(d->exited_empty, share),
        .withdrawn = part(d->withdrawn, share),
        .callbacks = part(d->callbacks, share),
        .blocked = part(d->blocked, share),
        .flowouts_in_sl = part(d->flowouts_in_sl, share),
        .sl_passed = part(d->sl_passed, share),
        .sl_passed_flowout = part(d->sl_passed_flowout, share),
        .sl_passed_void = part(d->sl_passed_void, share),
        .missed_rings = part(d->missed_rings, share),
        .ring_s = d->ring_s * share,
        .answer_wait_s = d->answer_wait_s * share,
        .talk_s = d->talk_s * share,
        .hold_s = d->hold_s * share,
        .wrap_s = d->wrap_s * share,
        .longest_wait_s = share >= 1 ? d->longest_wait_s : 0, // a part: not known when
        .busy_s = d->busy_s * share,
        .idle_s = d->idle_s * share,
    };
    core_tally_add(t, &s);
}

bool
wb_day_curve_same_time_yesterday(const struct wb_day_curve *c, double now_s, struct core_tally *out)
{
    *out = (struct core_tally){0};
    if (!c->loaded || c->len == 0 || c->iv[0].start_s >= c->day_start_s)
        return false;
    double until = c->yesterday_start_s + (now_s - c->day_start_s); // now's time of day
    for (size_t i = 0; i < c->len && c->iv[i].start_s < c->day_start_s; i++) {
        const struct wb_day_interval *v = &c->iv[i];
        if (v->start_s + c->interval_s <= until)
            add_share(out, &v->t, 1);
        else if (v->start_s < until)
            add_share(out, &v->t, (until - v->start_s) / c->interval_s);
    }
    return true;
}
