// SPDX-License-Identifier: MIT
// bench-friso: the least work a day's text events need: friso's dictionary load and a bare
// segmentation (complex mode, every token taken) of the texts of the day file's `text`
// events. The texts are read out of the file first, outside the time. Prints the time and the
// process's peak RSS (friso's dictionary is most of it), the floor the collector's memory is
// measured against. Usage: bench-friso SOURCE_DIR DAY_FILE. Prints figures; never fails.
#include "core/clock.h"

#include <cjson/cJSON.h>
#include <friso/friso.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

// The texts of the day's text events, one after the other, each ending in a NUL.
static char *
read_texts(const char *path, size_t *count, size_t *bytes)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char *texts = NULL, *line = NULL;
    size_t len = 0, cap = 0, line_cap = 0;
    ssize_t n;
    *count = 0;
    while ((n = getline(&line, &line_cap, f)) > 0) {
        if (strstr(line, "\"text\"") == NULL)
            continue; // not a text event: no need to parse it
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
        if (cJSON_IsString(type) && strcmp(type->valuestring, "text") == 0 &&
            cJSON_IsString(text)) {
            size_t tl = strlen(text->valuestring) + 1;
            if (len + tl > cap) {
                cap = (len + tl) * 2;
                texts = realloc(texts, cap);
                if (texts == NULL)
                    exit(1);
            }
            memcpy(texts + len, text->valuestring, tl);
            len += tl;
            (*count)++;
        }
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    *bytes = len;
    return texts;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-friso SOURCE_DIR DAY_FILE\n");
        return 2;
    }
    size_t count = 0, bytes = 0;
    char *texts = read_texts(argv[2], &count, &bytes);
    if (texts == NULL && count == 0) {
        fprintf(stderr, "bench-friso: no texts in %s\n", argv[2]);
        return 1;
    }
    char ini[1024];
    snprintf(ini, sizeof(ini), "%s/data/text/friso.ini", argv[1]);
    int64_t t0 = core_clock_mono_ns();
    friso_t friso = friso_new();
    friso_config_t config = friso_new_config();
    if (friso_init_from_ifile(friso, config, ini) != 1) {
        fprintf(stderr, "bench-friso: cannot start friso from %s\n", ini);
        return 1;
    }
    friso_set_mode(config, __FRISO_COMPLEX_MODE__);
    int64_t t1 = core_clock_mono_ns();
    friso_task_t task = friso_new_task();
    size_t tokens = 0;
    for (size_t i = 0, at = 0; i < count; i++) {
        friso_set_text(task, texts + at);
        while (config->next_token(friso, config, task) != NULL)
            tokens++;
        at += strlen(texts + at) + 1;
    }
    int64_t t2 = core_clock_mono_ns();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bare friso: %zu texts (%zu tokens) in %.3f s, dictionary load %.3f s of it, peak RSS "
           "%.1f MB\n",
           count, tokens, (double)(t2 - t0) / 1e9, (double)(t1 - t0) / 1e9,
           (double)ru.ru_maxrss / 1024);
    friso_free_task(task);
    free(config);
    friso_free(friso);
    free(texts);
    return 0;
}
