// SPDX-License-Identifier: MIT
// What each call has said already, for the hot keywords' once-per-call rule: a set of 64-bit
// hashes of "call\x1fword" with the minute each was last said, and the order they joined so a
// minute's sweep looks only at the oldest. 32 bytes an entry and no allocation of its own (the
// string-keyed map it replaced cost ~190 bytes and three allocations an entry: issue 16). Two
// different pairs share a hash with odds of about n²/2^65 (3e-10 at 100,000 pairs): that pair's
// word would go uncounted once.
#ifndef CORE_SEEN_SET_H
#define CORE_SEEN_SET_H

#include <stddef.h>
#include <stdint.h>

struct core_seen_slot {
    uint64_t hash; // 0: empty (a key hashing to 0 is stored as 1)
    int64_t last;  // the newest minute the pair was said
};

struct core_seen_queued {
    uint64_t hash;
    int64_t queued; // the minute it joined the queue (never decreasing along the queue)
};

struct core_seen_set {
    struct core_seen_slot *slots;
    size_t cap, len;                // cap a power of two (or 0), at most three quarters used
    struct core_seen_queued *queue; // a ring of cap entries: one per pair in the set
    size_t head;                    // the oldest in the ring; len of them follow it
};

void core_seen_init(struct core_seen_set *s);
void core_seen_fini(struct core_seen_set *s);

// core_seen_key hashes a call and a word (the word's first word_len bytes) into a key.
uint64_t core_seen_key(const char *call, const char *word, size_t word_len);
// core_seen_key_text hashes "call\x1fword" as one string (how checkpoints before hashes wrote it).
uint64_t core_seen_key_text(const char *text);

// core_seen_last gives the minute key was last said, or INT64_MIN when it is not in the set.
int64_t core_seen_last(const struct core_seen_set *s, uint64_t key);

// core_seen_note records key as said at minute (a pair not in the set joins the queue as
// queued at queue_minute). Returns 0, or CORE_E_NOMEM.
int core_seen_note(struct core_seen_set *s, uint64_t key, int64_t minute, int64_t queue_minute);

// core_seen_sweep forgets the pairs last said at forget_at or before. It looks only at the pairs
// that joined the queue by forget_at; one said since joins again at now_minute. Returns how many
// it looked at.
size_t core_seen_sweep(struct core_seen_set *s, int64_t forget_at, int64_t now_minute);

// core_seen_next walks the set: start *pos at 0; NULL at the end.
const struct core_seen_slot *core_seen_next(const struct core_seen_set *s, size_t *pos);

#endif
