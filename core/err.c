// SPDX-License-Identifier: MIT
// Filling and printing struct core_err.
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
core_err_clear(struct core_err *err)
{
    memset(err, 0, sizeof(*err));
}

int
core_err_set(struct core_err *err, int code, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof(err->text), fmt, ap);
    va_end(ap);
    return code;
}

char *
core_err_format(const struct core_err *err, char *buf, size_t size)
{
    const char *src = err->source[0] ? err->source : "input";
    if (err->line > 0 && err->column > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", src, err->line, err->column, err->text);
    else if (err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", src, err->line, err->text);
    else
        snprintf(buf, size, "%s: %s", src, err->text);
    return buf;
}

const char *
core_err_reason(int code)
{
    switch (code) {
    case CORE_OK: return "ok";
    case CORE_E_PARSE: return "malformed";
    case CORE_E_INVALID: return "invalid field";
    case CORE_E_UNKNOWN: return "unknown type";
    case CORE_E_TOOLONG: return "too long";
    case CORE_E_NOMEM: return "out of memory";
    case CORE_E_IO: return "i/o error";
    case CORE_E_DUPLICATE: return "duplicate";
    default: return "error";
    }
}
