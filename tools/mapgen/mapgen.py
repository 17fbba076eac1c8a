#!/usr/bin/env python3
"""Builds assets/map/europe.ron: the Europe of this alternate 1939.

Source: Natural Earth 1:50m admin-0 countries (public domain), as TopoJSON in
the `world-atlas` npm package (ISC). The modern outlines are cut along the
historical lines in `lines.py` (1914 Germany, the Tartu border of Finland,
the Crimea) with shapely, simplified with shared borders kept shared (so
neighbours meet without gaps or seams), and written as longitude/latitude
with a label point inside each region. The game reads the generated RON; it
projects and triangulates it at load time. Usage:

    pip install shapely==2.*
    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/mapgen/mapgen.py package/countries-50m.json > assets/map/europe.ron

Regions not named in a recipe keep their modern outline; see `RECIPES`.
"""
import json
import math
import sys

from shapely import make_valid
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.ops import linemerge, polylabel, polygonize, unary_union

import lines

# The map's extent (longitude, latitude) and how much detail it keeps.
BOX = (-25.0, 33.0, 62.0, 72.0)
TOLERANCE = 0.05  # degrees, Douglas-Peucker on each shared border
MIN_AREA = 0.05  # square degrees: smaller islands are dropped

GERMAN_EAST = Polygon(lines.GERMAN_EAST_1914)
ALSACE = Polygon(lines.ALSACE_LORRAINE)
SCHLESWIG = Polygon(lines.NORTH_SCHLESWIG)
FINNISH_KARELIA = unary_union(
    [Polygon(lines.FINLAND_1920), Polygon(lines.SALLA_1920), Polygon(lines.PETSAMO_1920)]
)
CRIMEA = Polygon(lines.CRIMEA)

# Map region id -> (display name, recipe). A recipe is a list of
# (sign, Natural Earth countries, cut): `+` adds the countries (intersected
# with the cut if there is one), `-` takes the cut away from what is there.
RECIPES = [
    ("germany", "Germany", [
        ("+", ["Germany"], None),
        ("+", ["Poland", "Russia", "Lithuania"], GERMAN_EAST),  # 1914 East
        ("+", ["France"], ALSACE),
        ("+", ["Denmark"], SCHLESWIG),
    ]),
    ("ussr", "USSR", [
        ("+", ["Russia", "Georgia", "Armenia", "Azerbaijan", "Kazakhstan"], None),
        ("-", [], GERMAN_EAST),  # Konigsberg is German
        ("-", [], FINNISH_KARELIA),
        ("+", ["Ukraine"], CRIMEA),
    ]),
    ("britain", "Britain", [("+", ["United Kingdom"], None)]),
    ("france", "France", [("+", ["France"], None), ("-", [], ALSACE)]),
    ("italy", "Italy", [("+", ["Italy"], None)]),
    ("poland", "Poland", [("+", ["Poland"], None), ("-", [], GERMAN_EAST)]),
    ("ukraine", "Ukraine", [("+", ["Ukraine"], None), ("-", [], CRIMEA)]),
    ("belarus", "Belarus", [("+", ["Belarus"], None)]),
    ("lithuania", "Lithuania", [("+", ["Lithuania"], None), ("-", [], GERMAN_EAST)]),
    ("baltic", "Baltic Duchy", [("+", ["Latvia", "Estonia"], None)]),
    ("finland", "Finland", [("+", ["Finland"], None), ("+", ["Russia"], FINNISH_KARELIA)]),
    ("austria", "Austria", [("+", ["Austria"], None)]),
    # Context, drawn neutral unless a scenario names them.
    ("ireland", "Ireland", [("+", ["Ireland"], None)]),
    ("iceland", "Iceland", [("+", ["Iceland"], None)]),
    ("spain", "Spain", [("+", ["Spain", "Andorra"], None)]),
    ("portugal", "Portugal", [("+", ["Portugal"], None)]),
    ("netherlands", "Netherlands", [("+", ["Netherlands"], None)]),
    ("belgium", "Belgium", [("+", ["Belgium", "Luxembourg"], None)]),
    ("switzerland", "Switzerland", [("+", ["Switzerland", "Liechtenstein"], None)]),
    ("denmark", "Denmark", [("+", ["Denmark"], None), ("-", [], SCHLESWIG)]),
    ("norway", "Norway", [("+", ["Norway"], None)]),
    ("sweden", "Sweden", [("+", ["Sweden"], None)]),
    ("czechoslovakia", "Czechoslovakia", [("+", ["Czechia", "Slovakia"], None)]),
    ("hungary", "Hungary", [("+", ["Hungary"], None)]),
    ("romania", "Romania", [("+", ["Romania", "Moldova"], None)]),
    ("yugoslavia", "Yugoslavia", [("+", [
        "Serbia", "Croatia", "Slovenia", "Bosnia and Herz.", "Montenegro",
        "Macedonia", "North Macedonia", "Kosovo",
    ], None)]),
    ("albania", "Albania", [("+", ["Albania"], None)]),
    ("greece", "Greece", [("+", ["Greece"], None)]),
    ("bulgaria", "Bulgaria", [("+", ["Bulgaria"], None)]),
    ("turkey", "Turkey", [("+", ["Turkey"], None)]),
    ("north_africa", "North Africa", [("+", ["Morocco", "Algeria", "Tunisia", "Libya"], None)]),
    ("middle_east", "Middle East", [("+", [
        "Syria", "Iraq", "Iran", "Lebanon", "Israel", "Jordan", "Cyprus", "N. Cyprus",
    ], None)]),
]


def decode_arcs(topo):
    scale = topo["transform"]["scale"]
    translate = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon = x * scale[0] + translate[0]
            # Unwrap the far east of Russia across the antimeridian, so the
            # clip to Europe does not drag it across the Atlantic.
            if lon < -100:
                lon += 360
            pts.append((lon, y * scale[1] + translate[1]))
        arcs.append(pts)
    return arcs


def ring(arcs, indices):
    out = []
    for i in indices:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])
    return out


def shape(arcs, geom):
    """A TopoJSON geometry as a shapely (multi)polygon, holes included."""
    if geom["type"] == "Polygon":
        parts = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        parts = geom["arcs"]
    else:
        return Polygon()
    polys = []
    for rings in parts:
        outer = ring(arcs, rings[0])
        if len(outer) >= 4:
            polys.append(Polygon(outer, [ring(arcs, r) for r in rings[1:]]))
    return make_valid(MultiPolygon(polys)) if polys else Polygon()


def countries(topo):
    arcs = decode_arcs(topo)
    clip = box(*BOX)
    out = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        g = shape(arcs, geom).intersection(clip)
        out[name] = g if name not in out else out[name].union(g)
    return out


def build(by_name, recipe):
    g = Polygon()
    for sign, names, cut in recipe:
        if sign == "+":
            part = unary_union([by_name[n] for n in names if n in by_name])
            g = g.union(part if cut is None else part.intersection(cut))
        else:
            g = g.difference(cut)
    return make_valid(g)


def simplify_shared(regions):
    """Douglas-Peucker on each border between nodes, then the faces put
    back together: neighbours share every simplified edge exactly."""
    edges = unary_union([g.boundary for g in regions.values()])
    merged = linemerge(edges)
    parts = merged.geoms if hasattr(merged, "geoms") else [merged]
    simple = []
    for line in parts:
        s = line.simplify(TOLERANCE, preserve_topology=False)
        if line.is_ring and len(s.coords) < 4:
            continue  # an island too small to keep its shape
        simple.append(s)
    faces = list(polygonize(unary_union(simple)))
    out = {rid: [] for rid in regions}
    for face in faces:
        shares = {rid: g.intersection(face).area for rid, g in regions.items() if g.intersects(face)}
        owner = max(shares, key=shares.get, default=None)
        # Faces outside every region are seas and lakes closed off by borders.
        if owner is not None and shares[owner] > 0.5 * face.area:
            out[owner].append(face)
    return {rid: unary_union(f) if f else Polygon() for rid, f in out.items()}


def polygons_of(g):
    if g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    return [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]


def projected(p):
    """The game's projection (src/scenario/map.rs `project`), for labels."""
    k = math.cos(math.radians(52.0))
    return Polygon([((x - 15.0) * k, y - 52.0) for x, y in p.exterior.coords])


def label(polys):
    """The point deepest inside the largest outline, as the game projects it."""
    big = max(polys, key=lambda p: p.area)
    k = math.cos(math.radians(52.0))
    at = polylabel(projected(big), tolerance=0.01)
    return (at.x / k + 15.0, at.y + 52.0)


def main():
    topo = json.load(open(sys.argv[1]))
    by_name = countries(topo)
    regions = {rid: build(by_name, recipe) for rid, _, recipe in RECIPES}
    simple = simplify_shared(regions)
    print("// Europe, 1939 (alternate). Generated by tools/mapgen/mapgen.py from")
    print("// Natural Earth 1:50m admin-0 countries (public domain, naturalearthdata.com),")
    print("// via the world-atlas npm package 2.0.2, cut along the historical lines of")
    print("// tools/mapgen/lines.py. Longitude/latitude; edit freely.")
    print("Map(")
    print('    source: "Natural Earth 1:50m (public domain), cut to the borders of this 1939",')
    print("    regions: [")
    for rid, name, _ in RECIPES:
        polys = [p for p in polygons_of(simple[rid]) if p.area >= MIN_AREA]
        if not polys:
            print(f"warning: nothing for {rid}", file=sys.stderr)
            continue
        polys.sort(key=lambda p: -p.area)
        lon, lat = label(polys)
        print(f'        (id: "{rid}", name: "{name}", label: Some(({lon:.2f}, {lat:.2f})), polygons: [')
        for p in polys:
            if p.interiors:
                print(f"warning: {rid} loses {len(p.interiors)} hole(s)", file=sys.stderr)
            coords = list(p.exterior.coords)[:-1]
            if Polygon(coords).exterior.is_ccw is False:
                coords.reverse()
            pts = ", ".join(f"({x:.2f}, {y:.2f})" for x, y in coords)
            print(f"            [{pts}],")
        print("        ]),")
    print("    ],")
    print(")")


if __name__ == "__main__":
    main()
