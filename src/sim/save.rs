//! Saved games: the whole state of a match (with the scenario text it was
//! started from, so a save survives edits to the scenario file), versioned,
//! written atomically (a temporary file, then a rename) so a crash never
//! destroys the last good save.

use super::authority::{Control, Counters};
use super::components::{Clock, Match, MatchLog, Snapshot};
use super::phases::Resume;
use crate::rules::event::Event;
use crate::rules::memory::Memory;
use crate::rules::relation::{PairTable, Relation};
use crate::rules::view::{PendingOffer, TreatyView, WorldView};
use crate::rules::{BlocId, PowerId, StateId};
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
    #[error("{path}: cannot {what}: {source}")]
    Io {
        path: String,
        what: &'static str,
        source: std::io::Error,
    },
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
    #[error("{path}:1:1: error: the file is larger than {MAX_SAVE_BYTES} bytes")]
    TooLarge { path: String },
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

    /// The text of the save (RON).
    pub fn to_text(&self) -> String {
        let config = ron::ser::PrettyConfig::new().depth_limit(3);
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
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

    /// Rebuilds the match: the `Match` resource and where to resume.
    pub fn restore(&self, path: &str) -> Result<(Match, Resume), SaveError> {
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
        let n = setup.power_count();
        let w = &self.world;
        if self.controls.len() != n
            || w.relations.size() != n
            || w.memory.size() != n
            || w.trust.size() != n
            || w.talks_ended.size() != n
            || w.recalled.size() != n
            || w.strength.len() != n
            || self.scores.len() != n
        {
            return Err(mismatch(format!("the scenario has {n} powers")));
        }
        let states = setup.states.len();
        if w.spheres.len() != states
            || w.controllers.len() != states
            || w.partitioned.len() != states
        {
            return Err(mismatch(format!("the scenario has {states} states")));
        }
        if w.bloc_members.len() != setup.blocs.len() {
            return Err(mismatch("the blocs differ".into()));
        }
        let power_ok = |p: &PowerId| p.index() < n;
        let offer_ok = |o: &PendingOffer| {
            power_ok(&o.from) && power_ok(&o.to) && o.from != o.to && clauses_ok(&setup, &o.clauses)
        };
        if !w.spheres.iter().all(power_ok)
            || !w.controllers.iter().all(power_ok)
            || !w.partitioned.iter().flatten().all(power_ok)
            || !w.bloc_members.iter().flatten().all(power_ok)
            || !w
                .treaties
                .iter()
                .all(|t| t.parties.iter().all(power_ok) && clauses_ok(&setup, &t.clauses))
            || !w.pending.iter().all(offer_ok)
            || !w.threats.iter().all(offer_ok)
        {
            return Err(mismatch(
                "it names powers or states the scenario lacks".into(),
            ));
        }
        let mut controls = Vec::with_capacity(n);
        for c in &self.controls {
            controls.push(
                Control::parse(&setup, c)
                    .ok_or_else(|| mismatch(format!("unknown profile `{c}`")))?,
            );
        }
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
        view.treaties = w.treaties.clone();
        view.pending = w.pending.clone();
        view.threats = w.threats.clone();
        let m = Match {
            turns: self.turns.clamp(1, setup.turns()),
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
}

fn clauses_ok(setup: &crate::rules::Setup, clauses: &[crate::rules::Clause]) -> bool {
    use crate::rules::Clause;
    let n = setup.power_count();
    let p = |x: &PowerId| x.index() < n;
    let s = |x: &StateId| x.index() < setup.states.len();
    let b = |x: &BlocId| x.index() < setup.blocs.len();
    clauses.iter().all(|c| match c {
        Clause::Trade { to, .. } => p(to),
        Clause::JoinBloc { power, bloc } => p(power) && b(bloc),
        Clause::Guarantee { guarantor, state } => p(guarantor) && s(state),
        Clause::TerritorialProtocol { assignments } => {
            assignments.iter().all(|(st, pw)| s(st) && p(pw))
        }
        Clause::Cession { state, to } => s(state) && p(to),
        Clause::Partition { state } => s(state),
        _ => true,
    })
}

/// Writes `text` to `path` atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the old file.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), SaveError> {
    use std::io::Write;
    let io = |what: &'static str| {
        let path = path.display().to_string();
        move |source| SaveError::Io { path, what, source }
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(io("create its folder"))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut f = std::fs::File::create(&tmp).map_err(io("write a temporary file"))?;
    f.write_all(text.as_bytes()).map_err(io("write"))?;
    f.sync_all().map_err(io("flush"))?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(io("replace the old save"))?;
    Ok(())
}

/// Saves the match in `world` to `path`.
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
    write_atomically(path, &save.to_text())
}

/// Reads a save file.
pub fn read_save(path: &Path) -> Result<SaveGame, SaveError> {
    let name = path.display().to_string();
    let io = |what: &'static str| {
        let path = name.clone();
        move |source| SaveError::Io { path, what, source }
    };
    let meta = std::fs::metadata(path).map_err(io("read the save"))?;
    if meta.len() > MAX_SAVE_BYTES {
        return Err(SaveError::TooLarge { path: name });
    }
    let bytes = std::fs::read(path).map_err(io("read the save"))?;
    let text = String::from_utf8(bytes).map_err(|_| SaveError::Corrupt {
        path: name.clone(),
        line: 1,
        col: 1,
        message: "not UTF-8 text".into(),
    })?;
    SaveGame::from_text(&name, &text)
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
