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
    if ui
        .button("Reset view")
        .on_hover_text("Fit Europe to the window")
        .clicked()
    {
        camera.fitted = false;
    }
    ui.separator();
    let Some(id) = s.selected.as_deref() else {
        ui.label(
            RichText::new("Click a state to see who holds it; drag to pan, scroll to zoom.")
                .color(MUTED),
        );
        legend(ui, view);
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
            .on_hover_text(
                "Declare war on its ruler and march in; treaty partners may join either side",
            )
            .on_disabled_hover_text(legal.err().map(|e| e.to_string()).unwrap_or_default())
            .clicked()
        {
            q.push(UiAction::Order(invade));
        }
    }
}

pub(super) fn legend(ui: &mut Ui, view: &dyn View) {
    ui.add_space(6.0);
    ui.label(RichText::new("Spheres").strong());
    for p in view.setup().great_powers() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::colour(view.setup().power(p).colour));
            let n = view.sphere_of(p).count();
            ui.label(format!(
                "{} ({} satellite{})",
                text::power(view.setup(), p),
                n,
                if n == 1 { "" } else { "s" }
            ));
        });
    }
}
