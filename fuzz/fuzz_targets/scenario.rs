//! Scenario loading: any bytes give a scenario or a positioned report, never a panic.
//! The body is `spheres::fuzzing::scenario`, which `cargo test` also runs
//! over the corpus.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    spheres::fuzzing::scenario(data);
});
