// SPDX-License-Identifier: MIT
// Snapshot JSON to struct core_view. Tolerant by design: the screen must keep drawing what
// it can from a message that is missing parts.
#include "core/view.h"

#include "core/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A number member, clamped to [0, 2^53]: counts and times are never negative, and nothing a
// message says may overflow the integers it is stored in.
static double
number_of(const cJSON *item)
{
    if (!cJSON_IsNumber(item) || !(item->valuedouble > 0))
        return 0;
    return item->valuedouble < 9007199254740992.0 ? item->valuedouble : 9007199254740992.0;
}

static double
num(const cJSON *obj, const char *key)
{
    return number_of(cJSON_GetObjectItemCaseSensitive(obj, key));
}

// A small count or a number of seconds: clamped to what an int holds (a message may say
// anything; converting an out-of-range double is undefined).
static int
num_int(const cJSON *obj, const char *key)
{
    double v = num(obj, key);
    return v < 2147483647.0 ? (int)v : 2147483647;
}

static void
str(const cJSON *obj, const char *key, char *dst, size_t size)
{
    const cJSON *item = key ? cJSON_GetObjectItemCaseSensitive(obj, key) : obj;
    dst[0] = '\0';
    if (!cJSON_IsString(item))
        return;
    size_t n = core_utf8_prefix_len(item->valuestring, size - 1);
    memcpy(dst, item->valuestring, n);
    dst[n] = '\0';
}

static const char *const window_names[CORE_WIN_COUNT] = {"interval", "previous_interval", "today",
                                                         "yesterday"};

const char *
core_window_name(enum core_window w)
{
    return (unsigned)w < CORE_WIN_COUNT ? window_names[w] : "?";
}

int
core_window_from_name(const char *name, enum core_window *out)
{
    for (int i = 0; i < CORE_WIN_COUNT; i++) {
        if (strcmp(name, window_names[i]) == 0) {
            *out = (enum core_window)i;
            return 0;
        }
    }
    return CORE_E_UNKNOWN;
}

// A published window back into its sums (see core_tally_json).
void
core_view_read_tally(const cJSON *o, struct core_tally *t)
{
    t->offered = (uint64_t)num(o, "offered");
    t->answered = (uint64_t)num(o, "answered");
    t->abandoned = (uint64_t)num(o, "abandoned");
    t->short_abandoned = (uint64_t)num(o, "short_abandoned");
    t->answered_in_sl = (uint64_t)num(o, "answered_in_sl");
    t->abandoned_in_sl = (uint64_t)num(o, "abandoned_in_sl");
    t->transfers = (uint64_t)num(o, "transfers");
    t->timed_out = (uint64_t)num(o, "timed_out");
    t->exited_key = (uint64_t)num(o, "exited_key");
    t->exited_empty = (uint64_t)num(o, "exited_empty");
    t->withdrawn = (uint64_t)num(o, "withdrawn");
    t->callbacks = (uint64_t)num(o, "callbacks");
    t->blocked = (uint64_t)num(o, "blocked");
    t->missed_rings = (uint64_t)num(o, "missed_rings");
    t->flowouts_in_sl = (uint64_t)num(o, "flowouts_in_sl");
    t->sl_passed = (uint64_t)num(o, "sl_passed");
    if (cJSON_GetObjectItemCaseSensitive(o, "sl_passed") == NULL) {
        // A collector from before the backlog rule: every answer or abandon not within T had
        // passed T (and waits still running were not counted).
        uint64_t late_answers =
            t->answered - (t->answered_in_sl < t->answered ? t->answered_in_sl : t->answered);
        uint64_t abandons =
            t->abandoned > t->short_abandoned ? t->abandoned - t->short_abandoned : 0;
        t->sl_passed =
            late_answers + (abandons > t->abandoned_in_sl ? abandons - t->abandoned_in_sl : 0);
    }
    t->sl_passed_flowout = (uint64_t)num(o, "sl_passed_flowout");
    t->sl_passed_void = (uint64_t)num(o, "sl_passed_void");
    t->ring_s = num(o, "ring_sum_s");
    t->handled = (uint64_t)num(o, "handled");
    t->answer_wait_s = num(o, "answer_wait_sum_s");
    t->talk_s = num(o, "talk_sum_s");
    double handle = num(o, "handle_sum_s");
    t->wrap_s = handle > t->talk_s ? handle - t->talk_s : 0; // hold and wrap-up together
    t->longest_wait_s = num(o, "longest_wait_s");
    t->busy_s = num(o, "busy_s");
    t->idle_s = num(o, "idle_s");
}

static void
read_now_and_windows(const cJSON *q, struct core_view_queue *vq)
{
    vq->waiting = (uint64_t)num(q, "waiting");
    vq->offered = (uint64_t)num(q, "offered");
    vq->answered = (uint64_t)num(q, "answered");
    vq->abandoned = (uint64_t)num(q, "abandoned");
    vq->transferred = (uint64_t)num(q, "transferred");
    vq->longest_wait_s = num(q, "longest_wait_s");
    vq->sl_threshold_s = num_int(q, "sl_threshold_s");
    const cJSON *agents = cJSON_GetObjectItemCaseSensitive(q, "agents");
    for (int s = 0; s < CORE_AGENT_STATE_COUNT; s++)
        vq->agents[s] = (uint32_t)num_int(agents, core_agent_state_name(s));
    for (int w = 0; w < CORE_WIN_COUNT; w++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(q, window_names[w]);
        if (cJSON_IsObject(o)) {
            vq->has_windows = true;
            core_view_read_tally(o, &vq->win[w]);
            vq->win_start_s[w] = num(o, "start");
        }
    }
}

static int
by_queue_id(const void *a, const void *b)
{
    return strcmp(((const struct core_view_queue *)a)->id, ((const struct core_view_queue *)b)->id);
}

static int
by_agent_id(const void *a, const void *b)
{
    return strcmp((*(const struct core_view_agent *const *)a)->id,
                  (*(const struct core_view_agent *const *)b)->id);
}

// Queues, or channels (the same figures: now and the windows), sorted by id.
static int
read_scopes(const cJSON *scopes, struct core_view_queue **out, size_t *count)
{
    int n = cJSON_GetArraySize(scopes);
    if (!cJSON_IsObject(scopes) || n == 0)
        return 0;
    *out = calloc((size_t)n, sizeof(**out));
    if (*out == NULL)
        return CORE_E_NOMEM;
    const cJSON *q;
    cJSON_ArrayForEach(q, scopes)
    {
        if (q->string == NULL)
            continue;
        struct core_view_queue *vq = &(*out)[(*count)++];
        snprintf(vq->id, sizeof(vq->id), "%.*s",
                 (int)core_utf8_prefix_len(q->string, CORE_ID_MAX - 1), q->string);
        read_now_and_windows(q, vq);
    }
    qsort(*out, *count, sizeof(**out), by_queue_id);
    return 0;
}

int
core_view_read_agent(const cJSON *a, struct core_view_agent *va)
{
    snprintf(va->id, sizeof(va->id), "%.*s", (int)core_utf8_prefix_len(a->string, CORE_ID_MAX - 1),
             a->string);
    // One pass over the members instead of a lookup per field: at 10,000 agents the lookups
    // were most of a screen's work per delta. The first of a repeated key counts, as a lookup
    // would find it.
    const cJSON *name = NULL, *team = NULL, *reason = NULL, *state = NULL, *since = NULL,
                *today = NULL, *queues = NULL, *missed = NULL, *m;
    cJSON_ArrayForEach(m, a)
    {
        const char *k = m->string;
        const cJSON **field = NULL;
        switch (k ? k[0] : '\0') {
        case 'n': field = strcmp(k, "name") == 0 ? &name : NULL; break;
        case 'm': field = strcmp(k, "missed_rings") == 0 ? &missed : NULL; break;
        case 'q': field = strcmp(k, "queues") == 0 ? &queues : NULL; break;
        case 'r': field = strcmp(k, "reason") == 0 ? &reason : NULL; break;
        case 's':
            field = strcmp(k, "state") == 0 ? &state : strcmp(k, "since") == 0 ? &since : NULL;
            break;
        case 't':
            field = strcmp(k, "team") == 0 ? &team : strcmp(k, "today") == 0 ? &today : NULL;
            break;
        default: break;
        }
        if (field != NULL && *field == NULL)
            *field = m;
    }
    str(name, NULL, va->name, sizeof(va->name));
    str(team, NULL, va->team, sizeof(va->team));
    str(reason, NULL, va->reason, sizeof(va->reason));
    char state_name[32];
    str(state, NULL, state_name, sizeof(state_name));
    if (core_agent_state_from_name(state_name, &va->state) != 0)
        va->state = CORE_AGENT_LOGGED_OUT;
    va->since_s = number_of(since);
    va->handled_today = (uint64_t)num(today, "handled");
    const cJSON *aht = cJSON_GetObjectItemCaseSensitive(today, "aht_s");
    const cJSON *occ = cJSON_GetObjectItemCaseSensitive(today, "occupancy");
    va->aht_today_s = cJSON_IsNumber(aht) ? num(today, "aht_s") : -1;
    va->occupancy_today =
        cJSON_IsNumber(occ) && occ->valuedouble <= 1 ? num(today, "occupancy") : -1;
    va->missed_today = (uint64_t)num(today, "missed_rings");
    const cJSON *ring, *rings = cJSON_IsArray(missed) ? missed : NULL;
    cJSON_ArrayForEach(ring, rings)
    {
        if (va->nmissed == CORE_MISSED_KEPT)
            break;
        va->missed[va->nmissed].at_s = num(ring, "at");
        va->missed[va->nmissed].ring_s = num(ring, "ring_s");
        str(cJSON_GetObjectItemCaseSensitive(ring, "queue"), NULL, va->missed[va->nmissed].queue,
            CORE_ID_MAX);
        va->nmissed++;
    }
    int n = cJSON_IsArray(queues) ? cJSON_GetArraySize(queues) : 0;
    if (n > CORE_QUEUES_MAX)
        n = CORE_QUEUES_MAX;
    if (n == 0)
        return 0;
    va->queues = calloc((size_t)n, sizeof(*va->queues));
    if (va->queues == NULL)
        return CORE_E_NOMEM;
    for (int i = 0; i < n; i++) {
        str(cJSON_GetArrayItem(queues, i), NULL, va->queues[va->nqueues], CORE_ID_MAX);
        if (va->queues[va->nqueues][0])
            va->nqueues++;
    }
    return 0;
}

int
core_view_sort_agents(struct core_view_agent **agents, size_t n, size_t cap)
{
    // Sorted through pointers, then copied once in that order: sorting the records themselves
    // moved each one log n times (10,000 agents: 40 MB per view).
    struct core_view_agent **order = malloc(n * sizeof(*order));
    struct core_view_agent *sorted = malloc(cap * sizeof(*sorted));
    if (n == 0 || order == NULL || sorted == NULL) {
        free(order);
        free(sorted);
        return n == 0 ? 0 : CORE_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &(*agents)[i];
    qsort(order, n, sizeof(*order), by_agent_id);
    for (size_t i = 0; i < n; i++)
        sorted[i] = *order[i];
    free(order);
    free(*agents);
    *agents = sorted;
    return 0;
}

static int
read_agents(const cJSON *agents, struct core_view *v)
{
    int n = cJSON_GetArraySize(agents);
    if (!cJSON_IsObject(agents) || n == 0)
        return 0;
    v->agents = calloc((size_t)n, sizeof(*v->agents));
    if (v->agents == NULL)
        return CORE_E_NOMEM;
    const cJSON *a;
    cJSON_ArrayForEach(a, agents)
    {
        if (core_view_read_agent(a, &v->agents[v->nagents++]) != 0)
            return CORE_E_NOMEM;
    }
    return core_view_sort_agents(&v->agents, v->nagents, v->nagents);
}

static int
read_ranked(const cJSON *arr, const char *key, struct core_view_rank **out, size_t *count)
{
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (n == 0)
        return 0;
    *out = calloc((size_t)n, sizeof(**out));
    if (*out == NULL)
        return CORE_E_NOMEM;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        struct core_view_rank *r = &(*out)[*count];
        str(e, key, r->key, sizeof(r->key));
        r->count = (uint64_t)num(e, "count");
        char trend[16];
        str(e, "trend", trend, sizeof(trend));
        const cJSON *reg;
        cJSON_ArrayForEach(reg, cJSON_GetObjectItemCaseSensitive(e, "regions"))
        {
            if (r->nregions == 5)
                break;
            str(reg, "region", r->regions[r->nregions].region,
                sizeof(r->regions[r->nregions].region));
            r->regions[r->nregions].count = (uint64_t)num(reg, "count");
            if (r->regions[r->nregions].region[0])
                r->nregions++;
        }
        r->trend = strcmp(trend, "new") == 0       ? 0
                   : strcmp(trend, "rising") == 0  ? 1
                   : strcmp(trend, "falling") == 0 ? 3
                                                   : 2;
        if (r->key[0])
            (*count)++;
    }
    return 0;
}

static int
read_alerts(const cJSON *alerts, struct core_view *v)
{
    int n = cJSON_IsArray(alerts) ? cJSON_GetArraySize(alerts) : 0;
    if (n == 0)
        return 0;
    v->alerts = calloc((size_t)n, sizeof(*v->alerts));
    if (v->alerts == NULL)
        return CORE_E_NOMEM;
    const cJSON *a;
    cJSON_ArrayForEach(a, alerts)
    {
        struct core_view_alert *va = &v->alerts[v->nalerts];
        str(a, "key", va->key, sizeof(va->key));
        if (va->key[0] == '\0')
            continue;
        str(a, "title", va->title, sizeof(va->title));
        str(a, "queue", va->queue, sizeof(va->queue));
        str(a, "metric", va->metric, sizeof(va->metric));
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(a, "value");
        const cJSON *threshold = cJSON_GetObjectItemCaseSensitive(a, "threshold");
        va->value = cJSON_IsNumber(value) && isfinite(value->valuedouble) ? value->valuedouble : 0;
        va->threshold = cJSON_IsNumber(threshold) && isfinite(threshold->valuedouble)
                            ? threshold->valuedouble
                            : 0;
        va->since_s = num(a, "since");
        va->below = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "below"));
        const cJSON *sev = cJSON_GetObjectItemCaseSensitive(a, "severity");
        va->act = !(cJSON_IsString(sev) && strcmp(sev->valuestring, "watch") == 0);
        str(a, "word", va->word, sizeof(va->word));
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(a, "regions"))
        {
            if (va->nregions == 3)
                break;
            str(r, "region", va->regions[va->nregions].region,
                sizeof(va->regions[va->nregions].region));
            va->regions[va->nregions].count = (uint64_t)num(r, "count");
            if (va->regions[va->nregions].region[0])
                va->nregions++;
        }
        const cJSON *ack = cJSON_GetObjectItemCaseSensitive(a, "acked");
        if (cJSON_IsObject(ack)) {
            va->acked = true;
            str(ack, "by", va->acked_by, sizeof(va->acked_by));
            va->acked_s = num(ack, "at");
        }
        v->nalerts++;
    }
    return 0;
}

// A queue group's agents: those of the queues of its name at every site ("site/name").
static void
count_group_agents(struct core_view *v)
{
    for (size_t i = 0; i < v->nqueues; i++) {
        const char *slash = strchr(v->queues[i].id, '/');
        struct core_view_queue key;
        if (slash == NULL || v->ngroups == 0)
            continue;
        snprintf(key.id, sizeof(key.id), "%s", slash + 1);
        struct core_view_queue *g = bsearch(&key, v->groups, v->ngroups, sizeof(key), by_queue_id);
        for (int s = 0; g && s < CORE_AGENT_STATE_COUNT; s++)
            g->agents[s] += v->queues[i].agents[s];
    }
}

int
core_view_from_json(const cJSON *msg, struct core_view *out, struct core_err *err)
{
    memset(out, 0, sizeof(*out));
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(msg, "v");
    if (!cJSON_IsObject(msg) || !cJSON_IsNumber(v) || v->valueint != 1)
        return core_err_set(err, CORE_E_INVALID, "not a version 1 state message");
    out->run = (uint64_t)num(msg, "run");
    out->seq = (uint64_t)num(msg, "seq");
    out->now_s = num(msg, "now");
    const cJSON *collector = cJSON_GetObjectItemCaseSensitive(msg, "collector");
    out->accepted = (uint64_t)num(collector, "accepted");
    out->rejected = (uint64_t)num(collector, "rejected");
    const cJSON *src;
    cJSON_ArrayForEach(src, cJSON_GetObjectItemCaseSensitive(msg, "sources"))
    {
        if (src->string == NULL || !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(src, "up")))
            continue;
        if (out->nsources_down++ == 0) {
            snprintf(out->source_down, sizeof(out->source_down), "%.*s",
                     (int)core_utf8_prefix_len(src->string, sizeof(out->source_down) - 1),
                     src->string);
            out->source_down_since_s = num(src, "since");
        }
    }
    const cJSON *site = cJSON_GetObjectItemCaseSensitive(msg, "site");
    if (cJSON_IsObject(site)) {
        out->has_site = true;
        read_now_and_windows(site, &out->site);
    }
    core_metrics_config_default(&out->metrics);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(msg, "metrics");
    out->metrics.sl_threshold_s = 0; // not said by the collector: not known (no legend guesses)
    if (cJSON_IsObject(m)) {
        out->metrics.interval_minutes = num_int(m, "interval_minutes");
        out->metrics.sl_threshold_s = num_int(m, "sl_threshold_s");
        out->metrics.short_abandon_s = num_int(m, "short_abandon_s");
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(m, "sl_formula");
        if (cJSON_IsString(f))
            core_sl_formula_parse(f->valuestring, &out->metrics.sl_formula);
        const cJSON *flow = cJSON_GetObjectItemCaseSensitive(m, "sl_flowouts");
        out->metrics.sl_flowouts =
            cJSON_IsString(flow) && strcmp(flow->valuestring, "included") == 0;
    }
    int rc =
        read_scopes(cJSON_GetObjectItemCaseSensitive(msg, "queues"), &out->queues, &out->nqueues);
    if (rc == 0)
        rc = read_scopes(cJSON_GetObjectItemCaseSensitive(msg, "channels"), &out->channels,
                         &out->nchannels);
    if (rc == 0)
        rc = read_scopes(cJSON_GetObjectItemCaseSensitive(msg, "sites"), &out->sites, &out->nsites);
    if (rc == 0)
        rc = read_scopes(cJSON_GetObjectItemCaseSensitive(msg, "queue_groups"), &out->groups,
                         &out->ngroups);
    if (rc == 0)
        rc = read_agents(cJSON_GetObjectItemCaseSensitive(msg, "agents"), out);
    if (rc == 0)
        rc = read_ranked(cJSON_GetObjectItemCaseSensitive(msg, "keywords"), "word", &out->keywords,
                         &out->nkeywords);
    if (rc == 0)
        rc = read_ranked(cJSON_GetObjectItemCaseSensitive(msg, "regions"), "region", &out->regions,
                         &out->nregions);
    if (rc == 0)
        rc = read_alerts(cJSON_GetObjectItemCaseSensitive(msg, "alerts"), out);
    if (rc != 0) {
        core_view_fini(out);
        return core_err_set(err, rc, "out of memory");
    }
    count_group_agents(out);
    out->has_data = true;
    return 0;
}

void
core_view_fini(struct core_view *v)
{
    for (size_t i = 0; !v->agents_lent && i < v->nagents; i++)
        free(v->agents[i].queues);
    if (!v->agents_lent)
        free(v->agents);
    free(v->alerts);
    free(v->channels);
    free(v->sites);
    free(v->groups);
    free(v->queues);
    free(v->keywords);
    free(v->regions);
    memset(v, 0, sizeof(*v));
}

const struct core_view_queue *
core_view_find_queue(const struct core_view *v, const char *id)
{
    if (v->nqueues == 0)
        return NULL;
    struct core_view_queue key;
    snprintf(key.id, sizeof(key.id), "%s", id);
    return bsearch(&key, v->queues, v->nqueues, sizeof(key), by_queue_id);
}

bool
core_view_agent_serves(const struct core_view_agent *a, const char *id)
{
    for (size_t i = 0; i < a->nqueues; i++) {
        if (strcmp(a->queues[i], id) == 0)
            return true;
    }
    return false;
}
