// SPDX-License-Identifier: MIT
// Validation and rejection in one place, so every input counts and reports alike.
#include "collector/ingest/ingest.h"

#include "collector/ingest/parse_ahead.h"
#include "collector/store/journal.h"
#include "core/clock.h"
#include "core/event.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The tally of source (found by name: inputs are few; a new one takes the next place).
static struct col_input_tally *
tally_of(struct col_ingest *in, const char *source)
{
    for (size_t i = 0; i < in->nsources; i++) {
        if (strcmp(in->sources[i].source, source) == 0)
            return &in->sources[i];
    }
    if (in->nsources == COL_INGEST_SOURCES)
        return &in->sources[COL_INGEST_SOURCES - 1];
    struct col_input_tally *t = &in->sources[in->nsources++];
    snprintf(t->source, sizeof(t->source), "%s", source);
    return t;
}

void
col_ingest_reject(struct col_ingest *in, const char *source, long line, int code, const char *text,
                  const char *raw, size_t len)
{
    if (in->ahead) // the lines before it first: the rejects file keeps the input's order
        col_parse_ahead_flush(in->ahead);
    tally_of(in, source)->rejected++;
    struct core_err err;
    core_err_clear(&err);
    snprintf(err.source, sizeof(err.source), "%s", source);
    err.line = line;
    core_err_set(&err, code, "%s", text);
    core_state_reject(in->state, code);
    col_rejects_add(in->rejects, &err, raw, len, in->wall_ms());
}

// Appends ,"key":value (value a JSON string) to out at *n, within cap.
static void
add_member(char *out, size_t cap, size_t *n, const char *key, const char *value)
{
    cJSON *v = cJSON_CreateString(value);
    char *quoted = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    if (quoted && *n < cap)
        *n += (size_t)snprintf(out + *n, cap - *n, "\"%s\":%s,", key, quoted);
    cJSON_free(quoted);
}

// raw (a JSON object, valid: it parsed) with "id" and "site" first (each NULL: not added), so
// the journal keeps what the bus told. NULL: no memory.
static char *
with_members(const char *raw, size_t len, const char *id, const char *site, size_t *out_len)
{
    const char *brace = memchr(raw, '{', len);
    size_t cap = len + 2 * (CORE_ID_MAX * 6 + 16) + 8, n;
    char *out = brace ? malloc(cap) : NULL;
    if (out == NULL)
        return NULL;
    size_t head = (size_t)(brace - raw) + 1;
    memcpy(out, raw, head);
    n = head;
    if (id)
        add_member(out, cap, &n, "id", id);
    if (site)
        add_member(out, cap, &n, "site", site);
    if (n + (len - head) + 1 > cap) {
        free(out);
        return NULL;
    }
    memcpy(out + n, raw + head, len - head);
    *out_len = n + len - head;
    out[*out_len] = '\0';
    return out;
}

static int ingest(struct col_ingest *in, const char *source, long line, int64_t offset,
                  const char *raw, size_t len, struct core_event *ev, int rc, struct core_err *err);

static void
tally(struct col_ingest *in, const char *source, int rc)
{
    struct col_input_tally *t = tally_of(in, source);
    if (rc == 0)
        t->accepted++;
    else if (rc == CORE_E_DUPLICATE)
        t->duplicates++;
    else
        t->rejected++;
}

int
col_ingest_raw(struct col_ingest *in, const char *source, long line, const char *raw, size_t len)
{
    if (in->ahead) { // parsed on the worker, applied at the next full batch or flush
        col_parse_ahead_add(in->ahead, source, line, in->offset, raw, len);
        return 0;
    }
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    int rc = core_event_parse(raw, len, &ev, &err);
    rc = ingest(in, source, line, in->offset, raw, len, &ev, rc, &err);
    tally(in, source, rc);
    return rc;
}

void
col_ingest_parsed(void *ctx, struct col_parsed *p)
{
    struct col_ingest *in = ctx;
    int rc = ingest(in, p->source, p->line, p->offset, p->raw, p->len, &p->ev, p->rc, &p->err);
    tally(in, p->source, rc);
}

// The rest of an event's way once parsed (rc: the parse's; offset: the line's in its file).
static int
ingest(struct col_ingest *in, const char *source, long line, int64_t offset, const char *raw,
       size_t len, struct core_event *ev, int rc, struct core_err *err)
{
    char *with_id = NULL;
    // The bus's message id stands in for the event's own, and its subject names the site:
    // journaled with the event, so a redelivery after a restart is still known as counted.
    bool add_id = rc == 0 && ev->id[0] == '\0' && in->default_id && in->default_id[0];
    bool add_site = rc == 0 && ev->site[0] == '\0' && in->default_site && in->default_site[0];
    if (add_id)
        snprintf(ev->id, sizeof(ev->id), "%s", in->default_id);
    if (add_site)
        snprintf(ev->site, sizeof(ev->site), "%s", in->default_site);
    if (add_id || add_site) {
        with_id = with_members(raw, len, add_id ? ev->id : NULL, add_site ? ev->site : NULL, &len);
        raw = with_id ? with_id : raw;
    }
    if (rc != 0) {
        snprintf(err->source, sizeof(err->source), "%s", source);
        err->line = line;
        core_state_reject(in->state, rc);
        col_rejects_add(in->rejects, err, raw, len, in->wall_ms());
        return rc;
    }
    rc = core_state_check_event(in->state, ev, err);
    if (rc == CORE_E_DUPLICATE) {
        core_event_fini(ev);
        free(with_id);
        return rc; // counted once already: not an error, not journaled again
    }
    if (rc != 0) {
        snprintf(err->source, sizeof(err->source), "%s", source);
        err->line = line;
        core_state_reject(in->state, rc);
        col_rejects_add(in->rejects, err, raw, len, in->wall_ms());
        core_event_fini(ev);
        free(with_id);
        return rc;
    }
    if (in->journal) {
        // Journaled before it changes the state: what was counted can always be counted again.
        const struct core_state *st = in->state;
        col_journal_append(in->journal, st->live_clock ? st->now_ms : ev->ts_ms,
                           core_clock_mono_ms(), source, line, offset, raw, len);
    }
    if (in->forward) // after the journal: the bus never has what the site could lose
        in->forward(in->forward_ctx, ev->id, source, line, offset, raw, len);
    rc = core_state_apply(in->state, ev);
    core_event_fini(ev);
    free(with_id);
    if (rc != 0)
        fprintf(stderr, "wb-collector: %s:%ld: out of memory applying the event\n", source, line);
    return 0;
}
