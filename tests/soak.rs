//! Soak: many matches with randomly drawn profiles, invariants checked after
//! every turn on the ECS world. A few hundred matches run with `cargo test`;
//! `cargo test --release -- --ignored` runs 100,000.

use bevy::prelude::*;
use spheres::rules::rng::mix;
use spheres::sim::authority::Control;
use spheres::sim::runner::headless_app;
use spheres::sim::{MatchSettings, MatchState};

fn soak(matches: u64, first_seed: u64) {
    let setup = spheres::scenario::summer1939().unwrap().setup;
    let profiles = setup.profiles.len() as u64;
    for seed in first_seed..first_seed + matches {
        let mut settings = MatchSettings::defaults(&setup, seed);
        for (i, c) in settings.controls.iter_mut().enumerate() {
            *c = Control::Ai(
                (mix(seed * 31 + i as u64) % profiles) as usize,
                spheres::ai::Level::Normal,
            );
        }
        let mut app = headless_app(setup.clone(), &settings);
        let mut over = false;
        for turn in 1..=setup.turns() + 1 {
            app.update();
            if let Err(e) = spheres::sim::invariants::check(app.world_mut(), turn) {
                panic!("seed {seed}: {e}");
            }
            if *app.world().resource::<State<MatchState>>().get() == MatchState::Over {
                over = true;
                break;
            }
        }
        assert!(over, "seed {seed}: the match did not end");
    }
}

#[test]
fn soak_three_hundred_matches() {
    // Two threads share the work.
    let a = std::thread::spawn(|| soak(150, 1_000_000));
    soak(150, 2_000_000);
    a.join().unwrap();
}

#[test]
#[ignore = "long: 100,000 matches; run with cargo test --release -- --ignored"]
fn soak_hundred_thousand_matches() {
    let threads: Vec<_> = (0..4u64)
        .map(|t| std::thread::spawn(move || soak(25_000, 10_000_000 * (t + 1))))
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
