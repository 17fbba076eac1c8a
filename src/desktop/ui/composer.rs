//! The proposal composer: the clause menu, the document, and the live acceptance preview with its breakdown.

use super::*;

/// The clause menu of the composer: every kind of clause, each with the
/// clauses of that kind the two powers could agree now.
pub(super) fn clause_menu(
    ui: &mut Ui,
    view: &dyn View,
    me: PowerId,
    target: PowerId,
    q: &mut UiQueue,
) {
    ui.menu_button("Add clause...", |ui| {
        for kind in ClauseKind::ALL.iter().copied() {
            let choices = action::choices(view, me, target, kind);
            let add = |q: &mut UiQueue, c: Clause| match c {
                // A protocol grows by one state at a time, as on the map.
                Clause::TerritorialProtocol(list) => {
                    for (s, p) in list {
                        q.push(UiAction::AssignState(s, p));
                    }
                }
                c => q.push(UiAction::AddClause(c)),
            };
            match choices.as_slice() {
                [] => {
                    ui.add_enabled(false, egui::Button::new(text::kind_title(kind)))
                        .on_disabled_hover_text(format!(
                            "{}: none possible between these powers now",
                            text::kind_description(kind)
                        ));
                }
                [one] => {
                    if ui
                        .button(text::kind_title(kind))
                        .on_hover_text(text::kind_description(kind))
                        .clicked()
                    {
                        add(q, one.clone());
                        ui.close();
                    }
                }
                many => {
                    ui.menu_button(text::kind_title(kind), |ui| {
                        if kind == ClauseKind::TerritorialProtocol {
                            ui.label(RichText::new("Or click states on the map").color(MUTED));
                        }
                        egui::ScrollArea::vertical()
                            .max_height(360.0)
                            .show(ui, |ui| {
                                for c in many {
                                    if ui.button(text::clause(view, c)).clicked() {
                                        add(q, c.clone());
                                        ui.close();
                                    }
                                }
                            });
                    })
                    .response
                    .on_hover_text(text::kind_description(kind));
                }
            }
        }
    })
    .response
    .on_hover_text("Add an article to the document");
}

/// The temper the model uses for a power.
pub(super) fn temper(m: &Match, p: PowerId) -> &crate::rules::setup::Profile {
    crate::sim::authority::temper(&m.setup, &m.controls, p)
}

pub(super) fn composer(
    ui: &mut Ui,
    view: &dyn View,
    me: PowerId,
    c: &Composer,
    controls: &[Control],
    q: &mut UiQueue,
) {
    let setup = &view.setup();
    ui.heading(if c.counter_to.is_some() {
        "Counter-proposal"
    } else {
        "Proposal composer"
    });
    ui.horizontal(|ui| {
        ui.label("To");
        let current = c
            .target
            .map(|p| text::power(setup, p).to_string())
            .unwrap_or_else(|| "choose a power".into());
        egui::ComboBox::from_id_salt("target")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for p in setup.power_ids().filter(|p| *p != me) {
                    if ui
                        .selectable_label(c.target == Some(p), text::power(setup, p))
                        .clicked()
                    {
                        q.push(UiAction::ComposeFor(p));
                    }
                }
            })
            .response
            .on_hover_text("The power that receives the document");
    });
    let Some(target) = c.target else {
        ui.label(RichText::new("Choose a power to address, then add clauses.").color(MUTED));
        return;
    };
    ui.separator();
    // The controls stay where they are whatever the document holds; its
    // clauses are listed below them, and the estimate beside.
    ui.columns(2, |cols| {
        let [left, right] = cols else {
            return;
        };
        // Another player at this keyboard (hotseat) answers for themself.
        let human = controls.get(target.index()) == Some(&Control::Human);
        composer_controls(left, view, me, target, c, human, q);
        left.separator();
        left.label(RichText::new("The document").strong());
        for (i, clause) in c.clauses.iter().enumerate() {
            left.horizontal(|ui| {
                ui.label(format!("{}.", i + 1));
                let mut secret = c.secret.has(i);
                if ui
                    .checkbox(&mut secret, "secret")
                    .on_hover_text(
                        "A secret clause: only the signatories know it; others see the \
                         treaty's public part, unless their envoys find it out",
                    )
                    .changed()
                {
                    q.push(UiAction::SetSecret(i, secret));
                }
                if ui
                    .small_button("Remove")
                    .on_hover_text("Remove this clause")
                    .clicked()
                {
                    q.push(UiAction::RemoveClause(i));
                }
                ui.label(text::clause(view, clause));
            });
        }
        if c.clauses.is_empty() {
            left.label(RichText::new("No clauses yet: add one above.").color(MUTED));
        }
        estimate_panel(right, view, me, target, c, human);
    });
}

/// The composer's controls, in a fixed place: add or clear clauses, the
/// deadline, the ultimatum, and Send (with why not, when it cannot be sent).
fn composer_controls(
    ui: &mut Ui,
    view: &dyn View,
    me: PowerId,
    target: PowerId,
    c: &Composer,
    human: bool,
    q: &mut UiQueue,
) {
    ui.horizontal(|ui| {
        clause_menu(ui, view, me, target, q);
        if ui
            .add_enabled(!c.clauses.is_empty(), egui::Button::new("Clear"))
            .on_hover_text("Remove every clause")
            .clicked()
        {
            q.push(UiAction::ClearComposer);
        }
    });
    if c.counter_to.is_none() {
        ui.horizontal(|ui| {
            let mut days = c.deadline_days;
            if ui
                .add(
                    egui::Slider::new(&mut days, 1..=action::MAX_DEADLINE_DAYS)
                        .text("days to answer"),
                )
                .on_hover_text("The deadline; the receiver concedes as it nears")
                .changed()
            {
                q.push(UiAction::SetDeadline(days));
            }
        });
        ui.horizontal(|ui| {
            let mut ultimatum = c.ultimatum.is_some();
            if ui
                .checkbox(&mut ultimatum, "Ultimatum")
                .on_hover_text("Demands with a threat: a proud leader may take it as an insult")
                .changed()
            {
                q.push(UiAction::SetUltimatum(
                    ultimatum.then_some(Consequence::SeverRelations),
                ));
            }
            let cons = c.ultimatum.unwrap_or(Consequence::SeverRelations);
            ui.add_enabled_ui(c.ultimatum.is_some(), |ui| {
                egui::ComboBox::from_id_salt("consequence")
                    .selected_text(cons.describe())
                    .show_ui(ui, |ui| {
                        for k in [
                            Consequence::SeverRelations,
                            Consequence::EndTalks,
                            Consequence::DeclareWar,
                        ] {
                            if ui.selectable_label(cons == k, k.describe()).clicked() {
                                q.push(UiAction::SetUltimatum(Some(k)));
                            }
                        }
                    })
                    .response
                    .on_hover_text("What happens if the demands are not met by the deadline");
            });
        });
    }
    let legal = c.action().map(|a| action::check(view, me, &a));
    ui.add_space(4.0);
    let enabled = matches!(legal, Some(Ok(())));
    let why = match &legal {
        Some(Err(e)) => e.to_string(),
        None => "choose a power".into(),
        _ => String::new(),
    };
    ui.horizontal(|ui| {
        if ui
            .add_enabled(enabled, egui::Button::new(RichText::new("Send").strong()))
            .on_hover_text("Queue this document; it is delivered when the turn ends")
            .on_disabled_hover_text(why.clone())
            .clicked()
        {
            q.push(UiAction::SendComposed);
        }
        if c.counter_to.is_none() {
            let summit = Action::Summit {
                with: target,
                rounds: 2,
                clauses: c.clauses.clone(),
                secret: c.secret,
            };
            let legal = if c.ultimatum.is_some() {
                Err("an ultimatum is delivered, not negotiated at a summit".to_string())
            } else if human {
                Err("a summit is held with a power the computer plays; send a human player a proposal".to_string())
            } else {
                action::check(view, me, &summit).map_err(|e| e.to_string())
            };
            if ui
                .add_enabled(legal.is_ok(), egui::Button::new("Hold a summit"))
                .on_hover_text("A two-round conference this turn: each side may counter in turn; an agreement is signed on the spot")
                .on_disabled_hover_text(legal.err().unwrap_or_default())
                .clicked()
            {
                q.push(UiAction::Order(summit));
                q.push(UiAction::ClearComposer);
            }
        }
    });
    // Always one line, so nothing below moves when the reason comes or goes.
    let reason = if !enabled && !c.clauses.is_empty() {
        why
    } else {
        String::new()
    };
    ui.label(RichText::new(reason).color(theme::WARN));
}

/// The live acceptance preview: our estimate from what our power knows
/// (the receiver's public profile, our envoys' reports), as a range.
fn estimate_panel(
    ui: &mut Ui,
    view: &dyn View,
    me: PowerId,
    target: PowerId,
    c: &Composer,
    human: bool,
) {
    ui.label(RichText::new("Acceptance estimate").strong())
        .on_hover_text(
            "How we expect the receiver to judge this document, from what our power \
             knows: its leaders' public profile and our envoys' reports",
        );
    if human {
        ui.label(
            RichText::new(format!(
                "{} is played by a person, who decides for themself: below is only what \
                 the model would expect of that power's public profile.",
                text::power(view.setup(), target)
            ))
            .color(theme::WARN),
        );
    }
    if c.clauses.is_empty() {
        ui.label(RichText::new("Add a clause to see how it would be received.").color(MUTED));
        return;
    }
    let Some(offer) = c.offer(me, view.day()) else {
        return;
    };
    // `view` is already what our power knows (the desktop's perspective).
    let e = estimate(view, me, &offer);
    estimate_range(ui, &e);
    breakdown(ui, view, target, me, &e.assessment, Some((e.low, e.high)));
}

/// The estimated range of P(accept) and what widens it.
fn estimate_range(ui: &mut Ui, e: &Estimate) {
    let (low, high) = (e.low * 100.0, e.high * 100.0);
    ui.label(
        RichText::new(format!(
            "Estimated {low:.0}–{high:.0}% likely to accept (margin {} ± {:.1})",
            text::signed(e.assessment.margin),
            e.spread
        ))
        .strong(),
    )
    .on_hover_text("The range widens as our intelligence on the receiver worsens");
    for d in &e.doubts {
        ui.label(RichText::new(format!("· {}", d.describe())).color(MUTED));
    }
}

/// A probability bar and the itemised breakdown: of a decision, or of an
/// estimate (`range`: its low and high P(accept); the bar shows the
/// middle, its label the range). The margin is the breakdown's last line.
pub(super) fn breakdown(
    ui: &mut Ui,
    view: &dyn View,
    receiver: PowerId,
    sender: PowerId,
    a: &Assessment,
    range: Option<(f32, f32)>,
) {
    let p = a.probability;
    // Darker fills than the text colours, so the parchment label reads on both.
    let colour = if p >= 0.6 {
        Color32::from_rgb(0x3f, 0x7a, 0x3a)
    } else if p >= 0.35 {
        Color32::from_rgb(0x9a, 0x6a, 0x1e)
    } else {
        Color32::from_rgb(0x8e, 0x2e, 0x26)
    };
    ui.add(
        egui::ProgressBar::new(p)
            .desired_width(ui.available_width().min(520.0))
            .fill(colour)
            .text(
                RichText::new(match range {
                    Some((low, high)) if (high - low) * 100.0 >= 1.0 => {
                        format!("{:.0}–{:.0}%", low * 100.0, high * 100.0)
                    }
                    _ => format!("{:.0}% likely to accept", p * 100.0),
                })
                .color(PARCHMENT),
            ),
    )
    .on_hover_text("P(accept) = logistic(margin / temperature)");
    if a.insult_chance > 0.01 {
        ui.label(
            RichText::new(format!(
                "{:.0}% chance it is taken as an insult and talks end",
                a.insult_chance * 100.0
            ))
            .color(theme::BAD),
        );
    }
    if let Some(l) = a.vetoed_by {
        ui.label(
            RichText::new(format!("Vetoed by {}", view.setup().leader(l).name))
                .color(theme::BAD)
                .strong(),
        );
    }
    // One row a line, its words wrapped to the width there is.
    let row = |ui: &mut Ui, value: RichText, words: RichText| {
        ui.horizontal(|ui| {
            ui.label(value);
            ui.add(egui::Label::new(words).wrap());
        });
    };
    for line in &a.lines {
        row(
            ui,
            RichText::new(format!("{:>6}", text::signed(line.value)))
                .monospace()
                .color(theme::signed(line.value)),
            RichText::new(text::line(view, receiver, sender, line)),
        );
    }
    row(
        ui,
        RichText::new(format!("{:>6}", text::signed(a.margin)))
            .monospace()
            .strong(),
        RichText::new("margin").strong(),
    );
    let objectors = a.objectors();
    if !objectors.is_empty() {
        let names: Vec<&str> = objectors
            .iter()
            .map(|l| view.setup().leader(*l).name.as_str())
            .collect();
        ui.label(RichText::new(format!("Objections from {}", names.join(", "))).color(theme::WARN));
    }
}
