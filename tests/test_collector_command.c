// SPDX-License-Identifier: MIT
// collector/command.c: the command socket's answers. A snapshot on "snapshot"; an agent's
// day on agent_history; every refusal says what was wrong, in a reply that names the command
// (and the agent), so a screen can match it to its question.
#include "cmocka_prelude.h"
#include "collector/outputs/command.h"
#include "core/alert_eval.h"
#include "state_helpers.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static cJSON *
ask(struct core_state *st, const char *req)
{
    struct col_command_env env = {7, 42, NULL, 5000000};
    char *text = col_command_reply(st, &env, req, strlen(req));
    assert_non_null(text);
    cJSON *r = cJSON_Parse(text);
    cJSON_free(text);
    assert_non_null(r);
    return r;
}

static const char *
str_of(const cJSON *o, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(s) ? s->valuestring : "";
}

static void
answers(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"agent.state\",\"ts\":36000,\"agent\":\"1001\",\"state\":\"available\"}",
         "{\"type\":\"agent.state\",\"ts\":36060,\"agent\":\"1001\",\"state\":\"not_ready\","
         "\"reason\":\"午餐\"}");
    cJSON *r = ask(&st, "snapshot");
    assert_string_equal(str_of(r, "kind"), "snapshot");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(r, "seq")->valueint, 42);
    cJSON_Delete(r);

    r = ask(&st, "{\"cmd\":\"agent_history\",\"agent\":\"1001\"}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    assert_string_equal(str_of(r, "agent"), "1001");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "history");
    assert_int_equal(cJSON_GetArraySize(h), 2);
    const cJSON *second = cJSON_GetArrayItem(h, 1);
    assert_string_equal(str_of(second, "state"), "not_ready");
    assert_string_equal(str_of(second, "reason"), "午餐");
    assert_true(cJSON_GetObjectItemCaseSensitive(second, "since")->valuedouble == 36060.0);
    cJSON_Delete(r);

    // The calls waiting in a queue, longest first, with their channel and nothing else.
    FEED(&st,
         "{\"type\":\"call.enqueued\",\"ts\":36100,\"call\":\"c1\",\"queue\":\"q\","
         "\"channel\":\"chat\",\"caller\":\"+8613912345678\"}",
         "{\"type\":\"call.enqueued\",\"ts\":36090,\"call\":\"c2\",\"queue\":\"q\"}",
         "{\"type\":\"call.enqueued\",\"ts\":36095,\"call\":\"c3\",\"queue\":\"other\"}");
    r = ask(&st, "{\"cmd\":\"queue_calls\",\"queue\":\"q\"}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(r, "calls");
    assert_int_equal(cJSON_GetArraySize(calls), 2);
    assert_true(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(calls, 0), "since")->valuedouble ==
        36090.0);
    assert_string_equal(str_of(cJSON_GetArrayItem(calls, 1), "channel"), "chat");
    char *text = cJSON_PrintUnformatted(r);
    assert_null(strstr(text, "13912345678")); // numbers never leave the collector
    assert_null(strstr(text, "c1"));          // nor call ids
    cJSON_free(text);
    cJSON_Delete(r);

    struct {
        const char *req, *cmd, *agent, *error;
    } refusals[] = {
        {"{\"cmd\":\"queue_calls\",\"queue\":\"nope\"}", "queue_calls", "", "no queue \"nope\""},
        {"{\"cmd\":\"agent_history\",\"agent\":\"9\"}", "agent_history", "9", "no agent \"9\""},
        {"{\"cmd\":\"agent_history\"}", "agent_history", "", "agent: give the agent's id"},
        {"{\"cmd\":\"reboot\"}", "reboot", "", "unknown command; known: snapshot"},
        {"{\"agent\":\"1001\"}", "", "", "cmd: name the command"},
        {"snapshot please", "", "", "send \"snapshot\" or a JSON command"},
        {"", "", "", "send \"snapshot\""},
    };
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        r = ask(&st, refusals[i].req);
        assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "ok")));
        assert_string_equal(str_of(r, "cmd"), refusals[i].cmd);
        assert_string_equal(str_of(r, "agent"), refusals[i].agent);
        if (strstr(str_of(r, "error"), refusals[i].error) == NULL)
            fail_msg("%s: error \"%s\"", refusals[i].req, str_of(r, "error"));
        cJSON_Delete(r);
    }
    core_state_fini(&st);
}

// Asks with the tokens a --command-token-file holding file_text gives (NULL: none).
static cJSON *
ask_with(struct core_state *st, const char *file_text, const char *req)
{
    struct col_tokens tokens;
    struct core_err err;
    core_err_clear(&err);
    if (file_text)
        assert_int_equal(col_tokens_parse(file_text, "tokens", &tokens, &err), 0);
    struct col_command_env env = {7, 42, file_text ? &tokens : NULL, 5000000};
    char *text = col_command_reply(st, &env, req, strlen(req));
    assert_non_null(text);
    cJSON *r = cJSON_Parse(text);
    cJSON_free(text);
    assert_non_null(r);
    return r;
}

// An acknowledgement needs the site's token; a wrong one is refused and counted, and the
// alert stays unacknowledged.
static void
acknowledgements_need_the_token(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    static const char rules[] = "{\"version\":1,\"rules\":[{\"id\":\"deep\",\"metric\":"
                                "\"waiting\",\"above\":0,\"queues\":[\"q\"]}]}";
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_alerts_parse(rules, strlen(rules), "a.json", &st.alerts, &err), 0);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":4000,\"call\":\"c1\",\"queue\":\"q\"}");
    core_state_set_now(&st, 4000000);
    core_state_refresh(&st);
    core_alerts_evaluate(st.alerts, &st, 4000000);
    assert_int_equal(st.alerts->alerts[0].phase, CORE_ALERT_ACTIVE);
    static const char good[] = "{\"cmd\":\"ack\",\"alert\":\"deep/q\",\"token\":"
                               "\"s3cret-token-0123\",\"by\":\"大厅屏\"}";
    static const char wrong[] = "{\"cmd\":\"ack\",\"alert\":\"deep/q\",\"token\":"
                                "\"s3cret-token-0124\",\"by\":\"大厅屏\"}";
    cJSON *r = ask_with(&st, NULL, good); // no token configured: acks are off
    assert_true(strstr(str_of(r, "error"), "acknowledgements are off") != NULL);
    cJSON_Delete(r);
    r = ask_with(&st, "s3cret-token-0123", wrong);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    assert_string_equal(str_of(r, "error"), "invalid token");
    cJSON_Delete(r);
    r = ask_with(&st, "s3cret-token-0123",
                 "{\"cmd\":\"ack\",\"alert\":\"deep/q\",\"by\":\"x\"}"); // no token at all
    assert_string_equal(str_of(r, "error"), "invalid token");
    cJSON_Delete(r);
    assert_int_equal(st.counters.acks_refused, 2);
    assert_false(st.alerts->alerts[0].acked);
    // Who acknowledged is shown on every screen: text only, no control characters.
    r = ask_with(&st, "s3cret-token-0123",
                 "{\"cmd\":\"ack\",\"alert\":\"deep/q\",\"token\":\"s3cret-token-0123\","
                 "\"by\":\"a\\u001b[2Jb\"}");
    assert_true(strstr(str_of(r, "error"), "without control characters") != NULL);
    cJSON_Delete(r);
    assert_false(st.alerts->alerts[0].acked);
    r = ask_with(&st, "s3cret-token-0123", good);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    cJSON_Delete(r);
    assert_true(st.alerts->alerts[0].acked);
    assert_string_equal(st.alerts->alerts[0].acked_by, "大厅屏");
    assert_int_equal(st.alerts->alerts[0].acked_ms, 5000000);
    r = ask_with(&st, "s3cret-token-0123",
                 "{\"cmd\":\"ack\",\"alert\":\"gone/q\",\"token\":\"s3cret-token-0123\"}");
    assert_true(strstr(str_of(r, "error"), "no such active alert") != NULL);
    cJSON_Delete(r);
    core_state_fini(&st);
}

// On a roll-up each site's screens hold their site's token: it acknowledges that site's
// alerts only; the whole collector's token acknowledges any.
static void
site_tokens_act_on_their_site(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    static const char rules[] = "{\"version\":1,\"rules\":[{\"id\":\"deep\",\"metric\":"
                                "\"waiting\",\"above\":0,\"queues\":[\"north/q\",\"south/q\"]}]}";
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_alerts_parse(rules, strlen(rules), "a.json", &st.alerts, &err), 0);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":4000,\"call\":\"c1\",\"queue\":\"q\","
              "\"site\":\"north\"}");
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":4000,\"call\":\"c1\",\"queue\":\"q\","
              "\"site\":\"south\"}");
    core_state_set_now(&st, 4000000);
    core_state_refresh(&st);
    core_alerts_evaluate(st.alerts, &st, 4000000);
    assert_int_equal(st.alerts->nalerts, 2);
    static const char file[] = "# site tokens\n"
                               "north   north-token-0123456\n"
                               "south\tsouth-token-0123456  # the south hall\n"
                               "whole-region-token-0123\n";
    cJSON *r = ask_with(&st, file,
                        "{\"cmd\":\"ack\",\"alert\":\"deep/south/q\",\"token\":"
                        "\"north-token-0123456\"}");
    assert_string_equal(str_of(r, "error"), "invalid token"); // north's token, south's alert
    cJSON_Delete(r);
    r = ask_with(&st, file,
                 "{\"cmd\":\"ack\",\"alert\":\"deep/north/q\",\"token\":\"north-token-0123456\"}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    cJSON_Delete(r);
    r = ask_with(&st, file,
                 "{\"cmd\":\"ack\",\"alert\":\"deep/south/q\",\"token\":"
                 "\"whole-region-token-0123\"}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    cJSON_Delete(r);
    assert_int_equal(st.counters.acks_refused, 1);
    core_state_fini(&st);

    struct col_tokens t;
    static const char *const bad[][2] = {
        {"north short\n", "tokens:1: a token of 16"},
        {"north north-token-0123456\nnorth other-token-0123456\n", "tokens:2: north has a"},
        {"a b c\n", "tokens:1: one token, or a site"},
        {"# nothing\n\n", "tokens: no token"},
        {"x/y north-token-0123456\n", "tokens:1: \"x/y\" is not a site"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        core_err_clear(&err);
        assert_int_equal(col_tokens_parse(bad[i][0], "tokens", &t, &err), CORE_E_INVALID);
        if (strstr(err.text, bad[i][1]) == NULL)
            fail_msg("\"%s\": said \"%s\"", bad[i][0], err.text);
    }
}

// The day's curve: the site's when no scope is named, a queue's by name; one scope at a time,
// and a scope that does not exist is named back. Ts 36000 is 10:00 UTC: the collector's zone
// in the tests (TZ=UTC), so the first interval starts there; at 36900 it closes.
static void
intervals_of_a_scope(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":36000,\"call\":\"c1\",\"queue\":\"q\"}",
         "{\"type\":\"call.abandoned\",\"ts\":36030,\"call\":\"c1\"}",
         "{\"type\":\"call.enqueued\",\"ts\":36900,\"call\":\"c2\",\"queue\":\"q\"}");
    cJSON *r = ask(&st, "{\"cmd\":\"intervals\",\"queue\":\"q\"}");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    assert_string_equal(str_of(r, "scope"), "queue");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "intervals");
    assert_int_equal(cJSON_GetArraySize(list), 2); // 10:00 (c1 abandoned), 10:15 (c2 waiting)
    const cJSON *first = cJSON_GetArrayItem(list, 0), *now = cJSON_GetArrayItem(list, 1);
    assert_true(cJSON_GetObjectItemCaseSensitive(first, "start")->valuedouble == 36000.0);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(first, "abandoned")->valueint, 1);
    assert_true(cJSON_GetObjectItemCaseSensitive(now, "start")->valuedouble == 36900.0);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(now, "offered")->valueint, 1);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(r, "interval_minutes")->valueint, 15);
    cJSON_Delete(r);
    r = ask(&st, "{\"cmd\":\"intervals\"}");
    assert_string_equal(str_of(r, "scope"), "all");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "intervals")), 2);
    cJSON_Delete(r);
    r = ask(&st, "{\"cmd\":\"intervals\",\"queue\":\"nope\"}");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    assert_string_equal(str_of(r, "error"), "no queue \"nope\"");
    cJSON_Delete(r);
    r = ask(&st, "{\"cmd\":\"intervals\",\"queue\":\"q\",\"team\":\"A\"}");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
    assert_non_null(strstr(str_of(r, "error"), "name one scope"));
    cJSON_Delete(r);
    core_state_fini(&st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers),
        cmocka_unit_test(intervals_of_a_scope),
        cmocka_unit_test(acknowledgements_need_the_token),
        cmocka_unit_test(site_tokens_act_on_their_site),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
