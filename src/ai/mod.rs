//! AI players. Each sees the world from its own perspective (what its
//! power knows: [`crate::rules::intel::Perspective`]), estimates others'
//! answers as a player would, and acts only by returning the same
//! [`Submission`]s a human's orders become. `random` plays legal random
//! moves; model profiles (pragmatist, hardliner, ...) score candidate actions
//! with the acceptance model and carry out the best (a rule-based
//! candidate-action loop); `historical` also steers toward the scenario's
//! plans, while every answer is still decided by the model.

pub mod protocol;

use crate::rules::clause::{Clause, ClauseKind, Consequence, Goods, Secret};
use crate::rules::condition::Condition;
use crate::rules::counter::counter_proposal;
use crate::rules::ids::{PowerId, StateId};
use crate::rules::memory::MemoryKind;
use crate::rules::model::{
    Assessment, Factor, Offer, OfferKind, backdrop, estimate, estimate_with, evaluate,
    evaluate_with, public_temper,
};
use crate::rules::relation::Relation;
use crate::rules::rng::ChaCha8Rng;
use crate::rules::setup::{Plan, Profile, ProfileKind};
use crate::rules::view::{PendingOffer, View, ViewExt};
use crate::rules::weights::ModelWeights;
use crate::rules::{Action, Submission, action};
use rand::RngExt;

/// How well an AI plays its profile (the profile is its personality; the
/// level is its skill). `easy` weighs fewer options with more noise and
/// threatens by temper rather than by price; `normal` is the candidate
/// scorer; `hard` also searches (see [`Skill`]).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    strum::Display,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Level {
    Easy,
    #[default]
    Normal,
    Hard,
}

impl Level {
    /// How an AI is named: `PROFILE`, or `PROFILE:LEVEL` unless it plays
    /// at `normal` (as `--ai` reads it).
    pub fn name(self, profile: &str) -> String {
        match self {
            Level::Normal => profile.to_string(),
            Level::Easy | Level::Hard => format!("{profile}:{self}"),
        }
    }

    /// What the level means, for a player choosing it.
    pub fn description(self) -> &'static str {
        match self {
            Level::Easy => {
                "Takes less initiative, courts both sides at once and signs what pleases it now, blind to its own objectives"
            }
            Level::Normal => "Weighs each offer by what it earns and how likely it is accepted",
            Level::Hard => {
                "Also weighs every turn, sweetens its offers, never signs away its objectives and leaves treaties that cost it"
            }
        }
    }
}

/// An AI player: its personality and how well it plays it.
#[derive(Clone, Copy, Debug)]
pub struct Player<'a> {
    pub profile: &'a Profile,
    pub level: Level,
}

/// What a level changes in how the AI plays. Measured by
/// `scripts/levels.sh` (hard beats normal and normal beats easy for every
/// playable power).
#[derive(Clone, Copy, Debug)]
struct Skill {
    /// Times the scenario's `ai_noise`: how much it varies its choice
    /// between options of like worth (too little and it repeats refused
    /// documents to a receiver whose mood has not changed).
    variety: f32,
    /// Checks each proposal against those it has on the table (it does not
    /// court both camps with one prize).
    coherent: bool,
    /// Times its profile's initiative: how often it weighs proposals.
    initiative: f32,
    /// Weighs proposals every turn its profile takes any initiative.
    always_weigh: bool,
    /// Values its own documents by the score points they earn, not by its
    /// judgement of them as an offer.
    points_only: bool,
    /// Improves its best document to each power by adding, while it pays,
    /// what the receiver wants.
    sweeten: bool,
    /// Never accepts what would cost it objectives, whatever its mood.
    guarded: bool,
    /// Denounces a treaty that costs it more than it brings.
    repair: bool,
    /// Weighs third parties' reactions to its best document to each power
    /// (how the great powers it is aimed at would then judge their best
    /// deal with it), and keeps the document secret when that is cheaper.
    discreet: bool,
    /// How much a contender's lead from its document counts against it:
    /// the win goes to the largest share of what each could reach, so a
    /// deal that lifts the other's share more than ours is worth less.
    rivalry: f32,
    /// How much of an offer's effect on its objectives it sees when it
    /// answers (1: all, as the model says).
    foresight: f32,
}

impl Skill {
    /// What a document is worth to its proposer, from its own judgement of
    /// it (`mine`, as if it were offered to it).
    fn gain(&self, mine: &Assessment, profile: &Profile, w: &ModelWeights) -> f32 {
        if self.points_only {
            objective_lines(mine) / w.objectives.max(0.01)
        } else {
            own_gain(mine, profile, w)
        }
    }

    /// What a document's lift to a rival's share costs it ([`rival_excess`]
    /// times its rivalry), from its own judgement `mine` and its estimate
    /// of the other's, `theirs`.
    fn rivalry_cost(
        &self,
        view: &dyn View,
        me: PowerId,
        other: PowerId,
        mine: &Assessment,
        theirs: &Assessment,
    ) -> f32 {
        if self.rivalry <= 0.0 {
            return 0.0;
        }
        let w = &view.setup().model;
        let my_points = objective_lines(mine) / w.objectives.max(0.01);
        self.rivalry * rival_excess(view, me, other, my_points, theirs)
    }

    fn of(level: Level) -> Skill {
        let normal = Skill {
            variety: 1.0,
            coherent: true,
            initiative: 1.0,
            always_weigh: false,
            points_only: false,
            sweeten: false,
            guarded: false,
            repair: false,
            discreet: false,
            rivalry: 0.0,
            foresight: 1.0,
        };
        match level {
            Level::Easy => Skill {
                variety: 0.5,
                coherent: false,
                initiative: 0.5,
                foresight: 0.0,
                ..normal
            },
            Level::Normal => normal,
            Level::Hard => Skill {
                always_weigh: true,
                points_only: true,
                sweeten: true,
                guarded: true,
                repair: true,
                discreet: true,
                rivalry: 1.0,
                ..normal
            },
        }
    }
}

/// How a power answers an offer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Reply {
    Accept,
    Reject,
    Counter(Vec<Clause>),
    /// Leave it unanswered for now (it expires at its deadline).
    Wait,
    /// Taken as an insult: end the talks.
    EndTalks,
}

/// The receiver's judgement of a pending offer.
pub fn assess(view: &dyn View, offer: &PendingOffer, temper: &Profile) -> Assessment {
    evaluate(view, &as_offer(offer), temper)
}

/// A pending offer as the model's input.
pub fn as_offer(p: &PendingOffer) -> Offer<'_> {
    Offer {
        id: Some(p.id),
        from: p.from,
        to: p.to,
        clauses: &p.clauses,
        kind: p
            .ultimatum
            .map_or(OfferKind::Proposal, OfferKind::Ultimatum),
        sent_day: p.sent_day,
        deadline_day: p.deadline_day,
        secret: p.secret,
    }
}

/// Decides the answer of `me` (run by `profile`) to a pending offer.
/// `last_chance` is true when the deadline falls before the next turn.
/// `mood` is the receiver's mood toward the sender: an offer is accepted
/// when its probability is above it, and countered only in a mood to
/// bargain. It holds for a while (see `sim::phases::mood`), so asking the
/// same again draws neither a new answer nor a new counter; only a better
/// offer does.
pub fn answer(
    view: &dyn View,
    offer: &PendingOffer,
    player: Player<'_>,
    sender_temper: &Profile,
    last_chance: bool,
    mood: Mood,
    rng: &mut ChaCha8Rng,
) -> (Reply, Option<Assessment>) {
    let me = offer.to;
    let profile = player.profile;
    if profile.kind == ProfileKind::Historical
        && offer.ultimatum.is_none()
        && ignoring(view, me, offer.from)
    {
        return (Reply::Wait, None);
    }
    if profile.kind == ProfileKind::Random {
        let roll: f32 = rng.random();
        let w = &view.setup().model;
        let reply = if roll < w.ai_random_accept {
            Reply::Accept
        } else if roll < w.ai_random_reject || offer.ultimatum.is_some() {
            Reply::Reject
        } else {
            Reply::Wait
        };
        return (reply, None);
    }
    let a = judged(view, offer, player);
    let insult_roll: f64 = rng.random();
    let mut verdict = a.decide(insult_roll, mood.accept);
    if verdict == crate::rules::Verdict::Accept
        && offer.ultimatum.is_none()
        && !signs(&a, player.level, mood)
    {
        verdict = crate::rules::Verdict::Reject;
    }
    let reply = match verdict {
        crate::rules::Verdict::EndTalks => Reply::EndTalks,
        crate::rules::Verdict::Accept => Reply::Accept,
        crate::rules::Verdict::Reject => {
            if offer.ultimatum.is_some() {
                Reply::Reject
            } else if mood.bargains(profile) {
                match counter_proposal(view, &as_offer(offer), profile, sender_temper) {
                    Some(c) => Reply::Counter(c.clauses),
                    None => Reply::Reject,
                }
            } else if !last_chance
                && a.margin > view.setup().model.ai_wait_margin * view.setup().model.temperature
                && rng.random::<f32>() < profile.patience
            {
                Reply::Wait
            } else {
                Reply::Reject
            }
        }
    };
    (reply, Some(a))
}

/// The receiver's judgement of a pending offer, as much of it as its
/// level lets it see.
pub fn judged(view: &dyn View, offer: &PendingOffer, player: Player<'_>) -> Assessment {
    let skill = Skill::of(player.level);
    let a = assess(view, offer, player.profile);
    if skill.foresight < 1.0 {
        short_sighted(a, skill.foresight, view.setup().model.temperature)
    } else {
        a
    }
}

/// A receiver's mood toward a sender, drawn for a few weeks at a time.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Mood {
    /// An offer is accepted when its probability is above this (0 to 1).
    pub accept: f64,
    /// A refused offer is countered when this is below the receiver's
    /// `counter` (0 to 1).
    pub counter: f32,
}

impl Mood {
    /// Whether a receiver run by `profile` bargains (counters) in this mood.
    pub fn bargains(&self, profile: &Profile) -> bool {
        self.counter < profile.counter
    }
}

/// Whether a receiver that judged a proposal `a` signs it in `mood`
/// (written or face to face alike): its probability is above the mood,
/// no leader vetoes it, and a skilled player never signs away its own
/// objectives.
pub fn signs(a: &Assessment, level: Level, mood: Mood) -> bool {
    a.vetoed_by.is_none()
        && mood.accept < f64::from(a.probability)
        && !(Skill::of(level).guarded && objective_lines(a) < 0.0)
}

/// `a` as a player who sees only `foresight` of what an offer means for its
/// objectives judges it (the lines still sum to the margin).
fn short_sighted(mut a: Assessment, foresight: f32, temperature: f32) -> Assessment {
    for l in &mut a.lines {
        if matches!(l.factor, Factor::Objective(_)) {
            l.value *= foresight;
        }
    }
    a.margin = a.lines.iter().map(|l| l.value).sum();
    if a.vetoed_by.is_none() {
        a.probability = crate::rules::model::logistic(a.margin / temperature.max(0.01));
    }
    a
}

/// Whether a historical plan says to leave `from`'s proposals unanswered today.
fn ignoring(view: &dyn View, me: PowerId, from: PowerId) -> bool {
    view.setup().plans.iter().any(|p| {
        p.power == me
            && matches!(p.plan, Plan::Ignore { from: f, until_day } if f == from && view.day() >= p.day && view.day() <= until_day)
    })
}

/// The actions `me` takes this turn. `turn_start`/`turn_days` bound the days.
pub fn act(
    view: &dyn View,
    me: PowerId,
    player: Player<'_>,
    rng: &mut ChaCha8Rng,
) -> Vec<Submission> {
    let profile = player.profile;
    let cal = &view.setup().calendar;
    let start = cal.turn_start_day(view.turn());
    let days = cal.days_per_turn;
    let mut out = Vec::new();
    if profile.kind == ProfileKind::Historical {
        for step in &view.setup().plans {
            if step.power != me || step.day < start || step.day >= start + days {
                continue;
            }
            if step.only_if.as_ref().is_some_and(|c| !c.holds(view)) {
                continue;
            }
            if let Some(action) = plan_action(&step.plan) {
                out.push(Submission {
                    actor: me,
                    day: step.day,
                    action,
                    why: Some("the summer of 1939 as it happened".into()),
                });
            }
        }
    }
    let day = start + rng.random_range(0..days.max(1));
    let chosen: Vec<(Action, String)> = match profile.kind {
        ProfileKind::Random => random_action(view, me, rng)
            .map(|a| (a, "a random legal move".to_string()))
            .into_iter()
            .collect(),
        ProfileKind::Model | ProfileKind::Historical => {
            model_actions(view, me, profile, Skill::of(player.level), rng)
        }
    };
    for (action, why) in chosen {
        if action::check(view, me, &action).is_ok() {
            out.push(Submission {
                actor: me,
                day,
                action,
                why: Some(why),
            });
        }
    }
    out
}

fn plan_action(plan: &Plan) -> Option<Action> {
    Some(match plan.clone() {
        Plan::Propose {
            to,
            clauses,
            deadline_days,
            secret,
        } => Action::Propose {
            to,
            clauses,
            deadline_days,
            secret,
        },
        Plan::Ultimatum {
            to,
            demands,
            deadline_days,
            consequence,
        } => Action::Ultimatum {
            to,
            demands,
            deadline_days,
            consequence,
            secret: Secret::NONE,
        },
        Plan::Summit {
            with,
            rounds,
            clauses,
        } => Action::Summit {
            with,
            rounds,
            clauses,
            secret: Secret::NONE,
        },
        Plan::SeverRelations { with } => Action::SeverRelations { with },
        Plan::RecallAmbassador { from } => Action::RecallAmbassador { from },
        Plan::Invade { state } => Action::Invade { state },
        Plan::Ignore { .. } => return None,
    })
}

/// States an objective of `me` wants in `me`'s sphere.
fn wanted_states(view: &dyn View, me: PowerId) -> Vec<StateId> {
    let mut out = Vec::new();
    for o in view.setup().objectives.iter().filter(|o| o.power == me) {
        o.condition.each_wanted(&mut |c| {
            if let Condition::InSphere { state, power } = c
                && *power == me
            {
                out.push(*state);
            }
        });
    }
    out.sort();
    out.dedup();
    out
}

/// Treaties with powers outside the great powers that an objective of
/// `me` asks for (a guarantee of a small state, say): each partner with
/// the clause that would meet it.
fn objective_clauses(view: &dyn View, me: PowerId) -> Vec<(PowerId, Clause)> {
    let mut out: Vec<(PowerId, Clause)> = Vec::new();
    let mut seek = |c: &Condition| {
        let Condition::Treaty {
            a,
            b,
            kind: Some(kind),
        } = c
        else {
            return;
        };
        if (*a == me) == (*b == me) {
            return;
        }
        let other = if *a == me { *b } else { *a };
        if view.setup().power(other).great {
            return;
        }
        let clause = match kind {
            ClauseKind::NonAggression => Some(Clause::NonAggression),
            ClauseKind::MutualAssistance => Some(Clause::MutualAssistance),
            ClauseKind::Consultation => Some(Clause::Consultation),
            ClauseKind::Trade => Some(Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: me,
            }),
            ClauseKind::Guarantee => view
                .setup()
                .state_ids()
                .find(|s| view.controller(*s) == other)
                .map(|state| Clause::Guarantee {
                    guarantor: me,
                    state,
                }),
            ClauseKind::JoinBloc
            | ClauseKind::TerritorialProtocol
            | ClauseKind::Cession
            | ClauseKind::Partition
            | ClauseKind::Revision
            | ClauseKind::Denunciation
            | ClauseKind::Armistice => None,
        };
        if let Some(clause) = clause
            && !out.iter().any(|(p, c)| *p == other && *c == clause)
        {
            out.push((other, clause));
        }
    };
    for o in view
        .setup()
        .objectives
        .iter()
        .filter(|o| o.power == me && o.points > 0.0)
    {
        o.condition.each_wanted(&mut seek);
    }
    out
}

/// A legal random action, or none (about half the time).
fn random_action(view: &dyn View, me: PowerId, rng: &mut ChaCha8Rng) -> Option<Action> {
    let w = &view.setup().model;
    if rng.random::<f32>() < w.ai_random_pass {
        return None;
    }
    let n = view.setup().power_count() as u8;
    let states = view.setup().states.len() as u8;
    for _ in 0..8 {
        let other = PowerId(rng.random_range(0..n));
        let action = match rng.random_range(0..20u32) {
            0..=9 => Action::Propose {
                to: other,
                clauses: random_clauses(view, me, other, rng),
                deadline_days: rng.random_range(w.ultimatum_deadline()..=w.deadline() + 7),
                secret: Secret::NONE,
            },
            10..=11 => Action::Ultimatum {
                to: other,
                demands: random_clauses(view, me, other, rng),
                deadline_days: w.ultimatum_deadline(),
                consequence: [
                    Consequence::SeverRelations,
                    Consequence::EndTalks,
                    Consequence::DeclareWar,
                ][rng.random_range(0..3usize)],
                secret: Secret::NONE,
            },
            12 => Action::Summit {
                with: other,
                rounds: rng.random_range(1..=3),
                clauses: random_clauses(view, me, other, rng),
                secret: Secret::NONE,
            },
            13 => Action::SeverRelations { with: other },
            14 => Action::RestoreRelations { with: other },
            15 => Action::RecallAmbassador { from: other },
            16 => Action::EndTalks { with: other },
            17 => Action::DeclareWar { on: other },
            18 if states > 0 => Action::Invade {
                state: StateId(rng.random_range(0..states)),
            },
            _ => match view
                .treaties()
                .filter(|t| t.binds(me))
                .nth(rng.random_range(0..4usize))
            {
                Some(t) => Action::Denounce { treaty: t.id },
                None => continue,
            },
        };
        if action::check(view, me, &action).is_ok() {
            return Some(action);
        }
    }
    None
}

fn random_clauses(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    rng: &mut ChaCha8Rng,
) -> Vec<Clause> {
    let states = view.setup().states.len() as u8;
    let mut out = Vec::new();
    for _ in 0..rng.random_range(1..=3u32) {
        let c = match rng.random_range(0..8u32) {
            0 => Clause::NonAggression,
            1 => Clause::MutualAssistance,
            2 => Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: if rng.random() { me } else { other },
            },
            3 => Clause::Consultation,
            4 if states > 0 => Clause::TerritorialProtocol(vec![(
                StateId(rng.random_range(0..states)),
                if rng.random() { me } else { other },
            )]),
            5 if states > 0 => Clause::Guarantee {
                guarantor: me,
                state: StateId(rng.random_range(0..states)),
            },
            6 if !view.setup().blocs.is_empty() => Clause::JoinBloc {
                power: if rng.random() { me } else { other },
                bloc: crate::rules::BlocId(rng.random_range(0..view.setup().blocs.len() as u8)),
            },
            _ => Clause::Consultation,
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// What a document's objective lines add to its proposer's judgement of
/// it (`mine`, as if it were offered to it), in the model's units.
/// By how much a document lifts `other`'s share of what it could reach
/// above ours, in our points (0 when it lifts ours as much, or `other`
/// cannot win): `my_points` is what it earns us, `theirs` our estimate of
/// the other's judgement of it.
fn rival_excess(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    my_points: f32,
    theirs: &Assessment,
) -> f32 {
    let setup = view.setup();
    if !setup.power(other).playable {
        return 0.0;
    }
    let reach = |p| crate::rules::score::reachable_by(setup, p);
    let (mine, their) = (reach(me), reach(other));
    if mine <= 0.0 || their <= 0.0 {
        return 0.0;
    }
    let their_points = objective_lines(theirs) / setup.model.objectives.max(0.01);
    (their_points / their - my_points / mine).max(0.0) * mine
}

fn objective_lines(mine: &Assessment) -> f32 {
    mine.lines
        .iter()
        .filter(|l| matches!(l.factor, Factor::Objective(_)))
        .map(|l| l.value)
        .sum()
}

/// What a document is worth to its proposer, from its own judgement of it
/// (`mine`, as if it were offered to it): the objectives it reaches or
/// loses in full score points, times its ambition, and the rest of its
/// judgement (before its reservation) at [`ModelWeights::ai_judgement`].
fn own_gain(mine: &Assessment, profile: &Profile, w: &ModelWeights) -> f32 {
    let objectives = objective_lines(mine);
    let points = objectives / w.objectives.max(0.01);
    let rest = mine.margin + profile.reservation - objectives;
    points * profile.ambition + rest * w.ai_judgement
}

/// The documents `me` may offer `other`, its enemy, to end their war: a
/// bare armistice, one with a pact, and one that buys peace with the
/// states of ours `other` is invading (or asks for those we are invading).
fn peace_terms(view: &dyn View, me: PowerId, other: PowerId) -> Vec<Vec<Clause>> {
    let mut out = vec![
        vec![Clause::Armistice],
        vec![Clause::Armistice, Clause::NonAggression],
    ];
    // The states of one side's sphere the other is invading, to the invader.
    for (invader, holder) in [(other, me), (me, other)] {
        let states: Vec<(StateId, PowerId)> = view
            .fronts()
            .filter(|f| f.attacker == invader && view.sphere(f.state) == holder)
            .map(|f| (f.state, invader))
            .collect();
        if !states.is_empty() {
            out.push(vec![Clause::Armistice, Clause::TerritorialProtocol(states)]);
        }
    }
    out
}

/// `mine` and `theirs`: the states the objectives of `me` and of `other`
/// want (see [`wanted_states`]).
fn candidates(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    mine: &[StateId],
    theirs: &[StateId],
) -> Vec<Vec<Clause>> {
    let mut out = vec![
        vec![Clause::NonAggression],
        vec![Clause::Consultation],
        vec![Clause::MutualAssistance],
        vec![
            Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: me,
            },
            Clause::Trade {
                goods: Goods::Credits,
                to: other,
            },
        ],
        vec![Clause::NonAggression, Clause::Consultation],
        // Packages: a pact sweetened with trade, or an alliance.
        vec![
            Clause::NonAggression,
            Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: me,
            },
        ],
        vec![Clause::NonAggression, Clause::MutualAssistance],
        vec![
            Clause::NonAggression,
            Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: me,
            },
            Clause::MutualAssistance,
        ],
    ];
    let wanted: Vec<(StateId, PowerId)> = mine
        .iter()
        .copied()
        .filter(|s| view.sphere(*s) == other)
        .map(|s| (s, me))
        .collect();
    if !wanted.is_empty() {
        out.push(vec![Clause::TerritorialProtocol(wanted.clone())]);
        out.push(vec![
            Clause::TerritorialProtocol(wanted.clone()),
            Clause::NonAggression,
            Clause::Trade {
                goods: Goods::RawMaterials,
                to: other,
            },
        ]);
        if wanted.len() > 1 {
            out.push(vec![
                Clause::TerritorialProtocol(wanted[..1].to_vec()),
                Clause::NonAggression,
            ]);
        }
    }
    // Concessions: states of ours the other wants, for its word.
    let theirs: Vec<(StateId, PowerId)> = theirs
        .iter()
        .copied()
        .filter(|s| view.sphere(*s) == me)
        .map(|s| (s, other))
        .collect();
    for given in theirs
        .iter()
        .map(|a| vec![*a])
        .chain((theirs.len() > 1).then(|| theirs.clone()))
    {
        out.push(vec![
            Clause::TerritorialProtocol(given),
            Clause::NonAggression,
        ]);
    }
    for (b, members) in view.setup().bloc_ids().map(|b| view.members(b)).enumerate() {
        if members.contains(&other) && !members.contains(&me) {
            out.push(vec![
                Clause::JoinBloc {
                    power: me,
                    bloc: crate::rules::BlocId(b as u8),
                },
                Clause::NonAggression,
            ]);
        }
    }
    out
}

/// A model profile's actions this turn: its best moves (to as many
/// counterparts as the scenario allows a turn), each chosen by its
/// expected worth in score points. How often it weighs aggression at all
/// (ultimatums, breaks, invasions) and proposals comes from its temper.
fn model_actions(
    view: &dyn View,
    me: PowerId,
    profile: &Profile,
    skill: Skill,
    rng: &mut ChaCha8Rng,
) -> Vec<(Action, String)> {
    let setup = &**view.setup();
    let w = &setup.model;
    let mut offers: Vec<Intent> = Vec::new();
    let threaten = rng.random::<f32>() < profile.aggression * w.ai_threat_chance;
    if threaten {
        offers.extend(aggressive_action(view, me, profile, skill, rng));
    }
    if skill.repair {
        offers.extend(repair(view, me));
    }
    offers.extend(protect_clients(view, me, profile));
    let initiative = rng.random::<f32>() < profile.initiative * skill.initiative;
    if initiative || skill.always_weigh && profile.initiative > 0.0 {
        offers.extend(proposals(view, me, profile, skill, rng));
    }
    offers.sort_by(|a, b| b.utility.total_cmp(&a.utility));
    // Each proposal must still pay if the better ones sent with it are
    // accepted too (no courting both camps with the same prize).
    let most = w.ai_proposals.round().max(1.0) as usize;
    let mut kept: Vec<Intent> = Vec::new();
    for intent in offers {
        if kept.len() >= most {
            break;
        }
        if let Action::Propose { to, clauses, .. } = &intent.action
            && skill.coherent
        {
            // Those still on the table count as accepted too.
            let sent: Vec<(PowerId, &[Clause])> = view
                .pending()
                .filter(|p| p.from == me && p.ultimatum.is_none())
                .map(|p| (p.to, p.clauses.as_slice()))
                .chain(kept.iter().filter_map(|i| match &i.action {
                    Action::Propose { to, clauses, .. } => Some((*to, clauses.as_slice())),
                    _ => None,
                }))
                .collect();
            if !sent.is_empty() {
                let after = judged_after(view, me, profile, &sent, *to, clauses);
                if own_gain(&after, profile, w) <= w.ai_min_utility || objective_lines(&after) < 0.0
                {
                    continue;
                }
            }
        }
        kept.push(intent);
    }
    // A promising document is sometimes taken to a summit instead: talks
    // face to face, signed on the spot if both sides want it.
    kept.into_iter()
        .map(|intent| {
            let why = explain(view, me, &intent);
            let action = match intent.action {
                Action::Propose {
                    to,
                    clauses,
                    secret,
                    ..
                } if intent.utility > w.ai_summit_utility
                    && rng.random::<f32>() < w.ai_summit_chance =>
                {
                    Action::Summit {
                        with: to,
                        rounds: 2,
                        clauses,
                        secret,
                    }
                }
                other => other,
            };
            (action, why)
        })
        .collect()
}

/// An action the AI weighs: what it expects it to be worth, in score
/// points, and why.
struct Intent {
    utility: f32,
    action: Action,
    why: Why,
}

impl Intent {
    /// Proposing `clauses` to `other`, worth `utility`: `gain` to us if
    /// accepted, by our judgement `mine`, and their answer as estimated.
    fn deal(
        utility: f32,
        other: PowerId,
        clauses: Vec<Clause>,
        gain: f32,
        mine: &Assessment,
        theirs: &crate::rules::model::Estimate,
        w: &ModelWeights,
    ) -> Intent {
        Intent {
            utility,
            action: Action::Propose {
                to: other,
                clauses,
                deadline_days: w.deadline(),
                secret: Secret::NONE,
            },
            why: Why::Deal {
                gain,
                objectives: objective_points(mine, w),
                chance: (theirs.low, theirs.high),
                third: None,
            },
        }
    }
}

/// Third parties' reaction to a document, as weighed by [`discretion`].
struct Reaction {
    /// The great power whose dealings with us it would cost most.
    power: PowerId,
    /// What signing it in public would cost us with the third parties it
    /// is aimed at, in expected points of our best deal with each.
    cost: f32,
    /// The chance the secret would come out before the summer ends, when
    /// it is kept secret.
    secret: Option<f32>,
}

/// The grounds of an [`Intent`], written out only for those carried out.
enum Why {
    /// A document: its worth to the proposer if accepted, the objective
    /// lines of its own judgement of it, and the receiver's estimated
    /// chance of accepting (low, high).
    Deal {
        gain: f32,
        objectives: Vec<(u16, f32)>,
        chance: (f32, f32),
        third: Option<Reaction>,
    },
    /// An invasion: the chance of taking the state before the summer ends.
    Invasion { odds: f32 },
    /// A break, as the way to an invasion worth this much.
    Break { invasion: f32, lost: f32 },
    /// Relations restored once anger has cooled.
    Restore { opinion: f32 },
    /// An ultimatum: the estimated chance it is met, the demands' worth,
    /// and the price of carrying out and of backing down if it is not.
    Threat {
        chance: f32,
        gain: f32,
        carry_out: f32,
        back_down: f32,
    },
    /// A denunciation, worth this many score points.
    Repair { gain: f32 },
    /// A guarantee answering `threat`'s ultimatum to a small state, whose
    /// surrender would cost `loss` points: the chance it yields, estimated
    /// before and after the guarantee, and the chance it signs.
    Shield {
        threat: PowerId,
        loss: f32,
        before: f32,
        after: f32,
        chance: (f32, f32),
    },
}

/// An intent's reason in words, e.g. "Germany values it at +8.0 (Quiet in
/// the East +8.0); the USSR is estimated 70–85% likely to accept".
fn explain(view: &dyn View, me: PowerId, intent: &Intent) -> String {
    let setup = view.setup();
    let who = crate::rules::text::power(setup, me);
    let pct = |p: f32| (p * 100.0).round();
    let target = intent
        .action
        .document()
        .map_or("", |(to, _)| crate::rules::text::power(setup, to));
    match &intent.why {
        Why::Deal {
            gain,
            objectives,
            chance,
            third,
        } => {
            let goals: Vec<String> = objectives
                .iter()
                .filter_map(|(i, v)| {
                    let o = setup.objectives.get(usize::from(*i))?;
                    Some(format!("{} {v:+.1}", o.description))
                })
                .collect();
            let goals = if goals.is_empty() {
                String::new()
            } else {
                format!(" ({})", goals.join("; "))
            };
            let third = match third {
                None => String::new(),
                Some(r) => {
                    let them = crate::rules::text::power(setup, r.power);
                    match r.secret {
                        Some(found) => format!(
                            "; kept secret, as in public it would cost {who} {:.1} in its dealings with {them} (the secret has a {:.0}% chance of coming out)",
                            r.cost,
                            pct(found)
                        ),
                        None => format!(
                            "; in public, at a cost of {:.1} in its dealings with {them}",
                            r.cost
                        ),
                    }
                }
            };
            format!(
                "{who} values it at {gain:+.1}{goals}; {target} is estimated {:.0}–{:.0}% likely to accept{third}",
                pct(chance.0),
                pct(chance.1)
            )
        }
        Why::Invasion { odds } => format!(
            "a {:.0}% chance of taking it before the summer ends, worth {:+.1} expected points with the war's cost",
            pct(*odds),
            intent.utility
        ),
        Why::Break { invasion, lost } => format!(
            "the way to an invasion worth {invasion:+.1} expected points, against {lost:.1} lost by the break"
        ),
        Why::Restore { opinion } => {
            format!("its anger has cooled (opinion {opinion:+.1})")
        }
        Why::Threat {
            chance,
            gain,
            carry_out,
            back_down,
        } => format!(
            "the demands are worth {gain:+.1} to {who}; {target} is estimated {:.0}% likely to yield; if not, carrying out would cost {carry_out:.1}, backing down {back_down:.1}",
            pct(*chance)
        ),
        Why::Repair { gain } => {
            format!("the treaty costs {who} {gain:.1} points of its objectives")
        }
        Why::Shield {
            threat,
            loss,
            before,
            after,
            chance,
        } => format!(
            "answers {}'s ultimatum, whose success would cost {who} {loss:.1} points: a guarantee should cut the chance of surrender from {:.0}% to {:.0}%; {target} is estimated {:.0}–{:.0}% likely to sign",
            crate::rules::text::power(setup, *threat),
            pct(*before),
            pct(*after),
            pct(chance.0),
            pct(chance.1)
        ),
    }
}

/// The objective lines of an assessment, in score points.
fn objective_points(a: &Assessment, w: &ModelWeights) -> Vec<(u16, f32)> {
    a.lines
        .iter()
        .filter_map(|l| match l.factor {
            Factor::Objective(i) => Some((i, l.value / w.objectives.max(0.01))),
            _ => None,
        })
        .collect()
}

/// The best proposal to each counterpart `me` may address, with its
/// expected worth: the chance the receiver accepts (as `me` can estimate
/// it) times what it is worth to `me`, less a point if it is refused.
fn proposals(
    view: &dyn View,
    me: PowerId,
    profile: &Profile,
    skill: Skill,
    rng: &mut ChaCha8Rng,
) -> Vec<Intent> {
    let setup = &**view.setup();
    let w = &setup.model;
    let day = view.day();
    let mut offers: Vec<Intent> = Vec::new();
    let sought = objective_clauses(view, me);
    let mut others: Vec<PowerId> = setup.great_powers().collect();
    let enemies = setup
        .power_ids()
        .filter(|p| view.relation(me, *p) == Relation::War);
    for p in sought.iter().map(|(p, _)| *p).chain(enemies) {
        if !others.contains(&p) {
            others.push(p);
        }
    }
    others.retain(|o| {
        *o != me
            && (view.may_propose(me, *o) || view.relation(me, *o) == Relation::War)
            && !view.pending().any(|p| p.from == me && p.to == *o)
    });
    let mine = wanted_states(view, me);
    for other in others {
        let mut best: Option<Intent> = None;
        let documents = if view.relation(me, other) == Relation::War {
            peace_terms(view, me, other)
        } else if setup.power(other).great {
            candidates(view, me, other, &mine, &wanted_states(view, other))
        } else {
            sought
                .iter()
                .filter(|(p, _)| *p == other)
                .map(|(_, c)| vec![c.clone()])
                .collect()
        };
        // A document repeating a promise already in force between us is
        // refused (as `action::document` would), unweighed; each kind is
        // asked once.
        let (mut asked, mut bound) = (0u16, 0u16);
        let mut in_force = |c: &Clause| {
            let bit = c.kind().bit();
            if asked & bit == 0 {
                asked |= bit;
                if view.has_treaty(me, other, Some(c.kind())) {
                    bound |= bit;
                }
            }
            bound & bit != 0
        };
        // Promises `other` already offers us are answered, not mirrored
        // (both would be accepted and the second lapse).
        let offered: u16 = view
            .pending()
            .filter(|p| p.from == other && p.to == me && p.ultimatum.is_none())
            .flat_map(|p| p.clauses.iter())
            .filter(|c| c.is_promise())
            .fold(0, |bits, c| bits | c.kind().bit());
        // What does not depend on the clauses, worked out once for every
        // document: our judgement of them as offered to us, and theirs.
        let deadline = day + w.deadline();
        let ours = backdrop(
            view,
            &Offer::proposal(other, me, &[], day, deadline),
            profile,
        );
        let their_temper = public_temper(view, other);
        let theirs_backdrop = backdrop(
            view,
            &Offer::proposal(me, other, &[], day, deadline),
            their_temper,
        );
        for clauses in documents {
            if clauses
                .iter()
                .any(|c| c.is_promise() && (in_force(c) || offered & c.kind().bit() != 0))
                || action::document(view, me, other, &clauses).is_err()
            {
                continue;
            }
            // A little noise so equal options vary between seeds (drawn for
            // every sound document, so what is skipped below cannot shift it).
            let noise = rng.random_range(-1.0..1.0) * w.ai_noise * skill.variety;
            // What it is worth to me, judged as if it were offered to me.
            let mine = evaluate_with(
                view,
                &Offer::proposal(other, me, &clauses, day, deadline),
                profile,
                &ours,
            );
            if mine.vetoed_by.is_some() {
                continue;
            }
            let gain = skill.gain(&mine, profile, w);
            // Whatever their answer, the utility is at most max(gain, -1):
            // a document that cannot beat the bar or the best so far is
            // not worth estimating.
            let ceiling = gain.max(-1.0) + noise;
            if ceiling <= w.ai_min_utility || best.as_ref().is_some_and(|b| ceiling <= b.utility) {
                continue;
            }
            // Their answer as we can estimate it (we cannot read their minds).
            let theirs = estimate_with(
                view,
                me,
                &Offer::proposal(me, other, &clauses, day, deadline),
                &theirs_backdrop,
            );
            let p = theirs.assessment.probability;
            if p < w.ai_hopeless {
                continue; // hopeless: not worth weighing
            }
            let gain = gain - skill.rivalry_cost(view, me, other, &mine, &theirs.assessment);
            let utility = p * gain - (1.0 - p) + noise;
            if utility > w.ai_min_utility && best.as_ref().is_none_or(|b| utility > b.utility) {
                best = Some(Intent::deal(
                    utility, other, clauses, gain, &mine, &theirs, w,
                ));
            }
        }
        if skill.sweeten
            && let Some(Intent {
                utility,
                action: Action::Propose { clauses, .. },
                ..
            }) = &best
            && let Some(better) =
                sweetened(view, me, other, clauses.clone(), *utility, profile, skill)
        {
            best = Some(better);
        }
        if skill.discreet
            && let Some(intent) = &mut best
        {
            discretion(view, me, other, intent, profile, skill);
        }
        offers.extend(best);
    }
    offers
}

/// Third parties' reactions to proposing `intent` to `other`: each great
/// power it is aimed at would, once it knew of the treaty, judge our best
/// deal with it differently. What that costs us in public is weighed
/// against keeping the whole document secret, which costs nothing unless
/// the secret comes out, and then [`ModelWeights::deceit_fear`] times as
/// much. The cheaper way is taken and its cost charged to the intent.
fn discretion(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    intent: &mut Intent,
    profile: &Profile,
    skill: Skill,
) {
    let w = &view.setup().model;
    let Action::Propose {
        clauses, secret, ..
    } = &mut intent.action
    else {
        return;
    };
    let signed = crate::rules::view::WithClauses::new(view, me, other, clauses);
    let mut public = 0.0;
    let mut hidden = 0.0;
    let mut worst: Option<(PowerId, f32, f32)> = None;
    for third in view.setup().great_powers().filter(|t| {
        *t != me
            && *t != other
            && view.may_propose(me, *t)
            && crate::rules::intel::aimed_at(view, clauses, *t)
    }) {
        let loss = (best_deal(view, me, third, profile, skill)
            - best_deal(&signed, me, third, profile, skill))
        .max(0.0);
        if loss <= 0.0 {
            continue;
        }
        let found = crate::rules::intel::discovery(view, third, [me, other]);
        public += loss;
        hidden += loss * found * w.deceit_fear;
        if worst.is_none_or(|(_, l, _)| loss > l) {
            worst = Some((third, loss, found));
        }
    }
    let Some((power, _, found)) = worst else {
        return;
    };
    let keep_secret = hidden < public;
    if keep_secret {
        *secret = Secret(u16::MAX).within(clauses.len());
    }
    intent.utility -= public.min(hidden);
    if let Why::Deal { third, .. } = &mut intent.why {
        *third = Some(Reaction {
            power,
            cost: public,
            secret: keep_secret.then_some(found),
        });
    }
}

/// The expected worth to `me` of its best proposal to `other` in `view`
/// (none: 0), as weighed in [`proposals`] without noise.
fn best_deal(view: &dyn View, me: PowerId, other: PowerId, profile: &Profile, skill: Skill) -> f32 {
    let (mine, theirs) = (wanted_states(view, me), wanted_states(view, other));
    candidates(view, me, other, &mine, &theirs)
        .into_iter()
        .filter_map(|c| worth(view, me, other, c, profile, skill))
        .map(|i| i.utility)
        .fold(0.0, f32::max)
}

/// Proposing `clauses` to `other`, weighed as in [`proposals`] (without
/// noise), if it is a sound document `me` would send.
fn worth(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    clauses: Vec<Clause>,
    profile: &Profile,
    skill: Skill,
) -> Option<Intent> {
    let w = &view.setup().model;
    let day = view.day();
    action::document(view, me, other, &clauses).ok()?;
    let mine = judged_by_me(view, me, other, &clauses, day + w.deadline(), profile);
    if mine.vetoed_by.is_some() {
        return None;
    }
    let gain = skill.gain(&mine, profile, w);
    let theirs = estimate(
        view,
        me,
        &Offer::proposal(me, other, &clauses, day, day + w.deadline()),
    );
    let p = theirs.assessment.probability;
    let gain = gain - skill.rivalry_cost(view, me, other, &mine, &theirs.assessment);
    let utility = p * gain - (1.0 - p);
    Some(Intent::deal(
        utility, other, clauses, gain, &mine, &theirs, w,
    ))
}

/// Articles `me` may add to a document for `other` to make it more
/// attractive: promises, trade the other wants, joining its bloc, states
/// of `me`'s sphere it wants.
fn sweeteners(view: &dyn View, me: PowerId, other: PowerId) -> Vec<Clause> {
    let mut out = vec![
        Clause::NonAggression,
        Clause::Consultation,
        Clause::MutualAssistance,
        Clause::Trade {
            goods: Goods::Credits,
            to: other,
        },
        Clause::Trade {
            goods: Goods::RawMaterials,
            to: other,
        },
    ];
    for (b, members) in view.setup().bloc_ids().map(|b| view.members(b)).enumerate() {
        if members.contains(&other) && !members.contains(&me) {
            out.push(Clause::JoinBloc {
                power: me,
                bloc: crate::rules::BlocId(b as u8),
            });
        }
    }
    for s in wanted_states(view, other) {
        if view.sphere(s) == me {
            out.push(Clause::TerritorialProtocol(vec![(s, other)]));
        }
    }
    out
}

/// `clauses` improved by adding, one at a time while each pays, the
/// sweetener that raises its worth most above `utility`; none if nothing
/// does.
fn sweetened(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    clauses: Vec<Clause>,
    utility: f32,
    profile: &Profile,
    skill: Skill,
) -> Option<Intent> {
    let extras = sweeteners(view, me, other);
    let mut best: Option<Intent> = None;
    for _ in 0..2 {
        let base = best.as_ref().map_or(&clauses, |b| match &b.action {
            Action::Propose { clauses, .. } => clauses,
            _ => &clauses,
        });
        let bar = best.as_ref().map_or(utility, |b| b.utility);
        let mut step: Option<Intent> = None;
        for extra in extras.iter().filter(|e| !base.contains(e)) {
            let mut trial = base.clone();
            trial.push(extra.clone());
            if let Some(i) = worth(view, me, other, trial, profile, skill)
                && i.utility > bar
                && step.as_ref().is_none_or(|s| i.utility > s.utility)
            {
                step = Some(i);
            }
        }
        match step {
            Some(s) => best = Some(s),
            None => break,
        }
    }
    best
}

/// `me`'s answer to a public ultimatum against a small state whose
/// surrender would cost it: a guarantee of the threatened state, worth
/// what the surrender would cost times how much less likely the guarantee
/// makes it (as `me` estimates the threatened state's answer), if the
/// guarantee is likely to be signed and worth its own obligations.
fn protect_clients(view: &dyn View, me: PowerId, profile: &Profile) -> Option<Intent> {
    let setup = view.setup();
    let w = &setup.model;
    let day = view.day();
    let mut now = None;
    let mut best: Option<Intent> = None;
    for threat in view.pending().filter(|o| {
        o.ultimatum.is_some()
            && o.from != me
            && o.to != me
            && !setup.power(o.to).great
            && o.stage == crate::rules::view::Stage::Open
    }) {
        let client = threat.to;
        let yielded =
            crate::rules::view::WithClauses::new(view, threat.from, client, &threat.clauses);
        let now = *now.get_or_insert_with(|| my_score(view, me));
        let loss = now - my_score(&yielded, me);
        if loss <= 0.0 {
            continue;
        }
        let ultimatum = as_offer(threat);
        let before = estimate(view, me, &ultimatum).assessment.probability;
        for state in setup.state_ids().filter(|s| view.controller(*s) == client) {
            let guarantee = vec![Clause::Guarantee {
                guarantor: me,
                state,
            }];
            if action::document(view, me, client, &guarantee).is_err() {
                continue;
            }
            let shielded = crate::rules::view::WithClauses::new(view, me, client, &guarantee);
            let after = estimate(&shielded, me, &ultimatum).assessment.probability;
            let mine = judged_by_me(view, me, client, &guarantee, day + w.deadline(), profile);
            if mine.vetoed_by.is_some() {
                continue;
            }
            let theirs = estimate(
                view,
                me,
                &Offer::proposal(me, client, &guarantee, day, day + w.deadline()),
            );
            let p = theirs.assessment.probability;
            let gain = loss * (before - after) + own_gain(&mine, profile, w).min(0.0);
            let utility = p * gain - (1.0 - p);
            if utility > w.ai_min_utility && best.as_ref().is_none_or(|b| utility > b.utility) {
                best = Some(Intent {
                    utility,
                    action: Action::Propose {
                        to: client,
                        clauses: guarantee,
                        deadline_days: w.ultimatum_deadline().max(1),
                        secret: Secret::NONE,
                    },
                    why: Why::Shield {
                        threat: threat.from,
                        loss,
                        before,
                        after,
                        chance: (theirs.low, theirs.high),
                    },
                });
            }
        }
    }
    best
}

/// The treaty of `me`'s whose end would raise its score most (one that
/// binds it to both camps, say), if that pays for the trust and goodwill a
/// denunciation costs.
fn repair(view: &dyn View, me: PowerId) -> Option<Intent> {
    let w = &view.setup().model;
    let now = my_score(view, me);
    let mut best: Option<Intent> = None;
    for t in view.treaties().filter(|t| t.binds(me)) {
        let mut without = crate::rules::view::Sketch::of(view);
        without.treaties.retain(|x| x.id != t.id);
        let gain = my_score(&without, me) - now;
        let utility = gain - w.ai_threat_strain;
        if utility > w.ai_min_utility && best.as_ref().is_none_or(|b| utility > b.utility) {
            best = Some(Intent {
                utility,
                action: Action::Denounce { treaty: t.id },
                why: Why::Repair { gain },
            });
        }
    }
    best
}

/// `me`'s own judgement of `clauses` with `other`, as if `other` offered
/// them today with this deadline.
fn judged_by_me(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    clauses: &[Clause],
    deadline: u32,
    profile: &Profile,
) -> Assessment {
    let offer = Offer::proposal(other, me, clauses, view.day(), deadline);
    evaluate(view, &offer, profile)
}

/// `me`'s own judgement of `clauses` from `to` in a world where the deals
/// in `sent` took force first.
fn judged_after(
    view: &dyn View,
    me: PowerId,
    profile: &Profile,
    sent: &[(PowerId, &[Clause])],
    to: PowerId,
    clauses: &[Clause],
) -> Assessment {
    match sent.split_first() {
        Some(((with, deal), rest)) => {
            let after = crate::rules::view::WithClauses::new(view, me, *with, deal);
            judged_after(&after, me, profile, rest, to, clauses)
        }
        None => {
            let deadline = view.day() + view.setup().model.deadline();
            judged_by_me(view, me, to, clauses, deadline, profile)
        }
    }
}

/// `me`'s score in `view`.
fn my_score(view: &dyn View, me: PowerId) -> f32 {
    crate::rules::score::score(view, me)
}

/// The chance of winning `needed` battles in a row within `battles`
/// weekly battles of `odds`; a lost battle throws the invasion back,
/// costs the invader [`ModelWeights::repulse_loss`] of its strength (so
/// the next attempt is weaker) and the next week to launch it again.
fn conquest_odds(view: &dyn View, odds: &crate::rules::war::Battle, battles: u32) -> f32 {
    let w = &view.setup().model;
    let needed = usize::from(w.battles_to_conquer().max(1));
    let chance = |failures: usize| {
        let attack = odds.attack * (1.0 - w.repulse_loss).powi(failures as i32);
        if attack + odds.defence <= 0.0 {
            0.5
        } else {
            (attack / (attack + odds.defence))
                .clamp(w.battle_floor, w.battle_ceiling.max(w.battle_floor))
        }
    };
    // ways[f][k]: probability of standing k battles won after f defeats;
    // relaunch[f]: probability of waiting a week after the f-th defeat.
    let rounds = battles as usize + 1;
    let mut ways = vec![vec![0.0f32; needed]; rounds];
    ways[0][0] = 1.0;
    let mut relaunch = vec![0.0f32; rounds];
    let mut taken = 0.0f32;
    for _ in 0..battles {
        let mut next = vec![vec![0.0f32; needed]; rounds];
        let mut lost = vec![0.0f32; rounds];
        for (f, row) in ways.iter().enumerate() {
            next[f][0] += relaunch[f];
            let c = chance(f);
            for (k, p) in row.iter().enumerate() {
                if k + 1 == needed {
                    taken += p * c;
                } else {
                    next[f][k + 1] += p * c;
                }
                if f + 1 < rounds {
                    lost[f + 1] += p * (1.0 - c);
                }
            }
        }
        relaunch = lost;
        ways = next;
    }
    taken
}

/// What invading `state` is worth to `me`, in expected score points: the
/// chance of taking it before the summer ends times what holding it earns,
/// less the weeks of war against its ruler and every power bound to
/// defend it (as likely to come as its record says), and what being at
/// war costs at once.
fn invasion_worth(view: &dyn View, me: PowerId, state: StateId) -> (f32, f32) {
    let setup = view.setup();
    let ruler = view.controller(state);
    let mut enemies: Vec<(PowerId, f32)> = vec![(ruler, 1.0)];
    for duty in crate::rules::war::obligations(view, me, ruler, Some(state)) {
        if !enemies.iter().any(|(p, _)| *p == duty.power) {
            enemies.push((duty.power, crate::rules::model::record(view, duty.power)));
        }
    }
    let defenders = crate::rules::war::defenders(view, me, state, |_| true);
    let battle = crate::rules::war::planned_battle(view, me, &defenders);
    let battles = setup.calendar.turns().saturating_sub(view.turn()) + 1;
    let odds = conquest_odds(view, &battle, battles);
    let mine = view.strength(me);
    let mut at_war = crate::rules::view::Sketch::of(view);
    let mut weeks = 0.0;
    for (enemy, likely) in &enemies {
        at_war.set_relation(me, *enemy, Relation::War);
        let toll = crate::rules::war::weekly_toll(view, mine, view.strength(*enemy));
        weeks += likely * toll * battles as f32;
    }
    let war = my_score(&at_war, me) - my_score(view, me);
    at_war.conquer(state, me);
    let taken = my_score(&at_war, me) - my_score(view, me) - war;
    (odds * taken + war - weeks, odds)
}

/// What an ultimatum to `other` demanding `demands` is worth to `me`: the
/// chance it is accepted (as `me` estimates it) times what the demands
/// earn, less, if it is refused, the cheaper of carrying out the threat
/// and backing down, and the strain it puts on relations either way.
fn ultimatum_worth(
    view: &dyn View,
    me: PowerId,
    other: PowerId,
    demands: &[Clause],
    consequence: Consequence,
    profile: &Profile,
) -> (f32, Why) {
    let w = &view.setup().model;
    let day = view.day();
    let deadline = day + w.ultimatum_deadline();
    let offer = Offer {
        kind: OfferKind::Ultimatum(consequence),
        ..Offer::proposal(me, other, demands, day, deadline)
    };
    let p = estimate(view, me, &offer).assessment.probability;
    let mine = judged_by_me(view, me, other, demands, deadline, profile);
    let gain = own_gain(&mine, profile, w);
    let c = crate::rules::threat::price(view, me, other, Some(consequence));
    let worth = p * gain - (1.0 - p) * c.carry_out.min(c.back_down) - w.ai_threat_strain;
    let why = Why::Threat {
        chance: p,
        gain,
        carry_out: c.carry_out,
        back_down: c.back_down,
    };
    (worth, why)
}

/// The AI's best aggressive move, if any is worth its price: restoring
/// relations it broke once its anger has cooled; an ultimatum for the
/// states its objectives want, once their holder has refused it a deal;
/// an invasion of such a state held by a power it has broken with; or a
/// break with a power it detests, when an invasion would then pay.
fn aggressive_action(
    view: &dyn View,
    me: PowerId,
    profile: &Profile,
    skill: Skill,
    rng: &mut ChaCha8Rng,
) -> Option<Intent> {
    let setup = &**view.setup();
    let w = &setup.model;
    let wanted = wanted_states(view, me);
    let mut best: Option<Intent> = None;
    let mut consider = |utility: f32, action: Action, why: Why| {
        if utility > w.ai_min_utility && best.as_ref().is_none_or(|b| utility > b.utility) {
            best = Some(Intent {
                utility,
                action,
                why,
            });
        }
    };
    let strong_enough = |s: StateId| {
        let holder = view.sphere(s);
        view.strength(me)
            > w.ai_invade_ratio * (view.strength(holder) + view.strength(view.controller(s)))
    };
    for &s in &wanted {
        let holder = view.sphere(s);
        if holder != me && view.relation(me, holder) >= Relation::Severed && strong_enough(s) {
            let action = Action::Invade { state: s };
            if action::check(view, me, &action).is_ok() {
                let (worth, odds) = invasion_worth(view, me, s);
                consider(worth, action, Why::Invasion { odds });
            }
        }
    }
    for other in setup.great_powers() {
        if other == me {
            continue;
        }
        let opinion = view.opinion(me, other);
        let relation = view.relation(me, other);
        if relation == Relation::Severed && opinion > w.ai_restore_opinion {
            consider(
                w.ai_min_utility + 1.0,
                Action::RestoreRelations { with: other },
                Why::Restore { opinion },
            );
        }
        let theirs: Vec<StateId> = wanted
            .iter()
            .copied()
            .filter(|s| view.sphere(*s) == other)
            .collect();
        if theirs.is_empty() {
            continue;
        }
        if relation < Relation::Severed && opinion < w.ai_sever_opinion {
            // A break pays only as the way to an invasion.
            let mut severed = crate::rules::view::Sketch::of(view);
            crate::rules::threat::break_off(&mut severed, me, other, Relation::Severed);
            let lost = my_score(view, me) - my_score(&severed, me);
            let invasion = theirs
                .iter()
                .filter(|s| strong_enough(**s))
                .map(|s| invasion_worth(&severed, me, *s).0)
                .fold(f32::NEG_INFINITY, f32::max);
            consider(
                invasion - lost,
                Action::SeverRelations { with: other },
                Why::Break { invasion, lost },
            );
        }
        // Threats only once talks have failed: the holder refused a deal.
        let refused = view.pair(me, other).memory.get(MemoryKind::RefusedDeal) < 0.0;
        if refused
            && view.may_propose(me, other)
            && view.strength(me) >= w.ai_threat_ratio * view.strength(other)
            && !view
                .pending()
                .any(|p| p.from == me && p.to == other && p.ultimatum.is_some())
        {
            let demands = vec![Clause::TerritorialProtocol(
                theirs.iter().map(|s| (*s, me)).collect(),
            )];
            let mut threats = vec![Consequence::SeverRelations];
            if profile.aggression > w.ai_war_aggression {
                threats.push(Consequence::DeclareWar);
            }
            for consequence in threats {
                let noise = rng.random_range(-1.0..1.0) * w.ai_noise * skill.variety;
                let (worth, why) = ultimatum_worth(view, me, other, &demands, consequence, profile);
                consider(
                    worth + noise,
                    Action::Ultimatum {
                        to: other,
                        demands: demands.clone(),
                        deadline_days: w.ultimatum_deadline(),
                        consequence,
                        secret: Secret::NONE,
                    },
                    why,
                );
            }
        }
    }
    best
}

/// A pending proposal to `me` that an action of `me`'s planned earlier in
/// the turn would mirror (a document to the same power promising what it
/// already offers us): an AI that plays coherently (not `easy`) answers
/// that one instead of sending its own, which would be accepted too and
/// lapse.
pub fn mirrored(
    view: &dyn View,
    me: PowerId,
    level: Level,
    action: &Action,
) -> Option<crate::rules::ProposalId> {
    if !Skill::of(level).coherent {
        return None;
    }
    if matches!(action, Action::Ultimatum { .. }) {
        return None;
    }
    let (to, clauses) = action.document()?;
    view.pending()
        .find(|p| {
            p.from == to
                && p.to == me
                && p.ultimatum.is_none()
                && p.clauses
                    .iter()
                    .any(|c| c.is_promise() && clauses.iter().any(|d| d.kind() == c.kind()))
        })
        .map(|p| p.id)
}

/// Whether the sender of an unmet ultimatum carries out its threat, by
/// the prices of both sides (see [`crate::rules::threat::choice`]) and its
/// temper (aggression and honour hold to a threat), and why.
pub fn carry_out(
    view: &dyn View,
    threat: &PendingOffer,
    profile: &Profile,
    rng: &mut ChaCha8Rng,
) -> (bool, String) {
    let w = &view.setup().model;
    let c = crate::rules::threat::choice(view, threat);
    let temper = (profile.aggression + profile.honour - 1.0) * w.ai_resolve;
    let margin = c.back_down - c.carry_out + temper;
    let p = crate::rules::model::logistic(margin / w.ai_resolve_temperature.max(0.01));
    let carry = rng.random::<f32>() < p;
    let why = format!(
        "carrying it out would cost {:.1} points, backing down {:.1}",
        c.carry_out, c.back_down
    );
    (carry, why)
}

/// Whether an AI profile honours an obligation to go to war.
pub fn honours(profile: &Profile, rng: &mut ChaCha8Rng) -> bool {
    rng.random::<f32>() < profile.honour
}

/// Whether `me`, the patron of `state`, goes to war with `invader` to
/// defend it: always if its honour says so, and otherwise when the war
/// costs it less than standing aside. Standing aside costs the prestige of
/// a threat abandoned and its clients (every state of its sphere another
/// rules, for a patron seen to abandon one may lose them all) at the odds
/// the defence has without `me`; fighting costs the weeks of war left and
/// the clients at the odds with `me` on their side.
pub fn defends_client(
    view: &dyn View,
    me: PowerId,
    invader: PowerId,
    state: StateId,
    profile: &Profile,
    rng: &mut ChaCha8Rng,
) -> bool {
    if honours(profile, rng) {
        return true;
    }
    let w = &view.setup().model;
    let battles = view.setup().calendar.turns().saturating_sub(view.turn()) + 1;
    // A patron seen to abandon one client may lose them all: what is at
    // stake is every state of its sphere that another rules.
    let clients: Vec<StateId> = view
        .setup()
        .state_ids()
        .filter(|s| *s == state || view.sphere(*s) == me && view.controller(*s) != me)
        .collect();
    let fighting = |with_me: bool| {
        let defenders = crate::rules::war::defenders(view, invader, state, |p| {
            p == me && with_me || p != me && view.relation(p, invader) == Relation::War
        });
        let battle = crate::rules::war::planned_battle(view, invader, &defenders);
        conquest_odds(view, &battle, battles)
    };
    let now = my_score(view, me);
    let mut taken = crate::rules::view::Sketch::of(view);
    for s in &clients {
        taken.conquer(*s, invader);
    }
    let lost = (now - my_score(&taken, me)).max(0.0);
    let mut at_war = crate::rules::view::Sketch::of(view);
    at_war.set_relation(me, invader, Relation::War);
    let toll = crate::rules::war::weekly_toll(view, view.strength(me), view.strength(invader));
    let war = (now - my_score(&at_war, me)) + toll * battles as f32;
    let aside = w.back_down_points + fighting(false) * lost;
    let defend = war + fighting(true) * lost;
    defend < aside
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Sketch;

    /// A written answer and a summit sign by one rule ([`signs`]): the
    /// receiver accepts exactly when the offer's probability is above its
    /// mood, and counters only in a mood to bargain, so neither asking
    /// again nor asking face to face draws a new answer within a mood.
    #[test]
    fn written_answers_and_summits_sign_by_one_rule() {
        use rand::SeedableRng;
        let setup = crate::scenario::summer1939().unwrap().setup;
        let view = Sketch::new(setup.clone());
        let (britain, ussr) = (
            setup.power_id("britain").unwrap(),
            setup.power_id("ussr").unwrap(),
        );
        let offer = PendingOffer {
            id: crate::rules::ProposalId(1),
            from: britain,
            to: ussr,
            clauses: vec![
                Clause::NonAggression,
                Clause::MutualAssistance,
                Clause::Trade {
                    goods: Goods::IndustrialMaterials,
                    to: britain,
                },
            ],
            secret: Secret::NONE,
            sent_day: 0,
            deadline_day: 14,
            ultimatum: None,
            stage: crate::rules::view::Stage::Open,
        };
        let profile = &setup.profiles[setup.power(ussr).default_profile];
        let player = Player {
            profile,
            level: Level::Normal,
        };
        let p = f64::from(judged(&view, &offer, player).probability);
        assert!(p > 0.05 && p < 0.95, "{p}");
        let (mut countered, mut refused) = (0, 0);
        for k in 0..40 {
            let mood = Mood {
                accept: f64::from(k) / 40.0,
                counter: (k % 10) as f32 / 10.0,
            };
            let a = judged(&view, &offer, player);
            for seed in 0..8 {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let (reply, _) = answer(&view, &offer, player, profile, true, mood, &mut rng);
                match reply {
                    Reply::Accept => assert!(signs(&a, player.level, mood)),
                    Reply::Counter(_) => {
                        assert!(!signs(&a, player.level, mood) && mood.bargains(profile));
                        countered += 1;
                    }
                    Reply::Reject => {
                        assert!(!signs(&a, player.level, mood));
                        refused += 1;
                    }
                    Reply::EndTalks | Reply::Wait => {}
                }
            }
        }
        assert!(countered > 0 && refused > 0, "{countered} {refused}");
    }

    /// At war, an AI offers its enemy peace when peace pays: Germany, at
    /// war with the USSR over Poland, proposes an armistice (the only
    /// document powers at war may exchange), and the reason says what it
    /// is worth.
    #[test]
    fn an_ai_at_war_offers_an_armistice() {
        use rand::SeedableRng;
        let setup = crate::scenario::summer1939().unwrap().setup;
        let mut view = Sketch::new(setup.clone());
        let (germany, ussr) = (
            setup.power_id("germany").unwrap(),
            setup.power_id("ussr").unwrap(),
        );
        let poland = setup.state_id("poland").unwrap();
        view.set_relation(germany, ussr, Relation::War);
        view.fronts.push(crate::rules::view::Front {
            attacker: ussr,
            state: poland,
            began_day: 0,
            progress: 1,
        });
        let profile = &setup.profiles[setup.power(germany).default_profile];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let offers = proposals(&view, germany, profile, Skill::of(Level::Normal), &mut rng);
        let peace = offers
            .iter()
            .find_map(|i| match &i.action {
                Action::Propose { to, clauses, .. } if *to == ussr => Some((i, clauses)),
                _ => None,
            })
            .expect("an offer to the enemy");
        assert!(peace.1.contains(&Clause::Armistice), "{:?}", peace.1);
        assert!(peace.0.utility > 0.0);
        let why = explain(&view, germany, peace.0);
        assert!(why.contains("values it at"), "{why}");
        // In peace, no armistice is offered.
        view.set_relation(germany, ussr, Relation::Normal);
        view.fronts.clear();
        let offers = proposals(&view, germany, profile, Skill::of(Level::Normal), &mut rng);
        assert!(offers.iter().all(|i| match &i.action {
            Action::Propose { clauses, .. } => !clauses.contains(&Clause::Armistice),
            _ => true,
        }));
    }

    /// A patron without honour weighs its clients: it defends them when
    /// they are worth a war, and stands aside when they are not.
    #[test]
    fn a_patron_defends_clients_worth_a_war() {
        use rand::SeedableRng;
        let setup = crate::scenario::summer1939().unwrap().setup;
        let view = Sketch::new(setup.clone());
        let (germany, ussr) = (
            setup.power_id("germany").unwrap(),
            setup.power_id("ussr").unwrap(),
        );
        let poland = setup.state_id("poland").unwrap();
        let mut profile = setup.profiles[setup.power(germany).default_profile].clone();
        profile.honour = 0.0;
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(defends_client(
            &view, germany, ussr, poland, &profile, &mut rng
        ));
        // Clients worth nothing to it: the war is not worth it.
        let mut cheap = (*setup).clone();
        cheap.objectives.retain(|o| o.power != germany);
        for s in &mut cheap.states {
            s.value = 0.0;
            s.interest.clear();
        }
        let view = Sketch::new(std::sync::Arc::new(cheap));
        assert!(!defends_client(
            &view, germany, ussr, poland, &profile, &mut rng
        ));
    }

    /// A hard Germany's pact with the USSR would cost it with Britain (which
    /// would judge Germany's offers knowing of the pact): early in the
    /// summer, when a secret would surely come out, it proposes in public;
    /// near the end it keeps the document secret. Either way the reason
    /// says so.
    #[test]
    fn a_hard_ai_weighs_the_third_party_and_keeps_a_late_deal_secret() {
        let setup = crate::scenario::summer1939().unwrap().setup;
        let mut view = Sketch::new(setup.clone());
        let (germany, ussr) = (
            setup.power_id("germany").unwrap(),
            setup.power_id("ussr").unwrap(),
        );
        let profile = &setup.profiles[setup.power(germany).default_profile];
        let skill = Skill::of(Level::Hard);
        let pact = vec![
            Clause::NonAggression,
            Clause::Trade {
                goods: Goods::IndustrialMaterials,
                to: germany,
            },
        ];
        let weigh = |view: &Sketch| {
            let mut intent =
                worth(view, germany, ussr, pact.clone(), profile, skill).expect("a sound document");
            let before = intent.utility;
            discretion(view, germany, ussr, &mut intent, profile, skill);
            let secret = match &intent.action {
                Action::Propose { secret, .. } => *secret,
                _ => unreachable!(),
            };
            (
                before - intent.utility,
                secret,
                explain(view, germany, &intent),
            )
        };
        let (cost, secret, why) = weigh(&view);
        assert!(cost > 0.0, "{why}");
        assert!(!secret.any(), "{why}");
        assert!(
            why.contains("in public, at a cost of") && why.contains("Britain"),
            "{why}"
        );
        view.turn = setup.calendar.turns() - 2;
        let (late, secret, why) = weigh(&view);
        assert!(secret.has(0) && secret.has(1), "{why}");
        assert!(late < cost || late == 0.0, "{late} {cost}");
        assert!(why.contains("kept secret"), "{why}");
    }
}
