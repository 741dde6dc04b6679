// SPDX-License-Identifier: MIT
// Error codes and the caller-owned error record every fallible core function fills in.
#ifndef CORE_ERR_H
#define CORE_ERR_H

#include <stddef.h>

enum core_errcode {
    CORE_OK = 0,
    CORE_E_PARSE,     // input is not well-formed (JSON syntax, bad number, bad time)
    CORE_E_INVALID,   // well-formed, but a field is missing, of the wrong type or out of range
    CORE_E_UNKNOWN,   // a type or name this version does not know
    CORE_E_TOOLONG,   // input larger than the limit
    CORE_E_NOMEM,     // out of memory
    CORE_E_IO,        // a file could not be read or written
    CORE_E_DUPLICATE, // an event already counted (same id)
    CORE_E_COUNT
};

// struct core_err describes one failure: where (source, line, column) and why (text).
// The caller owns it; functions only write into it.
struct core_err {
    int code;
    char source[128]; // file name or "stdin", "nng", "message 12"
    long line;        // 1-based, 0 when unknown
    long column;      // 1-based, 0 when unknown
    char text[256];
};

// core_err_clear resets err to "no error".
void core_err_clear(struct core_err *err);

// core_err_set fills err (if not NULL) with code and a printf-style text and returns code,
// so a failure can be one line: return core_err_set(err, CORE_E_INVALID, "...").
int core_err_set(struct core_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// core_err_format writes "source:line:column: text" into buf (size bytes), leaving out
// the parts that are unknown. Returns buf.
char *core_err_format(const struct core_err *err, char *buf, size_t size);

// core_err_reason names the error code in a few words ("bad JSON", "invalid field", ...).
const char *core_err_reason(int code);

#endif
