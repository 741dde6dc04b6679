// SPDX-License-Identifier: MIT
// Asterisk's queue_log (the pipe-separated file app_queue writes) turned into version-1 events.
// docs/queue_log.md maps every verb.
#ifndef COL_QUEUELOG_H
#define COL_QUEUELOG_H

#include "collector/ingest/ingest.h"
#include "core/map.h"

#include <stddef.h>
#include <stdint.h>

struct col_queuelog {
    struct core_map members; // agent -> struct ql_member * (queues it is in, last state)
    int64_t skip_before_ms;  // lines older than this are skipped (a first start reads today only)
    uint64_t lines, translated, ignored, skipped, malformed;
};

// col_queuelog_init / _fini: the adapter's memory of agents.
void col_queuelog_init(struct col_queuelog *q);
void col_queuelog_fini(struct col_queuelog *q);

// col_queuelog_line translates one queue_log line (source and line number for messages) and
// feeds the resulting events to in, each with an id derived from the line, so a line read twice
// (after a crash) counts once. A malformed line is rejected with its reason; a verb that carries
// nothing for the screens is ignored and counted. The offset in in->offset is given only to the
// line's last event, so a restart resumes after a line only once all of it was journaled.
void col_queuelog_line(struct col_queuelog *q, struct col_ingest *in, const char *source, long line,
                       const char *text, size_t len);

#endif
