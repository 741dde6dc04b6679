// SPDX-License-Identifier: MIT
// Journal files: DIR/journal-YYYY-MM-DD.jsonl, one line per accepted event:
//   {"src":"events.jsonl","line":12,"off":4096,"ev":{...the event as received...}}
#include "collector/store/journal.h"

#include "core/checkpoint.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/localtime.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#define IDENTITIES_FILE "inputs.json"

// DIR/inputs.json: {"/srv/pbx/queue_log": {"dev": 2049, "ino": 1234567}, ...}. Damaged or
// absent: no identities (files then resume by name alone, as before the file existed).
static void
load_identities(struct col_journal *j)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", j->dir, IDENTITIES_FILE);
    size_t got;
    struct core_err err;
    core_err_clear(&err);
    char *buf = core_file_read(path, 1 << 20, &got, &err);
    cJSON *o = buf ? cJSON_ParseWithLength(buf, got) : NULL;
    free(buf);
    const cJSON *e;
    cJSON_ArrayForEach(e, o)
    {
        if (j->nidentities == COL_JOURNAL_INPUTS || e->string == NULL ||
            strlen(e->string) >= sizeof(j->identities[0].name))
            continue;
        struct col_journal_identity *id = &j->identities[j->nidentities++];
        snprintf(id->name, sizeof(id->name), "%s", e->string);
        id->dev = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "dev"));
        id->ino = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "ino"));
    }
    cJSON_Delete(o);
}

const struct col_journal_identity *
col_journal_identity(const struct col_journal *j, const char *name)
{
    for (size_t i = 0; i < j->nidentities; i++) {
        if (strcmp(j->identities[i].name, name) == 0)
            return &j->identities[i];
    }
    return NULL;
}

const char *
col_journal_name_of(const struct col_journal *j, uint64_t dev, uint64_t ino)
{
    for (size_t i = 0; i < j->nidentities; i++) {
        if (j->identities[i].dev == dev && j->identities[i].ino == ino)
            return j->identities[i].name;
    }
    return NULL;
}

void
col_journal_set_identity(struct col_journal *j, const char *name, uint64_t dev, uint64_t ino)
{
    struct col_journal_identity *id = (struct col_journal_identity *)col_journal_identity(j, name);
    if (id == NULL && j->nidentities < COL_JOURNAL_INPUTS)
        id = &j->identities[j->nidentities++];
    if (id == NULL || (strcmp(id->name, name) == 0 && id->dev == dev && id->ino == ino))
        return;
    snprintf(id->name, sizeof(id->name), "%s", name);
    id->dev = dev;
    id->ino = ino;
    // Written whole and renamed over the old: tiny, and rarely (a file opened or rotated).
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < j->nidentities; i++) {
        cJSON *e = cJSON_AddObjectToObject(o, j->identities[i].name);
        cJSON_AddNumberToObject(e, "dev", (double)j->identities[i].dev);
        cJSON_AddNumberToObject(e, "ino", (double)j->identities[i].ino);
    }
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    char tmp[1024], path[1024];
    snprintf(tmp, sizeof(tmp), "%s/%s.tmp", j->dir, IDENTITIES_FILE);
    snprintf(path, sizeof(path), "%s/%s", j->dir, IDENTITIES_FILE);
    FILE *f = text ? fopen(tmp, "w") : NULL;
    bool ok = f && fputs(text, f) >= 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "wb-collector: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
    }
    cJSON_free(text);
}

int
col_journal_open(struct col_journal *j, const char *dir, int keep_days, struct core_err *err)
{
    memset(j, 0, sizeof(*j));
    j->fd = -1;
    snprintf(j->dir, sizeof(j->dir), "%s", dir);
    j->keep_days = keep_days;
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return core_err_set(err, CORE_E_IO, "cannot make the journal folder %s: %s", dir,
                            strerror(errno));
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
        return core_err_set(err, CORE_E_IO, "the journal folder %s is not a writable folder", dir);
    load_identities(j);
    return 0;
}

// A number from a file we wrote but that may be damaged: NaN, negative or huge read as 0 or
// the largest safe value, never overflowing.
static double
safe_number(const cJSON *o, const char *key)
{
    double v = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
    if (!(v >= 0))
        return v == v ? -1 : 0;
    return v < 9007199254740992.0 ? v : 9007199254740992.0;
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

// Where restored events go: the state (a checkpoint is loaded into it) and the ingest's path.
struct replayer {
    struct core_state *state;
    col_journal_replay_fn replay;
    void *ctx;
};

// Replays one journal line; returns 1 if an event was applied, -1 when the line is damaged
// (not a journal record: a disk error, a hand edit), which the caller says.
static int
replay_line(struct col_journal *j, const struct replayer *in, const char *text, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(text, len);
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "src");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "ev");
    int applied = 0;
    char *raw = cJSON_IsObject(ev) ? cJSON_PrintUnformatted(ev) : NULL;
    if (raw && cJSON_IsString(src)) {
        double line = safe_number(o, "line");
        double off = safe_number(o, "off");
        applied = in->replay(in->ctx, raw, strlen(raw)) == 0;
        if (off >= 0)
            remember_position(j, src->valuestring, (long)line, (int64_t)off);
    }
    bool damaged = raw == NULL || !cJSON_IsString(src);
    cJSON_free(raw);
    cJSON_Delete(o);
    return damaged ? -1 : applied;
}

// Replays a file; an unfinished last line (a crash mid-write) is cut off.
static long
restore_file(struct col_journal *j, const struct replayer *in, const char *path, long from)
{
    FILE *f = fopen(path, "r+");
    if (f == NULL)
        return -1;
    long applied = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long good_end = from;
    if (from > 0 && fseek(f, from, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    long number = 0, damaged = 0, first_damaged = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break;
        number++;
        int rc = replay_line(j, in, line, (size_t)n - 1);
        if (rc < 0 && damaged++ == 0)
            first_damaged = number;
        applied += rc > 0;
        good_end = ftell(f);
    }
    if (damaged) // skipped, but never without a word: what is lost is said
        fprintf(stderr,
                "wb-collector: %s: %ld damaged line(s) skipped, the first at line %ld after byte "
                "%ld\n",
                path, damaged, first_damaged, from);
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

#define CHECKPOINT_FILE     "checkpoint.json"
#define CHECKPOINT_FILE_MAX ((size_t)1 << 30) // a day of a large site is tens of MB

// Loads DIR/checkpoint.json into in's state. Returns the index in names of the journal file to
// continue from (and *offset in it), or -1 when there is no usable checkpoint (state untouched).
static long
load_checkpoint(struct col_journal *j, const struct replayer *in, char **names, size_t n,
                long *offset)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", j->dir, CHECKPOINT_FILE);
    size_t got;
    struct core_err err;
    core_err_clear(&err);
    char *buf = core_file_read(path, CHECKPOINT_FILE_MAX, &got, &err);
    if (buf == NULL && err.code == CORE_E_IO)
        return -1; // no checkpoint yet
    cJSON *cp = buf ? cJSON_ParseWithLength(buf, got) : NULL;
    free(buf);
    const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cp, "journal"));
    double off = safe_number(cp, "offset");
    long index = -1;
    for (size_t i = 0; file && i < n; i++) {
        if (strcmp(names[i], file) == 0)
            index = (long)i;
    }
    if (index < 0 || !(off >= 0) ||
        core_checkpoint_load(in->state, cJSON_GetObjectItemCaseSensitive(cp, "state"), &err) != 0) {
        fprintf(stderr, "wb-collector: %s: not usable (%s); replaying the journal instead\n", path,
                err.text[0] ? err.text : "its journal file is gone or it is damaged");
        cJSON_Delete(cp);
        return -2;
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(cp, "positions"))
    {
        const char *src = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "source"));
        if (src)
            remember_position(j, src, (long)safe_number(p, "line"),
                              (int64_t)safe_number(p, "offset"));
    }
    *offset = (long)off;
    cJSON_Delete(cp);
    j->restored_from_checkpoint = true;
    return index;
}

static long
replay_from(struct col_journal *j, const struct replayer *in, char **names, size_t n, size_t first,
            long offset)
{
    long total = 0;
    for (size_t i = first; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", j->dir, names[i]);
        long got = restore_file(j, in, path, i == first ? offset : 0);
        if (got < 0) {
            fprintf(stderr, "wb-collector: cannot read the journal %s: %s\n", path,
                    strerror(errno));
            return -1;
        }
        total += got;
    }
    return total;
}

long
col_journal_restore(struct col_journal *j, struct core_state *st, col_journal_replay_fn replay,
                    void *replay_ctx)
{
    const struct replayer r = {.state = st, .replay = replay, .ctx = replay_ctx}, *in = &r;
    char **names;
    size_t n = list_journals(j->dir, &names);
    long offset = 0;
    long from = load_checkpoint(j, in, names, n, &offset);
    if (from == -2) { // a damaged checkpoint may have half-filled the state: start afresh
        struct core_metrics_config metrics = in->state->metrics;
        bool live = in->state->live_clock;
        size_t (*segment)(void *, const char *, char(*)[CORE_WORD_MAX], size_t) =
            in->state->segment;
        void *segment_ctx = in->state->segment_ctx;
        void (*locate)(void *, const char *, char *, size_t) = in->state->locate;
        void *locate_ctx = in->state->locate_ctx;
        int64_t now = in->state->now_ms;
        struct core_map thresholds = in->state->sl_thresholds; // configuration, kept
        core_map_init(&in->state->sl_thresholds);
        core_state_fini(in->state);
        core_state_init(in->state);
        core_map_fini(&in->state->sl_thresholds);
        in->state->sl_thresholds = thresholds;
        in->state->metrics = metrics;
        in->state->live_clock = live;
        in->state->segment = segment; // configuration, kept
        in->state->segment_ctx = segment_ctx;
        in->state->locate = locate;
        in->state->locate_ctx = locate_ctx;
        if (live)
            core_state_set_now(in->state, now);
        j->npositions = 0;
    }
    long total;
    if (from >= 0)
        total = replay_from(j, in, names, n, (size_t)from, offset);
    else // yesterday and today are all the windows need
        total = replay_from(j, in, names, n, n > 2 ? n - 2 : 0, 0);
    free_list(names, n);
    return total;
}

int
col_journal_checkpoint(struct col_journal *j, const struct core_state *st)
{
    // Only over a journal that has every event the state has: not while lines wait.
    col_journal_sync(j);
    if (j->fd < 0 || j->failing || j->buf_len > 0)
        return -1;
    // The envelope first (small, as a tree), then the state written into it member by member.
    cJSON *cp = cJSON_CreateObject();
    char name[64];
    snprintf(name, sizeof(name), "journal-%s.jsonl", j->day);
    bool ok = cp && cJSON_AddNumberToObject(cp, "v", 1) &&
              cJSON_AddStringToObject(cp, "journal", name) &&
              cJSON_AddNumberToObject(cp, "offset", (double)j->written);
    cJSON *positions = ok ? cJSON_AddArrayToObject(cp, "positions") : NULL;
    for (size_t i = 0; positions && i < j->npositions; i++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToArray(positions, p);
        cJSON_AddStringToObject(p, "source", j->positions[i].source);
        cJSON_AddNumberToObject(p, "offset", (double)j->positions[i].offset);
        cJSON_AddNumberToObject(p, "line", (double)j->positions[i].line);
    }
    char *envelope = ok && positions ? cJSON_PrintUnformatted(cp) : NULL;
    cJSON_Delete(cp);
    if (envelope == NULL)
        return -1;
    envelope[strlen(envelope) - 1] = '\0'; // without its closing brace: the state goes inside
    char tmp[1024], path[1024];
    snprintf(tmp, sizeof(tmp), "%s/%s.tmp", j->dir, CHECKPOINT_FILE);
    snprintf(path, sizeof(path), "%s/%s", j->dir, CHECKPOINT_FILE);
    FILE *f = fopen(tmp, "w");
    // The journal up to the offset is on the disk (synced above) before a checkpoint that
    // points past it.
    int rc = f && j->synced == j->appended && fputs(envelope, f) >= 0 &&
                     fputs(",\"state\":", f) >= 0 && core_checkpoint_write(st, f) == 0 &&
                     fputc('}', f) != EOF && fflush(f) == 0 && fsync(fileno(f)) == 0
                 ? 0
                 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    cJSON_free(envelope);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "wb-collector: cannot write the checkpoint %s: %s\n", path,
                strerror(errno));
        unlink(tmp);
    }
    return rc;
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
    int saved = errno;
    j->errors++;
    if (j->last_complaint_ms != 0 && mono_ms - j->last_complaint_ms < 60000)
        return;
    j->last_complaint_ms = mono_ms;
    fprintf(stderr,
            "wb-collector: JOURNAL FAILING (%s in %s: %s): %llu events wait in memory (%zu "
            "bytes) and are retried; file inputs, NATS and acknowledged pushes read them again "
            "after a restart, other inputs would lose them. %llu failures so far.\n",
            what, j->dir, strerror(saved), (unsigned long long)(j->appended - j->written_events),
            j->buf_len, (unsigned long long)j->errors);
}

static int64_t
file_size(int fd)
{
    struct stat sb;
    return fstat(fd, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

// The file for the local day of now_ms; the day's file changes only once nothing waits to be
// written to the old one (which then keeps the first events after midnight: a restore reads
// the files in order, so they still count, and in the right order).
static bool
open_day(struct col_journal *j, int64_t now_ms, int64_t mono_ms)
{
    char day[16];
    day_of(now_ms, day, sizeof(day));
    if (j->fd >= 0 && (strcmp(day, j->day) == 0 || j->buf_len > 0))
        return true;
    if (j->fd >= 0) {
        if (fdatasync(j->fd) == 0)
            j->synced = j->written_events;
        close(j->fd);
        j->fd = -1;
        remove_old(j, now_ms);
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s/journal-%s.jsonl", j->dir, day);
    j->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (j->fd < 0) {
        complain(j, mono_ms, "cannot open");
        return false;
    }
    j->written = file_size(j->fd); // restore cut off any unfinished last line
    if (j->written < 0)
        j->written = 0;
    snprintf(j->day, sizeof(j->day), "%s", day);
    return true;
}

#define WRITE_AT_BYTES ((size_t)1 << 20)

static bool write_out(struct col_journal *j, int64_t mono_ms);

static bool
reserve(struct col_journal *j, size_t more)
{
    if (j->buf_len + more <= j->buf_cap)
        return true;
    size_t cap = j->buf_cap ? j->buf_cap : 1 << 16;
    while (cap < j->buf_len + more)
        cap *= 2;
    char *grown = realloc(j->buf, cap);
    if (grown == NULL)
        return false;
    j->buf = grown;
    j->buf_cap = cap;
    return true;
}

static void
put(struct col_journal *j, const char *s, size_t n)
{
    memcpy(j->buf + j->buf_len, s, n);
    j->buf_len += n;
}

int
col_journal_append(struct col_journal *j, int64_t now_ms, int64_t mono_ms, const char *source,
                   long line, int64_t offset, const char *raw, size_t len)
{
    if (!open_day(j, now_ms, mono_ms)) {
        j->lost++;
        return -1;
    }
    if (strcmp(source, j->last_source) != 0) {
        cJSON *s = cJSON_CreateString(source);
        char *quoted = s ? cJSON_PrintUnformatted(s) : NULL; // quoted and escaped
        snprintf(j->last_quoted, sizeof(j->last_quoted), "%s", quoted ? quoted : "\"?\"");
        snprintf(j->last_source, sizeof(j->last_source), "%s", source);
        cJSON_free(quoted);
        cJSON_Delete(s);
    }
    char head[640];
    int n = snprintf(head, sizeof(head),
                     "{\"src\":%s,\"line\":%ld,\"off\":%lld,\"ev\":", j->last_quoted, line,
                     (long long)offset);
    size_t need = (size_t)n + len + 2;
    if (j->buf_len + need > COL_JOURNAL_BACKLOG_MAX || !reserve(j, need)) {
        j->lost++;
        errno = ENOBUFS;
        complain(j, mono_ms, "backlog full, an event not kept");
        return -1;
    }
    j->last_line_at = j->written + (int64_t)j->buf_len;
    put(j, head, (size_t)n);
    // One line per event: line breaks inside the JSON (whitespace, or raw in a string the
    // schema does not read) become spaces.
    size_t at = j->buf_len;
    put(j, raw, len);
    if (memchr(raw, '\n', len) != NULL || memchr(raw, '\r', len) != NULL) {
        for (size_t i = at; i < j->buf_len; i++)
            j->buf[i] = j->buf[i] == '\n' || j->buf[i] == '\r' ? ' ' : j->buf[i];
    }
    put(j, "}\n", 2);
    if (offset >= 0)
        remember_position(j, source, line, offset);
    j->appended++;
    // A batch is written after it, but a huge one (a simulator catching up, a long queue of
    // pushes) goes as it grows: only a failing disk lets the buffer fill.
    if (!j->failing && j->buf_len >= WRITE_AT_BYTES)
        write_out(j, mono_ms);
    return 0;
}

bool
col_journal_full(const struct col_journal *j)
{
    return j->buf_len + ((size_t)1 << 20) > COL_JOURNAL_BACKLOG_MAX;
}

int64_t
col_journal_bytes(const struct col_journal *j)
{
    return j->fd >= 0 ? j->written + (int64_t)j->buf_len : 0;
}

// Writes the buffer to the file. On a failure the file is cut back to its last whole line and
// what did not go stays in the buffer. Returns true when the buffer is empty.
static bool
write_out(struct col_journal *j, int64_t mono_ms)
{
    if (j->fd < 0 || j->buf_len == 0)
        return true;
    // A failed write may have left part of a line: cut it off before writing after it.
    if (j->failing && file_size(j->fd) != j->written && ftruncate(j->fd, j->written) != 0) {
        complain(j, mono_ms, "cannot cut off a part-written line");
        return false;
    }
    size_t done = 0;
    while (done < j->buf_len) {
        ssize_t n = write(j->fd, j->buf + done, j->buf_len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    int saved = errno;
    size_t whole = done;
    while (whole > 0 && j->buf[whole - 1] != '\n')
        whole--; // the part of a line written last does not count
    uint64_t lines = 0;
    for (const char *p = j->buf; (p = memchr(p, '\n', (size_t)(j->buf + whole - p))) != NULL; p++)
        lines++;
    j->written += (int64_t)whole;
    j->written_events += lines;
    memmove(j->buf, j->buf + whole, j->buf_len - whole);
    j->buf_len -= whole;
    if (j->buf_len == 0)
        return true;
    if (done > whole && ftruncate(j->fd, j->written) != 0)
        saved = errno; // tried again before the next write
    if (!j->failing)
        j->failing_since_ms = mono_ms;
    j->failing = true;
    errno = saved;
    complain(j, mono_ms, "cannot write");
    return false;
}

static void
recovered(struct col_journal *j, int64_t mono_ms)
{
    if (!j->failing)
        return;
    j->failing = false;
    fprintf(stderr,
            "wb-collector: journal %s writing again after %.1f s: every event that waited is "
            "in the file (%llu in all)\n",
            j->dir, (double)(mono_ms - j->failing_since_ms) / 1000.0,
            (unsigned long long)j->written_events);
}

void
col_journal_flush(struct col_journal *j, int64_t mono_ms)
{
    if (j->fd < 0)
        return;
    if (j->failing && mono_ms - j->last_retry_ms < 500)
        return; // a full disk is not asked again in a busy loop
    j->last_retry_ms = mono_ms;
    if (!write_out(j, mono_ms))
        return;
    if (mono_ms - j->last_sync_ms >= 1000 || j->failing) {
        j->last_sync_ms = mono_ms;
        if (fdatasync(j->fd) != 0) {
            if (!j->failing)
                j->failing_since_ms = mono_ms;
            j->failing = true;
            complain(j, mono_ms, "cannot sync");
            return;
        }
        j->synced = j->written_events;
        recovered(j, mono_ms);
    }
}

long
col_journal_tail(struct col_journal *j, long n,
                 void (*each)(void *ctx, const char *day, int64_t offset, const char *event,
                              size_t len),
                 void *ctx)
{
    char **names;
    size_t count = list_journals(j->dir, &names);
    if (count == 0 || n <= 0) {
        free_list(names, count);
        return 0;
    }
    char path[1024], day[16];
    snprintf(path, sizeof(path), "%s/%s", j->dir, names[count - 1]);
    snprintf(day, sizeof(day), "%.10s", names[count - 1] + 8);
    free_list(names, count);
    FILE *f = fopen(path, "rb");
    int64_t *starts = calloc((size_t)n, sizeof(*starts)); // ring of the last n line starts
    if (f == NULL || starts == NULL) {
        if (f)
            fclose(f);
        free(starts);
        return -1;
    }
    long lines = 0;
    char *text = NULL;
    size_t cap = 0;
    ssize_t len;
    for (int64_t at = 0; (len = getline(&text, &cap, f)) > 0; at += len) {
        if (text[len - 1] == '\n') // a last line a crash left unfinished is not an event
            starts[lines++ % n] = at;
    }
    long first = lines > n ? lines - n : 0, passed = 0;
    for (long k = first; k < lines; k++) {
        int64_t at = starts[k % n];
        if (fseeko(f, at, SEEK_SET) != 0 || (len = getline(&text, &cap, f)) <= 0)
            break;
        cJSON *line = cJSON_ParseWithLength(text, (size_t)len);
        char *ev =
            line ? cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(line, "ev")) : NULL;
        if (ev) {
            each(ctx, day, at, ev, strlen(ev));
            passed++;
        }
        cJSON_free(ev);
        cJSON_Delete(line);
    }
    free(text);
    free(starts);
    fclose(f);
    return passed;
}

void
col_journal_sync(struct col_journal *j)
{
    int64_t mono_ms = core_clock_mono_ms();
    if (j->fd < 0 || !write_out(j, mono_ms))
        return;
    if (fdatasync(j->fd) == 0) {
        j->synced = j->written_events;
        recovered(j, mono_ms);
    } else {
        complain(j, mono_ms, "cannot sync");
    }
}

void
col_journal_close(struct col_journal *j)
{
    col_journal_sync(j);
    if (j->buf_len > 0)
        fprintf(stderr,
                "wb-collector: journal %s: %llu events could not be written before the end; "
                "file inputs, NATS and acknowledged pushes read them again at the next start\n",
                j->dir, (unsigned long long)(j->appended - j->written_events));
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
    free(j->buf);
    j->buf = NULL;
    j->buf_len = j->buf_cap = 0;
}
