// SPDX-License-Identifier: MIT
// The caller's number to a region: the site's table, then libphonenumber through two modules
// opened at the first number they are needed for (phonenumber_module.h, geocoder_module.h say
// what each costs the collector's memory when linked).
#include "collector/enrich/phone_region.h"

#include "collector/enrich/geocoder_module.h"
#include "collector/enrich/phonenumber_module.h"
#include "core/event.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PREFIX_MAX 64 // a province's Chinese name ("新疆维吾尔自治区" is 24 bytes), a number prefix

// A text that starts with prefix is in region: a province's Chinese name as the geocoder's
// description starts (CN-JS), or the site's number prefix (digits).
struct prefixed {
    char prefix[PREFIX_MAX];
    char region[CORE_REGION_MAX];
};

struct module {
    const char *what, *file, *env; // what it is, its file, the variable that may name another
    bool tried;
    void *handle;
};

struct col_phone_region {
    char default_country[8];
    struct prefixed *provinces;
    size_t nprovinces;
    struct prefixed *overrides;
    size_t noverrides;
    struct module phonenumber, geocoder;
    col_phonenumber_country_fn country;
    void *geocoder_obj;
    col_geocoder_describe_fn describe;
    col_geocoder_free_fn free_geocoder;
};

static size_t
digits_of(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        if (*s >= '0' && *s <= '9')
            out[n++] = *s;
    }
    out[n] = '\0';
    return n;
}

static void
chomp(char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

// data/regions/region-names.csv: code,name_zh,name_en; the CN-xx rows are the provinces.
static bool
read_provinces(struct col_phone_region *r, const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        chomp(line);
        char *a = strchr(line, ','), *b = a ? strchr(a + 1, ',') : NULL;
        if (b == NULL || strncmp(line, "CN-", 3) != 0 || (size_t)(a - line) >= CORE_REGION_MAX ||
            (size_t)(b - a - 1) >= PREFIX_MAX)
            continue;
        struct prefixed *p = realloc(r->provinces, (r->nprovinces + 1) * sizeof(*p));
        if (p == NULL)
            break;
        r->provinces = p;
        p = &p[r->nprovinces++];
        snprintf(p->region, sizeof(p->region), "%.*s", (int)(a - line), line);
        snprintf(p->prefix, sizeof(p->prefix), "%.*s", (int)(b - a - 1), a + 1);
    }
    fclose(f);
    return r->nprovinces > 0;
}

static int
read_overrides(struct col_phone_region *r, const char *path, struct core_err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return core_err_set(err, CORE_E_IO, "region overrides %s: cannot open", path);
    char line[512];
    long n = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        n++;
        chomp(line);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        char *comma = strchr(line, ',');
        struct prefixed o;
        if (comma)
            *comma = '\0';
        if (comma == NULL || digits_of(line, o.prefix, sizeof(o.prefix)) == 0 || comma[1] == '\0' ||
            strlen(comma + 1) >= sizeof(o.region)) {
            rc = core_err_set(err, CORE_E_INVALID,
                              "region overrides %s:%ld: want \"number prefix,region\" like "
                              "\"86025,CN-JS\"",
                              path, n);
            break;
        }
        snprintf(o.region, sizeof(o.region), "%s", comma + 1);
        struct prefixed *more = realloc(r->overrides, (r->noverrides + 1) * sizeof(*more));
        if (more == NULL) {
            rc = core_err_set(err, CORE_E_NOMEM, "out of memory");
            break;
        }
        r->overrides = more;
        r->overrides[r->noverrides++] = o;
    }
    fclose(f);
    return rc;
}

struct col_phone_region *
col_phone_region_new(const char *region_names, const char *overrides, const char *default_country,
                     struct core_err *err)
{
    struct col_phone_region *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        core_err_set(err, CORE_E_NOMEM, "out of memory");
        return NULL;
    }
    snprintf(r->default_country, sizeof(r->default_country), "%s",
             default_country && default_country[0] ? default_country : "CN");
    r->phonenumber = (struct module){
        .what = "phone number", .file = COL_PHONENUMBER_MODULE, .env = "WB_PHONENUMBER_MODULE"};
    r->geocoder = (struct module){
        .what = "geocoder", .file = COL_GEOCODER_MODULE, .env = "WB_GEOCODER_MODULE"};
    if (!read_provinces(r, region_names)) {
        core_err_set(err, CORE_E_IO, "%s: no CN-xx province names (code,name_zh,name_en)",
                     region_names);
        col_phone_region_free(r);
        return NULL;
    }
    if (overrides && read_overrides(r, overrides, err) != 0) {
        col_phone_region_free(r);
        return NULL;
    }
    return r;
}

void
col_phone_region_free(struct col_phone_region *r)
{
    if (r == NULL)
        return;
    if (r->geocoder_obj)
        r->free_geocoder(r->geocoder_obj);
    if (r->geocoder.handle)
        dlclose(r->geocoder.handle);
    if (r->phonenumber.handle)
        dlclose(r->phonenumber.handle);
    free(r->provinces);
    free(r->overrides);
    free(r);
}

// The module beside the program (bin/../lib/wallboard, the build tree's and the package's
// layout), else where the package installs it; its variable may name another. NULL (once, with
// what was tried on stderr, naming what is then lost) when none opens.
static void *
open_module(struct module *m, const char *without)
{
    if (m->tried)
        return m->handle;
    m->tried = true;
    char paths[3][4200];
    int n = 0;
    const char *env = getenv(m->env);
    if (env && env[0])
        snprintf(paths[n++], sizeof(paths[0]), "%s", env);
    char exe[4000];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(paths[n++], sizeof(paths[0]), "%s/../lib/wallboard/%s", exe, m->file);
    }
    snprintf(paths[n++], sizeof(paths[0]), "%s/%s", WB_LIB_DIR, m->file);
    char tried[2048] = "";
    for (int i = 0; i < n && m->handle == NULL; i++) {
        m->handle = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        const char *why = m->handle ? NULL : dlerror();
        size_t used = strlen(tried);
        if (why)
            snprintf(tried + used, sizeof(tried) - used, "%s%s", used ? "; " : "", why);
    }
    if (m->handle == NULL)
        fprintf(stderr, "wb-collector: the %s module is missing, so %s (%s)\n", m->what, without,
                tried);
    return m->handle;
}

static bool
phonenumber_ready(struct col_phone_region *r)
{
    if (r->country == NULL && !r->phonenumber.tried) {
        void *h = open_module(&r->phonenumber, "callers' numbers give no region");
        r->country = h ? (col_phonenumber_country_fn)dlsym(h, "wb_phonenumber_country") : NULL;
        if (h && r->country == NULL)
            fprintf(stderr,
                    "wb-collector: %s lacks wb_phonenumber_country, so callers' numbers "
                    "give no region\n",
                    COL_PHONENUMBER_MODULE);
    }
    return r->country != NULL;
}

static bool
geocoder_ready(struct col_phone_region *r)
{
    if (r->describe == NULL && !r->geocoder.tried) {
        void *h =
            open_module(&r->geocoder, "callers' numbers give their country but not their province");
        col_geocoder_new_fn make = h ? (col_geocoder_new_fn)dlsym(h, "wb_geocoder_new") : NULL;
        col_geocoder_free_fn free_geocoder =
            h ? (col_geocoder_free_fn)dlsym(h, "wb_geocoder_free") : NULL;
        col_geocoder_describe_fn describe =
            h ? (col_geocoder_describe_fn)dlsym(h, "wb_geocoder_describe_zh") : NULL;
        r->geocoder_obj = make && free_geocoder && describe ? make() : NULL;
        if (r->geocoder_obj) {
            r->describe = describe;
            r->free_geocoder = free_geocoder;
        } else if (h) {
            fprintf(stderr,
                    "wb-collector: %s: its functions are missing or out of memory, so "
                    "callers' numbers give their country but not their province\n",
                    COL_GEOCODER_MODULE);
        }
    }
    return r->describe != NULL;
}

// The region of the longest prefix of text in the table ("" when none): the province whose
// name starts "江苏省南京市" (so 内蒙古 is not taken for another), the site's longest number
// prefix.
static const char *
longest_prefix(const struct prefixed *table, size_t n, const char *text)
{
    const char *best = "";
    size_t best_len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(table[i].prefix);
        if (len > best_len && strncmp(text, table[i].prefix, len) == 0) {
            best = table[i].region;
            best_len = len;
        }
    }
    return best;
}

void
col_phone_region_of(void *ctx, const char *number, char *out, size_t size)
{
    struct col_phone_region *r = ctx;
    out[0] = '\0';
    char digits[CORE_CALLER_MAX * 2];
    if (number == NULL || digits_of(number, digits, sizeof(digits)) < 3)
        return; // missing, withheld ("anonymous"), or too short to place
    // The site's table first: the longest prefix of the number as dialled, or without 00/+.
    const char *region = longest_prefix(r->overrides, r->noverrides, digits);
    if (region[0]) {
        snprintf(out, size, "%s", region);
        return;
    }
    char country[8];
    if (!phonenumber_ready(r) ||
        r->country(number, r->default_country, country, sizeof(country)) != 0)
        return;
    if (strcmp(country, "CN") == 0) {
        // The offline geocoder knows the province of mobile prefixes and area codes.
        char description[256];
        const char *province = "";
        if (geocoder_ready(r) && r->describe(r->geocoder_obj, number, r->default_country,
                                             description, sizeof(description)) == 0)
            province = longest_prefix(r->provinces, r->nprovinces, description);
        snprintf(out, size, "%s", province[0] ? province : "CN");
    } else if (strcmp(country, "HK") == 0 || strcmp(country, "MO") == 0 ||
               strcmp(country, "TW") == 0) {
        snprintf(out, size, "CN-%s", country); // as the China map and iso-codes' 3166-2:CN have
    } else {
        snprintf(out, size, "%s", country);
    }
}
