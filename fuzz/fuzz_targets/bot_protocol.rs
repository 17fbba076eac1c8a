//! Bot-protocol decoding: any line gives actions, answers or an error.
//! The body is `spheres::fuzzing::bot_protocol`, which `cargo test` also runs
//! over the corpus.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    spheres::fuzzing::bot_protocol(data);
});
