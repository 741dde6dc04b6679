// SPDX-License-Identifier: MIT
// Command tokens (--command-token-file): what a screen must send to acknowledge an alert. One
// token for the whole collector, or one per site on a roll-up, so a site's screens act on
// their own site's alerts only. The file, one token per line ('#' starts a comment):
//   TOKEN            the whole collector's (any alert)
//   SITE TOKEN       that site's alerts (its queues'; alerts of no site need the whole token)
#ifndef COL_TOKENS_H
#define COL_TOKENS_H

#include "core/err.h"
#include "core/event.h"

#include <stdbool.h>
#include <stddef.h>

#define COL_TOKENS_MAX    256
#define COL_TOKEN_MAX     128
#define COL_TOKEN_MIN_LEN 16 // so it cannot be guessed

struct col_tokens {
    size_t n;
    struct {
        char site[CORE_SITE_MAX]; // "" for the whole collector
        char token[COL_TOKEN_MAX];
    } entry[COL_TOKENS_MAX];
};

// col_tokens_parse reads the file's text (source names it in messages: "file:line: ...").
// Returns 0, or CORE_E_INVALID for a short token, a site named twice, too many lines.
int col_tokens_parse(const char *text, const char *source, struct col_tokens *out,
                     struct core_err *err);

// col_tokens_allow tells whether token may act on something of site ("" for none): the whole
// collector's token may, and the site's own. Compares in constant time per token.
bool col_tokens_allow(const struct col_tokens *t, const char *site, const char *token);

#endif
