// SPDX-License-Identifier: MIT
// Deltas trimmed against what the screens hold (see core_snapshot_next in snapshot.h). The
// snapshot builder marks whole objects dirty (a queue, every team when any count moved); at
// 10,000 agents and 50 queues that made each delta tens of kB, most of it unchanged figures.
#include "core/json_patch.h"
#include "core/snapshot.h"

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
// every other section is written whole, so what it lacks was removed.
static bool
is_partial(const char *key)
{
    return strcmp(key, "queues") == 0 || strcmp(key, "agents") == 0;
}

// What the screens hold after a snapshot: its sections, with the nulls merged away.
static cJSON *
held_after(const cJSON *snapshot)
{
    cJSON *held = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, snapshot)
    {
        if (held == NULL || is_header(m->string))
            continue;
        cJSON *section = cJSON_CreateObject();
        if (section == NULL || core_json_merge_patch(&section, m) != 0 ||
            !cJSON_AddItemToObject(held, m->string, section)) {
            cJSON_Delete(section);
            cJSON_Delete(held);
            held = NULL;
        }
    }
    return held;
}

cJSON *
core_snapshot_next(struct core_state *st, bool full, uint64_t run_id, uint64_t seq)
{
    cJSON *msg = core_snapshot_build(st, full, run_id, seq);
    if (msg == NULL)
        return NULL;
    if (full || st->published == NULL) {
        cJSON_Delete(st->published);
        st->published = full ? held_after(msg) : NULL; // NULL: untrimmed deltas until then
        return msg;
    }
    bool nomem = false;
    cJSON *m = msg->child;
    while (m != NULL && !nomem) {
        cJSON *next = m->next;
        if (!is_header(m->string)) {
            cJSON *held = cJSON_GetObjectItemCaseSensitive(st->published, m->string);
            cJSON *patch = core_json_merge_diff(held, m, !is_partial(m->string), &nomem);
            if (patch && held == NULL) {
                cJSON *copy = cJSON_Duplicate(patch, true);
                nomem |= copy == NULL || !cJSON_AddItemToObject(st->published, m->string, copy);
            } else if (patch) {
                cJSON *merged = cJSON_DetachItemViaPointer(st->published, held);
                nomem |= core_json_merge_patch(&merged, patch) != 0;
                nomem |= !cJSON_AddItemToObject(st->published, m->string, merged);
            }
            if (patch) // (the key is copied before m goes)
                cJSON_ReplaceItemInObjectCaseSensitive(msg, m->string, patch);
            else
                cJSON_Delete(cJSON_DetachItemViaPointer(msg, m));
        }
        m = next;
    }
    if (nomem) { // the screens' copy is unknown now: the next message must be a snapshot
        cJSON_Delete(st->published);
        st->published = NULL;
        cJSON_Delete(msg);
        return NULL;
    }
    return msg;
}
