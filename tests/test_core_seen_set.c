// SPDX-License-Identifier: MIT
// core/seen_set.c: the keywords' once-per-call memory. Checked against a plain array doing the
// same by brute force (every key, its minute, its turn in the queue), through inserts, sweeps
// and the removals that move probe runs back; its size per pair; and a checkpoint written
// before hashes (string keys "call\x1fword") still restored.
#include "cmocka_prelude.h"
#include "core/keywords.h"
#include "core/seen_set.h"

#include <stdlib.h>
#include <string.h>

#define PAIRS 5000

struct plain {
    uint64_t key;
    int64_t last, queued;
    bool in;
};

static void
same_as_brute_force(void **unused)
{
    (void)unused;
    static struct plain want[PAIRS];
    memset(want, 0, sizeof(want));
    struct core_seen_set s;
    core_seen_init(&s);
    srand(16);
    size_t in = 0, most = 0;
    for (int64_t minute = 1; minute <= 400; minute++) {
        // Forget what was last said 30 minutes ago or before; look only at what joined by then.
        int64_t forget_at = minute - 30;
        size_t looked = core_seen_sweep(&s, forget_at, minute);
        size_t should_look = 0;
        for (int i = 0; i < PAIRS; i++) {
            if (!want[i].in || want[i].queued > forget_at)
                continue;
            should_look++;
            if (want[i].last <= forget_at) {
                want[i].in = false;
                in--;
            } else {
                want[i].queued = minute;
            }
        }
        assert_int_equal(looked, should_look);
        for (int n = 0; n < 60; n++) {
            int i = rand() % PAIRS;
            // Small keys, many alike in their low bits: long probe runs for removal to mend.
            uint64_t key = (uint64_t)i << 20 | 7;
            want[i].key = key;
            assert_int_equal(core_seen_last(&s, key), want[i].in ? want[i].last : INT64_MIN);
            assert_int_equal(core_seen_note(&s, key, minute, minute), 0);
            if (!want[i].in) {
                want[i].in = true;
                want[i].queued = minute;
                in++;
            }
            want[i].last = minute;
        }
        assert_int_equal(s.len, in);
        most = in > most ? in : most;
        for (int i = 0; i < PAIRS; i++) // every key still found where probing looks
            assert_int_equal(core_seen_last(&s, want[i].key ? want[i].key : 1),
                             want[i].in ? want[i].last : INT64_MIN);
    }
    // 32 bytes a slot (table and queue), at most three quarters full and at least three eighths
    // (just after a growth): at most 86 bytes for each pair it held at its fullest, where the
    // string-keyed map before cost ~190.
    assert_int_equal(sizeof(struct core_seen_slot) + sizeof(struct core_seen_queued), 32);
    assert_true(s.cap * 3 <= most * 8 + 64 * 3);
    core_seen_fini(&s);
}

static void
key_of_a_call_and_a_word(void **unused)
{
    (void)unused;
    // The pair's key is the hash of "call\x1fword", as a checkpoint before hashes wrote it.
    assert_true(core_seen_key("c1", "停电了", strlen("停电")) == core_seen_key_text("c1\x1f停电"));
    assert_true(core_seen_key("c1", "停电", strlen("停电")) != core_seen_key("c2", "停电", 6));
    assert_true(core_seen_key("c", "1x", 2) != core_seen_key("c1", "x", 1));
}

static void
checkpoint_before_hashes(void **unused)
{
    (void)unused;
    struct core_kw_config c;
    core_kw_config_default(&c);
    struct core_keywords k;
    core_keywords_init(&k, &c);
    // Minute 1000: "停电" counted once for call c1 at minute 990; c1 saying it again is not
    // counted, c2 saying it is.
    cJSON *cp = cJSON_Parse("{\"minute\":1000,\"words\":{\"停电\":[990,1]},"
                            "\"seen\":{\"c1\\u001f停电\":990}}");
    assert_non_null(cp);
    assert_int_equal(core_keywords_restore(&k, cp), 0);
    assert_int_equal(k.seen.len, 1);
    assert_int_equal(core_keywords_count(&k, "停电", "c1", 1000 * 60000LL), 0);
    assert_int_equal(core_keywords_count(&k, "停电", "c2", 1000 * 60000LL), 1);
    // Written again, the memory comes back as hashes and means the same.
    cJSON *again = core_keywords_checkpoint(&k);
    struct core_keywords k2;
    core_keywords_init(&k2, &c);
    assert_int_equal(core_keywords_restore(&k2, again), 0);
    assert_int_equal(k2.seen.len, 2);
    assert_int_equal(core_keywords_count(&k2, "停电", "c1", 1000 * 60000LL), 0);
    assert_int_equal(core_keywords_count(&k2, "停电", "c2", 1000 * 60000LL), 0);
    assert_int_equal(core_keywords_count(&k2, "停电", "c3", 1000 * 60000LL), 1);
    cJSON_Delete(cp);
    cJSON_Delete(again);
    core_keywords_fini(&k);
    core_keywords_fini(&k2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_brute_force),
        cmocka_unit_test(key_of_a_call_and_a_word),
        cmocka_unit_test(checkpoint_before_hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
