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
    for f in ["", ".in", ".out"] {
        let _ = std::fs::remove_file(format!("{}{f}", log.display()));
    }
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
    // Every line each way follows the published schemas.
    for (file, schema) in [
        (".in", "docs/schemas/bot-protocol-game.schema.json"),
        (".out", "docs/schemas/bot-protocol-bot.schema.json"),
    ] {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
        let text = std::fs::read_to_string(format!("{}{file}", log.display())).unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            kinds.insert(v["type"].as_str().unwrap_or("reply").to_string());
            let mut errors = Vec::new();
            check(&schema, &schema, &v, "$", &mut errors);
            assert!(errors.is_empty(), "{file}: {errors:?} in {line}");
        }
        assert!(kinds.len() >= 2, "{file}: only {kinds:?}");
        // The checker itself finds a broken message.
        let mut errors = Vec::new();
        check(
            &schema,
            &schema,
            &serde_json::json!({"type": "end", "actions": "x"}),
            "$",
            &mut errors,
        );
        assert!(!errors.is_empty());
    }
}

/// A small JSON Schema checker: the keywords the protocol's schemas use
/// (`type`, `const`, `enum`, `required`, `properties`,
/// `additionalProperties`, `items`, `maxItems`, `minimum`, `maximum`,
/// `$ref` within the file, `allOf`, `anyOf`, `oneOf`).
fn check(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    v: &serde_json::Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    use serde_json::Value;
    let mut fail = |why: String| errors.push(format!("{at}: {why}"));
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/$defs/");
        return check(root, &root["$defs"][name], v, at, errors);
    }
    let type_ok = |t: &str| match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    };
    match &schema["type"] {
        Value::String(t) if !type_ok(t) => return fail(format!("not a {t}: {v}")),
        Value::Array(ts) if !ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""))) => {
            return fail(format!("not any of {ts:?}: {v}"));
        }
        _ => {}
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        fail(format!("expected {c}, found {v}"));
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(v)
    {
        fail(format!("{v} is not one of {options:?}"));
    }
    if let (Some(n), Some(x)) = (schema["minimum"].as_f64(), v.as_f64())
        && x < n
    {
        fail(format!("{x} < {n}"));
    }
    if let (Some(n), Some(x)) = (schema["maximum"].as_f64(), v.as_f64())
        && x > n
    {
        fail(format!("{x} > {n}"));
    }
    if let Some(o) = v.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            if !o.contains_key(key.as_str().unwrap_or("")) {
                fail(format!("missing `{key}`"));
            }
        }
        for (k, x) in o {
            let at = format!("{at}.{k}");
            match (
                schema["properties"].get(k),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => check(root, s, x, &at, errors),
                (None, Some(Value::Bool(false))) => errors.push(format!("{at}: not allowed")),
                (None, Some(s)) if s.is_object() => check(root, s, x, &at, errors),
                _ => {}
            }
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(n) = schema["maxItems"].as_u64()
            && items.len() as u64 > n
        {
            errors.push(format!("{at}: more than {n} items"));
        }
        if let Some(s) = schema.get("items") {
            for (i, x) in items.iter().enumerate() {
                check(root, s, x, &format!("{at}[{i}]"), errors);
            }
        }
    }
    for s in schema["allOf"].as_array().into_iter().flatten() {
        check(root, s, v, at, errors);
    }
    let passing = |list: &Value| {
        list.as_array().map(|l| {
            l.iter()
                .filter(|s| {
                    let mut e = Vec::new();
                    check(root, s, v, at, &mut e);
                    e.is_empty()
                })
                .count()
        })
    };
    if passing(&schema["anyOf"]) == Some(0) {
        errors.push(format!("{at}: matches none of anyOf"));
    }
    if let Some(n) = passing(&schema["oneOf"])
        && n != 1
    {
        errors.push(format!("{at}: matches {n} of oneOf"));
    }
}

#[test]
fn a_protocol_2_bot_that_exits_between_matches_is_started_again() {
    let py = python();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bots-v2-quit");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("greetings.txt");
    let _ = std::fs::remove_file(&log);
    let bot = format!("ussr=cmd:{py} tests/bots/v2_quitter.py {}", log.display());
    let (code, _, err, _) = run(&[
        "tournament",
        "--matches",
        "3",
        "--jobs",
        "1",
        "--ai",
        "all=default",
        "--ai",
        &bot,
    ]);
    assert_eq!(code, 0, "{err}");
    // A process that left is never kept: later matches start a fresh one
    // (`hello`). If it left only just before the next match, that one
    // match may find it gone and pass; none does after.
    let greetings = std::fs::read_to_string(&log).unwrap();
    let hellos: Vec<&str> = greetings.lines().collect();
    assert!(
        hellos.len() >= 2 && hellos.iter().all(|h| *h == "hello"),
        "{greetings}"
    );
}
