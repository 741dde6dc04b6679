// SPDX-License-Identifier: MIT
// The front door of a FreeSWITCH stream, recorded or live: each frame to its translation by its
// Content-Type, events to esl_callcenter.c, api responses (lists) to esl_resync.c.
#ifndef COL_ESL_FRAMES_H
#define COL_ESL_FRAMES_H

#include "collector/ingest/ingest.h"
#include "collector/inputs/esl.h"
#include "collector/inputs/esl_callcenter.h"

#include <stdbool.h>

// col_esl_cc_frame hands one frame on: an event (after the lists held before it, dated by it),
// or an api response (list ESL_LIST_UNKNOWN: its header row says which); other frames are
// counted as ignored. Returns true when the frame was an event or a list.
bool col_esl_cc_frame(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                      struct col_esl_frame *f);

#endif
