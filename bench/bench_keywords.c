// SPDX-License-Identifier: MIT
// Hot keywords throughput: text events per second through the collector's path (JSON parse,
// state, friso segmentation, stop words, once-per-call counting in the windows), beside
// friso's bare segmentation rate on the same sentences (complex mode). The target:
// at least half of the bare rate. Sentences: CrossWOZ utterances from ../shared (real
// dialogue text), or a built-in handful when that is absent.
//   build/bin/bench-keywords [SOURCE_DIR] [SECONDS]
#include "collector/enrich/segment.h"
#include "core/clock.h"
#include "core/state.h"

#include <cjson/cJSON.h>
#include <friso/friso.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const builtin[] = {"我家停电了，什么时候来电？",
                                      "电费怎么这么高，上个月才交了两百块",
                                      "我要投诉你们的抢修人员态度太差",
                                      "小区停电三个小时了，冰箱里的东西都坏了",
                                      "The power is out in my street since 3pm",
                                      "电表箱冒烟了，请尽快派人来看看"};

static size_t
load_sentences(const char *src, char ***out)
{
    char path[1024];
    snprintf(path, sizeof(path),
             "%s/../shared/data/text/crosswoz/"
             "crosswoz_val_first200_utterances.jsonl",
             src);
    FILE *f = fopen(path, "r");
    size_t n = 0, cap = 4096;
    char **s = malloc(cap * sizeof(*s));
    char line[8192];
    while (f && fgets(line, sizeof(line), f)) {
        cJSON *o = cJSON_Parse(line);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "content");
        if (cJSON_IsString(c) && n < cap)
            s[n++] = strdup(c->valuestring);
        cJSON_Delete(o);
    }
    if (f)
        fclose(f);
    for (size_t i = 0; n == 0 && i < sizeof(builtin) / sizeof(builtin[0]); i++)
        s[i] = strdup(builtin[i]);
    if (n == 0)
        n = sizeof(builtin) / sizeof(builtin[0]);
    printf("%zu sentences from %s\n", n, f ? "CrossWOZ (shared data)" : "the built-in list");
    *out = s;
    return n;
}

int
main(int argc, char **argv)
{
    const char *src = argc > 1 ? argv[1] : ".";
    double seconds = argc > 2 ? atof(argv[2]) : 3;
    char **sentences;
    size_t n = load_sentences(src, &sentences);
    char ini[1024], zh[1024], jieba[1024];
    snprintf(ini, sizeof(ini), "%s/data/text/friso.ini", src);
    snprintf(zh, sizeof(zh), "%s/data/text/stopwords-zh.json", src);
    snprintf(jieba, sizeof(jieba), "%s/data/text/cppjieba_stop_words.utf8", src);

    // 1. Bare friso, complex mode, on the same sentences.
    friso_t friso = friso_new();
    friso_config_t config = friso_new_config();
    if (friso_init_from_ifile(friso, config, ini) != 1) {
        fprintf(stderr, "friso: cannot start from %s\n", ini);
        return 1;
    }
    friso_set_mode(config, __FRISO_COMPLEX_MODE__);
    friso_task_t task = friso_new_task();
    uint64_t done = 0, tokens = 0;
    int64_t t0 = core_clock_mono_ns();
    while (core_clock_mono_ns() - t0 < (int64_t)(seconds * 1e9)) {
        for (size_t i = 0; i < n; i++) {
            friso_set_text(task, sentences[i]);
            while (config->next_token(friso, config, task) != NULL)
                tokens++;
        }
        done += n;
    }
    double bare = (double)done / ((double)(core_clock_mono_ns() - t0) / 1e9);
    printf("friso alone: %.0f sentences/s (%.1f tokens each)\n", bare, (double)tokens / done);
    friso_free_task(task);
    free(config);
    friso_free(friso);

    // 2. The collector's path: a text event as JSON, parsed, applied, segmented, counted.
    struct col_segment_config cfg = {.friso_ini = ini, .stopwords = {zh, jieba}, .nstopwords = 2};
    struct core_err err;
    core_err_clear(&err);
    struct col_segment *seg = col_segment_new(&cfg, &err);
    if (seg == NULL) {
        fprintf(stderr, "%s: %s\n", err.source, err.text);
        return 1;
    }
    char **events = malloc(n * sizeof(*events));
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "type", "text");
        cJSON_AddNumberToObject(o, "ts", 1795453000 + (double)i / 10);
        char call[32];
        snprintf(call, sizeof(call), "call-%zu", i / 8); // a dialogue: a call of 8 messages
        cJSON_AddStringToObject(o, "call", call);
        cJSON_AddStringToObject(o, "text", sentences[i]);
        events[i] = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
    }
    struct core_state st;
    core_state_init(&st);
    st.segment = col_segment_words;
    st.segment_ctx = seg;
    done = 0;
    t0 = core_clock_mono_ns();
    while (core_clock_mono_ns() - t0 < (int64_t)(seconds * 1e9)) {
        for (size_t i = 0; i < n; i++) {
            struct core_event ev;
            if (core_event_parse(events[i], strlen(events[i]), &ev, &err) == 0) {
                core_state_apply(&st, &ev);
                core_event_fini(&ev);
            }
        }
        done += n;
    }
    double path = (double)done / ((double)(core_clock_mono_ns() - t0) / 1e9);
    printf("collector path (parse + state + segment + stop words + counting): %.0f events/s\n",
           path);
    printf("ratio: %.2f of friso alone (target at least 0.5)\n", path / bare);
    core_state_fini(&st);
    col_segment_free(seg);
    for (size_t i = 0; i < n; i++) {
        free(sentences[i]);
        cJSON_free(events[i]);
    }
    free(sentences);
    free(events);
    return 0;
}
