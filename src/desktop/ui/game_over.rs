//! The game-over screen: ranking, objectives, and the summer beside history.

use super::*;

pub(super) fn game_over(root: &mut Ui, f: &Frame<'_>, q: &mut UiQueue) {
    let (Some(view), Some(m)) = (f.view, f.m) else {
        backdrop(root, f.map);
        return;
    };
    let setup = &view.setup();
    let scores = crate::rules::score::scores(view);
    let outcome = crate::rules::score::outcome(view);
    let description = setup
        .outcomes
        .iter()
        .find(|o| o.label == outcome)
        .map(|o| o.description.clone())
        .unwrap_or_default();
    egui::Panel::bottom("go_bottom")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 8)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("Main menu")
                    .on_hover_text("Return to the main menu")
                    .clicked()
                {
                    q.push(UiAction::Show(Screen::MainMenu));
                }
                if ui
                    .button("New game")
                    .on_hover_text("Start another match")
                    .clicked()
                {
                    q.push(UiAction::Show(Screen::NewGame));
                }
            });
        });
    egui::CentralPanel::default().show(root, |ui| {
        ui.vertical_centered(|ui| {
            title(ui, "The summer is over");
            ui.label(
                RichText::new(format!("{} — {}", outcome.replace('_', " "), description))
                    .size(18.0)
                    .color(PARCHMENT),
            );
        });
        ui.add_space(8.0);
        // Plain top-down columns: a justified layout would stretch the
        // words of every wrapped line.
        let plain = egui::Layout::top_down(egui::Align::Min);
        ui.columns(3, |cols| {
            let [standing, this_match, history] = cols else {
                return;
            };
            standing.with_layout(plain, |ui| {
                ui.label(RichText::new("Final standing").strong().color(GOLD));
                let mut ranked: Vec<PowerId> = setup.great_powers().collect();
                ranked.sort_by(|a, b| {
                    scores[b.index()]
                        .total_cmp(&scores[a.index()])
                        .then(a.cmp(b))
                });
                for (i, p) in ranked.iter().enumerate() {
                    let human = m.controls.get(p.index()) == Some(&Control::Human);
                    let who = if human { " (you)" } else { "" };
                    ui.add_space(4.0);
                    ui.label(
                        RichText::new(format!(
                            "{}. {}{who} — {:.0}",
                            i + 1,
                            text::power(setup, *p),
                            scores[p.index()]
                        ))
                        .size(16.0),
                    );
                    for o in setup.objectives.iter().filter(|o| o.power == *p) {
                        let holds = o.condition.holds(view);
                        ui.label(
                            RichText::new(format!(
                                "   {} {} ({:+.0})",
                                if holds { "✔" } else { "✖" },
                                o.description,
                                o.points
                            ))
                            .color(if holds {
                                theme::GOOD
                            } else {
                                MUTED
                            }),
                        );
                    }
                }
            });
            let key = |k: EventKind| {
                matches!(
                    k,
                    EventKind::Conference
                        | EventKind::TreatySigned
                        | EventKind::TalksEnded
                        | EventKind::RelationsSevered
                        | EventKind::WarDeclared
                        | EventKind::Invasion
                        | EventKind::UltimatumSent
                        | EventKind::SphereChanged
                        | EventKind::TreatyBroken
                )
            };
            this_match.with_layout(plain, |ui| {
                ui.label(RichText::new("This match").strong().color(GOLD));
                let Some(log) = f.log else {
                    return;
                };
                egui::ScrollArea::vertical()
                    .id_salt("go_match")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for e in log.0.iter().filter(|e| key(e.kind)) {
                            dated(ui, &setup.calendar.date(e.day).long(), &e.summary);
                        }
                    });
            });
            history.with_layout(plain, |ui| {
                ui.label(RichText::new("History").strong().color(GOLD));
                egui::ScrollArea::vertical()
                    .id_salt("go_history")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for t in &setup.timeline {
                            dated(ui, &t.date.long(), &t.text);
                        }
                    });
            });
        });
    });
}

/// A dated entry of a timeline: the date small above the text.
pub(super) fn dated(ui: &mut Ui, date: &str, text: &str) {
    ui.add_space(2.0);
    ui.label(RichText::new(date).small().color(MUTED));
    ui.label(text);
}
