// SPDX-License-Identifier: MIT
// Words from free text (chat messages, transcripts, ticket subjects) for the hot keywords:
// Chinese segmented by friso (Debian libfriso, with its dictionary friso-dict, complex mode),
// English split on letters and lower-cased; stop words (two MIT lists shipped in data/text/)
// and the site's block list dropped; the site's dictionary of domain terms (product names,
// service numbers, 停电, 电费 …) kept whole. docs/keywords.md.
#ifndef COL_SEGMENT_H
#define COL_SEGMENT_H

#include "core/err.h"
#include "core/event.h"

#include <stddef.h>

struct col_segment;

struct col_segment_config {
    const char *friso_ini;    // friso's settings (data/text/friso.ini)
    const char *stopwords[4]; // stop-word files: a JSON array, or one word per line
    size_t nstopwords;
    const char *dictionary; // the site's terms, one per line (NULL: none)
    const char *blocklist;  // words never counted, one per line (NULL: none)
};

// col_segment_new loads friso and the word lists. NULL with err naming the file on failure.
struct col_segment *col_segment_new(const struct col_segment_config *cfg, struct core_err *err);

// col_segment_free frees s; NULL is a no-op.
void col_segment_free(struct col_segment *s);

// col_segment_words writes up to max words of text into words (in order, repeats kept) and
// returns how many. Its signature is core_state's segment hook (ctx is the col_segment).
size_t col_segment_words(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max);

// A second thread segments with a task of its own on s's dictionary and word lists (s must
// outlive it; neither changes them). NULL when out of memory. col_segment_task_words is
// col_segment_words for it (ctx is the task).
struct col_segment_task;
struct col_segment_task *col_segment_task_new(const struct col_segment *s);
void col_segment_task_free(struct col_segment_task *t);
size_t col_segment_task_words(void *ctx, const char *text, char (*words)[CORE_WORD_MAX],
                              size_t max);

#endif
