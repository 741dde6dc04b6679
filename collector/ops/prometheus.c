// SPDX-License-Identifier: MIT
// Prometheus text exposition format 0.0.4 and the health verdict (see prometheus.h).
#include "collector/ops/prometheus.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double delay_bounds[COL_DELAY_BUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,  0.1,    0.25,  1.0};

void
col_delay_add(struct col_delay_histogram *h, double seconds)
{
    for (int i = 0; i < COL_DELAY_BUCKETS; i++) {
        if (seconds <= delay_bounds[i]) {
            h->bucket[i]++;
            break;
        }
    }
    h->count++;
    h->sum_s += seconds;
}

// A label value: backslash, double quote and newline escaped, as the format asks.
static void
label(FILE *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '"')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else
            fputc(*p, out);
    }
}

static void
head(FILE *out, const char *name, const char *type, const char *help)
{
    fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
one(FILE *out, const char *name, const char *type, const char *help, double value)
{
    head(out, name, type, help);
    fprintf(out, "%s %.10g\n", name, value);
}

static void
events(FILE *out, const struct col_ingest *in)
{
    head(out, "wb_events_total", "counter", "Events read, by input and outcome.");
    for (size_t i = 0; i < in->nsources; i++) {
        const struct col_input_tally *t = &in->sources[i];
        static const char *const outcome[] = {"accepted", "rejected", "duplicate"};
        const uint64_t n[] = {t->accepted, t->rejected, t->duplicates};
        for (int k = 0; k < 3; k++) {
            fputs("wb_events_total{input=\"", out);
            label(out, t->source);
            fprintf(out, "\",outcome=\"%s\"} %llu\n", outcome[k], (unsigned long long)n[k]);
        }
    }
}

static void
rejects(FILE *out, const struct core_counters *c)
{
    head(out, "wb_rejects_total", "counter", "Events refused, by reason.");
    for (int i = 1; i < CORE_E_COUNT; i++) {
        if (i == CORE_E_DUPLICATE)
            continue; // not a refusal: counted once already
        fputs("wb_rejects_total{reason=\"", out);
        for (const char *r = core_err_reason(i); *r; r++) // "invalid field" -> invalid_field
            if (*r != '/')
                fputc(*r == ' ' ? '_' : *r, out);
        fprintf(out, "\"} %llu\n", (unsigned long long)c->rejected_by[i]);
    }
}

static void
sources(FILE *out, const struct core_state *st)
{
    if (st->nsources == 0)
        return;
    head(out, "wb_source_up", "gauge", "1 while a link the collector depends on is up.");
    for (size_t i = 0; i < st->nsources; i++) {
        fputs("wb_source_up{source=\"", out);
        label(out, st->sources[i].name);
        fprintf(out, "\"} %d\n", st->sources[i].up);
    }
    head(out, "wb_source_errors_total", "counter", "Errors a link reported (disconnects...).");
    for (size_t i = 0; i < st->nsources; i++) {
        fputs("wb_source_errors_total{source=\"", out);
        label(out, st->sources[i].name);
        fprintf(out, "\"} %llu\n", (unsigned long long)st->sources[i].errors);
    }
}

static void
delay(FILE *out, const struct col_delay_histogram *h)
{
    head(out, "wb_publish_delay_seconds", "histogram",
         "From an event accepted to the message taking it to the screens.");
    uint64_t cumulative = 0;
    for (int i = 0; i < COL_DELAY_BUCKETS; i++) {
        cumulative += h->bucket[i];
        fprintf(out, "wb_publish_delay_seconds_bucket{le=\"%g\"} %llu\n", delay_bounds[i],
                (unsigned long long)cumulative);
    }
    fprintf(out, "wb_publish_delay_seconds_bucket{le=\"+Inf\"} %llu\n",
            (unsigned long long)h->count);
    fprintf(out, "wb_publish_delay_seconds_sum %.9g\nwb_publish_delay_seconds_count %llu\n",
            h->sum_s, (unsigned long long)h->count);
}

static uint64_t
waiting_calls(const struct core_state *st)
{
    uint64_t n = 0;
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&st->calls, &pos)) != NULL)
        n += ((const struct core_call *)s->value)->status == CORE_CALL_WAITING;
    return n;
}

char *
col_prometheus_text(const struct col_status_figures *f)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return NULL;
    const struct core_state *st = f->st;
    one(out, "wb_uptime_seconds", "gauge", "Seconds since the collector started.", f->uptime_s);
    events(out, f->ingest);
    rejects(out, &st->counters);
    one(out, "wb_unmatched_events_total", "counter",
        "Accepted events naming a call the state never saw.", (double)st->counters.unmatched);
    sources(out, st);
    one(out, "wb_published_messages_total", "counter", "Snapshots and deltas sent to screens.",
        (double)f->published);
    one(out, "wb_publish_failures_total", "counter", "Messages nng could not queue for screens.",
        (double)f->publish_failed);
    one(out, "wb_commands_total", "counter", "Requests on the command socket.",
        (double)f->requests);
    one(out, "wb_screens_connected", "gauge", "Screens subscribed to the state now.",
        (double)f->screens);
    delay(out, f->publish_delay);
    one(out, "wb_calls_waiting", "gauge", "Calls waiting in a queue now.",
        (double)waiting_calls(st));
    one(out, "wb_agents", "gauge", "Agents the state knows.", (double)st->agents.len);
    one(out, "wb_queues", "gauge", "Queues the state knows.", (double)st->queues.len);
    if (f->journaling) {
        one(out, "wb_journal_appended_total", "counter", "Events appended to the journal.",
            (double)f->journal_appended);
        one(out, "wb_journal_waiting", "gauge",
            "Journaled events waiting in memory for a failing disk.", (double)f->journal_waiting);
        one(out, "wb_journal_lost_total", "counter",
            "Events not kept: the journal's backlog was full.", (double)f->journal_lost);
        one(out, "wb_journal_synced_total", "counter", "Journaled events known to be on disk.",
            (double)f->journal_synced);
        one(out, "wb_journal_errors_total", "counter", "Journal writes or syncs that failed.",
            (double)f->journal_errors);
        one(out, "wb_journal_day_bytes", "gauge", "Size of today's journal file.",
            (double)f->journal_day_bytes);
    }
    if (f->has_nats_in) {
        one(out, "wb_nats_up", "gauge", "1 while the stream is being read.", f->nats_in_up);
        one(out, "wb_nats_received_total", "counter", "Messages taken from the stream.",
            (double)f->nats_received);
        one(out, "wb_nats_acked_total", "counter", "Messages acknowledged (journaled).",
            (double)f->nats_acked);
        one(out, "wb_nats_lost_deliveries_total", "counter",
            "Deliveries lost in transit, read again from the stream.",
            (double)f->nats_resubscribed);
        one(out, "wb_nats_consumer_lag", "gauge",
            "Messages in the stream not yet delivered to this collector.", (double)f->nats_lag);
    }
    if (f->has_nats_out) {
        one(out, "wb_nats_published_total", "counter", "Events the stream acknowledged.",
            (double)f->nats_out.published);
        one(out, "wb_nats_publish_waiting", "gauge", "Events queued for the stream.",
            (double)f->nats_out.waiting);
        one(out, "wb_nats_publish_dropped_total", "counter", "Events dropped: the queue was full.",
            (double)f->nats_out.dropped);
    }
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

char *
col_health_json(const struct col_status_figures *f, bool *healthy)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *reasons = cJSON_CreateArray();
    bool degraded = false;
    *healthy = !f->journal_failing;
    if (f->journal_failing) {
        char why[200];
        if (f->journal_waiting)
            snprintf(why, sizeof(why), "the journal cannot write: %llu events wait in memory",
                     (unsigned long long)f->journal_waiting);
        else
            snprintf(why, sizeof(why), "the journal failed to write in the last minute");
        cJSON_AddItemToArray(reasons, cJSON_CreateString(why));
    }
    for (size_t i = 0; i < f->st->nsources; i++) {
        if (!f->st->sources[i].up) {
            char why[200];
            snprintf(why, sizeof(why), "%s is down", f->st->sources[i].name);
            cJSON_AddItemToArray(reasons, cJSON_CreateString(why));
            degraded = true;
        }
    }
    cJSON_AddStringToObject(o, "status", !*healthy ? "failing" : degraded ? "degraded" : "ok");
    cJSON_AddItemToObject(o, "reasons", reasons);
    cJSON_AddNumberToObject(o, "uptime_s", (double)(int64_t)f->uptime_s);
    cJSON_AddNumberToObject(o, "accepted", (double)f->st->counters.accepted);
    cJSON_AddNumberToObject(o, "screens", f->screens);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (text == NULL)
        return NULL;
    char *line = malloc(strlen(text) + 2);
    if (line)
        sprintf(line, "%s\n", text);
    cJSON_free(text);
    return line;
}
