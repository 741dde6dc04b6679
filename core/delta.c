// SPDX-License-Identifier: MIT
// Deltas trimmed against what the screens hold (see core_snapshot_next in snapshot.h). The
// snapshot builder marks whole objects dirty (a queue, every team when any count moved); at
// 10,000 agents and 50 queues that made each delta tens of kB, most of it unchanged figures.
#include "core/err.h"
#include "core/json_patch.h"
#include "core/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
is_header(const char *key)
{
    static const char *const header[] = {"v", "kind", "run", "seq", "now", NULL};
    for (int i = 0; header[i]; i++) {
        if (strcmp(key, header[i]) == 0)
            return true;
    }
    return false;
}

// Sections that list only what changed (absent entries are unchanged, removed ones are null);
// every other section is written whole, so what it lacks was removed. The held copy of each is
// indexed by entry id: finding a delta's few dozen agents among 10,000 held ones by walking
// them was most of a delta's cost.
static struct core_map *
partial_index(struct core_state *st, const char *key)
{
    if (strcmp(key, "queues") == 0)
        return &st->published_queues;
    if (strcmp(key, "agents") == 0)
        return &st->published_agents;
    return NULL;
}

static void
forget_held(struct core_state *st)
{
    cJSON_Delete(st->published);
    st->published = NULL;
    core_map_fini(&st->published_queues);
    core_map_fini(&st->published_agents);
}

// The index of a held partial section, from scratch (the first of a repeated id counts).
static int
index_section(struct core_map *index, const cJSON *section)
{
    core_map_fini(index);
    const cJSON *e;
    cJSON_ArrayForEach(e, section)
    {
        if (e->string != NULL && core_map_get(index, e->string) == NULL &&
            core_map_put(index, e->string, (void *)e) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}

// What the screens hold after a snapshot: its sections, with the nulls merged away.
static cJSON *
held_after(struct core_state *st, const cJSON *snapshot)
{
    cJSON *held = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, snapshot)
    {
        if (held == NULL || is_header(m->string))
            continue;
        cJSON *section = cJSON_CreateObject();
        struct core_map *index = partial_index(st, m->string);
        if (section == NULL || core_json_merge_patch(&section, m) != 0 ||
            !cJSON_AddItemToObject(held, m->string, section) ||
            (index && index_section(index, section) != 0)) {
            if (cJSON_GetObjectItemCaseSensitive(held, m->string) != section)
                cJSON_Delete(section);
            cJSON_Delete(held);
            held = NULL;
        }
    }
    return held;
}

// A partial section's patch: each entry the delta lists against the held one (found by id).
static cJSON *
diff_partial(const struct core_map *index, const cJSON *section, bool *nomem)
{
    cJSON *patch = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, section)
    {
        if (e->string == NULL)
            continue;
        const cJSON *old = core_map_get(index, e->string);
        cJSON *sub;
        if (cJSON_IsNull(e)) // removed: news only to whoever still has it
            sub = old && !cJSON_IsNull(old) ? cJSON_CreateNull() : NULL;
        else if (old == NULL)
            sub = cJSON_Duplicate(e, true);
        else
            sub = core_json_merge_diff(old, e, true, nomem); // whole objects below a section
        if (sub == NULL) {
            *nomem |= !cJSON_IsNull(e) && old == NULL; // the duplicate failed
            continue;
        }
        if ((patch == NULL && (patch = cJSON_CreateObject()) == NULL) ||
            !cJSON_AddItemToObject(patch, e->string, sub)) {
            cJSON_Delete(sub);
            *nomem = true;
        }
    }
    return patch;
}

// The patch merged into the held partial section, the index kept in step.
static int
merge_partial(cJSON *held, struct core_map *index, const cJSON *patch)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, patch)
    {
        cJSON *old = core_map_get(index, p->string);
        if (cJSON_IsNull(p)) {
            if (old != NULL) {
                core_map_del(index, p->string);
                cJSON_Delete(cJSON_DetachItemViaPointer(held, old));
            }
            continue;
        }
        if (old != NULL && cJSON_IsObject(old) && cJSON_IsObject(p)) {
            if (core_json_merge_patch(&old, p) != 0) // in place: old stays where it is
                return CORE_E_NOMEM;
            continue;
        }
        cJSON *value = NULL;
        if (core_json_merge_patch(&value, p) != 0) {
            cJSON_Delete(value);
            return CORE_E_NOMEM;
        }
        if (old != NULL) {
            core_map_del(index, p->string);
            cJSON_Delete(cJSON_DetachItemViaPointer(held, old));
        }
        if (!cJSON_AddItemToObject(held, p->string, value)) {
            cJSON_Delete(value);
            return CORE_E_NOMEM;
        }
        if (core_map_put(index, p->string, value) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}

// One section of a delta trimmed to what differs from the held copy, which then takes it.
// Returns the section's patch (NULL: nothing differs).
static cJSON *
trim_section(struct core_state *st, const cJSON *m, bool *nomem)
{
    cJSON *held = cJSON_GetObjectItemCaseSensitive(st->published, m->string);
    struct core_map *index = partial_index(st, m->string);
    if (index != NULL) {
        if (held == NULL) { // the section's first entries
            held = cJSON_AddObjectToObject(st->published, m->string);
            core_map_fini(index);
            if (held == NULL) {
                *nomem = true;
                return NULL;
            }
        }
        cJSON *patch = cJSON_IsObject(m) ? diff_partial(index, m, nomem) : NULL;
        *nomem |= patch && merge_partial(held, index, patch) != 0;
        return patch;
    }
    cJSON *patch = core_json_merge_diff(held, m, true, nomem);
    if (patch && held == NULL) {
        cJSON *copy = cJSON_Duplicate(patch, true);
        *nomem |= copy == NULL || !cJSON_AddItemToObject(st->published, m->string, copy);
    } else if (patch) {
        cJSON *merged = cJSON_DetachItemViaPointer(st->published, held);
        *nomem |= core_json_merge_patch(&merged, patch) != 0;
        *nomem |= !cJSON_AddItemToObject(st->published, m->string, merged);
    }
    return patch;
}

cJSON *
core_snapshot_next(struct core_state *st, bool full, uint64_t run_id, uint64_t seq)
{
    cJSON *msg = core_snapshot_build(st, full, run_id, seq);
    if (msg == NULL)
        return NULL;
    if (full || st->published == NULL) {
        forget_held(st);
        st->published = full ? held_after(st, msg) : NULL; // NULL: untrimmed deltas until then
        return msg;
    }
    bool nomem = false;
    cJSON *m = msg->child;
    while (m != NULL && !nomem) {
        cJSON *next = m->next;
        if (!is_header(m->string)) {
            cJSON *patch = trim_section(st, m, &nomem);
            if (patch) // (the key is copied before m goes)
                cJSON_ReplaceItemInObjectCaseSensitive(msg, m->string, patch);
            else
                cJSON_Delete(cJSON_DetachItemViaPointer(msg, m));
        }
        m = next;
    }
    if (nomem) { // the screens' copy is unknown now: the next message must be a snapshot
        forget_held(st);
        cJSON_Delete(msg);
        return NULL;
    }
    return msg;
}

char *
core_snapshot_next_text(struct core_state *st, bool full, uint64_t run_id, uint64_t seq)
{
    bool from_held = full && st->published != NULL;
    cJSON *msg = core_snapshot_next(st, full && !from_held, run_id, seq);
    if (msg == NULL || !from_held) {
        char *text = msg ? cJSON_PrintUnformatted(msg) : NULL;
        cJSON_Delete(msg);
        return text;
    }
    // The held copy has just taken this message's changes: it is the state, as a snapshot.
    cJSON_Delete(msg);
    char *body = st->published ? cJSON_PrintUnformatted(st->published) : NULL;
    if (body == NULL)
        return NULL;
    char head[160];
    int n = snprintf(head, sizeof(head),
                     "{\"v\":%d,\"kind\":\"snapshot\",\"run\":%.17g,"
                     "\"seq\":%.17g,\"now\":%.17g%s",
                     CORE_SNAPSHOT_VERSION, (double)run_id, (double)seq,
                     (double)st->now_ms / 1000.0, body[1] == '}' ? "" : ",");
    size_t len = strlen(body);
    char *text = cJSON_malloc((size_t)n + len);
    if (text != NULL) {
        memcpy(text, head, (size_t)n);
        memcpy(text + n, body + 1, len); // past its "{", with its NUL
    }
    cJSON_free(body);
    return text;
}
