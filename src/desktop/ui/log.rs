//! The dated event log, filterable by power and kind.

use super::*;

pub(super) fn kind_colour(kind: EventKind) -> Color32 {
    use EventKind::*;
    match kind {
        TreatySigned | ProposalAccepted | UltimatumAccepted | RelationsRestored
        | ObligationHonoured => theme::GOOD,
        WarDeclared | Invasion | InvasionAdvances | RelationsSevered | TalksEnded
        | TreatyBroken | UltimatumSent | ThreatCarriedOut | ClientAbandoned => theme::BAD,
        ProposalRejected | UltimatumRejected | ProposalExpired | UltimatumExpired
        | RelationsStrained | AmbassadorRecalled | ClaimRecognised | ThreatAbandoned
        | SecretDiscovered => theme::WARN,
        Scripted | Conference | ProposalSent | ProposalCountered | TreatyRevised
        | SphereChanged | InvasionFailed | ActionRefused | PlanWithdrawn | SecretProtocol => MUTED,
    }
}

/// The log as `viewer` knows it (every event in a replay: `None`).
pub(super) fn log_tab(
    ui: &mut Ui,
    view: &dyn View,
    log: Option<&MatchLog>,
    viewer: Option<PowerId>,
    forms: &mut Forms,
) {
    let setup = &view.setup();
    ui.horizontal(|ui| {
        ui.heading("Event log");
        ui.separator();
        let power = forms
            .log_power
            .map(|p| text::power(setup, p).to_string())
            .unwrap_or_else(|| "all powers".into());
        egui::ComboBox::from_id_salt("log_power")
            .selected_text(power)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut forms.log_power, None, "all powers");
                for p in setup.power_ids() {
                    ui.selectable_value(&mut forms.log_power, Some(p), text::power(setup, p));
                }
            })
            .response
            .on_hover_text("Only events involving this power");
        let kind = forms
            .log_kind
            .map(|k| k.title())
            .unwrap_or_else(|| "all kinds".into());
        egui::ComboBox::from_id_salt("log_kind")
            .selected_text(kind)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut forms.log_kind, None, "all kinds");
                for k in EventKind::ALL {
                    ui.selectable_value(&mut forms.log_kind, Some(k), k.title());
                }
            })
            .response
            .on_hover_text("Only events of this kind");
    });
    ui.separator();
    let Some(log) = log else { return };
    egui::ScrollArea::vertical()
        .id_salt("log_scroll")
        .stick_to_bottom(true)
        .show(ui, |ui| {
            egui::Grid::new("log_grid")
                .num_columns(3)
                .striped(true)
                .spacing([12.0, 4.0])
                .show(ui, |ui| {
                    for e in log.0.iter().filter(|e| {
                        viewer.is_none_or(|me| e.seen_by(me))
                            && forms
                                .log_power
                                .is_none_or(|p| e.from == Some(p) || e.to == Some(p))
                            && forms.log_kind.is_none_or(|k| e.kind == k)
                    }) {
                        ui.label(
                            RichText::new(setup.calendar.date(e.day).to_string())
                                .monospace()
                                .color(MUTED),
                        );
                        ui.label(RichText::new(e.kind.title()).color(kind_colour(e.kind)));
                        ui.add(egui::Label::new(&e.summary).wrap());
                        ui.end_row();
                    }
                });
        });
}
