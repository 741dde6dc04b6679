// SPDX-License-Identifier: MIT
// Where a caller is calling from: the caller's number to a region code. Chinese numbers (mobile
// and fixed line) to their province (ISO 3166-2:CN, e.g. CN-JS), others to their country
// (ISO 3166-1, e.g. US); a site's override table (number prefix → region) first. Uses
// libphonenumber's offline geocoder (Debian libphonenumber / libgeocoding, C++), wrapped here
// in one C-callable file. Numbers never leave the collector: only the region is kept.
#ifndef COL_PHONE_REGION_H
#define COL_PHONE_REGION_H

#include "core/err.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct col_phone_region;

// col_phone_region_new reads the province names (data/regions/region-names.csv: code,
// name_zh, name_en) and the site's overrides (CSV "prefix,region", NULL for none); numbers
// without a country code are taken as default_country's (e.g. "CN"). NULL with err on failure.
struct col_phone_region *col_phone_region_new(const char *region_names, const char *overrides,
                                              const char *default_country, struct core_err *err);

// col_phone_region_free frees r; NULL is a no-op.
void col_phone_region_free(struct col_phone_region *r);

// col_phone_region_of writes number's region into out ("" when the number is missing,
// withheld or not known). Its signature is core_state's locate hook (ctx is the
// col_phone_region).
void col_phone_region_of(void *ctx, const char *number, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif
