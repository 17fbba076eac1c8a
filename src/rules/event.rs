//! What happened: dated log entries produced by the simulation, read by the
//! text timeline, the JSON output and the desktop's event log.

use super::clause::{Clause, Secret};
use super::ids::{LeaderId, PowerId, ProposalId, StateId, TreatyId};
use serde::{Deserialize, Serialize};

/// The kind of an event (snake_case in JSON).
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
pub enum EventKind {
    Scripted,
    Conference,
    ProposalSent,
    ProposalAccepted,
    ProposalRejected,
    ProposalCountered,
    ProposalExpired,
    UltimatumSent,
    UltimatumAccepted,
    UltimatumRejected,
    UltimatumExpired,
    TalksEnded,
    TreatySigned,
    TreatyBroken,
    TreatyRevised,
    RelationsStrained,
    RelationsSevered,
    RelationsRestored,
    AmbassadorRecalled,
    WarDeclared,
    Invasion,
    SphereChanged,
    ObligationHonoured,
    /// A patron stood aside while a state of its sphere was attacked.
    ClientAbandoned,
    InvasionFailed,
    ActionRefused,
    /// An AI's plan made moot by what happened earlier in the turn.
    PlanWithdrawn,
    /// A treaty between others recognised a claim to a state its holder
    /// did not sign away.
    ClaimRecognised,
    /// A front moved forward: the invader won this week's battle.
    InvasionAdvances,
    /// An unmet ultimatum's sender carried out its threat.
    ThreatCarriedOut,
    /// An unmet ultimatum's sender backed down.
    ThreatAbandoned,
    /// A power's envoys learnt a secret clause of others' treaty.
    SecretDiscovered,
    /// The secret clauses of a treaty just signed (its parties alone know).
    SecretProtocol,
}

impl EventKind {
    /// Every kind, in the order above.
    pub const ALL: [EventKind; 33] = [
        EventKind::Scripted,
        EventKind::Conference,
        EventKind::ProposalSent,
        EventKind::ProposalAccepted,
        EventKind::ProposalRejected,
        EventKind::ProposalCountered,
        EventKind::ProposalExpired,
        EventKind::UltimatumSent,
        EventKind::UltimatumAccepted,
        EventKind::UltimatumRejected,
        EventKind::UltimatumExpired,
        EventKind::TalksEnded,
        EventKind::TreatySigned,
        EventKind::TreatyBroken,
        EventKind::TreatyRevised,
        EventKind::RelationsStrained,
        EventKind::RelationsSevered,
        EventKind::RelationsRestored,
        EventKind::AmbassadorRecalled,
        EventKind::WarDeclared,
        EventKind::Invasion,
        EventKind::SphereChanged,
        EventKind::ObligationHonoured,
        EventKind::ClientAbandoned,
        EventKind::InvasionFailed,
        EventKind::ActionRefused,
        EventKind::PlanWithdrawn,
        EventKind::ClaimRecognised,
        EventKind::InvasionAdvances,
        EventKind::ThreatCarriedOut,
        EventKind::ThreatAbandoned,
        EventKind::SecretDiscovered,
        EventKind::SecretProtocol,
    ];

    /// The kind in words for a reader: "Proposal countered".
    pub fn title(self) -> String {
        let words = self.name().replace('_', " ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        }
    }

    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Scripted => "scripted",
            EventKind::Conference => "conference",
            EventKind::ProposalSent => "proposal_sent",
            EventKind::ProposalAccepted => "proposal_accepted",
            EventKind::ProposalRejected => "proposal_rejected",
            EventKind::ProposalCountered => "proposal_countered",
            EventKind::ProposalExpired => "proposal_expired",
            EventKind::UltimatumSent => "ultimatum_sent",
            EventKind::UltimatumAccepted => "ultimatum_accepted",
            EventKind::UltimatumRejected => "ultimatum_rejected",
            EventKind::UltimatumExpired => "ultimatum_expired",
            EventKind::TalksEnded => "talks_ended",
            EventKind::TreatySigned => "treaty_signed",
            EventKind::TreatyBroken => "treaty_broken",
            EventKind::TreatyRevised => "treaty_revised",
            EventKind::RelationsStrained => "relations_strained",
            EventKind::RelationsSevered => "relations_severed",
            EventKind::RelationsRestored => "relations_restored",
            EventKind::AmbassadorRecalled => "ambassador_recalled",
            EventKind::WarDeclared => "war_declared",
            EventKind::Invasion => "invasion",
            EventKind::SphereChanged => "sphere_changed",
            EventKind::ObligationHonoured => "obligation_honoured",
            EventKind::ClientAbandoned => "client_abandoned",
            EventKind::InvasionFailed => "invasion_failed",
            EventKind::ActionRefused => "action_refused",
            EventKind::PlanWithdrawn => "plan_withdrawn",
            EventKind::ClaimRecognised => "claim_recognised",
            EventKind::InvasionAdvances => "invasion_advances",
            EventKind::ThreatCarriedOut => "threat_carried_out",
            EventKind::ThreatAbandoned => "threat_abandoned",
            EventKind::SecretDiscovered => "secret_discovered",
            EventKind::SecretProtocol => "secret_protocol",
        }
    }
}

/// One line of a decision's breakdown as the log keeps it: the factor's
/// key (`security`, `red_line`, ...), its words, and its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    pub factor: String,
    pub label: String,
    pub value: f32,
}

/// One dated entry of the match log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub turn: u32,
    /// Match day (0 = the scenario's start date).
    pub day: u32,
    pub kind: EventKind,
    pub from: Option<PowerId>,
    pub to: Option<PowerId>,
    pub summary: String,
    pub proposal: Option<ProposalId>,
    pub clauses: Vec<Clause>,
    pub state: Option<StateId>,
    pub treaty: Option<TreatyId>,
    /// The receiver's acceptance probability, where a decision was made.
    pub probability: Option<f32>,
    /// Leaders who objected, where a decision was made.
    pub objectors: Vec<LeaderId>,
    /// The receiver's margin, where a decision was made by the model…
    #[serde(default)]
    pub margin: Option<f32>,
    /// …and its itemised breakdown, whose values sum to the margin.
    #[serde(default)]
    pub breakdown: Vec<Reason>,
    /// Which of `clauses` are secret.
    #[serde(default)]
    pub secret: Secret,
    /// The only powers that learn of it, for an event about a secret (a
    /// secret protocol signed, a secret discovered); empty for the rest,
    /// whose audience follows from their kind (see [`Event::seen_by`]).
    #[serde(default)]
    pub audience: Vec<PowerId>,
    /// Why an AI did it, for the events of its actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The scripted event's id (in the scenario's `events`), for a
    /// `scripted` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scripted: Option<String>,
}

impl Event {
    /// An event with only the required fields set.
    pub fn new(turn: u32, day: u32, kind: EventKind, summary: String) -> Self {
        Event {
            turn,
            day,
            kind,
            from: None,
            to: None,
            summary,
            proposal: None,
            clauses: Vec::new(),
            state: None,
            treaty: None,
            probability: None,
            objectors: Vec::new(),
            margin: None,
            breakdown: Vec::new(),
            secret: Secret::NONE,
            audience: Vec::new(),
            reason: None,
            scripted: None,
        }
    }

    /// Only these powers learn of it.
    pub fn for_only(mut self, audience: Vec<PowerId>) -> Self {
        self.audience = audience;
        self
    }

    /// Whether `p` learns of it: an event about a secret, only its
    /// audience; the talks between two powers (proposals, counters and
    /// answers, conferences), only the two; everything else (treaties'
    /// public parts, ultimatums, relations, wars, the map), everyone.
    pub fn seen_by(&self, p: PowerId) -> bool {
        if !self.audience.is_empty() {
            return self.audience.contains(&p);
        }
        let between = self.from == Some(p) || self.to == Some(p);
        match self.kind {
            EventKind::ProposalSent
            | EventKind::ProposalAccepted
            | EventKind::ProposalRejected
            | EventKind::ProposalCountered
            | EventKind::ProposalExpired
            | EventKind::ActionRefused
            | EventKind::PlanWithdrawn
            | EventKind::ThreatAbandoned
            | EventKind::SecretDiscovered
            | EventKind::SecretProtocol => between || self.from.is_none(),
            EventKind::Scripted
            | EventKind::Conference
            | EventKind::UltimatumSent
            | EventKind::UltimatumAccepted
            | EventKind::UltimatumRejected
            | EventKind::UltimatumExpired
            | EventKind::TalksEnded
            | EventKind::TreatySigned
            | EventKind::TreatyBroken
            | EventKind::TreatyRevised
            | EventKind::RelationsStrained
            | EventKind::RelationsSevered
            | EventKind::RelationsRestored
            | EventKind::AmbassadorRecalled
            | EventKind::WarDeclared
            | EventKind::Invasion
            | EventKind::SphereChanged
            | EventKind::ObligationHonoured
            | EventKind::ClientAbandoned
            | EventKind::InvasionFailed
            | EventKind::ClaimRecognised
            | EventKind::InvasionAdvances
            | EventKind::ThreatCarriedOut => true,
        }
    }

    /// Sets `from` and `to`.
    pub fn between(mut self, from: PowerId, to: PowerId) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    /// Sets `from` only.
    pub fn by(mut self, from: PowerId) -> Self {
        self.from = Some(from);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_with_its_own_name() {
        let names: std::collections::BTreeSet<&str> =
            EventKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), EventKind::ALL.len());
        for k in EventKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.name()));
        }
    }
}
