//! The scenario file format as written by modders: RON with string ids.
//! Every struct denies unknown fields, so a typo is an error, not a silent
//! default. `resolve` turns this into the rules layer's [`Setup`].
//!
//! [`Setup`]: crate::rules::Setup

use crate::rules::clause::ClauseKind;
use crate::rules::memory::MemoryRule;
use crate::rules::relation::Relation;
use crate::rules::setup::{ProfileKind, Role};
use serde::{Deserialize, Serialize};

fn seven() -> u32 {
    7
}
fn default_trust() -> f32 {
    0.6
}
fn grey() -> (f32, f32, f32) {
    (0.6, 0.6, 0.6)
}
fn one() -> f32 {
    1.0
}

/// A whole scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub calendar: CalendarFile,
    #[serde(default)]
    pub ideologies: Vec<IdeologyFile>,
    #[serde(default)]
    pub affinities: Vec<AffinityFile>,
    #[serde(default)]
    pub common_grounds: Vec<CommonGroundFile>,
    pub powers: Vec<PowerFile>,
    #[serde(default)]
    pub leaders: Vec<LeaderFile>,
    #[serde(default)]
    pub blocs: Vec<BlocFile>,
    #[serde(default)]
    pub states: Vec<StateFile>,
    #[serde(default)]
    pub treaties: Vec<TreatyFile>,
    #[serde(default)]
    pub relations: Vec<RelationFile>,
    #[serde(default)]
    pub sentiments: Vec<SentimentFile>,
    #[serde(default = "default_trust")]
    pub default_trust: f32,
    #[serde(default)]
    pub trust: Vec<TrustFile>,
    pub model: ModelFile,
    pub profiles: Vec<ProfileFile>,
    #[serde(default)]
    pub objectives: Vec<ObjectiveFile>,
    pub outcomes: Vec<OutcomeFile>,
    #[serde(default)]
    pub events: Vec<EventFile>,
    #[serde(default)]
    pub timeline: Vec<TimelineFile>,
    #[serde(default)]
    pub plans: Vec<PlanFile>,
}

/// `calendar: (start: "1939-06-01", end: "1939-09-01", days_per_turn: 7)`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    pub start: String,
    pub end: String,
    #[serde(default = "seven")]
    pub days_per_turn: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeologyFile {
    pub id: String,
    pub name: String,
}

/// Affinity between two ideologies (symmetric), with the reason a breakdown shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffinityFile {
    pub a: String,
    pub b: String,
    pub value: f32,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A bond shared by several ideologies (added to each pair's affinity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommonGroundFile {
    pub name: String,
    pub ideologies: Vec<String>,
    pub bond: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerFile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub great: bool,
    #[serde(default)]
    pub playable: bool,
    pub ideology: String,
    pub strength: f32,
    #[serde(default)]
    pub trade_need: f32,
    #[serde(default)]
    pub isolation: f32,
    pub default_profile: String,
    #[serde(default = "grey")]
    pub colour: (f32, f32, f32),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderFile {
    pub id: String,
    pub name: String,
    pub power: String,
    pub role: Role,
    #[serde(default)]
    pub pride: f32,
    #[serde(default)]
    pub bias: f32,
    #[serde(default)]
    pub toward: Vec<(String, f32)>,
    #[serde(default)]
    pub red_lines: Vec<RedLineFile>,
    #[serde(default)]
    pub orders_from: Option<String>,
    #[serde(default)]
    pub posted_to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedLineFile {
    pub matter: MatterFile,
    pub penalty: f32,
    #[serde(default)]
    pub veto: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MatterFile {
    TerritorialRevision,
    StateLeaves(String),
    Partition(String),
    ImperialIncorporation,
    ClauseKind(ClauseKind),
    Ultimatum,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlocFile {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateFile {
    pub id: String,
    pub name: String,
    pub controller: String,
    pub sphere: String,
    pub value: f32,
    #[serde(default)]
    pub interest: Vec<(String, f32)>,
    #[serde(default)]
    pub imperial: bool,
    #[serde(default)]
    pub region: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyFile {
    pub id: String,
    pub name: String,
    pub signed: String,
    pub parties: Vec<String>,
    pub clauses: Vec<ClauseFile>,
    #[serde(default)]
    pub note: String,
}

/// A clause as written in files: the rules' own clause, naming things by id.
pub use crate::rules::clause::ClauseFile;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationFile {
    pub a: String,
    pub b: String,
    pub relation: Relation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentFile {
    pub of: String,
    pub toward: String,
    pub value: f32,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    pub of: String,
    pub toward: String,
    pub value: f32,
}

/// The acceptance model's weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub temperature: f32,
    #[serde(default = "one")]
    pub security: f32,
    #[serde(default = "one")]
    pub territory: f32,
    #[serde(default = "one")]
    pub loss_aversion: f32,
    #[serde(default = "one")]
    pub economy: f32,
    #[serde(default = "one")]
    pub prestige: f32,
    #[serde(default = "one")]
    pub ideology: f32,
    #[serde(default = "one")]
    pub opinion: f32,
    #[serde(default = "one")]
    pub objectives: f32,
    #[serde(default = "one")]
    pub entanglement: f32,
    #[serde(default = "one")]
    pub rival_gain: f32,
    #[serde(default = "one")]
    pub cession_factor: f32,
    #[serde(default = "one")]
    pub alternatives: f32,
    #[serde(default = "one")]
    pub war_risk: f32,
    pub sever_cost: f32,
    pub war_cost: f32,
    pub end_talks_cost: f32,
    pub denounce_cost: f32,
    pub insult_threshold: f32,
    pub insult_softness: f32,
    #[serde(default = "one")]
    pub pride: f32,
    pub trust_broken_treaty: f32,
    pub trust_kept_per_turn: f32,
    pub memory: MemoryFile,
}

impl ModelFile {
    /// The names of the weights a mod may change (see [`Self::weights_mut`]).
    pub const WEIGHTS: [&'static str; 23] = [
        "temperature",
        "security",
        "territory",
        "loss_aversion",
        "economy",
        "prestige",
        "ideology",
        "opinion",
        "objectives",
        "entanglement",
        "rival_gain",
        "cession_factor",
        "alternatives",
        "war_risk",
        "sever_cost",
        "war_cost",
        "end_talks_cost",
        "denounce_cost",
        "insult_threshold",
        "insult_softness",
        "pride",
        "trust_broken_treaty",
        "trust_kept_per_turn",
    ];

    /// Every weight with its name, in [`Self::WEIGHTS`] order.
    pub fn weights_mut(&mut self) -> [(&'static str, &mut f32); 23] {
        let n = Self::WEIGHTS;
        [
            (n[0], &mut self.temperature),
            (n[1], &mut self.security),
            (n[2], &mut self.territory),
            (n[3], &mut self.loss_aversion),
            (n[4], &mut self.economy),
            (n[5], &mut self.prestige),
            (n[6], &mut self.ideology),
            (n[7], &mut self.opinion),
            (n[8], &mut self.objectives),
            (n[9], &mut self.entanglement),
            (n[10], &mut self.rival_gain),
            (n[11], &mut self.cession_factor),
            (n[12], &mut self.alternatives),
            (n[13], &mut self.war_risk),
            (n[14], &mut self.sever_cost),
            (n[15], &mut self.war_cost),
            (n[16], &mut self.end_talks_cost),
            (n[17], &mut self.denounce_cost),
            (n[18], &mut self.insult_threshold),
            (n[19], &mut self.insult_softness),
            (n[20], &mut self.pride),
            (n[21], &mut self.trust_broken_treaty),
            (n[22], &mut self.trust_kept_per_turn),
        ]
    }
}

/// One rule per memory kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryFile {
    pub accepted_deal: MemoryRule,
    pub refused_deal: MemoryRule,
    pub ignored_proposal: MemoryRule,
    pub ultimatum: MemoryRule,
    pub insult: MemoryRule,
    pub broken_treaty: MemoryRule,
    pub severed_relations: MemoryRule,
    pub war: MemoryRule,
    pub treaty_in_force: MemoryRule,
    pub standing: MemoryRule,
}

impl MemoryFile {
    /// The rules in [`crate::rules::MemoryKind::ALL`] order, with their field names.
    pub fn rules(&self) -> [(&'static str, MemoryRule); 10] {
        [
            ("accepted_deal", self.accepted_deal),
            ("refused_deal", self.refused_deal),
            ("ignored_proposal", self.ignored_proposal),
            ("ultimatum", self.ultimatum),
            ("insult", self.insult),
            ("broken_treaty", self.broken_treaty),
            ("severed_relations", self.severed_relations),
            ("war", self.war),
            ("treaty_in_force", self.treaty_in_force),
            ("standing", self.standing),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub id: String,
    pub kind: ProfileKind,
    #[serde(default)]
    pub description: String,
    #[serde(default = "one")]
    pub concession: f32,
    #[serde(default)]
    pub reservation: f32,
    #[serde(default)]
    pub reservation_floor: f32,
    #[serde(default)]
    pub initiative: f32,
    #[serde(default = "one")]
    pub ambition: f32,
    #[serde(default)]
    pub aggression: f32,
    #[serde(default)]
    pub honour: f32,
    #[serde(default)]
    pub counter: f32,
    #[serde(default)]
    pub patience: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveFile {
    pub id: String,
    pub power: String,
    pub description: String,
    pub points: f32,
    pub when: ConditionFile,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeFile {
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub when: ConditionFile,
}

/// A condition as written in files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ConditionFile {
    Always,
    InSphere {
        state: String,
        power: String,
    },
    Controls {
        power: String,
        state: String,
    },
    Treaty {
        a: String,
        b: String,
        #[serde(default)]
        kind: Option<ClauseKind>,
    },
    Relation {
        a: String,
        b: String,
        #[serde(default)]
        at_least: Option<Relation>,
        #[serde(default)]
        at_most: Option<Relation>,
    },
    TalksEnded {
        by: String,
        with: String,
    },
    AnyWar,
    Isolated(String),
    InBloc {
        power: String,
        bloc: String,
    },
    All(Vec<ConditionFile>),
    Any(Vec<ConditionFile>),
    Not(Box<ConditionFile>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub id: String,
    pub date: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EffectFile {
    Memory {
        of: String,
        toward: String,
        kind: crate::rules::MemoryKind,
        value: f32,
    },
    Trust {
        of: String,
        toward: String,
        value: f32,
    },
    Relation {
        a: String,
        b: String,
        relation: Relation,
    },
    Proposal {
        from: String,
        to: String,
        clauses: Vec<ClauseFile>,
        deadline_days: u32,
    },
    Strength {
        power: String,
        delta: f32,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    pub date: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub power: String,
    pub date: String,
    pub plan: PlanKindFile,
    #[serde(default)]
    pub only_if: Option<ConditionFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PlanKindFile {
    Propose {
        to: String,
        clauses: Vec<ClauseFile>,
        deadline_days: u32,
    },
    Ultimatum {
        to: String,
        demands: Vec<ClauseFile>,
        deadline_days: u32,
        consequence: ConsequenceFile,
    },
    Summit {
        with: String,
        rounds: u8,
        clauses: Vec<ClauseFile>,
    },
    SeverRelations(String),
    RecallAmbassador(String),
    Invade(String),
    Ignore {
        from: String,
        until: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ConsequenceFile {
    SeverRelations,
    EndTalks,
    Denounce(String),
    DeclareWar,
}
