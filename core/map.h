// SPDX-License-Identifier: MIT
// A string-keyed hash map (open addressing, linear probing) holding borrowed pointers.
#ifndef CORE_MAP_H
#define CORE_MAP_H

#include <stddef.h>
#include <stdint.h>

struct core_map_slot {
    char *key; // owned by the map; NULL when the slot is empty
    void *value;
    uint64_t hash; // of key: compared before the strings, which are then rarely compared
};

struct core_map {
    struct core_map_slot *slots;
    size_t cap; // a power of two, or 0 before the first insert
    size_t len;
};

// core_map_init makes an empty map; core_map_fini frees the keys and the table, not the values.
void core_map_init(struct core_map *m);
void core_map_fini(struct core_map *m);

// core_map_get returns the value stored under key, or NULL.
void *core_map_get(const struct core_map *m, const char *key);

// core_map_stored_key returns the map's own copy of key (valid until key is removed), or NULL.
const char *core_map_stored_key(const struct core_map *m, const char *key);

// core_map_put stores value under key (replacing any previous value, which is not freed).
// Returns 0 or CORE_E_NOMEM; on failure the map is unchanged.
int core_map_put(struct core_map *m, const char *key, void *value);

// core_map_get_or_add returns the value under key, or stores a new zeroed value of size bytes
// there (owned by whoever frees the map's values) and returns it. NULL when out of memory.
void *core_map_get_or_add(struct core_map *m, const char *key, size_t size);

// core_map_free_values frees every value (with free()) and then the map itself.
void core_map_free_values(struct core_map *m);

// core_map_del removes key and returns its value (NULL if absent). Removing invalidates
// iteration positions after the removed slot.
void *core_map_del(struct core_map *m, const char *key);

// core_map_next walks the map: start with *pos = 0; returns the next slot or NULL at the end.
// Borrowed: valid until the map is changed.
const struct core_map_slot *core_map_next(const struct core_map *m, size_t *pos);

#endif
