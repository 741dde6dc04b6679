// SPDX-License-Identifier: MIT
// collector/ingest/parse_ahead.c: lines parsed on a second thread (and by the main thread when
// it gets there first) give exactly what parsing line by line gives: the same state, the same
// rejects in the same order, every accepted line passed on in input order, the text events'
// words counted once; a flush applies everything added so far.
#include "cmocka_prelude.h"
#include "collector/ingest/ingest.h"
#include "collector/ingest/parse_ahead.h"
#include "core/checkpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t
fixed_ms(void)
{
    return 1000;
}

// A stand-in for friso: words are what spaces separate.
static size_t
split(void *ctx, const char *text, char (*words)[CORE_WORD_MAX], size_t max)
{
    (void)ctx;
    size_t n = 0;
    for (const char *p = text; *p && n < max;) {
        size_t len = strcspn(p, " ");
        if (len > 0 && len < CORE_WORD_MAX) {
            memcpy(words[n], p, len);
            words[n++][len] = '\0';
        }
        p += len + (p[len] == ' ');
    }
    return n;
}

struct order {
    long last;
    long forwarded;
    bool in_order;
};

static void
forward(void *ctx, const char *id, const char *source, long line, int64_t offset, const char *raw,
        size_t len)
{
    (void)id, (void)source, (void)offset, (void)raw, (void)len;
    struct order *o = ctx;
    o->in_order &= line > o->last;
    o->last = line;
    o->forwarded++;
}

#define LINES 6000

// A day's worth of lines of every kind, a few of them bad.
static char **
make_lines(void)
{
    static const char *const words[] = {"停电", "电费", "发票", "抄表", "投诉", "欠费"};
    char **lines = calloc(LINES, sizeof(*lines));
    srand(16);
    for (int i = 0; i < LINES; i++) {
        char buf[512];
        double ts = 1796296700.0 + i * 0.25;
        int call = rand() % 400, agent = rand() % 40;
        switch (rand() % 9) {
        case 0:
            snprintf(buf, sizeof(buf),
                     "{\"type\":\"agent.state\",\"ts\":%.3f,\"agent\":\"a%d\",\"state\":\"%s\","
                     "\"queues\":[\"q%d\",\"q%d\"]}",
                     ts, agent, rand() % 2 ? "available" : "not_ready", agent % 3, agent % 5);
            break;
        case 1:
        case 2:
            snprintf(buf, sizeof(buf),
                     "{\"type\":\"call.enqueued\",\"ts\":%.3f,\"call\":\"c%d\",\"queue\":\"q%d\","
                     "\"region\":\"CN-%s\"}",
                     ts, call, call % 3, call % 2 ? "JS" : "SD");
            break;
        case 3:
            snprintf(buf, sizeof(buf),
                     "{\"type\":\"call.answered\",\"ts\":%.3f,\"call\":\"c%d\",\"agent\":\"a%d\"}",
                     ts, call, agent);
            break;
        case 4:
            snprintf(buf, sizeof(buf), "{\"type\":\"call.ended\",\"ts\":%.3f,\"call\":\"c%d\"}", ts,
                     call);
            break;
        case 5:
        case 6:
            snprintf(buf, sizeof(buf),
                     "{\"type\":\"text\",\"ts\":%.3f,\"call\":\"c%d\",\"text\":\"%s %s %s\"}", ts,
                     call, words[rand() % 6], words[rand() % 6], words[rand() % 6]);
            break;
        case 7: snprintf(buf, sizeof(buf), "{\"type\":\"call.enqueued\",\"ts\":"); break;
        default: snprintf(buf, sizeof(buf), "{\"type\":\"bogus\",\"ts\":%.3f}", ts); break;
        }
        lines[i] = strdup(buf);
    }
    return lines;
}

struct run {
    struct core_state st;
    struct col_rejects rj;
    struct col_ingest in;
    struct order order;
    char rejects[64];
};

static void
start(struct run *r, const char *name)
{
    core_state_init(&r->st);
    r->st.segment = split;
    snprintf(r->rejects, sizeof(r->rejects), "/tmp/wb-ahead-%s-%d.jsonl", name, (int)getpid());
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(col_rejects_open(&r->rj, r->rejects, &err), 0);
    r->order = (struct order){.last = 0, .in_order = true};
    r->in = (struct col_ingest){.state = &r->st,
                                .rejects = &r->rj,
                                .wall_ms = fixed_ms,
                                .offset = -1,
                                .forward = forward,
                                .forward_ctx = &r->order};
}

static char *
read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static void
same_as_line_by_line(void **unused)
{
    (void)unused;
    char **lines = make_lines();
    struct run one, ahead;
    start(&one, "one");
    start(&ahead, "ahead");
    ahead.in.ahead = col_parse_ahead_new(split, NULL, col_ingest_parsed, &ahead.in);
    assert_non_null(ahead.in.ahead);
    for (int i = 0; i < LINES; i++) {
        col_ingest_raw(&one.in, "day", i + 1, lines[i], strlen(lines[i]));
        col_ingest_raw(&ahead.in, "day", i + 1, lines[i], strlen(lines[i]));
        if (i == 999) { // a flush (a checkpoint's) applies all added so far
            col_parse_ahead_flush(ahead.in.ahead);
            assert_int_equal(ahead.st.counters.accepted, one.st.counters.accepted);
            assert_int_equal(ahead.st.counters.rejected, one.st.counters.rejected);
        }
    }
    col_parse_ahead_free(ahead.in.ahead);
    ahead.in.ahead = NULL;
    assert_true(one.st.counters.accepted > LINES / 2);
    assert_int_equal(ahead.st.counters.accepted, one.st.counters.accepted);
    assert_int_equal(ahead.st.counters.rejected, one.st.counters.rejected);
    assert_int_equal(ahead.in.sources[0].accepted, one.in.sources[0].accepted);
    assert_int_equal(ahead.in.sources[0].rejected, one.in.sources[0].rejected);
    assert_true(ahead.order.in_order);
    assert_int_equal(ahead.order.forwarded, (long)one.st.counters.accepted);
    // The whole state alike, keywords included.
    cJSON *a = core_checkpoint_build(&one.st), *b = core_checkpoint_build(&ahead.st);
    char *ta = cJSON_PrintUnformatted(a), *tb = cJSON_PrintUnformatted(b);
    assert_string_equal(ta, tb);
    assert_non_null(strstr(ta, "停电"));
    // The rejects too, in the input's order.
    col_rejects_close(&one.rj);
    col_rejects_close(&ahead.rj);
    char *ra = read_all(one.rejects), *rb = read_all(ahead.rejects);
    assert_true(strlen(ra) > 0);
    assert_string_equal(ra, rb);
    unlink(one.rejects);
    unlink(ahead.rejects);
    free(ra), free(rb), free(ta), free(tb);
    cJSON_Delete(a);
    cJSON_Delete(b);
    core_state_fini(&one.st);
    core_state_fini(&ahead.st);
    for (int i = 0; i < LINES; i++)
        free(lines[i]);
    free(lines);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_line_by_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
