// SPDX-License-Identifier: MIT
// A screen's agents, changed one agent at a time (see view_roster.h).
#include "core/view_roster.h"

#include "core/err.h"
#include "core/json_patch.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
core_view_roster_init(struct core_view_roster *r)
{
    memset(r, 0, sizeof(*r));
    core_map_init(&r->json);
}

// The agents' objects freed and the map emptied.
static void
forget_objects(struct core_map *json)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(json, &pos)) != NULL)
        cJSON_Delete(s->value);
    core_map_fini(json);
    core_map_init(json);
}

static void
forget_all(struct core_view_roster *r)
{
    forget_objects(&r->json);
    for (size_t i = 0; i < r->n; i++)
        free(r->agents[i].queues);
    r->n = 0;
    r->sorted = 0;
}

void
core_view_roster_fini(struct core_view_roster *r)
{
    forget_all(r);
    free(r->agents);
    memset(r, 0, sizeof(*r));
}

// Where id is among the sorted records, or where it would go (*found says which).
static size_t
position(const struct core_view_roster *r, const char *id, bool *found)
{
    size_t lo = 0, hi = r->sorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(r->agents[mid].id, id);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

static void
remove_record(struct core_view_roster *r, const char *id)
{
    bool found;
    size_t i = position(r, id, &found);
    if (!found)
        return;
    free(r->agents[i].queues);
    memmove(&r->agents[i], &r->agents[i + 1], (r->n - i - 1) * sizeof(*r->agents));
    r->n--;
    r->sorted--;
}

// The agent's record read again from its object: in its place, or added there when new, or
// (append: a snapshot being taken, sorted once at the end) added last.
static int
reread(struct core_view_roster *r, const char *id, const cJSON *obj, bool append)
{
    struct core_view_agent va;
    memset(&va, 0, sizeof(va));
    int rc = core_view_read_agent(obj, &va);
    r->reads++;
    if (rc != 0) {
        free(va.queues);
        return rc;
    }
    bool found;
    size_t i = position(r, id, &found);
    if (append && !found)
        i = r->n;
    if (found) {
        free(r->agents[i].queues);
        r->agents[i] = va;
        return 0;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        struct core_view_agent *more = realloc(r->agents, cap * sizeof(*more));
        if (more == NULL) {
            free(va.queues);
            return CORE_E_NOMEM;
        }
        r->agents = more;
        r->cap = cap;
    }
    memmove(&r->agents[i + 1], &r->agents[i], (r->n - i) * sizeof(*r->agents));
    r->agents[i] = va;
    r->n++;
    r->sorted += !append;
    return 0;
}

// A loaded snapshot's records in id order. Out of memory: sorted one by one instead.
static void
sort_records(struct core_view_roster *r)
{
    if (core_view_sort_agents(&r->agents, r->n, r->cap) != 0) {
        for (size_t i = 1; i < r->n; i++) { // (insertion: slow, but in order)
            struct core_view_agent va = r->agents[i];
            size_t j = i;
            for (; j > 0 && strcmp(r->agents[j - 1].id, va.id) > 0; j--)
                r->agents[j] = r->agents[j - 1];
            r->agents[j] = va;
        }
    }
    r->sorted = r->n;
}

// The agent's id as the roster keys it: as the record reads it (a prefix of whole characters).
static void
agent_id(const char *key, char id[CORE_ID_MAX])
{
    snprintf(id, CORE_ID_MAX, "%.*s", (int)core_utf8_prefix_len(key, CORE_ID_MAX - 1), key);
}

// The record read from obj, under the id the roster keys it by (the record takes the object's
// key as its id).
static int
read_as(struct core_view_roster *r, const char *id, cJSON *obj, bool append)
{
    char *key = obj->string;
    obj->string = (char *)id;
    int rc = reread(r, id, obj, append);
    obj->string = key;
    return rc;
}

// One member of a delta's agents: merged into the agent's object, or removing it (null; an
// agent is an object, so anything else removes it too).
static int
merge_one(struct core_view_roster *r, const cJSON *member)
{
    char id[CORE_ID_MAX];
    agent_id(member->string, id);
    cJSON *obj = core_map_get(&r->json, id);
    if (!cJSON_IsObject(member)) {
        cJSON_Delete(core_map_del(&r->json, id));
        remove_record(r, id);
        return 0;
    }
    cJSON *merged = obj;
    int rc = core_json_merge_patch(&merged, member);
    if (merged != obj && core_map_put(&r->json, id, merged) != 0) {
        cJSON_Delete(merged);
        return CORE_E_NOMEM;
    }
    return rc != 0 ? rc : read_as(r, id, merged, false);
}

// The records of agents the roster no longer keys (gone from a snapshot), removed in one pass.
static void
drop_unkeyed(struct core_view_roster *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (core_map_get(&r->json, r->agents[i].id) == NULL) {
            free(r->agents[i].queues);
            continue;
        }
        r->agents[kept++] = r->agents[i];
    }
    r->sorted -= r->n - kept; // (only sorted records are removed: new ones are keyed)
    r->n = kept;
}

// A snapshot's agents (taken from it): the agents held unchanged stay as they are, since a
// snapshot mostly repeats what the deltas built (reading 10,000 agents again, and freeing their
// objects, was 60 ms of a screen's frame); the others are read, the ones it lacks removed.
static int
take_snapshot(struct core_view_roster *r, cJSON *agents)
{
    struct core_map next;
    core_map_init(&next);
    int rc = 0;
    cJSON *m = agents->child;
    while (m != NULL) {
        cJSON *after = m->next;
        char id[CORE_ID_MAX] = "";
        if (m->string != NULL)
            agent_id(m->string, id);
        if (!id[0] || !cJSON_IsObject(m) || core_map_get(&next, id) != NULL) {
            m = after; // (the first of a repeated id counts)
            continue;
        }
        cJSON *old = core_map_del(&r->json, id);
        if (old != NULL && cJSON_Compare(old, m, true)) {
            if (core_map_put(&next, id, old) != 0) {
                cJSON_Delete(old);
                rc = CORE_E_NOMEM;
            }
            m = after;
            continue;
        }
        cJSON_Delete(old);
        cJSON_DetachItemViaPointer(agents, m);
        if (core_map_put(&next, id, m) != 0) {
            cJSON_Delete(m);
            rc = CORE_E_NOMEM;
        } else if (read_as(r, id, m, true) != 0) {
            rc = CORE_E_NOMEM;
        }
        m = after;
    }
    forget_objects(&r->json); // what is left: agents the snapshot lacks
    r->json = next;
    drop_unkeyed(r);
    if (r->sorted < r->n)
        sort_records(r);
    return rc;
}

int
core_view_roster_apply(struct core_view_roster *r, cJSON *agents, bool replace)
{
    if (!cJSON_IsObject(agents)) {
        if (replace)
            forget_all(r);
        return 0;
    }
    if (replace)
        return take_snapshot(r, agents);
    int rc = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, agents)
    {
        if (m->string != NULL && merge_one(r, m) != 0)
            rc = CORE_E_NOMEM;
    }
    return rc;
}

void
core_view_roster_lend(const struct core_view_roster *r, struct core_view *v)
{
    v->agents = r->agents;
    v->nagents = r->n;
    v->agents_lent = true;
}

int
core_view_roster_copy(const struct core_view_roster *r, struct core_view *v)
{
    v->agents_lent = false;
    v->nagents = 0;
    v->agents = r->n ? malloc(r->n * sizeof(*v->agents)) : NULL;
    if (r->n && v->agents == NULL)
        return CORE_E_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
        struct core_view_agent *a = &v->agents[v->nagents];
        *a = r->agents[i];
        a->queues = NULL;
        if (a->nqueues) {
            a->queues = malloc(a->nqueues * sizeof(*a->queues));
            if (a->queues == NULL)
                return CORE_E_NOMEM;
            memcpy(a->queues, r->agents[i].queues, a->nqueues * sizeof(*a->queues));
        }
        v->nagents++;
    }
    return 0;
}
