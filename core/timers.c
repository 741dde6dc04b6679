// SPDX-License-Identifier: MIT
// A binary min-heap of timers (core/timers.h). Ties go by kind, then id, then stamp, so the
// order in which timers due at the same millisecond fire does not depend on insertion order: a
// state rebuilt from a checkpoint fires them as the uninterrupted one did.
#include "core/timers.h"

#include "core/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
before(const struct core_timer *a, const struct core_timer *b)
{
    if (a->due_ms != b->due_ms)
        return a->due_ms < b->due_ms;
    if (a->kind != b->kind)
        return a->kind < b->kind;
    int c = strcmp(a->id, b->id);
    return c != 0 ? c < 0 : a->stamp < b->stamp;
}

static void
swap(struct core_timer *a, struct core_timer *b)
{
    struct core_timer tmp = *a;
    *a = *b;
    *b = tmp;
}

int
core_timers_add(struct core_timers *t, int64_t due_ms, enum core_timer_kind kind, const char *id,
                int64_t stamp)
{
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct core_timer *heap = realloc(t->heap, cap * sizeof(*heap));
        if (heap == NULL)
            return CORE_E_NOMEM;
        t->heap = heap;
        t->cap = cap;
    }
    size_t i = t->len++;
    struct core_timer *e = &t->heap[i];
    e->due_ms = due_ms;
    e->kind = kind;
    e->stamp = stamp;
    snprintf(e->id, sizeof(e->id), "%s", id);
    while (i > 0 && before(&t->heap[i], &t->heap[(i - 1) / 2])) {
        swap(&t->heap[i], &t->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    return 0;
}

bool
core_timers_pop(struct core_timers *t, int64_t limit_ms, struct core_timer *out)
{
    if (t->len == 0 || t->heap[0].due_ms > limit_ms)
        return false;
    *out = t->heap[0];
    t->heap[0] = t->heap[--t->len];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < t->len && before(&t->heap[l], &t->heap[m]))
            m = l;
        if (r < t->len && before(&t->heap[r], &t->heap[m]))
            m = r;
        if (m == i)
            break;
        swap(&t->heap[i], &t->heap[m]);
        i = m;
    }
    return true;
}

void
core_timers_fini(struct core_timers *t)
{
    free(t->heap);
    memset(t, 0, sizeof(*t));
}
