// SPDX-License-Identifier: MIT
// The state model to JSON and back, field by field. A checkpoint is read only by the same
// version that wrote it ("v"); anything else is refused and the journal is replayed instead.
#include "core/checkpoint.h"

#include "core/snapshot.h"
#include "core/state_metrics.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKPOINT_VERSION 1

// Whole numbers (counts, milliseconds) are exact as JSON numbers.
static void
put(cJSON *o, const char *k, double v)
{
    cJSON_AddNumberToObject(o, k, v);
}

// Sums of seconds are written as hexadecimal floats ("%a"): cJSON prints 15 significant digits
// when that reads back *nearly* equal, and a restored sum must be equal to the last bit.
static void
put_exact(cJSON *o, const char *k, double v)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "%a", v);
    cJSON_AddStringToObject(o, k, buf);
}

static double
got_exact(const cJSON *o, const char *k)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
    double v = s ? strtod(s, NULL) : 0;
    return isfinite(v) ? v : 0; // a damaged file: no NaN or infinity into the sums
}

static double
get(const cJSON *o, const char *k)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, k)) * 1.0;
}

// A number member, 0 when absent; clamped to ±2^53 so that no damaged value can overflow the
// integer it is stored in.
static double
got(const cJSON *o, const char *k)
{
    double v = get(o, k);
    if (!(v == v))
        return 0;
    return v > 9007199254740992.0    ? 9007199254740992.0
           : v < -9007199254740992.0 ? -9007199254740992.0
                                     : v;
}

// A count: a whole number from 0 to 2^53.
static uint64_t
cnt(const cJSON *o, const char *k)
{
    double v = got(o, k);
    return v > 0 ? (uint64_t)v : 0;
}

static void
get_str(const cJSON *o, const char *k, char *dst, size_t size)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
    snprintf(dst, size, "%s", v ? v : "");
}

static cJSON *
tally_json(const struct core_tally *t)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    put(o, "offered", (double)t->offered);
    put(o, "answered", (double)t->answered);
    put(o, "abandoned", (double)t->abandoned);
    put(o, "short", (double)t->short_abandoned);
    put(o, "ans_sl", (double)t->answered_in_sl);
    put(o, "ab_sl", (double)t->abandoned_in_sl);
    put(o, "transfers", (double)t->transfers);
    put(o, "handled", (double)t->handled);
    put_exact(o, "wait", t->answer_wait_s);
    put_exact(o, "talk", t->talk_s);
    put_exact(o, "hold", t->hold_s);
    put_exact(o, "wrap", t->wrap_s);
    put_exact(o, "longest", t->longest_wait_s);
    put_exact(o, "busy", t->busy_s);
    put_exact(o, "idle", t->idle_s);
    return o;
}

static void
tally_read(const cJSON *o, struct core_tally *t)
{
    t->offered = cnt(o, "offered");
    t->answered = cnt(o, "answered");
    t->abandoned = cnt(o, "abandoned");
    t->short_abandoned = cnt(o, "short");
    t->answered_in_sl = cnt(o, "ans_sl");
    t->abandoned_in_sl = cnt(o, "ab_sl");
    t->transfers = cnt(o, "transfers");
    t->handled = cnt(o, "handled");
    t->answer_wait_s = got_exact(o, "wait");
    t->talk_s = got_exact(o, "talk");
    t->hold_s = got_exact(o, "hold");
    t->wrap_s = got_exact(o, "wrap");
    t->longest_wait_s = got_exact(o, "longest");
    t->busy_s = got_exact(o, "busy");
    t->idle_s = got_exact(o, "idle");
}

static const char *const win_keys[4] = {"interval", "previous", "today", "yesterday"};

static cJSON *
windows_json(const struct core_windows *w)
{
    const struct core_tally *t[4] = {&w->interval, &w->previous, &w->today, &w->yesterday};
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; o && i < 4; i++)
        cJSON_AddItemToObject(o, win_keys[i], tally_json(t[i]));
    return o;
}

static void
windows_read(const cJSON *o, struct core_windows *w)
{
    struct core_tally *t[4] = {&w->interval, &w->previous, &w->today, &w->yesterday};
    for (int i = 0; i < 4; i++)
        tally_read(cJSON_GetObjectItemCaseSensitive(o, win_keys[i]), t[i]);
}

static cJSON *
strings_json(size_t n, const char (*items)[CORE_ID_MAX])
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
    return a;
}

static cJSON *
queue_json(const struct core_queue *q)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    put(o, "offered", (double)q->offered);
    put(o, "answered", (double)q->answered);
    put(o, "abandoned", (double)q->abandoned);
    put(o, "transferred", (double)q->transferred);
    cJSON_AddItemToObject(o, "w", windows_json(&q->w));
    return o;
}

static cJSON *
call_json(const struct core_call *c)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "queue", c->queue);
    cJSON_AddStringToObject(o, "agent", c->agent);
    cJSON_AddStringToObject(o, "channel", c->channel);
    cJSON_AddStringToObject(o, "team", c->team);
    put(o, "status", c->status);
    put(o, "enqueued", (double)c->enqueued_ms);
    put(o, "answered", (double)c->answered_ms);
    put(o, "held", (double)c->held_ms);
    put(o, "hold_total", (double)c->hold_total_ms);
    return o;
}

static cJSON *
agent_json(const struct core_agent *a)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "name", a->name);
    cJSON_AddStringToObject(o, "team", a->team);
    cJSON_AddStringToObject(o, "reason", a->reason);
    put(o, "state", a->state);
    put(o, "since", (double)a->since_ms);
    cJSON_AddItemToObject(o, "queues", strings_json(a->nqueues, a->queues));
    put(o, "accounted", (double)a->accounted_ms);
    put(o, "handled", (double)a->today.handled);
    put_exact(o, "talk", a->today.talk_s);
    put_exact(o, "wrap", a->today.wrap_s);
    put_exact(o, "busy", a->today.busy_s);
    put_exact(o, "idle", a->today.idle_s);
    put(o, "wrapping", a->wrapping);
    cJSON_AddStringToObject(o, "wrap_queue", a->wrap_queue);
    cJSON_AddStringToObject(o, "wrap_channel", a->wrap_channel);
    cJSON *history = core_history_json(&a->history);
    if (history == NULL || !cJSON_AddItemToObject(o, "history", history)) {
        cJSON_Delete(history);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *
map_json(const struct core_map *m, cJSON *(*to_json)(const void *))
{
    cJSON *o = cJSON_CreateObject();
    size_t pos = 0;
    const struct core_map_slot *s;
    while (o && (s = core_map_next(m, &pos)) != NULL) {
        cJSON *item = to_json(s->value);
        if (item == NULL || !cJSON_AddItemToObject(o, s->key, item)) {
            cJSON_Delete(item);
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

static cJSON *
queue_any(const void *v)
{
    return queue_json(v);
}
static cJSON *
call_any(const void *v)
{
    return call_json(v);
}
static cJSON *
agent_any(const void *v)
{
    return agent_json(v);
}
static cJSON *
scope_any(const void *v)
{
    return windows_json(&((const struct core_scope *)v)->w);
}
static cJSON *
clock_json(const struct core_state *st)
{
    const struct core_clock_windows *c = &st->clock;
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    put(o, "now", (double)st->now_ms);
    put(o, "interval_start", (double)c->interval_start_ms);
    put(o, "interval_end", (double)c->interval_end_ms);
    put(o, "day_start", (double)c->day_start_ms);
    put(o, "day_end", (double)c->day_end_ms);
    put(o, "yesterday_start", (double)c->yesterday_start_ms);
    put(o, "has_previous", c->has_previous);
    put(o, "has_yesterday", c->has_yesterday);
    return o;
}

// Recent texts and ids, oldest first.
static cJSON *
recent_json(const struct core_state *st)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *texts = o ? cJSON_AddArrayToObject(o, "texts") : NULL;
    for (uint64_t i = st->ntexts > CORE_TEXTS_KEPT ? st->ntexts - CORE_TEXTS_KEPT : 0;
         texts && i < st->ntexts; i++) {
        const struct core_text *t = &st->texts[i % CORE_TEXTS_KEPT];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToArray(texts, e);
        put(e, "ts", (double)t->ts_ms);
        cJSON_AddStringToObject(e, "call", t->call);
        cJSON_AddStringToObject(e, "speaker", t->speaker);
        cJSON_AddStringToObject(e, "text", t->text ? t->text : "");
    }
    cJSON *ids = o ? cJSON_AddArrayToObject(o, "ids") : NULL;
    for (size_t k = 0; ids && k < st->id_cap; k++) {
        const char *id = st->id_ring[(st->id_next + k) % st->id_cap];
        if (id)
            cJSON_AddItemToArray(ids, cJSON_CreateString(id));
    }
    return o;
}

cJSON *
core_checkpoint_build(const struct core_state *st)
{
    cJSON *cp = cJSON_CreateObject();
    if (cp == NULL)
        return NULL;
    bool ok = cJSON_AddNumberToObject(cp, "v", CHECKPOINT_VERSION) &&
              cJSON_AddItemToObject(cp, "clock", clock_json(st)) &&
              cJSON_AddItemToObject(cp, "counters", core_counters_json(&st->counters)) &&
              cJSON_AddItemToObject(cp, "queues", map_json(&st->queues, queue_any)) &&
              cJSON_AddItemToObject(cp, "calls", map_json(&st->calls, call_any)) &&
              cJSON_AddItemToObject(cp, "agents", map_json(&st->agents, agent_any)) &&
              cJSON_AddItemToObject(cp, "teams", map_json(&st->teams, scope_any)) &&
              cJSON_AddItemToObject(cp, "channels", map_json(&st->channels, scope_any)) &&
              cJSON_AddItemToObject(cp, "sites", map_json(&st->sites, scope_any)) &&
              cJSON_AddItemToObject(cp, "queue_groups", map_json(&st->queue_groups, scope_any)) &&
              cJSON_AddBoolToObject(cp, "by_site", st->by_site) &&
              cJSON_AddItemToObject(cp, "site", windows_json(&st->site)) &&
              cJSON_AddItemToObject(cp, "keywords", core_keywords_checkpoint(&st->keywords)) &&
              cJSON_AddItemToObject(cp, "regions", core_keywords_checkpoint(&st->region_windows)) &&
              cJSON_AddItemToObject(cp, "keyword_regions",
                                    core_keywords_checkpoint(&st->keyword_regions)) &&
              cJSON_AddItemToObject(cp, "recent", recent_json(st));
    if (!ok) {
        cJSON_Delete(cp);
        return NULL;
    }
    return cp;
}

static int
load_queues(struct core_state *st, const cJSON *o)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o)
    {
        if (m->string == NULL) // a damaged file: only named members are entries
            continue;
        struct core_queue *q = core_state_queue(st, m->string);
        if (q == NULL)
            return CORE_E_NOMEM;
        q->offered = cnt(m, "offered");
        q->answered = cnt(m, "answered");
        q->abandoned = cnt(m, "abandoned");
        q->transferred = cnt(m, "transferred");
        windows_read(cJSON_GetObjectItemCaseSensitive(m, "w"), &q->w);
    }
    return 0;
}

static int
load_calls(struct core_state *st, const cJSON *o)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o)
    {
        if (m->string == NULL || core_map_get(&st->calls, m->string)) // unnamed, or repeated
            continue;
        struct core_call *c = calloc(1, sizeof(*c));
        if (c == NULL)
            return CORE_E_NOMEM;
        snprintf(c->id, sizeof(c->id), "%s", m->string);
        get_str(m, "queue", c->queue, sizeof(c->queue));
        get_str(m, "agent", c->agent, sizeof(c->agent));
        get_str(m, "channel", c->channel, sizeof(c->channel));
        get_str(m, "team", c->team, sizeof(c->team));
        c->status = got(m, "status") ? CORE_CALL_CONNECTED : CORE_CALL_WAITING;
        c->enqueued_ms = (int64_t)got(m, "enqueued");
        c->answered_ms = (int64_t)got(m, "answered");
        c->held_ms = (int64_t)got(m, "held");
        c->hold_total_ms = (int64_t)got(m, "hold_total");
        if (core_map_put(&st->calls, c->id, c) != 0) {
            free(c);
            return CORE_E_NOMEM;
        }
    }
    return 0;
}

static int
load_agents(struct core_state *st, const cJSON *o)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o)
    {
        if (m->string == NULL || core_map_get(&st->agents, m->string))
            continue;
        struct core_agent *a = calloc(1, sizeof(*a));
        if (a == NULL)
            return CORE_E_NOMEM;
        snprintf(a->id, sizeof(a->id), "%s", m->string);
        get_str(m, "name", a->name, sizeof(a->name));
        get_str(m, "team", a->team, sizeof(a->team));
        get_str(m, "reason", a->reason, sizeof(a->reason));
        double state = got(m, "state");
        a->state = state >= 0 && state <= CORE_AGENT_STATE_COUNT ? (enum core_agent_state)state
                                                                 : CORE_AGENT_LOGGED_OUT;
        a->since_ms = (int64_t)got(m, "since");
        const cJSON *q;
        cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(m, "queues"))
        {
            if (cJSON_IsString(q) && a->nqueues < CORE_QUEUES_MAX)
                snprintf(a->queues[a->nqueues++], CORE_ID_MAX, "%s", q->valuestring);
        }
        a->accounted_ms = (int64_t)got(m, "accounted");
        a->today =
            (struct core_agent_day){cnt(m, "handled"), got_exact(m, "talk"), got_exact(m, "wrap"),
                                    got_exact(m, "busy"), got_exact(m, "idle")};
        a->wrapping = got(m, "wrapping") != 0;
        get_str(m, "wrap_queue", a->wrap_queue, sizeof(a->wrap_queue));
        get_str(m, "wrap_channel", a->wrap_channel, sizeof(a->wrap_channel));
        if (core_history_from_json(&a->history, cJSON_GetObjectItemCaseSensitive(m, "history")) !=
                0 ||
            core_map_put(&st->agents, a->id, a) != 0) {
            core_history_fini(&a->history);
            free(a);
            return CORE_E_NOMEM;
        }
    }
    return 0;
}

static int
load_scopes(struct core_map *m, const cJSON *o)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, o)
    {
        if (item->string == NULL)
            continue;
        struct core_windows *w = core_sm_scope(m, item->string);
        if (w == NULL)
            return CORE_E_NOMEM;
        windows_read(item, w);
    }
    return 0;
}

static void
load_clock_and_counters(struct core_state *st, const cJSON *cp)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(cp, "clock");
    struct core_clock_windows *cw = &st->clock;
    st->now_ms = (int64_t)got(c, "now");
    cw->interval_start_ms = (int64_t)got(c, "interval_start");
    cw->interval_end_ms = (int64_t)got(c, "interval_end");
    cw->day_start_ms = (int64_t)got(c, "day_start");
    cw->day_end_ms = (int64_t)got(c, "day_end");
    cw->yesterday_start_ms = (int64_t)got(c, "yesterday_start");
    cw->has_previous = got(c, "has_previous") != 0;
    cw->has_yesterday = got(c, "has_yesterday") != 0;
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(cp, "counters");
    st->counters.accepted = cnt(k, "accepted");
    st->counters.rejected = cnt(k, "rejected");
    st->counters.unmatched = cnt(k, "unmatched");
    st->counters.duplicates = cnt(k, "duplicates");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(k, "rejected_by");
    for (int i = 1; i < CORE_E_COUNT; i++)
        st->counters.rejected_by[i] = cnt(by, core_err_reason(i));
}

static int
load_recent(struct core_state *st, const cJSON *o)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(o, "texts"))
    {
        struct core_text *slot = &st->texts[st->ntexts % CORE_TEXTS_KEPT];
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "text"));
        free(slot->text);
        slot->text = strdup(text ? text : "");
        if (slot->text == NULL)
            return CORE_E_NOMEM;
        slot->ts_ms = (int64_t)got(t, "ts");
        get_str(t, "call", slot->call, sizeof(slot->call));
        get_str(t, "speaker", slot->speaker, sizeof(slot->speaker));
        st->ntexts++;
    }
    const cJSON *id;
    cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(o, "ids"))
    {
        struct core_event ev;
        memset(&ev, 0, offsetof(struct core_event, queues));
        if (!cJSON_IsString(id))
            continue;
        snprintf(ev.id, sizeof(ev.id), "%s", id->valuestring);
        ev.ts_ms = st->now_ms; // within the windows: only the id is looked at
        core_state_check_event(st, &ev, NULL);
    }
    return 0;
}

int
core_checkpoint_load(struct core_state *st, const cJSON *cp, struct core_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cp, "v");
    if (!cJSON_IsObject(cp) || !cJSON_IsNumber(v) || v->valueint != CHECKPOINT_VERSION)
        return core_err_set(err, CORE_E_INVALID, "not a version %d checkpoint", CHECKPOINT_VERSION);
    load_clock_and_counters(st, cp);
    int rc = load_queues(st, cJSON_GetObjectItemCaseSensitive(cp, "queues"));
    if (rc == 0)
        rc = load_calls(st, cJSON_GetObjectItemCaseSensitive(cp, "calls"));
    if (rc == 0)
        rc = load_agents(st, cJSON_GetObjectItemCaseSensitive(cp, "agents"));
    if (rc == 0)
        rc = load_scopes(&st->teams, cJSON_GetObjectItemCaseSensitive(cp, "teams"));
    if (rc == 0)
        rc = load_scopes(&st->channels, cJSON_GetObjectItemCaseSensitive(cp, "channels"));
    if (rc == 0) // a checkpoint from before roll-ups has none: fine
        rc = load_scopes(&st->sites, cJSON_GetObjectItemCaseSensitive(cp, "sites"));
    if (rc == 0)
        rc = load_scopes(&st->queue_groups, cJSON_GetObjectItemCaseSensitive(cp, "queue_groups"));
    st->by_site = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cp, "by_site"));
    if (rc == 0)
        windows_read(cJSON_GetObjectItemCaseSensitive(cp, "site"), &st->site);
    if (rc == 0)
        rc = core_keywords_restore(&st->keywords, cJSON_GetObjectItemCaseSensitive(cp, "keywords"));
    if (rc == 0)
        rc = core_keywords_restore(&st->region_windows,
                                   cJSON_GetObjectItemCaseSensitive(cp, "regions"));
    if (rc == 0)
        rc = core_keywords_restore(&st->keyword_regions,
                                   cJSON_GetObjectItemCaseSensitive(cp, "keyword_regions"));
    if (rc == 0)
        rc = load_recent(st, cJSON_GetObjectItemCaseSensitive(cp, "recent"));
    if (rc != 0)
        return core_err_set(err, rc, "out of memory loading the checkpoint");
    st->counters_dirty = st->keywords_dirty = st->regions_dirty = true;
    return 0;
}
