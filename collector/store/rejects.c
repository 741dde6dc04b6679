// SPDX-License-Identifier: MIT
// The rejects file: one JSON object per rejected input, so it can be read, fixed and replayed.
#include "collector/store/rejects.h"

#include "core/phone_digits.h"
#include "core/utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STDERR_LINES_PER_SECOND 20

int
col_rejects_open(struct col_rejects *r, const char *path, struct core_err *err)
{
    memset(r, 0, sizeof(*r));
    if (path == NULL || path[0] == '\0')
        return 0;
    snprintf(r->path, sizeof(r->path), "%s", path);
    // Owner-only: rejected events are the site's data (numbers are masked, the rest is not).
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    r->file = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (r->file == NULL) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return core_err_set(err, CORE_E_IO, "cannot open rejects file %s: %s", path, strerror(e));
    }
    return 0;
}

void
col_rejects_close(struct col_rejects *r)
{
    if (r->hushed)
        fprintf(stderr, "wb-collector: %lu more rejected inputs not shown\n", r->hushed);
    if (r->file)
        fclose(r->file);
    r->file = NULL;
}

static void
say(struct col_rejects *r, const struct core_err *err, int64_t wall_ms)
{
    int64_t now_s = wall_ms / 1000;
    if (now_s != r->window_s) {
        if (r->hushed)
            fprintf(stderr, "wb-collector: %lu more rejected inputs not shown (see %s)\n",
                    r->hushed, r->path[0] ? r->path : "the counters");
        r->window_s = now_s;
        r->said = 0;
        r->hushed = 0;
    }
    if (r->said >= STDERR_LINES_PER_SECOND) {
        r->hushed++;
        return;
    }
    r->said++;
    char where[512];
    fprintf(stderr, "wb-collector: rejected: %s\n", core_err_format(err, where, sizeof(where)));
}

// Keeps the input as text when it is UTF-8, else as hex, so nothing is lost or mangled, but for
// the digits of phone numbers (a caller's number is kept nowhere): all but the last four masked.
static void
add_input(cJSON *o, const char *raw_in, size_t len)
{
    char *copy = malloc(len * 2 + 1), *raw = malloc(len + 1);
    if (copy == NULL || raw == NULL) {
        free(copy);
        free(raw);
        return;
    }
    memcpy(raw, raw_in, len);
    core_mask_phone_numbers(raw, len);
    bool text = core_utf8_valid(raw, len) || len == 0;
    if (!text) {
        // Control characters are fine in the JSON string (escaped); only bad UTF-8 is not.
        text = true;
        for (size_t i = 0; i < len && text; i++)
            text = (unsigned char)raw[i] < 0x80 && raw[i] != 0;
    }
    if (text) {
        memcpy(copy, raw, len);
        copy[len] = '\0';
        cJSON_AddStringToObject(o, "input", copy);
    } else {
        static const char hex[] = "0123456789abcdef";
        for (size_t i = 0; i < len; i++) {
            copy[2 * i] = hex[(unsigned char)raw[i] >> 4];
            copy[2 * i + 1] = hex[(unsigned char)raw[i] & 15];
        }
        copy[len * 2] = '\0';
        cJSON_AddStringToObject(o, "input_hex", copy);
    }
    free(copy);
    free(raw);
}

void
col_rejects_add(struct col_rejects *r, const struct core_err *err, const char *raw, size_t len,
                int64_t wall_ms)
{
    say(r, err, wall_ms);
    if (r->file == NULL)
        return;
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return;
    char where[512];
    cJSON_AddNumberToObject(o, "received", (double)wall_ms / 1000.0);
    cJSON_AddStringToObject(o, "source", err->source);
    cJSON_AddNumberToObject(o, "line", (double)err->line);
    cJSON_AddStringToObject(o, "reason", core_err_reason(err->code));
    cJSON_AddStringToObject(o, "message", core_err_format(err, where, sizeof(where)));
    add_input(o, raw, len);
    char *text = cJSON_PrintUnformatted(o);
    if (text) {
        fprintf(r->file, "%s\n", text);
        fflush(r->file);
        cJSON_free(text);
    }
    cJSON_Delete(o);
}
