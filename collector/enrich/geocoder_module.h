// SPDX-License-Identifier: MIT
// What wb-geocoder.so offers (collector/enrich/geocoder_module.cc): the Chinese description
// libphonenumber's offline geocoder gives a number ("江苏省南京市"). Opened with dlopen.
#ifndef COL_GEOCODER_MODULE_H
#define COL_GEOCODER_MODULE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COL_GEOCODER_MODULE "wb-geocoder.so"
#define COL_GEOCODER_SYMBOL "wb_geocoder_describe_zh"

// wb_geocoder_describe_zh writes number's description into out ("" when it has none).
// Returns 0, or -1 when the number does not parse.
int wb_geocoder_describe_zh(const char *number, const char *default_country, char *out,
                            size_t size);
typedef int (*col_geocoder_describe_fn)(const char *, const char *, char *, size_t);

#ifdef __cplusplus
}
#endif

#endif
