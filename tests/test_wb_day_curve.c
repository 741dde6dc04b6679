// SPDX-License-Identifier: MIT
// wallboard/engine/day_curve.c: a scope's intervals of today and yesterday on the screen, from
// the collector's answer and the stream's windows, and "same time yesterday" (docs/metrics.md,
// "The day's curve"). Figures worked by hand in the comments.
#include "cmocka_prelude.h"
#include "wallboard/engine/day_curve.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

#define DAY  86400.0
#define YDAY 1795449600.0 // yesterday 00:00 (+08:00)
#define TDAY (YDAY + DAY)
#define H9   (9 * 3600.0)

static struct wb_day_curve curve; // 130 KB: not on the stack

// Yesterday 09:00 offered 12, answered 9 (6 in 20 s), 3 passed T, answer waits 180 s;
// yesterday 09:15 offered 30, answered 24 (18 in T), 6 passed T, answer waits 360 s;
// today 09:00 (in progress) offered 5.
static const char *reply =
    "{\"ok\":true,\"cmd\":\"intervals\",\"scope\":\"queue\",\"id\":\"q\",\"interval_minutes\":15,"
    "\"day_start\":1795536000,\"yesterday_start\":1795449600,\"intervals\":["
    "{\"start\":1795482000,\"end\":1795482900,\"offered\":12,\"answered\":9,\"answered_in_sl\":6,"
    "\"sl_passed\":3,\"answer_wait_sum_s\":180},"
    "{\"start\":1795482900,\"end\":1795483800,\"offered\":30,\"answered\":24,\"answered_in_sl\":18,"
    "\"sl_passed\":6,\"answer_wait_sum_s\":360},"
    "{\"start\":1795568400,\"end\":1795569300,\"offered\":5}]}";

static void
load(void)
{
    cJSON *r = cJSON_Parse(reply);
    assert_true(wb_day_curve_from_reply(&curve, r));
    cJSON_Delete(r);
}

// At today 09:20 yesterday so far is its 09:00 interval whole and a third of 09:15 (5 of its
// 15 minutes): offered 12 + 30/3 = 22, answered 9 + 8 = 17, in T 6 + 6 = 12, passed T 3 + 2 = 5:
// SL 12 / (12 + 5) = 0.706; answer waits 180 + 120 = 300 s over 17: ASA 17.6 s.
static void
same_time_yesterday_takes_the_part_gone(void **unused)
{
    (void)unused;
    load();
    assert_int_equal(curve.len, 3);
    struct core_tally t;
    assert_true(wb_day_curve_same_time_yesterday(&curve, TDAY + H9 + 20 * 60, &t));
    assert_int_equal(t.offered, 22);
    assert_int_equal(t.answered, 17);
    assert_int_equal(t.answered_in_sl, 12);
    assert_int_equal(t.sl_passed, 5);
    assert_true(fabs(t.answer_wait_s - 300) < 1e-9);
    struct core_metrics_config cfg;
    core_metrics_config_default(&cfg);
    double sl;
    assert_true(core_tally_figure(&t, &cfg, CORE_FIG_SERVICE_LEVEL, &sl));
    assert_true(fabs(sl - 12.0 / 17) < 1e-9);
    // At 08:59 nothing of yesterday's morning yet: an empty sum, still a comparison.
    assert_true(wb_day_curve_same_time_yesterday(&curve, TDAY + H9 - 60, &t));
    assert_int_equal(t.offered, 0);
    // At 10:00 both intervals whole, not more: 42 offered.
    assert_true(wb_day_curve_same_time_yesterday(&curve, TDAY + H9 + 3600, &t));
    assert_int_equal(t.offered, 42);
}

// The stream's windows update the interval in progress and add the next; at midnight
// yesterday's intervals go and today's become yesterday's.
static void
folds_the_stream_and_turns_at_midnight(void **unused)
{
    (void)unused;
    load();
    struct core_view_queue q = {.has_windows = true};
    q.win_start_s[CORE_WIN_PREVIOUS] = TDAY + H9;
    q.win[CORE_WIN_PREVIOUS].offered = 7; // the 09:00 interval closed with 7
    q.win_start_s[CORE_WIN_INTERVAL] = TDAY + H9 + 900;
    q.win[CORE_WIN_INTERVAL].offered = 1;
    wb_day_curve_fold(&curve, &q, TDAY);
    assert_int_equal(curve.len, 4);
    assert_int_equal(curve.iv[2].t.offered, 7);
    assert_int_equal(curve.iv[3].t.offered, 1);
    assert_true(curve.iv[3].start_s == TDAY + H9 + 900);
    // The next day: what was yesterday goes, today's intervals stay as yesterday's.
    struct core_view_queue next = {.has_windows = true};
    next.win_start_s[CORE_WIN_PREVIOUS] = TDAY + DAY - 900;
    next.win_start_s[CORE_WIN_INTERVAL] = TDAY + DAY;
    next.win[CORE_WIN_INTERVAL].offered = 2;
    wb_day_curve_fold(&curve, &next, TDAY + DAY);
    assert_true(curve.yesterday_start_s == TDAY && curve.day_start_s == TDAY + DAY);
    assert_int_equal(curve.len, 4); // 09:00, 09:15, 23:45 (empty), 00:00
    assert_true(curve.iv[0].start_s == TDAY + H9);
    struct core_tally t;
    assert_true(wb_day_curve_same_time_yesterday(&curve, TDAY + DAY + H9 + 1800, &t));
    assert_int_equal(t.offered, 8);
}

// Not an answer to "intervals": refused, the curve empty.
static void
refuses_what_is_not_a_curve(void **unused)
{
    (void)unused;
    cJSON *r = cJSON_Parse("{\"ok\":false,\"cmd\":\"intervals\",\"error\":\"no queue \\\"x\\\"\"}");
    assert_false(wb_day_curve_from_reply(&curve, r));
    assert_false(curve.loaded);
    struct core_tally t;
    assert_false(wb_day_curve_same_time_yesterday(&curve, TDAY, &t));
    cJSON_Delete(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_time_yesterday_takes_the_part_gone),
        cmocka_unit_test(folds_the_stream_and_turns_at_midnight),
        cmocka_unit_test(refuses_what_is_not_a_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
