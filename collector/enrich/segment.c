// SPDX-License-Identifier: MIT
// Free text to keywords, with friso.
#include "collector/enrich/segment.h"

#include "core/file.h"
#include "core/map.h"
#include "core/phone_digits.h"
#include "core/utf8.h"

#include <cjson/cJSON.h>
#include <friso/friso.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_LIST_MAX ((size_t)8 << 20)

struct col_segment {
    friso_t friso;
    friso_config_t config;
    friso_task_t task;
    struct core_map stop;  // stop words and the block list: never counted
    struct core_map terms; // the site's dictionary: kept even when short
};

static char *
lower_ascii(char *s)
{
    for (char *p = s; *p; p++)
        *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    return s;
}

// Adds every word of a list file to m: a JSON array of strings, or one word per line
// ("#" starts a comment line). words, when not NULL, also gets each word added to friso's
// dictionary (the site's terms).
static int
load_words(struct col_segment *s, struct core_map *m, const char *path, bool dictionary,
           struct core_err *err)
{
    size_t len;
    char *buf = core_file_read(path, WORD_LIST_MAX, &len, err);
    if (buf == NULL)
        return err->code;
    cJSON *json = buf[0] == '[' ? cJSON_ParseWithLength(buf, len) : NULL;
    if (buf[0] == '[' && !cJSON_IsArray(json)) {
        free(buf);
        snprintf(err->source, sizeof(err->source), "%s", path);
        return core_err_set(err, CORE_E_PARSE, "starts like a JSON array but is not one");
    }
    int rc = 0;
    char *next = buf;
    const cJSON *item = json ? json->child : NULL;
    for (;;) {
        char *word;
        if (json) {
            if (item == NULL)
                break;
            word = cJSON_IsString(item) ? item->valuestring : NULL;
            item = item->next;
        } else {
            if (next == NULL)
                break;
            word = next;
            next = strchr(next, '\n');
            if (next)
                *next++ = '\0';
            word[strcspn(word, "\r")] = '\0';
        }
        if (word == NULL || word[0] == '\0' || word[0] == '#' || strlen(word) >= CORE_WORD_MAX ||
            !core_utf8_valid(word, strlen(word)))
            continue;
        char key[CORE_WORD_MAX];
        snprintf(key, sizeof(key), "%s", word);
        lower_ascii(key);
        if (core_map_get(m, key) == NULL && core_map_put(m, key, m) != 0) {
            rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
            break;
        }
        if (dictionary) // friso keeps the pointer: the copy lives as long as friso
            friso_dic_add(s->friso->dic, __LEX_CJK_WORDS__, strdup(key), NULL);
    }
    cJSON_Delete(json);
    free(buf);
    return rc;
}

struct col_segment *
col_segment_new(const struct col_segment_config *cfg, struct core_err *err)
{
    struct col_segment *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        core_err_set(err, CORE_E_NOMEM, "out of memory");
        return NULL;
    }
    core_map_init(&s->stop);
    core_map_init(&s->terms);
    s->friso = friso_new();
    s->config = friso_new_config();
    s->task = friso_new_task();
    if (s->friso == NULL || s->config == NULL || s->task == NULL ||
        friso_init_from_ifile(s->friso, s->config, (fstring)cfg->friso_ini) != 1) {
        snprintf(err->source, sizeof(err->source), "%s", cfg->friso_ini);
        core_err_set(err, CORE_E_IO,
                     "friso could not start (its settings or its dictionary in "
                     "/usr/share/friso/dict: install friso-dict)");
        col_segment_free(s);
        return NULL;
    }
    friso_set_mode(s->config, __FRISO_COMPLEX_MODE__);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < cfg->nstopwords; i++)
        rc = load_words(s, &s->stop, cfg->stopwords[i], false, err);
    if (rc == 0 && cfg->blocklist)
        rc = load_words(s, &s->stop, cfg->blocklist, false, err);
    if (rc == 0 && cfg->dictionary)
        rc = load_words(s, &s->terms, cfg->dictionary, true, err);
    if (rc != 0) {
        col_segment_free(s);
        return NULL;
    }
    return s;
}

void
col_segment_free(struct col_segment *s)
{
    if (s == NULL)
        return;
    if (s->task)
        friso_free_task(s->task);
    if (s->config)
        free(s->config);
    if (s->friso)
        friso_free(s->friso);
    core_map_fini(&s->stop);
    core_map_fini(&s->terms);
    free(s);
}

// A word worth counting: not a stop word, not punctuation or a bare number, not a single
// Chinese character or letter (they mean nothing alone) unless the site listed it.
static bool
worth_counting(const struct col_segment *s, const char *w)
{
    if (core_map_get(&s->terms, w))
        return true;
    if (core_map_get(&s->stop, w) || core_has_phone_number(w, strlen(w)))
        return false; // a stop word, or a caller's number ("tel13912345678")
    size_t chars = 0;
    bool letters = false, digits_only = true;
    for (const char *p = w; *p; p += core_utf8_next(p)) {
        unsigned char c = (unsigned char)*p;
        chars++;
        if (c >= 0x80 || (c >= 'a' && c <= 'z'))
            letters = true; // CJK (and other scripts), or a Latin letter
        if (!(c >= '0' && c <= '9'))
            digits_only = false;
    }
    if (digits_only || !letters)
        return false;
    unsigned char first = (unsigned char)w[0];
    if (first < 0x80)
        return chars >= 2; // English: two letters at least
    return chars >= 2;     // Chinese: two characters at least
}

static size_t
words_with(const struct col_segment *s, friso_task_t task, const char *text,
           char (*words)[CORE_WORD_MAX], size_t max)
{
    size_t n = 0;
    friso_set_text(task, (fstring)text);
    // To the end of the text even past max: friso frees the words it made up (Latin runs,
    // numbers with units) only as it hands them out, and the next text would drop those still
    // waiting in the task without freeing them (about 60 bytes an event, found by LeakSanitizer).
    while (s->config->next_token(s->friso, s->config, task) != NULL) {
        if (n == max)
            continue;
        // friso fills a fixed 64-byte buffer and leaves a token that long unterminated (found
        // by fuzzing): such a token is not a word anyone says; skip it.
        const char *raw = task->token->word;
        size_t len = strnlen(raw, sizeof(task->token->word));
        if (len >= CORE_WORD_MAX || len == sizeof(task->token->word))
            continue;
        char w[CORE_WORD_MAX];
        memcpy(w, raw, len);
        w[len] = '\0';
        lower_ascii(w);
        if (core_utf8_valid(w, len) && worth_counting(s, w))
            memcpy(words[n++], w, len + 1);
    }
    return n;
}

size_t
col_segment_words(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max)
{
    struct col_segment *s = ctx;
    return words_with(s, s->task, text, words, max);
}

// friso's dictionary and settings are only read while segmenting; what a text's segmentation
// changes is in its task, one per thread.
struct col_segment_task {
    const struct col_segment *s;
    friso_task_t task;
};

struct col_segment_task *
col_segment_task_new(const struct col_segment *s)
{
    struct col_segment_task *t = calloc(1, sizeof(*t));
    if (t == NULL || (t->task = friso_new_task()) == NULL) {
        free(t);
        return NULL;
    }
    t->s = s;
    return t;
}

void
col_segment_task_free(struct col_segment_task *t)
{
    if (t == NULL)
        return;
    friso_free_task(t->task);
    free(t);
}

size_t
col_segment_task_words(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max)
{
    struct col_segment_task *t = ctx;
    return words_with(t->s, t->task, text, words, max);
}
