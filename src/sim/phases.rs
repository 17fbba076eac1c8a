//! The systems of a turn, one group per phase. Each works on the working
//! copy in [`Snapshot`] through the [`Authority`]; `write_back` stores the
//! result in the entities at the end of the turn.

use super::MatchState;
use super::authority::{Authority, Control};
use super::components::*;
use crate::ai::{self, Reply};
use crate::rules::action::{self, Action, Answer};
use crate::rules::condition::Facts;
use crate::rules::event::{Event, EventKind};
use crate::rules::ids::PowerId;
use crate::rules::memory::{Memory, MemoryKind};
use crate::rules::relation::{PairTable, Relation};
use crate::rules::rng::{self, tag};
use crate::rules::setup::Effect;
use crate::rules::view::{PendingOffer, TreatyView, WorldView};
use crate::rules::{Submission, text};
use bevy::prelude::*;

/// Everything needed to resume a match from the middle (a saved game).
#[derive(Clone, Debug)]
pub struct Resume {
    pub view: WorldView,
    pub counters: super::authority::Counters,
    pub turn: u32,
    pub log: Vec<Event>,
    pub scores: Vec<f32>,
}

/// Starts a match: clears any previous one, spawns the world (at the
/// scenario's start, or as saved) as entities, and sets the state to
/// `Running` (it takes effect at the next update).
pub fn begin(world: &mut World, m: Match, resume: Option<Resume>) {
    let old: Vec<Entity> = world
        .query_filtered::<Entity, With<SimEntity>>()
        .iter(world)
        .collect();
    for e in old {
        world.despawn(e);
    }
    let n = m.setup.power_count();
    let resume = resume.unwrap_or_else(|| {
        let view = WorldView::new(m.setup.clone());
        Resume {
            counters: super::authority::Counters {
                next_proposal: 0,
                next_treaty: view.treaties.len() as u32,
            },
            scores: scores(&view),
            view,
            turn: 1,
            log: Vec::new(),
        }
    });
    let view = resume.view;
    let mut index = EntityIndex::default();
    for p in m.setup.power_ids() {
        let e = world
            .spawn((
                SimEntity,
                Power {
                    id: p,
                    control: m.controls.get(p.index()).cloned().unwrap_or(Control::Human),
                },
                Opinions {
                    memory: view.memory.row(p.index()).to_vec(),
                    trust: view.trust.row(p.index()).to_vec(),
                },
                Posture {
                    relations: view.relations.row(p.index()).to_vec(),
                    talks_ended: view.talks_ended.row(p.index()).to_vec(),
                    ambassador_recalled: view.recalled.row(p.index()).to_vec(),
                },
                Strength(view.strength(p)),
                Score(resume.scores.get(p.index()).copied().unwrap_or(0.0)),
                Name::new(m.setup.power(p).id.clone()),
            ))
            .id();
        index.powers.push(e);
    }
    for s in m.setup.state_ids() {
        let e = world
            .spawn((
                SimEntity,
                MapState {
                    id: s,
                    sphere: view.spheres[s.index()],
                    controller: view.controllers[s.index()],
                    partitioned_with: view.partitioned[s.index()],
                },
                Name::new(m.setup.state(s).id.clone()),
            ))
            .id();
        index.states.push(e);
    }
    for (i, members) in view.bloc_members.iter().enumerate() {
        world.spawn((
            SimEntity,
            Bloc {
                id: crate::rules::ids::BlocId(i as u8),
                members: members.clone(),
            },
        ));
    }
    for t in &view.treaties {
        let e = world.spawn((SimEntity, treaty_component(t))).id();
        index.treaties.insert(t.id, e);
    }
    for (p, refused) in view
        .pending
        .iter()
        .map(|p| (p, false))
        .chain(view.threats.iter().map(|p| (p, true)))
    {
        let e = world.spawn((SimEntity, proposal_component(p))).id();
        if let Some(consequence) = p.ultimatum {
            world.entity_mut(e).insert(Ultimatum {
                consequence,
                refused,
            });
        }
        index.proposals.insert(p.id, e);
    }
    debug_assert_eq!(index.powers.len(), n);
    world.insert_resource(index);
    world.insert_resource(Clock { turn: resume.turn });
    world.insert_resource(MatchLog(resume.log));
    world.insert_resource(Orders::default());
    world.insert_resource(Snapshot {
        scores: resume.scores,
        view,
        counters: resume.counters,
        events: Vec::new(),
        invasions: Vec::new(),
    });
    let over = resume.turn > m.turns;
    world.insert_resource(m);
    world.resource_mut::<NextState<MatchState>>().set(if over {
        MatchState::Over
    } else {
        MatchState::Running
    });
}

fn proposal_component(p: &PendingOffer) -> Proposal {
    Proposal {
        id: p.id,
        from: p.from,
        to: p.to,
        clauses: p.clauses.clone(),
        sent_day: p.sent_day,
        deadline_day: p.deadline_day,
    }
}

fn treaty_component(t: &TreatyView) -> Treaty {
    Treaty {
        id: t.id,
        name: t.name.clone(),
        parties: t.parties.clone(),
        clauses: t.clauses.clone(),
    }
}

/// Loads the working copy from the entities, so that the entities are the
/// record of the game between turns.
#[allow(clippy::type_complexity, clippy::too_many_arguments)] // a system reads every kind of entity
pub fn load_working_copy(
    m: Res<Match>,
    clock: Res<Clock>,
    mut snap: ResMut<Snapshot>,
    powers: Query<(&Power, &Opinions, &Posture, &Strength)>,
    states: Query<&MapState>,
    blocs: Query<&Bloc>,
    treaties: Query<&Treaty>,
    proposals: Query<(&Proposal, Option<&Ultimatum>)>,
) {
    let n = m.setup.power_count();
    let view = &mut snap.view;
    view.turn = clock.turn;
    view.day = m.setup.calendar.turn_start_day(clock.turn);
    let mut memory = PairTable::new(n, Memory::default());
    let mut trust = PairTable::new(n, 1.0f32);
    let mut relations = PairTable::new(n, Relation::Normal);
    let mut talks = PairTable::new(n, false);
    let mut recalled = PairTable::new(n, false);
    for (power, opinions, posture, strength) in &powers {
        let p = power.id.index();
        for q in 0..n {
            memory.set(p, q, opinions.memory.get(q).copied().unwrap_or_default());
            trust.set(p, q, opinions.trust.get(q).copied().unwrap_or(1.0));
            // Relations are symmetric: take the worse of the two rows.
            let r = posture.relations.get(q).copied().unwrap_or_default();
            if r > relations.get(p, q) {
                relations.set_pair(p, q, r);
            }
            talks.set(p, q, posture.talks_ended.get(q).copied().unwrap_or(false));
            recalled.set(
                p,
                q,
                posture.ambassador_recalled.get(q).copied().unwrap_or(false),
            );
        }
        view.strength[p] = strength.0;
    }
    view.memory = memory;
    view.trust = trust;
    view.relations = relations;
    view.talks_ended = talks;
    view.recalled = recalled;
    for s in &states {
        view.spheres[s.id.index()] = s.sphere;
        view.controllers[s.id.index()] = s.controller;
        view.partitioned[s.id.index()] = s.partitioned_with;
    }
    for b in &blocs {
        if let Some(slot) = view.bloc_members.get_mut(b.id.index()) {
            slot.clone_from(&b.members);
        }
    }
    let mut ts: Vec<TreatyView> = treaties
        .iter()
        .map(|t| TreatyView::new(t.id, t.name.clone(), t.parties.clone(), t.clauses.clone()))
        .collect();
    ts.sort_by_key(|t| t.id);
    view.treaties = ts;
    view.pending.clear();
    view.threats.clear();
    for (p, u) in &proposals {
        let offer = PendingOffer {
            id: p.id,
            from: p.from,
            to: p.to,
            clauses: p.clauses.clone(),
            sent_day: p.sent_day,
            deadline_day: p.deadline_day,
            ultimatum: u.map(|u| u.consequence),
        };
        if u.is_some_and(|u| u.refused) {
            view.threats.push(offer);
        } else {
            view.pending.push(offer);
        }
    }
    view.pending.sort_by_key(|p| p.id);
    view.threats.sort_by_key(|p| p.id);
    snap.events.clear();
    snap.invasions.clear();
}

/// Runs `f` with an authority over the working copy.
fn with_authority<R>(snap: &mut Snapshot, m: &Match, f: impl FnOnce(&mut Authority<'_>) -> R) -> R {
    let Snapshot {
        view,
        counters,
        events,
        invasions,
        ..
    } = snap;
    let mut authority = Authority {
        view,
        events,
        counters,
        controls: &m.controls,
        seed: m.seed,
        invasions,
    };
    f(&mut authority)
}

/// Scripted events whose date falls in this turn fire.
pub fn fire_scripted_events(m: Res<Match>, mut snap: ResMut<Snapshot>) {
    let setup = m.setup.clone();
    let start = snap.view.day;
    let end = start + setup.calendar.days_per_turn;
    with_authority(&mut snap, &m, |auth| {
        for event in setup
            .events
            .iter()
            .filter(|e| e.day >= start && e.day < end)
        {
            let mut e = Event::new(
                auth.view.turn,
                event.day,
                EventKind::Scripted,
                format!("{}: {}", event.title, event.text),
            );
            e.summary = e.summary.trim_end_matches(": ").to_string();
            auth.emit(e);
            for effect in &event.effects {
                match effect {
                    Effect::Memory {
                        of,
                        toward,
                        kind,
                        value,
                    } => {
                        let rule = *setup.model.memory_rule(*kind);
                        let cell = auth.view.memory.get_mut(of.index(), toward.index());
                        let now = cell.get(*kind);
                        cell.set(*kind, &rule, now + value);
                    }
                    Effect::Trust { of, toward, value } => {
                        auth.view.trust.set(of.index(), toward.index(), *value)
                    }
                    Effect::Relation { a, b, relation } => {
                        auth.set_relation(*a, *b, *relation, event.day, &event.title)
                    }
                    Effect::Strength { power, delta } => {
                        let s = &mut auth.view.strength[power.index()];
                        *s = (*s + delta).max(0.0);
                    }
                    Effect::Proposal {
                        from,
                        to,
                        clauses,
                        deadline_days,
                    } => {
                        if action::document(auth.view, *from, *to, clauses).is_ok() {
                            auth.send(
                                *from,
                                *to,
                                clauses.clone(),
                                *deadline_days,
                                None,
                                event.day,
                                None,
                            );
                        }
                    }
                }
            }
        }
    });
}

/// AI powers choose their actions.
pub fn submit_ai_actions(
    m: Res<Match>,
    mut snap: ResMut<Snapshot>,
    feed: Option<Res<super::replay::ReplayFeed>>,
    bots: Option<ResMut<super::bots::Bots>>,
    mut out: MessageWriter<ActionSubmitted>,
) {
    if let Some(feed) = feed {
        // A replay: the recorded actions, in their recorded order.
        for s in feed.actions(snap.view.turn) {
            out.write(ActionSubmitted(s.clone()));
        }
        return;
    }
    if let Some(mut bots) = bots {
        let Snapshot { view, events, .. } = &mut *snap;
        bot_actions(&m, view, events, &mut bots, &mut out);
    }
    for p in m.setup.power_ids() {
        let Some(Control::Ai(profile)) = m.controls.get(p.index()) else {
            continue;
        };
        let mut r = rng::stream(
            m.seed,
            snap.view.turn,
            rng::decision(tag::ACT, p.0.into(), 0),
        );
        for s in ai::act(&snap.view, p, &m.setup.profiles[*profile], &mut r) {
            out.write(ActionSubmitted(s));
        }
    }
}

/// The event that says why a bot's power passed.
fn bot_refusal(m: &Match, view: &WorldView, p: PowerId, day: u32, why: String) -> Event {
    let who = text::power(&m.setup, p);
    Event::new(
        view.turn,
        day,
        EventKind::ActionRefused,
        // The reason may quote what the bot sent: escaped and cut.
        format!("{who}'s bot: {}", text::shown(&why, 400)),
    )
    .by(p)
}

/// External bots choose their actions; whatever goes wrong, that power
/// passes and an event says why.
fn bot_actions(
    m: &Match,
    view: &WorldView,
    events: &mut Vec<Event>,
    bots: &mut super::bots::Bots,
    out: &mut MessageWriter<ActionSubmitted>,
) {
    use crate::ai::protocol;
    let day = m.setup.calendar.turn_start_day(view.turn);
    for p in m.setup.power_ids() {
        let Some(Control::Bot(cmd)) = m.controls.get(p.index()) else {
            continue;
        };
        let mut refuse = |why: String| events.push(bot_refusal(m, view, p, day, why));
        if !bots.started(p.index())
            && let Err(why) = bots.tell(p.index(), cmd, &protocol::hello(view, p))
        {
            refuse(format!("{why}; it passes"));
            continue;
        }
        match bots.ask(p.index(), cmd, &protocol::act_request(view, p)) {
            Ok(line) => match protocol::decode_actions(view, &line) {
                Ok(list) => {
                    for (i, a) in list.into_iter().enumerate() {
                        match a {
                            Ok(action) => {
                                out.write(ActionSubmitted(Submission {
                                    actor: p,
                                    day,
                                    action,
                                }));
                            }
                            Err(why) => refuse(format!("action {} ignored: {why}", i + 1)),
                        }
                    }
                }
                Err(why) => refuse(format!("unreadable answer ({why}); it passes this turn")),
            },
            Err(why) => refuse(format!("{why}; it passes this turn")),
        }
    }
}

/// External bots answer the offers addressed to them, all at once.
fn bot_answers(
    m: &Match,
    view: &WorldView,
    events: &mut Vec<Event>,
    bots: &mut super::bots::Bots,
    recorder: &mut Option<ResMut<super::replay::Recorder>>,
    decided: &mut MessageWriter<Decided>,
) {
    use crate::ai::protocol;
    let day = m.setup.calendar.turn_start_day(view.turn);
    for p in m.setup.power_ids() {
        let Some(Control::Bot(cmd)) = m.controls.get(p.index()) else {
            continue;
        };
        let offers: Vec<&PendingOffer> = view
            .pending
            .iter()
            .filter(|o| o.to == p && !view.talks_ended(p, o.from))
            .collect();
        if offers.is_empty() {
            continue;
        }
        let mut refuse = |why: String| events.push(bot_refusal(m, view, p, day, why));
        let temper = &m.setup.profiles[m.setup.power(p).default_profile];
        let answers = match bots.ask(
            p.index(),
            cmd,
            &protocol::answer_request(view, p, &offers, temper),
        ) {
            Ok(line) => match protocol::decode_answers(view, &line) {
                Ok(a) => a,
                Err(why) => {
                    refuse(format!(
                        "unreadable answer ({why}); its proposals stay unanswered"
                    ));
                    continue;
                }
            },
            Err(why) => {
                refuse(format!("{why}; its proposals stay unanswered"));
                continue;
            }
        };
        let mut seen = Vec::new();
        for (id, reply) in answers {
            let Some(offer) = offers.iter().find(|o| o.id == id) else {
                refuse(format!(
                    "answer to proposal #{} ignored: it is not addressed to it",
                    id.0
                ));
                continue;
            };
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            match reply {
                Ok(Reply::Wait) => {}
                Ok(reply) => {
                    let d = Decided {
                        proposal: id,
                        reply,
                        day: offer.sent_day.max(day),
                        probability: None,
                        objectors: Vec::new(),
                    };
                    if let Some(r) = recorder.as_mut() {
                        r.answer(view.turn, &d);
                    }
                    decided.write(d);
                }
                Err(why) => refuse(format!("answer to proposal #{} ignored: {why}", id.0)),
            }
        }
    }
}

/// Orders from humans and external programs join the action phase.
pub fn submit_orders(
    mut orders: ResMut<Orders>,
    feed: Option<Res<super::replay::ReplayFeed>>,
    mut out: MessageWriter<ActionSubmitted>,
) {
    if feed.is_some() {
        orders.0.clear(); // a replay has every order recorded already
        return;
    }
    for s in orders.0.drain(..) {
        out.write(ActionSubmitted(s));
    }
}

/// Carries out the submitted actions in date order.
pub fn carry_out_actions(
    m: Res<Match>,
    mut snap: ResMut<Snapshot>,
    mut submitted: MessageReader<ActionSubmitted>,
    mut decided: MessageWriter<Decided>,
    recorder: Option<ResMut<super::replay::Recorder>>,
) {
    let cal = &m.setup.calendar;
    let start = cal.turn_start_day(snap.view.turn);
    let last = start + cal.days_per_turn - 1;
    let arrived: Vec<Submission> = submitted.read().map(|s| s.0.clone()).collect();
    if let Some(mut recorder) = recorder {
        recorder.actions(snap.view.turn, &arrived);
    }
    let mut list: Vec<(usize, Submission)> = arrived.into_iter().enumerate().collect();
    list.sort_by_key(|(i, s)| (s.day.clamp(start, last), s.actor, *i));
    with_authority(&mut snap, &m, |auth| {
        for (_, s) in list {
            let day = s.day.clamp(start, last);
            auth.view.day = day;
            if s.actor.index() >= m.setup.power_count() {
                let e = Event::new(
                    auth.view.turn,
                    day,
                    EventKind::ActionRefused,
                    format!("an action by unknown power #{} is refused", s.actor.0),
                );
                auth.emit(e);
                continue;
            }
            if let Err(why) = action::check(auth.view, s.actor, &s.action) {
                let who = text::power(&m.setup, s.actor);
                // An AI planned at the start of the turn; what happened
                // since may have made the plan moot. Others are refused.
                let (kind, summary) =
                    if matches!(m.controls.get(s.actor.index()), Some(Control::Ai(_))) {
                        let order = text::action(auth.view, &s.action);
                        (
                            EventKind::PlanWithdrawn,
                            format!("{who} withdraws its plan ({order}): {why}"),
                        )
                    } else {
                        (
                            EventKind::ActionRefused,
                            format!("{who}'s action is refused: {why}"),
                        )
                    };
                let e = Event::new(auth.view.turn, day, kind, summary).by(s.actor);
                auth.emit(e);
                continue;
            }
            carry_out(auth, &m, s.actor, s.action, day, &mut decided);
        }
        auth.view.day = start;
    });
}

fn carry_out(
    auth: &mut Authority<'_>,
    m: &Match,
    actor: PowerId,
    action: Action,
    day: u32,
    decided: &mut MessageWriter<Decided>,
) {
    match action {
        Action::Propose {
            to,
            clauses,
            deadline_days,
        } => {
            auth.send(actor, to, clauses, deadline_days, None, day, None);
        }
        Action::Ultimatum {
            to,
            demands,
            deadline_days,
            consequence,
        } => {
            auth.send(
                actor,
                to,
                demands,
                deadline_days,
                Some(consequence),
                day,
                None,
            );
        }
        Action::Answer { proposal, answer } => {
            let reply = match answer {
                Answer::Accept => Reply::Accept,
                Answer::Reject => Reply::Reject,
                Answer::Counter(c) => Reply::Counter(c),
            };
            decided.write(Decided {
                proposal,
                reply,
                day,
                probability: None,
                objectors: Vec::new(),
            });
        }
        Action::Summit {
            with,
            rounds,
            clauses,
        } => summit(auth, m, actor, with, rounds, clauses, day),
        Action::SeverRelations { with } => auth.sever(actor, with, day, ""),
        Action::RestoreRelations { with } => {
            auth.set_relation(actor, with, Relation::Strained, day, "")
        }
        Action::RecallAmbassador { from } => auth.recall(actor, from, day),
        Action::EndTalks { with } => auth.end_talks(actor, with, day, "by decision"),
        Action::DeclareWar { on } => auth.declare_war(actor, on, None, day, "", 0),
        Action::Invade { state } => auth.invade(actor, state, day),
        Action::Denounce { treaty } => auth.break_treaty(treaty, actor, day, "denounced"),
    }
}

/// A conference of several rounds within the day: each round one side puts
/// a written document, the other accepts or counters. Humans are not asked
/// mid-conference: a summit with a human power ends with a written proposal.
#[allow(clippy::too_many_arguments)] // the parts of a summit
fn summit(
    auth: &mut Authority<'_>,
    m: &Match,
    host: PowerId,
    guest: PowerId,
    rounds: u8,
    clauses: Vec<crate::rules::Clause>,
    day: u32,
) {
    let setup = m.setup.clone();
    let leaders = |p: PowerId| {
        setup
            .power(p)
            .leaders
            .iter()
            .filter(|l| {
                setup.leader(**l).role != crate::rules::setup::Role::HeadOfState
                    && setup.leader(**l).role != crate::rules::setup::Role::Envoy
            })
            .map(|l| setup.leader(*l).name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = format!(
        "Conference of {} and {} ({}; {}): {} round(s)",
        text::power(&setup, host),
        text::power(&setup, guest),
        leaders(host),
        leaders(guest),
        rounds
    );
    let mut e =
        Event::new(auth.view.turn, day, EventKind::Conference, summary).between(host, guest);
    e.clauses = clauses.clone();
    auth.emit(e);
    let mut r = rng::stream(
        m.seed,
        auth.view.turn,
        rng::decision(tag::SUMMIT, host.0.into(), guest.0.into()),
    );
    let (mut from, mut to, mut doc) = (host, guest, clauses);
    let mut previous = None;
    for round in 0..rounds {
        let human = !matches!(m.controls.get(to.index()), Some(Control::Ai(_)));
        let id = auth.send(from, to, doc.clone(), 14, None, day, previous);
        if human {
            return;
        }
        let offer = match auth.view.pending.iter().find(|p| p.id == id) {
            Some(o) => o.clone(),
            None => return,
        };
        let temper = auth.temper(to).clone();
        let sender_temper = auth.temper(from).clone();
        let last = round + 1 == rounds;
        let (reply, assessment) =
            ai::answer(auth.view, &offer, &temper, &sender_temper, false, &mut r);
        match reply {
            Reply::Accept => {
                auth.take_pending(id);
                let mut e = Event::new(
                    auth.view.turn,
                    day,
                    EventKind::ProposalAccepted,
                    format!(
                        "{} accepts proposal #{} at the conference",
                        text::power(&setup, to),
                        id.0
                    ),
                )
                .between(to, from);
                e.proposal = Some(id);
                e.probability = assessment.as_ref().map(|a| a.probability);
                auth.emit(e);
                auth.sign(from, to, doc, day, Some(id));
                return;
            }
            Reply::Counter(c) if !last => {
                auth.take_pending(id);
                previous = Some(id);
                doc = c;
                std::mem::swap(&mut from, &mut to);
            }
            _ => return, // the document stays on the table as a written proposal
        }
    }
}

/// AI powers answer the proposals and ultimatums addressed to them.
pub fn answer_offers(
    m: Res<Match>,
    mut snap: ResMut<Snapshot>,
    feed: Option<Res<super::replay::ReplayFeed>>,
    mut recorder: Option<ResMut<super::replay::Recorder>>,
    bots: Option<ResMut<super::bots::Bots>>,
    mut decided: MessageWriter<Decided>,
) {
    if let Some(feed) = feed {
        for d in feed.answers(snap.view.turn) {
            decided.write(d);
        }
        return;
    }
    if let Some(mut bots) = bots {
        let Snapshot { view, events, .. } = &mut *snap;
        bot_answers(&m, view, events, &mut bots, &mut recorder, &mut decided);
    }
    let day_view = &mut snap.view;
    let cal = &m.setup.calendar;
    let start = cal.turn_start_day(day_view.turn);
    let next = start + cal.days_per_turn;
    let view_turn = day_view.turn;
    for i in 0..day_view.pending.len() {
        let offer = &day_view.pending[i].clone();
        let Some(Control::Ai(profile)) = m.controls.get(offer.to.index()) else {
            continue;
        };
        if day_view.talks_ended(offer.to, offer.from) {
            continue; // talks are over: it stays unanswered
        }
        let day = offer.sent_day.max(start);
        day_view.day = day;
        let sender = match m.controls.get(offer.from.index()) {
            Some(Control::Ai(i)) => *i,
            _ => m.setup.power(offer.from).default_profile,
        };
        let mut r = rng::stream(
            m.seed,
            view_turn,
            rng::decision(tag::ANSWER, offer.id.0.into(), 0),
        );
        let last_chance = offer.deadline_day < next;
        let (reply, assessment) = ai::answer(
            day_view,
            offer,
            &m.setup.profiles[*profile],
            &m.setup.profiles[sender],
            last_chance,
            &mut r,
        );
        if reply == Reply::Wait {
            continue;
        }
        let d = Decided {
            proposal: offer.id,
            reply,
            day,
            probability: assessment.as_ref().map(|a| a.probability),
            objectors: assessment.map(|a| a.objectors()).unwrap_or_default(),
        };
        if let Some(recorder) = recorder.as_mut() {
            recorder.answer(view_turn, &d);
        }
        decided.write(d);
    }
    day_view.day = start;
}

/// Answers take effect: treaties are signed, refusals remembered.
pub fn apply_decisions(
    m: Res<Match>,
    mut snap: ResMut<Snapshot>,
    mut decided: MessageReader<Decided>,
) {
    let mut list: Vec<Decided> = decided.read().cloned().collect();
    list.sort_by_key(|d| d.proposal);
    let setup = m.setup.clone();
    with_authority(&mut snap, &m, |auth| {
        for d in list {
            let Some(offer) = auth.take_pending(d.proposal) else {
                continue;
            };
            let (r, s) = (offer.to, offer.from);
            let names = (
                text::power(&setup, r).to_string(),
                text::power(&setup, s).to_string(),
            );
            let ultimatum = offer.ultimatum.is_some();
            let what = if ultimatum { "ultimatum" } else { "proposal" };
            let objectors = d
                .objectors
                .iter()
                .map(|l| setup.leader(*l).name.clone())
                .collect::<Vec<_>>();
            let objecting = if objectors.is_empty() {
                String::new()
            } else {
                format!("; objections from {}", objectors.join(", "))
            };
            let chance = d
                .probability
                .map(|p| format!(" (P = {:.0}%{objecting})", p * 100.0))
                .unwrap_or_default();
            let event = |kind, summary: String| {
                let mut e = Event::new(auth.view.turn, d.day, kind, summary).between(r, s);
                e.proposal = Some(offer.id);
                e.clauses = offer.clauses.clone();
                e.probability = d.probability;
                e.objectors = d.objectors.clone();
                e
            };
            match d.reply {
                Reply::Accept => {
                    auth.view.day = d.day;
                    if action::document(auth.view, s, r, &offer.clauses).is_err() {
                        let e = event(
                            EventKind::ProposalExpired,
                            format!(
                                "{}'s {what} #{} to {} lapses: it no longer fits the situation",
                                names.1, offer.id.0, names.0
                            ),
                        );
                        auth.emit(e);
                        continue;
                    }
                    let kind = if ultimatum {
                        EventKind::UltimatumAccepted
                    } else {
                        EventKind::ProposalAccepted
                    };
                    let e = event(
                        kind,
                        format!(
                            "{} accepts {}'s {what} #{}{chance}",
                            names.0, names.1, offer.id.0
                        ),
                    );
                    auth.emit(e);
                    auth.sign(s, r, offer.clauses.clone(), d.day, Some(offer.id));
                }
                Reply::Reject => {
                    let kind = if ultimatum {
                        EventKind::UltimatumRejected
                    } else {
                        EventKind::ProposalRejected
                    };
                    let e = event(
                        kind,
                        format!(
                            "{} rejects {}'s {what} #{}{chance}",
                            names.0, names.1, offer.id.0
                        ),
                    );
                    auth.emit(e);
                    auth.remember(s, r, MemoryKind::RefusedDeal, 1.0);
                    if ultimatum {
                        auth.view.threats.push(offer);
                    }
                }
                Reply::Counter(clauses) => {
                    auth.view.day = d.day;
                    if ultimatum || action::document(auth.view, r, s, &clauses).is_err() {
                        let e = event(
                            EventKind::ProposalRejected,
                            format!("{} rejects {}'s {what} #{}", names.0, names.1, offer.id.0),
                        );
                        auth.emit(e);
                        if ultimatum {
                            auth.view.threats.push(offer);
                        }
                        continue;
                    }
                    auth.send(r, s, clauses, 14, None, d.day, Some(offer.id));
                }
                Reply::EndTalks => {
                    let why = if ultimatum {
                        let proud = setup
                            .power(r)
                            .leaders
                            .iter()
                            .max_by(|a, b| {
                                setup.leader(**a).pride.total_cmp(&setup.leader(**b).pride)
                            })
                            .map(|l| setup.leader(*l).name.clone())
                            .unwrap_or_else(|| names.0.clone());
                        format!("{proud} takes the ultimatum as an insult")
                    } else {
                        "insulted".into()
                    };
                    let kind = if ultimatum {
                        EventKind::UltimatumRejected
                    } else {
                        EventKind::ProposalRejected
                    };
                    let e = event(
                        kind,
                        format!(
                            "{} rejects {}'s {what} #{}{chance}",
                            names.0, names.1, offer.id.0
                        ),
                    );
                    auth.emit(e);
                    auth.end_talks(r, s, d.day, &why);
                    if ultimatum {
                        auth.view.threats.push(offer);
                    }
                }
                Reply::Wait => auth.view.pending.push(offer),
            }
        }
        auth.view.pending.sort_by_key(|p| p.id);
    });
}

/// Deadlines that fall in this turn pass; unmet ultimatums are enforced;
/// invasions are fought.
pub fn expire_deadlines(m: Res<Match>, mut snap: ResMut<Snapshot>) {
    let cal = &m.setup.calendar;
    let next = cal.turn_start_day(snap.view.turn) + cal.days_per_turn;
    let invasions = std::mem::take(&mut snap.invasions);
    with_authority(&mut snap, &m, |auth| {
        let (due, keep): (Vec<PendingOffer>, Vec<PendingOffer>) =
            std::mem::take(&mut auth.view.pending)
                .into_iter()
                .partition(|p| p.deadline_day < next);
        auth.view.pending = keep;
        let (due_threats, keep): (Vec<PendingOffer>, Vec<PendingOffer>) =
            std::mem::take(&mut auth.view.threats)
                .into_iter()
                .partition(|p| p.deadline_day < next);
        auth.view.threats = keep;
        let mut all: Vec<(PendingOffer, bool)> = due
            .into_iter()
            .map(|p| (p, true))
            .chain(due_threats.into_iter().map(|p| (p, false)))
            .collect();
        all.sort_by_key(|(p, _)| (p.deadline_day, p.id));
        for (offer, unanswered) in all {
            let day = offer.deadline_day;
            auth.view.day = day;
            if unanswered {
                let kind = if offer.ultimatum.is_some() {
                    EventKind::UltimatumExpired
                } else {
                    EventKind::ProposalExpired
                };
                let what = if offer.ultimatum.is_some() {
                    "ultimatum"
                } else {
                    "proposal"
                };
                let mut e = Event::new(
                    auth.view.turn,
                    day,
                    kind,
                    format!(
                        "{}'s {what} #{} to {} expires unanswered",
                        text::power(&m.setup, offer.from),
                        offer.id.0,
                        text::power(&m.setup, offer.to)
                    ),
                )
                .between(offer.from, offer.to);
                e.proposal = Some(offer.id);
                e.clauses = offer.clauses.clone();
                auth.emit(e);
                auth.remember(offer.from, offer.to, MemoryKind::IgnoredProposal, 1.0);
            }
            if offer.ultimatum.is_some() {
                auth.enforce(&offer, day);
            }
        }
        for (by, state, day) in invasions {
            auth.view.day = day;
            auth.fight(by, state, day);
        }
        auth.view.day = cal.turn_start_day(auth.view.turn);
    });
}

/// Memory fades, kept treaties build trust, scores update.
pub fn fade_and_score(m: Res<Match>, mut snap: ResMut<Snapshot>) {
    let setup = m.setup.clone();
    let w = &setup.model;
    let view = &mut snap.view;
    for cell in view.memory.cells_mut() {
        cell.decay(&w.memory);
    }
    let treaties: Vec<(crate::rules::PowerId, crate::rules::PowerId)> = view
        .treaties
        .iter()
        .flat_map(|t| {
            t.parties.iter().flat_map(move |a| {
                t.parties
                    .iter()
                    .filter(move |b| *b != a)
                    .map(move |b| (*a, *b))
            })
        })
        .collect();
    let rule = *w.memory_rule(MemoryKind::TreatyInForce);
    for (a, b) in treaties {
        let t = view.trust.get_mut(a.index(), b.index());
        *t = (*t + w.trust_kept_per_turn).min(1.0);
        view.memory
            .get_mut(a.index(), b.index())
            .record(MemoryKind::TreatyInForce, &rule, 1.0);
    }
    let scores = scores(view);
    snap.scores = scores;
}

/// Each power's score: the points of its objectives that hold.
pub fn scores(view: &WorldView) -> Vec<f32> {
    let mut out = vec![0.0; view.setup.power_count()];
    for o in &view.setup.objectives {
        if o.condition.holds(view) {
            out[o.power.index()] += o.points;
        }
    }
    out
}

/// The label of the first outcome rule that holds.
pub fn outcome(view: &WorldView) -> String {
    view.setup
        .outcomes
        .iter()
        .find(|o| o.condition.holds(view))
        .map_or_else(|| "undecided".to_string(), |o| o.label.clone())
}

/// The turn's events, in date order, become outcome messages and log lines.
pub fn record_outcomes(
    mut snap: ResMut<Snapshot>,
    mut log: ResMut<MatchLog>,
    mut out: MessageWriter<Outcome>,
) {
    let mut events = std::mem::take(&mut snap.events);
    events.sort_by_key(|e| e.day);
    for e in events {
        out.write(Outcome(e.clone()));
        log.0.push(e);
    }
}

/// Writes the working copy back into the entities.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn write_back(
    mut commands: Commands,
    snap: Res<Snapshot>,
    mut index: ResMut<EntityIndex>,
    mut powers: Query<(
        &Power,
        &mut Opinions,
        &mut Posture,
        &mut Strength,
        &mut Score,
    )>,
    mut states: Query<&mut MapState>,
    mut blocs: Query<&mut Bloc>,
    proposals: Query<(&Proposal, Option<&Ultimatum>)>,
) {
    let view = &snap.view;
    let n = view.setup.power_count();
    for (power, mut opinions, mut posture, mut strength, mut score) in &mut powers {
        let p = power.id.index();
        opinions.memory.clear();
        opinions.memory.extend_from_slice(view.memory.row(p));
        opinions.trust.clear();
        opinions.trust.extend_from_slice(view.trust.row(p));
        posture.relations.clear();
        posture.relations.extend_from_slice(view.relations.row(p));
        posture.talks_ended.clear();
        posture
            .talks_ended
            .extend_from_slice(view.talks_ended.row(p));
        posture.ambassador_recalled.clear();
        posture
            .ambassador_recalled
            .extend_from_slice(view.recalled.row(p));
        debug_assert_eq!(posture.relations.len(), n);
        strength.0 = view.strength[p];
        score.0 = snap.scores.get(p).copied().unwrap_or(0.0);
    }
    for mut s in &mut states {
        let i = s.id.index();
        s.sphere = view.spheres[i];
        s.controller = view.controllers[i];
        s.partitioned_with = view.partitioned[i];
    }
    for mut b in &mut blocs {
        if let Some(m) = view.bloc_members.get(b.id.index()) {
            b.members.clone_from(m);
        }
    }
    // Treaties: despawn those no longer in force, spawn the new ones.
    let live: std::collections::BTreeSet<_> = view.treaties.iter().map(|t| t.id).collect();
    let gone: Vec<_> = index
        .treaties
        .keys()
        .filter(|id| !live.contains(id))
        .copied()
        .collect();
    for id in gone {
        if let Some(e) = index.treaties.remove(&id) {
            commands.entity(e).despawn();
        }
    }
    for t in &view.treaties {
        index
            .treaties
            .entry(t.id)
            .or_insert_with(|| commands.spawn((SimEntity, treaty_component(t))).id());
    }
    // Proposals and refused ultimatums awaiting their deadline.
    let mut live = std::collections::BTreeMap::new();
    for p in &view.pending {
        live.insert(p.id, (p, false));
    }
    for p in &view.threats {
        live.insert(p.id, (p, true));
    }
    let gone: Vec<_> = index
        .proposals
        .keys()
        .filter(|id| !live.contains_key(id))
        .copied()
        .collect();
    for id in gone {
        if let Some(e) = index.proposals.remove(&id) {
            commands.entity(e).despawn();
        }
    }
    for (id, (p, refused)) in live {
        match index.proposals.get(&id) {
            Some(e) => {
                let was_refused = proposals
                    .get(*e)
                    .ok()
                    .and_then(|(_, u)| u.map(|u| u.refused))
                    .unwrap_or(false);
                if refused != was_refused
                    && let Some(consequence) = p.ultimatum
                {
                    commands.entity(*e).insert(Ultimatum {
                        consequence,
                        refused,
                    });
                }
            }
            None => {
                let mut entity = commands.spawn((SimEntity, proposal_component(p)));
                if let Some(consequence) = p.ultimatum {
                    entity.insert(Ultimatum {
                        consequence,
                        refused,
                    });
                }
                index.proposals.insert(id, entity.id());
            }
        }
    }
}

/// The next turn; after the last, the match is over.
pub fn advance_clock(
    m: Res<Match>,
    mut clock: ResMut<Clock>,
    mut gate: ResMut<super::TurnGate>,
    mut snap: ResMut<Snapshot>,
    mut next: ResMut<NextState<MatchState>>,
) {
    clock.turn += 1;
    gate.requested = gate.requested.saturating_sub(1);
    // Between turns the working copy shows the coming turn's date.
    snap.view.turn = clock.turn;
    snap.view.day = m.setup.calendar.turn_start_day(clock.turn);
    if clock.turn > m.turns {
        NextState::set_if_neq(&mut next, MatchState::Over);
    }
}
