// SPDX-License-Identifier: MIT
// Journal files: DIR/journal-YYYY-MM-DD.jsonl, one line per accepted event:
//   {"src":"events.jsonl","line":12,"off":4096,"ev":{...the event as received...}}
#include "collector/journal.h"

#include "collector/ingest.h"
#include "core/localtime.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
day_of(int64_t t_ms, char *buf, size_t size)
{
    time_t t = (time_t)(t_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

static bool
is_journal_name(const char *name)
{
    return strncmp(name, "journal-", 8) == 0 && strlen(name) == 8 + 10 + 6 &&
           strcmp(name + 18, ".jsonl") == 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

// Lists the journal files in dir, oldest first. Caller frees each name and the array.
static size_t
list_journals(const char *dir, char ***out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_journal_name(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(*out, cap * sizeof(char *));
            if (grown == NULL)
                break;
            *out = grown;
        }
        (*out)[n] = strdup(e->d_name);
        if ((*out)[n])
            n++;
    }
    closedir(d);
    if (n > 1)
        qsort(*out, n, sizeof(char *), by_name);
    return n;
}

static void
free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

// Removes journals of days before today - keep_days (by their names).
static void
remove_old(struct col_journal *j, int64_t now_ms)
{
    char oldest[16], path[1024];
    day_of(now_ms - (int64_t)j->keep_days * 86400000, oldest, sizeof(oldest));
    char **names;
    size_t n = list_journals(j->dir, &names);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(names[i] + 8, oldest, 10) < 0) {
            snprintf(path, sizeof(path), "%s/%s", j->dir, names[i]);
            if (unlink(path) == 0)
                fprintf(stderr, "wb-collector: removed old journal %s\n", path);
        }
    }
    free_list(names, n);
}

int
col_journal_open(struct col_journal *j, const char *dir, int keep_days, struct core_err *err)
{
    memset(j, 0, sizeof(*j));
    snprintf(j->dir, sizeof(j->dir), "%s", dir);
    j->keep_days = keep_days;
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return core_err_set(err, CORE_E_IO, "cannot make the journal folder %s: %s", dir,
                            strerror(errno));
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
        return core_err_set(err, CORE_E_IO, "the journal folder %s is not a writable folder", dir);
    return 0;
}

static void
remember_position(struct col_journal *j, const char *source, long line, int64_t offset)
{
    for (size_t i = 0; i < j->npositions; i++) {
        if (strcmp(j->positions[i].source, source) == 0) {
            j->positions[i].offset = offset;
            j->positions[i].line = line;
            return;
        }
    }
    if (j->npositions == COL_JOURNAL_INPUTS)
        return;
    struct col_journal_position *p = &j->positions[j->npositions++];
    snprintf(p->source, sizeof(p->source), "%s", source);
    p->offset = offset;
    p->line = line;
}

// Replays one journal line; returns 1 if an event was applied.
static int
replay_line(struct col_journal *j, struct col_ingest *in, const char *text, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(text, len);
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "src");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "ev");
    int applied = 0;
    char *raw = cJSON_IsObject(ev) ? cJSON_PrintUnformatted(ev) : NULL;
    if (raw && cJSON_IsString(src)) {
        double line = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "line"));
        double off = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "off"));
        applied = col_ingest_raw(in, "journal", 0, raw, strlen(raw)) == 0;
        if (off >= 0)
            remember_position(j, src->valuestring, (long)line, (int64_t)off);
    }
    cJSON_free(raw);
    cJSON_Delete(o);
    return applied;
}

// Replays a file; an unfinished last line (a crash mid-write) is cut off.
static long
restore_file(struct col_journal *j, struct col_ingest *in, const char *path)
{
    FILE *f = fopen(path, "r+");
    if (f == NULL)
        return -1;
    long applied = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long good_end = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break;
        applied += replay_line(j, in, line, (size_t)n - 1);
        good_end = ftell(f);
    }
    free(line);
    fseek(f, 0, SEEK_END);
    if (ftell(f) > good_end) {
        fprintf(stderr, "wb-collector: %s: cutting off an unfinished last line\n", path);
        fflush(f);
        if (ftruncate(fileno(f), good_end) != 0)
            fprintf(stderr, "wb-collector: %s: cannot cut it off: %s\n", path, strerror(errno));
    }
    fclose(f);
    return applied;
}

long
col_journal_restore(struct col_journal *j, struct col_ingest *in)
{
    char **names;
    size_t n = list_journals(j->dir, &names);
    long total = 0;
    // Yesterday and today are all the windows need.
    for (size_t i = n > 2 ? n - 2 : 0; i < n && total >= 0; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", j->dir, names[i]);
        long got = restore_file(j, in, path);
        if (got < 0) {
            fprintf(stderr, "wb-collector: cannot read the journal %s: %s\n", path,
                    strerror(errno));
            total = -1;
        } else {
            total += got;
        }
    }
    free_list(names, n);
    return total;
}

const struct col_journal_position *
col_journal_position(const struct col_journal *j, const char *source)
{
    for (size_t i = 0; i < j->npositions; i++) {
        if (strcmp(j->positions[i].source, source) == 0)
            return &j->positions[i];
    }
    return NULL;
}

static void
complain(struct col_journal *j, int64_t mono_ms, const char *what)
{
    j->errors++;
    if (j->last_complaint_ms != 0 && mono_ms - j->last_complaint_ms < 60000)
        return;
    j->last_complaint_ms = mono_ms;
    fprintf(stderr,
            "wb-collector: JOURNAL FAILING (%s in %s: %s): events are applied but not "
            "kept; a restart would lose them. %llu failures so far.\n",
            what, j->dir, strerror(errno), (unsigned long long)j->errors);
}

static bool
open_day(struct col_journal *j, int64_t now_ms, int64_t mono_ms)
{
    char day[16];
    day_of(now_ms, day, sizeof(day));
    if (j->file && strcmp(day, j->day) == 0)
        return true;
    if (j->file) {
        fflush(j->file);
        fdatasync(fileno(j->file));
        fclose(j->file);
        j->file = NULL;
        remove_old(j, now_ms);
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s/journal-%s.jsonl", j->dir, day);
    j->file = fopen(path, "a");
    if (j->file == NULL) {
        complain(j, mono_ms, "cannot open");
        return false;
    }
    snprintf(j->day, sizeof(j->day), "%s", day);
    return true;
}

void
col_journal_append(struct col_journal *j, int64_t now_ms, int64_t mono_ms, const char *source,
                   long line, int64_t offset, const char *raw, size_t len)
{
    if (!open_day(j, now_ms, mono_ms))
        return;
    if (strcmp(source, j->last_source) != 0) {
        cJSON *s = cJSON_CreateString(source);
        char *quoted = s ? cJSON_PrintUnformatted(s) : NULL; // quoted and escaped
        snprintf(j->last_quoted, sizeof(j->last_quoted), "%s", quoted ? quoted : "\"?\"");
        snprintf(j->last_source, sizeof(j->last_source), "%s", source);
        cJSON_free(quoted);
        cJSON_Delete(s);
    }
    int rc = fprintf(j->file, "{\"src\":%s,\"line\":%ld,\"off\":%lld,\"ev\":", j->last_quoted, line,
                     (long long)offset);
    // One line per event: line breaks inside the JSON (whitespace, or raw in a string the
    // schema does not read) become spaces.
    if (memchr(raw, '\n', len) == NULL && memchr(raw, '\r', len) == NULL) {
        if (rc >= 0 && fwrite(raw, 1, len, j->file) != len)
            rc = -1;
    } else {
        for (size_t i = 0; rc >= 0 && i < len; i++)
            rc = fputc(raw[i] == '\n' || raw[i] == '\r' ? ' ' : raw[i], j->file) == EOF ? -1 : rc;
    }
    if (rc >= 0)
        rc = fputs("}\n", j->file) == EOF ? -1 : rc;
    if (rc < 0)
        complain(j, mono_ms, "cannot write");
    else
        j->appended++;
}

void
col_journal_flush(struct col_journal *j, int64_t mono_ms)
{
    if (j->file == NULL)
        return;
    if (fflush(j->file) != 0)
        complain(j, mono_ms, "cannot write");
    if (mono_ms - j->last_sync_ms >= 1000) {
        fdatasync(fileno(j->file));
        j->last_sync_ms = mono_ms;
    }
}

void
col_journal_close(struct col_journal *j)
{
    if (j->file) {
        fflush(j->file);
        fdatasync(fileno(j->file));
        fclose(j->file);
    }
    j->file = NULL;
}
