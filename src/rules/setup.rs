//! The resolved scenario: everything static about a match — powers, states,
//! leaders, weights, personalities, objectives — with string ids turned into
//! indices. The `scenario` layer builds it from a RON file.

use super::calendar::{Calendar, Date};
use super::clause::{Clause, ClauseKind, Consequence};
use super::condition::{Condition, Touch};
use super::ids::{BlocId, LeaderId, PowerId, StateId};
use super::memory::MemoryKind;
use super::relation::{PairTable, Relation};
pub use super::weights::{MemoryTable, ModelWeights, Weight};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything static about a match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub id: String,
    pub title: String,
    pub description: String,
    pub calendar: Calendar,
    pub powers: Vec<PowerDef>,
    pub states: Vec<StateDef>,
    pub leaders: Vec<LeaderDef>,
    pub blocs: Vec<BlocDef>,
    /// Treaties in force at the start.
    pub treaties: Vec<TreatyDef>,
    /// Relations at the start (symmetric).
    pub relations: PairTable<Relation>,
    /// Standing sentiments at the start: (of, toward, value, reason).
    pub sentiments: Vec<Sentiment>,
    /// Trust at the start, row = who trusts, column = whom.
    pub trust: PairTable<f32>,
    /// Ideological affinity between powers: the sum of `affinity_parts`.
    pub affinity: PairTable<f32>,
    /// What the affinity of row `a * n + b` is made of, each part with the
    /// reason a breakdown shows for it (a hostility and a common ground
    /// are two lines, not their net).
    pub affinity_parts: Vec<Vec<(f32, String)>>,
    pub model: ModelWeights,
    pub profiles: Vec<Profile>,
    pub objectives: Vec<Objective>,
    pub outcomes: Vec<OutcomeRule>,
    pub events: Vec<ScriptedEvent>,
    /// The historical timeline a match is compared with.
    pub timeline: Vec<TimelineEntry>,
    /// Steps the `historical` profile steers toward.
    pub plans: Vec<PlanStep>,
}

/// A power, great or minor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PowerDef {
    pub id: String,
    pub name: String,
    pub great: bool,
    pub playable: bool,
    pub ideology: String,
    /// Military and economic weight, used in war and threat estimates.
    pub strength: f32,
    /// How badly the power needs trade (0–1): the USSR's industrial materials.
    pub trade_need: f32,
    /// How isolated the power feels (0–1); ending isolation is worth this much.
    pub isolation: f32,
    /// The power's leaders, head of state first.
    pub leaders: Vec<LeaderId>,
    /// The AI profile used when nothing else is said.
    pub default_profile: usize,
    /// Colour on the map (sRGB 0–1).
    pub colour: [f32; 3],
}

/// A state on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateDef {
    pub id: String,
    pub name: String,
    /// Who rules it at the start.
    pub controller: PowerId,
    /// Whose sphere it is in at the start.
    pub sphere: PowerId,
    /// Its worth as territory.
    pub value: f32,
    /// Extra interest by power (multiplies `value` for that power).
    pub interest: Vec<(PowerId, f32)>,
    /// A former territory of the Russian Empire.
    pub imperial: bool,
    /// A region name for grouping ("northern_europe").
    pub region: String,
}

impl StateDef {
    /// What this state is worth to a power.
    pub fn worth_to(&self, power: PowerId) -> f32 {
        let interest = self
            .interest
            .iter()
            .find(|(p, _)| *p == power)
            .map_or(1.0, |(_, k)| *k);
        self.value * interest
    }
}

/// A leader's role in his power's decisions.
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    HeadOfState,
    HeadOfGovernment,
    ForeignMinister,
    Envoy,
}

impl Role {
    /// Words for breakdowns.
    pub fn describe(self) -> &'static str {
        match self {
            Role::HeadOfState => "head of state",
            Role::HeadOfGovernment => "head of government",
            Role::ForeignMinister => "foreign minister",
            Role::Envoy => "envoy",
        }
    }
}

/// A leader: his role, leanings and red lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaderDef {
    pub id: String,
    pub name: String,
    pub power: PowerId,
    pub role: Role,
    /// 0–1: how readily he takes an ultimatum as an insult.
    pub pride: f32,
    /// General inclination toward agreement (points).
    pub bias: f32,
    /// Inclination toward particular powers (points).
    pub toward: Vec<(PowerId, f32)>,
    /// Matters he objects to, each with its weight and his reason.
    pub red_lines: Vec<RedLine>,
    /// An envoy or minister acting under another leader's orders.
    pub orders_from: Option<LeaderId>,
    /// Where an envoy is posted.
    pub posted_to: Option<PowerId>,
}

/// A matter a leader objects to or vetoes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedLine {
    pub matter: Matter,
    /// Points taken off the margin when the matter is on the table.
    pub penalty: f32,
    /// A veto: when the matter is on the table the answer is no.
    pub veto: bool,
    pub reason: String,
}

/// What a red line is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Matter {
    /// Any clause that takes a state out of our sphere or revises our treaties.
    TerritorialRevision,
    /// A particular state leaving our sphere or control.
    StateLeaves(StateId),
    /// A particular state being divided.
    Partition(StateId),
    /// Incorporation (cession) of former imperial territory.
    ImperialIncorporation,
    /// Any clause of this kind.
    ClauseKind(ClauseKind),
    /// Any ultimatum.
    Ultimatum,
    /// A demand: any agreement with the power that holds this state must
    /// bring it into our sphere (the line is crossed by an offer from its
    /// holder that leaves it out).
    Demand(StateId),
}

/// A bloc such as the Axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlocDef {
    pub id: String,
    pub name: String,
    pub members: Vec<PowerId>,
}

/// A treaty in force at the start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreatyDef {
    pub id: String,
    pub name: String,
    pub signed: Date,
    pub parties: Vec<PowerId>,
    pub clauses: Vec<Clause>,
    pub note: String,
}

/// A standing sentiment at the start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    pub of: PowerId,
    pub toward: PowerId,
    pub value: f32,
    pub reason: String,
}

/// How an AI profile decides.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileKind {
    /// Legal random actions: the baseline.
    Random,
    /// Decides through the acceptance model.
    Model,
    /// Decides through the model and steers toward the scenario's plans.
    Historical,
}

/// An AI personality and the negotiation temper of a power.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub kind: ProfileKind,
    pub description: String,
    /// Time-dependent concession exponent: < 1 Boulware, > 1 Conceder.
    pub concession: f32,
    /// Reservation at the start of a negotiation (points).
    pub reservation: f32,
    /// Reservation reached at the deadline.
    pub reservation_floor: f32,
    /// Chance per turn of taking the initiative.
    pub initiative: f32,
    /// Weight of own gains when choosing what to propose.
    pub ambition: f32,
    /// Readiness to threaten, sever relations and make war (0–1).
    pub aggression: f32,
    /// Chance of honouring an obligation to go to war (0–1).
    pub honour: f32,
    /// Readiness to counter-propose rather than reject (0–1).
    pub counter: f32,
    /// Readiness to leave a proposal unanswered and wait (0–1).
    pub patience: f32,
}

/// One objective of one power.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: String,
    pub power: PowerId,
    pub description: String,
    /// Points when `condition` holds (negative for a loss to avoid).
    pub points: f32,
    pub condition: Condition,
    /// Lesser results: when `condition` does not hold, the largest share
    /// of `points` whose condition holds.
    pub grades: Vec<Grade>,
    /// What clauses could change it, worked out when first asked.
    #[serde(skip)]
    pub touch: Derived<Touch>,
}

/// A value worked out from the rest of its owner when first asked: a
/// cache, never part of what the owner is (equal whatever it holds, not
/// saved).
#[derive(Clone, Debug, Default)]
pub struct Derived<T>(std::sync::OnceLock<T>);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A lesser result of an objective, worth a share of its points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    pub share: f32,
    pub condition: Condition,
}

impl Objective {
    /// The share of its points the objective earns in `view` (0 to 1).
    pub fn share(&self, view: &(impl super::view::View + ?Sized)) -> f32 {
        if self.condition.holds(view) {
            return 1.0;
        }
        self.grades
            .iter()
            .filter(|g| g.condition.holds(view))
            .map(|g| g.share)
            .fold(0.0, f32::max)
    }

    /// What could change what it earns (worked out once).
    fn touch(&self) -> &Touch {
        self.touch.0.get_or_init(|| {
            Touch::of(
                std::iter::once(&self.condition).chain(self.grades.iter().map(|g| &g.condition)),
            )
        })
    }

    /// Whether clauses (between any powers) could change what it earns.
    pub fn touched_by(&self, clauses: &[Clause]) -> bool {
        self.touch().by(clauses)
    }

    /// Whether a document taking force could change what it earns.
    pub fn touched_by_document(&self, doc: &super::condition::Document) -> bool {
        self.touch().by_document(doc)
    }
}

/// An outcome rule: the first whose condition holds labels the match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRule {
    pub label: String,
    pub description: String,
    pub condition: Condition,
}

/// A scripted event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScriptedEvent {
    pub id: String,
    pub day: u32,
    pub title: String,
    pub text: String,
    pub effects: Vec<Effect>,
    /// It happens only if this holds on its day.
    pub only_if: Option<Condition>,
}

/// What a scripted event does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Changes how `of` remembers `toward`.
    Memory {
        of: PowerId,
        toward: PowerId,
        kind: MemoryKind,
        value: f32,
    },
    /// Sets trust.
    Trust {
        of: PowerId,
        toward: PowerId,
        value: f32,
    },
    /// Sets a relation.
    Relation {
        a: PowerId,
        b: PowerId,
        relation: Relation,
    },
    /// Sends a proposal on behalf of a power (delivered like any other).
    Proposal {
        from: PowerId,
        to: PowerId,
        clauses: Vec<Clause>,
        deadline_days: u32,
    },
    /// Changes a power's strength.
    Strength { power: PowerId, delta: f32 },
}

/// A dated line of the historical timeline, with the beats that measure
/// whether a match followed it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: Date,
    pub text: String,
    pub beats: Vec<Beat>,
}

/// One measurable beat of history: an event (or, with `never`, the absence
/// of one) expected around a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Beat {
    pub id: String,
    /// What happened, in a few words.
    pub what: String,
    /// The match day it happened on.
    pub day: u32,
    /// How many days off still counts as on time.
    pub tolerance: u32,
    pub event: EventPattern,
    /// The beat is that no such event ever happens.
    pub never: bool,
}

/// Which events a beat looks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPattern {
    /// Any of these kinds.
    pub kinds: Vec<super::event::EventKind>,
    pub from: Option<PowerId>,
    pub to: Option<PowerId>,
    /// `from` and `to` may be the other way round.
    pub either_way: bool,
    pub state: Option<StateId>,
    /// The event names a clause of this kind.
    pub clause: Option<ClauseKind>,
}

impl EventPattern {
    /// Whether `e` is such an event.
    pub fn matches(&self, e: &super::event::Event) -> bool {
        let ends = |from: Option<PowerId>, to: Option<PowerId>| {
            self.from.is_none_or(|p| from == Some(p)) && self.to.is_none_or(|p| to == Some(p))
        };
        self.kinds.contains(&e.kind)
            && (ends(e.from, e.to) || (self.either_way && ends(e.to, e.from)))
            && self.state.is_none_or(|s| e.state == Some(s))
            && self
                .clause
                .is_none_or(|k| e.clauses.iter().any(|c| c.kind() == k))
    }
}

/// What the `historical` profile tries to do on a given day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanStep {
    pub power: PowerId,
    pub day: u32,
    pub plan: Plan,
    /// Carry it out only if this holds (checked on the day).
    pub only_if: Option<Condition>,
}

/// A planned act.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Plan {
    Propose {
        to: PowerId,
        clauses: Vec<Clause>,
        deadline_days: u32,
        /// Which clauses are secret.
        secret: super::clause::Secret,
    },
    Ultimatum {
        to: PowerId,
        demands: Vec<Clause>,
        deadline_days: u32,
        consequence: Consequence,
    },
    Summit {
        with: PowerId,
        rounds: u8,
        clauses: Vec<Clause>,
    },
    SeverRelations {
        with: PowerId,
    },
    RecallAmbassador {
        from: PowerId,
    },
    Invade {
        state: StateId,
    },
    /// Leave proposals from this power unanswered while the plan holds.
    Ignore {
        from: PowerId,
        until_day: u32,
    },
}

impl Setup {
    /// Number of powers.
    pub fn power_count(&self) -> usize {
        self.powers.len()
    }

    /// Looks a power up by its string id.
    pub fn power_id(&self, id: &str) -> Option<PowerId> {
        self.powers
            .iter()
            .position(|p| p.id == id)
            .map(|i| PowerId(i as u8))
    }

    /// Looks a state up by its string id.
    pub fn state_id(&self, id: &str) -> Option<StateId> {
        self.states
            .iter()
            .position(|s| s.id == id)
            .map(|i| StateId(i as u8))
    }

    /// Looks a profile up by its id.
    pub fn profile_index(&self, id: &str) -> Option<usize> {
        self.profiles.iter().position(|p| p.id == id)
    }

    /// The power's definition.
    pub fn power(&self, p: PowerId) -> &PowerDef {
        &self.powers[p.index()]
    }

    /// The state's definition.
    pub fn state(&self, s: StateId) -> &StateDef {
        &self.states[s.index()]
    }

    /// The leader's definition.
    pub fn leader(&self, l: LeaderId) -> &LeaderDef {
        &self.leaders[l.index()]
    }

    /// The bloc's definition.
    pub fn bloc(&self, b: BlocId) -> &BlocDef {
        &self.blocs[b.index()]
    }

    /// All power ids in order.
    pub fn power_ids(&self) -> impl Iterator<Item = PowerId> + '_ {
        (0..self.powers.len()).map(|i| PowerId(i as u8))
    }

    /// All state ids in order.
    pub fn state_ids(&self) -> impl Iterator<Item = StateId> + '_ {
        (0..self.states.len()).map(|i| StateId(i as u8))
    }

    /// All bloc ids in order.
    pub fn bloc_ids(&self) -> impl Iterator<Item = BlocId> + '_ {
        (0..self.blocs.len()).map(|i| BlocId(i as u8))
    }

    /// All leader ids in order.
    pub fn leader_ids(&self) -> impl Iterator<Item = LeaderId> + '_ {
        (0..self.leaders.len()).map(|i| LeaderId(i as u8))
    }

    /// The great powers.
    pub fn great_powers(&self) -> impl Iterator<Item = PowerId> + '_ {
        self.power_ids().filter(|p| self.power(*p).great)
    }

    /// Number of turns in a match.
    pub fn turns(&self) -> u32 {
        self.calendar.turns()
    }

    /// The state a minor power rules at the start, if any (its home).
    pub fn home_state(&self, p: PowerId) -> Option<StateId> {
        self.state_ids().find(|s| {
            self.state(*s).controller == p && self.states[s.index()].id == self.power(p).id
        })
    }

    /// A lookup table from string ids to indices, for tools.
    pub fn power_index(&self) -> BTreeMap<&str, PowerId> {
        self.power_ids()
            .map(|p| (self.power(p).id.as_str(), p))
            .collect()
    }
}
