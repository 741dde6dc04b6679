// SPDX-License-Identifier: MIT
// Deltas trimmed against what the screens hold (see core_snapshot_next in snapshot.h). The
// snapshot builder marks whole objects dirty (a queue, every team when any count moved); at
// 10,000 agents and 50 queues that made each delta tens of kB, most of it unchanged figures.
#include "core/err.h"
#include "core/json_patch.h"
#include "core/snapshot.h"
#include "core/state.h"

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
    if (strcmp(key, "teams") == 0)
        return &st->published_teams;
    return NULL;
}

// An agent's member as a snapshot prints it ("id":{…}), kept in step with the held entry so
// that a snapshot of the held state is a join of these: printing 10,000 agents took 30 ms in
// which no event was taken; each is printed when it changes instead (a few per delta).
static int
keep_agent_text(struct core_map *texts, const char *id, const cJSON *entry)
{
    free(core_map_del(texts, id));
    if (entry == NULL)
        return 0;
    cJSON *key = cJSON_CreateStringReference(id);
    char *k = key ? cJSON_PrintUnformatted(key) : NULL;
    char *v = cJSON_PrintUnformatted(entry);
    cJSON_Delete(key);
    char *text = NULL;
    if (k && v) {
        size_t kn = strlen(k), vn = strlen(v);
        if ((text = malloc(kn + 1 + vn + 1)) != NULL) {
            memcpy(text, k, kn);
            text[kn] = ':';
            memcpy(text + kn + 1, v, vn + 1);
        }
    }
    cJSON_free(k);
    cJSON_free(v);
    if (text == NULL || core_map_put(texts, id, text) != 0) {
        free(text);
        return CORE_E_NOMEM;
    }
    return 0;
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

static int
agent_texts(struct core_state *st, const cJSON *agents)
{
    core_map_free_values(&st->published_agent_text);
    const cJSON *e;
    cJSON_ArrayForEach(e, agents)
    {
        if (core_map_get(&st->published_agents, e->string) == e &&
            keep_agent_text(&st->published_agent_text, e->string, e) != 0)
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
            (index && index_section(index, section) != 0) ||
            (index == &st->published_agents && agent_texts(st, section) != 0)) {
            if (cJSON_GetObjectItemCaseSensitive(held, m->string) != section)
                cJSON_Delete(section);
            cJSON_Delete(held);
            held = NULL;
        }
    }
    return held;
}

// A partial section's patch: each entry the delta lists against the held one (found by id).
// A queue's members the delta leaves out are unchanged (its windows, when nothing counted into
// them: snapshot.c's queue_json); an agent's absent members were removed.
static cJSON *
diff_partial(const struct core_map *index, const cJSON *section, bool absent_removes, bool *nomem)
{
    cJSON *patch = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, section)
    {
        if (e->string == NULL)
            continue;
        const cJSON *held = core_map_get(index, e->string);
        cJSON *sub = held && !absent_removes && cJSON_IsObject(held) && cJSON_IsObject(e)
                         ? core_json_merge_diff(held, e, false, nomem)
                         : core_json_member_diff(held, e, nomem);
        if (sub == NULL)
            continue;
        if ((patch == NULL && (patch = cJSON_CreateObject()) == NULL) ||
            !cJSON_AddItemToObject(patch, e->string, sub)) {
            cJSON_Delete(sub);
            *nomem = true;
        }
    }
    return patch;
}

// The patch merged into the held partial section, the index (and texts, given) kept in step.
static int
merge_partial(cJSON *held, struct core_map *index, struct core_map *texts, const cJSON *patch)
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
            if (texts)
                keep_agent_text(texts, p->string, NULL);
            continue;
        }
        if (old != NULL && cJSON_IsObject(old) && cJSON_IsObject(p)) {
            if (core_json_merge_patch(&old, p) != 0) // in place: old stays where it is
                return CORE_E_NOMEM;
            if (texts && keep_agent_text(texts, p->string, old) != 0)
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
        if (texts && keep_agent_text(texts, p->string, value) != 0)
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
            if (index == &st->published_agents)
                core_map_free_values(&st->published_agent_text);
            if (held == NULL) {
                *nomem = true;
                return NULL;
            }
        }
        cJSON *patch = cJSON_IsObject(m)
                           ? diff_partial(index, m, index != &st->published_queues, nomem)
                           : NULL;
        struct core_map *texts = index == &st->published_agents ? &st->published_agent_text : NULL;
        *nomem |= patch && merge_partial(held, index, texts, patch) != 0;
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
        core_state_forget_published(st);
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
        core_state_forget_published(st);
        cJSON_Delete(msg);
        return NULL;
    }
    return msg;
}

char *
core_snapshot_next_text(struct core_state *st, bool full, uint64_t run_id, uint64_t seq)
{
    cJSON *msg = core_snapshot_next(st, full, run_id, seq);
    char *text = msg ? cJSON_PrintUnformatted(msg) : NULL;
    cJSON_Delete(msg);
    return text;
}

// Appends n bytes to a growing buffer; false when out of memory (the buffer is then freed).
static bool
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = (*cap ? *cap : 4096);
        while (want < *len + n + 1)
            want *= 2;
        char *grown = cJSON_malloc(want);
        if (grown == NULL) {
            cJSON_free(*buf);
            *buf = NULL;
            return false;
        }
        if (*buf)
            memcpy(grown, *buf, *len);
        cJSON_free(*buf);
        *buf = grown;
        *cap = want;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

char *
core_snapshot_held_text(struct core_state *st, uint64_t run_id, uint64_t seq)
{
    if (st->published == NULL)
        return NULL;
    // Everything but the agents printed as it is (a few queues and teams); the agents joined
    // from their kept texts.
    cJSON *agents = cJSON_DetachItemFromObjectCaseSensitive(st->published, "agents");
    char *rest = cJSON_PrintUnformatted(st->published);
    if (agents)
        cJSON_AddItemToObject(st->published, "agents", agents);
    if (rest == NULL)
        return NULL;
    char head[160];
    int n =
        snprintf(head, sizeof(head),
                 "{\"v\":%d,\"kind\":\"snapshot\",\"run\":%.17g,"
                 "\"seq\":%.17g,\"now\":%.17g",
                 CORE_SNAPSHOT_VERSION, (double)run_id, (double)seq, (double)st->now_ms / 1000.0);
    char *buf = NULL;
    size_t len = 0, cap = 0, rlen = strlen(rest);
    bool ok = append(&buf, &len, &cap, head, (size_t)n);
    if (ok && rlen > 2) // past its "{", before its "}"
        ok = append(&buf, &len, &cap, ",", 1) && append(&buf, &len, &cap, rest + 1, rlen - 2);
    cJSON_free(rest);
    if (ok && agents) {
        ok = append(&buf, &len, &cap, ",\"agents\":{", 11);
        const cJSON *e;
        bool first = true;
        cJSON_ArrayForEach(e, agents) // the held order; each id once, as the index has it
        {
            const char *text = core_map_get(&st->published_agents, e->string) == e
                                   ? core_map_get(&st->published_agent_text, e->string)
                                   : NULL;
            if (!ok || text == NULL)
                continue;
            ok = (first || append(&buf, &len, &cap, ",", 1)) &&
                 append(&buf, &len, &cap, text, strlen(text));
            first = false;
        }
        ok = ok && append(&buf, &len, &cap, "}", 1);
    }
    ok = ok && append(&buf, &len, &cap, "}", 1);
    if (!ok)
        cJSON_free(buf);
    return ok ? buf : NULL;
}

// Reads a whole number at *p up to the byte end, moving *p past it; false if there is none.
static bool
read_count(const char **p, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    const char *s = *p;
    while (s < end && *s >= '0' && *s <= '9' && s - *p < 19)
        v = v * 10 + (uint64_t)(*s++ - '0');
    if (s == *p || s == end || (*s >= '0' && *s <= '9'))
        return false;
    *p = s;
    *out = v;
    return true;
}

bool
core_snapshot_peek_held(const char *text, size_t len, uint64_t *run_id, uint64_t *seq)
{
    static const char lead[] = "{\"v\":1,\"kind\":\"snapshot\",\"run\":";
    static const char mid[] = ",\"seq\":";
    const char *p = text, *end = text + len;
    if (len < sizeof(lead) || memcmp(p, lead, sizeof(lead) - 1) != 0)
        return false;
    p += sizeof(lead) - 1;
    if (!read_count(&p, end, run_id) || (size_t)(end - p) < sizeof(mid) ||
        memcmp(p, mid, sizeof(mid) - 1) != 0)
        return false;
    p += sizeof(mid) - 1;
    return read_count(&p, end, seq) && *p == ',';
}
