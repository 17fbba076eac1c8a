//! Recording a match's inputs: every action carried out and every AI (or
//! bot) answer, turn by turn ([`Recorder`]), and feeding them back in place
//! of the AIs ([`ReplayFeed`]). What a replay file is made of.

use super::components::Decided;
use crate::ai::Reply;
use crate::rules::Submission;
use crate::rules::ids::{LeaderId, ProposalId};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An answer given by an AI (or a bot) in the delivery phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRecord {
    pub proposal: ProposalId,
    pub reply: Reply,
    pub day: u32,
    pub probability: Option<f32>,
    pub objectors: Vec<LeaderId>,
    #[serde(default)]
    pub margin: Option<f32>,
    #[serde(default)]
    pub breakdown: Vec<crate::rules::event::Reason>,
}

impl AnswerRecord {
    fn from_decided(d: &Decided) -> Self {
        AnswerRecord {
            proposal: d.proposal,
            reply: d.reply.clone(),
            day: d.day,
            probability: d.probability,
            objectors: d.objectors.clone(),
            margin: d.margin,
            breakdown: d.breakdown.clone(),
        }
    }

    fn to_decided(&self) -> Decided {
        Decided {
            proposal: self.proposal,
            reply: self.reply.clone(),
            day: self.day,
            probability: self.probability,
            objectors: self.objectors.clone(),
            margin: self.margin,
            breakdown: self.breakdown.clone(),
        }
    }
}

/// What happened in one turn, as inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
