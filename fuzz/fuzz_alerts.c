// SPDX-License-Identifier: MIT
// Fuzz target: an alert rules file (written by hand at a site), parsed, then evaluated on a
// small state and listed, as the collector would.
#include "core/alert_eval.h"
#include "core/alerts.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct core_state st;
    core_state_init(&st);
    struct core_err err;
    core_err_clear(&err);
    if (core_alerts_parse((const char *)data, size, "fuzz", &st.alerts, &err) == 0) {
        static const char ev[] = "{\"type\":\"call.enqueued\",\"ts\":100,\"call\":\"c\","
                                 "\"queue\":\"q\"}";
        struct core_event e;
        if (core_event_parse(ev, strlen(ev), &e, &err) == 0) {
            core_state_apply(&st, &e);
            core_event_fini(&e);
        }
        core_state_refresh(&st);
        for (int t = 100; t < 110; t++)
            core_alerts_evaluate(st.alerts, &st, (int64_t)t * 1000);
        if (st.alerts->nalerts)
            core_alerts_ack(st.alerts, st.alerts->alerts[0].key, "f", 110000);
        cJSON_Delete(core_alerts_json(st.alerts));
    }
    core_state_fini(&st);
    return 0;
}
