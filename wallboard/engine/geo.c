// SPDX-License-Identifier: MIT
// Map geometry: GeoJSON to projected, triangulated regions.
#include "wallboard/engine/geo.h"

#include "core/file.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEO_FILE_MAX ((size_t)16 << 20)

static double
cross(const float *a, const float *b, const float *c)
{
    return ((double)b[0] - a[0]) * ((double)c[1] - a[1]) -
           ((double)b[1] - a[1]) * ((double)c[0] - a[0]);
}

static bool
same(const float *a, const float *b)
{
    return a[0] == b[0] && a[1] == b[1];
}

// Strictly inside (a point on the triangle's corner, as rings that touch themselves have,
// does not block the ear).
static bool
in_triangle(const float *p, const float *a, const float *b, const float *c)
{
    if (same(p, a) || same(p, b) || same(p, c))
        return false;
    double d1 = cross(a, b, p), d2 = cross(b, c, p), d3 = cross(c, a, p);
    bool neg = d1 < 0 || d2 < 0 || d3<0, pos = d1> 0 || d2 > 0 || d3 > 0;
    return !(neg && pos);
}

size_t
wb_geo_triangulate(const float *pts, size_t n, float *out)
{
    if (n < 3)
        return 0;
    size_t *idx = malloc(n * sizeof(*idx));
    if (idx == NULL)
        return 0;
    // Work counter-clockwise (in the y-down unit box the sign flips; we only need one).
    double area = 0;
    for (size_t i = 0; i < n; i++) {
        const float *a = &pts[2 * i], *b = &pts[2 * ((i + 1) % n)];
        area += (double)a[0] * b[1] - (double)b[0] * a[1];
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = area > 0 ? i : n - 1 - i;
    size_t m = n, ntri = 0, i = 0, fails = 0;
    while (m > 3) {
        size_t ip = idx[(i + m - 1) % m], ic = idx[i], in = idx[(i + 1) % m];
        const float *a = &pts[2 * ip], *b = &pts[2 * ic], *c = &pts[2 * in];
        bool ear = cross(a, b, c) > 0;
        for (size_t k = 0; ear && k < m; k++) {
            size_t q = idx[k];
            if (q != ip && q != ic && q != in && in_triangle(&pts[2 * q], a, b, c))
                ear = false;
        }
        if (!ear && fails > m) {
            // No clean ear (a ring that touches itself): take the sharpest convex corner
            // anyway, so the region stays filled; at worst a sliver spills over.
            size_t best = m;
            double most = 0;
            for (size_t k = 0; k < m; k++) {
                double cr = cross(&pts[2 * idx[(k + m - 1) % m]], &pts[2 * idx[k]],
                                  &pts[2 * idx[(k + 1) % m]]);
                if (cr > most) {
                    most = cr;
                    best = k;
                }
            }
            if (best == m)
                break; // only straight or reflex corners left: nothing to fill
            i = best;
            ip = idx[(i + m - 1) % m], ic = idx[i], in = idx[(i + 1) % m];
            a = &pts[2 * ip], b = &pts[2 * ic], c = &pts[2 * in];
            ear = true;
        }
        if (!ear) {
            i = (i + 1) % m;
            fails++;
            continue;
        }
        memcpy(&out[6 * ntri], a, 2 * sizeof(float));
        memcpy(&out[6 * ntri + 2], b, 2 * sizeof(float));
        memcpy(&out[6 * ntri + 4], c, 2 * sizeof(float));
        ntri++;
        memmove(&idx[i], &idx[i + 1], (m - i - 1) * sizeof(*idx));
        m--;
        fails = 0;
        if (i >= m)
            i = 0;
    }
    if (m == 3) {
        for (size_t k = 0; k < 3; k++)
            memcpy(&out[6 * ntri + 2 * k], &pts[2 * idx[k]], 2 * sizeof(float));
        ntri++;
    }
    free(idx);
    return ntri;
}

// Calls fn for each ring (the outer ones; DCW and Natural Earth rings here have no holes).
static void
each_ring(const cJSON *geometry, void (*fn)(void *ctx, const cJSON *ring), void *ctx)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(geometry, "type");
    const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geometry, "coordinates");
    if (!cJSON_IsString(type) || !cJSON_IsArray(coords))
        return;
    const cJSON *poly;
    if (strcmp(type->valuestring, "Polygon") == 0) {
        fn(ctx, cJSON_GetArrayItem(coords, 0));
    } else if (strcmp(type->valuestring, "MultiPolygon") == 0) {
        cJSON_ArrayForEach(poly, coords) fn(ctx, cJSON_GetArrayItem(poly, 0));
    }
}

struct bounds {
    double minlon, maxlon, minlat, maxlat;
};

static void
grow_bounds(void *ctx, const cJSON *ring)
{
    struct bounds *b = ctx;
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        const cJSON *lon = cJSON_GetArrayItem(pt, 0), *lat = cJSON_GetArrayItem(pt, 1);
        if (!cJSON_IsNumber(lon) || !cJSON_IsNumber(lat))
            continue;
        b->minlon = fmin(b->minlon, lon->valuedouble);
        b->maxlon = fmax(b->maxlon, lon->valuedouble);
        b->minlat = fmin(b->minlat, lat->valuedouble);
        b->maxlat = fmax(b->maxlat, lat->valuedouble);
    }
}

struct builder {
    const struct wb_geo *g; // its projection
    struct wb_geo_region *r;
    int failed;
    double best_area; // of the largest part so far (for the label)
};

static void
add_ring(void *ctx, const cJSON *ring)
{
    struct builder *bd = ctx;
    int n = cJSON_GetArraySize(ring);
    if (n < 4 || bd->failed)
        return;
    size_t npts = (size_t)n - 1; // GeoJSON repeats the first point at the end
    float *pts = malloc(2 * npts * sizeof(float));
    float *tri = pts ? malloc(6 * (npts - 2) * sizeof(float)) : NULL;
    if (tri == NULL) {
        free(pts);
        bd->failed = CORE_E_NOMEM;
        return;
    }
    size_t k = 0;
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        if (k == npts)
            break;
        const cJSON *lon = cJSON_GetArrayItem(pt, 0), *lat = cJSON_GetArrayItem(pt, 1);
        double x = cJSON_IsNumber(lon) ? lon->valuedouble : 0;
        double y = cJSON_IsNumber(lat) ? lat->valuedouble : 0;
        pts[2 * k] = (float)((x - bd->g->minlon) * bd->g->kx / bd->g->w);
        pts[2 * k + 1] = (float)((bd->g->maxlat - y) / bd->g->h);
        // A point where the last one was (coordinates rounded in the data) makes a corner with
        // no angle, which no ear can use: skip it.
        if (k == 0 || !same(&pts[2 * k], &pts[2 * (k - 1)]))
            k++;
    }
    while (k > 1 && same(&pts[0], &pts[2 * (k - 1)]))
        k--;
    npts = k;
    if (npts < 3) {
        free(pts);
        free(tri);
        return;
    }
    size_t ntri = wb_geo_triangulate(pts, npts, tri);
    struct wb_geo_region *r = bd->r;
    // Never realloc to 0 bytes (a ring that gave no triangle): that frees, and returns NULL.
    float *all = realloc(r->tri, (6 * (r->ntri + ntri) + 1) * sizeof(float));
    float *lines = realloc(r->lines, 4 * (r->nlines + npts) * sizeof(float));
    if (all)
        r->tri = all;
    if (lines)
        r->lines = lines;
    if (all == NULL || lines == NULL) {
        bd->failed = CORE_E_NOMEM;
        free(pts);
        free(tri);
        return;
    }
    memcpy(r->tri + 6 * r->ntri, tri, 6 * ntri * sizeof(float));
    r->ntri += ntri;
    double area = 0, sx = 0, sy = 0;
    float pminx = 1e9f, pmaxx = -1e9f, pminy = 1e9f, pmaxy = -1e9f;
    for (size_t i = 0; i < npts; i++) {
        const float *a = &pts[2 * i], *b = &pts[2 * ((i + 1) % npts)];
        float *seg = &r->lines[4 * r->nlines++];
        seg[0] = a[0], seg[1] = a[1], seg[2] = b[0], seg[3] = b[1];
        r->minx = fminf(r->minx, a[0]), r->maxx = fmaxf(r->maxx, a[0]);
        r->miny = fminf(r->miny, a[1]), r->maxy = fmaxf(r->maxy, a[1]);
        area += (double)a[0] * b[1] - (double)b[0] * a[1];
        pminx = fminf(pminx, a[0]), pmaxx = fmaxf(pmaxx, a[0]);
        pminy = fminf(pminy, a[1]), pmaxy = fmaxf(pmaxy, a[1]);
        sx += a[0];
        sy += a[1];
    }
    if (fabs(area) > bd->best_area) { // the label goes on the biggest part (the mainland)
        bd->best_area = fabs(area);
        r->cx = (float)(sx / npts);
        r->cy = (float)(sy / npts);
        r->part_minx = pminx, r->part_miny = pminy;
        r->part_maxx = pmaxx, r->part_maxy = pmaxy;
    }
    free(pts);
    free(tri);
}

// Projects and triangulates feature f's rings into r.
static int
build(const struct wb_geo *g, struct wb_geo_region *r, const cJSON *f)
{
    r->minx = r->miny = 1e9f;
    r->maxx = r->maxy = -1e9f;
    struct builder bd = {g, r, 0, 0};
    each_ring(cJSON_GetObjectItemCaseSensitive(f, "geometry"), add_ring, &bd);
    return bd.failed;
}

int
wb_geo_load(struct wb_geo *g, const char *path, const char *code_key, struct core_err *err)
{
    memset(g, 0, sizeof(*g));
    size_t len;
    char *buf = core_file_read(path, GEO_FILE_MAX, &len, err);
    if (buf == NULL)
        return err->code;
    int rc = wb_geo_parse(g, buf, len, path, code_key, err);
    free(buf);
    return rc;
}

// features_of returns the FeatureCollection's non-empty features array of root, or NULL, with n
// its length.
static const cJSON *
features_of(const cJSON *root, int *n)
{
    const cJSON *features = cJSON_GetObjectItemCaseSensitive(root, "features");
    *n = cJSON_GetArraySize(features);
    return cJSON_IsArray(features) && *n > 0 ? features : NULL;
}

static void
free_shape(struct wb_geo_region *r)
{
    free(r->tri);
    free(r->lines);
}

int
wb_geo_parse(struct wb_geo *g, const char *text, size_t len, const char *path, const char *code_key,
             struct core_err *err)
{
    memset(g, 0, sizeof(*g));
    cJSON *root = cJSON_ParseWithLength(text, len);
    int n;
    const cJSON *features = features_of(root, &n);
    if (features == NULL) {
        cJSON_Delete(root);
        snprintf(err->source, sizeof(err->source), "%s", path);
        return core_err_set(err, CORE_E_PARSE, "not a GeoJSON FeatureCollection");
    }
    struct bounds b = {1e9, -1e9, 1e9, -1e9};
    const cJSON *f;
    cJSON_ArrayForEach(f, features)
        each_ring(cJSON_GetObjectItemCaseSensitive(f, "geometry"), grow_bounds, &b);
    // Equirectangular at the middle latitude: east-west distances shrink by its cosine.
    g->kx = cos((b.minlat + b.maxlat) / 2 * 3.14159265358979 / 180);
    g->minlon = b.minlon, g->maxlat = b.maxlat;
    g->w = (b.maxlon - b.minlon) * g->kx, g->h = b.maxlat - b.minlat;
    g->aspect = g->h > 0 ? g->w / g->h : 1;
    g->regions = calloc((size_t)n, sizeof(*g->regions));
    int rc = g->regions ? 0 : CORE_E_NOMEM;
    cJSON_ArrayForEach(f, features)
    {
        if (rc != 0)
            break;
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(props, code_key);
        if (!cJSON_IsString(code) || strlen(code->valuestring) >= CORE_REGION_MAX)
            continue;
        struct wb_geo_region *r = &g->regions[g->nregions++];
        snprintf(r->code, sizeof(r->code), "%s", code->valuestring);
        rc = build(g, r, f);
    }
    cJSON_Delete(root);
    if (rc != 0) {
        wb_geo_fini(g);
        return core_err_set(err, rc, "%s: out of memory", path);
    }
    return 0;
}

static void
free_decor(struct wb_geo_decor *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free_shape(&d[i].shape);
    free(d);
}

static int
inset_error(struct core_err *err, const char *path, int code, const char *what, int feature)
{
    snprintf(err->source, sizeof(err->source), "%s", path);
    if (feature < 0)
        return core_err_set(err, code, "%s: %s", path, what);
    return core_err_set(err, code, "%s: features[%d]: %s", path, feature, what);
}

int
wb_geo_load_inset(struct wb_geo *g, const char *path, struct core_err *err)
{
    size_t len;
    char *buf = core_file_read(path, GEO_FILE_MAX, &len, err);
    if (buf == NULL) {
        char why[sizeof(err->text)];
        snprintf(why, sizeof(why), "%s", err->text);
        return inset_error(err, path, err->code, why, -1);
    }
    int rc = wb_geo_parse_inset(g, buf, len, path, err);
    free(buf);
    return rc;
}

int
wb_geo_parse_inset(struct wb_geo *g, const char *text, size_t len, const char *path,
                   struct core_err *err)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    int n;
    const cJSON *features = features_of(root, &n);
    int rc = 0;
    if (features == NULL)
        rc = inset_error(err, path, CORE_E_PARSE, "not a GeoJSON FeatureCollection", -1);
    struct wb_geo_decor *d = rc ? NULL : calloc((size_t)n, sizeof(*d));
    if (rc == 0 && d == NULL)
        rc = inset_error(err, path, CORE_E_NOMEM, "out of memory", -1);
    float minx = 1e9f, miny = 1e9f, maxx = -1e9f, maxy = -1e9f;
    for (int i = 0; rc == 0 && i < n; i++) {
        const cJSON *f = cJSON_GetArrayItem(features, i);
        const cJSON *part = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(f, "properties"), "part");
        const char *p = cJSON_IsString(part) ? part->valuestring : "";
        if (strcmp(p, "coast") != 0 && strcmp(p, "frame") != 0 && strcmp(p, "boundary") != 0) {
            rc = inset_error(err, path, CORE_E_PARSE,
                             "properties.part: \"coast\", \"frame\" or \"boundary\"", i);
            break;
        }
        d[i].kind = strcmp(p, "coast") == 0 ? WB_GEO_DECOR_LAND : WB_GEO_DECOR_LINE;
        if ((rc = build(g, &d[i].shape, f)) != 0) {
            inset_error(err, path, rc, "out of memory", i);
            break;
        }
        if (d[i].shape.ntri == 0) {
            rc = inset_error(err, path, CORE_E_PARSE, "no polygon of 3 points or more", i);
            break;
        }
        minx = fminf(minx, d[i].shape.minx), maxx = fmaxf(maxx, d[i].shape.maxx);
        miny = fminf(miny, d[i].shape.miny), maxy = fmaxf(maxy, d[i].shape.maxy);
    }
    cJSON_Delete(root);
    if (rc != 0) {
        free_decor(d, d ? (size_t)n : 0);
        return rc;
    }
    free_decor(g->decor, g->ndecor);
    g->decor = d;
    g->ndecor = (size_t)n;
    g->decor_minx = minx, g->decor_miny = miny, g->decor_maxx = maxx, g->decor_maxy = maxy;
    return 0;
}

void
wb_geo_fini(struct wb_geo *g)
{
    for (size_t i = 0; i < g->nregions; i++)
        free_shape(&g->regions[i]);
    free(g->regions);
    free_decor(g->decor, g->ndecor);
    memset(g, 0, sizeof(*g));
}
