//! The command line (DESIGN §6), parsed with clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Spheres: a turn-based diplomacy strategy game, Summer 1939.
#[derive(Parser, Debug)]
#[command(name = "spheres", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Play the desktop game (skips the main menu).
    Play(PlayArgs),
    /// Play one AI-vs-AI match headless and print its timeline.
    Match(MatchArgs),
    /// Run many AI-vs-AI matches in parallel and summarise them.
    Tournament(TournamentCommand),
    /// Print a replay's timeline; with --verify, re-simulate it and check its final state.
    Replay {
        /// A replay written by `match --replay`.
        file: PathBuf,
        /// Re-simulate and compare the final state hash (exit 1 on a mismatch).
        #[arg(long)]
        verify: bool,
    },
    /// Scenario tools.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Check scenario files and mod folders; print every problem as FILE:LINE:COLUMN.
    Validate {
        /// Scenario files (.ron or .json) and mod folders (holding a mod.ron or mod.json).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// How a power would judge a document: the acceptance model's itemised
    /// breakdown, at the scenario's start.
    Explain(ExplainArgs),
    /// Write a file built into the game (the scenario, the map), to start a mod from.
    Export {
        /// What to write.
        what: Exported,
        /// A folder to write it into (it must not hold a file of that name);
        /// without it, the text is printed.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write it in JSON (which the game reads as well), for editors
        /// that complete and check JSON from `spheres schema`.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of a file format (for an editor's completion
    /// and checks; docs/modding.md says how to use it).
    Schema {
        /// Which format.
        what: Schemed,
        /// A folder to write it into as spheres-WHAT.schema.json (it must
        /// not hold a file of that name); without it, the schema is printed.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List the map's regions: the ids a scenario's states and powers (or a
    /// mod's map) use, their names, and what the scenario draws there.
    Regions {
        /// A scenario file or mod folder (default: the embedded Summer 1939).
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
}

/// The files `spheres export` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exported {
    /// The Summer 1939 scenario (summer1939.ron).
    Scenario,
    /// The Polish question scenario (polish_question.ron).
    PolishQuestion,
    /// The map of Europe (europe.ron).
    Map,
}

/// The formats `spheres schema` describes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schemed {
    /// A scenario file.
    Scenario,
    /// A mod's mod.ron, or mod.json.
    Mod,
    /// A map file (a mod's map.ron).
    Map,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The power that sends the document (an id, e.g. ussr).
    pub from: String,
    /// The power that judges it.
    pub to: String,
    /// Scenario file or mod folder (default: the embedded Summer 1939).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// A state and the power whose sphere it goes to, in one territorial
    /// protocol (repeat it: --protocol ukraine=ussr --protocol belarus=ussr).
    #[arg(long, value_name = "STATE=POWER")]
    pub protocol: Vec<String>,
    /// A clause: a kind without fields (non_aggression, consultation, …) or
    /// the bot protocol's JSON, e.g. '{"kind": "guarantee", "guarantor":
    /// "britain", "state": "poland"}'. Repeat it for more clauses.
    #[arg(long, value_name = "CLAUSE")]
    pub clause: Vec<String>,
    /// Judge with this AI profile of the scenario (default: the judging
    /// power's own).
    #[arg(long)]
    pub profile: Option<String>,
}

#[derive(Args, Debug, Default)]
pub struct PlayArgs {
    /// Scenario file (default: the embedded Summer 1939).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// The power you lead: any playable power of the scenario (Summer
    /// 1939: germany, ussr, britain).
    #[arg(long = "as")]
    pub as_power: Option<String>,
    /// A saved game to load.
    #[arg(long)]
    pub load: Option<PathBuf>,
    /// Watch a replay (from `match --replay`) turn by turn.
    #[arg(long)]
    pub replay: Option<PathBuf>,
    /// Match seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Render one screen to a PNG once it is ready, then exit (for tests).
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// With --screenshot: wait this many seconds once the screen is ready
    /// (to capture, say, a hot reload in between).
    #[arg(long, value_name = "SECS", requires = "screenshot")]
    pub screenshot_delay: Option<f64>,
    /// Window size, e.g. 1920x1080.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<(u32, u32)>,
    /// The screen to capture with --screenshot.
    #[arg(long, value_parser = ["map", "diplomacy", "inbox", "log", "gameover", "menu", "newgame", "briefing"], requires = "screenshot")]
    pub screen: Option<String>,
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    /// Scenario file (default: the embedded Summer 1939).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Match seed: the same seed and settings give the same match.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// AI for a power, POWER=PROFILE[:LEVEL] (level easy, normal or hard;
    /// `default` is the power's own profile) or POWER=cmd:PROGRAM;
    /// `all=...` sets every power and later settings override it. Repeatable.
    #[arg(long, value_name = "POWER=PROFILE[:LEVEL]")]
    pub ai: Vec<String>,
    /// Play only this many turns.
    #[arg(long)]
    pub turns: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also write a replay of the match (RON) to this file.
    #[arg(long, value_name = "OUT")]
    pub replay: Option<PathBuf>,
    /// Seconds an external bot (`--ai POWER=cmd:...`) has for each decision.
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub bot_timeout: f64,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Parses `1280x720`.
fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or("expected WIDTHxHEIGHT, e.g. 1280x720")?;
    let w: u32 = w.parse().map_err(|_| "the width is not a number")?;
    let h: u32 = h.parse().map_err(|_| "the height is not a number")?;
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err("the size must be 320x240 to 8192x8192".into());
    }
    Ok((w, h))
}

/// `tournament [ARGS]` or `tournament merge FILES...`.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TournamentCommand {
    #[command(subcommand)]
    pub action: Option<TournamentAction>,
    #[command(flatten)]
    pub args: TournamentArgs,
}

#[derive(Subcommand, Debug)]
pub enum TournamentAction {
    /// Combine shard outputs (CSV or JSON) into the summary one run would print.
    Merge {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Args, Debug, Default)]
pub struct TournamentArgs {
    /// Scenario file (default: the embedded Summer 1939).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Number of matches.
    #[arg(long)]
    pub matches: Option<u64>,
    /// Seed of the first match; match k plays seed-start + k.
    #[arg(long, default_value_t = 1)]
    pub seed_start: u64,
    /// Worker threads (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Run only slice I of N (1-based), for many machines; merge the outputs.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write one row per match to FILE.csv or FILE.json.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fix a power's AI, POWER=PROFILE[:LEVEL] or POWER=cmd:PROGRAM (or
    /// all=...). Repeatable.
    #[arg(long, value_name = "POWER=PROFILE[:LEVEL]")]
    pub ai: Vec<String>,
    /// Profiles the great powers are drawn from (default: all but `minor`).
    #[arg(long, value_name = "A,B,...")]
    pub profiles: Option<String>,
    /// Compare two AIs for one power on the same seeds, e.g.
    /// ussr=hardliner,pragmatist or ussr=default:hard,default (a side may be
    /// cmd:PROGRAM).
    #[arg(long, value_name = "POWER=A,B")]
    pub compare: Option<String>,
    /// Seconds an external bot has for each decision.
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub bot_timeout: f64,
}

#[derive(Subcommand, Debug)]
pub enum ScenarioCommand {
    /// Print a valid synthetic scenario (for benchmarks and stress tests).
    Generate {
        /// Number of powers (2 to 200).
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(2..=200))]
        powers: u16,
        /// Number of states (1 to 200).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=200))]
        states: u16,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the scenario to this file (atomically) instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}
