// SPDX-License-Identifier: MIT
// A small CSV reader for the region-name table (RFC 4180 quoting).
#include "wallboard/engine/regions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Splits one CSV line into at most max fields, in place. Returns the number of fields.
static int
split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *out = p;
        fields[n++] = out;
        if (*p == '"') {
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                *out++ = *p++;
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',')
                *out++ = *p++;
        }
        char sep = *p;
        *out = '\0';
        if (sep != ',')
            break;
        p++;
    }
    return n;
}

int
wb_regions_load(struct wb_regions *r, const char *path, struct core_err *err)
{
    core_map_init(&r->names);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return core_err_set(err, CORE_E_IO, "%s: cannot open: %s", path, strerror(errno));
    char line[512];
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno == 1 || line[0] == '\0')
            continue;
        char *fields[3];
        if (split_csv(line, fields, 3) != 3) {
            rc = core_err_set(err, CORE_E_PARSE, "%s:%ld: expected code,name_zh,name_en", path,
                              lineno);
            break;
        }
        size_t zl = strlen(fields[1]) + 1, el = strlen(fields[2]) + 1;
        char **names = malloc(sizeof(char *) * WB_LANG_COUNT + zl + el);
        if (names == NULL) {
            rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
            break;
        }
        names[WB_LANG_ZH] = (char *)(names + WB_LANG_COUNT);
        names[WB_LANG_EN] = names[WB_LANG_ZH] + zl;
        memcpy(names[WB_LANG_ZH], fields[1], zl);
        memcpy(names[WB_LANG_EN], fields[2], el);
        free(core_map_get(&r->names, fields[0]));
        if (core_map_put(&r->names, fields[0], names) != 0) {
            free(names);
            rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
        }
    }
    fclose(f);
    return rc;
}

void
wb_regions_fini(struct wb_regions *r)
{
    size_t pos = 0;
    const struct core_map_slot *s;
    while ((s = core_map_next(&r->names, &pos)) != NULL)
        free(s->value);
    core_map_fini(&r->names);
}

const char *
wb_regions_name(const struct wb_regions *r, const char *code, enum wb_lang lang)
{
    char **names = core_map_get(&r->names, code);
    return names ? names[lang] : code;
}
