// SPDX-License-Identifier: MIT
// The published state message (version 1): a full snapshot or a delta, as JSON.
// docs/snapshot.md describes it field by field.
#ifndef CORE_SNAPSHOT_H
#define CORE_SNAPSHOT_H

#include "core/state.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#define CORE_SNAPSHOT_VERSION 1

// core_snapshot_build returns a new message describing st: everything when full is true,
// otherwise a delta holding only what changed since core_state_clear_dirty() (plus the clock
// and the queues with calls waiting, whose longest wait grows). A delta is an RFC 7386 merge
// patch over the previous message. run_id names the collector's run; seq numbers the message.
// Calls core_state_refresh(). Caller owns the result: free with cJSON_Delete(). NULL when
// out of memory.
cJSON *core_snapshot_build(struct core_state *st, bool full, uint64_t run_id, uint64_t seq);

// core_snapshot_next is core_snapshot_build for the stream the screens follow: it remembers
// what they hold (st->published) and trims each delta to what differs from it, member by
// member (a queue's figures that moved, not the whole queue; teams whose counts changed, not
// all teams). Only the stream may use it: a snapshot sent elsewhere (on request) must not
// change what the stream's deltas are measured against. Same ownership and errors.
cJSON *core_snapshot_next(struct core_state *st, bool full, uint64_t run_id, uint64_t seq);

// core_snapshot_next_text is core_snapshot_next printed (free with cJSON_free); NULL when out
// of memory.
char *core_snapshot_next_text(struct core_state *st, bool full, uint64_t run_id, uint64_t seq);

// core_snapshot_held_text prints what the stream's screens hold (st->published) as a snapshot
// with the given header: the stream's periodic snapshot, sent after the delta it follows and
// with that delta's seq, so a screen in step can drop it unread. The agents come from texts
// kept as each changed, so this costs a copy, not a print of every agent (30 ms at 10,000).
// The unit tests hold that it is the state. NULL when nothing is held yet or out of memory.
char *core_snapshot_held_text(struct core_state *st, uint64_t run_id, uint64_t seq);

// core_snapshot_peek_held reads run and seq from the start of a snapshot as
// core_snapshot_held_text writes it, without parsing the rest: a screen in step drops it by
// them. False for any other start (the message is then parsed as usual).
bool core_snapshot_peek_held(const char *text, size_t len, uint64_t *run_id, uint64_t *seq);

// core_counters_json returns the collector's counters as published ("collector"): accepted,
// rejected, unmatched, duplicates, and rejected_by reason name. Caller owns it; NULL when out of
// memory.
cJSON *core_counters_json(const struct core_counters *c);

// core_snapshot_intervals returns the day's curve of one scope's windows w (a queue's, a
// team's, the site's), as the command socket sends it to a screen that joins: the intervals of
// yesterday and today so far, oldest first, each as a window is published (start, end, counts,
// figures; the current one in progress, the intervals with nothing in them left out), with the
// interval's length and where today and yesterday start. NULL when out of memory.
cJSON *core_snapshot_intervals(const struct core_state *st, const struct core_windows *w);

// core_snapshot_print builds a full snapshot and returns it as compact (or indented) JSON text.
// Caller frees the text with cJSON_free(). NULL when out of memory.
char *core_snapshot_print(struct core_state *st, uint64_t run_id, uint64_t seq, bool pretty);

#endif
