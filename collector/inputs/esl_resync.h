// SPDX-License-Identifier: MIT
// mod_callcenter's `callcenter_config` lists applied to the translation's state: the resync at
// every (re)connect, and a recorded stream's lists held until its first event dates them.
#ifndef COL_ESL_RESYNC_H
#define COL_ESL_RESYNC_H

#include "collector/ingest/ingest.h"
#include "collector/inputs/esl_callcenter.h"

#include <stddef.h>

// col_esl_cc_list applies one api/response body (changed in place) answering list (or, when
// ESL_LIST_UNKNOWN, the list its header row shows). A recorded stream's list before any event
// is held (cc->held) instead. Returns the list it was read as (ESL_LIST_UNKNOWN: not a list,
// e.g. `api status`'s reply).
enum col_esl_list col_esl_cc_list(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                                  enum col_esl_list list, char *body, size_t len);

// col_esl_cc_flush applies the lists held, dated cc->last_ts (the event after them, or now at
// the end of a recorded stream).
void col_esl_cc_flush(struct col_esl_cc *cc, struct col_ingest *in, const char *source);

#endif
