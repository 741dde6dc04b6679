// SPDX-License-Identifier: MIT
// wallboard/geo.c: ear clipping covers a polygon exactly (concave ones too); the shipped maps
// load with every province of China and the world's countries, triangulated whole.
#include "cmocka_prelude.h"
#include "wallboard/engine/geo.h"

#include <math.h>
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

static double
ring_area(const float *p, size_t n)
{
    double a = 0;
    for (size_t i = 0; i < n; i++) {
        const float *u = &p[2 * i], *v = &p[2 * ((i + 1) % n)];
        a += (double)u[0] * v[1] - (double)v[0] * u[1];
    }
    return fabs(a) / 2;
}

static double
triangles_area(const float *t, size_t ntri)
{
    double a = 0;
    for (size_t i = 0; i < ntri; i++)
        a += ring_area(&t[6 * i], 3);
    return a;
}

static void
ear_clipping(void **unused)
{
    (void)unused;
    // An L (concave), clockwise; and a comb with three teeth, counter-clockwise.
    const float l[] = {0, 0, 0, 2, 1, 2, 1, 1, 2, 1, 2, 0};
    float out[6 * 10];
    assert_int_equal(wb_geo_triangulate(l, 6, out), 4);
    assert_true(fabs(triangles_area(out, 4) - 3.0) < 1e-6);
    const float comb[] = {0, 0, 5, 0, 5, 3, 4, 3, 4, 1, 3, 1, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3};
    size_t n = wb_geo_triangulate(comb, 12, out);
    assert_int_equal(n, 10);
    assert_true(fabs(triangles_area(out, n) - ring_area(comb, 12)) < 1e-6);
    assert_int_equal(wb_geo_triangulate(l, 2, out), 0);
}

static void
shipped_maps(void **unused)
{
    (void)unused;
    char path[512];
    snprintf(path, sizeof(path), "%s/data/geo/cn-provinces.geojson", source_dir());
    struct wb_geo g;
    struct core_err err;
    core_err_clear(&err);
    if (wb_geo_load(&g, path, "iso_3166_2", &err) != 0)
        fail_msg("%s", err.text);
    assert_int_equal(g.nregions, 34);
    assert_true(g.aspect > 1.1 && g.aspect < 1.6); // China is wider than tall
    bool js = false;
    for (size_t i = 0; i < g.nregions; i++) {
        const struct wb_geo_region *r = &g.regions[i];
        assert_memory_equal(r->code, "CN-", 3);
        assert_true(r->ntri > 0);
        assert_true(r->minx >= -0.001f && r->maxx <= 1.001f && r->miny >= -0.001f &&
                    r->maxy <= 1.001f);
        assert_true(r->cx >= r->minx && r->cx <= r->maxx && r->cy >= r->miny && r->cy <= r->maxy);
        js |= strcmp(r->code, "CN-JS") == 0;
    }
    assert_true(js);
    wb_geo_fini(&g);
    snprintf(path, sizeof(path), "%s/data/geo/world.geojson", source_dir());
    core_err_clear(&err);
    if (wb_geo_load(&g, path, "iso_a2", &err) != 0)
        fail_msg("%s", err.text);
    assert_true(g.nregions > 200);
    size_t found = 0;
    for (size_t i = 0; i < g.nregions; i++)
        found += strcmp(g.regions[i].code, "CN") == 0 || strcmp(g.regions[i].code, "US") == 0;
    assert_int_equal(found, 2);
    wb_geo_fini(&g);
    core_err_clear(&err);
    assert_int_not_equal(wb_geo_load(&g, "/nonexistent.geojson", "iso_a2", &err), 0);
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

// The South China Sea islands inset: the shipped file lands in the map's lower right corner;
// a broken one is refused with the file and the feature named, the map left as it was.
static void
nanhai_inset(void **unused)
{
    (void)unused;
    char path[512];
    snprintf(path, sizeof(path), "%s/data/geo/cn-provinces.geojson", source_dir());
    struct wb_geo g;
    struct core_err err;
    core_err_clear(&err);
    assert_int_equal(wb_geo_load(&g, path, "iso_3166_2", &err), 0);
    snprintf(path, sizeof(path), "%s/data/geo/cn-nanhai-inset.geojson", source_dir());
    if (wb_geo_load_inset(&g, path, &err) != 0)
        fail_msg("%s", err.text);
    assert_int_equal(g.ndecor, 12); // ECharts' nanhai.js: coast, 10 dashes, frame
    assert_int_equal(g.decor[0].kind, WB_GEO_DECOR_LAND);
    assert_int_equal(g.decor[11].kind, WB_GEO_DECOR_LINE);
    // 126.0-134.6 E, 18.35-27.7 N in a map of 73.56-134.77 E, 18.16-53.56 N (by hand: x =
    // (lon - 73.56) / 61.21, y = (53.56 - lat) / 35.40).
    assert_true(fabs(g.decor_maxx - (134.6 - 73.558) / (134.771 - 73.558)) < 0.002);
    assert_true(fabs(g.decor_maxy - (53.561 - 18.35) / (53.561 - 18.159)) < 0.002);
    assert_true(g.decor_minx > 0.77 && g.decor_miny > 0.72);
    static const struct {
        const char *text, *says;
    } broken[] = {
        {"{\"type\":\"Feature\"}", "not a GeoJSON FeatureCollection"},
        {"{\"features\":[{\"properties\":{\"part\":\"coast\"},\"geometry\":{\"type\":"
         "\"Polygon\",\"coordinates\":[[[126,25],[127,25],[126,25]]]}}]}",
         "features[0]: no polygon of 3 points or more"},
        {"{\"features\":[{\"properties\":{\"part\":\"coast\"},\"geometry\":{\"type\":"
         "\"Polygon\",\"coordinates\":[[[126,25],[127,25],[127,24],[126,25]]]}},{\"properties\""
         ":{\"part\":\"islands\"}}]}",
         "features[1]: properties.part"},
        {"{\"features\": [", "not a GeoJSON FeatureCollection"},
    };
    const char *tmp = "/tmp/wb-test-inset.geojson";
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        write_file(tmp, broken[i].text);
        core_err_clear(&err);
        assert_int_not_equal(wb_geo_load_inset(&g, tmp, &err), 0);
        if (strstr(err.text, broken[i].says) == NULL || strstr(err.text, tmp) == NULL)
            fail_msg("case %zu said \"%s\"", i, err.text);
        assert_int_equal(g.ndecor, 12); // the inset loaded before stays
    }
    unlink(tmp);
    core_err_clear(&err);
    assert_int_not_equal(wb_geo_load_inset(&g, "/nonexistent/inset.geojson", &err), 0);
    assert_non_null(strstr(err.text, "/nonexistent/inset.geojson"));
    wb_geo_fini(&g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ear_clipping),
        cmocka_unit_test(shipped_maps),
        cmocka_unit_test(nanhai_inset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
