//! The inbox: proposals and ultimatums received, with our own assessment, and conferences.

use super::*;

pub(super) fn inbox_tab(
    ui: &mut Ui,
    view: &dyn View,
    m: &Match,
    me: PowerId,
    s: &Session,
    log: Option<&MatchLog>,
    q: &mut UiQueue,
) {
    let setup = &view.setup();
    ui.heading("Inbox");
    let (inbox, due) = awaiting_us(view, me);
    if inbox.is_empty() && due.is_empty() {
        ui.label(RichText::new("Nothing awaits your answer.").color(MUTED));
    }
    egui::ScrollArea::vertical()
        .id_salt("inbox_scroll")
        .show(ui, |ui| {
            for threat in due {
                due_threat(ui, view, threat, s, q);
                ui.add_space(6.0);
            }
            for offer in inbox {
                let answered = s.orders.iter().find_map(|o| {
                    if let Action::Answer { proposal, answer } = &o.action
                        && *proposal == offer.id
                    {
                        Some(answer.clone())
                    } else {
                        None
                    }
                });
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let what = match offer.ultimatum {
                        Some(c) => format!(
                            "Ultimatum #{} from {} — or {}",
                            offer.id.0,
                            text::power(setup, offer.from),
                            c.describe()
                        ),
                        None => format!(
                            "Proposal #{} from {}",
                            offer.id.0,
                            text::power(setup, offer.from)
                        ),
                    };
                    ui.label(
                        RichText::new(what)
                            .strong()
                            .color(if offer.ultimatum.is_some() {
                                theme::BAD
                            } else {
                                GOLD
                            }),
                    );
                    ui.label(
                        RichText::new(format!(
                            "Sent {}, answer by {}",
                            setup.calendar.date(offer.sent_day).long(),
                            setup.calendar.date(offer.deadline_day).long()
                        ))
                        .color(MUTED),
                    );
                    numbered_clauses(ui, view, &offer.clauses, offer.secret);
                    let a = crate::ai::assess(view, offer, temper(m, me));
                    egui::CollapsingHeader::new("Our assessment")
                        .id_salt(("assessment", offer.id.0))
                        .default_open(true)
                        .show(ui, |ui| breakdown(ui, view, me, offer.from, &a, None));
                    ui.horizontal(|ui| {
                        if let Some(ans) = &answered {
                            let word = match ans {
                                Answer::Accept => "accept",
                                Answer::Reject => "reject",
                                Answer::Counter(_) => "counter",
                            };
                            ui.label(
                                RichText::new(format!(
                                    "Your order: {word} (cancel it in the bottom bar)"
                                ))
                                .color(MUTED),
                            );
                            return;
                        }
                        if ui
                            .button("Accept")
                            .on_hover_text("Sign it: it takes force when the turn ends")
                            .clicked()
                        {
                            q.push(UiAction::Order(Action::Answer {
                                proposal: offer.id,
                                answer: Answer::Accept,
                            }));
                        }
                        if ui
                            .button("Reject")
                            .on_hover_text("Refuse it (they will remember)")
                            .clicked()
                        {
                            q.push(UiAction::Order(Action::Answer {
                                proposal: offer.id,
                                answer: Answer::Reject,
                            }));
                        }
                        if offer.ultimatum.is_none()
                            && ui
                                .button("Counter…")
                                .on_hover_text("Edit the clauses and send them back")
                                .clicked()
                        {
                            q.push(UiAction::CounterTo(offer.id));
                        }
                        ui.label(
                            RichText::new("or leave it unanswered until the deadline").color(MUTED),
                        );
                    });
                });
                ui.add_space(6.0);
            }
            let sent: Vec<_> = view.pending().filter(|p| p.from == me).collect();
            if !sent.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Awaiting their answer").strong());
                for p in sent {
                    ui.label(format!(
                        "#{} to {}: {} (by {})",
                        p.id.0,
                        text::power(setup, p.to),
                        text::clauses(view, &p.clauses),
                        setup.calendar.date(p.deadline_day).long()
                    ));
                }
            }
            intelligence(ui, view, log, me);
        });
}

/// The clauses of a document, numbered, the secret ones marked.
fn numbered_clauses(ui: &mut Ui, view: &dyn View, clauses: &[Clause], secret: Secret) {
    for (i, c) in clauses.iter().enumerate() {
        let line = format!("{}. {}", i + 1, text::clause(view, c));
        if secret.has(i) {
            ui.label(RichText::new(format!("{line} (secret)")).italics())
                .on_hover_text("A secret clause: only the signatories will know it");
        } else {
            ui.label(line);
        }
    }
}

/// One of our ultimatums past its deadline, unmet: carry out the threat
/// or back down, with what each costs us.
fn due_threat(ui: &mut Ui, view: &dyn View, threat: &PendingOffer, s: &Session, q: &mut UiQueue) {
    let setup = &view.setup();
    let Some(consequence) = threat.ultimatum else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(format!(
                "Our ultimatum #{} to {} went unmet: carry out the threat ({}) or back down?",
                threat.id.0,
                text::power(setup, threat.to),
                consequence.describe()
            ))
            .strong()
            .color(theme::BAD),
        );
        ui.label(
            RichText::new(format!(
                "Decide by {}, or we back down",
                setup.calendar.date(threat.deadline_day).long()
            ))
            .color(MUTED),
        );
        numbered_clauses(ui, view, &threat.clauses, threat.secret);
        let c = threat::choice(view, threat);
        ui.label(format!(
            "Carrying it out costs us about {:.1} points (what the consequence costs).",
            c.carry_out
        ));
        ui.label(format!(
            "Backing down costs about {:.1} points in prestige, and our credibility with {} \
             falls from {:.0}% to {:.0}%.",
            c.back_down,
            text::power(setup, threat.to),
            c.credibility * 100.0,
            c.credibility_after * 100.0
        ));
        let decided = s.orders.iter().any(|o| {
            matches!(o.action, Action::CarryOut { proposal } | Action::BackDown { proposal }
                if proposal == threat.id)
        });
        if decided {
            ui.label(RichText::new("Decided (cancel it in the bottom bar)").color(MUTED));
            return;
        }
        ui.horizontal(|ui| {
            if ui
                .button("Carry out the threat")
                .on_hover_text("Keep our word: the threat takes effect when the turn ends")
                .clicked()
            {
                q.push(UiAction::Order(Action::CarryOut {
                    proposal: threat.id,
                }));
            }
            if ui
                .button("Back down")
                .on_hover_text("Let the threat lapse: cheaper now, dearer for every later threat")
                .clicked()
            {
                q.push(UiAction::Order(Action::BackDown {
                    proposal: threat.id,
                }));
            }
        });
    });
}

/// What our envoys learnt: secrets of others' treaties found out.
fn intelligence(ui: &mut Ui, view: &dyn View, log: Option<&MatchLog>, me: PowerId) {
    let Some(log) = log else { return };
    let reports: Vec<_> = log
        .0
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::SecretDiscovered | EventKind::SecretProtocol
            ) && e.seen_by(me)
        })
        .collect();
    if reports.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Intelligence reports").strong())
        .on_hover_text("Secret clauses we signed, and others' our envoys found out");
    for e in reports.iter().rev().take(12) {
        let day = view.setup().calendar.date(e.day).long();
        ui.label(format!("{day} — {}", e.summary));
    }
}

/// The conference view: every summit we took part in, round by round
/// (the documents traded and how the conference ended).
pub(super) fn conferences(ui: &mut Ui, view: &dyn View, log: Option<&MatchLog>, me: PowerId) {
    let setup = &view.setup();
    ui.heading("Conferences");
    let Some(log) = log else { return };
    let ours: Vec<&crate::rules::event::Event> = log
        .0
        .iter()
        .filter(|e| e.kind == EventKind::Conference && (e.from == Some(me) || e.to == Some(me)))
        .collect();
    if ours.is_empty() {
        ui.label(RichText::new("No summit yet. Hold one from the composer: a conference of two rounds in which each side may counter, signed on the spot if it succeeds.").color(MUTED));
        return;
    }
    for c in ours {
        let (a, b) = (c.from, c.to);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(setup.calendar.date(c.day).long()).color(MUTED));
            ui.label(RichText::new(&c.summary).strong().color(GOLD));
            let rounds = log.0.iter().filter(|e| {
                e.day == c.day
                    && e.turn == c.turn
                    && ((e.from == a && e.to == b) || (e.from == b && e.to == a))
                    && matches!(
                        e.kind,
                        EventKind::ProposalSent
                            | EventKind::ProposalCountered
                            | EventKind::ProposalAccepted
                            | EventKind::TreatySigned
                    )
            });
            for (i, e) in rounds.enumerate() {
                ui.label(
                    RichText::new(format!("{}. {}", i + 1, e.summary))
                        .color(kind_colour(e.kind).lerp_to_gamma(PARCHMENT, 0.5)),
                );
            }
        });
        ui.add_space(4.0);
    }
}
