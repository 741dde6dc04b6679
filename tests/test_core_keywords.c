// SPDX-License-Identifier: MIT
// core/keywords.c: once per call, sliding windows in minute buckets, the trend against the
// window before, a stable order between updates, and checkpoints; text events counted through
// the collector's segmenter (a stand-in here).
#include "cmocka_prelude.h"
#include "core/keywords.h"
#include "state_helpers.h"

#include <stdio.h>
#include <string.h>

#define MIN 60000LL

static struct core_keywords k;

static void
setup(int windows_min)
{
    struct core_kw_config c;
    core_kw_config_default(&c);
    c.nwindows = 1;
    c.window_min[0] = windows_min;
    core_keywords_init(&k, &c);
}

static uint64_t
count_of(const char *word, enum core_trend *trend)
{
    struct core_kw_entry top[CORE_KW_TOP_MAX];
    size_t n = core_keywords_top(&k, 0, top, CORE_KW_TOP_MAX);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(top[i].word, word) == 0) {
            if (trend)
                *trend = top[i].trend;
            return top[i].count;
        }
    }
    return 0;
}

static void
once_per_call(void **unused)
{
    (void)unused;
    setup(15);
    int64_t t = 1000 * MIN;
    // A talkative caller says 停电 five times: one. Another call: two. No call: each message.
    for (int i = 0; i < 5; i++)
        core_keywords_count(&k, "停电", "call-1", t + i * 1000);
    core_keywords_count(&k, "停电", "call-2", t);
    core_keywords_count(&k, "停电", "", t);
    core_keywords_count(&k, "停电", NULL, t);
    assert_int_equal(count_of("停电", NULL), 4);
    // English in lower case.
    core_keywords_count(&k, "Outage", "call-1", t);
    core_keywords_count(&k, "OUTAGE", "call-1", t);
    assert_int_equal(count_of("outage", NULL), 1);
    core_keywords_fini(&k);
}

static void
windows_and_trend(void **unused)
{
    (void)unused;
    setup(15);
    int64_t t0 = 2000 * MIN;
    char call[32];
    // 4 calls about 电费 in the first window; 10 in the next: rising. 停电 only in the second:
    // new. 发票 5 then 1: falling. 抄表 3 then 3: steady.
    for (int i = 0; i < 4; i++) {
        snprintf(call, sizeof(call), "a%d", i);
        core_keywords_count(&k, "电费", call, t0 + i * MIN);
    }
    for (int i = 0; i < 5; i++) {
        snprintf(call, sizeof(call), "b%d", i);
        core_keywords_count(&k, "发票", call, t0 + i * MIN);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(call, sizeof(call), "c%d", i);
        core_keywords_count(&k, "抄表", call, t0 + i * MIN);
        snprintf(call, sizeof(call), "d%d", i);
        core_keywords_count(&k, "抄表", call, t0 + (15 + i) * MIN);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(call, sizeof(call), "e%d", i);
        core_keywords_count(&k, "电费", call, t0 + (15 + i % 10) * MIN);
        snprintf(call, sizeof(call), "f%d", i);
        core_keywords_count(&k, "停电", call, t0 + (16 + i % 10) * MIN);
    }
    snprintf(call, sizeof(call), "g");
    core_keywords_count(&k, "发票", call, t0 + 20 * MIN);
    core_keywords_advance(&k, t0 + 29 * MIN); // the window: minutes 15..29
    enum core_trend tr;
    assert_int_equal(count_of("电费", &tr), 10);
    assert_int_equal(tr, CORE_TREND_RISING);
    assert_int_equal(count_of("停电", &tr), 10);
    assert_int_equal(tr, CORE_TREND_NEW);
    assert_int_equal(count_of("发票", &tr), 1);
    assert_int_equal(tr, CORE_TREND_FALLING);
    assert_int_equal(count_of("抄表", &tr), 3);
    assert_int_equal(tr, CORE_TREND_STEADY);
    // The window slides: 15 minutes later the second window's words have left it.
    core_keywords_advance(&k, t0 + 45 * MIN);
    assert_int_equal(count_of("电费", NULL), 0);
    // And after two windows of silence the words are forgotten altogether (memory stays flat).
    core_keywords_advance(&k, t0 + 80 * MIN);
    assert_int_equal(k.words.len, 0);
    assert_int_equal(k.seen.len, 0);
    // A word too old for any window is not counted.
    assert_int_equal(core_keywords_count(&k, "旧", "x", t0), 0);
    core_keywords_fini(&k);
}

static void
stable_order_and_checkpoint(void **unused)
{
    (void)unused;
    setup(60);
    int64_t t = 3000 * MIN;
    core_keywords_count(&k, "b", "1", t);
    core_keywords_count(&k, "a", "1", t);
    struct core_kw_entry top[4];
    assert_int_equal(core_keywords_top(&k, 0, top, 4), 2);
    assert_string_equal(top[0].word, "a"); // a tie: by word at first
    // c joins with the same count: a and b keep their places, c comes after them.
    core_keywords_count(&k, "c", "1", t);
    assert_int_equal(core_keywords_top(&k, 0, top, 4), 3);
    assert_string_equal(top[0].word, "a");
    assert_string_equal(top[1].word, "b");
    assert_string_equal(top[2].word, "c");
    // d leads, then c joins a, b and d at 2: the published order d, a, b, c (c was last)
    // keeps its ties; by word alone it would be a, b, c, d.
    core_keywords_count(&k, "d", "1", t);
    core_keywords_count(&k, "d", "2", t);
    assert_int_equal(core_keywords_top(&k, 0, top, 4), 4);
    assert_string_equal(top[0].word, "d");
    core_keywords_count(&k, "a", "2", t);
    core_keywords_count(&k, "b", "2", t);
    core_keywords_count(&k, "c", "2", t);
    // A checkpoint brings the counts back, and the order of ties with them (a restart used to
    // shuffle the top regions).
    cJSON *cp = core_keywords_checkpoint(&k);
    struct core_keywords saved = k;
    setup(60);
    assert_int_equal(core_keywords_restore(&k, cp), 0);
    assert_int_equal(count_of("c", NULL), 2);
    assert_int_equal(k.minute, saved.minute);
    assert_int_equal(core_keywords_top(&k, 0, top, 4), 4);
    assert_string_equal(top[0].word, "d");
    assert_string_equal(top[1].word, "a");
    assert_string_equal(top[2].word, "b");
    assert_string_equal(top[3].word, "c");
    core_keywords_fini(&k);
    core_keywords_fini(&saved);
    cJSON_Delete(cp);
}

// A stand-in for friso: splits on spaces, drops "的".
static size_t
split(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max)
{
    (void)ctx;
    size_t n = 0;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", text);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w && n < max;
         w = strtok_r(NULL, " ", &save)) {
        if (strcmp(w, "的") != 0)
            snprintf(words[n++], CORE_WORD_MAX, "%s", w);
    }
    return n;
}

static void
text_events_are_segmented(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.segment = split;
    FEED(&st, "{\"type\":\"text\",\"ts\":100,\"call\":\"c1\",\"text\":\"我家 的 停电 停电\"}",
         "{\"type\":\"text\",\"ts\":110,\"call\":\"c1\",\"text\":\"停电 了\"}",
         "{\"type\":\"text\",\"ts\":120,\"text\":\"停电 停电\"}");
    struct core_kw_entry top[8];
    size_t n = core_keywords_top(&st.keywords, 0, top, 8);
    assert_int_equal(n, 3);
    assert_string_equal(top[0].word, "停电");
    assert_int_equal(top[0].count, 2); // once for call c1, once for the message without a call
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(top[i].word, "的");
    core_state_fini(&st);
}

// The cost of a minute is what that minute forgets, not every word and call ever counted: a
// burst of 1,000 calls (1,000 words, 1,000 "said it" memories) in one minute, then one call a
// minute for 100 minutes. Window 15, so the ring holds 30 minutes: the calls' memories go 15
// minutes after the burst, its words 30 minutes after. Issue 16: the sweep once walked every
// entry every minute (about 80,000 on a simulated day).
static void
a_minute_costs_what_it_forgets(void **unused)
{
    (void)unused;
    setup(15);
    int64_t t0 = 4000 * MIN;
    char word[32], call[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(word, sizeof(word), "w%d", i);
        snprintf(call, sizeof(call), "burst%d", i);
        core_keywords_count(&k, word, call, t0);
    }
    size_t swept_total = 0;
    for (int m = 1; m <= 100; m++) {
        core_keywords_advance(&k, t0 + m * MIN);
        swept_total += k.swept;
        if (m == 15) {
            // The burst's 1,000 memories, and the tick of minute 0 none (it started at 1).
            assert_int_equal(k.swept, 1000);
            assert_int_equal(k.seen.len, 14); // the ticks of minutes 1..14
        } else if (m == 30) {
            assert_int_equal(k.swept, 1000 + 1); // the burst's words; the tick's memory of 15
            assert_int_equal(k.words.len, 1);    // only "tick" is left
        } else {
            // A tick's memory from 15 minutes ago, and every 30 minutes the word "tick" itself.
            assert_true(k.swept <= 2);
        }
        snprintf(call, sizeof(call), "tick%d", m);
        core_keywords_count(&k, "tick", call, t0 + m * MIN);
    }
    // Every entry looked at about once per ring it lived: 2,000 for the burst, ~100 memories and
    // a word swept ~3 times for the ticks.
    assert_true(swept_total <= 2000 + 100 + 4);
    assert_int_equal(count_of("tick", NULL), 15);
    core_keywords_fini(&k);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(once_per_call),
        cmocka_unit_test(windows_and_trend),
        cmocka_unit_test(stable_order_and_checkpoint),
        cmocka_unit_test(text_events_are_segmented),
        cmocka_unit_test(a_minute_costs_what_it_forgets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
