//! Replays: recorded matches re-simulate to the same final state; tampered,
//! damaged or out-of-date replays fail with a clear message.

use spheres::headless::replay;
use spheres::sim::MatchSettings;
use spheres::sim::replay::write;
use spheres::sim::replay::{replay_of, run_recorded, run_replayed};
use std::path::PathBuf;
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("replay");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn fifty_recorded_matches_replay_to_the_same_state() {
    let loaded = spheres::scenario::summer1939().unwrap();
    let setup = loaded.setup.clone();
    let profiles = [
        "random",
        "pragmatist",
        "hardliner",
        "opportunist",
        "historical",
    ];
    for seed in 1..=50u64 {
        let mut settings = MatchSettings::defaults(&setup, seed);
        let all = format!("all={}", profiles[seed as usize % profiles.len()]);
        spheres::headless::apply_ai(&setup, &mut settings, &[all]).unwrap();
        let (played, record) = run_recorded(setup.clone(), settings.clone());
        let again = run_replayed(setup.clone(), settings.clone(), &record);
        assert_eq!(played.state_hash, again.state_hash, "seed {seed}");
        assert_eq!(played.events, again.events, "seed {seed}");
        // And through the file and the command.
        let path = tmp(&format!("seed{seed}.ron"));
        write(&path, &replay_of(&played, loaded.content_hash, None)).unwrap();
        let (out, code) = replay::command(&path, true).unwrap_or_else(|f| panic!("{f}"));
        assert_eq!(code, 0);
        assert!(out.contains("replay verified"), "{out}");
    }
}

#[test]
fn the_binary_records_and_verifies() {
    let path = tmp("bin.ron");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_spheres"))
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&[
        "match",
        "--seed",
        "9",
        "--replay",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let o = run(&["replay", path.to_str().unwrap(), "--verify"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(v["state_hash"].as_str().unwrap()), "{out}");
    let o = run(&["replay", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Turn 1 — week of 1 June 1939"));
}

#[test]
fn tampered_damaged_and_stale_replays_fail_clearly() {
    let loaded = spheres::scenario::summer1939().unwrap();
    let setup = loaded.setup.clone();
    let (played, _) = run_recorded(setup.clone(), MatchSettings::defaults(&setup, 4));
    let good = replay_of(&played, loaded.content_hash, None);
    let path = tmp("good.ron");
    write(&path, &good).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();

    let sealed = |r: &spheres::sim::replay::Replay| spheres::sim::replay::to_text(r, "x").unwrap();
    let mut forged = good.clone();
    forged.final_hash = "0123456789abcdef".into();
    let mut stale = good.clone();
    stale.scenario_hash = "ffffffffffffffff".into();
    let mut edited = good.clone();
    if let Some(t) = edited.record.iter_mut().find(|t| !t.actions.is_empty()) {
        t.actions.remove(0);
    }
    let mut out_of_range = good.clone();
    if let Some(t) = out_of_range
        .record
        .iter_mut()
        .find(|t| !t.actions.is_empty())
    {
        t.actions[0].actor = spheres::rules::PowerId(200);
    }
    let cases: Vec<(&str, String, &str)> = vec![
        ("forged.ron", sealed(&forged), "does not reproduce"),
        ("stale.ron", sealed(&stale), "scenario has changed"),
        // Edited without a new checksum.
        ("edited.ron", ron::to_string(&edited).unwrap(), "checksum"),
        (
            "one_byte.ron",
            text.replacen("seed: 4", "seed: 5", 1),
            "checksum",
        ),
        ("spaced.ron", text.replacen("(", "( ", 1), "checksum"),
        // Edited with a new checksum: re-simulated, or refused by its ids.
        ("resealed.ron", sealed(&edited), "does not reproduce"),
        ("out_of_range.ron", sealed(&out_of_range), "power #200"),
        (
            "truncated.ron",
            text[..text.len() / 2].to_string(),
            "damaged",
        ),
        (
            "newer.ron",
            text.replacen(
                &format!("version: {}", spheres::sim::replay::REPLAY_VERSION),
                "version: 7",
                1,
            ),
            "newer version",
        ),
        (
            "older.ron",
            text.replacen(
                &format!("version: {}", spheres::sim::replay::REPLAY_VERSION),
                "version: 1",
                1,
            ),
            "older version",
        ),
        ("empty.ron", String::new(), "damaged"),
    ];
    for (name, body, needle) in cases {
        let p = tmp(name);
        std::fs::write(&p, body).unwrap();
        let err = replay::command(&p, true)
            .err()
            .unwrap_or_else(|| panic!("{name} passed"));
        assert_eq!(err.code(), 1, "{name}");
        assert!(err.to_string().contains(needle), "{name}: {err}");
        assert!(
            err.to_string().starts_with(&format!("{}:", p.display())),
            "{}",
            err
        );
    }
}
