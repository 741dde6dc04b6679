// SPDX-License-Identifier: MIT
// Map geometry for the choropleth: regions (China's provinces, or the world's countries) read
// once from GeoJSON in data/geo/, projected into a unit box, and cut into triangles for SDL's
// geometry rendering, so a frame only scales them. No SDL here.
#ifndef WB_GEO_H
#define WB_GEO_H

#include "core/err.h"
#include "core/event.h"

#include <stdbool.h>
#include <stddef.h>

struct wb_geo_region {
    char code[CORE_REGION_MAX]; // ISO 3166-2:CN (CN-JS) or ISO 3166-1 alpha-2 (US)
    float *tri;                 // x, y of 3 * ntri points, in the map's unit box (y down)
    size_t ntri;
    float *lines; // the outline: pairs of points, x0 y0 x1 y1 per segment
    size_t nlines;
    float minx, miny, maxx, maxy; // bounding box in the unit box
    float cx, cy;                 // where a label goes: the centre of its largest part
    float part_minx, part_miny, part_maxx, part_maxy; // that part's box (a label must not hide it)
};

// What a map shows besides its regions and never shades: the South China Sea islands inset
// (南海诸岛) of the China map, its coast drawn as land, its frame and boundary line as lines.
enum wb_geo_decor_kind { WB_GEO_DECOR_LAND, WB_GEO_DECOR_LINE };

struct wb_geo_decor {
    struct wb_geo_region shape; // code "" (nothing to count)
    enum wb_geo_decor_kind kind;
};

struct wb_geo {
    double aspect; // width / height of the projected map
    size_t nregions;
    struct wb_geo_region *regions; // owned
    size_t ndecor;
    struct wb_geo_decor *decor;      // owned
    float decor_minx, decor_miny;    // the decorations' box in the unit box (labels keep
    float decor_maxx, decor_maxy;    // out of it); empty when ndecor is 0
    double minlon, maxlat, kx, w, h; // the projection: the regions' bounds, the east-west
                                     // scale, the projected width and height
};

// wb_geo_load reads a GeoJSON FeatureCollection of (Multi)Polygons at path; code_key names the
// property holding each region's code ("iso_3166_2", "iso_a2"). Equirectangular projection at
// the map's middle latitude (true shapes for a country the size of China). Returns 0, or
// CORE_E_IO / CORE_E_PARSE / CORE_E_NOMEM with err naming the file.
int wb_geo_load(struct wb_geo *g, const char *path, const char *code_key, struct core_err *err);
// wb_geo_parse is the same from len bytes of text; path names them in errors.
int wb_geo_parse(struct wb_geo *g, const char *text, size_t len, const char *path,
                 const char *code_key, struct core_err *err);

// wb_geo_load_inset adds the decorations of the GeoJSON file at path to a loaded map, projected
// as its regions are: Polygon features whose property "part" is "coast" (land) or "frame" /
// "boundary" (lines; data/geo/cn-nanhai-inset.geojson). Returns 0, or CORE_E_IO / CORE_E_PARSE
// / CORE_E_NOMEM with err naming the file and the feature; the map is then left as it was.
int wb_geo_load_inset(struct wb_geo *g, const char *path, struct core_err *err);
// wb_geo_parse_inset is the same from len bytes of text; path names them in errors.
int wb_geo_parse_inset(struct wb_geo *g, const char *text, size_t len, const char *path,
                       struct core_err *err);

// wb_geo_fini frees the map.
void wb_geo_fini(struct wb_geo *g);

// wb_geo_triangulate cuts a simple polygon (n points, x y pairs) into n - 2 triangles written to
// out (room for 6 * (n - 2) floats), by ear clipping. Returns the triangles written (fewer for
// degenerate rings).
size_t wb_geo_triangulate(const float *pts, size_t n, float *out);

#endif
