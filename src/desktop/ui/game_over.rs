//! The game-over screen: the verdict, the final map beside history's, the
//! standing, the turning points and the summer week by week, and the
//! scenario's timeline beat by beat.

use super::*;
use crate::rules::history;
use crate::rules::score;

pub(super) fn game_over(root: &mut Ui, f: &Frame<'_>, q: &mut UiQueue) {
    let (Some(view), Some(m)) = (f.view, f.m) else {
        backdrop(root, f.map);
        return;
    };
    let setup = &view.setup();
    let humans: Vec<PowerId> = setup
        .power_ids()
        .filter(|p| m.controls.get(p.index()) == Some(&Control::Human))
        .collect();
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
        egui::ScrollArea::vertical()
            .id_salt("go_all")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                verdict(ui, view, &humans);
                ui.add_space(8.0);
                maps(ui, f.map, view);
                ui.add_space(10.0);
                // Plain top-down columns: a justified layout would stretch
                // the words of every wrapped line.
                let plain = egui::Layout::top_down(egui::Align::Min);
                ui.columns(3, |cols| {
                    let [standing, this_match, beats] = cols else {
                        return;
                    };
                    standing.with_layout(plain, |ui| final_standing(ui, view, &humans));
                    this_match.with_layout(plain, |ui| {
                        turning_points(ui, view, &humans, &f.session.played);
                        ui.add_space(10.0);
                        if let Some(log) = f.log {
                            week_by_week(ui, view, &log.0);
                        }
                    });
                    beats.with_layout(plain, |ui| {
                        if let Some(log) = f.log {
                            beat_by_beat(ui, view, &log.0);
                        }
                    });
                });
            });
    });
}

/// The headline: who carried the summer, and by how much of what each
/// could reach (the win is judged on that share).
fn verdict(ui: &mut Ui, view: &dyn View, humans: &[PowerId]) {
    let setup = view.setup();
    let shares = score::shares(view);
    let winners = score::winners(setup, &shares);
    let names = |ps: &[PowerId]| {
        ps.iter()
            .map(|p| text::power(setup, *p))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let won: Vec<PowerId> = winners
        .iter()
        .copied()
        .filter(|p| humans.contains(p))
        .collect();
    let (headline, colour) = match (winners.as_slice(), humans) {
        ([], _) => ("No one carried the summer".to_string(), PARCHMENT),
        (_, [_]) if !won.is_empty() => (format!("Victory: {}", names(&won)), theme::GOOD),
        (w, [_]) => (
            format!("Defeat: {} carries the summer", names(w)),
            theme::BAD,
        ),
        (w, _) => (format!("{} carries the summer", names(w)), GOLD),
    };
    let share = |p: PowerId| shares.get(p.index()).copied().unwrap_or(0.0) * 100.0;
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(headline).size(30.0).strong().color(colour));
        let mut line: Vec<String> = winners
            .iter()
            .map(|p| {
                format!(
                    "{} reached {:.0}% of what it could",
                    text::power(setup, *p),
                    share(*p)
                )
            })
            .collect();
        for h in humans.iter().filter(|h| !winners.contains(h)) {
            line.push(format!(
                "{} (you) {:.0}%",
                text::power(setup, *h),
                share(*h)
            ));
        }
        if !line.is_empty() {
            ui.label(RichText::new(line.join("; ")).size(16.0).color(PARCHMENT));
        }
        let outcome = score::outcome(view);
        let description = setup
            .outcomes
            .iter()
            .find(|o| o.label == outcome)
            .map(|o| o.description.clone())
            .unwrap_or_default();
        let label = outcome.replace('_', " ");
        let mut chars = label.chars();
        let label = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        ui.label(RichText::new(format!("{label}: {description}")).color(MUTED));
    });
}

/// The spheres as the match left them, beside the spheres as the
/// scenario's history left them.
fn maps(ui: &mut Ui, map: &MapGeometry, view: &dyn View) {
    let setup = view.setup();
    let gap = 16.0;
    let width = ((ui.available_width() - gap - 4.0) / 2.0).clamp(120.0, 560.0);
    let size = egui::vec2(width, (width * 0.5).clamp(90.0, 260.0));
    let end = setup.calendar.date(view.day()).long();
    let last = setup
        .timeline
        .last()
        .map_or_else(|| end.clone(), |t| t.date.long());
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - 2.0 * width - gap) / 2.0).max(0.0));
        for (caption, historical) in [
            (format!("Your summer: {end}"), false),
            (format!("As it happened: {last}"), true),
        ] {
            if historical {
                ui.add_space(gap);
            }
            ui.vertical(|ui| {
                ui.label(RichText::new(caption).strong().color(GOLD));
                let board = if historical {
                    map::Board::historical(setup)
                } else {
                    map::Board::now(view)
                };
                map::miniature(ui, size, map, setup, &board);
            });
        }
    });
    ui.label(
        RichText::new(
            "Spheres in their holder's colour; a satellite striped in its patron's; a red line: an invasion under way.",
        )
        .small()
        .color(MUTED),
    );
}

/// Every playable power by its share of what it could reach, with each
/// objective and the points it earned.
fn final_standing(ui: &mut Ui, view: &dyn View, humans: &[PowerId]) {
    let setup = view.setup();
    let scores = score::scores(view);
    let shares = score::shares(view);
    let reach = score::reachable(setup);
    ui.label(RichText::new("Final standing").strong().color(GOLD));
    let mut ranked: Vec<PowerId> = setup
        .great_powers()
        .filter(|p| setup.power(*p).playable)
        .collect();
    ranked.sort_by(|a, b| {
        shares[b.index()]
            .total_cmp(&shares[a.index()])
            .then(a.cmp(b))
    });
    for (i, p) in ranked.iter().enumerate() {
        let who = if humans.contains(p) { " (you)" } else { "" };
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "{}. {}{who}: {:.1} of {:.0} points ({:.0}%)",
                i + 1,
                text::power(setup, *p),
                scores[p.index()] + 0.0,
                reach[p.index()],
                shares[p.index()] * 100.0
            ))
            .size(16.0),
        );
        for (k, o) in setup
            .objectives
            .iter()
            .enumerate()
            .filter(|(_, o)| o.power == *p)
        {
            let met = view.objective_share(k);
            let (mark, colour) = match met {
                m if m >= 1.0 - 1e-4 => ("✔", theme::GOOD),
                m if m <= 1e-4 => ("✖", MUTED),
                _ => ("•", theme::WARN),
            };
            ui.label(
                RichText::new(format!(
                    "   {mark} {} ({} of {:+.0})",
                    o.description,
                    text::signed(met * o.points),
                    o.points
                ))
                .color(colour),
            );
        }
    }
}

/// The turns in which a human player's score moved most, with what moved
/// it: objectives met or lost, and the events of that week that concerned
/// them.
fn turning_points(
    ui: &mut Ui,
    view: &dyn View,
    humans: &[PowerId],
    played: &[crate::desktop::session::TurnSummary],
) {
    let setup = view.setup();
    ui.label(RichText::new("Turning points").strong().color(GOLD));
    let mut any = false;
    for (seat, me) in humans.iter().enumerate() {
        let score = |s: Option<&crate::desktop::session::Standings>| {
            s.and_then(|s| s.scores.get(me.index()))
                .copied()
                .unwrap_or(0.0)
        };
        let mut turns: Vec<(&crate::desktop::session::TurnSummary, f32)> = played
            .iter()
            .map(|t| (t, score(t.after.get(seat)) - score(t.before.get(seat))))
            .filter(|(_, change)| change.abs() >= 0.5)
            .collect();
        turns.sort_by(|a, b| {
            b.1.abs()
                .total_cmp(&a.1.abs())
                .then(a.0.turn.cmp(&b.0.turn))
        });
        turns.truncate(4);
        turns.sort_by_key(|(t, _)| t.turn);
        for (t, change) in turns {
            any = true;
            let who = if humans.len() > 1 {
                format!("{}: ", text::power(setup, *me))
            } else {
                String::new()
            };
            ui.add_space(4.0);
            ui.label(
                RichText::new(format!(
                    "{who}turn {}, {} points",
                    t.turn,
                    text::signed(change)
                ))
                .strong()
                .color(theme::signed(change)),
            );
            let (before, after) = (t.before.get(seat), t.after.get(seat));
            for (k, o) in setup
                .objectives
                .iter()
                .enumerate()
                .filter(|(_, o)| o.power == *me)
            {
                let share = |s: Option<&crate::desktop::session::Standings>| {
                    s.and_then(|s| s.shares.get(k)).copied().unwrap_or(0.0)
                };
                let (was, now) = (share(before), share(after));
                if (now - was).abs() >= 1e-4 {
                    ui.label(format!(
                        "   {} {}",
                        text::signed((now - was) * o.points),
                        o.description
                    ));
                }
            }
            for e in t
                .events
                .iter()
                .filter(|e| e.seen_by(*me) && (e.from == Some(*me) || e.to == Some(*me)))
                .filter(|e| key_event(e.kind))
                .take(3)
            {
                ui.label(RichText::new(format!("   · {}", e.summary)).color(MUTED));
            }
        }
    }
    if !any {
        ui.label(
            RichText::new("No single week moved your score by half a point or more.").color(MUTED),
        );
    }
}

/// Events that change the board, as opposed to talk about it.
fn key_event(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::Conference
            | EventKind::TreatySigned
            | EventKind::SecretProtocol
            | EventKind::TalksEnded
            | EventKind::RelationsSevered
            | EventKind::WarDeclared
            | EventKind::Invasion
            | EventKind::UltimatumSent
            | EventKind::UltimatumAccepted
            | EventKind::SphereChanged
            | EventKind::TreatyBroken
    )
}

/// The summer week by week: the events that changed the board.
fn week_by_week(ui: &mut Ui, view: &dyn View, events: &[Event]) {
    let setup = view.setup();
    ui.label(
        RichText::new("The summer, week by week")
            .strong()
            .color(GOLD),
    );
    let mut week = None;
    let mut quiet = true;
    for e in events.iter().filter(|e| key_event(e.kind)) {
        quiet = false;
        if week != Some(e.turn) {
            week = Some(e.turn);
            let start = setup.calendar.date(setup.calendar.turn_start_day(e.turn));
            ui.add_space(4.0);
            ui.label(
                RichText::new(format!("Week of {}", start.long()))
                    .small()
                    .color(MUTED),
            );
        }
        ui.label(format!("{} {}", kind_mark(e.kind), e.summary));
    }
    if quiet {
        ui.label(RichText::new("Nothing changed the board all summer.").color(MUTED));
    }
}

fn kind_mark(k: EventKind) -> &'static str {
    match k {
        EventKind::WarDeclared | EventKind::Invasion => "⚔",
        EventKind::TreatySigned | EventKind::SecretProtocol => "•",
        EventKind::TreatyBroken | EventKind::TalksEnded | EventKind::RelationsSevered => "✖",
        _ => "·",
    }
}

/// The scenario's timeline, each beat marked as the match kept it or not.
fn beat_by_beat(ui: &mut Ui, view: &dyn View, events: &[Event]) {
    let setup = view.setup();
    let results = history::judge(setup, events);
    ui.label(
        RichText::new(format!(
            "History, beat by beat ({:.0}% kept)",
            history::fidelity(&results) * 100.0
        ))
        .strong()
        .color(GOLD),
    );
    let mut results = results.iter().peekable();
    for t in &setup.timeline {
        ui.add_space(4.0);
        ui.label(RichText::new(t.date.long()).small().color(MUTED));
        ui.label(&t.text);
        while let Some(r) = results.next_if(|r| t.beats.iter().any(|b| std::ptr::eq(b, r.beat))) {
            let how = match (r.beat.never, r.met, r.days_off) {
                (true, true, _) => "as in history, it never happened".to_string(),
                (true, false, _) => "it happened here".to_string(),
                (false, _, Some(0)) => "on the day".to_string(),
                (false, _, Some(d)) => format!(
                    "{} day{} {}",
                    d.unsigned_abs(),
                    if d.unsigned_abs() == 1 { "" } else { "s" },
                    if d > 0 { "late" } else { "early" }
                ),
                (false, _, None) => "it never happened".to_string(),
            };
            let (mark, colour) = if r.met {
                ("✔", theme::GOOD)
            } else {
                ("✖", theme::BAD)
            };
            ui.label(RichText::new(format!("   {mark} {}: {how}", r.beat.what)).color(colour));
        }
    }
}
