//! Saved games: the whole state of a match — the registered components
//! and resources ([`SavedWorld`], from [`super::registry`]) — with the
//! scenario text it was started from (so a save survives edits to the
//! scenario file), versioned, checked whole before it is restored, and
//! written atomically (see [`crate::files`]).

use super::authority::Control;
use super::components::Match;
use super::registry::SavedWorld;
use crate::scenario;
use bevy::prelude::World;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The save format this build writes…
pub const SAVE_VERSION: u32 = 4;
/// …and the oldest it reads (3 had no queued orders).
pub const OLDEST_SAVE_VERSION: u32 = 3;
/// Largest save file read.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a save could not be written or read.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("{0}")]
    File(#[from] crate::files::FileError),
    #[error("{path}: cannot create the folder for saves: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the save: {message}")]
    Serialize { path: String, message: String },
    #[error("{path}:{line}:{col}: error: the save is damaged ({message})")]
    Corrupt {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{path}:1:1: error: saved by a newer version of Spheres (save format {found}; this build reads up to {supported}); update the game to load it"
    )]
    Newer {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error(
        "{path}:1:1: error: made by an older version of Spheres (save format {found}; this build reads format {supported}); it cannot be loaded — start the match again"
    )]
    Older {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("{path}:1:1: error: the save's scenario no longer loads:\n{report}")]
    Scenario { path: String, report: String },
    #[error("{path}:1:1: error: the save does not fit its scenario ({why})")]
    Mismatch { path: String, why: String },
}

/// A saved game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveGame {
    pub version: u32,
    /// Where the scenario came from (for display).
    pub scenario_name: String,
    /// The scenario's full text at the start of the match.
    pub scenario_text: String,
    pub seed: u64,
    pub turns: u32,
    /// `human` or an AI profile id, by power.
    pub controls: Vec<String>,
    /// The state of the match.
    pub world: SavedWorld,
    /// Orders the player at the keyboard had queued for the turn, not yet
    /// carried out (checked again when the save is loaded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<crate::rules::Submission>,
}

/// Only the version of a save (other fields are skipped).
#[derive(Deserialize)]
#[serde(rename = "SaveGame")]
struct VersionOnly {
    version: u32,
}

impl SaveGame {
    /// Captures the match being played in `world`.
    pub fn capture(world: &World, scenario_name: &str, scenario_text: &str) -> Option<SaveGame> {
        let m = world.get_resource::<Match>()?;
        Some(SaveGame {
            version: SAVE_VERSION,
            scenario_name: scenario_name.to_string(),
            scenario_text: scenario_text.to_string(),
            seed: m.seed,
            turns: m.turns,
            controls: m.controls.iter().map(|c| c.name(&m.setup)).collect(),
            world: SavedWorld::capture(world)?,
            orders: Vec::new(),
        })
    }

    /// With the orders queued for the turn.
    pub fn with_orders(self, orders: Vec<crate::rules::Submission>) -> SaveGame {
        SaveGame { orders, ..self }
    }

    /// The text of the save (RON); `path` names it in errors.
    pub fn to_text(&self, path: &str) -> Result<String, SaveError> {
        let config = ron::ser::PrettyConfig::new().depth_limit(4);
        ron::ser::to_string_pretty(self, config).map_err(|e| SaveError::Serialize {
            path: path.to_string(),
            message: e.to_string(),
        })
    }

    /// Reads a save from its text; `path` names it in errors.
    pub fn from_text(path: &str, text: &str) -> Result<SaveGame, SaveError> {
        let corrupt = |e: ron::error::SpannedError| SaveError::Corrupt {
            path: path.to_string(),
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            message: crate::scenario::syntax::message(&e.code),
        };
        let options = ron::Options::default().with_recursion_limit(64);
        // The version first, so another version is reported as such.
        if let Ok(v) = options.from_str::<VersionOnly>(text) {
            if v.version > SAVE_VERSION {
                return Err(SaveError::Newer {
                    path: path.to_string(),
                    found: v.version,
                    supported: SAVE_VERSION,
                });
            }
            if v.version < OLDEST_SAVE_VERSION {
                return Err(SaveError::Older {
                    path: path.to_string(),
                    found: v.version,
                    supported: SAVE_VERSION,
                });
            }
        }
        options.from_str::<SaveGame>(text).map_err(corrupt)
    }

    /// Rebuilds the match: the `Match` resource and the state to spawn. The
    /// save is checked whole against its scenario first (every id in
    /// range, every table the right size, days within the calendar), so
    /// a damaged or crafted save is an error, never a crash.
    pub fn restore(&self, path: &str) -> Result<(Match, SavedWorld), SaveError> {
        let loaded = scenario::load_str(&self.scenario_name, &self.scenario_text).map_err(|r| {
            SaveError::Scenario {
                path: path.to_string(),
                report: r.to_string(),
            }
        })?;
        let setup = loaded.setup;
        let mismatch = |why: String| SaveError::Mismatch {
            path: path.to_string(),
            why,
        };
        let turns = setup.turns();
        if !(1..=turns).contains(&self.turns) {
            return Err(mismatch(format!(
                "it plays {} turns; the scenario has 1 to {turns}",
                self.turns
            )));
        }
        if self.controls.len() != setup.power_count() {
            return Err(mismatch(format!(
                "its `controls` covers {} powers; the scenario has {}",
                self.controls.len(),
                setup.power_count()
            )));
        }
        if self.scenario_name.len() > 4096 {
            return Err(mismatch("the scenario's name is too long".into()));
        }
        self.world
            .check(&self.world.bounds(&setup))
            .map_err(mismatch)?;
        let mut controls = Vec::with_capacity(self.controls.len());
        for c in &self.controls {
            match Control::parse(&setup, c) {
                Some(Control::Bot(_)) | None => {
                    return Err(mismatch(format!(
                        "`{}` is neither `human` nor a profile of the scenario",
                        crate::rules::text::terminal_safe(c)
                    )));
                }
                Some(control) => controls.push(control),
            }
        }
        let m = Match {
            turns: self.turns,
            setup,
            seed: self.seed,
            controls,
        };
        Ok((m, self.world.clone()))
    }
}

/// Saves the match in `world` to `path`, atomically (see [`crate::files`]).
pub fn save_to(
    world: &World,
    path: &Path,
    scenario_name: &str,
    scenario_text: &str,
) -> Result<(), SaveError> {
    let save = SaveGame::capture(world, scenario_name, scenario_text).ok_or_else(|| {
        SaveError::Mismatch {
            path: path.display().to_string(),
            why: "no match is being played".into(),
        }
    })?;
    write_to(&save, path)
}

/// Writes `save` to `path`, atomically.
pub fn write_to(save: &SaveGame, path: &Path) -> Result<(), SaveError> {
    let text = save.to_text(&path.display().to_string())?;
    crate::files::write_atomically(path, text.as_bytes())?;
    Ok(())
}

/// Writes `save` into the platform's saves folder (made if missing)
/// under `name`.
pub fn save_in_saves_dir(save: &SaveGame, name: &str) -> Result<PathBuf, SaveError> {
    let dir = saves_dir();
    std::fs::create_dir_all(&dir).map_err(|source| SaveError::Folder {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join(name);
    write_to(save, &path)?;
    Ok(path)
}

/// Reads a save file (a regular file of at most [`MAX_SAVE_BYTES`]).
pub fn read_save(path: &Path) -> Result<SaveGame, SaveError> {
    let text = crate::files::read_text(path, MAX_SAVE_BYTES)?;
    SaveGame::from_text(&path.display().to_string(), &text)
}

/// The platform's data folder for Spheres (saves, mods).
pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("spheres")
}

/// The folder saves are written to.
pub fn saves_dir() -> PathBuf {
    data_dir().join("saves")
}
