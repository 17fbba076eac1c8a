//! Memory: what one power remembers of another's acts, as named modifiers.
//! Each kind has its own step per act, its own decay per turn and a cap, so
//! nothing stacks forever and old slights fade.

use serde::{Deserialize, Serialize};

/// A named kind of remembered act.
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
pub enum MemoryKind {
    /// They accepted a deal of ours.
    AcceptedDeal,
    /// They refused a deal of ours.
    RefusedDeal,
    /// They let a proposal of ours lapse unanswered.
    IgnoredProposal,
    /// They threatened us with an ultimatum.
    Ultimatum,
    /// They insulted us (or ended talks with us).
    Insult,
    /// They broke a treaty (with anyone).
    BrokenTreaty,
    /// They severed relations with us or recalled their ambassador.
    SeveredRelations,
    /// They made war on us or on a state in our sphere.
    War,
    /// A treaty in force between us.
    TreatyInForce,
    /// A standing sentiment set by the scenario (history, ideology).
    Standing,
    /// They acted against our interests: recognised a claim on our sphere,
    /// signed away what we protect, made a treaty that costs us an
    /// objective.
    Resentment,
    /// A secret of theirs aimed at us came to light.
    Deceit,
    /// Proposals of theirs we refused: a power that keeps asking wears out
    /// its welcome.
    Importunity,
}

/// How many kinds of memory there are.
pub const KINDS: usize = 13;

impl MemoryKind {
    /// Every kind, in the fixed order of [`Memory`]'s slots.
    pub const ALL: [MemoryKind; KINDS] = [
        MemoryKind::AcceptedDeal,
        MemoryKind::RefusedDeal,
        MemoryKind::IgnoredProposal,
        MemoryKind::Ultimatum,
        MemoryKind::Insult,
        MemoryKind::BrokenTreaty,
        MemoryKind::SeveredRelations,
        MemoryKind::War,
        MemoryKind::TreatyInForce,
        MemoryKind::Standing,
        MemoryKind::Resentment,
        MemoryKind::Deceit,
        MemoryKind::Importunity,
    ];

    /// The snake_case name used in files and logs.
    pub const fn name(self) -> &'static str {
        match self {
            MemoryKind::AcceptedDeal => "accepted_deal",
            MemoryKind::RefusedDeal => "refused_deal",
            MemoryKind::IgnoredProposal => "ignored_proposal",
            MemoryKind::Ultimatum => "ultimatum",
            MemoryKind::Insult => "insult",
            MemoryKind::BrokenTreaty => "broken_treaty",
            MemoryKind::SeveredRelations => "severed_relations",
            MemoryKind::War => "war",
            MemoryKind::TreatyInForce => "treaty_in_force",
            MemoryKind::Standing => "standing",
            MemoryKind::Resentment => "resentment",
            MemoryKind::Deceit => "deceit",
            MemoryKind::Importunity => "importunity",
        }
    }

    /// How a player reads it in a breakdown.
    pub fn describe(self) -> &'static str {
        match self {
            MemoryKind::AcceptedDeal => "memory: deals they accepted",
            MemoryKind::RefusedDeal => "memory: deals they refused",
            MemoryKind::IgnoredProposal => "memory: proposals they ignored",
            MemoryKind::Ultimatum => "memory: their ultimatums",
            MemoryKind::Insult => "memory: insults",
            MemoryKind::BrokenTreaty => "memory: treaties they broke",
            MemoryKind::SeveredRelations => "memory: severed relations",
            MemoryKind::War => "memory: their wars",
            MemoryKind::TreatyInForce => "memory: treaties in force",
            MemoryKind::Standing => "standing sentiment",
            MemoryKind::Resentment => "memory: acts against our interests",
            MemoryKind::Deceit => "memory: their secrets against us",
            MemoryKind::Importunity => "memory: their proposals we refused",
        }
    }

    /// The slot of this kind in [`Memory`].
    pub fn slot(self) -> usize {
        self as usize
    }
}

/// How one memory kind behaves: the change per act, the factor it keeps each
/// turn (0.8 = fades by a fifth), and the largest magnitude it may reach.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemoryRule {
    pub per_act: f32,
    pub decay: f32,
    pub cap: f32,
}

impl Default for MemoryRule {
    fn default() -> Self {
        MemoryRule {
            per_act: 0.0,
            decay: 0.9,
            cap: 20.0,
        }
    }
}

/// One power's memory of another: a value per kind.
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory(pub [f32; KINDS]);

impl Memory {
    /// Records `acts` acts of a kind, clamped to the rule's cap.
    pub fn record(&mut self, kind: MemoryKind, rule: &MemoryRule, acts: f32) {
        let slot = &mut self.0[kind.slot()];
        *slot = (*slot + rule.per_act * acts).clamp(-rule.cap.abs(), rule.cap.abs());
    }

    /// Sets a kind's value directly (scenario start), still within the cap.
    pub fn set(&mut self, kind: MemoryKind, rule: &MemoryRule, value: f32) {
        self.0[kind.slot()] = value.clamp(-rule.cap.abs(), rule.cap.abs());
    }

    /// One turn of fading; tiny remainders are dropped so memory ends.
    pub fn decay(&mut self, rules: &[MemoryRule; KINDS]) {
        for (value, rule) in self.0.iter_mut().zip(rules) {
            *value *= rule.decay;
            if value.abs() < 0.05 {
                *value = 0.0;
            }
        }
    }

    /// The value of one kind.
    pub fn get(&self, kind: MemoryKind) -> f32 {
        self.0[kind.slot()]
    }

    /// The sum over all kinds: the opinion.
    pub fn opinion(&self) -> f32 {
        self.0.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_capped_and_fades() {
        let rule = MemoryRule {
            per_act: -6.0,
            decay: 0.5,
            cap: 10.0,
        };
        let mut rules = [MemoryRule::default(); KINDS];
        rules[MemoryKind::Insult.slot()] = rule;
        let mut m = Memory::default();
        for _ in 0..10 {
            m.record(MemoryKind::Insult, &rule, 1.0);
        }
        assert_eq!(m.get(MemoryKind::Insult), -10.0, "capped");
        m.decay(&rules);
        assert_eq!(m.get(MemoryKind::Insult), -5.0);
        for _ in 0..20 {
            m.decay(&rules);
        }
        assert_eq!(m.opinion(), 0.0, "fades away entirely");
    }
}
