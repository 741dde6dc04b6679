// SPDX-License-Identifier: MIT
// RFC 7386 merge patch over cJSON trees.
#include "core/json_patch.h"

#include "core/err.h"

#include <string.h>

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
    const cJSON *member;
    cJSON_ArrayForEach(member, patch)
    {
        if (cJSON_IsNull(member)) {
            cJSON_DeleteItemFromObjectCaseSensitive(*target, member->string);
            continue;
        }
        cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(*target, member->string);
        int rc = core_json_merge_patch(&old, member);
        if (rc != 0 || !cJSON_AddItemToObject(*target, member->string, old)) {
            cJSON_Delete(old);
            return CORE_E_NOMEM;
        }
    }
    return 0;
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
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next) {
        const cJSON *other = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(b, x->string) : y;
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
    const cJSON *m;
    cJSON_ArrayForEach(m, to)
    {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(from, m->string);
        cJSON *sub;
        if (cJSON_IsNull(m)) // removed: news only to whoever still has it
            sub = old && !cJSON_IsNull(old) ? cJSON_CreateNull() : NULL;
        else if (old == NULL)
            sub = cJSON_Duplicate(m, true);
        else
            sub = core_json_merge_diff(old, m, true, nomem); // whole objects below a section
        if (sub && !add_to_patch(&patch, m->string, sub))
            *nomem = true;
        else if (sub == NULL && !cJSON_IsNull(m) && old == NULL)
            *nomem = true; // the duplicate failed
    }
    const cJSON *gone = absent_removes ? from : (const cJSON *)NULL;
    cJSON_ArrayForEach(m, gone)
    {
        if (cJSON_GetObjectItemCaseSensitive(to, m->string) == NULL &&
            !add_to_patch(&patch, m->string, cJSON_CreateNull()))
            *nomem = true;
    }
    return patch;
}
