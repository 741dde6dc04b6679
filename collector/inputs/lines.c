// SPDX-License-Identifier: MIT
// Splitting a byte stream into lines, with line numbers for error messages and a hard cap on
// line length so one endless line cannot eat the memory.
#include "collector/inputs/lines.h"

#include "core/event.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)

int
col_lines_open(struct col_lines *l, const char *path, struct core_err *err)
{
    memset(l, 0, sizeof(*l));
    if (strcmp(path, "-") == 0) {
        l->fd = STDIN_FILENO;
        snprintf(l->name, sizeof(l->name), "stdin");
    } else {
        l->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (l->fd < 0)
            return core_err_set(err, CORE_E_IO, "cannot open %s: %s", path, strerror(errno));
        snprintf(l->name, sizeof(l->name), "%s", path);
    }
    struct stat sb;
    l->seekable = fstat(l->fd, &sb) == 0 && S_ISREG(sb.st_mode);
    l->cap = CORE_EVENT_LINE_MAX + READ_CHUNK;
    l->buf = malloc(l->cap);
    if (l->buf == NULL) {
        col_lines_close(l);
        return core_err_set(err, CORE_E_NOMEM, "out of memory");
    }
    return 0;
}

void
col_lines_close(struct col_lines *l)
{
    if (l->fd > STDERR_FILENO)
        close(l->fd);
    l->fd = -1;
    free(l->buf);
    l->buf = NULL;
}

static void
feed_line(struct col_lines *l, struct col_ingest *in, char *start, size_t n)
{
    l->line++;
    if (n > 0 && start[n - 1] == '\r')
        n--;
    size_t blank = 0;
    while (blank < n && (start[blank] == ' ' || start[blank] == '\t'))
        blank++;
    if (blank == n)
        return;
    if (l->translate)
        l->translate(l->translate_ctx, in, l->name, l->line, start, n);
    else
        col_ingest_raw(in, l->name, l->line, start, n);
}

bool
col_lines_resume(struct col_lines *l, int64_t offset, long line)
{
    struct stat sb;
    if (fstat(l->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    if (sb.st_size < offset) {
        fprintf(stderr,
                "wb-collector: %s is shorter than when last read (%lld < %lld bytes): "
                "replaced or truncated, so read from its start\n",
                l->name, (long long)sb.st_size, (long long)offset);
        return false;
    }
    if (lseek(l->fd, (off_t)offset, SEEK_SET) != (off_t)offset)
        return false;
    l->read_total = offset;
    l->line = line;
    return true;
}

bool
col_lines_check_rotation(struct col_lines *l)
{
    struct stat now, open_file;
    if (!l->seekable || fstat(l->fd, &open_file) != 0)
        return false;
    if (stat(l->name, &now) == 0 &&
        (now.st_ino != open_file.st_ino || now.st_dev != open_file.st_dev)) {
        int fd = open(l->name, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        fprintf(stderr, "wb-collector: %s was rotated: reading the new file from its start\n",
                l->name);
        close(l->fd);
        l->fd = fd;
    } else if (open_file.st_size < l->read_total) {
        fprintf(stderr, "wb-collector: %s was truncated: reading it again from its start\n",
                l->name);
        if (lseek(l->fd, 0, SEEK_SET) != 0)
            return false;
    } else {
        return false;
    }
    l->read_total = 0;
    l->len = 0;
    l->skipping = false;
    l->line = 0;
    l->eof = false;
    return true;
}

// Feeds the complete lines in the buffer and keeps the unfinished rest.
static size_t
feed_complete(struct col_lines *l, struct col_ingest *in, size_t max_lines)
{
    size_t fed = 0, pos = 0;
    int64_t base = l->read_total - (int64_t)l->len; // file offset of buf[0]
    while (fed < max_lines) {
        char *nl = memchr(l->buf + pos, '\n', l->len - pos);
        if (nl == NULL)
            break;
        size_t n = (size_t)(nl - (l->buf + pos));
        if (l->skipping) {
            l->skipping = false; // the tail of an over-long line: already rejected
        } else {
            in->offset = l->seekable ? base + (int64_t)(pos + n + 1) : -1;
            feed_line(l, in, l->buf + pos, n);
            in->offset = -1;
            fed++;
        }
        pos += n + 1;
    }
    memmove(l->buf, l->buf + pos, l->len - pos);
    l->len -= pos;
    if (l->len > CORE_EVENT_LINE_MAX && memchr(l->buf, '\n', l->len) == NULL) {
        if (!l->skipping) {
            l->line++;
            col_ingest_reject(in, l->name, l->line, CORE_E_TOOLONG,
                              "line longer than 64 KiB; skipped to its end", l->buf, 256);
        }
        l->skipping = true;
        l->len = 0;
    }
    return fed;
}

size_t
col_lines_pump(struct col_lines *l, struct col_ingest *in, size_t max_lines)
{
    size_t fed = feed_complete(l, in, max_lines);
    while (fed < max_lines && !l->eof && l->len < l->cap) {
        ssize_t got = read(l->fd, l->buf + l->len, l->cap - l->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (got <= 0) {
            if (got < 0)
                fprintf(stderr, "wb-collector: %s: read error: %s\n", l->name, strerror(errno));
            l->eof = true;
            if (l->follow)
                break; // a writer may still finish the last line
            if (l->len > 0 && !l->skipping)
                feed_line(l, in, l->buf, l->len);
            l->len = 0;
            break;
        }
        l->len += (size_t)got;
        l->read_total += got;
        fed += feed_complete(l, in, max_lines - fed);
        if ((size_t)got < l->cap / 2)
            break; // drained what was there; let the loop serve others
    }
    return fed;
}
