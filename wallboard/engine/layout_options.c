// SPDX-License-Identifier: MIT
// Reading layout options from JSON (numbers, texts, colours, windows, thresholds) with messages
// that name the JSON path, and unknown keys with the nearest known one ("did you mean").
#include "wallboard/engine/layout_options.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    }
    return d[la][lb];
}

static const char *
nearest(const char *key, const char *const *a, const char *const *b)
{
    const char *best = NULL;
    size_t best_d = 3; // suggest only near misses
    for (int pass = 0; pass < 2; pass++) {
        const char *const *list = pass ? b : a;
        for (size_t i = 0; list && list[i]; i++) {
            size_t d = edit_distance(key, list[i]);
            if (d < best_d) {
                best_d = d;
                best = list[i];
            }
        }
    }
    return best;
}

static bool
in_list(const char *key, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (strcmp(key, list[i]) == 0)
            return true;
    }
    return false;
}

int
wb_layout_check_keys(const cJSON *obj, const char *const *allowed, const char *const *also,
                     const char *path, struct core_err *err)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, obj)
    {
        if (in_list(m->string, allowed) || in_list(m->string, also))
            continue;
        const char *hint = nearest(m->string, allowed, also);
        if (hint)
            return core_err_set(err, CORE_E_UNKNOWN,
                                "%s: unknown key \"%s\" (did you mean \"%s\"?)", path, m->string,
                                hint);
        return core_err_set(err, CORE_E_UNKNOWN, "%s: unknown key \"%s\"", path, m->string);
    }
    return 0;
}

int
wb_layout_get_number(const cJSON *obj, const char *key, double min, double max, double *out,
                     const char *path, struct core_err *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL)
        return 0; // keep the default
    if (!cJSON_IsNumber(item) || item->valuedouble < min || item->valuedouble > max)
        return core_err_set(err, CORE_E_INVALID, "%s.%s: must be a number from %g to %g", path, key,
                            min, max);
    *out = item->valuedouble;
    return 0;
}

int
wb_layout_get_int(const cJSON *obj, const char *key, int min, int max, int *out, const char *path,
                  struct core_err *err)
{
    double v = *out;
    int rc = wb_layout_get_number(obj, key, min, max, &v, path, err);
    if (rc == 0 && v != floor(v))
        return core_err_set(err, CORE_E_INVALID, "%s.%s: must be a whole number", path, key);
    *out = (int)v;
    return rc;
}

int
wb_layout_get_text(const cJSON *obj, const char *key, char *dst, size_t size, const char *path,
                   struct core_err *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL)
        return 0;
    if (!cJSON_IsString(item))
        return core_err_set(err, CORE_E_INVALID, "%s.%s: must be a string", path, key);
    if (strlen(item->valuestring) >= size)
        return core_err_set(err, CORE_E_INVALID, "%s.%s: longer than %zu bytes", path, key,
                            size - 1);
    snprintf(dst, size, "%s", item->valuestring);
    return 0;
}

int
wb_layout_get_color(const cJSON *obj, const char *key, struct wb_color *out, const char *path,
                    struct core_err *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (item == NULL)
        return 0;
    if (!cJSON_IsString(item))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.%s: must be a colour like \"#0072B2\" (#RRGGBB or #RRGGBBAA)", path,
                            key);
    if (!wb_color_parse(item->valuestring, out)) // the value said back: "#12345" is one short
        return core_err_set(err, CORE_E_INVALID,
                            "%s.%s: \"%.40s\" is not a colour; use #RRGGBB or #RRGGBBAA, like "
                            "\"#0072B2\"",
                            path, key, item->valuestring);
    return 0;
}

int
wb_layout_get_window(const cJSON *obj, enum core_window *out, const char *path,
                     struct core_err *err)
{
    *out = CORE_WIN_TODAY;
    const cJSON *win = cJSON_GetObjectItemCaseSensitive(obj, "window");
    if (win && (!cJSON_IsString(win) || core_window_from_name(win->valuestring, out) != 0))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.window: use \"interval\", \"previous_interval\", \"today\" or "
                            "\"yesterday\"",
                            path);
    return 0;
}

int
wb_layout_get_thresholds(const cJSON *obj, const char *key, bool low_is_bad,
                         struct wb_thresholds *out, const char *path, struct core_err *err)
{
    static const char *const keys[] = {"watch", "act", NULL};
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(obj, key);
    out->low_is_bad = low_is_bad;
    if (t == NULL)
        return 0;
    char where[256];
    snprintf(where, sizeof(where), "%s.%s", path, key);
    if (!cJSON_IsObject(t))
        return core_err_set(err, CORE_E_INVALID,
                            "%s: must be an object like {\"watch\": 5, "
                            "\"act\": 10}",
                            where);
    int rc = wb_layout_check_keys(t, keys, NULL, where, err);
    if (rc == 0)
        rc = wb_layout_get_number(t, "watch", -1e12, 1e12, &out->watch, where, err);
    if (rc == 0)
        rc = wb_layout_get_number(t, "act", -1e12, 1e12, &out->act, where, err);
    if (rc != 0)
        return rc;
    if (!cJSON_GetObjectItemCaseSensitive(t, "watch") ||
        !cJSON_GetObjectItemCaseSensitive(t, "act"))
        return core_err_set(err, CORE_E_INVALID, "%s: needs both \"watch\" and \"act\"", where);
    if (low_is_bad ? out->act > out->watch : out->act < out->watch)
        return core_err_set(err, CORE_E_INVALID, "%s: \"act\" must be %s than \"watch\"", where,
                            low_is_bad ? "lower" : "higher");
    out->set = true;
    return 0;
}

enum wb_level
wb_thresholds_level(const struct wb_thresholds *t, double value)
{
    if (!t->set)
        return WB_LEVEL_NORMAL;
    if (t->low_is_bad)
        return value <= t->act     ? WB_LEVEL_ACT
               : value <= t->watch ? WB_LEVEL_WATCH
                                   : WB_LEVEL_NORMAL;
    return value >= t->act ? WB_LEVEL_ACT : value >= t->watch ? WB_LEVEL_WATCH : WB_LEVEL_NORMAL;
}
