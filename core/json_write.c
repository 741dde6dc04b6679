// SPDX-License-Identifier: MIT
// JSON written straight to a stream.
#include "core/json_write.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

bool
core_json_write_string(FILE *f, const char *s)
{
    cJSON *item = cJSON_CreateString(s); // cJSON's own escaping, so readers see what a tree had
    char *text = item ? cJSON_PrintUnformatted(item) : NULL;
    bool ok = text && fputs(text, f) >= 0;
    cJSON_free(text);
    cJSON_Delete(item);
    return ok;
}

cJSON *
core_json_tree_of(int (*write)(const void *obj, FILE *f), const void *obj)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    int rc = write(obj, f);
    fclose(f);
    cJSON *tree = rc == 0 && text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    return tree;
}
