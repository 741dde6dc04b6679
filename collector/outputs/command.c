// SPDX-License-Identifier: MIT
// Answers to the screens' commands.
#include "collector/outputs/command.h"

#include "core/snapshot.h"
#include "core/utf8.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// A refusal names the command and, when there is one, the agent, so a screen matches it to
// what it asked.
static char *
refuse_for(const char *cmd, const char *agent, const char *why)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddBoolToObject(r, "ok", false);
    if (cmd)
        cJSON_AddStringToObject(r, "cmd", cmd);
    if (agent)
        cJSON_AddStringToObject(r, "agent", agent);
    cJSON_AddStringToObject(r, "error", why);
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return text;
}

static char *
refuse(const char *cmd, const char *why)
{
    return refuse_for(cmd, NULL, why);
}

static char *
agent_history(const struct core_state *st, const cJSON *req)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "agent");
    if (!cJSON_IsString(id))
        return refuse("agent_history", "agent: give the agent's id as a string");
    const struct core_agent *a = core_map_get(&st->agents, id->valuestring);
    if (a == NULL) {
        char why[CORE_ID_MAX + 32];
        snprintf(why, sizeof(why), "no agent \"%.*s\"", CORE_ID_MAX - 1, id->valuestring);
        return refuse_for("agent_history", id->valuestring, why);
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddBoolToObject(r, "ok", true);
    cJSON_AddStringToObject(r, "cmd", "agent_history");
    cJSON_AddStringToObject(r, "agent", a->id);
    cJSON_AddNumberToObject(r, "now", (double)st->now_ms / 1000.0);
    cJSON_AddNumberToObject(r, "day_start", (double)st->clock.day_start_ms / 1000.0);
    cJSON_AddNumberToObject(r, "dropped", (double)a->history.dropped);
    cJSON *spans = cJSON_AddArrayToObject(r, "history");
    for (size_t i = 0; spans && i < a->history.len; i++) {
        const struct core_span *s = &a->history.spans[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(spans, o))
            break;
        cJSON_AddNumberToObject(o, "since", (double)core_history_since(&a->history, s) / 1000.0);
        cJSON_AddStringToObject(o, "state", core_agent_state_name(s->state));
        cJSON_AddStringToObject(o, "reason", core_history_reason(&a->history, s));
    }
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return text;
}

// The site an alert belongs to on a roll-up: its queue's ("site/queue"); "" for alerts of
// the whole collector and keyword alerts (their "queue" is the word).
static const char *
alert_site(const struct core_alerts *alerts, const char *key, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; alerts && i < alerts->nalerts; i++) {
        const struct core_alert *a = &alerts->alerts[i];
        if (strcmp(a->key, key) != 0)
            continue;
        bool keyword =
            a->rule->metric == CORE_ALERT_KEYWORD || a->rule->metric == CORE_ALERT_KEYWORD_SURGE;
        const char *slash = keyword ? NULL : strchr(a->queue, '/');
        if (slash)
            snprintf(buf, size, "%.*s", (int)(slash - a->queue), a->queue);
        break;
    }
    return buf;
}

static char *
ack(struct core_state *st, const struct col_command_env *env, const cJSON *req)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(req, "alert");
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(req, "token");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(req, "by");
    if (!cJSON_IsString(key))
        return refuse("ack", "alert: give the alert's key as a string");
    if (env->tokens == NULL)
        return refuse("ack", "acknowledgements are off: the collector has no command token "
                             "(--command-token-file)");
    char site[CORE_SITE_MAX];
    alert_site(st->alerts, key->valuestring, site, sizeof(site));
    if (!cJSON_IsString(token) || !col_tokens_allow(env->tokens, site, token->valuestring)) {
        st->counters.acks_refused++;
        return refuse("ack", "invalid token");
    }
    if (by && (!cJSON_IsString(by) || strlen(by->valuestring) >= CORE_ID_MAX ||
               !core_utf8_valid(by->valuestring, strlen(by->valuestring))))
        return refuse("ack", "by: who acknowledges, as text without control characters (at most "
                             "127 bytes)");
    const char *who = cJSON_IsString(by) && by->valuestring[0] ? by->valuestring : "?";
    if (core_alerts_ack(st->alerts, key->valuestring, who, env->now_ms) != 0)
        return refuse("ack", "no such active alert (resolved already?)");
    cJSON *r = cJSON_CreateObject();
    cJSON_AddBoolToObject(r, "ok", true);
    cJSON_AddStringToObject(r, "cmd", "ack");
    cJSON_AddStringToObject(r, "alert", key->valuestring);
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return text;
}

static int
by_wait(const void *a, const void *b)
{
    int64_t x = (*(const struct core_call *const *)a)->enqueued_ms;
    int64_t y = (*(const struct core_call *const *)b)->enqueued_ms;
    return x < y ? -1 : x > y;
}

#define QUEUE_CALLS_MAX 100 // a drill-down shows the longest waits; more do not fit

// The calls waiting in a queue now, longest first: how long each has waited and on which
// channel. No numbers, no call ids: nothing a passer-by should read off a screen.
static char *
queue_calls(const struct core_state *st, const cJSON *req)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "queue");
    if (!cJSON_IsString(id))
        return refuse("queue_calls", "queue: give the queue's name as a string");
    if (core_map_get(&st->queues, id->valuestring) == NULL) {
        char why[CORE_ID_MAX + 32];
        snprintf(why, sizeof(why), "no queue \"%.*s\"", CORE_ID_MAX - 1, id->valuestring);
        return refuse_for("queue_calls", NULL, why);
    }
    size_t n = 0, cap = 64;
    const struct core_call **calls = malloc(cap * sizeof(*calls));
    size_t pos = 0;
    const struct core_map_slot *s;
    while (calls && (s = core_map_next(&st->calls, &pos)) != NULL) {
        const struct core_call *c = s->value;
        if (c->status != CORE_CALL_WAITING || strcmp(c->queue, id->valuestring) != 0)
            continue;
        if (n == cap) {
            const struct core_call **more = realloc(calls, 2 * cap * sizeof(*calls));
            if (more == NULL)
                break;
            calls = more;
            cap *= 2;
        }
        calls[n++] = c;
    }
    if (calls == NULL)
        return NULL;
    if (n > 1)
        qsort(calls, n, sizeof(*calls), by_wait);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddBoolToObject(r, "ok", true);
    cJSON_AddStringToObject(r, "cmd", "queue_calls");
    cJSON_AddStringToObject(r, "queue", id->valuestring);
    cJSON_AddNumberToObject(r, "now", (double)st->now_ms / 1000.0);
    cJSON_AddNumberToObject(r, "waiting", (double)n);
    cJSON *list = cJSON_AddArrayToObject(r, "calls");
    for (size_t i = 0; list && i < n && i < QUEUE_CALLS_MAX; i++) {
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(list, o))
            break;
        cJSON_AddNumberToObject(o, "since", (double)calls[i]->enqueued_ms / 1000.0);
        cJSON_AddStringToObject(o, "channel", calls[i]->channel);
    }
    free(calls);
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return text;
}

// The day's curve of one scope: the site (no scope named), or {"queue" | "team" | "channel" |
// "site" | "group": ID} (the last two on a roll-up).
static char *
intervals(const struct core_state *st, const cJSON *req)
{
    static const char *const kinds[] = {"queue", "team", "channel", "site", "group"};
    const struct core_map *maps[] = {&st->queues, &st->teams, &st->channels, &st->sites,
                                     &st->queue_groups};
    const struct core_windows *w = &st->site;
    const char *kind = NULL, *id = "";
    for (size_t k = 0; k < sizeof(kinds) / sizeof(*kinds); k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, kinds[k]);
        if (v == NULL)
            continue;
        if (!cJSON_IsString(v) || kind != NULL)
            return refuse("intervals", "name one scope as a string: queue, team, channel, site "
                                       "or group (none: the whole site)");
        kind = kinds[k], id = v->valuestring;
        if (k == 0) {
            const struct core_queue *q = core_map_get(maps[k], id);
            w = q ? &q->w : NULL;
        } else {
            const struct core_scope *s = core_map_get(maps[k], id);
            w = s ? &s->w : NULL;
        }
    }
    if (w == NULL) {
        char why[CORE_ID_MAX + 32];
        snprintf(why, sizeof(why), "no %s \"%.*s\"", kind, CORE_ID_MAX - 1, id);
        return refuse("intervals", why);
    }
    cJSON *r = core_snapshot_intervals(st, w);
    if (r == NULL)
        return NULL;
    cJSON_AddBoolToObject(r, "ok", true);
    cJSON_AddStringToObject(r, "cmd", "intervals");
    cJSON_AddStringToObject(r, "scope", kind ? kind : "all");
    cJSON_AddStringToObject(r, "id", id);
    char *text = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return text;
}

char *
col_command_reply(struct core_state *st, const struct col_command_env *env, const char *req,
                  size_t len)
{
    if (len == 8 && memcmp(req, "snapshot", 8) == 0)
        return core_snapshot_print(st, env->run_id, env->seq, false);
    cJSON *cmd = cJSON_ParseWithLength(req, len);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(cmd, "cmd");
    char *reply;
    if (cmd == NULL)
        reply = refuse(NULL, "send \"snapshot\" or a JSON command such as "
                             "{\"cmd\": \"agent_history\", \"agent\": \"1001\"}");
    else if (!cJSON_IsString(name))
        reply = refuse(NULL, "cmd: name the command (snapshot, agent_history, queue_calls, "
                             "intervals, ack)");
    else if (strcmp(name->valuestring, "agent_history") == 0)
        reply = agent_history(st, cmd);
    else if (strcmp(name->valuestring, "ack") == 0)
        reply = ack(st, env, cmd);
    else if (strcmp(name->valuestring, "queue_calls") == 0)
        reply = queue_calls(st, cmd);
    else if (strcmp(name->valuestring, "intervals") == 0)
        reply = intervals(st, cmd);
    else
        reply = refuse(name->valuestring, "unknown command; known: snapshot, agent_history, "
                                          "queue_calls, intervals, ack");
    cJSON_Delete(cmd);
    return reply;
}
