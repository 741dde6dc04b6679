// SPDX-License-Identifier: MIT
// core/snapshot.c, core/json_patch.c, core/view.c: the published message, deltas that merge
// into exactly the next snapshot, and the typed view the screens read.
#include "cmocka_prelude.h"
#include "core/checkpoint.h"
#include "core/json_patch.h"
#include "core/snapshot.h"
#include "core/view.h"
#include "core/view_roster.h"
#include "state_helpers.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
snapshot_fields_and_privacy(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a\",\"state\":\"available\",\"queues\":["
         "\"q\"],\"name\":\"王伟\",\"team\":\"A\"}",
         "{\"type\":\"call.enqueued\",\"ts\":100,\"call\":\"c1\",\"queue\":\"q\",\"caller\":\"+"
         "8613912345678\",\"region\":\"CN-JS\"}",
         "{\"type\":\"call.enqueued\",\"ts\":160.5,\"call\":\"c2\",\"queue\":\"q\"}");
    char *text = core_snapshot_print(&st, 7, 3, false);
    assert_non_null(text);
    assert_null(strstr(text, "13912345678")); // caller numbers never leave the collector
    cJSON *msg = cJSON_Parse(text);
    cJSON_free(text);
    assert_int_equal(cJSON_GetObjectItem(msg, "v")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItem(msg, "kind")->valuestring, "snapshot");
    assert_int_equal(cJSON_GetObjectItem(msg, "seq")->valueint, 3);
    assert_true(cJSON_GetObjectItem(msg, "now")->valuedouble == 160.5);
    cJSON *q = cJSON_GetObjectItem(cJSON_GetObjectItem(msg, "queues"), "q");
    assert_int_equal(cJSON_GetObjectItem(q, "waiting")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(q, "longest_wait_s")->valueint, 60);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(q, "agents"), "available")->valueint,
                     1);
    cJSON *a = cJSON_GetObjectItem(cJSON_GetObjectItem(msg, "agents"), "a");
    assert_string_equal(cJSON_GetObjectItem(a, "name")->valuestring, "王伟");
    assert_true(cJSON_GetObjectItem(a, "since")->valuedouble == 10.0);
    cJSON *regions = cJSON_GetObjectItem(msg, "regions");
    assert_int_equal(cJSON_GetArraySize(regions), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(regions, 0), "region")->valuestring,
                        "CN-JS");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(regions, 1), "region")->valuestring,
                        "unknown");
    cJSON_Delete(msg);
    core_state_fini(&st);
}

// Removes null members: in a merge patch a null deletes, so a screen holds a missing member
// where the snapshot has null, and both read as "nothing to count".
static void
drop_nulls(cJSON *o)
{
    cJSON *c = o->child;
    while (c) {
        cJSON *next = c->next;
        if (cJSON_IsNull(c) && c->string)
            cJSON_DeleteItemFromObjectCaseSensitive(o, c->string);
        else
            drop_nulls(c);
        c = next;
    }
}

// The property the screens rely on: last snapshot + delta == the next full snapshot.
static void
delta_merges_into_the_next_snapshot(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    FEED(&st,
         "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a\",\"state\":\"available\",\"queues\":["
         "\"q\"]}",
         "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"b\",\"state\":\"available\",\"queues\":["
         "\"r\"]}",
         "{\"type\":\"call.enqueued\",\"ts\":100,\"call\":\"c1\",\"queue\":\"q\"}",
         "{\"type\":\"keywords\",\"ts\":100,\"words\":[\"停电\"]}");
    cJSON *tree = core_snapshot_build(&st, true, 1, 1);
    core_state_clear_dirty(&st);
    FEED(&st, "{\"type\":\"call.answered\",\"ts\":105,\"call\":\"c1\",\"agent\":\"a\"}",
         "{\"type\":\"agent.state\",\"ts\":105,\"agent\":\"a\",\"state\":\"on_call\"}",
         "{\"type\":\"call.enqueued\",\"ts\":107,\"call\":\"c2\",\"queue\":\"s\",\"region\":"
         "\"US\"}");
    cJSON *delta = core_snapshot_build(&st, false, 1, 2);
    // Only what changed travels: agent b and queue r did not.
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(delta, "agents"), "b"));
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(delta, "queues"), "r"));
    assert_null(cJSON_GetObjectItem(delta, "keywords"));
    assert_non_null(cJSON_GetObjectItem(delta, "regions"));
    assert_int_equal(core_json_merge_patch(&tree, delta), 0);
    cJSON *full = core_snapshot_build(&st, true, 1, 2);
    cJSON_ReplaceItemInObject(tree, "kind", cJSON_CreateString("snapshot"));
    drop_nulls(tree);
    drop_nulls(full);
    assert_true(cJSON_Compare(tree, full, true));
    cJSON_Delete(tree);
    cJSON_Delete(delta);
    cJSON_Delete(full);
    core_state_fini(&st);
}

static void
feed_one(struct core_state *st, const char *line)
{
    const char *lines[] = {line};
    feed(st, lines, 1);
}

// The stream's deltas (core_snapshot_next) carry only the members that moved, and folded into
// the snapshot before them they still give exactly the next full snapshot.
static void
trimmed_deltas_fold_into_the_next_snapshot(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    for (int i = 0; i < 40; i++) {
        char ev[200];
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a%d\",\"state\":"
                 "\"available\",\"team\":\"t%d\",\"queues\":[\"q%d\"]}",
                 i, i % 8, i % 5);
        feed_one(&st, ev);
    }
    cJSON *screen = core_snapshot_next(&st, true, 1, 1);
    core_state_clear_dirty(&st);
    size_t untrimmed = 0, trimmed = 0;
    for (int round = 0; round < 30; round++) {
        char ev[200];
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"call.enqueued\",\"ts\":%d,\"call\":\"c%d\",\"queue\":\"q%d\"}",
                 20 + round, round, round % 5);
        feed_one(&st, ev);
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"agent.state\",\"ts\":%d,\"agent\":\"a%d\",\"state\":\"%s\"}",
                 20 + round, (round * 7) % 40, round % 2 ? "on_call" : "not_ready");
        feed_one(&st, ev);
        if (round % 3 == 1) { // a call answered, and ended a second later
            snprintf(ev, sizeof(ev),
                     "{\"type\":\"call.answered\",\"ts\":%d,\"call\":\"c%d\",\"agent\":"
                     "\"a%d\"}",
                     20 + round, round, (round * 11) % 40);
            feed_one(&st, ev);
        } else if (round % 3 == 2) {
            snprintf(ev, sizeof(ev), "{\"type\":\"call.ended\",\"ts\":%d,\"call\":\"c%d\"}",
                     21 + round, round - 1);
            feed_one(&st, ev);
        }
        if (round % 3 == 0) { // a call leaves: removed from the state
            snprintf(ev, sizeof(ev), "{\"type\":\"call.abandoned\",\"ts\":%d,\"call\":\"c%d\"}",
                     21 + round, round);
            feed_one(&st, ev);
        }
        cJSON *whole = core_snapshot_build(&st, false, 1, (uint64_t)round + 2);
        char *text = cJSON_PrintUnformatted(whole);
        untrimmed += strlen(text);
        cJSON_free(text);
        cJSON_Delete(whole);
        cJSON *delta = core_snapshot_next(&st, false, 1, (uint64_t)round + 2);
        assert_non_null(delta);
        text = cJSON_PrintUnformatted(delta);
        trimmed += strlen(text);
        cJSON_free(text);
        core_state_clear_dirty(&st);
        assert_int_equal(core_json_merge_patch(&screen, delta), 0);
        cJSON_Delete(delta);
    }
    // A delta builds only the teams counted into since the last (issue 16: all of them, in
    // every delta, were most of a 10,000-agent collector's time serving 200 screens): none
    // when nothing happened, one when one agent changed within the same second.
    cJSON *quiet = core_snapshot_build(&st, false, 1, 40);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(quiet, "teams")), 0);
    cJSON_Delete(quiet);
    feed_one(&st, "{\"type\":\"agent.state\",\"ts\":50,\"agent\":\"a3\",\"state\":"
                  "\"available\"}");
    // Nor a queue's windows when only its agents moved: q3's agents are built, its windows not.
    cJSON *built = core_snapshot_build(&st, false, 1, 41);
    const cJSON *q3 =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(built, "queues"), "q3");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(q3, "agents"));
    assert_null(cJSON_GetObjectItemCaseSensitive(q3, "interval"));
    cJSON_Delete(built);
    cJSON *one = core_snapshot_next(&st, false, 1, 41);
    core_state_clear_dirty(&st);
    const cJSON *teams = cJSON_GetObjectItemCaseSensitive(one, "teams");
    assert_int_equal(cJSON_GetArraySize(teams), 1);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(teams, "t3"));
    assert_int_equal(core_json_merge_patch(&screen, one), 0);
    cJSON_Delete(one);
    cJSON *full = core_snapshot_build(&st, true, 1, 41);
    cJSON_ReplaceItemInObject(screen, "kind", cJSON_CreateString("snapshot"));
    cJSON_ReplaceItemInObject(screen, "seq", cJSON_CreateNumber(41));
    drop_nulls(screen);
    drop_nulls(full);
    if (!cJSON_Compare(screen, full, true)) {
        char *a = cJSON_Print(screen), *b = cJSON_Print(full);
        fail_msg("folded deltas differ from the snapshot:\n%s\n---\n%s", a, b);
    }
    // Eight teams' and five queues' windows travel once, not in every delta.
    if (trimmed * 3 > untrimmed)
        fail_msg("trimmed deltas: %zu bytes, untrimmed %zu", trimmed, untrimmed);
    cJSON_Delete(screen);
    cJSON_Delete(full);
    core_state_fini(&st);
}

// A full message on the stream, once it has one, is the held copy with the latest changes
// taken in (core_snapshot_next_text): the same state a snapshot built from scratch gives, and
// the held copy is not built again for it (at 10,000 agents that was 130 ms of the loop).
static void
stream_snapshot_is_the_held_state(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    for (int i = 0; i < 30; i++) {
        char ev[200];
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a%d\",\"state\":"
                 "\"available\",\"team\":\"t%d\",\"queues\":[\"q%d\"]}",
                 i, i % 4, i % 3);
        feed_one(&st, ev);
    }
    char *first = core_snapshot_next_text(&st, true, 1, 1);
    assert_non_null(first);
    cJSON_free(first);
    core_state_clear_dirty(&st);
    const cJSON *held = st.published;
    for (int round = 0; round < 12; round++) {
        char ev[200];
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"call.enqueued\",\"ts\":%d,\"call\":\"c%d\",\"queue\":\"q%d\"}",
                 20 + round, round, round % 3);
        feed_one(&st, ev);
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"agent.state\",\"ts\":%d,\"agent\":\"a%d\",\"state\":\"%s\","
                 "\"reason\":\"%s\"}",
                 20 + round, (round * 7) % 30, round % 2 ? "on_call" : "not_ready",
                 round % 2 ? "" : "break");
        feed_one(&st, ev);
        char *delta = core_snapshot_next_text(&st, false, 1, (uint64_t)round + 2);
        assert_non_null(delta);
        cJSON_free(delta);
        core_state_clear_dirty(&st);
    }
    // The periodic snapshot follows the last delta (seq 13) with its seq: the state as of it.
    char *text = core_snapshot_held_text(&st, 1, 13);
    assert_non_null(text);
    assert_ptr_equal(st.published, held); // printed from what is held, not built again
    uint64_t run = 0, seq = 0;
    assert_true(core_snapshot_peek_held(text, strlen(text), &run, &seq));
    assert_int_equal(run, 1);
    assert_int_equal(seq, 13);
    cJSON *sent = cJSON_Parse(text);
    cJSON_free(text);
    assert_non_null(sent);
    assert_string_equal(cJSON_GetObjectItem(sent, "kind")->valuestring, "snapshot");
    assert_int_equal(cJSON_GetObjectItem(sent, "seq")->valuedouble, 13);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(sent, "agents")), 30);
    cJSON *built = core_snapshot_build(&st, true, 1, 13);
    drop_nulls(sent);
    drop_nulls(built);
    if (!cJSON_Compare(sent, built, true)) {
        char *a = cJSON_Print(sent), *b = cJSON_Print(built);
        fail_msg("the stream's snapshot differs from the state:\n%s\n---\n%s", a, b);
    }
    cJSON_Delete(sent);
    cJSON_Delete(built);
    core_state_fini(&st);
}

// A screen in step reads a snapshot's run and seq from its first bytes; anything not written as
// core_snapshot_held_text writes it is left to the parser.
static void
peek_reads_only_the_held_header(void **unused)
{
    (void)unused;
    uint64_t run = 0, seq = 0;
    const char *good = "{\"v\":1,\"kind\":\"snapshot\",\"run\":1795453134588123,\"seq\":42,"
                       "\"now\":1.5}";
    assert_true(core_snapshot_peek_held(good, strlen(good), &run, &seq));
    assert_true(run == 1795453134588123u);
    assert_int_equal(seq, 42);
    const char *other[] = {
        "{\"v\":1,\"kind\":\"delta\",\"run\":1,\"seq\":2,\"now\":1}",
        "{\"v\":2,\"kind\":\"snapshot\",\"run\":1,\"seq\":2,\"now\":1}",
        "{\"v\":1,\"kind\":\"snapshot\",\"run\":1e3,\"seq\":2,\"now\":1}",
        "{\"v\":1,\"kind\":\"snapshot\",\"run\":1,\"seq\":-2,\"now\":1}",
        "{\"v\":1,\"kind\":\"snapshot\",\"run\":1,\"seq\":2",           // cut off after seq
        "{\"v\":1,\"kind\":\"snapshot\",\"run\":,\"seq\":2,\"now\":1}", // no run
        "{\"v\":1,\"kind\":\"snapshot\",\"run\":123456789012345678901,\"seq\":2,\"now\":1}",
        "",
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        assert_false(core_snapshot_peek_held(other[i], strlen(other[i]), &run, &seq));
    // The length is respected: the same good text cut before its seq ends is not read.
    assert_false(core_snapshot_peek_held(
        good, strlen("{\"v\":1,\"kind\":\"snapshot\",\"run\":1795453134588123,\"seq\":4"), &run,
        &seq));
}

// The agents' figures (per queue, team and site: by state, logged in, not ready by reason) are
// counted again only for the agents that changed; worked by hand, then against a count of all.
static void
refresh_counts_only_what_changed(void **unused)
{
    (void)unused;
    struct core_state st;
    core_state_init(&st);
    const char *roster[] = {
        "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a1\",\"state\":\"available\","
        "\"team\":\"t1\",\"queues\":[\"q1\",\"q2\"]}",
        "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a2\",\"state\":\"not_ready\","
        "\"reason\":\"lunch\",\"team\":\"t1\",\"queues\":[\"q1\"]}",
        "{\"type\":\"agent.state\",\"ts\":10,\"agent\":\"a3\",\"state\":\"not_ready\","
        "\"reason\":\"lunch\",\"team\":\"t2\",\"queues\":[\"q2\"]}",
    };
    feed(&st, roster, 3);
    core_state_refresh(&st); // the first count: every agent (the queues are new)
    const struct core_queue *q1 = core_map_get(&st.queues, "q1");
    const struct core_queue *q2 = core_map_get(&st.queues, "q2");
    assert_int_equal(q1->people.agents[CORE_AGENT_AVAILABLE], 1);
    assert_int_equal(q1->people.agents[CORE_AGENT_NOT_READY], 1);
    assert_int_equal(q2->people.logged_in, 2);
    assert_int_equal(st.recount.len, 0);
    // a2 back from lunch and a1 moved to q2 only, team t2: two agents changed, a3 did not.
    const char *changes[] = {
        "{\"type\":\"agent.state\",\"ts\":20,\"agent\":\"a2\",\"state\":\"available\"}",
        "{\"type\":\"agent.state\",\"ts\":21,\"agent\":\"a1\",\"state\":\"not_ready\","
        "\"reason\":\"lunch\",\"team\":\"t2\",\"queues\":[\"q2\"]}",
    };
    feed(&st, changes, 2);
    assert_int_equal(st.recount.len, 2);
    core_state_refresh(&st);
    // q1: a2 available; a1 gone from it. q2: a1 and a3 at lunch. t1: a2 (t2 is a team once
    // time is counted for it: when one of its agents leaves a state).
    assert_int_equal(q1->people.agents[CORE_AGENT_AVAILABLE], 1);
    assert_int_equal(q1->people.agents[CORE_AGENT_NOT_READY], 0);
    assert_int_equal(q1->people.logged_in, 1);
    assert_null(cJSON_GetObjectItem(q1->people.not_ready_reasons, "lunch")); // none left: gone
    assert_int_equal(q2->people.agents[CORE_AGENT_NOT_READY], 2);
    assert_int_equal(q2->people.agents[CORE_AGENT_AVAILABLE], 0);
    assert_int_equal(cJSON_GetObjectItem(q2->people.not_ready_reasons, "lunch")->valueint, 2);
    const struct core_scope *t1 = core_map_get(&st.teams, "t1");
    assert_non_null(t1);
    assert_int_equal(t1->agents[CORE_AGENT_AVAILABLE], 1);
    assert_int_equal(t1->agents[CORE_AGENT_NOT_READY], 0);
    assert_int_equal(st.site_people.agents[CORE_AGENT_NOT_READY], 2);
    assert_int_equal(st.site_people.logged_in, 3);
    // Many changes later, the figures equal a count of every agent from scratch.
    for (int i = 0; i < 200; i++) {
        static const char *const states[] = {"available", "on_call", "not_ready", "wrap_up",
                                             "logged_out"};
        char ev[220];
        snprintf(ev, sizeof(ev),
                 "{\"type\":\"agent.state\",\"ts\":%d,\"agent\":\"a%d\",\"state\":\"%s\","
                 "\"reason\":\"r%d\",\"team\":\"t%d\",\"queues\":[\"q%d\"]}",
                 30 + i, 1 + i % 7, states[(i * 3) % 5], i % 3, i % 2, 1 + i % 4);
        feed_one(&st, ev);
        if (i % 9 == 0)
            core_state_refresh(&st);
    }
    cJSON *step = core_snapshot_build(&st, true, 1, 1);
    st.recount.all = true;
    cJSON *scratch = core_snapshot_build(&st, true, 1, 1);
    assert_true(cJSON_Compare(step, scratch, true));
    cJSON_Delete(step);
    cJSON_Delete(scratch);
    core_state_fini(&st);
}

static void
assert_same_agent(const struct core_view_agent *a, const struct core_view_agent *b)
{
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->team, b->team);
    assert_string_equal(a->reason, b->reason);
    assert_int_equal(a->state, b->state);
    assert_true(a->since_s == b->since_s);
    assert_int_equal(a->handled_today, b->handled_today);
    assert_int_equal(a->nqueues, b->nqueues);
    for (size_t q = 0; q < a->nqueues; q++)
        assert_string_equal(a->queues[q], b->queues[q]);
}

// The roster a screen keeps (core/view_roster.c) reads only the agents a message names, and
// holds what reading the whole merged state would: worked by hand below, then against
// core_view_from_json over the same merged tree.
static void
roster_reads_only_the_agents_named(void **unused)
{
    (void)unused;
    struct core_view_roster r;
    core_view_roster_init(&r);
    cJSON *tree = cJSON_Parse("{\"v\":1,\"agents\":{"
                              "\"b\":{\"name\":\"B\",\"state\":\"available\",\"queues\":[\"q\"]},"
                              "\"a\":{\"name\":\"A\",\"state\":\"on_call\"},"
                              "\"c\":{\"name\":\"C\",\"state\":\"not_ready\",\"reason\":\"r\"},"
                              "\"a\":{\"name\":\"second a\"}}}");
    cJSON *agents = cJSON_Duplicate(cJSON_GetObjectItem(tree, "agents"), true);
    assert_int_equal(core_view_roster_apply(&r, agents, true), 0);
    cJSON_Delete(agents);
    assert_int_equal(r.n, 3); // the first of a repeated id counts, as a lookup finds it
    assert_int_equal(r.reads, 3);
    assert_string_equal(r.agents[0].id, "a");
    assert_string_equal(r.agents[0].name, "A");
    assert_string_equal(r.agents[1].id, "b");
    assert_string_equal(r.agents[2].id, "c");

    // A delta: b changes state, a goes, d comes. Two records read, not four.
    const char *delta = "{\"agents\":{\"b\":{\"state\":\"on_call\"},\"a\":null,"
                        "\"d\":{\"name\":\"D\",\"state\":\"wrap_up\"}}}";
    cJSON *patch = cJSON_Parse(delta);
    assert_int_equal(core_view_roster_apply(&r, cJSON_GetObjectItem(patch, "agents"), false), 0);
    assert_int_equal(r.reads, 5);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.agents[0].id, "b");
    assert_int_equal(r.agents[0].state, CORE_AGENT_ON_CALL);
    assert_string_equal(r.agents[0].name, "B"); // merged into, not replaced
    assert_int_equal(r.agents[0].nqueues, 1);
    assert_string_equal(r.agents[2].id, "d");
    cJSON_DeleteItemFromObject(tree, "agents"); // (both "a"s)
    cJSON_AddItemToObject(tree, "agents",
                          cJSON_Parse("{\"b\":{\"name\":\"B\",\"state\":\"available\","
                                      "\"queues\":[\"q\"]},\"c\":{\"name\":\"C\",\"state\":"
                                      "\"not_ready\",\"reason\":\"r\"}}"));
    assert_int_equal(core_json_merge_patch(&tree, patch), 0);
    cJSON_Delete(patch);
    struct core_view whole;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_view_from_json(tree, &whole, &err), 0);
    assert_int_equal(whole.nagents, r.n);
    for (size_t i = 0; i < r.n; i++)
        assert_same_agent(&whole.agents[i], &r.agents[i]);
    core_view_fini(&whole);

    // A snapshot that repeats b and d, changes c and lacks nothing new: only c is read; e is
    // new; the roster drops none of the kept ones and loses the one it lacks (none here but a).
    agents = cJSON_Parse("{\"e\":{\"name\":\"E\"},\"d\":{\"name\":\"D\",\"state\":\"wrap_up\"},"
                         "\"c\":{\"name\":\"C\",\"state\":\"available\"},"
                         "\"b\":{\"name\":\"B\",\"state\":\"on_call\",\"queues\":[\"q\"]}}");
    assert_int_equal(core_view_roster_apply(&r, agents, true), 0);
    cJSON_Delete(agents);
    assert_int_equal(r.reads, 7); // c and e
    assert_int_equal(r.n, 4);
    const char *ids[] = {"b", "c", "d", "e"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(r.agents[i].id, ids[i]);
    assert_int_equal(r.agents[1].state, CORE_AGENT_AVAILABLE);
    assert_string_equal(r.agents[1].reason, "");

    // A snapshot without b and d: they go, in one pass.
    agents = cJSON_Parse("{\"e\":{\"name\":\"E\"},\"c\":{\"name\":\"C\",\"state\":\"available\"}}");
    assert_int_equal(core_view_roster_apply(&r, agents, true), 0);
    cJSON_Delete(agents);
    assert_int_equal(r.reads, 7);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.agents[0].id, "c");
    assert_string_equal(r.agents[1].id, "e");

    // Lent to a view, the view does not free them; copied, it owns its own.
    struct core_view v;
    memset(&v, 0, sizeof(v));
    core_view_roster_lend(&r, &v);
    assert_ptr_equal(v.agents, r.agents);
    core_view_fini(&v);
    assert_int_equal(core_view_roster_copy(&r, &v), 0);
    assert_ptr_not_equal(v.agents, r.agents);
    assert_int_equal(v.nagents, 2);
    core_view_fini(&v);
    cJSON_Delete(tree);
    core_view_roster_fini(&r);
}

// The diff is the patch that turns one document into the other, and nothing more.
static void
merge_diff_is_the_smallest_patch(void **unused)
{
    (void)unused;
    static const char *const cases[][4] = {
        // from, to, absent removes, the patch ("" for none)
        {"{\"a\":1,\"b\":{\"x\":1,\"y\":2}}", "{\"a\":1,\"b\":{\"x\":1}}", "1",
         "{\"b\":{\"y\":null}}"},
        {"{\"a\":1,\"c\":2}", "{\"a\":2}", "0", "{\"a\":2}"},
        {"{\"a\":1,\"c\":2}", "{\"a\":2}", "1", "{\"a\":2,\"c\":null}"},
        {"{\"a\":[1,2],\"n\":null}", "{\"a\":[1,2],\"n\":null}", "1", ""},
        {"{\"a\":[1,2]}", "{\"a\":[2,1]}", "1", "{\"a\":[2,1]}"},
        {"{\"q\":{\"w\":3}}", "{\"q\":null,\"z\":null}", "0", "{\"q\":null}"},
        {"{}", "{\"new\":{\"k\":null}}", "0", "{\"new\":{\"k\":null}}"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *from = cJSON_Parse(cases[i][0]), *to = cJSON_Parse(cases[i][1]);
        bool nomem = false;
        cJSON *patch = core_json_merge_diff(from, to, cases[i][2][0] == '1', &nomem);
        char *text = patch ? cJSON_PrintUnformatted(patch) : NULL;
        if (strcmp(text ? text : "", cases[i][3]) != 0)
            fail_msg("case %zu: %s", i, text ? text : "(none)");
        assert_false(nomem);
        cJSON_free(text);
        cJSON_Delete(patch);
        cJSON_Delete(from);
        cJSON_Delete(to);
    }
}

static void
merge_patch_rfc7386_examples(void **unused)
{
    (void)unused;
    cJSON *target = cJSON_Parse("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
    cJSON *patch = cJSON_Parse("{\"a\":\"z\",\"c\":{\"f\":null}}");
    assert_int_equal(core_json_merge_patch(&target, patch), 0);
    cJSON *want = cJSON_Parse("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}");
    assert_true(cJSON_Compare(target, want, true));
    cJSON_Delete(target);
    cJSON_Delete(patch);
    cJSON_Delete(want);
}

// A big patch (looked up through a hash index) does what its members do one by one (looked up
// by walking): removals, replacements, merges into objects, new members, a repeated key.
static void
merge_patch_big_equals_member_by_member(void **unused)
{
    (void)unused;
    cJSON *target = cJSON_CreateObject(), *patch = cJSON_CreateObject();
    char key[16];
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        cJSON *v = i % 2 ? cJSON_CreateNumber(i) : cJSON_CreateObject();
        if (!(i % 2))
            cJSON_AddNumberToObject(v, "x", i);
        cJSON_AddItemToObject(target, key, v);
    }
    cJSON_AddNumberToObject(target, "d", 1);
    cJSON_AddNumberToObject(target, "d", 2); // repeated: the second stands in once the first goes
    for (int i = 0; i < 150; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        if (i < 50) {
            cJSON_AddNullToObject(patch, key);
        } else if (i < 100) {
            cJSON_AddStringToObject(patch, key, "replaced");
        } else {
            cJSON *o = cJSON_AddObjectToObject(patch, key);
            cJSON_AddNumberToObject(o, "y", i);
        }
    }
    for (int i = 0; i < 50; i++) {
        snprintf(key, sizeof(key), "n%d", i);
        cJSON_AddNumberToObject(patch, key, i);
    }
    cJSON_AddNullToObject(patch, "d");
    cJSON_AddNumberToObject(patch, "d", 3);
    cJSON *one_by_one = cJSON_Duplicate(target, true);
    for (const cJSON *m = patch->child; m; m = m->next) {
        cJSON *single = cJSON_CreateObject();
        cJSON_AddItemToObject(single, m->string, cJSON_Duplicate(m, true));
        assert_int_equal(core_json_merge_patch(&one_by_one, single), 0);
        cJSON_Delete(single);
    }
    assert_int_equal(core_json_merge_patch(&target, patch), 0);
    assert_true(cJSON_Compare(target, one_by_one, true));
    assert_int_equal(cJSON_GetArraySize(target), 150 + 50 + 1);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(target, "d")->valueint, 3);
    cJSON_Delete(target);
    cJSON_Delete(patch);
    cJSON_Delete(one_by_one);
}

static void
view_reads_and_tolerates(void **unused)
{
    (void)unused;
    cJSON *msg =
        cJSON_Parse("{\"v\":1,\"seq\":4,\"now\":100,\"queues\":{\"b\":{\"waiting\":2},\"a\":{"
                    "\"waiting\":\"x\"}},"
                    "\"agents\":{\"1\":{\"state\":\"wrap_up\",\"since\":90,\"queues\":[\"a\",5]},"
                    "\"2\":{\"state\":\"bogus\"}},"
                    "\"keywords\":[{\"word\":\"w\",\"count\":3},{\"count\":1}],\"extra\":true}");
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_view_from_json(msg, &v, &err), 0);
    assert_int_equal(v.nqueues, 2);
    assert_string_equal(v.queues[0].id, "a"); // sorted
    assert_int_equal(v.queues[0].waiting, 0); // mistyped reads as zero
    assert_int_equal(core_view_find_queue(&v, "b")->waiting, 2);
    assert_int_equal(v.nagents, 2);
    assert_int_equal(v.agents[0].state, CORE_AGENT_WRAP_UP);
    assert_int_equal(v.agents[0].nqueues, 1);
    assert_true(core_view_agent_serves(&v.agents[0], "a"));
    assert_int_equal(v.agents[1].state, CORE_AGENT_LOGGED_OUT);
    assert_int_equal(v.nkeywords, 1);
    core_view_fini(&v);
    cJSON_Delete(msg);
    msg = cJSON_Parse("{\"v\":2}");
    assert_int_equal(core_view_from_json(msg, &v, &err), CORE_E_INVALID);
    cJSON_Delete(msg);
}

// A screen scoped to sites of a roll-up sees their queues, agents and alerts, and their
// figures summed; with one site, names read as on that site's own collector.
static void
view_scoped_to_sites(void **unused)
{
    (void)unused;
    cJSON *msg = cJSON_Parse(
        "{\"v\":1,\"queues\":{\"n/q1\":{\"waiting\":2},\"s/q1\":{\"waiting\":3},"
        "\"s/q2\":{\"waiting\":1,\"agents\":{\"on_call\":1}}},"
        "\"agents\":{\"n/1\":{\"state\":\"available\",\"team\":\"n/A\",\"queues\":[\"n/q1\"]},"
        "\"s/7\":{\"state\":\"on_call\",\"team\":\"s/B\",\"queues\":[\"s/q1\",\"s/q2\"]}},"
        "\"site\":{\"waiting\":6},"
        "\"sites\":{\"n\":{\"waiting\":2,\"longest_wait_s\":40,\"agents\":{\"available\":1},"
        "\"today\":{\"offered\":10,\"answered\":8,\"answered_in_sl\":6,\"longest_wait_s\":50}},"
        "\"s\":{\"waiting\":4,\"longest_wait_s\":90,\"agents\":{\"on_call\":1},"
        "\"today\":{\"offered\":5,\"answered\":5,\"answered_in_sl\":5,\"longest_wait_s\":20}}},"
        "\"queue_groups\":{\"q1\":{\"waiting\":5},\"q2\":{\"waiting\":1}},"
        "\"alerts\":[{\"key\":\"wait/s/q1\",\"queue\":\"s/q1\"},"
        "{\"key\":\"wait/n/q1\",\"queue\":\"n/q1\"},"
        "{\"key\":\"kw/a/b\",\"queue\":\"a/b\",\"word\":\"a/"
        "b\"},{\"key\":\"all\",\"queue\":\"\"}]}");
    struct core_view v;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(core_view_from_json(msg, &v, &err), 0);
    assert_int_equal(v.nsites, 2);
    assert_int_equal(v.ngroups, 2);
    assert_string_equal(v.groups[0].id, "q1");
    assert_int_equal(v.groups[0].waiting, 5);
    assert_int_equal(v.groups[1].agents[CORE_AGENT_ON_CALL], 1); // from s/q2's agents

    const char *one[] = {"s"};
    assert_int_equal(core_view_scope(&v, one, 1), 1);
    assert_string_equal(v.scope_site, "s");
    assert_int_equal(v.nqueues, 2);
    assert_string_equal(v.queues[0].id, "q1");
    assert_int_equal(core_view_find_queue(&v, "q1")->waiting, 3);
    assert_int_equal(v.nagents, 1);
    assert_string_equal(v.agents[0].id, "7");
    assert_string_equal(v.agents[0].team, "B");
    assert_true(core_view_agent_serves(&v.agents[0], "q2"));
    assert_true(v.has_site);
    assert_int_equal(v.site.waiting, 4);
    assert_int_equal(v.site.win[CORE_WIN_TODAY].offered, 5);
    assert_int_equal(v.nalerts, 3); // its queue's, the keyword's, the roll-up's; not n's
    assert_string_equal(v.alerts[0].key, "wait/s/q1");
    assert_string_equal(v.alerts[0].queue, "q1");
    assert_string_equal(v.alerts[1].queue, "a/b"); // a word, not a site's name
    core_view_fini(&v);

    assert_int_equal(core_view_from_json(msg, &v, &err), 0);
    const char *both[] = {"n", "s", "x"};
    assert_int_equal(core_view_scope(&v, both, 3), 2); // x: not in the message
    assert_string_equal(v.scope_site, "");
    assert_int_equal(v.nqueues, 3);
    assert_string_equal(v.queues[0].id, "n/q1"); // several sites: names keep their site
    assert_int_equal(v.nagents, 2);
    assert_int_equal(v.site.waiting, 6);
    assert_true(v.site.longest_wait_s == 90);
    assert_int_equal(v.site.agents[CORE_AGENT_AVAILABLE] + v.site.agents[CORE_AGENT_ON_CALL], 2);
    assert_int_equal(v.site.win[CORE_WIN_TODAY].offered, 15);
    assert_int_equal(v.site.win[CORE_WIN_TODAY].answered_in_sl, 11);
    assert_true(v.site.win[CORE_WIN_TODAY].longest_wait_s == 50);
    core_view_fini(&v);

    assert_int_equal(core_view_from_json(msg, &v, &err), 0);
    const char *none[] = {"elsewhere"};
    assert_int_equal(core_view_scope(&v, none, 1), 0);
    assert_false(v.has_site); // says "no data" rather than someone else's figures
    assert_int_equal(v.nqueues + v.nagents, 0);
    core_view_fini(&v);
    cJSON_Delete(msg);
}

static char *
checkpoint_text(const struct core_state *st)
{
    cJSON *cp = core_checkpoint_build(st);
    assert_non_null(cp);
    char *text = cJSON_PrintUnformatted(cp);
    cJSON_Delete(cp);
    return text;
}

// A checkpoint loaded back is the same state: it publishes the same, checkpoints the same, and
// goes on the same under more events (agents mid-wrap-up, calls waiting and connected).
static void
checkpoint_round_trip(void **unused)
{
    (void)unused;
    struct core_state a, b;
    core_state_init(&a);
    core_state_init(&b);
    FEED(&a,
         "{\"type\":\"agent.state\",\"ts\":1000,\"agent\":\"x\",\"state\":\"available\",\"team\":"
         "\"T\",\"queues\":[\"q\"],\"name\":\"王伟\"}",
         "{\"type\":\"call.enqueued\",\"ts\":1010,\"call\":\"c1\",\"queue\":\"q\",\"region\":\"CN-"
         "JS\",\"id\":\"e1\"}",
         "{\"type\":\"call.answered\",\"ts\":1020,\"call\":\"c1\",\"agent\":\"x\"}",
         "{\"type\":\"agent.state\",\"ts\":1020,\"agent\":\"x\",\"state\":\"on_call\"}",
         "{\"type\":\"call.ended\",\"ts\":1100,\"call\":\"c1\"}",
         "{\"type\":\"agent.state\",\"ts\":1100,\"agent\":\"x\",\"state\":\"wrap_up\"}",
         "{\"type\":\"call.enqueued\",\"ts\":1200,\"call\":\"c2\",\"queue\":\"q\",\"channel\":"
         "\"chat\"}",
         "{\"type\":\"keywords\",\"ts\":1200,\"words\":[\"停电\"]}",
         "{\"type\":\"text\",\"ts\":1201,\"text\":\"hello\"}");
    struct core_err err;
    struct core_event seen;
    const char *with_id = "{\"type\":\"call.ended\",\"ts\":1201,\"call\":\"zz\",\"id\":\"e1\"}";
    core_err_clear(&err);
    assert_int_equal(core_event_parse(with_id, strlen(with_id), &seen, &err), 0);
    assert_int_equal(core_state_check_event(&a, &seen, &err), 0); // remembers e1
    char *text = checkpoint_text(&a);
    cJSON *cp = cJSON_Parse(text);
    core_err_clear(&err);
    assert_int_equal(core_checkpoint_load(&b, cp, &err), 0);
    cJSON_Delete(cp);
    char *again = checkpoint_text(&b);
    assert_string_equal(text, again);
    cJSON_free(text);
    cJSON_free(again);
    // The wrap-up in progress, the waiting call and the remembered id carry on alike.
    const char *more[] = {
        "{\"type\":\"agent.state\",\"ts\":1130,\"agent\":\"x\",\"state\":\"available\"}",
        "{\"type\":\"call.answered\",\"ts\":1230,\"call\":\"c2\",\"agent\":\"x\"}",
        "{\"type\":\"call.enqueued\",\"ts\":1240,\"call\":\"c1\",\"queue\":\"q\",\"id\":\"e1\"}"};
    for (int i = 0; i < 3; i++) {
        struct core_event ev;
        core_err_clear(&err);
        assert_int_equal(core_event_parse(more[i], strlen(more[i]), &ev, &err), 0);
        int ra = core_state_check_event(&a, &ev, &err), rb = core_state_check_event(&b, &ev, &err);
        assert_int_equal(ra, rb);
        if (ra == 0) {
            core_state_apply(&a, &ev);
            core_state_apply(&b, &ev);
        }
        core_event_fini(&ev);
    }
    char *pa = core_snapshot_print(&a, 1, 1, false), *pb = core_snapshot_print(&b, 1, 1, false);
    assert_string_equal(pa, pb);
    assert_non_null(strstr(pa, "\"duplicates\":1"));
    cJSON_free(pa);
    cJSON_free(pb);
    core_state_fini(&a);
    core_state_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(snapshot_fields_and_privacy),
        cmocka_unit_test(delta_merges_into_the_next_snapshot),
        cmocka_unit_test(merge_patch_rfc7386_examples),
        cmocka_unit_test(trimmed_deltas_fold_into_the_next_snapshot),
        cmocka_unit_test(stream_snapshot_is_the_held_state),
        cmocka_unit_test(peek_reads_only_the_held_header),
        cmocka_unit_test(refresh_counts_only_what_changed),
        cmocka_unit_test(roster_reads_only_the_agents_named),
        cmocka_unit_test(merge_diff_is_the_smallest_patch),
        cmocka_unit_test(merge_patch_big_equals_member_by_member),
        cmocka_unit_test(view_reads_and_tolerates),
        cmocka_unit_test(view_scoped_to_sites),
        cmocka_unit_test(checkpoint_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
