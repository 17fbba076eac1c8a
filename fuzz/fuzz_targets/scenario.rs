//! Scenario loading: any bytes give a scenario or a positioned report, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match spheres::scenario::load_str("fuzz.ron", text) {
            Ok(_) => {}
            Err(report) => {
                let shown = report.to_string();
                assert!(shown.starts_with("fuzz.ron:"));
            }
        }
    }
});
