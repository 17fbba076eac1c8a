//! Save loading: any text gives a restored match or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(save) = spheres::sim::save::SaveGame::from_text("fuzz.ron", text)
    {
        let _ = save.restore("fuzz.ron");
    }
});
