// SPDX-License-Identifier: MIT
// Alert rules: parsing, evaluation, acknowledgement.
#include "core/alerts.h"

#include "core/file.h"
#include "core/localtime.h"
#include "core/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALERTS_FILE_MAX ((size_t)1 << 20)

static const char *const metric_names[CORE_ALERT_METRIC_COUNT] = {
    "waiting",      "longest_wait_s", "agents_available", "service_level",
    "abandon_rate", "asa_s",          "keyword",          "keyword_surge"};

static const char *const rule_keys[] = {"id",          "title",  "metric", "window",     "above",
                                        "below",       "clear",  "for_s",  "cooldown_s", "severity",
                                        "quiet_hours", "queues", "words",  "factor",     NULL};

const char *
core_alert_metric_name(enum core_alert_metric m)
{
    return (unsigned)m < CORE_ALERT_METRIC_COUNT ? metric_names[m] : "";
}

static int
get_string(const cJSON *o, const char *key, char *dst, size_t size, bool required, const char *path,
           struct core_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v == NULL && !required)
        return 0;
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return core_err_set(err, CORE_E_INVALID, "%s.%s: %s", path, key,
                            required ? "required, a non-empty string" : "must be a string");
    if (strlen(v->valuestring) >= size)
        return core_err_set(err, CORE_E_INVALID, "%s.%s: longer than %zu bytes", path, key,
                            size - 1);
    snprintf(dst, size, "%s", v->valuestring);
    return 0;
}

static int
get_seconds(const cJSON *o, const char *key, double *out, const char *path, struct core_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (v == NULL)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 86400)
        return core_err_set(err, CORE_E_INVALID, "%s.%s: seconds, from 0 to 86400", path, key);
    *out = v->valuedouble;
    return 0;
}

// "22:00-07:00": minutes of the day, start and end.
static int
parse_quiet(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "quiet_hours");
    if (v == NULL)
        return 0;
    int h1, m1, h2, m2;
    char extra;
    if (!cJSON_IsString(v) ||
        sscanf(v->valuestring, "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &extra) != 4 || h1 < 0 ||
        h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 ||
        h1 * 60 + m1 == h2 * 60 + m2)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.quiet_hours: \"HH:MM-HH:MM\" in the site's time, e.g. "
                            "\"22:00-07:00\"",
                            path);
    r->has_quiet = true;
    r->quiet_from_min = h1 * 60 + m1;
    r->quiet_to_min = h2 * 60 + m2;
    return 0;
}

static int
parse_metric(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    char name[32] = "";
    int rc = get_string(o, "metric", name, sizeof(name), true, path, err);
    if (rc != 0)
        return rc;
    for (int m = 0; m < CORE_ALERT_METRIC_COUNT; m++) {
        if (strcmp(name, metric_names[m]) == 0) {
            r->metric = (enum core_alert_metric)m;
            return 0;
        }
    }
    return core_err_set(err, CORE_E_INVALID,
                        "%s.metric: \"%s\" is not known; use waiting, longest_wait_s, "
                        "agents_available, service_level, abandon_rate, asa_s, keyword or "
                        "keyword_surge",
                        path, name);
}

static int
parse_threshold(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    const cJSON *above = cJSON_GetObjectItemCaseSensitive(o, "above");
    const cJSON *below = cJSON_GetObjectItemCaseSensitive(o, "below");
    const cJSON *clear = cJSON_GetObjectItemCaseSensitive(o, "clear");
    if (r->metric == CORE_ALERT_KEYWORD_SURGE && above == NULL && below == NULL) {
        r->threshold = 10; // a surge needs at least this many calls in the window
        r->clear = 5;
        return 0;
    }
    if (r->metric >= CORE_ALERT_KEYWORD && below != NULL)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.below: keyword rules count calls: use \"above\"", path);
    if ((above == NULL) == (below == NULL))
        return core_err_set(err, CORE_E_INVALID,
                            "%s: give one of \"above\" or \"below\" (the threshold)", path);
    const cJSON *t = above ? above : below;
    if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble))
        return core_err_set(err, CORE_E_INVALID, "%s.%s: must be a number", path,
                            above ? "above" : "below");
    r->below = below != NULL;
    r->threshold = t->valuedouble;
    r->clear = r->threshold;
    bool ratio = r->metric == CORE_ALERT_SERVICE_LEVEL || r->metric == CORE_ALERT_ABANDON_RATE;
    if (ratio && (r->threshold < 0 || r->threshold > 1))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.%s: %s is a fraction from 0 to 1 (0.8 for 80 %%)", path,
                            above ? "above" : "below", metric_names[r->metric]);
    if (clear == NULL)
        return 0;
    if (!cJSON_IsNumber(clear) ||
        (r->below ? clear->valuedouble < r->threshold : clear->valuedouble > r->threshold))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.clear: the figure recovers here, so it must be %s the threshold "
                            "%g",
                            path, r->below ? "at or above" : "at or below", r->threshold);
    r->clear = clear->valuedouble;
    return 0;
}

static int
check_rule_keys(const cJSON *o, const char *path, struct core_err *err)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, o)
    {
        bool known = false;
        for (size_t i = 0; rule_keys[i] && !known; i++)
            known = strcmp(k->string, rule_keys[i]) == 0;
        if (!known)
            return core_err_set(err, CORE_E_UNKNOWN,
                                "%s: unknown key \"%s\"; known: id, title, metric, window, above, "
                                "below, clear, for_s, cooldown_s, severity, quiet_hours, queues",
                                path, k->string);
    }
    return 0;
}

static int
parse_window_severity(const cJSON *o, struct core_alert_rule *r, const char *path,
                      struct core_err *err)
{
    const cJSON *window = cJSON_GetObjectItemCaseSensitive(o, "window");
    if (window &&
        (!cJSON_IsString(window) || core_window_from_name(window->valuestring, &r->window) != 0))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.window: use interval, previous_interval, today or yesterday", path);
    const cJSON *sev = cJSON_GetObjectItemCaseSensitive(o, "severity");
    if (sev == NULL)
        return 0;
    if (!cJSON_IsString(sev) ||
        (strcmp(sev->valuestring, "act") && strcmp(sev->valuestring, "watch")))
        return core_err_set(err, CORE_E_INVALID, "%s.severity: \"act\" or \"watch\"", path);
    r->act = strcmp(sev->valuestring, "act") == 0;
    return 0;
}

// A keyword rule's watch words, counted in lower case as the keywords are.
static int
parse_words(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    bool keyword = r->metric == CORE_ALERT_KEYWORD || r->metric == CORE_ALERT_KEYWORD_SURGE;
    const cJSON *words = cJSON_GetObjectItemCaseSensitive(o, "words");
    if (keyword && cJSON_GetObjectItemCaseSensitive(o, "queues"))
        return core_err_set(err, CORE_E_INVALID,
                            "%s.queues: keywords are counted for the site; drop \"queues\"", path);
    if ((words != NULL) != (r->metric == CORE_ALERT_KEYWORD))
        return core_err_set(err, CORE_E_INVALID, "%s.words: %s", path,
                            r->metric == CORE_ALERT_KEYWORD
                                ? "a keyword rule needs its watch words, e.g. [\"停电\"]"
                                : "only a keyword rule has watch words");
    if (words == NULL)
        return 0;
    if (!cJSON_IsArray(words) || cJSON_GetArraySize(words) == 0 ||
        cJSON_GetArraySize(words) > CORE_ALERT_QUEUES_MAX)
        return core_err_set(err, CORE_E_INVALID, "%s.words: a list of up to %d words", path,
                            CORE_ALERT_QUEUES_MAX);
    const cJSON *w;
    cJSON_ArrayForEach(w, words)
    {
        if (!cJSON_IsString(w) || w->valuestring[0] == '\0' ||
            strlen(w->valuestring) >= CORE_WORD_MAX)
            return core_err_set(err, CORE_E_INVALID, "%s.words[%zu]: a word", path, r->nwords);
        char *dst = r->words[r->nwords++];
        snprintf(dst, CORE_WORD_MAX, "%s", w->valuestring);
        for (char *p = dst; *p; p++)
            *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    }
    return 0;
}

static int
parse_factor(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    r->factor = 3;
    const cJSON *factor = cJSON_GetObjectItemCaseSensitive(o, "factor");
    if (factor == NULL)
        return 0;
    if (r->metric != CORE_ALERT_KEYWORD_SURGE || !cJSON_IsNumber(factor) ||
        factor->valuedouble < 1.2 || factor->valuedouble > 100)
        return core_err_set(err, CORE_E_INVALID,
                            "%s.factor: a keyword_surge's multiple of the window before, "
                            "from 1.2 to 100",
                            path);
    r->factor = factor->valuedouble;
    return 0;
}

static int
parse_queues(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    const cJSON *queues = cJSON_GetObjectItemCaseSensitive(o, "queues");
    if (queues == NULL)
        return 0;
    if (!cJSON_IsArray(queues) || cJSON_GetArraySize(queues) > CORE_ALERT_QUEUES_MAX)
        return core_err_set(err, CORE_E_INVALID, "%s.queues: a list of up to %d queue names", path,
                            CORE_ALERT_QUEUES_MAX);
    const cJSON *q;
    cJSON_ArrayForEach(q, queues)
    {
        if (!cJSON_IsString(q) || q->valuestring[0] == '\0' ||
            strlen(q->valuestring) >= CORE_ID_MAX)
            return core_err_set(err, CORE_E_INVALID, "%s.queues[%zu]: a queue name", path,
                                r->nqueues);
        snprintf(r->queues[r->nqueues++], CORE_ID_MAX, "%s", q->valuestring);
    }
    return 0;
}

static int
parse_rule(const cJSON *o, struct core_alert_rule *r, const char *path, struct core_err *err)
{
    if (!cJSON_IsObject(o))
        return core_err_set(err, CORE_E_INVALID, "%s: must be an object", path);
    int rc = check_rule_keys(o, path, err);
    if (rc != 0)
        return rc;
    r->cooldown_s = 300;
    r->act = true;
    r->window = CORE_WIN_INTERVAL;
    rc = get_string(o, "id", r->id, sizeof(r->id), true, path, err);
    if (rc == 0 && strchr(r->id, '/'))
        rc = core_err_set(err, CORE_E_INVALID, "%s.id: may not contain \"/\"", path);
    if (rc == 0)
        rc = get_string(o, "title", r->title, sizeof(r->title), false, path, err);
    if (rc == 0)
        rc = parse_metric(o, r, path, err);
    if (rc == 0)
        rc = parse_threshold(o, r, path, err);
    if (rc == 0)
        rc = get_seconds(o, "for_s", &r->for_s, path, err);
    if (rc == 0)
        rc = get_seconds(o, "cooldown_s", &r->cooldown_s, path, err);
    if (rc == 0)
        rc = parse_quiet(o, r, path, err);
    if (rc == 0)
        rc = parse_window_severity(o, r, path, err);
    if (rc == 0)
        rc = parse_words(o, r, path, err);
    if (rc == 0)
        rc = parse_factor(o, r, path, err);
    if (rc == 0)
        rc = parse_queues(o, r, path, err);
    return rc;
}

struct core_alert *
core_alerts_add(struct core_alerts *a, const struct core_alert_rule *r, const char *scope)
{
    if (a->nalerts == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        struct core_alert *more = realloc(a->alerts, cap * sizeof(*more));
        if (more == NULL)
            return NULL;
        a->alerts = more;
        a->cap = cap;
    }
    struct core_alert *al = &a->alerts[a->nalerts++];
    memset(al, 0, sizeof(*al));
    al->rule = r;
    snprintf(al->queue, sizeof(al->queue), "%s", scope);
    snprintf(al->key, sizeof(al->key), "%s/%s", r->id, scope);
    return al;
}

// One alert per queue named (or the site), per watch word; surges get theirs as words surge.
static int
make_alerts(struct core_alerts *a)
{
    for (size_t i = 0; i < a->nrules; i++) {
        const struct core_alert_rule *r = &a->rules[i];
        if (r->metric == CORE_ALERT_KEYWORD_SURGE)
            continue;
        size_t n = r->metric == CORE_ALERT_KEYWORD ? r->nwords : (r->nqueues ? r->nqueues : 1);
        for (size_t q = 0; q < n; q++) {
            const char *scope = r->metric == CORE_ALERT_KEYWORD ? r->words[q]
                                : r->nqueues                    ? r->queues[q]
                                                                : "";
            if (core_alerts_add(a, r, scope) == NULL)
                return CORE_E_NOMEM;
        }
    }
    return 0;
}

int
core_alerts_parse(const char *json, size_t len, const char *source, struct core_alerts **out,
                  struct core_err *err)
{
    *out = NULL;
    snprintf(err->source, sizeof(err->source), "%s", source);
    cJSON *root = cJSON_ParseWithLength(json, len);
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
    int rc = 0;
    if (root == NULL)
        rc = core_err_set(err, CORE_E_PARSE, "not valid JSON");
    else if (!cJSON_IsNumber(version) || version->valuedouble != 1)
        rc = core_err_set(err, CORE_E_INVALID, "version: must be 1");
    else if (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) > CORE_ALERT_RULES_MAX)
        rc = core_err_set(err, CORE_E_INVALID, "rules: a list of up to %d rules",
                          CORE_ALERT_RULES_MAX);
    struct core_alerts *a = rc == 0 ? calloc(1, sizeof(*a)) : NULL;
    if (rc == 0 && a == NULL)
        rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
    const cJSON *r;
    const cJSON *list = rc == 0 ? rules : NULL;
    cJSON_ArrayForEach(r, list)
    {
        char path[32];
        snprintf(path, sizeof(path), "rules[%zu]", a->nrules);
        rc = parse_rule(r, &a->rules[a->nrules], path, err);
        for (size_t i = 0; rc == 0 && i < a->nrules; i++) {
            if (strcmp(a->rules[i].id, a->rules[a->nrules].id) == 0)
                rc = core_err_set(err, CORE_E_INVALID, "%s.id: \"%s\" is already rules[%zu]'s",
                                  path, a->rules[i].id, i);
        }
        if (rc != 0)
            break;
        a->nrules++;
    }
    if (rc == 0 && make_alerts(a) != 0)
        rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
    cJSON_Delete(root);
    if (rc != 0) {
        core_alerts_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

int
core_alerts_load(const char *path, struct core_alerts **out, struct core_err *err)
{
    size_t len;
    char *buf = core_file_read(path, ALERTS_FILE_MAX, &len, err);
    if (buf == NULL)
        return err->code ? err->code : CORE_E_IO;
    int rc = core_alerts_parse(buf, len, path, out, err);
    free(buf);
    return rc;
}

void
core_alerts_free(struct core_alerts *a)
{
    if (a == NULL)
        return;
    free(a->alerts);
    free(a);
}

int
core_alerts_ack(struct core_alerts *a, const char *key, const char *by, int64_t now_ms)
{
    for (size_t i = 0; a && i < a->nalerts; i++) {
        struct core_alert *al = &a->alerts[i];
        if (al->phase != CORE_ALERT_ACTIVE || strcmp(al->key, key) != 0)
            continue;
        al->acked = true;
        size_t n = core_utf8_prefix_len(by ? by : "", sizeof(al->acked_by) - 1);
        memcpy(al->acked_by, by ? by : "", n);
        al->acked_by[n] = '\0';
        al->acked_ms = now_ms;
        a->dirty = true;
        return 0;
    }
    return CORE_E_UNKNOWN;
}

static int
by_importance(const void *pa, const void *pb)
{
    const struct core_alert *a = *(const struct core_alert *const *)pa;
    const struct core_alert *b = *(const struct core_alert *const *)pb;
    if (a->rule->act != b->rule->act)
        return a->rule->act ? -1 : 1;
    return a->raised_ms < b->raised_ms ? -1 : a->raised_ms > b->raised_ms;
}

cJSON *
core_alerts_json(const struct core_alerts *a)
{
    cJSON *arr = cJSON_CreateArray();
    const struct core_alert **list = a && a->nalerts ? malloc(a->nalerts * sizeof(*list)) : NULL;
    size_t n = 0;
    for (size_t i = 0; list && i < a->nalerts; i++) {
        if (a->alerts[i].phase == CORE_ALERT_ACTIVE)
            list[n++] = &a->alerts[i];
    }
    if (n > 1)
        qsort(list, n, sizeof(*list), by_importance);
    for (size_t i = 0; arr && i < n; i++) {
        const struct core_alert *al = list[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(arr, o))
            break;
        cJSON_AddStringToObject(o, "key", al->key);
        cJSON_AddStringToObject(o, "rule", al->rule->id);
        cJSON_AddStringToObject(o, "title", al->rule->title);
        cJSON_AddStringToObject(o, "queue", al->queue);
        cJSON_AddStringToObject(o, "metric", metric_names[al->rule->metric]);
        cJSON_AddNumberToObject(o, "value", floor(al->value * 1000 + 0.5) / 1000);
        cJSON_AddNumberToObject(o, "threshold", al->rule->threshold);
        cJSON_AddBoolToObject(o, "below", al->rule->below);
        cJSON_AddStringToObject(o, "severity", al->rule->act ? "act" : "watch");
        cJSON_AddNumberToObject(o, "since", (double)al->raised_ms / 1000.0);
        if (al->rule->metric == CORE_ALERT_KEYWORD ||
            al->rule->metric == CORE_ALERT_KEYWORD_SURGE) {
            cJSON_AddStringToObject(o, "word", al->queue);
            cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(o, "queue"), "");
            cJSON *regions = cJSON_AddArrayToObject(o, "regions");
            for (size_t k = 0; regions && k < al->nregions; k++) {
                cJSON *e = cJSON_CreateObject();
                if (e == NULL || !cJSON_AddItemToArray(regions, e))
                    break;
                cJSON_AddStringToObject(e, "region", al->regions[k].region);
                cJSON_AddNumberToObject(e, "count", (double)al->regions[k].count);
            }
        }
        if (al->acked) {
            cJSON *ack = cJSON_AddObjectToObject(o, "acked");
            cJSON_AddStringToObject(ack, "by", al->acked_by);
            cJSON_AddNumberToObject(ack, "at", (double)al->acked_ms / 1000.0);
        } else {
            cJSON_AddNullToObject(o, "acked");
        }
    }
    free(list);
    return arr;
}
