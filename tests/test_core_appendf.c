// SPDX-License-Identifier: MIT
// core/appendf.c: appends never pass the buffer, whatever snprintf would have written (the
// queue_log reader once wrote past a 400-byte buffer with a long agent and queue name, found by
// libFuzzer and UBSan: fuzz/corpus/queuelog/crash-long-agent-and-queue).
#include "cmocka_prelude.h"
#include "core/appendf.h"

#include <string.h>

static void
appends_stop_at_the_end(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof(buf));
    size_t n = 0;
    assert_true(core_appendf(buf, sizeof(buf), &n, "%s", "abc"));
    assert_int_equal(n, 3);
    assert_false(core_appendf(buf, sizeof(buf), &n, "%d", 123456)); // 3 + 6 > 7: cut
    assert_int_equal(n, 7);
    assert_string_equal(buf, "abc1234");
    assert_false(core_appendf(buf, sizeof(buf), &n, "more")); // full: nothing written
    assert_int_equal(n, 7);
    assert_string_equal(buf, "abc1234");
    char one[1];
    n = 0;
    assert_false(core_appendf(one, 0, &n, "a")); // no room at all
    assert_int_equal(n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appends_stop_at_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
