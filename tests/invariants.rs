//! Property tests: invariants that hold after every turn of random matches
//! played through the real ECS app.

use bevy::prelude::*;
use proptest::prelude::*;
use spheres::rules::relation::Relation;
use spheres::sim::authority::Control;
use spheres::sim::runner::headless_app;
use spheres::sim::{MapState, MatchSettings, MatchState, Posture, Power, Proposal, Score, Treaty};
use std::collections::BTreeSet;

#[allow(clippy::needless_range_loop)] // a and b index both rows and columns
fn check_world(world: &mut World, turn: u32) -> Result<(), String> {
    let setup = world.resource::<spheres::sim::Match>().setup.clone();
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
    let mut q = world.query::<(&Proposal, Option<&spheres::sim::Ultimatum>)>();
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

fn play_checked(seed: u64, profiles: Vec<usize>) -> Result<(), String> {
    let loaded = spheres::scenario::summer1939().map_err(|r| r.to_string())?;
    let setup = loaded.setup;
    let mut settings = MatchSettings::defaults(&setup, seed);
    for (c, p) in settings.controls.iter_mut().zip(profiles) {
        *c = Control::Ai(p % setup.profiles.len());
    }
    let mut app = headless_app(setup.clone(), &settings);
    for turn in 1..=setup.turns() + 1 {
        app.update();
        check_world(app.world_mut(), turn)?;
        if *app.world().resource::<State<MatchState>>().get() == MatchState::Over {
            return Ok(());
        }
    }
    Err("the match did not end".into())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_turn(seed in any::<u64>(), profiles in proptest::collection::vec(0usize..6, 12)) {
        play_checked(seed, profiles).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn all_random_matches_keep_invariants() {
    for seed in 0..40 {
        play_checked(seed, vec![0; 12]).unwrap();
    }
}
