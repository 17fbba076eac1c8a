//! Hot reload: the files of the scenario or mod being played, and the map,
//! are watched through the operating system's notifications (`notify`,
//! debounced), and a change wakes the game; the change is re-validated. A
//! valid change applies at once when the powers, states, leaders, blocs and
//! profiles are the same (weights, texts, events, objectives...), otherwise
//! at the next new game; an invalid one is shown, with its positions, in an
//! overlay, and the running version is kept. No thread polls the disk.

use super::DesktopData;
use super::session::{ScenarioSource, Session};
use crate::rules::Setup;
use crate::scenario::mods;
use crate::sim::Match;
use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The files watched, the changes seen, and what the player is told.
#[derive(Resource, Default)]
pub struct Watch {
    /// The files of interest (as named, and as resolved).
    paths: Arc<Mutex<Vec<(PathBuf, PathBuf)>>>,
    changed: Arc<Mutex<Vec<PathBuf>>>,
    /// Each watched file's modification time as last seen (by resolved
    /// path): only a new one is a change. Reading a file is an event to
    /// the operating system's watcher too, and the game reads the files it
    /// watches; without this it would wake itself forever.
    modified: Arc<Mutex<std::collections::BTreeMap<PathBuf, Option<std::time::SystemTime>>>>,
    /// The operating system's watcher, and the folders it watches.
    watcher: Mutex<Option<(Debouncer<RecommendedWatcher>, Vec<PathBuf>)>>,
    /// Errors of the last invalid change (the running version is kept).
    pub errors: Option<String>,
    /// What the last valid change did, and when.
    pub notice: Option<(String, std::time::Instant)>,
    /// A hash of each watched file's contents as last read, so a file
    /// saved (or touched) unchanged says nothing.
    contents: Mutex<std::collections::BTreeMap<PathBuf, u64>>,
    /// The changed scenario, when some of its changes wait for a new game:
    /// the notice offers to restart with them (until dismissed).
    pub restart: Option<crate::desktop::session::ScenarioSource>,
}

impl Watch {
    /// Reports a file as changed (what the watcher does).
    pub fn changed(&self, path: PathBuf) {
        if let Ok(mut c) = self.changed.lock() {
            c.push(path);
        }
    }

    /// The notice of the last reload: for a few seconds after it, or,
    /// while it offers a restart, until it is dismissed.
    pub fn recent_notice(&self) -> Option<&str> {
        self.notice
            .as_ref()
            .filter(|(_, at)| self.restart.is_some() || at.elapsed() < Duration::from_secs(8))
            .map(|(n, _)| n.as_str())
    }

    /// Watches these files from now on: their folders are watched (an
    /// editor may save by replacing the file), and events for other files
    /// in them are ignored.
    fn watch(&self, files: Vec<PathBuf>) {
        let resolved: Vec<(PathBuf, PathBuf)> = files
            .into_iter()
            .map(|f| {
                let real = f.canonicalize().unwrap_or_else(|_| f.clone());
                (f, real)
            })
            .collect();
        let mut folders: Vec<PathBuf> = resolved
            .iter()
            .filter_map(|(_, real)| real.parent().map(Path::to_path_buf))
            .collect();
        folders.sort();
        folders.dedup();
        if let Ok(mut modified) = self.modified.lock() {
            for (_, real) in &resolved {
                modified
                    .entry(real.clone())
                    .or_insert_with(|| modified_time(real));
            }
        }
        if let Ok(mut contents) = self.contents.lock() {
            for (named, _) in &resolved {
                if let Ok(bytes) = std::fs::read(named) {
                    contents
                        .entry(named.clone())
                        .or_insert_with(|| crate::scenario::fnv1a(&bytes));
                }
            }
        }
        if let Ok(mut paths) = self.paths.lock() {
            *paths = resolved;
        }
        let Ok(mut guard) = self.watcher.lock() else {
            return;
        };
        let Some((debouncer, watched)) = guard.as_mut() else {
            return;
        };
        for gone in watched.iter().filter(|f| !folders.contains(f)) {
            let _ = debouncer.watcher().unwatch(gone);
        }
        for new in folders.iter().filter(|f| !watched.contains(f)) {
            let _ = debouncer.watcher().watch(new, RecursiveMode::NonRecursive);
        }
        *watched = folders;
    }
}

fn modified_time(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Where the map is read from when it is on disk.
pub const MAP_FILE: &str = "assets/map/europe.ron";

/// Starts the watcher: changes to a watched file are noted and wake the
/// game (which sleeps while nothing happens).
pub fn start(watch: Res<Watch>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let paths = watch.paths.clone();
    let changed = watch.changed.clone();
    let modified = watch.modified.clone();
    let proxy = proxy.map(|p| (**p).clone());
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let watched = paths.lock().map(|p| p.clone()).unwrap_or_default();
        let mut any = false;
        for event in events {
            let hit = watched
                .iter()
                .find(|(_, real)| *real == event.path)
                .map(|(named, _)| named.clone());
            // Only a new modification time is a change (not a read).
            let now = modified_time(&event.path);
            let new = modified
                .lock()
                .map(|mut m| m.insert(event.path.clone(), now) != Some(now))
                .unwrap_or(true);
            if let Some(named) = hit.filter(|_| new)
                && let Ok(mut c) = changed.lock()
            {
                if !c.contains(&named) {
                    c.push(named);
                }
                any = true;
            }
        }
        if any && let Some(proxy) = &proxy {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        }
    };
    match new_debouncer(Duration::from_millis(250), handler) {
        Ok(debouncer) => {
            if let Ok(mut w) = watch.watcher.lock() {
                *w = Some((debouncer, Vec::new()));
            }
        }
        Err(e) => {
            eprintln!("spheres: files will not be reloaded while the game runs: {e}");
        }
    }
}

/// Keeps the watch list on the scenario being played and the map.
pub fn follow_session(session: Res<Session>, watch: Res<Watch>) {
    if !session.is_changed() {
        return;
    }
    let mut list = Vec::new();
    let scenario = PathBuf::from(&session.source.name);
    if scenario.is_file() {
        list.push(scenario);
    } else if let Some(file) = mods::mod_file(&scenario) {
        list.push(scenario.join(file));
        if scenario.join(mods::MAP_FILE).is_file() {
            list.push(scenario.join(mods::MAP_FILE));
        }
    }
    if std::path::Path::new(MAP_FILE).is_file() {
        list.push(PathBuf::from(MAP_FILE));
    }
    let same = watch
        .paths
        .lock()
        .map(|p| p.iter().map(|(n, _)| n).eq(list.iter()))
        .unwrap_or(false);
    if !same {
        watch.watch(list);
    }
}

/// Draws a mod's own map regions while one of its games runs (and only
/// then): the map follows the session's scenario.
pub fn follow_map(session: Res<Session>, mut data: ResMut<DesktopData>, mut watch: ResMut<Watch>) {
    if !session.is_changed() || data.map_for == session.source.name {
        return;
    }
    data.map_for = session.source.name.clone();
    let folder = Path::new(&session.source.name);
    let regions = if mods::mod_file(folder).is_some() {
        mods::map_overlay(folder)
    } else {
        Ok(None)
    };
    match regions {
        Ok(regions) => data.set_mod_map(regions),
        Err(report) => {
            eprint!("{report}");
            data.set_mod_map(None);
            watch.errors = Some(report.to_string());
        }
    }
}

/// Whether a new setup can replace the running one mid-match.
fn compatible(old: &Setup, new: &Setup) -> bool {
    let ids = |s: &Setup| {
        (
            s.powers.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            s.states.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            s.leaders.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            s.blocs.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            s.profiles.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
        )
    };
    ids(old) == ids(new)
}

/// Whether two setups start a match from different positions (which a
/// running match keeps: it has moved on from its start).
fn starts_differently(old: &Setup, new: &Setup) -> bool {
    let start = |s: &Setup| crate::rules::view::Sketch::new(std::sync::Arc::new(s.clone()));
    let (a, b) = (start(old), start(new));
    a.territory != b.territory
        || a.treaties != b.treaties
        || a.pairs != b.pairs
        || a.strength != b.strength
        || a.members != b.members
}

/// What differs between two versions of a scenario: the parts a running
/// match takes at once, and those that wait for a new game.
fn what_changed(old: &Setup, new: &Setup) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut now = Vec::new();
    for (what, changed) in [
        ("the model's weights", old.model != new.model),
        ("AI profiles", old.profiles != new.profiles),
        ("objectives", old.objectives != new.objectives),
        ("outcome rules", old.outcomes != new.outcomes),
        ("scripted events", old.events != new.events),
        ("the timeline", old.timeline != new.timeline),
        ("plans", old.plans != new.plans),
        ("leaders", old.leaders != new.leaders),
        (
            "ideological affinities",
            old.affinity_parts != new.affinity_parts,
        ),
    ] {
        if changed {
            now.push(what);
        }
    }
    let mut later = Vec::new();
    if !compatible(old, new) {
        later.push("its powers, states, leaders, blocs or profiles (added, removed or renamed)");
    } else if starts_differently(old, new) {
        later.push("the starting position (spheres, rulers, treaties, relations, strength, blocs)");
    }
    if now.is_empty() && later.is_empty() && old != new {
        now.push("names and texts");
    }
    (now, later)
}

/// Applies the changes the watcher saw.
pub fn apply_changes(world: &mut World) {
    let changed: Vec<PathBuf> = {
        let watch = world.resource::<Watch>();
        let Ok(mut c) = watch.changed.lock() else {
            return;
        };
        std::mem::take(&mut *c)
    };
    for path in changed {
        let name = path.display().to_string();
        let text =
            match crate::scenario::read_text_limited(&path, crate::scenario::map::MAX_MAP_BYTES) {
                Ok(t) => t,
                Err(report) => {
                    world.resource_mut::<Watch>().errors = Some(report.to_string());
                    continue;
                }
            };
        // Saved again unchanged (or only touched): nothing to do or say.
        {
            let hash = crate::scenario::fnv1a(text.as_bytes());
            let watch = world.resource::<Watch>();
            let Ok(mut contents) = watch.contents.lock() else {
                continue;
            };
            if contents.insert(path.clone(), hash) == Some(hash) {
                continue;
            }
        }
        // A map: the game's, or the running mod's own regions.
        let mod_map = path.ends_with(mods::MAP_FILE)
            && path.parent().is_some_and(|f| mods::mod_file(f).is_some());
        if name == MAP_FILE || mod_map {
            let loaded = crate::scenario::map::load_map(&name, &text).map(|map| {
                let mut data = world.resource_mut::<DesktopData>();
                // Only the running mod's files are watched.
                if mod_map {
                    data.set_mod_map(Some(map));
                } else {
                    data.set_base_map(map);
                }
            });
            match loaded {
                Ok(()) => {
                    let mut w = world.resource_mut::<Watch>();
                    w.errors = None;
                    w.notice = Some((
                        format!("Reloaded the map from {name}."),
                        std::time::Instant::now(),
                    ));
                }
                Err(report) => world.resource_mut::<Watch>().errors = Some(report.to_string()),
            }
            continue;
        }
        // A mod's mod.ron reloads the whole mod, merged with its base.
        let (name, loaded) = if mods::MOD_FILES.iter().any(|f| path.ends_with(f)) {
            let folder = path.parent().map(PathBuf::from).unwrap_or_default();
            (
                folder.display().to_string(),
                crate::scenario::load_path(&folder),
            )
        } else {
            (name.clone(), crate::scenario::load_str(&name, &text))
        };
        match loaded {
            Err(report) => {
                eprint!("{report}");
                world.resource_mut::<Watch>().errors = Some(report.to_string());
            }
            Ok(loaded) => {
                // Offer the new version in the new-game menu in any case.
                {
                    let mut data = world.resource_mut::<DesktopData>();
                    data.scenarios.retain(|o| o.name != name);
                    data.scenarios.insert(
                        0,
                        super::Offered {
                            name: name.clone(),
                            text: loaded.text.clone(),
                            loaded: Ok(loaded.setup.clone()),
                            about: mods::about(Path::new(&name)),
                        },
                    );
                }
                let running = world.get_resource::<Match>().map(|m| m.setup.clone());
                // Saved again unchanged (or touched): nothing to say.
                if running.is_some() && world.resource::<Session>().source.text == loaded.text {
                    continue;
                }
                let (notice, restart) = match running {
                    Some(old) => {
                        let (now, later) = what_changed(&old, &loaded.setup);
                        let applies = compatible(&old, &loaded.setup);
                        if applies {
                            world.resource_mut::<Match>().setup = loaded.setup.clone();
                            world.resource_mut::<Session>().source.text = loaded.text.clone();
                        }
                        let mut lines = vec![format!("Reloaded {name}.")];
                        match (applies, now.is_empty()) {
                            (true, false) => {
                                lines.push(format!("Applies now: {}.", now.join(", ")))
                            }
                            (false, false) => {
                                lines.push(format!("Changed, for a new game: {}.", now.join(", ")))
                            }
                            (_, true) => {}
                        }
                        if !later.is_empty() {
                            lines.push(format!("Waits for a new game: {}.", later.join("; ")));
                        }
                        let restart = (!later.is_empty()).then(|| ScenarioSource {
                            name: name.clone(),
                            text: loaded.text.clone(),
                        });
                        (lines.join("\n"), restart)
                    }
                    None => (format!("Reloaded {name}."), None),
                };
                let mut w = world.resource_mut::<Watch>();
                w.errors = None;
                w.notice = Some((notice, std::time::Instant::now()));
                w.restart = restart;
            }
        }
    }
}
