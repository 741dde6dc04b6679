// SPDX-License-Identifier: MIT
// AMI framing and queue-event translation. A message is "Key: Value" lines ended by a blank
// line; the counts are the collector's own, never AMI's (QueueParams resets on a reload).
#include "collector/inputs/ami.h"

#include "collector/inputs/header_block.h"
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
#define GRACE_MS    2000 // an abandon followed this soon by the caller's hang-up is a hang-up

// How a caller's stint may have ended, until the events after it tell (see settle()).
enum ami_pending {
    PENDING_NONE,
    PENDING_ABANDON, // QueueCallerAbandon: a hang-up, or (no hang-up follows) a timeout or exit
    PENDING_LEAVE,   // QueueCallerLeave with no abandon: an answer follows, or it was a key exit
};

struct ami_call {
    bool answered, ended;
    char channel[CORE_ID_MAX]; // the caller's channel: the same caller joining again
    char queue[CORE_ID_MAX];
    size_t nringing; // members being rung for this caller
    char ringing[RINGING_MAX][CORE_ID_MAX];
    enum ami_pending pending;
    double pending_ts; // when the abandon or the leave happened
    int hold_s;        // QueueCallerAbandon's HoldTime
};

int
col_ami_init(struct col_ami *a, int64_t (*clock_ms)(void))
{
    memset(a, 0, sizeof(*a));
    a->clock_ms = clock_ms;
    core_map_init(&a->calls);
    core_map_init(&a->members);
    core_map_init(&a->names);
    core_map_init(&a->status_queues);
    core_map_init(&a->status_callers);
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
    core_map_free_values(&a->names);
    core_map_fini(&a->status_queues);
    core_map_fini(&a->status_callers);
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

static size_t
add_num(char *out, size_t size, size_t n, const char *key, double value)
{
    int w = n < size ? snprintf(out + n, size - n, ",\"%s\":%g", key, value) : 0;
    return w > 0 ? n + (size_t)w : n;
}

// When a message happened: its Timestamp (timestampevents = yes), else when it arrived.
static double
msg_ts(struct col_ami *a, const struct ami_msg *m)
{
    const char *stamp = field(m, "Timestamp");
    double ts = stamp ? strtod(stamp, NULL) : 0;
    // A time stamp beyond the year 5138 is garbage (found by fuzzing): the time it came, then.
    return ts > 0 && ts < 1e11 ? ts : (double)a->clock_ms() / 1000.0;
}

static void
emit_at(struct col_ami *a, struct col_ingest *in, const char *source, double ts, const char *type,
        const char *fields)
{
    char json[4096];
    int n = snprintf(json, sizeof(json), "{\"type\":\"%s\",\"ts\":%.3f%s}", type, ts, fields);
    if (n > 0 && (size_t)n < sizeof(json)) {
        col_ingest_raw(in, source, (long)a->messages, json, (size_t)n);
        a->events++;
    }
}

static void
emit(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
     const char *type, const char *fields)
{
    emit_at(a, in, source, msg_ts(a, m), type, fields);
}

static struct col_member *
member(struct col_ami *a, const char *interface)
{
    return col_member_get(&a->members, interface);
}

// The member an event names: by its interface (Interface; Location, Member or AgentCalled in
// Asterisk 11 and older), else by the interface its MemberName was seen with, else the name.
static const char *
member_of(struct col_ami *a, const struct ami_msg *m)
{
    static const char *const keys[] = {"Interface", "Location", "Member", "AgentCalled"};
    const char *iface = NULL;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !iface; i++) {
        iface = field(m, keys[i]);
        if (iface && iface[0] == '\0')
            iface = NULL;
    }
    const char *name = field(m, "MemberName");
    if (name == NULL || name[0] == '\0')
        name = field(m, "Name"); // QueueMember in Asterisk 11
    if (name == NULL || name[0] == '\0')
        name = field(m, "AgentName");
    if (iface && name && strcmp(iface, name) != 0) {
        struct col_member *mb = member(a, iface);
        if (mb)
            snprintf(mb->name, sizeof(mb->name), "%s", name);
        char *copy = core_map_get(&a->names, name) ? NULL : strdup(iface);
        if (copy && core_map_put(&a->names, name, copy) != 0)
            free(copy);
    }
    if (iface)
        return iface;
    if (name) {
        const char *known = core_map_get(&a->names, name);
        return known ? known : name;
    }
    return NULL;
}

// Sends member interface's state: state if given, else what its flags make it (logged out, on a
// call, paused, free); wrap_s > 0 with wrap_up: the wrap-up its Wrapuptime gives.
static void
agent_state(struct col_ami *a, struct col_ingest *in, const char *source, double ts,
            const char *interface, const char *state, int wrap_s, bool with_queues)
{
    struct col_member *m = member(a, interface);
    if (m == NULL)
        return;
    const char *reason = "";
    if (state == NULL)
        state = col_member_state(m, &reason);
    char fields[3072];
    size_t n = add_str(fields, sizeof(fields), 0, "agent", interface);
    n = add_str(fields, sizeof(fields), n, "state", state);
    if (reason[0])
        n = add_str(fields, sizeof(fields), n, "reason", reason);
    if (wrap_s > 0)
        n = add_num(fields, sizeof(fields), n, "wrap_s", wrap_s);
    if (m->name[0])
        n = add_str(fields, sizeof(fields), n, "name", m->name);
    if (with_queues) {
        cJSON *list = cJSON_CreateArray();
        for (size_t i = 0; list && i < m->nqueues; i++)
            cJSON_AddItemToArray(list, cJSON_CreateString(m->queues[i]));
        char *text = list ? cJSON_PrintUnformatted(list) : NULL;
        if (text && n < sizeof(fields))
            n += (size_t)snprintf(fields + n, sizeof(fields) - n, ",\"queues\":%s", text);
        cJSON_free(text);
        cJSON_Delete(list);
    }
    col_member_remember(m, state, reason);
    emit_at(a, in, source, ts, "agent.state", fields);
}

// A member's state from QueueMemberStatus / QueueMember / QueueMemberAdded (one queue each):
// Status is the device state (app_queue.c's AST_DEVICE_*), Paused the pause in that queue.
static void
member_status(struct col_ami *a, struct col_ingest *in, const char *source,
              const struct ami_msg *msg, bool removed)
{
    const char *interface = member_of(a, msg);
    const char *queue = field(msg, "Queue");
    struct col_member *m = interface ? member(a, interface) : NULL;
    if (m == NULL)
        return;
    const char *name = field(msg, "MemberName");
    if (name == NULL)
        name = field(msg, "Name");
    if (name && name[0] && strcmp(name, interface) != 0)
        snprintf(m->name, sizeof(m->name), "%s", name);
    const char *wrap = field(msg, "Wrapuptime");
    if (wrap)
        m->wrapup_s = atoi(wrap);
    if (queue)
        col_member_join(m, queue, !removed);
    int status = atoi(field_or(msg, "Status", "1"));
    m->presence = (removed && m->nqueues == 0) || status == 4 || status == 5 ? COL_PRESENCE_OUT
                                                                             : COL_PRESENCE_IN;
    m->on_call =
        strcmp(field_or(msg, "InCall", "0"), "1") == 0 || status == 2 || status == 3 || status == 8;
    if (queue && !removed)
        col_member_pause(m, queue, strcmp(field_or(msg, "Paused", "0"), "1") == 0,
                         field_or(msg, "PausedReason", field_or(msg, "Reason", "")));
    bool ringing = m->presence == COL_PRESENCE_IN && !m->on_call && (status == 6 || status == 7);
    agent_state(a, in, source, msg_ts(a, msg), interface, ringing ? "ringing" : NULL, 0, true);
}

// The members still ringing for a caller who was answered elsewhere or is gone stop ringing:
// Asterisk says nothing more of them.
static void
stop_ringing(struct col_ami *a, struct col_ingest *in, const char *source, double ts,
             struct ami_call *c, const char *except)
{
    for (size_t i = 0; c && i < c->nringing; i++) {
        if (except && strcmp(c->ringing[i], except) == 0)
            continue;
        agent_state(a, in, source, ts, c->ringing[i], NULL, 0, false);
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
    struct ami_call *c = core_map_del(&a->calls, uniqueid);
    if (c && c->pending != PENDING_NONE)
        a->npending--;
    free(c);
}

static void
set_pending(struct col_ami *a, struct ami_call *c, enum ami_pending p, double ts)
{
    if (c->pending == PENDING_NONE && p != PENDING_NONE)
        a->npending++;
    if (p != PENDING_NONE && (a->oldest_pending == 0 || ts < a->oldest_pending))
        a->oldest_pending = ts;
    else if (c->pending != PENDING_NONE && p == PENDING_NONE)
        a->npending--;
    c->pending = p;
    c->pending_ts = ts;
}

// Whether anyone could still take queue's calls: a member in it logged in, not paused.
static bool
queue_has_free_member(struct col_ami *a, const char *queue)
{
    bool known = false;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&a->members, &pos)) != NULL) {
        const struct col_member *m = s->value;
        for (size_t i = 0; i < m->nqueues; i++) {
            if (strcmp(m->queues[i], queue) != 0)
                continue;
            known = true;
            const char *reason;
            if (strcmp(col_member_state(m, &reason), "logged_out") != 0 && !col_member_paused(m))
                return true;
        }
    }
    return !known; // no member known: nothing says it was empty
}

// Counts a caller in doubt as what it was: hang_up (the caller hung up within the grace: an
// abandon) or reason (a call.left reason; NULL: inferred, a timeout unless nobody could take
// the queue's calls), dated when it happened.
static void
decide(struct col_ami *a, struct col_ingest *in, const char *source, const char *id,
       struct ami_call *c, bool hang_up, const char *reason)
{
    char fields[512];
    size_t n = add_str(fields, sizeof(fields), 0, "call", id);
    if (c->pending == PENDING_ABANDON)
        n = add_num(fields, sizeof(fields), n, "wait_s", c->hold_s);
    if (hang_up) {
        emit_at(a, in, source, c->pending_ts, "call.abandoned", fields);
    } else {
        if (reason == NULL)
            reason = c->pending == PENDING_LEAVE          ? "exit_key"
                     : queue_has_free_member(a, c->queue) ? "timeout"
                                                          : "exit_empty";
        add_str(fields, sizeof(fields), n, "reason", reason);
        emit_at(a, in, source, c->pending_ts, "call.left", fields);
    }
    c->ended = true;
    set_pending(a, c, PENDING_NONE, 0);
}

void
col_ami_settle(struct col_ami *a, struct col_ingest *in, const char *source, int64_t now_ms,
               bool all)
{
    // Every AMI message comes here while a caller is in doubt (most of the time on a busy
    // floor): walk the callers only once the oldest doubt has passed its grace.
    if (!all && (double)now_ms - a->oldest_pending * 1000.0 <= GRACE_MS)
        return;
    size_t pos = 0;
    const struct core_map_slot *s;
    double oldest = 0;
    while (a->npending > 0 && (s = core_map_next(&a->calls, &pos)) != NULL) {
        struct ami_call *c = s->value;
        if (c->pending == PENDING_NONE)
            continue;
        if (all || (double)now_ms - c->pending_ts * 1000.0 > GRACE_MS)
            decide(a, in, source, s->key, c, false, NULL);
        else if (oldest == 0 || c->pending_ts < oldest)
            oldest = c->pending_ts;
    }
    a->oldest_pending = oldest;
}

void
col_ami_tick(struct col_ami *a, struct col_ingest *in, const char *source)
{
    if (a->npending)
        col_ami_settle(a, in, source, a->last_ts_ms + (a->clock_ms() - a->last_wall_ms), false);
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
        if (c->answered || strcmp(c->channel, channel) != 0 || strcmp(s->key, id) == 0)
            continue;
        if (c->pending != PENDING_NONE) {
            decide(a, in, source, s->key, c, false, NULL);
            continue;
        }
        if (c->ended)
            continue;
        char fields[512];
        add_str(fields, sizeof(fields), 0, "call", s->key);
        c->ended = true;
        emit(a, in, source, m, "call.ended", fields);
    }
}

// QUEUESTATUS, which Queue() sets as the caller leaves (a VarSet, with "dialplan" in the AMI
// user's read classes): the exact way out, where AMI's own events leave it in doubt.
static const struct {
    const char *status, *reason;
} queue_statuses[] = {
    {"TIMEOUT", "timeout"},    {"LEAVEEMPTY", "exit_empty"}, {"LEAVEUNAVAIL", "exit_empty"},
    {"WITHDRAW", "withdrawn"}, {"UNKNOWN", "exit_key"},
};

static void
queue_status_var(struct col_ami *a, struct col_ingest *in, const char *source,
                 const struct ami_msg *m)
{
    const char *id = field(m, "Uniqueid");
    struct ami_call *c = id ? track(a, id, false) : NULL;
    if (c == NULL || c->pending == PENDING_NONE ||
        strcasecmp(field_or(m, "Variable", ""), "QUEUESTATUS") != 0)
        return;
    const char *value = field_or(m, "Value", "");
    for (size_t i = 0; i < sizeof(queue_statuses) / sizeof(queue_statuses[0]); i++) {
        if (strcasecmp(value, queue_statuses[i].status) == 0) {
            decide(a, in, source, id, c, false, queue_statuses[i].reason);
            return;
        }
    }
}

static void
caller_joined(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
              const char *id)
{
    char fields[2048];
    size_t n = add_str(fields, sizeof(fields), 0, "call", id);
    const char *queue = field_or(m, "Queue", "?");
    n = add_str(fields, sizeof(fields), n, "queue", queue);
    const char *num = field_or(m, "CallerIDNum", "");
    bool digits = num[0] && strlen(num) < 32;
    for (const char *p = num; *p && digits; p++)
        digits = isdigit((unsigned char)*p) || (p == num && *p == '+');
    if (digits)
        add_str(fields, sizeof(fields), n, "caller", num);
    end_earlier_joins(a, in, source, m, id);
    struct ami_call *c = track(a, id, true);
    if (c && c->pending != PENDING_NONE) // timed out of one queue into this one: a move
        decide(a, in, source, id, c, false, NULL);
    if (c) {
        snprintf(c->channel, sizeof(c->channel), "%s", field_or(m, "Channel", ""));
        snprintf(c->queue, sizeof(c->queue), "%s", queue);
        c->answered = c->ended = false;
    }
    emit(a, in, source, m, "call.enqueued", fields);
}

static void
caller_events(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
              const char *event)
{
    const char *id = field(m, "Uniqueid");
    if (id == NULL)
        return;
    double ts = msg_ts(a, m);
    if (!strcasecmp(event, "QueueCallerJoin") || !strcasecmp(event, "Join")) {
        caller_joined(a, in, source, m, id);
    } else if (!strcasecmp(event, "QueueCallerAbandon")) {
        // Sent for a hang-up, and also for a timeout, an empty exit, a withdrawal
        // (record_abandoned() in app_queue.c): the caller's hang-up within the grace says which.
        struct ami_call *c = track(a, id, true);
        if (c == NULL)
            return;
        snprintf(c->queue, sizeof(c->queue), "%s", field_or(m, "Queue", c->queue));
        c->hold_s = atoi(field_or(m, "HoldTime", "0"));
        set_pending(a, c, PENDING_ABANDON, ts);
        c->ended = true;
        stop_ringing(a, in, source, ts, c, NULL);
    } else if (!strcasecmp(event, "QueueCallerLeave") || !strcasecmp(event, "Leave")) {
        // Out of the queue: an answer follows at once, or (nothing follows) a key exit.
        struct ami_call *c = track(a, id, false);
        if (c && !c->answered && !c->ended && c->pending == PENDING_NONE)
            set_pending(a, c, PENDING_LEAVE, ts);
    } else if (!strcasecmp(event, "Hangup")) {
        struct ami_call *c = track(a, id, false);
        if (c && c->pending != PENDING_NONE) {
            bool hang_up =
                c->pending == PENDING_ABANDON && ts * 1000.0 - c->pending_ts * 1000.0 <= GRACE_MS;
            decide(a, in, source, id, c, hang_up, NULL);
        }
        char fields[512];
        add_str(fields, sizeof(fields), 0, "call", id);
        // Gone without an answer, an abandon or a leave: the call is over (no phantom stays
        // waiting). A caller who left the queue hangs up elsewhere (voicemail): nothing to say.
        if (c && !c->ended)
            emit(a, in, source, m, "call.ended", fields);
        stop_ringing(a, in, source, ts, c, NULL);
        forget(a, id);
    }
}

static void
agent_events(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
             const char *event)
{
    const char *agent = member_of(a, m);
    const char *id = field(m, "Uniqueid");
    if (agent == NULL)
        return;
    char fields[2048];
    double ts = msg_ts(a, m);
    struct ami_call *call = id ? track(a, id, false) : NULL;
    struct col_member *mb = member(a, agent);
    if (mb == NULL)
        return;
    const char *queue = field(m, "Queue");
    bool joined = queue && queue[0] && col_member_join(mb, queue, true);
    if (joined)
        mb->presence = COL_PRESENCE_IN; // rung for the queue: a member of it (a static one)
    if (!strcasecmp(event, "AgentCalled")) {
        if (call)
            ringing(call, agent, true);
        agent_state(a, in, source, ts, agent, "ringing", 0, joined);
    } else if (!strcasecmp(event, "AgentRingNoAnswer")) {
        if (call)
            ringing(call, agent, false);
        size_t n = add_str(fields, sizeof(fields), 0, "agent", agent);
        if (id)
            n = add_str(fields, sizeof(fields), n, "call", id);
        if (queue)
            n = add_str(fields, sizeof(fields), n, "queue", queue);
        // RingTime in milliseconds: app_queue.c's rna() passes its rnatime (the capture's 15000
        // for a 15 s ring).
        const char *ring = field(m, "RingTime");
        if (ring && atof(ring) >= 0)
            add_num(fields, sizeof(fields), n, "ring_s", atof(ring) / 1000.0);
        emit_at(a, in, source, ts, "agent.ring_missed", fields);
        agent_state(a, in, source, ts, agent, NULL, 0, joined);
    } else if (!strcasecmp(event, "AgentConnect") && id) {
        size_t n = add_str(fields, sizeof(fields), 0, "call", id);
        n = add_str(fields, sizeof(fields), n, "agent", agent);
        n = add_num(fields, sizeof(fields), n, "wait_s", atoi(field_or(m, "HoldTime", "0")));
        const char *ring = field(m, "RingTime"); // seconds here
        if (ring)
            add_num(fields, sizeof(fields), n, "ring_s", atoi(ring));
        if (call) {
            call->answered = true;
            set_pending(a, call, PENDING_NONE, 0); // its leave was the answer
        }
        emit_at(a, in, source, ts, "call.answered", fields);
        mb->on_call = true;
        mb->presence = COL_PRESENCE_IN;
        agent_state(a, in, source, ts, agent, NULL, 0, joined);
        stop_ringing(a, in, source, ts, call, agent); // ringall: the others stop
    } else if (!strcasecmp(event, "AgentComplete") && id) {
        size_t n = add_str(fields, sizeof(fields), 0, "call", id);
        add_num(fields, sizeof(fields), n, "talk_s", atoi(field_or(m, "TalkTime", "0")));
        if (call)
            call->ended = true;
        emit_at(a, in, source, ts, "call.ended", fields);
        mb->on_call = false;
        // A pause taken during the call shows now; else the member's wrap-up, then free.
        bool wraps = !col_member_paused(mb) && mb->wrapup_s > 0;
        agent_state(a, in, source, ts, agent, wraps ? "wrap_up" : NULL, wraps ? mb->wrapup_s : 0,
                    false);
    } else if (!strcasecmp(event, "QueueMemberPause") || !strcasecmp(event, "QueueMemberPaused")) {
        bool paused = strcmp(field_or(m, "Paused", "0"), "1") == 0;
        col_member_pause(mb, queue && queue[0] ? queue : NULL, paused,
                         field_or(m, "PausedReason", field_or(m, "Reason", "")));
        agent_state(a, in, source, ts, agent, NULL, 0, false);
    }
}

// After a QueueStatus reply, the callers the state still has waiting in Asterisk's queues that
// Asterisk did not list are gone (they left while the link was down): closed as withdrawn.
static void
close_phantoms(struct col_ami *a, struct col_ingest *in, const char *source,
               const struct ami_msg *m)
{
    uint64_t closed = 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    char ids[64][CORE_ID_MAX];
    size_t nids = 0;
    do {
        nids = 0;
        pos = 0;
        while (nids < 64 && (s = core_map_next(&in->state->calls, &pos)) != NULL) {
            const struct core_call *c = s->value;
            if (c->status == CORE_CALL_WAITING && core_map_get(&a->status_queues, c->queue) &&
                !core_map_get(&a->status_callers, c->id))
                snprintf(ids[nids++], CORE_ID_MAX, "%s", c->id);
        }
        // Applied after the walk: each event changes the map walked.
        for (size_t i = 0; i < nids; i++) {
            char fields[512];
            size_t n = add_str(fields, sizeof(fields), 0, "call", ids[i]);
            add_str(fields, sizeof(fields), n, "reason", "withdrawn");
            emit(a, in, source, m, "call.left", fields);
            forget(a, ids[i]);
            closed++;
        }
    } while (nids == 64);
    a->resync_withdrawn += closed;
    if (closed)
        fprintf(stderr,
                "wb-collector: %s: %llu caller(s) waiting before the QueueStatus reply are no "
                "longer in Asterisk's queues: closed as withdrawn\n",
                source, (unsigned long long)closed);
    a->status_round = false;
}

static void
status_events(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m,
              const char *event)
{
    static char seen; // the maps' values only mark presence
    if (!strcasecmp(event, "QueueParams")) {
        const char *queue = field(m, "Queue");
        if (a->status_round && queue)
            core_map_put(&a->status_queues, queue, &seen);
        return;
    }
    if (!strcasecmp(event, "QueueStatusComplete")) {
        if (a->status_round)
            close_phantoms(a, in, source, m);
        return;
    }
    // QueueEntry: a caller waiting when we connected, enqueued Wait seconds ago.
    const char *id = field(m, "Uniqueid");
    if (id == NULL)
        return;
    if (a->status_round)
        core_map_put(&a->status_callers, id, &seen);
    if (track(a, id, false) != NULL)
        return;
    char fields[1024];
    size_t n = add_str(fields, sizeof(fields), 0, "call", id);
    const char *queue = field_or(m, "Queue", "?");
    add_str(fields, sizeof(fields), n, "queue", queue);
    struct ami_call *c = track(a, id, true);
    if (c)
        snprintf(c->queue, sizeof(c->queue), "%s", queue);
    emit_at(a, in, source, msg_ts(a, m) - atof(field_or(m, "Wait", "0")), "call.enqueued", fields);
}

static void
translate(struct col_ami *a, struct col_ingest *in, const char *source, const struct ami_msg *m)
{
    const char *event = field(m, "Event");
    if (event == NULL) {
        const char *response = field(m, "Response");
        const char *message = field_or(m, "Message", "");
        if (response && strcasecmp(message, "Queue status will follow") == 0) {
            a->status_round = true; // a QueueStatus reply begins
            core_map_fini(&a->status_queues);
            core_map_fini(&a->status_callers);
            core_map_init(&a->status_queues);
            core_map_init(&a->status_callers);
        }
        if (response && a->on_response)
            a->on_response(a->response_ctx, response, message);
        a->ignored++; // Response:, Action: (a transcript's client side), banner
        return;
    }
    a->last_ts_ms = (int64_t)(msg_ts(a, m) * 1000.0);
    a->last_wall_ms = a->clock_ms();
    if (a->npending)
        col_ami_settle(a, in, source, a->last_ts_ms, false);
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
    } else if (!strcasecmp(event, "QueueEntry") || !strcasecmp(event, "QueueParams") ||
               !strcasecmp(event, "QueueStatusComplete")) {
        status_events(a, in, source, m, event);
    } else if (!strcasecmp(event, "VarSet")) {
        queue_status_var(a, in, source, m);
        a->ignored++;
    } else {
        a->ignored++; // Newchannel, DialBegin, QueueParams …: nothing for the screens
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
        while ((end = col_header_block_end(a->buf, a->len, scan_from)) != 0) {
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
