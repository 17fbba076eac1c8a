//! `spheres replay FILE [--verify]` and writing replays for `match --replay`.

use super::{Failure, output};
use crate::scenario;
use crate::sim::MatchSettings;
use crate::sim::authority::Control;
use crate::sim::replay::{REPLAY_VERSION, Replay, run_replayed};
use std::path::Path;

/// Largest replay file read.
const MAX_REPLAY_BYTES: u64 = 64 * 1024 * 1024;

fn error(path: &Path, line: usize, col: usize, msg: impl std::fmt::Display) -> Failure {
    Failure {
        message: format!("{}:{line}:{col}: error: {msg}", path.display()),
        code: 1,
    }
}

/// Writes a replay atomically.
pub fn write(path: &Path, replay: &Replay) -> Result<(), Failure> {
    let config = ron::ser::PrettyConfig::new().depth_limit(4);
    let text = ron::ser::to_string_pretty(replay, config)
        .map_err(|e| error(path, 1, 1, format!("cannot write the replay: {e}")))?;
    crate::sim::save::write_atomically(path, &text).map_err(|e| Failure {
        message: e.to_string(),
        code: 1,
    })
}

/// Reads and checks a replay file.
pub fn read(path: &Path) -> Result<Replay, Failure> {
    let meta = std::fs::metadata(path)
        .map_err(|e| error(path, 1, 1, format!("cannot read the replay: {e}")))?;
    if meta.is_dir() {
        return Err(error(path, 1, 1, "this is a directory, not a replay"));
    }
    if meta.len() > MAX_REPLAY_BYTES {
        return Err(error(
            path,
            1,
            1,
            format!("the file is larger than {MAX_REPLAY_BYTES} bytes"),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| error(path, 1, 1, format!("cannot read the replay: {e}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| error(path, 1, 1, "the replay is not UTF-8 text"))?;
    #[derive(serde::Deserialize)]
    #[serde(rename = "Replay")]
    struct VersionOnly {
        version: u32,
    }
    let options = ron::Options::default().with_recursion_limit(64);
    if let Ok(v) = options.from_str::<VersionOnly>(&text)
        && v.version > REPLAY_VERSION
    {
        return Err(error(
            path,
            1,
            1,
            format!(
                "recorded by a newer version of Spheres (replay format {}; this build reads up to {REPLAY_VERSION})",
                v.version
            ),
        ));
    }
    options.from_str::<Replay>(&text).map_err(|e| {
        error(
            path,
            e.span.start.line.max(1),
            e.span.start.col.max(1),
            format!(
                "the replay is damaged: {}",
                crate::scenario::syntax::message(&e.code)
            ),
        )
    })
}

/// Reads a replay and checks it against its scenario: the scenario, the
/// settings and the replay itself, ready to re-simulate.
pub fn open(
    path: &Path,
) -> Result<(std::sync::Arc<crate::rules::Setup>, MatchSettings, Replay), Failure> {
    let replay = read(path)?;
    let loaded = match &replay.scenario_path {
        Some(p) => scenario::load_path(Path::new(p)).map_err(|r| {
            error(
                path,
                1,
                1,
                format!(
                    "the replay's scenario {p} does not load:\n{}",
                    r.to_string().trim_end()
                ),
            )
        })?,
        None => scenario::summer1939()?,
    };
    let hash = format!("{:016x}", loaded.content_hash);
    if loaded.setup.id != replay.scenario {
        return Err(error(
            path,
            1,
            1,
            format!(
                "the replay is of scenario `{}`, but the scenario loaded is `{}`",
                replay.scenario, loaded.setup.id
            ),
        ));
    }
    if hash != replay.scenario_hash {
        return Err(error(
            path,
            1,
            1,
            format!(
                "the scenario has changed since this replay was recorded (content hash {} then, {hash} now)",
                replay.scenario_hash
            ),
        ));
    }
    if crate::sim::replay::record_hash(&replay.record) != replay.record_hash {
        return Err(error(
            path,
            1,
            1,
            "the replay's record does not match its checksum: it was edited or damaged",
        ));
    }
    let setup = loaded.setup;
    let n = setup.power_count();
    if replay.profiles.len() != n {
        return Err(error(
            path,
            1,
            1,
            format!(
                "the replay names {} powers; the scenario has {n}",
                replay.profiles.len()
            ),
        ));
    }
    let mut controls = Vec::with_capacity(n);
    for (power, profile) in &replay.profiles {
        if setup.power_id(power).is_none() {
            return Err(error(
                path,
                1,
                1,
                format!("unknown power `{power}` in the replay"),
            ));
        }
        controls.push(Control::parse(&setup, profile).ok_or_else(|| {
            error(
                path,
                1,
                1,
                format!("unknown profile `{profile}` in the replay"),
            )
        })?);
    }
    let settings = MatchSettings {
        bot_timeout: crate::sim::bots::DEFAULT_TIMEOUT,
        seed: replay.seed,
        controls,
        turns: replay.turns.clamp(1, setup.turns()),
    };
    Ok((setup, settings, replay))
}

/// `spheres replay FILE [--verify]`.
pub fn command(path: &Path, verify: bool) -> Result<(String, i32), Failure> {
    let (setup, settings, replay) = open(path)?;
    let result = run_replayed(setup, settings, &replay.record);
    let got = format!("{:016x}", result.state_hash);
    if verify {
        if got != replay.final_hash {
            return Err(error(
                path,
                1,
                1,
                format!(
                    "the replay does not reproduce: it records final state hash {}, re-simulation gives {got}",
                    replay.final_hash
                ),
            ));
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
