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

#[test]
fn a_protocol_2_bot_plays_a_whole_tournament_worker_and_may_preview() {
    let py = python();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bots-v2");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("probe.jsonl");
    let _ = std::fs::remove_file(&log);
    let bot = format!("germany=cmd:{py} tests/bots/v2_probe.py {}", log.display());
    let o = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args([
            "tournament",
            "--matches",
            "4",
            "--jobs",
            "1",
            "--ai",
            "all=default",
            "--ai",
            &bot,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |kind: &str| -> Vec<&serde_json::Value> {
        lines.iter().filter(|l| l["event"] == kind).collect()
    };
    // One process: greeted once by hello (protocol 1 until it says 2), then
    // by new_match for each later match, at version 2.
    let hello = of("hello");
    assert_eq!(hello.len(), 1, "{lines:?}");
    assert_eq!(hello[0]["protocols"], serde_json::json!([1, 2]));
    let again = of("new_match");
    assert_eq!(again.len(), 3, "{lines:?}");
    for m in &again {
        assert_eq!(m["pid"], hello[0]["pid"]);
        assert_eq!(m["version"], 2);
    }
    assert_eq!(of("end").len(), 4);
    // Previews give the estimate a player would see, or an error.
    let previews = of("preview");
    assert!(!previews.is_empty());
    for p in &previews {
        let e = &p["reply"]["estimate"];
        let (low, high) = (e["low"].as_f64().unwrap(), e["high"].as_f64().unwrap());
        assert!(0.0 <= low && low <= high && high <= 1.0, "{p}");
        assert!(
            e["breakdown"].as_array().is_some_and(|b| !b.is_empty()),
            "{p}"
        );
    }
    for p in of("bad_preview") {
        assert!(
            p["reply"]["error"]
                .as_str()
                .is_some_and(|e| e.contains("atlantis")),
            "{p}"
        );
    }
    // Each offer's breakdown sums to its margin.
    let assessed = of("assessment");
    assert!(!assessed.is_empty());
    for a in assessed {
        let (m, t) = (a["margin"].as_f64().unwrap(), a["total"].as_f64().unwrap());
        assert!((m - t).abs() < 1e-3, "{a}");
    }
}
