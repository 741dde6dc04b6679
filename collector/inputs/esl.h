// SPDX-License-Identifier: MIT
// FreeSWITCH's event socket (ESL, mod_event_socket) as bytes: frames of "Key: Value" header lines
// ended by a blank line, followed by a body of Content-Length bytes when the headers give one
// (events in the plain format, api responses, disconnect notices). Robust to any split across
// reads, LF or CRLF, and garbage between frames. docs/freeswitch.md.
#ifndef COL_ESL_H
#define COL_ESL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COL_ESL_FRAME_MAX                                                                          \
    (4 * 1024 * 1024)          // a larger frame is skipped (counted): a list reply
                               // of 10,000 agents is about 2 MB
#define COL_ESL_FIELDS_MAX 160 // a CUSTOM event with channel data has ~120

// One header block: keys and values point into the frame's own bytes (valid during the call).
struct col_esl_headers {
    size_t n;
    const char *key[COL_ESL_FIELDS_MAX];
    const char *value[COL_ESL_FIELDS_MAX];
};

// A frame as it came: its outer headers (Content-Type, Reply-Text…) and its body, if any.
struct col_esl_frame {
    struct col_esl_headers head;
    char *body; // NUL-terminated, may be changed in place by the reader (NULL: none)
    size_t body_len;
};

typedef void (*col_esl_frame_fn)(void *ctx, struct col_esl_frame *frame);

struct col_esl_stream {
    char *buf;
    size_t len, cap;
    size_t need; // > 0: the headers of the frame in buf are read, this many bytes in all are due
    size_t skip; // bytes of an over-long frame still to pass over
    uint64_t frames, dropped, garbage;
};

int col_esl_stream_init(struct col_esl_stream *s);
void col_esl_stream_fini(struct col_esl_stream *s);

// col_esl_stream_reset forgets a half-received frame (after a reconnection).
void col_esl_stream_reset(struct col_esl_stream *s);

// col_esl_stream_feed takes len more bytes and calls fn for every complete frame.
void col_esl_stream_feed(struct col_esl_stream *s, const char *bytes, size_t len,
                         col_esl_frame_fn fn, void *ctx);

// col_esl_parse_headers splits text (len bytes, changed in place) into h: lines up to the first
// blank line or the end, each "Key: Value"; with decode the values are URL-decoded (the plain
// event format encodes them). Lines without ": " are skipped (counted in *bad when not NULL).
// Returns where the text after the blank line starts (text + len when there is none).
char *col_esl_parse_headers(char *text, size_t len, struct col_esl_headers *h, bool decode,
                            size_t *bad);

// col_esl_header is the value of key in h (case-insensitive), or NULL.
const char *col_esl_header(const struct col_esl_headers *h, const char *key);

// col_esl_url_decode decodes %XX in place, as FreeSWITCH's switch_url_decode() does ('+' stays
// '+': its encoder writes a space as %20); an invalid escape is kept as it is.
void col_esl_url_decode(char *s);

#endif
