// SPDX-License-Identifier: MIT
// wallboard/gesture.c and ui.c: fingers and the mouse become taps, long presses, swipes and
// two-finger taps; gestures turn pages, open and close drill-downs and pause rotation; time
// closes an untouched drill-down and resumes a paused rotation.
#include "cmocka_prelude.h"
#include "wallboard/engine/gesture.h"
#include "wallboard/engine/history.h"
#include "wallboard/engine/ui.h"
#include "wallboard/layout/layout.h"

#include <stdio.h>
#include <string.h>

#define W 1920
#define H 1080

static struct wb_gestures g;
static int64_t now;

static bool
put(enum wb_pointer_phase phase, int64_t finger, double x, double y, int64_t after_ms,
    struct wb_gesture *out)
{
    now += after_ms;
    struct wb_pointer p = {phase, finger, x, y, now};
    return wb_gestures_feed(&g, &p, out);
}

// One finger down at (x0, y0), moved to (x1, y1) over ms, then up. Returns the gesture type.
static enum wb_gesture_type
stroke(double x0, double y0, double x1, double y1, int64_t ms)
{
    struct wb_gesture out = {0};
    assert_false(put(WB_POINTER_DOWN, 5, x0, y0, 1000, &out));
    assert_false(put(WB_POINTER_MOVE, 5, (x0 + x1) / 2, (y0 + y1) / 2, ms / 2, &out));
    return put(WB_POINTER_UP, 5, x1, y1, ms - ms / 2, &out) ? out.type : WB_GESTURE_NONE;
}

static void
one_finger_gestures(void **unused)
{
    (void)unused;
    wb_gestures_init(&g, W, H);
    now = 0;
    assert_int_equal(stroke(500, 500, 500, 500, 120), WB_GESTURE_TAP);
    assert_int_equal(stroke(500, 500, 510, 505, 200), WB_GESTURE_TAP); // a rolling fingertip
    assert_int_equal(stroke(1500, 500, 900, 540, 300), WB_GESTURE_SWIPE_LEFT);
    assert_int_equal(stroke(300, 500, 900, 460, 300), WB_GESTURE_SWIPE_RIGHT);
    assert_int_equal(stroke(300, 500, 400, 500, 300), WB_GESTURE_NONE);  // too short
    assert_int_equal(stroke(900, 200, 960, 900, 300), WB_GESTURE_NONE);  // vertical
    assert_int_equal(stroke(300, 500, 900, 500, 3000), WB_GESTURE_NONE); // a slow drag
    assert_int_equal(stroke(500, 500, 500, 500, 900), WB_GESTURE_NONE);  // held: no tap
    // A long press is reported while the finger is still down, once.
    struct wb_gesture out = {0};
    assert_false(put(WB_POINTER_DOWN, 9, 700, 400, 1000, &out));
    assert_int_equal(wb_gestures_deadline(&g), now + WB_LONG_PRESS_MS);
    assert_false(wb_gestures_tick(&g, now + WB_LONG_PRESS_MS - 1, &out));
    assert_true(wb_gestures_tick(&g, now + WB_LONG_PRESS_MS, &out));
    assert_int_equal(out.type, WB_GESTURE_LONG_PRESS);
    assert_int_equal((int)out.x, 700);
    assert_false(wb_gestures_tick(&g, now + 5000, &out));
    assert_int_equal(wb_gestures_deadline(&g), INT64_MAX);
    assert_false(put(WB_POINTER_UP, 9, 700, 400, 2000, &out)); // no tap after it
    // A finger that moved is not pressing.
    assert_false(put(WB_POINTER_DOWN, 9, 700, 400, 1000, &out));
    assert_false(put(WB_POINTER_MOVE, 9, 900, 400, 100, &out));
    assert_false(wb_gestures_tick(&g, now + 2000, &out));
    assert_false(put(WB_POINTER_UP, 9, 900, 400, 2000, &out));
}

static void
several_fingers(void **unused)
{
    (void)unused;
    wb_gestures_init(&g, W, H);
    now = 0;
    struct wb_gesture out = {0};
    // Two fingers down and up together: a two-finger tap, whichever lifts first.
    assert_false(put(WB_POINTER_DOWN, 1, 800, 500, 1000, &out));
    assert_false(put(WB_POINTER_DOWN, 2, 950, 520, 40, &out));
    assert_false(wb_gestures_tick(&g, now + 2000, &out)); // two fingers: never a long press
    assert_false(put(WB_POINTER_UP, 2, 950, 520, 100, &out));
    assert_true(put(WB_POINTER_UP, 1, 800, 500, 30, &out));
    assert_int_equal(out.type, WB_GESTURE_TWO_FINGER_TAP);
    // Three fingers (a palm): nothing.
    assert_false(put(WB_POINTER_DOWN, 1, 800, 500, 1000, &out));
    assert_false(put(WB_POINTER_DOWN, 2, 850, 500, 10, &out));
    assert_false(put(WB_POINTER_DOWN, 3, 900, 500, 10, &out));
    assert_false(put(WB_POINTER_UP, 3, 900, 500, 50, &out));
    assert_false(put(WB_POINTER_UP, 2, 850, 500, 10, &out));
    assert_false(put(WB_POINTER_UP, 1, 800, 500, 10, &out));
    // Two fingers that slide: a pinch or a drag, not a tap.
    assert_false(put(WB_POINTER_DOWN, 1, 800, 500, 1000, &out));
    assert_false(put(WB_POINTER_DOWN, 2, 950, 500, 10, &out));
    assert_false(put(WB_POINTER_MOVE, 2, 1200, 500, 50, &out));
    assert_false(put(WB_POINTER_UP, 2, 1200, 500, 50, &out));
    assert_false(put(WB_POINTER_UP, 1, 800, 500, 10, &out));
    // An up from a finger never seen going down is ignored.
    assert_false(put(WB_POINTER_UP, 42, 10, 10, 10, &out));
    // And a plain tap still works afterwards.
    assert_int_equal(stroke(500, 500, 500, 500, 100), WB_GESTURE_TAP);
}

static const char layout_json[] =
    "{\"version\":1,\"touch\":{\"overlay_timeout_s\":20,\"resume_rotation_s\":60},"
    "\"pages\":[{\"dwell_s\":10,\"widgets\":[{\"type\":\"header\"}]},"
    "{\"dwell_s\":10,\"widgets\":[{\"type\":\"header\"}]},"
    "{\"dwell_s\":10,\"widgets\":[{\"type\":\"header\"}]}]}";

static struct wb_layout *
three_pages(void)
{
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    if (wb_layout_parse(layout_json, strlen(layout_json), "t", &l, &err) != 0)
        fail_msg("%s", err.text);
    assert_int_equal(l->npages, 3);
    return l;
}

static bool
gesture(struct wb_ui *ui, const struct wb_layout *l, enum wb_gesture_type type, double x, double y,
        const struct wb_hits *hits, int64_t t)
{
    struct wb_gesture ge = {type, x, y};
    return wb_ui_gesture(ui, l, &ge, hits, (struct wb_rect){200, 100, 1500, 800}, t);
}

static void
gestures_drive_the_screen(void **unused)
{
    (void)unused;
    struct wb_layout *l = three_pages();
    static struct wb_hits hits;
    wb_hits_clear(&hits);
    wb_hits_add(&hits, (struct wb_rect){0, 300, 1920, 60}, WB_HIT_QUEUE, "sales");
    wb_hits_add(&hits, (struct wb_rect){0, 600, 300, 90}, WB_HIT_AGENT, "1001");
    struct wb_ui ui;
    wb_ui_init(&ui, l, 7, 0); // a page the layout lacks: the first
    assert_int_equal(ui.page, 0);
    // Swipes turn pages both ways, wrapping.
    assert_true(gesture(&ui, l, WB_GESTURE_SWIPE_RIGHT, 0, 0, &hits, 1000));
    assert_int_equal(ui.page, 2);
    assert_true(gesture(&ui, l, WB_GESTURE_SWIPE_LEFT, 0, 0, &hits, 2000));
    assert_int_equal(ui.page, 0);
    // Tapping nothing changes nothing; tapping a queue row opens its drill-down.
    assert_false(gesture(&ui, l, WB_GESTURE_TAP, 50, 50, &hits, 3000));
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 900, 320, &hits, 3000));
    assert_int_equal(ui.overlay, WB_OVERLAY_QUEUE);
    assert_string_equal(ui.overlay_id, "sales");
    char line[256];
    wb_ui_describe(&ui, line, sizeof(line));
    assert_string_equal(line, "page=0 paused=no overlay=queue:sales keyword=-");
    // Inside the overlay, an agent opens the agent; a tap outside closes.
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 250, 650, &hits, 4000));
    assert_int_equal(ui.overlay, WB_OVERLAY_AGENT);
    assert_false(gesture(&ui, l, WB_GESTURE_TAP, 1000, 150, &hits, 5000)); // inside, no target
    assert_int_equal(ui.overlay, WB_OVERLAY_AGENT);
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 1900, 1000, &hits, 6000));
    assert_int_equal(ui.overlay, WB_OVERLAY_NONE);
    // A long press does nothing on a queue; on an alert it asks to acknowledge it, and a tap
    // on an alert does nothing (no drill-down of an alert).
    assert_false(gesture(&ui, l, WB_GESTURE_LONG_PRESS, 900, 320, &hits, 6500));
    assert_string_equal(ui.ack_key, "");
    wb_hits_add(&hits, (struct wb_rect){0, 0, 1920, 80}, WB_HIT_ALERT, "deep/sales");
    assert_false(gesture(&ui, l, WB_GESTURE_TAP, 500, 40, &hits, 6600));
    assert_int_equal(ui.overlay, WB_OVERLAY_NONE);
    assert_true(gesture(&ui, l, WB_GESTURE_LONG_PRESS, 500, 40, &hits, 6700));
    assert_string_equal(ui.ack_key, "deep/sales");
    ui.ack_key[0] = '\0';
    // A keyword: touching it makes the map follow it, touching it again lets go; untouched,
    // it lets go by itself like a drill-down.
    wb_hits_add(&hits, (struct wb_rect){1000, 800, 200, 80}, WB_HIT_KEYWORD, "停电");
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 1100, 840, &hits, 6800));
    assert_string_equal(ui.keyword, "停电");
    assert_int_equal(ui.overlay, WB_OVERLAY_NONE);
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 1100, 840, &hits, 6900));
    assert_string_equal(ui.keyword, "");
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 1100, 840, &hits, 6950));
    assert_false(wb_ui_tick(&ui, l, 6950 + 19999) && ui.keyword[0] == '\0');
    assert_string_equal(ui.keyword, "停电");
    assert_true(wb_ui_tick(&ui, l, 6950 + 20000));
    assert_string_equal(ui.keyword, "");
    // A swipe closes an overlay as it turns the page.
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 900, 320, &hits, 27000));
    size_t before = ui.page;
    assert_true(gesture(&ui, l, WB_GESTURE_SWIPE_LEFT, 0, 0, &hits, 28000));
    assert_int_equal(ui.overlay, WB_OVERLAY_NONE);
    assert_int_equal(ui.page, (before + 1) % 3);
    wb_layout_free(l);
}

static void
time_undoes_what_touch_did(void **unused)
{
    (void)unused;
    struct wb_layout *l = three_pages();
    static struct wb_hits hits;
    wb_hits_clear(&hits);
    wb_hits_add(&hits, (struct wb_rect){0, 300, 1920, 60}, WB_HIT_QUEUE, "sales");
    struct wb_ui ui;
    wb_ui_init(&ui, l, 0, 0);
    // Rotation: every dwell, the next page.
    assert_int_equal(wb_ui_deadline(&ui, l), 10000);
    assert_false(wb_ui_tick(&ui, l, 9999));
    assert_true(wb_ui_tick(&ui, l, 10000));
    assert_int_equal(ui.page, 1);
    // An open drill-down holds the page and closes 20 s after the last touch.
    assert_true(gesture(&ui, l, WB_GESTURE_TAP, 900, 320, &hits, 15000));
    assert_int_equal(wb_ui_overlay_left_s(&ui, l, 15000), 20);
    assert_int_equal(wb_ui_deadline(&ui, l), 35000);
    assert_false(wb_ui_tick(&ui, l, 30000)); // past the page's dwell: no rotation under it
    assert_int_equal(ui.page, 1);
    assert_false(gesture(&ui, l, WB_GESTURE_TAP, 1000, 150, &hits, 30000)); // touched inside
    assert_int_equal(wb_ui_overlay_left_s(&ui, l, 34000), 16);
    assert_false(wb_ui_tick(&ui, l, 49999));
    assert_true(wb_ui_tick(&ui, l, 50000));
    assert_int_equal(ui.overlay, WB_OVERLAY_NONE);
    assert_int_equal(ui.page, 1); // the page gets its full dwell again
    assert_int_equal(wb_ui_deadline(&ui, l), 60000);
    // Two fingers pause rotation; it resumes by itself a minute after the last touch.
    assert_true(gesture(&ui, l, WB_GESTURE_TWO_FINGER_TAP, 0, 0, &hits, 51000));
    assert_true(ui.paused);
    assert_int_equal(wb_ui_deadline(&ui, l), 111000);
    assert_false(wb_ui_tick(&ui, l, 110000));
    assert_int_equal(ui.page, 1);
    assert_true(wb_ui_tick(&ui, l, 111000));
    assert_false(ui.paused);
    assert_true(wb_ui_tick(&ui, l, 121000));
    assert_int_equal(ui.page, 2);
    // And two fingers again resume it at once.
    assert_true(gesture(&ui, l, WB_GESTURE_TWO_FINGER_TAP, 0, 0, &hits, 122000));
    assert_true(gesture(&ui, l, WB_GESTURE_TWO_FINGER_TAP, 0, 0, &hits, 123000));
    assert_false(ui.paused);
    // An alert's page: shown at once on an untouched screen, not under a drill-down, nor
    // while someone touched it within the overlay timeout (20 s).
    assert_true(wb_ui_show_page(&ui, l, 0, 200000));
    assert_int_equal(ui.page, 0);
    assert_false(wb_ui_show_page(&ui, l, 0, 200000)); // already there
    assert_true(gesture(&ui, l, WB_GESTURE_SWIPE_LEFT, 0, 0, &hits, 201000));
    assert_false(wb_ui_show_page(&ui, l, 2, 210000));
    assert_int_equal(ui.page, 1);
    assert_true(wb_ui_show_page(&ui, l, 2, 221000));
    assert_int_equal(ui.page, 2);
    // A reload with fewer pages keeps the page valid.
    ui.page = 2;
    l->npages = 1;
    wb_ui_relayout(&ui, l, 124000);
    assert_int_equal(ui.page, 0);
    assert_false(gesture(&ui, l, WB_GESTURE_SWIPE_LEFT, 0, 0, &hits, 125000)); // one page
    assert_int_equal(wb_ui_deadline(&ui, l), INT64_MAX);
    l->npages = 3;
    wb_layout_free(l);
}

static void
touch_settings_are_checked(void **unused)
{
    (void)unused;
    static const char bad[] = "{\"version\":1,\"touch\":{\"overlay_timeout\":20},"
                              "\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]}";
    struct wb_layout *l;
    struct core_err err;
    core_err_clear(&err);
    assert_int_not_equal(wb_layout_parse(bad, strlen(bad), "t.json", &l, &err), 0);
    assert_non_null(strstr(err.text, "overlay_timeout_s"));
    static const char low[] = "{\"version\":1,\"touch\":{\"overlay_timeout_s\":1},"
                              "\"pages\":[{\"widgets\":[{\"type\":\"header\"}]}]}";
    core_err_clear(&err);
    assert_int_not_equal(wb_layout_parse(low, strlen(low), "t.json", &l, &err), 0);
    assert_non_null(strstr(err.text, "touch.overlay_timeout_s: must be a number from 3 to 600"));
}

// The collector's answer about an agent's day, read for the drill-down; a refusal or
// nonsense becomes a reason on screen, never a crash.
static void
history_replies_are_read_safely(void **unused)
{
    (void)unused;
    struct wb_history h = {0};
    wb_history_reset(&h, "1001");
    cJSON *ok = cJSON_Parse("{\"ok\":true,\"cmd\":\"agent_history\",\"agent\":\"1001\","
                            "\"now\":1000,\"day_start\":100,\"history\":["
                            "{\"since\":200,\"state\":\"available\",\"reason\":\"\"},"
                            "{\"since\":300,\"state\":\"dancing\"},{\"since\":\"x\"},7,"
                            "{\"since\":400,\"state\":\"not_ready\",\"reason\":\"午餐\"}]}");
    assert_int_equal(wb_history_read(&h, ok), 0);
    assert_true(h.loaded);
    assert_int_equal(h.len, 2);
    assert_string_equal(h.spans[1].reason, "午餐");
    assert_true(h.spans[1].since_s == 400 && h.day_start_s == 100 && h.now_s == 1000);
    assert_string_equal(h.agent, "1001");
    cJSON *no = cJSON_Parse("{\"ok\":false,\"cmd\":\"agent_history\",\"error\":\"no agent\"}");
    assert_int_equal(wb_history_read(&h, no), 0);
    assert_false(h.loaded);
    assert_int_equal(h.len, 0);
    assert_string_equal(h.error, "no agent");
    cJSON *odd = cJSON_Parse("[1,2]");
    assert_int_equal(wb_history_read(&h, odd), 0);
    assert_false(h.loaded);
    assert_true(h.error[0] != '\0');
    cJSON_Delete(ok);
    cJSON_Delete(no);
    cJSON_Delete(odd);
    wb_history_reset(&h, "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_finger_gestures),
        cmocka_unit_test(several_fingers),
        cmocka_unit_test(gestures_drive_the_screen),
        cmocka_unit_test(time_undoes_what_touch_did),
        cmocka_unit_test(touch_settings_are_checked),
        cmocka_unit_test(history_replies_are_read_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
