// SPDX-License-Identifier: MIT
// JSON Merge Patch (RFC 7386): how a screen folds a delta into the snapshot it holds.
#ifndef CORE_JSON_PATCH_H
#define CORE_JSON_PATCH_H

#include <cjson/cJSON.h>

// core_json_merge_patch applies patch to *target in place: objects merge member by member,
// null removes a member, anything else replaces. *target may be replaced (the old tree is
// freed). patch stays the caller's. Returns 0 or CORE_E_NOMEM (then *target is partly patched).
int core_json_merge_patch(cJSON **target, const cJSON *patch);

#endif
