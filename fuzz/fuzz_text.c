// SPDX-License-Identifier: MIT
// Fuzz target: free text and caller numbers from the outside, as the collector reads them:
// friso segmentation with the stop words, and the caller-number geocoder.
#include "collector/enrich/phone_region.h"
#include "collector/enrich/segment.h"
#include "core/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct col_segment *seg;
    static struct col_phone_region *phone;
    if (seg == NULL) {
        static char ini[1024], zh[1024], jieba[1024], names[1024];
        snprintf(ini, sizeof(ini), "%s/data/text/friso.ini", WB_DATA_DIR);
        snprintf(zh, sizeof(zh), "%s/data/text/stopwords-zh.json", WB_DATA_DIR);
        snprintf(jieba, sizeof(jieba), "%s/data/text/cppjieba_stop_words.utf8", WB_DATA_DIR);
        snprintf(names, sizeof(names), "%s/data/regions/region-names.csv", WB_DATA_DIR);
        struct col_segment_config cfg = {
            .friso_ini = ini, .stopwords = {zh, jieba}, .nstopwords = 2};
        struct core_err err;
        core_err_clear(&err);
        seg = col_segment_new(&cfg, &err);
        phone = col_phone_region_new(names, NULL, "CN", &err);
        if (seg == NULL || phone == NULL)
            abort(); // the fuzzer's own setup
    }
    // Text reaches the segmenter as a NUL-terminated, valid UTF-8 string (the event parser
    // checks UTF-8 first); the fuzzer's bytes are cut at the first NUL.
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (core_utf8_valid(text, strlen(text))) {
        char words[CORE_WORDS_MAX][CORE_WORD_MAX];
        col_segment_words(seg, text, words, CORE_WORDS_MAX);
    }
    char region[16];
    if (strlen(text) < 40)
        col_phone_region_of(phone, text, region, sizeof(region));
    free(text);
    return 0;
}
