// SPDX-License-Identifier: MIT
// JSON written straight to a stream, for documents too big to hold as a tree (checkpoints).
#ifndef CORE_JSON_WRITE_H
#define CORE_JSON_WRITE_H

#include <stdbool.h>
#include <stdio.h>

// core_json_write_string writes s as a JSON string, escaped as cJSON escapes it. false when out
// of memory or f failed.
bool core_json_write_string(FILE *f, const char *s);

// core_json_tree_of runs write(obj, memory stream) and parses what it wrote: the tree of a
// document that is normally written straight to a file. NULL when write fails or out of memory.
struct cJSON;
struct cJSON *core_json_tree_of(int (*write)(const void *obj, FILE *f), const void *obj);

#endif
