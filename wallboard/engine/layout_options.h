// SPDX-License-Identifier: MIT
// Reading layout options from JSON: the layout parser's and every widget kind's. Each function
// returns 0 or a CORE_E_* code with err naming the JSON path ("pages[0].widgets[2].window: ...").
// An absent key keeps the default in *out.
#ifndef WB_LAYOUT_OPTIONS_H
#define WB_LAYOUT_OPTIONS_H

#include "core/err.h"
#include "wallboard/engine/layout_model.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

// wb_thresholds_level classifies value against t.
enum wb_level wb_thresholds_level(const struct wb_thresholds *t, double value);

// wb_layout_check_keys fails with a message naming path and the nearest allowed key when obj
// holds a key not in allowed (NULL-terminated) nor in also (may be NULL). Used by widget kinds.
int wb_layout_check_keys(const cJSON *obj, const char *const *allowed, const char *const *also,
                         const char *path, struct core_err *err);

// wb_layout_get_window reads "window" of obj ("interval", "previous_interval", "today",
// "yesterday"); absent: today.
int wb_layout_get_window(const cJSON *obj, enum core_window *out, const char *path,
                         struct core_err *err);

// wb_layout_get_thresholds reads {"watch": N, "act": N} at key of obj, if present.
int wb_layout_get_thresholds(const cJSON *obj, const char *key, bool low_is_bad,
                             struct wb_thresholds *out, const char *path, struct core_err *err);

// wb_layout_get_number reads a number from min to max at key of obj.
int wb_layout_get_number(const cJSON *obj, const char *key, double min, double max, double *out,
                         const char *path, struct core_err *err);

// wb_layout_get_int reads a whole number from min to max at key of obj.
int wb_layout_get_int(const cJSON *obj, const char *key, int min, int max, int *out,
                      const char *path, struct core_err *err);

// wb_layout_get_text copies the string at key of obj into dst (of size bytes: longer fails).
int wb_layout_get_text(const cJSON *obj, const char *key, char *dst, size_t size, const char *path,
                       struct core_err *err);

// wb_layout_get_color reads a colour "#RRGGBB" or "#RRGGBBAA" at key of obj.
int wb_layout_get_color(const cJSON *obj, const char *key, struct wb_color *out, const char *path,
                        struct core_err *err);

#endif
