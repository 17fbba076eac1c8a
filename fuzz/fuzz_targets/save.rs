//! Save loading: any text gives an error or a match that plays on.
//! The body is `spheres::fuzzing::save`, which `cargo test` also runs
//! over the corpus.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    spheres::fuzzing::save(data);
});
