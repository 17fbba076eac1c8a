//! Recording and replaying matches. A recording holds every action carried
//! out and every AI answer, turn by turn; replaying feeds them back instead
//! of asking the AI, so a replay reproduces even matches played by humans or
//! external bots. A replay file (RON, versioned) also names the scenario and
//! its content hash, so a changed scenario is detected.

use super::components::Decided;
use super::runner::{self, MatchResult, MatchSettings};
use crate::ai::Reply;
use crate::rules::ids::{LeaderId, ProposalId};
use crate::rules::{Setup, Submission};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The replay format this build writes and reads.
pub const REPLAY_VERSION: u32 = 1;

/// An answer given by an AI (or a bot) in the delivery phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub proposal: ProposalId,
    pub reply: Reply,
    pub day: u32,
    pub probability: Option<f32>,
    pub objectors: Vec<LeaderId>,
}

impl AnswerRecord {
    fn from_decided(d: &Decided) -> Self {
        AnswerRecord {
            proposal: d.proposal,
            reply: d.reply.clone(),
            day: d.day,
            probability: d.probability,
            objectors: d.objectors.clone(),
        }
    }

    fn to_decided(&self) -> Decided {
        Decided {
            proposal: self.proposal,
            reply: self.reply.clone(),
            day: self.day,
            probability: self.probability,
            objectors: self.objectors.clone(),
        }
    }
}

/// What happened in one turn, as inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    pub turn: u32,
    /// Every action submitted, in the order it arrived.
    pub actions: Vec<Submission>,
    /// Every answer decided in the delivery phase.
    pub answers: Vec<AnswerRecord>,
}

/// While present, the simulation records every turn's inputs here.
#[derive(Resource, Clone, Debug, Default)]
pub struct Recorder {
    pub turns: BTreeMap<u32, TurnRecord>,
}

/// While present, the simulation takes each turn's inputs from here instead
/// of the AI.
#[derive(Resource, Clone, Debug, Default)]
pub struct ReplayFeed {
    pub turns: BTreeMap<u32, TurnRecord>,
}

impl Recorder {
    /// Notes the actions of a turn.
    pub fn actions(&mut self, turn: u32, actions: &[Submission]) {
        let t = self.turns.entry(turn).or_insert_with(|| TurnRecord {
            turn,
            ..TurnRecord::default()
        });
        t.actions.extend_from_slice(actions);
    }

    /// Notes an answer of a turn.
    pub fn answer(&mut self, turn: u32, d: &Decided) {
        let t = self.turns.entry(turn).or_insert_with(|| TurnRecord {
            turn,
            ..TurnRecord::default()
        });
        t.answers.push(AnswerRecord::from_decided(d));
    }
}

impl ReplayFeed {
    /// The recorded actions of a turn.
    pub fn actions(&self, turn: u32) -> &[Submission] {
        self.turns.get(&turn).map_or(&[], |t| &t.actions)
    }

    /// The recorded answers of a turn, as messages.
    pub fn answers(&self, turn: u32) -> Vec<Decided> {
        self.turns.get(&turn).map_or_else(Vec::new, |t| {
            t.answers.iter().map(AnswerRecord::to_decided).collect()
        })
    }
}

/// A replay file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    pub version: u32,
    /// The scenario's id.
    pub scenario: String,
    /// FNV-1a of the scenario file's bytes, in hex.
    pub scenario_hash: String,
    /// The scenario file the match was played from (none: the embedded one).
    pub scenario_path: Option<String>,
    pub seed: u64,
    pub turns: u32,
    /// (power, profile or `human`), in scenario order.
    pub profiles: Vec<(String, String)>,
    /// Every turn's inputs, in order.
    pub record: Vec<TurnRecord>,
    /// FNV-1a of the record (compact RON), in hex: any edit shows.
    pub record_hash: String,
    /// The final state hash, in hex.
    pub final_hash: String,
}

/// Plays a match and records its inputs.
pub fn run_recorded(setup: Arc<Setup>, settings: MatchSettings) -> (MatchResult, Vec<TurnRecord>) {
    let mut app = runner::headless_app(setup.clone(), &settings);
    app.insert_resource(Recorder::default());
    let result = runner::play_out(app, setup, settings);
    let turns = result.record.clone();
    (result, turns)
}

/// Re-simulates a match from its recorded inputs.
pub fn run_replayed(
    setup: Arc<Setup>,
    settings: MatchSettings,
    record: &[TurnRecord],
) -> MatchResult {
    let mut app = runner::headless_app(setup.clone(), &settings);
    app.insert_resource(ReplayFeed {
        turns: record.iter().map(|t| (t.turn, t.clone())).collect(),
    });
    runner::play_out(app, setup, settings)
}

/// Builds a replay from a recorded match.
pub fn replay_of(
    result: &MatchResult,
    scenario_hash: u64,
    scenario_path: Option<String>,
) -> Replay {
    let setup = &result.setup;
    Replay {
        version: REPLAY_VERSION,
        scenario: setup.id.clone(),
        scenario_hash: format!("{scenario_hash:016x}"),
        scenario_path,
        seed: result.settings.seed,
        turns: result.settings.turns,
        profiles: setup
            .powers
            .iter()
            .zip(&result.settings.controls)
            .map(|(p, c)| (p.id.clone(), c.name(setup)))
            .collect(),
        record_hash: record_hash(&result.record),
        record: result.record.clone(),
        final_hash: format!("{:016x}", result.state_hash),
    }
}

/// The checksum of a record.
pub fn record_hash(record: &[TurnRecord]) -> String {
    let text = ron::to_string(record).unwrap_or_default();
    format!("{:016x}", crate::scenario::fnv1a(text.as_bytes()))
}
