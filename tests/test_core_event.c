// SPDX-License-Identifier: MIT
// core/event.c: every event type parses; every kind of bad input is refused with its reason.
#include "cmocka_prelude.h"
#include "core/event.h"
#include "core/timefmt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int
parse(const char *json, struct core_event *ev, struct core_err *err)
{
    core_err_clear(err);
    return core_event_parse(json, strlen(json), ev, err);
}

static void
call_enqueued_with_defaults(void **state)
{
    (void)state;
    struct core_event ev;
    struct core_err err;
    assert_int_equal(
        parse("{\"type\":\"call.enqueued\",\"ts\":1700000000.25,\"call\":\"c1\","
              "\"queue\":\"sales\",\"caller\":\"+8613912345678\",\"region\":\"CN-JS\"}",
              &ev, &err),
        0);
    assert_int_equal(ev.type, CORE_EV_CALL_ENQUEUED);
    assert_int_equal(ev.ts_ms, 1700000000250LL);
    assert_string_equal(ev.channel, "voice");
    assert_string_equal(ev.call, "c1");
    assert_string_equal(ev.queue, "sales");
    assert_string_equal(ev.caller, "+8613912345678");
    assert_string_equal(ev.region, "CN-JS");
    core_event_fini(&ev);
}

static void
iso8601_times(void **state)
{
    (void)state;
    int64_t ms;
    assert_int_equal(core_time_parse_iso8601("2026-11-23T10:42:05+08:00", &ms), 0);
    assert_int_equal(ms, 1795401725000LL);
    assert_int_equal(core_time_parse_iso8601("2026-11-23T02:42:05.5Z", &ms), 0);
    assert_int_equal(ms, 1795401725500LL);
    assert_int_equal(core_time_parse_iso8601("2026-11-23 02:42:05-0130", &ms), 0);
    assert_int_equal(ms, 1795401725000LL + 90 * 60 * 1000);
    assert_int_not_equal(core_time_parse_iso8601("2026-11-23T10:42:05", &ms), 0); // no offset
    assert_int_not_equal(core_time_parse_iso8601("2026-02-30T10:42:05Z", &ms), 0);
    assert_int_not_equal(core_time_parse_iso8601("2026-11-23T10:42:05Zjunk", &ms), 0);
    struct core_event ev;
    struct core_err err;
    assert_int_equal(parse("{\"type\":\"call.ended\",\"ts\":\"2026-11-23T10:42:05+08:00\","
                           "\"call\":\"c1\",\"channel\":\"chat\"}",
                           &ev, &err),
                     0);
    assert_int_equal(ev.ts_ms, 1795401725000LL);
    assert_string_equal(ev.channel, "chat");
}

static void
agent_state_fields(void **state)
{
    (void)state;
    struct core_event ev;
    struct core_err err;
    assert_int_equal(parse("{\"type\":\"agent.state\",\"ts\":5,\"agent\":\"1001\",\"state\":"
                           "\"not_ready\",\"reason\":\"午餐\",\"name\":\"王伟\",\"queues\":"
                           "[\"a\",\"b\"],\"team\":\"A组\",\"future_field\":1}",
                           &ev, &err),
                     0);
    assert_int_equal(ev.state, CORE_AGENT_NOT_READY);
    assert_string_equal(ev.reason, "午餐");
    assert_string_equal(ev.name, "王伟");
    assert_true(ev.has_queues);
    assert_int_equal(ev.nqueues, 2);
    assert_string_equal(ev.queues[1], "b");
    assert_true(ev.has_team);
}

static void
keywords_and_text(void **state)
{
    (void)state;
    struct core_event ev;
    struct core_err err;
    assert_int_equal(
        parse("{\"type\":\"keywords\",\"ts\":5,\"words\":[\"停电\",\"\",\"bill\"]}", &ev, &err), 0);
    assert_int_equal(ev.nwords, 2); // empty words are skipped
    assert_string_equal(ev.words[0], "停电");
    assert_int_equal(
        parse("{\"type\":\"text\",\"ts\":5,\"call\":\"c\",\"text\":\"第一行\\n第二行\"}", &ev,
              &err),
        0);
    assert_string_equal(ev.text, "第一行\n第二行");
    core_event_fini(&ev);
}

struct bad_case {
    const char *json;
    int code;
    const char *says; // part of the message
};

static void
bad_input_is_refused_with_a_reason(void **state)
{
    (void)state;
    static const struct bad_case cases[] = {
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"c\"", CORE_E_PARSE, "malformed JSON"},
        {"not json", CORE_E_PARSE, "malformed JSON"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"c\"} extra", CORE_E_PARSE,
         "unexpected data"},
        {"[1,2]", CORE_E_INVALID, "must be a JSON object"},
        {"{\"ts\":5}", CORE_E_INVALID, "missing field \"type\""},
        {"{\"type\":\"call.teleported\",\"ts\":5}", CORE_E_UNKNOWN, "call.teleported"},
        {"{\"type\":\"call.ended\",\"call\":\"c\"}", CORE_E_INVALID, "\"ts\""},
        {"{\"type\":\"call.ended\",\"ts\":1700000000000,\"call\":\"c\"}", CORE_E_INVALID, "1e11"},
        {"{\"type\":\"call.ended\",\"ts\":\"yesterday\",\"call\":\"c\"}", CORE_E_INVALID,
         "ISO-8601"},
        {"{\"type\":\"call.ended\",\"ts\":5}", CORE_E_INVALID, "missing field \"call\""},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"\"}", CORE_E_INVALID, "empty"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":7}", CORE_E_INVALID, "must be a string"},
        {"{\"type\":\"call.enqueued\",\"ts\":5,\"call\":\"c\",\"queue\":\"q\",\"region\":"
         "\"Jiangsu\"}",
         CORE_E_INVALID, "ISO 3166"},
        {"{\"type\":\"call.enqueued\",\"ts\":5,\"call\":\"c\",\"queue\":\"q\",\"caller\":\"139;"
         "1234\"}",
         CORE_E_INVALID, "caller"},
        {"{\"type\":\"agent.state\",\"ts\":5,\"agent\":\"a\",\"state\":\"sleeping\"}",
         CORE_E_INVALID, "sleeping"},
        {"{\"type\":\"agent.state\",\"ts\":5,\"agent\":\"a\",\"state\":\"available\",\"queues\":"
         "\"q\"}",
         CORE_E_INVALID, "array"},
        {"{\"type\":\"keywords\",\"ts\":5}", CORE_E_INVALID, "words"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"c\",\"channel\":\"Voice!\"}", CORE_E_INVALID,
         "channel"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"\xff\xfe\"}", CORE_E_INVALID, "UTF-8"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"\\u0001\"}", CORE_E_INVALID, "UTF-8"},
        // "type" present but not text is not "missing"; a NUL would cut an id (c\0x == c\0y).
        {"{\"type\":42,\"ts\":5}", CORE_E_INVALID, "\"type\" must be a string"},
        {"{\"type\":\"call.ended\",\"ts\":5,\"call\":\"c\\u0000x\"}", CORE_E_INVALID, "NUL"},
        // call.left: a reason from the list; a blocked caller names its queue.
        {"{\"type\":\"call.left\",\"ts\":5,\"call\":\"c\",\"reason\":\"bored\"}", CORE_E_INVALID,
         "timeout, exit_key"},
        {"{\"type\":\"call.left\",\"ts\":5,\"call\":\"c\",\"reason\":\"blocked\"}", CORE_E_INVALID,
         "\"queue\""},
        {"{\"type\":\"agent.state\",\"ts\":5,\"agent\":\"a\",\"state\":\"available\",\"wrap_s\":"
         "30}",
         CORE_E_INVALID, "wrap_up state only"},
        {"{\"type\":\"agent.ring_missed\",\"ts\":5,\"agent\":\"a\",\"ring_s\":-1}", CORE_E_INVALID,
         "ring_s"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct core_event ev;
        struct core_err err;
        int rc = parse(cases[i].json, &ev, &err);
        if (rc != cases[i].code || strstr(err.text, cases[i].says) == NULL)
            fail_msg("case %zu (%s): got %d \"%s\", want %d containing \"%s\"", i, cases[i].json,
                     rc, err.text, cases[i].code, cases[i].says);
    }
}

// Well-formed JSON nested deeper than cJSON parses (1,000 levels) is told as too deep, not
// as malformed; 1,000 levels with a bracket inside a string is not miscounted.
static void
too_deep_is_said(void **state)
{
    (void)state;
    static char deep[2 * 1100 + 64];
    size_t n = (size_t)snprintf(deep, sizeof(deep), "{\"type\":\"call.ended\",\"ts\":5,\"x\":");
    for (int i = 0; i < 1100; i++)
        deep[n++] = '[';
    for (int i = 0; i < 1100; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    struct core_event ev;
    struct core_err err;
    assert_int_equal(parse(deep, &ev, &err), CORE_E_PARSE);
    assert_non_null(strstr(err.text, "nested more than 1000 levels"));
    assert_int_equal(parse("{\"type\":\"call.ended\",\"ts\":5,\"call\":\"[[[\"", &ev, &err),
                     CORE_E_PARSE);
    assert_non_null(strstr(err.text, "malformed JSON"));
}

static void
syntax_error_has_a_column(void **state)
{
    (void)state;
    struct core_event ev;
    struct core_err err;
    assert_int_equal(parse("{\"type\": \"call.ended\", \"ts\": 5,, }", &ev, &err), CORE_E_PARSE);
    assert_in_range(err.column, 31, 33); // at the second comma, as cJSON reports it
}

static void
too_long_is_refused(void **state)
{
    (void)state;
    static char big[CORE_EVENT_LINE_MAX + 10];
    memset(big, ' ', sizeof(big));
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_event_parse(big, sizeof(big), &ev, &err), CORE_E_TOOLONG);
    char id[300];
    memset(id, 'x', sizeof(id));
    id[299] = '\0';
    char json[512];
    snprintf(json, sizeof(json), "{\"type\":\"call.ended\",\"ts\":5,\"call\":\"%s\"}", id);
    assert_int_equal(parse(json, &ev, &err), CORE_E_TOOLONG);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(call_enqueued_with_defaults),
        cmocka_unit_test(iso8601_times),
        cmocka_unit_test(agent_state_fields),
        cmocka_unit_test(keywords_and_text),
        cmocka_unit_test(bad_input_is_refused_with_a_reason),
        cmocka_unit_test(syntax_error_has_a_column),
        cmocka_unit_test(too_deep_is_said),
        cmocka_unit_test(too_long_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
