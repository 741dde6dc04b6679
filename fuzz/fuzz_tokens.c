// SPDX-License-Identifier: MIT
// Fuzz target: a --command-token-file (site tokens), then an acknowledgement's check.
#include "collector/outputs/tokens.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; // the collector reads the file as a string
    struct col_tokens *t = malloc(sizeof(*t));
    struct core_err err;
    core_err_clear(&err);
    if (t && col_tokens_parse(text, "tokens", t, &err) == 0 && t->n > 0) {
        // A file's own token is accepted for its site; a prefix of it never is.
        if (!col_tokens_allow(t, t->entry[0].site, t->entry[0].token))
            abort();
        char shorter[COL_TOKEN_MAX];
        size_t n = strlen(t->entry[0].token) - 1;
        memcpy(shorter, t->entry[0].token, n);
        shorter[n] = '\0';
        bool whole = false;
        for (size_t i = 0; i < t->n; i++)
            whole |= strcmp(t->entry[i].token, shorter) == 0;
        if (!whole && col_tokens_allow(t, t->entry[0].site, shorter))
            abort();
    }
    free(t);
    free(text);
    return 0;
}
