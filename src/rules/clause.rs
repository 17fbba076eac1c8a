//! Clauses: the articles a proposal, ultimatum or treaty is made of.

use super::ids::{BlocId, PowerId, StateId, TreatyId};
use serde::{Deserialize, Serialize};

/// Goods exchanged under a trade agreement.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Goods {
    IndustrialMaterials,
    Credits,
    RawMaterials,
}

impl Goods {
    /// Words for the log.
    pub fn describe(self) -> &'static str {
        match self {
            Goods::IndustrialMaterials => "industrial materials",
            Goods::Credits => "credits",
            Goods::RawMaterials => "raw materials",
        }
    }
}

/// One article of a proposal. Unless a clause names who does what, it binds
/// both parties alike.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clause {
    /// Neither party attacks the other.
    NonAggression,
    /// Each party comes to the other's aid if it is attacked.
    MutualAssistance,
    /// Trade of goods or credits; `to` is the party that receives them.
    Trade { goods: Goods, to: PowerId },
    /// `power` joins the bloc.
    JoinBloc { power: PowerId, bloc: BlocId },
    /// The parties consult each other on questions of common interest.
    Consultation,
    /// `guarantor` guarantees the independence of a third state.
    Guarantee { guarantor: PowerId, state: StateId },
    /// Assigns states to spheres of influence.
    TerritorialProtocol {
        assignments: Vec<(StateId, PowerId)>,
    },
    /// The state is ceded to (incorporated by) `to`.
    Cession { state: StateId, to: PowerId },
    /// The state is divided between the two parties.
    Partition { state: StateId },
    /// The parties revise an existing treaty (it lapses, replaced by this one).
    Revision { treaty: TreatyId },
    /// The parties agree to denounce an existing treaty.
    Denunciation { treaty: TreatyId },
}

/// The kind of a clause, without its data.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    NonAggression,
    MutualAssistance,
    Trade,
    JoinBloc,
    Consultation,
    Guarantee,
    TerritorialProtocol,
    Cession,
    Partition,
    Revision,
    Denunciation,
}

impl ClauseKind {
    /// Every kind.
    pub const ALL: [ClauseKind; 11] = [
        ClauseKind::NonAggression,
        ClauseKind::MutualAssistance,
        ClauseKind::Trade,
        ClauseKind::JoinBloc,
        ClauseKind::Consultation,
        ClauseKind::Guarantee,
        ClauseKind::TerritorialProtocol,
        ClauseKind::Cession,
        ClauseKind::Partition,
        ClauseKind::Revision,
        ClauseKind::Denunciation,
    ];

    /// The snake_case name used in files, logs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ClauseKind::NonAggression => "non_aggression",
            ClauseKind::MutualAssistance => "mutual_assistance",
            ClauseKind::Trade => "trade",
            ClauseKind::JoinBloc => "join_bloc",
            ClauseKind::Consultation => "consultation",
            ClauseKind::Guarantee => "guarantee",
            ClauseKind::TerritorialProtocol => "territorial_protocol",
            ClauseKind::Cession => "cession",
            ClauseKind::Partition => "partition",
            ClauseKind::Revision => "revision",
            ClauseKind::Denunciation => "denunciation",
        }
    }

    /// A bit for sets of kinds.
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl Clause {
    /// The kind of this clause.
    pub fn kind(&self) -> ClauseKind {
        match self {
            Clause::NonAggression => ClauseKind::NonAggression,
            Clause::MutualAssistance => ClauseKind::MutualAssistance,
            Clause::Trade { .. } => ClauseKind::Trade,
            Clause::JoinBloc { .. } => ClauseKind::JoinBloc,
            Clause::Consultation => ClauseKind::Consultation,
            Clause::Guarantee { .. } => ClauseKind::Guarantee,
            Clause::TerritorialProtocol { .. } => ClauseKind::TerritorialProtocol,
            Clause::Cession { .. } => ClauseKind::Cession,
            Clause::Partition { .. } => ClauseKind::Partition,
            Clause::Revision { .. } => ClauseKind::Revision,
            Clause::Denunciation { .. } => ClauseKind::Denunciation,
        }
    }

    /// The states this clause concerns, in order.
    pub fn states(&self) -> Vec<StateId> {
        match self {
            Clause::Guarantee { state, .. }
            | Clause::Cession { state, .. }
            | Clause::Partition { state } => vec![*state],
            Clause::TerritorialProtocol { assignments } => {
                assignments.iter().map(|(s, _)| *s).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Whether the clause is a promise of future conduct, worth what trust in
    /// the promiser makes it worth.
    pub fn is_promise(&self) -> bool {
        matches!(
            self,
            Clause::NonAggression
                | Clause::MutualAssistance
                | Clause::Trade { .. }
                | Clause::Consultation
                | Clause::Guarantee { .. }
        )
    }
}

/// A set of clause kinds as bits.
pub fn kind_bits(clauses: &[Clause]) -> u16 {
    clauses.iter().fold(0, |bits, c| bits | c.kind().bit())
}

/// What an ultimatum threatens if its demands are not met by the deadline.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    SeverRelations,
    EndTalks,
    Denounce(TreatyId),
    DeclareWar,
}

impl Consequence {
    /// Words for the log.
    pub fn describe(self) -> &'static str {
        match self {
            Consequence::SeverRelations => "relations will be severed",
            Consequence::EndTalks => "talks will end",
            Consequence::Denounce(_) => "a treaty will be denounced",
            Consequence::DeclareWar => "war will be declared",
        }
    }

    /// The snake_case name used in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Consequence::SeverRelations => "sever_relations",
            Consequence::EndTalks => "end_talks",
            Consequence::Denounce(_) => "denounce",
            Consequence::DeclareWar => "declare_war",
        }
    }
}
