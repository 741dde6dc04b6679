// SPDX-License-Identifier: MIT
// queue_log lines: epoch|callid|queuename|agent|event|data1|data2|data3|data4|data5
#include "collector/inputs/queuelog.h"

#include "collector/inputs/member.h"
#include "core/event.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS 10

struct ql_line {
    const char *f[FIELDS]; // NUL-terminated copies
    size_t n;
    double epoch;
    uint64_t hash; // of the raw line: the events' ids
    int emitted;
};

void
col_queuelog_init(struct col_queuelog *q)
{
    memset(q, 0, sizeof(*q));
    core_map_init(&q->members);
}

void
col_queuelog_fini(struct col_queuelog *q)
{
    core_map_free_values(&q->members);
}

// A JSON string value (quoted, escaped) for s, into buf.
static void
quote(const char *s, char *buf, size_t size)
{
    cJSON *str = cJSON_CreateString(s);
    char *text = str ? cJSON_PrintUnformatted(str) : NULL;
    snprintf(buf, size, "%s", text ? text : "\"\"");
    cJSON_free(text);
    cJSON_Delete(str);
}

// Sends one event: type and its fields as a JSON fragment (",\"call\":...").
static void
emit(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
     struct ql_line *l, bool last, const char *type, const char *fields)
{
    char json[2048];
    int n = snprintf(json, sizeof(json), "{\"type\":\"%s\",\"ts\":%.3f,\"id\":\"ql-%016llx-%d\"%s}",
                     type, l->epoch, (unsigned long long)l->hash, l->emitted++, fields);
    if (n <= 0 || (size_t)n >= sizeof(json))
        return;
    int64_t offset = in->offset;
    if (!last)
        in->offset = -1; // the line's position goes with its last event only
    col_ingest_raw(in, source, line, json, (size_t)n);
    in->offset = offset;
    q->translated++;
}

static void
agent_state(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
            struct ql_line *l, bool last, const char *agent, const char *state, const char *reason,
            bool with_queues)
{
    struct col_member *m = col_member_get(&q->members, agent);
    char a[300], r[300], fields[2048];
    quote(agent, a, sizeof(a));
    int n = snprintf(fields, sizeof(fields), ",\"agent\":%s,\"state\":\"%s\"", a, state);
    if (reason && reason[0]) {
        quote(reason, r, sizeof(r));
        n += snprintf(fields + n, sizeof(fields) - (size_t)n, ",\"reason\":%s", r);
    }
    if (with_queues && m) {
        n += snprintf(fields + n, sizeof(fields) - (size_t)n, ",\"queues\":[");
        for (size_t i = 0; i < m->nqueues && n < (int)sizeof(fields) - 300; i++) {
            quote(m->queues[i], r, sizeof(r));
            n += snprintf(fields + n, sizeof(fields) - (size_t)n, "%s%s", i ? "," : "", r);
        }
        snprintf(fields + n, sizeof(fields) - (size_t)n, "]");
    }
    if (m)
        col_member_remember(m, state, reason);
    emit(q, in, source, line, l, last, "agent.state", fields);
}

static void
call_event(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
           struct ql_line *l, bool last, const char *type, const char *extra)
{
    char c[300], fields[1024];
    quote(l->f[1], c, sizeof(c));
    snprintf(fields, sizeof(fields), ",\"call\":%s%s", c, extra);
    emit(q, in, source, line, l, last, type, fields);
}

static bool
is(const char *verb, const char *name)
{
    return strcmp(verb, name) == 0;
}

// The verbs that move calls.
static bool
translate_call(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
               struct ql_line *l, const char *verb)
{
    const char *agent = l->f[3];
    char extra[400];
    if (is(verb, "ENTERQUEUE")) {
        char qn[300], caller[64] = "";
        quote(l->f[2], qn, sizeof(qn));
        const char *num = l->n > 6 ? l->f[6] : "";
        bool digits = num[0] != '\0' && strlen(num) < 32;
        for (const char *p = num; *p && digits; p++)
            digits = isdigit((unsigned char)*p) || (p == num && *p == '+');
        if (digits)
            snprintf(caller, sizeof(caller), ",\"caller\":\"%s\"", num);
        snprintf(extra, sizeof(extra), ",\"queue\":%s%s", qn, caller);
        call_event(q, in, source, line, l, true, "call.enqueued", extra);
    } else if (is(verb, "CONNECT")) {
        char a[300];
        quote(agent, a, sizeof(a));
        snprintf(extra, sizeof(extra), ",\"agent\":%s", a);
        call_event(q, in, source, line, l, false, "call.answered", extra);
        agent_state(q, in, source, line, l, true, agent, "on_call", NULL, false);
    } else if (is(verb, "COMPLETEAGENT") || is(verb, "COMPLETECALLER") || is(verb, "TRANSFER") ||
               is(verb, "BLINDTRANSFER") || is(verb, "ATTENDEDTRANSFER")) {
        // queue_log says nothing of wrap-up: the member is free again (as far as we can tell).
        call_event(q, in, source, line, l, false, "call.ended", "");
        agent_state(q, in, source, line, l, true, agent, "available", NULL, false);
    } else if (is(verb, "ABANDON") || is(verb, "EXITWITHTIMEOUT") || is(verb, "EXITWITHKEY") ||
               is(verb, "EXITEMPTY")) {
        call_event(q, in, source, line, l, true, "call.abandoned", "");
    } else {
        return false;
    }
    return true;
}

// The verbs that move agents.
static bool
translate_agent(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
                struct ql_line *l, const char *verb)
{
    const char *agent = l->f[3], *queue = l->f[2];
    bool all_queues = strcmp(queue, "NONE") == 0 || queue[0] == '\0';
    if (is(verb, "AGENTLOGIN") || is(verb, "AGENTCALLBACKLOGIN") || is(verb, "UNPAUSE") ||
        is(verb, "UNPAUSEALL") || is(verb, "RINGNOANSWER")) {
        agent_state(q, in, source, line, l, true, agent, "available", NULL, false);
    } else if (is(verb, "AGENTLOGOFF") || is(verb, "AGENTCALLBACKLOGOFF")) {
        agent_state(q, in, source, line, l, true, agent, "logged_out", NULL, false);
    } else if (is(verb, "PAUSE") || is(verb, "PAUSEALL")) {
        agent_state(q, in, source, line, l, true, agent, "not_ready", l->n > 5 ? l->f[5] : "",
                    false);
    } else if (is(verb, "ADDMEMBER") && !all_queues) {
        struct col_member *m = col_member_get(&q->members, agent);
        if (m)
            col_member_join(m, queue, true);
        agent_state(q, in, source, line, l, true, agent, "available", NULL, true);
    } else if (is(verb, "REMOVEMEMBER") && !all_queues) {
        // Still in other queues: the same state (and reason) with the new list; else logged out.
        struct col_member *m = col_member_get(&q->members, agent);
        if (m)
            col_member_join(m, queue, false);
        bool stays = m && m->nqueues && m->state[0];
        char state[16], reason[CORE_ID_MAX];
        snprintf(state, sizeof(state), "%s", stays ? m->state : "logged_out");
        snprintf(reason, sizeof(reason), "%s", stays ? m->reason : "");
        agent_state(q, in, source, line, l, true, agent, state, reason, true);
    } else {
        return false;
    }
    return true;
}

// Splits text at '|' into l (copies into buf). Returns false for a malformed line.
static bool
split(const char *text, size_t len, char *buf, size_t size, struct ql_line *l, const char **why)
{
    if (len >= size) {
        *why = "line longer than 4 KiB";
        return false;
    }
    memcpy(buf, text, len);
    buf[len] = '\0';
    l->n = 0;
    for (char *p = buf; l->n < FIELDS;) {
        l->f[l->n++] = p;
        char *bar = strchr(p, '|');
        if (bar == NULL)
            break;
        *bar = '\0';
        p = bar + 1;
    }
    for (size_t i = l->n; i < FIELDS; i++)
        l->f[i] = "";
    if (l->n < 5) {
        *why = "expected at least 5 fields: epoch|callid|queue|agent|event";
        return false;
    }
    char *end;
    l->epoch = strtod(l->f[0], &end);
    if (end == l->f[0] || *end != '\0' || !(l->epoch > 0 && l->epoch < 1e11)) {
        *why = "the first field is not a Unix time";
        return false;
    }
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    l->hash = h;
    l->emitted = 0;
    return true;
}

void
col_queuelog_line(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
                  const char *text, size_t len)
{
    char buf[4096];
    struct ql_line l;
    const char *why = NULL;
    q->lines++;
    if (!split(text, len, buf, sizeof(buf), &l, &why)) {
        q->malformed++;
        col_ingest_reject(in, source, line, CORE_E_PARSE, why, text, len);
        return;
    }
    if (l.epoch * 1000.0 < (double)q->skip_before_ms) {
        q->skipped++;
        return;
    }
    const char *verb = l.f[4];
    if (!translate_call(q, in, source, line, &l, verb) &&
        !translate_agent(q, in, source, line, &l, verb))
        q->ignored++; // QUEUESTART, CONFIGRELOAD, JOINEMPTY, FULL, CLOSED, …: nothing to count
}
