//! Mods: a folder whose mod.ron extends a scenario without copying it.

use std::path::{Path, PathBuf};

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("mods")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_sample_mod_extends_summer_1939_and_plays() {
    let loaded = spheres::scenario::load_path(Path::new("examples/mods/romania"))
        .unwrap_or_else(|r| panic!("{r}"));
    let setup = &loaded.setup;
    assert_eq!(setup.id, "summer1939_romania");
    assert_eq!(setup.powers.len(), 13, "one power added");
    assert!(setup.state_id("romania").is_some());
    assert!(setup.power_id("germany").is_some(), "the base is kept");
    assert_eq!(setup.model.temperature, 5.0, "a weight changed");
    assert_eq!(
        setup.outcomes[0].label, "romania_lost",
        "the mod's outcome rules come first"
    );
    let r = spheres::sim::run_match(
        setup.clone(),
        spheres::sim::MatchSettings::defaults(setup, 3),
    );
    assert!(
        r.events
            .iter()
            .any(|e| e.summary.contains("Bucharest seeks a guarantee"))
    );
    // The merged text is a whole scenario that loads by itself.
    assert!(spheres::scenario::load_str("merged.ron", &loaded.text).is_ok());
}

#[test]
fn a_broken_mod_gets_every_error_in_its_own_file() {
    let dir = tmp("broken");
    std::fs::write(
        dir.join("mod.ron"),
        "Mod(\n    id: \"broken\",\n    title: \"Broken\",\n    extends: \"summer1939\",\n    model: {\"temprature\": 5.0},\n    states: [\n        (id: \"moldova\", name: \"Moldova\", controller: \"ussr\", sphere: \"rusia\", value: 3.0),\n    ],\n    events: [(id: \"late\", date: \"1941-01-01\", title: \"Too late\")],\n    remove: [\"event:no_such_event\"],\n    objectives: [(id: \"o\", power: \"ussr\", description: \"x\", points: 1.0, when: Always),\n        (id: \"o\", power: \"ussr\", description: \"y\", points: 1.0, when: Always)],\n    titel: \"misspelt\",\n)\n",
    )
    .unwrap();
    let report = spheres::scenario::load_path(&dir).unwrap_err();
    let text = report.to_string();
    let file = dir.join("mod.ron").display().to_string();
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 6, "{text}");
    assert!(errors.iter().all(|e| e.starts_with(&file)), "{text}");
    assert!(
        text.contains(&format!("{file}:5:")) && text.contains("unknown weight `temprature`"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{file}:7:")) && text.contains("unknown power `rusia`"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{file}:9:")) && text.contains("outside the scenario"),
        "{text}"
    );
    assert!(text.contains("removes nothing"), "{text}");
    assert!(
        text.contains(&format!("{file}:12:"))
            && text.contains("duplicate id `o` in the mod's `objectives`"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{file}:13:"))
            && text.contains("unknown field `titel` in the mod (did you mean `title`?)"),
        "{text}"
    );
    // In reading order.
    let lines: Vec<usize> = errors
        .iter()
        .map(|e| {
            e[file.len() + 1..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{text}");
}

#[test]
fn a_mod_cannot_reach_outside_its_folder_but_may_extend_a_file_in_it() {
    let dir = tmp("escape");
    std::fs::write(
        dir.join("mod.ron"),
        "Mod(id: \"esc\", title: \"x\", extends: \"../../../scenarios/summer1939.ron\")",
    )
    .unwrap();
    let text = spheres::scenario::load_path(&dir).unwrap_err().to_string();
    assert!(
        text.contains("not a scenario file inside the mod's folder"),
        "{text}"
    );

    let dir = tmp("local_base");
    std::fs::write(dir.join("base.ron"), include_str!("../scenarios/tiny.ron")).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        "Mod(id: \"tiny_plus\", title: \"Tiny plus\", extends: \"base.ron\",\n     states: [(id: \"east\", name: \"East\", controller: \"gamma\", sphere: \"gamma\", value: 3.0)])",
    )
    .unwrap();
    let loaded = spheres::scenario::load_path(&dir).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(loaded.setup.states.len(), 3);
}

#[test]
fn validate_takes_mod_folders() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(["validate", "examples/mods/romania"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("examples/mods/romania: ok"));
}

#[test]
fn a_mods_map_is_checked_with_it() {
    // The sample mod's map.ron draws its new state: no warning about it.
    let loaded = spheres::scenario::load_path(Path::new("examples/mods/romania"))
        .unwrap_or_else(|r| panic!("{r}"));
    assert!(
        loaded.warnings.diagnostics.is_empty(),
        "{}",
        loaded.warnings
    );
    // Without it the state is not drawn, and validate says so.
    let dir = tmp("no_map");
    std::fs::copy("examples/mods/romania/mod.ron", dir.join("mod.ron")).unwrap();
    let loaded = spheres::scenario::load_path(&dir).unwrap_or_else(|r| panic!("{r}"));
    assert!(
        loaded
            .warnings
            .to_string()
            .contains("state `bessarabia` has no region on the map"),
        "{}",
        loaded.warnings
    );
    // A broken map is an error positioned in the map file.
    let dir = tmp("broken_map");
    std::fs::copy("examples/mods/romania/mod.ron", dir.join("mod.ron")).unwrap();
    std::fs::write(
        dir.join("map.ron"),
        "Map(\n  source: \"x\",\n  regions: [(id: \"bessarabia\", name: \"B\", polygons: [[(28.0, 46.0), (29.0, 47.0)]])],\n)\n",
    )
    .unwrap();
    let report = spheres::scenario::load_path(&dir).unwrap_err().to_string();
    let map = dir.join("map.ron").display().to_string();
    assert!(
        report.contains(&format!("{map}:3:"))
            && report.contains("an outline needs at least 3 points"),
        "{report}"
    );
}

/// A mod may extend any built-in scenario by its id, not only Summer 1939.
#[test]
fn a_mod_extends_the_polish_question_by_its_id() {
    let dir = tmp("on_polish_question");
    let text = std::fs::read_to_string("examples/mods/romania/mod.ron")
        .unwrap()
        .replace("extends: \"summer1939\"", "extends: \"polish_question\"");
    std::fs::write(dir.join("mod.ron"), text).unwrap();
    let loaded = spheres::scenario::load_path(&dir).unwrap_or_else(|r| panic!("{r}"));
    let base = spheres::scenario::load_str(
        spheres::scenario::POLISH_QUESTION_NAME,
        spheres::scenario::POLISH_QUESTION,
    )
    .unwrap();
    assert_eq!(
        loaded.setup.calendar, base.setup.calendar,
        "the polish question's summer"
    );
    assert!(
        loaded.setup.state_id("romania").is_some(),
        "the mod's state"
    );
    let bad = tmp("on_nothing");
    std::fs::write(
        bad.join("mod.ron"),
        std::fs::read_to_string("examples/mods/romania/mod.ron")
            .unwrap()
            .replace("extends: \"summer1939\"", "extends: \"winter1940\""),
    )
    .unwrap();
    let r = spheres::scenario::load_path(&bad).unwrap_err().to_string();
    assert!(r.contains("polish_question"), "{r}");
}

/// A scripted event may be conditional: with `only_if`, it happens only if
/// the condition holds when its turn begins.
#[test]
fn a_scripted_event_happens_only_if_its_condition_holds() {
    let text = spheres::scenario::SUMMER_1939.replace(
        "    events: [\n",
        "    events: [\n        (id: \"only_if_yes\", date: \"1939-06-01\", title: \"Yes\", only_if: Some(InSphere(state: \"ukraine\", power: \"germany\"))),\n        (id: \"only_if_no\", date: \"1939-06-01\", title: \"No\", only_if: Some(InSphere(state: \"ukraine\", power: \"ussr\"))),\n",
    );
    let loaded =
        spheres::scenario::load_str("conditional.ron", &text).unwrap_or_else(|r| panic!("{r}"));
    let r = spheres::sim::run_match(
        loaded.setup.clone(),
        spheres::sim::MatchSettings::defaults(&loaded.setup, 1),
    );
    let fired = |id: &str| r.events.iter().any(|e| e.scripted.as_deref() == Some(id));
    assert!(fired("only_if_yes"));
    assert!(!fired("only_if_no"));
    assert!(fired("talks_open"), "an event without a condition");
    // A wrong condition is a positioned error, like a plan's.
    let bad = text.replace(
        "InSphere(state: \"ukraine\", power: \"ussr\")",
        "InSphere(state: \"ukrane\", power: \"ussr\")",
    );
    let report = spheres::scenario::load_str("bad.ron", &bad)
        .unwrap_err()
        .to_string();
    assert!(
        report.contains("ukrane") && report.contains("did you mean"),
        "{report}"
    );
}

/// A mod says who made it, its version and the game versions it was made
/// for: the menu shows them, and `validate` warns about another game.
#[test]
fn a_mods_metadata_is_shown_and_its_game_versions_checked() {
    let about = spheres::scenario::mods::about(Path::new("examples/mods/romania")).unwrap();
    assert_eq!(about, "by The Spheres team · version 1.0 · for Spheres 0.1");
    let dir = tmp("old_game");
    let text = std::fs::read_to_string("examples/mods/romania/mod.ron")
        .unwrap()
        .replace("game_versions: [\"0.1\"]", "game_versions: [\"0.9\"]");
    std::fs::write(dir.join("mod.ron"), text).unwrap();
    let loaded = spheres::scenario::load_path(&dir).unwrap_or_else(|r| panic!("{r}"));
    let warnings = loaded.warnings.to_string();
    assert!(
        warnings.contains("made for Spheres 0.9; this game is"),
        "{warnings}"
    );
    assert!(
        spheres::scenario::mods::about(&dir)
            .unwrap()
            .contains("(this is ")
    );
}

#[test]
fn a_mod_and_its_map_get_mistakes_of_every_kind_in_one_run() {
    let dir = tmp("many_kinds");
    for file in ["mod.ron", "map.ron"] {
        std::fs::copy(
            Path::new("examples/mods/romania").join(file),
            dir.join(file),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(dir.join("mod.ron")).unwrap();
    let text = text
        .replacen("strength: 12.0", "strength: \"twelve\"", 1)
        .replacen("value: 6.0,", "valeu: 6.0,", 1)
        .replacen("default_profile: \"minor\",", "", 1);
    std::fs::write(dir.join("mod.ron"), text).unwrap();
    let map = std::fs::read_to_string(dir.join("map.ron")).unwrap();
    std::fs::write(dir.join("map.ron"), map.replacen("id:", "idd:", 1)).unwrap();
    let report = spheres::scenario::load_path(&dir).unwrap_err().to_string();
    for expected in [
        "error: missing field `default_profile` in a power",
        "error: `strength`: expected a number, found the text `\"twelve\"`",
        "error: missing field `value` in a state",
        "error: unknown field `valeu` in a state (did you mean `value`?)",
        "map.ron:8:10: error: unknown field `idd` in a map region (did you mean `id`?)",
    ] {
        assert!(report.contains(expected), "{expected}\n{report}");
    }
    // Nothing is reported about the stand-ins read in their place.
    assert!(!report.contains("unknown profile"), "{report}");
}
