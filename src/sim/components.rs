//! The simulation's components, resources and messages.

use super::authority::{Control, Counters};
use crate::ai::Reply;
use crate::rules::clause::{Clause, Consequence};
use crate::rules::event::Event;
use crate::rules::ids::{LeaderId, PowerId, ProposalId, StateId, TreatyId};
use crate::rules::memory::Memory;
use crate::rules::relation::Relation;
use crate::rules::view::WorldView;
use crate::rules::{Setup, Submission};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Marks every entity of a match, so a new match can clear the old one.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct SimEntity;

/// A power entity.
#[derive(Component, Clone, Debug)]
pub struct Power {
    pub id: PowerId,
    pub control: Control,
}

/// What a power remembers of each other power, and how far it trusts them
/// (indexed by the other power).
#[derive(Component, Clone, Debug)]
pub struct Opinions {
    pub memory: Vec<Memory>,
    pub trust: Vec<f32>,
}

/// A power's diplomatic posture toward each other power.
#[derive(Component, Clone, Debug)]
pub struct Posture {
    /// Relations with each power (the symmetric table's row).
    pub relations: Vec<Relation>,
    pub talks_ended: Vec<bool>,
    pub ambassador_recalled: Vec<bool>,
}

/// Military and economic weight.
#[derive(Component, Clone, Copy, Debug)]
pub struct Strength(pub f32);

/// Current score from the scenario's objectives.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Score(pub f32);

/// A state on the map.
#[derive(Component, Clone, Copy, Debug)]
pub struct MapState {
    pub id: StateId,
    /// Whose sphere it is in.
    pub sphere: PowerId,
    /// Who rules it.
    pub controller: PowerId,
    /// Divided with another power by a partition treaty.
    pub partitioned_with: Option<PowerId>,
}

/// A treaty in force.
#[derive(Component, Clone, Debug)]
pub struct Treaty {
    pub id: TreatyId,
    pub name: String,
    pub parties: Vec<PowerId>,
    pub clauses: Vec<Clause>,
}

/// A proposal awaiting an answer.
#[derive(Component, Clone, Debug)]
pub struct Proposal {
    pub id: ProposalId,
    pub from: PowerId,
    pub to: PowerId,
    pub clauses: Vec<Clause>,
    pub sent_day: u32,
    pub deadline_day: u32,
}

/// Marks a proposal entity as an ultimatum, with its threat. A refused
/// ultimatum stays (with `refused`) until its deadline, when the threat is
/// carried out.
#[derive(Component, Clone, Copy, Debug)]
pub struct Ultimatum {
    pub consequence: Consequence,
    pub refused: bool,
}

/// The match being played.
#[derive(Resource, Clone, Debug)]
pub struct Match {
    pub setup: Arc<Setup>,
    pub seed: u64,
    /// Who plays each power, by power index.
    pub controls: Vec<super::authority::Control>,
    /// Number of turns to play.
    pub turns: u32,
}

/// The turn being played (1-based), and whether the match is over.
#[derive(Resource, Clone, Copy, Debug)]
pub struct Clock {
    pub turn: u32,
}

/// The working copy of the world during a turn, and the id counters.
#[derive(Resource, Clone, Debug)]
pub struct Snapshot {
    pub view: WorldView,
    pub counters: Counters,
    /// Events of the turn so far, in the order they happened.
    pub events: Vec<Event>,
    /// Invasions launched this turn, fought in the consequences phase.
    pub invasions: Vec<(PowerId, StateId, u32)>,
    /// Scores by power, updated at the end of each turn.
    pub scores: Vec<f32>,
}

/// A bloc entity (such as the Axis) and its current members.
#[derive(Component, Clone, Debug)]
pub struct Bloc {
    pub id: crate::rules::ids::BlocId,
    pub members: Vec<PowerId>,
}

/// Entities by id, so the write-back never searches.
#[derive(Resource, Clone, Debug, Default)]
pub struct EntityIndex {
    pub powers: Vec<Entity>,
    pub states: Vec<Entity>,
    pub treaties: BTreeMap<TreatyId, Entity>,
    pub proposals: BTreeMap<ProposalId, Entity>,
}

/// Orders from humans (the desktop UI) and external programs, carried out in
/// the next action phase.
#[derive(Resource, Clone, Debug, Default)]
pub struct Orders(pub Vec<Submission>);

/// The match log: every event, in date order within each turn.
#[derive(Resource, Clone, Debug, Default)]
pub struct MatchLog(pub Vec<Event>);

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
}

/// Something that happened.
#[derive(Message, Clone, Debug)]
pub struct Outcome(pub Event);
