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

/// Writes `files` (name, text) into a fresh folder `dir/name`.
fn mod_folder(dir: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let folder = dir.join(name);
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    for (file, text) in files {
        std::fs::write(folder.join(file), text).unwrap();
    }
    folder
}

#[test]
fn a_mod_changes_memory_rules_and_removes_powers_states_and_outcomes() {
    let dir = tmp("removals");
    let good = mod_folder(
        &dir,
        "good",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"m\", title: \"M\", extends: \"summer1939\",\n    remove: [\"outcome:free_hand\", \"power:italy\", \"treaty:anti_comintern\"],\n    memory: {\"insult\": (per_act: -20.0, decay: 0.9, cap: 40.0)},\n)",
        )],
    );
    let base = spheres::scenario::summer1939().unwrap().setup;
    match spheres::scenario::load_path(&good) {
        Ok(loaded) => {
            let setup = &loaded.setup;
            assert!(setup.power_id("italy").is_none());
            assert_eq!(setup.powers.len(), base.powers.len() - 1);
            assert!(setup.outcomes.iter().all(|o| o.label != "free_hand"));
            let insult = spheres::rules::MemoryKind::Insult;
            assert_eq!(setup.model.memory.0[insult.slot()].per_act, -20.0);
            let war = spheres::rules::MemoryKind::War;
            assert_eq!(
                setup.model.memory.0[war.slot()],
                base.model.memory.0[war.slot()]
            );
        }
        // Whatever still names Italy is reported, with the removal as the
        // reason: the test then names it too.
        Err(report) => panic!("{report}"),
    }
    // What still names a removed state is reported where the base writes
    // it, saying the mod removed it; a misspelt memory kind is caught.
    let bad = mod_folder(
        &dir,
        "bad",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"m\", title: \"M\", extends: \"summer1939\",\n    remove: [\"state:finland\", \"power:nobody\"],\n    memory: {\"insullt\": (per_act: -20.0, decay: 0.9, cap: 40.0)},\n)",
        )],
    );
    let report = spheres::scenario::load_path(&bad).unwrap_err().to_string();
    assert!(
        report.contains("unknown memory kind `insullt` (did you mean `insult`?)"),
        "{report}"
    );
    assert!(
        report.contains("`power:nobody` removes nothing"),
        "{report}"
    );
    let naming: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("unknown state `finland`"))
        .collect();
    assert!(!naming.is_empty(), "{report}");
    assert!(
        naming
            .iter()
            .all(|l| l.starts_with("scenarios/summer1939.ron:")
                && l.contains("the mod removes `state:finland`")),
        "{report}"
    );
}

#[test]
fn mods_stack_in_load_order_and_a_circle_is_refused() {
    let dir = tmp("stack");
    let _ = std::fs::remove_dir_all(&dir);
    let romania = dir.join("romania");
    std::fs::create_dir_all(&romania).unwrap();
    for file in ["mod.ron", "map.ron"] {
        std::fs::copy(
            Path::new("examples/mods/romania").join(file),
            romania.join(file),
        )
        .unwrap();
    }
    let on_top = mod_folder(
        &dir,
        "on_top",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"on_top\", title: \"On top\", extends: \"mod:summer1939_romania\",\n    model: {\"temperature\": 6.0}, remove: [\"event:britain_weak\"])",
        )],
    );
    let loaded = spheres::scenario::load_path(&on_top).unwrap_or_else(|r| panic!("{r}"));
    // Romania's mod first (its power and its weight), then this one's.
    assert!(loaded.setup.power_id("romania").is_some());
    assert_eq!(loaded.setup.model.temperature, 6.0);
    assert!(loaded.setup.events.iter().all(|e| e.id != "britain_weak"));
    assert!(
        loaded
            .sources
            .iter()
            .any(|s| s.ends_with("romania/mod.ron"))
    );
    // The map of the mod below is drawn too.
    let map = spheres::scenario::mods::map_overlay(&on_top)
        .unwrap()
        .expect("a map");
    assert!(map.regions.iter().any(|r| r.id == "bessarabia"));
    mod_folder(
        &dir,
        "c1",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"c1\", title: \"C1\", extends: \"mod:c2\")",
        )],
    );
    let c2 = mod_folder(
        &dir,
        "c2",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"c2\", title: \"C2\", extends: \"mod:c1\")",
        )],
    );
    let report = spheres::scenario::load_path(&c2).unwrap_err().to_string();
    assert!(
        report.contains("mods extend each other in a circle: c2 extends c1 extends c2"),
        "{report}"
    );
    let missing = mod_folder(
        &dir,
        "lost",
        &[(
            "mod.ron",
            "Mod(format: 2, id: \"lost\", title: \"L\", extends: \"mod:nowhere\")",
        )],
    );
    let report = spheres::scenario::load_path(&missing)
        .unwrap_err()
        .to_string();
    assert!(
        report.contains("no mod `nowhere` beside this one"),
        "{report}"
    );
}

#[test]
fn a_standalone_scenario_carries_its_own_whole_map() {
    let dir = tmp("standalone");
    let tiny = include_str!("../scenarios/tiny.ron");
    let square = |x: f32| {
        format!(
            "[[({x}, 10.0), ({}, 10.0), ({}, 11.0), ({x}, 11.0)]]",
            x + 1.0,
            x + 1.0
        )
    };
    let map = format!(
        "Map(source: \"drawn by hand\", whole: true, regions: [\n  (id: \"north\", name: \"North\", polygons: {}),\n  (id: \"south\", name: \"South\", polygons: {}),\n])",
        square(100.0),
        square(102.0)
    );
    let folder = mod_folder(
        &dir,
        "islands",
        &[
            ("islands.ron", tiny),
            ("map.ron", &map),
            (
                "mod.ron",
                "Mod(format: 2, id: \"islands\", title: \"Islands\", extends: \"islands.ron\")",
            ),
        ],
    );
    let loaded = spheres::scenario::load_path(&folder).unwrap_or_else(|r| panic!("{r}"));
    // Both states are drawn on the mod's own board: no warning.
    assert!(
        loaded
            .warnings
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("no region")),
        "{}",
        loaded.warnings
    );
    let europe = spheres::scenario::map::europe().unwrap();
    let own = spheres::scenario::mods::map_overlay(&folder)
        .unwrap()
        .unwrap();
    let board = europe.overlay(&own);
    let ids: Vec<&str> = board.regions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["north", "south"],
        "the game's map is not drawn under it"
    );
}

#[test]
fn the_modding_guide_lists_every_log_event_kind() {
    let guide = std::fs::read_to_string("docs/modding.md").unwrap();
    for kind in spheres::rules::EventKind::ALL {
        assert!(
            guide.contains(&format!("| `{}` |", kind.name())),
            "docs/modding.md does not list `{}`",
            kind.name()
        );
    }
}

#[test]
fn the_sample_standalone_scenario_validates_plays_and_draws_its_own_board() {
    let folder = Path::new("examples/mods/islands");
    let loaded = spheres::scenario::load_path(folder).unwrap_or_else(|r| panic!("{r}"));
    assert!(
        loaded.warnings.diagnostics.is_empty(),
        "{}",
        loaded.warnings
    );
    let setup = loaded.setup.clone();
    assert_eq!(setup.id, "islands");
    let r = spheres::sim::run_match(
        setup.clone(),
        spheres::sim::MatchSettings::defaults(&setup, 1),
    );
    assert!(!r.outcome.is_empty());
    let board = spheres::scenario::map::europe().unwrap().overlay(
        &spheres::scenario::mods::map_overlay(folder)
            .unwrap()
            .expect("its map"),
    );
    for id in ["aurelia", "borea", "coralia", "north_isle", "south_isle"] {
        assert!(board.regions.iter().any(|r| r.id == id), "{id}");
    }
    assert!(
        board.regions.iter().all(|r| r.id != "germany"),
        "Europe is not drawn"
    );
}

#[test]
fn a_mod_may_be_written_in_json() {
    let dir = tmp("json_mod");
    let json = r#"{
  "$schema": "spheres-mod.schema.json",
  "format": 2,
  "id": "json_mod",
  "title": "A mod in JSON",
  "extends": "summer1939",
  "model": {"temperature": 6.0},
  "memory": {"insult": {"per_act": -20.0, "decay": 0.9, "cap": 40.0}},
  "remove": ["outcome:free_hand"],
  "events": [{"id": "late_note", "date": "1939-08-20", "title": "A late note",
              "effects": [{"Memory": {"of": "ussr", "toward": "germany", "kind": "standing", "value": 2.0}}],
              "only_if": {"Not": "AnyWar"}}]
}"#;
    let folder = mod_folder(&dir, "good", &[("mod.json", json)]);
    let loaded = spheres::scenario::load_path(&folder).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(loaded.setup.model.temperature, 6.0);
    assert!(loaded.setup.events.iter().any(|e| e.id == "late_note"));
    // Its mistakes are reported like a RON mod's, all in one run.
    let bad = json
        .replace("\"temperature\": 6.0", "\"temperature\": \"hot\"")
        .replace("\"kind\": \"standing\"", "\"kind\": \"standng\"");
    let folder = mod_folder(&dir, "bad", &[("mod.json", &bad)]);
    let report = spheres::scenario::load_path(&folder)
        .unwrap_err()
        .to_string();
    assert!(
        report.contains("mod.json:7:28: error: `temperature`: expected a number"),
        "{report}"
    );
    assert!(report.contains("`standng` is not"), "{report}");
}
