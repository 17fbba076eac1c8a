//! Semantic validation and resolution: checks a parsed [`ScenarioFile`] for
//! every problem at once (unknown or duplicate ids, dates outside the
//! scenario, clauses naming missing states, objectives that can never be
//! reached, weights out of range) and, when there is no error, builds the
//! rules layer's [`Setup`].

use super::schema::*;
use super::spans::Spans;
use super::{Diagnostic, Severity};
use crate::rules::calendar::{Calendar, Date};
use crate::rules::clause::Secret;
use crate::rules::clause::{Clause, Consequence, MapIds};
use crate::rules::condition::Condition;
use crate::rules::ids::{BlocId, LeaderId, PowerId, StateId, TreatyId};
use crate::rules::memory::MemoryKind;
use crate::rules::relation::{PairTable, Relation};
use crate::rules::setup::*;
use std::collections::BTreeMap;

/// Most powers, states, leaders or blocs a scenario may hold (ids are bytes).
pub const MAX_TABLE: usize = 200;
/// Most entries in any other list.
pub const MAX_LIST: usize = 2_000;
/// The most days off its date a history beat may tolerate.
pub const MAX_TOLERANCE_DAYS: u32 = 366;

/// Where a document path is written: the file (when not the main one) and
/// the position.
pub type Locate<'a> = &'a dyn Fn(&str) -> (Option<String>, super::spans::Position);

struct Ctx<'a> {
    locate: Locate<'a>,
    diags: Vec<Diagnostic>,
    powers: BTreeMap<&'a str, PowerId>,
    states: BTreeMap<&'a str, StateId>,
    leaders: BTreeMap<&'a str, LeaderId>,
    blocs: BTreeMap<&'a str, BlocId>,
    ideologies: BTreeMap<&'a str, usize>,
    treaties: BTreeMap<&'a str, TreatyId>,
    profiles: BTreeMap<&'a str, usize>,
    calendar: Option<Calendar>,
}

impl<'a> Ctx<'a> {
    fn push(&mut self, severity: Severity, path: &str, message: String, hint: Option<String>) {
        let (file, pos) = (self.locate)(path);
        self.diags.push(Diagnostic {
            severity,
            line: pos.line,
            col: pos.col,
            path: path.to_string(),
            message,
            hint,
            file,
        });
    }

    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into(), None);
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into(), None);
    }

    fn lookup<T: Copy>(
        &mut self,
        table: for<'c> fn(&'c Ctx<'a>) -> &'c BTreeMap<&'a str, T>,
        what: &str,
        path: &str,
        id: &str,
    ) -> Option<T> {
        if let Some(v) = table(self).get(id) {
            return Some(*v);
        }
        let hint = suggest(id, table(self).keys().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                let known: Vec<&str> = table(self).keys().copied().take(12).collect();
                let many = match what.strip_suffix('y') {
                    Some(stem) => format!("{stem}ies"),
                    None => format!("{what}s"),
                };
                (!known.is_empty()).then(|| format!("known {many}: {}", known.join(", ")))
            });
        self.push(
            Severity::Error,
            path,
            format!("unknown {what} `{id}`"),
            hint,
        );
        None
    }

    fn power(&mut self, path: &str, id: &str) -> Option<PowerId> {
        self.lookup(|c| &c.powers, "power", path, id)
    }
    fn state(&mut self, path: &str, id: &str) -> Option<StateId> {
        self.lookup(|c| &c.states, "state", path, id)
    }
    fn leader(&mut self, path: &str, id: &str) -> Option<LeaderId> {
        self.lookup(|c| &c.leaders, "leader", path, id)
    }
    fn bloc(&mut self, path: &str, id: &str) -> Option<BlocId> {
        self.lookup(|c| &c.blocs, "bloc", path, id)
    }
    fn treaty(&mut self, path: &str, id: &str) -> Option<TreatyId> {
        self.lookup(|c| &c.treaties, "treaty", path, id)
    }
    fn ideology(&mut self, path: &str, id: &str) -> Option<usize> {
        self.lookup(|c| &c.ideologies, "ideology", path, id)
    }
    fn profile(&mut self, path: &str, id: &str) -> Option<usize> {
        self.lookup(|c| &c.profiles, "profile", path, id)
    }

    /// A date inside the scenario's calendar.
    fn date_in(&mut self, path: &str, text: &str) -> Option<u32> {
        let date = self.date(path, text)?;
        let cal = self.calendar.clone()?;
        if !cal.contains(date) {
            self.push(
                Severity::Error,
                path,
                format!(
                    "date {date} is outside the scenario ({} to {})",
                    cal.start, cal.end
                ),
                Some("move it inside the calendar or widen the calendar".into()),
            );
            return None;
        }
        cal.day_of(date)
    }

    fn date(&mut self, path: &str, text: &str) -> Option<Date> {
        let d = Date::parse(text);
        if d.is_none() {
            self.push(
                Severity::Error,
                path,
                format!("`{text}` is not a date"),
                Some("write dates as \"YYYY-MM-DD\", e.g. \"1939-07-25\"".into()),
            );
        }
        d
    }

    fn range(&mut self, path: &str, what: &str, value: f32, lo: f32, hi: f32) -> f32 {
        if !value.is_finite() || value < lo || value > hi {
            self.push(
                Severity::Error,
                path,
                format!("{what} is {value}, outside {lo} to {hi}"),
                None,
            );
            return value.clamp(lo, hi);
        }
        value
    }
}

use crate::rules::text::did_you_mean as suggest;

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// Registers ids of one table, reporting bad, duplicate and too many.
fn register<'a, T, I: Copy>(
    ctx: &mut Ctx<'a>,
    list: &str,
    items: &'a [T],
    id: fn(&T) -> &String,
    make: fn(usize) -> I,
    limit: usize,
) -> BTreeMap<&'a str, I> {
    let mut map = BTreeMap::new();
    for (i, item) in items.iter().enumerate().take(limit) {
        let path = format!("{list}[{i}].id");
        let name = id(item).as_str();
        if !is_id(name) {
            ctx.push(
                Severity::Error,
                &path,
                format!("`{name}` is not a valid id"),
                Some("ids are lower-case letters, digits and `_`, starting with a letter, at most 40 long".into()),
            );
        }
        if map.insert(name, make(i)).is_some() {
            ctx.error(&path, format!("duplicate id `{name}` in `{list}`"));
        }
    }
    map
}

/// The longest text allowed in each kind of free-text field, and whether
/// it may hold line breaks.
fn text_rule(field: &str) -> Option<(usize, bool)> {
    match field {
        "label" => Some((40, false)),
        "name" => Some((80, false)),
        "title" => Some((120, false)),
        "description" | "text" | "note" | "reason" => Some((4000, true)),
        _ => None,
    }
}

/// Names, titles and texts: of a sane length, and free of control
/// characters (which could drive a terminal or forge a log line). Ids and
/// dates are checked where they are resolved.
fn check_texts(ctx: &mut Ctx<'_>, file: &ScenarioFile) {
    fn walk(ctx: &mut Ctx<'_>, value: &serde_json::Value, path: &str, field: &str) {
        match value {
            serde_json::Value::String(text) => {
                let Some((longest, lines)) = text_rule(field) else {
                    return;
                };
                let length = text.chars().count();
                if length > longest {
                    ctx.push(
                        Severity::Error,
                        path,
                        format!(
                            "the {field} is {length} characters long; at most {longest} are allowed"
                        ),
                        None,
                    );
                }
                if let Some(c) = text
                    .chars()
                    .find(|c| c.is_control() && !(lines && *c == '\n'))
                {
                    ctx.push(
                        Severity::Error,
                        path,
                        format!(
                            "the {field} holds the control character {}",
                            c.escape_unicode()
                        ),
                        Some(if lines {
                            "only line breaks (\\n) are allowed in texts".into()
                        } else {
                            "names are one line of printable text".into()
                        }),
                    );
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(ctx, item, &format!("{path}[{i}]"), field);
                }
            }
            serde_json::Value::Object(fields) => {
                for (key, item) in fields {
                    let inner = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(ctx, item, &inner, key);
                }
            }
            _ => {}
        }
    }
    if let Ok(value) = serde_json::to_value(file) {
        walk(ctx, &value, "", "");
    }
}

/// Validates and resolves a parsed file. Returns the setup (when there is no
/// error) and every diagnostic, errors and warnings, in file order.
pub fn resolve(file: &ScenarioFile, text: &str) -> (Option<Setup>, Vec<Diagnostic>) {
    // The text is indexed for positions only when a problem is found.
    let spans: std::cell::OnceCell<Spans> = std::cell::OnceCell::new();
    let locate = |path: &str| (None, spans.get_or_init(|| Spans::index(text)).find(path));
    resolve_located(file, &locate, OwnMap::default())
}

/// A mod's own map: its regions, and whether it is the whole board (the
/// game's map not drawn under it).
#[derive(Clone, Copy, Debug, Default)]
pub struct OwnMap<'a> {
    pub regions: &'a [String],
    pub whole: bool,
}

/// Validates and resolves a parsed file whose paths `locate` places;
/// `own_map` is a mod's own map, if it has one.
pub fn resolve_located(
    file: &ScenarioFile,
    locate: Locate<'_>,
    own_map: OwnMap<'_>,
) -> (Option<Setup>, Vec<Diagnostic>) {
    let mut ctx = Ctx {
        locate,
        diags: Vec::new(),
        powers: BTreeMap::new(),
        states: BTreeMap::new(),
        leaders: BTreeMap::new(),
        blocs: BTreeMap::new(),
        ideologies: BTreeMap::new(),
        treaties: BTreeMap::new(),
        profiles: BTreeMap::new(),
        calendar: None,
    };
    sizes(&mut ctx, file);
    if !ctx.diags.is_empty() {
        // Oversized lists: report the sizes and stop before the details.
        return (None, ctx.diags);
    }
    calendar(&mut ctx, file);
    let n = tables(&mut ctx, file);
    let weights = model(&mut ctx, file);
    let profiles = profiles(&mut ctx, file);
    let mut powers = powers(&mut ctx, file);
    let leaders = leaders(&mut ctx, file, &mut powers);
    let (affinity, affinity_parts) = affinity(&mut ctx, file, n);
    let states = states(&mut ctx, file);
    let blocs = blocs(&mut ctx, file);
    let treaties = treaties(&mut ctx, file);
    let (relations, sentiments, trust) = relations(&mut ctx, file, n, &weights);
    let (objectives, outcomes) = objectives(&mut ctx, file);
    let (events, timeline, plans) = events(&mut ctx, file);
    unused(&mut ctx, file, &leaders);
    undrawn(&mut ctx, file, own_map);

    let errors = ctx.diags.iter().any(|d| d.severity == Severity::Error);
    let mut diags = ctx.diags;
    diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    if errors {
        return (None, diags);
    }
    let Some(calendar) = ctx.calendar else {
        return (None, diags);
    };
    let setup = Setup {
        id: file.id.clone(),
        title: file.title.clone(),
        description: file.description.clone(),
        calendar,
        powers,
        states,
        leaders,
        blocs,
        treaties,
        relations,
        sentiments,
        trust,
        affinity,
        affinity_parts,
        model: weights,
        profiles,
        objectives,
        outcomes,
        events,
        timeline,
        plans,
    };
    (Some(setup), diags)
}

/// The file's id and the sizes of its lists (checked before anything else).
fn sizes(ctx: &mut Ctx<'_>, file: &ScenarioFile) {
    if let Some((message, hint)) = super::format_problem(file.format) {
        ctx.error("format", format!("{message}; {hint}"));
    }
    if !is_id(&file.id) {
        ctx.error("id", format!("`{}` is not a valid scenario id", file.id));
    }
    for (list, len) in [
        ("affinities", file.affinities.len()),
        ("common_grounds", file.common_grounds.len()),
        ("relations", file.relations.len()),
        ("sentiments", file.sentiments.len()),
        ("trust", file.trust.len()),
        ("objectives", file.objectives.len()),
        ("outcomes", file.outcomes.len()),
        ("events", file.events.len()),
        ("timeline", file.timeline.len()),
        ("plans", file.plans.len()),
        ("treaties", file.treaties.len()),
        ("ideologies", file.ideologies.len()),
        ("profiles", file.profiles.len()),
    ] {
        if len > MAX_LIST {
            ctx.error(
                list,
                format!("{len} entries in `{list}`; at most {MAX_LIST} are allowed"),
            );
        }
    }
    for (list, len) in [
        ("powers", file.powers.len()),
        ("states", file.states.len()),
        ("leaders", file.leaders.len()),
        ("blocs", file.blocs.len()),
    ] {
        if len > MAX_TABLE {
            ctx.error(
                list,
                format!("{len} entries in `{list}`; at most {MAX_TABLE} are allowed"),
            );
        }
    }
    check_texts(ctx, file);
}

/// The calendar: dates in order, at least one turn, at most ten years.
fn calendar(ctx: &mut Ctx<'_>, file: &ScenarioFile) {
    // Calendar.
    let start = ctx.date("calendar.start", &file.calendar.start);
    let end = ctx.date("calendar.end", &file.calendar.end);
    if !(1..=366).contains(&file.calendar.days_per_turn) {
        ctx.error(
            "calendar.days_per_turn",
            format!(
                "days_per_turn is {}; it must be 1 to 366",
                file.calendar.days_per_turn
            ),
        );
    }
    if let (Some(start), Some(end)) = (start, end) {
        let span = end.to_days() - start.to_days();
        if span < i64::from(file.calendar.days_per_turn.max(1)) {
            ctx.error("calendar.end", format!("the scenario must last at least one turn, but {end} is not a turn after {start}"));
        } else if span > 3660 {
            ctx.error("calendar.end", "a scenario may last at most ten years");
        } else {
            ctx.calendar = Some(Calendar {
                start,
                end,
                days_per_turn: file.calendar.days_per_turn.clamp(1, 366),
            });
        }
    }
}

/// The tables of ids, each id valid and given once; the number of powers.
fn tables<'a>(ctx: &mut Ctx<'a>, file: &'a ScenarioFile) -> usize {
    // Tables of ids.
    ctx.ideologies = register(
        ctx,
        "ideologies",
        &file.ideologies,
        |i| &i.id,
        |i| i,
        MAX_LIST,
    );
    ctx.powers = register(
        ctx,
        "powers",
        &file.powers,
        |p| &p.id,
        |i| PowerId(i as u8),
        MAX_TABLE,
    );
    ctx.states = register(
        ctx,
        "states",
        &file.states,
        |s| &s.id,
        |i| StateId(i as u8),
        MAX_TABLE,
    );
    ctx.leaders = register(
        ctx,
        "leaders",
        &file.leaders,
        |l| &l.id,
        |i| LeaderId(i as u8),
        MAX_TABLE,
    );
    ctx.blocs = register(
        ctx,
        "blocs",
        &file.blocs,
        |b| &b.id,
        |i| BlocId(i as u8),
        MAX_TABLE,
    );
    ctx.treaties = register(
        ctx,
        "treaties",
        &file.treaties,
        |t| &t.id,
        |i| TreatyId(i as u32),
        MAX_LIST,
    );
    ctx.profiles = register(ctx, "profiles", &file.profiles, |p| &p.id, |i| i, MAX_LIST);
    let n = file.powers.len().min(MAX_TABLE);
    if n < 2 {
        ctx.error("powers", "a scenario needs at least two powers");
    }
    if !file.powers.iter().any(|p| p.playable) {
        ctx.error(
            "powers",
            "no power is playable; mark at least one with `playable: true`",
        );
    }
    n
}

/// The model's weights, each in its documented range (the one table).
fn model(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> ModelWeights {
    // Model weights: each in its documented range (the one table).
    let m = &file.model;
    for w in ModelWeights::TABLE {
        if let Some(v) = m.get(w.name) {
            ctx.range(&format!("model.{}", w.name), w.name, v, w.min, w.max);
        }
    }
    for kind in crate::rules::MemoryKind::ALL {
        let rule = m.memory_rule(kind);
        let path = format!("model.memory.{}", kind.name());
        ctx.range(
            &format!("{path}.per_act"),
            "per_act",
            rule.per_act,
            -100.0,
            100.0,
        );
        ctx.range(&format!("{path}.decay"), "decay", rule.decay, 0.0, 1.0);
        ctx.range(&format!("{path}.cap"), "cap", rule.cap, 0.0, 1000.0);
    }
    let mut weights = m.clone();
    weights.temperature = weights.temperature.clamp(0.01, 1000.0);
    weights.insult_softness = weights.insult_softness.max(0.01);
    weights
}

/// The AI personalities.
fn profiles(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> Vec<Profile> {
    // Profiles.
    let mut profiles = Vec::new();
    for (i, p) in file.profiles.iter().enumerate() {
        let at = |f: &str| format!("profiles[{i}].{f}");
        ctx.range(&at("concession"), "concession", p.concession, 0.05, 20.0);
        ctx.range(
            &at("reservation"),
            "reservation",
            p.reservation,
            -100.0,
            100.0,
        );
        ctx.range(
            &at("reservation_floor"),
            "reservation_floor",
            p.reservation_floor,
            -100.0,
            100.0,
        );
        for (name, v) in [
            ("initiative", p.initiative),
            ("aggression", p.aggression),
            ("honour", p.honour),
            ("counter", p.counter),
            ("patience", p.patience),
        ] {
            ctx.range(&at(name), name, v, 0.0, 1.0);
        }
        ctx.range(&at("ambition"), "ambition", p.ambition, 0.0, 10.0);
        if p.reservation_floor > p.reservation {
            ctx.warn(&at("reservation_floor"), "reservation_floor is above reservation: the profile hardens toward the deadline instead of conceding");
        }
        if p.kind != ProfileKind::Random && p.reservation > 40.0 {
            ctx.warn(
                &at("reservation"),
                format!(
                    "a reservation of {} makes this profile refuse nearly everything",
                    p.reservation
                ),
            );
        }
        profiles.push(Profile {
            id: p.id.clone(),
            kind: p.kind,
            description: p.description.clone(),
            concession: p.concession.clamp(0.05, 20.0),
            reservation: p.reservation,
            reservation_floor: p.reservation_floor,
            initiative: p.initiative,
            ambition: p.ambition,
            aggression: p.aggression,
            honour: p.honour,
            counter: p.counter,
            patience: p.patience,
        });
    }
    if !profiles.iter().any(|p| p.kind == ProfileKind::Random) {
        ctx.warn(
            "profiles",
            "no profile of kind `random`: `--ai POWER=random` will not be available",
        );
    }
    profiles
}

/// The powers.
fn powers(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> Vec<PowerDef> {
    // Powers.
    let mut powers = Vec::new();
    for (i, p) in file.powers.iter().enumerate().take(MAX_TABLE) {
        let at = |f: &str| format!("powers[{i}].{f}");
        if p.name.trim().is_empty() {
            ctx.error(&at("name"), "a power needs a name");
        }
        ctx.ideology(&at("ideology"), &p.ideology);
        ctx.range(&at("strength"), "strength", p.strength, 0.0, 10_000.0);
        ctx.range(&at("trade_need"), "trade_need", p.trade_need, 0.0, 1.0);
        ctx.range(&at("isolation"), "isolation", p.isolation, 0.0, 1.0);
        let profile = ctx
            .profile(&at("default_profile"), &p.default_profile)
            .unwrap_or(0);
        let (r, g, b) = p.colour;
        if [r, g, b].iter().any(|c| !(0.0..=1.0).contains(c)) {
            ctx.error(&at("colour"), "colour components must be 0 to 1");
        }
        powers.push(PowerDef {
            id: p.id.clone(),
            name: p.name.clone(),
            great: p.great,
            playable: p.playable,
            ideology: p.ideology.clone(),
            strength: p.strength.clamp(0.0, 10_000.0),
            trade_need: p.trade_need,
            isolation: p.isolation,
            leaders: Vec::new(),
            default_profile: profile,
            colour: [r, g, b],
        });
    }
    powers
}

/// The leaders, each listed with its power (head of state first).
fn leaders(ctx: &mut Ctx<'_>, file: &ScenarioFile, powers: &mut [PowerDef]) -> Vec<LeaderDef> {
    // Leaders.
    let mut leaders = Vec::new();
    for (i, l) in file.leaders.iter().enumerate().take(MAX_TABLE) {
        let at = |f: &str| format!("leaders[{i}].{f}");
        let power = ctx.power(&at("power"), &l.power);
        ctx.range(&at("pride"), "pride", l.pride, 0.0, 1.0);
        ctx.range(&at("bias"), "bias", l.bias, -100.0, 100.0);
        let mut toward = Vec::new();
        for (j, (p, v)) in l.toward.iter().enumerate() {
            let path = format!("leaders[{i}].toward[{j}]");
            if let Some(p) = ctx.power(&format!("{path}.0"), p) {
                toward.push((
                    p,
                    ctx.range(&format!("{path}.1"), "leaning", *v, -100.0, 100.0),
                ));
            }
        }
        let mut red_lines = Vec::new();
        for (j, rl) in l.red_lines.iter().enumerate() {
            let path = format!("leaders[{i}].red_lines[{j}]");
            let matter = match &rl.matter {
                MatterFile::TerritorialRevision => Some(Matter::TerritorialRevision),
                MatterFile::ImperialIncorporation => Some(Matter::ImperialIncorporation),
                MatterFile::Ultimatum => Some(Matter::Ultimatum),
                MatterFile::ClauseKind(k) => Some(Matter::ClauseKind(*k)),
                MatterFile::StateLeaves(s) => ctx
                    .state(&format!("{path}.matter.0"), s)
                    .map(Matter::StateLeaves),
                MatterFile::Partition(s) => ctx
                    .state(&format!("{path}.matter.0"), s)
                    .map(Matter::Partition),
                MatterFile::Demand(s) => ctx
                    .state(&format!("{path}.matter.0"), s)
                    .map(Matter::Demand),
            };
            ctx.range(
                &format!("{path}.penalty"),
                "penalty",
                rl.penalty,
                0.0,
                1000.0,
            );
            if let Some(matter) = matter {
                red_lines.push(RedLine {
                    matter,
                    penalty: rl.penalty,
                    veto: rl.veto,
                    reason: rl.reason.clone(),
                });
            }
        }
        let orders_from = l
            .orders_from
            .as_ref()
            .and_then(|o| ctx.leader(&at("orders_from"), o));
        if orders_from == Some(LeaderId(i as u8)) {
            ctx.error(
                &at("orders_from"),
                "a leader cannot take orders from himself",
            );
        }
        let posted_to = l
            .posted_to
            .as_ref()
            .and_then(|p| ctx.power(&at("posted_to"), p));
        if let Some(power) = power {
            powers[power.index()].leaders.push(LeaderId(i as u8));
        }
        leaders.push(LeaderDef {
            id: l.id.clone(),
            name: l.name.clone(),
            power: power.unwrap_or(PowerId(0)),
            role: l.role,
            pride: l.pride.clamp(0.0, 1.0),
            bias: l.bias,
            toward,
            red_lines,
            orders_from,
            posted_to,
        });
    }
    for (i, p) in powers.iter_mut().enumerate() {
        // Head of state first, then government, minister, envoys.
        p.leaders.sort_by_key(|l| (leaders[l.index()].role, *l));
        if p.great && p.leaders.is_empty() {
            ctx.warn(
                &format!("powers[{i}]"),
                format!(
                    "great power `{}` has no leaders; its decisions name nobody",
                    p.id
                ),
            );
        }
    }
    leaders
}

/// Ideological affinity between powers, and the parts it is made of.
fn affinity(
    ctx: &mut Ctx<'_>,
    file: &ScenarioFile,
    n: usize,
) -> (PairTable<f32>, Vec<Vec<(f32, String)>>) {
    let mut parts: BTreeMap<(usize, usize), Vec<(f32, String)>> = BTreeMap::new();
    for (i, a) in file.affinities.iter().enumerate() {
        let x = ctx.ideology(&format!("affinities[{i}].a"), &a.a);
        let y = ctx.ideology(&format!("affinities[{i}].b"), &a.b);
        ctx.range(
            &format!("affinities[{i}].value"),
            "affinity",
            a.value,
            -100.0,
            100.0,
        );
        if let (Some(x), Some(y)) = (x, y) {
            let why = a
                .reason
                .clone()
                .unwrap_or_else(|| "ideological affinity".into());
            for key in [(x, y), (y, x)] {
                parts.entry(key).or_default().push((a.value, why.clone()));
            }
        }
    }
    for (i, g) in file.common_grounds.iter().enumerate() {
        let ids: Vec<usize> = g
            .ideologies
            .iter()
            .enumerate()
            .filter_map(|(j, id)| ctx.ideology(&format!("common_grounds[{i}].ideologies[{j}]"), id))
            .collect();
        ctx.range(
            &format!("common_grounds[{i}].bond"),
            "bond",
            g.bond,
            -100.0,
            100.0,
        );
        for &x in &ids {
            for &y in &ids {
                if x != y {
                    let why = format!("common ground: {}", g.name);
                    parts.entry((x, y)).or_default().push((g.bond, why));
                }
            }
        }
    }
    let mut affinity = PairTable::new(n, 0.0f32);
    let mut affinity_parts = vec![Vec::new(); n * n];
    for a in 0..n {
        for b in 0..n {
            let (Some(x), Some(y)) = (
                ctx.ideologies
                    .get(file.powers[a].ideology.as_str())
                    .copied(),
                ctx.ideologies
                    .get(file.powers[b].ideology.as_str())
                    .copied(),
            ) else {
                continue;
            };
            if a == b {
                continue;
            }
            if let Some(p) = parts.get(&(x, y)) {
                affinity.set(a, b, p.iter().map(|(v, _)| v).sum());
                affinity_parts[a * n + b] = p.clone();
            }
        }
    }
    (affinity, affinity_parts)
}

/// The states on the map.
fn states(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> Vec<StateDef> {
    // States.
    let mut states = Vec::new();
    for (i, s) in file.states.iter().enumerate().take(MAX_TABLE) {
        let at = |f: &str| format!("states[{i}].{f}");
        let controller = ctx.power(&at("controller"), &s.controller);
        let sphere = ctx.power(&at("sphere"), &s.sphere);
        ctx.range(&at("value"), "value", s.value, 0.0, 1000.0);
        let mut interest = Vec::new();
        for (j, (p, k)) in s.interest.iter().enumerate() {
            if let Some(p) = ctx.power(&format!("states[{i}].interest[{j}].0"), p) {
                interest.push((
                    p,
                    ctx.range(
                        &format!("states[{i}].interest[{j}].1"),
                        "interest",
                        *k,
                        0.0,
                        100.0,
                    ),
                ));
            }
        }
        states.push(StateDef {
            id: s.id.clone(),
            name: s.name.clone(),
            controller: controller.unwrap_or(PowerId(0)),
            sphere: sphere.unwrap_or(PowerId(0)),
            value: s.value,
            interest,
            imperial: s.imperial,
            region: s.region.clone(),
        });
    }
    states
}

/// The blocs and their members.
fn blocs(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> Vec<BlocDef> {
    // Blocs.
    let mut blocs = Vec::new();
    for (i, b) in file.blocs.iter().enumerate().take(MAX_TABLE) {
        let mut members = Vec::new();
        for (j, m) in b.members.iter().enumerate() {
            if let Some(p) = ctx.power(&format!("blocs[{i}].members[{j}]"), m) {
                if members.contains(&p) {
                    ctx.error(
                        &format!("blocs[{i}].members[{j}]"),
                        format!("`{m}` is listed twice"),
                    );
                }
                members.push(p);
            }
        }
        blocs.push(BlocDef {
            id: b.id.clone(),
            name: b.name.clone(),
            members,
        });
    }
    blocs
}

/// The treaties in force at the start.
fn treaties(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> Vec<TreatyDef> {
    // Treaties in force.
    let mut treaties = Vec::new();
    for (i, t) in file.treaties.iter().enumerate() {
        let at = |f: &str| format!("treaties[{i}].{f}");
        let signed = ctx.date(&at("signed"), &t.signed);
        if let (Some(d), Some(cal)) = (signed, ctx.calendar.as_ref())
            && d > cal.start
        {
            let start = cal.start;
            ctx.error(
                &at("signed"),
                format!("a treaty in force at the start cannot be signed after it ({d} > {start})"),
            );
        }
        let parties = parties(ctx, &at("parties"), &t.parties);
        if parties.len() < 2 {
            ctx.error(&at("parties"), "a treaty needs at least two parties");
        }
        let clauses = clause_list(ctx, &at("clauses"), &t.clauses, &parties);
        treaties.push(TreatyDef {
            id: t.id.clone(),
            name: t.name.clone(),
            signed: signed.unwrap_or(Date {
                year: 1900,
                month: 1,
                day: 1,
            }),
            parties,
            clauses,
            note: t.note.clone(),
        });
    }
    treaties
}

/// Relations, sentiments and trust between powers.
fn relations(
    ctx: &mut Ctx<'_>,
    file: &ScenarioFile,
    n: usize,
    weights: &ModelWeights,
) -> (PairTable<Relation>, Vec<Sentiment>, PairTable<f32>) {
    // Relations, sentiments, trust.
    let mut relations = PairTable::new(n, Relation::Normal);
    for (i, r) in file.relations.iter().enumerate() {
        let a = ctx.power(&format!("relations[{i}].a"), &r.a);
        let b = ctx.power(&format!("relations[{i}].b"), &r.b);
        if let (Some(a), Some(b)) = (a, b) {
            if a == b {
                ctx.error(
                    &format!("relations[{i}].b"),
                    "a power has no relation with itself",
                );
            }
            relations.set_pair(a.index(), b.index(), r.relation);
        }
    }
    let mut sentiments = Vec::new();
    for (i, s) in file.sentiments.iter().enumerate() {
        let of = ctx.power(&format!("sentiments[{i}].of"), &s.of);
        let toward = ctx.power(&format!("sentiments[{i}].toward"), &s.toward);
        let cap = weights.memory_rule(MemoryKind::Standing).cap;
        if s.value.abs() > cap {
            ctx.warn(
                &format!("sentiments[{i}].value"),
                format!(
                    "{} exceeds the standing memory cap {cap}; it will be cut to the cap",
                    s.value
                ),
            );
        }
        if let (Some(of), Some(toward)) = (of, toward) {
            sentiments.push(Sentiment {
                of,
                toward,
                value: s.value,
                reason: s.reason.clone(),
            });
        }
    }
    ctx.range(
        "default_trust",
        "default_trust",
        file.default_trust,
        0.0,
        1.0,
    );
    let mut trust = PairTable::new(n, file.default_trust.clamp(0.0, 1.0));
    for i in 0..n {
        trust.set(i, i, 1.0);
    }
    for (i, t) in file.trust.iter().enumerate() {
        let of = ctx.power(&format!("trust[{i}].of"), &t.of);
        let toward = ctx.power(&format!("trust[{i}].toward"), &t.toward);
        let v = ctx.range(&format!("trust[{i}].value"), "trust", t.value, 0.0, 1.0);
        if let (Some(of), Some(toward)) = (of, toward) {
            trust.set(of.index(), toward.index(), v);
        }
    }
    (relations, sentiments, trust)
}

/// The objectives (each reachable) and the outcome rules (the last `Always`).
fn objectives(ctx: &mut Ctx<'_>, file: &ScenarioFile) -> (Vec<Objective>, Vec<OutcomeRule>) {
    // Objectives and outcomes.
    let mut objectives = Vec::new();
    let mut seen = BTreeMap::new();
    for (i, o) in file.objectives.iter().enumerate() {
        let at = |f: &str| format!("objectives[{i}].{f}");
        if seen.insert(o.id.as_str(), i).is_some() {
            ctx.error(&at("id"), format!("duplicate objective id `{}`", o.id));
        }
        let power = ctx.power(&at("power"), &o.power);
        ctx.range(&at("points"), "points", o.points, -1000.0, 1000.0);
        let when = condition(ctx, &at("when"), &o.when);
        if let Some(c) = &when
            && let Some(why) = impossible(c)
        {
            ctx.push(
                Severity::Error,
                &at("when"),
                format!("objective `{}` can never be reached: {why}", o.id),
                Some("check the condition's powers and states".into()),
            );
        }
        let mut grades = Vec::new();
        for (j, g) in o.grades.iter().enumerate() {
            let at = |f: &str| format!("objectives[{i}].grades[{j}].{f}");
            let share = ctx.range(&at("share"), "share", g.share, 0.0, 1.0);
            if let Some(condition) = condition(ctx, &at("when"), &g.when) {
                grades.push(Grade { share, condition });
            }
        }
        if let (Some(power), Some(condition)) = (power, when) {
            objectives.push(Objective {
                id: o.id.clone(),
                power,
                description: o.description.clone(),
                points: o.points,
                condition,
                grades,
                touch: Default::default(),
            });
        }
    }
    for (i, p) in file.powers.iter().enumerate() {
        if p.playable && !objectives.iter().any(|o| o.power.index() == i) {
            ctx.warn(
                &format!("powers[{i}]"),
                format!(
                    "playable power `{}` has no objectives: its score is always 0",
                    p.id
                ),
            );
        }
    }
    let mut outcomes = Vec::new();
    for (i, o) in file.outcomes.iter().enumerate() {
        if !is_id(&o.label) {
            ctx.error(
                &format!("outcomes[{i}].label"),
                format!("`{}` is not a valid label (lower-case snake_case)", o.label),
            );
        }
        if let Some(condition) = condition(ctx, &format!("outcomes[{i}].when"), &o.when) {
            outcomes.push(OutcomeRule {
                label: o.label.clone(),
                description: o.description.clone(),
                condition,
            });
        }
    }
    if file.outcomes.is_empty() {
        ctx.error("outcomes", "at least one outcome rule is needed");
    } else if !matches!(
        file.outcomes.last().map(|o| &o.when),
        Some(ConditionFile::Always)
    ) {
        ctx.push(
            Severity::Error,
            &format!("outcomes[{}].when", file.outcomes.len() - 1),
            "the last outcome rule must be `Always`, so every match gets a label".into(),
            None,
        );
    }
    (objectives, outcomes)
}

/// Scripted events, the historical timeline and the plans.
fn events(
    ctx: &mut Ctx<'_>,
    file: &ScenarioFile,
) -> (Vec<ScriptedEvent>, Vec<TimelineEntry>, Vec<PlanStep>) {
    // Events, timeline, plans.
    let mut events = Vec::new();
    for (i, e) in file.events.iter().enumerate() {
        let day = ctx.date_in(&format!("events[{i}].date"), &e.date);
        let mut effects = Vec::new();
        for (j, fx) in e.effects.iter().enumerate() {
            if let Some(fx) = effect(ctx, &format!("events[{i}].effects[{j}]"), fx) {
                effects.push(fx);
            }
        }
        let only_if = e
            .only_if
            .as_ref()
            .and_then(|c| condition(ctx, &format!("events[{i}].only_if"), c));
        events.push(ScriptedEvent {
            id: e.id.clone(),
            day: day.unwrap_or(0),
            title: e.title.clone(),
            text: e.text.clone(),
            effects,
            only_if,
        });
    }
    let mut timeline = Vec::new();
    let mut ids = BTreeMap::new();
    for (i, t) in file.timeline.iter().enumerate() {
        let date = ctx.date(&format!("timeline[{i}].date"), &t.date);
        // A measured entry must fall within the match.
        let day = if t.beats.is_empty() || date.is_none() {
            None
        } else {
            ctx.date_in(&format!("timeline[{i}].date"), &t.date)
        };
        let mut beats = Vec::new();
        for (j, b) in t.beats.iter().enumerate() {
            let at = |f: &str| format!("timeline[{i}].beats[{j}].{f}");
            if ids.insert(b.id.clone(), ()).is_some() {
                ctx.error(&at("id"), format!("duplicate beat id `{}`", b.id));
            }
            if b.event.kinds.is_empty() {
                ctx.error(
                    &at("event.kinds"),
                    "a beat needs at least one kind of event",
                );
            }
            // A tolerance past a year would make any date count as on time.
            if b.tolerance_days > MAX_TOLERANCE_DAYS {
                ctx.error(
                    &at("tolerance_days"),
                    format!(
                        "tolerance_days is {}, more than {MAX_TOLERANCE_DAYS}: give the days off the date that still count as on time",
                        b.tolerance_days
                    ),
                );
            }
            let p = &b.event;
            let from = p.from.as_ref().map(|x| ctx.power(&at("event.from"), x));
            let to = p.to.as_ref().map(|x| ctx.power(&at("event.to"), x));
            let state = p.state.as_ref().map(|x| ctx.state(&at("event.state"), x));
            // Not given: any; given but unknown: an error (reported).
            let given = |x: Option<Option<PowerId>>| x.map_or(Some(None), |x| x.map(Some));
            let (Some(day), Some(from), Some(to), Some(state)) = (
                day,
                given(from),
                given(to),
                state.map_or(Some(None), |x| x.map(Some)),
            ) else {
                continue;
            };
            beats.push(Beat {
                id: b.id.clone(),
                what: if b.what.is_empty() {
                    t.text.clone()
                } else {
                    b.what.clone()
                },
                day,
                tolerance: b.tolerance_days,
                event: EventPattern {
                    kinds: p.kinds.clone(),
                    from,
                    to,
                    either_way: p.either_way,
                    state,
                    clause: p.clause,
                },
                never: b.never,
            });
        }
        if let Some(date) = date {
            timeline.push(TimelineEntry {
                date,
                text: t.text.clone(),
                beats,
            });
        }
    }
    let mut plans = Vec::new();
    for (i, p) in file.plans.iter().enumerate() {
        let at = |f: &str| format!("plans[{i}].{f}");
        let power = ctx.power(&at("power"), &p.power);
        let day = ctx.date_in(&at("date"), &p.date);
        let plan = plan(ctx, &at("plan"), power, &p.plan);
        let only_if = p
            .only_if
            .as_ref()
            .and_then(|c| condition(ctx, &at("only_if"), c));
        if let (Some(power), Some(day), Some(plan)) = (power, day, plan) {
            plans.push(PlanStep {
                power,
                day,
                plan,
                only_if,
            });
        }
    }
    (events, timeline, plans)
}

/// Warnings for things nobody uses.
fn unused(ctx: &mut Ctx<'_>, file: &ScenarioFile, leaders: &[LeaderDef]) {
    // Warnings for things nobody uses.
    for (i, l) in leaders.iter().enumerate() {
        if l.role == Role::Envoy && l.posted_to.is_none() && l.orders_from.is_none() {
            ctx.warn(
                &format!("leaders[{i}]"),
                format!(
                    "envoy `{}` is posted nowhere and takes orders from nobody: he plays no part",
                    l.id
                ),
            );
        }
    }
    for (i, _) in file.ideologies.iter().enumerate() {
        let id = file.ideologies[i].id.as_str();
        if !file.powers.iter().any(|p| p.ideology == id) {
            ctx.warn(
                &format!("ideologies[{i}]"),
                format!("ideology `{id}` is held by no power"),
            );
        }
    }
}

/// States the map cannot draw (a few named, the rest counted).
fn undrawn(ctx: &mut Ctx<'_>, file: &ScenarioFile, own_map: OwnMap<'_>) {
    let empty = std::collections::BTreeSet::new();
    let game_map = match super::map::region_ids() {
        _ if own_map.whole => Some(&empty),
        ids => ids,
    };
    if let Some(regions) = game_map {
        let undrawn: Vec<(usize, &str)> = file
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| !regions.contains(s.id.as_str()) && !own_map.regions.contains(&s.id))
            .map(|(i, s)| (i, s.id.as_str()))
            .collect();
        for (i, id) in undrawn.iter().take(3) {
            ctx.warn(
                &format!("states[{i}].id"),
                if own_map.whole {
                    format!("state `{id}` has no region on the mod's map, so it is not drawn")
                } else {
                    format!(
                        "state `{id}` has no region on the map ({}), so it is not drawn",
                        super::map::EUROPE_NAME
                    )
                },
            );
        }
        if let Some((i, _)) = undrawn.get(3) {
            ctx.warn(
                &format!("states[{i}].id"),
                format!(
                    "{} more states have no region on the map",
                    undrawn.len() - 3
                ),
            );
        }
    }
}

fn parties(ctx: &mut Ctx<'_>, path: &str, ids: &[String]) -> Vec<PowerId> {
    let mut out = Vec::new();
    for (j, p) in ids.iter().enumerate() {
        if let Some(p) = ctx.power(&format!("{path}[{j}]"), p) {
            if out.contains(&p) {
                ctx.error(&format!("{path}[{j}]"), "a party is listed twice");
            }
            out.push(p);
        }
    }
    out
}

fn clause_list(
    ctx: &mut Ctx<'_>,
    path: &str,
    list: &[ClauseFile],
    parties: &[PowerId],
) -> Vec<Clause> {
    if list.is_empty() {
        ctx.error(path, "at least one clause is needed");
    }
    if list.len() > crate::rules::action::MAX_CLAUSES {
        ctx.error(
            path,
            format!(
                "{} clauses; at most {} are allowed",
                list.len(),
                crate::rules::action::MAX_CLAUSES
            ),
        );
    }
    list.iter()
        .enumerate()
        .filter_map(|(i, c)| clause(ctx, &format!("{path}[{i}]"), c, parties))
        .collect()
}

/// Resolves a clause's ids in a file: each unknown id is reported where it
/// is written, and every power it names must be one of the parties.
struct FileIds<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    path: &'c str,
    parties: &'c [PowerId],
}

impl MapIds<String, String, String, String> for FileIds<'_, '_> {
    type P = PowerId;
    type S = StateId;
    type B = BlocId;
    type T = TreatyId;
    type Error = ();

    fn power(&mut self, at: &str, role: &'static str, p: &String) -> Result<PowerId, ()> {
        let at = format!("{}.{at}", self.path);
        let id = self.ctx.power(&at, p).ok_or(())?;
        if !self.parties.is_empty() && !self.parties.contains(&id) {
            self.ctx
                .error(&at, format!("{role} must be one of the parties"));
        }
        Ok(id)
    }
    fn state(&mut self, at: &str, s: &String) -> Result<StateId, ()> {
        self.ctx.state(&format!("{}.{at}", self.path), s).ok_or(())
    }
    fn bloc(&mut self, at: &str, b: &String) -> Result<BlocId, ()> {
        self.ctx.bloc(&format!("{}.{at}", self.path), b).ok_or(())
    }
    fn treaty(&mut self, at: &str, t: &String) -> Result<TreatyId, ()> {
        self.ctx.treaty(&format!("{}.{at}", self.path), t).ok_or(())
    }
}

fn clause(ctx: &mut Ctx<'_>, path: &str, c: &ClauseFile, parties: &[PowerId]) -> Option<Clause> {
    if let ClauseFile::TerritorialProtocol(list) = c {
        if list.is_empty() {
            ctx.error(
                path,
                "a territorial protocol must assign at least one state",
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, (s, _)) in list.iter().enumerate() {
            if !seen.insert(s) {
                ctx.error(
                    &format!("{path}.0[{i}].0"),
                    format!("state `{s}` is assigned twice"),
                );
            }
        }
    }
    c.map(&mut FileIds { ctx, path, parties }).ok()
}

fn condition(ctx: &mut Ctx<'_>, path: &str, c: &ConditionFile) -> Option<Condition> {
    let at = |f: &str| format!("{path}.{f}");
    Some(match c {
        ConditionFile::Always => Condition::Always,
        ConditionFile::AnyWar => Condition::AnyWar,
        ConditionFile::Conquest { by } => Condition::Conquest {
            by: match by {
                Some(p) => Some(ctx.power(&at("by"), p)?),
                None => None,
            },
        },
        ConditionFile::InSphere { state, power } => {
            let s = ctx.state(&at("state"), state);
            let p = ctx.power(&at("power"), power);
            Condition::InSphere {
                state: s?,
                power: p?,
            }
        }
        ConditionFile::Controls { power, state } => {
            let p = ctx.power(&at("power"), power);
            let s = ctx.state(&at("state"), state);
            Condition::Controls {
                power: p?,
                state: s?,
            }
        }
        ConditionFile::Treaty { a, b, kind } => {
            let x = ctx.power(&at("a"), a);
            let y = ctx.power(&at("b"), b);
            Condition::Treaty {
                a: x?,
                b: y?,
                kind: *kind,
            }
        }
        ConditionFile::Relation {
            a,
            b,
            at_least,
            at_most,
        } => {
            let x = ctx.power(&at("a"), a);
            let y = ctx.power(&at("b"), b);
            Condition::Relation {
                a: x?,
                b: y?,
                at_least: at_least.unwrap_or(Relation::Normal),
                at_most: at_most.unwrap_or(Relation::War),
            }
        }
        ConditionFile::TalksEnded { by, with } => {
            let x = ctx.power(&at("by"), by);
            let y = ctx.power(&at("with"), with);
            Condition::TalksEnded { by: x?, with: y? }
        }
        ConditionFile::Isolated(p) => Condition::Isolated {
            power: ctx.power(&at("0"), p)?,
        },
        ConditionFile::InBloc { power, bloc } => {
            let p = ctx.power(&at("power"), power);
            let b = ctx.bloc(&at("bloc"), bloc);
            Condition::InBloc {
                power: p?,
                bloc: b?,
            }
        }
        ConditionFile::All(list) | ConditionFile::Any(list) => {
            let mut out = Vec::new();
            let mut ok = true;
            for (i, c) in list.iter().enumerate() {
                match condition(ctx, &format!("{path}.0[{i}]"), c) {
                    Some(c) => out.push(c),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            if matches!(c, ConditionFile::All(_)) {
                Condition::All(out)
            } else {
                Condition::Any(out)
            }
        }
        ConditionFile::Not(inner) => Condition::Not(Box::new(condition(ctx, &at("0"), inner)?)),
    })
}

/// Why a condition can never hold, if it plainly cannot.
fn impossible(c: &Condition) -> Option<String> {
    match c {
        Condition::Treaty { a, b, .. } if a == b => {
            Some("a power cannot sign a treaty with itself".into())
        }
        Condition::Relation { a, b, .. } if a == b => {
            Some("a power has no relation with itself".into())
        }
        Condition::Relation {
            at_least, at_most, ..
        } if at_least > at_most => Some(format!(
            "at_least {} is worse than at_most {}",
            at_least.name(),
            at_most.name()
        )),
        Condition::TalksEnded { by, with } if by == with => {
            Some("a power cannot end talks with itself".into())
        }
        Condition::Not(inner) if matches!(**inner, Condition::Always) => {
            Some("`Not(Always)` never holds".into())
        }
        Condition::Any(v) if v.is_empty() => Some("`Any([])` never holds".into()),
        Condition::Any(v) => {
            let reasons: Vec<String> = v.iter().filter_map(impossible).collect();
            (reasons.len() == v.len()).then(|| reasons.join("; "))
        }
        Condition::All(v) => {
            if let Some(r) = v.iter().find_map(impossible) {
                return Some(r);
            }
            // The same state required in two different spheres.
            for (i, x) in v.iter().enumerate() {
                for y in &v[i + 1..] {
                    if let (
                        Condition::InSphere {
                            state: s1,
                            power: p1,
                        },
                        Condition::InSphere {
                            state: s2,
                            power: p2,
                        },
                    ) = (x, y)
                        && s1 == s2
                        && p1 != p2
                    {
                        return Some("it requires one state in two spheres at once".into());
                    }
                    if let Condition::Not(n) = y
                        && **n == *x
                    {
                        return Some("it requires a condition and its negation".into());
                    }
                    if let Condition::Not(n) = x
                        && **n == *y
                    {
                        return Some("it requires a condition and its negation".into());
                    }
                }
            }
            None
        }
        _ => None,
    }
}

fn effect(ctx: &mut Ctx<'_>, path: &str, fx: &EffectFile) -> Option<Effect> {
    let at = |f: &str| format!("{path}.{f}");
    Some(match fx {
        EffectFile::Memory {
            of,
            toward,
            kind,
            value,
        } => {
            let x = ctx.power(&at("of"), of);
            let y = ctx.power(&at("toward"), toward);
            ctx.range(&at("value"), "value", *value, -1000.0, 1000.0);
            Effect::Memory {
                of: x?,
                toward: y?,
                kind: *kind,
                value: *value,
            }
        }
        EffectFile::Trust { of, toward, value } => {
            let x = ctx.power(&at("of"), of);
            let y = ctx.power(&at("toward"), toward);
            let v = ctx.range(&at("value"), "trust", *value, 0.0, 1.0);
            Effect::Trust {
                of: x?,
                toward: y?,
                value: v,
            }
        }
        EffectFile::Relation { a, b, relation } => {
            let x = ctx.power(&at("a"), a);
            let y = ctx.power(&at("b"), b);
            if x.is_some() && x == y {
                ctx.error(&at("b"), "a power has no relation with itself");
            }
            Effect::Relation {
                a: x?,
                b: y?,
                relation: *relation,
            }
        }
        EffectFile::Proposal {
            from,
            to,
            clauses,
            deadline_days,
        } => {
            let x = ctx.power(&at("from"), from);
            let y = ctx.power(&at("to"), to);
            if x.is_some() && x == y {
                ctx.error(&at("to"), "a power cannot send a proposal to itself");
            }
            deadline(ctx, &at("deadline_days"), *deadline_days);
            let parties: Vec<PowerId> = [x, y].into_iter().flatten().collect();
            let clauses = clause_list(ctx, &at("clauses"), clauses, &parties);
            Effect::Proposal {
                from: x?,
                to: y?,
                clauses,
                deadline_days: *deadline_days,
            }
        }
        EffectFile::Strength { power, delta } => {
            let p = ctx.power(&at("power"), power);
            ctx.range(&at("delta"), "delta", *delta, -10_000.0, 10_000.0);
            Effect::Strength {
                power: p?,
                delta: *delta,
            }
        }
    })
}

fn deadline(ctx: &mut Ctx<'_>, path: &str, days: u32) {
    let max = crate::rules::action::MAX_DEADLINE_DAYS;
    if !(1..=max).contains(&days) {
        ctx.error(
            path,
            format!("deadline_days is {days}; it must be 1 to {max}"),
        );
    }
}

fn plan(ctx: &mut Ctx<'_>, path: &str, power: Option<PowerId>, p: &PlanKindFile) -> Option<Plan> {
    let at = |f: &str| format!("{path}.{f}");
    Some(match p {
        PlanKindFile::Propose {
            to,
            clauses,
            secret,
            deadline_days,
        } => {
            let t = ctx.power(&at("to"), to);
            deadline(ctx, &at("deadline_days"), *deadline_days);
            let parties: Vec<PowerId> = [power, t].into_iter().flatten().collect();
            let mut all = clause_list(ctx, &at("clauses"), clauses, &parties);
            let public = all.len();
            if !secret.is_empty() {
                all.extend(clause_list(ctx, &at("secret"), secret, &parties));
            }
            if all.len() > crate::rules::action::MAX_CLAUSES {
                ctx.error(
                    &at("secret"),
                    format!(
                        "{} clauses in all; a document has at most {}",
                        all.len(),
                        crate::rules::action::MAX_CLAUSES
                    ),
                );
            }
            let secret = (public..all.len()).fold(Secret::NONE, |m, i| m.with(i));
            Plan::Propose {
                to: t?,
                clauses: all,
                deadline_days: *deadline_days,
                secret,
            }
        }
        PlanKindFile::Ultimatum {
            to,
            demands,
            deadline_days,
            consequence,
        } => {
            let t = ctx.power(&at("to"), to);
            deadline(ctx, &at("deadline_days"), *deadline_days);
            let parties: Vec<PowerId> = [power, t].into_iter().flatten().collect();
            let demands = clause_list(ctx, &at("demands"), demands, &parties);
            let consequence = match consequence {
                ConsequenceFile::SeverRelations => Consequence::SeverRelations,
                ConsequenceFile::EndTalks => Consequence::EndTalks,
                ConsequenceFile::DeclareWar => Consequence::DeclareWar,
                ConsequenceFile::Denounce(t) => {
                    Consequence::Denounce(ctx.treaty(&at("consequence.0"), t)?)
                }
            };
            Plan::Ultimatum {
                to: t?,
                demands,
                deadline_days: *deadline_days,
                consequence,
            }
        }
        PlanKindFile::Summit {
            with,
            rounds,
            clauses,
        } => {
            let t = ctx.power(&at("with"), with);
            if !(1..=crate::rules::action::MAX_ROUNDS).contains(rounds) {
                ctx.error(
                    &at("rounds"),
                    format!(
                        "rounds is {rounds}; a summit has 1 to {}",
                        crate::rules::action::MAX_ROUNDS
                    ),
                );
            }
            let parties: Vec<PowerId> = [power, t].into_iter().flatten().collect();
            let clauses = clause_list(ctx, &at("clauses"), clauses, &parties);
            Plan::Summit {
                with: t?,
                rounds: *rounds,
                clauses,
            }
        }
        PlanKindFile::SeverRelations(p) => Plan::SeverRelations {
            with: ctx.power(&at("0"), p)?,
        },
        PlanKindFile::RecallAmbassador(p) => Plan::RecallAmbassador {
            from: ctx.power(&at("0"), p)?,
        },
        PlanKindFile::Invade(s) => Plan::Invade {
            state: ctx.state(&at("0"), s)?,
        },
        PlanKindFile::Ignore { from, until } => {
            let f = ctx.power(&at("from"), from);
            let d = ctx.date_in(&at("until"), until);
            Plan::Ignore {
                from: f?,
                until_day: d?,
            }
        }
    })
}
