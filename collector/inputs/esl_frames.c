// SPDX-License-Identifier: MIT
// A FreeSWITCH stream's frames to the event translation and the list resync.
#include "collector/inputs/esl_frames.h"

#include "collector/inputs/esl_resync.h"

#include <string.h>
#include <strings.h>

// The value of an event body's Event-Date-Timestamp header, NUL-ended in out, read without
// changing the body (the translation parses it in place afterwards). NULL when it has none.
static const char *
event_stamp(const char *body, size_t len, char out[32])
{
    static const char name[] = "Event-Date-Timestamp: ";
    for (const char *line = body; line && line < body + len;) {
        const char *end = memchr(line, '\n', (size_t)(body + len - line));
        size_t n = (size_t)((end ? end : body + len) - line);
        if (n > sizeof(name) - 1 && strncasecmp(line, name, sizeof(name) - 1) == 0) {
            size_t v = n - (sizeof(name) - 1);
            v = v < 31 ? v : 31;
            memcpy(out, line + sizeof(name) - 1, v);
            out[v] = '\0';
            return out;
        }
        if (n == 0 || (n == 1 && line[0] == '\r'))
            return NULL; // the headers end here
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

bool
col_esl_cc_frame(struct col_esl_cc *cc, struct col_ingest *in, const char *source,
                 struct col_esl_frame *f)
{
    const char *type = col_esl_header(&f->head, "Content-Type");
    if (type && !strcasecmp(type, "text/event-plain") && f->body) {
        if (cc->held) { // a recording's lists before its first event: dated now that it has come
            char stamp[32];
            cc->last_ts = col_esl_cc_date(cc, event_stamp(f->body, f->body_len, stamp));
            col_esl_cc_flush(cc, in, source);
        }
        col_esl_cc_event(cc, in, source, f->body, f->body_len);
        return true;
    }
    if (type && !strcasecmp(type, "api/response") && f->body)
        return col_esl_cc_list(cc, in, source, ESL_LIST_UNKNOWN, f->body, f->body_len) !=
               ESL_LIST_UNKNOWN;
    cc->ignored++; // auth/request, command/reply, disconnect notices: the client's business
    return false;
}
