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

// wb_geocoder_new makes the geocoder (NULL when out of memory); wb_geocoder_free frees it.
void *wb_geocoder_new(void);
void wb_geocoder_free(void *geocoder);

// wb_geocoder_describe_zh writes number's description into out ("" when it has none).
// Returns 0, or -1 when the number does not parse.
int wb_geocoder_describe_zh(void *geocoder, const char *number, const char *default_country,
                            char *out, size_t size);

typedef void *(*col_geocoder_new_fn)(void);
typedef void (*col_geocoder_free_fn)(void *);
typedef int (*col_geocoder_describe_fn)(void *, const char *, const char *, char *, size_t);

#ifdef __cplusplus
}
#endif

#endif
