// SPDX-License-Identifier: MIT
// core/state.c: what each event does to queues, calls, agents, keywords and regions.
#include "cmocka_prelude.h"
#include "core/checkpoint.h"
#include "core/state.h"
#include "core/state_metrics.h"
#include "state_helpers.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct core_queue *
queue(struct core_state *st, const char *id)
{
    core_state_refresh(st);
    struct core_queue *q = core_map_get(&st->queues, id);
    assert_non_null(q);
    return q;
}

static void
call_lifecycle_counts(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":100,\"call\":\"c1\",\"queue\":\"q\"}",
         "{\"type\":\"call.enqueued\",\"ts\":101,\"call\":\"c2\",\"queue\":\"q\"}",
         "{\"type\":\"call.enqueued\",\"ts\":102,\"call\":\"c3\",\"queue\":\"q\"}");
    struct core_queue *q = queue(&st, "q");
    assert_int_equal(q->waiting, 3);
    assert_int_equal(q->offered, 3);
    assert_int_equal(q->oldest_ms, 100000);
    FEED(&st, "{\"type\":\"call.answered\",\"ts\":110,\"call\":\"c1\",\"agent\":\"a\"}",
         "{\"type\":\"call.abandoned\",\"ts\":111,\"call\":\"c2\"}",
         "{\"type\":\"call.ended\",\"ts\":112,\"call\":\"c3\"}", // hung up while waiting
         "{\"type\":\"call.ended\",\"ts\":120,\"call\":\"c1\"}");
    q = queue(&st, "q");
    assert_int_equal(q->waiting, 0);
    assert_int_equal(q->answered, 1);
    assert_int_equal(q->abandoned, 2);
    // c1's talk ended: kept for the 10 s re-queue window (an agent may send it on), then gone.
    assert_int_equal(st.calls.len, 1);
    assert_int_equal(st.now_ms, 120000);
    assert_int_equal(st.counters.accepted, 7);
    core_state_set_now(&st, 130000);
    assert_int_equal(st.calls.len, 0);
    core_state_fini(&st);
}

// Cisco's rule, by hand (T 20 s): a call whose answer event arrives after the clock passed its
// T (another source's later event came first) was counted as passing T; its answer at 12 s
// voids that, so the interval ends as the calls' own events say: 1 answered in T of 1.
static void
late_events_void_an_early_pass(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":1000,\"call\":\"c1\",\"queue\":\"q\"}",
         "{\"type\":\"agent.state\",\"ts\":1030,\"agent\":\"x\",\"state\":\"available\"}");
    const struct core_tally *t = &st.site.interval;
    assert_int_equal(t->sl_passed, 1); // at 1020.001: still waiting, by the clock
    FEED(&st, "{\"type\":\"call.answered\",\"ts\":1012,\"call\":\"c1\",\"agent\":\"x\"}");
    assert_int_equal(t->sl_passed_void, 1);
    assert_int_equal(t->answered_in_sl, 1);
    assert_int_equal(core_tally_sl_offered(t, &st.metrics), 1);
    core_state_fini(&st);
}

// A timeout into another queue within the re-queue window is one call; the state written to a
// checkpoint in between (the caller gone, its window open) loads and ends the same.
static void
a_move_survives_a_checkpoint(void **unused)
{
    (void)unused;
    struct core_state a, b;
    core_state_init(&a);
    core_state_init(&b);
    FEED(&a, "{\"type\":\"call.enqueued\",\"ts\":1000,\"call\":\"c1\",\"queue\":\"q\"}",
         "{\"type\":\"call.left\",\"ts\":1030,\"call\":\"c1\",\"reason\":\"timeout\"}");
    cJSON *cp = core_checkpoint_build(&a);
    assert_non_null(cp);
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_checkpoint_load(&b, cp, &err), 0);
    cJSON_Delete(cp);
    struct core_state *both[] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        struct core_state *st = both[i];
        FEED(st, "{\"type\":\"call.enqueued\",\"ts\":1032,\"call\":\"c1\",\"queue\":\"r\"}",
             "{\"type\":\"call.abandoned\",\"ts\":1040,\"call\":\"c1\"}");
        // site: one call, abandoned in r after 8 s; q: a transfer out, no timeout
        assert_int_equal(st->site.interval.offered, 1);
        assert_int_equal(st->site.interval.abandoned, 1);
        assert_int_equal(st->site.interval.timed_out, 0);
        assert_int_equal(queue(st, "q")->w.interval.transfers, 1);
        assert_int_equal(queue(st, "q")->w.interval.sl_passed_flowout, 1); // passed T at 1020
        assert_int_equal(st->site.interval.sl_passed_void, 1);
        assert_int_equal(st->counters.moved, 1);
    }
    // A caller who left unanswered and comes back under a new call id (a new channel) with the
    // same number within the window moved; one who rings again after a finished talk did not.
    FEED(&a,
         "{\"type\":\"call.enqueued\",\"ts\":1050,\"call\":\"c5\",\"queue\":\"q\",\"caller\":\"139 "
         "0000 0005\"}",
         "{\"type\":\"call.left\",\"ts\":1055,\"call\":\"c5\",\"reason\":\"withdrawn\"}",
         "{\"type\":\"call.enqueued\",\"ts\":1058,\"call\":\"c6\",\"queue\":\"r\",\"caller\":"
         "\"13900000005\"}",
         "{\"type\":\"call.answered\",\"ts\":1059,\"call\":\"c6\",\"agent\":\"x\"}",
         "{\"type\":\"call.ended\",\"ts\":1070,\"call\":\"c6\"}",
         "{\"type\":\"call.enqueued\",\"ts\":1072,\"call\":\"c7\",\"queue\":\"q\",\"caller\":"
         "\"13900000005\"}");
    assert_int_equal(a.counters.moved, 2);          // c1 (same id), c5 -> c6 (same number)
    assert_int_equal(a.site.interval.offered, 3);   // c1, c5/c6, c7
    assert_int_equal(a.site.interval.withdrawn, 0); // c5 moved: no withdrawal
    // Left alone past the window, a timeout counts as one (dated when it left).
    FEED(&a, "{\"type\":\"call.enqueued\",\"ts\":1100,\"call\":\"c2\",\"queue\":\"q\"}",
         "{\"type\":\"call.left\",\"ts\":1110,\"call\":\"c2\",\"reason\":\"timeout\"}");
    assert_int_equal(a.site.interval.timed_out, 0); // the window is open
    core_state_set_now(&a, 1121000);
    assert_int_equal(a.site.interval.timed_out, 1);
    assert_int_equal(a.calls.len, 1); // c7 still waits; c2 and c6 are gone for good
    assert_non_null(core_map_get(&a.calls, "c7"));
    core_state_fini(&a);
    core_state_fini(&b);
}

static void
transfer_moves_the_wait(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":100,\"call\":\"c1\",\"queue\":\"a\"}",
         "{\"type\":\"call.transferred\",\"ts\":130,\"call\":\"c1\",\"queue\":\"b\"}");
    assert_int_equal(queue(&st, "a")->waiting, 0);
    assert_int_equal(queue(&st, "a")->transferred, 1);
    assert_int_equal(queue(&st, "a")->abandoned, 0);
    assert_int_equal(queue(&st, "b")->waiting, 1);
    assert_int_equal(queue(&st, "b")->offered, 1);
    assert_int_equal(queue(&st, "b")->oldest_ms, 130000);
    // Answered in b, then sent back to a by the agent: waits in a again.
    FEED(&st, "{\"type\":\"call.answered\",\"ts\":140,\"call\":\"c1\",\"agent\":\"x\"}",
         "{\"type\":\"call.transferred\",\"ts\":150,\"call\":\"c1\",\"queue\":\"a\"}");
    assert_int_equal(queue(&st, "b")->answered, 1);
    assert_int_equal(queue(&st, "b")->transferred, 1);
    assert_int_equal(queue(&st, "a")->offered, 2);
    assert_int_equal(queue(&st, "a")->waiting, 1);
    core_state_fini(&st);
}

static void
unknown_calls_are_counted_not_applied(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.answered\",\"ts\":1,\"call\":\"ghost\",\"agent\":\"a\"}",
         "{\"type\":\"call.abandoned\",\"ts\":2,\"call\":\"ghost\"}");
    assert_int_equal(st.counters.unmatched, 2);
    assert_int_equal(st.counters.accepted, 2);
    assert_int_equal(st.queues.len, 0);
    core_state_fini(&st);
}

static void
duplicate_enqueue_counts_once(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"call.enqueued\",\"ts\":1,\"call\":\"c\",\"queue\":\"q\",\"region\":\"US\"}",
         "{\"type\":\"call.enqueued\",\"ts\":2,\"call\":\"c\",\"queue\":\"q\",\"region\":\"US\"}");
    assert_int_equal(queue(&st, "q")->offered, 1);
    struct core_kw_entry top[2];
    assert_int_equal(core_keywords_top(&st.region_windows, 0, top, 2), 1);
    assert_string_equal(top[0].word, "US"); // region codes keep their case
    assert_int_equal(top[0].count, 1);
    core_state_fini(&st);
}

static void
agents_and_queue_membership(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a\",\"state\":\"available\",\"queues\":["
         "\"q1\",\"q2\"],\"name\":\"王伟\"}",
         "{\"type\":\"agent.state\",\"ts\":20,\"agent\":\"b\",\"state\":\"not_ready\",\"reason\":"
         "\"午餐\",\"queues\":[\"q1\"]}",
         "{\"type\":\"agent.state\",\"ts\":30,\"agent\":\"a\",\"state\":\"on_call\"}",
         "{\"type\":\"agent.state\",\"ts\":40,\"agent\":\"b\",\"state\":\"not_ready\",\"reason\":"
         "\"午餐\"}",
         "{\"type\":\"agent.state\",\"ts\":50,\"agent\":\"b\",\"state\":\"not_ready\",\"reason\":"
         "\"培训\"}");
    struct core_agent *a = core_map_get(&st.agents, "a");
    struct core_agent *b = core_map_get(&st.agents, "b");
    assert_int_equal(a->state, CORE_AGENT_ON_CALL);
    assert_int_equal(a->since_ms, 30000);
    assert_string_equal(a->name, "王伟"); // kept when later events leave it out
    assert_int_equal(a->nqueues, 2);      // likewise the queues
    assert_string_equal(b->reason, "培训");
    assert_int_equal(b->since_ms, 50000); // a new reason restarts the clock; the same does not
    assert_int_equal(queue(&st, "q1")->people.agents[CORE_AGENT_ON_CALL], 1);
    assert_int_equal(queue(&st, "q1")->people.agents[CORE_AGENT_NOT_READY], 1);
    assert_int_equal(queue(&st, "q2")->people.agents[CORE_AGENT_ON_CALL], 1);
    assert_int_equal(queue(&st, "q2")->people.agents[CORE_AGENT_NOT_READY], 0);
    core_state_fini(&st);
}

// The refresh remembers where each agent counts; an agent who moves must count where it went.
static void
agents_moving_between_queues_and_teams(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a\",\"state\":\"not_ready\","
         "\"reason\":\"break\",\"queues\":[\"q1\"],\"team\":\"A\"}",
         "{\"type\":\"agent.state\",\"ts\":11,\"agent\":\"b\",\"state\":\"available\","
         "\"queues\":[\"q2\"],\"team\":\"B\"}");
    assert_non_null(core_sm_scope(&st.teams, "A")); // teams have scopes once calls count there
    assert_non_null(core_sm_scope(&st.teams, "B"));
    assert_int_equal(queue(&st, "q1")->people.logged_in, 1);
    assert_int_equal(
        ((struct core_scope *)core_map_get(&st.teams, "A"))->agents[CORE_AGENT_NOT_READY], 1);
    FEED(&st, "{\"type\":\"agent.state\",\"ts\":20,\"agent\":\"a\",\"state\":\"available\","
              "\"queues\":[\"q2\"],\"team\":\"B\"}");
    assert_int_equal(queue(&st, "q1")->people.logged_in, 0);
    assert_null(queue(&st, "q1")->people.not_ready_reasons);
    assert_int_equal(queue(&st, "q2")->people.agents[CORE_AGENT_AVAILABLE], 2);
    assert_int_equal(
        ((struct core_scope *)core_map_get(&st.teams, "A"))->agents[CORE_AGENT_NOT_READY], 0);
    assert_int_equal(
        ((struct core_scope *)core_map_get(&st.teams, "B"))->agents[CORE_AGENT_AVAILABLE], 2);
    assert_int_equal(st.site_people.logged_in, 2);
    core_state_fini(&st);
}

static void
keywords_once_per_event_lower_case(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"keywords\",\"ts\":1,\"words\":[\"Outage\",\"outage\",\"停电\",\"停电\"]}",
         "{\"type\":\"keywords\",\"ts\":2,\"words\":[\"OUTAGE\"]}",
         "{\"type\":\"text\",\"ts\":3,\"text\":\"kept, not counted yet\"}");
    struct core_kw_entry top[4];
    assert_int_equal(core_keywords_top(&st.keywords, 0, top, 4), 2);
    assert_string_equal(top[0].word, "outage");
    assert_int_equal(top[0].count, 2);
    assert_string_equal(top[1].word, "停电");
    assert_int_equal(top[1].count, 1);
    assert_int_equal(st.ntexts, 1);
    assert_string_equal(st.texts[0].text, "kept, not counted yet");
    core_state_fini(&st);
}

static void
live_clock_ignores_event_times(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    core_state_set_now(&st, 5000);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":999999,\"call\":\"c\",\"queue\":\"q\"}");
    assert_int_equal(st.now_ms, 5000);
    core_state_set_now(&st, 4000); // never backwards
    assert_int_equal(st.now_ms, 5000);
    core_state_fini(&st);
}

static int
check(struct core_state *st, const char *json)
{
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_event_parse(json, strlen(json), &ev, &err), 0);
    int rc = core_state_check_event(st, &ev, &err);
    core_event_fini(&ev);
    return rc;
}

static void
duplicates_and_impossible_times(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    st.live_clock = true;
    int64_t now = 1795401725000LL; // 2026-11-23 02:42:05 UTC (TZ=UTC in ctest)
    core_state_set_now(&st, now);
    assert_int_equal(
        check(&st, "{\"type\":\"call.ended\",\"ts\":1795401700,\"call\":\"c\",\"id\":\"e1\"}"), 0);
    assert_int_equal(
        check(&st, "{\"type\":\"call.ended\",\"ts\":1795401701,\"call\":\"c\",\"id\":\"e1\"}"),
        CORE_E_DUPLICATE);
    assert_int_equal(st.counters.duplicates, 1);
    assert_int_equal(
        check(&st, "{\"type\":\"call.ended\",\"ts\":1795401701,\"call\":\"c\",\"id\":\"e2\"}"), 0);
    // Yesterday (2026-11-22) still has a window; the day before does not.
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":1795348800,\"call\":\"c\"}"), 0);
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":1795262400,\"call\":\"c\"}"),
                     CORE_E_INVALID);
    // Live, more than five minutes ahead of the collector's clock is refused.
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":1795401900,\"call\":\"c\"}"), 0);
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":1795402100,\"call\":\"c\"}"),
                     CORE_E_INVALID);
    core_state_fini(&st);
}

// Replaying, a time stamp more than a week after the others is refused, and the rest goes on.
static void
replay_refuses_a_wild_jump(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"call.enqueued\",\"ts\":1795401725,\"call\":\"c\",\"queue\":\"q\"}");
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":90000000000,\"call\":\"c\"}"),
                     CORE_E_INVALID);
    assert_int_equal(check(&st, "{\"type\":\"call.ended\",\"ts\":1795401800,\"call\":\"c\"}"), 0);
    core_state_fini(&st);
}

// The id ring grows to CORE_IDS_KEPT, then forgets the oldest: ids past that many are new again.
static void
id_ring_forgets_the_oldest(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    struct core_event ev;
    memset(&ev, 0, offsetof(struct core_event, queues));
    ev.ts_ms = 1000;
    struct core_err err;
    const int total = CORE_IDS_KEPT + 5000;
    for (int i = 0; i < total; i++) {
        snprintf(ev.id, sizeof(ev.id), "id-%d", i);
        assert_int_equal(core_state_check_event(&st, &ev, &err), 0);
    }
    snprintf(ev.id, sizeof(ev.id), "id-%d", total - 1); // recent: remembered
    assert_int_equal(core_state_check_event(&st, &ev, &err), CORE_E_DUPLICATE);
    snprintf(ev.id, sizeof(ev.id), "id-%d", total - CORE_IDS_KEPT); // the oldest kept
    assert_int_equal(core_state_check_event(&st, &ev, &err), CORE_E_DUPLICATE);
    snprintf(ev.id, sizeof(ev.id), "id-%d", 10); // long forgotten: counted again
    assert_int_equal(core_state_check_event(&st, &ev, &err), 0);
    assert_int_equal(st.seen_ids.len, CORE_IDS_KEPT);
    core_state_fini(&st);
}

// An agent's day: each change of state or not-ready reason starts a span; repeats do not;
// the checkpoint keeps them; midnight carries the state on as the new day's first span.
static void
agent_history_of_the_day(void **unused)
{
    (void)unused;
    setenv("TZ", "UTC", 1);
    tzset();
    struct core_state st;
    core_state_init(&st);
    FEED(&st, "{\"type\":\"agent.state\",\"ts\":36000,\"agent\":\"b\",\"state\":\"available\"}",
         "{\"type\":\"agent.state\",\"ts\":36010,\"agent\":\"b\",\"state\":\"available\"}",
         "{\"type\":\"agent.state\",\"ts\":36020,\"agent\":\"b\",\"state\":\"not_ready\","
         "\"reason\":\"午餐\"}",
         "{\"type\":\"agent.state\",\"ts\":36030,\"agent\":\"b\",\"state\":\"not_ready\","
         "\"reason\":\"午餐\"}",
         "{\"type\":\"agent.state\",\"ts\":36040,\"agent\":\"b\",\"state\":\"not_ready\","
         "\"reason\":\"一个非常非常非常长的示忙原因文字\"}",
         "{\"type\":\"agent.state\",\"ts\":36050,\"agent\":\"b\",\"state\":\"on_call\"}");
    const struct core_agent *b = core_map_get(&st.agents, "b");
    assert_int_equal(b->history.len, 4);
    assert_int_equal(b->history.spans[0].state, CORE_AGENT_AVAILABLE);
    assert_int_equal(core_history_since(&b->history, &b->history.spans[0]), 36000000);
    assert_string_equal(core_history_reason(&b->history, &b->history.spans[1]), "午餐");
    assert_int_equal(core_history_since(&b->history, &b->history.spans[1]), 36020000);
    // A long reason is cut on a character boundary, within the span's room.
    assert_true(strlen(core_history_reason(&b->history, &b->history.spans[2])) <
                CORE_HISTORY_REASON);
    assert_int_equal(strlen(core_history_reason(&b->history, &b->history.spans[2])) % 3, 0);
    assert_int_equal(b->history.spans[3].state, CORE_AGENT_ON_CALL);
    // Saved and restored by a checkpoint.
    cJSON *cp = core_checkpoint_build(&st);
    assert_non_null(cp);
    struct core_state back;
    core_state_init(&back);
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_checkpoint_load(&back, cp, &err), 0);
    const struct core_agent *b2 = core_map_get(&back.agents, "b");
    assert_int_equal(b2->history.len, 4);
    assert_int_equal(core_history_since(&b2->history, &b2->history.spans[1]), 36020000);
    assert_string_equal(core_history_reason(&b2->history, &b2->history.spans[1]), "午餐");
    cJSON_Delete(cp);
    core_state_fini(&back);
    // The next day: yesterday's spans go; the state on the call carries on from midnight.
    FEED(&st, "{\"type\":\"agent.state\",\"ts\":90000,\"agent\":\"b\",\"state\":\"wrap_up\"}");
    assert_int_equal(b->history.len, 2);
    assert_int_equal(b->history.spans[0].state, CORE_AGENT_ON_CALL);
    assert_int_equal(core_history_since(&b->history, &b->history.spans[0]), 86400000);
    assert_int_equal(b->history.spans[1].state, CORE_AGENT_WRAP_UP);
    core_state_fini(&st);
}

// A day with more changes than kept: the oldest go, counted.
static void
agent_history_is_bounded(void **unused)
{
    (void)unused;
    struct core_history h = {0};
    for (int i = 0; i < CORE_HISTORY_MAX + 10; i++)
        assert_int_equal(core_history_note(&h, i * 1000, (enum core_agent_state)(1 + i % 3), ""),
                         0);
    assert_int_equal(h.len, CORE_HISTORY_MAX);
    assert_int_equal(h.dropped, 10);
    assert_int_equal(core_history_since(&h, &h.spans[0]), 10000);
    // Bad entries in a checkpoint are skipped, not trusted.
    cJSON *arr = cJSON_Parse("[[1000, 3, \"\"], [\"x\", 1, \"\"], [2000, 99, \"\"], [-5, 1, \"\"],"
                             " [3000, 5, \"午餐\"], 7]");
    struct core_history r = {0};
    assert_int_equal(core_history_from_json(&r, arr), 0);
    assert_int_equal(r.len, 2);
    assert_string_equal(core_history_reason(&r, &r.spans[1]), "午餐");
    cJSON_Delete(arr);
    core_history_fini(&r);
    core_history_fini(&h);
}

// Each reason is kept once per agent and day: spans name it by place. 300 spans over 2
// reasons hold 2; a day naming more than CORE_HISTORY_REASONS keeps the state of the rest
// without a reason; midnight keeps only the reason of the span it carries on.
static void
history_reasons_kept_once(void **unused)
{
    (void)unused;
    struct core_history h = {0};
    for (int i = 0; i < 300; i++)
        assert_int_equal(
            core_history_note(&h, 1000 + i, CORE_AGENT_NOT_READY, i % 2 ? "午餐" : "培训"), 0);
    assert_int_equal(h.nreasons, 2);
    assert_string_equal(core_history_reason(&h, &h.spans[0]), "培训");
    assert_string_equal(core_history_reason(&h, &h.spans[299]), "午餐");
    assert_true(sizeof(struct core_span) <= 8);
    for (int i = 0; i < 300; i++) {
        char why[16];
        snprintf(why, sizeof(why), "r%d", i);
        assert_int_equal(core_history_note(&h, 5000 + i, CORE_AGENT_NOT_READY, why), 0);
    }
    assert_int_equal(h.nreasons, CORE_HISTORY_REASONS);
    // 2 + 253 new ones fit: r0..r252 named, r253.. not.
    assert_string_equal(core_history_reason(&h, &h.spans[300 + 252]), "r252");
    assert_string_equal(core_history_reason(&h, &h.spans[300 + 253]), "");
    assert_int_equal(h.spans[300 + 253].state, CORE_AGENT_NOT_READY);
    assert_int_equal(core_history_note(&h, 9000, CORE_AGENT_NOT_READY, "培训"), 0);
    core_history_new_day(&h, 86400000);
    assert_int_equal(h.len, 1);
    assert_int_equal(h.nreasons, 1);
    assert_string_equal(core_history_reason(&h, &h.spans[0]), "培训");
    assert_int_equal(core_history_note(&h, 86500000, CORE_AGENT_AVAILABLE, ""), 0);
    core_history_new_day(&h, 2 * 86400000LL);
    assert_int_equal(h.nreasons, 0);
    assert_string_equal(core_history_reason(&h, &h.spans[0]), "");
    core_history_fini(&h);
}

// An agent's queues are its queues' own names, not copies (issue 16: 32 copies of 128 bytes were
// 4 KB of every agent's 6.3, 63 MB at 10,000 agents), and a checkpoint brings them back so.
static void
agent_queues_are_the_queues_names(void **unused)
{
    (void)unused;
    struct core_state a, b;
    core_state_init(&a);
    core_state_init(&b);
    FEED(&a, "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a1\",\"state\":\"available\","
             "\"queues\":[\"电费\",\"报修\"]}");
    const struct core_agent *ag = core_map_get(&a.agents, "a1");
    assert_int_equal(ag->nqueues, 2);
    assert_ptr_equal(ag->queues[0], ((struct core_queue *)core_map_get(&a.queues, "电费"))->id);
    assert_ptr_equal(ag->queues[1], ((struct core_queue *)core_map_get(&a.queues, "报修"))->id);
    assert_true(sizeof(struct core_agent) <= 2600);
    cJSON *cp = core_checkpoint_build(&a);
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_checkpoint_load(&b, cp, &err), 0);
    ag = core_map_get(&b.agents, "a1");
    assert_int_equal(ag->nqueues, 2);
    assert_ptr_equal(ag->queues[1], ((struct core_queue *)core_map_get(&b.queues, "报修"))->id);
    cJSON_Delete(cp);
    core_state_fini(&a);
    core_state_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(call_lifecycle_counts),
        cmocka_unit_test(agent_queues_are_the_queues_names),
        cmocka_unit_test(transfer_moves_the_wait),
        cmocka_unit_test(late_events_void_an_early_pass),
        cmocka_unit_test(a_move_survives_a_checkpoint),
        cmocka_unit_test(unknown_calls_are_counted_not_applied),
        cmocka_unit_test(duplicate_enqueue_counts_once),
        cmocka_unit_test(agents_and_queue_membership),
        cmocka_unit_test(agents_moving_between_queues_and_teams),
        cmocka_unit_test(keywords_once_per_event_lower_case),
        cmocka_unit_test(live_clock_ignores_event_times),
        cmocka_unit_test(duplicates_and_impossible_times),
        cmocka_unit_test(replay_refuses_a_wild_jump),
        cmocka_unit_test(id_ring_forgets_the_oldest),
        cmocka_unit_test(agent_history_of_the_day),
        cmocka_unit_test(agent_history_is_bounded),
        cmocka_unit_test(history_reasons_kept_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
