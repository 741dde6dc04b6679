// SPDX-License-Identifier: MIT
// Test helper: feed JSON events to a state, failing the test on any that does not parse.
#ifndef TESTS_STATE_HELPERS_H
#define TESTS_STATE_HELPERS_H

#include "cmocka_prelude.h"
#include "core/event.h"
#include "core/state.h"

#include <string.h>

static inline void
feed(struct core_state *st, const char *const *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct core_event ev;
        struct core_err err;
        core_err_clear(&err);
        if (core_event_parse(lines[i], strlen(lines[i]), &ev, &err) != 0)
            fail_msg("line %zu does not parse: %s", i, err.text);
        assert_int_equal(core_state_apply(st, &ev), 0);
        core_event_fini(&ev);
    }
}

#define FEED(st, ...)                                                                              \
    do {                                                                                           \
        static const char *const lines_[] = {__VA_ARGS__};                                         \
        feed((st), lines_, sizeof(lines_) / sizeof(lines_[0]));                                    \
    } while (0)

#endif
