// SPDX-License-Identifier: MIT
// collector/command.c: the command socket's answers. A snapshot on "snapshot"; an agent's
// day on agent_history; every refusal says what was wrong, in a reply that names the command
// (and the agent), so a screen can match it to its question.
#include "cmocka_prelude.h"
#include "collector/command.h"
#include "state_helpers.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static cJSON *
ask(struct core_state *st, const char *req)
{
    char *text = col_command_reply(st, 7, 42, req, strlen(req));
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

    struct {
        const char *req, *cmd, *agent, *error;
    } refusals[] = {
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
