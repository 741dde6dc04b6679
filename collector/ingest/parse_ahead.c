// SPDX-License-Identifier: MIT
// Parsing ahead: two batches, one filled by the main thread while the other is parsed. The
// lines of a submitted batch are claimed one at a time by whichever thread gets there first:
// the worker from the moment it is submitted, the main thread when it comes to apply a line
// not parsed yet (so neither waits on the other for long, whichever is the faster).
#include "collector/ingest/parse_ahead.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CLOSED ((size_t)-1) // a batch's next while it is filled or applied: nothing to claim

struct batch {
    struct col_parsed lines[COL_AHEAD_BATCH];
    size_t at[COL_AHEAD_BATCH];        // where each line's bytes start in text
    atomic_bool done[COL_AHEAD_BATCH]; // parsed (by either thread)
    atomic_size_t next;                // the next line to claim, or CLOSED
    _Atomic size_t n;                  // lines in it (set before it is submitted)
    char *text;                        // the lines' bytes, one after another (each NUL-ended)
    size_t text_len, text_cap;
};

struct col_parse_ahead {
    size_t (*segment)(void *, const char *, char (*)[CORE_WORD_MAX], size_t);
    void *segment_ctx;
    void (*apply)(void *, struct col_parsed *);
    void *apply_ctx;
    struct batch batch[2];
    int filling;      // the batch the main thread adds to
    bool outstanding; // the other one was submitted and is not applied yet
    pthread_t worker;
    pthread_mutex_t mu;
    pthread_cond_t wake; // the worker: a batch was submitted, or stop
    bool stop;           // under mu
};

// Takes the next unclaimed line of b, or returns false when none is left.
static bool
claim(struct batch *b, size_t *i)
{
    size_t j = atomic_load(&b->next);
    while (j != CLOSED && j < atomic_load(&b->n)) {
        if (atomic_compare_exchange_weak(&b->next, &j, j + 1)) {
            *i = j;
            // A claim read before the batch was applied and filled again is void if it now
            // lies past the end (a flushed batch is shorter).
            return j < atomic_load(&b->n);
        }
    }
    return false;
}

// Parses p's line; segment: the worker's (its own friso task), NULL on the main thread, which
// leaves a text to the state's hook.
static void
parse(struct col_parsed *p,
      size_t (*segment)(void *, const char *, char (*)[CORE_WORD_MAX], size_t), void *ctx)
{
    core_err_clear(&p->err);
    p->rc = core_event_parse(p->raw, p->len, &p->ev, &p->err);
    if (p->rc == 0 && p->ev.type == CORE_EV_TEXT && p->ev.text && segment) {
        p->ev.nwords = segment(ctx, p->ev.text, p->ev.words, CORE_WORDS_MAX);
        p->ev.segmented = true;
    }
}

static void
parse_line(struct batch *b, size_t i,
           size_t (*segment)(void *, const char *, char (*)[CORE_WORD_MAX], size_t), void *ctx)
{
    struct col_parsed *p = &b->lines[i];
    p->raw = b->text + b->at[i]; // text may have moved while the batch filled
    parse(p, segment, ctx);
    atomic_store_explicit(&b->done[i], true, memory_order_release);
}

static void *
work(void *arg)
{
    struct col_parse_ahead *a = arg;
    for (;;) {
        size_t i;
        bool any = false;
        for (int k = 0; k < 2; k++) {
            struct batch *b = &a->batch[k];
            while (claim(b, &i)) {
                parse_line(b, i, a->segment, a->segment_ctx);
                any = true;
            }
        }
        if (any)
            continue;
        pthread_mutex_lock(&a->mu);
        // Submitting takes the mutex, so a batch submitted since the look above is seen here.
        bool claimable = false;
        for (int k = 0; k < 2; k++) {
            size_t next = atomic_load(&a->batch[k].next);
            claimable |= next != CLOSED && next < atomic_load(&a->batch[k].n);
        }
        if (!claimable && !a->stop)
            pthread_cond_wait(&a->wake, &a->mu);
        bool stop = a->stop && !claimable;
        pthread_mutex_unlock(&a->mu);
        if (stop)
            return NULL;
    }
}

struct col_parse_ahead *
col_parse_ahead_new(size_t (*segment)(void *, const char *, char (*)[CORE_WORD_MAX], size_t),
                    void *segment_ctx, void (*apply)(void *, struct col_parsed *), void *apply_ctx)
{
    struct col_parse_ahead *a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->segment = segment;
    a->segment_ctx = segment_ctx;
    a->apply = apply;
    a->apply_ctx = apply_ctx;
    for (int k = 0; k < 2; k++)
        atomic_store(&a->batch[k].next, CLOSED);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->wake, NULL);
    if (pthread_create(&a->worker, NULL, work, a) != 0) {
        pthread_mutex_destroy(&a->mu);
        pthread_cond_destroy(&a->wake);
        free(a);
        return NULL;
    }
    return a;
}

static void
submit(struct col_parse_ahead *a, struct batch *b)
{
    pthread_mutex_lock(&a->mu);
    atomic_store(&b->next, 0);
    pthread_cond_signal(&a->wake);
    pthread_mutex_unlock(&a->mu);
}

// Applies b's lines in order, parsing those nobody has claimed yet; waits (briefly: the worker
// is parsing it) for a line the worker holds.
static void
apply_batch(struct col_parse_ahead *a, struct batch *b)
{
    size_t n = atomic_load(&b->n);
    for (size_t i = 0; i < n; i++) {
        for (unsigned spins = 0; !atomic_load_explicit(&b->done[i], memory_order_acquire);) {
            size_t j;
            if (claim(b, &j))
                parse_line(b, j, NULL, NULL);
            else if (++spins % 64 == 0)
                sched_yield();
        }
        a->apply(a->apply_ctx, &b->lines[i]);
    }
    atomic_store(&b->next, CLOSED);
    for (size_t i = 0; i < n; i++)
        atomic_store_explicit(&b->done[i], false, memory_order_relaxed);
    atomic_store(&b->n, 0);
    b->text_len = 0;
}

// A full (or flushed) batch goes to be parsed; the one before it is applied meanwhile.
static void
turn(struct col_parse_ahead *a)
{
    struct batch *b = &a->batch[a->filling];
    submit(a, b);
    a->filling = !a->filling;
    if (a->outstanding)
        apply_batch(a, &a->batch[a->filling]);
    a->outstanding = true;
}

void
col_parse_ahead_add(struct col_parse_ahead *a, const char *source, long line, int64_t offset,
                    const char *raw, size_t len)
{
    struct batch *b = &a->batch[a->filling];
    if (b->text_len + len + 1 > b->text_cap) {
        size_t cap = b->text_cap ? b->text_cap : 64 * 1024;
        while (cap < b->text_len + len + 1)
            cap *= 2;
        char *text = realloc(b->text, cap);
        if (text == NULL) { // no room to copy it: apply what came before, then this line alone
            col_parse_ahead_flush(a);
            struct col_parsed p = {
                .source = source, .line = line, .offset = offset, .raw = raw, .len = len};
            parse(&p, NULL, NULL);
            a->apply(a->apply_ctx, &p);
            return;
        }
        b->text = text;
        b->text_cap = cap;
    }
    memcpy(b->text + b->text_len, raw, len);
    b->text[b->text_len + len] = '\0';
    size_t n = atomic_load(&b->n);
    b->at[n] = b->text_len;
    struct col_parsed *p = &b->lines[n]; // field by field: the event is 10 KB, parsed later
    p->source = source;
    p->line = line;
    p->offset = offset;
    p->len = len;
    b->text_len += len + 1;
    atomic_store(&b->n, n + 1);
    if (n + 1 == COL_AHEAD_BATCH)
        turn(a);
}

void
col_parse_ahead_flush(struct col_parse_ahead *a)
{
    if (atomic_load(&a->batch[a->filling].n) > 0)
        turn(a);
    if (a->outstanding)
        apply_batch(a, &a->batch[!a->filling]);
    a->outstanding = false;
}

void
col_parse_ahead_free(struct col_parse_ahead *a)
{
    if (a == NULL)
        return;
    col_parse_ahead_flush(a);
    pthread_mutex_lock(&a->mu);
    a->stop = true;
    pthread_cond_signal(&a->wake);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->worker, NULL);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->wake);
    for (int i = 0; i < 2; i++)
        free(a->batch[i].text);
    free(a);
}
