//! The playing screen: its frame and tabs, the turn summary, and the diplomacy overview.

use super::*;

pub(super) fn playing(
    ctx: &egui::Context,
    root: &mut Ui,
    f: &Frame<'_>,
    camera: &mut Camera,
    forms: &mut Forms,
    q: &mut UiQueue,
) {
    let (Some(view), Some(m), Some(me)) = (f.view, f.m, f.session.me()) else {
        backdrop(root, f.map);
        return;
    };
    let setup = &view.setup();
    let s = f.session;
    // End turn (button or Enter) asks first when offers to us would lapse
    // unanswered.
    let mut end_turn = false;
    // Shortcuts. While the turn summary is open, Enter and Esc close it
    // (they never act on the game behind it).
    let briefing_open = !s.briefed.contains(&me) && s.replay.is_none() && !forms.menu_open;
    let summary_open = (s.summary.is_some() || briefing_open) && !forms.menu_open;
    ctx.input(|i| {
        if summary_open {
            if i.key_pressed(egui::Key::Escape) || i.key_pressed(egui::Key::Enter) {
                q.push(if briefing_open {
                    UiAction::Briefed(true)
                } else {
                    UiAction::DismissSummary
                });
            }
            return;
        }
        if i.key_pressed(egui::Key::Escape) {
            forms.menu_open = !forms.menu_open;
        }
        if i.modifiers.command && i.key_pressed(egui::Key::S) {
            q.push(UiAction::SaveGame(None));
        }
    });
    if !ctx.egui_wants_keyboard_input() && !summary_open {
        ctx.input(|i| {
            if i.key_pressed(egui::Key::Enter) && !forms.menu_open {
                end_turn = true;
            }
            for (key, tab) in [
                (egui::Key::Num1, Tab::Map),
                (egui::Key::Num2, Tab::Diplomacy),
                (egui::Key::Num3, Tab::Inbox),
                (egui::Key::Num4, Tab::Log),
            ] {
                if i.key_pressed(key) {
                    q.push(UiAction::SetTab(tab));
                }
            }
        });
    }
    let (offers, due) = awaiting_us(view, me);
    let waiting = offers.len() + due.len();
    // Top bar: the power, the date, the tabs.
    egui::Panel::top("top")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 6)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                // The power and the tabs first, in places that do not move
                // as scores and dates change; those are on the right.
                let name = text::power(setup, me);
                ui.add_sized(
                    [96.0, 26.0],
                    egui::Label::new(
                        RichText::new(name.strip_prefix("the ").unwrap_or(name))
                            .size(20.0)
                            .strong()
                            .color(
                                theme::colour(setup.power(me).colour)
                                    .lerp_to_gamma(Color32::WHITE, 0.35),
                            ),
                    ),
                );
                ui.separator();
                for (tab, label, hint) in [
                    (
                        Tab::Map,
                        "Map".to_string(),
                        "Europe by sphere or by relation (1)",
                    ),
                    (
                        Tab::Diplomacy,
                        "Diplomacy".to_string(),
                        "Overview and the proposal composer (2)",
                    ),
                    (
                        Tab::Inbox,
                        format!("Inbox ({waiting})"),
                        "Proposals and ultimatums awaiting your answer (3)",
                    ),
                    (Tab::Log, "Log".to_string(), "The dated event log (4)"),
                ] {
                    // Red when something awaits us (not on the selected tab's
                    // gold, where it would not read).
                    let urgent = tab == Tab::Inbox && waiting > 0 && s.tab != tab;
                    let mut text = RichText::new(label).size(15.5);
                    if urgent {
                        text = text.color(theme::BAD).strong();
                    }
                    if ui
                        .selectable_label(s.tab == tab, text)
                        .on_hover_text(hint)
                        .clicked()
                    {
                        q.push(UiAction::SetTab(tab));
                    }
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if let Some(file) = &s.replay {
                        ui.label(RichText::new("REPLAY").strong().color(theme::WARN))
                            .on_hover_text(format!(
                                "Watching {file}: Next turn steps to the next turn"
                            ));
                    }
                    ui.label(
                        RichText::new(format!("turn {} of {}", view.turn().min(m.turns), m.turns))
                            .color(MUTED),
                    );
                    let date = setup.calendar.date(view.day());
                    ui.label(RichText::new(format!("Week of {}", date.long())).strong());
                    ui.separator();
                    // The other playable powers' scores, as far as we know.
                    let scores = crate::rules::score::scores(view);
                    let shown = |p: PowerId| (scores[p.index()] * 10.0).round() / 10.0 + 0.0;
                    let others: Vec<String> = setup
                        .power_ids()
                        .filter(|p| *p != me && setup.power(*p).playable)
                        .map(|p| {
                            let name = text::power(setup, p);
                            format!(
                                "{} {:.1}",
                                name.strip_prefix("the ").unwrap_or(name),
                                shown(p)
                            )
                        })
                        .collect();
                    ui.label(RichText::new(others.join(" · ")).color(MUTED))
                        .on_hover_text(
                            "The other players' scores as far as we know (their secret treaties \
                             are not counted); the largest share of what a power could reach wins",
                        );
                    ui.label(RichText::new(format!("Score {:.1}", shown(me))).color(GOLD))
                        .on_hover_text(
                            "Points of your objectives that hold now, minus the toll of war weeks \
                             and threats abandoned (the Diplomacy tab lists the objectives)",
                        );
                });
            });
        });
    // Bottom bar: orders and End turn.
    egui::Panel::bottom("bottom")
        .frame(
            egui::Frame::new()
                .fill(theme::PANEL_DARK)
                .inner_margin(egui::Margin::symmetric(12, 6)),
        )
        .show(root, |ui| {
            ui.horizontal(|ui| {
                // End turn first, from the right: it stays in view however
                // many orders there are.
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let (label, hint) = if s.replay.is_some() {
                        (
                            "Next turn (Enter)",
                            "Step the replay to the next turn (Enter)",
                        )
                    } else {
                        (
                            "End turn (Enter)",
                            "Carry out your orders; every power answers and acts (Enter)",
                        )
                    };
                    if ui
                        .add(
                            egui::Button::new(RichText::new(label).size(16.0).strong())
                                .fill(Color32::from_rgb(0x6b, 0x55, 0x2a)),
                        )
                        .on_hover_text(hint)
                        .clicked()
                    {
                        end_turn = true;
                    }
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                        if ui
                            .button("Menu")
                            .on_hover_text("Save, load, settings, quit (Esc)")
                            .clicked()
                        {
                            forms.menu_open = true;
                        }
                        if s.replay.is_none()
                            && ui
                                .button("Briefing")
                                .on_hover_text(
                                    "Your situation, leaders and objectives, and how to play",
                                )
                                .clicked()
                        {
                            q.push(UiAction::Briefed(false));
                        }
                        if s.replay.is_none() {
                            if ui
                                .button("Save")
                                .on_hover_text("Quick-save to the saves folder (Ctrl+S)")
                                .clicked()
                            {
                                q.push(UiAction::SaveGame(None));
                            }
                            ui.separator();
                            orders_menu(ui, view, &s.orders, q);
                        }
                    });
                });
            });
        });
    if end_turn {
        let lapsing = crate::desktop::session::lapsing(view, me, &s.orders);
        if lapsing.is_empty() || s.replay.is_some() {
            q.push(UiAction::EndTurn);
        } else {
            forms.confirm_end = Some(lapsing);
        }
    }
    if let Some(ids) = forms.confirm_end.clone() {
        confirm_end_turn(ctx, view, &ids, forms, q);
    }
    match s.tab {
        Tab::Map => {
            egui::Panel::right("map_side")
                .default_size(330.0)
                .resizable(false)
                .show(root, |ui| {
                    map_side(ui, view, s, camera, q);
                });
            egui::CentralPanel::no_frame()
                .show(root, |ui| map::show(ui, f.map, view, s, camera, q));
        }
        Tab::Diplomacy => {
            // A fixed width: expanding a power's details wraps, not widens.
            egui::Panel::left("overview")
                .exact_size(420.0)
                .resizable(false)
                .show(root, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("overview_scroll")
                        .show(ui, |ui| overview(ui, view, me, q));
                });
            egui::CentralPanel::default().show(root, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("composer_scroll")
                    .show(ui, |ui| composer(ui, view, me, &s.composer, &m.controls, q));
            });
        }
        Tab::Inbox => {
            egui::Panel::right("conferences")
                .default_size(420.0)
                .resizable(false)
                .show(root, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("conference_scroll")
                        .show(ui, |ui| conferences(ui, view, f.log, me));
                });
            egui::CentralPanel::default().show(root, |ui| inbox_tab(ui, view, m, me, s, f.log, q));
        }
        Tab::Log => {
            egui::CentralPanel::default().show(root, |ui| {
                log_tab(ui, view, f.log, s.replay.is_none().then_some(me), forms)
            });
        }
    }
    if briefing_open {
        briefing(ctx, view, me, forms, q);
    } else if let Some(summary) = &s.summary
        && !forms.menu_open
    {
        turn_summary(ctx, view, me, &s.humans, summary, &s.estimates, q);
    }
    if forms.menu_open {
        centred_window(ctx, "ingame_menu", 300.0, |ui| {
            ui.vertical_centered(|ui| {
                ui.heading("Paused");
                if menu_button(ui, "Resume", "Back to the game (Esc)") {
                    forms.menu_open = false;
                }
                if menu_button(ui, "Save", "Quick-save to the saves folder (Ctrl+S)") {
                    q.push(UiAction::SaveGame(None));
                }
                if menu_button(ui, "Load game", "Continue a saved match") {
                    forms.menu_open = false;
                    q.push(UiAction::Show(Screen::LoadGame));
                }
                if menu_button(
                    ui,
                    "Main menu",
                    "Leave this match (it is autosaved every turn)",
                ) {
                    forms.menu_open = false;
                    q.push(UiAction::Show(Screen::MainMenu));
                }
                if menu_button(ui, "Quit", "Leave the game") {
                    q.push(UiAction::Quit);
                }
            });
        });
    }
}

/// The head of the turn summary: our score before and after, each of our
/// objectives gained or lost, and every playable power's score.
fn standings_change(
    ui: &mut Ui,
    view: &dyn View,
    me: PowerId,
    humans: &[PowerId],
    summary: &crate::desktop::session::TurnSummary,
) {
    let setup = view.setup();
    // Ours, as our power knows them (seats in hotseat order).
    let seat = |all: &[crate::desktop::session::Standings]| {
        humans
            .iter()
            .position(|h| *h == me)
            .and_then(|i| all.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let (before, after) = (&seat(&summary.before), &seat(&summary.after));
    let score = |s: &crate::desktop::session::Standings, p: PowerId| {
        s.scores.get(p.index()).copied().unwrap_or(0.0)
    };
    let (b, a) = (score(before, me), score(after, me));
    ui.label(
        RichText::new(format!(
            "Your score: {:.1} ({} this week)",
            a + 0.0,
            text::signed(a - b)
        ))
        .size(18.0)
        .strong()
        .color(theme::signed(a - b).lerp_to_gamma(GOLD, 0.3)),
    );
    for (i, o) in setup.objectives.iter().enumerate() {
        let (was, now) = (
            before.shares.get(i).copied().unwrap_or(0.0),
            after.shares.get(i).copied().unwrap_or(0.0),
        );
        if o.power != me || (now - was).abs() < 1e-4 {
            continue;
        }
        let change = (now - was) * o.points;
        let state = if now >= 1.0 - 1e-4 {
            "now met in full".to_string()
        } else if now <= 1e-4 {
            "no longer met".to_string()
        } else {
            format!("now {:.0}% met", now * 100.0)
        };
        ui.label(
            RichText::new(format!(
                "{} {} — {state}",
                text::signed(change),
                o.description
            ))
            .color(theme::signed(change)),
        );
    }
    let all: Vec<String> = setup
        .power_ids()
        .filter(|p| setup.power(*p).playable)
        .map(|p| format!("{} {:.1}", text::power(setup, p), score(after, p) + 0.0))
        .collect();
    ui.label(RichText::new(format!("Scores: {}", all.join(" · "))).color(MUTED));
}

/// Asks before ending a turn that leaves offers to us to lapse unanswered.
fn confirm_end_turn(
    ctx: &egui::Context,
    view: &dyn View,
    ids: &[crate::rules::ProposalId],
    forms: &mut Forms,
    q: &mut UiQueue,
) {
    let setup = view.setup();
    centred_window(ctx, "confirm_end", 460.0, |ui| {
        ui.heading("Unanswered");
        for id in ids {
            if let Some(p) = view.pending().find(|p| p.id == *id) {
                let what = if p.ultimatum.is_some() {
                    "ultimatum"
                } else {
                    "proposal"
                };
                ui.label(
                    RichText::new(format!(
                        "{}'s {what} #{} ({}) — due {}",
                        text::power(setup, p.from),
                        p.id.0,
                        text::clauses(view, &p.clauses),
                        setup.calendar.date(p.deadline_day)
                    ))
                    .color(if p.ultimatum.is_some() {
                        theme::BAD
                    } else {
                        theme::WARN
                    }),
                );
            }
        }
        ui.label(
            "Unanswered by its deadline, a proposal lapses (its sender remembers) and an \
             ultimatum's demands count as refused.",
        );
        ui.horizontal(|ui| {
            if ui.button("Answer them").clicked() {
                forms.confirm_end = None;
                q.push(UiAction::SetTab(Tab::Inbox));
            }
            if ui.button("End the turn anyway").clicked() {
                forms.confirm_end = None;
                q.push(UiAction::EndTurn);
            }
        });
    });
}

/// The orders queued this turn, folded into one button ("3 orders…")
/// that lists them, each with a button to cancel it.
fn orders_menu(ui: &mut Ui, view: &dyn View, orders: &[crate::rules::Submission], q: &mut UiQueue) {
    let n = orders.len();
    let title = match n {
        0 => "No orders yet".to_string(),
        n => format!("{}…", text::count(n, "order")),
    };
    if n == 0 {
        ui.label(RichText::new(title).color(MUTED))
            .on_hover_text("Orders (documents, answers, acts) are carried out when the turn ends");
        return;
    }
    ui.menu_button(title, |ui| {
        ui.label(RichText::new("Carried out when the turn ends").color(MUTED));
        for (i, o) in orders.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .small_button("Cancel")
                    .on_hover_text("Cancel this order")
                    .clicked()
                {
                    q.push(UiAction::CancelOrder(i));
                }
                if crate::desktop::session::Composer::editing(&o.action, None).is_some()
                    && ui
                        .small_button("Edit")
                        .on_hover_text("Take it back into the composer to change it")
                        .clicked()
                {
                    q.push(UiAction::EditOrder(i));
                }
                ui.label(text::action(view, &o.action));
            });
        }
    })
    .response
    .on_hover_text("The orders queued this turn");
}

/// What happened in the turn that just ended, most important first.
pub(super) fn turn_summary(
    ctx: &egui::Context,
    view: &dyn View,
    me: PowerId,
    humans: &[PowerId],
    summary: &crate::desktop::session::TurnSummary,
    estimates: &[crate::desktop::session::SentEstimate],
    q: &mut UiQueue,
) {
    let setup = &view.setup();
    egui::Window::new(format!("Turn {} — what happened", summary.turn))
        .collapsible(false)
        .resizable(false)
        .default_width(620.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            // Only what our power knows: others' talks and secrets stay theirs.
            let concerns_us =
                |e: &&Event| e.from == Some(me) || e.to == Some(me) || e.audience.contains(&me);
            let ours: Vec<_> = summary
                .events
                .iter()
                .filter(|e| e.seen_by(me) && concerns_us(e))
                .collect();
            let others: Vec<_> = summary
                .events
                .iter()
                .filter(|e| e.seen_by(me) && !concerns_us(e) && e.kind != EventKind::Scripted)
                .collect();
            standings_change(ui, view, me, humans, summary);
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    if summary.events.is_empty() {
                        ui.label(RichText::new("A quiet week.").color(MUTED));
                    }
                    for e in summary
                        .events
                        .iter()
                        .filter(|e| e.kind == EventKind::Scripted)
                    {
                        ui.label(RichText::new(&e.summary).italics());
                    }
                    if !ours.is_empty() {
                        ui.label(RichText::new("Concerning us").strong().color(GOLD));
                        for e in ours {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    RichText::new(setup.calendar.date(e.day).to_string())
                                        .monospace()
                                        .color(MUTED),
                                );
                                ui.label(
                                    RichText::new(&e.summary)
                                        .color(kind_colour(e.kind).lerp_to_gamma(PARCHMENT, 0.4)),
                                );
                                // The answer's real chance beside what we
                                // expected when we sent it.
                                if e.to == Some(me)
                                    && e.probability.is_some()
                                    && let Some(x) =
                                        crate::desktop::session::SentEstimate::of(estimates, e)
                                {
                                    ui.label(
                                        RichText::new(format!(
                                            "we estimated {:.0}–{:.0}%",
                                            x.low * 100.0,
                                            x.high * 100.0
                                        ))
                                        .color(MUTED),
                                    )
                                    .on_hover_text(
                                        "What the composer showed when we sent it, from what our \
                                         power knew; P is the receiver's real chance, from its \
                                         own profile and memory",
                                    );
                                }
                            });
                        }
                    }
                    if !others.is_empty() {
                        ui.label(RichText::new("Elsewhere").strong().color(GOLD));
                        for e in others {
                            ui.horizontal_wrapped(|ui| {
                                ui.label(
                                    RichText::new(setup.calendar.date(e.day).to_string())
                                        .monospace()
                                        .color(MUTED),
                                );
                                ui.label(&e.summary);
                            });
                        }
                    }
                    wars(ui, view);
                    ahead(ui, view, me);
                });
            ui.separator();
            if ui
                .button("Continue")
                .on_hover_text("Close the summary (Enter or Esc; the log keeps everything)")
                .clicked()
            {
                q.push(UiAction::DismissSummary);
            }
        });
}

/// What comes due in the week ahead for us, and the weeks left: so a quiet
/// week still says what to watch.
fn ahead(ui: &mut Ui, view: &dyn View, me: PowerId) {
    let setup = view.setup();
    let next = setup.calendar.turn_start_day(view.turn() + 1);
    let soon: Vec<_> = view
        .pending()
        .filter(|p| p.stage == crate::rules::view::Stage::Open)
        .filter(|p| (p.to == me || p.from == me) && p.deadline_day < next)
        .collect();
    let left = setup.turns().saturating_sub(view.turn()) + 1;
    ui.add_space(4.0);
    ui.label(RichText::new("The week ahead").strong().color(GOLD));
    for p in soon {
        let what = if p.ultimatum.is_some() {
            "ultimatum"
        } else {
            "proposal"
        };
        let due = setup.calendar.date(p.deadline_day).long();
        let (line, colour) = if p.to == me {
            (
                format!(
                    "{}'s {what} #{} awaits our answer until {due}",
                    text::power(setup, p.from),
                    p.id.0
                ),
                if p.ultimatum.is_some() {
                    theme::BAD
                } else {
                    theme::WARN
                },
            )
        } else {
            (
                format!(
                    "our {what} #{} to {} is due {due}",
                    p.id.0,
                    text::power(setup, p.to)
                ),
                PARCHMENT,
            )
        };
        ui.label(RichText::new(line).color(colour));
    }
    ui.label(
        RichText::new(format!(
            "{} of the summer left",
            text::count(left as usize, "week")
        ))
        .color(MUTED),
    );
}

/// The wars being fought: each front, its invader and how far it got.
pub(super) fn wars(ui: &mut Ui, view: &dyn View) {
    let setup = &view.setup();
    let needed = setup.model.battles_to_conquer();
    let fronts: Vec<_> = view.fronts().collect();
    let ids: Vec<PowerId> = setup.power_ids().collect();
    let enemies: Vec<(PowerId, PowerId)> = ids
        .iter()
        .enumerate()
        .flat_map(|(i, a)| ids[i + 1..].iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| view.relation(*a, *b) == Relation::War)
        .collect();
    if fronts.is_empty() && enemies.is_empty() {
        return;
    }
    ui.label(RichText::new("At war").strong().color(theme::BAD));
    for (a, b) in enemies {
        ui.label(format!(
            "{} and {}",
            text::power(setup, a),
            text::power(setup, b)
        ))
        .on_hover_text("At war until an armistice: every week of war costs strength and score");
    }
    for f in fronts {
        let holder = view.sphere(f.state);
        ui.label(format!(
            "{} invades {} (held by {}) since {}: {} of {} battles won",
            text::power(setup, f.attacker),
            text::state(setup, f.state),
            text::power(setup, holder),
            setup.calendar.date(f.began_day).long(),
            f.progress,
            needed
        ))
        .on_hover_text("A front falls after enough weekly battles won; an armistice ends it");
    }
}

pub(super) fn overview(ui: &mut Ui, view: &dyn View, me: PowerId, q: &mut UiQueue) {
    let setup = &view.setup();
    ui.heading("Our position");
    wars(ui, view);
    ui.label(RichText::new("Leaders").strong());
    for l in &setup.power(me).leaders {
        let d = setup.leader(*l);
        ui.label(format!("{} — {}", d.name, d.role.describe()))
            .on_hover_text(format!("Pride {:.0}%", d.pride * 100.0));
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Objectives").strong());
    for o in setup.objectives.iter().filter(|o| o.power == me) {
        let holds = o.condition.holds(view);
        let mark = if holds { "✔" } else { "✖" };
        ui.label(
            RichText::new(format!("{mark} {} ({:+.0})", o.description, o.points)).color(if holds {
                theme::GOOD
            } else {
                MUTED
            }),
        );
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Powers").strong()).on_hover_text(
        "How each power stands toward us: relation, opinion (with its remembered acts) and trust",
    );
    for p in setup.great_powers().filter(|p| *p != me) {
        let opinion = view.opinion(p, me);
        let relation = view.relation(me, p);
        let header = format!(
            "{} — {} · opinion {} · trust {:.0}%",
            text::power(setup, p),
            relation.name(),
            text::signed(opinion),
            view.trust(p, me) * 100.0
        );
        egui::CollapsingHeader::new(
            RichText::new(header)
                .color(theme::standing(relation, opinion).lerp_to_gamma(PARCHMENT, 0.5)),
        )
        .id_salt(("power", p.0))
        .show(ui, |ui| {
            let memory = view.memory_of(p, me);
            let mut any = false;
            for kind in MemoryKind::ALL {
                let v = memory.get(kind);
                if v != 0.0 {
                    any = true;
                    ui.label(
                        RichText::new(format!("{:>6}  {}", text::signed(v), kind.describe()))
                            .color(theme::signed(v)),
                    );
                }
            }
            if !any {
                ui.label(RichText::new("No remembered acts").color(MUTED));
            }
            ui.horizontal(|ui| {
                if ui
                    .button("Compose")
                    .on_hover_text("Open the composer addressed to this power")
                    .clicked()
                {
                    q.push(UiAction::ComposeFor(p));
                }
                let actions = [
                    (
                        Action::RecallAmbassador { from: p },
                        "Recall ambassador",
                        "Recall our ambassador: relations become strained",
                    ),
                    (
                        Action::SeverRelations { with: p },
                        "Sever",
                        "Break off relations: treaties with them lapse",
                    ),
                    (
                        Action::RestoreRelations { with: p },
                        "Restore",
                        "Restore severed relations",
                    ),
                    (
                        Action::EndTalks { with: p },
                        "End talks",
                        "Refuse all further proposals from them",
                    ),
                    (
                        Action::DeclareWar { on: p },
                        "Declare war",
                        "War: their allies and guarantors may join them",
                    ),
                ];
                for (a, label, hint) in actions {
                    let legal = action::check(view, me, &a);
                    if legal.is_ok() && ui.small_button(label).on_hover_text(hint).clicked() {
                        q.push(UiAction::Order(a));
                    }
                }
            });
        });
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Treaties in force").strong());
    for t in view.treaties().filter(|t| t.binds(me)) {
        ui.horizontal(|ui| {
            ui.label(&t.name)
                .on_hover_text(text::clauses(view, &t.clauses));
            if ui
                .small_button("Denounce")
                .on_hover_text("Break this treaty: every power will trust us less")
                .clicked()
            {
                q.push(UiAction::Order(Action::Denounce { treaty: t.id }));
            }
        });
    }
}
