//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), kept in the
//! library so that they build and run with every `cargo test`: the corpus
//! under `fuzz/corpus/` is replayed by `tests/fuzz_corpus.rs`, and the
//! targets cannot drift from the API they exercise. Each takes any bytes
//! and must neither panic nor hang; each says whether the input was taken
//! all the way (so the tests can tell a stale corpus from a good one).

use crate::rules::{PowerId, Setup, Sketch};
use std::sync::{Arc, OnceLock};

fn summer1939() -> &'static Arc<Setup> {
    static SETUP: OnceLock<Arc<Setup>> = OnceLock::new();
    SETUP.get_or_init(|| match crate::scenario::summer1939() {
        Ok(loaded) => loaded.setup,
        Err(report) => panic!("the built-in scenario does not load: {report}"),
    })
}

/// Scenario loading: any bytes give a scenario or a positioned report.
pub fn scenario(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    match crate::scenario::load_str("fuzz.ron", text) {
        Ok(_) => true,
        Err(report) => {
            let shown = report.to_string();
            assert!(shown.starts_with("fuzz.ron:"), "unplaced report: {shown}");
            false
        }
    }
}

/// Save loading: any text gives an error, or a restored match that then
/// plays two turns.
pub fn save(data: &[u8]) -> bool {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(save) = crate::sim::save::SaveGame::from_text("fuzz.ron", text)
        && let Ok((m, resume)) = save.restore("fuzz.ron")
    {
        let mut app = crate::sim::runner::resumed_app(m, resume);
        app.update();
        app.update();
        return true;
    }
    false
}

/// Replay loading: any text gives an error, or a replay whose record,
/// checked against its scenario, re-simulates. The checksum is recomputed
/// first, so the fuzzer reaches the checks behind it (as a forger would).
pub fn replay(data: &[u8]) -> bool {
    use crate::sim::replay;
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    // Whatever it is, it must not panic as it is...
    let as_is = replay::from_text("fuzz.ron", text).is_ok();
    // ...nor once resealed with a good checksum.
    let Ok(parsed) = ron::Options::default()
        .with_recursion_limit(64)
        .from_str::<replay::Replay>(text)
    else {
        return false;
    };
    let Ok(sealed) = replay::to_text(&parsed, "fuzz.ron") else {
        return false;
    };
    let setup = summer1939();
    if let Ok(parsed) = replay::from_text("fuzz.ron", &sealed)
        && let Ok(settings) = replay::settings_of(setup, &parsed)
    {
        replay::run_replayed(setup.clone(), settings, &parsed.record);
        return as_is;
    }
    false
}

/// Bot-protocol decoding: any line gives actions, answers or an error, and
/// every decoded action can be checked against the rules.
pub fn bot_protocol(data: &[u8]) -> bool {
    static VIEW: OnceLock<Sketch> = OnceLock::new();
    let view = VIEW.get_or_init(|| Sketch::new(summer1939().clone()));
    let Ok(line) = std::str::from_utf8(data) else {
        return false;
    };
    let mut taken = false;
    if let Ok(actions) = crate::ai::protocol::decode_actions(view, line) {
        taken = true;
        for a in actions {
            match a {
                Ok(a) => taken &= crate::rules::action::check(view, PowerId(1), &a).is_ok(),
                Err(_) => taken = false,
            }
        }
    }
    if let Ok(answers) = crate::ai::protocol::decode_answers(view, line) {
        taken = answers.iter().all(|(_, reply)| reply.is_ok());
    }
    taken
}
