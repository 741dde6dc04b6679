// SPDX-License-Identifier: MIT
// Feeding the metric windows from calls and agents. Every call outcome is counted in the
// window holding its time: offered when it enters a queue, answered or abandoned when that
// happens, handled when the talk ends, wrap-up when it ends (docs/metrics.md).
#include "core/state_metrics.h"

#include "core/interval_log.h"
#include "core/localtime.h"
#include "core/state_changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct core_windows *
core_sm_scope(struct core_map *m, const char *id)
{
    if (id[0] == '\0')
        return NULL;
    struct core_scope *s = core_map_get(m, id);
    if (s == NULL) {
        s = calloc(1, sizeof(*s));
        if (s == NULL)
            return NULL;
        snprintf(s->id, sizeof(s->id), "%s", id);
        if (core_map_put(m, id, s) != 0) {
            free(s);
            return NULL;
        }
    }
    s->dirty = true; // looked up to be counted into
    return &s->w;
}

// Adds d, dated t, to a scope's windows (those that hold t).
static void
count(struct core_state *st, struct core_windows *w, int64_t t, const struct core_tally *d)
{
    if (w == NULL)
        return;
    struct core_tally *interval, *day;
    core_windows_place(w, &st->clock, t, &interval, &day);
    if (interval)
        core_tally_add(interval, d);
    if (day)
        core_tally_add(day, d);
}

// In a roll-up, "site/id" names the site and what it has: returns the site's scope and points
// *rest at the id after the site (NULL scope: not a roll-up, or no site in id).
static struct core_windows *
site_of(struct core_state *st, const char *id, const char **rest)
{
    char site[CORE_SITE_MAX];
    const char *after = st->by_site ? core_site_split(id, site) : NULL;
    if (after == NULL)
        return NULL;
    *rest = after;
    return core_sm_scope(&st->sites, site);
}

// A queue's group: the queue of that name at every site of a roll-up.
static void
count_group(struct core_state *st, const char *queue, int64_t t, const struct core_tally *d)
{
    const char *name;
    if (site_of(st, queue, &name))
        count(st, core_sm_scope(&st->queue_groups, name), t, d);
}

// A call's stint in a queue counts in the queue, its group in a roll-up, and (answered calls)
// the answering agent's team; the caller's experience in the channel, the site and (roll-up)
// the call's site. A caller moved from one queue to another is one call to the caller scopes.
static void
count_stint(struct core_state *st, const char *queue, const char *team, int64_t t,
            const struct core_tally *d)
{
    struct core_queue *q = core_map_get(&st->queues, queue);
    if (q) {
        count(st, &q->w, t, d);
        q->dirty = q->windows_dirty = true;
    }
    if (team)
        count(st, core_sm_scope(&st->teams, team), t, d);
    count_group(st, queue, t, d);
}

static void
count_caller(struct core_state *st, const char *queue, const char *channel, int64_t t,
             const struct core_tally *d)
{
    count(st, core_sm_scope(&st->channels, channel), t, d);
    count(st, &st->site, t, d);
    const char *name;
    count(st, site_of(st, queue, &name), t, d);
}

static void
count_call(struct core_state *st, const char *queue, const char *channel, const char *team,
           int64_t t, const struct core_tally *d)
{
    count_stint(st, queue, team, t, d);
    count_caller(st, queue, channel, t, d);
}

void
core_sm_offered(struct core_state *st, const struct core_call *c, int64_t t, bool new_call)
{
    struct core_tally d = {.offered = 1};
    count_stint(st, c->queue, NULL, t, &d);
    if (new_call)
        count_caller(st, c->queue, c->channel, t, &d);
}

static double
wait_s(const struct core_call *c, int64_t t)
{
    return t > c->enqueued_ms ? (double)(t - c->enqueued_ms) / 1000.0 : 0;
}

int64_t
core_sm_sl_due(const struct core_state *st, const struct core_call *c)
{
    return c->enqueued_ms + (int64_t)core_state_sl_threshold(st, c->queue) * 1000 + 1;
}

void
core_sm_sl_catch_up(struct core_state *st, struct core_call *c, int64_t t)
{
    int64_t due = core_sm_sl_due(st, c);
    if (c->status != CORE_CALL_WAITING)
        return;
    if (c->sl_passed_ms && t < due) {
        // The clock ran ahead of this call's own events (a backlog, a roll-up of sites): its
        // outcome came within T after all, and the passing counted then does not count.
        struct core_tally d = {.sl_passed_void = 1};
        count_call(st, c->queue, c->channel, NULL, c->sl_passed_ms, &d);
        c->sl_passed_ms = 0;
        return;
    }
    if (c->sl_passed_ms || t < due)
        return;
    c->sl_passed_ms = due;
    struct core_tally d = {.sl_passed = 1};
    count_call(st, c->queue, c->channel, NULL, due, &d);
}

void
core_sm_answered(struct core_state *st, const struct core_call *c, int64_t t, double ring_s)
{
    double w = wait_s(c, t);
    struct core_tally d = {.answered = 1,
                           .answered_in_sl = c->sl_passed_ms == 0,
                           .answer_wait_s = w,
                           .longest_wait_s = w,
                           .ring_s = ring_s};
    count_call(st, c->queue, c->channel, c->team, t, &d);
}

void
core_sm_abandoned(struct core_state *st, const struct core_call *c, int64_t t)
{
    double w = wait_s(c, t);
    bool is_short = st->metrics.short_abandon_s > 0 && w <= st->metrics.short_abandon_s;
    struct core_tally d = {.abandoned = 1,
                           .short_abandoned = is_short,
                           .abandoned_in_sl = !is_short && c->sl_passed_ms == 0,
                           .longest_wait_s = w};
    count_call(st, c->queue, c->channel, NULL, t, &d);
}

void
core_sm_left(struct core_state *st, const struct core_call *c)
{
    double w = wait_s(c, c->gone_ms);
    struct core_tally d = {.flowouts_in_sl = c->sl_passed_ms == 0, .longest_wait_s = w};
    switch (c->left) {
    case CORE_LEFT_TIMEOUT: d.timed_out = 1; break;
    case CORE_LEFT_EXIT_KEY: d.exited_key = 1; break;
    case CORE_LEFT_EXIT_EMPTY: d.exited_empty = 1; break;
    case CORE_LEFT_CALLBACK: d.callbacks = 1; break;
    case CORE_LEFT_TRANSFERRED: d.transfers = 1; break; // moved on, but to no queue we saw
    default: d.withdrawn = 1; break;
    }
    count_call(st, c->queue, c->channel, NULL, c->gone_ms, &d);
    if (c->sl_passed_ms) {
        struct core_tally late = {.sl_passed_flowout = 1};
        count_call(st, c->queue, c->channel, NULL, c->sl_passed_ms, &late);
    }
}

void
core_sm_moved(struct core_state *st, const struct core_call *c, int64_t t, bool was_waiting)
{
    struct core_tally d = {.transfers = 1};
    if (!was_waiting) { // an agent sent the caller on: the talk was counted when it ended
        count_call(st, c->queue, c->channel, c->team, t, &d);
        return;
    }
    // A flow-out of this queue; the caller goes on waiting elsewhere, one call to the site.
    struct core_tally stint = {
        .transfers = 1, .flowouts_in_sl = c->sl_passed_ms == 0, .longest_wait_s = wait_s(c, t)};
    count_stint(st, c->queue, NULL, t, &stint);
    count_caller(st, c->queue, c->channel, t, &d);
    if (c->sl_passed_ms) {
        struct core_tally flow = {.sl_passed_flowout = 1}, moved = {.sl_passed_void = 1};
        count_stint(st, c->queue, NULL, c->sl_passed_ms, &flow);
        count_caller(st, c->queue, c->channel, c->sl_passed_ms, &moved);
    }
}

void
core_sm_blocked(struct core_state *st, const char *queue, const char *channel, int64_t t)
{
    struct core_tally d = {.blocked = 1};
    count_call(st, queue, channel, NULL, t, &d);
}

void
core_sm_ring_missed(struct core_state *st, struct core_agent *a, const char *queue, int64_t t,
                    double ring_s)
{
    struct core_tally d = {.missed_rings = 1};
    if (queue[0])
        count_stint(st, queue, a ? a->team : NULL, t, &d);
    else if (a)
        count(st, core_sm_scope(&st->teams, a->team), t, &d);
    count(st, &st->site, t, &d);
    const char *name;
    count(st, site_of(st, queue[0] ? queue : a ? a->id : "", &name), t, &d);
    if (a == NULL)
        return;
    if (t >= st->clock.day_start_ms)
        a->today.missed_rings++;
    struct core_missed_ring *m = &a->missed[a->missed_next++ % CORE_MISSED_KEPT];
    m->at_ms = t;
    m->ring_s = ring_s;
    snprintf(m->queue, sizeof(m->queue), "%s", queue);
    core_state_agent_changed(st, a);
}

void
core_sm_talk_ended(struct core_state *st, const struct core_call *c, struct core_agent *a,
                   int64_t t, bool transferred)
{
    // Connected time is talk plus hold; a hold still open ends with the talk.
    int64_t hold_ms = c->hold_total_ms + (c->held_ms && t > c->held_ms ? t - c->held_ms : 0);
    int64_t connected_ms = t > c->answered_ms ? t - c->answered_ms : 0;
    if (hold_ms > connected_ms)
        hold_ms = connected_ms;
    double talk = (double)(connected_ms - hold_ms) / 1000.0, hold = (double)hold_ms / 1000.0;
    struct core_tally d = {.handled = 1, .talk_s = talk, .hold_s = hold, .transfers = transferred};
    count_call(st, c->queue, c->channel, c->team, t, &d);
    if (a == NULL)
        return;
    if (t >= st->clock.day_start_ms) {
        a->today.handled++;
        a->today.talk_s += talk + hold; // the agent's handle time includes the hold
    }
    // The wrap-up that follows belongs to this call's queue.
    a->wrapping = true;
    snprintf(a->wrap_queue, sizeof(a->wrap_queue), "%s", c->queue);
    snprintf(a->wrap_channel, sizeof(a->wrap_channel), "%s", c->channel);
    core_state_agent_changed(st, a);
}

static bool
busy(enum core_agent_state s)
{
    return s == CORE_AGENT_ON_CALL || s == CORE_AGENT_WRAP_UP;
}

static bool
idle(enum core_agent_state s)
{
    return s == CORE_AGENT_AVAILABLE || s == CORE_AGENT_RINGING;
}

// Counts a's time in its state from accounted_ms to t (occupancy: busy or idle).
static void
account(struct core_state *st, struct core_agent *a, int64_t t)
{
    if (a->state >= CORE_AGENT_STATE_COUNT || t <= a->accounted_ms || a->accounted_ms == 0) {
        if (a->accounted_ms == 0 || t > a->accounted_ms)
            a->accounted_ms = t;
        return;
    }
    double dt = (double)(t - a->accounted_ms) / 1000.0;
    a->accounted_ms = t;
    if (!busy(a->state) && !idle(a->state))
        return;
    struct core_tally d = {.busy_s = busy(a->state) ? dt : 0, .idle_s = idle(a->state) ? dt : 0};
    count(st, core_sm_scope(&st->teams, a->team), t - 1, &d);
    count(st, &st->site, t - 1, &d);
    const char *name;
    count(st, site_of(st, a->id, &name), t - 1, &d);
    if (t - 1 >= st->clock.day_start_ms) {
        a->today.busy_s += d.busy_s;
        a->today.idle_s += d.idle_s;
    }
}

void
core_sm_agent_leaving_state(struct core_state *st, struct core_agent *a, int64_t t)
{
    if (a->state == CORE_AGENT_WRAP_UP && a->wrapping) {
        double wrap = t > a->since_ms ? (double)(t - a->since_ms) / 1000.0 : 0;
        struct core_tally d = {.wrap_s = wrap};
        count_call(st, a->wrap_queue, a->wrap_channel, a->team, t, &d);
        if (t >= st->clock.day_start_ms)
            a->today.wrap_s += wrap;
        a->wrapping = false;
    }
    account(st, a, t);
}

static int
by_agent_id(const void *a, const void *b)
{
    return strcmp((*(struct core_agent *const *)a)->id, (*(struct core_agent *const *)b)->id);
}

// Closes the current interval at its end: agents' time and the calls still waiting count in it.
static void
close_interval(struct core_state *st, int64_t end)
{
    // Agents in id order: floating-point sums depend on their order, and a state loaded from a
    // checkpoint must add up to exactly what the uninterrupted one does.
    size_t pos = 0, n = 0;
    const struct core_map_slot *s;
    struct core_agent **agents = st->agents.len ? malloc(st->agents.len * sizeof(*agents)) : NULL;
    while ((s = core_map_next(&st->agents, &pos)) != NULL) {
        if (agents)
            agents[n++] = s->value;
        else
            account(st, s->value, end); // out of memory: the map's order will do
    }
    if (n > 1)
        qsort(agents, n, sizeof(*agents), by_agent_id);
    for (size_t i = 0; i < n; i++)
        account(st, agents[i], end);
    free(agents);
    pos = 0;
    while ((s = core_map_next(&st->calls, &pos)) != NULL) {
        const struct core_call *c = s->value;
        if (c->status != CORE_CALL_WAITING)
            continue;
        struct core_tally d = {.longest_wait_s = wait_s(c, end)};
        count_call(st, c->queue, c->channel, NULL, end - 1, &d);
    }
}

static void
roll(struct core_windows *w, const struct core_state *st, bool new_interval, bool new_day,
     bool skipped_iv, bool skipped_day)
{
    core_interval_log_keep(w, &st->clock, new_interval, new_day, skipped_iv, skipped_day);
    core_windows_roll(w, new_interval, new_day, skipped_iv, skipped_day);
}

static void
roll_all(struct core_state *st, bool new_interval, bool new_day, bool skipped_iv, bool skipped_day)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL) {
        struct core_queue *q = s->value;
        roll(&q->w, st, new_interval, new_day, skipped_iv, skipped_day);
        q->dirty = q->windows_dirty = true;
    }
    struct core_map *maps[] = {&st->teams, &st->channels, &st->sites, &st->queue_groups};
    for (int m = 0; m < 4; m++) {
        pos = 0;
        while ((s = core_map_next(maps[m], &pos)) != NULL) {
            struct core_scope *scope = s->value;
            roll(&scope->w, st, new_interval, new_day, skipped_iv, skipped_day);
            scope->dirty = true;
        }
    }
    roll(&st->site, st, new_interval, new_day, skipped_iv, skipped_day);
    if (!new_day)
        return;
    pos = 0;
    while ((s = core_map_next(&st->agents, &pos)) != NULL) {
        struct core_agent *a = s->value;
        a->today = (struct core_agent_day){0};
        core_state_agent_changed(st, a);
    }
}

void
core_sm_advance(struct core_state *st, int64_t now_ms,
                void (*run_due)(struct core_state *st, int64_t limit_ms))
{
    struct core_clock_windows *cw = &st->clock;
    int minutes = st->metrics.interval_minutes;
    if (cw->interval_end_ms == 0) { // the first event: open the windows around it
        cw->interval_start_ms = core_local_interval_start(now_ms, minutes);
        cw->interval_end_ms = cw->interval_start_ms + (int64_t)minutes * 60000;
        cw->day_start_ms = core_local_day_start(now_ms);
        cw->day_end_ms = core_local_next_day(cw->day_start_ms);
        cw->yesterday_start_ms = core_local_day_start(cw->day_start_ms - 1);
        // The interval and the day before are real windows too: what arrives late for them (a
        // backlog after an outage, a collector started just after midnight) counts there.
        cw->has_previous = cw->has_yesterday = true;
        return;
    }
    while (now_ms >= cw->interval_end_ms) {
        run_due(st, cw->interval_end_ms - 1); // what fell due in the closing interval counts there
        close_interval(st, cw->interval_end_ms);
        // One interval at a time, so the agents' time of a quiet hour (a replay's clock moves
        // only with events) counts in its own intervals, as it does live; a gap reaching past
        // yesterday jumps to it, as nothing older is kept.
        int64_t next_start = core_local_interval_start(cw->interval_end_ms, minutes);
        int64_t oldest = core_local_day_start(core_local_day_start(now_ms) - 1);
        if (next_start < oldest)
            next_start = core_local_interval_start(oldest, minutes);
        bool skipped_iv = next_start > cw->interval_end_ms;
        bool new_day = next_start >= cw->day_end_ms;
        int64_t next_day = new_day ? core_local_day_start(next_start) : cw->day_start_ms;
        bool skipped_day = new_day && next_day > cw->day_end_ms;
        roll_all(st, true, new_day, skipped_iv, skipped_day);
        cw->has_previous = !skipped_iv;
        cw->interval_start_ms = next_start;
        cw->interval_end_ms = next_start + (int64_t)minutes * 60000;
        if (new_day) {
            size_t pos = 0;
            const struct core_map_slot *s;
            while ((s = core_map_next(&st->agents, &pos)) != NULL)
                core_history_new_day(&((struct core_agent *)s->value)->history, next_day);
            cw->has_yesterday = !skipped_day;
            cw->yesterday_start_ms = core_local_day_start(next_day - 1);
            cw->day_start_ms = next_day;
            cw->day_end_ms = core_local_next_day(next_day);
        }
        st->counters_dirty = true;
    }
    run_due(st, now_ms);
}

void
core_sm_free_scopes(struct core_state *st)
{
    struct core_map *maps[] = {&st->teams, &st->channels, &st->sites, &st->queue_groups};
    for (int m = 0; m < 4; m++) {
        size_t pos = 0;
        const struct core_map_slot *s;
        while ((s = core_map_next(maps[m], &pos)) != NULL) {
            core_interval_log_release(&((struct core_scope *)s->value)->w);
            free(s->value);
        }
        core_map_fini(maps[m]);
    }
}
