//! `spheres tournament`: many matches in parallel, a summary table with
//! confidence intervals, win rates, outcome frequencies and A/B comparisons
//! of profiles with p-values; one row per match to CSV or JSON; shards that
//! `tournament merge` recombines into exactly the summary one run prints.

use super::stats;
use super::{Failure, apply_ai, load_scenario};
use crate::rules::Setup;
use crate::rules::rng::mix;
use crate::rules::setup::ProfileKind;
use crate::sim::authority::Control;
use crate::sim::{MatchSettings, run_match};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One match of a tournament.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchRow {
    pub seed: u64,
    /// 0, or the side of a comparison (0 = A, 1 = B).
    pub variant: u8,
    /// The comparison this row belongs to (`ussr=hardliner,pragmatist`), if any.
    pub compare: String,
    pub outcome: String,
    pub state_hash: String,
    /// (power, profile) for the great powers, in scenario order.
    pub profiles: Vec<(String, String)>,
    /// (power, score) for the great powers, in scenario order.
    pub scores: Vec<(String, f64)>,
}

/// A tournament's plan.
#[derive(Clone, Debug)]
pub struct Plan {
    pub setup: Arc<Setup>,
    pub matches: usize,
    pub seed_start: u64,
    pub shard: (usize, usize),
    pub fixed: Vec<String>,
    pub pool: Vec<usize>,
    pub compare: Option<(String, usize, usize)>,
    pub bot_timeout: std::time::Duration,
}

/// Parses `I/N` (1-based).
pub fn parse_shard(s: &str) -> Result<(usize, usize), Failure> {
    let bad = || {
        Failure::usage(format!(
            "--shard {s}: expected I/N with 1 <= I <= N, e.g. --shard 2/8"
        ))
    };
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i == 0 || i > n {
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

impl Plan {
    /// The match indices of this shard.
    pub fn indices(&self) -> Vec<usize> {
        let (i, n) = self.shard;
        (0..self.matches).filter(|k| k % n == i - 1).collect()
    }

    /// The settings of match `k`.
    pub fn settings(&self, k: usize) -> Result<(MatchSettings, u64, u8), Failure> {
        let setup = &self.setup;
        let (seed, variant) = match self.compare {
            Some(_) => (self.seed_start + (k / 2) as u64, (k % 2) as u8),
            None => (self.seed_start + k as u64, 0),
        };
        let mut settings = MatchSettings::defaults(setup, seed);
        settings.bot_timeout = self.bot_timeout;
        for p in setup.great_powers() {
            let pick = mix(seed ^ mix(u64::from(p.0) + 0x7001)) % self.pool.len().max(1) as u64;
            if let Some(i) = self.pool.get(pick as usize) {
                settings.controls[p.index()] = Control::Ai(*i);
            }
        }
        apply_ai(setup, &mut settings, &self.fixed)?;
        if let Some((power, a, b)) = &self.compare {
            let p = setup
                .power_id(power)
                .ok_or_else(|| Failure::usage(format!("--compare: unknown power `{power}`")))?;
            settings.controls[p.index()] = Control::Ai(if variant == 0 { *a } else { *b });
        }
        Ok((settings, seed, variant))
    }

    fn compare_label(&self) -> String {
        match &self.compare {
            Some((p, a, b)) => format!(
                "{p}={},{}",
                self.setup.profiles[*a].id, self.setup.profiles[*b].id
            ),
            None => String::new(),
        }
    }

    /// Plays match `k`.
    pub fn play(&self, k: usize) -> Result<MatchRow, Failure> {
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
        })
    }
}

/// Runs a tournament's shard on `jobs` threads; `progress` shows a bar.
pub fn run(plan: &Plan, jobs: usize, progress: bool) -> Result<Vec<MatchRow>, Failure> {
    use rayon::prelude::*;
    let indices = plan.indices();
    let bar = if progress {
        let bar = indicatif::ProgressBar::new(indices.len() as u64);
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
    let rows: Vec<Result<MatchRow, Failure>> = pool.install(|| {
        indices
            .par_iter()
            .map(|k| {
                let row = plan.play(*k);
                bar.inc(1);
                row
            })
            .collect()
    });
    bar.finish_and_clear();
    rows.into_iter().collect()
}

/// The summary table of a set of rows (any order: it is sorted first).
pub fn summary(scenario: &str, rows: &[MatchRow]) -> String {
    let mut rows: Vec<&MatchRow> = rows.iter().collect();
    rows.sort_by_key(|a| (a.seed, a.variant));
    let mut s = String::new();
    let n = rows.len();
    let (lo, hi) = (
        rows.first().map_or(0, |r| r.seed),
        rows.last().map_or(0, |r| r.seed),
    );
    let _ = writeln!(s, "Tournament: {scenario}, {n} matches (seeds {lo}-{hi})");
    // Per power and profile: scores and wins.
    let mut cells: BTreeMap<(usize, String, String), (Vec<f64>, f64)> = BTreeMap::new();
    for r in &rows {
        let best = r.scores.iter().map(|(_, v)| *v).fold(f64::MIN, f64::max);
        for (i, ((power, profile), (_, score))) in r.profiles.iter().zip(&r.scores).enumerate() {
            let e = cells
                .entry((i, power.clone(), profile.clone()))
                .or_default();
            e.0.push(*score);
            if *score >= best {
                e.1 += 1.0;
            }
        }
    }
    let _ = writeln!(
        s,
        "\nScores by power and profile (mean with 95% confidence interval; a win is the top score, ties shared)"
    );
    let _ = writeln!(
        s,
        "  {:<10} {:<12} {:>6} {:>8} {:>8} {:>7}",
        "power", "profile", "n", "mean", "±95%", "win%"
    );
    for ((_, power, profile), (scores, wins)) in &cells {
        let _ = writeln!(
            s,
            "  {:<10} {:<12} {:>6} {:>8.2} {:>8.2} {:>6.1}%",
            power,
            profile,
            scores.len(),
            stats::mean(scores),
            stats::ci95(scores),
            100.0 * wins / scores.len().max(1) as f64
        );
    }
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *outcomes.entry(r.outcome.as_str()).or_default() += 1;
    }
    let mut outcomes: Vec<(&str, usize)> = outcomes.into_iter().collect();
    outcomes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(s, "\nOutcomes");
    for (label, count) in outcomes {
        let _ = writeln!(
            s,
            "  {:<22} {:>6} {:>6.1}%",
            label,
            count,
            100.0 * count as f64 / n.max(1) as f64
        );
    }
    // A/B comparison.
    if let Some(spec) = rows
        .iter()
        .map(|r| r.compare.as_str())
        .find(|c| !c.is_empty())
        && let Some((power, pair)) = spec.split_once('=')
        && let Some((a, b)) = pair.split_once(',')
    {
        let side = |v: u8| -> (Vec<f64>, f64) {
            let mut scores = Vec::new();
            let mut wins = 0.0;
            for r in rows.iter().filter(|r| r.variant == v && r.compare == spec) {
                let best = r.scores.iter().map(|(_, v)| *v).fold(f64::MIN, f64::max);
                if let Some((_, score)) = r.scores.iter().find(|(p, _)| p == power) {
                    scores.push(*score);
                    if *score >= best {
                        wins += 1.0;
                    }
                }
            }
            (scores, wins)
        };
        let (sa, wa) = side(0);
        let (sb, wb) = side(1);
        let (diff, t, df, p) = stats::welch(&sa, &sb);
        let (wdiff, wp) = stats::proportions(wa, sa.len() as f64, wb, sb.len() as f64);
        let _ = writeln!(
            s,
            "\nComparison for {power}: {a} (A, n = {}) against {b} (B, n = {})",
            sa.len(),
            sb.len()
        );
        let _ = writeln!(
            s,
            "  score     A {:.2}  B {:.2}  difference {:+.2}  Welch t = {:.2}, df = {:.1}, p = {:.4}",
            stats::mean(&sa),
            stats::mean(&sb),
            diff,
            t,
            df,
            p
        );
        let _ = writeln!(
            s,
            "  win rate  A {:.1}%  B {:.1}%  difference {:+.1} points  two-proportion z-test p = {:.4}",
            100.0 * wa / sa.len().max(1) as f64,
            100.0 * wb / sb.len().max(1) as f64,
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

/// Writes rows as CSV or JSON, by the file's extension.
pub fn write_rows(path: &Path, scenario: &str, rows: &[MatchRow]) -> Result<(), Failure> {
    let text = match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => to_csv(rows),
        Some("json") => {
            let doc = serde_json::json!({ "scenario": scenario, "matches": rows });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        _ => {
            return Err(Failure::usage(format!(
                "--out {}: the file must end in .csv or .json",
                path.display()
            )));
        }
    };
    crate::sim::save::write_atomically(path, &text).map_err(|e| Failure {
        message: e.to_string(),
        code: 1,
    })
}

fn to_csv(rows: &[MatchRow]) -> String {
    let mut s = String::from("seed,variant,compare,outcome,state_hash");
    if let Some(r) = rows.first() {
        for (p, _) in &r.profiles {
            let _ = write!(s, ",{p}_profile,{p}_score");
        }
    }
    s.push('\n');
    for r in rows {
        let _ = write!(
            s,
            "{},{},{},{},{}",
            r.seed,
            r.variant,
            r.compare.replace(',', ";"),
            r.outcome,
            r.state_hash
        );
        for ((_, prof), (_, score)) in r.profiles.iter().zip(&r.scores) {
            let _ = write!(s, ",{prof},{score}");
        }
        s.push('\n');
    }
    s
}

/// Reads rows written by [`write_rows`], with the scenario id (JSON) if known.
pub fn read_rows(path: &Path) -> Result<(Option<String>, Vec<MatchRow>), Failure> {
    let name = path.display().to_string();
    let fail = |line: usize, msg: String| Failure {
        message: format!("{name}:{line}:1: error: {msg}"),
        code: 1,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(1, format!("cannot read: {e}")))?;
    if name.ends_with(".json") {
        #[derive(Deserialize)]
        struct Doc {
            scenario: String,
            matches: Vec<MatchRow>,
        }
        let doc: Doc = serde_json::from_str(&text)
            .map_err(|e| fail(e.line(), format!("not a tournament JSON file: {e}")))?;
        return Ok((Some(doc.scenario), doc.matches));
    }
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| fail(1, "empty file".into()))?
        .split(',')
        .collect();
    if header.get(..5) != Some(&["seed", "variant", "compare", "outcome", "state_hash"][..])
        || !(header.len() - 5).is_multiple_of(2)
    {
        return Err(fail(
            1,
            "not a tournament CSV file (unexpected header)".into(),
        ));
    }
    let powers: Vec<String> = header[5..]
        .chunks(2)
        .map(|c| c[0].trim_end_matches("_profile").to_string())
        .collect();
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != header.len() {
            return Err(fail(
                i + 2,
                format!("{} fields, expected {}", f.len(), header.len()),
            ));
        }
        let num = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| fail(i + 2, format!("`{s}` is not a number")))
        };
        let mut profiles = Vec::new();
        let mut scores = Vec::new();
        for (k, p) in powers.iter().enumerate() {
            profiles.push((p.clone(), f[5 + 2 * k].to_string()));
            scores.push((p.clone(), num(f[6 + 2 * k])?));
        }
        rows.push(MatchRow {
            seed: f[0].parse().map_err(|_| fail(i + 2, "bad seed".into()))?,
            variant: f[1]
                .parse()
                .map_err(|_| fail(i + 2, "bad variant".into()))?,
            compare: f[2].replace(';', ","),
            outcome: f[3].to_string(),
            state_hash: f[4].to_string(),
            profiles,
            scores,
        });
    }
    Ok((None, rows))
}

/// `spheres tournament merge FILES...`: the summary of all shards together.
pub fn merge(files: &[PathBuf], scenario_hint: &str) -> Result<String, Failure> {
    let mut all = Vec::new();
    let mut scenario = None;
    for f in files {
        let (s, rows) = read_rows(f)?;
        scenario = scenario.or(s);
        all.extend(rows);
    }
    all.sort_by_key(|a| (a.seed, a.variant));
    all.dedup_by(|a, b| (a.seed, a.variant) == (b.seed, b.variant));
    Ok(summary(scenario.as_deref().unwrap_or(scenario_hint), &all))
}

/// Builds the plan from the command line.
pub fn plan(args: &super::cli::TournamentArgs) -> Result<Plan, Failure> {
    let loaded = load_scenario(args.scenario.as_deref())?;
    let setup = loaded.setup;
    let matches = args.matches.ok_or_else(|| {
        Failure::usage("--matches N is required (or use `tournament merge FILES...`)")
    })?;
    if matches == 0 {
        return Err(Failure::usage("--matches must be at least 1"));
    }
    let shard = match &args.shard {
        Some(s) => parse_shard(s)?,
        None => (1, 1),
    };
    let pool = match &args.profiles {
        Some(list) => list
            .split(',')
            .map(|p| {
                setup
                    .profile_index(p.trim())
                    .ok_or_else(|| Failure::usage(format!("--profiles: unknown profile `{p}`")))
            })
            .collect::<Result<Vec<_>, _>>()?,
        None => default_pool(&setup),
    };
    let compare = match &args.compare {
        None => None,
        Some(spec) => {
            let bad = || {
                Failure::usage(format!(
                    "--compare {spec}: expected POWER=A,B, e.g. --compare ussr=hardliner,pragmatist"
                ))
            };
            let (power, pair) = spec.split_once('=').ok_or_else(bad)?;
            let (a, b) = pair.split_once(',').ok_or_else(bad)?;
            setup
                .power_id(power)
                .ok_or_else(|| Failure::usage(format!("--compare: unknown power `{power}`")))?;
            let a = setup
                .profile_index(a)
                .ok_or_else(|| Failure::usage(format!("--compare: unknown profile `{a}`")))?;
            let b = setup
                .profile_index(b)
                .ok_or_else(|| Failure::usage(format!("--compare: unknown profile `{b}`")))?;
            Some((power.to_string(), a, b))
        }
    };
    let plan = Plan {
        setup,
        matches,
        seed_start: args.seed_start,
        shard,
        fixed: args.ai.clone(),
        pool,
        compare,
        bot_timeout: super::bot_timeout(args.bot_timeout)?,
    };
    plan.settings(0)?; // reports bad --ai before any match runs
    if let Some(out) = &args.out
        && !matches!(
            out.extension().and_then(|e| e.to_str()),
            Some("csv" | "json")
        )
    {
        return Err(Failure::usage(format!(
            "--out {}: the file must end in .csv or .json",
            out.display()
        )));
    }
    Ok(plan)
}
