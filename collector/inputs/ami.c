// SPDX-License-Identifier: MIT
// AMI framing and queue-event translation. A message is "Key: Value" lines ended by a blank
// line; the counts are the collector's own, never AMI's (QueueParams resets on a reload).
#include "collector/inputs/ami.h"

#include "collector/inputs/member.h"
#include "core/event.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELDS_MAX 128

struct ami_msg {
    size_t n;
    const char *key[FIELDS_MAX];
    const char *value[FIELDS_MAX];
};

#define RINGING_MAX 16

struct ami_call {
    bool answered, ended;
    char channel[CORE_ID_MAX]; // the caller's channel: the same caller joining again
    size_t nringing;           // members being rung for this caller
    char ringing[RINGING_MAX][CORE_ID_MAX];
};

int
col_ami_init(struct col_ami *a, int64_t (*clock_ms)(void))
{
    memset(a, 0, sizeof(*a));
    a->clock_ms = clock_ms;
    core_map_init(&a->calls);
    core_map_init(&a->members);
    a->cap = 4096;
    a->buf = malloc(a->cap);
    return a->buf ? 0 : CORE_E_NOMEM;
}

void
col_ami_fini(struct col_ami *a)
{
    free(a->buf);
    core_map_free_values(&a->calls);
    core_map_free_values(&a->members);
    memset(a, 0, sizeof(*a));
}

void
col_ami_reset(struct col_ami *a)
{
    a->len = 0;
    a->discarding = false;
}

static const char *
field(const struct ami_msg *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++) {
        if (strcasecmp(m->key[i], key) == 0)
            return m->value[i];
    }
    return NULL;
}

static const char *
field_or(const struct ami_msg *m, const char *key, const char *fallback)
{
    const char *v = field(m, key);
    return v ? v : fallback;
}

// Appends ,"key":"value" (escaped) to out.
static size_t
add_str(char *out, size_t size, size_t n, const char *key, const char *value)
{
    if (n >= size)
        return n;
    cJSON *s = cJSON_CreateString(value);
    char *q = s ? cJSON_PrintUnformatted(s) : NULL;
    int w = snprintf(out + n, size - n, ",\"%s\":%s", key, q ? q : "\"\"");
    cJSON_free(q);
    cJSON_Delete(s);
    return w > 0 ? n + (size_t)w : n;
}

static void
emit(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
     const char *type, const char *fields)
{
    const char *stamp = field(m, "Timestamp");
    double ts = stamp ? strtod(stamp, NULL) : 0;
    if (!(ts > 0))
        ts = (double)a->clock_ms() / 1000.0;
    char json[4096];
    int n = snprintf(json, sizeof(json), "{\"type\":\"%s\",\"ts\":%.3f%s}", type, ts, fields);
    if (n > 0 && (size_t)n < sizeof(json)) {
        col_ingest_raw(in, source, (long)a->messages, json, (size_t)n);
        a->events++;
    }
}

static struct col_member *
member(struct col_ami *a, const char *interface)
{
    return col_member_get(&a->members, interface);
}

static void
agent_state(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *msg,
            const char *interface, const char *state, const char *reason, bool with_queues)
{
    struct col_member *m = member(a, interface);
    char fields[3072];
    size_t n = add_str(fields, sizeof(fields), 0, "agent", interface);
    n = add_str(fields, sizeof(fields), n, "state", state);
    if (reason && reason[0])
        n = add_str(fields, sizeof(fields), n, "reason", reason);
    const char *name = field(msg, "MemberName");
    if (name && name[0])
        n = add_str(fields, sizeof(fields), n, "name", name);
    if (with_queues && m) {
        cJSON *list = cJSON_CreateArray();
        for (size_t i = 0; list && i < m->nqueues; i++)
            cJSON_AddItemToArray(list, cJSON_CreateString(m->queues[i]));
        char *text = list ? cJSON_PrintUnformatted(list) : NULL;
        if (text && n < sizeof(fields))
            n += (size_t)snprintf(fields + n, sizeof(fields) - n, ",\"queues\":%s", text);
        cJSON_free(text);
        cJSON_Delete(list);
    }
    if (m)
        col_member_remember(m, state, reason);
    emit(a, in, source, msg, "agent.state", fields);
}

// A member's state from QueueMemberStatus / QueueMember / QueueMemberAdded.
static void
member_status(struct col_ami *a, struct col_ingest *in, const char *source,
              const struct ami_msg *msg, bool removed)
{
    const char *interface = field(msg, "Interface");
    if (interface == NULL)
        interface = field(msg, "Location"); // QueueMember (QueueStatus) in older versions
    const char *queue = field(msg, "Queue");
    struct col_member *m = interface ? member(a, interface) : NULL;
    if (m == NULL)
        return;
    if (queue)
        col_member_join(m, queue, !removed);
    const char *state = "available";
    int status = atoi(field_or(msg, "Status", "1"));
    if (removed && m->nqueues == 0)
        state = "logged_out";
    else if (strcmp(field_or(msg, "Paused", "0"), "1") == 0)
        state = "not_ready";
    else if (strcmp(field_or(msg, "InCall", "0"), "1") == 0 || status == 2 || status == 3 ||
             status == 8)
        state = "on_call";
    else if (status == 6 || status == 7)
        state = "ringing";
    else if (status == 4 || status == 5)
        state = "logged_out";
    const char *reason = strcmp(state, "not_ready") == 0
                             ? field_or(msg, "PausedReason", field_or(msg, "Reason", ""))
                             : "";
    agent_state(a, in, source, msg, interface, state, reason, true);
}

static void agent_state(struct col_ami *a, struct col_ingest *in, const char *source,
                        const struct ami_msg *msg, const char *interface, const char *state,
                        const char *reason, bool with_queues);

// The members still ringing for a caller who was answered elsewhere or is gone stop ringing:
// Asterisk says nothing more of them.
static void
stop_ringing(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
             struct ami_call *c, const char *except)
{
    for (size_t i = 0; c && i < c->nringing; i++) {
        if (except && strcmp(c->ringing[i], except) == 0)
            continue;
        struct ami_msg bare = {0}; // not the caller's MemberName
        const char *stamp = field(m, "Timestamp");
        if (stamp) {
            bare.key[0] = "Timestamp";
            bare.value[0] = stamp;
            bare.n = 1;
        }
        agent_state(a, in, source, &bare, c->ringing[i], "available", NULL, false);
    }
    if (c)
        c->nringing = 0;
}

static void
ringing(struct ami_call *c, const char *interface, bool add)
{
    size_t i = 0;
    while (i < c->nringing && strcmp(c->ringing[i], interface) != 0)
        i++;
    if (add && i == c->nringing && c->nringing < RINGING_MAX)
        snprintf(c->ringing[c->nringing++], CORE_ID_MAX, "%s", interface);
    else if (!add && i < c->nringing)
        memmove(c->ringing[i], c->ringing[i + 1], (c->nringing-- - i - 1) * CORE_ID_MAX);
}

static struct ami_call *
track(struct col_ami *a, const char *uniqueid, bool create)
{
    return create ? core_map_get_or_add(&a->calls, uniqueid, sizeof(struct ami_call))
                  : core_map_get(&a->calls, uniqueid);
}

static void
forget(struct col_ami *a, const char *uniqueid)
{
    free(core_map_del(&a->calls, uniqueid));
}

// The same caller (channel) joining again under a new Uniqueid: an earlier call of that channel
// that was never answered has left its queue, whatever AMI said, so no phantom stays waiting.
static void
end_earlier_joins(struct col_ami *a, struct col_ingest *in, const char *source,
                  const struct ami_msg *m, const char *id)
{
    const char *channel = field(m, "Channel");
    if (channel == NULL || channel[0] == '\0')
        return;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&a->calls, &pos)) != NULL) {
        struct ami_call *c = s->value;
        if (c->answered || c->ended || strcmp(c->channel, channel) != 0 || strcmp(s->key, id) == 0)
            continue;
        char fields[512];
        add_str(fields, sizeof(fields), 0, "call", s->key);
        c->ended = true;
        emit(a, in, source, m, "call.ended", fields);
    }
}

static void
caller_events(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
              const char *event)
{
    const char *id = field(m, "Uniqueid");
    if (id == NULL)
        return;
    char fields[2048];
    size_t n = add_str(fields, sizeof(fields), 0, "call", id);
    if (!strcasecmp(event, "QueueCallerJoin") || !strcasecmp(event, "Join")) {
        n = add_str(fields, sizeof(fields), n, "queue", field_or(m, "Queue", "?"));
        const char *num = field_or(m, "CallerIDNum", "");
        bool digits = num[0] && strlen(num) < 32;
        for (const char *p = num; *p && digits; p++)
            digits = isdigit((unsigned char)*p) || (p == num && *p == '+');
        if (digits)
            n = add_str(fields, sizeof(fields), n, "caller", num);
        end_earlier_joins(a, in, source, m, id);
        struct ami_call *c = track(a, id, true);
        if (c)
            snprintf(c->channel, sizeof(c->channel), "%s", field_or(m, "Channel", ""));
        emit(a, in, source, m, "call.enqueued", fields);
    } else if (!strcasecmp(event, "QueueCallerAbandon")) {
        snprintf(fields + n, sizeof(fields) - n, ",\"wait_s\":%d",
                 atoi(field_or(m, "HoldTime", "0")));
        struct ami_call *c = track(a, id, false);
        if (c)
            c->ended = true;
        emit(a, in, source, m, "call.abandoned", fields);
        stop_ringing(a, in, source, m, c, NULL);
    } else if (!strcasecmp(event, "Hangup")) {
        // A caller gone without an answer or an abandon (timeout, key, hang-up): the call ends.
        struct ami_call *c = track(a, id, false);
        if (c && !c->ended)
            emit(a, in, source, m, "call.ended", fields);
        stop_ringing(a, in, source, m, c, NULL);
        forget(a, id);
    }
    // QueueCallerLeave / Leave: the caller left the queue, answered or not; Hangup says which.
}

static void
agent_events(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
             const char *event)
{
    const char *agent = field(m, "Interface");
    const char *id = field(m, "Uniqueid");
    if (agent == NULL)
        agent = field(m, "MemberName");
    if (agent == NULL)
        return;
    char fields[2048];
    struct ami_call *call = id ? track(a, id, false) : NULL;
    if (!strcasecmp(event, "AgentCalled")) {
        if (call)
            ringing(call, agent, true);
        agent_state(a, in, source, m, agent, "ringing", NULL, false);
    } else if (!strcasecmp(event, "AgentRingNoAnswer")) {
        if (call)
            ringing(call, agent, false);
        struct col_member *mb = member(a, agent);
        bool paused = mb && strcmp(mb->state, "not_ready") == 0;
        agent_state(a, in, source, m, agent, paused ? "not_ready" : "available",
                    paused ? mb->reason : NULL, false);
    } else if (!strcasecmp(event, "AgentConnect") && id) {
        size_t n = add_str(fields, sizeof(fields), 0, "call", id);
        n = add_str(fields, sizeof(fields), n, "agent", agent);
        snprintf(fields + n, sizeof(fields) - n, ",\"wait_s\":%d",
                 atoi(field_or(m, "HoldTime", "0")));
        if (call)
            call->answered = true;
        emit(a, in, source, m, "call.answered", fields);
        agent_state(a, in, source, m, agent, "on_call", NULL, false);
        stop_ringing(a, in, source, m, call, agent); // ringall: the others stop
    } else if (!strcasecmp(event, "AgentComplete") && id) {
        size_t n = add_str(fields, sizeof(fields), 0, "call", id);
        snprintf(fields + n, sizeof(fields) - n, ",\"talk_s\":%d",
                 atoi(field_or(m, "TalkTime", "0")));
        if (call)
            call->ended = true;
        emit(a, in, source, m, "call.ended", fields);
        agent_state(a, in, source, m, agent, "available", NULL, false);
    } else if (!strcasecmp(event, "QueueMemberPause") || !strcasecmp(event, "QueueMemberPaused")) {
        bool paused = strcmp(field_or(m, "Paused", "0"), "1") == 0;
        agent_state(a, in, source, m, agent, paused ? "not_ready" : "available",
                    paused ? field_or(m, "PausedReason", field_or(m, "Reason", "")) : NULL, false);
    }
}

static void
translate(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m)
{
    const char *event = field(m, "Event");
    if (event == NULL) {
        const char *response = field(m, "Response");
        if (response && a->on_response)
            a->on_response(a->response_ctx, response, field_or(m, "Message", ""));
        a->ignored++; // Response:, Action: (a transcript's client side), banner
        return;
    }
    if (!strcasecmp(event, "QueueCallerJoin") || !strcasecmp(event, "Join") ||
        !strcasecmp(event, "QueueCallerAbandon") || !strcasecmp(event, "Hangup") ||
        !strcasecmp(event, "QueueCallerLeave") || !strcasecmp(event, "Leave")) {
        caller_events(a, in, source, m, event);
    } else if (!strcasecmp(event, "AgentCalled") || !strcasecmp(event, "AgentRingNoAnswer") ||
               !strcasecmp(event, "AgentConnect") || !strcasecmp(event, "AgentComplete") ||
               !strcasecmp(event, "QueueMemberPause") || !strcasecmp(event, "QueueMemberPaused")) {
        agent_events(a, in, source, m, event);
    } else if (!strcasecmp(event, "QueueMemberStatus") || !strcasecmp(event, "QueueMember") ||
               !strcasecmp(event, "QueueMemberAdded")) {
        member_status(a, in, source, m, false);
    } else if (!strcasecmp(event, "QueueMemberRemoved")) {
        member_status(a, in, source, m, true);
    } else if (!strcasecmp(event, "QueueEntry")) {
        // A caller waiting when we connected (QueueStatus): enqueued Wait seconds ago.
        const char *id = field(m, "Uniqueid");
        if (id && track(a, id, false) == NULL) {
            char fields[1024];
            size_t n = add_str(fields, sizeof(fields), 0, "call", id);
            add_str(fields, sizeof(fields), n, "queue", field_or(m, "Queue", "?"));
            track(a, id, true);
            struct ami_msg dated = *m;
            char stamp[32];
            snprintf(stamp, sizeof(stamp), "%.3f",
                     (double)a->clock_ms() / 1000.0 - atof(field_or(m, "Wait", "0")));
            if (dated.n < FIELDS_MAX) {
                dated.key[dated.n] = "Timestamp";
                dated.value[dated.n++] = stamp;
            }
            emit(a, in, source, &dated, "call.enqueued", fields);
        }
    } else {
        a->ignored++; // Newchannel, DialBegin, VarSet, QueueParams …: nothing for the screens
    }
}

// Splits one complete message (NUL-terminated, in buf) into fields, in place.
static void
parse_message(struct col_ami *a, struct col_ingest *in, const char *source, char *text)
{
    struct ami_msg m = {0};
    for (char *line = text; line && *line && m.n < FIELDS_MAX;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        char *colon = strstr(line, ": ");
        if (colon == NULL && len && line[len - 1] == ':')
            colon = line + len - 1; // "Key:" with an empty value
        if (colon) {
            *colon = '\0';
            m.key[m.n] = line;
            m.value[m.n++] = colon[1] ? colon + 2 : "";
        }
        line = next;
    }
    a->messages++;
    if (m.n)
        translate(a, in, source, &m);
}

// Finds the end of a message: a blank line (LF or CRLF). Returns the offset just after it.
static size_t
message_end(const char *buf, size_t len, size_t from)
{
    for (size_t i = from; i + 1 < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (buf[i + 1] == '\n')
            return i + 2;
        if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

void
col_ami_feed(struct col_ami *a, struct col_ingest *in, const char *source, const char *bytes,
             size_t len)
{
    while (len > 0) {
        size_t room = a->cap - a->len - 1;
        if (room == 0) {
            size_t cap =
                a->cap * 2 > COL_AMI_MESSAGE_MAX * 2 ? COL_AMI_MESSAGE_MAX * 2 : a->cap * 2;
            char *grown = cap > a->cap ? realloc(a->buf, cap) : NULL;
            if (grown == NULL) { // past the limit: drop this message to its end
                a->discarding = true;
                a->len = 0;
                a->dropped++;
                continue;
            }
            a->buf = grown;
            a->cap = cap;
            room = a->cap - a->len - 1;
        }
        size_t take = len < room ? len : room;
        size_t scan_from = a->len > 2 ? a->len - 2 : 0;
        memcpy(a->buf + a->len, bytes, take);
        a->len += take;
        bytes += take;
        len -= take;
        size_t end;
        while ((end = message_end(a->buf, a->len, scan_from)) != 0) {
            char saved = a->buf[end - 1];
            a->buf[end - 1] = '\0';
            if (!a->discarding)
                parse_message(a, in, source, a->buf);
            a->buf[end - 1] = saved;
            a->discarding = false;
            memmove(a->buf, a->buf + end, a->len - end);
            a->len -= end;
            scan_from = 0;
        }
    }
}
