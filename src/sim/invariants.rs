//! Invariants of the world that must hold after every turn, checked by the
//! property and soak tests (and usable by tools) on the ECS world itself:
//! the registered state passes its own checks (ids in range, tables sized,
//! one entity per power and state, relations symmetric), the index agrees
//! with the entities, every state is in a sphere, treaty parties are
//! distinct, no open proposal stands between severed powers (between
//! powers at war, only an armistice), scores are
//! finite.

use super::components::{Index, Match, Signed, Tabled};
use super::registry::SavedWorld;
use super::world::EcsView;
use crate::rules::clause::Clause;
use crate::rules::relation::Relation;
use crate::rules::view::{View, ViewExt};
use bevy::prelude::*;
use std::collections::BTreeSet;

/// Checks the world of an app; `turn` is named in the message.
pub fn check(world: &mut World, turn: u32) -> Result<(), String> {
    let at = |why: String| format!("turn {turn}: {why}");
    let Some(setup) = world.get_resource::<Match>().map(|m| m.setup.clone()) else {
        return Err(at("no match is being played".into()));
    };
    // The registered state, checked as a save is before it is restored.
    let saved = SavedWorld::capture(world).ok_or_else(|| at("the world is incomplete".into()))?;
    saved.check(&saved.bounds(&setup)).map_err(at)?;
    // The index names exactly the entities there are.
    let treaties: BTreeSet<_> = world
        .query::<(Entity, &Signed)>()
        .iter(world)
        .map(|(e, t)| (t.id, e))
        .collect();
    let offers: BTreeSet<_> = world
        .query::<(Entity, &Tabled)>()
        .iter(world)
        .map(|(e, o)| (o.id, e))
        .collect();
    let index = world
        .get_resource::<Index>()
        .ok_or_else(|| at("no index".into()))?;
    let indexed_treaties: BTreeSet<_> = index.treaties.iter().copied().collect();
    let indexed_offers: BTreeSet<_> = index.offers.iter().copied().collect();
    if treaties != indexed_treaties || offers != indexed_offers {
        return Err(at("the index and the entities disagree".into()));
    }
    if !index.treaties.is_sorted_by_key(|(id, _)| *id)
        || !index.offers.is_sorted_by_key(|(id, _)| *id)
    {
        return Err(at("the index is out of order".into()));
    }
    let view = EcsView::of(world).ok_or_else(|| at("no view".into()))?;
    let view: &dyn View = &view;
    for p in setup.power_ids() {
        if view.relation(p, p) != Relation::Normal {
            return Err(at(format!("power {} has a relation with itself", p.0)));
        }
    }
    for t in view.treaties() {
        let parties: BTreeSet<_> = t.parties.iter().collect();
        if parties.len() != t.parties.len() {
            return Err(at(format!("treaty {} has parties {:?}", t.name, t.parties)));
        }
    }
    for o in view.pending() {
        let peace = view.relation(o.from, o.to) == Relation::War
            && o.clauses.iter().any(|c| matches!(c, Clause::Armistice));
        if view.relation(o.from, o.to) >= Relation::Severed && !peace {
            return Err(at(format!("proposal #{} between severed powers", o.id.0)));
        }
    }
    Ok(())
}
