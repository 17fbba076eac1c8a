//! The world of a match, as the ECS holds it: each piece of state once.
//!
//! - A **power** is an entity with [`PowerKey`], [`Strength`] and [`Score`].
//! - A **state** is an entity with [`StateKey`] and [`Land`] (its sphere,
//!   ruler and partition).
//! - A **bloc** is an entity with [`BlocKey`] and [`Members`].
//! - A **leader** is an entity with [`LeaderKey`].
//! - A **treaty** in force is an entity with [`Signed`].
//! - A **proposal or ultimatum** on the table is an entity with [`Tabled`].
//! - An **invasion** in progress is an entity with [`Fighting`]; the wars
//!   themselves are the relations of the pairs at war.
//! - A power's record of threats and its toll is [`Record`].
//! - What one power has with another (relation, memory, trust, talks,
//!   ambassador) lives in one resource, [`Pairs`].
//! - The date is [`Clock`]; id counters are [`Counters`]; the record of the
//!   match is [`MatchLog`].
//!
//! Every component and resource here that is state is registered once in
//! [`super::registry`], from which saves, the state hash and their checks
//! follow. [`Index`] is derived (rebuilt from the keys), and [`Match`]
//! holds the match's inputs.

use super::authority::Control;
use crate::ai::Reply;
use crate::rules::event::Event;
use crate::rules::ids::{BlocId, LeaderId, PowerId, ProposalId, StateId, TreatyId};
use crate::rules::relation::PairTable;
use crate::rules::view::{Front, Pair, PendingOffer, Standing, Territory, Treaty};
use crate::rules::{Setup, Submission};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Marks every entity of a match, so a new match can clear the old one.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct SimEntity;

/// Which power an entity is.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PowerKey(pub PowerId);

/// A power's military and economic weight.
#[derive(Component, Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Strength(pub f32);

/// A power's score from the scenario's objectives, as of the last turn's end.
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Score(pub f32);

/// A power's record of threats and its toll.
#[derive(
    Component, Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, Deref, DerefMut,
)]
pub struct Record(pub Standing);

/// An invasion in progress (an entity of its own).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Fighting(pub Front);

/// Which state an entity is.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateKey(pub StateId);

/// A state's sphere, ruler and partition.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Land(pub Territory);

/// Which bloc an entity is.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlocKey(pub BlocId);

/// A bloc's current members.
#[derive(Component, Clone, Debug, Default, PartialEq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Members(pub Vec<PowerId>);

/// Which leader an entity is.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderKey(pub LeaderId);

/// A treaty in force.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Signed(pub Treaty);

/// A proposal or ultimatum on the table.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Tabled(pub PendingOffer);

/// What every power has with every other: one table, one home.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize, Deref, DerefMut)]
pub struct Pairs(pub PairTable<Pair>);

/// The turn being played (1-based; one past the last when the match is
/// over) and the day within it being acted on.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    pub turn: u32,
    pub day: u32,
}

/// The next free ids.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    pub next_proposal: u32,
    pub next_treaty: u32,
}

/// The match log: every event, in date order within each turn.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, Deref, DerefMut)]
pub struct MatchLog(pub Vec<Event>);

/// The match being played: its inputs.
#[derive(Resource, Clone, Debug)]
pub struct Match {
    pub setup: Arc<Setup>,
    pub seed: u64,
    /// Who plays each power, by power index.
    pub controls: Vec<Control>,
    /// Number of turns to play.
    pub turns: u32,
}

/// Entities by id, so nothing searches. Derived from the key components
/// when a match begins or is loaded, and kept by the authority as entities
/// come and go; not part of the state.
#[derive(Resource, Clone, Debug, Default)]
pub struct Index {
    pub powers: Vec<Entity>,
    pub states: Vec<Entity>,
    pub blocs: Vec<Entity>,
    pub leaders: Vec<Entity>,
    /// In id order.
    pub treaties: Vec<(TreatyId, Entity)>,
    /// In id order.
    pub offers: Vec<(ProposalId, Entity)>,
    /// By attacker and state.
    pub fronts: Vec<Entity>,
}

/// Events of the turn so far, in the order they happened; they join the
/// [`MatchLog`] in date order at the end of the turn.
#[derive(Resource, Clone, Debug, Default)]
pub struct TurnEvents(pub Vec<Event>);

/// Orders from humans (the desktop UI) and external programs, carried out in
/// the next action phase.
#[derive(Resource, Clone, Debug, Default)]
pub struct Orders(pub Vec<Submission>);

/// An action submitted by a power (human, AI, replay or bot).
#[derive(Message, Clone, Debug)]
pub struct ActionSubmitted(pub Submission);

/// A power's answer to a proposal or ultimatum.
#[derive(Message, Clone, Debug)]
pub struct Decided {
    pub proposal: ProposalId,
    pub reply: Reply,
    pub day: u32,
    pub probability: Option<f32>,
    pub objectors: Vec<LeaderId>,
    pub margin: Option<f32>,
    pub breakdown: Vec<crate::rules::event::Reason>,
}
