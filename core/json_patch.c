// SPDX-License-Identifier: MIT
// RFC 7386 merge patch over cJSON trees.
#include "core/json_patch.h"

#include "core/err.h"

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
