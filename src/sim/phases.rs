//! The systems of a turn, one group per phase. Each is an exclusive system
//! over the ECS world: it reads through the rules' view of the world and
//! changes it through the [`Authority`], so what it changes is the world
//! itself — there is no working copy to load or write back.

use super::MatchState;
use super::authority::{Authority, Control, Draft};
use super::components::*;
use super::record::{Recorder, ReplayFeed};
use super::registry::SavedWorld;
use super::world::EcsView;
use crate::ai::{self, Reply};
use crate::rules::action::{self, Action, Answer};
use crate::rules::clause::Secret;
use crate::rules::counter::counter_proposal;
use crate::rules::event::{Event, EventKind};
use crate::rules::ids::PowerId;
use crate::rules::intel::Perspective;
use crate::rules::memory::MemoryKind;
use crate::rules::model::{Offer, evaluate};
use crate::rules::rng::{self, tag};
use crate::rules::setup::Effect;
use crate::rules::view::{PendingOffer, Stage, View, ViewExt};
use crate::rules::{Submission, text};
use bevy::ecs::message::Messages;
use bevy::prelude::*;

/// Puts a match into `world`: clears any previous one, then spawns the
/// world at the scenario's start (or as saved). Used by [`begin`], and by
/// tests that drive the authority without the schedule.
pub fn spawn_match(world: &mut World, m: Match, saved: Option<SavedWorld>) {
    let old: Vec<Entity> = world
        .query_filtered::<Entity, With<SimEntity>>()
        .iter(world)
        .collect();
    for e in old {
        world.despawn(e);
    }
    let saved = saved.unwrap_or_else(|| SavedWorld::start(&m.setup));
    saved.spawn(world);
    world.insert_resource(TurnEvents::default());
    world.insert_resource(Orders::default());
    world.insert_resource(m);
}

/// Starts a match: puts it into `world` (at the scenario's start, or as
/// saved) and sets the state to `Running` (it takes effect at the next
/// update), or `Over` for a finished one.
pub fn begin(world: &mut World, m: Match, saved: Option<SavedWorld>) {
    let turns = m.turns;
    spawn_match(world, m, saved);
    let over = world
        .get_resource::<Clock>()
        .is_some_and(|c| c.turn > turns);
    if let Some(mut next) = world.get_resource_mut::<NextState<MatchState>>() {
        next.set(if over {
            MatchState::Over
        } else {
            MatchState::Running
        });
    }
}

/// The turn opens on its first day.
pub fn open_turn(world: &mut World) {
    let Some(m) = world.get_resource::<Match>() else {
        return;
    };
    let cal = m.setup.calendar.clone();
    if let Some(mut clock) = world.get_resource_mut::<Clock>() {
        clock.day = cal.turn_start_day(clock.turn);
    }
    if let Some(mut events) = world.get_resource_mut::<TurnEvents>() {
        events.0.clear();
    }
}

/// Scripted events whose date falls in this turn fire, those with an
/// `only_if` only if it holds as the turn begins (after the events before
/// them).
pub fn fire_scripted_events(world: &mut World) {
    let Some(mut auth) = Authority::new(world) else {
        return;
    };
    let setup = auth.setup().clone();
    let start = auth.view().day();
    let end = start + setup.calendar.days_per_turn;
    for event in setup
        .events
        .iter()
        .filter(|e| e.day >= start && e.day < end)
    {
        if event
            .only_if
            .as_ref()
            .is_some_and(|c| !c.holds(&auth.view()))
        {
            continue;
        }
        let mut e = Event::new(
            auth.view().turn(),
            event.day,
            EventKind::Scripted,
            format!("{}: {}", event.title, event.text),
        );
        e.summary = e.summary.trim_end_matches(": ").to_string();
        e.scripted = Some(event.id.clone());
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
                    if let Some(pair) = auth.pair_mut(*of, *toward) {
                        let now = pair.memory.get(*kind);
                        pair.memory.set(*kind, &rule, now + value);
                    }
                }
                Effect::Trust { of, toward, value } => {
                    if let Some(pair) = auth.pair_mut(*of, *toward) {
                        pair.trust = *value;
                    }
                }
                Effect::Relation { a, b, relation } => {
                    auth.set_relation(*a, *b, *relation, event.day, &event.title)
                }
                Effect::Strength { power, delta } => {
                    if let Some(s) = auth.strength_mut(*power) {
                        *s = (*s + delta).max(0.0);
                    }
                }
                Effect::Proposal {
                    from,
                    to,
                    clauses,
                    deadline_days,
                } => {
                    if action::document(&auth.view(), *from, *to, clauses).is_ok() {
                        let draft = Draft::proposal(*from, *to, clauses.clone(), *deadline_days);
                        auth.send(draft, event.day);
                    }
                }
            }
        }
    }
}

/// AI powers choose their actions (a replay feeds its recorded ones; bots
/// are asked).
pub fn submit_ai_actions(world: &mut World) {
    let Some(m) = world.get_resource::<Match>().cloned() else {
        return;
    };
    let turn = world.get_resource::<Clock>().map_or(1, |c| c.turn);
    let mut out: Vec<Submission> = Vec::new();
    if let Some(feed) = world.get_resource::<ReplayFeed>() {
        // A replay: the recorded actions, in their recorded order.
        out.extend(feed.actions(turn).iter().cloned());
    } else {
        if world.contains_resource::<super::bots::Bots>() {
            world.resource_scope(|world, mut bots: Mut<super::bots::Bots>| {
                let Some(view) = EcsView::of(world) else {
                    return;
                };
                let (actions, refusals) = bot_actions(&m, &view, &mut bots);
                out.extend(actions);
                let mut events = Vec::new();
                events.extend(refusals);
                if let Some(mut log) = world.get_resource_mut::<TurnEvents>() {
                    log.0.extend(events);
                }
            });
        }
        if let Some(view) = EcsView::of(world) {
            for p in m.setup.power_ids() {
                let Some(Control::Ai(profile, level)) = m.controls.get(p.index()) else {
                    continue;
                };
                let mut r = rng::stream(m.seed, turn, rng::decision(tag::ACT, p.0.into(), 0));
                let known = Perspective::new(&view, p);
                let player = ai::Player {
                    profile: &m.setup.profiles[*profile],
                    level: *level,
                };
                out.extend(ai::act(&known, p, player, &mut r));
            }
        }
    }
    for s in out {
        world.write_message(ActionSubmitted(s));
    }
}

/// The event that says why a bot's power passed.
fn bot_refusal(m: &Match, view: &dyn View, p: PowerId, day: u32, why: String) -> Event {
    let who = text::power(&m.setup, p);
    Event::new(
        view.turn(),
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
    view: &dyn View,
    bots: &mut super::bots::Bots,
) -> (Vec<Submission>, Vec<Event>) {
    use crate::ai::protocol;
    let day = m.setup.calendar.turn_start_day(view.turn());
    let mut out = Vec::new();
    let mut events = Vec::new();
    for p in m.setup.power_ids() {
        let Some(Control::Bot(cmd)) = m.controls.get(p.index()) else {
            continue;
        };
        let mut refuse = |why: String| events.push(bot_refusal(m, view, p, day, why));
        if !bots.started(p.index())
            && let Err(why) = bots.greet(p.index(), cmd, protocol::hello(view, p))
        {
            refuse(format!("{why}; it passes"));
            continue;
        }
        let mut preview = |draft: &serde_json::Value| protocol::preview(view, p, draft);
        match bots.ask(p.index(), cmd, protocol::act_request(view, p), &mut preview) {
            Ok(line) => match protocol::decode_actions(view, &line) {
                Ok(list) => {
                    for (i, a) in list.into_iter().enumerate() {
                        match a {
                            Ok(action) => out.push(Submission {
                                actor: p,
                                day,
                                action,
                                why: None,
                            }),
                            Err(why) => refuse(format!("action {} ignored: {why}", i + 1)),
                        }
                    }
                }
                Err(why) => refuse(format!("unreadable answer ({why}); it passes this turn")),
            },
            Err(why) => refuse(format!("{why}; it passes this turn")),
        }
    }
    (out, events)
}

/// External bots answer the offers addressed to them, all at once.
fn bot_answers(
    m: &Match,
    view: &dyn View,
    bots: &mut super::bots::Bots,
) -> (Vec<Decided>, Vec<Event>) {
    use crate::ai::protocol;
    let day = m.setup.calendar.turn_start_day(view.turn());
    let mut decided = Vec::new();
    let mut events = Vec::new();
    for p in m.setup.power_ids() {
        let Some(Control::Bot(cmd)) = m.controls.get(p.index()) else {
            continue;
        };
        let offers: Vec<&PendingOffer> = view
            .pending()
            .filter(|o| o.to == p && !view.talks_ended(p, o.from))
            .collect();
        if offers.is_empty() {
            continue;
        }
        let mut refuse = |why: String| events.push(bot_refusal(m, view, p, day, why));
        let temper = &m.setup.profiles[m.setup.power(p).default_profile];
        let mut preview = |draft: &serde_json::Value| protocol::preview(view, p, draft);
        let answers = match bots.ask(
            p.index(),
            cmd,
            protocol::answer_request(view, p, &offers, temper),
            &mut preview,
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
                Ok(reply) => decided.push(Decided {
                    proposal: id,
                    reply,
                    day: offer.sent_day.max(day),
                    probability: None,
                    objectors: Vec::new(),
                    margin: None,
                    breakdown: Vec::new(),
                }),
                Err(why) => refuse(format!("answer to proposal #{} ignored: {why}", id.0)),
            }
        }
    }
    (decided, events)
}

/// Orders from humans and external programs join the action phase.
pub fn submit_orders(world: &mut World) {
    let replaying = world.contains_resource::<ReplayFeed>();
    let Some(mut orders) = world.get_resource_mut::<Orders>() else {
        return;
    };
    let list = std::mem::take(&mut orders.0);
    if replaying {
        return; // a replay has every order recorded already
    }
    for s in list {
        world.write_message(ActionSubmitted(s));
    }
}

/// Carries out the submitted actions in date order.
pub fn carry_out_actions(world: &mut World) {
    let arrived: Vec<Submission> = match world.get_resource_mut::<Messages<ActionSubmitted>>() {
        Some(mut messages) => messages.drain().map(|s| s.0).collect(),
        None => return,
    };
    let turn = world.get_resource::<Clock>().map_or(1, |c| c.turn);
    if let Some(mut recorder) = world.get_resource_mut::<Recorder>() {
        recorder.actions(turn, &arrived);
    }
    let Some(mut auth) = Authority::new(world) else {
        return;
    };
    let setup = auth.setup().clone();
    let cal = &setup.calendar;
    let start = cal.turn_start_day(turn);
    let last = start + cal.days_per_turn - 1;
    let mut list: Vec<(usize, Submission)> = arrived.into_iter().enumerate().collect();
    list.sort_by_key(|(i, s)| (s.day.clamp(start, last), s.actor, *i));
    let mut decided = Vec::new();
    for (_, s) in list {
        let day = s.day.clamp(start, last);
        auth.set_day(day);
        if s.actor.index() >= setup.power_count() {
            let e = Event::new(
                turn,
                day,
                EventKind::ActionRefused,
                format!("an action by unknown power #{} is refused", s.actor.0),
            );
            auth.emit(e);
            continue;
        }
        if let Err(why) = action::check(&auth.view(), s.actor, &s.action) {
            let who = text::power(&setup, s.actor);
            // An AI planned at the start of the turn; what happened
            // since may have made the plan moot. Others are refused.
            let (kind, summary) = if matches!(auth.control(s.actor), Some(Control::Ai(..))) {
                let order = text::action(&auth.view(), &s.action);
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
            let e = Event::new(turn, day, kind, summary).by(s.actor);
            auth.emit(e);
            continue;
        }
        if let Some(Control::Ai(_, level)) = auth.control(s.actor).cloned()
            && let Some(theirs) = ai::mirrored(&auth.view(), s.actor, level, &s.action)
        {
            let who = text::power(&setup, s.actor);
            let order = text::action(&auth.view(), &s.action);
            let summary = format!(
                "{who} withdraws its plan ({order}): it answers proposal #{} instead",
                theirs.0
            );
            auth.emit(Event::new(turn, day, EventKind::PlanWithdrawn, summary).by(s.actor));
            continue;
        }
        let mark = auth.emitted();
        carry_out(&mut auth, s.actor, s.action, day, &mut decided);
        if let Some(why) = s.why {
            auth.give_reason(mark, s.actor, why);
        }
    }
    auth.set_day(start);
    for d in decided {
        world.write_message(d);
    }
}

fn carry_out(
    auth: &mut Authority<'_>,
    actor: PowerId,
    action: Action,
    day: u32,
    decided: &mut Vec<Decided>,
) {
    match action {
        Action::Propose {
            to,
            clauses,
            deadline_days,
            secret,
        } => {
            let draft = Draft::proposal(actor, to, clauses, deadline_days).secret(secret);
            auth.send(draft, day);
        }
        Action::Ultimatum {
            to,
            demands,
            deadline_days,
            consequence,
            secret,
        } => {
            let draft = Draft::proposal(actor, to, demands, deadline_days)
                .secret(secret)
                .threat(consequence);
            auth.send(draft, day);
        }
        Action::CarryOut { proposal } => {
            if let Some(threat) = auth.take_offer(proposal) {
                auth.carry_out_threat(&threat, day);
            }
        }
        Action::BackDown { proposal } => {
            if let Some(threat) = auth.take_offer(proposal) {
                auth.back_down(&threat, day, "by decision");
            }
        }
        Action::Answer { proposal, answer } => {
            let reply = match answer {
                Answer::Accept => Reply::Accept,
                Answer::Reject => Reply::Reject,
                Answer::Counter(c) => Reply::Counter(c),
            };
            decided.push(Decided {
                proposal,
                reply,
                day,
                probability: None,
                objectors: Vec::new(),
                margin: None,
                breakdown: Vec::new(),
            });
        }
        Action::Summit {
            with,
            rounds,
            clauses,
            secret,
        } => summit(auth, actor, with, rounds, (clauses, secret), day),
        Action::SeverRelations { with } => auth.sever(actor, with, day, ""),
        Action::RestoreRelations { with } => {
            auth.set_relation(actor, with, crate::rules::Relation::Strained, day, "")
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
fn summit(
    auth: &mut Authority<'_>,
    host: PowerId,
    guest: PowerId,
    rounds: u8,
    (clauses, secret): (Vec<crate::rules::Clause>, Secret),
    day: u32,
) {
    let setup = auth.setup().clone();
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
    // The delegations, those that have leaders ("Stalin, Molotov;
    // Hitler, Ribbentrop"), or none at all.
    let delegations: Vec<String> = [leaders(host), leaders(guest)]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    let delegations = if delegations.is_empty() {
        String::new()
    } else {
        format!(" ({})", delegations.join("; "))
    };
    let summary = format!(
        "Conference of {} and {}{delegations}: {}",
        text::power(&setup, host),
        text::power(&setup, guest),
        text::count(usize::from(rounds), "round")
    );
    let (turn, seed) = (auth.view().turn(), auth.seed());
    let mut e = Event::new(turn, day, EventKind::Conference, summary).between(host, guest);
    e.clauses = clauses.clone();
    auth.emit(e);
    let (mut from, mut to, mut doc, mut secret) = (host, guest, clauses, secret);
    let mut previous = None;
    for round in 0..rounds {
        let human = !matches!(auth.control(to), Some(Control::Ai(..)));
        let deadline = setup.model.deadline();
        let mut draft = Draft::proposal(from, to, doc.clone(), deadline).secret(secret);
        draft.counter_to = previous;
        let id = auth.send(draft, day);
        if human {
            return;
        }
        let Some(offer) = auth.view().pending_offer(id).cloned() else {
            return;
        };
        let last = round + 1 == rounds;
        // Face to face, nothing is signed unless the model says both sides
        // want it: the receiver signs as it would a written proposal (in
        // the same mood toward the proposer, so a summit a week is no
        // lottery), and the proposer gains from the document (a human
        // proposer wants what it proposes).
        let (accepted, counter, assessment) = {
            let view = auth.view();
            let temper = auth.temper(to).clone();
            let level = match auth.control(to) {
                Some(Control::Ai(_, level)) => *level,
                Some(Control::Human | Control::Bot(_)) | None => ai::Level::Normal,
            };
            let player = ai::Player {
                profile: &temper,
                level,
            };
            let theirs = ai::judged(&Perspective::new(&view, to), &offer, player);
            let mood = mood(seed, turn, to, from);
            let wanted = match auth.control(from) {
                Some(Control::Ai(..)) => {
                    let own = auth.temper(from).clone();
                    let mirror = Offer::proposal(to, from, &doc, day, day + deadline);
                    let mine = evaluate(&Perspective::new(&view, from), &mirror, &own);
                    mine.vetoed_by.is_none() && mine.margin + own.reservation > 0.0
                }
                Some(Control::Human | Control::Bot(_)) | None => true,
            };
            let accepted = ai::signs(&theirs, level, mood) && wanted;
            let counter = if accepted || last || !mood.bargains(&temper) {
                None
            } else {
                let public = setup.profiles[setup.power(from).default_profile].clone();
                counter_proposal(
                    &Perspective::new(&view, to),
                    &ai::as_offer(&offer),
                    &temper,
                    &public,
                )
                .map(|c| c.clauses)
            };
            (accepted, counter, theirs)
        };
        if accepted {
            auth.take_pending(id);
            let mut e = Event::new(
                turn,
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
            e.probability = Some(assessment.probability);
            e.margin = Some(assessment.margin);
            e.breakdown = text::reasons(&auth.view(), to, from, &assessment);
            auth.emit(e);
            auth.sign(from, to, doc, secret, day, Some(id));
            return;
        }
        match counter {
            Some(c) if !last => {
                auth.take_pending(id);
                previous = Some(id);
                secret = secret.carried(&doc, &c);
                doc = c;
                std::mem::swap(&mut from, &mut to);
            }
            // The document stays on the table as a written proposal.
            Some(_) | None => return,
        }
    }
}

/// AI powers (and bots) answer the proposals and ultimatums addressed to
/// them; a replay feeds its recorded answers.
pub fn answer_offers(world: &mut World) {
    let Some(m) = world.get_resource::<Match>().cloned() else {
        return;
    };
    let turn = world.get_resource::<Clock>().map_or(1, |c| c.turn);
    let mut decided: Vec<Decided> = Vec::new();
    if let Some(feed) = world.get_resource::<ReplayFeed>() {
        decided.extend(feed.answers(turn));
    } else {
        if world.contains_resource::<super::bots::Bots>() {
            world.resource_scope(|world, mut bots: Mut<super::bots::Bots>| {
                let Some(view) = EcsView::of(world) else {
                    return;
                };
                let (answers, refusals) = bot_answers(&m, &view, &mut bots);
                decided.extend(answers);
                if let Some(mut log) = world.get_resource_mut::<TurnEvents>() {
                    log.0.extend(refusals);
                }
            });
        }
        let cal = &m.setup.calendar;
        let start = cal.turn_start_day(turn);
        let next = start + cal.days_per_turn;
        let offers: Vec<PendingOffer> = match EcsView::of(world) {
            Some(view) => view.pending().cloned().collect(),
            None => Vec::new(),
        };
        // One view for every answer: each is judged on its own day.
        let Some(mut view) = EcsView::of(world) else {
            return;
        };
        for offer in &offers {
            let Some(Control::Ai(profile, level)) = m.controls.get(offer.to.index()) else {
                continue;
            };
            if view.talks_ended(offer.to, offer.from) {
                continue; // talks are over: it stays unanswered
            }
            let day = offer.sent_day.max(start);
            // The sender as the receiver can know it: its public profile.
            let sender = m.setup.power(offer.from).default_profile;
            let mut r = rng::stream(
                m.seed,
                turn,
                rng::decision(tag::ANSWER, offer.id.0.into(), 0),
            );
            let last_chance = offer.deadline_day < next;
            view.set_day(day);
            let known = Perspective::new(&view, offer.to);
            let (reply, assessment) = ai::answer(
                &known,
                offer,
                ai::Player {
                    profile: &m.setup.profiles[*profile],
                    level: *level,
                },
                &m.setup.profiles[sender],
                last_chance,
                mood(m.seed, turn, offer.to, offer.from),
                &mut r,
            );
            if reply == Reply::Wait {
                continue;
            }
            // The reasons, in words, for the answers given (not for waiting).
            let breakdown = assessment
                .as_ref()
                .map(|a| text::reasons(&known, offer.to, offer.from, a))
                .unwrap_or_default();
            decided.push(Decided {
                proposal: offer.id,
                reply,
                day,
                probability: assessment.as_ref().map(|a| a.probability),
                margin: assessment.as_ref().map(|a| a.margin),
                objectors: assessment.map(|a| a.objectors()).unwrap_or_default(),
                breakdown,
            });
        }
        one_deal_per_sender(&offers, &mut decided);
        if let Some(mut recorder) = world.get_resource_mut::<Recorder>() {
            for d in &decided {
                recorder.answer(turn, d);
            }
        }
    }
    for d in decided {
        world.write_message(d);
    }
}

/// Weeks a power's mood toward another holds.
const MOOD_WEEKS: u32 = 4;

/// `of`'s mood toward `toward` in `turn` (see [`ai::Mood`]). It holds for
/// [`MOOD_WEEKS`] turns, so a refused document sent again and again (in
/// writing or at a summit) meets the same mood: only a better offer, or
/// time, changes the answer, and a receiver not in a mood to bargain
/// counters nothing however often it is asked.
fn mood(seed: u64, turn: u32, of: PowerId, toward: PowerId) -> ai::Mood {
    let period = turn.saturating_sub(1) / MOOD_WEEKS;
    let mut r = rng::stream(
        seed,
        period,
        rng::decision(tag::MOOD, of.0.into(), toward.0.into()),
    );
    ai::Mood {
        accept: rand::RngExt::random(&mut r),
        counter: rand::RngExt::random(&mut r),
    }
}

/// A power signs at most one of a sender's proposals in a turn: several
/// from the same sender are weighed together, the best kept, the rest
/// refused (so a flood of documents is not a flood of chances).
fn one_deal_per_sender(offers: &[PendingOffer], decided: &mut [Decided]) {
    let pair = |id: crate::rules::ProposalId| {
        offers
            .iter()
            .find(|o| o.id == id && o.ultimatum.is_none())
            .map(|o| (o.from, o.to))
    };
    let mut best: Vec<((PowerId, PowerId), usize)> = Vec::new();
    for (i, d) in decided.iter().enumerate() {
        let (Reply::Accept, Some(key)) = (&d.reply, pair(d.proposal)) else {
            continue;
        };
        match best.iter_mut().find(|(k, _)| *k == key) {
            Some((_, j)) => {
                let margin = |k: usize| decided[k].margin.unwrap_or(f32::MIN);
                if margin(i) > margin(*j) {
                    *j = i;
                }
            }
            None => best.push((key, i)),
        }
    }
    for (i, d) in decided.iter_mut().enumerate() {
        let Some(key) = pair(d.proposal) else {
            continue;
        };
        if d.reply == Reply::Accept && best.iter().any(|(k, j)| *k == key && *j != i) {
            d.reply = Reply::Reject;
        }
    }
}

/// Answers take effect: treaties are signed, refusals remembered.
pub fn apply_decisions(world: &mut World) {
    let mut list: Vec<Decided> = match world.get_resource_mut::<Messages<Decided>>() {
        Some(mut messages) => messages.drain().collect(),
        None => return,
    };
    list.sort_by_key(|d| d.proposal);
    let Some(mut auth) = Authority::new(world) else {
        return;
    };
    let setup = auth.setup().clone();
    let turn = auth.view().turn();
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
            let mut e = Event::new(turn, d.day, kind, summary).between(r, s);
            e.proposal = Some(offer.id);
            e.clauses = offer.clauses.clone();
            e.probability = d.probability;
            e.objectors = d.objectors.clone();
            e.margin = d.margin;
            e.breakdown = d.breakdown.clone();
            e.secret = offer.secret;
            e
        };
        match d.reply {
            Reply::Accept => {
                auth.set_day(d.day);
                if action::document(&auth.view(), s, r, &offer.clauses).is_err() {
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
                auth.sign(
                    s,
                    r,
                    offer.clauses.clone(),
                    offer.secret,
                    d.day,
                    Some(offer.id),
                );
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
                    auth.refuse(offer);
                } else {
                    auth.remember(r, s, MemoryKind::Importunity, 1.0);
                }
            }
            Reply::Counter(clauses) => {
                auth.set_day(d.day);
                let unsendable = if ultimatum {
                    Some(action::ActionError::CounterToUltimatum.to_string())
                } else {
                    action::document(&auth.view(), r, s, &clauses)
                        .err()
                        .map(|e| e.to_string())
                };
                if let Some(why) = unsendable {
                    // Things changed since it was written (checked when
                    // ordered): said so, not a silent refusal.
                    let e = event(
                        EventKind::ProposalRejected,
                        format!(
                            "{} rejects {}'s {what} #{}: its counter-proposal could not be sent ({why})",
                            names.0, names.1, offer.id.0
                        ),
                    );
                    auth.emit(e);
                    if ultimatum {
                        auth.refuse(offer);
                    }
                    continue;
                }
                let secret = offer.secret.carried(&offer.clauses, &clauses);
                let draft = Draft::proposal(r, s, clauses, setup.model.deadline())
                    .secret(secret)
                    .countering(offer.id);
                auth.send(draft, d.day);
            }
            Reply::EndTalks if ultimatum => {
                // Taken as an insult: the talks end, and the ultimatum is
                // never answered (its deadline passes unmet).
                let proud = crate::rules::model::proudest(&setup, r)
                    .map(|l| setup.leader(l).name.clone())
                    .unwrap_or_else(|| names.0.clone());
                let why = format!("{proud} takes the ultimatum as an insult");
                auth.end_talks(r, s, d.day, &why);
                auth.put_back(offer);
            }
            Reply::EndTalks => {
                let e = event(
                    EventKind::ProposalRejected,
                    format!(
                        "{} rejects {}'s {what} #{}{chance}",
                        names.0, names.1, offer.id.0
                    ),
                );
                auth.emit(e);
                auth.end_talks(r, s, d.day, "insulted");
            }
            Reply::Wait => auth.put_back(offer),
        }
    }
    let start = setup.calendar.turn_start_day(turn);
    auth.set_day(start);
}

/// Deadlines that fall in this turn pass. The sender of an unmet
/// ultimatum decides whether to carry out its threat (an AI at once, by
/// its model; a human or a bot by the end of the next turn, or it has
/// backed down). Then the fronts fight and the wars take their toll.
pub fn expire_deadlines(world: &mut World) {
    let Some(mut auth) = Authority::new(world) else {
        return;
    };
    let setup = auth.setup().clone();
    let cal = &setup.calendar;
    let turn = auth.view().turn();
    let next = cal.turn_start_day(turn) + cal.days_per_turn;
    // Everything due is taken off the table first, so what is carried out
    // for one (a severance, say) cannot make another lapse unlogged.
    let ids: Vec<crate::rules::ProposalId> = auth
        .view()
        .offers()
        .filter(|o| o.deadline_day < next)
        .map(|o| o.id)
        .collect();
    let mut due: Vec<PendingOffer> = ids
        .into_iter()
        .filter_map(|id| auth.take_offer(id))
        .collect();
    due.sort_by_key(|o| (o.deadline_day, o.id));
    let seed = auth.world().get_resource::<Match>().map_or(0, |m| m.seed);
    for offer in due {
        let day = offer.deadline_day;
        auth.set_day(day);
        match offer.stage {
            Stage::Due => {
                // The sender let its time to decide pass.
                auth.back_down(&offer, day, "it let the deadline pass");
                continue;
            }
            Stage::Open => {
                let kind = if offer.ultimatum.is_some() {
                    EventKind::UltimatumExpired
                } else {
                    EventKind::ProposalExpired
                };
                let (what, then) = if offer.ultimatum.is_some() {
                    ("ultimatum", ": its threat falls due")
                } else {
                    ("proposal", "")
                };
                let mut e = Event::new(
                    turn,
                    day,
                    kind,
                    format!(
                        "{}'s {what} #{} to {} expires unanswered{then}",
                        text::power(&setup, offer.from),
                        offer.id.0,
                        text::power(&setup, offer.to)
                    ),
                )
                .between(offer.from, offer.to);
                e.proposal = Some(offer.id);
                e.clauses = offer.clauses.clone();
                auth.emit(e);
                auth.remember(offer.from, offer.to, MemoryKind::IgnoredProposal, 1.0);
            }
            Stage::Refused => {}
        }
        if offer.ultimatum.is_none() {
            continue;
        }
        match auth.control(offer.from).cloned() {
            Some(Control::Ai(i, _)) => {
                let profile = setup.profiles[i].clone();
                let mut r =
                    rng::stream(seed, turn, rng::decision(tag::THREAT, offer.id.0.into(), 0));
                let (carry, why) = ai::carry_out(&auth.view(), &offer, &profile, &mut r);
                if carry {
                    auth.carry_out_threat(&offer, day);
                } else {
                    auth.back_down(&offer, day, &why);
                }
            }
            // A human or a bot decides in its next action phase.
            Some(Control::Human | Control::Bot(_)) | None => {
                auth.await_decision(offer, next + cal.days_per_turn - 1);
            }
        }
    }
    let end = next - 1;
    auth.set_day(end);
    auth.fight_fronts(end);
    auth.wage_wars(end);
    auth.gather_intelligence(end);
    auth.set_day(cal.turn_start_day(turn));
}

/// Memory fades, kept treaties build trust, scores update.
pub fn fade_and_score(world: &mut World) {
    let Some(m) = world.get_resource::<Match>() else {
        return;
    };
    let setup = m.setup.clone();
    let w = &setup.model;
    let bonds: Vec<(PowerId, PowerId)> = match EcsView::of(world) {
        Some(view) => (&view as &dyn View)
            .treaties()
            .flat_map(|t| {
                t.parties.iter().flat_map(move |a| {
                    t.parties
                        .iter()
                        .filter(move |b| *b != a)
                        .map(move |b| (*a, *b))
                })
            })
            .collect(),
        None => return,
    };
    if let Some(mut pairs) = world.get_resource_mut::<Pairs>() {
        for cell in pairs.cells_mut() {
            cell.memory.decay(w.memory_rules());
        }
        let rule = *w.memory_rule(MemoryKind::TreatyInForce);
        for (a, b) in bonds {
            let pair = pairs.get_mut(a.index(), b.index());
            pair.trust = (pair.trust + w.trust_kept_per_turn).min(1.0);
            pair.memory.record(MemoryKind::TreatyInForce, &rule, 1.0);
        }
    }
    let scores = match EcsView::of(world) {
        Some(view) => crate::rules::score::scores(&view),
        None => return,
    };
    let powers = world.get_resource::<Index>().map(|i| i.powers.clone());
    for (p, e) in powers.unwrap_or_default().into_iter().enumerate() {
        if let Some(mut score) = world.get_mut::<Score>(e) {
            score.0 = scores.get(p).copied().unwrap_or(0.0);
        }
    }
}

/// The turn's events join the match log, in date order.
pub fn record_outcomes(world: &mut World) {
    let mut events = world
        .get_resource_mut::<TurnEvents>()
        .map(|mut e| std::mem::take(&mut e.0))
        .unwrap_or_default();
    events.sort_by_key(|e| e.day);
    if let Some(mut log) = world.get_resource_mut::<MatchLog>() {
        log.0.extend(events);
    }
}

/// The next turn; after the last, the match is over.
pub fn advance_clock(world: &mut World) {
    let Some(m) = world.get_resource::<Match>() else {
        return;
    };
    let (turns, cal) = (m.turns, m.setup.calendar.clone());
    let Some(mut clock) = world.get_resource_mut::<Clock>() else {
        return;
    };
    clock.turn += 1;
    // Between turns the clock shows the coming turn's date.
    clock.day = cal.turn_start_day(clock.turn);
    let over = clock.turn > turns;
    if let Some(mut gate) = world.get_resource_mut::<super::TurnGate>() {
        gate.requested = gate.requested.saturating_sub(1);
    }
    if over && let Some(mut next) = world.get_resource_mut::<NextState<MatchState>>() {
        NextState::set_if_neq(&mut next, MatchState::Over);
    }
}
