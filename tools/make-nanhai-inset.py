#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Builds data/geo/cn-nanhai-inset.geojson, the South China Sea islands inset (南海诸岛) drawn in
# the corner of the China map, from Apache ECharts 4.9.0 (npm `echarts@4.9.0`, Apache-2.0),
# file src/coord/geo/fix/nanhai.js: its polygons (the inset's frame, the coast at its foot and
# the boundary line's dashes) in its own units, moved to lon/lat with the file's own transform
# (x / 10.5 + 126, y / -14 + 25), as ECharts places the inset beside its China map; then made
# 1.4 times as large about its foot and moved east until its right side is at 134.6°E (the
# map's own east edge is 134.77°E), so that on a 1080p board its dashes are more than specks
# and it stays clear of Taiwan and the coast.
# Run: npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz &&
#      /usr/bin/python3 tools/make-nanhai-inset.py package/src/coord/geo/fix/nanhai.js \
#      > data/geo/cn-nanhai-inset.geojson
import json, re, sys

src = open(sys.argv[1], encoding="utf-8").read()
origin = [float(v) for v in re.search(r"geoCoord = \[([0-9.]+), ([0-9.]+)\]", src).groups()]
body = re.search(r"var points = (\[.*?\]);\s*\n\s*for", src, re.S).group(1)
points = json.loads(re.sub(r"\s+", "", body))
SCALE, RIGHT = 1.4, 134.6
lonlat = [[(x / 10.5 + origin[0], y / (-10.5 / 0.75) + origin[1]) for x, y in ring]
          for ring in points]
foot = min(lat for ring in lonlat for _, lat in ring)
east = max(lon for ring in lonlat for lon, _ in ring)
features = []
for i, ring in enumerate(lonlat):
    coords = [[round(RIGHT - (east - lon) * SCALE, 5), round(foot + (lat - foot) * SCALE, 5)]
              for lon, lat in ring]
    part = "frame" if i == len(points) - 1 else "coast" if i == 0 else "boundary"
    features.append({"type": "Feature", "properties": {"part": part},
                     "geometry": {"type": "Polygon", "coordinates": [coords]}})
name = "南海诸岛 inset, from Apache ECharts 4.9.0 src/coord/geo/fix/nanhai.js"
sys.stdout.write('{"type":"FeatureCollection",\n "name":%s,\n "features":[\n'
                 % json.dumps(name, ensure_ascii=False))
sys.stdout.write(",\n".join("  " + json.dumps(f, separators=(",", ":")) for f in features))
sys.stdout.write("\n]}\n")
