//! The command-line tools: `match`, `tournament` (and `merge`), `replay`,
//! `validate` and `scenario generate`. Each returns its output as text so
//! tests can call it without a process, and the binary prints it.

pub mod cli;
pub mod modder;
pub mod output;
pub mod replay;
pub mod stats;
pub mod tournament;

use crate::ai::Level;
use crate::rules::ids::PowerId;
use crate::rules::{Setup, text};
use crate::scenario::{self, Loaded, Report};
use crate::sim::authority::Control;
use crate::sim::{MatchSettings, run_match};
use std::path::Path;
use std::sync::Arc;
use strum::VariantArray;

/// A failure at the command line; its message is what the user reads, and
/// the kind decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line itself is wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A file, a scenario, a replay or the work failed (exit 1).
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error(transparent)]
    Replay(#[from] crate::sim::replay::ReplayError),
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(message.into())
    }

    /// Any other failure (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        Failure::Failed(message.into())
    }

    /// The process's exit code for it.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) | Failure::File(_) | Failure::Replay(_) => 1,
        }
    }
}

impl From<Report> for Failure {
    fn from(r: Report) -> Self {
        Failure::Failed(r.to_string().trim_end().to_string())
    }
}

/// Loads `--scenario FILE`, or the embedded default.
pub fn load_scenario(path: Option<&Path>) -> Result<Loaded, Failure> {
    match path {
        Some(p) => Ok(scenario::load_path(p)?),
        None => Ok(scenario::summer1939()?),
    }
}

/// Applies `--ai POWER=PROFILE[:LEVEL]` settings in order (`all=` sets
/// every power).
pub fn apply_ai(
    setup: &Setup,
    settings: &mut MatchSettings,
    specs: &[String],
) -> Result<(), Failure> {
    for spec in specs {
        let Some((power, profile)) = spec.split_once('=') else {
            return Err(Failure::usage(format!(
                "--ai {spec}: expected POWER=PROFILE, e.g. --ai ussr=hardliner, --ai germany=default:hard or --ai all=historical"
            )));
        };
        let powers: Vec<PowerId> = if power == "all" {
            setup.power_ids().collect()
        } else {
            vec![
                setup
                    .power_id(power)
                    .ok_or_else(|| unknown_power(setup, spec, power))?,
            ]
        };
        for p in powers {
            settings.controls[p.index()] = control_of(setup, p, profile)
                .map_err(|why| Failure::usage(format!("--ai {spec}: {why}")))?;
        }
    }
    Ok(())
}

/// Who plays `p` by a spec: `PROFILE[:LEVEL]` (`default` is the power's own
/// default profile, unless the scenario names a profile so), or
/// `cmd:PROGRAM ARGS` for an external bot.
pub fn control_of(setup: &Setup, p: PowerId, spec: &str) -> Result<Control, String> {
    if let Some(cmd) = spec.strip_prefix("cmd:") {
        return match cmd.trim() {
            "" => Err("`cmd:` needs a program, e.g. cmd:python3 examples/random_bot.py".into()),
            cmd => Ok(Control::Bot(cmd.to_string())),
        };
    }
    let (profile, level) = match spec.split_once(':') {
        None => (spec, Level::Normal),
        Some((profile, level)) => (
            profile,
            level.parse().map_err(|_| {
                let known: Vec<String> = Level::VARIANTS.iter().map(|l| l.to_string()).collect();
                format!(
                    "unknown level `{}` (known: {})",
                    text::shown(level, 40),
                    known.join(", ")
                )
            })?,
        ),
    };
    let index = match setup.profile_index(profile) {
        Some(i) => i,
        None if profile == "default" => setup.power(p).default_profile,
        None => {
            let known: Vec<&str> = setup.profiles.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "unknown profile `{}` (known: {}, default, or cmd:PROGRAM; add :easy or :hard for a level)",
                text::shown(profile, 40),
                known.join(", ")
            ));
        }
    };
    Ok(Control::Ai(index, level))
}

fn unknown_power(setup: &Setup, spec: &str, power: &str) -> Failure {
    let known: Vec<&str> = setup.powers.iter().map(|p| p.id.as_str()).collect();
    let hint = crate::rules::text::did_you_mean(power, known.iter().copied())
        .map(|k| format!("did you mean `{k}`? "))
        .unwrap_or_default();
    Failure::usage(format!(
        "--ai {spec}: unknown power `{power}` ({hint}known: {})",
        known.join(", ")
    ))
}

/// `spheres match`: plays a match and renders it.
pub fn run_match_command(args: &cli::MatchArgs) -> Result<String, Failure> {
    // An output that cannot be written fails now, not after the match.
    if let Some(path) = &args.replay {
        crate::files::check_output(path)?;
    }
    let loaded = load_scenario(args.scenario.as_deref())?;
    if let Some(path) = &args.replay {
        crate::files::not_an_input(path, &loaded.sources)?;
    }
    let setup: Arc<Setup> = loaded.setup.clone();
    let mut settings = MatchSettings::defaults(&setup, args.seed);
    apply_ai(&setup, &mut settings, &args.ai)?;
    settings.bot_timeout = bot_timeout(args.bot_timeout)?;
    if let Some(t) = args.turns {
        if t == 0 {
            return Err(Failure::usage("--turns must be at least 1"));
        }
        settings.turns = t.min(setup.turns());
    }
    let result = match &args.replay {
        Some(path) => {
            let (result, _) = crate::sim::replay::run_recorded(setup, settings);
            let scenario_path = args.scenario.as_ref().map(|s| {
                crate::sim::replay::scenario_path_for(s, path)
                    .unwrap_or_else(|| s.display().to_string())
            });
            let file = crate::sim::replay::replay_of(&result, loaded.content_hash, scenario_path);
            crate::sim::replay::write(path, &file)?;
            result
        }
        None => run_match(setup, settings),
    };
    Ok(match args.format {
        cli::Format::Json => output::json(&result)
            .map_err(|e| Failure::failed(format!("cannot write the match as JSON: {e}")))?,
        cli::Format::Text => output::text(&result),
    })
}

/// "1 error", "3 errors".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// ", 2 warnings", or nothing when there are none.
fn and_warnings(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {}", count(n, "warning"))
    }
}

/// `spheres validate FILE...`: every problem of every file; the exit code is
/// 1 when any file has an error.
pub fn validate(files: &[std::path::PathBuf]) -> (String, i32) {
    let mut out = String::new();
    let mut code = 0;
    for f in files {
        match scenario::load_path(f) {
            Ok(loaded) => {
                out.push_str(&loaded.warnings.to_string());
                let warnings = loaded.warnings.diagnostics.len();
                out.push_str(&format!(
                    "{}: ok ({} powers, {} states, {} turns{})\n",
                    crate::files::shown(f),
                    loaded.setup.powers.len(),
                    loaded.setup.states.len(),
                    loaded.setup.turns(),
                    and_warnings(warnings)
                ));
            }
            Err(report) => {
                code = 1;
                out.push_str(&report.to_string());
                let errors = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == scenario::Severity::Error)
                    .count();
                let warnings = report.diagnostics.len() - errors;
                out.push_str(&format!(
                    "{}: {}{}\n",
                    crate::files::shown(f),
                    count(errors, "error"),
                    and_warnings(warnings)
                ));
            }
        }
    }
    (out, code)
}

/// `spheres tournament`: plays the matches and returns the summary. Rows
/// stream to `--out` as matches finish; the file appears when all are done.
pub fn run_tournament(cmd: &cli::TournamentCommand) -> Result<String, Failure> {
    if let Some(cli::TournamentAction::Merge { files }) = &cmd.action {
        return tournament::merge(files);
    }
    let args = &cmd.args;
    let plan = tournament::plan(args)?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(tournament::MAX_JOBS);
    use std::io::IsTerminal;
    let progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let powers: Vec<String> = plan
        .setup
        .great_powers()
        .map(|p| plan.setup.power(p).id.clone())
        .collect();
    let mut writer = match &args.out {
        Some(out) => Some(tournament::RowWriter::create(out, &plan.header(), &powers)?),
        None => None,
    };
    let mut played = 0u64;
    let summary = tournament::run(&plan, jobs, progress, &mut |row| {
        played += 1;
        match writer.as_mut() {
            Some(w) => w.write(row),
            None => Ok(()),
        }
    })?;
    if let Some(w) = writer {
        w.finish()?;
    }
    let secs = started.elapsed().as_secs_f64();
    say(&format!(
        "spheres: {played} matches in {secs:.2} s ({:.0} matches/s) on {jobs} job(s)",
        played as f64 / secs.max(1e-9)
    ));
    Ok(summary.render())
}

/// A line for the user on stderr; a failed write is not worth a panic (the
/// real output goes to stdout, whose failures are reported).
pub fn say(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// `spheres scenario generate`: the scenario's text, or written to `--out`
/// (then the output is a line saying so).
pub fn scenario_command(cmd: &cli::ScenarioCommand) -> Result<String, Failure> {
    let cli::ScenarioCommand::Generate {
        powers,
        states,
        seed,
        out,
    } = cmd;
    if let Some(path) = out {
        crate::files::check_output(path)?;
    }
    let text = crate::scenario::generate::generate_text((*powers).into(), (*states).into(), *seed)
        .map_err(|e| Failure::failed(format!("cannot write the generated scenario: {e}")))?;
    match out {
        Some(path) => {
            crate::files::write_atomically(path, text.as_bytes())?;
            Ok(format!(
                "spheres: wrote a scenario of {powers} powers and {states} states to {}\n",
                crate::rules::text::terminal_safe(&path.display().to_string())
            ))
        }
        None => Ok(text),
    }
}

/// `--bot-timeout SECS` as a duration.
pub fn bot_timeout(secs: f64) -> Result<std::time::Duration, Failure> {
    if !(0.01..=600.0).contains(&secs) {
        return Err(Failure::usage(format!(
            "--bot-timeout {secs}: give 0.01 to 600 seconds"
        )));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}
