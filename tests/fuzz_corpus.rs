//! The fuzz targets' bodies run over their corpus (`fuzz/corpus/`), and
//! over truncations and byte flips of it, so that the targets build with
//! every `cargo test`, what the fuzzer once found stays fixed, and each
//! seed input still reaches the end of its target (a stale corpus fails).

use std::path::Path;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus for {target}");
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Each input, then a few cheap mutations of it: cut short at several
/// places, and with one byte changed at several places.
fn run(target: &str, body: fn(&[u8]) -> bool) {
    for (name, data) in corpus(target) {
        assert!(
            body(&data),
            "{name} is no longer taken whole: the corpus is stale"
        );
        let n = data.len();
        for cut in [n / 7, n / 3, n / 2, n * 5 / 6] {
            body(&data[..cut]);
        }
        for at in [n / 11, n / 5, n / 2, n * 3 / 4] {
            for byte in [b'"', b')', b'9', 0xff] {
                let mut flipped = data.clone();
                if let Some(b) = flipped.get_mut(at) {
                    *b = byte;
                }
                body(&flipped);
            }
        }
        eprintln!("{name}: ok");
    }
}

#[test]
fn scenario_corpus() {
    run("scenario", spheres::fuzzing::scenario);
}

#[test]
fn save_corpus() {
    run("save", spheres::fuzzing::save);
}

#[test]
fn replay_corpus() {
    run("replay", spheres::fuzzing::replay);
}

#[test]
fn bot_protocol_corpus() {
    run("bot_protocol", spheres::fuzzing::bot_protocol);
}

/// Writes the save and replay seeds afresh in the current formats. Run it
/// when a format version changes:
/// `cargo test --test fuzz_corpus -- --ignored refresh`.
#[test]
#[ignore = "rewrites fuzz/corpus; run by hand after a format change"]
fn refresh_save_and_replay_seeds() {
    use spheres::sim::{MatchSettings, runner::headless_app, save};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let setup = spheres::scenario::summer1939().unwrap().setup;
    let settings = MatchSettings::defaults(&setup, 5);
    let mut app = headless_app(setup.clone(), &settings);
    for _ in 0..4 {
        app.update();
    }
    save::save_to(
        app.world(),
        &root.join("save/roundtrip.ron"),
        spheres::scenario::SUMMER_1939_NAME,
        spheres::scenario::SUMMER_1939,
    )
    .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(["match", "--seed", "3", "--replay"])
        .arg(root.join("replay/seed3.ron"))
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}
