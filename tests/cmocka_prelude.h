// SPDX-License-Identifier: MIT
// cmocka wants these headers before its own, in this order.
#ifndef TESTS_CMOCKA_PRELUDE_H
#define TESTS_CMOCKA_PRELUDE_H

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#endif
