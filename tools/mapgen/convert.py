#!/usr/bin/env python3
"""Builds assets/map/europe.ron from Natural Earth country outlines.

Source: Natural Earth 1:50m admin-0 countries (public domain), as TopoJSON in
the `world-atlas` npm package (ISC). Usage:

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/mapgen/convert.py package/countries-50m.json > assets/map/europe.ron

Modern borders stand in for the alternate 1939 (approximate is fine): the
Baltic Duchy is Latvia and Estonia; the USSR is Russia and the Caucasus.
Outlines are clipped to Europe, simplified, and written as longitude/latitude;
the game projects and triangulates them at load time.
"""
import json
import sys

# Map region id -> (display name, Natural Earth country names).
REGIONS = [
    ("germany", "Germany", ["Germany"]),
    ("ussr", "USSR", ["Russia", "Georgia", "Armenia", "Azerbaijan", "Kazakhstan"]),
    ("britain", "Britain", ["United Kingdom"]),
    ("france", "France", ["France"]),
    ("italy", "Italy", ["Italy"]),
    ("poland", "Poland", ["Poland"]),
    ("ukraine", "Ukraine", ["Ukraine"]),
    ("belarus", "Belarus", ["Belarus"]),
    ("lithuania", "Lithuania", ["Lithuania"]),
    ("baltic", "Baltic Duchy", ["Latvia", "Estonia"]),
    ("finland", "Finland", ["Finland"]),
    ("austria", "Austria", ["Austria"]),
    # Context, drawn neutral unless a scenario names them.
    ("ireland", "Ireland", ["Ireland"]),
    ("iceland", "Iceland", ["Iceland"]),
    ("spain", "Spain", ["Spain", "Andorra"]),
    ("portugal", "Portugal", ["Portugal"]),
    ("netherlands", "Netherlands", ["Netherlands"]),
    ("belgium", "Belgium", ["Belgium", "Luxembourg"]),
    ("switzerland", "Switzerland", ["Switzerland", "Liechtenstein"]),
    ("denmark", "Denmark", ["Denmark"]),
    ("norway", "Norway", ["Norway"]),
    ("sweden", "Sweden", ["Sweden"]),
    ("czechoslovakia", "Czechoslovakia", ["Czechia", "Slovakia"]),
    ("hungary", "Hungary", ["Hungary"]),
    ("romania", "Romania", ["Romania", "Moldova"]),
    ("yugoslavia", "Yugoslavia", ["Serbia", "Croatia", "Slovenia", "Bosnia and Herz.", "Montenegro", "Macedonia", "North Macedonia", "Kosovo"]),
    ("albania", "Albania", ["Albania"]),
    ("greece", "Greece", ["Greece"]),
    ("bulgaria", "Bulgaria", ["Bulgaria"]),
    ("turkey", "Turkey", ["Turkey"]),
    ("north_africa", "North Africa", ["Morocco", "Algeria", "Tunisia", "Libya"]),
    ("middle_east", "Middle East", ["Syria", "Iraq", "Iran", "Lebanon", "Israel", "Jordan", "Cyprus", "N. Cyprus"]),
]
BOX = (-25.0, 33.0, 62.0, 72.0)  # lon_min, lat_min, lon_max, lat_max
TOLERANCE = 0.06  # degrees, for Douglas-Peucker
MIN_AREA = 0.05  # square degrees: smaller islands are dropped


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


def polygons(arcs, geom):
    if geom["type"] == "Polygon":
        return [ring(arcs, geom["arcs"][0])]
    if geom["type"] == "MultiPolygon":
        return [ring(arcs, p[0]) for p in geom["arcs"]]
    return []


def clip(points, box):
    """Sutherland-Hodgman against an axis-aligned box."""
    lon0, lat0, lon1, lat1 = box
    edges = [
        (lambda p: p[0] >= lon0, lambda a, b: cross_x(a, b, lon0)),
        (lambda p: p[0] <= lon1, lambda a, b: cross_x(a, b, lon1)),
        (lambda p: p[1] >= lat0, lambda a, b: cross_y(a, b, lat0)),
        (lambda p: p[1] <= lat1, lambda a, b: cross_y(a, b, lat1)),
    ]
    for inside, cross in edges:
        if not points:
            break
        out = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
        points = out
    return points


def cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tol):
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        ax, ay = points[i]
        bx, by = points[j]
        best, at = 0.0, None
        for k in range(i + 1, j):
            px, py = points[k]
            dx, dy = bx - ax, by - ay
            n = (dx * dx + dy * dy) ** 0.5
            d = abs(dy * px - dx * py + bx * ay - by * ax) / n if n else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, at = d, k
        if at is not None and best > tol:
            keep[at] = True
            stack.append((i, at))
            stack.append((at, j))
    return [p for p, k in zip(points, keep) if k]


def area(points):
    s = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        s += x0 * y1 - x1 * y0
    return s / 2


def main():
    topo = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topo)
    by_name = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        by_name.setdefault(geom["properties"]["name"], []).append(geom)
    print("// Europe, 1939 (alternate). Generated by tools/mapgen/convert.py from")
    print("// Natural Earth 1:50m admin-0 countries (public domain, naturalearthdata.com),")
    print("// via the world-atlas npm package 2.0.2. Longitude/latitude; edit freely.")
    print("Map(")
    print('    source: "Natural Earth 4.1.0 1:50m countries (public domain) via world-atlas 2.0.2",')
    print("    regions: [")
    for rid, name, countries in REGIONS:
        polys = []
        for c in countries:
            for geom in by_name.get(c, []):
                for p in polygons(arcs, geom):
                    if p and p[0] == p[-1]:
                        p = p[:-1]
                    p = clip(p, BOX)
                    if len(p) < 3 or abs(area(p)) < MIN_AREA:
                        continue
                    p = simplify(p + [p[0]], TOLERANCE)[:-1]
                    if len(p) >= 3 and abs(area(p)) >= MIN_AREA:
                        if area(p) < 0:
                            p.reverse()
                        polys.append(p)
        if not polys:
            print(f"warning: nothing for {rid}", file=sys.stderr)
            continue
        polys.sort(key=lambda p: -abs(area(p)))
        print(f'        (id: "{rid}", name: "{name}", polygons: [')
        for p in polys:
            pts = ", ".join(f"({x:.2f}, {y:.2f})" for x, y in p)
            print(f"            [{pts}],")
        print("        ]),")
    print("    ],")
    print(")")


if __name__ == "__main__":
    main()
