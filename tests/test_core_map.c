// SPDX-License-Identifier: MIT
// core/map.c: puts, gets, deletes (backward shift keeps every key findable), iteration.
#include "cmocka_prelude.h"
#include "core/map.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static void
put_get_replace(void **state)
{
    (void)state;
    struct core_map m;
    core_map_init(&m);
    int a = 1, b = 2;
    assert_null(core_map_get(&m, "x"));
    assert_int_equal(core_map_put(&m, "x", &a), 0);
    assert_ptr_equal(core_map_get(&m, "x"), &a);
    assert_int_equal(core_map_put(&m, "x", &b), 0);
    assert_ptr_equal(core_map_get(&m, "x"), &b);
    assert_int_equal(m.len, 1);
    core_map_fini(&m);
}

static void
many_keys_survive_deletes(void **state)
{
    (void)state;
    struct core_map m;
    core_map_init(&m);
    static int values[5000];
    char key[32];
    for (int i = 0; i < 5000; i++) {
        values[i] = i;
        snprintf(key, sizeof(key), "key-%d", i);
        assert_int_equal(core_map_put(&m, key, &values[i]), 0);
    }
    for (int i = 0; i < 5000; i += 2) {
        snprintf(key, sizeof(key), "key-%d", i);
        assert_ptr_equal(core_map_del(&m, key), &values[i]);
    }
    assert_int_equal(m.len, 2500);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof(key), "key-%d", i);
        if (i % 2)
            assert_ptr_equal(core_map_get(&m, key), &values[i]);
        else
            assert_null(core_map_get(&m, key));
    }
    size_t pos = 0, seen = 0;
    long sum = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&m, &pos)) != NULL) {
        seen++;
        sum += *(int *)s->value;
    }
    assert_int_equal(seen, 2500);
    assert_int_equal(sum, 2500L * 2500L); // the sum of the odd numbers below 5000
    assert_null(core_map_del(&m, "absent"));
    core_map_fini(&m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_replace),
        cmocka_unit_test(many_keys_survive_deletes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
