// SPDX-License-Identifier: MIT
// Files and pipes as live inputs (inputs/file_input.h). Pipes and terminals wake the loop; files
// are read until their end, then checked for growth and rotation every FOLLOW_RECHECK_MS.
#define _DEFAULT_SOURCE // realpath(3)
#include "collector/inputs/file_input.h"

#include "core/localtime.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FOLLOW_RECHECK_MS 250 // how often a followed file is checked for growth

struct file_input {
    struct col_input base;
    struct col_lines lines;
    bool is_file;
    bool queue_log;
    struct col_queuelog *ql; // borrowed (queue_log only)
    int64_t next_recheck_ms;
};

void
col_file_input_translate_queue_log(void *ctx, struct col_ingest *in, const char *source, long line,
                                   const char *text, size_t len)
{
    col_queuelog_line(ctx, in, source, line, text, len);
}

const char *
col_file_input_name(const char *path, char real[PATH_MAX])
{
    if (strcmp(path, "-") != 0 && realpath(path, real) != NULL && strlen(real) < 256)
        return real;
    return path;
}

// Records the identity of the file l has open under its name (nothing for pipes).
static void
remember_identity(struct col_lines *l, struct col_journal *journal)
{
    struct stat sb;
    if (journal && fstat(l->fd, &sb) == 0 && S_ISREG(sb.st_mode))
        col_journal_set_identity(journal, l->name, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino);
}

bool
col_file_input_resume(struct col_lines *l, struct col_journal *journal, const char *given)
{
    if (journal == NULL)
        return false;
    struct stat sb;
    bool regular = fstat(l->fd, &sb) == 0 && S_ISREG(sb.st_mode);
    const struct col_journal_identity *was = col_journal_identity(journal, l->name);
    if (regular && was && (was->dev != (uint64_t)sb.st_dev || was->ino != (uint64_t)sb.st_ino)) {
        fprintf(stderr,
                "wb-collector: %s is another file than when last read (replaced or rotated "
                "while the collector was stopped): read from its start\n",
                l->name);
        remember_identity(l, journal);
        return false;
    }
    // By the file's own name; a journal from before names were resolved knows it as given;
    // the same file under another name (a hard link, another mount) by its identity.
    const struct col_journal_position *p = col_journal_position(journal, l->name);
    if (p == NULL && given && strcmp(given, l->name) != 0)
        p = col_journal_position(journal, given);
    const char *other = regular && p == NULL
                            ? col_journal_name_of(journal, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino)
                            : NULL;
    if (other && (p = col_journal_position(journal, other)) != NULL)
        fprintf(stderr, "wb-collector: %s is %s by another name: resuming where it was\n", l->name,
                other);
    remember_identity(l, journal);
    if (p == NULL || !col_lines_resume(l, p->offset, p->line))
        return false;
    fprintf(stderr, "wb-collector: %s: resuming after line %ld (byte %lld)\n", l->name, p->line,
            (long long)p->offset);
    return true;
}

static bool
file_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
          int64_t wall_ms)
{
    struct file_input *f = (struct file_input *)self;
    (void)wall_ms;
    struct col_lines *l = &f->lines;
    if (mono_ms >= f->next_recheck_ms) {
        f->next_recheck_ms = mono_ms + FOLLOW_RECHECK_MS;
        if (l->eof && f->is_file) {
            if (col_lines_check_rotation(l))
                remember_identity(l, in->journal); // rotated: the name is the new file now
            else
                l->eof = false; // look for lines appended since
        }
    }
    // While a failing disk's backlog is full, a file waits where it is: it is read again from
    // there once the journal has room, and nothing of it is lost.
    if (in->journal && col_journal_full(in->journal))
        return false;
    if (!l->eof)
        col_lines_pump(l, in, max);
    return !l->eof && f->is_file;
}

static void
file_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
          int64_t wall_ms)
{
    struct file_input *f = (struct file_input *)self;
    (void)mono_ms, (void)wall_ms;
    bool pollable = !f->lines.eof && !f->is_file;
    *pfd = (struct pollfd){.fd = pollable ? f->lines.fd : -1, .events = POLLIN};
    if (f->next_recheck_ms < *wake_mono_ms)
        *wake_mono_ms = f->next_recheck_ms;
}

// A queue_log input's health: up while its file can be read.
static void
file_health(struct col_input *self, struct core_state *st, int64_t wall_ms)
{
    struct file_input *f = (struct file_input *)self;
    if (!f->queue_log)
        return;
    char name[300];
    snprintf(name, sizeof(name), "queue_log %s", f->lines.name);
    bool readable = access(f->lines.name, R_OK) == 0;
    core_state_source(st, name, readable, f->ql->translated, f->ql->malformed,
                      readable ? "" : "the file cannot be read", wall_ms);
}

static void
file_close(struct col_input *self, struct col_journal *journal)
{
    struct file_input *f = (struct file_input *)self;
    (void)journal;
    col_lines_close(&f->lines);
    free(f);
}

static const struct col_input_ops file_ops = {
    .kind = "file",
    .pump = file_pump,
    .poll = file_poll,
    .health = file_health,
    .close = file_close,
};

struct col_input *
col_file_input_open(const char *path, bool queue_log, struct col_queuelog *ql,
                    struct col_journal *journal, int64_t wall_ms, struct core_err *err)
{
    char real[PATH_MAX];
    const char *given = path;
    path = col_file_input_name(path, real);
    struct file_input *f = col_input_new(sizeof(*f), &file_ops, path, err);
    if (f == NULL)
        return NULL;
    if (col_lines_open(&f->lines, path, err) != 0) {
        free(f);
        return NULL;
    }
    struct stat sb;
    f->is_file = fstat(f->lines.fd, &sb) == 0 && S_ISREG(sb.st_mode);
    f->lines.follow = f->is_file;
    f->queue_log = queue_log;
    f->ql = ql;
    if (queue_log) {
        f->lines.translate = col_file_input_translate_queue_log;
        f->lines.translate_ctx = ql;
        // A first start reads today's lines (the day's totals), not the file's whole past.
        if (!col_file_input_resume(&f->lines, journal, given))
            ql->skip_before_ms = core_local_day_start(wall_ms);
    } else {
        col_file_input_resume(&f->lines, journal, given);
    }
    return &f->base;
}
