//! Property tests: scenario → RON → scenario, and save → load, round-trip.

use proptest::prelude::*;
use spheres::scenario::schema::ScenarioFile;
use spheres::sim::save::SaveGame;
use spheres::sim::{MatchSettings, Snapshot};

fn to_ron(file: &ScenarioFile) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    ron::ser::to_string_pretty(file, config).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_round_trip_through_ron(powers in 2usize..40, states in 1usize..50, seed in any::<u64>()) {
        let file = spheres::scenario::generate::generate(powers, states, seed);
        let text = to_ron(&file);
        let back = spheres::scenario::parse("g.ron", &text).map_err(|r| TestCaseError::fail(r.to_string()))?;
        prop_assert_eq!(&back, &file);
        // And it resolves to the same setup either way.
        let a = spheres::scenario::load_str("g.ron", &text).map_err(|r| TestCaseError::fail(r.to_string()))?;
        let b = spheres::scenario::load_str("g.ron", &to_ron(&back)).map_err(|r| TestCaseError::fail(r.to_string()))?;
        prop_assert_eq!(&*a.setup, &*b.setup);
    }

    #[test]
    fn saves_round_trip_at_any_turn(seed in any::<u64>(), turns in 0u32..14) {
        let setup = spheres::scenario::summer1939().unwrap().setup;
        let mut app = spheres::sim::runner::headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed));
        for _ in 0..turns {
            app.update();
        }
        let save = SaveGame::capture(app.world(), "s", spheres::scenario::SUMMER_1939).unwrap();
        let back = SaveGame::from_text("s", &save.to_text("s").map_err(|e| TestCaseError::fail(e.to_string()))?).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &save);
        let (m, resume) = back.restore("s").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut other = spheres::sim::runner::headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed));
        spheres::sim::begin(other.world_mut(), m, Some(resume));
        let hash = |app: &bevy::app::App| {
            let s = app.world().resource::<Snapshot>();
            spheres::sim::runner::state_hash(&s.view, &s.scores)
        };
        prop_assert_eq!(hash(&app), hash(&other));
    }
}

#[test]
fn the_shipped_scenarios_round_trip_through_ron() {
    for path in [
        "scenarios/summer1939.ron",
        "scenarios/polish_question.ron",
        "scenarios/tiny.ron",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        let file = spheres::scenario::parse(path, &text).unwrap();
        let back = spheres::scenario::parse(path, &to_ron(&file)).unwrap();
        assert_eq!(back, file, "{path}");
    }
}
