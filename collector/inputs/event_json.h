// SPDX-License-Identifier: MIT
// A version-1 event written as JSON by a PBX adapter, one field at a time into a fixed buffer:
// {"type":…,"ts":…, then the fields}. Strings are escaped here; what they hold is judged by the
// ingest's validation like any other event.
#ifndef COL_EVENT_JSON_H
#define COL_EVENT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#define COL_EVENT_JSON_MAX 4096

struct col_event_json {
    char text[COL_EVENT_JSON_MAX];
    size_t len;
    bool full; // a field did not fit: the event is not sent
};

// col_event_json_start begins an event of type at ts (seconds since the epoch).
void col_event_json_start(struct col_event_json *j, const char *type, double ts);

// col_event_json_str adds "key": value (escaped).
void col_event_json_str(struct col_event_json *j, const char *key, const char *value);

// col_event_json_num adds "key": value, rounded to milliseconds.
void col_event_json_num(struct col_event_json *j, const char *key, double value);

// col_event_json_list adds "key": [the n strings at list, each size bytes apart].
void col_event_json_list(struct col_event_json *j, const char *key, const char *list, size_t n,
                         size_t size);

// col_event_json_end closes the object; returns its text (*len set), or NULL when it did not fit.
const char *col_event_json_end(struct col_event_json *j, size_t *len);

#endif
