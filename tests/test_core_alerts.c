// SPDX-License-Identifier: MIT
// core/alerts.c: rules are checked with messages naming the JSON path; an alert is raised
// only after its figure stayed over the threshold for for_s, resolves by itself once the
// figure recovers past `clear`, is not raised again within the cooldown, never in quiet
// hours; an acknowledgement names who and is forgotten when the alert comes back.
#include "cmocka_prelude.h"
#include "core/alert_eval.h"
#include "core/alerts.h"
#include "state_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct core_alerts *
rules(const char *json)
{
    struct core_alerts *a;
    struct core_err err;
    core_err_clear(&err);
    if (core_alerts_parse(json, strlen(json), "alerts.json", &a, &err) != 0)
        fail_msg("%s", err.text);
    return a;
}

static void
bad_rules_are_explained(void **unused)
{
    (void)unused;
    static const struct {
        const char *json, *says;
    } cases[] = {
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"waiting\",\"abve\":3}]}",
         "rules[0]: unknown key \"abve\""},
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"waiting\",\"above\":3,\"below\":1}]"
         "}",
         "rules[0]: give one of \"above\" or \"below\""},
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"waiting\",\"above\":3,\"clear\":5}]"
         "}",
         "rules[0].clear: the figure recovers here, so it must be at or below the threshold 3"},
        {"{\"version\":1,\"rules\":[{\"id\":\"s\",\"metric\":\"service_level\",\"below\":80}]}",
         "rules[0].below: service_level is a fraction from 0 to 1"},
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"queue_depth\",\"above\":3}]}",
         "rules[0].metric: \"queue_depth\" is not known; use waiting"},
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"waiting\",\"above\":3,"
         "\"quiet_hours\":\"22-7\"}]}",
         "rules[0].quiet_hours: \"HH:MM-HH:MM\""},
        {"{\"version\":1,\"rules\":[{\"id\":\"w\",\"metric\":\"waiting\",\"above\":3},"
         "{\"id\":\"w\",\"metric\":\"waiting\",\"above\":5}]}",
         "rules[1].id: \"w\" is already rules[0]'s"},
        {"{\"version\":1,\"rules\":[{\"metric\":\"waiting\",\"above\":3}]}",
         "rules[0].id: required"},
        {"{\"version\":2,\"rules\":[]}", "version: must be 1"},
        {"{\"version\":1,\"rules\":[", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct core_alerts *a = NULL;
        struct core_err err;
        core_err_clear(&err);
        assert_int_not_equal(
            core_alerts_parse(cases[i].json, strlen(cases[i].json), "alerts.json", &a, &err), 0);
        assert_null(a);
        if (strstr(err.text, cases[i].says) == NULL)
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err.text, cases[i].says);
        assert_string_equal(err.source, "alerts.json");
    }
}

static const char *
enqueue(int t, int n)
{
    static char buf[128];
    snprintf(buf, sizeof(buf),
             "{\"type\":\"call.enqueued\",\"ts\":%d,\"call\":\"c%d\",\"queue\":\"q\"}", t, n);
    return buf;
}

static const char *
abandon(int t, int n)
{
    static char buf[128];
    snprintf(buf, sizeof(buf), "{\"type\":\"call.abandoned\",\"ts\":%d,\"call\":\"c%d\"}", t, n);
    return buf;
}

static void
at(struct core_state *st, int t, const char *line)
{
    if (line) {
        const char *lines[] = {line};
        feed(st, lines, 1);
    }
    core_state_set_now(st, (int64_t)t * 1000);
    core_state_refresh(st);
    core_alerts_evaluate(st->alerts, st, (int64_t)t * 1000);
}

static const struct core_alert *
alert(const struct core_state *st)
{
    return &st->alerts->alerts[0];
}

static void
raise_resolve_cooldown_ack(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    st.alerts = rules("{\"version\":1,\"rules\":[{\"id\":\"deep\",\"title\":\"排队过多\","
                      "\"metric\":\"waiting\",\"above\":3,\"clear\":1,\"for_s\":10,"
                      "\"cooldown_s\":60,\"queues\":[\"q\"]}]}");
    assert_string_equal(alert(&st)->key, "deep/q");
    for (int i = 1; i <= 4; i++)
        at(&st, 1000, enqueue(1000, i));
    assert_int_equal(alert(&st)->phase, CORE_ALERT_PENDING); // 4 > 3, but not for 10 s yet
    st.alerts->dirty = false;
    at(&st, 1009, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_PENDING);
    assert_false(st.alerts->dirty);
    at(&st, 1010, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_ACTIVE);
    assert_true(st.alerts->dirty);
    assert_true(alert(&st)->value == 4);
    // Acknowledged: by whom, shown in the published list.
    assert_int_equal(core_alerts_ack(st.alerts, "deep/other", "x", 1011000), CORE_E_UNKNOWN);
    assert_int_equal(core_alerts_ack(st.alerts, "deep/q", "大厅 1 号屏", 1011000), 0);
    cJSON *list = core_alerts_json(st.alerts);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    const cJSON *first = cJSON_GetArrayItem(list, 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "title")->valuestring, "排队过多");
    const cJSON *acked = cJSON_GetObjectItemCaseSensitive(first, "acked");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(acked, "by")->valuestring, "大厅 1 号屏");
    cJSON_Delete(list);
    // Down to 2: still over `clear`, still active. Down to 1: resolved by itself.
    at(&st, 1020, abandon(1020, 1));
    at(&st, 1021, abandon(1021, 2));
    assert_int_equal(alert(&st)->phase, CORE_ALERT_ACTIVE);
    at(&st, 1022, abandon(1022, 3));
    assert_int_equal(alert(&st)->phase, CORE_ALERT_IDLE);
    list = core_alerts_json(st.alerts);
    assert_int_equal(cJSON_GetArraySize(list), 0);
    cJSON_Delete(list);
    // Over again within the cooldown (60 s from 1022): not raised.
    for (int i = 5; i <= 8; i++)
        at(&st, 1030, enqueue(1030, i));
    at(&st, 1075, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_IDLE);
    at(&st, 1082, NULL); // cooldown over: pending from now, raised 10 s later
    assert_int_equal(alert(&st)->phase, CORE_ALERT_PENDING);
    at(&st, 1092, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_ACTIVE);
    assert_false(alert(&st)->acked); // a new alert: the old acknowledgement does not carry
    assert_int_equal(alert(&st)->raised, 2);
    core_state_fini(&st);
}

static void
quiet_hours_and_site_figures(void **unused)
{
    (void)unused;
    setenv("TZ", "UTC", 1);
    tzset();
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    // Site-wide (no queues), quiet from 22:00 to 07:00 UTC.
    st.alerts = rules("{\"version\":1,\"rules\":[{\"id\":\"any\",\"metric\":\"waiting\","
                      "\"above\":0,\"quiet_hours\":\"22:00-07:00\",\"severity\":\"watch\"}]}");
    int night = 86400 * 10 + 23 * 3600, morning = 86400 * 11 + 7 * 3600;
    at(&st, night, enqueue(night, 1));
    assert_int_equal(alert(&st)->phase, CORE_ALERT_IDLE); // 23:00: quiet
    at(&st, night + 3 * 3600, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_IDLE); // 02:00, past midnight: quiet
    at(&st, morning, NULL);
    assert_int_equal(alert(&st)->phase, CORE_ALERT_ACTIVE); // 07:00: raised
    assert_string_equal(alert(&st)->key, "any/");
    cJSON *list = core_alerts_json(st.alerts);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 0), "severity")->valuestring,
        "watch");
    cJSON_Delete(list);
    core_state_fini(&st);
}

// Calls on the minute t (seconds), each from region, saying word.
static void
say(struct core_state *st, int t, const char *word, const char *region, int calls, int *id)
{
    for (int i = 0; i < calls; i++) {
        char a[200], b[200];
        snprintf(a, sizeof(a),
                 "{\"type\":\"call.enqueued\",\"ts\":%d,\"call\":\"k%d\",\"queue\":\"q\","
                 "\"region\":\"%s\"}",
                 t, *id, region);
        snprintf(b, sizeof(b),
                 "{\"type\":\"keywords\",\"ts\":%d,\"call\":\"k%d\",\"words\":[\"%s\"]}", t, *id,
                 word);
        const char *lines[] = {a, b};
        feed(st, lines, 2);
        (*id)++;
    }
}

// A synthetic outage: 停电 from a handful of calls an hour to dozens in fifteen minutes,
// mostly from Jiangsu, raises a surge naming the word and its regions; steady noise (电费,
// said as often as before) does not; a watch word raises its own alert past its threshold.
static void
keyword_surge_and_watch_words(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    st.alerts = rules("{\"version\":1,\"rules\":["
                      "{\"id\":\"surge\",\"metric\":\"keyword_surge\",\"above\":10,"
                      "\"factor\":3},"
                      "{\"id\":\"watch\",\"metric\":\"keyword\",\"words\":[\"Fire\"],"
                      "\"above\":2}]}");
    assert_int_equal(st.alerts->nalerts, 1); // the watch word; surges come as words surge
    int id = 0, t0 = 36000 * 24 * 30;
    // The window before (15 minutes): 停电 twice, 电费 12 times.
    say(&st, t0, "停电", "CN-JS", 2, &id);
    say(&st, t0, "电费", "CN-GD", 12, &id);
    // This window: 停电 30 times (24 from Jiangsu), 电费 12 again, fire 3 times.
    say(&st, t0 + 900, "停电", "CN-JS", 24, &id);
    say(&st, t0 + 900, "停电", "CN-AH", 6, &id);
    say(&st, t0 + 900, "电费", "CN-GD", 12, &id);
    say(&st, t0 + 900, "fire", "US", 3, &id);
    core_state_set_now(&st, (int64_t)(t0 + 960) * 1000);
    core_state_refresh(&st);
    core_alerts_evaluate(st.alerts, &st, (int64_t)(t0 + 960) * 1000);
    cJSON *list = core_alerts_json(st.alerts);
    char *text = cJSON_PrintUnformatted(list);
    if (cJSON_GetArraySize(list) != 2)
        fail_msg("alerts: %s", text);
    bool surge = false, watch = false;
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const char *key = cJSON_GetObjectItemCaseSensitive(e, "key")->valuestring;
        const cJSON *word = cJSON_GetObjectItemCaseSensitive(e, "word");
        if (strcmp(key, "surge/停电") == 0) {
            surge = true;
            assert_string_equal(word->valuestring, "停电");
            assert_true(cJSON_GetObjectItemCaseSensitive(e, "value")->valuedouble == 30);
            const cJSON *top =
                cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "regions"), 0);
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(top, "region")->valuestring,
                                "CN-JS");
            assert_true(cJSON_GetObjectItemCaseSensitive(top, "count")->valuedouble == 24);
        }
        if (strcmp(key, "watch/fire") == 0)
            watch = true;
        if (strstr(key, "电费"))
            fail_msg("steady noise raised an alert: %s", text);
    }
    assert_true(surge && watch);
    cJSON_free(text);
    cJSON_Delete(list);
    // Fifteen minutes on, 停电 said as often as the window before: back to its baseline, over.
    say(&st, t0 + 1800, "停电", "CN-JS", 30, &id);
    core_state_set_now(&st, (int64_t)(t0 + 1860) * 1000);
    core_state_refresh(&st);
    core_alerts_evaluate(st.alerts, &st, (int64_t)(t0 + 1860) * 1000);
    bool still = false;
    for (size_t i = 0; i < st.alerts->nalerts; i++)
        still |= strcmp(st.alerts->alerts[i].key, "surge/停电") == 0 &&
                 st.alerts->alerts[i].phase == CORE_ALERT_ACTIVE;
    assert_false(still);
    core_state_fini(&st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_rules_are_explained),
        cmocka_unit_test(raise_resolve_cooldown_ack),
        cmocka_unit_test(quiet_hours_and_site_figures),
        cmocka_unit_test(keyword_surge_and_watch_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
