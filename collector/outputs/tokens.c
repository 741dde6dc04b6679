// SPDX-License-Identifier: MIT
// Command tokens, whole-collector or per site (see tokens.h).
#include "collector/outputs/tokens.h"

#include <stdio.h>
#include <string.h>

// Same length or not, every byte is looked at: how long a refusal takes tells nothing.
static bool
token_matches(const char *want, const char *got)
{
    size_t a = strlen(want), b = strlen(got);
    unsigned diff = a != b;
    for (size_t i = 0; i < b; i++)
        diff |= (unsigned char)got[i] ^ (unsigned char)want[i < a ? i : 0];
    return a > 0 && diff == 0;
}

int
col_tokens_parse(const char *text, const char *source, struct col_tokens *out, struct core_err *err)
{
    memset(out, 0, sizeof(*out));
    int line = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        char buf[512];
        snprintf(buf, sizeof(buf), "%.*s", (int)(len < sizeof(buf) ? len : sizeof(buf) - 1), p);
        p += len + (p[len] == '\n');
        line++;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *words[3];
        int n = 0;
        for (char *save = NULL, *w = strtok_r(buf, " \t\r", &save); w && n < 3;
             w = strtok_r(NULL, " \t\r", &save))
            words[n++] = w;
        if (n == 0)
            continue;
        if (n == 3)
            return core_err_set(err, CORE_E_INVALID,
                                "%s:%d: one token, or a site and its token, per line", source,
                                line);
        const char *site = n == 2 ? words[0] : "", *token = words[n - 1];
        if (strlen(token) < COL_TOKEN_MIN_LEN || strlen(token) >= COL_TOKEN_MAX)
            return core_err_set(err, CORE_E_INVALID,
                                "%s:%d: a token of %d to %d characters, so it cannot be guessed",
                                source, line, COL_TOKEN_MIN_LEN, COL_TOKEN_MAX - 1);
        if (strlen(site) >= CORE_SITE_MAX || strchr(site, '/'))
            return core_err_set(err, CORE_E_INVALID, "%s:%d: \"%s\" is not a site name", source,
                                line, site);
        for (size_t i = 0; i < out->n; i++) {
            if (strcmp(out->entry[i].site, site) == 0)
                return core_err_set(err, CORE_E_INVALID, "%s:%d: %s has a token already", source,
                                    line, site[0] ? site : "the whole collector");
        }
        if (out->n == COL_TOKENS_MAX)
            return core_err_set(err, CORE_E_INVALID, "%s:%d: more than %d tokens", source, line,
                                COL_TOKENS_MAX);
        memcpy(out->entry[out->n].site, site, strlen(site) + 1);
        memcpy(out->entry[out->n].token, token, strlen(token) + 1);
        out->n++;
    }
    if (out->n == 0)
        return core_err_set(err, CORE_E_INVALID, "%s: no token in it", source);
    return 0;
}

bool
col_tokens_allow(const struct col_tokens *t, const char *site, const char *token)
{
    bool ok = false;
    for (size_t i = 0; t && i < t->n; i++) { // every entry compared: the time says nothing
        bool applies = t->entry[i].site[0] == '\0' || strcmp(t->entry[i].site, site) == 0;
        ok |= token_matches(t->entry[i].token, token) && applies;
    }
    return ok;
}
