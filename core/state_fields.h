// SPDX-License-Identifier: MIT
// The state's fields as JSON, listed once: a table per struct names each field's JSON key, its
// kind and whether screens see it. One writer turns a struct into JSON for a checkpoint (every
// field, sums of seconds to the last bit) or for the published snapshot (the published fields,
// as screens read them); one reader fills a struct back from a checkpoint.
#ifndef CORE_STATE_FIELDS_H
#define CORE_STATE_FIELDS_H

#include "core/state_model.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum core_field_kind {
    CORE_FIELD_COUNT,       // uint64_t: a whole number from 0 to 2^53
    CORE_FIELD_MS,          // int64_t milliseconds (published as seconds)
    CORE_FIELD_EXACT,       // double: a sum of seconds, written as a hexadecimal float
    CORE_FIELD_BOOL,        // bool, as 0 or 1
    CORE_FIELD_TEXT,        // char[size]
    CORE_FIELD_CALL_STATUS, // enum core_call_status
    CORE_FIELD_AGENT_STATE, // enum core_agent_state (published by name)
    CORE_FIELD_QUEUE_LIST,  // an agent's queues: offset is nqueues's, size queues's offset; not
                            // read by core_fields_get (they point at the state's queues)
    CORE_FIELD_SMALL,       // a small enum (an int from 0 to 255)
    CORE_FIELD_HASH,        // uint64_t, all 64 bits: written as 16 hexadecimal digits
};

struct core_field {
    const char *key;
    enum core_field_kind kind;
    bool published; // in the snapshot the screens receive, under the same key
    size_t offset, size;
};

enum core_fields_use { CORE_FIELDS_CHECKPOINT, CORE_FIELDS_PUBLISHED };

// core_fields_put adds obj's fields of table f (n entries) to o, for use. Returns false when
// out of memory (o may hold some of them).
bool core_fields_put(cJSON *o, const void *obj, const struct core_field *f, size_t n,
                     enum core_fields_use use);

// core_fields_json returns a new object holding obj's fields as core_fields_put adds them, or
// NULL when out of memory. Caller owns it: free with cJSON_Delete().
cJSON *core_fields_json(const void *obj, const struct core_field *f, size_t n,
                        enum core_fields_use use);

// core_fields_get fills obj's fields of table f from o as a checkpoint holds them: absent or
// damaged members give 0 or "", and no value can overflow its field.
void core_fields_get(const cJSON *o, void *obj, const struct core_field *f, size_t n);

// core_fields_number returns the number member k of o, 0 when absent or not a number, clamped
// to ±2^53 so that no damaged value can overflow the integer it is stored in.
double core_fields_number(const cJSON *o, const char *k);

// The tables (state_fields.c).
extern const struct core_field core_tally_fields[];  // struct core_tally
extern const struct core_field core_queue_fields[];  // struct core_queue: the totals
extern const struct core_field core_call_fields[];   // struct core_call
extern const struct core_field core_agent_fields[];  // struct core_agent, queues and history aside
extern const struct core_field core_clock_fields[];  // struct core_clock_windows
extern const struct core_field core_missed_fields[]; // struct core_missed_ring
extern const size_t core_tally_nfields, core_queue_nfields, core_call_nfields, core_agent_nfields,
    core_clock_nfields, core_missed_nfields;

#endif
