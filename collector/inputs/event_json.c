// SPDX-License-Identifier: MIT
// Writing an adapter's event (see event_json.h).
#include "collector/inputs/event_json.h"

#include "core/appendf.h"

#include <stdio.h>

static void
put(struct col_event_json *j, const char *text)
{
    if (!j->full && !core_appendf(j->text, sizeof(j->text), &j->len, "%s", text))
        j->full = true;
}

// A JSON string: quotes, backslashes and control characters escaped, other bytes as they are.
static void
put_string(struct col_event_json *j, const char *s)
{
    put(j, "\"");
    for (; *s && !j->full; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\')
            snprintf(esc, sizeof(esc), "\\%c", c);
        else if (c < 0x20)
            snprintf(esc, sizeof(esc), "\\u%04x", c);
        else
            snprintf(esc, sizeof(esc), "%c", c);
        put(j, esc);
    }
    put(j, "\"");
}

static void
put_key(struct col_event_json *j, const char *key)
{
    put(j, ",");
    put_string(j, key);
    put(j, ":");
}

void
col_event_json_start(struct col_event_json *j, const char *type, double ts)
{
    j->len = 0;
    j->full = false;
    j->text[0] = '\0';
    put(j, "{\"type\":");
    put_string(j, type);
    char t[40];
    snprintf(t, sizeof(t), ",\"ts\":%.3f", ts);
    put(j, t);
}

void
col_event_json_str(struct col_event_json *j, const char *key, const char *value)
{
    put_key(j, key);
    put_string(j, value);
}

void
col_event_json_num(struct col_event_json *j, const char *key, double value)
{
    put_key(j, key);
    char t[40];
    snprintf(t, sizeof(t), "%.3f", value);
    put(j, t);
}

void
col_event_json_list(struct col_event_json *j, const char *key, const char *list, size_t n,
                    size_t size)
{
    put_key(j, key);
    put(j, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(j, ",");
        put_string(j, list + i * size);
    }
    put(j, "]");
}

const char *
col_event_json_end(struct col_event_json *j, size_t *len)
{
    put(j, "}");
    *len = j->len;
    return j->full ? NULL : j->text;
}
