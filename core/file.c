// SPDX-License-Identifier: MIT
// Whole-file reads with a size limit and messages that name the file.
#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
core_file_check_private(const char *path, const char *what, struct core_err *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return core_err_set(err, CORE_E_IO, "cannot read %s %s: %s", what, path, strerror(errno));
    if (sb.st_mode & (S_IWGRP | S_IRWXO))
        return core_err_set(err, CORE_E_INVALID,
                            "%s %s may be read or changed by others (mode %03o): chmod 600 %s (or "
                            "640 for the service's group)",
                            what, path, (unsigned)(sb.st_mode & 0777), path);
    return 0;
}

char *
core_file_read(const char *path, size_t max, size_t *len, struct core_err *err)
{
    *len = 0;
    if (err)
        snprintf(err->source, sizeof(err->source), "%s", path);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        core_err_set(err, CORE_E_IO, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 0, used = 0;
    char *buf = NULL;
    int code = CORE_OK;
    for (;;) {
        if (used == cap) {
            size_t next = cap ? cap * 2 : 64 * 1024;
            if (next > max + 1)
                next = max + 1; // one byte over the limit tells "too long" from "exactly max"
            char *grown = next > cap ? realloc(buf, next + 1) : NULL;
            if (grown == NULL) {
                code = next > cap ? CORE_E_NOMEM : CORE_E_TOOLONG;
                break;
            }
            buf = grown;
            cap = next;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0) {
            if (ferror(f))
                code = CORE_E_IO;
            break;
        }
    }
    fclose(f);
    if (code == CORE_OK && used > max)
        code = CORE_E_TOOLONG;
    if (code != CORE_OK) {
        if (code == CORE_E_TOOLONG)
            core_err_set(err, code, "larger than %zu bytes", max);
        else
            core_err_set(err, code, code == CORE_E_IO ? "cannot read" : "out of memory");
        free(buf);
        return NULL;
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

void
core_file_beside(const char *file, const char *name, char *out, size_t size)
{
    const char *slash = strrchr(file, '/');
    if (name[0] == '/' || slash == NULL)
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - file), file, name);
}
