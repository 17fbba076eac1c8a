//! Saved games: save → load restores the same state (same state hash), the
//! loaded match plays on exactly as the original, and damaged or newer saves
//! give readable errors.

use bevy::prelude::*;
use spheres::sim::MatchSettings;
use spheres::sim::registry::state_hash;
use spheres::sim::runner::headless_app;
use spheres::sim::save::{self, SaveGame};
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("saves");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn hash(app: &App) -> u64 {
    state_hash(app.world())
}

#[test]
fn save_then_load_restores_the_same_state_and_future() {
    let loaded = spheres::scenario::summer1939().unwrap();
    let setup = loaded.setup;
    let settings = MatchSettings::defaults(&setup, 5);
    let mut original = headless_app(setup.clone(), &settings);
    for _ in 0..4 {
        original.update();
    }
    let path = tmp("roundtrip.ron");
    save::save_to(
        original.world(),
        &path,
        spheres::scenario::SUMMER_1939_NAME,
        spheres::scenario::SUMMER_1939,
    )
    .unwrap();
    let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        left.is_empty(),
        "the temporary file is renamed away: {left:?}"
    );

    let saved = save::read_save(&path).unwrap();
    let (m, state) = saved.restore("roundtrip.ron").unwrap();
    let mut restored = headless_app(setup.clone(), &settings);
    spheres::sim::begin(restored.world_mut(), m, Some(state));
    restored.update(); // the state transition happens and the next turn is played
    original.update();
    assert_eq!(
        hash(&original),
        hash(&restored),
        "the loaded match plays on identically"
    );
    for _ in 0..3 {
        original.update();
        restored.update();
    }
    assert_eq!(hash(&original), hash(&restored));
    let a = original
        .world()
        .resource::<spheres::sim::MatchLog>()
        .0
        .clone();
    let b = restored
        .world()
        .resource::<spheres::sim::MatchLog>()
        .0
        .clone();
    assert_eq!(a, b, "the logs agree too");
}

#[test]
fn save_text_round_trips() {
    let loaded = spheres::scenario::summer1939().unwrap();
    let setup = loaded.setup;
    let mut app = headless_app(setup.clone(), &MatchSettings::defaults(&setup, 9));
    for _ in 0..3 {
        app.update();
    }
    let save = SaveGame::capture(app.world(), "x", spheres::scenario::SUMMER_1939).unwrap();
    let text = save.to_text("x").unwrap();
    let back = SaveGame::from_text("x", &text).unwrap();
    assert_eq!(save, back);
}

#[test]
fn damaged_and_newer_saves_give_readable_errors() {
    let loaded = spheres::scenario::summer1939().unwrap();
    let setup = loaded.setup;
    let mut app = headless_app(setup.clone(), &MatchSettings::defaults(&setup, 2));
    app.update();
    let good = SaveGame::capture(app.world(), "x", spheres::scenario::SUMMER_1939)
        .unwrap()
        .to_text("x")
        .unwrap();
    let current = format!("version: {}", spheres::sim::save::SAVE_VERSION);
    let newer = good.replacen(&current, "version: 99", 1);
    let older = good.replacen(&current, "version: 1", 1);
    let cases = [
        ("truncated.ron", good[..good.len() / 3].to_string()),
        ("newer.ron", newer),
        ("older.ron", older),
        ("garbage.ron", "\u{0}\u{1}not a save".to_string()),
        ("empty.ron", String::new()),
        (
            "wrong_shape.ron",
            good.replacen("sphere: ", "sphere: 250, _was: ", 1),
        ),
    ];
    for (name, text) in cases {
        let path = tmp(name);
        std::fs::write(&path, text).unwrap();
        let err = save::read_save(&path)
            .and_then(|s| s.restore(name).map(|_| ()))
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(": error: "), "{name}: {msg}");
        assert!(!msg.contains("panicked"));
        if name == "newer.ron" {
            assert!(msg.contains("newer version"), "{msg}");
        }
        if name == "older.ron" {
            assert!(msg.contains("made by an older version"), "{msg}");
        }
    }
    let missing = save::read_save(&tmp("does_not_exist.ron")).unwrap_err();
    assert!(
        missing.to_string().contains("cannot read the file"),
        "{missing}"
    );
}
