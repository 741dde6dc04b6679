// SPDX-License-Identifier: MIT
// JSON Merge Patch (RFC 7386): how a screen folds a delta into the snapshot it holds.
#ifndef CORE_JSON_PATCH_H
#define CORE_JSON_PATCH_H

#include <cjson/cJSON.h>
#include <stdbool.h>

// core_json_merge_patch applies patch to *target in place: objects merge member by member,
// null removes a member, anything else replaces. *target may be replaced (the old tree is
// freed). patch stays the caller's. Returns 0 or CORE_E_NOMEM (then *target is partly patched).
int core_json_merge_patch(cJSON **target, const cJSON *patch);

// core_json_merge_diff returns the merge patch that turns from into to (NULL when nothing
// differs; the caller's to free). Members of from that to lacks are removed by the patch
// (null) only when absent_removes: a section listing only what changed lacks the rest.
// Members of to that are null mean "removed" and count only where from has the member.
// Arrays and scalars compare whole. Returns NULL too when out of memory (sets *nomem).
cJSON *core_json_merge_diff(const cJSON *from, const cJSON *to, bool absent_removes, bool *nomem);

// core_json_member_diff is one member's part of a merge diff: the patch that turns old (NULL:
// absent) into now, whose objects below are whole (absent members removed): null for a removal
// news to old, NULL when nothing differs. *nomem is set when out of memory.
cJSON *core_json_member_diff(const cJSON *old, const cJSON *now, bool *nomem);

#endif
