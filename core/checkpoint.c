// SPDX-License-Identifier: MIT
// The state model to JSON and back: the fields' tables (core/state_fields.h) for the structs, and
// here what only a restart needs around them (calls, agents' days, scopes, clock, recent ids). A
// checkpoint is read only by the same version that wrote it ("v"); anything else is refused and the
// journal is replayed instead.
#include "core/checkpoint.h"

#include "core/interval_log.h"
#include "core/json_write.h"
#include "core/snapshot.h"
#include "core/state_fields.h"
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

// A count: a whole number from 0 to 2^53.
static uint64_t
cnt(const cJSON *o, const char *k)
{
    double v = core_fields_number(o, k);
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
    return core_fields_json(t, core_tally_fields, core_tally_nfields, CORE_FIELDS_CHECKPOINT);
}

static const char *const win_keys[4] = {"interval", "previous", "today", "yesterday"};

static cJSON *
windows_json(const struct core_windows *w)
{
    const struct core_tally *t[4] = {&w->interval, &w->previous, &w->today, &w->yesterday};
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; o && i < 4; i++)
        cJSON_AddItemToObject(o, win_keys[i], tally_json(t[i]));
    const struct core_interval_log *log = w->closed;
    cJSON *closed = log && log->len ? cJSON_AddArrayToObject(o, "closed") : NULL;
    for (size_t i = 0; closed && i < log->len; i++) {
        cJSON *r = tally_json(&log->recs[i].t);
        if (r)
            put(r, "start_ms", (double)log->recs[i].start_ms);
        cJSON_AddItemToArray(closed, r);
    }
    return o;
}

static int
windows_read(const cJSON *o, struct core_windows *w)
{
    struct core_tally *t[4] = {&w->interval, &w->previous, &w->today, &w->yesterday};
    for (int i = 0; i < 4; i++)
        core_fields_get(cJSON_GetObjectItemCaseSensitive(o, win_keys[i]), t[i], core_tally_fields,
                        core_tally_nfields);
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(o, "closed"))
    {
        struct core_tally closed = {0};
        core_fields_get(r, &closed, core_tally_fields, core_tally_nfields);
        if (w->closed == NULL && (w->closed = calloc(1, sizeof(*w->closed))) == NULL)
            return CORE_E_NOMEM;
        if (core_interval_log_add(w->closed, (int64_t)core_fields_number(r, "start_ms"), &closed))
            return CORE_E_NOMEM;
    }
    return 0;
}

static cJSON *
queue_json(const struct core_queue *q)
{
    cJSON *o = core_fields_json(q, core_queue_fields, core_queue_nfields, CORE_FIELDS_CHECKPOINT);
    if (o)
        cJSON_AddItemToObject(o, "w", windows_json(&q->w));
    return o;
}

static cJSON *
call_json(const struct core_call *c)
{
    return core_fields_json(c, core_call_fields, core_call_nfields, CORE_FIELDS_CHECKPOINT);
}

static cJSON *
agent_json(const struct core_agent *a)
{
    cJSON *o = core_fields_json(a, core_agent_fields, core_agent_nfields, CORE_FIELDS_CHECKPOINT);
    if (o == NULL)
        return NULL;
    cJSON *missed = cJSON_AddArrayToObject(o, "missed"); // the ring of last missed rings, by slot
    for (int i = 0; missed && i < CORE_MISSED_KEPT; i++) {
        cJSON *m = core_fields_json(&a->missed[i], core_missed_fields, core_missed_nfields,
                                    CORE_FIELDS_CHECKPOINT);
        if (m == NULL || !cJSON_AddItemToArray(missed, m)) {
            cJSON_Delete(m);
            missed = NULL;
        }
    }
    if (missed == NULL) {
        cJSON_Delete(o);
        return NULL;
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
static bool
agent_history(const void *v, FILE *f)
{
    return fputs("\"history\":", f) >= 0 &&
           core_history_write(&((const struct core_agent *)v)->history, f);
}
static cJSON *
scope_any(const void *v)
{
    return windows_json(&((const struct core_scope *)v)->w);
}
static cJSON *
clock_json(const struct core_state *st)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    put(o, "now", (double)st->now_ms);
    core_fields_put(o, &st->clock, core_clock_fields, core_clock_nfields, CORE_FIELDS_CHECKPOINT);
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

// The checkpoint is written member by member, each a small tree printed and freed before the
// next: a tree of the whole state cost three times the state's own memory at every checkpoint.
struct writer {
    FILE *f;
    bool first; // no comma before the next member
    bool ok;
};

static void
write_key(struct writer *w, const char *key)
{
    w->ok = w->ok && fputs(w->first ? "" : ",", w->f) >= 0 && core_json_write_string(w->f, key) &&
            fputc(':', w->f) != EOF;
    w->first = false;
}

// The windows of words and regions: their once-per-call memories are tens of thousands of
// entries, written without a tree.
static void
write_keywords(struct writer *w, const char *key, const struct core_keywords *k)
{
    write_key(w, key);
    w->ok = w->ok && core_keywords_write_checkpoint(k, w->f) == 0;
}

// Writes "key":tree and frees tree (NULL: out of memory).
static void
write_tree(struct writer *w, const char *key, cJSON *tree)
{
    char *text = tree ? cJSON_PrintUnformatted(tree) : NULL;
    cJSON_Delete(tree);
    write_key(w, key);
    w->ok = w->ok && text && fputs(text, w->f) >= 0;
    cJSON_free(text);
}

// Each entry's tree; then (tail, for agents: the day's history, too long for a tree) members
// written straight after the tree's own, before its closing brace.
static void
write_map(struct writer *w, const char *key, const struct core_map *m,
          cJSON *(*to_json)(const void *), bool (*tail)(const void *value, FILE *f))
{
    write_key(w, key);
    struct writer inner = {.f = w->f, .first = true, .ok = w->ok && fputc('{', w->f) != EOF};
    size_t pos = 0;
    const struct core_map_slot *s;
    while (inner.ok && (s = core_map_next(m, &pos)) != NULL) {
        if (tail == NULL) {
            write_tree(&inner, s->key, to_json(s->value));
            continue;
        }
        cJSON *tree = to_json(s->value);
        char *text = tree ? cJSON_PrintUnformatted(tree) : NULL;
        cJSON_Delete(tree);
        size_t len = text ? strlen(text) : 0;
        write_key(&inner, s->key);
        // {...} without its closing brace, then ,"member":...}
        inner.ok = inner.ok && len >= 2 && fwrite(text, 1, len - 1, w->f) == len - 1 &&
                   (len == 2 || fputc(',', w->f) != EOF) && tail(s->value, w->f) &&
                   fputc('}', w->f) != EOF;
        cJSON_free(text);
    }
    w->ok = inner.ok && fputc('}', w->f) != EOF;
}

int
core_checkpoint_write(const struct core_state *st, FILE *f)
{
    struct writer w = {.f = f, .first = true, .ok = fputc('{', f) != EOF};
    write_tree(&w, "v", cJSON_CreateNumber(CHECKPOINT_VERSION));
    write_tree(&w, "clock", clock_json(st));
    write_tree(&w, "counters", core_counters_json(&st->counters));
    write_map(&w, "queues", &st->queues, queue_any, NULL);
    write_map(&w, "calls", &st->calls, call_any, NULL);
    write_map(&w, "agents", &st->agents, agent_any, agent_history);
    write_map(&w, "teams", &st->teams, scope_any, NULL);
    write_map(&w, "channels", &st->channels, scope_any, NULL);
    write_map(&w, "sites", &st->sites, scope_any, NULL);
    write_map(&w, "queue_groups", &st->queue_groups, scope_any, NULL);
    write_tree(&w, "by_site", cJSON_CreateBool(st->by_site));
    write_tree(&w, "site", windows_json(&st->site));
    write_keywords(&w, "keywords", &st->keywords);
    write_keywords(&w, "regions", &st->region_windows);
    write_keywords(&w, "keyword_regions", &st->keyword_regions);
    write_tree(&w, "recent", recent_json(st));
    return w.ok && fputc('}', f) != EOF ? 0 : -1;
}

static int
core_checkpoint_write_any(const void *obj, FILE *f)
{
    return core_checkpoint_write(obj, f);
}

cJSON *
core_checkpoint_build(const struct core_state *st)
{
    return core_json_tree_of(core_checkpoint_write_any, st);
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
        core_fields_get(m, q, core_queue_fields, core_queue_nfields);
        if (windows_read(cJSON_GetObjectItemCaseSensitive(m, "w"), &q->w) != 0)
            return CORE_E_NOMEM;
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
        if (core_map_get(&st->calls, c->id)) { // a damaged file: two ids alike in 127 bytes
            free(c);
            continue;
        }
        core_fields_get(m, c, core_call_fields, core_call_nfields);
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
        core_fields_get(m, a, core_agent_fields, core_agent_nfields);
        const cJSON *q;
        cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(m, "queues"))
        {
            const struct core_queue *queue = cJSON_IsString(q) && a->nqueues < CORE_QUEUES_MAX &&
                                                     strlen(q->valuestring) < CORE_ID_MAX
                                                 ? core_state_queue(st, q->valuestring)
                                                 : NULL;
            if (queue)
                a->queues[a->nqueues++] = queue->id;
        }
        const cJSON *ring;
        int slot = 0;
        cJSON_ArrayForEach(ring, cJSON_GetObjectItemCaseSensitive(m, "missed"))
        {
            if (slot < CORE_MISSED_KEPT)
                core_fields_get(ring, &a->missed[slot++], core_missed_fields, core_missed_nfields);
        }
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
        if (windows_read(item, w) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}

static void
load_clock_and_counters(struct core_state *st, const cJSON *cp)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(cp, "clock");
    st->now_ms = (int64_t)core_fields_number(c, "now");
    core_fields_get(c, &st->clock, core_clock_fields, core_clock_nfields);
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(cp, "counters");
    st->counters.accepted = cnt(k, "accepted");
    st->counters.rejected = cnt(k, "rejected");
    st->counters.unmatched = cnt(k, "unmatched");
    st->counters.duplicates = cnt(k, "duplicates");
    st->counters.moved = cnt(k, "moved");
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
        slot->ts_ms = (int64_t)core_fields_number(t, "ts");
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
        rc = windows_read(cJSON_GetObjectItemCaseSensitive(cp, "site"), &st->site);
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
    if (rc == 0) // the state's settings (thresholds, re-queue window) are set before a load
        rc = core_state_rebuild_timers(st);
    if (rc != 0)
        return core_err_set(err, rc, "out of memory loading the checkpoint");
    st->counters_dirty = st->keywords_dirty = st->regions_dirty = true;
    st->recount.all = true; // the agents' figures are counted from scratch
    return 0;
}
