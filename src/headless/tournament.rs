//! `spheres tournament`: many matches in parallel, a summary table with
//! confidence intervals, win rates, outcome frequencies and A/B comparisons
//! of profiles with p-values; one row per match to CSV or JSON; shards that
//! `tournament merge` recombines into exactly the summary one run prints.
//!
//! Memory stays flat however many matches run: matches are played in
//! chunks, each row is streamed to the output file as its chunk ends, and
//! the summary accumulates online with exact sums (so it does not depend on
//! the order rows arrive in: one run and a merge of its shards print the
//! same figures). Each output file starts with the identity of its
//! tournament, which `merge` checks.

use super::stats::{self, Moments};
use super::{Failure, apply_ai, load_scenario};
use crate::ai::Level;
use crate::files::AtomicFile;
use crate::rules::Setup;
use crate::rules::rng::mix;
use crate::rules::setup::ProfileKind;
use crate::rules::text::terminal_safe;
use crate::sim::authority::Control;
use crate::sim::{MatchSettings, run_match};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Most matches one tournament may play.
pub const MAX_MATCHES: u64 = 1_000_000_000;
/// Most shards a tournament may be split into.
pub const MAX_SHARDS: u64 = 1_000_000;
/// Most worker threads.
pub const MAX_JOBS: usize = 256;
/// Matches played between two writes of the output.
const CHUNK: u64 = 1024;
/// The version of the shard files' header.
const SHARD_FORMAT: u32 = 2;
/// The columns every row of the CSV output starts with (per-power columns
/// follow), as written and as checked when shards are merged.
const FIXED_COLUMNS: [&str; 7] = [
    "seed",
    "variant",
    "compare",
    "outcome",
    "state_hash",
    "fidelity",
    "winner",
];

/// The first characters of a CSV file's header line.
const CSV_HEADER: &str = "# spheres-tournament ";

/// One match of a tournament.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchRow {
    pub seed: u64,
    /// 0, or the side of a comparison (0 = A, 1 = B).
    pub variant: u8,
    /// The comparison this row belongs to (`ussr=hardliner,pragmatist`), if any.
    pub compare: String,
    pub outcome: String,
    pub state_hash: String,
    /// The share of the scenario's history beats the match met.
    pub fidelity: f64,
    /// Who won (power ids joined by `+` on a tie; empty when nobody did).
    pub winner: String,
    /// (power, profile) for the great powers, in scenario order.
    pub profiles: Vec<(String, String)>,
    /// (power, score) for the great powers, in scenario order.
    pub scores: Vec<(String, f64)>,
    /// (power, share of its reachable score) for the great powers: the
    /// largest share wins.
    pub shares: Vec<(String, f64)>,
}

/// What tournament a shard belongs to: everything that decides its
/// matches. Two shards merge only if these are equal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The program that played it (`spheres 0.1.0`).
    pub program: String,
    pub scenario: String,
    /// FNV-1a of the scenario's text, in hex.
    pub scenario_hash: String,
    pub matches: u64,
    pub seed_start: u64,
    /// The `--ai` settings, in order.
    pub ai: Vec<String>,
    /// The profiles great powers were drawn from.
    pub profiles: Vec<String>,
    /// The `--compare` setting, if any.
    pub compare: Option<String>,
    /// Seconds a bot had for each decision.
    pub bot_timeout: f64,
}

/// The header of a shard file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardHeader {
    pub format: u32,
    pub tournament: Identity,
    /// This file's slice: shard I of N (1-based).
    pub shard: (u64, u64),
}

/// A tournament's plan.
#[derive(Clone, Debug)]
pub struct Plan {
    pub setup: Arc<Setup>,
    pub matches: u64,
    pub seed_start: u64,
    pub shard: (u64, u64),
    pub fixed: Vec<String>,
    pub pool: Vec<usize>,
    pub compare: Option<(String, Control, Control)>,
    pub bot_timeout: std::time::Duration,
    pub identity: Identity,
}

/// Parses `I/N` (1-based).
pub fn parse_shard(s: &str) -> Result<(u64, u64), Failure> {
    let bad = || {
        Failure::usage(format!(
            "--shard {}: expected I/N with 1 <= I <= N <= {MAX_SHARDS}, e.g. --shard 2/8",
            terminal_safe(s)
        ))
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i == 0 || i > n || n > MAX_SHARDS {
        return Err(bad());
    }
    Ok((i, n))
}

/// The profiles a tournament draws from by default: every profile meant for
/// a great power (random, model profiles that take initiative, historical).
pub fn default_pool(setup: &Setup) -> Vec<usize> {
    setup
        .profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != ProfileKind::Model || p.initiative > 0.0)
        .map(|(i, _)| i)
        .collect()
}

/// The match indices of shard `i` of `n` among `matches`, in order.
fn shard_indices(matches: u64, (i, n): (u64, u64)) -> impl Iterator<Item = u64> {
    (i - 1..matches).step_by(usize::try_from(n).unwrap_or(usize::MAX))
}

/// How many matches shard `i` of `n` holds.
fn shard_len(matches: u64, (i, n): (u64, u64)) -> u64 {
    if matches < i {
        0
    } else {
        (matches - i) / n + 1
    }
}

/// The seed and variant of match `k`.
fn seed_of(seed_start: u64, compare: bool, k: u64) -> (u64, u8) {
    if compare {
        (seed_start + k / 2, (k % 2) as u8)
    } else {
        (seed_start + k, 0)
    }
}

impl Plan {
    /// The settings of match `k`.
    pub fn settings(&self, k: u64) -> Result<(MatchSettings, u64, u8), Failure> {
        let setup = &self.setup;
        let (seed, variant) = seed_of(self.seed_start, self.compare.is_some(), k);
        let mut settings = MatchSettings::defaults(setup, seed);
        settings.bot_timeout = self.bot_timeout;
        for p in setup.great_powers() {
            let pick = mix(seed ^ mix(u64::from(p.0) + 0x7001)) % self.pool.len().max(1) as u64;
            if let Some(i) = self.pool.get(pick as usize) {
                settings.controls[p.index()] = Control::Ai(*i, Level::Normal);
            }
        }
        apply_ai(setup, &mut settings, &self.fixed)?;
        if let Some((power, a, b)) = &self.compare {
            let p = setup
                .power_id(power)
                .ok_or_else(|| Failure::usage(format!("--compare: unknown power `{power}`")))?;
            settings.controls[p.index()] = if variant == 0 { a.clone() } else { b.clone() };
        }
        Ok((settings, seed, variant))
    }

    fn compare_label(&self) -> String {
        match &self.compare {
            Some((p, a, b)) => format!("{p}={},{}", a.name(&self.setup), b.name(&self.setup)),
            None => String::new(),
        }
    }

    /// Plays match `k`.
    pub fn play(&self, k: u64) -> Result<MatchRow, Failure> {
        let (settings, seed, variant) = self.settings(k)?;
        let setup = self.setup.clone();
        let r = run_match(setup.clone(), settings);
        let greats: Vec<_> = setup.great_powers().collect();
        Ok(MatchRow {
            seed,
            variant,
            compare: self.compare_label(),
            outcome: r.outcome.clone(),
            state_hash: format!("{:016x}", r.state_hash),
            fidelity: f64::from(crate::rules::history::fidelity(
                &crate::rules::history::judge(&setup, &r.events),
            )),
            winner: crate::rules::score::winners(&setup, &r.shares)
                .iter()
                .map(|p| setup.power(*p).id.clone())
                .collect::<Vec<_>>()
                .join("+"),
            profiles: greats
                .iter()
                .map(|p| {
                    let name = r.settings.controls[p.index()].name(&setup);
                    (setup.power(*p).id.clone(), name)
                })
                .collect(),
            scores: greats
                .iter()
                .map(|p| (setup.power(*p).id.clone(), f64::from(r.scores[p.index()])))
                .collect(),
            shares: greats
                .iter()
                .map(|p| (setup.power(*p).id.clone(), f64::from(r.shares[p.index()])))
                .collect(),
        })
    }

    /// The header this plan's output file starts with.
    pub fn header(&self) -> ShardHeader {
        ShardHeader {
            format: SHARD_FORMAT,
            tournament: self.identity.clone(),
            shard: self.shard,
        }
    }
}

/// Runs a tournament's shard on `jobs` threads (a bar on stderr when
/// `progress`), handing each row to `sink` in match order as its chunk
/// ends; returns the summary.
pub fn run(
    plan: &Plan,
    jobs: usize,
    progress: bool,
    sink: &mut dyn FnMut(&MatchRow) -> Result<(), Failure>,
) -> Result<Summary, Failure> {
    use rayon::prelude::*;
    let total = shard_len(plan.matches, plan.shard);
    let bar = if progress {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} matches, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| Failure::usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let mut summary = Summary::new(&plan.setup.id);
    let mut indices = shard_indices(plan.matches, plan.shard);
    loop {
        let chunk: Vec<u64> = indices.by_ref().take(CHUNK as usize).collect();
        if chunk.is_empty() {
            break;
        }
        let rows: Vec<Result<MatchRow, Failure>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|k| {
                    let row = plan.play(*k);
                    bar.inc(1);
                    row
                })
                .collect()
        });
        for row in rows {
            let row = row?;
            summary.add(&row);
            sink(&row)?;
        }
    }
    bar.finish_and_clear();
    Ok(summary)
}

/// The figures of one power and profile: scores and wins.
#[derive(Clone, Debug, Default)]
struct Cell {
    scores: Moments,
    wins: u64,
}

/// The summary of a tournament, accumulated row by row in any order.
#[derive(Clone, Debug)]
pub struct Summary {
    scenario: String,
    n: u64,
    seeds: Option<(u64, u64)>,
    cells: BTreeMap<(usize, String, String), Cell>,
    outcomes: BTreeMap<String, u64>,
    /// The share of history beats met, and how many matches met them all.
    fidelity: Moments,
    faithful: u64,
    /// The comparison (`ussr=a,b`) and its two sides.
    compare: Option<String>,
    sides: [Cell; 2],
    /// A note printed first (e.g. that shards are missing).
    pub note: Option<String>,
}

impl Summary {
    /// An empty summary.
    pub fn new(scenario: &str) -> Self {
        Summary {
            scenario: scenario.to_string(),
            n: 0,
            seeds: None,
            cells: BTreeMap::new(),
            outcomes: BTreeMap::new(),
            fidelity: Moments::default(),
            faithful: 0,
            compare: None,
            sides: Default::default(),
            note: None,
        }
    }

    /// Adds one match.
    pub fn add(&mut self, r: &MatchRow) {
        self.n += 1;
        self.seeds = Some(match self.seeds {
            Some((lo, hi)) => (lo.min(r.seed), hi.max(r.seed)),
            None => (r.seed, r.seed),
        });
        let won = |power: &str| r.winner.split('+').any(|w| w == power);
        for (i, ((power, profile), (_, score))) in r.profiles.iter().zip(&r.scores).enumerate() {
            let cell = self
                .cells
                .entry((i, power.clone(), profile.clone()))
                .or_default();
            cell.scores.add(*score);
            if won(power) {
                cell.wins += 1;
            }
        }
        *self.outcomes.entry(r.outcome.clone()).or_default() += 1;
        self.fidelity.add(r.fidelity);
        if r.fidelity >= 1.0 {
            self.faithful += 1;
        }
        if !r.compare.is_empty() {
            if self.compare.is_none() {
                self.compare = Some(r.compare.clone());
            }
            if self.compare.as_deref() == Some(r.compare.as_str())
                && let Some((power, _)) = r.compare.split_once('=')
                && let Some((_, score)) = r.scores.iter().find(|(p, _)| p == power)
            {
                let side = &mut self.sides[usize::from(r.variant.min(1))];
                side.scores.add(*score);
                if won(power) {
                    side.wins += 1;
                }
            }
        }
    }

    /// The summary table.
    pub fn render(&self) -> String {
        let mut s = String::new();
        if let Some(note) = &self.note {
            let _ = writeln!(s, "{note}");
        }
        let (lo, hi) = self.seeds.unwrap_or((0, 0));
        let _ = writeln!(
            s,
            "Tournament: {}, {} matches (seeds {lo}-{hi})",
            terminal_safe(&self.scenario),
            self.n
        );
        let _ = writeln!(
            s,
            "\nScores by power and profile (mean with 95% confidence interval; a win is the largest share of the points a playable power could reach, ties shared; none if no seat reached anything)"
        );
        let _ = writeln!(
            s,
            "  {:<10} {:<12} {:>6} {:>8} {:>8} {:>7}",
            "power", "profile", "n", "mean", "±95%", "win%"
        );
        for ((_, power, profile), cell) in &self.cells {
            let _ = writeln!(
                s,
                "  {:<10} {:<12} {:>6} {:>8.2} {:>8.2} {:>6.1}%",
                terminal_safe(power),
                terminal_safe(profile),
                cell.scores.n,
                cell.scores.mean(),
                cell.scores.ci95(),
                100.0 * cell.wins as f64 / cell.scores.n.max(1) as f64
            );
        }
        let mut outcomes: Vec<(&String, &u64)> = self.outcomes.iter().collect();
        outcomes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(s, "\nOutcomes");
        for (label, count) in outcomes {
            let _ = writeln!(
                s,
                "  {:<22} {:>6} {:>6.1}%",
                terminal_safe(label),
                count,
                100.0 * *count as f64 / self.n.max(1) as f64
            );
        }
        let _ = writeln!(
            s,
            "\nHistory: mean fidelity {:.1}% (± {:.1}) of the beats; every beat met in {:.1}% of matches",
            100.0 * self.fidelity.mean(),
            100.0 * self.fidelity.ci95(),
            100.0 * self.faithful as f64 / self.n.max(1) as f64
        );
        if let Some(spec) = &self.compare
            && let Some((power, pair)) = spec.split_once('=')
            && let Some((a, b)) = pair.split_once(',')
        {
            let (power, a, b) = (terminal_safe(power), terminal_safe(a), terminal_safe(b));
            let [sa, sb] = &self.sides;
            let (diff, t, df, p) = stats::welch_of(&sa.scores, &sb.scores);
            let (na, nb) = (sa.scores.n as f64, sb.scores.n as f64);
            let (wdiff, wp) = stats::proportions(sa.wins as f64, na, sb.wins as f64, nb);
            let _ = writeln!(
                s,
                "\nComparison for {power}: {a} (A, n = {}) against {b} (B, n = {})",
                sa.scores.n, sb.scores.n
            );
            let _ = writeln!(
                s,
                "  score     A {:.2}  B {:.2}  difference {:+.2}  Welch t = {:.2}, df = {:.1}, p = {:.4}",
                sa.scores.mean(),
                sb.scores.mean(),
                diff,
                t,
                df,
                p
            );
            let _ = writeln!(
                s,
                "  win rate  A {:.1}%  B {:.1}%  difference {:+.1} points  two-proportion z-test p = {:.4}",
                100.0 * sa.wins as f64 / na.max(1.0),
                100.0 * sb.wins as f64 / nb.max(1.0),
                100.0 * wdiff,
                wp
            );
            let verdict = if p < 0.05 {
                if diff > 0.0 {
                    format!("{a} scores higher (p < 0.05)")
                } else {
                    format!("{b} scores higher (p < 0.05)")
                }
            } else {
                "no significant difference in score at the 5% level".to_string()
            };
            let _ = writeln!(s, "  verdict: {verdict}");
        }
        s
    }
}

/// The file format of `--out`, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Some(Format::Csv),
        Some(e) if e.eq_ignore_ascii_case("json") => Some(Format::Json),
        _ => None,
    }
}

fn write_failed(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::failed(format!(
        "{}: cannot write it: {e}",
        terminal_safe(&path.display().to_string())
    ))
}

/// Rows streaming to an output file (a temporary file until [`finish`]).
///
/// [`finish`]: RowWriter::finish
pub enum RowWriter {
    Csv {
        path: PathBuf,
        out: Box<csv::Writer<AtomicFile>>,
    },
    Json {
        path: PathBuf,
        out: AtomicFile,
        rows: u64,
    },
}

impl RowWriter {
    /// Starts the file with its header (and, for CSV, the column names of
    /// `powers`, the great powers).
    pub fn create(path: &Path, header: &ShardHeader, powers: &[String]) -> Result<Self, Failure> {
        let mut out = AtomicFile::create(path)?;
        let meta = serde_json::to_string(header).map_err(|e| write_failed(path, e))?;
        match format_of(path) {
            Some(Format::Csv) => {
                writeln!(out, "{CSV_HEADER}{meta}").map_err(|e| write_failed(path, e))?;
                let mut w = csv::Writer::from_writer(out);
                let mut names: Vec<String> = FIXED_COLUMNS.iter().map(|s| s.to_string()).collect();
                for p in powers {
                    names.push(format!("{p}_profile"));
                    names.push(format!("{p}_score"));
                    names.push(format!("{p}_share"));
                }
                w.write_record(&names).map_err(|e| write_failed(path, e))?;
                Ok(RowWriter::Csv {
                    path: path.to_path_buf(),
                    out: Box::new(w),
                })
            }
            Some(Format::Json) => {
                let scenario = serde_json::to_string(&header.tournament.scenario)
                    .map_err(|e| write_failed(path, e))?;
                write!(
                    out,
                    "{{\n  \"scenario\": {scenario},\n  \"tournament\": {meta},\n  \"matches\": ["
                )
                .map_err(|e| write_failed(path, e))?;
                Ok(RowWriter::Json {
                    path: path.to_path_buf(),
                    out,
                    rows: 0,
                })
            }
            None => Err(extension_error(path)),
        }
    }

    /// Writes one row.
    pub fn write(&mut self, r: &MatchRow) -> Result<(), Failure> {
        match self {
            RowWriter::Csv { path, out } => {
                let mut fields = vec![
                    r.seed.to_string(),
                    r.variant.to_string(),
                    r.compare.clone(),
                    r.outcome.clone(),
                    r.state_hash.clone(),
                    r.fidelity.to_string(),
                    r.winner.clone(),
                ];
                for (((_, profile), (_, score)), (_, share)) in
                    r.profiles.iter().zip(&r.scores).zip(&r.shares)
                {
                    fields.push(profile.clone());
                    fields.push(score.to_string());
                    fields.push(share.to_string());
                }
                out.write_record(&fields).map_err(|e| write_failed(path, e))
            }
            RowWriter::Json { path, out, rows } => {
                let row = serde_json::to_string(r).map_err(|e| write_failed(path, e))?;
                let sep = if *rows == 0 { "" } else { "," };
                *rows += 1;
                write!(out, "{sep}\n    {row}").map_err(|e| write_failed(path, e))
            }
        }
    }

    /// Ends the file and puts it in place.
    pub fn finish(self) -> Result<(), Failure> {
        match self {
            RowWriter::Csv { path, out } => {
                let file = out
                    .into_inner()
                    .map_err(|e| write_failed(&path, e.error()))?;
                Ok(file.commit()?)
            }
            RowWriter::Json { path, mut out, .. } => {
                out.write_all(b"\n  ]\n}\n")
                    .map_err(|e| write_failed(&path, e))?;
                Ok(out.commit()?)
            }
        }
    }
}

fn extension_error(path: &Path) -> Failure {
    Failure::usage(format!(
        "--out {}: the file must end in .csv or .json",
        terminal_safe(&path.display().to_string())
    ))
}

/// A reader that refuses lines longer than a limit, so a file without line
/// breaks cannot make a reader buffer it whole.
struct LineLimited<R> {
    inner: R,
    since_newline: usize,
    limit: usize,
}

impl<R: Read> Read for LineLimited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for b in &buf[..n] {
            if *b == b'\n' {
                self.since_newline = 0;
            } else {
                self.since_newline += 1;
                if self.since_newline > self.limit {
                    return Err(std::io::Error::other(format!(
                        "a line longer than {} bytes",
                        self.limit
                    )));
                }
            }
        }
        Ok(n)
    }
}

/// A shard file being read: its header, then its rows one by one.
struct ShardReader {
    name: String,
    header: ShardHeader,
    /// The match indices its rows must have, in order.
    expected: std::iter::Peekable<Box<dyn Iterator<Item = u64>>>,
    rows: u64,
}

impl ShardReader {
    fn fail(&self, row: Option<u64>, msg: impl std::fmt::Display) -> Failure {
        shard_error(&self.name, row.map_or(1, |r| r + 2), msg)
    }

    /// Checks a row read from the file against where it must be.
    fn check(&mut self, row: &MatchRow, powers: &[String]) -> Result<(), Failure> {
        let at = Some(self.rows);
        let id = &self.header.tournament;
        let Some(k) = self.expected.next() else {
            return Err(self.fail(
                at,
                format!(
                    "one row too many: shard {}/{} has {} matches",
                    self.header.shard.0,
                    self.header.shard.1,
                    shard_len(id.matches, self.header.shard)
                ),
            ));
        };
        let (seed, variant) = seed_of(id.seed_start, id.compare.is_some(), k);
        if (row.seed, row.variant) != (seed, variant) {
            return Err(self.fail(
                at,
                format!(
                    "seed {} (variant {}) does not belong here: this row of shard {}/{} is seed {seed} (variant {variant}); is the file edited or another tournament's?",
                    row.seed, row.variant, self.header.shard.0, self.header.shard.1
                ),
            ));
        }
        let names: Vec<&String> = row.scores.iter().map(|(p, _)| p).collect();
        let named: Vec<&String> = row.profiles.iter().map(|(p, _)| p).collect();
        let shared: Vec<&String> = row.shares.iter().map(|(p, _)| p).collect();
        if names.len() != powers.len()
            || names.iter().zip(powers).any(|(a, b)| *a != b)
            || named != names
            || shared != names
        {
            return Err(self.fail(at, "the row's powers differ from the header's"));
        }
        if !(0.0..=1.0).contains(&row.fidelity) {
            return Err(self.fail(
                at,
                format!("a fidelity of {} is not between 0 and 1", row.fidelity),
            ));
        }
        if let Some((p, v)) = row
            .scores
            .iter()
            .chain(&row.shares)
            .find(|(_, v)| !v.is_finite())
        {
            return Err(self.fail(
                at,
                format!("{}'s score is {v}, not a finite number", terminal_safe(p)),
            ));
        }
        let sane = |s: &str| s.len() <= 256 && !s.chars().any(char::is_control);
        let texts = [&row.compare, &row.outcome, &row.state_hash, &row.winner];
        if !texts.iter().all(|s| sane(s)) || !row.profiles.iter().all(|(_, p)| sane(p)) {
            return Err(self.fail(at, "a field is too long or holds control characters"));
        }
        if row.compare != id.compare.clone().unwrap_or_default() {
            return Err(self.fail(at, "the row's comparison differs from the header's"));
        }
        self.rows += 1;
        Ok(())
    }

    /// After the last row: every row of the shard was there.
    fn complete(&mut self) -> Result<(), Failure> {
        if self.expected.peek().is_some() {
            let id = &self.header.tournament;
            return Err(self.fail(
                None,
                format!(
                    "the file holds {} rows, but shard {}/{} of {} matches has {} (is it truncated?)",
                    self.rows,
                    self.header.shard.0,
                    self.header.shard.1,
                    id.matches,
                    shard_len(id.matches, self.header.shard)
                ),
            ));
        }
        Ok(())
    }
}

fn shard_error(name: &str, line: u64, msg: impl std::fmt::Display) -> Failure {
    Failure::failed(format!("{name}:{line}:1: error: {msg}"))
}

/// Checks a shard's header and prepares to read its rows.
fn shard_reader(name: &str, header: ShardHeader) -> Result<ShardReader, Failure> {
    let fail = |msg: String| shard_error(name, 1, msg);
    if header.format != SHARD_FORMAT {
        return Err(fail(format!(
            "shard format {}; this build reads format {SHARD_FORMAT}",
            header.format
        )));
    }
    let id = &header.tournament;
    let (i, n) = header.shard;
    if !(1..=MAX_MATCHES).contains(&id.matches)
        || n == 0
        || i == 0
        || i > n
        || n > MAX_SHARDS
        || id.seed_start.checked_add(id.matches).is_none()
    {
        return Err(fail(
            "the header's matches, seeds or shard are out of range".into(),
        ));
    }
    let expected: Box<dyn Iterator<Item = u64>> = Box::new(shard_indices(id.matches, (i, n)));
    Ok(ShardReader {
        name: name.to_string(),
        header,
        expected: expected.peekable(),
        rows: 0,
    })
}

/// Largest line of a CSV shard; of a JSON shard (which may be minified).
const MAX_CSV_LINE: usize = 1024 * 1024;
const MAX_JSON_LINE: usize = 64 * 1024 * 1024;

/// Reads a shard file row by row: its header first, then each row (checked
/// to be the next of its shard) handed to `each`.
fn read_shard(
    path: &Path,
    on_header: &mut dyn FnMut(&ShardHeader, &str) -> Result<(), Failure>,
    each: &mut dyn FnMut(&MatchRow) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let name = terminal_safe(&path.display().to_string()).into_owned();
    let file = crate::files::open_for_reading(path)?;
    match format_of(path) {
        Some(Format::Json) => read_json_shard(&name, file, on_header, each),
        _ => read_csv_shard(&name, file, on_header, each),
    }
}

fn read_csv_shard(
    name: &str,
    file: std::fs::File,
    on_header: &mut dyn FnMut(&ShardHeader, &str) -> Result<(), Failure>,
    each: &mut dyn FnMut(&MatchRow) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut input = std::io::BufReader::new(LineLimited {
        inner: file,
        since_newline: 0,
        limit: MAX_CSV_LINE,
    });
    let mut first = String::new();
    input
        .read_line(&mut first)
        .map_err(|e| shard_error(name, 1, format!("cannot read it: {e}")))?;
    let first = first.trim_start_matches('\u{feff}').trim_end();
    let Some(meta) = first.strip_prefix(CSV_HEADER) else {
        return Err(shard_error(
            name,
            1,
            "not a tournament file: it does not start with the `# spheres-tournament` header that `tournament --out` writes",
        ));
    };
    let header: ShardHeader = serde_json::from_str(meta)
        .map_err(|e| shard_error(name, 1, format!("the tournament header is damaged: {e}")))?;
    on_header(&header, name)?;
    let mut shard = shard_reader(name, header)?;
    let mut csv = csv::ReaderBuilder::new().from_reader(input);
    let columns = csv
        .headers()
        .map_err(|e| shard_error(name, 2, format!("cannot read the column names: {e}")))?
        .clone();
    let fixed = FIXED_COLUMNS;
    let bad_columns = || {
        shard_error(
            name,
            2,
            "unexpected column names: expected seed,variant,compare,outcome,state_hash,fidelity,winner and a profile, score and share column per power",
        )
    };
    if columns.len() < fixed.len()
        || !columns.iter().zip(fixed).all(|(a, b)| a == b)
        || !(columns.len() - fixed.len()).is_multiple_of(3)
    {
        return Err(bad_columns());
    }
    let mut powers = Vec::new();
    for triple in columns
        .iter()
        .skip(fixed.len())
        .collect::<Vec<_>>()
        .chunks(3)
    {
        let (Some(p), Some(q), Some(r)) = (
            triple[0].strip_suffix("_profile"),
            triple[1].strip_suffix("_score"),
            triple[2].strip_suffix("_share"),
        ) else {
            return Err(bad_columns());
        };
        if p != q || p != r {
            return Err(bad_columns());
        }
        powers.push(p.to_string());
    }
    let mut record = csv::StringRecord::new();
    loop {
        let line = shard.rows + 3;
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(shard_error(name, line, format!("cannot read the row: {e}"))),
        }
        if record.len() != columns.len() {
            return Err(shard_error(
                name,
                line,
                format!("{} fields, expected {}", record.len(), columns.len()),
            ));
        }
        let num = |s: &str, what: &str| {
            s.parse::<f64>().map_err(|_| {
                shard_error(
                    name,
                    line,
                    format!("the {what} `{}` is not a number", terminal_safe(s)),
                )
            })
        };
        let mut profiles = Vec::new();
        let mut scores = Vec::new();
        let mut shares = Vec::new();
        for (k, p) in powers.iter().enumerate() {
            profiles.push((p.clone(), record[7 + 3 * k].to_string()));
            scores.push((p.clone(), num(&record[8 + 3 * k], "score")?));
            shares.push((p.clone(), num(&record[9 + 3 * k], "share")?));
        }
        let row = MatchRow {
            seed: record[0]
                .parse()
                .map_err(|_| shard_error(name, line, "the seed is not a whole number"))?,
            variant: record[1]
                .parse()
                .map_err(|_| shard_error(name, line, "the variant is not 0 or 1"))?,
            compare: record[2].to_string(),
            outcome: record[3].to_string(),
            state_hash: record[4].to_string(),
            fidelity: num(&record[5], "fidelity")?,
            winner: record[6].to_string(),
            profiles,
            scores,
            shares,
        };
        shard.check(&row, &powers)?;
        each(&row)?;
    }
    shard.complete()
}

fn read_json_shard(
    name: &str,
    file: std::fs::File,
    on_header: &mut dyn FnMut(&ShardHeader, &str) -> Result<(), Failure>,
    each: &mut dyn FnMut(&MatchRow) -> Result<(), Failure>,
) -> Result<(), Failure> {
    use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
    /// The state of a streaming read: the header once seen, the first
    /// failure (kept whole, since serde's errors are text).
    struct Stream<'a> {
        name: &'a str,
        on_header: &'a mut dyn FnMut(&ShardHeader, &str) -> Result<(), Failure>,
        each: &'a mut dyn FnMut(&MatchRow) -> Result<(), Failure>,
        shard: Option<ShardReader>,
        powers: Vec<String>,
        failure: Option<Failure>,
    }
    struct Doc<'s, 'a>(&'s mut Stream<'a>);
    struct Rows<'s, 'a>(&'s mut Stream<'a>);
    impl<'de> DeserializeSeed<'de> for Doc<'_, '_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Doc<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a tournament file")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let stream = self.0;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "tournament" => {
                        let header: ShardHeader = map.next_value()?;
                        if let Err(f) = (stream.on_header)(&header, stream.name)
                            .and_then(|_| shard_reader(stream.name, header).map(Some))
                            .map(|s| stream.shard = s)
                        {
                            stream.failure = Some(f);
                            return Err(A::Error::custom("stop"));
                        }
                    }
                    "matches" => {
                        if stream.shard.is_none() {
                            stream.failure = Some(shard_error(
                                stream.name,
                                1,
                                "not a tournament file of this version: the `tournament` header must come before `matches`",
                            ));
                            return Err(A::Error::custom("stop"));
                        }
                        map.next_value_seed(Rows(&mut *stream))?;
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for Rows<'_, '_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Rows<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of matches")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let stream = self.0;
            while let Some(row) = seq.next_element::<MatchRow>()? {
                if stream.powers.is_empty() {
                    stream.powers = row.scores.iter().map(|(p, _)| p.clone()).collect();
                }
                let Some(shard) = stream.shard.as_mut() else {
                    return Err(A::Error::custom("no header"));
                };
                if let Err(f) = shard
                    .check(&row, &stream.powers)
                    .and_then(|_| (stream.each)(&row))
                {
                    stream.failure = Some(f);
                    return Err(A::Error::custom("stop"));
                }
            }
            Ok(())
        }
    }
    let mut stream = Stream {
        name,
        on_header,
        each,
        shard: None,
        powers: Vec::new(),
        failure: None,
    };
    let input = std::io::BufReader::new(LineLimited {
        inner: file,
        since_newline: 0,
        limit: MAX_JSON_LINE,
    });
    let mut de = serde_json::Deserializer::from_reader(input);
    let parsed = Doc(&mut stream).deserialize(&mut de).and_then(|_| de.end());
    if let Some(f) = stream.failure.take() {
        return Err(f);
    }
    if let Err(e) = parsed {
        return Err(shard_error(
            name,
            e.line() as u64,
            format!("not a tournament JSON file: {e}"),
        ));
    }
    match stream.shard.as_mut() {
        Some(shard) => shard.complete(),
        None => Err(shard_error(
            name,
            1,
            "not a tournament file: it has no `tournament` header",
        )),
    }
}

/// `spheres tournament merge FILES...`: the summary of all shards together.
/// Refuses shards of different tournaments, the same shard twice and
/// damaged rows; says which shards are missing.
pub fn merge(files: &[PathBuf]) -> Result<String, Failure> {
    let mut reference: Option<(Identity, String)> = None;
    let mut seen: BTreeMap<u64, String> = BTreeMap::new();
    let mut count = 0u64;
    let mut summary = Summary::new("");
    for f in files {
        let mut on_header = |h: &ShardHeader, name: &str| -> Result<(), Failure> {
            let fail = |msg: String| shard_error(name, 1, msg);
            match &reference {
                None => reference = Some((h.tournament.clone(), name.to_string())),
                Some((id, first)) => {
                    if let Some(what) = difference(id, &h.tournament) {
                        return Err(fail(format!(
                            "belongs to another tournament than {first}: {what}"
                        )));
                    }
                }
            }
            count = h.shard.1;
            if let Some(other) = seen.insert(h.shard.0, name.to_string()) {
                return Err(fail(format!(
                    "shard {}/{} is given twice (also {other})",
                    h.shard.0, h.shard.1
                )));
            }
            Ok(())
        };
        let mut each = |r: &MatchRow| -> Result<(), Failure> {
            summary.add(r);
            Ok(())
        };
        read_shard(f, &mut on_header, &mut each)?;
    }
    let Some((identity, _)) = reference else {
        return Err(Failure::usage("tournament merge: no shard files given"));
    };
    summary.scenario = identity.scenario;
    let missing: Vec<String> = (1..=count)
        .filter(|i| !seen.contains_key(i))
        .take(50)
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        let absent = count - seen.len() as u64;
        let more = if absent > 50 { ", …" } else { "" };
        summary.note = Some(format!(
            "Note: {} of {count} shards merged; missing shard(s) {}{more}: the figures cover only the matches of the shards given.",
            seen.len(),
            missing.join(", ")
        ));
    }
    Ok(summary.render())
}

/// What differs between two tournaments, in words (None: the same).
fn difference(a: &Identity, b: &Identity) -> Option<String> {
    let show = |v: &dyn std::fmt::Debug| terminal_safe(&format!("{v:?}")).into_owned();
    let differs = |what: &str, x: &dyn std::fmt::Debug, y: &dyn std::fmt::Debug| {
        Some(format!(
            "{what} differs ({} there, {} here)",
            show(x),
            show(y)
        ))
    };
    if a.scenario != b.scenario || a.scenario_hash != b.scenario_hash {
        return differs(
            "the scenario",
            &(&a.scenario, &a.scenario_hash),
            &(&b.scenario, &b.scenario_hash),
        );
    }
    if (a.matches, a.seed_start) != (b.matches, b.seed_start) {
        return differs(
            "--matches/--seed-start",
            &(a.matches, a.seed_start),
            &(b.matches, b.seed_start),
        );
    }
    if a.ai != b.ai {
        return differs("--ai", &a.ai, &b.ai);
    }
    if a.profiles != b.profiles {
        return differs("--profiles", &a.profiles, &b.profiles);
    }
    if a.compare != b.compare {
        return differs("--compare", &a.compare, &b.compare);
    }
    if a.bot_timeout.to_bits() != b.bot_timeout.to_bits() {
        return differs("--bot-timeout", &a.bot_timeout, &b.bot_timeout);
    }
    if a.program != b.program {
        return differs("the program version", &a.program, &b.program);
    }
    None
}

/// Builds the plan from the command line, checking every setting (and the
/// output path) before any match is played.
pub fn plan(args: &super::cli::TournamentArgs) -> Result<Plan, Failure> {
    let matches = args.matches.ok_or_else(|| {
        Failure::usage("--matches N is required (or use `tournament merge FILES...`)")
    })?;
    if !(1..=MAX_MATCHES).contains(&matches) {
        return Err(Failure::usage(format!(
            "--matches {matches}: give 1 to {MAX_MATCHES} (split larger runs with --seed-start)"
        )));
    }
    let shard = match &args.shard {
        Some(s) => parse_shard(s)?,
        None => (1, 1),
    };
    if shard.1 > matches {
        return Err(Failure::usage(format!(
            "--shard {}/{}: {matches} matches cannot fill {} shards; use at most {matches}",
            shard.0, shard.1, shard.1
        )));
    }
    let compare_seeds = if args.compare.is_some() {
        matches.div_ceil(2)
    } else {
        matches
    };
    if args.seed_start.checked_add(compare_seeds).is_none() {
        return Err(Failure::usage(format!(
            "--seed-start {}: the seeds of {matches} matches would pass the largest seed",
            args.seed_start
        )));
    }
    if let Some(jobs) = args.jobs
        && !(1..=MAX_JOBS).contains(&jobs)
    {
        return Err(Failure::usage(format!(
            "--jobs {jobs}: give 1 to {MAX_JOBS}"
        )));
    }
    if let Some(out) = &args.out {
        if format_of(out).is_none() {
            return Err(extension_error(out));
        }
        crate::files::check_output(out)?;
    }
    let loaded = load_scenario(args.scenario.as_deref())?;
    if let Some(out) = &args.out {
        crate::files::not_an_input(out, &loaded.sources)?;
    }
    let setup = loaded.setup;
    let pool = match &args.profiles {
        Some(list) => list
            .split(',')
            .map(|p| {
                setup.profile_index(p.trim()).ok_or_else(|| {
                    Failure::usage(format!(
                        "--profiles: unknown profile `{}`",
                        terminal_safe(p)
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => default_pool(&setup),
    };
    let compare = match &args.compare {
        None => None,
        Some(spec) => {
            let bad = || {
                Failure::usage(format!(
                    "--compare {}: expected POWER=A,B, e.g. --compare ussr=hardliner,pragmatist",
                    terminal_safe(spec)
                ))
            };
            let (power, pair) = spec.split_once('=').ok_or_else(bad)?;
            let (a, b) = pair.split_once(',').ok_or_else(bad)?;
            let unknown = |what: &str, id: &str| {
                Failure::usage(format!("--compare: unknown {what} `{}`", terminal_safe(id)))
            };
            let p = setup
                .power_id(power)
                .ok_or_else(|| unknown("power", power))?;
            let control = |spec: &str| {
                super::control_of(&setup, p, spec)
                    .map_err(|why| Failure::usage(format!("--compare: {why}")))
            };
            let (a, b) = (control(a)?, control(b)?);
            Some((power.to_string(), a, b))
        }
    };
    let bot_timeout = super::bot_timeout(args.bot_timeout)?;
    let identity = Identity {
        program: format!("spheres {}", env!("CARGO_PKG_VERSION")),
        scenario: setup.id.clone(),
        scenario_hash: format!("{:016x}", loaded.content_hash),
        matches,
        seed_start: args.seed_start,
        ai: args.ai.clone(),
        profiles: pool.iter().map(|i| setup.profiles[*i].id.clone()).collect(),
        compare: compare
            .as_ref()
            .map(|(p, a, b)| format!("{p}={},{}", a.name(&setup), b.name(&setup))),
        bot_timeout: args.bot_timeout,
    };
    let plan = Plan {
        setup,
        matches,
        seed_start: args.seed_start,
        shard,
        fixed: args.ai.clone(),
        pool,
        compare,
        bot_timeout,
        identity,
    };
    plan.settings(0)?; // reports bad --ai before any match runs
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_matches() {
        for (matches, n) in [(10u64, 3u64), (1, 1), (7, 7), (100, 8)] {
            let mut all: Vec<u64> = (1..=n)
                .flat_map(|i| {
                    let v: Vec<u64> = shard_indices(matches, (i, n)).collect();
                    assert_eq!(v.len() as u64, shard_len(matches, (i, n)));
                    v
                })
                .collect();
            all.sort_unstable();
            assert_eq!(all, (0..matches).collect::<Vec<_>>());
        }
    }
}
