//! Saved games: the whole state of a match (with the scenario text it was
//! started from, so a save survives edits to the scenario file), versioned,
//! written atomically (a temporary file, then a rename) so a crash never
//! destroys the last good save.

use super::authority::{Control, Counters};
use super::components::{Clock, Match, MatchLog, Snapshot};
use super::phases::Resume;
use crate::rules::PowerId;
use crate::rules::event::Event;
use crate::rules::memory::Memory;
use crate::rules::relation::{PairTable, Relation};
use crate::rules::view::{PendingOffer, TreatyView, WorldView};
use crate::scenario;
use bevy::prelude::World;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The save format this build writes and reads.
pub const SAVE_VERSION: u32 = 1;
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
    #[error("{path}:1:1: error: the save's scenario no longer loads:\n{report}")]
    Scenario { path: String, report: String },
    #[error("{path}:1:1: error: the save does not fit its scenario ({why})")]
    Mismatch { path: String, why: String },
}

/// The state of a world, without the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedWorld {
    pub turn: u32,
    pub day: u32,
    pub relations: PairTable<Relation>,
    pub memory: PairTable<Memory>,
    pub trust: PairTable<f32>,
    pub talks_ended: PairTable<bool>,
    pub recalled: PairTable<bool>,
    pub spheres: Vec<PowerId>,
    pub controllers: Vec<PowerId>,
    pub partitioned: Vec<Option<PowerId>>,
    pub strength: Vec<f32>,
    pub bloc_members: Vec<Vec<PowerId>>,
    pub treaties: Vec<TreatyView>,
    pub pending: Vec<PendingOffer>,
    pub threats: Vec<PendingOffer>,
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
    pub clock: u32,
    pub next_proposal: u32,
    pub next_treaty: u32,
    pub world: SavedWorld,
    pub scores: Vec<f32>,
    pub log: Vec<Event>,
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
        let snap = world.get_resource::<Snapshot>()?;
        let clock = world.get_resource::<Clock>()?;
        let log = world.get_resource::<MatchLog>()?;
        let v = &snap.view;
        Some(SaveGame {
            version: SAVE_VERSION,
            scenario_name: scenario_name.to_string(),
            scenario_text: scenario_text.to_string(),
            seed: m.seed,
            turns: m.turns,
            controls: m.controls.iter().map(|c| c.name(&m.setup)).collect(),
            clock: clock.turn,
            next_proposal: snap.counters.next_proposal,
            next_treaty: snap.counters.next_treaty,
            world: SavedWorld {
                turn: v.turn,
                day: v.day,
                relations: v.relations.clone(),
                memory: v.memory.clone(),
                trust: v.trust.clone(),
                talks_ended: v.talks_ended.clone(),
                recalled: v.recalled.clone(),
                spheres: v.spheres.clone(),
                controllers: v.controllers.clone(),
                partitioned: v.partitioned.clone(),
                strength: v.strength.clone(),
                bloc_members: v.bloc_members.clone(),
                treaties: v.treaties.clone(),
                pending: v.pending.clone(),
                threats: v.threats.clone(),
            },
            scores: snap.scores.clone(),
            log: log.0.clone(),
        })
    }

    /// The text of the save (RON); `path` names it in errors.
    pub fn to_text(&self, path: &str) -> Result<String, SaveError> {
        let config = ron::ser::PrettyConfig::new().depth_limit(3);
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
        // Check the version before the rest, so a newer save is reported as such.
        if let Ok(v) = options.from_str::<VersionOnly>(text)
            && v.version > SAVE_VERSION
        {
            return Err(SaveError::Newer {
                path: path.to_string(),
                found: v.version,
                supported: SAVE_VERSION,
            });
        }
        options.from_str::<SaveGame>(text).map_err(corrupt)
    }

    /// Rebuilds the match: the `Match` resource and where to resume. The
    /// save is checked whole against its scenario first (every id in
    /// range, every table the right size, days within the calendar), so
    /// a damaged or crafted save is an error, never a crash.
    pub fn restore(&self, path: &str) -> Result<(Match, Resume), SaveError> {
        let loaded = scenario::load_str(&self.scenario_name, &self.scenario_text).map_err(|r| {
            SaveError::Scenario {
                path: path.to_string(),
                report: r.to_string(),
            }
        })?;
        let setup = loaded.setup;
        self.check(&setup).map_err(|why| SaveError::Mismatch {
            path: path.to_string(),
            why,
        })?;
        let mut controls = Vec::with_capacity(self.controls.len());
        for c in &self.controls {
            match Control::parse(&setup, c) {
                Some(Control::Bot(_)) | None => {
                    return Err(SaveError::Mismatch {
                        path: path.to_string(),
                        why: format!("`{c}` is neither `human` nor a profile of the scenario"),
                    });
                }
                Some(control) => controls.push(control),
            }
        }
        let w = &self.world;
        let mut view = WorldView::new(setup.clone());
        view.turn = w.turn;
        view.day = w.day;
        view.relations = w.relations.clone();
        view.memory = w.memory.clone();
        view.trust = w.trust.clone();
        view.talks_ended = w.talks_ended.clone();
        view.recalled = w.recalled.clone();
        view.spheres = w.spheres.clone();
        view.controllers = w.controllers.clone();
        view.partitioned = w.partitioned.clone();
        view.strength = w.strength.clone();
        view.bloc_members = w.bloc_members.clone();
        view.treaties = w
            .treaties
            .iter()
            .map(|t| TreatyView::new(t.id, t.name.clone(), t.parties.clone(), t.clauses.clone()))
            .collect();
        view.pending = w.pending.clone();
        view.threats = w.threats.clone();
        let m = Match {
            turns: self.turns,
            setup,
            seed: self.seed,
            controls,
        };
        let resume = Resume {
            view,
            counters: Counters {
                next_proposal: self.next_proposal,
                next_treaty: self.next_treaty,
            },
            turn: self.clock,
            log: self.log.clone(),
            scores: self.scores.clone(),
        };
        Ok((m, resume))
    }

    /// Checks the save whole against its scenario; the first problem, in
    /// words.
    fn check(&self, setup: &crate::rules::Setup) -> Result<(), String> {
        use crate::rules::check::Bounds;
        let n = setup.power_count();
        let states = setup.states.len();
        let w = &self.world;
        let b = Bounds {
            setup,
            treaties: Some(self.next_treaty),
            proposals: Some(self.next_proposal),
        };
        let turns = setup.turns();
        if !(1..=turns).contains(&self.turns) {
            return Err(format!(
                "it plays {} turns; the scenario has 1 to {turns}",
                self.turns
            ));
        }
        b.turn(self.clock).map_err(|e| format!("the clock: {e}"))?;
        b.turn(w.turn).map_err(|e| format!("the world: {e}"))?;
        b.day(w.day)?;
        for (what, size) in [
            ("controls", self.controls.len()),
            ("relations", w.relations.size()),
            ("memory", w.memory.size()),
            ("trust", w.trust.size()),
            ("talks_ended", w.talks_ended.size()),
            ("recalled", w.recalled.size()),
            ("strength", w.strength.len()),
            ("scores", self.scores.len()),
        ] {
            if size != n {
                return Err(format!(
                    "its `{what}` covers {size} powers; the scenario has {n}"
                ));
            }
        }
        for (what, size) in [
            ("spheres", w.spheres.len()),
            ("controllers", w.controllers.len()),
            ("partitioned", w.partitioned.len()),
        ] {
            if size != states {
                return Err(format!(
                    "its `{what}` covers {size} states; the scenario has {states}"
                ));
            }
        }
        if w.bloc_members.len() != setup.blocs.len() {
            return Err(format!(
                "it has {} blocs; the scenario has {}",
                w.bloc_members.len(),
                setup.blocs.len()
            ));
        }
        for p in w
            .spheres
            .iter()
            .chain(&w.controllers)
            .chain(w.partitioned.iter().flatten())
            .chain(w.bloc_members.iter().flatten())
        {
            b.power(*p)?;
        }
        for m in w.memory.cells() {
            b.memory(m)?;
        }
        let finite = |what: &str, xs: &[f32]| -> Result<(), String> {
            match xs.iter().find(|v| !v.is_finite()) {
                Some(v) => Err(format!("a value of `{what}` is {v}")),
                None => Ok(()),
            }
        };
        finite("strength", &w.strength)?;
        finite("scores", &self.scores)?;
        if let Some(t) = w.trust.cells().iter().find(|t| !(0.0..=1.0).contains(*t)) {
            return Err(format!("a trust of {t} is not between 0 and 1"));
        }
        let mut seen_treaties = std::collections::BTreeSet::new();
        for t in &w.treaties {
            b.treaty_in_force(t)?;
            if !seen_treaties.insert(t.id) {
                return Err(format!("treaty #{} is in force twice", t.id.0));
            }
        }
        let mut seen_offers = std::collections::BTreeSet::new();
        for o in &w.pending {
            b.offer(o)?;
            if !seen_offers.insert(o.id) {
                return Err(format!("proposal #{} is pending twice", o.id.0));
            }
        }
        for o in &w.threats {
            b.offer(o)?;
        }
        if self.log.len() > MAX_LOG {
            return Err(format!("a log of {} entries", self.log.len()));
        }
        for (i, e) in self.log.iter().enumerate() {
            b.event(e)
                .map_err(|why| format!("log entry {}: {why}", i + 1))?;
        }
        if self.scenario_name.len() > 4096 {
            return Err("the scenario's name is too long".into());
        }
        Ok(())
    }
}

/// Most log entries a save may hold.
const MAX_LOG: usize = 200_000;

/// Saves the match in `world` to `path`, atomically (see [`crate::files`]).
pub fn save_to(
    world: &World,
    path: &Path,
    scenario_name: &str,
    scenario_text: &str,
) -> Result<(), SaveError> {
    let shown = path.display().to_string();
    let save = SaveGame::capture(world, scenario_name, scenario_text).ok_or_else(|| {
        SaveError::Mismatch {
            path: shown.clone(),
            why: "no match is being played".into(),
        }
    })?;
    let text = save.to_text(&shown)?;
    crate::files::write_atomically(path, text.as_bytes())?;
    Ok(())
}

/// Saves into the platform's saves folder (made if missing) under `name`.
pub fn save_in_saves_dir(
    world: &World,
    name: &str,
    scenario_name: &str,
    scenario_text: &str,
) -> Result<PathBuf, SaveError> {
    let dir = saves_dir();
    std::fs::create_dir_all(&dir).map_err(|source| SaveError::Folder {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join(name);
    save_to(world, &path, scenario_name, scenario_text)?;
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
