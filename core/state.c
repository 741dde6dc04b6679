// SPDX-License-Identifier: MIT
// Applying events to the state model. Every rule here is written down in docs/state.md.
#include "core/state.h"

#include "core/hash.h"
#include "core/interval_log.h"
#include "core/phone_digits.h"
#include "core/state_changes.h"
#include "core/state_metrics.h"
#include "core/timers.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
core_state_init(struct core_state *st)
{
    memset(st, 0, sizeof(*st));
    core_map_init(&st->queues);
    core_map_init(&st->calls);
    core_map_init(&st->agents);
    struct core_kw_config kw;
    core_kw_config_default(&kw);
    core_state_set_keyword_config(st, &kw);
    core_map_init(&st->teams);
    core_map_init(&st->channels);
    core_map_init(&st->sites);
    core_map_init(&st->queue_groups);
    core_map_init(&st->seen_ids);
    core_map_init(&st->sl_thresholds);
    core_map_init(&st->gone_by_caller);
    core_metrics_config_default(&st->metrics);
}

static void
people_clear(struct core_people *p)
{
    cJSON_Delete(p->not_ready_reasons);
    memset(p, 0, sizeof(*p));
}

void
core_state_forget_published(struct core_state *st)
{
    cJSON_Delete(st->published);
    st->published = NULL;
    core_map_fini(&st->published_queues);
    core_map_fini(&st->published_agents);
    core_map_fini(&st->published_teams);
    core_map_free_values(&st->published_agent_text);
}

void
core_state_fini(struct core_state *st)
{
    core_state_forget_published(st);
    free(st->changed_agents.list);
    free(st->recount.list);
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL) {
        people_clear(&((struct core_queue *)s->value)->people);
        core_interval_log_release(&((struct core_queue *)s->value)->w);
    }
    people_clear(&st->site_people);
    core_interval_log_release(&st->site);
    core_map_free_values(&st->queues);
    core_map_free_values(&st->calls);
    core_map_fini(&st->gone_by_caller);
    core_timers_fini(&st->timers);
    pos = 0;
    while ((s = core_map_next(&st->agents, &pos)) != NULL)
        core_history_fini(&((struct core_agent *)s->value)->history);
    core_map_free_values(&st->agents);
    core_alerts_free(st->alerts);
    st->alerts = NULL;
    core_keywords_fini(&st->keywords);
    core_keywords_fini(&st->region_windows);
    core_keywords_fini(&st->keyword_regions);
    core_sm_free_scopes(st);
    core_map_fini(&st->seen_ids);
    core_map_free_values(&st->sl_thresholds);
    for (size_t i = 0; i < st->id_cap; i++)
        free(st->id_ring[i]);
    free(st->id_ring);
    free(st->site_event);
    for (int i = 0; i < CORE_TEXTS_KEPT; i++)
        free(st->texts[i].text);
    memset(st, 0, sizeof(*st));
}

static size_t
copy_id(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= CORE_ID_MAX)
        n = CORE_ID_MAX - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

// Returns the queue named id, creating it on first mention; NULL only when out of memory.
struct core_queue *
core_state_queue(struct core_state *st, const char *id)
{
    struct core_queue *q = core_map_get(&st->queues, id);
    if (q != NULL)
        return q;
    q = calloc(1, sizeof(*q));
    if (q == NULL)
        return NULL;
    copy_id(q->id, id);
    q->dirty = q->windows_dirty = true;
    if (core_map_put(&st->queues, id, q) != 0) {
        free(q);
        return NULL;
    }
    return q;
}

static void
mark_agent_queues(struct core_state *st, const struct core_agent *a)
{
    for (size_t i = 0; i < a->nqueues; i++) {
        struct core_queue *q = core_map_get(&st->queues, a->queues[i]);
        if (q != NULL)
            q->dirty = true;
    }
}

// The caller's number as a key (digits only; 0 for none or a withheld number), so a caller moved
// under a new call id is still known within the re-queue window. The number is not kept.
static uint64_t
caller_hash(const char *site, const char *number)
{
    uint64_t h = core_fnv1a_str(CORE_FNV_START, site); // in a roll-up, a site's callers
    int digits = 0;                                    // are its own
    for (const char *p = number; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            h = core_fnv1a(h, p, 1);
            digits++;
        }
    }
    return digits >= 3 ? (h ? h : 1) : 0;
}

static void
hash_key(uint64_t h, char key[17])
{
    snprintf(key, 17, "%016llx", (unsigned long long)h);
}

static void
forget_gone(struct core_state *st, const struct core_call *c)
{
    char key[17];
    if (c->caller_hash == 0)
        return;
    hash_key(c->caller_hash, key);
    if (core_map_get(&st->gone_by_caller, key) == c)
        core_map_del(&st->gone_by_caller, key);
}

static void
drop_call(struct core_state *st, struct core_call *c)
{
    forget_gone(st, c);
    core_map_del(&st->calls, c->id);
    free(c);
}

// A gone call's window closed (or the caller hung up, or there is no window): its outcome counts.
static void
settle_gone(struct core_state *st, struct core_call *c)
{
    if (c->pending == CORE_PENDING_LEFT)
        core_sm_left(st, c);
    drop_call(st, c);
}

// A waiting call's wait passes T at its due time: a timer counts it then (core_sm_sl_catch_up).
static int
schedule_sl(struct core_state *st, const struct core_call *c)
{
    return core_timers_add(&st->timers, core_sm_sl_due(st, c), CORE_TIMER_SL, c->id,
                           (int64_t)c->stint);
}

// A gone call: the end of its re-queue window, and, when it left unanswered, its caller's
// number to find it by under a new call id (a caller who rings again after a finished talk is
// a new call, a repeat caller, not a move).
static int
schedule_gone(struct core_state *st, struct core_call *c)
{
    if (core_timers_add(&st->timers, c->gone_ms + (int64_t)st->metrics.requeue_window_s * 1000,
                        CORE_TIMER_GONE, c->id, (int64_t)c->stint) != 0)
        return CORE_E_NOMEM;
    if (c->caller_hash == 0 || c->pending != CORE_PENDING_LEFT)
        return 0;
    char key[17];
    hash_key(c->caller_hash, key);
    return core_map_put(&st->gone_by_caller, key, c) != 0 ? CORE_E_NOMEM : 0;
}

// The call left its queue at t (unanswered for reason, or its talk ended): kept for the re-queue
// window, in which entering a queue again makes it a move rather than a new call.
static int
make_gone(struct core_state *st, struct core_call *c, int64_t t, enum core_call_pending pending,
          enum core_leave_reason reason)
{
    c->status = CORE_CALL_GONE;
    c->gone_ms = t;
    c->pending = pending;
    c->left = reason;
    if (st->metrics.requeue_window_s <= 0) {
        settle_gone(st, c);
        return 0;
    }
    return schedule_gone(st, c);
}

// The call starts waiting in queue at t (its first queue, or the next one).
static int
start_stint(struct core_state *st, struct core_call *c, struct core_queue *q, const char *channel,
            int64_t t, bool new_call)
{
    copy_id(c->queue, q->id);
    snprintf(c->channel, sizeof(c->channel), "%s", channel);
    c->agent[0] = '\0';
    c->status = CORE_CALL_WAITING;
    c->enqueued_ms = t;
    c->stint++;
    c->sl_passed_ms = 0;
    c->pending = CORE_PENDING_NONE;
    q->offered++;
    q->dirty = true;
    core_sm_offered(st, c, t, new_call);
    return schedule_sl(st, c);
}

// The call leaves its queue for another at t: a transfer out of it, whether it was waiting, talking
// (an agent sent it on) or gone a moment ago (an overflow after a timeout, a re-queue).
static int
leave_queue(struct core_state *st, struct core_call *c, int64_t t)
{
    struct core_queue *from = core_state_queue(st, c->queue);
    if (from == NULL)
        return CORE_E_NOMEM;
    from->transferred++;
    from->dirty = true;
    st->counters.moved++;
    st->counters_dirty = true;
    if (c->status == CORE_CALL_WAITING) {
        core_sm_sl_catch_up(st, c, t);
        core_sm_moved(st, c, t, true);
    } else if (c->status == CORE_CALL_GONE) {
        forget_gone(st, c);
        core_sm_moved(st, c, c->gone_ms, c->pending == CORE_PENDING_LEFT);
    } else {
        core_sm_talk_ended(st, c, core_map_get(&st->agents, c->agent), t, true);
    }
    return 0;
}

static struct core_call *
new_call(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    copy_id(c->id, ev->call);
    if (core_map_put(&st->calls, ev->call, c) != 0) {
        free(c);
        return NULL;
    }
    c->caller_hash = caller_hash(ev->site, ev->caller);
    return c;
}

// A caller who left a queue a moment ago under another call id (a new channel after a transfer).
static struct core_call *
gone_caller(struct core_state *st, const struct core_event *ev)
{
    uint64_t h = caller_hash(ev->site, ev->caller);
    if (h == 0 || st->metrics.requeue_window_s <= 0)
        return NULL;
    char key[17];
    hash_key(h, key);
    struct core_call *g = core_map_get(&st->gone_by_caller, key);
    return g && g->status == CORE_CALL_GONE && strcmp(g->id, ev->call) != 0 ? g : NULL;
}

// Regions count calls, once each, at their first enqueue: the region the event gives, else the
// one the caller's number gives, else "unknown" (never dropped).
static int
count_region(struct core_state *st, struct core_call *c, const struct core_event *ev)
{
    if (ev->region[0])
        snprintf(c->region, sizeof(c->region), "%s", ev->region);
    else if (st->locate && ev->caller[0])
        st->locate(st->locate_ctx, ev->caller, c->region, sizeof(c->region));
    if (c->region[0] == '\0')
        snprintf(c->region, sizeof(c->region), "unknown");
    if (core_keywords_count(&st->region_windows, c->region, c->id, ev->ts_ms) == CORE_E_NOMEM)
        return CORE_E_NOMEM;
    st->regions_dirty = true;
    return 0;
}

static int
apply_enqueued(struct core_state *st, const struct core_event *ev)
{
    struct core_queue *q = core_state_queue(st, ev->queue);
    if (q == NULL)
        return CORE_E_NOMEM;
    struct core_call *c = core_map_get(&st->calls, ev->call);
    if (c != NULL) {
        // Seen before: a re-queue (an overflow, or an agent sending it on). Leaving the old
        // queue is neither an answer nor an abandon: it counts as a transfer out of it.
        if (c->status == CORE_CALL_WAITING && strcmp(c->queue, ev->queue) == 0)
            return 0; // a duplicate of an event already counted
        if (leave_queue(st, c, ev->ts_ms) != 0)
            return CORE_E_NOMEM;
        return start_stint(st, c, q, ev->channel, ev->ts_ms, false);
    }
    struct core_call *moved = gone_caller(st, ev);
    if ((c = new_call(st, ev)) == NULL)
        return CORE_E_NOMEM;
    if (moved != NULL) { // the same caller under a new id: one call, moved
        snprintf(c->region, sizeof(c->region), "%s", moved->region);
        if (leave_queue(st, moved, ev->ts_ms) != 0)
            return CORE_E_NOMEM;
        drop_call(st, moved);
        return start_stint(st, c, q, ev->channel, ev->ts_ms, false);
    }
    if (count_region(st, c, ev) != 0)
        return CORE_E_NOMEM;
    return start_stint(st, c, q, ev->channel, ev->ts_ms, true);
}

static struct core_call *
find_call(struct core_state *st, const char *id)
{
    struct core_call *c = core_map_get(&st->calls, id);
    if (c == NULL) {
        st->counters.unmatched++;
        st->counters_dirty = true;
    }
    return c;
}

// Adds one to a counter (given by its offset in struct core_queue) of the queue a call waits
// in, if it still waits there: answers and abandons count only out of a queue.
static int
bump_if_waiting(struct core_state *st, const struct core_call *c, size_t counter)
{
    if (c->status != CORE_CALL_WAITING)
        return 0;
    struct core_queue *q = core_state_queue(st, c->queue);
    if (q == NULL)
        return CORE_E_NOMEM;
    (*(uint64_t *)((char *)q + counter))++;
    q->dirty = true;
    return 0;
}

// A source that measured the wait itself: its figure moves the start of the wait.
static void
take_wait(struct core_call *c, const struct core_event *ev)
{
    if (c->status == CORE_CALL_WAITING && ev->has_wait)
        c->enqueued_ms = ev->ts_ms - (int64_t)(ev->wait_s * 1000.0);
}

static int
apply_answered(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = find_call(st, ev->call);
    if (c == NULL || c->status == CORE_CALL_GONE)
        return 0;
    bool was_waiting = c->status == CORE_CALL_WAITING;
    take_wait(c, ev);
    if (was_waiting)
        core_sm_sl_catch_up(st, c, ev->ts_ms);
    if (bump_if_waiting(st, c, offsetof(struct core_queue, answered)) != 0)
        return CORE_E_NOMEM;
    c->status = CORE_CALL_CONNECTED;
    copy_id(c->agent, ev->agent);
    const struct core_agent *a = core_map_get(&st->agents, ev->agent);
    copy_id(c->team, a ? a->team : "");
    if (was_waiting) {
        c->answered_ms = ev->ts_ms;
        c->held_ms = c->hold_total_ms = 0;
        core_sm_answered(st, c, ev->ts_ms, ev->has_ring ? ev->ring_s : 0);
    }
    return 0;
}

// An abandon, or an end while still waiting (the caller hung up in the queue). A call that had
// already left its queue (to voicemail, say) hangs up there: no abandon, its outcome stands.
static int
apply_abandoned(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = find_call(st, ev->call);
    if (c == NULL)
        return 0;
    if (c->status == CORE_CALL_GONE) {
        settle_gone(st, c);
        return 0;
    }
    take_wait(c, ev);
    if (c->status == CORE_CALL_WAITING) {
        core_sm_sl_catch_up(st, c, ev->ts_ms);
        core_sm_abandoned(st, c, ev->ts_ms);
    }
    if (bump_if_waiting(st, c, offsetof(struct core_queue, abandoned)) != 0)
        return CORE_E_NOMEM;
    drop_call(st, c);
    return 0;
}

static int
apply_ended(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = core_map_get(&st->calls, ev->call);
    if (c == NULL || c->status != CORE_CALL_CONNECTED)
        return apply_abandoned(st, ev);
    if (ev->has_talk) // the source measured the talk: the connected time is talk + hold
        c->answered_ms = ev->ts_ms - (int64_t)(ev->talk_s * 1000.0) - c->hold_total_ms;
    core_sm_talk_ended(st, c, core_map_get(&st->agents, c->agent), ev->ts_ms, false);
    // An agent may send the caller on to a queue: kept for the re-queue window.
    return make_gone(st, c, ev->ts_ms, CORE_PENDING_NONE, CORE_LEFT_TRANSFERRED);
}

// The caller left the queue unanswered without hanging up, or was never let in.
static int
apply_left(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = core_map_get(&st->calls, ev->call);
    if (c == NULL && ev->left == CORE_LEFT_BLOCKED) {
        if (core_state_queue(st, ev->queue) == NULL)
            return CORE_E_NOMEM;
        core_sm_blocked(st, ev->queue, ev->channel, ev->ts_ms);
        return 0;
    }
    if (c == NULL && (c = find_call(st, ev->call)) == NULL)
        return 0;
    if (c->status != CORE_CALL_WAITING)
        return 0; // answered, or gone already: nothing left to leave
    take_wait(c, ev);
    core_sm_sl_catch_up(st, c, ev->ts_ms);
    struct core_queue *q = core_map_get(&st->queues, c->queue);
    if (q)
        q->dirty = true;
    // A known caller cannot be kept out of a queue it waits in: the PBX took it out.
    enum core_leave_reason why = ev->left == CORE_LEFT_BLOCKED ? CORE_LEFT_WITHDRAWN : ev->left;
    return make_gone(st, c, ev->ts_ms, CORE_PENDING_LEFT, why);
}

static int
apply_transferred(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = find_call(st, ev->call);
    if (c == NULL)
        return 0;
    if (strcmp(c->queue, ev->queue) == 0 && c->status == CORE_CALL_WAITING)
        return 0;
    struct core_queue *to = core_state_queue(st, ev->queue);
    if (to == NULL || leave_queue(st, c, ev->ts_ms) != 0)
        return CORE_E_NOMEM;
    return start_stint(st, c, to, c->channel, ev->ts_ms, false);
}

static int
apply_ring_missed(struct core_state *st, const struct core_event *ev)
{
    const struct core_call *c = ev->call[0] ? core_map_get(&st->calls, ev->call) : NULL;
    const char *queue = ev->queue[0] ? ev->queue : c ? c->queue : "";
    if (queue[0] && core_state_queue(st, queue) == NULL)
        return CORE_E_NOMEM;
    core_sm_ring_missed(st, core_map_get(&st->agents, ev->agent), queue, ev->ts_ms,
                        ev->has_ring ? ev->ring_s : 0);
    return 0;
}

static int
apply_agent_state(struct core_state *st, const struct core_event *ev)
{
    struct core_agent *a = core_map_get(&st->agents, ev->agent);
    if (a == NULL) {
        a = calloc(1, sizeof(*a));
        if (a == NULL)
            return CORE_E_NOMEM;
        copy_id(a->id, ev->agent);
        a->state = CORE_AGENT_STATE_COUNT; // so the first event counts as a change
        if (core_map_put(&st->agents, ev->agent, a) != 0) {
            free(a);
            return CORE_E_NOMEM;
        }
    }
    mark_agent_queues(st, a);
    if (a->state != ev->state)
        core_sm_agent_leaving_state(st, a, ev->ts_ms);
    const char *reason = ev->state == CORE_AGENT_NOT_READY ? ev->reason : "";
    if (a->state != ev->state || strcmp(a->reason, reason) != 0) {
        a->since_ms = ev->ts_ms;
        if (core_history_note(&a->history, ev->ts_ms, ev->state, reason) != 0)
            return CORE_E_NOMEM;
    }
    a->state = ev->state;
    copy_id(a->reason, ev->state == CORE_AGENT_NOT_READY ? ev->reason : "");
    if (ev->has_name)
        copy_id(a->name, ev->name);
    if (ev->has_team && strcmp(a->team, ev->team) != 0) {
        copy_id(a->team, ev->team);
        a->team_ref = NULL;
    }
    if (ev->has_queues) {
        a->nqueues = 0;
        memset(a->queue_ref, 0, sizeof(a->queue_ref));
        for (size_t i = 0; i < ev->nqueues; i++) {
            const struct core_queue *q = core_state_queue(st, ev->queues[i]);
            if (q == NULL)
                return CORE_E_NOMEM;
            a->queues[a->nqueues++] = q->id;
        }
    }
    mark_agent_queues(st, a);
    core_state_agent_changed(st, a);
    // A PBX that knows its wrap-up time (Asterisk's wrapuptime) ends the wrap-up by itself.
    a->wrap_until_ms = 0;
    if (ev->has_wrap && ev->state == CORE_AGENT_WRAP_UP) {
        a->wrap_until_ms = ev->ts_ms + (int64_t)(ev->wrap_s * 1000.0);
        if (core_timers_add(&st->timers, a->wrap_until_ms, CORE_TIMER_WRAP, a->id, 0) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}

// A wrap-up the PBX ends by itself is over at due: the agent is available from then.
static void
end_wrap(struct core_state *st, struct core_agent *a, int64_t due)
{
    mark_agent_queues(st, a);
    core_sm_agent_leaving_state(st, a, due);
    a->since_ms = due;
    if (core_history_note(&a->history, due, CORE_AGENT_AVAILABLE, "") != 0)
        return; // out of memory: the drill-down misses one change
    a->state = CORE_AGENT_AVAILABLE;
    a->wrap_until_ms = 0;
    core_state_agent_changed(st, a);
}

// Does the timed work due up to limit_ms, earliest first (core_sm_advance calls it).
static void
run_due(struct core_state *st, int64_t limit_ms)
{
    struct core_timer t;
    while (core_timers_pop(&st->timers, limit_ms, &t)) {
        if (t.kind == CORE_TIMER_WRAP) {
            struct core_agent *a = core_map_get(&st->agents, t.id);
            if (a && a->state == CORE_AGENT_WRAP_UP && a->wrap_until_ms == t.due_ms)
                end_wrap(st, a, t.due_ms);
            continue;
        }
        struct core_call *c = core_map_get(&st->calls, t.id);
        if (c == NULL || c->stint != (uint64_t)t.stamp)
            continue; // gone, or in another queue since
        if (t.kind == CORE_TIMER_SL && c->status == CORE_CALL_WAITING)
            core_sm_sl_catch_up(st, c, t.due_ms);
        else if (t.kind == CORE_TIMER_GONE && c->status == CORE_CALL_GONE)
            settle_gone(st, c);
    }
}

int
core_state_rebuild_timers(struct core_state *st)
{
    core_timers_fini(&st->timers);
    core_map_fini(&st->gone_by_caller);
    core_map_init(&st->gone_by_caller);
    size_t pos = 0;
    const struct core_map_slot *s;
    int rc = 0;
    while ((s = core_map_next(&st->calls, &pos)) != NULL && rc == 0) {
        struct core_call *c = s->value;
        if (c->status == CORE_CALL_WAITING && c->sl_passed_ms == 0)
            rc = schedule_sl(st, c);
        if (c->status != CORE_CALL_GONE)
            continue;
        if ((unsigned)c->left >= CORE_LEFT_REASON_COUNT)
            c->left = CORE_LEFT_WITHDRAWN; // a damaged file
        rc = schedule_gone(st, c);
    }
    pos = 0;
    while ((s = core_map_next(&st->agents, &pos)) != NULL && rc == 0) {
        const struct core_agent *a = s->value;
        if (a->state == CORE_AGENT_WRAP_UP && a->wrap_until_ms > 0)
            rc = core_timers_add(&st->timers, a->wrap_until_ms, CORE_TIMER_WRAP, a->id, 0);
    }
    return rc;
}

// Counts words once per call (or once per event without a call); English in lower case.
static int
count_words(struct core_state *st, const struct core_event *ev, char (*words)[CORE_WORD_MAX],
            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = core_keywords_count(&st->keywords, words[i], ev->call, ev->ts_ms);
        if (rc < 0 || rc > 1)
            return CORE_E_NOMEM;
        if (rc == 1)
            st->keywords_dirty = true;
        // And where it was said from: the call's region (or the event's).
        const struct core_call *c = ev->call[0] ? core_map_get(&st->calls, ev->call) : NULL;
        const char *region = c && c->region[0] ? c->region : ev->region[0] ? ev->region : "unknown";
        char pair[CORE_WORD_MAX];
        char lower[CORE_WORD_MAX];
        size_t n_lower = 0;
        for (const char *p = words[i]; *p && n_lower + 1 < sizeof(lower); p++)
            lower[n_lower++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        lower[n_lower] = '\0';
        size_t wl = strlen(lower), rl = strlen(region);
        // Counted where the word counted (once per call already): a second "said it" memory
        // would say the same thing at twice the cost.
        if (rc == 1 && wl + rl + 2 <= sizeof(pair)) {
            memcpy(pair, lower, wl);
            pair[wl] = '\x1f';
            memcpy(pair + wl + 1, region, rl + 1);
            if (core_keywords_count(&st->keyword_regions, pair, NULL, ev->ts_ms) == CORE_E_NOMEM)
                return CORE_E_NOMEM;
        }
        // Without a call, the event is the unit: skip its own repeats.
        for (size_t k = i + 1; !ev->call[0] && k < n; k++) {
            if (strcmp(words[k], words[i]) == 0)
                words[k][0] = '\0';
        }
    }
    return 0;
}

static int
apply_keywords(struct core_state *st, const struct core_event *ev)
{
    char words[CORE_WORDS_MAX][CORE_WORD_MAX];
    size_t n = 0;
    for (size_t i = 0; i < ev->nwords; i++) {
        // A caller's number an analytics engine took for a keyword goes no further: keywords
        // are published to every screen (text events drop them when segmented, likewise).
        if (core_has_phone_number(ev->words[i], strlen(ev->words[i])))
            continue;
        size_t len = 0;
        for (const char *p = ev->words[i]; *p && len + 1 < CORE_WORD_MAX; p++)
            words[n][len++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        words[n][len] = '\0';
        n++;
    }
    return count_words(st, ev, words, n);
}

static int
apply_text(struct core_state *st, const struct core_event *ev)
{
    struct core_text *t = &st->texts[st->ntexts % CORE_TEXTS_KEPT];
    char *copy = strdup(ev->text ? ev->text : "");
    if (copy == NULL)
        return CORE_E_NOMEM;
    free(t->text);
    t->text = copy;
    t->ts_ms = ev->ts_ms;
    copy_id(t->call, ev->call);
    copy_id(t->speaker, ev->speaker);
    st->ntexts++;
    char words[CORE_WORDS_MAX][CORE_WORD_MAX];
    size_t n = 0;
    if (ev->segmented) { // count_words marks repeats in its copy
        n = ev->nwords < CORE_WORDS_MAX ? ev->nwords : CORE_WORDS_MAX;
        memcpy(words, ev->words, n * sizeof(words[0]));
    } else if (st->segment && ev->text) {
        n = st->segment(st->segment_ctx, ev->text, words, CORE_WORDS_MAX);
    }
    return count_words(st, ev, words, n);
}

// Hold time of a connected call: from call.held to call.retrieved (or the end of the talk).
static int
apply_hold(struct core_state *st, const struct core_event *ev)
{
    struct core_call *c = find_call(st, ev->call);
    if (c == NULL || c->status != CORE_CALL_CONNECTED)
        return 0;
    if (ev->type == CORE_EV_CALL_HELD && c->held_ms == 0) {
        c->held_ms = ev->ts_ms;
    } else if (ev->type == CORE_EV_CALL_RETRIEVED && c->held_ms != 0) {
        c->hold_total_ms += ev->ts_ms > c->held_ms ? ev->ts_ms - c->held_ms : 0;
        c->held_ms = 0;
    }
    return 0;
}

// In a roll-up of sites, a site's calls, queues, agents and teams are its own: "jiangsu/1001"
// is not "anhui/1001". The metrics split such ids again (state_metrics.c).
static void
join_site(char *id, size_t size, const char *site)
{
    if (id[0] == '\0')
        return;
    // Lengths were checked (core_state_check_event): the two fit in size.
    size_t ns = strlen(site), ni = strlen(id);
    if (ns + 1 + ni >= size)
        return;
    memmove(id + ns + 1, id, ni + 1);
    memcpy(id, site, ns);
    id[ns] = '/';
}

static const struct core_event *
with_site(struct core_state *st, const struct core_event *ev)
{
    if (st->site_event == NULL && (st->site_event = malloc(sizeof(*st->site_event))) == NULL)
        return NULL;
    struct core_event *q = st->site_event;
    // The fixed part, then only the list entries in use (see struct core_event).
    memcpy(q, ev, offsetof(struct core_event, queues));
    memcpy(q->queues, ev->queues, ev->nqueues * sizeof(ev->queues[0]));
    memcpy(q->words, ev->words, ev->nwords * sizeof(ev->words[0]));
    join_site(q->call, sizeof(q->call), ev->site);
    join_site(q->queue, sizeof(q->queue), ev->site);
    join_site(q->agent, sizeof(q->agent), ev->site);
    join_site(q->team, sizeof(q->team), ev->site);
    for (size_t i = 0; i < q->nqueues; i++)
        join_site(q->queues[i], sizeof(q->queues[i]), ev->site);
    st->by_site = true;
    // Every site is listed from its first event on, calls or not (a screen may choose it).
    if (core_map_get(&st->sites, ev->site) == NULL && core_sm_scope(&st->sites, ev->site) == NULL)
        return NULL;
    return q;
}

int
core_state_apply(struct core_state *st, const struct core_event *ev)
{
    if (ev->site[0] && (ev = with_site(st, ev)) == NULL)
        return CORE_E_NOMEM;
    if (!st->live_clock)
        core_state_set_now(st, ev->ts_ms);
    else if (st->clock.interval_end_ms == 0)
        core_sm_advance(st, st->now_ms ? st->now_ms : ev->ts_ms, run_due); // open the windows
    st->counters.accepted++;
    st->counters_dirty = true;
    switch (ev->type) {
    case CORE_EV_CALL_ENQUEUED: return apply_enqueued(st, ev);
    case CORE_EV_CALL_ANSWERED: return apply_answered(st, ev);
    case CORE_EV_CALL_ABANDONED: return apply_abandoned(st, ev);
    case CORE_EV_CALL_ENDED: return apply_ended(st, ev);
    case CORE_EV_CALL_TRANSFERRED: return apply_transferred(st, ev);
    case CORE_EV_CALL_LEFT: return apply_left(st, ev);
    case CORE_EV_RING_MISSED: return apply_ring_missed(st, ev);
    case CORE_EV_AGENT_STATE: return apply_agent_state(st, ev);
    case CORE_EV_KEYWORDS: return apply_keywords(st, ev);
    case CORE_EV_TEXT: return apply_text(st, ev);
    case CORE_EV_CALL_HELD:
    case CORE_EV_CALL_RETRIEVED: return apply_hold(st, ev);
    default: return 0;
    }
}

void
core_state_source(struct core_state *st, const char *name, bool up, uint64_t events,
                  uint64_t errors, const char *error, int64_t now_ms)
{
    struct core_source *src = NULL;
    for (size_t i = 0; i < st->nsources && !src; i++) {
        if (strcmp(st->sources[i].name, name) == 0)
            src = &st->sources[i];
    }
    if (src == NULL) {
        if (st->nsources == CORE_SOURCES_MAX)
            return;
        src = &st->sources[st->nsources++];
        snprintf(src->name, sizeof(src->name), "%s", name);
        src->up = !up; // so the first report counts as a change
    }
    if (src->up != up) {
        src->up = up;
        src->since_ms = now_ms;
        st->counters_dirty = true;
    }
    if (src->events != events || src->errors != errors)
        st->counters_dirty = true;
    if (events > src->events)
        src->last_event_ms = now_ms;
    // The rate: a moving average over about five seconds of reports.
    if (src->rate_at_ms == 0) {
        src->rate_at_ms = now_ms;
        src->rate_events = events;
    } else if (now_ms - src->rate_at_ms >= 1000) {
        double rate =
            (double)(events - src->rate_events) * 1000.0 / (double)(now_ms - src->rate_at_ms);
        src->events_per_s = src->events_per_s * 0.8 + rate * 0.2;
        src->rate_at_ms = now_ms;
        src->rate_events = events;
    }
    src->events = events;
    src->errors = errors;
    snprintf(src->error, sizeof(src->error), "%s", error ? error : "");
}

int
core_state_set_sl_threshold(struct core_state *st, const char *queue, int seconds)
{
    int *t = core_map_get(&st->sl_thresholds, queue);
    if (t == NULL) {
        t = malloc(sizeof(*t));
        if (t == NULL || core_map_put(&st->sl_thresholds, queue, t) != 0) {
            free(t);
            return CORE_E_NOMEM;
        }
    }
    *t = seconds;
    return 0;
}

#define FUTURE_LIMIT_MS      (5 * 60 * 1000)
#define REPLAY_JUMP_LIMIT_MS (7LL * 86400 * 1000)

int
core_state_check_event(struct core_state *st, const struct core_event *ev, struct core_err *err)
{
    const struct core_clock_windows *cw = &st->clock;
    if (cw->interval_end_ms != 0 && ev->ts_ms < cw->yesterday_start_ms)
        return core_err_set(err, CORE_E_INVALID,
                            "event time is before yesterday: too old for any window");
    // Replaying, the events are the clock: one wild time stamp would push it ahead and turn every
    // later event into "too old". A jump of more than a week is refused instead.
    if (!st->live_clock && cw->interval_end_ms != 0 &&
        ev->ts_ms > st->now_ms + REPLAY_JUMP_LIMIT_MS)
        return core_err_set(err, CORE_E_INVALID,
                            "event time is %lld days after the events before it",
                            (long long)((ev->ts_ms - st->now_ms) / 86400000));
    if (st->live_clock && st->now_ms && ev->ts_ms > st->now_ms + FUTURE_LIMIT_MS)
        return core_err_set(err, CORE_E_INVALID,
                            "event time is %lld s in the future (is the source's clock right?)",
                            (long long)((ev->ts_ms - st->now_ms) / 1000));
    if (ev->site[0]) {
        const char *ids[4 + CORE_QUEUES_MAX] = {ev->call, ev->queue, ev->agent, ev->team};
        size_t n = 4;
        for (size_t i = 0; i < ev->nqueues; i++)
            ids[n++] = ev->queues[i];
        for (size_t i = 0; i < n; i++) {
            if (strlen(ev->site) + 1 + strlen(ids[i]) >= CORE_ID_MAX)
                return core_err_set(err, CORE_E_TOOLONG,
                                    "\"%s\" with its site \"%s\" is longer than %d bytes", ids[i],
                                    ev->site, CORE_ID_MAX - 1);
        }
    }
    if (ev->id[0] == '\0')
        return 0;
    if (core_map_get(&st->seen_ids, ev->id) != NULL) {
        st->counters.duplicates++;
        st->counters_dirty = true;
        return core_err_set(err, CORE_E_DUPLICATE, "event id \"%s\" already counted", ev->id);
    }
    // Remember it: the ring grows up to CORE_IDS_KEPT, then forgets the oldest id.
    if (st->id_count == st->id_cap && st->id_cap < CORE_IDS_KEPT) {
        size_t cap = st->id_cap ? st->id_cap * 2 : 1024;
        char **ring = realloc(st->id_ring, cap * sizeof(*ring));
        if (ring == NULL)
            return 0; // out of memory: counted, but not remembered
        memset(ring + st->id_cap, 0, (cap - st->id_cap) * sizeof(*ring));
        st->id_next = st->id_cap; // the ring was full and in order: go on after it
        st->id_ring = ring;
        st->id_cap = cap;
    }
    static char seen; // the map's values only mark presence
    char **slot = &st->id_ring[st->id_next];
    if (*slot) {
        core_map_del(&st->seen_ids, *slot);
        free(*slot);
    }
    *slot = strdup(ev->id);
    if (*slot && core_map_put(&st->seen_ids, ev->id, &seen) != 0) {
        free(*slot);
        *slot = NULL;
    }
    if (st->id_count < st->id_cap)
        st->id_count++;
    st->id_next = (st->id_next + 1) % st->id_cap;
    return 0;
}

void
core_state_reject(struct core_state *st, int code)
{
    st->counters.rejected++;
    if (code > 0 && code < CORE_E_COUNT)
        st->counters.rejected_by[code]++;
    st->counters_dirty = true;
}

void
core_state_set_keyword_config(struct core_state *st, const struct core_kw_config *cfg)
{
    core_keywords_fini(&st->keywords);
    core_keywords_fini(&st->region_windows);
    core_keywords_fini(&st->keyword_regions);
    core_keywords_init(&st->keywords, cfg);
    struct core_kw_config regions = *cfg;
    regions.keep_case = true; // region codes as they are
    core_keywords_init(&st->region_windows, &regions);
    core_keywords_init(&st->keyword_regions, &regions);
}

void
core_state_set_now(struct core_state *st, int64_t now_ms)
{
    if (now_ms <= st->now_ms && st->clock.interval_end_ms != 0)
        return;
    if (now_ms > st->now_ms)
        st->now_ms = now_ms;
    core_sm_advance(st, st->now_ms, run_due);
    core_keywords_advance(&st->keywords, st->now_ms);
    core_keywords_advance(&st->region_windows, st->now_ms);
    core_keywords_advance(&st->keyword_regions, st->now_ms);
}

void
core_state_clear_dirty(struct core_state *st)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL) {
        struct core_queue *q = s->value;
        q->dirty = q->windows_dirty = false;
    }
    struct core_map *scopes[] = {&st->teams, &st->channels, &st->sites, &st->queue_groups};
    for (int i = 0; i < 4; i++) {
        pos = 0;
        while ((s = core_map_next(scopes[i], &pos)) != NULL)
            ((struct core_scope *)s->value)->dirty = false;
    }
    if (st->changed_agents.all) {
        pos = 0;
        while ((s = core_map_next(&st->agents, &pos)) != NULL)
            ((struct core_agent *)s->value)->dirty = false;
    }
    for (size_t i = 0; i < st->changed_agents.len; i++)
        st->changed_agents.list[i]->dirty = false;
    st->changed_agents.len = 0;
    st->changed_agents.all = false;
    st->keywords_dirty = st->regions_dirty = st->counters_dirty = false;
    st->keywords.dirty = false;
    if (st->alerts)
        st->alerts->dirty = false;
    st->published_s = st->now_ms / 1000;
}

// One agent in or out of a group's figures: by state, logged in, not ready by reason.
static void
people_add(struct core_people *p, enum core_agent_state state, const char *reason, int by)
{
    p->agents[state] += (uint32_t)by;
    if (state == CORE_AGENT_LOGGED_OUT)
        return;
    p->logged_in += (uint32_t)by;
    if (state != CORE_AGENT_NOT_READY)
        return;
    if (p->not_ready_reasons == NULL &&
        (by < 0 || (p->not_ready_reasons = cJSON_CreateObject()) == NULL))
        return;
    const char *why = reason[0] ? reason : "-";
    cJSON *n = cJSON_GetObjectItemCaseSensitive(p->not_ready_reasons, why);
    if (n && n->valuedouble + by <= 0) { // none left: gone, as a count from scratch has it
        cJSON_DeleteItemFromObjectCaseSensitive(p->not_ready_reasons, why);
        if (p->not_ready_reasons->child == NULL) {
            cJSON_Delete(p->not_ready_reasons);
            p->not_ready_reasons = NULL;
        }
    } else if (n)
        cJSON_SetNumberValue(n, n->valuedouble + by);
    else if (by > 0)
        cJSON_AddNumberToObject(p->not_ready_reasons, why, by);
}

// An agent's site in a roll-up ("site/agent"), looked up once.
static struct core_scope *
agent_site(const struct core_state *st, struct core_agent *a)
{
    char site[CORE_SITE_MAX];
    if (a->site_ref == NULL && st->by_site && core_site_split(a->id, site) != NULL)
        a->site_ref = core_map_get(&st->sites, site);
    return a->site_ref;
}

// Takes back what the last count made of an agent.
static void
uncount_agent(struct core_state *st, struct core_agent *a)
{
    if (!a->counted.yes)
        return;
    a->counted.yes = false;
    enum core_agent_state was = a->counted.state;
    people_add(&st->site_people, was, a->counted.reason, -1);
    for (size_t i = 0; i < a->counted.nqueues; i++)
        people_add(&a->counted.queues[i]->people, was, a->counted.reason, -1);
    if (a->counted.team != NULL) {
        a->counted.team->agents[was]--;
        a->counted.team->dirty = true;
    }
    if (a->counted.site != NULL) {
        a->counted.site->agents[was]--;
        a->counted.site->dirty = true;
    }
}

// Counts an agent as it is now, and remembers where (so that it can be taken back).
static void
count_agent(struct core_state *st, struct core_agent *a)
{
    a->counted.pending = false;
    if ((unsigned)a->state >= CORE_AGENT_STATE_COUNT)
        return;
    a->counted.yes = true;
    a->counted.state = a->state;
    snprintf(a->counted.reason, sizeof(a->counted.reason), "%s", a->reason);
    people_add(&st->site_people, a->state, a->reason, +1);
    a->counted.nqueues = 0;
    for (size_t i = 0; i < a->nqueues; i++) {
        if (a->queue_ref[i] == NULL)
            a->queue_ref[i] = core_map_get(&st->queues, a->queues[i]);
        if (a->queue_ref[i] != NULL) {
            people_add(&a->queue_ref[i]->people, a->state, a->reason, +1);
            a->counted.queues[a->counted.nqueues++] = a->queue_ref[i];
        }
    }
    if (a->team_ref == NULL && a->team[0])
        a->team_ref = core_map_get(&st->teams, a->team);
    if (a->team_ref != NULL) {
        a->team_ref->agents[a->state]++;
        a->team_ref->dirty = true;
    }
    a->counted.team = a->team_ref;
    a->counted.site = agent_site(st, a);
    if (a->counted.site != NULL) {
        a->counted.site->agents[a->state]++;
        a->counted.site->dirty = true;
    }
}

// Every agent counted from scratch.
static void
recount_all(struct core_state *st)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL)
        people_clear(&((struct core_queue *)s->value)->people);
    struct core_map *scopes[] = {&st->teams, &st->sites};
    for (int i = 0; i < 2; i++) {
        pos = 0;
        while ((s = core_map_next(scopes[i], &pos)) != NULL) {
            struct core_scope *scope = s->value;
            memset(scope->agents, 0, sizeof(scope->agents));
            scope->dirty = true;
        }
    }
    people_clear(&st->site_people);
    pos = 0;
    while ((s = core_map_next(&st->agents, &pos)) != NULL) {
        struct core_agent *a = s->value;
        a->counted.yes = false;
        count_agent(st, a); // (also those changed but not listed, when the list was full)
    }
}

// What every queue, team and site has now, and the site as a whole. The calls waiting are
// counted again each time; the agents by what changed since the last time (a checkpoint read,
// a list that could not grow or a queue, team or site that appeared since: all of them).
void
core_state_refresh(struct core_state *st)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL) {
        struct core_queue *q = s->value;
        q->waiting = 0;
        q->oldest_ms = 0;
        q->wait_sum_ms = 0;
    }
    pos = 0;
    while ((s = core_map_next(&st->calls, &pos)) != NULL) {
        const struct core_call *c = s->value;
        struct core_queue *q = core_map_get(&st->queues, c->queue);
        if (q == NULL || c->status != CORE_CALL_WAITING)
            continue;
        q->waiting++;
        if (st->now_ms > c->enqueued_ms)
            q->wait_sum_ms += st->now_ms - c->enqueued_ms;
        if (q->oldest_ms == 0 || c->enqueued_ms < q->oldest_ms)
            q->oldest_ms = c->enqueued_ms;
    }
    struct core_agent_list *l = &st->recount;
    size_t scopes = st->queues.len + st->teams.len + st->sites.len;
    if (l->all || scopes != st->seen_scopes) {
        recount_all(st);
    } else {
        for (size_t i = 0; i < l->len; i++) {
            uncount_agent(st, l->list[i]);
            count_agent(st, l->list[i]);
        }
    }
    l->len = 0;
    l->all = false;
    st->seen_scopes = scopes;
}
