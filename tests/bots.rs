//! External bots: the sample bot plays legal moves; hostile bots (garbage,
//! sleeping past the timeout, flooding, exiting mid-match, huge lines,
//! illegal or unknown actions) never stop the match or crash the game.

use std::process::Command;
use std::time::{Duration, Instant};

/// The Python the sample bots run on: a test that needs it fails, not
/// passes, when it is missing (CI installs it).
fn python() -> &'static str {
    ["python3", "python"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("python3 is needed to run the sample bots (apt-get install python3)")
}

fn run(args: &[&str]) -> (i32, serde_json::Value, String, Duration) {
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(args)
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let v = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o.status.code().unwrap_or(-1), v, stderr, took)
}

fn refusals(v: &serde_json::Value, power: &str) -> Vec<String> {
    v["events"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter(|e| e["kind"] == "action_refused" && e["from"] == power)
                .map(|e| e["summary"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_sample_bot_plays_legal_moves() {
    let py = python();
    let bot = format!("ussr=cmd:{py} examples/random_bot.py");
    let (code, v, err, _) = run(&["match", "--seed", "5", "--ai", &bot, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(v["profiles"]["ussr"].as_str().unwrap().starts_with("cmd:"));
    let sent = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "proposal_sent" && e["from"] == "ussr")
        .count();
    assert!(sent >= 2, "the bot proposed {sent} times");
    assert!(
        refusals(&v, "ussr").is_empty(),
        "{:?}",
        refusals(&v, "ussr")
    );
    // Deterministic too: the same bot gives the same match.
    let (_, again, _, _) = run(&["match", "--seed", "5", "--ai", &bot, "--format", "json"]);
    assert_eq!(v["state_hash"], again["state_hash"]);
}

#[test]
fn hostile_bots_never_stop_the_match() {
    let py = python();
    for (mode, needle) in [
        ("garbage", "unreadable answer"),
        ("sleep", "no answer within"),
        ("flood", ""),
        ("exit", "exited"),
        ("huge", "longer than"),
        ("illegal", "refused"),
        ("unknown", "unknown action kind"),
    ] {
        let bot = format!("ussr=cmd:{py} tests/bots/hostile.py {mode}");
        let timeout = if mode == "sleep" { "0.2" } else { "2" };
        let (code, v, err, took) = run(&[
            "match",
            "--seed",
            "2",
            "--ai",
            &bot,
            "--bot-timeout",
            timeout,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{mode}: {err}");
        assert!(!err.contains("panicked"), "{mode}: {err}");
        assert_eq!(
            v["events"]
                .as_array()
                .map(|e| e.iter().any(|e| e["turn"] == 13)),
            Some(true),
            "{mode}: the match reached its last turn"
        );
        assert!(took < Duration::from_secs(60), "{mode} took {took:?}");
        let why = refusals(&v, "ussr").join(" | ");
        assert!(why.contains(needle), "{mode}: {why}");
    }
}

#[test]
fn a_missing_program_is_a_pass_not_a_crash() {
    let (code, v, err, _) = run(&["match", "--ai", "ussr=cmd:/no/such/bot", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        refusals(&v, "ussr")
            .iter()
            .any(|r| r.contains("cannot start"))
    );
}
