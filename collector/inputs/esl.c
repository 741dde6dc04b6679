// SPDX-License-Identifier: MIT
// ESL framing: header block, blank line, then Content-Length bytes of body when given (see
// esl.h). The buffer grows to the frame being received; its headers are parsed in place only
// once the whole frame is there, so a frame split anywhere reads the same.
#include "collector/inputs/esl.h"

#include "collector/inputs/header_block.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEAD_MAX (64 * 1024) // a header block this long without its blank line is garbage

int
col_esl_stream_init(struct col_esl_stream *s)
{
    memset(s, 0, sizeof(*s));
    s->cap = 16384;
    s->buf = malloc(s->cap);
    return s->buf ? 0 : -1;
}

void
col_esl_stream_fini(struct col_esl_stream *s)
{
    free(s->buf);
    memset(s, 0, sizeof(*s));
}

void
col_esl_stream_reset(struct col_esl_stream *s)
{
    s->len = s->need = s->skip = 0;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void
col_esl_url_decode(char *s)
{
    char *o = s;
    for (; *s; s++, o++) {
        int hi, lo;
        if (*s == '%' && (hi = hexval((unsigned char)s[1])) >= 0 &&
            (lo = hexval((unsigned char)s[2])) >= 0) {
            *o = (char)(hi * 16 + lo);
            s += 2;
        } else {
            *o = *s;
        }
    }
    *o = '\0';
}

char *
col_esl_parse_headers(char *text, size_t len, struct col_esl_headers *h, bool decode, size_t *bad)
{
    h->n = 0;
    char *end = text + len;
    char *line = text;
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        char *next = nl ? nl + 1 : end;
        char *stop = nl ? nl : end;
        if (stop > line && stop[-1] == '\r')
            stop--;
        if (stop == line) // the blank line: the headers end here
            return next;
        *stop = '\0';
        char *colon = strstr(line, ": ");
        if (colon == NULL && stop[-1] == ':')
            colon = stop - 1; // "Key:" with an empty value
        if (colon && colon > line && h->n < COL_ESL_FIELDS_MAX) {
            *colon = '\0';
            char *value = colon + 1 < stop ? colon + 2 : stop;
            if (decode)
                col_esl_url_decode(value);
            h->key[h->n] = line;
            h->value[h->n++] = value;
        } else if (bad && colon == NULL) {
            (*bad)++;
        }
        line = next;
    }
    return end;
}

const char *
col_esl_header(const struct col_esl_headers *h, const char *key)
{
    for (size_t i = 0; i < h->n; i++) {
        if (strcasecmp(h->key[i], key) == 0)
            return h->value[i];
    }
    return NULL;
}

// The Content-Length the header block (head bytes, not yet parsed) gives; 0 when none.
// *ok is false when one is given but is not a number.
static size_t
content_length(const char *buf, size_t head, bool *ok)
{
    *ok = true;
    static const char key[] = "content-length:";
    for (size_t i = 0; i + sizeof(key) - 1 < head; i++) {
        if ((i > 0 && buf[i - 1] != '\n') || strncasecmp(buf + i, key, sizeof(key) - 1) != 0)
            continue;
        const char *p = buf + i + sizeof(key) - 1;
        while (*p == ' ')
            p++;
        if (!isdigit((unsigned char)*p)) {
            *ok = false;
            return 0;
        }
        size_t n = 0;
        while (isdigit((unsigned char)*p) && n <= COL_ESL_FRAME_MAX)
            n = n * 10 + (size_t)(*p++ - '0');
        return n;
    }
    return 0;
}

static void
consume(struct col_esl_stream *s, size_t n)
{
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
}

// Hands the complete frame at the start of buf (head bytes of headers, body after) to fn.
static void
deliver(struct col_esl_stream *s, size_t head, size_t total, col_esl_frame_fn fn, void *ctx)
{
    struct col_esl_frame f = {0};
    char saved = s->buf[total]; // total < cap: room for the body's NUL is kept
    s->buf[total] = '\0';
    col_esl_parse_headers(s->buf, head, &f.head, false, NULL);
    if (f.head.n == 0) {
        s->garbage++; // a block of lines none of which is a header
    } else {
        f.body = total > head ? s->buf + head : NULL;
        f.body_len = total - head;
        s->frames++;
        fn(ctx, &f);
    }
    s->buf[total] = saved;
    consume(s, total);
}

static bool
grow(struct col_esl_stream *s, size_t want)
{
    if (want <= s->cap)
        return true;
    size_t cap = s->cap;
    while (cap < want)
        cap *= 2;
    char *b = realloc(s->buf, cap);
    if (b == NULL)
        return false;
    s->buf = b;
    s->cap = cap;
    return true;
}

// Frames whole in buf, in order; stops at one not yet complete.
static void
drain(struct col_esl_stream *s, col_esl_frame_fn fn, void *ctx)
{
    for (;;) {
        if (s->need == 0) {
            size_t blank = 0;
            while (blank < s->len && (s->buf[blank] == '\n' || s->buf[blank] == '\r'))
                blank++; // blank lines between frames
            if (blank)
                consume(s, blank);
            size_t head = col_header_block_end(s->buf, s->len, 0);
            if (head == 0) {
                if (s->len > HEAD_MAX) { // no blank line in sight: not ESL
                    s->garbage++;
                    s->len = 0;
                }
                return;
            }
            bool ok;
            size_t body = content_length(s->buf, head, &ok);
            if (!ok)
                s->garbage++; // read as a frame without a body
            if (head + body > COL_ESL_FRAME_MAX) {
                s->dropped++;
                s->skip = head + body - (s->len < head + body ? s->len : head + body);
                consume(s, s->len < head + body ? s->len : head + body);
                if (s->skip)
                    return;
                continue;
            }
            s->need = head + body; // the frame's length is known from here on
            if (!grow(s, s->need + 1)) {
                s->dropped++;
                s->skip = s->need - (s->len < s->need ? s->len : s->need);
                consume(s, s->len < s->need ? s->len : s->need);
                s->need = 0;
                if (s->skip)
                    return;
                continue;
            }
        }
        if (s->len < s->need)
            return;
        // Found again (cheap) rather than kept in a field.
        size_t head = col_header_block_end(s->buf, s->len, 0);
        size_t total = s->need;
        s->need = 0;
        deliver(s, head, total, fn, ctx);
    }
}

void
col_esl_stream_feed(struct col_esl_stream *s, const char *bytes, size_t len, col_esl_frame_fn fn,
                    void *ctx)
{
    while (len > 0) {
        if (s->skip) {
            size_t n = len < s->skip ? len : s->skip;
            s->skip -= n;
            bytes += n;
            len -= n;
            continue;
        }
        size_t room = s->cap - s->len - 1;
        if (room == 0) {
            if (!grow(s, s->cap * 2)) { // cannot hold it: drop what is held
                s->dropped++;
                s->len = s->need = 0;
            }
            continue;
        }
        size_t take = len < room ? len : room;
        memcpy(s->buf + s->len, bytes, take);
        s->len += take;
        bytes += take;
        len -= take;
        drain(s, fn, ctx);
    }
}
