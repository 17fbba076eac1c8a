//! Bot-protocol decoding: any line gives actions, answers or an error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static VIEW: OnceLock<spheres::rules::WorldView> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let view = VIEW.get_or_init(|| {
        let setup = spheres::scenario::summer1939().map(|l| l.setup).unwrap_or_else(|_| std::process::abort());
        spheres::rules::WorldView::new(setup)
    });
    if let Ok(line) = std::str::from_utf8(data) {
        if let Ok(actions) = spheres::ai::protocol::decode_actions(view, line) {
            let me = spheres::rules::PowerId(1);
            for a in actions.into_iter().flatten() {
                let _ = spheres::rules::action::check(view, me, &a);
            }
        }
        let _ = spheres::ai::protocol::decode_answers(view, line);
    }
});
