//! Replays: a recorded match as a file. A replay (RON, versioned) holds
//! every turn's inputs ([`super::record`]), names the scenario and its
//! content hash, so a changed scenario is detected, and carries a checksum
//! of the whole file; re-simulating it feeds the inputs back instead of
//! asking the AIs, so even matches played by humans or external bots
//! reproduce.

use super::record::{Recorder, ReplayFeed, TurnRecord};
use super::runner::{self, MatchResult, MatchSettings};
use crate::ai::Reply;
use crate::rules::Setup;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The replay format this build writes and reads.
pub const REPLAY_VERSION: u32 = 3;

/// A replay file (RON). Its last field, `checksum`, is FNV-1a (64-bit) of
/// the whole file's bytes with the checksum's own 16 hex digits written as
/// zeros: any edited byte shows. It guards against damage and casual
/// edits; it is not a signature (anyone can recompute it), which is why
/// everything in a replay is also checked against its scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    pub version: u32,
    /// The scenario's id.
    pub scenario: String,
    /// FNV-1a of the scenario file's bytes, in hex.
    pub scenario_hash: String,
    /// The scenario file (or mod folder) the match was played from,
    /// relative to the replay's own folder (none: the embedded one).
    pub scenario_path: Option<String>,
    pub seed: u64,
    pub turns: u32,
    /// (power, profile or `human`), in scenario order.
    pub profiles: Vec<(String, String)>,
    /// Every turn's inputs, in order.
    pub record: Vec<TurnRecord>,
    /// The final state hash, in hex.
    pub final_hash: String,
    /// See the type's documentation.
    #[serde(default)]
    pub checksum: String,
}

/// Largest replay file read.
pub const MAX_REPLAY_BYTES: u64 = 64 * 1024 * 1024;

/// Why a replay could not be written, read or re-simulated.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("{0}")]
    File(#[from] crate::files::FileError),
    #[error("{path}:{line}:{col}: error: the replay is damaged: {message}")]
    Damaged {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{path}:1:1: error: recorded by a newer version of Spheres (replay format {found}; this build reads format {REPLAY_VERSION})"
    )]
    Newer { path: String, found: u32 },
    #[error(
        "{path}:1:1: error: recorded by an older version of Spheres (replay format {found}; this build reads format {REPLAY_VERSION}); record the match again with `spheres match --replay`"
    )]
    Older { path: String, found: u32 },
    #[error("{path}:1:1: error: the replay does not match its checksum: it was edited or damaged")]
    Checksum { path: String },
    #[error("{path}:1:1: error: the replay's scenario {scenario} does not load:\n{report}")]
    Scenario {
        path: String,
        scenario: String,
        report: String,
    },
    #[error("{path}:1:1: error: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}: cannot write the replay: {message}")]
    Serialize { path: String, message: String },
}

/// The placeholder the checksum is computed over.
const ZEROS: &str = "0000000000000000";
const CHECKSUM_FIELD: &str = "checksum: \"";

/// The checksum of a replay's text, and where its digits are, if the text
/// has a checksum field.
fn checksum_of(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let at = text.rfind(CHECKSUM_FIELD)? + CHECKSUM_FIELD.len();
    let digits = text.get(at..at + 16)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) || text.get(at + 16..at + 17) != Some("\"") {
        return None;
    }
    let mut sealed = text.as_bytes().to_vec();
    sealed[at..at + 16].copy_from_slice(ZEROS.as_bytes());
    Some((
        format!("{:016x}", crate::scenario::fnv1a(&sealed)),
        at..at + 16,
    ))
}

/// The text of a replay, sealed with its checksum.
pub fn to_text(replay: &Replay, path: &str) -> Result<String, ReplayError> {
    let sealed = Replay {
        checksum: ZEROS.to_string(),
        ..replay.clone()
    };
    let config = ron::ser::PrettyConfig::new().depth_limit(4);
    let mut text =
        ron::ser::to_string_pretty(&sealed, config).map_err(|e| ReplayError::Serialize {
            path: path.to_string(),
            message: e.to_string(),
        })?;
    let (sum, at) = checksum_of(&text).ok_or_else(|| ReplayError::Serialize {
        path: path.to_string(),
        message: "the checksum field is missing".into(),
    })?;
    text.replace_range(at, &sum);
    Ok(text)
}

/// Reads a replay's text: the version first (a newer or older replay is
/// named as such), then the checksum over the whole text, then the rest.
pub fn from_text(path: &str, text: &str) -> Result<Replay, ReplayError> {
    #[derive(Deserialize)]
    #[serde(rename = "Replay")]
    struct VersionOnly {
        version: u32,
    }
    let options = ron::Options::default().with_recursion_limit(64);
    if let Ok(v) = options.from_str::<VersionOnly>(text) {
        if v.version > REPLAY_VERSION {
            return Err(ReplayError::Newer {
                path: path.into(),
                found: v.version,
            });
        }
        if v.version < REPLAY_VERSION {
            return Err(ReplayError::Older {
                path: path.into(),
                found: v.version,
            });
        }
    }
    let replay = options
        .from_str::<Replay>(text)
        .map_err(|e| ReplayError::Damaged {
            path: path.into(),
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            message: crate::scenario::syntax::message(&e.code),
        })?;
    match checksum_of(text) {
        Some((sum, _)) if sum == replay.checksum => Ok(replay),
        _ => Err(ReplayError::Checksum { path: path.into() }),
    }
}

/// Writes a replay atomically.
pub fn write(path: &std::path::Path, replay: &Replay) -> Result<(), ReplayError> {
    let text = to_text(replay, &path.display().to_string())?;
    crate::files::write_atomically(path, text.as_bytes())?;
    Ok(())
}

/// Reads a replay file (a regular file of at most [`MAX_REPLAY_BYTES`]).
pub fn read(path: &std::path::Path) -> Result<Replay, ReplayError> {
    let text = crate::files::read_text(path, MAX_REPLAY_BYTES)?;
    from_text(&path.display().to_string(), &text)
}

/// The scenario path to write in a replay at `replay_path`: relative to the
/// replay's folder where both are on one tree, else absolute.
pub fn scenario_path_for(
    scenario: &std::path::Path,
    replay_path: &std::path::Path,
) -> Option<String> {
    let scenario = scenario.canonicalize().ok()?;
    let folder = match replay_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let folder = folder.canonicalize().ok()?;
    let (s, f): (Vec<_>, Vec<_>) = (
        scenario.components().collect(),
        folder.components().collect(),
    );
    let common = s.iter().zip(&f).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return Some(scenario.display().to_string());
    }
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        s[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(parts.join("/"))
}

/// Where a replay's scenario is: its recorded path taken relative to the
/// replay's own folder (an absolute path is kept).
pub fn scenario_location(replay_path: &std::path::Path, recorded: &str) -> std::path::PathBuf {
    let recorded = std::path::Path::new(recorded);
    if recorded.is_absolute() {
        return recorded.to_path_buf();
    }
    let folder = match replay_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    folder.canonicalize().unwrap_or(folder).join(recorded)
}

/// A replay opened and checked against its scenario, ready to re-simulate.
pub struct Opened {
    pub setup: Arc<Setup>,
    pub settings: MatchSettings,
    pub replay: Replay,
    /// The scenario's name and text (for the desktop's session).
    pub scenario_name: String,
    pub scenario_text: String,
}

/// Reads a replay and checks it whole against its scenario: the scenario
/// and its content hash, the powers and profiles, and every id, turn, day
/// and probability of the record.
pub fn open(path: &std::path::Path) -> Result<Opened, ReplayError> {
    let shown = path.display().to_string();
    let invalid = |message: String| ReplayError::Invalid {
        path: shown.clone(),
        message,
    };
    let replay = read(path)?;
    let (loaded, scenario_name) = match &replay.scenario_path {
        Some(p) => {
            let at = scenario_location(path, p);
            let loaded = crate::scenario::load_path(&at).map_err(|r| ReplayError::Scenario {
                path: shown.clone(),
                scenario: at.display().to_string(),
                report: r.to_string().trim_end().to_string(),
            })?;
            (loaded, at.display().to_string())
        }
        None => (
            crate::scenario::summer1939().map_err(|r| ReplayError::Scenario {
                path: shown.clone(),
                scenario: crate::scenario::SUMMER_1939_NAME.into(),
                report: r.to_string(),
            })?,
            crate::scenario::SUMMER_1939_NAME.to_string(),
        ),
    };
    if loaded.setup.id != replay.scenario {
        return Err(invalid(format!(
            "the replay is of scenario `{}`, but the scenario loaded is `{}`",
            crate::rules::text::terminal_safe(&replay.scenario),
            loaded.setup.id
        )));
    }
    let hash = format!("{:016x}", loaded.content_hash);
    if hash != replay.scenario_hash {
        return Err(invalid(format!(
            "the scenario has changed since this replay was recorded (content hash {} then, {hash} now)",
            crate::rules::text::terminal_safe(&replay.scenario_hash)
        )));
    }
    let setup = loaded.setup.clone();
    let settings = settings_of(&setup, &replay).map_err(invalid)?;
    Ok(Opened {
        setup,
        settings,
        replay,
        scenario_name,
        scenario_text: loaded.text,
    })
}

/// Checks a replay's record whole against its scenario (powers and
/// profiles in order, every turn, id, day and probability); the settings
/// to re-simulate it with.
pub fn settings_of(setup: &Setup, replay: &Replay) -> Result<MatchSettings, String> {
    use super::authority::Control;
    use crate::rules::check::Bounds;
    use crate::rules::text::terminal_safe;
    let turns = setup.turns();
    if !(1..=turns).contains(&replay.turns) {
        return Err(format!(
            "the replay plays {} turns; the scenario has 1 to {turns}",
            replay.turns
        ));
    }
    let n = setup.power_count();
    if replay.profiles.len() != n {
        return Err(format!(
            "the replay names {} powers; the scenario has {n}",
            replay.profiles.len()
        ));
    }
    let mut controls = Vec::with_capacity(n);
    for (i, (power, profile)) in replay.profiles.iter().enumerate() {
        if setup.powers[i].id != *power {
            return Err(format!(
                "power {} of the replay is `{}`; the scenario's is `{}`",
                i + 1,
                terminal_safe(power),
                setup.powers[i].id
            ));
        }
        // A bot is named, never run: a replay feeds back what it did.
        controls.push(Control::parse(setup, profile).ok_or_else(|| {
            format!("unknown profile `{}` in the replay", terminal_safe(profile))
        })?);
    }
    let b = Bounds::of(setup);
    let mut last = 0;
    for t in &replay.record {
        if t.turn <= last || t.turn > replay.turns {
            return Err(format!(
                "the record's turn {} is out of order or beyond the {} played",
                t.turn, replay.turns
            ));
        }
        last = t.turn;
        for (i, s) in t.actions.iter().enumerate() {
            b.submission(s)
                .map_err(|e| format!("turn {}, action {}: {e}", t.turn, i + 1))?;
        }
        for (i, a) in t.answers.iter().enumerate() {
            let at = |e: String| format!("turn {}, answer {}: {e}", t.turn, i + 1);
            b.proposal(a.proposal).map_err(at)?;
            b.day(a.day).map_err(at)?;
            if let Some(p) = a.probability {
                b.probability(p).map_err(at)?;
            }
            for l in &a.objectors {
                b.leader(*l).map_err(at)?;
            }
            if let Reply::Counter(clauses) = &a.reply {
                b.clauses(clauses).map_err(at)?;
            }
        }
    }
    Ok(MatchSettings {
        bot_timeout: super::bots::DEFAULT_TIMEOUT,
        seed: replay.seed,
        controls,
        turns: replay.turns,
    })
}

/// Plays a match and records its inputs.
pub fn run_recorded(setup: Arc<Setup>, settings: MatchSettings) -> (MatchResult, Vec<TurnRecord>) {
    let mut app = runner::headless_app(setup.clone(), &settings);
    app.insert_resource(Recorder::default());
    let result = runner::play_out(app, setup, settings);
    let turns = result.record.clone();
    (result, turns)
}

/// Re-simulates a match from its recorded inputs.
pub fn run_replayed(
    setup: Arc<Setup>,
    settings: MatchSettings,
    record: &[TurnRecord],
) -> MatchResult {
    let mut app = runner::headless_app(setup.clone(), &settings);
    app.insert_resource(ReplayFeed {
        turns: record.iter().map(|t| (t.turn, t.clone())).collect(),
    });
    runner::play_out(app, setup, settings)
}

/// Builds a replay from a recorded match.
pub fn replay_of(
    result: &MatchResult,
    scenario_hash: u64,
    scenario_path: Option<String>,
) -> Replay {
    let setup = &result.setup;
    Replay {
        version: REPLAY_VERSION,
        scenario: setup.id.clone(),
        scenario_hash: format!("{scenario_hash:016x}"),
        scenario_path,
        seed: result.settings.seed,
        turns: result.settings.turns,
        profiles: setup
            .powers
            .iter()
            .zip(&result.settings.controls)
            .map(|(p, c)| (p.id.clone(), c.name(setup)))
            .collect(),
        record: result.record.clone(),
        final_hash: format!("{:016x}", result.state_hash),
        checksum: String::new(),
    }
}
