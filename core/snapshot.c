// SPDX-License-Identifier: MIT
// Serialising the state model. Caller numbers are in no structure this file reads from.
#include "core/snapshot.h"

#include "core/interval_log.h"
#include "core/state_fields.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The "now" figures beyond waiting and longest wait: the average current wait, agents logged in,
// and not-ready agents by reason.
static void
add_now_extras(cJSON *o, const struct core_people *p, uint64_t waiting, int64_t wait_sum_ms)
{
    if (waiting)
        cJSON_AddNumberToObject(o, "avg_wait_s",
                                floor((double)wait_sum_ms / (double)waiting / 100.0 + 0.5) / 10.0);
    else
        cJSON_AddNullToObject(o, "avg_wait_s");
    cJSON_AddItemToObject(o, "not_ready_reasons",
                          p->not_ready_reasons ? cJSON_Duplicate(p->not_ready_reasons, true)
                                               : cJSON_CreateObject());
    cJSON_AddNumberToObject(o, "logged_in", p->logged_in);
}

// Adds interval, previous_interval, today and yesterday to o (nothing before the first event).
static void
add_windows(cJSON *o, const struct core_state *st, const struct core_windows *w)
{
    const struct core_clock_windows *cw = &st->clock;
    if (cw->interval_end_ms == 0)
        return;
    int64_t len = cw->interval_end_ms - cw->interval_start_ms;
    const struct core_metrics_config *c = &st->metrics;
    cJSON_AddItemToObject(
        o, "interval",
        core_tally_json(&w->interval, c, cw->interval_start_ms, cw->interval_end_ms));
    cJSON_AddItemToObject(
        o, "previous_interval",
        core_tally_json(&w->previous, c, cw->interval_start_ms - len, cw->interval_start_ms));
    cJSON_AddItemToObject(o, "today",
                          core_tally_json(&w->today, c, cw->day_start_ms, cw->day_end_ms));
    cJSON_AddItemToObject(
        o, "yesterday",
        core_tally_json(&w->yesterday, c, cw->yesterday_start_ms, cw->day_start_ms));
}

cJSON *
core_snapshot_intervals(const struct core_state *st, const struct core_windows *w)
{
    const struct core_clock_windows *cw = &st->clock;
    const struct core_metrics_config *c = &st->metrics;
    int64_t len = (int64_t)st->metrics.interval_minutes * 60000;
    cJSON *o = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(o, "intervals");
    if (list == NULL) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddNumberToObject(o, "interval_minutes", st->metrics.interval_minutes);
    cJSON_AddNumberToObject(o, "now", (double)st->now_ms / 1000.0);
    cJSON_AddNumberToObject(o, "day_start", (double)cw->day_start_ms / 1000.0);
    cJSON_AddNumberToObject(o, "yesterday_start", (double)cw->yesterday_start_ms / 1000.0);
    if (cw->interval_end_ms == 0)
        return o; // no event yet
    static const struct core_tally empty;
    for (size_t i = 0; w->closed && i < w->closed->len; i++) {
        const struct core_interval_rec *r = &w->closed->recs[i];
        cJSON_AddItemToArray(list, core_tally_json(&r->t, c, r->start_ms, r->start_ms + len));
    }
    if (cw->has_previous && memcmp(&w->previous, &empty, sizeof(empty)) != 0)
        cJSON_AddItemToArray(list, core_tally_json(&w->previous, c, cw->interval_start_ms - len,
                                                   cw->interval_start_ms));
    cJSON_AddItemToArray(
        list, core_tally_json(&w->interval, c, cw->interval_start_ms, cw->interval_end_ms));
    return o;
}

// with_windows: its interval, day and previous windows too (a snapshot, or counted into since
// the last delta); a delta of a queue whose agents or waiting calls alone moved leaves them out
// (core/delta.c: absent means unchanged), and its 160 figures are neither built nor compared.
static cJSON *
queue_json(const struct core_state *st, const struct core_queue *q, bool with_windows)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    int64_t wait_ms = q->waiting ? st->now_ms - q->oldest_ms : 0;
    cJSON_AddNumberToObject(o, "waiting", (double)q->waiting);
    cJSON_AddNumberToObject(o, "longest_wait_s", wait_ms > 0 ? (double)(wait_ms / 1000) : 0);
    core_fields_put(o, q, core_queue_fields, core_queue_nfields, CORE_FIELDS_PUBLISHED);
    cJSON *agents = cJSON_AddObjectToObject(o, "agents");
    for (int i = 0; agents && i < CORE_AGENT_STATE_COUNT; i++)
        cJSON_AddNumberToObject(agents, core_agent_state_name(i), q->people.agents[i]);
    add_now_extras(o, &q->people, q->waiting, q->wait_sum_ms);
    cJSON_AddNumberToObject(o, "sl_threshold_s", core_state_sl_threshold(st, q->id));
    if (with_windows)
        add_windows(o, st, &q->w);
    return o;
}

static cJSON *
agent_json(const struct core_agent *a)
{
    cJSON *o = core_fields_json(a, core_agent_fields, core_agent_nfields, CORE_FIELDS_PUBLISHED);
    if (o == NULL)
        return NULL;
    cJSON *today = cJSON_AddObjectToObject(o, "today");
    if (today) {
        const struct core_agent_day *d = &a->today;
        cJSON_AddNumberToObject(today, "handled", (double)d->handled);
        if (d->handled)
            cJSON_AddNumberToObject(today, "aht_s",
                                    floor((d->talk_s + d->wrap_s) / (double)d->handled * 10 + 0.5) /
                                        10);
        else
            cJSON_AddNullToObject(today, "aht_s");
        if (d->busy_s + d->idle_s > 0)
            cJSON_AddNumberToObject(today, "occupancy", d->busy_s / (d->busy_s + d->idle_s));
        else
            cJSON_AddNullToObject(today, "occupancy");
        cJSON_AddNumberToObject(today, "missed_rings", (double)d->missed_rings);
    }
    // The last missed rings, newest first, for the drill-down.
    cJSON *missed = cJSON_AddArrayToObject(o, "missed_rings");
    for (uint64_t i = 0; missed && i < CORE_MISSED_KEPT && i < a->missed_next; i++) {
        const struct core_missed_ring *m = &a->missed[(a->missed_next - 1 - i) % CORE_MISSED_KEPT];
        cJSON *e = cJSON_CreateObject();
        if (e == NULL || !cJSON_AddItemToArray(missed, e)) {
            cJSON_Delete(e);
            break;
        }
        cJSON_AddNumberToObject(e, "at", (double)m->at_ms / 1000.0);
        cJSON_AddStringToObject(e, "queue", m->queue);
        cJSON_AddNumberToObject(e, "ring_s", m->ring_s);
    }
    return o;
}

cJSON *
core_counters_json(const struct core_counters *c)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "accepted", (double)c->accepted);
    cJSON_AddNumberToObject(o, "rejected", (double)c->rejected);
    cJSON_AddNumberToObject(o, "unmatched", (double)c->unmatched);
    cJSON_AddNumberToObject(o, "duplicates", (double)c->duplicates);
    cJSON_AddNumberToObject(o, "moved", (double)c->moved);
    cJSON_AddNumberToObject(o, "acks_refused", (double)c->acks_refused);
    cJSON *by = cJSON_AddObjectToObject(o, "rejected_by");
    for (int i = 1; by && i < CORE_E_COUNT; i++) {
        if (c->rejected_by[i])
            cJSON_AddNumberToObject(by, core_err_reason(i), (double)c->rejected_by[i]);
    }
    return o;
}

static bool
add_map(cJSON *msg, const char *name, const struct core_map *m, bool full,
        cJSON *(*to_json)(const struct core_state *, const void *, bool full),
        const struct core_state *st, bool (*is_dirty)(const struct core_state *, const void *))
{
    cJSON *obj = cJSON_AddObjectToObject(msg, name);
    if (obj == NULL)
        return false;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(m, &pos)) != NULL) {
        if (!full && !is_dirty(st, s->value))
            continue;
        cJSON *item = to_json(st, s->value, full);
        if (item == NULL || !cJSON_AddItemToObject(obj, s->key, item))
            return false;
    }
    return true;
}

static cJSON *
queue_to_json(const struct core_state *st, const void *v, bool full)
{
    const struct core_queue *q = v;
    return queue_json(st, q, full || q->windows_dirty);
}

// Dirty, or with a longest wait that has grown by a second since the last message.
static bool
queue_is_dirty(const struct core_state *st, const void *v)
{
    const struct core_queue *q = v;
    return q->dirty || (q->waiting > 0 && st->now_ms / 1000 != st->published_s);
}

static cJSON *
agent_to_json(const struct core_state *st, const void *v, bool full)
{
    (void)st, (void)full;
    return agent_json(v);
}

static bool
agent_is_dirty(const struct core_state *st, const void *v)
{
    (void)st;
    return ((const struct core_agent *)v)->dirty;
}

// Every agent, or (a delta) those changed since the last message, as core_state_agent_changed
// listed them.
static bool
add_changed_agents(cJSON *msg, const struct core_state *st, bool full)
{
    if (full || st->changed_agents.all)
        return add_map(msg, "agents", &st->agents, full, agent_to_json, st, agent_is_dirty);
    cJSON *obj = cJSON_AddObjectToObject(msg, "agents");
    for (size_t i = 0; obj && i < st->changed_agents.len; i++) {
        const struct core_agent *a = st->changed_agents.list[i];
        cJSON *item = agent_json(a);
        if (item == NULL || !cJSON_AddItemToObject(obj, a->id, item)) {
            cJSON_Delete(item);
            return false;
        }
    }
    return obj != NULL;
}

// What a channel, site or queue group has now: its calls waiting (how many, the longest and the
// sum of the waits), counted in one pass over the calls for all the scopes of a kind. (Agents by
// state in teams and sites come from core_state_refresh's pass over the agents.)
struct now_tally {
    uint64_t waiting;
    int64_t longest_ms, sum_ms;
};

// Which scope a call counts in: NULL for none. May write into buf.
typedef const char *(*call_scope_fn)(const struct core_call *c, char *buf, size_t size);

static const char *
channel_of(const struct core_call *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    return c->channel;
}

// In a roll-up, ids are "site/rest": the site, and the rest (a queue's name at every site).
static const char *
call_site(const struct core_call *c, char *buf, size_t size)
{
    return size >= CORE_SITE_MAX && core_site_split(c->queue, buf) ? buf : NULL;
}

static const char *
call_group(const struct core_call *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    const char *slash = strchr(c->queue, '/');
    return slash ? slash + 1 : NULL;
}

static void
tally_now(const struct core_state *st, call_scope_fn call_scope, struct core_map *out)
{
    char buf[CORE_ID_MAX];
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->calls, &pos)) != NULL) {
        const struct core_call *c = s->value;
        const char *key = c->status == CORE_CALL_WAITING ? call_scope(c, buf, sizeof(buf)) : NULL;
        struct now_tally *t = key ? core_map_get_or_add(out, key, sizeof(*t)) : NULL;
        if (t == NULL)
            continue;
        int64_t w = st->now_ms > c->enqueued_ms ? st->now_ms - c->enqueued_ms : 0;
        t->waiting++;
        t->sum_ms += w;
        t->longest_ms = w > t->longest_ms ? w : t->longest_ms;
    }
}

static void
add_waiting(cJSON *o, const struct now_tally *t)
{
    cJSON_AddNumberToObject(o, "waiting", (double)t->waiting);
    cJSON_AddNumberToObject(o, "longest_wait_s", (double)(t->longest_ms / 1000));
    if (t->waiting)
        cJSON_AddNumberToObject(o, "avg_wait_s",
                                floor((double)t->sum_ms / (double)t->waiting / 100.0 + 0.5) / 10.0);
    else
        cJSON_AddNullToObject(o, "avg_wait_s");
}

static void
add_agents(cJSON *o, const uint32_t agents[CORE_AGENT_STATE_COUNT])
{
    cJSON *by_state = cJSON_AddObjectToObject(o, "agents");
    for (int i = 0; by_state && i < CORE_AGENT_STATE_COUNT; i++)
        cJSON_AddNumberToObject(by_state, core_agent_state_name(i), agents[i]);
}

// Every scope of a kind (teams: agents; channels and queue groups: calls waiting; sites: both)
// with its windows.
static cJSON *
scopes_json(const struct core_state *st, const struct core_map *m, bool with_agents,
            call_scope_fn call_scope, bool only_dirty)
{
    struct core_map now;
    core_map_init(&now);
    if (call_scope)
        tally_now(st, call_scope, &now);
    static const struct now_tally none;
    cJSON *o = cJSON_CreateObject();
    size_t pos = 0;
    const struct core_map_slot *s;
    while (o && (s = core_map_next(m, &pos)) != NULL) {
        if (only_dirty && !((const struct core_scope *)s->value)->dirty)
            continue;
        cJSON *item = cJSON_CreateObject();
        if (item == NULL || !cJSON_AddItemToObject(o, s->key, item))
            break;
        const struct now_tally *t = core_map_get(&now, s->key);
        if (call_scope)
            add_waiting(item, t ? t : &none);
        if (with_agents)
            add_agents(item, ((const struct core_scope *)s->value)->agents);
        add_windows(item, st, &((const struct core_scope *)s->value)->w);
    }
    core_map_free_values(&now);
    return o;
}

// The whole site: waiting and agents now (each agent once), and its windows.
static cJSON *
site_json(const struct core_state *st)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    uint64_t waiting = 0;
    int64_t oldest = 0, wait_sum = 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->queues, &pos)) != NULL) {
        const struct core_queue *q = s->value;
        waiting += q->waiting;
        wait_sum += q->wait_sum_ms;
        if (q->waiting && (oldest == 0 || q->oldest_ms < oldest))
            oldest = q->oldest_ms;
    }
    int64_t wait_ms = waiting ? st->now_ms - oldest : 0;
    cJSON_AddNumberToObject(o, "waiting", (double)waiting);
    cJSON_AddNumberToObject(o, "longest_wait_s", wait_ms > 0 ? (double)(wait_ms / 1000) : 0);
    cJSON *by_state = cJSON_AddObjectToObject(o, "agents");
    for (int i = 0; by_state && i < CORE_AGENT_STATE_COUNT; i++)
        cJSON_AddNumberToObject(by_state, core_agent_state_name(i), st->site_people.agents[i]);
    add_now_extras(o, &st->site_people, waiting, wait_sum);
    add_windows(o, st, &st->site);
    return o;
}

static cJSON *
metrics_config_json(const struct core_metrics_config *c)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "interval_minutes", c->interval_minutes);
    cJSON_AddNumberToObject(o, "sl_threshold_s", c->sl_threshold_s);
    cJSON_AddNumberToObject(o, "short_abandon_s", c->short_abandon_s);
    cJSON_AddStringToObject(o, "sl_formula", core_sl_formula_name(c->sl_formula));
    cJSON_AddStringToObject(o, "sl_flowouts", c->sl_flowouts ? "included" : "excluded");
    cJSON_AddNumberToObject(o, "requeue_window_s", c->requeue_window_s);
    return o;
}

// The inputs' health, so screens can say a PBX link is down (apart from the collector).
static cJSON *
sources_json(const struct core_state *st)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < st->nsources; i++) {
        const struct core_source *src = &st->sources[i];
        cJSON *e = cJSON_AddObjectToObject(o, src->name);
        if (e == NULL)
            break;
        cJSON_AddBoolToObject(e, "up", src->up);
        cJSON_AddNumberToObject(e, "since", (double)src->since_ms / 1000.0);
        cJSON_AddNumberToObject(e, "events", (double)src->events);
        cJSON_AddNumberToObject(e, "errors", (double)src->errors);
        if (src->last_event_ms)
            cJSON_AddNumberToObject(e, "last_event", (double)src->last_event_ms / 1000.0);
        else
            cJSON_AddNullToObject(e, "last_event");
        cJSON_AddNumberToObject(e, "events_per_s", floor(src->events_per_s * 10 + 0.5) / 10);
        cJSON_AddStringToObject(e, "error", src->error);
    }
    return o;
}

#define KEYWORD_REGIONS_MAX 5 // regions listed per keyword, most first

// Where word was said from in window w: "word\x1fregion" entries of pairs, most first.
static cJSON *
regions_of(const char *word, const struct core_kw_entry *pairs, size_t npairs)
{
    cJSON *arr = cJSON_CreateArray();
    size_t len = strlen(word), shown = 0;
    for (size_t i = 0; arr && i < npairs && shown < KEYWORD_REGIONS_MAX; i++) {
        if (strncmp(pairs[i].word, word, len) != 0 || pairs[i].word[len] != '\x1f')
            continue;
        cJSON *e = cJSON_CreateObject();
        if (e == NULL || !cJSON_AddItemToArray(arr, e))
            break;
        cJSON_AddStringToObject(e, "region", pairs[i].word + len + 1);
        cJSON_AddNumberToObject(e, "count", (double)pairs[i].count);
        shown++;
    }
    return arr;
}

// A window's list: [{key_name: K, "count", "previous", "trend"(, "regions")}], most first.
static cJSON *
ranked_list(struct core_keywords *k, int w, const char *key_name, struct core_keywords *pairs)
{
    cJSON *arr = cJSON_CreateArray();
    struct core_kw_entry *top = malloc(CORE_KW_TOP_MAX * sizeof(*top));
    size_t n = top ? core_keywords_top(k, w, top, (size_t)k->cfg.top_k) : 0;
    struct core_kw_entry *by_region = NULL;
    size_t nby = 0;
    if (pairs && n && pairs->words.len) {
        by_region = malloc(pairs->words.len * sizeof(*by_region));
        nby = by_region ? core_keywords_top(pairs, w, by_region, pairs->words.len) : 0;
    }
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *e = cJSON_CreateObject();
        if (e == NULL || !cJSON_AddItemToArray(arr, e))
            break;
        cJSON_AddStringToObject(e, key_name, top[i].word);
        cJSON_AddNumberToObject(e, "count", (double)top[i].count);
        cJSON_AddNumberToObject(e, "previous", (double)top[i].previous);
        cJSON_AddStringToObject(e, "trend", core_trend_name(top[i].trend));
        if (pairs)
            cJSON_AddItemToObject(e, "regions", regions_of(top[i].word, by_region, nby));
    }
    free(by_region);
    free(top);
    return arr;
}

static cJSON *
keyword_list(struct core_keywords *k, int w, struct core_keywords *pairs)
{
    return ranked_list(k, w, "word", pairs);
}

// "regions": calls by caller region in the main window; "region_windows": every window's.
static bool
add_regions(cJSON *msg, struct core_keywords *k)
{
    if (!cJSON_AddItemToObject(msg, "regions", ranked_list(k, 0, "region", NULL)))
        return false;
    cJSON *windows = cJSON_AddObjectToObject(msg, "region_windows");
    for (int w = 0; windows && w < k->cfg.nwindows; w++) {
        char name[16];
        snprintf(name, sizeof(name), "%d", k->cfg.window_min[w]);
        cJSON_AddItemToObject(windows, name, ranked_list(k, w, "region", NULL));
    }
    return windows != NULL;
}

// "keywords": the main window's list; "keyword_windows": every window's, by its minutes.
static bool
add_keywords(cJSON *msg, struct core_keywords *k, struct core_keywords *pairs)
{
    if (!cJSON_AddItemToObject(msg, "keywords", keyword_list(k, 0, pairs)))
        return false;
    cJSON *windows = cJSON_AddObjectToObject(msg, "keyword_windows");
    for (int w = 0; windows && w < k->cfg.nwindows; w++) {
        char name[16];
        snprintf(name, sizeof(name), "%d", k->cfg.window_min[w]);
        cJSON_AddItemToObject(windows, name, keyword_list(k, w, pairs));
    }
    return windows != NULL;
}

cJSON *
core_snapshot_build(struct core_state *st, bool full, uint64_t run_id, uint64_t seq)
{
    core_state_refresh(st);
    cJSON *msg = cJSON_CreateObject();
    if (msg == NULL)
        return NULL;
    bool ok = cJSON_AddNumberToObject(msg, "v", CORE_SNAPSHOT_VERSION) &&
              cJSON_AddStringToObject(msg, "kind", full ? "snapshot" : "delta") &&
              cJSON_AddNumberToObject(msg, "run", (double)run_id) &&
              cJSON_AddNumberToObject(msg, "seq", (double)seq) &&
              cJSON_AddNumberToObject(msg, "now", (double)st->now_ms / 1000.0) &&
              add_map(msg, "queues", &st->queues, full, queue_to_json, st, queue_is_dirty) &&
              add_changed_agents(msg, st, full);
    if (ok && (full || st->keywords_dirty || st->keywords.dirty))
        ok = add_keywords(msg, &st->keywords, &st->keyword_regions);
    if (ok && (full || st->regions_dirty || st->region_windows.dirty))
        ok = add_regions(msg, &st->region_windows);
    // The site's longest wait grows with the clock, like the queues'.
    bool tick = st->now_ms / 1000 != st->published_s;
    if (ok && (full || st->counters_dirty || tick))
        ok = cJSON_AddItemToObject(msg, "site", site_json(st));
    if (ok && (full || st->counters_dirty))
        ok = cJSON_AddItemToObject(msg, "collector", core_counters_json(&st->counters)) &&
             cJSON_AddItemToObject(msg, "teams", scopes_json(st, &st->teams, true, NULL, !full)) &&
             cJSON_AddItemToObject(msg, "channels",
                                   scopes_json(st, &st->channels, false, channel_of, false));
    if (ok && (full || st->counters_dirty) && st->by_site) // a roll-up of sites
        ok = cJSON_AddItemToObject(msg, "sites",
                                   scopes_json(st, &st->sites, true, call_site, false)) &&
             cJSON_AddItemToObject(msg, "queue_groups",
                                   scopes_json(st, &st->queue_groups, false, call_group, false));
    if (ok && full)
        ok = cJSON_AddItemToObject(msg, "metrics", metrics_config_json(&st->metrics));
    if (ok && st->alerts && (full || st->alerts->dirty))
        ok = cJSON_AddItemToObject(msg, "alerts", core_alerts_json(st->alerts));
    if (ok && (full || st->counters_dirty) && st->nsources)
        ok = cJSON_AddItemToObject(msg, "sources", sources_json(st));
    if (!ok) {
        cJSON_Delete(msg);
        return NULL;
    }
    return msg;
}

char *
core_snapshot_print(struct core_state *st, uint64_t run_id, uint64_t seq, bool pretty)
{
    cJSON *msg = core_snapshot_build(st, true, run_id, seq);
    if (msg == NULL)
        return NULL;
    char *text = pretty ? cJSON_Print(msg) : cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    return text;
}
