// SPDX-License-Identifier: MIT
// mod_callcenter's events as version-1 events (see esl_callcenter.h). Each CC-Action's headers
// are the ones mod_callcenter.c (FreeSWITCH 1.10) adds: times are whole epoch seconds
// (CC-Member-Joined-Time, CC-Agent-Answered-Time …), the event's own time Event-Date-Timestamp
// in microseconds.
#include "collector/inputs/esl_callcenter.h"

#include "core/site.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
col_esl_cc_init(struct col_esl_cc *cc, int64_t (*clock_ms)(void))
{
    memset(cc, 0, sizeof(*cc));
    cc->clock_ms = clock_ms;
    core_map_init(&cc->agents);
    core_map_init(&cc->calls);
    core_map_init(&cc->sessions);
    core_map_init(&cc->queues);
    core_map_init(&cc->said);
    return 0;
}

void
col_esl_cc_fini(struct col_esl_cc *cc)
{
    core_map_free_values(&cc->agents);
    core_map_free_values(&cc->calls);
    core_map_free_values(&cc->sessions);
    core_map_fini(&cc->queues);
    core_map_fini(&cc->said);
    free(cc->held);
    memset(cc, 0, sizeof(*cc));
}

void
col_esl_cc_id(const struct col_esl_cc *cc, const char *name, char out[CORE_ID_MAX])
{
    // ids are at most 127 bytes: a longer name is cut
    const char *at = cc->sites ? strrchr(name, '@') : NULL;
    if (at && at > name && at[1] && strlen(at + 1) < CORE_SITE_MAX && !strchr(at + 1, '/'))
        snprintf(out, CORE_ID_MAX, "%s/%.*s", at + 1, (int)(at - name), name);
    else
        snprintf(out, CORE_ID_MAX, "%s", name);
}

void
col_esl_cc_call_id(const struct col_esl_cc *cc, const char *queue, const char *uuid,
                   char out[CORE_ID_MAX])
{
    char site[CORE_SITE_MAX];
    if (cc->sites && core_site_split(queue, site) != NULL)
        snprintf(out, CORE_ID_MAX, "%s/%s", site, uuid);
    else
        snprintf(out, CORE_ID_MAX, "%s", uuid);
}

void
col_esl_cc_start(struct col_esl_cc *cc, struct col_event_json *j, const char *type, double ts)
{
    col_event_json_start(j, type, ts);
    cc->site[0] = '\0';
}

// With sites, an id "north/support" goes out as "support" and the event as site "north" (the
// state joins them again, core/state.c): the first site named is the event's.
static const char *
local_part(struct col_esl_cc *cc, const char *id)
{
    char site[CORE_SITE_MAX];
    const char *rest = cc->sites ? core_site_split(id, site) : NULL;
    if (rest == NULL)
        return id;
    if (!cc->site[0])
        snprintf(cc->site, sizeof(cc->site), "%s", site);
    return rest;
}

void
col_esl_cc_put_id(struct col_esl_cc *cc, struct col_event_json *j, const char *key, const char *id)
{
    col_event_json_str(j, key, local_part(cc, id));
}

void
col_esl_cc_put_ids(struct col_esl_cc *cc, struct col_event_json *j, const char *key,
                   const char (*ids)[CORE_ID_MAX], size_t n)
{
    char local[CORE_QUEUES_MAX][CORE_ID_MAX];
    for (size_t i = 0; i < n && i < CORE_QUEUES_MAX; i++)
        snprintf(local[i], CORE_ID_MAX, "%s", local_part(cc, ids[i]));
    col_event_json_list(j, key, local[0], n < CORE_QUEUES_MAX ? n : CORE_QUEUES_MAX, CORE_ID_MAX);
}

struct col_esl_agent *
col_esl_cc_agent(struct col_esl_cc *cc, const char *id)
{
    return core_map_get_or_add(&cc->agents, id, sizeof(struct col_esl_agent));
}

bool
col_esl_cc_join(struct col_esl_agent *a, const char *queue)
{
    for (size_t i = 0; i < a->nqueues; i++) {
        if (strcmp(a->queues[i], queue) == 0)
            return false;
    }
    if (a->nqueues == CORE_QUEUES_MAX || strlen(queue) >= CORE_ID_MAX)
        return false;
    snprintf(a->queues[a->nqueues++], CORE_ID_MAX, "%s", queue);
    return true;
}

void
col_esl_cc_emit(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                struct col_event_json *j)
{
    if (cc->site[0])
        col_event_json_str(j, "site", cc->site);
    size_t len;
    const char *text = col_event_json_end(j, &len);
    if (text == NULL) {
        cc->bad++; // a field too long for an event: the ingest would refuse it anyway
        return;
    }
    col_ingest_raw(in, source, (long)cc->events, text, len);
    cc->emitted++;
}

// The agent's state by what the module says of it. Status first (Logged Out and On Break win
// over a state left as it was), except that a call in progress shows as one; a Waiting agent
// inside its wrap-up time is in wrap-up (the module offers no call before last_bridge_end +
// wrap_up_time). NULL: nothing known yet.
const char *
col_esl_cc_agent_state(const struct col_esl_agent *a, int64_t now_ms, const char **reason,
                       int *wrap_s)
{
    *reason = "";
    *wrap_s = 0;
    if (strcasecmp(a->status, "Logged Out") == 0)
        return "logged_out";
    if (strcasecmp(a->state, "In a queue call") == 0)
        return "on_call";
    if (strcasecmp(a->state, "Receiving") == 0 || strcasecmp(a->state, "Reserved") == 0)
        return "ringing";
    if (strcasecmp(a->status, "On Break") == 0) {
        // The module keeps no reason for a break: none is sent (the screens say not ready),
        // unless it was the module's own, after too many rings not answered.
        *reason = a->break_reason;
        return "not_ready";
    }
    if (strcasecmp(a->state, "Idle") == 0) {
        *reason = "Idle"; // Available (On Demand) after a call: waits to be set Waiting again
        return "not_ready";
    }
    if (a->wrap_end_ms > now_ms) {
        *wrap_s = (int)ceil((double)(a->wrap_end_ms - now_ms) / 1000.0);
        return "wrap_up";
    }
    if (strncasecmp(a->status, "Available", 9) == 0 || strcasecmp(a->state, "Waiting") == 0)
        return "available";
    return NULL;
}

void
col_esl_cc_send_agent(struct col_esl_cc *cc, struct col_ingest *in, const char *source, double ts,
                      const char *id, bool with_queues)
{
    struct col_esl_agent *a = core_map_get(&cc->agents, id);
    if (a == NULL)
        return;
    const char *reason;
    int wrap_s;
    const char *state = col_esl_cc_agent_state(a, (int64_t)(ts * 1000.0), &reason, &wrap_s);
    if (state == NULL)
        return;
    if (!with_queues && strcmp(state, a->sent_state) == 0 && strcmp(reason, a->sent_reason) == 0)
        return;
    struct col_event_json j;
    col_esl_cc_start(cc, &j, "agent.state", ts);
    col_esl_cc_put_id(cc, &j, "agent", id);
    col_event_json_str(&j, "state", state);
    if (reason[0])
        col_event_json_str(&j, "reason", reason);
    if (wrap_s > 0)
        col_event_json_num(&j, "wrap_s", wrap_s);
    if (with_queues)
        col_esl_cc_put_ids(cc, &j, "queues", a->queues, a->nqueues);
    col_esl_cc_emit(cc, in, source, &j);
    snprintf(a->sent_state, sizeof(a->sent_state), "%s", state);
    snprintf(a->sent_reason, sizeof(a->sent_reason), "%s", reason);
}

// --- one event ---

struct esl_event {
    struct col_esl_headers h;
    double ts;
};

static const char *
hdr(const struct esl_event *e, const char *key)
{
    return col_esl_header(&e->h, key);
}

static const char *
hdr_or(const struct esl_event *e, const char *key, const char *fallback)
{
    const char *v = hdr(e, key);
    return v && v[0] ? v : fallback;
}

// An epoch-seconds header (0: absent, empty or not a time).
static double
epoch(const struct esl_event *e, const char *key)
{
    const char *v = hdr(e, key);
    double t = v ? strtod(v, NULL) : 0;
    return t > 0 && t < 1e11 ? t : 0;
}

// A caller's number as the events take it (docs/events.md: digits with + - . ( ) and spaces,
// or a withheld marker); anything else (a SIP URI, a name) is left out.
static bool
callable(const char *num)
{
    if (num == NULL || !num[0] || strlen(num) >= 32)
        return false;
    if (strcasecmp(num, "anonymous") == 0)
        return true;
    bool digit = false;
    for (const char *p = num; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digit = true;
        else if (!strchr("+-.() ", *p))
            return false;
    }
    return digit;
}

// A span between two moments: the events' own times when both were seen (microseconds), else
// the module's epoch-second headers (whole seconds: a 4.6 s wait reads 4 or 5), else -1.
static double
span(double from_ts, double to_ts, double from_s, double to_s)
{
    if (from_ts > 0 && to_ts >= from_ts)
        return to_ts - from_ts;
    if (from_s > 0 && to_s >= from_s)
        return to_s - from_s;
    return -1;
}

static struct col_esl_call *
call_of(struct col_esl_cc *cc, const char *id, bool create)
{
    return create ? core_map_get_or_add(&cc->calls, id, sizeof(struct col_esl_call))
                  : core_map_get(&cc->calls, id);
}

static void
remember_session(struct col_esl_cc *cc, const char *session, const char *member)
{
    if (session == NULL || !session[0])
        return;
    char *copy = strdup(member);
    char *old = core_map_get(&cc->sessions, session);
    if (copy && core_map_put(&cc->sessions, session, copy) == 0)
        free(old);
    else
        free(copy);
}

static void
forget_call(struct col_esl_cc *cc, const char *id)
{
    struct col_esl_call *c = core_map_del(&cc->calls, id);
    if (c && c->session[0])
        free(core_map_del(&cc->sessions, c->session));
    free(c);
}

static void
member_joined(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
              const struct esl_event *e, const char *id)
{
    char queue[CORE_ID_MAX];
    col_esl_cc_id(cc, hdr_or(e, "CC-Queue", "?"), queue);
    struct col_esl_call *c = call_of(cc, id, true);
    if (c == NULL)
        return;
    snprintf(c->queue, sizeof(c->queue), "%s", queue);
    snprintf(c->session, sizeof(c->session), "%s", hdr_or(e, "CC-Member-Session-UUID", ""));
    c->answered = c->ended = false;
    c->joined_ts = e->ts;
    c->answered_ts = 0;
    remember_session(cc, c->session, id);
    struct col_event_json j;
    col_esl_cc_start(cc, &j, "call.enqueued", e->ts);
    col_esl_cc_put_id(cc, &j, "call", id);
    col_esl_cc_put_id(cc, &j, "queue", queue);
    const char *num = hdr(e, "CC-Member-CID-Number");
    if (callable(num))
        col_event_json_str(&j, "caller", num);
    col_esl_cc_emit(cc, in, source, &j);
}

// member-queue-end with CC-Cause Cancel: CC-Cancel-Reason says how the caller left waiting.
// BREAK_OUT (and NONE) is the module's word for "left the wait loop without an agent": the
// caller hung up, or the channel was taken elsewhere (a transfer, callcenter_break); the
// channel data in the event tells which.
static void
member_cancelled(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                 const struct esl_event *e, const char *id)
{
    const char *why = hdr_or(e, "CC-Cancel-Reason", "NONE");
    const struct col_esl_call *c = call_of(cc, id, false);
    double wait = span(c ? c->joined_ts : 0, e->ts, epoch(e, "CC-Member-Joined-Time"),
                       epoch(e, "CC-Member-Leaving-Time"));
    struct col_event_json j;
    const char *reason = NULL;
    if (strcasecmp(why, "TIMEOUT") == 0)
        reason = "timeout"; // max-wait-time
    else if (strcasecmp(why, "NO_AGENT_TIMEOUT") == 0)
        reason = "exit_empty"; // max-wait-time-with-no-agent
    else if (strcasecmp(why, "EXIT_WITH_KEY") == 0)
        reason = "exit_key"; // one of cc_exit_keys pressed
    else {
        const char *state = hdr_or(e, "Channel-State", "");
        const char *answer = hdr_or(e, "Answer-State", "");
        bool gone = hdr(e, "Hangup-Cause") != NULL || strcasecmp(answer, "hangup") == 0 ||
                    !state[0] || strcasecmp(state, "CS_HANGUP") == 0 ||
                    strcasecmp(state, "CS_REPORTING") == 0 || strcasecmp(state, "CS_DESTROY") == 0;
        if (!gone)
            reason = "transferred";
    }
    col_esl_cc_start(cc, &j, reason ? "call.left" : "call.abandoned", e->ts);
    col_esl_cc_put_id(cc, &j, "call", id);
    if (reason)
        col_event_json_str(&j, "reason", reason);
    const char *key = hdr(e, "variable_cc_exit_key");
    if (reason && strcmp(reason, "exit_key") == 0 && key && key[0])
        col_event_json_str(&j, "key", key);
    if (wait >= 0)
        col_event_json_num(&j, "wait_s", wait);
    col_esl_cc_emit(cc, in, source, &j);
}

static void
member_left(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
            const struct esl_event *e, const char *id)
{
    struct col_esl_call *c = call_of(cc, id, false);
    if (c && c->ended)
        return; // its channel's hang-up said so already
    const char *cause = hdr_or(e, "CC-Cause", "");
    if (strcasecmp(cause, "Cancel") == 0) {
        member_cancelled(cc, in, source, e, id);
    } else {
        // Terminated: the bridge with the agent is over (the caller was answered).
        struct col_event_json j;
        col_esl_cc_start(cc, &j, "call.ended", e->ts);
        col_esl_cc_put_id(cc, &j, "call", id);
        double talk = span(c ? c->answered_ts : 0, e->ts, epoch(e, "CC-Agent-Answered-Time"),
                           epoch(e, "CC-Member-Leaving-Time"));
        if (talk >= 0)
            col_event_json_num(&j, "talk_s", talk);
        col_esl_cc_emit(cc, in, source, &j);
    }
    forget_call(cc, id);
}

static void
bridge_started(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
               const struct esl_event *e, const char *id, const char *agent)
{
    double called = epoch(e, "CC-Agent-Called-Time");
    double answered = epoch(e, "CC-Agent-Answered-Time");
    struct col_esl_call *c = call_of(cc, id, false);
    double wait = span(c ? c->joined_ts : 0, e->ts, epoch(e, "CC-Member-Joined-Time"), answered);
    struct col_event_json j;
    col_esl_cc_start(cc, &j, "call.answered", e->ts);
    col_esl_cc_put_id(cc, &j, "call", id);
    col_esl_cc_put_id(cc, &j, "agent", agent);
    if (wait >= 0)
        col_event_json_num(&j, "wait_s", wait);
    if (called > 0 && answered >= called) // 0 for a uuid-standby agent: never rung
        col_event_json_num(&j, "ring_s", answered - called);
    col_esl_cc_emit(cc, in, source, &j);
    if (c) {
        c->answered = true;
        c->answered_ts = e->ts;
    }
    struct col_esl_agent *a = col_esl_cc_agent(cc, agent);
    if (a == NULL)
        return;
    char queue[CORE_ID_MAX];
    col_esl_cc_id(cc, hdr_or(e, "CC-Queue", ""), queue);
    bool joined_queue = queue[0] && col_esl_cc_join(a, queue);
    snprintf(a->state, sizeof(a->state), "In a queue call");
    a->wrap_end_ms = 0;
    col_esl_cc_send_agent(cc, in, source, e->ts, agent, joined_queue);
}

static void
bridge_ended(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
             const struct esl_event *e, const char *agent)
{
    struct col_esl_agent *a = col_esl_cc_agent(cc, agent);
    if (a == NULL)
        return;
    double end = epoch(e, "CC-Bridge-Terminated-Time");
    if (end <= 0)
        end = e->ts;
    // The module sets the agent Waiting (Idle on demand) right after; no call is offered before
    // last_bridge_end + wrap_up_time.
    snprintf(a->state, sizeof(a->state), "Waiting");
    a->wrap_end_ms = a->wrap_up_s > 0 ? (int64_t)((end + a->wrap_up_s) * 1000.0) : 0;
    col_esl_cc_send_agent(cc, in, source, e->ts, agent, false);
}

// bridge-agent-fail: the agent was offered the caller and the bridge did not happen. By the
// module's own reading of CC-Hangup-Cause: LOSE_RACE and ORIGINATOR_CANCEL are another agent
// answering (ring-all) or the caller leaving, USER_NOT_REGISTERED a phone that was never rung;
// any other cause (no answer, busy, rejected) is a ring the agent missed.
static void
bridge_failed(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
              const struct esl_event *e, const char *id, const char *agent)
{
    const char *cause = hdr_or(e, "CC-Hangup-Cause", "");
    if (!strcasecmp(cause, "LOSE_RACE") || !strcasecmp(cause, "ORIGINATOR_CANCEL") ||
        !strcasecmp(cause, "USER_NOT_REGISTERED"))
        return;
    double called = epoch(e, "CC-Agent-Called-Time");
    double aborted = epoch(e, "CC-Agent-Aborted-Time");
    char queue[CORE_ID_MAX];
    col_esl_cc_id(cc, hdr_or(e, "CC-Queue", ""), queue);
    struct col_event_json j;
    col_esl_cc_start(cc, &j, "agent.ring_missed", e->ts);
    col_esl_cc_put_id(cc, &j, "agent", agent);
    if (id)
        col_esl_cc_put_id(cc, &j, "call", id);
    if (queue[0])
        col_esl_cc_put_id(cc, &j, "queue", queue);
    if (called > 0 && aborted >= called)
        col_event_json_num(&j, "ring_s", aborted - called);
    col_esl_cc_emit(cc, in, source, &j);
}

static void
agent_changed(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
              const struct esl_event *e, const char *action, const char *agent)
{
    struct col_esl_agent *a = col_esl_cc_agent(cc, agent);
    if (a == NULL)
        return;
    if (!strcasecmp(action, "agent-status-change")) {
        snprintf(a->status, sizeof(a->status), "%s", hdr_or(e, "CC-Agent-Status", ""));
        if (strcasecmp(a->status, "On Break") != 0)
            a->break_reason[0] = '\0';
    } else if (!strcasecmp(action, "agent-state-change")) {
        snprintf(a->state, sizeof(a->state), "%s", hdr_or(e, "CC-Agent-State", ""));
    } else if (!strcasecmp(action, "agent-offering")) {
        snprintf(a->state, sizeof(a->state), "Receiving");
    } else { // agent-max-no-answer: the status change to its no-answer status follows
        snprintf(a->break_reason, sizeof(a->break_reason), "no answer");
        return;
    }
    col_esl_cc_send_agent(cc, in, source, e->ts, agent, false);
}

// The caller's channel is gone: a caller the module never said left (a crash of the wait loop,
// a stream that lost the member-queue-end) leaves now, so no phantom waits on the screens.
static void
channel_gone(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
             const struct esl_event *e)
{
    const char *session = hdr(e, "Unique-ID");
    const char *member = session ? core_map_get(&cc->sessions, session) : NULL;
    if (member == NULL)
        return;
    char id[CORE_ID_MAX];
    snprintf(id, sizeof(id), "%s", member);
    struct col_esl_call *c = call_of(cc, id, false);
    if (c && c->answered && !c->ended) {
        // Answered: the agent's side ends the bridge and member-queue-end (Terminated, with
        // the talk time) follows from the agent's thread, maybe after this.
        free(core_map_del(&cc->sessions, session));
        c->session[0] = '\0';
        return;
    }
    if (c && !c->ended) {
        struct col_event_json j;
        col_esl_cc_start(cc, &j, "call.ended", e->ts);
        col_esl_cc_put_id(cc, &j, "call", id);
        col_esl_cc_emit(cc, in, source, &j);
        c->ended = true;
    }
    forget_call(cc, id);
}

static void
say_unknown(struct col_esl_cc *cc, const char *source, const char *action)
{
    cc->unknown++;
    static char seen;
    if (core_map_get(&cc->said, action) || core_map_put(&cc->said, action, &seen) != 0)
        return;
    fprintf(stderr,
            "wb-collector: %s: CC-Action \"%s\" is not one this collector knows: ignored "
            "(counted; said once)\n",
            source, action);
}

static void
callcenter(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
           const struct esl_event *e)
{
    const char *action = hdr_or(e, "CC-Action", "");
    const char *uuid = hdr(e, "CC-Member-UUID");
    const char *agent_name = hdr(e, "CC-Agent");
    char agent[CORE_ID_MAX] = "", queue[CORE_ID_MAX], member[CORE_ID_MAX] = "";
    if (agent_name && agent_name[0])
        col_esl_cc_id(cc, agent_name, agent);
    col_esl_cc_id(cc, hdr_or(e, "CC-Queue", ""), queue);
    if (uuid && uuid[0])
        col_esl_cc_call_id(cc, queue, uuid, member);
    bool has_member = member[0] != '\0', has_agent = agent[0] != '\0';
    if (!strcasecmp(action, "member-queue-start") || !strcasecmp(action, "member-queue-resume")) {
        if (has_member)
            member_joined(cc, in, source, e, member);
    } else if (!strcasecmp(action, "member-queue-end")) {
        if (has_member)
            member_left(cc, in, source, e, member);
    } else if (!strcasecmp(action, "bridge-agent-start")) {
        if (has_member && has_agent)
            bridge_started(cc, in, source, e, member, agent);
    } else if (!strcasecmp(action, "bridge-agent-end")) {
        if (has_agent)
            bridge_ended(cc, in, source, e, agent);
    } else if (!strcasecmp(action, "bridge-agent-fail")) {
        if (has_agent)
            bridge_failed(cc, in, source, e, has_member ? member : NULL, agent);
    } else if (!strcasecmp(action, "agent-status-change") ||
               !strcasecmp(action, "agent-state-change") || !strcasecmp(action, "agent-offering") ||
               !strcasecmp(action, "agent-max-no-answer")) {
        if (has_agent)
            agent_changed(cc, in, source, e, action, agent);
    } else if (!strcasecmp(action, "members-count") || !strcasecmp(action, "agent-add") ||
               !strcasecmp(action, "agent-contact-change") ||
               (!strncasecmp(action, "agent-", 6) && strlen(action) > 4 &&
                !strcasecmp(action + strlen(action) - 4, "-get"))) {
        cc->ignored++; // counts and lookups: the collector keeps its own
    } else {
        say_unknown(cc, source, action[0] ? action : "(none)");
    }
}

double
col_esl_cc_date(const struct col_esl_cc *cc, const char *stamp)
{
    double ts = stamp ? strtod(stamp, NULL) / 1e6 : 0; // microseconds
    return ts > 0 && ts < 1e11 ? ts : (double)cc->clock_ms() / 1000.0;
}

void
col_esl_cc_event(struct col_esl_cc *cc, struct col_ingest *in, const char *source, char *body,
                 size_t len)
{
    struct esl_event e;
    size_t bad = 0;
    col_esl_parse_headers(body, len, &e.h, true, &bad);
    cc->events++;
    if (bad && e.h.n == 0) {
        cc->bad++;
        return;
    }
    e.ts = col_esl_cc_date(cc, hdr(&e, "Event-Date-Timestamp"));
    cc->last_ts = e.ts;
    const char *name = hdr_or(&e, "Event-Name", "");
    const char *subclass = hdr_or(&e, "Event-Subclass", "");
    if (!strcasecmp(name, "CUSTOM") && !strcasecmp(subclass, "callcenter::info"))
        callcenter(cc, in, source, &e);
    else if (!strcasecmp(name, "CHANNEL_HANGUP_COMPLETE"))
        channel_gone(cc, in, source, &e);
    else
        cc->ignored++; // heartbeats, other modules' events a shared socket may carry
}
