// SPDX-License-Identifier: MIT
// collector/inputs/esl.c framing and esl_callcenter.c's reading of it: a stream split anywhere
// (byte by byte) reads the same, frames glued together or apart, LF or CRLF, values URL-decoded,
// garbage between frames skipped and counted, an over-long frame passed over without losing the
// next. The frames are written by hand in the format mod_event_socket sends.
#include "cmocka_prelude.h"
#include "collector/inputs/esl.h"
#include "collector/inputs/esl_frames.h"
#include "collector/inputs/esl_resync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t
fixed_ms(void)
{
    return 1795424400000LL;
}

// Event bodies (the plain format: each value URL-encoded), their Content-Length counted here.
static const char join[] = "Event-Name: CUSTOM\n"
                           "Event-Subclass: callcenter%3A%3Ainfo\n"
                           "Event-Date-Timestamp: 1795424400000000\n"
                           "CC-Action: member-queue-start\n"
                           "CC-Queue: support%40default\n"
                           "CC-Member-UUID: m-1\n"
                           "CC-Member-Session-UUID: s-1\n"
                           "CC-Member-CID-Number: 13912345678\n"
                           "CC-Member-CID-Name: Wang%20Wei\n\n";
static const char answer[] = "Event-Name: CUSTOM\r\n"
                             "Event-Subclass: callcenter%3A%3Ainfo\r\n"
                             "Event-Date-Timestamp: 1795424412000000\r\n"
                             "CC-Action: bridge-agent-start\r\n"
                             "CC-Queue: support%40default\r\n"
                             "CC-Agent: 1001%40default\r\n"
                             "CC-Member-UUID: m-1\r\n"
                             "CC-Member-Joined-Time: 1795424400\r\n"
                             "CC-Agent-Called-Time: 1795424409\r\n"
                             "CC-Agent-Answered-Time: 1795424412\r\n\r\n";

static char stream[4096];
static size_t stream_len;

static void
build(void)
{
    int n = snprintf(stream, sizeof(stream),
                     "Content-Type: auth/request\n\n"
                     "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"
                     "garbage without a colon\n\n"
                     "Content-Length: %zu\nContent-Type: text/event-plain\n\n%s"
                     "\n"
                     "Content-Length: %zu\r\nContent-Type: text/event-plain\r\n\r\n%s",
                     strlen(join), join, strlen(answer), answer);
    stream_len = (size_t)n;
}

struct seen {
    int frames, events;
    struct col_esl_cc cc;
    struct col_ingest *in;
};

static void
on_frame(void *ctx, struct col_esl_frame *f)
{
    struct seen *s = ctx;
    s->frames++;
    if (col_esl_cc_frame(&s->cc, s->in, "test", f))
        s->events++;
}

static void
split_anywhere_same_result(void **unused)
{
    (void)unused;
    build();
    size_t pieces[] = {1, 2, 3, 7, 64, 100000};
    for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
        struct core_state st;
        core_state_init(&st);
        struct col_rejects rj;
        memset(&rj, 0, sizeof(rj));
        struct col_ingest in = {.state = &st, .rejects = &rj, .wall_ms = fixed_ms, .offset = -1};
        struct seen s = {.in = &in};
        col_esl_cc_init(&s.cc, fixed_ms);
        struct col_esl_stream es;
        assert_int_equal(col_esl_stream_init(&es), 0);
        for (size_t i = 0; i < stream_len; i += pieces[k])
            col_esl_stream_feed(&es, stream + i,
                                stream_len - i < pieces[k] ? stream_len - i : pieces[k], on_frame,
                                &s);
        assert_int_equal(s.frames, 4); // auth, reply and two events; the garbage is not one
        assert_int_equal(s.events, 2);
        assert_int_equal(es.garbage, 1);
        assert_int_equal(s.cc.emitted, 3); // enqueued; answered and 1001 on a call
        core_state_refresh(&st);
        struct core_queue *q = core_map_get(&st.queues, "support@default");
        assert_non_null(q);
        assert_int_equal(q->answered, 1);
        // Joined at :00, rung at :09, answered at :12 (the CC- times): waited 12 s, rang 3 s.
        assert_true(q->w.today.answer_wait_s == 12.0);
        struct core_agent *a = core_map_get(&st.agents, "1001@default");
        assert_non_null(a);
        assert_int_equal(a->state, CORE_AGENT_ON_CALL);
        col_esl_stream_fini(&es);
        col_esl_cc_fini(&s.cc);
        core_state_fini(&st);
    }
}

static void
count_frame(void *ctx, struct col_esl_frame *f)
{
    int *n = ctx;
    (*n)++;
    assert_string_equal(col_esl_header(&f->head, "Content-Type"), "api/response");
    assert_string_equal(f->body, "+OK\n");
}

// A frame whose Content-Length is past the limit is passed over, bytes and all; the next reads.
static void
over_long_frame_skipped(void **unused)
{
    (void)unused;
    struct col_esl_stream es;
    assert_int_equal(col_esl_stream_init(&es), 0);
    char head[128];
    size_t big = COL_ESL_FRAME_MAX + 10;
    snprintf(head, sizeof(head), "Content-Length: %zu\nContent-Type: api/response\n\n", big);
    int n = 0;
    col_esl_stream_feed(&es, head, strlen(head), count_frame, &n);
    char *junk = malloc(big);
    assert_non_null(junk);
    memset(junk, 'x', big);
    col_esl_stream_feed(&es, junk, big, count_frame, &n);
    free(junk);
    const char next[] = "Content-Length: 4\nContent-Type: api/response\n\n+OK\n";
    col_esl_stream_feed(&es, next, strlen(next), count_frame, &n);
    assert_int_equal(n, 1);
    assert_int_equal(es.dropped, 1);
    col_esl_stream_fini(&es);
}

static void
url_decoding(void **unused)
{
    (void)unused;
    char s[] = "a%20b%2Bc+d%zz%4";
    col_esl_url_decode(s);
    assert_string_equal(s, "a b+c+d%zz%4"); // '+' stays, bad escapes kept (switch_url_decode)
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_anywhere_same_result),
        cmocka_unit_test(over_long_frame_skipped),
        cmocka_unit_test(url_decoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
