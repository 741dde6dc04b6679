// SPDX-License-Identifier: MIT
// The simulator: Poisson arrivals, callers with limited patience, agents who log in, take
// calls, wrap up and take breaks, and callers who talk about what is on their mind (with one
// topic surging now and then, as an outage does).
#include "collector/inputs/simulator.h"

#include "core/appendf.h"
#include "core/event.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEVER INT64_MAX

enum sim_agent_phase { PH_OFF, PH_IDLE, PH_RING, PH_TALK, PH_WRAP, PH_BREAK };

struct sim_agent {
    char id[16];
    char name[48];
    char team[24];
    int queues[3];
    int nqueues;
    enum sim_agent_phase phase;
    int64_t until_ms; // when the current phase ends (NEVER while idle)
    int64_t break_ms; // when an idle agent goes on a break
    int call;         // index into calls while ringing or talking, else -1
};

#define QUEUE_TIMEOUT_MS (180 * 1000)

struct sim_call {
    bool live;
    char id[24];
    int queue;
    bool waiting;
    int64_t enqueued_ms;
    int64_t abandon_ms; // when the caller gives up if still waiting (or the queue's timeout)
    bool times_out;     // the queue's timeout comes before the caller's patience ends
    int64_t words_ms;   // when the caller next says something (while talking)
    int topic;          // what the caller is calling about
};

struct col_sim {
    struct col_sim_config cfg;
    uint64_t rng;
    int64_t now_ms, start_ms;
    int64_t next_arrival_ms;
    uint64_t ncalls_made;
    bool introduced; // every agent announced (logged out, with name and queues)
    struct sim_agent *agents;
    struct sim_call *calls;
    int calls_cap;
    char line[2048];
};

// Queues of a utility's service line; the simulator takes the first cfg.queues of them.
static const char *const queue_names[] = {
    "电费查询", "故障报修", "业务办理", "投诉建议", "VIP专线",  "English Line",
    "新装增容", "停电咨询", "缴费服务", "账单争议", "光伏并网", "充电桩",
};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
                                       "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"};
static const char *const given[] = {"伟", "芳", "娜", "敏",   "静",   "丽",   "强",   "磊",  "洋",
                                    "艳", "勇", "军", "杰",   "娟",   "涛",   "明",   "超",  "秀英",
                                    "霞", "平", "刚", "桂英", "晓东", "海燕", "子涵", "雨轩"};
static const char *const english_names[] = {"Emma Li",     "James Wong", "Olivia Chen",
                                            "Daniel Zhou", "Sophia Lin", "Lucas Wu"};
static const char *const break_reasons[] = {"小休", "午餐", "培训", "会议", "辅导"};

// Where callers call from: provinces weighted roughly by population, and a few countries.
static const struct {
    const char *code;
    int weight;
} regions[] = {
    {"CN-GD", 126}, {"CN-SD", 101}, {"CN-HA", 99}, {"CN-JS", 85}, {"CN-SC", 84}, {"CN-HE", 75},
    {"CN-HN", 66},  {"CN-ZJ", 65},  {"CN-AH", 61}, {"CN-HB", 58}, {"CN-GX", 50}, {"CN-YN", 47},
    {"CN-JX", 45},  {"CN-LN", 43},  {"CN-FJ", 42}, {"CN-SN", 40}, {"CN-GZ", 39}, {"CN-SX", 35},
    {"CN-CQ", 32},  {"CN-HL", 31},  {"CN-XJ", 26}, {"CN-SH", 25}, {"CN-GS", 25}, {"CN-NM", 24},
    {"CN-JL", 24},  {"CN-BJ", 22},  {"CN-TJ", 14}, {"CN-HI", 10}, {"CN-NX", 7},  {"CN-QH", 6},
    {"CN-XZ", 4},   {"CN-HK", 7},   {"CN-MO", 1},  {"CN-TW", 2},  {"US", 3},     {"GB", 2},
    {"JP", 2},      {"SG", 2},      {"DE", 1},     {"AU", 1},
};

// What callers talk about, as an analytics engine would extract it. Topic 0 surges.
static const char *const topics[][4] = {
    {"停电", "抢修", "什么时候来电", "outage"}, {"电费", "账单", "多扣费", "bill"},
    {"缴费", "充值", "微信支付", "payment"},    {"电表", "读数", "智能电表", "meter"},
    {"过户", "更名", "身份证", "transfer"},     {"投诉", "服务态度", "回访", "complaint"},
    {"光伏", "并网", "补贴", "solar"},          {"充电桩", "安装", "报装", "charger"},
    {"发票", "电子发票", "开票", "invoice"},    {"电压不稳", "跳闸", "短路", "voltage"},
};
#define NTOPICS (sizeof(topics) / sizeof(topics[0]))

static uint64_t
rng_next(struct col_sim *s)
{
    // xorshift64*: fast, seeded, reproducible runs.
    s->rng ^= s->rng >> 12;
    s->rng ^= s->rng << 25;
    s->rng ^= s->rng >> 27;
    return s->rng * 2685821657736338717ULL;
}

static double
uniform(struct col_sim *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static int
pick(struct col_sim *s, int n)
{
    return (int)(rng_next(s) % (uint64_t)n);
}

static int64_t
exp_ms(struct col_sim *s, double mean_ms)
{
    return (int64_t)(-log(1.0 - uniform(s)) * mean_ms) + 1;
}

static int64_t
between_ms(struct col_sim *s, double lo_s, double hi_s)
{
    return (int64_t)((lo_s + uniform(s) * (hi_s - lo_s)) * 1000.0);
}

// Talk times are log-normal, as in real centres: most short, a long tail.
static int64_t
talk_ms(struct col_sim *s)
{
    double z = sqrt(-2.0 * log(1.0 - uniform(s))) * cos(6.283185307 * uniform(s));
    double secs = exp(log(150.0) + 0.55 * z);
    return (int64_t)(fmin(fmax(secs, 20.0), 1500.0) * 1000.0);
}

static void
emit_line(struct col_sim *s, col_sim_emit_fn emit, void *ctx, int len)
{
    if (len > 0 && (size_t)len < sizeof(s->line))
        emit(ctx, s->line, (size_t)len);
}

static double
ts(const struct col_sim *s)
{
    return (double)s->now_ms / 1000.0;
}

static void
emit_agent(struct col_sim *s, struct sim_agent *a, const char *state, const char *reason, bool full,
           col_sim_emit_fn emit, void *ctx)
{
    size_t n = 0;
    core_appendf(s->line, sizeof(s->line), &n,
                 "{\"type\":\"agent.state\",\"ts\":%.3f,\"agent\":\"%s\",\"state\":\"%s\"", ts(s),
                 a->id, state);
    if (reason)
        core_appendf(s->line, sizeof(s->line), &n, ",\"reason\":\"%s\"", reason);
    if (full) {
        core_appendf(s->line, sizeof(s->line), &n, ",\"name\":\"%s\",\"team\":\"%s\",\"queues\":[",
                     a->name, a->team);
        for (int i = 0; i < a->nqueues; i++)
            core_appendf(s->line, sizeof(s->line), &n, "%s\"%s\"", i ? "," : "",
                         queue_names[a->queues[i]]);
        core_appendf(s->line, sizeof(s->line), &n, "]");
    }
    core_appendf(s->line, sizeof(s->line), &n, "}");
    emit_line(s, emit, ctx, (int)n);
}

static void
init_agent(struct col_sim *s, int i)
{
    struct sim_agent *a = &s->agents[i];
    snprintf(a->id, sizeof(a->id), "%d", 1001 + i);
    if (s->cfg.queues > 5 && i % 12 == 5)
        snprintf(a->name, sizeof(a->name), "%s",
                 english_names[pick(s, (int)(sizeof(english_names) / sizeof(*english_names)))]);
    else
        snprintf(a->name, sizeof(a->name), "%s%s",
                 surnames[pick(s, (int)(sizeof(surnames) / sizeof(*surnames)))],
                 given[pick(s, (int)(sizeof(given) / sizeof(*given)))]);
    snprintf(a->team, sizeof(a->team), "%c组", 'A' + i % 4);
    a->nqueues = 1 + pick(s, s->cfg.queues < 3 ? s->cfg.queues : 3);
    for (int k = 0; k < a->nqueues; k++)
        a->queues[k] = (i + k) % s->cfg.queues;
    a->phase = PH_OFF;
    a->call = -1;
    // Most agents log in during the first half minute; a few stay logged out for a while.
    a->until_ms = s->now_ms + (i % 10 == 9 ? between_ms(s, 120, 900) : between_ms(s, 0, 30));
    a->break_ms = NEVER;
}

struct col_sim *
col_sim_new(const struct col_sim_config *cfg, int64_t start_ms)
{
    int nq = (int)(sizeof(queue_names) / sizeof(*queue_names));
    if (cfg->agents < 1 || cfg->agents > 5000 || cfg->queues < 1 || cfg->queues > nq ||
        !(cfg->calls_per_minute > 0) || cfg->calls_per_minute > 60000)
        return NULL;
    struct col_sim *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->cfg = *cfg;
    s->rng = cfg->seed ? cfg->seed : 0x9e3779b97f4a7c15ULL;
    s->now_ms = s->start_ms = start_ms;
    s->calls_cap = cfg->agents * 4 + 256;
    s->agents = calloc((size_t)cfg->agents, sizeof(*s->agents));
    s->calls = calloc((size_t)s->calls_cap, sizeof(*s->calls));
    if (s->agents == NULL || s->calls == NULL) {
        col_sim_free(s);
        return NULL;
    }
    for (int i = 0; i < cfg->agents; i++)
        init_agent(s, i);
    s->next_arrival_ms = start_ms + 2000;
    return s;
}

void
col_sim_free(struct col_sim *sim)
{
    if (sim == NULL)
        return;
    free(sim->agents);
    free(sim->calls);
    free(sim);
}

// The surging topic's share of calls rises and falls over a 20-minute cycle.
static int
pick_topic(struct col_sim *s)
{
    double minutes = (double)(s->now_ms - s->start_ms) / 60000.0;
    double surge = 0.05 + 0.35 * pow(fmax(0.0, sin(minutes * 6.283185307 / 20.0)), 2.0);
    if (uniform(s) < surge)
        return 0;
    return 1 + pick(s, (int)NTOPICS - 1);
}

static const char *
pick_region(struct col_sim *s)
{
    int total = 0, n = (int)(sizeof(regions) / sizeof(*regions));
    for (int i = 0; i < n; i++)
        total += regions[i].weight;
    int r = pick(s, total);
    for (int i = 0; i < n; i++) {
        if ((r -= regions[i].weight) < 0)
            return regions[i].code;
    }
    return regions[0].code;
}

static void
arrive(struct col_sim *s, col_sim_emit_fn emit, void *ctx)
{
    int slot = -1;
    for (int i = 0; i < s->calls_cap && slot < 0; i++) {
        if (!s->calls[i].live)
            slot = i;
    }
    if (slot < 0)
        return; // the lines are full: the caller hears a busy tone
    struct sim_call *c = &s->calls[slot];
    memset(c, 0, sizeof(*c));
    c->live = c->waiting = true;
    snprintf(c->id, sizeof(c->id), "sim-%llu", (unsigned long long)++s->ncalls_made);
    c->topic = pick_topic(s);
    // Outage callers go to the outage lines when there are enough queues.
    c->queue = pick(s, s->cfg.queues);
    if (c->topic == 0 && s->cfg.queues > 1 && uniform(s) < 0.6)
        c->queue = 1;
    c->enqueued_ms = s->now_ms;
    c->abandon_ms = s->now_ms + exp_ms(s, 75000.0);
    // The queues send callers to voicemail after three minutes (Queue()'s timeout).
    c->times_out = c->abandon_ms > s->now_ms + QUEUE_TIMEOUT_MS;
    if (c->times_out)
        c->abandon_ms = s->now_ms + QUEUE_TIMEOUT_MS;
    const char *channel = uniform(s) < 0.15 ? "chat" : "voice";
    int n = snprintf(s->line, sizeof(s->line),
                     "{\"type\":\"call.enqueued\",\"ts\":%.3f,\"call\":\"%s\",\"queue\":\"%s\","
                     "\"region\":\"%s\",\"channel\":\"%s\"}",
                     ts(s), c->id, queue_names[c->queue], pick_region(s), channel);
    emit_line(s, emit, ctx, n);
}

static bool
serves(const struct sim_agent *a, int queue)
{
    for (int i = 0; i < a->nqueues; i++) {
        if (a->queues[i] == queue)
            return true;
    }
    return false;
}

// Offers the longest-waiting call an idle agent can take to that agent.
static void
dispatch(struct col_sim *s, struct sim_agent *a, col_sim_emit_fn emit, void *ctx)
{
    int best = -1;
    for (int i = 0; i < s->calls_cap; i++) {
        struct sim_call *c = &s->calls[i];
        if (c->live && c->waiting && serves(a, c->queue) &&
            (best < 0 || c->enqueued_ms < s->calls[best].enqueued_ms))
            best = i;
    }
    if (best < 0)
        return;
    s->calls[best].waiting = false;
    a->call = best;
    a->phase = PH_RING;
    a->until_ms = s->now_ms + between_ms(s, 2, 7);
    emit_agent(s, a, "ringing", NULL, false, emit, ctx);
}

static void
go_idle(struct col_sim *s, struct sim_agent *a, col_sim_emit_fn emit, void *ctx, bool login)
{
    a->phase = PH_IDLE;
    a->call = -1;
    a->until_ms = NEVER;
    a->break_ms = s->now_ms + exp_ms(s, 40 * 60000.0);
    emit_agent(s, a, "available", NULL, login, emit, ctx);
    dispatch(s, a, emit, ctx);
}

static void
say_words(struct col_sim *s, struct sim_call *c, col_sim_emit_fn emit, void *ctx)
{
    const char *const *words = topics[c->topic];
    int n;
    // Chat and transcript lines, as customers put them (the collector segments them).
    if (uniform(s) < 0.3) {
        char text[256];
        const char *a = words[0], *b = words[1 + pick(s, 2)];
        switch (pick(s, 5)) {
        case 0: snprintf(text, sizeof(text), "您好，我想问一下%s的问题，%s怎么弄", a, b); break;
        case 1: snprintf(text, sizeof(text), "我家%s了，%s要多久", a, b); break;
        case 2: snprintf(text, sizeof(text), "请问%s怎么办？还有%s", a, b); break;
        case 3: snprintf(text, sizeof(text), "%s好几天了，%s到底什么时候", a, b); break;
        default: snprintf(text, sizeof(text), "你好，关于%s，%s能不能快点", a, b); break;
        }
        n = snprintf(s->line, sizeof(s->line),
                     "{\"type\":\"text\",\"ts\":%.3f,\"call\":\"%s\",\"speaker\":\"customer\","
                     "\"text\":\"%s\"}",
                     ts(s), c->id, text);
    } else {
        bool english = strcmp(queue_names[c->queue], "English Line") == 0;
        n = snprintf(
            s->line, sizeof(s->line),
            "{\"type\":\"keywords\",\"ts\":%.3f,\"call\":\"%s\",\"words\":[\"%s\",\"%s\"]}", ts(s),
            c->id, english ? words[3] : words[0], words[1 + pick(s, 2)]);
    }
    emit_line(s, emit, ctx, n);
    c->words_ms = s->now_ms + between_ms(s, 20, 90);
}

static void
end_talk(struct col_sim *s, struct sim_agent *a, col_sim_emit_fn emit, void *ctx)
{
    struct sim_call *c = &s->calls[a->call];
    int n;
    if (uniform(s) < 0.04 && s->cfg.queues > 1) {
        // Transferred to another queue, where the caller waits again.
        c->queue = (c->queue + 1 + pick(s, s->cfg.queues - 1)) % s->cfg.queues;
        c->waiting = true;
        c->enqueued_ms = s->now_ms;
        c->abandon_ms = s->now_ms + exp_ms(s, 90000.0);
        n = snprintf(s->line, sizeof(s->line),
                     "{\"type\":\"call.transferred\",\"ts\":%.3f,\"call\":\"%s\",\"queue\":\"%s\"}",
                     ts(s), c->id, queue_names[c->queue]);
    } else {
        c->live = false;
        n = snprintf(s->line, sizeof(s->line),
                     "{\"type\":\"call.ended\",\"ts\":%.3f,\"call\":\"%s\"}", ts(s), c->id);
    }
    emit_line(s, emit, ctx, n);
    a->call = -1;
    a->phase = PH_WRAP;
    a->until_ms = s->now_ms + between_ms(s, 5, 45);
    emit_agent(s, a, "wrap_up", NULL, false, emit, ctx);
}

static void
agent_due(struct col_sim *s, struct sim_agent *a, col_sim_emit_fn emit, void *ctx)
{
    struct sim_call *c = a->call >= 0 ? &s->calls[a->call] : NULL;
    switch (a->phase) {
    case PH_OFF: go_idle(s, a, emit, ctx, true); break;
    case PH_RING:
        if (c == NULL || !c->live) { // the caller hung up while it rang
            go_idle(s, a, emit, ctx, false);
            break;
        }
        if (uniform(s) < 0.05) { // rung and not answered: the caller waits on for another
            int n = snprintf(s->line, sizeof(s->line),
                             "{\"type\":\"agent.ring_missed\",\"ts\":%.3f,\"agent\":\"%s\","
                             "\"call\":\"%s\",\"queue\":\"%s\",\"ring_s\":15}",
                             ts(s), a->id, c->id, queue_names[c->queue]);
            emit_line(s, emit, ctx, n);
            c->waiting = true;
            a->call = -1;
            a->phase = PH_IDLE;
            a->until_ms = NEVER;
            emit_agent(s, a, "available", NULL, false, emit, ctx);
            break;
        }
        a->phase = PH_TALK;
        a->until_ms = s->now_ms + talk_ms(s);
        c->words_ms = s->now_ms + between_ms(s, 5, 30);
        int n =
            snprintf(s->line, sizeof(s->line),
                     "{\"type\":\"call.answered\",\"ts\":%.3f,\"call\":\"%s\",\"agent\":\"%s\"}",
                     ts(s), c->id, a->id);
        emit_line(s, emit, ctx, n);
        emit_agent(s, a, "on_call", NULL, false, emit, ctx);
        break;
    case PH_TALK: end_talk(s, a, emit, ctx); break;
    case PH_WRAP:
    case PH_BREAK: go_idle(s, a, emit, ctx, false); break;
    case PH_IDLE: break;
    }
}

static void
take_break(struct col_sim *s, struct sim_agent *a, col_sim_emit_fn emit, void *ctx)
{
    a->phase = PH_BREAK;
    a->break_ms = NEVER;
    a->until_ms = s->now_ms + between_ms(s, 120, 900);
    int nr = (int)(sizeof(break_reasons) / sizeof(*break_reasons));
    emit_agent(s, a, "not_ready", break_reasons[pick(s, nr)], false, emit, ctx);
}

// A caller who waited long enough leaves: to voicemail at the queue's timeout, by pressing 0
// for voicemail (a few), or by hanging up.
static void
abandon(struct col_sim *s, struct sim_call *c, col_sim_emit_fn emit, void *ctx)
{
    c->live = false;
    const char *reason = c->times_out ? "timeout" : uniform(s) < 0.08 ? "exit_key" : NULL;
    int n =
        reason
            ? snprintf(s->line, sizeof(s->line),
                       "{\"type\":\"call.left\",\"ts\":%.3f,\"call\":\"%s\",\"reason\":\"%s\"%s}",
                       ts(s), c->id, reason, c->times_out ? "" : ",\"key\":\"0\"")
            : snprintf(s->line, sizeof(s->line),
                       "{\"type\":\"call.abandoned\",\"ts\":%.3f,\"call\":\"%s\"}", ts(s), c->id);
    emit_line(s, emit, ctx, n);
}

// Runs everything due at s->now_ms and returns the time of the next thing due.
static int64_t
run_due(struct col_sim *s, col_sim_emit_fn emit, void *ctx)
{
    int64_t next = s->next_arrival_ms;
    if (s->now_ms >= s->next_arrival_ms) {
        arrive(s, emit, ctx);
        s->next_arrival_ms = s->now_ms + exp_ms(s, 60000.0 / s->cfg.calls_per_minute);
        next = s->next_arrival_ms;
        // A new call may find an idle agent at once.
        for (int i = 0; i < s->cfg.agents; i++) {
            if (s->agents[i].phase == PH_IDLE && s->agents[i].call < 0)
                dispatch(s, &s->agents[i], emit, ctx);
        }
    }
    for (int i = 0; i < s->calls_cap; i++) {
        struct sim_call *c = &s->calls[i];
        if (!c->live)
            continue;
        if (c->waiting && s->now_ms >= c->abandon_ms)
            abandon(s, c, emit, ctx);
        else if (c->waiting && c->abandon_ms < next)
            next = c->abandon_ms;
    }
    for (int i = 0; i < s->cfg.agents; i++) {
        struct sim_agent *a = &s->agents[i];
        if (a->until_ms <= s->now_ms)
            agent_due(s, a, emit, ctx);
        if (a->phase == PH_IDLE && a->call < 0 && a->break_ms <= s->now_ms)
            take_break(s, a, emit, ctx);
        if (a->phase == PH_TALK && a->call >= 0 && s->calls[a->call].words_ms <= s->now_ms)
            say_words(s, &s->calls[a->call], emit, ctx);
        if (a->until_ms < next)
            next = a->until_ms;
        if (a->phase == PH_IDLE && a->break_ms < next)
            next = a->break_ms;
        if (a->phase == PH_TALK && s->calls[a->call].words_ms < next)
            next = s->calls[a->call].words_ms;
    }
    return next;
}

int64_t
col_sim_step(struct col_sim *s, int64_t now_ms, col_sim_emit_fn emit, void *ctx)
{
    if (!s->introduced) {
        // The roster first, as a real ACD reports it: everyone known, nobody logged in yet.
        for (int i = 0; i < s->cfg.agents; i++)
            emit_agent(s, &s->agents[i], "logged_out", NULL, true, emit, ctx);
        s->introduced = true;
    }
    int64_t next = s->now_ms;
    // Walk through every moment something was due, so event times stay in order.
    while (next <= now_ms) {
        s->now_ms = next > s->now_ms ? next : s->now_ms;
        next = run_due(s, emit, ctx);
        if (next <= s->now_ms)
            next = s->now_ms + 1;
    }
    s->now_ms = now_ms;
    return next;
}

// As a live input: the simulation runs up to the wall clock at each pump and wakes the loop
// when its next event is due.
struct sim_input {
    struct col_input base;
    struct col_sim *sim;
    struct col_ingest *in; // during a pump
    bool print_events;
    long events;
    int64_t next_ms; // wall time of the next event (INT64_MAX: none)
};

static void
sim_emit(void *ctx, const char *json, size_t len)
{
    struct sim_input *s = ctx;
    s->events++;
    if (s->print_events) {
        fwrite(json, 1, len, stdout);
        fputc('\n', stdout);
    }
    col_ingest_raw(s->in, "simulator", s->events, json, len);
}

static bool
sim_pump(struct col_input *self, struct col_ingest *in, size_t max, int64_t mono_ms,
         int64_t wall_ms)
{
    struct sim_input *s = (struct sim_input *)self;
    (void)max, (void)mono_ms;
    s->in = in;
    s->next_ms = col_sim_step(s->sim, wall_ms, sim_emit, s);
    return false;
}

static void
sim_poll(struct col_input *self, struct pollfd *pfd, int64_t *wake_mono_ms, int64_t mono_ms,
         int64_t wall_ms)
{
    const struct sim_input *s = (const struct sim_input *)self;
    *pfd = (struct pollfd){.fd = -1};
    if (s->next_ms != INT64_MAX && mono_ms + (s->next_ms - wall_ms) < *wake_mono_ms)
        *wake_mono_ms = mono_ms + (s->next_ms - wall_ms);
}

static void
sim_close(struct col_input *self, struct col_journal *journal)
{
    (void)journal;
    col_sim_free(((struct sim_input *)self)->sim);
    free(self);
}

static const struct col_input_ops sim_ops = {
    .kind = "simulator", .pump = sim_pump, .poll = sim_poll, .close = sim_close};

struct col_input *
col_sim_input(const struct col_sim_config *cfg, int64_t start_ms, bool print_events)
{
    struct sim_input *s = calloc(1, sizeof(*s));
    if (s == NULL || (s->sim = col_sim_new(cfg, start_ms)) == NULL) {
        free(s);
        return NULL;
    }
    s->base.ops = &sim_ops;
    s->print_events = print_events;
    s->next_ms = INT64_MAX;
    return &s->base;
}
