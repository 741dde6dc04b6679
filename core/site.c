// SPDX-License-Identifier: MIT
// A roll-up's ids (core/site.h).
#include "core/site.h"

#include <string.h>

const char *
core_site_split(const char *id, char site[CORE_SITE_MAX])
{
    const char *slash = strchr(id, '/');
    if (slash == NULL || slash == id || slash - id >= CORE_SITE_MAX)
        return NULL;
    memcpy(site, id, (size_t)(slash - id));
    site[slash - id] = '\0';
    return slash + 1;
}
