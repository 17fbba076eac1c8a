//! The scenario file format as written by modders: RON with string ids.
//! Every struct denies unknown fields, so a typo is an error, not a silent
//! default. `resolve` turns this into the rules layer's [`Setup`].
//!
//! [`Setup`]: crate::rules::Setup

use crate::rules::clause::ClauseKind;
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// The format it is written in (see [`super::FORMAT`]); none: format 1.
    #[serde(default = "super::format_one")]
    pub format: u32,
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
    #[serde(default)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    pub start: String,
    pub end: String,
    #[serde(default = "seven")]
    pub days_per_turn: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdeologyFile {
    pub id: String,
    pub name: String,
}

/// Affinity between two ideologies (symmetric), with the reason a breakdown shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AffinityFile {
    pub a: String,
    pub b: String,
    pub value: f32,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A bond shared by several ideologies (added to each pair's affinity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonGroundFile {
    pub name: String,
    pub ideologies: Vec<String>,
    pub bond: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedLineFile {
    pub matter: MatterFile,
    pub penalty: f32,
    #[serde(default)]
    pub veto: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum MatterFile {
    TerritorialRevision,
    StateLeaves(String),
    Partition(String),
    ImperialIncorporation,
    ClauseKind(ClauseKind),
    Ultimatum,
    Demand(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BlocFile {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationFile {
    pub a: String,
    pub b: String,
    pub relation: Relation,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SentimentFile {
    pub of: String,
    pub toward: String,
    pub value: f32,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    pub of: String,
    pub toward: String,
    pub value: f32,
}

/// The model's weights as written in files: the rules' own table (see
/// [`crate::rules::weights`]).
pub use crate::rules::weights::ModelWeights as ModelFile;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveFile {
    pub id: String,
    pub power: String,
    pub description: String,
    pub points: f32,
    pub when: ConditionFile,
    /// Lesser results worth a share of the points.
    #[serde(default)]
    pub grades: Vec<GradeFile>,
}

/// A lesser result of an objective: `(share: 0.5, when: …)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeFile {
    pub share: f32,
    pub when: ConditionFile,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeFile {
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub when: ConditionFile,
}

/// A condition as written in files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Some state is held by conquest: `Conquest(by: Some("ussr"))`, or by
    /// anyone: `Conquest()`.
    Conquest {
        #[serde(default)]
        by: Option<String>,
    },
    Isolated(String),
    InBloc {
        power: String,
        bloc: String,
    },
    All(Vec<ConditionFile>),
    Any(Vec<ConditionFile>),
    Not(Box<ConditionFile>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub id: String,
    pub date: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub effects: Vec<EffectFile>,
    /// The event happens only if this holds on its day.
    #[serde(default)]
    pub only_if: Option<ConditionFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    pub date: String,
    pub text: String,
    /// The beats that measure whether a match followed this entry.
    #[serde(default)]
    pub beats: Vec<BeatFile>,
}

/// A measurable beat: `(id: "talks_ended", event: (kinds: [talks_ended],
/// from: Some("germany"), to: Some("ussr")), tolerance_days: 7)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BeatFile {
    pub id: String,
    /// What happened, in a few words (default: the entry's text).
    #[serde(default)]
    pub what: String,
    /// Days off the entry's date that still count as on time.
    #[serde(default)]
    pub tolerance_days: u32,
    pub event: EventPatternFile,
    /// The beat is that no such event ever happens.
    #[serde(default)]
    pub never: bool,
}

/// Which events a beat looks for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPatternFile {
    pub kinds: Vec<crate::rules::EventKind>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub either_way: bool,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub clause: Option<ClauseKind>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub power: String,
    pub date: String,
    pub plan: PlanKindFile,
    #[serde(default)]
    pub only_if: Option<ConditionFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum PlanKindFile {
    Propose {
        to: String,
        clauses: Vec<ClauseFile>,
        /// Clauses kept secret: signatories see them, others only the
        /// public ones (until their envoys learn them).
        #[serde(default)]
        secret: Vec<ClauseFile>,
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum ConsequenceFile {
    SeverRelations,
    EndTalks,
    Denounce(String),
    DeclareWar,
}
