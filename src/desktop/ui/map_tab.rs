//! The map tab: the map with its side panel and legend.

use super::*;

pub(super) fn map_side(
    ui: &mut Ui,
    view: &dyn View,
    s: &Session,
    camera: &mut Camera,
    q: &mut UiQueue,
) {
    let setup = &view.setup();
    ui.add_space(6.0);
    if let Some(target) = s.composer.target {
        ui.checkbox(
            &mut camera.picking,
            format!(
                "Pick states for a protocol with {}",
                text::power(setup, target)
            ),
        )
        .on_hover_text(
            "Click a state: into our sphere; shift-click: into theirs; click again to take it out",
        );
        if camera.picking {
            let protocol = s
                .composer
                .clauses
                .iter()
                .find(|c| matches!(c, crate::rules::Clause::TerritorialProtocol(_)));
            ui.label(
                RichText::new(protocol.map_or_else(
                    || "No state picked yet.".to_string(),
                    |c| text::clause(view, c),
                ))
                .color(GOLD),
            );
        }
        ui.separator();
    }
    ui.horizontal(|ui| {
        ui.label("Colour by");
        ui.selectable_value(&mut camera.colouring, Colouring::Spheres, "spheres")
            .on_hover_text("Each state in the colour of the power whose sphere it is in");
        ui.selectable_value(&mut camera.colouring, Colouring::Relations, "relations")
            .on_hover_text("Green: treaty; grey: normal; orange: strained; red: severed or war");
    });
    ui.horizontal(|ui| {
        ui.checkbox(&mut camera.links, "Treaties and threats")
            .on_hover_text(
                "Draw treaties, guarantees, wars, ultimatums and recognised claims as links",
            );
        if ui
            .button("Reset view")
            .on_hover_text("Fit Europe to the window")
            .clicked()
        {
            camera.moved = false;
            camera.framed = None;
        }
    });
    ui.separator();
    let Some(id) = s.selected.as_deref() else {
        ui.label(
            RichText::new("Click a state to see who holds it; drag to pan, scroll to zoom.")
                .color(MUTED),
        );
        legend(ui, view, camera);
        return;
    };
    map::tooltip(ui, view, s.me(), id, id);
    ui.separator();
    let me = s.me();
    if let (Some(me), Some(state)) = (me, setup.state_id(id))
        && let Some(target) = s.composer.target
    {
        ui.label(RichText::new("Territorial protocol in the composer:").strong());
        ui.horizontal(|ui| {
            if ui
                .button(format!("{} to our sphere", setup.state(state).name))
                .on_hover_text("Add this state to the protocol, assigned to us")
                .clicked()
            {
                q.push(UiAction::AssignState(state, me));
            }
            if ui
                .button(format!("to {}", text::power(setup, target)))
                .on_hover_text("Add this state to the protocol, assigned to the other party")
                .clicked()
            {
                q.push(UiAction::AssignState(state, target));
            }
        });
    }
    if let Some(p) = setup.power_id(id)
        && Some(p) != me
        && ui
            .button(format!("Compose a proposal to {}", text::power(setup, p)))
            .on_hover_text("Open the composer addressed to this power")
            .clicked()
    {
        q.push(UiAction::ComposeFor(p));
    }
    if let (Some(me), Some(state)) = (me, setup.state_id(id))
        && view.controller(state) != me
    {
        let invade = Action::Invade { state };
        let legal = action::check(view, me, &invade);
        if ui
            .add_enabled(
                legal.is_ok(),
                egui::Button::new(format!("Invade {}", setup.state(state).name)),
            )
            .on_hover_text(crate::rules::war::outlook(view, me, state))
            .on_disabled_hover_text(legal.err().map(|e| e.to_string()).unwrap_or_default())
            .clicked()
        {
            q.push(UiAction::Order(invade));
        }
    }
}

/// The legend of the map as it is drawn: the colouring's key, and the
/// links' when they are shown.
pub(super) fn legend(ui: &mut Ui, view: &dyn View, camera: &Camera) {
    let setup = view.setup();
    let swatch = |ui: &mut Ui, colour: Color32, stripes: Option<Color32>| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, colour);
        if let Some(s) = stripes {
            for k in [0.25, 0.6, 0.95] {
                let a = rect.left_bottom() + egui::vec2(rect.width() * k - 4.0, 0.0);
                ui.painter().line_segment(
                    [a, a + egui::vec2(4.0 + 0.0, -rect.height())],
                    egui::Stroke::new(2.0, s),
                );
            }
        }
    };
    ui.add_space(6.0);
    match camera.colouring {
        Colouring::Spheres => {
            ui.label(RichText::new("Spheres").strong());
            for p in setup.great_powers() {
                ui.horizontal(|ui| {
                    swatch(ui, theme::colour(setup.power(p).colour), None);
                    let n = view
                        .sphere_of(p)
                        .filter(|s| view.controller(*s) != p)
                        .count();
                    ui.label(format!(
                        "{} ({})",
                        text::power(setup, p),
                        text::count(n, "satellite")
                    ));
                });
            }
            ui.horizontal(|ui| {
                swatch(
                    ui,
                    theme::NEUTRAL_LAND,
                    Some(theme::colour(setup.powers[0].colour)),
                );
                ui.label("striped: a satellite, in its patron's colour");
            });
        }
        Colouring::Relations => {
            ui.label(RichText::new("Relations with us").strong());
            for (colour, words) in crate::desktop::map::RELATION_COLOURS {
                ui.horizontal(|ui| {
                    swatch(ui, colour, None);
                    ui.label(words);
                });
            }
        }
    }
    if camera.links {
        ui.add_space(6.0);
        ui.label(RichText::new("Links").strong());
        for (colour, dashed, words) in crate::desktop::map::LINKS {
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(22.0, 14.0), egui::Sense::hover());
                let (a, b) = (rect.left_center(), rect.right_center());
                if dashed {
                    ui.painter().extend(egui::Shape::dashed_line(
                        &[a, b],
                        egui::Stroke::new(2.2, colour),
                        5.0,
                        3.0,
                    ));
                } else {
                    ui.painter()
                        .line_segment([a, b], egui::Stroke::new(2.2, colour));
                }
                ui.label(words);
            });
        }
    }
}
