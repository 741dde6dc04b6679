// SPDX-License-Identifier: MIT
// Reading an agent_history reply.
#include "wallboard/engine/history.h"

#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
wb_history_reset(struct wb_history *h, const char *agent)
{
    free(h->spans);
    memset(h, 0, sizeof(*h));
    snprintf(h->agent, sizeof(h->agent), "%s", agent ? agent : "");
}

static double
number(const cJSON *o, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(n) && n->valuedouble > 0 && n->valuedouble < 1e12 ? n->valuedouble : 0;
}

void
wb_queue_calls_reset(struct wb_queue_calls *c, const char *queue)
{
    free(c->calls);
    memset(c, 0, sizeof(*c));
    snprintf(c->queue, sizeof(c->queue), "%s", queue ? queue : "");
}

int
wb_queue_calls_read(struct wb_queue_calls *c, const cJSON *reply)
{
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(reply, "error");
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(reply, "calls");
    free(c->calls);
    c->calls = NULL;
    c->len = 0;
    c->loaded = false;
    if (!cJSON_IsTrue(ok) || !cJSON_IsArray(calls)) {
        const char *why = cJSON_IsString(error) ? error->valuestring : "a reply without calls";
        snprintf(c->error, sizeof(c->error), "%.*s",
                 (int)core_utf8_prefix_len(why, sizeof(c->error) - 1), why);
        return 0;
    }
    int n = cJSON_GetArraySize(calls);
    c->calls = n > 0 ? calloc((size_t)n, sizeof(*c->calls)) : NULL;
    if (n > 0 && c->calls == NULL)
        return CORE_E_NOMEM;
    const cJSON *e;
    cJSON_ArrayForEach(e, calls)
    {
        const cJSON *channel = cJSON_GetObjectItemCaseSensitive(e, "channel");
        struct wb_waiting_call *out = &c->calls[c->len];
        out->since_s = number(e, "since");
        if (out->since_s <= 0)
            continue;
        const char *ch = cJSON_IsString(channel) ? channel->valuestring : "";
        size_t len = core_utf8_prefix_len(ch, sizeof(out->channel) - 1);
        memcpy(out->channel, ch, len);
        out->channel[len] = '\0';
        c->len++;
    }
    c->waiting = (size_t)number(reply, "waiting");
    c->error[0] = '\0';
    c->loaded = true;
    return 0;
}

int
wb_history_read(struct wb_history *h, const cJSON *reply)
{
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(reply, "error");
    const cJSON *spans = cJSON_GetObjectItemCaseSensitive(reply, "history");
    free(h->spans);
    h->spans = NULL;
    h->len = 0;
    h->loaded = false;
    if (!cJSON_IsTrue(ok) || !cJSON_IsArray(spans)) {
        const char *why = cJSON_IsString(error) ? error->valuestring : "a reply without history";
        snprintf(h->error, sizeof(h->error), "%.*s",
                 (int)core_utf8_prefix_len(why, sizeof(h->error) - 1), why);
        return 0;
    }
    int n = cJSON_GetArraySize(spans);
    h->spans = n > 0 ? calloc((size_t)n, sizeof(*h->spans)) : NULL;
    if (n > 0 && h->spans == NULL)
        return CORE_E_NOMEM;
    const cJSON *s;
    cJSON_ArrayForEach(s, spans)
    {
        const cJSON *state = cJSON_GetObjectItemCaseSensitive(s, "state");
        const cJSON *reason = cJSON_GetObjectItemCaseSensitive(s, "reason");
        struct wb_history_span *out = &h->spans[h->len];
        if (!cJSON_IsString(state) || core_agent_state_from_name(state->valuestring, &out->state))
            continue;
        out->since_s = number(s, "since");
        const char *r = cJSON_IsString(reason) ? reason->valuestring : "";
        size_t len = core_utf8_prefix_len(r, sizeof(out->reason) - 1);
        memcpy(out->reason, r, len);
        out->reason[len] = '\0';
        h->len++;
    }
    h->now_s = number(reply, "now");
    h->day_start_s = number(reply, "day_start");
    h->error[0] = '\0';
    h->loaded = true;
    return 0;
}
