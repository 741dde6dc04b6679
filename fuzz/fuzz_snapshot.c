// SPDX-License-Identifier: MIT
// Fuzz target: a state message as a screen receives it: its header peeked (a periodic snapshot
// in step is dropped by it), merged into a snapshot, its agents into a roster (as a delta and as
// a snapshot), then viewed (and narrowed to sites, as a scoped screen does); and the collector's
// diff between the two states, which must patch the first into the second exactly.
#include "core/json_patch.h"
#include "core/snapshot.h"
#include "core/view.h"
#include "core/view_roster.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// The k-th member named key in o (a fuzzed object may name a key twice).
static const cJSON *
nth_member(const cJSON *o, const char *key, int k)
{
    for (const cJSON *c = o->child; c; c = c->next) {
        if (c->string && strcmp(c->string, key) == 0 && k-- == 0)
            return c;
    }
    return NULL;
}

// The same document, whatever the order of members (a merge moves a replaced member to the
// end). cJSON_Compare will not do: it finds an object naming a key twice, or a number too big
// for a double (infinity), unequal even to itself.
static bool
same(const cJSON *a, const cJSON *b)
{
    if ((a->type & 0xff) != (b->type & 0xff))
        return false;
    if (cJSON_IsNumber(a))
        return a->valuedouble == b->valuedouble || (isnan(a->valuedouble) && isnan(b->valuedouble));
    if (cJSON_IsString(a))
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
        return true;
    if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
        return false;
    const cJSON *x = a->child, *y = b->child;
    for (; x; x = x->next, y = y->next) {
        if (cJSON_IsArray(a) && !same(x, y))
            return false;
        if (cJSON_IsObject(a)) {
            int k = 0; // which of the members so named this is
            for (const cJSON *p = a->child; p != x; p = p->next)
                k += p->string && x->string && strcmp(p->string, x->string) == 0;
            const cJSON *other = x->string ? nth_member(b, x->string, k) : NULL;
            if (other == NULL || !same(x, other))
                return false;
        }
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t run = 0, seq = 0;
    bool peeked = core_snapshot_peek_held((const char *)data, size, &run, &seq);
    cJSON *msg = cJSON_ParseWithLength((const char *)data, size);
    if (msg == NULL)
        return 0;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(msg, "run");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(msg, "seq");
    if (peeked && (!cJSON_IsNumber(r) || !cJSON_IsNumber(q) || r->valuedouble != (double)run ||
                   q->valuedouble != (double)seq))
        abort(); // the peek read another header than the message has
    struct core_view_roster roster;
    core_view_roster_init(&roster);
    for (int replace = 0; replace < 2; replace++) {
        cJSON *agents = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(msg, "agents"), true);
        core_view_roster_apply(&roster, agents, replace);
        cJSON_Delete(agents);
    }
    core_view_roster_fini(&roster);
    static const char start[] = "{\"v\":1,\"seq\":1,\"queues\":{\"q\":{\"waiting\":1},"
                                "\"s/q\":{\"waiting\":2}},\"agents\":{\"a\":{\"state\":"
                                "\"available\"},\"s/a\":{\"team\":\"s/t\"}},\"sites\":{\"s\":{}}}";
    cJSON *tree = cJSON_Parse(start);
    cJSON *before = cJSON_Parse(start);
    if (core_json_merge_patch(&tree, msg) == 0) {
        bool nomem = false;
        cJSON *patch = core_json_merge_diff(before, tree, true, &nomem);
        if (patch && !nomem && core_json_merge_patch(&before, patch) == 0 && !same(before, tree))
            abort(); // the diff does not lead where it says
        cJSON_Delete(patch);
    }
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    if (core_view_from_json(tree, &v, &err) == 0) {
        const char *sites[] = {"s", "x"};
        core_view_scope(&v, sites, (size_t)(size % 3)); // none, one or two sites
        core_view_fini(&v);
    }
    if (core_view_from_json(msg, &v, &err) == 0)
        core_view_fini(&v);
    cJSON_Delete(tree);
    cJSON_Delete(before);
    cJSON_Delete(msg);
    return 0;
}
