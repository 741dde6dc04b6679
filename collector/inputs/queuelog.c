// SPDX-License-Identifier: MIT
// queue_log lines: epoch|callid|queuename|agent|event|data1|data2|data3|data4|data5
#include "collector/inputs/queuelog.h"

#include "collector/inputs/member.h"
#include "core/appendf.h"
#include "core/event.h"
#include "core/file.h"
#include "core/hash.h"

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
    core_map_init(&q->aliases);
    core_map_init(&q->wrapup);
}

void
col_queuelog_fini(struct col_queuelog *q)
{
    core_map_free_values(&q->members);
    core_map_free_values(&q->aliases);
    core_map_free_values(&q->wrapup);
}

static int
add_alias(struct col_queuelog *q, const char *from, const char *to)
{
    char *copy = strdup(to);
    if (copy == NULL || core_map_put(&q->aliases, from, copy) != 0) {
        free(copy);
        return CORE_E_NOMEM;
    }
    return 0;
}

int
col_queuelog_member_map(struct col_queuelog *q, const char *path, struct core_err *err)
{
    size_t n;
    char *text = core_file_read(path, 4 * 1024 * 1024, &n, err);
    if (text == NULL)
        return err->code;
    cJSON *o = cJSON_ParseWithLength(text, n);
    free(text);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return core_err_set(err, CORE_E_PARSE,
                            "%s: expected a JSON object {\"interface\": \"member name\"}", path);
    }
    int rc = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, o)
    {
        if (!cJSON_IsString(e) || e->valuestring[0] == '\0' ||
            strlen(e->valuestring) >= CORE_ID_MAX || strlen(e->string) >= CORE_ID_MAX) {
            rc = core_err_set(err, CORE_E_INVALID, "%s: \"%s\" must map to a member name (text)",
                              path, e->string);
            break;
        }
        if ((rc = add_alias(q, e->string, e->valuestring)) != 0) {
            core_err_set(err, rc, "out of memory");
            break;
        }
    }
    cJSON_Delete(o);
    return rc;
}

int
col_queuelog_set_wrapup(struct col_queuelog *q, const char *queue, int seconds)
{
    int *s = core_map_get_or_add(&q->wrapup, queue, sizeof(int));
    if (s == NULL)
        return CORE_E_NOMEM;
    *s = seconds;
    return 0;
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

static bool
is(const char *verb, const char *name)
{
    return strcmp(verb, name) == 0;
}

static bool
no_queue(const char *queue)
{
    return queue[0] == '\0' || is(queue, "NONE");
}

// The member a line's agent field names. With Asterisk's default log_membername_as_agent = no,
// ADDMEMBER and REMOVEMEMBER carry the interface ("Local/7008@from-queue/n") and the other lines
// the member name ("Ext 7008"): one person. --member-map says which is which; without it, an
// interface and a name holding its extension as a whole number, each the only such, are paired.
static const char *
member_id(struct col_queuelog *q, const char *agent)
{
    const char *alias = core_map_get(&q->aliases, agent);
    if (alias)
        return alias;
    if (core_map_get(&q->members, agent))
        return agent;
    char ext[32];
    bool is_iface = col_member_extension(agent, ext, sizeof(ext));
    const char *match = NULL;
    int matches = 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&q->members, &pos)) != NULL) {
        const struct col_member *m = s->value;
        char other[32];
        bool other_iface = col_member_extension(s->key, other, sizeof(other));
        if (m->paired || other_iface == is_iface || (strchr(s->key, '/') && !other_iface))
            continue;
        if (is_iface ? col_member_name_has(s->key, ext) : col_member_name_has(agent, other)) {
            match = s->key;
            matches++;
        }
    }
    if (matches != 1 || add_alias(q, agent, match) != 0)
        return agent;
    struct col_member *m = core_map_get(&q->members, match);
    m->paired = true;
    if (!is_iface)
        snprintf(m->name, sizeof(m->name), "%s", agent); // the interface keeps its id
    q->paired++;
    return match;
}

// Sends the member's state as its flags make it (or state, when given), with its queues when
// with_queues; wrap_s > 0 with wrap_up: the wrap-up Asterisk's wrapuptime gives.
static void
send_state(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
           struct ql_line *l, bool last, const char *id, struct col_member *m, const char *state,
           int wrap_s, bool with_queues)
{
    const char *reason = "";
    if (state == NULL)
        state = col_member_state(m, &reason);
    char a[300], r[300], fields[2048];
    quote(id, a, sizeof(a));
    size_t n = 0;
    core_appendf(fields, sizeof(fields), &n, ",\"agent\":%s,\"state\":\"%s\"", a, state);
    if (reason[0]) {
        quote(reason, r, sizeof(r));
        core_appendf(fields, sizeof(fields), &n, ",\"reason\":%s", r);
    }
    if (wrap_s > 0)
        core_appendf(fields, sizeof(fields), &n, ",\"wrap_s\":%d", wrap_s);
    if (m->name[0]) {
        quote(m->name, r, sizeof(r));
        core_appendf(fields, sizeof(fields), &n, ",\"name\":%s", r);
    }
    if (with_queues) {
        core_appendf(fields, sizeof(fields), &n, ",\"queues\":[");
        for (size_t i = 0; i < m->nqueues && n < sizeof(fields) - 300; i++) {
            quote(m->queues[i], r, sizeof(r));
            core_appendf(fields, sizeof(fields), &n, "%s%s", i ? "," : "", r);
        }
        core_appendf(fields, sizeof(fields), &n, "]");
    }
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

// A whole number of seconds from a field ("" or garbage: none).
static bool
seconds_field(const char *f, double scale, double *out)
{
    char *end;
    double v = strtod(f, &end);
    if (end == f || *end || !(v >= 0 && v / scale <= 86400))
        return false;
    *out = v / scale;
    return true;
}

// How callers leave a queue unanswered (app_queue.c, queue_exec and join_queue): the verb,
// the reason, and the field holding the key pressed (EXITWITHKEY|key|pos|origpos|waittime).
static const struct {
    const char *verb, *reason;
} leaves[] = {
    {"EXITWITHTIMEOUT", "timeout"}, {"EXITWITHKEY", "exit_key"}, {"EXITEMPTY", "exit_empty"},
    {"WITHDRAW", "withdrawn"},      {"FULL", "blocked"},         {"JOINEMPTY", "blocked"},
    {"JOINUNAVAIL", "blocked"},     {"CLOSED", "blocked"},       {"DIVERT_CA_RATIO", "blocked"},
    {"DIVERT_HOLDTIME", "blocked"},
};

// What an agent is after a call: paused (a pause taken during the call), in wrap-up (the
// queue's --wrapup-seconds) or free.
static void
after_call(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
           struct ql_line *l, const char *id, struct col_member *m, bool with_queues)
{
    m->on_call = false;
    const int *wrap = core_map_get(&q->wrapup, l->f[2]);
    if (!col_member_paused(m) && m->presence != COL_PRESENCE_OUT && wrap && *wrap > 0)
        send_state(q, in, source, line, l, true, id, m, "wrap_up", *wrap, with_queues);
    else
        send_state(q, in, source, line, l, true, id, m, NULL, 0, with_queues);
}

// The verbs that move calls. m is the line's member (NULL for NONE).
static bool
translate_call(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
               struct ql_line *l, const char *verb, const char *id, struct col_member *m,
               bool queues_changed)
{
    char extra[400], qn[300];
    quote(l->f[2], qn, sizeof(qn));
    if (is(verb, "ENTERQUEUE")) { // ENTERQUEUE|url|callerid|position
        char caller[64] = "";
        const char *num = l->f[6];
        bool digits = num[0] != '\0' && strlen(num) < 32;
        for (const char *p = num; *p && digits; p++)
            digits = isdigit((unsigned char)*p) || (p == num && *p == '+');
        if (digits)
            snprintf(caller, sizeof(caller), ",\"caller\":\"%s\"", num);
        snprintf(extra, sizeof(extra), ",\"queue\":%s%s", qn, caller);
        call_event(q, in, source, line, l, true, "call.enqueued", extra);
        return true;
    }
    if (is(verb, "ABANDON")) { // ABANDON|position|origposition|waittime: the caller hung up
        call_event(q, in, source, line, l, true, "call.abandoned", "");
        return true;
    }
    for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
        if (!is(verb, leaves[i].verb))
            continue;
        char key[64] = "";
        if (is(verb, "EXITWITHKEY") && l->f[5][0] && strlen(l->f[5]) < 8) {
            char k[32];
            quote(l->f[5], k, sizeof(k));
            snprintf(key, sizeof(key), ",\"key\":%s", k);
        }
        snprintf(extra, sizeof(extra), ",\"queue\":%s,\"reason\":\"%s\"%s", qn, leaves[i].reason,
                 key);
        call_event(q, in, source, line, l, true, "call.left", extra);
        return true;
    }
    if (m == NULL)
        return false;
    char a[300];
    quote(id, a, sizeof(a));
    if (is(verb, "CONNECT")) { // CONNECT|holdtime|bridgedchanneluniqueid|ringtime
        double ring;
        size_t n = 0;
        core_appendf(extra, sizeof(extra), &n, ",\"agent\":%s", a);
        if (seconds_field(l->f[7], 1, &ring))
            core_appendf(extra, sizeof(extra), &n, ",\"ring_s\":%g", ring);
        call_event(q, in, source, line, l, false, "call.answered", extra);
        m->on_call = true;
        m->presence = COL_PRESENCE_IN;
        send_state(q, in, source, line, l, true, id, m, NULL, 0, queues_changed);
    } else if (is(verb, "COMPLETECALLER") || is(verb, "COMPLETEAGENT") || is(verb, "TRANSFER") ||
               is(verb, "BLINDTRANSFER") || is(verb, "ATTENDEDTRANSFER")) {
        // A transfer to another queue shows as the same call entering it (the state joins them).
        call_event(q, in, source, line, l, false, "call.ended", "");
        if (m->presence == COL_PRESENCE_UNKNOWN)
            m->presence = COL_PRESENCE_IN;
        after_call(q, in, source, line, l, id, m, queues_changed);
    } else if (is(verb, "RINGNOANSWER")) { // RINGNOANSWER|ringtime in milliseconds
        double ring;
        size_t n = 0; // agent and queue names of 300 bytes each do not fit: cut, then refused
        core_appendf(extra, sizeof(extra), &n, ",\"agent\":%s,\"queue\":%s", a, qn);
        if (seconds_field(l->f[5], 1000, &ring))
            core_appendf(extra, sizeof(extra), &n, ",\"ring_s\":%g", ring);
        // A member rung by the queue is logged in (a static one logs nothing else); its state
        // does not change: it was free, or paused by autopause on a line of its own.
        bool news = queues_changed || m->presence == COL_PRESENCE_UNKNOWN;
        call_event(q, in, source, line, l, !news, "agent.ring_missed", extra);
        m->presence = COL_PRESENCE_IN;
        if (news)
            send_state(q, in, source, line, l, true, id, m, NULL, 0, true);
    } else {
        return false;
    }
    return true;
}

// The verbs that move agents.
static bool
translate_agent(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
                struct ql_line *l, const char *verb, const char *id, struct col_member *m,
                bool queues_changed)
{
    const char *queue = l->f[2];
    const char *in_queue = no_queue(queue) ? NULL : queue;
    if (is(verb, "AGENTLOGIN") || is(verb, "AGENTCALLBACKLOGIN")) {
        m->presence = COL_PRESENCE_IN;
    } else if (is(verb, "AGENTLOGOFF") || is(verb, "AGENTCALLBACKLOGOFF")) {
        m->presence = COL_PRESENCE_OUT;
        m->on_call = false;
    } else if (is(verb, "PAUSE") || is(verb, "PAUSEALL")) { // PAUSE|reason
        col_member_pause(m, is(verb, "PAUSEALL") ? NULL : in_queue, true, l->f[5]);
        if (m->presence == COL_PRESENCE_UNKNOWN) // only a member can pause: a static one
            m->presence = COL_PRESENCE_IN;
    } else if (is(verb, "UNPAUSE") || is(verb, "UNPAUSEALL")) {
        col_member_pause(m, is(verb, "UNPAUSEALL") ? NULL : in_queue, false, NULL);
        if (m->presence != COL_PRESENCE_IN)
            return true; // an unpause never logs anyone in (Wazo unpauses after a logoff)
    } else if (is(verb, "ADDMEMBER") && in_queue) { // ADDMEMBER|PAUSED when added paused
        m->presence = COL_PRESENCE_IN;
        if (is(l->f[5], "PAUSED"))
            col_member_pause(m, in_queue, true, "");
    } else if (is(verb, "REMOVEMEMBER") && in_queue) {
        if (m->nqueues == 0)
            m->presence = COL_PRESENCE_OUT;
    } else {
        return false;
    }
    send_state(q, in, source, line, l, true, id, m, NULL, 0, queues_changed);
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
    l->hash = core_fnv1a(CORE_FNV_START, text, len);
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
    // The line's number goes into its events' ids too: two identical lines (the same event twice
    // in a second) are two, while a line read again after a restart is still the same one.
    l.hash = core_fnv1a(l.hash, &line, sizeof(line));
    if (l.epoch * 1000.0 < (double)q->skip_before_ms) {
        q->skipped++;
        return;
    }
    const char *verb = l.f[4];
    const char *agent = l.f[3], *queue = l.f[2];
    const char *id = NULL;
    struct col_member *m = NULL;
    bool queues_changed = false;
    if (agent[0] && !is(agent, "NONE")) {
        id = member_id(q, agent);
        if ((m = col_member_get(&q->members, id)) == NULL)
            return;
        // Membership from every line that names a queue: static members (queues.conf) log no
        // ADDMEMBER. REMOVEMEMBER takes the queue out.
        if (!no_queue(queue))
            queues_changed = col_member_join(m, queue, !is(verb, "REMOVEMEMBER"));
    }
    if (translate_call(q, in, source, line, &l, verb, id, m, queues_changed) ||
        (m && translate_agent(q, in, source, line, &l, verb, id, m, queues_changed)))
        return;
    if (m && queues_changed) { // a line of a member we did not know in that queue
        if (m->presence == COL_PRESENCE_UNKNOWN)
            m->presence = COL_PRESENCE_IN;
        send_state(q, in, source, line, &l, true, id, m, NULL, 0, true);
        return;
    }
    q->ignored++; // QUEUESTART, CONFIGRELOAD, RINGCANCELED, …: nothing to count
}
