//! Map geometry: region outlines in longitude/latitude (a RON file under
//! `assets/map/`, so mods can redraw Europe), projected and triangulated in
//! code, with hit-testing for the cursor.

use super::{Diagnostic, Report, Severity};
use serde::{Deserialize, Serialize};

/// The default map, embedded in the binary.
pub const EUROPE: &str = include_str!("../../assets/map/europe.ron");
/// The name the embedded map is reported under.
pub const EUROPE_NAME: &str = "assets/map/europe.ron";
/// Most points in one map file.
pub const MAX_POINTS: usize = 200_000;
/// Largest map file read, in bytes.
pub const MAX_MAP_BYTES: u64 = 4 * super::MAX_FILE_BYTES;

/// A map file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename = "Map")]
pub struct MapFile {
    /// Where the outlines come from (credited in the game).
    pub source: String,
    /// A mod's map that is the whole board: the game's map of Europe is
    /// not drawn under it (a scenario of another place). Without it, a
    /// mod's regions are drawn over the game's map.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
    pub regions: Vec<RegionFile>,
}

/// One region: a power or state of the scenario (same id), or a neutral
/// country drawn for context.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionFile {
    pub id: String,
    pub name: String,
    /// Where its label goes (longitude, latitude); default: the middle of its largest outline.
    #[serde(default)]
    pub label: Option<(f32, f32)>,
    /// Outlines as (longitude, latitude) points.
    pub polygons: Vec<Vec<(f32, f32)>>,
}

/// A projected point: x east, y north, in projection units (about degrees).
pub type Point = [f32; 2];

/// A projected, triangulated region.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// Outlines, projected.
    pub rings: Vec<Vec<Point>>,
    /// Triangles: indices into the flattened points of all rings.
    pub points: Vec<Point>,
    pub triangles: Vec<[u32; 3]>,
    pub label: Point,
    /// Bounding box: min, max.
    pub bounds: [Point; 2],
    /// Projected area (for label sizes).
    pub area: f32,
}

/// The whole map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapGeometry {
    pub source: String,
    pub regions: Vec<Region>,
    pub bounds: [Point; 2],
    /// The whole board, not regions over the game's map.
    pub whole: bool,
}

/// The projection: equirectangular around 15°E 52°N, scaled so distances
/// look right at that latitude.
pub fn project(lon: f32, lat: f32) -> Point {
    let k = 52f32.to_radians().cos();
    [(lon - 15.0) * k, lat - 52.0]
}

fn ring_area(r: &[Point]) -> f32 {
    let mut s = 0.0;
    for i in 0..r.len() {
        let (a, b) = (r[i], r[(i + 1) % r.len()]);
        s += a[0] * b[1] - b[0] * a[1];
    }
    s / 2.0
}

fn centroid(r: &[Point]) -> Point {
    let a = ring_area(r);
    if a.abs() < 1e-6 {
        let n = r.len().max(1) as f32;
        return [
            r.iter().map(|p| p[0]).sum::<f32>() / n,
            r.iter().map(|p| p[1]).sum::<f32>() / n,
        ];
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..r.len() {
        let (p, q) = (r[i], r[(i + 1) % r.len()]);
        let cross = p[0] * q[1] - q[0] * p[1];
        cx += (p[0] + q[0]) * cross;
        cy += (p[1] + q[1]) * cross;
    }
    [cx / (6.0 * a), cy / (6.0 * a)]
}

/// Whether `p` lies inside the ring (even-odd rule).
pub fn inside(ring: &[Point], p: Point) -> bool {
    let mut c = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            c = !c;
        }
        j = i;
    }
    c
}

impl MapGeometry {
    /// The region under a projected point: the topmost (last drawn) one, so
    /// a region a mod draws over a country is the one picked.
    pub fn hit(&self, p: Point) -> Option<usize> {
        self.regions.iter().rposition(|r| {
            p[0] >= r.bounds[0][0]
                && p[0] <= r.bounds[1][0]
                && p[1] >= r.bounds[0][1]
                && p[1] <= r.bounds[1][1]
                && r.rings.iter().any(|ring| inside(ring, p))
        })
    }

    /// A region by id.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// This map with `extra`'s regions laid over it: a region with the id of
    /// one of ours replaces it, any other is added on top.
    pub fn overlay(&self, extra: &MapGeometry) -> MapGeometry {
        if extra.whole {
            return extra.clone();
        }
        let mut out = self.clone();
        for r in &extra.regions {
            match out.regions.iter_mut().find(|o| o.id == r.id) {
                Some(o) => *o = r.clone(),
                None => out.regions.push(r.clone()),
            }
        }
        out.bounds = bounds_of(out.regions.iter().map(|r| r.bounds));
        if !extra.source.is_empty() && extra.source != self.source {
            out.source = format!("{}; {}", self.source, extra.source);
        }
        out
    }
}

/// The box around boxes.
fn bounds_of(boxes: impl Iterator<Item = [Point; 2]>) -> [Point; 2] {
    let mut bounds = [[f32::MAX; 2], [f32::MIN; 2]];
    for b in boxes {
        bounds[0][0] = bounds[0][0].min(b[0][0]);
        bounds[0][1] = bounds[0][1].min(b[0][1]);
        bounds[1][0] = bounds[1][0].max(b[1][0]);
        bounds[1][1] = bounds[1][1].max(b[1][1]);
    }
    bounds
}

/// The ids of the map's regions: of `assets/map/europe.ron` where the game
/// runs (the file the desktop draws, which modders may edit), else of the
/// embedded map. Read once.
pub fn region_ids() -> Option<&'static std::collections::BTreeSet<String>> {
    #[derive(Deserialize)]
    #[serde(rename = "Map")]
    struct Ids {
        regions: Vec<IdOnly>,
    }
    #[derive(Deserialize)]
    struct IdOnly {
        id: String,
    }
    static IDS: std::sync::OnceLock<Option<std::collections::BTreeSet<String>>> =
        std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let options = ron::Options::default().with_recursion_limit(16);
        let read = |text: &str| {
            options
                .from_str::<Ids>(text)
                .ok()
                .map(|m| m.regions.into_iter().map(|r| r.id).collect())
        };
        crate::files::read_text(std::path::Path::new(EUROPE_NAME), MAX_MAP_BYTES)
            .ok()
            .and_then(|text| read(&text))
            .or_else(|| read(EUROPE))
    })
    .as_ref()
}

/// Loads the embedded map.
pub fn europe() -> Result<MapGeometry, Report> {
    load_map(EUROPE_NAME, EUROPE)
}

/// Parses, checks and triangulates a map file.
pub fn load_map(name: &str, text: &str) -> Result<MapGeometry, Report> {
    let fail = |line: usize, col: usize, message: String| Report {
        file: name.to_string(),
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            line,
            col,
            path: String::new(),
            message,
            hint: None,
            file: None,
        }],
    };
    if text.len() as u64 > MAX_MAP_BYTES {
        return Err(fail(1, 1, "the map file is too large".into()));
    }
    let file = match super::syntax::parse_recovering::<MapFile>(16, text) {
        (Some(file), found) if found.is_empty() => file,
        (_, found) => {
            return Err(Report {
                file: name.to_string(),
                diagnostics: found,
            });
        }
    };
    let total: usize = file
        .regions
        .iter()
        .flat_map(|r| &r.polygons)
        .map(Vec::len)
        .sum();
    if total > MAX_POINTS {
        return Err(fail(
            1,
            1,
            format!("{total} points; a map may have at most {MAX_POINTS}"),
        ));
    }
    // Indexed only if a problem needs placing: the map is large.
    let spans = std::cell::OnceCell::new();
    let mut diagnostics = Vec::new();
    let mut regions = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, r) in file.regions.iter().enumerate() {
        let mut problem = |path: String, message: String| {
            let pos = spans
                .get_or_init(|| super::spans::Spans::index(text))
                .find(&path);
            diagnostics.push(Diagnostic {
                severity: Severity::Error,
                line: pos.line,
                col: pos.col,
                path,
                message,
                hint: None,
                file: None,
            });
        };
        if !seen.insert(r.id.as_str()) {
            problem(
                format!("regions[{i}].id"),
                format!("duplicate region `{}`", r.id),
            );
        }
        let mut rings = Vec::new();
        for (j, poly) in r.polygons.iter().enumerate() {
            if poly.len() < 3 {
                problem(
                    format!("regions[{i}].polygons[{j}]"),
                    "an outline needs at least 3 points".into(),
                );
                continue;
            }
            if let Some(k) = poly.iter().position(|(lon, lat)| {
                !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0
            }) {
                problem(
                    format!("regions[{i}].polygons[{j}][{k}]"),
                    "longitude must be -180 to 180 and latitude -90 to 90".into(),
                );
                continue;
            }
            rings.push(
                poly.iter()
                    .map(|(lon, lat)| project(*lon, *lat))
                    .collect::<Vec<Point>>(),
            );
        }
        if rings.is_empty() {
            problem(
                format!("regions[{i}].polygons"),
                format!("region `{}` has no outline", r.id),
            );
            continue;
        }
        let mut points = Vec::new();
        let mut triangles = Vec::new();
        for ring in &rings {
            let flat: Vec<f64> = ring
                .iter()
                .flat_map(|p| [f64::from(p[0]), f64::from(p[1])])
                .collect();
            let base = points.len() as u32;
            if let Ok(tris) = earcutr::earcut(&flat, &[], 2) {
                for t in tris.chunks_exact(3) {
                    triangles.push([base + t[0] as u32, base + t[1] as u32, base + t[2] as u32]);
                }
            }
            points.extend_from_slice(ring);
        }
        let bounds = bounds_of(points.iter().map(|p| [*p, *p]));
        let largest = rings
            .iter()
            .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))
            .cloned()
            .unwrap_or_default();
        let label = r
            .label
            .map_or_else(|| centroid(&largest), |(lon, lat)| project(lon, lat));
        let area = rings.iter().map(|r| ring_area(r).abs()).sum();
        regions.push(Region {
            id: r.id.clone(),
            name: r.name.clone(),
            rings,
            points,
            triangles,
            label,
            bounds,
            area,
        });
    }
    if regions.is_empty() && diagnostics.is_empty() {
        return Err(fail(1, 1, "the map has no regions".into()));
    }
    if !diagnostics.is_empty() {
        return Err(Report {
            file: name.to_string(),
            diagnostics,
        });
    }
    let bounds = bounds_of(regions.iter().map(|r| r.bounds));
    Ok(MapGeometry {
        source: file.source,
        regions,
        bounds,
        whole: file.whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn europe_loads_with_every_region_of_the_scenario() {
        let map = europe().unwrap_or_else(|r| panic!("{r}"));
        let setup = crate::scenario::summer1939().unwrap().setup;
        for id in setup
            .powers
            .iter()
            .map(|p| &p.id)
            .chain(setup.states.iter().map(|s| &s.id))
        {
            let r = map.region(id).unwrap_or_else(|| panic!("no region {id}"));
            assert!(!r.triangles.is_empty(), "{id} is not triangulated");
        }
        // Berlin is in Germany, Kyiv in Ukraine, Paris in France.
        for (lon, lat, id) in [
            (13.4, 52.5, "germany"),
            (30.5, 50.45, "ukraine"),
            (2.35, 48.85, "france"),
            (37.6, 55.75, "ussr"),
        ] {
            let hit = map
                .hit(project(lon, lat))
                .map(|i| map.regions[i].id.as_str());
            assert_eq!(hit, Some(id), "({lon}, {lat})");
        }
        assert_eq!(map.hit(project(-20.0, 45.0)), None, "the Atlantic is empty");
    }

    #[test]
    fn bad_maps_get_positioned_errors() {
        let r = load_map("m.ron", "Map(source: \"x\", regions: [(id: \"a\", name: \"A\", polygons: [[(0.0, 0.0), (1.0, 0.0)]])])").unwrap_err();
        assert!(r.to_string().starts_with("m.ron:1:"), "{r}");
        assert!(r.to_string().contains("at least 3 points"));
        let r = load_map("m.ron", "Map(source: 1)").unwrap_err();
        assert!(r.to_string().starts_with("m.ron:1:"), "{r}");
    }

    #[test]
    fn an_overlay_replaces_regions_by_id_and_adds_the_others_on_top() {
        let base = europe().unwrap_or_else(|r| panic!("{r}"));
        let square = |id: &str, lon: f32| {
            format!(
                "(id: \"{id}\", name: \"{id}\", polygons: [[({lon}, 50.0), ({}, 50.0), ({}, 52.0), ({lon}, 52.0)]])",
                lon + 2.0,
                lon + 2.0
            )
        };
        let text = format!(
            "Map(source: \"test\", regions: [{}, {}])",
            square("poland", 18.0),
            square("silesia", 16.0)
        );
        let extra = load_map("extra.ron", &text).unwrap_or_else(|r| panic!("{r}"));
        let map = base.overlay(&extra);
        assert_eq!(map.regions.len(), base.regions.len() + 1);
        assert_eq!(map.region("poland").map(|r| r.points.len()), Some(4));
        assert!(map.source.ends_with("; test"));
        // Silesia lies over Germany/Poland: it is the one under the cursor.
        let inside = project(17.0, 51.0);
        assert_eq!(
            map.hit(inside).map(|i| map.regions[i].id.as_str()),
            Some("silesia")
        );
        assert_ne!(
            base.hit(inside).map(|i| base.regions[i].id.as_str()),
            Some("silesia")
        );
    }
}
