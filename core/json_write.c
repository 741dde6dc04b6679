// SPDX-License-Identifier: MIT
// JSON written straight to a stream.
#include "core/json_write.h"

#include <cjson/cJSON.h>

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
