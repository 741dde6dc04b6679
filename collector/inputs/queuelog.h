// SPDX-License-Identifier: MIT
// Asterisk's queue_log (the pipe-separated file app_queue writes) turned into version-1 events.
// docs/queue_log.md maps every verb, with the field positions app_queue.c writes.
#ifndef COL_QUEUELOG_H
#define COL_QUEUELOG_H

#include "collector/ingest/ingest.h"
#include "core/err.h"
#include "core/map.h"

#include <stddef.h>
#include <stdint.h>

struct col_queuelog {
    struct core_map members; // agent -> struct col_member * (queues, presence, pause, call)
    struct core_map aliases; // an interface or member name -> the member id it is (one person)
    struct core_map wrapup;  // queue -> int * seconds of wrap-up after a call (--wrapup-seconds)
    int64_t skip_before_ms;  // lines older than this are skipped (a first start reads today only)
    uint64_t lines, translated, ignored, skipped, malformed, paired;
};

// col_queuelog_init / _fini: the adapter's memory of agents.
void col_queuelog_init(struct col_queuelog *q);
void col_queuelog_fini(struct col_queuelog *q);

// col_queuelog_member_map reads a JSON object {"interface": "member name", ...} (--member-map):
// lines naming either are the same member, called by its name. 0, or an error in err.
int col_queuelog_member_map(struct col_queuelog *q, const char *path, struct core_err *err);

// col_queuelog_set_wrapup gives queue a wrap-up of seconds after each call (Asterisk's
// wrapuptime, which queue_log does not record). 0 or CORE_E_NOMEM.
int col_queuelog_set_wrapup(struct col_queuelog *q, const char *queue, int seconds);

// col_queuelog_line translates one queue_log line (source and line number for messages) and
// feeds the resulting events to in, each with an id derived from the line, so a line read twice
// (after a crash) counts once. A malformed line is rejected with its reason; a verb that carries
// nothing for the screens is ignored and counted. The offset in in->offset is given only to the
// line's last event, so a restart resumes after a line only once all of it was journaled.
void col_queuelog_line(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
                       const char *text, size_t len);

#endif
