// SPDX-License-Identifier: MIT
// Validation and rejection in one place, so every input counts and reports alike.
#include "collector/ingest.h"

#include "collector/journal.h"
#include "core/clock.h"
#include "core/event.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
col_ingest_reject(struct col_ingest *in, const char *source, long line, int code, const char *text,
                  const char *raw, size_t len)
{
    struct core_err err;
    core_err_clear(&err);
    snprintf(err.source, sizeof(err.source), "%s", source);
    err.line = line;
    core_err_set(&err, code, "%s", text);
    core_state_reject(in->state, code);
    col_rejects_add(in->rejects, &err, raw, len, in->wall_ms());
}

// raw (a JSON object, valid: it parsed) with "id": id as its first member. NULL: no memory.
static char *
with_event_id(const char *raw, size_t len, const char *id, size_t *out_len)
{
    cJSON *s = cJSON_CreateString(id);
    char *quoted = s ? cJSON_PrintUnformatted(s) : NULL;
    cJSON_Delete(s);
    const char *brace = memchr(raw, '{', len);
    size_t cap = len + (quoted ? strlen(quoted) : 0) + 8;
    char *out = quoted && brace ? malloc(cap) : NULL;
    if (out) {
        size_t head = (size_t)(brace - raw) + 1;
        int n = snprintf(out, cap, "%.*s\"id\":%s,", (int)head, raw, quoted);
        memcpy(out + n, raw + head, len - head);
        *out_len = (size_t)n + len - head;
        out[*out_len] = '\0';
    }
    cJSON_free(quoted);
    return out;
}

int
col_ingest_raw(struct col_ingest *in, const char *source, long line, const char *raw, size_t len)
{
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    int rc = core_event_parse(raw, len, &ev, &err);
    char *with_id = NULL;
    if (rc == 0 && ev.id[0] == '\0' && in->default_id && in->default_id[0]) {
        // The bus's message id stands in for the event's own: journaled with the event, so a
        // redelivery after a restart is still known as counted.
        snprintf(ev.id, sizeof(ev.id), "%s", in->default_id);
        with_id = with_event_id(raw, len, ev.id, &len);
        raw = with_id ? with_id : raw;
    }
    if (rc != 0) {
        snprintf(err.source, sizeof(err.source), "%s", source);
        err.line = line;
        core_state_reject(in->state, rc);
        col_rejects_add(in->rejects, &err, raw, len, in->wall_ms());
        return rc;
    }
    rc = core_state_check_event(in->state, &ev, &err);
    if (rc == CORE_E_DUPLICATE) {
        core_event_fini(&ev);
        free(with_id);
        return rc; // counted once already: not an error, not journaled again
    }
    if (rc != 0) {
        snprintf(err.source, sizeof(err.source), "%s", source);
        err.line = line;
        core_state_reject(in->state, rc);
        col_rejects_add(in->rejects, &err, raw, len, in->wall_ms());
        core_event_fini(&ev);
        free(with_id);
        return rc;
    }
    if (in->journal) {
        // Journaled before it changes the state: what was counted can always be counted again.
        const struct core_state *st = in->state;
        col_journal_append(in->journal, st->live_clock ? st->now_ms : ev.ts_ms,
                           core_clock_mono_ms(), source, line, in->offset, raw, len);
    }
    if (in->forward) // after the journal: the bus never has what the site could lose
        in->forward(in->forward_ctx, ev.id, source, line, in->offset, raw, len);
    rc = core_state_apply(in->state, &ev);
    core_event_fini(&ev);
    free(with_id);
    if (rc != 0)
        fprintf(stderr, "wb-collector: %s:%ld: out of memory applying the event\n", source, line);
    return 0;
}
