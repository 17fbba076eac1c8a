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
    quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let result = match cli.command {
        Some(Command::Match(args)) => headless::run_match_command(&args).map(|out| (out, 0)),
        Some(Command::Validate { files }) => Ok(headless::validate(&files)),
        Some(Command::Tournament(cmd)) => headless::run_tournament(&cmd).map(|out| (out, 0)),
        Some(Command::Replay { file, verify }) => headless::replay::command(&file, verify),
        Some(Command::Scenario(cmd)) => headless::scenario_command(&cmd).map(|out| (out, 0)),
        Some(Command::Explain(args)) => headless::modder::explain(&args).map(|out| (out, 0)),
        Some(Command::Export { what, out, json }) => {
            headless::modder::export(what, out.as_deref(), json).map(|out| (out, 0))
        }
        Some(Command::Schema { what, out }) => {
            headless::modder::schema(what, out.as_deref()).map(|out| (out, 0))
        }
        Some(Command::Regions { scenario }) => {
            headless::modder::regions(scenario.as_deref()).map(|out| (out, 0))
        }
        Some(Command::Play(args)) => return play(args),
        None => return play(PlayArgs::default()),
    };
    // Bots of the second protocol wait between matches; none outlives us.
    spheres::sim::bots::shutdown();
    match result {
        Ok((out, code)) => print(&out, code),
        Err(f) => {
            headless::say(&format!("spheres: {f}"));
            ExitCode::from(f.code())
        }
    }
}

/// Prints a command's output; a failed write (a full disk, a closed file)
/// is a message and exit 1, but a closed pipe (`| head`) ends quietly.
fn print(out: &str, code: i32) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(code.clamp(0, 255) as u8)
        }
        Err(e) => {
            headless::say(&format!("spheres: cannot write the output: {e}"));
            ExitCode::from(1)
        }
    }
}

/// Help, version and usage errors, printed with the same care.
fn clap_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let text = e.render().to_string();
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => print(&text, 0),
        _ => {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            ExitCode::from(2)
        }
    }
}

/// A bug is reported in one line, not as a Rust debug dump.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        headless::say(&format!(
            "spheres: internal error{at}: {what} (this is a bug; please report it)"
        ));
    }));
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
    headless::say(
        "spheres: this build has no desktop game (built with --no-default-features); use `spheres match` or rebuild with the default features",
    );
    ExitCode::from(2)
}
