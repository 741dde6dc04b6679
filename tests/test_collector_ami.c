// SPDX-License-Identifier: MIT
// collector/ami.c framing: a stream split anywhere (byte by byte), messages glued together, LF or
// CRLF, an over-long message dropped without losing the next.
#include "cmocka_prelude.h"
#include "collector/inputs/ami.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t
fixed_ms(void)
{
    return 1795401600000LL;
}

static const char stream[] =
    "Asterisk Call Manager/5.0.5\r\n"
    "Response: Success\r\nMessage: Authentication accepted\r\n\r\n"
    "Event: QueueCallerJoin\r\nUniqueid: 1.1\r\nQueue: sales\r\nCallerIDNum: 13912345678\r\n\r\n"
    "Event: Newchannel\r\nChannel: PJSIP/1\r\n\r\n"
    "Event: AgentConnect\nUniqueid: 1.1\nQueue: sales\nInterface: PJSIP/7001\nHoldTime: 12\n\n"
    "Event: AgentComplete\r\nUniqueid: 1.1\r\nInterface: PJSIP/7001\r\nTalkTime: 30\r\n\r\n";

static void
run(size_t piece, struct core_state *st)
{
    struct col_rejects rj;
    memset(&rj, 0, sizeof(rj));
    struct col_ingest in = {.state = st, .rejects = &rj, .wall_ms = fixed_ms, .offset = -1};
    struct col_ami a;
    assert_int_equal(col_ami_init(&a, fixed_ms), 0);
    size_t len = strlen(stream);
    for (size_t i = 0; i < len; i += piece)
        col_ami_feed(&a, &in, "test", stream + i, len - i < piece ? len - i : piece);
    assert_int_equal(a.events, 5); // enqueued, answered + on_call, ended + available
    col_ami_fini(&a);
}

static void
split_anywhere_same_result(void **unused)
{
    (void)unused;
    size_t pieces[] = {1, 2, 7, 64, 100000};
    for (size_t k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
        struct core_state st;
        core_state_init(&st);
        run(pieces[k], &st);
        core_state_refresh(&st);
        struct core_queue *q = core_map_get(&st.queues, "sales");
        assert_non_null(q);
        assert_int_equal(q->answered, 1);
        assert_int_equal(q->w.today.handled, 1);
        assert_true(q->w.today.answer_wait_s == 12.0);
        assert_true(q->w.today.talk_s == 30.0);
        core_state_fini(&st);
    }
}

static void
over_long_message_is_dropped_alone(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    struct col_rejects rj;
    memset(&rj, 0, sizeof(rj));
    struct col_ingest in = {.state = &st, .rejects = &rj, .wall_ms = fixed_ms, .offset = -1};
    struct col_ami a;
    assert_int_equal(col_ami_init(&a, fixed_ms), 0);
    const char *head = "Event: VarSet\r\nValue: ";
    col_ami_feed(&a, &in, "t", head, strlen(head));
    char *junk = malloc(300000);
    memset(junk, 'x', 300000);
    col_ami_feed(&a, &in, "t", junk, 300000);
    free(junk);
    const char *rest = "\r\n\r\nEvent: QueueCallerJoin\r\nUniqueid: 2.2\r\nQueue: q\r\n\r\n";
    col_ami_feed(&a, &in, "t", rest, strlen(rest));
    assert_true(a.dropped >= 1);
    assert_int_equal(a.events, 1); // the join after the monster still counts
    assert_non_null(core_map_get(&st.calls, "2.2"));
    col_ami_fini(&a);
    core_state_fini(&st);
}

static void
feed_all(const char *text, struct core_state *st)
{
    struct col_rejects rj;
    memset(&rj, 0, sizeof(rj));
    struct col_ingest in = {.state = st, .rejects = &rj, .wall_ms = fixed_ms, .offset = -1};
    struct col_ami a;
    assert_int_equal(col_ami_init(&a, fixed_ms), 0);
    col_ami_feed(&a, &in, "t", text, strlen(text));
    col_ami_fini(&a);
}

// A caller who leaves and joins again under a new Uniqueid leaves no phantom waiting call; and
// QueueParams (Asterisk's own counts, zeroed by a reload) changes nothing of ours.
static void
rejoin_and_reset_stats(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    feed_all("Event: QueueCallerJoin\r\nChannel: PJSIP/9-1\r\nUniqueid: 5.1\r\nQueue: q\r\n\r\n"
             "Event: QueueCallerLeave\r\nChannel: PJSIP/9-1\r\nUniqueid: 5.1\r\nQueue: q\r\n\r\n"
             "Event: QueueCallerJoin\r\nChannel: PJSIP/9-1\r\nUniqueid: 5.2\r\nQueue: q\r\n\r\n"
             "Event: QueueParams\r\nQueue: q\r\nCalls: 0\r\nCompleted: 0\r\nAbandoned: 0\r\n\r\n",
             &st);
    core_state_refresh(&st);
    struct core_queue *q = core_map_get(&st.queues, "q");
    assert_non_null(q);
    assert_int_equal(q->waiting, 1); // only 5.2
    assert_int_equal(q->offered, 2);
    core_state_fini(&st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_anywhere_same_result),
        cmocka_unit_test(over_long_message_is_dropped_alone),
        cmocka_unit_test(rejoin_and_reset_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
