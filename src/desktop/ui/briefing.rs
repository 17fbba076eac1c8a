//! The briefing that opens a new match for each player: the situation,
//! the weeks, the leaders, the objectives and how they are met, and a short
//! guide to the game for a first match (which can be put away for good).

use super::*;

/// The file whose presence says the guide was put away for good.
fn guide_off_file() -> std::path::PathBuf {
    crate::sim::save::data_dir().join("guide_off")
}

/// Whether the first-match guide is still shown.
pub(super) fn guide_wanted() -> bool {
    !guide_off_file().exists()
}

/// The concepts of the game, each in a line (also the tooltips of the
/// guide).
pub(super) const CONCEPTS: [(&str, &str); 7] = [
    (
        "Sphere",
        "who holds a state: a satellite in a power's sphere counts for its objectives. A state \
         changes sphere only with its holder's signature, or by conquest.",
    ),
    (
        "Opinion",
        "how a power feels about you, from what it remembers of your acts (deals, refusals, \
         threats, broken treaties); memories fade week by week.",
    ),
    (
        "Trust",
        "how far a power believes your promises (0–100%): it discounts what you offer, and \
         falls when you break a treaty or a secret of yours comes out.",
    ),
    (
        "Credibility",
        "how seriously your threats are taken: it rises when you carry out an ultimatum's \
         threat and falls when you back down.",
    ),
    (
        "Recognition",
        "a protocol about a state neither signatory holds moves nothing: it records a claim \
         that the holder resents and that makes a later conquest cheaper among those who \
         recognised it.",
    ),
    (
        "Secret clause",
        "known only to the signatories, unless others' envoys find it out (more likely with an \
         ambassador in place); a secret aimed at a power costs its trust when it comes out.",
    ),
    (
        "Ultimatum",
        "demands with a threat and a deadline. Unmet, the sender chooses: carry out the threat \
         (at its cost) or back down (at the cost of prestige and credibility).",
    ),
];

pub(super) fn briefing(
    ctx: &egui::Context,
    view: &dyn View,
    me: PowerId,
    forms: &mut Forms,
    q: &mut UiQueue,
) {
    let setup = view.setup();
    let cal = &setup.calendar;
    let guide = *forms.guide.get_or_insert_with(guide_wanted);
    let name = text::power(setup, me);
    egui::Window::new(format!("Briefing: {name}"))
        .collapsible(false)
        .resizable(false)
        .default_width(680.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() - 200.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(&setup.title).size(18.0).strong().color(GOLD));
                    ui.label(&setup.description);
                    let last = cal.turn_start_day(cal.turns()) + cal.days_per_turn - 1;
                    ui.label(format!(
                        "{} weeks, from {} to {}: each turn is a week. Your orders are carried \
                         out when you end the turn, and then every power answers and acts.",
                        cal.turns(),
                        cal.date(0).long(),
                        cal.date(last).long()
                    ));
                    ui.add_space(6.0);
                    ui.label(RichText::new("Your leaders").strong().color(GOLD));
                    for l in &setup.power(me).leaders {
                        let d = setup.leader(*l);
                        ui.label(format!("{} — {}", d.name, d.role.describe()));
                    }
                    ui.add_space(6.0);
                    ui.label(RichText::new("Your objectives").strong().color(GOLD));
                    ui.label(
                        RichText::new(
                            "The score is the points of the objectives that hold at the end. The \
                             winner is the power with the largest share of the points it could \
                             reach.",
                        )
                        .color(MUTED),
                    );
                    for o in setup.objectives.iter().filter(|o| o.power == me) {
                        let (sign, colour) = if o.points >= 0.0 {
                            ("to reach", theme::GOOD)
                        } else {
                            ("to avoid", theme::BAD)
                        };
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                RichText::new(format!("{} ({sign})", text::signed(o.points)))
                                    .monospace()
                                    .color(colour),
                            );
                            ui.label(RichText::new(&o.description).strong());
                        });
                        let met = |c| text::condition(setup, c);
                        ui.label(
                            RichText::new(format!("    met by: {}", met(&o.condition)))
                                .small()
                                .color(MUTED),
                        );
                        for g in &o.grades {
                            ui.label(
                                RichText::new(format!(
                                    "    {:.0}% of it for: {}",
                                    g.share * 100.0,
                                    met(&g.condition)
                                ))
                                .small()
                                .color(MUTED),
                            );
                        }
                    }
                    if guide {
                        ui.add_space(6.0);
                        ui.label(RichText::new("How to play").strong().color(GOLD));
                        for line in [
                            "Diplomacy (2): write a document in the composer — choose a power, add clauses; \
                             the estimate beside it shows how it would be received and why.",
                            "Inbox (3): answer what others send — accept, reject or counter. An ultimatum \
                             left unanswered counts as refused.",
                            "Map (1): who holds what; striped states are satellites; links show treaties, \
                             guarantees, wars and ultimatums.",
                            "End turn (Enter): your orders are carried out; the summary then shows what \
                             changed and your score.",
                        ] {
                            ui.label(format!("• {line}"));
                        }
                        ui.add_space(4.0);
                        for (word, meaning) in CONCEPTS {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(word).strong());
                                ui.label(meaning);
                            });
                        }
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .button(RichText::new("Begin").strong())
                    .on_hover_text("Close the briefing (Enter); the Briefing button at the bottom opens it again")
                    .clicked()
                {
                    q.push(UiAction::Briefed(true));
                }
                if guide
                    && ui
                        .button("Don't show the guide again")
                        .on_hover_text("The briefing keeps the situation and your objectives")
                        .clicked()
                {
                    let path = guide_off_file();
                    if let Some(dir) = path.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = std::fs::write(&path, b"The first-match guide was put away.\n");
                    forms.guide = Some(false);
                }
            });
        });
}
