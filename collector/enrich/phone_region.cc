// SPDX-License-Identifier: MIT
// The caller's number to a region, with libphonenumber (C++) behind a C API.
extern "C" {
#include "core/err.h"
}
#include "collector/enrich/geocoder_module.h"
#include "collector/enrich/phone_region.h"

#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <new>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

struct col_phone_region {
    // The geocoder module, opened at the first Chinese number to place (geocoder_module.cc).
    mutable void *module = nullptr;
    mutable void *geocoder = nullptr;
    mutable col_geocoder_describe_fn describe = nullptr;
    mutable col_geocoder_free_fn free_geocoder = nullptr;
    mutable bool module_failed = false;
    std::string default_country;
    std::vector<std::pair<std::string, std::string>> provinces; // Chinese name → CN-xx
    std::vector<std::pair<std::string, std::string>> overrides; // digits prefix → region
};

static bool
read_provinces(col_phone_region *r, const char *path)
{
    std::ifstream in(path);
    std::string line;
    if (!in)
        return false;
    while (std::getline(in, line)) {
        size_t a = line.find(','), b = a == std::string::npos ? a : line.find(',', a + 1);
        if (b == std::string::npos || line.compare(0, 3, "CN-") != 0)
            continue;
        r->provinces.emplace_back(line.substr(a + 1, b - a - 1), line.substr(0, a));
    }
    return !r->provinces.empty();
}

static std::string
digits_of(const char *number)
{
    std::string d;
    for (const char *p = number; *p; p++) {
        if (*p >= '0' && *p <= '9')
            d += *p;
    }
    return d;
}

static bool
read_overrides(col_phone_region *r, const char *path, core_err *err)
{
    std::ifstream in(path);
    if (!in) {
        core_err_set(err, CORE_E_IO, "region overrides %s: cannot open", path);
        return false;
    }
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        n++;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty() || line[0] == '#')
            continue;
        size_t comma = line.find(',');
        std::string prefix =
            comma == std::string::npos ? "" : digits_of(line.substr(0, comma).c_str());
        std::string region = comma == std::string::npos ? "" : line.substr(comma + 1);
        if (prefix.empty() || region.empty() || region.size() >= 16) {
            core_err_set(err, CORE_E_INVALID,
                         "region overrides %s:%ld: want \"number prefix,region\" like "
                         "\"86025,CN-JS\"",
                         path, n);
            return false;
        }
        r->overrides.emplace_back(prefix, region);
    }
    return true;
}

extern "C" struct col_phone_region *
col_phone_region_new(const char *region_names, const char *overrides, const char *default_country,
                     struct core_err *err)
{
    col_phone_region *r = new (std::nothrow) col_phone_region;
    if (r == nullptr) {
        core_err_set(err, CORE_E_NOMEM, "out of memory");
        return nullptr;
    }
    r->default_country = default_country && default_country[0] ? default_country : "CN";
    if (!read_provinces(r, region_names)) {
        core_err_set(err, CORE_E_IO, "%s: no CN-xx province names (code,name_zh,name_en)",
                     region_names);
        delete r;
        return nullptr;
    }
    if (overrides && !read_overrides(r, overrides, err)) {
        delete r;
        return nullptr;
    }
    return r;
}

extern "C" void
col_phone_region_free(struct col_phone_region *r)
{
    if (r && r->geocoder)
        r->free_geocoder(r->geocoder);
    if (r && r->module)
        dlclose(r->module);
    delete r;
}

// wb-geocoder.so beside the program (bin/../lib/wallboard, the build tree's and the package's
// layout), else where the package installs it; WB_GEOCODER_MODULE names another.
static void *
open_module(std::string *tried)
{
    std::vector<std::string> paths;
    if (const char *env = getenv("WB_GEOCODER_MODULE"))
        paths.emplace_back(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        std::string dir(exe, (size_t)n);
        dir = dir.substr(0, dir.rfind('/'));
        paths.push_back(dir + "/../lib/wallboard/" COL_GEOCODER_MODULE);
    }
    paths.emplace_back(WB_LIB_DIR "/" COL_GEOCODER_MODULE);
    for (const auto &p : paths) {
        if (void *h = dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL))
            return h;
        const char *why = dlerror();
        *tried += (tried->empty() ? "" : "; ") + (why ? std::string(why) : p + ": cannot open");
    }
    return nullptr;
}

static bool
geocoder_ready(const col_phone_region *r)
{
    if (r->describe || r->module_failed)
        return r->describe != nullptr;
    std::string tried;
    r->module = open_module(&tried);
    auto make = r->module ? (col_geocoder_new_fn)dlsym(r->module, "wb_geocoder_new") : nullptr;
    auto free_geocoder =
        r->module ? (col_geocoder_free_fn)dlsym(r->module, "wb_geocoder_free") : nullptr;
    auto describe =
        r->module ? (col_geocoder_describe_fn)dlsym(r->module, "wb_geocoder_describe_zh") : nullptr;
    r->geocoder = make && free_geocoder && describe ? make() : nullptr;
    if (r->geocoder) {
        r->describe = describe;
        r->free_geocoder = free_geocoder;
    }
    if (r->describe == nullptr) {
        r->module_failed = true; // said once: Chinese numbers are then placed as "CN"
        std::fprintf(stderr,
                     "wb-collector: the geocoder module is missing, so callers' numbers give "
                     "their country but not their province (%s)\n",
                     tried.empty() ? "its functions are missing or out of memory" : tried.c_str());
    }
    return r->describe != nullptr;
}

// "江苏省南京市" → CN-JS: the province whose Chinese name starts the description (the longest
// such name, so 内蒙古 is not taken for another).
static std::string
province_of(const col_phone_region *r, const std::string &description)
{
    std::string best;
    size_t best_len = 0;
    for (const auto &p : r->provinces) {
        if (p.first.size() > best_len && description.compare(0, p.first.size(), p.first) == 0) {
            best = p.second;
            best_len = p.first.size();
        }
    }
    return best;
}

extern "C" void
col_phone_region_of(void *ctx, const char *number, char *out, size_t size)
{
    const col_phone_region *r = static_cast<const col_phone_region *>(ctx);
    out[0] = '\0';
    std::string digits = number ? digits_of(number) : "";
    if (digits.size() < 3)
        return; // missing, withheld ("anonymous"), or too short to place
    // The site's table first: the longest prefix of the number as dialled, or without 00/+.
    std::string region;
    size_t best = 0;
    for (const auto &o : r->overrides) {
        if (o.first.size() > best && digits.compare(0, o.first.size(), o.first) == 0) {
            region = o.second;
            best = o.first.size();
        }
    }
    if (region.empty()) {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber pn;
        if (util->Parse(number, r->default_country, &pn) != PhoneNumberUtil::NO_PARSING_ERROR ||
            !util->IsValidNumber(pn))
            return;
        std::string country;
        util->GetRegionCodeForNumber(pn, &country);
        if (country == "CN") {
            // The offline geocoder knows the province of mobile prefixes and area codes.
            char description[256];
            if (geocoder_ready(r) && r->describe(r->geocoder, number, r->default_country.c_str(),
                                                 description, sizeof(description)) == 0)
                region = province_of(r, description);
            if (region.empty())
                region = "CN";
        } else if (country == "HK" || country == "MO" || country == "TW") {
            region = "CN-" + country; // as the China map and iso-codes' 3166-2:CN have them
        } else {
            region = country;
        }
    }
    std::snprintf(out, size, "%s", region.c_str());
}
