// SPDX-License-Identifier: MIT
// Region display names (ISO 3166 code to Chinese and English), from data/regions/.
#ifndef WB_REGIONS_H
#define WB_REGIONS_H

#include "core/err.h"
#include "core/map.h"
#include "wallboard/engine/i18n.h"

struct wb_regions {
    struct core_map names; // code -> char *[WB_LANG_COUNT] (one allocation)
};

// wb_regions_load reads a CSV of code,name_zh,name_en (with a header line). Returns 0, or
// CORE_E_IO / CORE_E_PARSE with err naming file and line; r is usable (empty) either way.
int wb_regions_load(struct wb_regions *r, const char *path, struct core_err *err);

// wb_regions_fini frees the table.
void wb_regions_fini(struct wb_regions *r);

// wb_regions_name returns code's name in lang, or code itself when the table lacks it.
// Borrowed from r (or code).
const char *wb_regions_name(const struct wb_regions *r, const char *code, enum wb_lang lang);

#endif
