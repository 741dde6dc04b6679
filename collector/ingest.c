// SPDX-License-Identifier: MIT
// Validation and rejection in one place, so every input counts and reports alike.
#include "collector/ingest.h"

#include "collector/journal.h"
#include "core/clock.h"
#include "core/event.h"

#include <stdio.h>
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

int
col_ingest_raw(struct col_ingest *in, const char *source, long line, const char *raw, size_t len)
{
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    int rc = core_event_parse(raw, len, &ev, &err);
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
        return rc; // counted once already: not an error, not journaled again
    }
    if (rc != 0) {
        snprintf(err.source, sizeof(err.source), "%s", source);
        err.line = line;
        core_state_reject(in->state, rc);
        col_rejects_add(in->rejects, &err, raw, len, in->wall_ms());
        core_event_fini(&ev);
        return rc;
    }
    if (in->journal) {
        // Journaled before it changes the state: what was counted can always be counted again.
        const struct core_state *st = in->state;
        col_journal_append(in->journal, st->live_clock ? st->now_ms : ev.ts_ms,
                           core_clock_mono_ms(), source, line, in->offset, raw, len);
    }
    rc = core_state_apply(in->state, &ev);
    core_event_fini(&ev);
    if (rc != 0)
        fprintf(stderr, "wb-collector: %s:%ld: out of memory applying the event\n", source, line);
    return 0;
}
