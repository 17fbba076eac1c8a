//! The `spheres` binary: the desktop game by default, and the headless
//! commands of DESIGN §6.

use clap::Parser;
use spheres::headless::{
    self,
    cli::{Cli, Command, PlayArgs},
};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Match(args)) => headless::run_match_command(&args).map(|out| (out, 0)),
        Some(Command::Validate { files }) => Ok(headless::validate(&files)),
        Some(Command::Tournament(cmd)) => headless::run_tournament(&cmd).map(|out| (out, 0)),
        Some(Command::Replay { file, verify }) => headless::replay::command(&file, verify),
        Some(Command::Scenario(headless::cli::ScenarioCommand::Generate {
            powers,
            states,
            seed,
        })) => Ok((
            spheres::scenario::generate::generate_text(powers.into(), states.into(), seed),
            0,
        )),
        Some(Command::Play(args)) => return play(args),
        None => return play(PlayArgs::default()),
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

/// The desktop game.
#[cfg(feature = "desktop")]
fn play(args: PlayArgs) -> ExitCode {
    spheres::desktop::run(spheres::desktop::PlayOptions {
        scenario: args.scenario,
        as_power: args.as_power,
        load: args.load,
        seed: args.seed,
        screenshot: args.screenshot,
        screen: args.screen,
        window_size: args.window_size,
        screenshot_delay: args.screenshot_delay,
        replay: args.replay,
    })
}

/// Built without the desktop: say how to get it.
#[cfg(not(feature = "desktop"))]
fn play(_: PlayArgs) -> ExitCode {
    eprintln!(
        "spheres: this build has no desktop game (built with --no-default-features); use `spheres match` or rebuild with the default features"
    );
    ExitCode::from(2)
}
