//! The desktop game's state and its actions, without any drawing: who
//! plays, the hotseat order, the proposal composer, the screen. Every button
//! of the UI pushes a [`UiAction`]; [`apply_ui_actions`] carries them out by
//! sending the same [`Action`]s to the same simulation the headless runner
//! uses. Tests drive a whole game through these actions without a window.

use crate::rules::Submission;
use crate::rules::action::{self, Action, Answer};
use crate::rules::clause::{Clause, Consequence, Secret};
use crate::rules::event::Event;
use crate::rules::ids::{PowerId, ProposalId, StateId};
use crate::rules::model::OfferKind;
use crate::rules::view::{PendingOffer, View, ViewExt};
use crate::scenario;
use crate::sim::authority::Control;
use crate::sim::save::{self, SaveGame};
use crate::sim::world::EcsView;
use crate::sim::{Clock, Match, MatchLog, MatchState, Orders, TurnGate};
use bevy::prelude::*;
use std::path::PathBuf;

/// Which screen is shown.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    MainMenu,
    NewGame,
    LoadGame,
    Settings,
    Playing,
    /// Between two hotseat players: the next one takes the seat.
    Handover,
    GameOver,
}

/// The tabs of the playing screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Map,
    Diplomacy,
    Inbox,
    Log,
}

/// A scenario to start from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioSource {
    /// Shown in menus and saves.
    pub name: String,
    pub text: String,
}

impl ScenarioSource {
    /// The embedded Summer 1939.
    pub fn embedded() -> Self {
        ScenarioSource {
            name: scenario::SUMMER_1939_NAME.to_string(),
            text: scenario::SUMMER_1939.to_string(),
        }
    }
}

/// What the player asks for. The UI only ever pushes these.
#[derive(Clone, Debug, PartialEq)]
pub enum UiAction {
    /// Start a match: these powers are human (in hotseat order), the others
    /// play the given profile (or their scenario default).
    NewGame {
        source: ScenarioSource,
        humans: Vec<String>,
        profiles: Vec<(String, String)>,
        seed: u64,
    },
    LoadGame(PathBuf),
    /// Watch a replay turn by turn (End turn steps it).
    OpenReplay(PathBuf),
    /// Offer a scenario file in the new-game menu (after validating it).
    AddScenarioFile(PathBuf),
    SaveGame(Option<PathBuf>),
    Show(Screen),
    SetTab(Tab),
    Select(Option<String>),
    ComposeFor(PowerId),
    AddClause(Clause),
    RemoveClause(usize),
    /// Mark a clause of the composed document secret (or public again).
    SetSecret(usize, bool),
    /// Assign a state to a party's sphere in the composer's territorial protocol.
    AssignState(StateId, PowerId),
    SetDeadline(u32),
    SetUltimatum(Option<Consequence>),
    /// Open the composer on a received proposal, to counter it.
    CounterTo(ProposalId),
    ClearComposer,
    /// Queue the composed document as an order.
    SendComposed,
    /// Queue an order (answers, severing relations, war, ...).
    Order(Action),
    CancelOrder(usize),
    /// Take a queued document back into the composer to change it.
    EditOrder(usize),
    EndTurn,
    /// The next hotseat player has taken the seat.
    TakeSeat,
    /// Close the end-of-turn summary.
    DismissSummary,
    /// The seated player has read the briefing (or asks for it again).
    Briefed(bool),
    Quit,
    /// Start the running match again from the reloaded scenario (the same
    /// players, seed and AIs): its changes that wait for a new game apply.
    RestartWithChanges,
    /// Close the reload notice; its waiting changes stay for a new game.
    DismissReload,
}

/// Scenario files the player added in the new-game menu.
#[derive(Resource, Default, Debug)]
pub struct OfferedScenarios(pub Vec<(String, String)>);

/// The queue of UI actions, applied once per frame.
#[derive(Resource, Default, Debug)]
pub struct UiQueue(pub Vec<UiAction>);

impl UiQueue {
    pub fn push(&mut self, a: UiAction) {
        self.0.push(a);
    }
}

/// The document being composed.
#[derive(Clone, Debug, PartialEq)]
pub struct Composer {
    pub target: Option<PowerId>,
    pub clauses: Vec<Clause>,
    pub deadline_days: u32,
    pub ultimatum: Option<Consequence>,
    /// Countering this received proposal.
    pub counter_to: Option<ProposalId>,
    /// Which clauses are secret (known to the signatories alone).
    pub secret: Secret,
}

impl Default for Composer {
    fn default() -> Self {
        Composer {
            target: None,
            clauses: Vec::new(),
            deadline_days: 14,
            ultimatum: None,
            counter_to: None,
            secret: Secret::NONE,
        }
    }
}

impl Composer {
    /// The action the composer would send, if it is complete.
    pub fn action(&self) -> Option<Action> {
        let to = self.target?;
        Some(match (self.counter_to, self.ultimatum) {
            (Some(proposal), _) => Action::Answer {
                proposal,
                answer: Answer::Counter(self.clauses.clone()),
            },
            (None, Some(consequence)) => Action::Ultimatum {
                to,
                demands: self.clauses.clone(),
                deadline_days: self.deadline_days,
                consequence,
                secret: self.secret,
            },
            (None, None) => Action::Propose {
                to,
                clauses: self.clauses.clone(),
                deadline_days: self.deadline_days,
                secret: self.secret,
            },
        })
    }

    /// The document as the receiver would judge it if `me` sent it on
    /// `day`: what the composer's estimate, and the estimate kept when it
    /// is sent, are worked out from.
    pub fn offer(&self, me: PowerId, day: u32) -> Option<crate::rules::Offer<'_>> {
        Some(crate::rules::Offer {
            id: None,
            from: me,
            to: self.target?,
            clauses: &self.clauses,
            kind: self
                .ultimatum
                .map_or(OfferKind::Proposal, OfferKind::Ultimatum),
            sent_day: day,
            deadline_day: day + self.deadline_days,
            secret: self.secret,
        })
    }

    /// The composer holding a queued document again (a proposal, an
    /// ultimatum or a counter-proposal to `counter_target`'s offer); none
    /// for an order that is not a document.
    pub fn editing(action: &Action, counter_target: Option<PowerId>) -> Option<Composer> {
        Some(match action {
            Action::Propose {
                to,
                clauses,
                deadline_days,
                secret,
            } => Composer {
                target: Some(*to),
                clauses: clauses.clone(),
                deadline_days: *deadline_days,
                secret: *secret,
                ..Composer::default()
            },
            Action::Ultimatum {
                to,
                demands,
                deadline_days,
                consequence,
                secret,
            } => Composer {
                target: Some(*to),
                clauses: demands.clone(),
                deadline_days: *deadline_days,
                ultimatum: Some(*consequence),
                secret: *secret,
                ..Composer::default()
            },
            Action::Answer {
                proposal,
                answer: Answer::Counter(clauses),
            } => Composer {
                target: counter_target,
                clauses: clauses.clone(),
                counter_to: Some(*proposal),
                ..Composer::default()
            },
            _ => return None,
        })
    }
}

/// What awaits our decision: offers addressed to us, then our own
/// ultimatums past their deadline (carry out or back down). The inbox
/// lists them; the tab's count counts them.
pub fn awaiting_us(view: &dyn View, me: PowerId) -> (Vec<&PendingOffer>, Vec<&PendingOffer>) {
    (
        view.pending().filter(|p| p.to == me).collect(),
        view.due().filter(|p| p.from == me).collect(),
    )
}

/// What happened in the last turn, shown when it ends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TurnSummary {
    pub turn: u32,
    pub events: Vec<Event>,
    /// The scores and objectives as the turn began, and as it ended, as
    /// each human player's power knows them (by seat).
    pub before: Vec<Standings>,
    pub after: Vec<Standings>,
}

/// What we expected of a document when we sent it.
#[derive(Clone, Debug, PartialEq)]
pub struct SentEstimate {
    pub to: PowerId,
    pub clauses: Vec<Clause>,
    /// The estimated range of P(accept).
    pub low: f32,
    pub high: f32,
}

impl SentEstimate {
    /// Our estimate for the answer `e` (from the receiver, to us, about
    /// the same clauses), the latest if we sent the same twice.
    pub fn of<'a>(all: &'a [SentEstimate], e: &Event) -> Option<&'a SentEstimate> {
        all.iter()
            .rev()
            .find(|s| Some(s.to) == e.from && s.clauses == e.clauses)
    }
}

/// Every power's score and how much of each objective is met, at a
/// moment of the match, as one power knows it (others' secret treaties
/// are not counted).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Standings {
    /// By power.
    pub scores: Vec<f32>,
    /// By objective: the share of its points earned (0–1).
    pub shares: Vec<f32>,
}

impl Standings {
    /// The standings of the match in `world` now, as each of `humans`
    /// knows them.
    pub fn of(world: &World, humans: &[PowerId]) -> Vec<Standings> {
        let Some(view) = EcsView::of(world) else {
            return Vec::new();
        };
        humans
            .iter()
            .map(|me| {
                let known = crate::rules::intel::Perspective::new(&view, *me);
                let known: &dyn View = &known;
                Standings {
                    scores: crate::rules::score::scores(known),
                    shares: (0..known.setup().objectives.len())
                        .map(|i| known.objective_share(i))
                        .collect(),
                }
            })
            .collect()
    }
}

/// Offers to `me` that lapse before its next turn if they are not
/// answered (ultimatums most of all): End turn asks first.
pub fn lapsing(view: &dyn View, me: PowerId, orders: &[Submission]) -> Vec<ProposalId> {
    let next = view.setup().calendar.turn_start_day(view.turn() + 1);
    view.pending()
        .filter(|p| p.to == me && p.stage == crate::rules::view::Stage::Open)
        .filter(|p| p.ultimatum.is_some() || p.deadline_day < next)
        .filter(|p| {
            !orders
                .iter()
                .any(|o| matches!(&o.action, Action::Answer { proposal, .. } if *proposal == p.id))
        })
        .map(|p| p.id)
        .collect()
}

/// The desktop session.
#[derive(Resource, Debug)]
pub struct Session {
    pub source: ScenarioSource,
    /// Human powers in hotseat order.
    pub humans: Vec<PowerId>,
    /// Index into `humans` of who is at the keyboard.
    pub seat: usize,
    /// The seated player's orders this turn.
    pub orders: Vec<Submission>,
    /// Orders of earlier players in the hotseat order, this turn.
    pub queued: Vec<Submission>,
    pub composer: Composer,
    pub tab: Tab,
    pub selected: Option<String>,
    pub summary: Option<TurnSummary>,
    /// A message for the player (errors, "saved"), shown for a few
    /// seconds…
    pub status: Option<String>,
    /// …counted, so the same message given again shows again.
    pub status_serial: u64,
    /// Write an autosave after every turn.
    pub autosave: bool,
    /// Log length before the turn being played.
    pub log_mark: usize,
    /// The standings as the turn being played began, by seat.
    pub standings: Vec<Standings>,
    /// Every turn played in this session, as its summary told it: the
    /// game-over screen's turning points. (A loaded game starts afresh.)
    pub played: Vec<TurnSummary>,
    /// Our estimate of each document we sent, as the composer showed it
    /// when it was sent: the turn summary sets the answer's real chance
    /// beside it.
    pub estimates: Vec<SentEstimate>,
    /// The players who have read their briefing (a loaded game or a
    /// replay needs none; a new one opens with it).
    pub briefed: Vec<PowerId>,
    pub last_clock: u32,
    pub quit: bool,
    /// Watching a replay: orders are not taken; End turn steps it.
    pub replay: Option<String>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            source: ScenarioSource::embedded(),
            humans: Vec::new(),
            seat: 0,
            orders: Vec::new(),
            queued: Vec::new(),
            composer: Composer::default(),
            tab: Tab::Map,
            selected: None,
            summary: None,
            status: None,
            status_serial: 0,
            autosave: true,
            log_mark: 0,
            standings: Vec::new(),
            played: Vec::new(),
            estimates: Vec::new(),
            briefed: Vec::new(),
            last_clock: 1,
            quit: false,
            replay: None,
        }
    }
}

impl Session {
    /// The power at the keyboard.
    pub fn me(&self) -> Option<PowerId> {
        self.humans.get(self.seat).copied()
    }
}

/// The logic of the desktop game (no drawing): add with `SimulationPlugin`.
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .init_resource::<UiQueue>()
        .init_resource::<Session>()
        .init_resource::<OfferedScenarios>()
        .add_systems(PreUpdate, apply_ui_actions)
        .add_systems(PostUpdate, after_turn);
}

fn set_screen(world: &mut World, s: Screen) {
    world.resource_mut::<NextState<Screen>>().set(s);
}

/// Carries out the queued UI actions.
pub fn apply_ui_actions(world: &mut World) {
    let actions = std::mem::take(&mut world.resource_mut::<UiQueue>().0);
    for a in actions {
        apply(world, a);
    }
}

/// The composer's estimate for the document it is about to send (not a
/// counter-proposal), worked out from what our power knows, as the
/// composer shows it.
fn sent_estimate(world: &World) -> Option<SentEstimate> {
    let s = world.resource::<Session>();
    let me = s.me()?;
    if s.composer.counter_to.is_some() {
        return None;
    }
    let view = EcsView::of(world)?;
    let known = crate::rules::intel::Perspective::new(&view, me);
    let offer = s.composer.offer(me, known.day())?;
    let e = crate::rules::model::estimate(&known, me, &offer);
    Some(SentEstimate {
        to: offer.to,
        clauses: offer.clauses.to_vec(),
        low: e.low,
        high: e.high,
    })
}

fn status(world: &mut World, msg: impl Into<String>) {
    let msg = msg.into();
    let mut session = world.resource_mut::<Session>();
    session.status = Some(msg);
    session.status_serial += 1;
}

fn apply(world: &mut World, a: UiAction) {
    match a {
        UiAction::NewGame {
            source,
            humans,
            profiles,
            seed,
        } => new_game(world, source, humans, profiles, seed),
        UiAction::LoadGame(path) => load_game(world, path),
        UiAction::OpenReplay(path) => open_replay(world, path),
        // A file or a mod folder: what is offered is the loaded scenario's
        // text (a mod's merged with its base).
        UiAction::AddScenarioFile(path) => match scenario::load_path(&path) {
            Ok(loaded) => {
                let mut offered = world.resource_mut::<OfferedScenarios>();
                offered.0.push((path.display().to_string(), loaded.text));
                status(world, format!("Added {}", path.display()));
            }
            Err(report) => {
                eprint!("{report}");
                status(world, report.to_string());
            }
        },
        UiAction::SaveGame(path) => {
            let saved = match (capture(world), path) {
                (None, _) => {
                    status(world, "No match is being played.");
                    return;
                }
                (Some(game), Some(path)) => save::write_to(&game, &path).map(|_| path),
                (Some(game), None) => save::save_in_saves_dir(&game, "quicksave.ron"),
            };
            match saved {
                Ok(path) => status(world, format!("Saved to {}", path.display())),
                Err(e) => {
                    eprintln!("spheres: {e}");
                    status(world, e.to_string());
                }
            }
        }
        UiAction::Show(s) => set_screen(world, s),
        UiAction::SetTab(t) => world.resource_mut::<Session>().tab = t,
        UiAction::Select(id) => world.resource_mut::<Session>().selected = id,
        UiAction::ComposeFor(p) => {
            let deadline = default_deadline(world);
            let mut s = world.resource_mut::<Session>();
            if s.composer.target != Some(p) {
                s.composer = Composer {
                    target: Some(p),
                    deadline_days: deadline,
                    ..Composer::default()
                };
            }
            s.tab = Tab::Diplomacy;
        }
        UiAction::AddClause(c) => {
            let mut s = world.resource_mut::<Session>();
            if !s.composer.clauses.contains(&c) && s.composer.clauses.len() < action::MAX_CLAUSES {
                s.composer.clauses.push(c);
            }
        }
        UiAction::RemoveClause(i) => {
            let mut s = world.resource_mut::<Session>();
            if i < s.composer.clauses.len() {
                s.composer.clauses.remove(i);
                s.composer.secret = s.composer.secret.without_clause(i);
            }
        }
        UiAction::SetSecret(i, on) => {
            let mut s = world.resource_mut::<Session>();
            if i < s.composer.clauses.len() {
                s.composer.secret = s.composer.secret.set(i, on);
            }
        }
        UiAction::AssignState(state, to) => {
            let mut s = world.resource_mut::<Session>();
            let clauses = &mut s.composer.clauses;
            let at = clauses
                .iter()
                .position(|c| matches!(c, Clause::TerritorialProtocol(_)));
            match at {
                Some(i) => {
                    if let Clause::TerritorialProtocol(assignments) = &mut clauses[i] {
                        match assignments.iter().position(|(s, _)| *s == state) {
                            Some(j) if assignments[j].1 == to => {
                                assignments.remove(j);
                            }
                            Some(j) => assignments[j].1 = to,
                            None => assignments.push((state, to)),
                        }
                        if assignments.is_empty() {
                            clauses.remove(i);
                        }
                    }
                }
                None => clauses.push(Clause::TerritorialProtocol(vec![(state, to)])),
            }
        }
        UiAction::SetDeadline(d) => {
            world.resource_mut::<Session>().composer.deadline_days =
                d.clamp(1, action::MAX_DEADLINE_DAYS)
        }
        UiAction::SetUltimatum(u) => world.resource_mut::<Session>().composer.ultimatum = u,
        UiAction::CounterTo(id) => {
            let offer = EcsView::of(world).and_then(|v| v.pending_offer(id).cloned());
            let deadline = default_deadline(world);
            if let Some(offer) = offer {
                let mut s = world.resource_mut::<Session>();
                s.composer = Composer {
                    target: Some(offer.from),
                    clauses: offer.clauses,
                    deadline_days: deadline,
                    ultimatum: None,
                    counter_to: Some(id),
                    secret: offer.secret,
                };
                s.tab = Tab::Diplomacy;
            }
        }
        UiAction::ClearComposer => {
            let mut s = world.resource_mut::<Session>();
            let target = s.composer.target;
            s.composer = Composer {
                target,
                ..Composer::default()
            };
        }
        UiAction::SendComposed => {
            let composed = world.resource::<Session>().composer.action();
            match composed {
                Some(a) => {
                    let expected = sent_estimate(world);
                    if order(world, a) {
                        let mut s = world.resource_mut::<Session>();
                        s.estimates.extend(expected);
                        let target = s.composer.target;
                        s.composer = Composer {
                            target,
                            ..Composer::default()
                        };
                    }
                }
                None => status(world, "Choose a power to address first."),
            }
        }
        UiAction::Order(a) => {
            order(world, a);
        }
        UiAction::CancelOrder(i) => {
            let mut s = world.resource_mut::<Session>();
            if i < s.orders.len() {
                s.orders.remove(i);
            }
        }
        UiAction::EditOrder(i) => {
            let Some(order) = world.resource::<Session>().orders.get(i).cloned() else {
                return;
            };
            let countered = match &order.action {
                Action::Answer { proposal, .. } => EcsView::of(world)
                    .and_then(|v| v.pending().find(|p| p.id == *proposal).map(|p| p.from)),
                _ => None,
            };
            if let Some(composer) = Composer::editing(&order.action, countered) {
                let mut s = world.resource_mut::<Session>();
                s.orders.remove(i);
                s.composer = composer;
                s.tab = Tab::Diplomacy;
                status(
                    world,
                    "The order is back in the composer: change it and Send it again",
                );
            }
        }
        UiAction::EndTurn => end_turn(world),
        UiAction::TakeSeat => set_screen(world, Screen::Playing),
        UiAction::DismissSummary => world.resource_mut::<Session>().summary = None,
        UiAction::Briefed(read) => {
            let mut s = world.resource_mut::<Session>();
            if let Some(me) = s.me() {
                s.briefed.retain(|p| *p != me);
                if read {
                    s.briefed.push(me);
                }
            }
        }
        UiAction::Quit => world.resource_mut::<Session>().quit = true,
        UiAction::RestartWithChanges => {
            let Some(source) = world
                .get_resource_mut::<super::reload::Watch>()
                .and_then(|mut w| w.restart.take())
            else {
                return;
            };
            let Some(m) = world.get_resource::<Match>() else {
                return;
            };
            let humans: Vec<String> = world
                .resource::<Session>()
                .humans
                .iter()
                .map(|p| m.setup.power(*p).id.clone())
                .collect();
            let profiles: Vec<(String, String)> = m
                .setup
                .power_ids()
                .filter(|p| m.controls[p.index()] != Control::Human)
                .map(|p| {
                    (
                        m.setup.power(p).id.clone(),
                        m.controls[p.index()].name(&m.setup),
                    )
                })
                .collect();
            let seed = m.seed;
            new_game(world, source, humans, profiles, seed);
        }
        UiAction::DismissReload => {
            if let Some(mut w) = world.get_resource_mut::<super::reload::Watch>() {
                w.restart = None;
                w.notice = None;
            }
        }
    }
}

/// Checks an action like the simulation will, and queues it as an order of
/// the seated player. Returns whether it was queued.
fn order(world: &mut World, a: Action) -> bool {
    if world.resource::<Session>().replay.is_some() {
        status(
            world,
            "This is a replay: End turn steps through it; orders are not taken.",
        );
        return false;
    }
    let Some(me) = world.resource::<Session>().me() else {
        return false;
    };
    let Some(view) = EcsView::of(world) else {
        return false;
    };
    let view: &dyn View = &view;
    let day = view.setup().calendar.turn_start_day(view.turn());
    let already = world
        .resource::<Session>()
        .orders
        .iter()
        .any(|o| matches!((&o.action, &a), (Action::Answer { proposal: x, .. }, Action::Answer { proposal: y, .. }) if x == y));
    if already {
        status(
            world,
            "That proposal already has an answer among your orders.",
        );
        return false;
    }
    match action::check(view, me, &a) {
        Ok(()) => {
            let mut s = world.resource_mut::<Session>();
            s.orders.push(Submission {
                actor: me,
                day,
                action: a,
                why: None,
            });
            s.status = None;
            true
        }
        Err(why) => {
            status(world, format!("Not possible: {why}"));
            false
        }
    }
}

fn end_turn(world: &mut World) {
    if *world.resource::<State<MatchState>>().get() != MatchState::Running {
        return;
    }
    let mut s = world.resource_mut::<Session>();
    let mine = std::mem::take(&mut s.orders);
    s.queued.extend(mine);
    s.composer = Composer::default();
    s.selected = None;
    if s.seat + 1 < s.humans.len() {
        s.seat += 1;
        set_screen(world, Screen::Handover);
        return;
    }
    let queued = std::mem::take(&mut s.queued);
    s.seat = 0;
    let mark = world.resource::<MatchLog>().0.len();
    world.resource_mut::<Session>().log_mark = mark;
    world.resource_mut::<Orders>().0.extend(queued);
    world.resource_mut::<TurnGate>().requested += 1;
}

/// After a turn ran: the summary, the autosave, the next screen.
fn after_turn(world: &mut World) {
    let Some(clock) = world.get_resource::<Clock>().copied() else {
        return;
    };
    let last = world.resource::<Session>().last_clock;
    if clock.turn == last {
        return;
    }
    let mark = world.resource::<Session>().log_mark;
    let events: Vec<Event> = world
        .resource::<MatchLog>()
        .0
        .iter()
        .skip(mark)
        .cloned()
        .collect();
    let humans = world.resource::<Session>().humans.clone();
    let after = Standings::of(world, &humans);
    {
        let mut s = world.resource_mut::<Session>();
        s.last_clock = clock.turn;
        let before = std::mem::replace(&mut s.standings, after.clone());
        let summary = TurnSummary {
            turn: clock.turn.saturating_sub(1),
            events,
            before,
            after,
        };
        s.played.push(summary.clone());
        s.summary = Some(summary);
    }
    if world.resource::<Session>().autosave
        && let Some(game) = capture(world)
        && let Err(e) = save::save_in_saves_dir(&game, "autosave.ron")
    {
        eprintln!("spheres: autosave failed: {e}");
    }
    let over = world.resource::<Match>().turns < clock.turn;
    if over {
        set_screen(world, Screen::GameOver);
    } else if world.resource::<Session>().humans.len() > 1 {
        set_screen(world, Screen::Handover);
    }
}

/// The scenario's default deadline for a new document.
fn default_deadline(world: &World) -> u32 {
    world.get_resource::<Match>().map_or_else(
        || crate::rules::weights::ModelWeights::default().deadline(),
        |m| m.setup.model.deadline(),
    )
}

fn new_game(
    world: &mut World,
    source: ScenarioSource,
    humans: Vec<String>,
    profiles: Vec<(String, String)>,
    seed: u64,
) {
    // A new game takes any changes a reload kept waiting.
    if let Some(mut w) = world.get_resource_mut::<super::reload::Watch>() {
        w.restart = None;
    }
    let loaded = match scenario::load_str(&source.name, &source.text) {
        Ok(l) => l,
        Err(r) => {
            eprintln!("{r}");
            status(world, r.to_string());
            return;
        }
    };
    let setup = loaded.setup;
    let mut controls: Vec<Control> = setup
        .power_ids()
        .map(|p| Control::default_ai(&setup, p))
        .collect();
    // Each AI as `PROFILE` or `PROFILE:LEVEL`.
    for (power, profile) in &profiles {
        if let (Some(p), Some(ai @ Control::Ai(..))) =
            (setup.power_id(power), Control::parse(&setup, profile))
        {
            controls[p.index()] = ai;
        }
    }
    let mut seats = Vec::new();
    for h in &humans {
        match setup.power_id(h) {
            Some(p) => {
                controls[p.index()] = Control::Human;
                seats.push(p);
            }
            None => {
                status(world, format!("Unknown power `{h}`."));
                return;
            }
        }
    }
    let m = Match {
        turns: setup.turns(),
        setup,
        seed,
        controls,
    };
    crate::sim::begin(world, m, None);
    start_session(world, source, seats);
    // A new match opens with each player's briefing.
    world.resource_mut::<Session>().briefed.clear();
}

fn start_session(world: &mut World, source: ScenarioSource, humans: Vec<PowerId>) {
    let clock = world.resource::<Clock>().turn;
    let autosave = world.resource::<Session>().autosave;
    let multi = humans.len() > 1;
    let log_mark = world.resource::<MatchLog>().0.len();
    let standings = Standings::of(world, &humans);
    world.insert_resource(Session {
        source,
        briefed: humans.clone(),
        humans,
        autosave,
        last_clock: clock,
        log_mark,
        standings,
        ..Session::default()
    });
    world.insert_resource(TurnGate::default());
    let over = world.resource::<Match>().turns < clock;
    set_screen(
        world,
        if over {
            Screen::GameOver
        } else if multi {
            Screen::Handover
        } else {
            Screen::Playing
        },
    );
}

/// The match being played, with the orders queued at the keyboard.
fn capture(world: &World) -> Option<SaveGame> {
    let session = world.resource::<Session>();
    let game = SaveGame::capture(world, &session.source.name, &session.source.text)?;
    Some(game.with_orders(session.orders.clone()))
}

fn load_game(world: &mut World, path: PathBuf) {
    let name = path.display().to_string();
    let restored = save::read_save(&path).and_then(|s| s.restore(&name).map(|r| (s, r)));
    match restored {
        Ok((saved, (m, resume))) => {
            let humans: Vec<PowerId> = m
                .setup
                .power_ids()
                .filter(|p| m.controls[p.index()] == Control::Human)
                .collect();
            let source = ScenarioSource {
                name: saved.scenario_name.clone(),
                text: saved.scenario_text.clone(),
            };
            crate::sim::begin(world, m, Some(resume));
            start_session(world, source, humans);
            // The orders queued when it was saved, those still possible
            // (a crafted save's others are dropped, and said so).
            let me = world.resource::<Session>().me();
            let dropped = saved
                .orders
                .into_iter()
                .filter(|o| !(Some(o.actor) == me && order(world, o.action.clone())))
                .count();
            let dropped = match dropped {
                0 => String::new(),
                n => format!(" ({n} saved order(s) no longer possible were dropped)"),
            };
            status(world, format!("Loaded {name}{dropped}"));
        }
        Err(e) => {
            eprintln!("spheres: {e}");
            status(world, e.to_string());
        }
    }
}

/// Reads a save for `--load` and reports errors the same way.
pub fn describe_save(path: &std::path::Path) -> Result<SaveGame, String> {
    save::read_save(path).map_err(|e| e.to_string())
}

fn open_replay(world: &mut World, path: PathBuf) {
    match crate::sim::replay::open(&path) {
        Ok(crate::sim::replay::Opened {
            setup,
            settings,
            replay,
            scenario_name,
            scenario_text,
        }) => {
            // Watch from the seat of the first playable power.
            let seat = setup
                .power_ids()
                .find(|p| setup.power(*p).playable)
                .unwrap_or(PowerId(0));
            let m = Match {
                turns: settings.turns,
                setup: setup.clone(),
                seed: settings.seed,
                controls: settings.controls,
            };
            crate::sim::begin(world, m, None);
            world.insert_resource(crate::sim::record::ReplayFeed {
                turns: replay.record.iter().map(|t| (t.turn, t.clone())).collect(),
            });
            let source = match &replay.scenario_path {
                Some(_) => ScenarioSource {
                    name: scenario_name,
                    text: scenario_text,
                },
                None => ScenarioSource::embedded(),
            };
            start_session(world, source, vec![seat]);
            let mut s = world.resource_mut::<Session>();
            s.replay = Some(path.display().to_string());
            s.autosave = false;
        }
        Err(e) => {
            eprintln!("spheres: {e}");
            status(world, e.to_string());
        }
    }
}
