// SPDX-License-Identifier: MIT
// The state's fields as JSON (core/state_fields.h).
#include "core/state_fields.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// Each row: the key, the kind, published or not, where the field is, and (text) its size.
const struct core_field core_tally_fields[] = {
    {"offered", CORE_FIELD_COUNT, false, offsetof(struct core_tally, offered), 0},
    {"answered", CORE_FIELD_COUNT, false, offsetof(struct core_tally, answered), 0},
    {"abandoned", CORE_FIELD_COUNT, false, offsetof(struct core_tally, abandoned), 0},
    {"short", CORE_FIELD_COUNT, false, offsetof(struct core_tally, short_abandoned), 0},
    {"ans_sl", CORE_FIELD_COUNT, false, offsetof(struct core_tally, answered_in_sl), 0},
    {"ab_sl", CORE_FIELD_COUNT, false, offsetof(struct core_tally, abandoned_in_sl), 0},
    {"transfers", CORE_FIELD_COUNT, false, offsetof(struct core_tally, transfers), 0},
    {"handled", CORE_FIELD_COUNT, false, offsetof(struct core_tally, handled), 0},
    {"wait", CORE_FIELD_EXACT, false, offsetof(struct core_tally, answer_wait_s), 0},
    {"talk", CORE_FIELD_EXACT, false, offsetof(struct core_tally, talk_s), 0},
    {"hold", CORE_FIELD_EXACT, false, offsetof(struct core_tally, hold_s), 0},
    {"wrap", CORE_FIELD_EXACT, false, offsetof(struct core_tally, wrap_s), 0},
    {"longest", CORE_FIELD_EXACT, false, offsetof(struct core_tally, longest_wait_s), 0},
    {"busy", CORE_FIELD_EXACT, false, offsetof(struct core_tally, busy_s), 0},
    {"idle", CORE_FIELD_EXACT, false, offsetof(struct core_tally, idle_s), 0},
    {"timeout", CORE_FIELD_COUNT, false, offsetof(struct core_tally, timed_out), 0},
    {"exit_key", CORE_FIELD_COUNT, false, offsetof(struct core_tally, exited_key), 0},
    {"exit_empty", CORE_FIELD_COUNT, false, offsetof(struct core_tally, exited_empty), 0},
    {"withdrawn", CORE_FIELD_COUNT, false, offsetof(struct core_tally, withdrawn), 0},
    {"callbacks", CORE_FIELD_COUNT, false, offsetof(struct core_tally, callbacks), 0},
    {"blocked", CORE_FIELD_COUNT, false, offsetof(struct core_tally, blocked), 0},
    {"flow_sl", CORE_FIELD_COUNT, false, offsetof(struct core_tally, flowouts_in_sl), 0},
    {"passed", CORE_FIELD_COUNT, false, offsetof(struct core_tally, sl_passed), 0},
    {"passed_flow", CORE_FIELD_COUNT, false, offsetof(struct core_tally, sl_passed_flowout), 0},
    {"passed_void", CORE_FIELD_COUNT, false, offsetof(struct core_tally, sl_passed_void), 0},
    {"missed", CORE_FIELD_COUNT, false, offsetof(struct core_tally, missed_rings), 0},
    {"ring", CORE_FIELD_EXACT, false, offsetof(struct core_tally, ring_s), 0},
};

const struct core_field core_queue_fields[] = {
    {"offered", CORE_FIELD_COUNT, true, offsetof(struct core_queue, offered), 0},
    {"answered", CORE_FIELD_COUNT, true, offsetof(struct core_queue, answered), 0},
    {"abandoned", CORE_FIELD_COUNT, true, offsetof(struct core_queue, abandoned), 0},
    {"transferred", CORE_FIELD_COUNT, true, offsetof(struct core_queue, transferred), 0},
};

const struct core_field core_call_fields[] = {
    {"queue", CORE_FIELD_TEXT, false, offsetof(struct core_call, queue), CORE_ID_MAX},
    {"agent", CORE_FIELD_TEXT, false, offsetof(struct core_call, agent), CORE_ID_MAX},
    {"channel", CORE_FIELD_TEXT, false, offsetof(struct core_call, channel), CORE_CHANNEL_MAX},
    {"team", CORE_FIELD_TEXT, false, offsetof(struct core_call, team), CORE_ID_MAX},
    {"status", CORE_FIELD_CALL_STATUS, false, offsetof(struct core_call, status), 0},
    {"enqueued", CORE_FIELD_MS, false, offsetof(struct core_call, enqueued_ms), 0},
    {"answered", CORE_FIELD_MS, false, offsetof(struct core_call, answered_ms), 0},
    {"held", CORE_FIELD_MS, false, offsetof(struct core_call, held_ms), 0},
    {"hold_total", CORE_FIELD_MS, false, offsetof(struct core_call, hold_total_ms), 0},
    {"region", CORE_FIELD_TEXT, false, offsetof(struct core_call, region), CORE_REGION_MAX},
    {"stint", CORE_FIELD_COUNT, false, offsetof(struct core_call, stint), 0},
    {"sl_passed", CORE_FIELD_MS, false, offsetof(struct core_call, sl_passed_ms), 0},
    {"gone", CORE_FIELD_MS, false, offsetof(struct core_call, gone_ms), 0},
    {"pending", CORE_FIELD_SMALL, false, offsetof(struct core_call, pending), 0},
    {"left", CORE_FIELD_SMALL, false, offsetof(struct core_call, left), 0},
    {"caller_hash", CORE_FIELD_HASH, false, offsetof(struct core_call, caller_hash), 0},
};

const struct core_field core_agent_fields[] = {
    {"state", CORE_FIELD_AGENT_STATE, true, offsetof(struct core_agent, state), 0},
    {"reason", CORE_FIELD_TEXT, true, offsetof(struct core_agent, reason), CORE_ID_MAX},
    {"since", CORE_FIELD_MS, true, offsetof(struct core_agent, since_ms), 0},
    {"queues", CORE_FIELD_QUEUE_LIST, true, offsetof(struct core_agent, nqueues),
     offsetof(struct core_agent, queues)},
    {"name", CORE_FIELD_TEXT, true, offsetof(struct core_agent, name), CORE_ID_MAX},
    {"team", CORE_FIELD_TEXT, true, offsetof(struct core_agent, team), CORE_ID_MAX},
    {"accounted", CORE_FIELD_MS, false, offsetof(struct core_agent, accounted_ms), 0},
    {"handled", CORE_FIELD_COUNT, false, offsetof(struct core_agent, today.handled), 0},
    {"talk", CORE_FIELD_EXACT, false, offsetof(struct core_agent, today.talk_s), 0},
    {"wrap", CORE_FIELD_EXACT, false, offsetof(struct core_agent, today.wrap_s), 0},
    {"busy", CORE_FIELD_EXACT, false, offsetof(struct core_agent, today.busy_s), 0},
    {"idle", CORE_FIELD_EXACT, false, offsetof(struct core_agent, today.idle_s), 0},
    {"wrapping", CORE_FIELD_BOOL, false, offsetof(struct core_agent, wrapping), 0},
    {"wrap_queue", CORE_FIELD_TEXT, false, offsetof(struct core_agent, wrap_queue), CORE_ID_MAX},
    {"wrap_channel", CORE_FIELD_TEXT, false, offsetof(struct core_agent, wrap_channel),
     CORE_CHANNEL_MAX},
    {"wrap_until", CORE_FIELD_MS, false, offsetof(struct core_agent, wrap_until_ms), 0},
    {"missed_rings", CORE_FIELD_COUNT, false, offsetof(struct core_agent, today.missed_rings), 0},
    {"missed_next", CORE_FIELD_COUNT, false, offsetof(struct core_agent, missed_next), 0},
};

const struct core_field core_clock_fields[] = {
    {"interval_start", CORE_FIELD_MS, false, offsetof(struct core_clock_windows, interval_start_ms),
     0},
    {"interval_end", CORE_FIELD_MS, false, offsetof(struct core_clock_windows, interval_end_ms), 0},
    {"day_start", CORE_FIELD_MS, false, offsetof(struct core_clock_windows, day_start_ms), 0},
    {"day_end", CORE_FIELD_MS, false, offsetof(struct core_clock_windows, day_end_ms), 0},
    {"yesterday_start", CORE_FIELD_MS, false,
     offsetof(struct core_clock_windows, yesterday_start_ms), 0},
    {"has_previous", CORE_FIELD_BOOL, false, offsetof(struct core_clock_windows, has_previous), 0},
    {"has_yesterday", CORE_FIELD_BOOL, false, offsetof(struct core_clock_windows, has_yesterday),
     0},
};

const struct core_field core_missed_fields[] = {
    {"at", CORE_FIELD_MS, false, offsetof(struct core_missed_ring, at_ms), 0},
    {"ring", CORE_FIELD_EXACT, false, offsetof(struct core_missed_ring, ring_s), 0},
    {"queue", CORE_FIELD_TEXT, false, offsetof(struct core_missed_ring, queue), CORE_ID_MAX},
};

const size_t core_missed_nfields = sizeof(core_missed_fields) / sizeof(core_missed_fields[0]);
const size_t core_tally_nfields = sizeof(core_tally_fields) / sizeof(core_tally_fields[0]);
const size_t core_queue_nfields = sizeof(core_queue_fields) / sizeof(core_queue_fields[0]);
const size_t core_call_nfields = sizeof(core_call_fields) / sizeof(core_call_fields[0]);
const size_t core_agent_nfields = sizeof(core_agent_fields) / sizeof(core_agent_fields[0]);
const size_t core_clock_nfields = sizeof(core_clock_fields) / sizeof(core_clock_fields[0]);

// Sums of seconds are written as hexadecimal floats ("%a"): cJSON prints 15 significant digits
// when that reads back *nearly* equal, and a restored sum must be equal to the last bit.
static bool
put_exact(cJSON *o, const char *k, double v)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "%a", v);
    return cJSON_AddStringToObject(o, k, buf) != NULL;
}

static bool
put_queue_list(cJSON *o, const void *obj, const struct core_field *f)
{
    size_t n = *(const size_t *)((const char *)obj + f->offset);
    const char *const *queues = (const void *)((const char *)obj + f->size);
    cJSON *a = cJSON_AddArrayToObject(o, f->key);
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(queues[i]));
    return a != NULL;
}

static bool
put_one(cJSON *o, const void *obj, const struct core_field *f, enum core_fields_use use)
{
    const void *p = (const char *)obj + f->offset;
    bool published = use == CORE_FIELDS_PUBLISHED;
    switch (f->kind) {
    case CORE_FIELD_COUNT:
        return cJSON_AddNumberToObject(o, f->key, (double)*(const uint64_t *)p) != NULL;
    case CORE_FIELD_MS: {
        double ms = (double)*(const int64_t *)p;
        return cJSON_AddNumberToObject(o, f->key, published ? ms / 1000.0 : ms) != NULL;
    }
    case CORE_FIELD_EXACT:
        if (published)
            return cJSON_AddNumberToObject(o, f->key, *(const double *)p) != NULL;
        return put_exact(o, f->key, *(const double *)p);
    case CORE_FIELD_BOOL: return cJSON_AddNumberToObject(o, f->key, *(const bool *)p) != NULL;
    case CORE_FIELD_TEXT: return cJSON_AddStringToObject(o, f->key, (const char *)p) != NULL;
    case CORE_FIELD_CALL_STATUS:
        return cJSON_AddNumberToObject(o, f->key, *(const enum core_call_status *)p) != NULL;
    case CORE_FIELD_AGENT_STATE: {
        enum core_agent_state s = *(const enum core_agent_state *)p;
        if (published)
            return cJSON_AddStringToObject(o, f->key, core_agent_state_name(s)) != NULL;
        return cJSON_AddNumberToObject(o, f->key, s) != NULL;
    }
    case CORE_FIELD_QUEUE_LIST: return put_queue_list(o, obj, f);
    case CORE_FIELD_SMALL: return cJSON_AddNumberToObject(o, f->key, *(const int *)p) != NULL;
    case CORE_FIELD_HASH: {
        char hex[17];
        snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)*(const uint64_t *)p);
        return cJSON_AddStringToObject(o, f->key, hex) != NULL;
    }
    }
    return false;
}

bool
core_fields_put(cJSON *o, const void *obj, const struct core_field *f, size_t n,
                enum core_fields_use use)
{
    for (size_t i = 0; i < n; i++) {
        if ((use == CORE_FIELDS_CHECKPOINT || f[i].published) && !put_one(o, obj, &f[i], use))
            return false;
    }
    return true;
}

cJSON *
core_fields_json(const void *obj, const struct core_field *f, size_t n, enum core_fields_use use)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !core_fields_put(o, obj, f, n, use)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

double
core_fields_number(const cJSON *o, const char *k)
{
    double v = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, k)) * 1.0;
    if (!(v == v))
        return 0;
    return v > 9007199254740992.0    ? 9007199254740992.0
           : v < -9007199254740992.0 ? -9007199254740992.0
                                     : v;
}

static double
got_exact(const cJSON *o, const char *k)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
    double v = s ? strtod(s, NULL) : 0;
    return isfinite(v) ? v : 0; // a damaged file: no NaN or infinity into the sums
}

static void
get_one(const cJSON *o, void *obj, const struct core_field *f)
{
    void *p = (char *)obj + f->offset;
    double v = f->kind == CORE_FIELD_COUNT || f->kind == CORE_FIELD_MS ||
                       f->kind == CORE_FIELD_BOOL || f->kind == CORE_FIELD_CALL_STATUS ||
                       f->kind == CORE_FIELD_AGENT_STATE || f->kind == CORE_FIELD_SMALL
                   ? core_fields_number(o, f->key)
                   : 0;
    switch (f->kind) {
    case CORE_FIELD_COUNT: *(uint64_t *)p = v > 0 ? (uint64_t)v : 0; break;
    case CORE_FIELD_MS: *(int64_t *)p = (int64_t)v; break;
    case CORE_FIELD_EXACT: *(double *)p = got_exact(o, f->key); break;
    case CORE_FIELD_BOOL: *(bool *)p = v != 0; break;
    case CORE_FIELD_TEXT: {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, f->key));
        snprintf(p, f->size, "%s", s ? s : "");
        break;
    }
    case CORE_FIELD_CALL_STATUS:
        *(enum core_call_status *)p = v == 2   ? CORE_CALL_GONE
                                      : v != 0 ? CORE_CALL_CONNECTED
                                               : CORE_CALL_WAITING;
        break;
    case CORE_FIELD_SMALL: *(int *)p = v >= 0 && v <= 255 ? (int)v : 0; break;
    case CORE_FIELD_HASH: {
        const char *hex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, f->key));
        *(uint64_t *)p = hex ? strtoull(hex, NULL, 16) : 0;
        break;
    }
    case CORE_FIELD_AGENT_STATE:
        *(enum core_agent_state *)p =
            v >= 0 && v < CORE_AGENT_STATE_COUNT ? (enum core_agent_state)v : CORE_AGENT_LOGGED_OUT;
        break;
    case CORE_FIELD_QUEUE_LIST: break; // names of the state's queues: the loader finds them
    }
}

void
core_fields_get(const cJSON *o, void *obj, const struct core_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        get_one(o, obj, &f[i]);
}
