//! Replay loading: any text gives an error or a replay that re-simulates.
//! The body is `spheres::fuzzing::replay`, which `cargo test` also runs
//! over the corpus.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    spheres::fuzzing::replay(data);
});
