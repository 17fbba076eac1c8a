//! Mods: a folder with a `mod.ron` that extends another scenario — the
//! embedded Summer 1939, or a scenario file inside the mod's own folder —
//! overriding or adding powers, leaders, states, weights, events and the rest
//! by id, without copying it. Mods are data only, and no path in a mod may
//! reach outside its folder. Errors are reported in the mod's file (or the
//! base's, for the base's own items).

use super::schema::*;
use super::spans::{Position, Spans};
use super::{Diagnostic, Loaded, Report, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file that makes a folder a mod.
pub const MOD_FILE: &str = "mod.ron";
/// The files that make a folder a mod: `mod.ron`, or `mod.json` (the JSON
/// form `spheres schema mod` describes).
pub const MOD_FILES: [&str; 2] = [MOD_FILE, "mod.json"];

/// The name of a mod folder's mod file (`mod.ron` first), if it is a mod.
pub fn mod_file(folder: &Path) -> Option<&'static str> {
    MOD_FILES.into_iter().find(|f| folder.join(f).is_file())
}
/// A mod's own map regions, beside its `mod.ron`.
pub const MAP_FILE: &str = "map.ron";

/// A mod's own map regions (its `map.ron`), if it has any.
pub fn map_overlay(folder: &Path) -> Result<Option<super::map::MapGeometry>, Report> {
    map_overlay_within(folder, MAX_CHAIN)
}

/// A mod's map regions over those of the mods it builds on.
fn map_overlay_within(
    folder: &Path,
    depth: usize,
) -> Result<Option<super::map::MapGeometry>, Report> {
    let below = match extended_mod(folder) {
        Some(other) if depth > 0 => map_overlay_within(&other, depth - 1)?,
        _ => None,
    };
    let Some(path) = inside(folder, MAP_FILE)? else {
        return Ok(below);
    };
    let text = super::read_text_limited(&path, super::map::MAX_MAP_BYTES)?;
    let own = super::map::load_map(&folder.join(MAP_FILE).display().to_string(), &text)?;
    Ok(Some(match below {
        Some(below) => below.overlay(&own),
        None => own,
    }))
}

/// The folder of the mod a mod builds on (`extends: "mod:ID"`), if any.
fn extended_mod(folder: &Path) -> Option<PathBuf> {
    sibling_mod(folder, peek(folder)?.extends.strip_prefix("mod:")?)
}

/// A mod's file as far as it reads (stand-ins where it is wrong), for a
/// glance at its id or metadata; loading it reports its mistakes.
fn peek(folder: &Path) -> Option<ModFile> {
    let text = super::read_text(&inside(folder, mod_file(folder)?).ok()??).ok()?;
    super::syntax::parse_recovering::<ModFile>(super::MAX_NESTING + 8, &text).0
}

/// The file `name` of a mod's folder, if there is one: it must resolve
/// inside the folder once every symbolic link is followed.
pub fn inside(folder: &Path, name: &str) -> Result<Option<PathBuf>, Report> {
    let path = folder.join(name);
    let shown = path.display().to_string();
    let fail = |message: String, hint: &str| Report {
        file: shown.clone(),
        diagnostics: vec![Diagnostic::error(1, 1, message, Some(hint.to_string()))],
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let root = folder.canonicalize().map_err(|e| {
        fail(
            format!("cannot read the mod's folder: {e}"),
            "check the path",
        )
    })?;
    let real = path.canonicalize().map_err(|_| {
        fail(
            format!("`{name}` is a symbolic link to a missing file"),
            "a mod's files live inside its folder",
        )
    })?;
    if !real.starts_with(&root) {
        return Err(fail(
            format!(
                "`{name}` leads outside the mod's folder (to {})",
                real.display()
            ),
            "a mod's files must live inside its folder; copy the file in instead of linking it",
        ));
    }
    Ok(Some(real))
}

/// A mod's `mod.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename = "Mod")]
pub struct ModFile {
    /// The format it is written in (see [`super::FORMAT`]); none: format 1.
    #[serde(default = "super::format_one")]
    pub format: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Who made it (shown in the menu).
    #[serde(default)]
    pub author: String,
    /// The mod's own version, e.g. "1.2" (shown in the menu).
    #[serde(default)]
    pub version: String,
    /// The game versions it was made for, e.g. ["0.1"] (a version matches
    /// its own and every later patch: "0.1" matches 0.1.3); `validate`
    /// warns when the running game is not among them.
    #[serde(default)]
    pub game_versions: Vec<String>,
    /// A built-in scenario (`summer1939`, `polish_question`), a scenario
    /// file in the mod's folder (`.ron` or `.json`), or another mod
    /// installed beside this one, `mod:ID`, which is loaded first.
    pub extends: String,
    #[serde(default)]
    pub calendar: Option<CalendarFile>,
    #[serde(default)]
    pub ideologies: Vec<IdeologyFile>,
    #[serde(default)]
    pub affinities: Vec<AffinityFile>,
    #[serde(default)]
    pub powers: Vec<PowerFile>,
    #[serde(default)]
    pub leaders: Vec<LeaderFile>,
    #[serde(default)]
    pub blocs: Vec<BlocFile>,
    #[serde(default)]
    pub states: Vec<StateFile>,
    #[serde(default)]
    pub treaties: Vec<TreatyFile>,
    #[serde(default)]
    pub relations: Vec<RelationFile>,
    #[serde(default)]
    pub sentiments: Vec<SentimentFile>,
    #[serde(default)]
    pub trust: Vec<TrustFile>,
    /// Weights to change, by name: `{"temperature": 6.0}`.
    #[serde(default)]
    pub model: BTreeMap<String, f32>,
    /// Memory rules to change, by kind: `{"insult": (per_act: -20.0,
    /// decay: 0.9, cap: 40.0)}`; the other kinds keep the base's.
    #[serde(default)]
    pub memory: BTreeMap<String, crate::rules::memory::MemoryRule>,
    #[serde(default)]
    pub profiles: Vec<ProfileFile>,
    #[serde(default)]
    pub objectives: Vec<ObjectiveFile>,
    /// Checked before the base's outcome rules.
    #[serde(default)]
    pub outcomes: Vec<OutcomeFile>,
    #[serde(default)]
    pub events: Vec<EventFile>,
    #[serde(default)]
    pub timeline: Vec<TimelineFile>,
    #[serde(default)]
    pub plans: Vec<PlanFile>,
    /// Items of the base to drop: `"power:italy"` (with its leaders and
    /// objectives), `"state:finland"`, `"outcome:free_hand"`,
    /// `"event:western_mission"`, `"objective:ussr_trade"`,
    /// `"treaty:entente_cordiale"`, `"plans"`.
    #[serde(default)]
    pub remove: Vec<String>,
}

/// Where an item of the merged scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Base(usize),
    Mod(usize),
}

/// Merges by id: an item of the mod replaces the base's item with the same
/// id, or is added after them. Returns the origin of every merged item; an
/// id the mod gives twice is noted in `repeats` (list, index, id) and the
/// later item is ignored. Linear in the size of both lists.
fn merge_list<T: Clone>(
    base: &mut Vec<T>,
    extra: &[T],
    id: fn(&T) -> &str,
    (list, repeats): (&'static str, &mut Vec<(&'static str, usize, String)>),
    kept: Option<&Vec<usize>>,
) -> Vec<Origin> {
    let mut origins = base_origins(base.len(), kept);
    let mut at: std::collections::HashMap<String, usize> = base
        .iter()
        .enumerate()
        .map(|(i, b)| (id(b).to_string(), i))
        .collect();
    let mut given: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (j, item) in extra.iter().enumerate() {
        if !given.insert(id(item)) {
            repeats.push((list, j, id(item).to_string()));
            continue;
        }
        match at.get(id(item)) {
            Some(&i) => {
                base[i] = item.clone();
                origins[i] = Origin::Mod(j);
            }
            None => {
                at.insert(id(item).to_string(), base.len());
                base.push(item.clone());
                origins.push(Origin::Mod(j));
            }
        }
    }
    origins
}

/// Where each base item now in the list was written: `kept` holds the
/// base indices of the items a removal left, in order.
fn base_origins(len: usize, kept: Option<&Vec<usize>>) -> Vec<Origin> {
    match kept {
        Some(kept) => kept.iter().map(|&i| Origin::Base(i)).collect(),
        None => (0..len).map(Origin::Base).collect(),
    }
}

/// Keeps the items `keep` accepts, and returns the indices they had.
fn retain_indexed<T>(list: &mut Vec<T>, keep: impl Fn(&T) -> bool) -> Vec<usize> {
    let mut kept = Vec::with_capacity(list.len());
    let mut i = 0;
    list.retain(|x| {
        let k = keep(x);
        if k {
            kept.push(i);
        }
        i += 1;
        k
    });
    kept
}

fn append<T: Clone>(base: &mut Vec<T>, extra: &[T], kept: Option<&Vec<usize>>) -> Vec<Origin> {
    let mut origins = base_origins(base.len(), kept);
    origins.extend((0..extra.len()).map(Origin::Mod));
    base.extend_from_slice(extra);
    origins
}

/// A problem of the mod's meaning (its path is not empty, so a problem of
/// the text at the same place, where a stand-in was read, hides it).
fn error(file: &str, pos: Position, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        line: pos.line,
        col: pos.col,
        path: MOD_FILE.to_string(),
        message,
        hint,
        file: Some(file.to_string()),
    }
}

/// Whether the running game is one of `versions` ("0.1" matches 0.1.x).
fn supports(versions: &[String]) -> bool {
    let game = env!("CARGO_PKG_VERSION");
    versions.is_empty()
        || versions.iter().any(|v| {
            game == v
                || game
                    .strip_prefix(v.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
}

/// A mod's metadata in one line for the menu ("by Ana · version 1.2 · for
/// Spheres 0.1"), if its `mod.ron` reads and says any.
pub fn about(folder: &Path) -> Option<String> {
    let m = peek(folder)?;
    let mut parts = Vec::new();
    if !m.author.is_empty() {
        parts.push(format!("by {}", m.author));
    }
    if !m.version.is_empty() {
        parts.push(format!("version {}", m.version));
    }
    if !m.game_versions.is_empty() {
        let made = format!("for Spheres {}", m.game_versions.join(", "));
        parts.push(if supports(&m.game_versions) {
            made
        } else {
            format!("{made} (this is {})", env!("CARGO_PKG_VERSION"))
        });
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Mods one mod may build on, one on another, at most.
const MAX_CHAIN: usize = 8;

thread_local! {
    /// The mods being loaded on this thread, each extending the next.
    static CHAIN: std::cell::RefCell<Vec<PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Loads a mod folder (and the mods it builds on, first).
pub fn load_mod(folder: &Path) -> Result<Loaded, Report> {
    let mod_name = folder
        .join(mod_file(folder).unwrap_or(MOD_FILE))
        .display()
        .to_string();
    let here = folder
        .canonicalize()
        .unwrap_or_else(|_| folder.to_path_buf());
    let chain = CHAIN.with(|c| c.borrow().clone());
    if chain.contains(&here) || chain.len() >= MAX_CHAIN {
        let names: Vec<String> = chain
            .iter()
            .chain([&here])
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let message = if chain.contains(&here) {
            format!(
                "mods extend each other in a circle: {}",
                names.join(" extends ")
            )
        } else {
            format!(
                "more than {MAX_CHAIN} mods build on each other: {}",
                names.join(" extends ")
            )
        };
        return Err(Report {
            file: mod_name,
            diagnostics: vec![Diagnostic::error(
                1,
                1,
                message,
                Some("one of them must extend a scenario instead of a mod".into()),
            )],
        });
    }
    CHAIN.with(|c| c.borrow_mut().push(here));
    let loaded = load_one_mod(folder);
    CHAIN.with(|c| c.borrow_mut().pop());
    loaded
}

/// The installed mod `id`: a mod folder beside `folder` (in the same mods
/// folder) whose `mod.ron` has that id.
fn sibling_mod(folder: &Path, id: &str) -> Option<PathBuf> {
    let parent = folder.canonicalize().ok()?.parent()?.to_path_buf();
    mods_in(&parent)
        .into_iter()
        .find(|p| peek(p).is_some_and(|m| m.id == id))
}

fn load_one_mod(folder: &Path) -> Result<Loaded, Report> {
    let mod_name = folder
        .join(mod_file(folder).unwrap_or(MOD_FILE))
        .display()
        .to_string();
    let fail = |msg: String| Report {
        file: mod_name.clone(),
        diagnostics: vec![Diagnostic::error(1, 1, msg, None)],
    };
    let mod_path = inside(folder, mod_file(folder).unwrap_or(MOD_FILE))?
        .ok_or_else(|| fail("the mod's folder has no mod.ron or mod.json".into()))?;
    let text = super::read_text(&mod_path).map_err(|r| Report {
        file: mod_name.clone(),
        ..r
    })?;
    let (m, stray) = match super::syntax::parse_recovering::<ModFile>(super::MAX_NESTING + 8, &text)
    {
        (Some(m), stray) => (m, stray),
        (None, diagnostics) => {
            return Err(Report {
                file: mod_name.clone(),
                diagnostics,
            });
        }
    };
    let mod_spans = Spans::index(&text);
    let mut stray = stray;
    if !supports(&m.game_versions) {
        let mut d = error(
            &mod_name,
            mod_spans.find("game_versions"),
            format!(
                "made for Spheres {}; this game is {}",
                m.game_versions.join(", "),
                env!("CARGO_PKG_VERSION")
            ),
            Some(
                "check that it still plays as meant, then add this version to `game_versions`"
                    .into(),
            ),
        );
        d.severity = super::Severity::Warning;
        stray.push(d);
    }
    if let Some((message, hint)) = super::format_problem(m.format) {
        return Err(Report {
            file: mod_name.clone(),
            diagnostics: vec![error(
                &mod_name,
                mod_spans.find("format"),
                message,
                Some(hint),
            )],
        });
    }
    // The mod's own lists are held to the limits first, where they are
    // written: nothing oversized is merged.
    {
        use super::resolve::{MAX_LIST, MAX_TABLE};
        let sizes = [
            ("ideologies", m.ideologies.len(), MAX_LIST),
            ("affinities", m.affinities.len(), MAX_LIST),
            ("powers", m.powers.len(), MAX_TABLE),
            ("leaders", m.leaders.len(), MAX_TABLE),
            ("blocs", m.blocs.len(), MAX_TABLE),
            ("states", m.states.len(), MAX_TABLE),
            ("treaties", m.treaties.len(), MAX_LIST),
            ("relations", m.relations.len(), MAX_LIST),
            ("sentiments", m.sentiments.len(), MAX_LIST),
            ("trust", m.trust.len(), MAX_LIST),
            ("model", m.model.len(), MAX_LIST),
            ("memory", m.memory.len(), MAX_LIST),
            ("profiles", m.profiles.len(), MAX_LIST),
            ("objectives", m.objectives.len(), MAX_LIST),
            ("outcomes", m.outcomes.len(), MAX_LIST),
            ("events", m.events.len(), MAX_LIST),
            ("timeline", m.timeline.len(), MAX_LIST),
            ("plans", m.plans.len(), MAX_LIST),
            ("remove", m.remove.len(), MAX_LIST),
        ];
        let too_long: Vec<Diagnostic> = sizes
            .iter()
            .filter(|(_, len, limit)| len > limit)
            .map(|(list, len, limit)| {
                error(
                    &mod_name,
                    mod_spans.find(list),
                    format!("{len} entries in the mod's `{list}`; at most {limit} are allowed"),
                    None,
                )
            })
            .collect();
        if !too_long.is_empty() {
            let mut diagnostics = stray;
            diagnostics.extend(too_long);
            return Err(Report {
                file: mod_name.clone(),
                diagnostics,
            });
        }
    }
    // The base: embedded, or a file inside the folder (never outside it).
    let mut base_sources = Vec::new();
    let (base_name, base_text, base_path) = if let Some((name, text)) = super::built_in(&m.extends)
    {
        (name.to_string(), text.to_string(), None)
    } else if let Some(other) = m.extends.strip_prefix("mod:") {
        // Another mod, loaded first (and whatever it builds on).
        let pos = mod_spans.find("extends");
        let Some(other_folder) = sibling_mod(folder, other) else {
            return Err(Report {
                file: mod_name.clone(),
                diagnostics: vec![error(
                    &mod_name,
                    pos,
                    format!("no mod `{other}` beside this one"),
                    Some("a mod builds on a mod installed in the same folder, named by the id in its mod.ron".into()),
                )],
            });
        };
        let loaded = load_mod(&other_folder).map_err(|mut report| {
            report.diagnostics.insert(
                0,
                error(
                    &mod_name,
                    pos,
                    format!("the mod `{other}` this one extends does not load"),
                    Some("its own problems follow".into()),
                ),
            );
            report.file = mod_name.clone();
            report
        })?;
        base_sources = loaded.sources;
        (
            format!(
                "{} (merged)",
                other_folder
                    .join(mod_file(&other_folder).unwrap_or(MOD_FILE))
                    .display()
            ),
            loaded.text,
            None,
        )
    } else {
        let root = folder
            .canonicalize()
            .map_err(|e| fail(format!("cannot read the mod's folder: {e}")))?;
        let wanted = root.join(&m.extends);
        let inside = wanted.canonicalize().ok().filter(|p| {
            p.starts_with(&root) && p.extension().is_some_and(|e| e == "ron" || e == "json")
        });
        let Some(base_path) = inside else {
            let pos = mod_spans.find("extends");
            return Err(Report {
                file: mod_name.clone(),
                diagnostics: vec![error(
                    &mod_name,
                    pos,
                    format!(
                        "`{}` is not a scenario file inside the mod's folder",
                        m.extends
                    ),
                    Some(
                        "extend a built-in scenario (`summer1939`, `polish_question`) or a .ron file beside mod.ron"
                            .into(),
                    ),
                )],
            });
        };
        let t = super::read_text(&base_path)?;
        (base_path.display().to_string(), t, Some(base_path))
    };
    let mut merged = super::parse(&base_name, &base_text)?;
    // Indexed only if a problem in the base needs placing.
    let base_spans = std::cell::OnceCell::new();
    let base_spans = || base_spans.get_or_init(|| Spans::index(&base_text));
    let mut diags = stray;
    merged.id = m.id.clone();
    merged.title = m.title.clone();
    if !m.description.is_empty() {
        merged.description = m.description.clone();
    }
    if let Some(c) = &m.calendar {
        merged.calendar = c.clone();
    }
    // Removals first, so a mod may drop and re-add.
    let mut dropped: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    let mut drop_plans = false;
    {
        type Ids<'s> = std::collections::BTreeSet<&'s str>;
        let known: BTreeMap<&str, Ids> = [
            (
                "event",
                merged.events.iter().map(|e| e.id.as_str()).collect(),
            ),
            (
                "objective",
                merged.objectives.iter().map(|o| o.id.as_str()).collect(),
            ),
            (
                "treaty",
                merged.treaties.iter().map(|t| t.id.as_str()).collect(),
            ),
            (
                "power",
                merged.powers.iter().map(|p| p.id.as_str()).collect(),
            ),
            (
                "state",
                merged.states.iter().map(|s| s.id.as_str()).collect(),
            ),
            (
                "outcome",
                merged.outcomes.iter().map(|o| o.label.as_str()).collect(),
            ),
        ]
        .into_iter()
        .collect();
        for (i, r) in m.remove.iter().enumerate() {
            if r == "plans" {
                drop_plans = true;
                continue;
            }
            let (kind, id) = r.split_once(':').unwrap_or((r.as_str(), ""));
            if known.get(kind).is_some_and(|ids| ids.contains(id)) {
                dropped.entry(kind).or_default().insert(id);
            } else {
                diags.push(error(
                    &mod_name,
                    mod_spans.find(&format!("remove[{i}]")),
                    format!("`{r}` removes nothing"),
                    Some(
                        "write power:ID, state:ID, outcome:LABEL, event:ID, objective:ID, treaty:ID or plans"
                            .into(),
                    ),
                ));
            }
        }
    }
    let gone = |kind: &str, id: &str| dropped.get(kind).is_some_and(|ids| ids.contains(id));
    // What belongs to a removed power goes with it: its leaders and
    // objectives, its seats in blocs, and the relations, sentiments and
    // trust it holds or is held in. What only names it (a treaty, a state it holds) must be
    // removed or replaced by the mod: the check below reports it where the
    // base writes it.
    let power_gone = |id: &str| gone("power", id);
    let mut kept: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    kept.insert(
        "events",
        retain_indexed(&mut merged.events, |e| !gone("event", &e.id)),
    );
    kept.insert(
        "objectives",
        retain_indexed(&mut merged.objectives, |o| {
            !gone("objective", &o.id) && !power_gone(&o.power)
        }),
    );
    kept.insert(
        "treaties",
        retain_indexed(&mut merged.treaties, |t| !gone("treaty", &t.id)),
    );
    kept.insert(
        "powers",
        retain_indexed(&mut merged.powers, |p| !power_gone(&p.id)),
    );
    kept.insert(
        "states",
        retain_indexed(&mut merged.states, |st| !gone("state", &st.id)),
    );
    kept.insert(
        "leaders",
        retain_indexed(&mut merged.leaders, |l| !power_gone(&l.power)),
    );
    kept.insert(
        "relations",
        retain_indexed(&mut merged.relations, |r| {
            !power_gone(&r.a) && !power_gone(&r.b)
        }),
    );
    kept.insert(
        "sentiments",
        retain_indexed(&mut merged.sentiments, |x| {
            !power_gone(&x.of) && !power_gone(&x.toward)
        }),
    );
    kept.insert(
        "trust",
        retain_indexed(&mut merged.trust, |x| {
            !power_gone(&x.of) && !power_gone(&x.toward)
        }),
    );
    for bloc in &mut merged.blocs {
        bloc.members.retain(|p| !power_gone(p));
    }
    let kept_outcomes = retain_indexed(&mut merged.outcomes, |o| !gone("outcome", &o.label));
    if drop_plans {
        merged.plans.clear();
    }
    let mut repeats = Vec::new();
    let mut origins: BTreeMap<&'static str, Vec<Origin>> = BTreeMap::new();
    // Lists merged by id, and lists the mod's items are appended to.
    macro_rules! by_id {
        ($($list:ident),*) => {$(
            let o = merge_list(
                &mut merged.$list,
                &m.$list,
                |x| &x.id,
                (stringify!($list), &mut repeats),
                kept.get(stringify!($list)),
            );
            origins.insert(stringify!($list), o);
        )*};
    }
    macro_rules! appended {
        ($($list:ident),*) => {$(
            origins.insert(
                stringify!($list),
                append(&mut merged.$list, &m.$list, kept.get(stringify!($list))),
            );
        )*};
    }
    by_id!(
        ideologies, powers, leaders, blocs, states, treaties, profiles, objectives, events
    );
    appended!(affinities, relations, sentiments, trust, timeline, plans);
    // Outcome rules of the mod come first: the first that holds labels the match.
    let base_outcomes = std::mem::take(&mut merged.outcomes);
    let mut outcome_origins: Vec<Origin> = (0..m.outcomes.len()).map(Origin::Mod).collect();
    outcome_origins.extend(kept_outcomes.into_iter().map(Origin::Base));
    merged.outcomes = m.outcomes.iter().cloned().chain(base_outcomes).collect();
    origins.insert("outcomes", outcome_origins);
    // A name that was not text at all was read as an empty stand-in: its
    // mistake is reported already.
    let wrong_text = diags
        .iter()
        .any(|d| d.path.is_empty() && d.severity == Severity::Error);
    for (name, value) in &m.model {
        if name.is_empty() && wrong_text {
            continue;
        }
        match merged.model.get_mut(name) {
            Some(slot) => *slot = *value,
            None => {
                let close =
                    crate::rules::text::did_you_mean(name, ModelFile::TABLE.iter().map(|w| w.name));
                let hint = match close {
                    Some(w) => format!("did you mean `{w}`?"),
                    None => "see the `model` table in docs/modding.md".into(),
                };
                diags.push(error(
                    &mod_name,
                    mod_spans.find(&format!("model.{name}")),
                    format!("unknown weight `{name}`"),
                    Some(hint),
                ));
            }
        }
    }
    for (name, rule) in &m.memory {
        let kinds = crate::rules::memory::MemoryKind::ALL;
        match kinds.iter().find(|k| k.name() == name) {
            Some(kind) => merged.model.memory.0[kind.slot()] = *rule,
            None => {
                let close = crate::rules::text::did_you_mean(name, kinds.iter().map(|k| k.name()));
                let hint = match close {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "the kinds are listed under `memory` in docs/modding.md".into(),
                };
                diags.push(error(
                    &mod_name,
                    mod_spans.find(&format!("memory.{name}")),
                    format!("unknown memory kind `{name}`"),
                    Some(hint),
                ));
            }
        }
    }
    // Validate the whole, reporting each problem where it is written.
    for (list, j, id) in repeats {
        diags.push(error(
            &mod_name,
            mod_spans.find(&format!("{list}[{j}].id")),
            format!("duplicate id `{id}` in the mod's `{list}`"),
            Some("an id may appear once; the later item is ignored".into()),
        ));
    }
    let overridden: Vec<String> = m
        .model
        .keys()
        .map(|k| format!("model.{k}"))
        .chain(m.memory.keys().map(|k| format!("model.memory.{k}")))
        .collect();
    let locate = |path: &str| -> (Option<String>, Position) {
        let (head, rest) = match path.find(['[', '.']) {
            Some(i) => path.split_at(i),
            None => (path, ""),
        };
        if let Some(list) = origins.get(head)
            && let Some(index) = rest
                .strip_prefix('[')
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
        {
            let tail = &rest[rest.find(']').map_or(rest.len(), |i| i + 1)..];
            return match list.get(index) {
                Some(Origin::Mod(j)) => (
                    Some(mod_name.clone()),
                    mod_spans.find(&format!("{head}[{j}]{tail}")),
                ),
                Some(Origin::Base(i)) => (
                    Some(base_name.clone()),
                    base_spans().find(&format!("{head}[{i}]{tail}")),
                ),
                None => (Some(mod_name.clone()), mod_spans.find(head)),
            };
        }
        let from_mod = matches!(head, "id" | "title" | "description")
            || (head == "calendar" && m.calendar.is_some())
            || overridden.iter().any(|o| path.starts_with(o.as_str()));
        if from_mod {
            // The mod writes the model's memory rules as its own `memory`.
            let written = path
                .strip_prefix("model.")
                .filter(|p| p.starts_with("memory."))
                .unwrap_or(path);
            (Some(mod_name.clone()), mod_spans.find(written))
        } else {
            (Some(base_name.clone()), base_spans().find(path))
        }
    };
    // The mod's own map regions: checked here, drawn by the desktop.
    let (regions, whole): (Vec<String>, bool) = match map_overlay(folder) {
        Ok(Some(map)) => (map.regions.into_iter().map(|r| r.id).collect(), map.whole),
        Ok(None) => (Vec::new(), false),
        Err(report) => {
            let file = report.file.clone();
            diags.extend(report.diagnostics.into_iter().map(|mut d| {
                d.file.get_or_insert_with(|| file.clone());
                d
            }));
            (Vec::new(), false)
        }
    };
    let (setup, mut found) = super::resolve::resolve_located(
        &merged,
        &locate,
        super::resolve::OwnMap {
            regions: &regions,
            whole,
        },
    );
    // A reference the base still makes to what the mod removed says so.
    for (i, r) in m.remove.iter().enumerate() {
        let Some((_, id)) = r.split_once(':') else {
            continue;
        };
        let named = format!("`{id}`");
        let at = mod_spans.find(&format!("remove[{i}]"));
        for d in found.iter_mut().filter(|d| {
            d.severity == Severity::Error
                && d.file.as_deref() == Some(base_name.as_str())
                && d.message.contains(&named)
        }) {
            d.hint = Some(format!(
                "the mod removes `{r}` ({}:{}:{}): remove or replace what names it too",
                mod_name, at.line, at.col
            ));
        }
    }
    diags.extend(found);
    let mut report = Report {
        file: mod_name.clone(),
        diagnostics: diags,
    };
    report.sort();
    match setup {
        Some(setup) if !report.has_errors() => {
            let config = ron::ser::PrettyConfig::new()
                .struct_names(true)
                .depth_limit(4);
            let merged_text = ron::ser::to_string_pretty(&merged, config)
                .map_err(|e| fail(format!("cannot write the merged scenario: {e}")))?;
            let mut sources = vec![mod_path.clone()];
            sources.extend(base_path.clone());
            sources.extend(base_sources);
            sources.extend(inside(folder, MAP_FILE).ok().flatten());
            Ok(Loaded {
                setup: std::sync::Arc::new(setup),
                warnings: report,
                content_hash: super::fnv1a(format!("{base_text}\u{0}{text}").as_bytes()),
                text: merged_text,
                sources,
            })
        }
        _ => Err(report),
    }
}

/// The mods folder in the platform's data folder, and the mods in it.
pub fn installed(data_dir: &Path) -> Vec<PathBuf> {
    mods_in(&data_dir.join("mods"))
}

/// The mod folders in `dir`, in name order.
fn mods_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| mod_file(p).is_some())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
