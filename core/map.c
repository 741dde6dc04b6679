// SPDX-License-Identifier: MIT
// Open-addressing hash map with backward-shift deletion, so there are no tombstones to sweep.
#include "core/map.h"

#include "core/err.h"
#include "core/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t
hash_str(const char *s)
{
    return core_fnv1a_str(CORE_FNV_START, s);
}

void
core_map_init(struct core_map *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
}

void
core_map_fini(struct core_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    core_map_init(m);
}

static size_t
find_slot(const struct core_map *m, const char *key, uint64_t h)
{
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    while (m->slots[i].key != NULL && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
        i = (i + 1) & mask;
    return i;
}

void *
core_map_get(const struct core_map *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    size_t i = find_slot(m, key, hash_str(key));
    return m->slots[i].key ? m->slots[i].value : NULL;
}

const char *
core_map_stored_key(const struct core_map *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    return m->slots[find_slot(m, key, hash_str(key))].key;
}

static int
grow(struct core_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    struct core_map_slot *slots = calloc(cap, sizeof(*slots));
    if (slots == NULL)
        return CORE_E_NOMEM;
    struct core_map old = *m;
    m->slots = slots;
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slots[i].key != NULL)
            m->slots[find_slot(m, old.slots[i].key, old.slots[i].hash)] = old.slots[i];
    }
    free(old.slots);
    return 0;
}

int
core_map_put(struct core_map *m, const char *key, void *value)
{
    // At most half full: short probe runs.
    if ((m->len + 1) * 2 > m->cap && grow(m) != 0)
        return CORE_E_NOMEM;
    uint64_t h = hash_str(key);
    size_t i = find_slot(m, key, h);
    if (m->slots[i].key == NULL) {
        char *copy = strdup(key);
        if (copy == NULL)
            return CORE_E_NOMEM;
        m->slots[i].key = copy;
        m->slots[i].hash = h;
        m->len++;
    }
    m->slots[i].value = value;
    return 0;
}

void *
core_map_del(struct core_map *m, const char *key)
{
    if (m->cap == 0)
        return NULL;
    size_t mask = m->cap - 1;
    size_t i = find_slot(m, key, hash_str(key));
    if (m->slots[i].key == NULL)
        return NULL;
    void *value = m->slots[i].value;
    free(m->slots[i].key);
    m->slots[i].key = NULL;
    m->len--;
    // Backward shift: pull later members of the probe run into the hole.
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].key != NULL; j = (j + 1) & mask) {
        size_t home = m->slots[j].hash & mask;
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            m->slots[hole] = m->slots[j];
            m->slots[j].key = NULL;
            hole = j;
        }
    }
    return value;
}

const struct core_map_slot *
core_map_next(const struct core_map *m, size_t *pos)
{
    while (*pos < m->cap) {
        const struct core_map_slot *s = &m->slots[(*pos)++];
        if (s->key != NULL)
            return s;
    }
    return NULL;
}

void *
core_map_get_or_add(struct core_map *m, const char *key, size_t size)
{
    void *v = core_map_get(m, key);
    if (v != NULL)
        return v;
    v = calloc(1, size);
    if (v != NULL && core_map_put(m, key, v) != 0) {
        free(v);
        v = NULL;
    }
    return v;
}

void
core_map_free_values(struct core_map *m)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(m, &pos)) != NULL)
        free(s->value);
    core_map_fini(m);
}
