// SPDX-License-Identifier: MIT
// core/phone_digits.c: callers' numbers found in other text and masked; time stamps left alone.
#include "cmocka_prelude.h"
#include "core/phone_digits.h"

#include <string.h>

static bool
has(const char *s)
{
    return core_has_phone_number(s, strlen(s));
}

static void
numbers_are_found(void **unused)
{
    (void)unused;
    assert_true(has("13912345678"));
    assert_true(has("回电139-1234-5678"));
    assert_true(has("+86 139 1234 5678"));
    assert_true(has("025.8456.1234"));
    assert_false(has("5月"));
    assert_false(has("7005"));       // an extension
    assert_false(has("123456"));     // six digits
    assert_false(has("139--12-34")); // two separators break a run: 3, then 4 digits
}

static void
masked_but_the_last_four(void **unused)
{
    (void)unused;
    char a[] = "caller +86 139 1234 5678 called";
    assert_int_equal(core_mask_phone_numbers(a, strlen(a)), 1);
    assert_string_equal(a, "caller +** *** **** 5678 called");
    // Time stamps and Asterisk Uniqueids are not numbers to hide; a callerid beside them is.
    char q[] = "1795401610|1781704152.3807872|sales|NONE|ENTERQUEUE||13912345678|1";
    assert_int_equal(core_mask_phone_numbers(q, strlen(q)), 1);
    assert_string_equal(q, "1795401610|1781704152.3807872|sales|NONE|ENTERQUEUE||*******5678|1");
    char ms[] = "{\"ts\":1795401610123,\"n\":\"8613912345678\"}";
    assert_int_equal(core_mask_phone_numbers(ms, strlen(ms)), 1);
    assert_string_equal(ms, "{\"ts\":1795401610123,\"n\":\"*********5678\"}");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_are_found),
        cmocka_unit_test(masked_but_the_last_four),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
