// SPDX-License-Identifier: MIT
// Fuzz target: a map geometry file (GeoJSON), as the map and as the inset added to it.
#include "wallboard/engine/geo.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct wb_geo g;
    struct core_err err;
    core_err_clear(&err);
    if (wb_geo_parse(&g, (const char *)data, size, "fuzz.geojson", "code", &err) == 0) {
        wb_geo_parse_inset(&g, (const char *)data, size, "fuzz.geojson", &err);
        wb_geo_fini(&g);
    }
    return 0;
}
