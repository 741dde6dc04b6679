// SPDX-License-Identifier: MIT
// An agent's states today.
#include "core/history.h"

#include "core/json_write.h"
#include "core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The place of reason in the day's reasons, added if new (0: none, or no room for it).
static uint8_t
reason_place(struct core_history *h, const char *reason)
{
    char cut[CORE_HISTORY_REASON];
    size_t n = core_utf8_prefix_len(reason ? reason : "", sizeof(cut) - 1);
    memcpy(cut, reason ? reason : "", n);
    cut[n] = '\0';
    if (n == 0)
        return 0;
    for (size_t i = 0; i < h->nreasons; i++) {
        if (strcmp(h->reasons[i], cut) == 0)
            return (uint8_t)(i + 1);
    }
    if (h->nreasons == CORE_HISTORY_REASONS)
        return 0;
    if (h->nreasons == h->reasons_cap) {
        size_t cap = h->reasons_cap ? h->reasons_cap * 2 : 4;
        if (cap > CORE_HISTORY_REASONS)
            cap = CORE_HISTORY_REASONS;
        char(*grown)[CORE_HISTORY_REASON] = realloc(h->reasons, cap * sizeof(*grown));
        if (grown == NULL)
            return 0; // out of memory: the span keeps its state without its reason
        h->reasons = grown;
        h->reasons_cap = cap;
    }
    memcpy(h->reasons[h->nreasons], cut, n + 1);
    return (uint8_t)++h->nreasons;
}

int64_t
core_history_since(const struct core_history *h, const struct core_span *s)
{
    return h->base_ms + s->after_ms;
}

// since_ms counted from h's base; a day holds well within the ±24 days an int32 counts, and
// anything further (a broken clock) is kept at the limit.
static int32_t
after_base(const struct core_history *h, int64_t since_ms)
{
    int64_t d = since_ms - h->base_ms;
    return d > INT32_MAX ? INT32_MAX : d < INT32_MIN ? INT32_MIN : (int32_t)d;
}

const char *
core_history_reason(const struct core_history *h, const struct core_span *s)
{
    return s->reason > 0 && s->reason <= h->nreasons ? h->reasons[s->reason - 1] : "";
}

int
core_history_note(struct core_history *h, int64_t since_ms, enum core_agent_state state,
                  const char *reason)
{
    if (h->len == CORE_HISTORY_MAX) {
        // A day busier than we keep: the oldest half-hour matters least on a live screen.
        memmove(h->spans, h->spans + 1, (h->len - 1) * sizeof(*h->spans));
        h->len--;
        h->dropped++;
    }
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        struct core_span *s = realloc(h->spans, cap * sizeof(*s));
        if (s == NULL)
            return CORE_E_NOMEM;
        h->spans = s;
        h->cap = cap;
    }
    if (h->len == 0)
        h->base_ms = since_ms;
    struct core_span *s = &h->spans[h->len++];
    s->after_ms = after_base(h, since_ms);
    s->state = (uint8_t)state;
    s->reason = reason_place(h, reason);
    return 0;
}

void
core_history_new_day(struct core_history *h, int64_t day_start_ms)
{
    if (h->len == 0)
        return;
    int64_t since = core_history_since(h, &h->spans[h->len - 1]);
    h->spans[0] = h->spans[h->len - 1];
    h->base_ms = since > day_start_ms ? since : day_start_ms;
    h->spans[0].after_ms = 0;
    h->len = 1;
    h->dropped = 0;
    // Yesterday's reasons go too, but the one the carried span names.
    if (h->spans[0].reason > 0 && h->spans[0].reason <= h->nreasons) {
        if (h->spans[0].reason != 1)
            memcpy(h->reasons[0], h->reasons[h->spans[0].reason - 1], sizeof(h->reasons[0]));
        h->spans[0].reason = 1;
        h->nreasons = 1;
    } else {
        h->spans[0].reason = 0;
        h->nreasons = 0;
    }
}

void
core_history_fini(struct core_history *h)
{
    free(h->spans);
    free(h->reasons);
    memset(h, 0, sizeof(*h));
}

bool
core_history_write(const struct core_history *h, FILE *f)
{
    bool ok = fputc('[', f) != EOF;
    for (size_t i = 0; ok && i < h->len; i++) {
        ok = fprintf(f, "%s[%lld,%u,", i ? "," : "", (long long)core_history_since(h, &h->spans[i]),
                     (unsigned)h->spans[i].state) >= 0 &&
             core_json_write_string(f, core_history_reason(h, &h->spans[i])) &&
             fputc(']', f) != EOF;
    }
    return ok && fputc(']', f) != EOF;
}

int
core_history_from_json(struct core_history *h, const cJSON *arr)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *since = cJSON_GetArrayItem(e, 0);
        const cJSON *state = cJSON_GetArrayItem(e, 1);
        const cJSON *reason = cJSON_GetArrayItem(e, 2);
        if (!cJSON_IsNumber(since) || !cJSON_IsNumber(state) || !cJSON_IsString(reason) ||
            !(state->valuedouble >= 0 && state->valuedouble < CORE_AGENT_STATE_COUNT) ||
            !(since->valuedouble >= 0 && since->valuedouble < 9007199254740992.0))
            continue;
        if (core_history_note(h, (int64_t)since->valuedouble,
                              (enum core_agent_state)state->valueint, reason->valuestring) != 0)
            return CORE_E_NOMEM;
    }
    return 0;
}
