// SPDX-License-Identifier: MIT
// Hot keywords: counts of words over sliding windows (minute buckets), each word counted once
// per call (a talkative caller must not dominate; a message without a call counts on its own),
// with a trend against the window before. The words come from `keywords` events and from
// `text` events segmented by the collector (collector/enrich/segment.c). docs/keywords.md.
#ifndef CORE_KEYWORDS_H
#define CORE_KEYWORDS_H

#include "core/event.h"
#include "core/map.h"
#include "core/seen_set.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CORE_KW_WINDOWS_MAX 3
#define CORE_KW_WINDOW_MAX  240 // minutes: the longest window a site may ask for
#define CORE_KW_TOP_MAX     100

struct core_kw_config {
    int nwindows;
    int window_min[CORE_KW_WINDOWS_MAX]; // the first is the main one (the snapshot's keywords)
    int top_k;                           // words published per window
    bool keep_case;                      // count keys as given (region codes); else lower ASCII
};

enum core_trend { CORE_TREND_NEW, CORE_TREND_RISING, CORE_TREND_STEADY, CORE_TREND_FALLING };

struct core_kw_entry {
    char word[CORE_WORD_MAX];
    uint64_t count, previous; // in the window, and in the window before it
    enum core_trend trend;
};

struct core_kw_swept;

// Entries in the order they joined, so that a minute's sweep looks only at the oldest.
struct core_kw_queue {
    struct core_kw_swept *head, *tail;
};

struct core_keywords {
    struct core_kw_config cfg;
    int ring_len;              // minutes kept: twice the longest window (for the trend)
    int64_t minute;            // the newest minute counted (Unix minutes); 0 before the first word
    struct core_map words;     // word -> struct core_kw_word (ring of per-minute counts)
    struct core_seen_set seen; // call and word pairs counted already (core/seen_set.h)
    struct core_kw_queue words_queue;
    size_t swept; // entries the last advance looked at (those that joined a ring ago)
    bool dirty;   // counts changed since the last snapshot
};

// core_kw_config_default: windows 15 and 60 minutes, top 40.
void core_kw_config_default(struct core_kw_config *c);

// core_keywords_init / _fini.
void core_keywords_init(struct core_keywords *k, const struct core_kw_config *cfg);
void core_keywords_fini(struct core_keywords *k);

// core_keywords_count counts word (lower-cased if ASCII) at ts_ms for call ("" or NULL: a
// message of its own). Once per call and word over the longest window; too old for any window:
// ignored. Returns 1 counted, 0 not, or CORE_E_NOMEM.
int core_keywords_count(struct core_keywords *k, const char *word, const char *call, int64_t ts_ms);

// core_keywords_advance moves the windows on to now_ms (old minutes drop out).
void core_keywords_advance(struct core_keywords *k, int64_t now_ms);

// core_keywords_top fills out (room for max) with window w's words, most first; ties keep
// their order from the last call (so the list does not shuffle), then by word. Returns how
// many.
size_t core_keywords_top(struct core_keywords *k, int w, struct core_kw_entry *out, size_t max);

// core_keywords_window_count gives word's count in window w and in the window before it
// (0 and 0 when it was not said). No side effects (the published order is left alone).
void core_keywords_window_count(const struct core_keywords *k, int w, const char *word,
                                uint64_t *now, uint64_t *previous);

// core_keywords_scan calls fn for every word said in window w, with its counts now and in the
// window before.
void core_keywords_scan(const struct core_keywords *k, int w,
                        void (*fn)(void *ctx, const char *word, uint64_t now, uint64_t previous),
                        void *ctx);

// core_trend_name gives "new", "rising", "steady", "falling".
const char *core_trend_name(enum core_trend t);

// core_keywords_checkpoint / _restore save and load the counts and the once-per-call memory,
// so a restart counts nothing twice.
// _write_checkpoint writes the same JSON to f without a tree (0, or -1 when f failed).
cJSON *core_keywords_checkpoint(const struct core_keywords *k);
int core_keywords_write_checkpoint(const struct core_keywords *k, FILE *f);
int core_keywords_restore(struct core_keywords *k, const cJSON *cp);

#endif
