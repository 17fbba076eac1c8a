//! Invariants of the world that must hold after every turn, checked by the
//! property and soak tests (and usable by tools): each state in exactly one
//! sphere, relations symmetric, treaty parties that exist, no open proposal
//! between powers that have severed relations, finite scores.

use super::{MapState, Posture, Power, Proposal, Score, Treaty, Ultimatum};
use crate::rules::relation::Relation;
use bevy::prelude::*;
use std::collections::BTreeSet;

/// Checks the world of a headless app; `turn` is named in the message.
#[allow(clippy::needless_range_loop)] // a and b index both rows and columns
pub fn check(world: &mut World, turn: u32) -> Result<(), String> {
    let setup = world.resource::<super::Match>().setup.clone();
    let n = setup.power_count();
    // Each state in exactly one sphere, held by a power that exists.
    let mut seen = BTreeSet::new();
    let mut q = world.query::<&MapState>();
    for s in q.iter(world) {
        if !seen.insert(s.id) {
            return Err(format!("turn {turn}: state {:?} appears twice", s.id));
        }
        if s.sphere.index() >= n || s.controller.index() >= n {
            return Err(format!(
                "turn {turn}: state {:?} in a missing power's sphere",
                s.id
            ));
        }
    }
    if seen.len() != setup.states.len() {
        return Err(format!(
            "turn {turn}: {} states on the map, {} in the scenario",
            seen.len(),
            setup.states.len()
        ));
    }
    // Relations symmetric; scores finite.
    let mut rows = vec![Vec::new(); n];
    let mut q = world.query::<(&Power, &Posture, &Score)>();
    for (p, posture, score) in q.iter(world) {
        rows[p.id.index()] = posture.relations.clone();
        if !score.0.is_finite() {
            return Err(format!("turn {turn}: score of {:?} is {}", p.id, score.0));
        }
    }
    for a in 0..n {
        if rows[a][a] != Relation::Normal {
            return Err(format!("turn {turn}: power {a} has a relation with itself"));
        }
        for b in 0..n {
            if rows[a][b] != rows[b][a] {
                return Err(format!(
                    "turn {turn}: relation {a}-{b} is {:?} one way and {:?} the other",
                    rows[a][b], rows[b][a]
                ));
            }
        }
    }
    // Treaty parties exist and are distinct.
    let mut q = world.query::<&Treaty>();
    for t in q.iter(world) {
        let parties: BTreeSet<_> = t.parties.iter().collect();
        if parties.len() != t.parties.len()
            || t.parties.len() < 2
            || t.parties.iter().any(|p| p.index() >= n)
        {
            return Err(format!(
                "turn {turn}: treaty {} has parties {:?}",
                t.name, t.parties
            ));
        }
    }
    // No open proposal between powers that have severed relations.
    let mut q = world.query::<(&Proposal, Option<&Ultimatum>)>();
    for (p, u) in q.iter(world) {
        if u.is_some_and(|u| u.refused) {
            continue; // a refused ultimatum awaiting its deadline is not a proposal
        }
        if rows[p.from.index()][p.to.index()] >= Relation::Severed {
            return Err(format!(
                "turn {turn}: proposal #{} between severed powers",
                p.id.0
            ));
        }
    }
    Ok(())
}
