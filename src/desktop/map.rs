//! The map of Europe: regions filled by sphere or by relation to the
//! player, borders, names, hover tooltips, click to select, drag to pan,
//! wheel to zoom. Drawn with egui's painter from the projected geometry.

use super::session::{Session, UiAction, UiQueue};
use super::theme;
use crate::rules::relation::Relation;
use crate::rules::view::{View, ViewExt};
use crate::rules::{PowerId, text};
use crate::scenario::map::{MapGeometry, Point, Region};
use bevy_egui::egui::{self, Align2, Color32, FontId, Pos2, Sense, Shape, Stroke, Vec2};

/// How the map is coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Colouring {
    #[default]
    Spheres,
    Relations,
}

/// Pan and zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Projected point at the centre of the view.
    pub centre: Point,
    /// Screen points per projection unit.
    pub zoom: f32,
    pub colouring: Colouring,
    /// The map-area size the view was framed for. Until the player pans or
    /// zooms, the view is framed again whenever that size changes (the
    /// window or the interface scale).
    pub framed: Option<[f32; 2]>,
    /// The player has panned or zoomed.
    pub moved: bool,
    /// Clicking a state adds it to the composer's territorial protocol.
    pub picking: bool,
    /// Treaties, guarantees, wars, ultimatums and claims drawn as links.
    pub links: bool,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            centre: [4.0, 0.0],
            zoom: 14.0,
            colouring: Colouring::Spheres,
            framed: None,
            moved: false,
            picking: false,
            links: true,
        }
    }
}

/// What a region is in the scenario.
enum Role {
    Power(PowerId),
    State(crate::rules::StateId),
    Neutral,
}

fn role(view: &dyn View, id: &str) -> Role {
    role_in(view.setup(), id)
}

fn role_in(setup: &crate::rules::Setup, id: &str) -> Role {
    // A minor power is also a state: show it as the state (its sphere matters).
    if let Some(s) = setup.state_id(id) {
        Role::State(s)
    } else if let Some(p) = setup.power_id(id) {
        Role::Power(p)
    } else {
        Role::Neutral
    }
}

/// The colours of the relations colouring, in the legend's order.
pub const RELATION_COLOURS: [(Color32, &str); 6] = [
    (theme::GOLD, "us"),
    (Color32::from_rgb(0x5f, 0x9a, 0x5a), "a treaty with us"),
    (Color32::from_rgb(0x8a, 0x8a, 0x6e), "normal relations"),
    (Color32::from_rgb(0xc0, 0x8a, 0x3c), "strained"),
    (Color32::from_rgb(0xb0, 0x4c, 0x3c), "severed"),
    (Color32::from_rgb(0x8e, 0x1e, 0x1e), "at war"),
];

fn relation_colour(view: &dyn View, me: PowerId, other: PowerId) -> Color32 {
    let [us, treaty, normal, strained, severed, war] = RELATION_COLOURS.map(|(c, _)| c);
    if other == me {
        return us;
    }
    match view.relation(me, other) {
        Relation::Normal | Relation::Strained if view.has_treaty(me, other, None) => treaty,
        Relation::Normal => normal,
        Relation::Strained => strained,
        Relation::Severed => severed,
        Relation::War => war,
    }
}

fn fill(view: &dyn View, me: Option<PowerId>, colouring: Colouring, id: &str) -> Color32 {
    let setup = &view.setup();
    let owner = match role(view, id) {
        Role::Power(p) => p,
        Role::State(s) => view.sphere(s),
        Role::Neutral => return theme::NEUTRAL_LAND,
    };
    match (colouring, me) {
        (Colouring::Relations, Some(me)) => {
            let direct = setup.power_id(id).unwrap_or(owner);
            relation_colour(view, me, direct)
        }
        (Colouring::Spheres, _) | (Colouring::Relations, None) => {
            let controller = match role(view, id) {
                Role::State(s) => view.controller(s),
                Role::Power(_) | Role::Neutral => owner,
            };
            sphere_colour(setup, owner, controller)
        }
    }
}

/// A region's colour in the spheres colouring: a satellite in its own
/// colour, dimmed (hatched in its patron's by `hatch`); a region its patron
/// rules, the patron's.
fn sphere_colour(setup: &crate::rules::Setup, sphere: PowerId, controller: PowerId) -> Color32 {
    if controller == sphere {
        theme::colour(setup.power(sphere).colour)
    } else {
        theme::colour(setup.power(controller).colour).lerp_to_gamma(theme::SEA, 0.35)
    }
}

/// The patron whose stripes a region wears: the holder of a state in its
/// sphere that it does not rule.
fn patron(view: &dyn View, id: &str) -> Option<PowerId> {
    match role(view, id) {
        Role::State(s) if view.controller(s) != view.sphere(s) => Some(view.sphere(s)),
        _ => None,
    }
}

/// Diagonal stripes over a region, `spacing` screen points apart and fixed
/// to the map (they move with it), as line segments clipped to each of its
/// triangles.
fn hatch(
    painter: &egui::Painter,
    region: &Region,
    to_screen: impl Fn(Point) -> Pos2,
    origin: Pos2,
    spacing: f32,
    stroke: Stroke,
) {
    let pts: Vec<Pos2> = region.points.iter().map(|p| to_screen(*p)).collect();
    // A stripe is a line where x + y (from the map's origin) is a multiple
    // of the spacing.
    let level = |p: Pos2| (p.x - origin.x) + (p.y - origin.y);
    let mut shapes = Vec::new();
    for t in &region.triangles {
        let corners = t.map(|i| pts[i as usize]);
        let levels = corners.map(level);
        let (lo, hi) = levels
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        let mut k = (lo / spacing).ceil();
        while k * spacing <= hi {
            let v = k * spacing;
            let mut ends = [Pos2::ZERO; 2];
            let mut n = 0;
            for (a, b) in [(0, 1), (1, 2), (2, 0)] {
                let (la, lb) = (levels[a], levels[b]);
                if (la - v) * (lb - v) <= 0.0 && la != lb && n < 2 {
                    let t = (v - la) / (lb - la);
                    ends[n] = corners[a] + (corners[b] - corners[a]) * t;
                    n += 1;
                }
            }
            if n == 2 {
                shapes.push(Shape::line_segment(ends, stroke));
            }
            k += 1.0;
        }
    }
    painter.extend(shapes);
}

/// A link between two points of the map, straight, with an optional dash.
fn link(painter: &egui::Painter, from: Pos2, to: Pos2, stroke: Stroke, dashed: bool) {
    if dashed {
        painter.extend(Shape::dashed_line(&[from, to], stroke, 7.0, 5.0));
    } else {
        painter.line_segment([from, to], stroke);
    }
}

/// The kinds of link drawn on the map, in the legend's order: colour,
/// dashed, what it means.
pub const LINKS: [(Color32, bool, &str); 7] = [
    (
        Color32::from_rgb(0x6f, 0xc0, 0x6a),
        false,
        "alliance (mutual assistance)",
    ),
    (
        Color32::from_rgb(0xc8, 0xc0, 0x9a),
        true,
        "other treaty (pact, trade, consultation)",
    ),
    (
        Color32::from_rgb(0xe8, 0xc0, 0x4a),
        false,
        "guarantee of a state",
    ),
    (
        Color32::from_rgb(0xd8, 0x3a, 0x2a),
        false,
        "war or invasion",
    ),
    (
        Color32::from_rgb(0xf0, 0x8a, 0x2a),
        true,
        "ultimatum (days left)",
    ),
    (
        Color32::from_rgb(0xb0, 0x8a, 0xe0),
        true,
        "a claim recognised by others",
    ),
    (
        Color32::from_rgb(0xc0, 0x60, 0xf0),
        false,
        "dot: a treaty with secret clauses you know",
    ),
];

/// Treaties, guarantees, wars, ultimatums and recognised claims as links
/// between the regions' label points: what `me` knows of them.
fn links(
    painter: &egui::Painter,
    map: &MapGeometry,
    view: &dyn View,
    to_screen: impl Fn(Point) -> Pos2,
) {
    let setup = view.setup();
    let at = |id: &str| map.region(id).map(|r| to_screen(r.label));
    let power_at = |p: PowerId| at(&setup.power(p).id);
    let state_at = |s: crate::rules::StateId| at(&setup.state(s).id);
    let width = 2.2;
    let [alliance, other, guarantee, war, ultimatum, claim, secret] = LINKS;
    for t in view.treaties() {
        let (Some(a), Some(b)) = (
            t.parties.first().and_then(|p| power_at(*p)),
            t.parties.get(1).and_then(|p| power_at(*p)),
        ) else {
            continue;
        };
        let kind = if t.has(crate::rules::clause::ClauseKind::MutualAssistance) {
            alliance
        } else {
            other
        };
        link(painter, a, b, Stroke::new(width, kind.0), kind.1);
        for c in &t.clauses {
            if let crate::rules::Clause::Guarantee { guarantor, state } = c
                && let (Some(g), Some(s)) = (power_at(*guarantor), state_at(*state))
            {
                link(painter, g, s, Stroke::new(width, guarantee.0), guarantee.1);
            }
        }
        // A treaty whose secret clauses we know (as a party, or found out).
        if t.secret.any() {
            let mid = a + (b - a) * 0.5;
            painter.circle_filled(mid, 6.0, secret.0);
            painter.circle_stroke(mid, 6.0, Stroke::new(1.0, Color32::BLACK));
        }
    }
    for f in view.fronts() {
        if let (Some(a), Some(s)) = (power_at(f.attacker), state_at(f.state)) {
            link(painter, a, s, Stroke::new(width + 1.0, war.0), war.1);
        }
    }
    for s in setup.state_ids() {
        for c in view.claims_on(s) {
            if let (Some(a), Some(b)) = (power_at(c.claimant), state_at(s)) {
                link(painter, a, b, Stroke::new(width, claim.0), claim.1);
            }
        }
    }
    for o in view.pending().filter(|o| o.ultimatum.is_some()) {
        let (Some(a), Some(b)) = (power_at(o.from), power_at(o.to)) else {
            continue;
        };
        link(painter, a, b, Stroke::new(width, ultimatum.0), ultimatum.1);
        // A badge with the days left, two thirds of the way to the threatened.
        let days = o.deadline_day.saturating_sub(view.day());
        let badge = a + (b - a) * 0.66;
        painter.circle_filled(badge, 11.0, ultimatum.0);
        painter.text(
            badge,
            Align2::CENTER_CENTER,
            format!("{days}d"),
            FontId::proportional(11.0),
            Color32::BLACK,
        );
    }
}

/// Europe as a quiet silhouette filling `rect`: the backdrop of the menus.
pub fn silhouette(painter: &egui::Painter, rect: egui::Rect, map: &MapGeometry) {
    let zoom = (rect.width() / 58.0).max(rect.height() / 34.0);
    // Centred on the continent, but never showing past the map's east edge.
    let east = map.bounds[1][0] - rect.width() / 2.0 / zoom;
    let centre: Point = [7.0_f32.min(east), 0.0];
    let to_screen = |p: Point| {
        Pos2::new(
            rect.center().x + (p[0] - centre[0]) * zoom,
            rect.center().y - (p[1] - centre[1]) * zoom,
        )
    };
    painter.rect_filled(rect, 0.0, theme::PANEL_DARK);
    let land = Color32::from_rgb(0x2a, 0x2d, 0x35);
    painter.add(fills(map, to_screen, |_| land));
    let border = Stroke::new(0.8, Color32::from_rgb(0x38, 0x3b, 0x44));
    for region in &map.regions {
        outline(painter, region, to_screen, border);
    }
}

/// Who holds the board at one moment, for a still map: by state, its
/// sphere and its ruler; and the invasions under way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Board {
    pub holders: Vec<(PowerId, PowerId)>,
    pub invasions: Vec<(PowerId, crate::rules::StateId)>,
}

impl Board {
    /// The board as it stands in `view`.
    pub fn now(view: &dyn View) -> Board {
        Board {
            holders: view
                .setup()
                .state_ids()
                .map(|s| (view.sphere(s), view.controller(s)))
                .collect(),
            invasions: view.fronts().map(|f| (f.attacker, f.state)).collect(),
        }
    }

    /// The board as the scenario's history left it: the spheres it starts
    /// from, with the invasions its timeline records.
    pub fn historical(setup: &crate::rules::Setup) -> Board {
        Board {
            holders: setup
                .state_ids()
                .map(|s| (setup.state(s).sphere, setup.state(s).controller))
                .collect(),
            invasions: history_invasions(setup),
        }
    }
}

/// A still map of `board`, `size` points large, framed as the opening
/// view is: the game-over screen's two maps, a save's thumbnail.
pub fn miniature(
    ui: &mut egui::Ui,
    size: Vec2,
    map: &MapGeometry,
    setup: &crate::rules::Setup,
    board: &Board,
) {
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let (centre, span) = framing(map, setup);
    let zoom = (size.x / span[0]).min(size.y / span[1]);
    let screen = |p: Point| {
        Pos2::new(
            rect.center().x + (p[0] - centre[0]) * zoom,
            rect.center().y - (p[1] - centre[1]) * zoom,
        )
    };
    let holders = |id: &str| -> Option<(PowerId, PowerId)> {
        match role_in(setup, id) {
            Role::State(s) => board.holders.get(s.index()).copied(),
            Role::Power(p) => Some((p, p)),
            Role::Neutral => None,
        }
    };
    painter.rect_filled(rect, 4.0, theme::SEA);
    painter.add(fills(map, screen, |i| {
        holders(&map.regions[i].id).map_or(theme::NEUTRAL_LAND, |(sphere, controller)| {
            sphere_colour(setup, sphere, controller)
        })
    }));
    let origin = screen([0.0, 0.0]);
    let spacing = (size.x / 80.0).clamp(3.0, 6.0);
    for region in &map.regions {
        if let Some((sphere, controller)) = holders(&region.id)
            && sphere != controller
        {
            let colour = theme::colour(setup.power(sphere).colour);
            hatch(
                &painter,
                region,
                screen,
                origin,
                spacing,
                Stroke::new(spacing / 4.0 + 0.3, colour),
            );
        }
        outline(&painter, region, screen, Stroke::new(0.6, theme::BORDER));
    }
    let at = |id: &str| map.region(id).map(|r| screen(r.label));
    let war = LINKS[3];
    for (attacker, state) in &board.invasions {
        if let (Some(a), Some(s)) = (at(&setup.power(*attacker).id), at(&setup.state(*state).id)) {
            link(&painter, a, s, Stroke::new(2.5, war.0), war.1);
            painter.circle_filled(s, 4.0, war.0);
        }
    }
}

/// The invasions a scenario's timeline records as having happened.
fn history_invasions(setup: &crate::rules::Setup) -> Vec<(PowerId, crate::rules::StateId)> {
    setup
        .timeline
        .iter()
        .flat_map(|t| &t.beats)
        .filter(|b| !b.never && b.event.kinds.contains(&crate::rules::EventKind::Invasion))
        .filter_map(|b| Some((b.event.from?, b.event.state?)))
        .collect()
}

/// Every region filled in its colour (by index), as one mesh.
fn fills(
    map: &MapGeometry,
    to_screen: impl Fn(Point) -> Pos2,
    colour: impl Fn(usize) -> Color32,
) -> Shape {
    let mut mesh = egui::Mesh::default();
    for (i, region) in map.regions.iter().enumerate() {
        let c = colour(i);
        let base = mesh.vertices.len() as u32;
        for p in &region.points {
            mesh.colored_vertex(to_screen(*p), c);
        }
        for t in &region.triangles {
            mesh.add_triangle(base + t[0], base + t[1], base + t[2]);
        }
    }
    Shape::mesh(mesh)
}

/// A region's outlines.
fn outline(
    painter: &egui::Painter,
    region: &Region,
    to_screen: impl Fn(Point) -> Pos2,
    stroke: Stroke,
) {
    for ring in &region.rings {
        let pts: Vec<Pos2> = ring.iter().map(|p| to_screen(*p)).collect();
        painter.add(Shape::closed_line(pts, stroke));
    }
}

/// Draws the map in the available space and handles input on it.
pub fn show(
    ui: &mut egui::Ui,
    map: &MapGeometry,
    view: &dyn View,
    session: &Session,
    camera: &mut Camera,
    queue: &mut UiQueue,
) {
    let size = ui.available_size();
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let rect = response.rect;
    let size = [rect.width(), rect.height()];
    if !camera.moved && camera.framed != Some(size) {
        let (centre, span) = framing(map, view.setup());
        camera.centre = centre;
        camera.zoom = (size[0] / span[0]).min(size[1] / span[1]).clamp(4.0, 200.0);
        camera.framed = Some(size);
    }
    // Input: drag pans, wheel zooms about the pointer.
    if response.dragged() {
        camera.moved = true;
        let d = response.drag_delta();
        camera.centre[0] -= d.x / camera.zoom;
        camera.centre[1] += d.y / camera.zoom;
    }
    let to_screen = |c: &Camera, p: Point| {
        Pos2::new(
            rect.center().x + (p[0] - c.centre[0]) * c.zoom,
            rect.center().y - (p[1] - c.centre[1]) * c.zoom,
        )
    };
    let to_map = |c: &Camera, s: Pos2| {
        [
            c.centre[0] + (s.x - rect.center().x) / c.zoom,
            c.centre[1] - (s.y - rect.center().y) / c.zoom,
        ]
    };
    if let Some(pointer) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            camera.moved = true;
            let before = to_map(camera, pointer);
            camera.zoom = (camera.zoom * (1.0 + scroll * 0.0015)).clamp(4.0, 200.0);
            let after = to_map(camera, pointer);
            camera.centre[0] += before[0] - after[0];
            camera.centre[1] += before[1] - after[1];
        }
    }
    painter.rect_filled(rect, 0.0, theme::SEA);
    let me = session.me();
    let hovered = response
        .hover_pos()
        .and_then(|p| map.hit(to_map(camera, p)));
    let selected = session.selected.as_deref();
    // Fills, borders, the selection on top.
    let screen = |p: Point| to_screen(camera, p);
    painter.add(fills(map, screen, |i| {
        let colour = fill(view, me, camera.colouring, &map.regions[i].id);
        if Some(i) == hovered {
            colour.lerp_to_gamma(Color32::WHITE, 0.18)
        } else {
            colour
        }
    }));
    let origin = screen([0.0, 0.0]);
    let painter_clipped = painter.with_clip_rect(rect);
    // Satellites wear their patron's stripes (in the spheres colouring);
    // states picked for the composer's protocol, the receiving side's.
    for region in &map.regions {
        if camera.colouring == Colouring::Spheres
            && let Some(p) = patron(view, &region.id)
        {
            let colour = theme::colour(view.setup().power(p).colour);
            hatch(
                &painter_clipped,
                region,
                screen,
                origin,
                10.0,
                Stroke::new(2.6, colour),
            );
        }
    }
    for (state, to) in picked(session) {
        if let Some(region) = map.region(&view.setup().state(state).id) {
            let colour =
                theme::colour(view.setup().power(to).colour).lerp_to_gamma(Color32::WHITE, 0.3);
            hatch(
                &painter_clipped,
                region,
                screen,
                origin,
                5.0,
                Stroke::new(2.6, colour),
            );
            outline(&painter, region, screen, Stroke::new(2.0, colour));
        }
    }
    for region in map
        .regions
        .iter()
        .filter(|r| selected != Some(r.id.as_str()))
    {
        outline(&painter, region, screen, Stroke::new(0.8, theme::BORDER));
    }
    if let Some(region) = selected.and_then(|id| map.region(id)) {
        outline(&painter, region, screen, Stroke::new(2.5, theme::GOLD));
    }
    if camera.links {
        links(&painter_clipped, map, view, screen);
    }
    labels(&painter_clipped, map, view, camera, screen);
    // Legend and credit.
    painter.text(
        rect.left_bottom() + Vec2::new(8.0, -6.0),
        Align2::LEFT_BOTTOM,
        format!("Outlines: {}", map.source),
        FontId::proportional(10.5),
        theme::MUTED,
    );
    let response = if let Some(i) = hovered {
        let id = map.regions[i].id.clone();
        response.on_hover_ui_at_pointer(|ui| tooltip(ui, view, me, &id, &map.regions[i].name))
    } else {
        response
    };
    if response.clicked() {
        let hit = response
            .interact_pointer_pos()
            .and_then(|p| map.hit(to_map(camera, p)));
        // Picking states for a protocol: click gives the state to us,
        // shift-click to the other party.
        if camera.picking
            && let (Some(me), Some(target), Some(i)) = (me, session.composer.target, hit)
            && let Some(state) = view.setup().state_id(&map.regions[i].id)
        {
            let to = if ui.input(|i| i.modifiers.shift) {
                target
            } else {
                me
            };
            queue.push(UiAction::AssignState(state, to));
        }
        queue.push(UiAction::Select(hit.map(|i| map.regions[i].id.clone())));
    }
}

/// Every region's name where it fits: the largest size (17 down to 9
/// points) whose label stays inside the region and clear of the names
/// already placed. The scenario's regions are placed first, in parchment;
/// neutral countries after them, muted.
fn labels(
    painter: &egui::Painter,
    map: &MapGeometry,
    view: &dyn View,
    camera: &Camera,
    to_screen: impl Fn(Point) -> Pos2,
) {
    let to_map = |s: Pos2| {
        let o = to_screen([0.0, 0.0]);
        [(s.x - o.x) / camera.zoom, -(s.y - o.y) / camera.zoom]
    };
    let neutral = |r: &Region| matches!(role(view, &r.id), Role::Neutral);
    let mut order: Vec<&Region> = map.regions.iter().collect();
    order.sort_by_key(|r| neutral(r));
    let mut placed: Vec<egui::Rect> = Vec::new();
    for region in order {
        let at = to_screen(region.label);
        if !painter.clip_rect().contains(at) {
            continue;
        }
        let name = display_name(view, &region.id).unwrap_or(&region.name);
        let colour = if neutral(region) {
            theme::MUTED
        } else {
            theme::PARCHMENT
        };
        let inside = |p: Pos2| {
            let q = to_map(p);
            let [lo, hi] = region.bounds;
            (lo[0]..=hi[0]).contains(&q[0])
                && (lo[1]..=hi[1]).contains(&q[1])
                && region
                    .rings
                    .iter()
                    .any(|ring| crate::scenario::map::inside(ring, q))
        };
        // Centred on the label point if it fits there, else nudged along
        // the region (a gulf may cut into it beside the point).
        const NUDGES: [(f32, f32); 7] = [
            (0.0, 0.0),
            (0.3, 0.0),
            (-0.3, 0.0),
            (0.0, 1.0),
            (0.0, -1.0),
            (0.5, 0.0),
            (-0.5, 0.0),
        ];
        let fits = [17.0, 15.0, 13.0, 11.0, 9.5].into_iter().find_map(|size| {
            let galley =
                painter.layout_no_wrap(name.to_string(), FontId::proportional(size), colour);
            let s = galley.size();
            NUDGES
                .iter()
                .find_map(|(dx, dy)| {
                    let r = egui::Rect::from_center_size(at + Vec2::new(dx * s.x, dy * s.y), s);
                    let ends = [r.left_center(), r.right_center(), r.center()];
                    (ends.iter().all(|p| inside(*p)) && !placed.iter().any(|o| o.intersects(r)))
                        .then_some(r)
                })
                .map(|r| (galley, r))
        });
        let Some((galley, r)) = fits else { continue };
        placed.push(r.expand(2.0));
        painter.galley_with_override_text_color(
            r.min + Vec2::new(1.0, 1.0),
            galley.clone(),
            Color32::from_black_alpha(170),
        );
        painter.galley(r.min, galley, colour);
    }
}

/// What the opening view frames: the labels of the scenario's regions
/// (not their far corners: the USSR reaches the Urals), with a margin.
/// Returns the centre and the span (projection units) to fit.
fn framing(map: &MapGeometry, setup: &crate::rules::Setup) -> (Point, [f32; 2]) {
    let points: Vec<Point> = map
        .regions
        .iter()
        .filter(|r| !matches!(role_in(setup, &r.id), Role::Neutral))
        .map(|r| r.label)
        .collect();
    let [min, max] = if points.is_empty() {
        map.bounds
    } else {
        points.iter().fold([points[0], points[0]], |[lo, hi], p| {
            [
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            ]
        })
    };
    let centre = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
    // Room for the outlines around the labels, and never closer than a
    // country or two.
    let span = [
        (max[0] - min[0] + 12.0).max(16.0),
        (max[1] - min[1] + 10.0).max(12.0),
    ];
    (centre, span)
}

/// The states picked for the composer's territorial protocol, with the
/// power each goes to.
fn picked(session: &Session) -> Vec<(crate::rules::StateId, PowerId)> {
    session
        .composer
        .clauses
        .iter()
        .filter_map(|c| match c {
            crate::rules::Clause::TerritorialProtocol(list) => Some(list.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn display_name<'a>(view: &'a dyn View, id: &str) -> Option<&'a str> {
    let setup = &view.setup();
    setup
        .state_id(id)
        .map(|s| setup.state(s).name.as_str())
        .or_else(|| setup.power_id(id).map(|p| setup.power(p).name.as_str()))
        .map(|n| n.strip_prefix("the ").unwrap_or(n))
}

/// The hover tooltip of a region: ruler, sphere, treaties, opinion.
pub fn tooltip(ui: &mut egui::Ui, view: &dyn View, me: Option<PowerId>, id: &str, fallback: &str) {
    let setup = &view.setup();
    ui.label(
        egui::RichText::new(display_name(view, id).unwrap_or(fallback))
            .strong()
            .color(theme::GOLD),
    );
    match role(view, id) {
        Role::Neutral => {
            ui.label(egui::RichText::new("Not a party to this scenario").color(theme::MUTED));
        }
        Role::State(s) => {
            let ruler = view.controller(s);
            let sphere = view.sphere(s);
            ui.label(format!("Ruled by {}", text::power(setup, ruler)));
            ui.label(format!("In the sphere of {}", text::power(setup, sphere)));
            if let Some(p) = view.territory(s).partitioned_with {
                ui.label(format!("Partitioned with {}", text::power(setup, p)));
            }
            for c in view.claims_on(s) {
                ui.label(
                    egui::RichText::new(format!(
                        "Claimed by {} (recognised by {})",
                        text::power(setup, c.claimant),
                        text::power(setup, c.by)
                    ))
                    .color(theme::WARN),
                );
            }
            let needed = setup.model.battles_to_conquer();
            for f in view.fronts().filter(|f| f.state == s) {
                ui.label(
                    egui::RichText::new(format!(
                        "Invaded by {}: {} of {needed} battles won",
                        text::power(setup, f.attacker),
                        f.progress
                    ))
                    .color(theme::BAD),
                );
            }
            let naming: Vec<&str> = view
                .treaties()
                .filter(|t| t.clauses.iter().any(|c| c.concerns(s)))
                .map(|t| t.name.as_str())
                .collect();
            if !naming.is_empty() {
                ui.label(
                    egui::RichText::new("Treaties that name it:")
                        .small()
                        .color(theme::MUTED),
                );
                for name in naming {
                    ui.label(egui::RichText::new(format!("• {name}")).small());
                }
            }
            // A state that is also a power has relations of its own only
            // while it rules itself (not once annexed or occupied).
            if let Some(p) = setup.power_id(id)
                && ruler == p
            {
                power_lines(ui, view, me, p);
            }
        }
        Role::Power(p) => power_lines(ui, view, me, p),
    }
}

fn power_lines(ui: &mut egui::Ui, view: &dyn View, me: Option<PowerId>, p: PowerId) {
    let setup = &view.setup();
    if let Some(me) = me
        && me != p
    {
        ui.label(format!(
            "Relations with us: {}",
            view.relation(me, p).name()
        ));
        let opinion = view.opinion(p, me);
        ui.label(
            egui::RichText::new(format!("Their opinion of us: {}", text::signed(opinion)))
                .color(theme::standing(view.relation(me, p), opinion)),
        );
        ui.label(format!(
            "Their trust in us: {:.0}%",
            view.trust(p, me) * 100.0
        ));
    }
    let treaties: Vec<&str> = view
        .treaties()
        .filter(|t| t.binds(p))
        .map(|t| t.name.as_str())
        .collect();
    if !treaties.is_empty() {
        ui.label(egui::RichText::new(format!("Treaties: {}", treaties.join("; "))).small());
    }
    let _ = setup;
}
