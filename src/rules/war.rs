//! War: who is obliged to fight, and a simple seeded resolution of an
//! invasion from the strengths of the sides.

use super::clause::{Clause, ClauseKind};
use super::ids::{PowerId, StateId, TreatyId};
use super::view::WorldView;

/// A power obliged by a treaty to join a war on `victim`'s side.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Obligation {
    pub power: PowerId,
    pub treaty: TreatyId,
    /// True for a guarantee of the state, false for mutual assistance.
    pub guarantee: bool,
}

/// Who must come to the aid of `victim` (a power attacked by `aggressor`),
/// and of `state` if a state was invaded: mutual-assistance partners of the
/// victim and guarantors of the state. In treaty order, without duplicates.
pub fn obligations(
    view: &WorldView,
    aggressor: PowerId,
    victim: PowerId,
    state: Option<StateId>,
) -> Vec<Obligation> {
    let mut out: Vec<Obligation> = Vec::new();
    for t in &view.treaties {
        if t.has(ClauseKind::MutualAssistance) && t.binds(victim) {
            for p in &t.parties {
                if *p != victim && *p != aggressor && !out.iter().any(|o| o.power == *p) {
                    out.push(Obligation {
                        power: *p,
                        treaty: t.id,
                        guarantee: false,
                    });
                }
            }
        }
        if let Some(state) = state {
            for c in &t.clauses {
                if let Clause::Guarantee {
                    guarantor,
                    state: s,
                } = c
                    && *s == state
                    && *guarantor != aggressor
                    && !out.iter().any(|o| o.power == *guarantor)
                {
                    out.push(Obligation {
                        power: *guarantor,
                        treaty: t.id,
                        guarantee: true,
                    });
                }
            }
        }
    }
    out
}

/// The odds of an invasion.
#[derive(Clone, Debug, PartialEq)]
pub struct Battle {
    pub attack: f32,
    pub defence: f32,
    /// Chance the attacker takes the state.
    pub chance: f32,
}

/// The attacker's side against the defenders (the state itself, the power
/// whose sphere it is in, and those who joined).
pub fn battle(view: &WorldView, attackers: &[PowerId], defenders: &[PowerId]) -> Battle {
    let attack: f32 = attackers.iter().map(|p| view.strength(*p)).sum();
    // Defenders fight on their own ground: a modest bonus.
    let defence: f32 = defenders.iter().map(|p| view.strength(*p)).sum::<f32>() * 1.1;
    let chance = if attack + defence <= 0.0 {
        0.5
    } else {
        (attack / (attack + defence)).clamp(0.05, 0.95)
    };
    Battle {
        attack,
        defence,
        chance,
    }
}
