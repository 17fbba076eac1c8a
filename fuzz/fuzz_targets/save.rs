//! Save loading: any text gives an error, or a restored match that then
//! plays a turn; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(save) = spheres::sim::save::SaveGame::from_text("fuzz.ron", text)
        && let Ok((m, resume)) = save.restore("fuzz.ron")
    {
        let mut app = spheres::sim::runner::resumed_app(m, resume);
        app.update();
        app.update();
    }
});
