// SPDX-License-Identifier: MIT
// collector/phone_region.cc: numbers from several provinces and countries resolve to the right
// codes; the site's table comes first; missing, withheld and nonsense numbers are unknown ("").
#include "cmocka_prelude.h"
#include "collector/enrich/phone_region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *
source_dir(void)
{
    const char *d = getenv("WB_SOURCE_DIR");
    return d ? d : "..";
}

static struct col_phone_region *
open_regions(const char *overrides)
{
    char names[512];
    snprintf(names, sizeof(names), "%s/data/regions/region-names.csv", source_dir());
    struct core_err err;
    core_err_clear(&err);
    struct col_phone_region *r = col_phone_region_new(names, overrides, "CN", &err);
    if (r == NULL)
        fail_msg("%s", err.text);
    return r;
}

static void
numbers_to_regions(void **unused)
{
    (void)unused;
    struct col_phone_region *r = open_regions(NULL);
    static const struct {
        const char *number, *region;
    } cases[] = {
        {"010 6552 9988", "CN-BJ"},    // Beijing fixed line
        {"+86 21 6888 1234", "CN-SH"}, // Shanghai, with the country code
        {"02584561234", "CN-JS"},      // Nanjing
        {"075583765566", "CN-GD"},     // Shenzhen
        {"13912345678", "CN-JS"},      // a Jiangsu mobile prefix (139 1234)
        {"+8613800138000", "CN-BJ"},   // a Beijing mobile prefix
        {"0471 6912345", "CN-NM"},     // Hohhot, Inner Mongolia
        {"+1 212 555 0199", "US"},
        {"+44 20 7946 0958", "GB"},
        {"+81 3 1234 5678", "JP"},
        {"+852 2123 4567", "CN-HK"},
        {"", ""},
        {"anonymous", ""},
        {"12", ""},
        {"+86 999", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char got[16];
        col_phone_region_of(r, cases[i].number, got, sizeof(got));
        if (strcmp(got, cases[i].region) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", cases[i].number, got, cases[i].region);
    }
    col_phone_region_free(r);
}

static void
site_table_first(void **unused)
{
    (void)unused;
    char path[] = "/tmp/wb-regions-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "# our own numbers\n8613912,CN-ZJ\r\n4420,GB-LND\n";
    assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
    close(fd);
    struct col_phone_region *r = open_regions(path);
    char got[16];
    col_phone_region_of(r, "+86 139 1234 5678", got, sizeof(got));
    assert_string_equal(got, "CN-ZJ"); // the site's table wins over the geocoder
    col_phone_region_of(r, "+44 20 7946 0958", got, sizeof(got));
    assert_string_equal(got, "GB-LND");
    col_phone_region_free(r);
    // A bad line names itself.
    FILE *f = fopen(path, "w");
    fputs("# ok\n86139\n", f);
    fclose(f);
    char names[512];
    snprintf(names, sizeof(names), "%s/data/regions/region-names.csv", source_dir());
    struct core_err err;
    core_err_clear(&err);
    assert_null(col_phone_region_new(names, path, "CN", &err));
    if (strstr(err.text, ":2: want \"number prefix,region\"") == NULL)
        fail_msg("%s", err.text);
    unlink(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_to_regions),
        cmocka_unit_test(site_table_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
