// SPDX-License-Identifier: MIT
// RFC 7386 merge patch over cJSON trees.
#include "core/json_patch.h"

#include "core/err.h"
#include "core/map.h"

#include <string.h>

// Member key of obj, looked for from *hint on and then from the start. Two objects built the
// same way list their members in the same order (patches keep the places, below), so the member
// wanted is nearly always *hint itself: one comparison instead of a walk from the start, which
// at 10,000 agents and 50 queues' windows was most of a delta's cost. *hint moves past it.
static cJSON *
find_member(const cJSON *obj, const char *key, const cJSON **hint)
{
    const cJSON *from = *hint;
    for (int lap = 0; lap < 2; lap++) {
        const cJSON *stop = lap == 0 ? NULL : from;
        for (const cJSON *c = lap == 0 ? from : obj->child; c != stop; c = c->next) {
            if (c->string != NULL && strcmp(c->string, key) == 0) {
                *hint = c->next;
                return (cJSON *)c;
            }
        }
    }
    return NULL; // *hint stays: the next key may well be there
}

// The members of an object being patched, found by hint (see find_member) or, when the patch
// is big, through a hash index built once: a snapshot's 10,000 agents merged into an empty
// object were 50 million comparisons (each new key a miss, each miss a walk), a second's stall.
#define INDEX_FROM 64 // members in a patch

struct members {
    cJSON *obj;
    const cJSON *hint;
    bool indexed;
    struct core_map index; // key -> its first member
};

static int
members_open(struct members *ms, cJSON *obj, size_t patch_size)
{
    ms->obj = obj;
    ms->hint = obj->child;
    ms->indexed = patch_size >= INDEX_FROM;
    core_map_init(&ms->index);
    for (const cJSON *c = ms->indexed ? obj->child : NULL; c != NULL; c = c->next) {
        if (c->string != NULL && core_map_get(&ms->index, c->string) == NULL &&
            core_map_put(&ms->index, c->string, (void *)c) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}

static cJSON *
members_find(struct members *ms, const char *key)
{
    return ms->indexed ? core_map_get(&ms->index, key) : find_member(ms->obj, key, &ms->hint);
}

// key is now item (added, or replacing the member the index had).
static int
members_set(struct members *ms, const char *key, cJSON *item)
{
    return ms->indexed ? core_map_put(&ms->index, key, item) : 0;
}

// key's member was removed: a repeated key's next member takes its place.
static int
members_forget(struct members *ms, const char *key)
{
    if (!ms->indexed)
        return 0;
    core_map_del(&ms->index, key);
    const cJSON *c;
    cJSON_ArrayForEach(c, ms->obj)
    {
        if (c->string != NULL && strcmp(c->string, key) == 0)
            return core_map_put(&ms->index, key, (void *)c);
    }
    return 0;
}

static void
members_close(struct members *ms)
{
    core_map_fini(&ms->index);
}

int
core_json_merge_patch(cJSON **target, const cJSON *patch)
{
    if (!cJSON_IsObject(patch)) {
        cJSON *copy = cJSON_Duplicate(patch, 1);
        if (copy == NULL)
            return CORE_E_NOMEM;
        cJSON_Delete(*target);
        *target = copy;
        return 0;
    }
    if (!cJSON_IsObject(*target)) {
        cJSON *obj = cJSON_CreateObject();
        if (obj == NULL)
            return CORE_E_NOMEM;
        cJSON_Delete(*target);
        *target = obj;
    }
    struct members ms;
    int rc = members_open(&ms, *target, (size_t)cJSON_GetArraySize(patch));
    const cJSON *member;
    for (member = patch->child; member != NULL && rc == 0; member = member->next) {
        if (member->string == NULL)
            continue;
        cJSON *old = members_find(&ms, member->string);
        if (cJSON_IsNull(member)) {
            if (old != NULL) {
                cJSON_Delete(cJSON_DetachItemViaPointer(*target, old));
                rc = members_forget(&ms, member->string);
            }
            continue;
        }
        if (old != NULL && cJSON_IsObject(old) && cJSON_IsObject(member)) {
            rc = core_json_merge_patch(&old, member); // in place: old stays an object
            continue;
        }
        cJSON *value = NULL; // a new member, or a replaced one in the same place
        if ((rc = core_json_merge_patch(&value, member)) != 0) {
            cJSON_Delete(value);
            break;
        }
        if (old != NULL) {
            if (value->string == NULL) { // (a copied value has its key; a new object has none)
                value->string = old->string;
                value->type |= old->type & cJSON_StringIsConst;
                old->string = NULL;
            }
            cJSON_ReplaceItemViaPointer(*target, old, value);
        } else if (!cJSON_AddItemToObject(*target, member->string, value)) {
            cJSON_Delete(value);
            rc = CORE_E_NOMEM;
            break;
        }
        rc = members_set(&ms, member->string, value);
    }
    members_close(&ms);
    return rc == 0 ? 0 : CORE_E_NOMEM;
}

// Exactly the same value. cJSON_Compare allows a relative error, which makes infinity (a number
// too big for a double) equal to every number.
static bool
json_equal(const cJSON *a, const cJSON *b)
{
    if (a == NULL || b == NULL || (a->type & 0xff) != (b->type & 0xff))
        return false;
    if (cJSON_IsNumber(a))
        return a->valuedouble == b->valuedouble;
    if (cJSON_IsString(a))
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
        return true; // null, true, false
    const cJSON *x = a->child, *y = b->child, *hint = b->child;
    for (; x && y; x = x->next, y = y->next) {
        const cJSON *other = !cJSON_IsObject(a) ? y
                             : x->string        ? find_member(b, x->string, &hint)
                                                : NULL;
        if (!json_equal(x, other))
            return false;
    }
    return x == NULL && y == NULL; // as many members
}

// Replaces *patch's member key with value (creating the patch object first).
static bool
add_to_patch(cJSON **patch, const char *key, cJSON *value)
{
    if (*patch == NULL && (*patch = cJSON_CreateObject()) == NULL) {
        cJSON_Delete(value);
        return false;
    }
    return cJSON_AddItemToObject(*patch, key, value);
}

cJSON *
core_json_member_diff(const cJSON *old, const cJSON *now, bool *nomem)
{
    if (cJSON_IsNull(now)) // removed: news only to whoever still has it
        return old && !cJSON_IsNull(old) ? cJSON_CreateNull() : NULL;
    if (old != NULL)
        return core_json_merge_diff(old, now, true, nomem); // whole objects below a section
    cJSON *copy = cJSON_Duplicate(now, true);
    *nomem |= copy == NULL;
    return copy;
}

cJSON *
core_json_merge_diff(const cJSON *from, const cJSON *to, bool absent_removes, bool *nomem)
{
    if (!cJSON_IsObject(from) || !cJSON_IsObject(to)) {
        if (json_equal(from, to))
            return NULL;
        cJSON *copy = cJSON_Duplicate(to, true);
        if (copy == NULL)
            *nomem = true;
        return copy;
    }
    cJSON *patch = NULL;
    const cJSON *m, *hint = from->child;
    cJSON_ArrayForEach(m, to)
    {
        const cJSON *old = m->string ? find_member(from, m->string, &hint) : NULL;
        cJSON *sub = core_json_member_diff(old, m, nomem);
        if (sub && !add_to_patch(&patch, m->string, sub))
            *nomem = true;
    }
    const cJSON *gone = absent_removes ? from : (const cJSON *)NULL;
    hint = to->child;
    cJSON_ArrayForEach(m, gone)
    {
        if (m->string != NULL && find_member(to, m->string, &hint) == NULL &&
            !add_to_patch(&patch, m->string, cJSON_CreateNull()))
            *nomem = true;
    }
    return patch;
}
