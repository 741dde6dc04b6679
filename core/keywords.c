// SPDX-License-Identifier: MIT
// Hot keywords over sliding windows.
#include "core/keywords.h"

#include "core/err.h"
#include "core/json_write.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// What the words' sweep queue holds. The queue is in the order words joined it, so a minute's
// sweep looks only at those that joined a ring ago.
struct core_kw_swept {
    int64_t queued;             // k->minute when the entry joined the queue (never decreasing)
    int64_t last;               // the newest minute the word was counted
    struct core_kw_swept *next; // the next to join after it
    const char *key;            // the map's own copy of the entry's key
};

struct core_kw_word {
    struct core_kw_swept swept; // first: the queue hands back words
    int rank;                   // position in the last published main list (INT_MAX: not in it)
    uint32_t ring[];            // counts per minute: minute m at ring[m % ring_len]; slots after
                                // swept.last are stale
};

void
core_kw_config_default(struct core_kw_config *c)
{
    memset(c, 0, sizeof(*c));
    c->nwindows = 2;
    c->window_min[0] = 15;
    c->window_min[1] = 60;
    c->top_k = 40; // enough for a word cloud
}

void
core_keywords_init(struct core_keywords *k, const struct core_kw_config *cfg)
{
    memset(k, 0, sizeof(*k));
    k->cfg = *cfg;
    int longest = 1;
    for (int i = 0; i < cfg->nwindows; i++)
        longest = cfg->window_min[i] > longest ? cfg->window_min[i] : longest;
    k->ring_len = 2 * longest;
    core_map_init(&k->words);
    core_seen_init(&k->seen);
}

void
core_keywords_fini(struct core_keywords *k)
{
    core_map_free_values(&k->words);
    core_seen_fini(&k->seen);
    k->words_queue = (struct core_kw_queue){0};
}

const char *
core_trend_name(enum core_trend t)
{
    static const char *const names[] = {"new", "rising", "steady", "falling"};
    return (unsigned)t < 4 ? names[t] : "steady";
}

static void
enqueue(struct core_kw_queue *q, struct core_kw_swept *e, int64_t minute)
{
    e->queued = minute;
    e->next = NULL;
    if (q->tail)
        q->tail->next = e;
    else
        q->head = e;
    q->tail = e;
}

static struct core_kw_swept *
dequeue(struct core_kw_queue *q)
{
    struct core_kw_swept *e = q->head;
    q->head = e->next;
    if (q->head == NULL)
        q->tail = NULL;
    return e;
}

// Adds a zeroed entry of size bytes under key and puts it at the end of its sweep queue.
static void *
add_entry(struct core_keywords *k, struct core_map *m, struct core_kw_queue *q, const char *key,
          size_t size)
{
    struct core_kw_swept *e = calloc(1, size);
    if (e == NULL || core_map_put(m, key, e) != 0) {
        free(e);
        return NULL;
    }
    e->key = core_map_stored_key(m, key);
    enqueue(q, e, k->minute);
    return e;
}

static void
remove_entry(struct core_map *m, struct core_kw_swept *e)
{
    char key[CORE_ID_MAX + CORE_WORD_MAX + 2];
    snprintf(key, sizeof(key), "%s", e->key); // the map frees its copy while it looks
    core_map_del(m, key);
    free(e);
}

static bool
word_is_dead(const struct core_keywords *k, const struct core_kw_word *w)
{
    return w->swept.last <= k->minute - k->ring_len; // every slot of its ring is stale
}

static struct core_kw_word *
word_of(struct core_keywords *k, const char *word)
{
    struct core_kw_word *w = core_map_get(&k->words, word);
    if (w)
        return w;
    w = add_entry(k, &k->words, &k->words_queue, word,
                  sizeof(*w) + (size_t)k->ring_len * sizeof(uint32_t));
    if (w)
        w->rank = INT_MAX;
    return w;
}

// Forgets the entries of q last used at forget_at or before. Only those that joined q by then
// are looked at; one used since joins again at the end.
static void
sweep_queue(struct core_keywords *k, struct core_map *m, struct core_kw_queue *q, int64_t forget_at)
{
    while (q->head && q->head->queued <= forget_at) {
        struct core_kw_swept *e = dequeue(q);
        k->swept++;
        if (e->last <= forget_at)
            remove_entry(m, e);
        else
            enqueue(q, e, k->minute);
    }
}

// Forgets what left the ring: words with nothing counted in it, calls remembered a window.
static void
sweep(struct core_keywords *k)
{
    k->swept = 0;
    sweep_queue(k, &k->words, &k->words_queue, k->minute - k->ring_len);
    k->swept += core_seen_sweep(&k->seen, k->minute - k->ring_len / 2, k->minute);
}

void
core_keywords_advance(struct core_keywords *k, int64_t now_ms)
{
    int64_t m = now_ms / 60000;
    if (k->minute == 0) {
        k->minute = m;
        return;
    }
    if (m <= k->minute)
        return;
    k->minute = m;
    k->dirty = true; // counts leave the windows
    sweep(k);
}

// Once per call: true when call said the word within the longest window (else it is
// remembered).
static int
said_already(struct core_keywords *k, const char *call, const char *word, size_t word_len,
             int64_t m)
{
    uint64_t key = core_seen_key(call, word, word_len);
    if (core_seen_last(&k->seen, key) > k->minute - k->ring_len / 2)
        return 1;
    // One that has expired but not yet been swept is used again.
    return core_seen_note(&k->seen, key, m, k->minute);
}

int
core_keywords_count(struct core_keywords *k, const char *word, const char *call, int64_t ts_ms)
{
    char lower[CORE_WORD_MAX];
    size_t n = 0;
    for (const char *p = word; *p && n + 1 < sizeof(lower); p++)
        lower[n++] = (*p >= 'A' && *p <= 'Z' && !k->cfg.keep_case) ? (char)(*p - 'A' + 'a') : *p;
    lower[n] = '\0';
    if (n == 0)
        return 0;
    core_keywords_advance(k, ts_ms);
    int64_t m = ts_ms / 60000;
    if (m <= k->minute - k->ring_len / 2)
        return 0; // older than the longest window
    if (call && call[0]) {
        int rc = said_already(k, call, lower, n, m);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    struct core_kw_word *w = word_of(k, lower);
    if (w == NULL)
        return CORE_E_NOMEM;
    if (word_is_dead(k, w)) { // as if new: it had left every window
        memset(w->ring, 0, (size_t)k->ring_len * sizeof(uint32_t));
        w->rank = INT_MAX;
        w->swept.last = m;
    }
    for (int64_t at = w->swept.last + 1; at <= m && at <= w->swept.last + k->ring_len; at++)
        w->ring[at % k->ring_len] = 0; // the minutes since its last count were silent
    if (m > w->swept.last)
        w->swept.last = m;
    w->ring[m % k->ring_len]++;
    k->dirty = true;
    return 1;
}

static uint64_t
sum(const struct core_keywords *k, const struct core_kw_word *w, int64_t from, int64_t to)
{
    uint64_t total = 0;
    if (to > w->swept.last)
        to = w->swept.last; // slots after its last count hold a ring's age
    for (int64_t m = from; m <= to; m++)
        total += w->ring[((m % k->ring_len) + k->ring_len) % k->ring_len];
    return total;
}

// A word is rising when it is half again as frequent as in the window before (and by at
// least 3, so that 1 → 2 is not news), falling at two thirds or less.
static enum core_trend
trend_of(uint64_t now, uint64_t before)
{
    if (before == 0)
        return CORE_TREND_NEW;
    if (now * 2 >= before * 3 && now >= before + 3)
        return CORE_TREND_RISING;
    if (now * 3 <= before * 2 && before >= now + 3)
        return CORE_TREND_FALLING;
    return CORE_TREND_STEADY;
}

void
core_keywords_window_count(const struct core_keywords *k, int w, const char *word, uint64_t *now,
                           uint64_t *previous)
{
    *now = *previous = 0;
    const struct core_kw_word *cw = core_map_get(&k->words, word);
    if (cw == NULL || w < 0 || w >= k->cfg.nwindows)
        return;
    int len = k->cfg.window_min[w];
    *now = sum(k, cw, k->minute - len + 1, k->minute);
    *previous = sum(k, cw, k->minute - 2 * len + 1, k->minute - len);
}

void
core_keywords_scan(const struct core_keywords *k, int w,
                   void (*fn)(void *ctx, const char *word, uint64_t now, uint64_t previous),
                   void *ctx)
{
    if (w < 0 || w >= k->cfg.nwindows)
        return;
    int len = k->cfg.window_min[w];
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&k->words, &pos)) != NULL) {
        uint64_t now = sum(k, s->value, k->minute - len + 1, k->minute);
        if (now > 0)
            fn(ctx, s->key, now, sum(k, s->value, k->minute - 2 * len + 1, k->minute - len));
    }
}

struct ranked {
    struct core_kw_entry e;
    int rank;
};

static int
by_count(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->e.count != b->e.count)
        return a->e.count > b->e.count ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->e.word, b->e.word);
}

size_t
core_keywords_top(struct core_keywords *k, int w, struct core_kw_entry *out, size_t max)
{
    if (w < 0 || w >= k->cfg.nwindows || k->words.len == 0)
        return 0;
    int len = k->cfg.window_min[w];
    struct ranked *all = malloc(k->words.len * sizeof(*all));
    if (all == NULL)
        return 0;
    size_t n = 0, pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&k->words, &pos)) != NULL) {
        const struct core_kw_word *word = s->value;
        uint64_t now = sum(k, word, k->minute - len + 1, k->minute);
        if (now == 0)
            continue;
        struct ranked *r = &all[n++];
        snprintf(r->e.word, sizeof(r->e.word), "%s", s->key);
        r->e.count = now;
        r->e.previous = sum(k, word, k->minute - 2 * len + 1, k->minute - len);
        r->e.trend = trend_of(now, r->e.previous);
        r->rank = word->rank;
    }
    qsort(all, n, sizeof(*all), by_count);
    size_t shown = n < max ? n : max;
    for (size_t i = 0; i < shown; i++)
        out[i] = all[i].e;
    if (w == 0) { // remember the main list's order for the next ties
        for (size_t i = 0; i < n; i++) {
            struct core_kw_word *word = core_map_get(&k->words, all[i].e.word);
            if (word)
                word->rank = i < shown ? (int)i : INT_MAX;
        }
    }
    free(all);
    return shown;
}

int
core_keywords_write_checkpoint(const struct core_keywords *k, FILE *f)
{
    // {"minute":M,"words":{"word":[minute,count,...],...},"ranks":{"word":rank,...},
    //  "seen":{"#hash of call\x1fword":minute,...}}
    bool ok = fprintf(f, "{\"minute\":%lld,\"words\":{", (long long)k->minute) >= 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    const char *comma = "";
    while (ok && (s = core_map_next(&k->words, &pos)) != NULL) {
        const struct core_kw_word *w = s->value;
        ok = fputs(comma, f) >= 0 && core_json_write_string(f, s->key) && fputs(":[", f) >= 0;
        const char *sep = "";
        for (int64_t m = k->minute - k->ring_len + 1; ok && m <= k->minute && m <= w->swept.last;
             m++) {
            uint32_t c = w->ring[((m % k->ring_len) + k->ring_len) % k->ring_len];
            if (c != 0) {
                ok = fprintf(f, "%s%lld,%u", sep, (long long)m, c) >= 0;
                sep = ",";
            }
        }
        ok = ok && fputc(']', f) != EOF;
        comma = ",";
    }
    // The main list's order: ties keep it across a restart, as they do between publishes.
    ok = ok && fputs("},\"ranks\":{", f) >= 0;
    pos = 0;
    comma = "";
    while (ok && (s = core_map_next(&k->words, &pos)) != NULL) {
        const struct core_kw_word *w = s->value;
        if (w->rank == INT_MAX)
            continue;
        ok = fputs(comma, f) >= 0 && core_json_write_string(f, s->key) &&
             fprintf(f, ":%d", w->rank) >= 0;
        comma = ",";
    }
    // The calls that said each word already: without them a restart would count them again.
    ok = ok && fputs("},\"seen\":{", f) >= 0;
    pos = 0;
    comma = "";
    const struct core_seen_slot *seen;
    while (ok && (seen = core_seen_next(&k->seen, &pos)) != NULL) {
        ok = fprintf(f, "%s\"#%016llx\":%lld", comma, (unsigned long long)seen->hash,
                     (long long)seen->last) >= 0;
        comma = ",";
    }
    return ok && fputs("}}", f) >= 0 ? 0 : -1;
}

static int
core_keywords_write_checkpoint_any(const void *obj, FILE *f)
{
    return core_keywords_write_checkpoint(obj, f);
}

cJSON *
core_keywords_checkpoint(const struct core_keywords *k)
{
    return core_json_tree_of(core_keywords_write_checkpoint_any, k);
}

// A checkpoint's "seen" key: "#" and the pair's hash in hex, or (written before hashes)
// "call\x1fword" itself.
static uint64_t
seen_key_of(const char *text)
{
    char *end;
    if (text[0] == '#' && strlen(text) == 17 && strchr(text, '\x1f') == NULL) {
        uint64_t h = strtoull(text + 1, &end, 16);
        if (*end == '\0')
            return h;
    }
    return core_seen_key_text(text);
}

int
core_keywords_restore(struct core_keywords *k, const cJSON *cp)
{
    const cJSON *minute = cJSON_GetObjectItemCaseSensitive(cp, "minute");
    if (!cJSON_IsNumber(minute) || minute->valuedouble < 0 || minute->valuedouble > 1e12)
        return 0;
    k->minute = (int64_t)minute->valuedouble;
    const cJSON *word;
    cJSON_ArrayForEach(word, cJSON_GetObjectItemCaseSensitive(cp, "words"))
    {
        if (word->string == NULL || strlen(word->string) >= CORE_WORD_MAX)
            continue;
        struct core_kw_word *w = word_of(k, word->string);
        if (w == NULL)
            return CORE_E_NOMEM;
        int n = cJSON_GetArraySize(word);
        for (int i = 0; i + 1 < n; i += 2) {
            const cJSON *m = cJSON_GetArrayItem(word, i), *c = cJSON_GetArrayItem(word, i + 1);
            if (!cJSON_IsNumber(m) || !cJSON_IsNumber(c) || c->valuedouble < 0 ||
                c->valuedouble > 4e9)
                continue;
            int64_t at = (int64_t)m->valuedouble;
            if (at > k->minute || at <= k->minute - k->ring_len)
                continue;
            w->ring[at % k->ring_len] = (uint32_t)c->valuedouble;
            if (at > w->swept.last)
                w->swept.last = at;
        }
    }
    const cJSON *rank;
    cJSON_ArrayForEach(rank, cJSON_GetObjectItemCaseSensitive(cp, "ranks"))
    {
        struct core_kw_word *w = rank->string ? core_map_get(&k->words, rank->string) : NULL;
        if (w && cJSON_IsNumber(rank) && rank->valuedouble >= 0 && rank->valuedouble < INT_MAX)
            w->rank = (int)rank->valuedouble;
    }
    const cJSON *seen;
    cJSON_ArrayForEach(seen, cJSON_GetObjectItemCaseSensitive(cp, "seen"))
    {
        if (seen->string == NULL || !cJSON_IsNumber(seen) || seen->valuedouble < 0 ||
            seen->valuedouble > 1e12)
            continue;
        if (core_seen_note(&k->seen, seen_key_of(seen->string), (int64_t)seen->valuedouble,
                           k->minute) != 0)
            return CORE_E_NOMEM;
    }
    k->dirty = true;
    return 0;
}
