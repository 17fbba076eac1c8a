//! Property tests: scenario → RON → scenario, and save → load, round-trip.

use proptest::prelude::*;
use spheres::scenario::schema::ScenarioFile;
use spheres::sim::MatchSettings;
use spheres::sim::registry::{SavedWorld, state_hash};
use spheres::sim::save::SaveGame;

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
        let (m, state) = back.restore("s").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut other = spheres::sim::runner::headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed));
        spheres::sim::begin(other.world_mut(), m, Some(state));
        prop_assert_eq!(state_hash(app.world()), state_hash(other.world()));
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

/// Every leaf of a JSON value, by path.
fn leaves(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                leaves(x, format!("{path}/{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{path}/{i}"), out);
            }
        }
        _ => out.push(path),
    }
}

/// The same value, changed slightly.
fn nudge(v: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value;
    match v {
        Value::Bool(b) => Some(Value::Bool(!b)),
        Value::Number(n) if n.is_u64() => Some(Value::from(n.as_u64()? ^ 1)),
        Value::Number(n) if n.is_i64() => Some(Value::from(n.as_i64()? ^ 1)),
        Value::Number(n) => Some(Value::from(n.as_f64()? + 0.5)),
        Value::String(s) => Some(Value::String(format!("{s}x"))),
        Value::Null => None,
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// The hash covers every registered field of every entity and resource:
    /// change any one (that still reads back) and the hash changes.
    #[test]
    fn every_registered_field_changes_the_state_hash(seed in any::<u64>(), turns in 1u32..8) {
        let setup = spheres::scenario::summer1939().unwrap().setup;
        let mut app = spheres::sim::runner::headless_app(setup.clone(), &MatchSettings::defaults(&setup, seed));
        for _ in 0..turns {
            app.update();
        }
        let world = SavedWorld::capture(app.world()).unwrap();
        let hash = spheres::sim::hash::hash_of(&world);
        prop_assert_eq!(hash, state_hash(app.world()));
        let json = serde_json::to_value(&world).unwrap();
        let mut paths = Vec::new();
        leaves(&json, String::new(), &mut paths);
        prop_assert!(paths.len() > 1000, "{} fields", paths.len());
        let mut changed = 0;
        for path in &paths {
            let mut edited = json.clone();
            let Some(slot) = edited.pointer_mut(path) else { continue };
            let Some(new) = nudge(slot) else { continue };
            *slot = new;
            // Edits that no longer read back (an unknown variant name) are
            // not states at all.
            let Ok(back) = serde_json::from_value::<SavedWorld>(edited) else { continue };
            if back == world {
                continue;
            }
            changed += 1;
            prop_assert_ne!(spheres::sim::hash::hash_of(&back), hash, "changing {} left the hash alone", path);
        }
        prop_assert!(changed * 2 > paths.len(), "only {changed} of {} fields could be changed", paths.len());
    }
}
