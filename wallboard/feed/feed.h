// SPDX-License-Identifier: MIT
// The screen's link to the collector: a thread that subscribes to state messages, checks
// their sequence numbers, asks for a snapshot when it joins or sees a gap, and hands the
// messages over in order.
#ifndef WB_FEED_H
#define WB_FEED_H

#include "core/err.h"
#include "net/net.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wb_feed;

struct wb_feed_msg {
    cJSON *msg; // owned by whoever took it: free with cJSON_Delete()
    bool full;  // a snapshot (replaces the state) rather than a delta (merged into it)
};

struct wb_feed_stats {
    uint64_t received;                    // messages received on the subscription
    uint64_t gaps;                        // sequence gaps or collector restarts seen
    uint64_t resyncs;                     // snapshots fetched on request
    uint64_t snapshots_in_step;           // periodic snapshots of a state held already: dropped
    uint64_t bad;                         // messages that were not version-1 state JSON
    int64_t last_rx_ms;                   // monotonic time of the last message (0: none yet)
    uint64_t snapshot_bytes, delta_bytes; // received, snapshots (either way) and deltas
};

// wb_feed_start connects (and keeps reconnecting) to the collector's PUB and REP addresses
// and starts the thread. wake (may be NULL) is called from the thread whenever messages are
// waiting, e.g. to push an SDL event. Returns NULL with err filled on failure.
struct wb_feed *wb_feed_start(const char *pub_url, const char *rep_url,
                              const struct wb_net_security *sec, void (*wake)(void),
                              struct core_err *err);

// wb_feed_stop stops the thread and frees everything, untaken messages included.
void wb_feed_stop(struct wb_feed *f);

// wb_feed_take moves up to max waiting messages, oldest first, into out. Returns how many.
size_t wb_feed_take(struct wb_feed *f, struct wb_feed_msg *out, size_t max);

// wb_feed_wait blocks until a message waits or timeout_ms passes. Returns true if one waits.
bool wb_feed_wait(struct wb_feed *f, int timeout_ms);

// wb_feed_command queues a command (JSON text, see collector/command.h) for the collector's
// command socket; the feed thread sends it within a poll (0.2 s). Its answer arrives through
// wb_feed_take_reply, and the wake callback runs. Returns 0, or CORE_E_NOMEM / CORE_E_INVALID
// (more than a few commands already waiting).
int wb_feed_command(struct wb_feed *f, const char *json);

// wb_feed_take_reply returns the oldest reply (free with cJSON_Delete), or NULL. A command the
// collector did not answer in time gets {"ok": false, "cmd": …, "error": "no answer …"}.
cJSON *wb_feed_take_reply(struct wb_feed *f);

// wb_feed_fetch_snapshot asks the collector at rep_url for a snapshot and waits up to
// timeout_ms. Returns it (cJSON_Delete), or NULL with err saying why.
cJSON *wb_feed_fetch_snapshot(const char *rep_url, const struct wb_net_security *sec,
                              int timeout_ms, struct core_err *err);

// wb_feed_get_stats copies the counters.
void wb_feed_get_stats(struct wb_feed *f, struct wb_feed_stats *out);

#endif
