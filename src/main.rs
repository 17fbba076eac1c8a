//! The `spheres` binary: the desktop game by default, and the headless
//! commands of DESIGN §6.

use clap::Parser;
use spheres::headless::{
    self,
    cli::{Cli, Command, Format, MatchArgs},
};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Match(args)) => headless::run_match_command(&args).map(|out| (out, 0)),
        Some(Command::Validate { files }) => Ok(headless::validate(&files)),
        Some(Command::Play(_)) | None => play(),
    };
    match result {
        Ok((out, code)) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a panic.
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
            ExitCode::from(code as u8)
        }
        Err(f) => {
            eprintln!("spheres: {}", f.message);
            ExitCode::from(f.code as u8)
        }
    }
}

/// Until the desktop game lands, running the game plays one headless match
/// with the default AI profiles and prints its timeline.
fn play() -> Result<(String, i32), headless::Failure> {
    eprintln!(
        "spheres: the desktop game is not built yet; playing a headless AI match instead (see README)."
    );
    let args = MatchArgs {
        scenario: None,
        seed: 1,
        ai: Vec::new(),
        turns: None,
        format: Format::Text,
    };
    headless::run_match_command(&args).map(|out| (out, 0))
}
