// SPDX-License-Identifier: MIT
// What wb-phonenumber.so offers (collector/enrich/phonenumber_module.cc): libphonenumber's
// parse, validity check and country of a number. Opened with dlopen at the first number to
// place, so a collector whose events carry their region never maps libphonenumber, protobuf,
// ICU, abseil and libstdc++ (about 7 MB of its memory: issue 16).
#ifndef COL_PHONENUMBER_MODULE_H
#define COL_PHONENUMBER_MODULE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COL_PHONENUMBER_MODULE "wb-phonenumber.so"

// wb_phonenumber_country writes the region code of number's country ("CN", "US", "HK") into
// out. Numbers without a country code are default_country's. Returns 0, or -1 when the number
// does not parse or is not a valid number.
int wb_phonenumber_country(const char *number, const char *default_country, char *out, size_t size);

typedef int (*col_phonenumber_country_fn)(const char *, const char *, char *, size_t);

#ifdef __cplusplus
}
#endif

#endif
