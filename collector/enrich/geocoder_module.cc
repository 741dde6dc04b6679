// SPDX-License-Identifier: MIT
// The offline geocoder as a module of its own (wb-geocoder.so), opened by phone_region.cc at
// the first number it must place: libgeocoding's tables are ~14 MB of memory from the moment
// it is linked (458,000 relocations), which a site whose events carry their region never needs.
#include "collector/enrich/geocoder_module.h"

#include <cstdio>
#include <new>
#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <string>
#include <unicode/locid.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberOfflineGeocoder;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" void *
wb_geocoder_new(void)
{
    return new (std::nothrow) PhoneNumberOfflineGeocoder();
}

extern "C" void
wb_geocoder_free(void *geocoder)
{
    delete static_cast<PhoneNumberOfflineGeocoder *>(geocoder);
}

extern "C" int
wb_geocoder_describe_zh(void *geocoder, const char *number, const char *default_country, char *out,
                        size_t size)
{
    out[0] = '\0';
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber pn;
    if (util->Parse(number, default_country, &pn) != PhoneNumberUtil::NO_PARSING_ERROR)
        return -1;
    std::string description =
        static_cast<PhoneNumberOfflineGeocoder *>(geocoder)->GetDescriptionForNumber(
            pn, icu::Locale("zh"));
    std::snprintf(out, size, "%s", description.c_str());
    return 0;
}
