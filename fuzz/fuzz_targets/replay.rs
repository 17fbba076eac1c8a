//! Replay loading: any text gives an error, or a replay whose record,
//! checked against its scenario, re-simulates; never a panic. The
//! checksum is recomputed first, so the fuzzer reaches the checks behind
//! it (as a forger would).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static SETUP: OnceLock<std::sync::Arc<spheres::rules::Setup>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let setup = SETUP.get_or_init(|| {
        spheres::scenario::summer1939()
            .map(|l| l.setup)
            .unwrap_or_else(|_| std::process::abort())
    });
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Whatever it is, it must not panic as it is...
    let _ = spheres::sim::replay::from_text("fuzz.ron", text);
    // ...nor once resealed with a good checksum.
    let Ok(replay) = ron::Options::default()
        .with_recursion_limit(64)
        .from_str::<spheres::sim::replay::Replay>(text)
    else {
        return;
    };
    let Ok(sealed) = spheres::sim::replay::to_text(&replay, "fuzz.ron") else {
        return;
    };
    if let Ok(replay) = spheres::sim::replay::from_text("fuzz.ron", &sealed)
        && let Ok(settings) = spheres::sim::replay::settings_of(setup, &replay)
    {
        let _ = spheres::sim::replay::run_replayed(setup.clone(), settings, &replay.record);
    }
});
