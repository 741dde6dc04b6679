// SPDX-License-Identifier: MIT
// collector/simulator.c: a simulated day is valid input, realistic in shape, and repeatable.
#include "cmocka_prelude.h"
#include "collector/inputs/simulator.h"
#include "core/event.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tally {
    struct core_state st;
    long events, by_type[CORE_EV_TYPE_COUNT], states[CORE_AGENT_STATE_COUNT];
    int64_t last_ts;
    bool out_of_order;
    uint64_t hash;
};

static void
on_event(void *ctx, const char *json, size_t len)
{
    struct tally *t = ctx;
    struct core_event ev;
    struct core_err err;
    core_err_clear(&err);
    if (core_event_parse(json, len, &ev, &err) != 0)
        fail_msg("simulator emitted a bad event: %s: %.*s", err.text, (int)len, json);
    t->events++;
    t->by_type[ev.type]++;
    if (ev.type == CORE_EV_AGENT_STATE)
        t->states[ev.state]++;
    t->out_of_order |= ev.ts_ms < t->last_ts;
    t->last_ts = ev.ts_ms;
    for (size_t i = 0; i < len; i++)
        t->hash = (t->hash ^ (unsigned char)json[i]) * 1099511628211ULL;
    assert_int_equal(core_state_apply(&t->st, &ev), 0);
    core_event_fini(&ev);
}

static void
run(struct tally *t, uint64_t seed, int64_t hours)
{
    memset(t, 0, sizeof(*t));
    core_state_init(&t->st);
    struct col_sim_config cfg = {.agents = 60, .queues = 6, .calls_per_minute = 20, .seed = seed};
    int64_t start = 1795392000000LL; // 2026-11-23 00:00 UTC
    struct col_sim *sim = col_sim_new(&cfg, start);
    assert_non_null(sim);
    // Step as the collector does: in small increments of wall time.
    for (int64_t now = start; now <= start + hours * 3600000; now += 250)
        col_sim_step(sim, now, on_event, t);
    col_sim_free(sim);
}

static void
two_hours_look_like_a_contact_center(void **unused)
{
    (void)unused;
    struct tally t;
    run(&t, 42, 2);
    assert_false(t.out_of_order);
    // 20 calls a minute for two hours: about 2,400 calls (Poisson: well within 10 %).
    long calls = t.by_type[CORE_EV_CALL_ENQUEUED];
    assert_in_range(calls, 2160, 2640);
    core_state_refresh(&t.st);
    uint64_t answered = 0, abandoned = 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&t.st.queues, &pos)) != NULL) {
        const struct core_queue *q = s->value;
        answered += q->answered;
        abandoned += q->abandoned;
    }
    assert_true(answered > (uint64_t)calls / 2); // most calls are answered
    assert_true(abandoned > 0);                  // and some callers give up
    assert_int_equal(t.st.agents.len, 60);
    for (int i = 0; i < CORE_AGENT_STATE_COUNT; i++) {
        if (t.states[i] == 0)
            fail_msg("no agent ever went %s", core_agent_state_name(i));
    }
    assert_true(t.by_type[CORE_EV_KEYWORDS] > 100);
    assert_true(t.by_type[CORE_EV_TEXT] > 10);
    assert_true(t.by_type[CORE_EV_CALL_TRANSFERRED] > 0);
    assert_true(t.st.region_windows.words.len > 20); // many provinces and a few countries
    assert_int_equal(t.st.counters.unmatched, 0);
    core_state_fini(&t.st);
}

static void
same_seed_same_day(void **unused)
{
    (void)unused;
    struct tally a, b, c;
    run(&a, 7, 1);
    run(&b, 7, 1);
    run(&c, 8, 1);
    assert_int_equal(a.hash, b.hash);
    assert_int_not_equal(a.hash, c.hash);
    core_state_fini(&a.st);
    core_state_fini(&b.st);
    core_state_fini(&c.st);
}

static void
bad_config_is_refused(void **unused)
{
    (void)unused;
    struct col_sim_config cfg = {.agents = 0, .queues = 6, .calls_per_minute = 20};
    assert_null(col_sim_new(&cfg, 0));
    cfg = (struct col_sim_config){.agents = 10, .queues = 99, .calls_per_minute = 20};
    assert_null(col_sim_new(&cfg, 0));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_hours_look_like_a_contact_center),
        cmocka_unit_test(same_seed_same_day),
        cmocka_unit_test(bad_config_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
