//! `spheres replay FILE [--verify]`: a replay's timeline, or its
//! re-simulation checked against the final state it records. Reading,
//! checking and writing replays lives in [`crate::sim::replay`].

use super::{Failure, output};
use crate::sim::replay::{Opened, open, run_replayed};
use std::path::Path;

/// `spheres replay FILE [--verify]`.
pub fn command(path: &Path, verify: bool) -> Result<(String, i32), Failure> {
    let Opened {
        setup,
        settings,
        replay,
        ..
    } = open(path)?;
    let result = run_replayed(setup, settings, &replay.record);
    let got = format!("{:016x}", result.state_hash);
    if verify {
        if got != replay.final_hash {
            return Err(Failure::failed(format!(
                "{}:1:1: error: the replay does not reproduce: it records final state hash {}, re-simulation gives {got}",
                path.display(),
                crate::rules::text::terminal_safe(&replay.final_hash)
            )));
        }
        let actions: usize = replay
            .record
            .iter()
            .map(|t| t.actions.len() + t.answers.len())
            .sum();
        return Ok((
            format!(
                "{}: replay verified: {} turns, {actions} actions and answers, final state hash {got}\n",
                path.display(),
                replay.turns
            ),
            0,
        ));
    }
    Ok((output::text(&result), 0))
}
