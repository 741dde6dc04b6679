// SPDX-License-Identifier: MIT
// libphonenumber's number parsing as a module of its own (wb-phonenumber.so; the header says
// why it is not linked into the collector).
#include "collector/enrich/phonenumber_module.h"

#include <cstdio>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" int
wb_phonenumber_country(const char *number, const char *default_country, char *out, size_t size)
{
    out[0] = '\0';
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber pn;
    if (util->Parse(number, default_country, &pn) != PhoneNumberUtil::NO_PARSING_ERROR ||
        !util->IsValidNumber(pn))
        return -1;
    std::string country;
    util->GetRegionCodeForNumber(pn, &country);
    std::snprintf(out, size, "%s", country.c_str());
    return 0;
}
