//! Property tests: invariants that hold after every turn of random matches
//! played through the real ECS app.

use bevy::prelude::*;
use proptest::prelude::*;
use spheres::sim::authority::Control;
use spheres::sim::runner::headless_app;
use spheres::sim::{MatchSettings, MatchState};

fn play_checked(seed: u64, profiles: Vec<usize>) -> Result<(), String> {
    let loaded = spheres::scenario::summer1939().map_err(|r| r.to_string())?;
    let setup = loaded.setup;
    let mut settings = MatchSettings::defaults(&setup, seed);
    for (c, p) in settings.controls.iter_mut().zip(profiles) {
        *c = Control::Ai(p % setup.profiles.len(), spheres::ai::Level::Normal);
    }
    let mut app = headless_app(setup.clone(), &settings);
    for turn in 1..=setup.turns() + 1 {
        app.update();
        spheres::sim::invariants::check(app.world_mut(), turn)?;
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
