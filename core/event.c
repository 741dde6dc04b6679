// SPDX-License-Identifier: MIT
// Event validation: JSON text to struct core_event, with a reason for every refusal.
#define _GNU_SOURCE // memmem(3)
#include "core/event.h"

#include "core/timefmt.h"
#include "core/utf8.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[CORE_EV_TYPE_COUNT] = {
    [CORE_EV_CALL_ENQUEUED] = "call.enqueued",
    [CORE_EV_CALL_ANSWERED] = "call.answered",
    [CORE_EV_CALL_ABANDONED] = "call.abandoned",
    [CORE_EV_CALL_ENDED] = "call.ended",
    [CORE_EV_CALL_TRANSFERRED] = "call.transferred",
    [CORE_EV_AGENT_STATE] = "agent.state",
    [CORE_EV_KEYWORDS] = "keywords",
    [CORE_EV_TEXT] = "text",
    [CORE_EV_CALL_HELD] = "call.held",
    [CORE_EV_CALL_RETRIEVED] = "call.retrieved",
    [CORE_EV_CALL_LEFT] = "call.left",
    [CORE_EV_RING_MISSED] = "agent.ring_missed",
};

static const char *const leave_names[CORE_LEFT_REASON_COUNT] = {
    [CORE_LEFT_TIMEOUT] = "timeout",         [CORE_LEFT_EXIT_KEY] = "exit_key",
    [CORE_LEFT_EXIT_EMPTY] = "exit_empty",   [CORE_LEFT_WITHDRAWN] = "withdrawn",
    [CORE_LEFT_TRANSFERRED] = "transferred", [CORE_LEFT_CALLBACK] = "callback",
    [CORE_LEFT_BLOCKED] = "blocked",
};

const char *
core_leave_reason_name(enum core_leave_reason r)
{
    return (unsigned)r < CORE_LEFT_REASON_COUNT ? leave_names[r] : "?";
}

static const char *const state_names[CORE_AGENT_STATE_COUNT] = {
    [CORE_AGENT_LOGGED_OUT] = "logged_out", [CORE_AGENT_AVAILABLE] = "available",
    [CORE_AGENT_RINGING] = "ringing",       [CORE_AGENT_ON_CALL] = "on_call",
    [CORE_AGENT_WRAP_UP] = "wrap_up",       [CORE_AGENT_NOT_READY] = "not_ready",
};

const char *
core_event_type_name(enum core_event_type type)
{
    return (unsigned)type < CORE_EV_TYPE_COUNT ? type_names[type] : "?";
}

const char *
core_agent_state_name(enum core_agent_state state)
{
    return (unsigned)state < CORE_AGENT_STATE_COUNT ? state_names[state] : "?";
}

int
core_agent_state_from_name(const char *name, enum core_agent_state *out)
{
    for (int i = 0; i < CORE_AGENT_STATE_COUNT; i++) {
        if (strcmp(name, state_names[i]) == 0) {
            *out = (enum core_agent_state)i;
            return 0;
        }
    }
    return CORE_E_UNKNOWN;
}

bool
core_region_valid(const char *code)
{
    if (!isupper((unsigned char)code[0]) || !isupper((unsigned char)code[1]))
        return false;
    if (code[2] == '\0')
        return true;
    if (code[2] != '-')
        return false;
    size_t n = 0;
    for (const char *p = code + 3; *p; p++, n++) {
        if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
            return false;
    }
    return n >= 1 && n <= 3;
}

enum field {
    F_TYPE,
    F_TS,
    F_CHANNEL,
    F_ID,
    F_CALL,
    F_QUEUE,
    F_AGENT,
    F_CALLER,
    F_REGION,
    F_STATE,
    F_REASON,
    F_NAME,
    F_TEAM,
    F_QUEUES,
    F_WORDS,
    F_TEXT,
    F_SPEAKER,
    F_WAIT_S,
    F_TALK_S,
    F_SITE,
    F_RING_S,
    F_WRAP_S,
    F_KEY,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    [F_TYPE] = "type",       [F_TS] = "ts",         [F_CHANNEL] = "channel", [F_ID] = "id",
    [F_CALL] = "call",       [F_QUEUE] = "queue",   [F_AGENT] = "agent",     [F_CALLER] = "caller",
    [F_REGION] = "region",   [F_STATE] = "state",   [F_REASON] = "reason",   [F_NAME] = "name",
    [F_TEAM] = "team",       [F_QUEUES] = "queues", [F_WORDS] = "words",     [F_TEXT] = "text",
    [F_SPEAKER] = "speaker", [F_WAIT_S] = "wait_s", [F_TALK_S] = "talk_s",   [F_SITE] = "site",
    [F_RING_S] = "ring_s",   [F_WRAP_S] = "wrap_s", [F_KEY] = "key",
};

// The members this version reads, found in one pass over the object (rather than one search
// per field: this is the collector's hottest path). The first of a repeated key wins.
struct members {
    const cJSON *item[F_COUNT];
};

static void
index_members(const cJSON *obj, struct members *m)
{
    memset(m, 0, sizeof(*m));
    const cJSON *c;
    cJSON_ArrayForEach(c, obj)
    {
        const char *k = c->string;
        for (int f = 0; k && f < F_COUNT; f++) {
            if (k[0] == field_names[f][0] && strcmp(k, field_names[f]) == 0) {
                if (m->item[f] == NULL)
                    m->item[f] = c;
                break;
            }
        }
    }
}

// Copies a string member into dst. Absent members are fine unless required.
static int
get_string(const struct members *m, enum field f, bool required, char *dst, size_t size,
           struct core_err *err)
{
    const cJSON *item = m->item[f];
    const char *key = field_names[f];
    dst[0] = '\0';
    if (item == NULL || cJSON_IsNull(item)) {
        if (required)
            return core_err_set(err, CORE_E_INVALID, "missing field \"%s\"", key);
        return 0;
    }
    if (!cJSON_IsString(item))
        return core_err_set(err, CORE_E_INVALID, "field \"%s\" must be a string", key);
    size_t len = strlen(item->valuestring);
    if (len == 0 && required)
        return core_err_set(err, CORE_E_INVALID, "field \"%s\" is empty", key);
    if (len >= size)
        return core_err_set(err, CORE_E_TOOLONG, "field \"%s\" is longer than %zu bytes", key,
                            size - 1);
    if (!core_utf8_valid(item->valuestring, len))
        return core_err_set(err, CORE_E_INVALID, "field \"%s\" is not valid UTF-8 text", key);
    memcpy(dst, item->valuestring, len + 1);
    return 0;
}

static int
parse_ts(const struct members *m, int64_t *out_ms, struct core_err *err)
{
    const cJSON *ts = m->item[F_TS];
    if (ts == NULL)
        return core_err_set(err, CORE_E_INVALID, "missing field \"ts\"");
    if (cJSON_IsNumber(ts)) {
        double v = ts->valuedouble;
        // 1e11 s is the year 5138: anything beyond is a unit mistake (ms or µs sent as s).
        if (!isfinite(v) || v <= 0 || v >= 1e11)
            return core_err_set(err, CORE_E_INVALID,
                                "field \"ts\" must be Unix seconds between 0 and 1e11");
        *out_ms = llround(v * 1000.0);
        return 0;
    }
    if (cJSON_IsString(ts)) {
        if (core_time_parse_iso8601(ts->valuestring, out_ms) != 0)
            return core_err_set(err, CORE_E_INVALID,
                                "field \"ts\" is not ISO-8601 with an offset "
                                "(like 2026-11-23T10:42:05+08:00)");
        if (*out_ms <= 0)
            return core_err_set(err, CORE_E_INVALID, "field \"ts\" is before 1970");
        return 0;
    }
    return core_err_set(err, CORE_E_INVALID, "field \"ts\" must be a number or a string");
}

static int
parse_channel(const struct members *m, char *dst, struct core_err *err)
{
    int rc = get_string(m, F_CHANNEL, false, dst, CORE_CHANNEL_MAX, err);
    if (rc != 0)
        return rc;
    if (dst[0] == '\0') {
        strcpy(dst, "voice");
        return 0;
    }
    for (const char *p = dst; *p; p++) {
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
            return core_err_set(err, CORE_E_INVALID,
                                "field \"channel\" must be a lower-case word like \"voice\" "
                                "or \"chat\"");
    }
    return 0;
}

// Reads an array of strings into a fixed table; used for queues and words.
static int
get_string_list(const struct members *m, enum field f, size_t max, size_t size, char *table,
                size_t *count, struct core_err *err)
{
    const cJSON *arr = m->item[f];
    const char *key = field_names[f];
    *count = 0;
    if (!cJSON_IsArray(arr))
        return core_err_set(err, CORE_E_INVALID, "field \"%s\" must be an array of strings", key);
    const cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        if (!cJSON_IsString(item))
            return core_err_set(err, CORE_E_INVALID, "field \"%s\" must hold only strings", key);
        size_t len = strlen(item->valuestring);
        if (len == 0)
            continue;
        if (*count == max)
            return core_err_set(err, CORE_E_TOOLONG, "field \"%s\" has more than %zu entries", key,
                                max);
        if (len >= size)
            return core_err_set(err, CORE_E_TOOLONG, "an entry of \"%s\" is longer than %zu bytes",
                                key, size - 1);
        if (!core_utf8_valid(item->valuestring, len))
            return core_err_set(err, CORE_E_INVALID, "an entry of \"%s\" is not valid UTF-8 text",
                                key);
        memcpy(table + *count * size, item->valuestring, len + 1);
        (*count)++;
    }
    return 0;
}

// An optional duration in seconds measured by the source (0 to a day).
static int
get_seconds(const struct members *m, enum field f, bool *has, double *out, struct core_err *err)
{
    const cJSON *item = m->item[f];
    *has = item != NULL && !cJSON_IsNull(item);
    if (!*has)
        return 0;
    if (!cJSON_IsNumber(item) || !(item->valuedouble >= 0 && item->valuedouble <= 86400))
        return core_err_set(err, CORE_E_INVALID, "field \"%s\" must be seconds from 0 to 86400",
                            field_names[f]);
    *out = item->valuedouble;
    return 0;
}

static int
parse_enqueued(const struct members *m, struct core_event *ev, struct core_err *err)
{
    int rc;
    if ((rc = get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err)) ||
        (rc = get_string(m, F_QUEUE, true, ev->queue, sizeof(ev->queue), err)) ||
        (rc = get_string(m, F_CALLER, false, ev->caller, sizeof(ev->caller), err)) ||
        (rc = get_string(m, F_REGION, false, ev->region, sizeof(ev->region), err)))
        return rc;
    // A number as the PBX gives it ("+86 139-1234-5678", "(025) 8456 1234") or a withheld
    // marker ("anonymous"): the collector reads it; anything else is not a caller.
    for (const char *p = ev->caller; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("+ -.()", *p))
            return core_err_set(err, CORE_E_INVALID,
                                "field \"caller\" must be a phone number (digits, spaces, "
                                "+ - . ( )) or a withheld marker like \"anonymous\"");
    }
    if (ev->region[0] && !core_region_valid(ev->region))
        return core_err_set(err, CORE_E_INVALID,
                            "field \"region\" must be an ISO 3166 code like \"CN-JS\" or \"US\"");
    return 0;
}

static int
parse_agent_state(const struct members *m, struct core_event *ev, struct core_err *err)
{
    char state[32];
    int rc;
    if ((rc = get_string(m, F_AGENT, true, ev->agent, sizeof(ev->agent), err)) ||
        (rc = get_string(m, F_STATE, true, state, sizeof(state), err)) ||
        (rc = get_string(m, F_REASON, false, ev->reason, sizeof(ev->reason), err)) ||
        (rc = get_string(m, F_NAME, false, ev->name, sizeof(ev->name), err)) ||
        (rc = get_string(m, F_TEAM, false, ev->team, sizeof(ev->team), err)))
        return rc;
    if (core_agent_state_from_name(state, &ev->state) != 0)
        return core_err_set(err, CORE_E_INVALID,
                            "field \"state\" is \"%s\"; expected logged_out, available, "
                            "ringing, on_call, wrap_up or not_ready",
                            state);
    if ((rc = get_seconds(m, F_WRAP_S, &ev->has_wrap, &ev->wrap_s, err)))
        return rc;
    if (ev->has_wrap && ev->state != CORE_AGENT_WRAP_UP)
        return core_err_set(err, CORE_E_INVALID, "field \"wrap_s\" is for the wrap_up state only");
    ev->has_name = m->item[F_NAME] != NULL;
    ev->has_team = m->item[F_TEAM] != NULL;
    ev->has_queues = m->item[F_QUEUES] != NULL;
    if (ev->has_queues)
        return get_string_list(m, F_QUEUES, CORE_QUEUES_MAX, CORE_ID_MAX, &ev->queues[0][0],
                               &ev->nqueues, err);
    return 0;
}

// call.left: the call (and, for a call never let in, its queue), why, and what it waited.
static int
parse_left(const struct members *m, struct core_event *ev, struct core_err *err)
{
    char reason[32];
    int rc;
    if ((rc = get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err)) ||
        (rc = get_string(m, F_QUEUE, false, ev->queue, sizeof(ev->queue), err)) ||
        (rc = get_string(m, F_REASON, true, reason, sizeof(reason), err)) ||
        (rc = get_string(m, F_KEY, false, ev->key, sizeof(ev->key), err)) ||
        (rc = get_seconds(m, F_WAIT_S, &ev->has_wait, &ev->wait_s, err)))
        return rc;
    ev->left = CORE_LEFT_REASON_COUNT;
    for (int i = 0; i < CORE_LEFT_REASON_COUNT; i++) {
        if (strcmp(reason, leave_names[i]) == 0)
            ev->left = (enum core_leave_reason)i;
    }
    if (ev->left == CORE_LEFT_REASON_COUNT)
        return core_err_set(err, CORE_E_INVALID,
                            "field \"reason\" is \"%s\"; expected timeout, exit_key, exit_empty, "
                            "withdrawn, transferred, callback or blocked",
                            reason);
    if (ev->left == CORE_LEFT_BLOCKED && ev->queue[0] == '\0')
        return core_err_set(err, CORE_E_INVALID,
                            "a call.left that was blocked needs the \"queue\" it was kept out of");
    return 0;
}

// agent.ring_missed: the member, and the caller and queue it was rung for when known.
static int
parse_ring_missed(const struct members *m, struct core_event *ev, struct core_err *err)
{
    int rc;
    if ((rc = get_string(m, F_AGENT, true, ev->agent, sizeof(ev->agent), err)) ||
        (rc = get_string(m, F_CALL, false, ev->call, sizeof(ev->call), err)) ||
        (rc = get_string(m, F_QUEUE, false, ev->queue, sizeof(ev->queue), err)))
        return rc;
    return get_seconds(m, F_RING_S, &ev->has_ring, &ev->ring_s, err);
}

static int
parse_text(const struct members *m, struct core_event *ev, struct core_err *err)
{
    int rc;
    if ((rc = get_string(m, F_CALL, false, ev->call, sizeof(ev->call), err)) ||
        (rc = get_string(m, F_SPEAKER, false, ev->speaker, sizeof(ev->speaker), err)))
        return rc;
    const cJSON *text = m->item[F_TEXT];
    if (!cJSON_IsString(text))
        return core_err_set(err, CORE_E_INVALID, "field \"text\" must be a string");
    size_t len = strlen(text->valuestring);
    if (len > CORE_TEXT_MAX)
        return core_err_set(err, CORE_E_TOOLONG, "field \"text\" is longer than %d bytes",
                            CORE_TEXT_MAX);
    // Transcripts may hold line breaks; allow them by checking line by line.
    for (const char *p = text->valuestring; *p;) {
        size_t n = strcspn(p, "\r\n");
        if (!core_utf8_valid(p, n))
            return core_err_set(err, CORE_E_INVALID, "field \"text\" is not valid UTF-8 text");
        p += n;
        p += strspn(p, "\r\n");
    }
    ev->text = strdup(text->valuestring);
    return ev->text ? 0 : core_err_set(err, CORE_E_NOMEM, "out of memory");
}

static int
parse_fields(const struct members *m, struct core_event *ev, struct core_err *err)
{
    int rc;
    switch (ev->type) {
    case CORE_EV_CALL_ENQUEUED: return parse_enqueued(m, ev, err);
    case CORE_EV_CALL_ANSWERED:
        if ((rc = get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err)) ||
            (rc = get_seconds(m, F_WAIT_S, &ev->has_wait, &ev->wait_s, err)) ||
            (rc = get_seconds(m, F_RING_S, &ev->has_ring, &ev->ring_s, err)))
            return rc;
        return get_string(m, F_AGENT, true, ev->agent, sizeof(ev->agent), err);
    case CORE_EV_CALL_ABANDONED:
        if ((rc = get_seconds(m, F_WAIT_S, &ev->has_wait, &ev->wait_s, err)))
            return rc;
        return get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err);
    case CORE_EV_CALL_ENDED:
        if ((rc = get_seconds(m, F_TALK_S, &ev->has_talk, &ev->talk_s, err)))
            return rc;
        return get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err);
    case CORE_EV_CALL_HELD:
    case CORE_EV_CALL_RETRIEVED:
        return get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err);
    case CORE_EV_CALL_TRANSFERRED:
        if ((rc = get_string(m, F_CALL, true, ev->call, sizeof(ev->call), err)))
            return rc;
        return get_string(m, F_QUEUE, true, ev->queue, sizeof(ev->queue), err);
    case CORE_EV_AGENT_STATE: return parse_agent_state(m, ev, err);
    case CORE_EV_KEYWORDS:
        if ((rc = get_string(m, F_CALL, false, ev->call, sizeof(ev->call), err)))
            return rc;
        if (m->item[F_WORDS] == NULL)
            return core_err_set(err, CORE_E_INVALID, "missing field \"words\"");
        return get_string_list(m, F_WORDS, CORE_WORDS_MAX, CORE_WORD_MAX, &ev->words[0][0],
                               &ev->nwords, err);
    case CORE_EV_TEXT: return parse_text(m, ev, err);
    case CORE_EV_CALL_LEFT: return parse_left(m, ev, err);
    case CORE_EV_RING_MISSED: return parse_ring_missed(m, ev, err);
    default: return core_err_set(err, CORE_E_UNKNOWN, "unknown event type");
    }
}

// True when json opens more arrays and objects inside each other (outside strings) than cJSON
// parses: the line is well formed, only too deep, and is told so.
static bool
too_deep(const char *json, size_t len)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = json[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > CJSON_NESTING_LIMIT)
                return true;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return false;
}

// Turns a byte offset into a 1-based column (in bytes) for syntax errors.
static void
set_syntax_error(struct core_err *err, const char *json, size_t len, const char *end)
{
    long col = end ? (long)(end - json) + 1 : 0;
    if (err)
        err->column = col;
    if (too_deep(json, len))
        core_err_set(err, CORE_E_PARSE, "JSON nested more than %d levels deep (near byte %ld)",
                     CJSON_NESTING_LIMIT, col);
    else
        core_err_set(err, CORE_E_PARSE, "malformed JSON near byte %ld", col);
}

int
core_event_parse(const char *json, size_t len, struct core_event *ev, struct core_err *err)
{
    memset(ev, 0, offsetof(struct core_event, queues)); // see struct core_event
    if (len > CORE_EVENT_LINE_MAX)
        return core_err_set(err, CORE_E_TOOLONG, "event is %zu bytes; the limit is %d", len,
                            CORE_EVENT_LINE_MAX);
    const char *end = NULL;
    cJSON *obj = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (obj == NULL) {
        set_syntax_error(err, json, len, end);
        return CORE_E_PARSE;
    }
    int rc = 0;
    struct members m;
    index_members(obj, &m);
    const cJSON *type = m.item[F_TYPE];
    const char *rest = end;
    while (rest < json + len && (*rest == ' ' || *rest == '\t' || *rest == '\r' || *rest == '\n'))
        rest++;
    if (rest < json + len) {
        if (err)
            err->column = (long)(rest - json) + 1;
        rc = core_err_set(err, CORE_E_PARSE, "unexpected data after the JSON object at byte %ld",
                          (long)(rest - json) + 1);
    } else if (!cJSON_IsObject(obj)) {
        rc = core_err_set(err, CORE_E_INVALID, "an event must be a JSON object");
    } else if (type == NULL) {
        rc = core_err_set(err, CORE_E_INVALID, "missing field \"type\"");
    } else if (!cJSON_IsString(type)) {
        rc = core_err_set(err, CORE_E_INVALID, "field \"type\" must be a string");
    } else if (memmem(json, len, "\\u0000", 6) != NULL) {
        // cJSON would cut the string there: two ids that differ after it would be one.
        rc = core_err_set(err, CORE_E_INVALID, "a string holds \\u0000 (a NUL character)");
    } else {
        ev->type = CORE_EV_TYPE_COUNT;
        for (int i = 0; i < CORE_EV_TYPE_COUNT && ev->type == CORE_EV_TYPE_COUNT; i++) {
            if (strcmp(type->valuestring, type_names[i]) == 0)
                ev->type = (enum core_event_type)i;
        }
        if (ev->type == CORE_EV_TYPE_COUNT) {
            char shown[48];
            size_t n = core_utf8_prefix_len(type->valuestring, sizeof(shown) - 1);
            if (!core_utf8_valid(type->valuestring, n))
                n = 0;
            memcpy(shown, type->valuestring, n);
            shown[n] = '\0';
            rc = core_err_set(err, CORE_E_UNKNOWN, "unknown event type \"%s\"", shown);
        }
    }
    if (rc == 0)
        rc = parse_ts(&m, &ev->ts_ms, err);
    if (rc == 0)
        rc = parse_channel(&m, ev->channel, err);
    if (rc == 0)
        rc = get_string(&m, F_ID, false, ev->id, sizeof(ev->id), err);
    if (rc == 0)
        rc = get_string(&m, F_SITE, false, ev->site, sizeof(ev->site), err);
    if (rc == 0 && strchr(ev->site, '/'))
        rc = core_err_set(err, CORE_E_INVALID,
                          "field \"site\" \"%s\" has a \"/\" (it joins a site to its queues, "
                          "agents and calls)",
                          ev->site);
    if (rc == 0)
        rc = parse_fields(&m, ev, err);
    cJSON_Delete(obj);
    if (rc != 0)
        core_event_fini(ev);
    return rc;
}

void
core_event_fini(struct core_event *ev)
{
    free(ev->text);
    ev->text = NULL;
}
