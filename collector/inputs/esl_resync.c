// SPDX-License-Identifier: MIT
// The resync at every (re)connect: mod_callcenter's `callcenter_config` lists (queue list, tier
// list, agent list, queue list members), each a header row of column names, rows of values
// joined by '|', then "+OK" (list_result_callback() in mod_callcenter.c; a list with no row is
// "+OK" alone). What FreeSWITCH lists replaces what the state holds of its queues and agents:
// callers it no longer has leave, agents it does not list log out (counted and said).
#include "collector/inputs/esl_resync.h"

#include "core/event.h"
#include "core/hash.h"
#include "core/state_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COLUMNS_MAX 40

struct row {
    size_t n;
    const char *v[COLUMNS_MAX];
};

// Splits line (changed in place) at '|'. Returns false past COLUMNS_MAX columns.
static bool
split(char *line, struct row *r)
{
    r->n = 0;
    for (char *p = line;;) {
        if (r->n == COLUMNS_MAX)
            return false;
        r->v[r->n++] = p;
        char *bar = strchr(p, '|');
        if (bar == NULL)
            return true;
        *bar = '\0';
        p = bar + 1;
    }
}

static int
column(const struct row *head, const char *name)
{
    for (size_t i = 0; i < head->n; i++) {
        if (strcasecmp(head->v[i], name) == 0)
            return (int)i;
    }
    return -1;
}

static const char *
cell(const struct row *r, int i)
{
    return i >= 0 && (size_t)i < r->n ? r->v[i] : "";
}

// The list a header row belongs to, by its columns (the same in every 1.x: agents' "system"
// became "instance_id", tiers' "level" "col_level"; neither is looked at here).
static enum col_esl_list
list_of(const struct row *head)
{
    if (column(head, "name") >= 0 && column(head, "strategy") >= 0)
        return ESL_LIST_QUEUES;
    if (column(head, "queue") >= 0 && column(head, "session_uuid") >= 0 &&
        column(head, "joined_epoch") >= 0)
        return ESL_LIST_MEMBERS;
    if (column(head, "queue") >= 0 && column(head, "agent") >= 0 && column(head, "state") >= 0)
        return ESL_LIST_TIERS;
    if (column(head, "name") >= 0 && column(head, "status") >= 0 && column(head, "state") >= 0)
        return ESL_LIST_AGENTS;
    return ESL_LIST_UNKNOWN;
}

static double
now_ts(const struct col_esl_cc *cc)
{
    if (!cc->live && cc->last_ts > 0)
        return cc->last_ts; // a recorded stream: its own clock
    return (double)cc->clock_ms() / 1000.0;
}

static void
queues_listed(struct col_esl_cc *cc, struct row *rows, size_t nrows, const struct row *head)
{
    static char seen;
    core_map_fini(&cc->queues);
    core_map_init(&cc->queues);
    int name = column(head, "name");
    for (size_t i = 0; i < nrows; i++) {
        char id[CORE_ID_MAX];
        col_esl_cc_id(cc, cell(&rows[i], name), id);
        if (id[0])
            core_map_put(&cc->queues, id, &seen);
    }
}

// Tiers are the queue membership: the agents' queues are replaced by what the list says, and
// an agent whose queues changed is sent again with them.
// An agent's queues, as one number to tell whether they changed.
static uint64_t
queues_hash(const struct col_esl_agent *a)
{
    uint64_t h = CORE_FNV_START;
    for (size_t i = 0; i < a->nqueues; i++)
        h = core_fnv1a(core_fnv1a_str(h, a->queues[i]), "", 1); // the NUL parts one from next
    return h;
}

static void
tiers_listed(struct col_esl_cc *cc, struct col_ingest *in, const char *source, struct row *rows,
             size_t nrows, const struct row *head)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    size_t nagents = cc->agents.len;
    struct {
        const char *id; // the map's own key: stays put when the map grows
        uint64_t queues;
    } *before = nagents ? calloc(nagents, sizeof(*before)) : NULL;
    size_t k = 0;
    while ((s = core_map_next(&cc->agents, &pos)) != NULL) {
        struct col_esl_agent *a = s->value;
        if (before && k < nagents) {
            before[k].id = s->key;
            before[k++].queues = queues_hash(a);
        }
        a->nqueues = 0;
    }
    int queue = column(head, "queue"), agent = column(head, "agent");
    for (size_t i = 0; i < nrows; i++) {
        char q[CORE_ID_MAX], id[CORE_ID_MAX];
        col_esl_cc_id(cc, cell(&rows[i], queue), q);
        col_esl_cc_id(cc, cell(&rows[i], agent), id);
        struct col_esl_agent *a = id[0] && q[0] ? col_esl_cc_agent(cc, id) : NULL;
        if (a)
            col_esl_cc_join(a, q);
    }
    double ts = now_ts(cc);
    for (size_t i = 0; i < k; i++) {
        const struct col_esl_agent *a = core_map_get(&cc->agents, before[i].id);
        if (a && queues_hash(a) != before[i].queues)
            col_esl_cc_send_agent(cc, in, source, ts, before[i].id, true);
    }
    free(before);
}

static bool
in_freeswitch_queue(const struct col_esl_cc *cc, const char *queue)
{
    return core_map_get(&cc->queues, queue) != NULL;
}

// Whether the state holds agent id as FreeSWITCH now has it (state, reason, queues): then it is
// not sent again, and its time in that state, which a screen shows, keeps counting.
static bool
held_alike(const struct core_state *st, const char *id, const char *state, const char *reason,
           const struct col_esl_agent *a)
{
    const struct core_agent *ag = core_map_get(&st->agents, id);
    if (ag == NULL || strcmp(core_agent_state_name(ag->state), state) != 0 ||
        strcmp(ag->reason, reason) != 0 || ag->nqueues != a->nqueues)
        return false;
    for (size_t i = 0; i < a->nqueues; i++) {
        if (strcmp(ag->queues[i], a->queues[i]) != 0)
            return false;
    }
    return true;
}

// One agent as the agent list has it: sent unless the state holds it so already, dated when
// FreeSWITCH says it began (last_bridge_start for a call, last_offered_call for a ring,
// last_bridge_end for a wrap-up, last_status_change otherwise), not when the list came.
static void
agent_listed(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
             struct col_esl_agent *a, const char *id, const struct row *r, const struct row *head,
             double ts)
{
    const char *reason;
    int wrap_s;
    const char *state = col_esl_cc_agent_state(a, (int64_t)(ts * 1000.0), &reason, &wrap_s);
    if (state == NULL || held_alike(in->state, id, state, reason, a)) {
        if (state) {
            snprintf(a->sent_state, sizeof(a->sent_state), "%s", state);
            snprintf(a->sent_reason, sizeof(a->sent_reason), "%s", reason);
        }
        return;
    }
    const char *col = !strcmp(state, "on_call")   ? "last_bridge_start"
                      : !strcmp(state, "ringing") ? "last_offered_call"
                      : !strcmp(state, "wrap_up") ? "last_bridge_end"
                                                  : "last_status_change";
    double since = atof(cell(r, column(head, col)));
    double end = atof(cell(r, column(head, "last_bridge_end")));
    if (!strcmp(state, "available") && end > since)
        since = end;         // free since the last call ended, if after the last status change
    a->sent_state[0] = '\0'; // sent again whatever was sent before
    col_esl_cc_send_agent(cc, in, source, since > 0 && since <= ts ? since : ts, id, true);
}

static void
agents_listed(struct col_esl_cc *cc, struct col_ingest *in, const char *source, struct row *rows,
              size_t nrows, const struct row *head)
{
    int name = column(head, "name"), status = column(head, "status");
    int state = column(head, "state"), wrap = column(head, "wrap_up_time");
    double ts = now_ts(cc);
    for (size_t i = 0; i < nrows; i++) {
        char id[CORE_ID_MAX];
        col_esl_cc_id(cc, cell(&rows[i], name), id);
        struct col_esl_agent *a = id[0] ? col_esl_cc_agent(cc, id) : NULL;
        if (a == NULL)
            continue;
        snprintf(a->status, sizeof(a->status), "%s", cell(&rows[i], status));
        snprintf(a->state, sizeof(a->state), "%s", cell(&rows[i], state));
        a->wrap_up_s = atoi(cell(&rows[i], wrap));
        a->listed = true;
        agent_listed(cc, in, source, a, id, &rows[i], head, ts);
    }
    // Agents the state has from FreeSWITCH that it no longer lists: logged out.
    char gone[64][CORE_ID_MAX];
    size_t ngone, pos;
    const struct core_map_slot *s;
    uint64_t out = 0;
    do {
        ngone = 0;
        pos = 0;
        while (ngone < 64 && (s = core_map_next(&in->state->agents, &pos)) != NULL) {
            const struct core_agent *ag = s->value;
            const struct col_esl_agent *a = core_map_get(&cc->agents, ag->id);
            if (ag->state == CORE_AGENT_LOGGED_OUT || (a && a->listed))
                continue;
            bool ours = a != NULL;
            for (size_t q = 0; q < ag->nqueues && !ours; q++)
                ours = in_freeswitch_queue(cc, ag->queues[q]);
            if (ours)
                snprintf(gone[ngone++], CORE_ID_MAX, "%s", ag->id);
        }
        for (size_t i = 0; i < ngone; i++) { // after the walk: each event changes the map
            struct col_esl_agent *a = col_esl_cc_agent(cc, gone[i]);
            if (a == NULL)
                continue;
            snprintf(a->status, sizeof(a->status), "Logged Out");
            a->listed = true; // not again in this walk
            col_esl_cc_send_agent(cc, in, source, ts, gone[i], false);
            out++;
        }
    } while (ngone == 64);
    pos = 0;
    while ((s = core_map_next(&cc->agents, &pos)) != NULL)
        ((struct col_esl_agent *)s->value)->listed = false;
    cc->resync_logged_out += out;
    if (out)
        fprintf(stderr, "wb-collector: %s: %llu agent(s) FreeSWITCH no longer lists: logged out\n",
                source, (unsigned long long)out);
}

static void
emit_call(struct col_esl_cc *cc, struct col_ingest *in, const char *source, const char *type,
          double ts, const char *id, const char *key, const char *value)
{
    struct col_event_json j;
    col_esl_cc_start(cc, &j, type, ts);
    col_esl_cc_put_id(cc, &j, "call", id);
    if (key)
        col_event_json_str(&j, key, value);
    col_esl_cc_emit(cc, in, source, &j);
}

// One waiting or answered caller as FreeSWITCH lists it, told to the state if it does not hold
// it so.
static void
member_listed(struct col_esl_cc *cc, struct col_ingest *in, const char *source, const struct row *r,
              const struct row *head)
{
    char id[CORE_ID_MAX], queue[CORE_ID_MAX], agent[CORE_ID_MAX];
    const char *uuid = cell(r, column(head, "uuid"));
    col_esl_cc_id(cc, cell(r, column(head, "queue")), queue);
    col_esl_cc_call_id(cc, queue, uuid, id);
    col_esl_cc_id(cc, cell(r, column(head, "serving_agent")), agent);
    const char *state = cell(r, column(head, "state"));
    bool answered = strcasecmp(state, "Answered") == 0;
    if (!uuid[0] || !queue[0] ||
        (!answered && strcasecmp(state, "Waiting") && strcasecmp(state, "Trying")))
        return; // Abandoned: kept by the module only to resume a caller who calls back
    double joined = atof(cell(r, column(head, "rejoined_epoch")));
    if (joined <= 0)
        joined = atof(cell(r, column(head, "joined_epoch")));
    double bridged = atof(cell(r, column(head, "bridge_epoch")));
    double ts = now_ts(cc);
    struct col_esl_call *c = core_map_get_or_add(&cc->calls, id, sizeof(struct col_esl_call));
    if (c == NULL)
        return;
    snprintf(c->queue, sizeof(c->queue), "%s", queue);
    snprintf(c->session, sizeof(c->session), "%s", cell(r, column(head, "session_uuid")));
    c->listed = true;
    c->answered = answered;
    char *copy = c->session[0] && !core_map_get(&cc->sessions, c->session) ? strdup(id) : NULL;
    if (copy && core_map_put(&cc->sessions, c->session, copy) != 0)
        free(copy);
    const struct core_call *held = core_map_get(&in->state->calls, id);
    if (held == NULL) {
        struct col_event_json j;
        col_esl_cc_start(cc, &j, "call.enqueued", joined > 0 && joined <= ts ? joined : ts);
        col_esl_cc_put_id(cc, &j, "call", id);
        col_esl_cc_put_id(cc, &j, "queue", queue);
        col_esl_cc_emit(cc, in, source, &j);
    }
    if (answered && agent[0] && (held == NULL || held->status != CORE_CALL_CONNECTED)) {
        struct col_event_json j;
        col_esl_cc_start(cc, &j, "call.answered", bridged > 0 && bridged <= ts ? bridged : ts);
        col_esl_cc_put_id(cc, &j, "call", id);
        col_esl_cc_put_id(cc, &j, "agent", agent);
        col_esl_cc_emit(cc, in, source, &j);
    }
}

// After the member list: the callers the state holds in FreeSWITCH's queues that it does not
// list left while the link was down: the waiting ones withdrawn, the answered ones ended.
static void
members_listed(struct col_esl_cc *cc, struct col_ingest *in, const char *source, struct row *rows,
               size_t nrows, const struct row *head)
{
    for (size_t i = 0; i < nrows; i++)
        member_listed(cc, in, source, &rows[i], head);
    double ts = now_ts(cc);
    uint64_t withdrawn = 0, ended = 0;
    char ids[64][CORE_ID_MAX];
    bool waiting[64];
    size_t nids, pos;
    const struct core_map_slot *s;
    do {
        nids = 0;
        pos = 0;
        while (nids < 64 && (s = core_map_next(&in->state->calls, &pos)) != NULL) {
            const struct core_call *c = s->value;
            const struct col_esl_call *mine = core_map_get(&cc->calls, c->id);
            if (c->status == CORE_CALL_GONE || (mine && mine->listed) ||
                (!mine && !in_freeswitch_queue(cc, c->queue)))
                continue;
            waiting[nids] = c->status == CORE_CALL_WAITING;
            snprintf(ids[nids++], CORE_ID_MAX, "%s", c->id);
        }
        for (size_t i = 0; i < nids; i++) {
            if (waiting[i]) {
                emit_call(cc, in, source, "call.left", ts, ids[i], "reason", "withdrawn");
                withdrawn++;
            } else {
                emit_call(cc, in, source, "call.ended", ts, ids[i], NULL, NULL);
                ended++;
            }
            struct col_esl_call *mine = core_map_get(&cc->calls, ids[i]);
            if (mine) {
                mine->listed = true; // not again in this walk; forgotten below
                mine->ended = true;
            }
        }
    } while (nids == 64);
    // What the adapter tracks that FreeSWITCH does not list is over.
    do {
        nids = 0;
        pos = 0;
        while (nids < 64 && (s = core_map_next(&cc->calls, &pos)) != NULL) {
            struct col_esl_call *c = s->value;
            if (!c->listed || c->ended)
                snprintf(ids[nids++], CORE_ID_MAX, "%s", s->key);
            else
                c->listed = false;
        }
        for (size_t i = 0; i < nids; i++) {
            struct col_esl_call *c = core_map_del(&cc->calls, ids[i]);
            if (c && c->session[0])
                free(core_map_del(&cc->sessions, c->session));
            free(c);
        }
    } while (nids == 64);
    cc->resync_withdrawn += withdrawn;
    cc->resync_ended += ended;
    cc->resyncs++;
    fprintf(stderr,
            "wb-collector: %s: resync: %zu queue(s), %zu agent(s), %zu caller(s) in queue; "
            "%llu caller(s) gone while the link was down withdrawn, %llu call(s) ended\n",
            source, cc->queues.len, cc->agents.len, nrows, (unsigned long long)withdrawn,
            (unsigned long long)ended);
}

// Keeps a recorded stream's list (len bytes of body, as it came) until the first event gives
// the time it belongs to.
static bool
hold(struct col_esl_cc *cc, enum col_esl_list kind, const char *body, size_t len)
{
    char *more = realloc(cc->held, cc->held_len + len + 2);
    if (more == NULL)
        return false; // applied now, dated now
    cc->held = more;
    more[cc->held_len] = (char)kind;
    memcpy(more + cc->held_len + 1, body, len);
    more[cc->held_len + 1 + len] = '\0';
    cc->held_len += len + 2;
    return true;
}

static bool
grow_rows(struct row **rows, size_t *cap)
{
    struct row *more = realloc(*rows, *cap * 2 * sizeof(**rows));
    if (more == NULL)
        return false;
    *rows = more;
    *cap *= 2;
    return true;
}

enum col_esl_list
col_esl_cc_list(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                enum col_esl_list list, char *body, size_t len)
{
    if (!cc->live && cc->last_ts == 0 && !cc->flushing && strlen(body) == len &&
        hold(cc, list, body, len))
        return list;
    if (strncmp(body, "-ERR", 4) == 0) {
        char *nl = strchr(body, '\n');
        if (nl)
            *nl = '\0';
        if (strcmp(cc->error, body) != 0)
            fprintf(stderr,
                    "wb-collector: %s: FreeSWITCH refused a callcenter_config list: %s "
                    "(is mod_callcenter loaded? `load mod_callcenter`)\n",
                    source, body);
        snprintf(cc->error, sizeof(cc->error), "%s", body);
        return ESL_LIST_UNKNOWN;
    }
    // Lines: the header row (none when the list is empty), rows, "+OK".
    size_t cap = 64, nrows = 0;
    struct row *rows = malloc(cap * sizeof(*rows));
    struct row head = {0};
    bool have_head = false;
    enum col_esl_list kind = list;
    for (char *line = body; rows && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n == 0 || strcmp(line, "+OK") == 0) {
            line = nl;
            continue;
        }
        if (!have_head) {
            have_head = split(line, &head);
            enum col_esl_list seen = list_of(&head);
            if (!have_head || seen == ESL_LIST_UNKNOWN || (list && seen != list)) {
                free(rows);
                return ESL_LIST_UNKNOWN; // `api status`'s reply, or not the list asked for
            }
            kind = seen;
        } else if (nrows == cap && !grow_rows(&rows, &cap)) {
            break; // out of memory: the rows read so far
        } else if (!split(line, &rows[nrows]) || rows[nrows].n != head.n) {
            cc->bad++; // a value with a '|' in it (a caller's name): the row cannot be read
        } else {
            nrows++;
        }
        line = nl;
    }
    if (rows == NULL)
        return ESL_LIST_UNKNOWN;
    if (!have_head && kind == ESL_LIST_UNKNOWN) {
        free(rows);
        return ESL_LIST_UNKNOWN; // "+OK" alone, and nothing says which list it was
    }
    cc->error[0] = '\0';
    switch (kind) {
    case ESL_LIST_QUEUES: queues_listed(cc, rows, nrows, &head); break;
    case ESL_LIST_TIERS: tiers_listed(cc, in, source, rows, nrows, &head); break;
    case ESL_LIST_AGENTS: agents_listed(cc, in, source, rows, nrows, &head); break;
    case ESL_LIST_MEMBERS: members_listed(cc, in, source, rows, nrows, &head); break;
    case ESL_LIST_UNKNOWN: break;
    }
    free(rows);
    return kind;
}
void
col_esl_cc_flush(struct col_esl_cc *cc, struct col_ingest *in, const char *source)
{
    char *held = cc->held;
    cc->held = NULL;
    if (held == NULL)
        return;
    // Several lists may be held: one after another, each NUL-ended with its kind before it.
    cc->flushing = true;
    for (size_t at = 0; at < cc->held_len;) {
        enum col_esl_list list = (enum col_esl_list)held[at];
        size_t len = strlen(held + at + 1);
        col_esl_cc_list(cc, in, source, list, held + at + 1, len);
        at += len + 2;
    }
    cc->flushing = false;
    free(held);
    cc->held_len = 0;
}
