// SPDX-License-Identifier: MIT
// What each call has said already: open addressing over 64-bit keys, a ring for the sweep.
#include "core/seen_set.h"

#include "core/err.h"
#include "core/event.h"
#include "core/hash.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void
core_seen_init(struct core_seen_set *s)
{
    memset(s, 0, sizeof(*s));
}

void
core_seen_fini(struct core_seen_set *s)
{
    free(s->slots);
    free(s->queue);
    core_seen_init(s);
}

// FNV-1a's low bits are weak for keys that differ at the end (a call's number): mixed before
// they pick a slot.
static size_t
home_of(const struct core_seen_set *s, uint64_t key)
{
    key ^= key >> 31;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 29;
    return (size_t)key & (s->cap - 1);
}

static uint64_t
nonzero(uint64_t h)
{
    return h ? h : 1;
}

uint64_t
core_seen_key(const char *call, const char *word, size_t word_len)
{
    uint64_t h = core_fnv1a(CORE_FNV_START, call, strnlen(call, CORE_ID_MAX - 1));
    h = core_fnv1a(h, "\x1f", 1);
    return nonzero(core_fnv1a(h, word, word_len));
}

uint64_t
core_seen_key_text(const char *text)
{
    return nonzero(core_fnv1a_str(CORE_FNV_START, text));
}

// The slot holding key, or the empty slot where it would go.
static size_t
find(const struct core_seen_set *s, uint64_t key)
{
    size_t i = home_of(s, key);
    while (s->slots[i].hash != 0 && s->slots[i].hash != key)
        i = (i + 1) & (s->cap - 1);
    return i;
}

int64_t
core_seen_last(const struct core_seen_set *s, uint64_t key)
{
    if (s->cap == 0)
        return INT64_MIN;
    size_t i = find(s, key);
    return s->slots[i].hash ? s->slots[i].last : INT64_MIN;
}

static int
grow(struct core_seen_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    struct core_seen_slot *slots = calloc(cap, sizeof(*slots));
    struct core_seen_queued *queue = malloc(cap * sizeof(*queue));
    if (slots == NULL || queue == NULL) {
        free(slots);
        free(queue);
        return CORE_E_NOMEM;
    }
    for (size_t i = 0; i < s->len; i++) // the queue's order kept, from its head
        queue[i] = s->queue[(s->head + i) & (s->cap - 1)];
    struct core_seen_slot *old = s->slots;
    size_t old_cap = s->cap;
    s->slots = slots;
    s->cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].hash != 0)
            s->slots[find(s, old[i].hash)] = old[i];
    }
    free(old);
    free(s->queue);
    s->queue = queue;
    s->head = 0;
    return 0;
}

int
core_seen_note(struct core_seen_set *s, uint64_t key, int64_t minute, int64_t queue_minute)
{
    key = nonzero(key);
    if ((s->len + 1) * 4 > s->cap * 3 && grow(s) != 0)
        return CORE_E_NOMEM;
    size_t i = find(s, key);
    if (s->slots[i].hash == 0) {
        s->slots[i].hash = key;
        s->queue[(s->head + s->len) & (s->cap - 1)] =
            (struct core_seen_queued){.hash = key, .queued = queue_minute};
        s->len++;
    }
    s->slots[i].last = minute;
    return 0;
}

// Empties slot i, moving later entries of its probe run back so that every key stays reachable
// from its home slot (no tombstones to pile up over a day).
static void
remove_at(struct core_seen_set *s, size_t i)
{
    size_t mask = s->cap - 1;
    for (size_t j = (i + 1) & mask; s->slots[j].hash != 0; j = (j + 1) & mask) {
        size_t home = home_of(s, s->slots[j].hash);
        // j's entry may fill the hole at i unless its home lies cyclically in (i, j].
        bool stays = i < j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            s->slots[i] = s->slots[j];
            i = j;
        }
    }
    s->slots[i].hash = 0;
}

size_t
core_seen_sweep(struct core_seen_set *s, int64_t forget_at, int64_t now_minute)
{
    size_t looked = 0, mask = s->cap - 1;
    while (s->len > 0 && s->queue[s->head].queued <= forget_at) {
        struct core_seen_queued q = s->queue[s->head];
        s->head = (s->head + 1) & mask;
        looked++;
        size_t i = find(s, q.hash);
        if (s->slots[i].last <= forget_at) {
            remove_at(s, i);
            s->len--;
        } else { // said again since it joined: it joins again at the end
            q.queued = now_minute;
            s->queue[(s->head + s->len - 1) & mask] = q;
        }
    }
    return looked;
}

const struct core_seen_slot *
core_seen_next(const struct core_seen_set *s, size_t *pos)
{
    while (*pos < s->cap) {
        const struct core_seen_slot *slot = &s->slots[(*pos)++];
        if (slot->hash != 0)
            return slot;
    }
    return NULL;
}
