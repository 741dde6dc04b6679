// SPDX-License-Identifier: MIT
// What the collector's loops share (collector.h): the stop flag, the summary line, the state
// printed for --print-state.
#include "collector/collector.h"

#include "core/snapshot.h"

#include <cjson/cJSON.h>
#include <stdio.h>

volatile sig_atomic_t col_stop_requested;

// {"site": curve, "queues": {id: curve}, "teams": ..., "channels": ..., "sites": ...,
// "groups": ...}: each curve as the command socket's "intervals" answers it.
static char *
intervals_text(const struct core_state *st)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "site", core_snapshot_intervals(st, &st->site));
    static const char *const names[] = {"queues", "teams", "channels", "sites", "groups"};
    const struct core_map *maps[] = {&st->queues, &st->teams, &st->channels, &st->sites,
                                     &st->queue_groups};
    for (int m = 0; m < 5; m++) {
        cJSON *scopes = cJSON_AddObjectToObject(o, names[m]);
        size_t pos = 0;
        const struct core_map_slot *s;
        while (scopes && (s = core_map_next(maps[m], &pos)) != NULL) {
            const struct core_windows *w = m == 0 ? &((const struct core_queue *)s->value)->w
                                                  : &((const struct core_scope *)s->value)->w;
            cJSON_AddItemToObject(scopes, s->key, core_snapshot_intervals(st, w));
        }
    }
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    return text;
}

void
col_print_state(struct collector *c, uint64_t run_id, uint64_t seq)
{
    char *state = c->opt.print_state ? core_snapshot_print(&c->state, run_id, seq, true) : NULL;
    char *curves = c->opt.print_intervals ? intervals_text(&c->state) : NULL;
    if ((c->opt.print_state && state == NULL) || (c->opt.print_intervals && curves == NULL))
        fprintf(stderr, "wb-collector: out of memory printing the state\n");
    if (state)
        printf("%s\n", state);
    if (curves)
        printf("%s\n", curves);
    fflush(stdout);
    cJSON_free(state);
    cJSON_free(curves);
}

void
col_summary(const struct collector *c, const char *what)
{
    const struct core_counters *k = &c->state.counters;
    fprintf(stderr, "wb-collector: %s: %llu events accepted, %llu rejected, %llu unmatched\n", what,
            (unsigned long long)k->accepted, (unsigned long long)k->rejected,
            (unsigned long long)k->unmatched);
}
