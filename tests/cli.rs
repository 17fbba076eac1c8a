//! Tests that spawn the real `spheres` binary: the JSON contract,
//! determinism, and `validate` with positioned errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn spheres(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn match_json_follows_the_contract() {
    let o = spheres(&["match", "--seed", "7", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    for key in [
        "scenario",
        "seed",
        "profiles",
        "events",
        "final",
        "outcome",
        "state_hash",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["scenario"], "summer1939");
    assert_eq!(v["seed"], 7);
    for key in ["scores", "relations", "spheres", "treaties"] {
        assert!(v["final"].get(key).is_some(), "missing final.{key}");
    }
    assert_eq!(v["profiles"]["germany"], "opportunist");
    let events = v["events"].as_array().unwrap();
    assert!(events.len() > 10);
    // Every AI's own action says why (all powers are AIs here); a
    // summit's reason is on its conference, not on the documents put
    // there, and a scripted event's documents are the scenario's.
    let sent: Vec<&serde_json::Value> = events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            let at_summit = *i > 0
                && (events[i - 1]["kind"] == "conference" || events[i - 1]["kind"] == "scripted");
            e["kind"] == "conference"
                || e["kind"] == "ultimatum_sent"
                || e["kind"] == "proposal_sent" && !at_summit
        })
        .map(|(_, e)| e)
        .collect();
    assert!(!sent.is_empty());
    for e in sent {
        let why = e["reason"].as_str().unwrap_or_default();
        assert!(why.contains("estimated"), "no reason in {e}");
    }
    // The kinds the design names must all exist; every event is of a
    // known kind.
    let known: Vec<&str> = spheres::rules::EventKind::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    let required = [
        "scripted",
        "conference",
        "proposal_sent",
        "proposal_accepted",
        "proposal_rejected",
        "proposal_countered",
        "proposal_expired",
        "ultimatum_sent",
        "ultimatum_accepted",
        "ultimatum_rejected",
        "ultimatum_expired",
        "talks_ended",
        "treaty_signed",
        "treaty_broken",
        "treaty_revised",
        "relations_strained",
        "relations_severed",
        "relations_restored",
        "ambassador_recalled",
        "war_declared",
        "invasion",
        "sphere_changed",
        "obligation_honoured",
        "invasion_failed",
        "action_refused",
        "plan_withdrawn",
    ];
    for k in required {
        assert!(known.contains(&k), "{k}");
    }
    let kinds = known;
    for e in events {
        for key in ["turn", "date", "kind", "from", "to", "summary"] {
            assert!(e.get(key).is_some(), "event without {key}: {e}");
        }
        let date = e["date"].as_str().unwrap();
        assert!(date.len() == 10 && date.starts_with("1939-"), "{date}");
        assert!(
            kinds.contains(&e["kind"].as_str().unwrap()),
            "{}",
            e["kind"]
        );
        if e["kind"] == "proposal_sent" {
            let clauses = e["clauses"]
                .as_array()
                .expect("a proposal names its clauses");
            assert!(
                clauses
                    .iter()
                    .all(|c| c["kind"].is_string() && c["states"].is_array())
            );
        }
    }
    let spheres = v["final"]["spheres"].as_object().unwrap();
    assert_eq!(spheres.len(), 7);
    let hash = v["state_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn same_inputs_give_identical_bytes() {
    for args in [
        vec!["match", "--seed", "7", "--format", "json"],
        vec!["match", "--seed", "3", "--ai", "all=random"],
        vec![
            "match",
            "--seed",
            "11",
            "--ai",
            "all=historical",
            "--ai",
            "britain=hardliner",
            "--format",
            "json",
        ],
    ] {
        let a = spheres(&args);
        let b = spheres(&args);
        assert!(a.status.success());
        assert_eq!(a.stdout, b.stdout, "{args:?}");
    }
}

#[test]
fn twenty_seeds_give_different_matches() {
    let mut hashes = std::collections::BTreeSet::new();
    let mut outcomes = std::collections::BTreeSet::new();
    for seed in 1..=20 {
        let o = spheres(&["match", "--seed", &seed.to_string(), "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        hashes.insert(v["state_hash"].as_str().unwrap().to_string());
        outcomes.insert(v["outcome"].as_str().unwrap().to_string());
    }
    assert!(
        hashes.len() >= 18,
        "only {} distinct final states",
        hashes.len()
    );
    assert!(outcomes.len() >= 3, "{outcomes:?}");
}

#[test]
fn text_timeline_is_dated_and_readable() {
    let o = spheres(&["match", "--seed", "2"]);
    let text = stdout(&o);
    assert!(text.starts_with("Spheres — Summer 1939 (seed 2)"));
    assert!(text.contains("Turn 1 — week of 1 June 1939"));
    assert!(text.contains("1939-06-01  scripted"));
    assert!(text.contains("Outcome: "));
    assert!(text.contains("State hash: "));
}

#[test]
fn turns_and_ai_settings_are_honoured() {
    let o = spheres(&[
        "match",
        "--turns",
        "2",
        "--ai",
        "all=random",
        "--ai",
        "ussr=hardliner",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["profiles"]["ussr"], "hardliner");
    assert_eq!(v["profiles"]["germany"], "random");
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["turn"].as_u64().unwrap() <= 2)
    );
}

#[test]
fn bad_command_lines_get_clear_errors() {
    let o = spheres(&["match", "--ai", "usrr=hardliner"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown power `usrr`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("did you mean `ussr`?"));
    let o = spheres(&["match", "--ai", "ussr=genius"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown profile `genius`"));
    let o = spheres(&["match", "--scenario", "/no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/no/such/file.ron:1:1: error: cannot read the file: no such file")
    );
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    let o = spheres(&[
        "validate",
        "scenarios/summer1939.ron",
        "scenarios/tiny.ron",
        "scenarios/polish_question.ron",
    ]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("scenarios/summer1939.ron: ok"));
    assert!(stdout(&o).contains("scenarios/polish_question.ron: ok"));
}

#[test]
fn validate_reports_every_problem_with_its_position() {
    let text = include_str!("../scenarios/tiny.ron")
        .replace("sphere: \"beta\", value: 8.0", "sphere: \"btea\", value: 8.0")
        .replace("(id: \"gamma\", name: \"Gamma\"", "(id: \"beta\", name: \"Gamma\"")
        .replace("temperature: 4.0", "temperature: -1.0")
        .replace("strength: 60.0,", "strenght: 60.0, strength: 60.0,")
        .replace("(label: \"war\", when: AnyWar)", "(label: \"war\", when: AnyWar),\n        (label: \"never\", when: Any([]))")
        .replace(
            "when: Not(AnyWar)),",
            "when: All([InSphere(state: \"north\", power: \"alpha\"), InSphere(state: \"north\", power: \"beta\")])),",
        );
    let path = tmp("several_mistakes.ron");
    std::fs::write(&path, &text).unwrap();
    let o = spheres(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let p = path.display().to_string();
    let errors: Vec<&str> = out.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(errors.len() >= 5, "{out}");
    for e in &errors {
        assert!(e.starts_with(&p), "{e}");
        let rest = &e[p.len() + 1..];
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts.next().unwrap().parse().expect("line number");
        let col: usize = parts.next().unwrap().parse().expect("column number");
        assert!(line >= 1 && col >= 1);
    }
    assert!(
        out.contains("unknown power `btea`") && out.contains("did you mean `beta`?"),
        "{out}"
    );
    assert!(out.contains("duplicate id `beta`"), "{out}");
    assert!(out.contains("temperature is -1"), "{out}");
    assert!(out.contains("can never be reached"), "{out}");
    // A misspelt field is reported too, and does not hide the rest.
    assert!(
        out.contains("unknown field `strenght` in a power")
            && out.contains("did you mean `strength`?"),
        "{out}"
    );
    // The unknown power is reported where it is written.
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let btea = errors.iter().find(|e| e.contains("btea")).unwrap();
    assert!(
        btea.contains(&format!(":{}:", line_of("\"btea\""))),
        "{btea}"
    );
}

#[test]
fn syntax_errors_have_positions() {
    let path = tmp("syntax.ron");
    std::fs::write(&path, "Scenario(\n  id: \"x\",\n  title: ,\n)").unwrap();
    let o = spheres(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // Where the value is missing, naming its field; the fields the
    // scenario lacks are reported in the same run.
    assert!(
        out.contains(&format!(
            "{}:3:10: error: `title` has no value",
            path.display()
        )),
        "{out}"
    );
    assert!(
        out.contains("missing field `calendar` in the scenario"),
        "{out}"
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn hostile_files_get_clear_errors_and_no_panic() {
    let dir = tmp("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let full = include_str!("../scenarios/summer1939.ron");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.ron", Vec::new()),
        ("truncated.ron", full.as_bytes()[..full.len() / 2].to_vec()),
        (
            "binary.ron",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("latin1.ron", b"Scenario(id: \"caf\xe9\")".to_vec()),
        ("deep.ron", "[".repeat(200_000).into_bytes()),
        (
            "deep_closed.ron",
            format!(
                "Scenario(id: {}{})",
                "Some(".repeat(100_000),
                ")".repeat(100_000)
            )
            .into_bytes(),
        ),
        ("huge_list.ron", {
            let mut v = b"Scenario(id: \"x\", powers: [".to_vec();
            while v.len() < 20_000_000 {
                v.extend_from_slice(b"1.0, ");
            }
            v.extend_from_slice(b"])");
            v
        }),
        ("nul.ron", vec![0u8; 100]),
        (
            "unknown_field.ron",
            full.replacen("title:", "tittle:", 1).into_bytes(),
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &cases {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    paths.push(dir.clone()); // a directory
    paths.push(dir.join("missing.ron")); // a missing path
    for p in &paths {
        let started = std::time::Instant::now();
        let o = spheres(&["validate", p.to_str().unwrap()]);
        let elapsed = started.elapsed();
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {out}", p.display());
        let first = out.lines().next().unwrap_or("");
        let prefix = format!("{}:", p.display());
        assert!(
            first.starts_with(&prefix) && first.contains(": error: "),
            "{first}"
        );
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        assert!(elapsed.as_secs() < 10, "{} took {elapsed:?}", p.display());
    }
}

#[test]
fn the_second_scenario_plays_to_the_end_with_france_playable() {
    for seed in ["1", "2", "3"] {
        let o = spheres(&[
            "match",
            "--scenario",
            "scenarios/polish_question.ron",
            "--seed",
            seed,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["scenario"], "polish_question");
        assert!(v["events"].as_array().unwrap().len() > 5);
        assert_eq!(v["final"]["spheres"].as_object().unwrap().len(), 7);
    }
    let text = std::fs::read_to_string("scenarios/polish_question.ron").unwrap();
    let setup = spheres::scenario::load_str("polish_question.ron", &text)
        .unwrap()
        .setup;
    let france = setup.power_id("france").unwrap();
    assert!(setup.power(france).playable);
    let poland = setup.state_id("poland").unwrap();
    assert_eq!(
        setup.state(poland).sphere,
        setup.power_id("poland").unwrap(),
        "Poland stands apart"
    );
    // Every turn is played and the match ends.
    let settings = spheres::sim::MatchSettings::defaults(&setup, 4);
    let mut app = spheres::sim::runner::headless_app(setup.clone(), &settings);
    let mut turns = 0;
    while *app
        .world()
        .resource::<bevy::prelude::State<spheres::sim::MatchState>>()
        .get()
        != spheres::sim::MatchState::Over
        && turns < 20
    {
        app.update();
        turns += 1;
    }
    // One update a turn; the state becomes Over at the start of the next.
    assert_eq!(turns, setup.turns() + 1);
    assert_eq!(
        app.world().resource::<spheres::sim::Clock>().turn,
        setup.turns() + 1
    );
}

#[test]
fn ai_levels_are_named_checked_and_recorded() {
    let o = spheres(&[
        "match",
        "--seed",
        "3",
        "--turns",
        "2",
        "--ai",
        "germany=default:hard",
        "--ai",
        "ussr=pragmatist:easy",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["profiles"]["germany"], "opportunist:hard");
    assert_eq!(v["profiles"]["ussr"], "pragmatist:easy");
    assert_eq!(v["profiles"]["britain"], "opportunist");
    let bad = spheres(&["match", "--ai", "germany=default:expert"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(
        err.contains("unknown level `expert`") && err.contains("easy, normal, hard"),
        "{err}"
    );
    let o = spheres(&[
        "tournament",
        "--matches",
        "4",
        "--jobs",
        "1",
        "--ai",
        "all=default",
        "--compare",
        "britain=default:hard,default",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "Comparison for britain: opportunist:hard (A, n = 2) against opportunist (B, n = 2)"
        ),
        "{}",
        stdout(&o)
    );
}

/// The modder's tools: `explain` prints the model's breakdown (lines that
/// sum to the margin) and names what it does not know; `export` writes the
/// built-in files, which validate, and never over a file; `regions` lists
/// every region with what the scenario draws there.
#[test]
fn the_modders_tools_explain_export_and_list_regions() {
    let o = spheres(&[
        "explain",
        "ussr",
        "germany",
        "--protocol",
        "ukraine=ussr",
        "--clause",
        "non_aggression",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Ukraine leaves our sphere"), "{out}");
    let values: Vec<f32> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse::<f32>().ok())
        .collect();
    let (margin, lines) = values.split_last().unwrap();
    assert!((lines.iter().sum::<f32>() - margin).abs() < 0.2, "{out}");
    let o = spheres(&["explain", "ussr", "germny", "--clause", "consultation"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `germany`"),
        "{}",
        stderr(&o)
    );
    let o = spheres(&["explain", "ussr", "germany"]);
    assert_eq!(o.status.code(), Some(2), "a document with no clause");

    let dir = tmp("export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    for what in ["scenario", "polish-question", "map"] {
        let o = spheres(&["export", what, "--out", d]);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
    }
    for f in ["summer1939.ron", "polish_question.ron"] {
        let o = spheres(&["validate", dir.join(f).to_str().unwrap()]);
        assert!(o.status.success(), "{f}: {}", stdout(&o));
    }
    let map = std::fs::read(dir.join("europe.ron")).unwrap();
    std::fs::write(dir.join("europe.ron"), b"mine").unwrap();
    let o = spheres(&["export", "map", "--out", d]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.join("europe.ron")).unwrap(),
        b"mine",
        "not clobbered"
    );
    assert!(map.starts_with(b"// Europe, 1939"));

    let o = spheres(&["regions"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "ukraine ",
        "state Ukraine",
        "power Britain",
        "sweden ",
        "context",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let o = spheres(&["regions", "--scenario", "examples/mods/romania"]);
    assert!(stdout(&o).contains("bessarabia"), "{}", stdout(&o));
}

/// The output names everything a mod adds: every power in the text's
/// Profiles and Scores lines, each objective with its status and points
/// (text and JSON), and each scripted event's id in the JSON.
#[test]
fn output_traces_every_power_objective_and_scripted_event() {
    let o = spheres(&[
        "match",
        "--seed",
        "2",
        "--scenario",
        "examples/mods/romania",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = |start: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap()
            .to_string()
    };
    assert!(line("Profiles:").contains("romania="), "{out}");
    assert!(line("Scores:").contains("Romania"), "{out}");
    assert!(
        !line("Scores:").contains("-0,") && !line("Scores:").ends_with("-0"),
        "{out}"
    );
    assert!(out.contains(" ussr ussr_bessarabia: "), "{out}");
    let o = spheres(&[
        "match",
        "--seed",
        "2",
        "--format",
        "json",
        "--scenario",
        "examples/mods/romania",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let objectives = v["final"]["objectives"].as_array().unwrap();
    let bessarabia = objectives
        .iter()
        .find(|o| o["id"] == "ussr_bessarabia")
        .unwrap();
    assert_eq!(bessarabia["power"], "ussr");
    let share = bessarabia["share"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&share));
    let events = v["events"].as_array().unwrap();
    let scripted: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "scripted")
        .map(|e| e["event"].as_str().expect("a scripted event names its id"))
        .collect();
    assert!(scripted.contains(&"talks_open"), "{scripted:?}");
}

/// A scenario or mod says its format: the current one and format 1 (no
/// field) load; a newer or unknown one is a positioned error saying what to
/// do.
#[test]
fn files_of_another_format_get_a_clear_error() {
    let tiny = std::fs::read_to_string("scenarios/tiny.ron").unwrap();
    assert!(tiny.contains("    format: 2,\n"));
    for (name, text, ok, says) in [
        ("f2.ron", tiny.clone(), true, ""),
        ("f1.ron", tiny.replace("    format: 2,\n", ""), true, ""),
        (
            "f3.ron",
            tiny.replace("format: 2", "format: 3"),
            false,
            "written in format 3; this game reads formats 1 to 2",
        ),
        (
            "f0.ron",
            tiny.replace("format: 2", "format: 0"),
            false,
            "there is no format 0",
        ),
    ] {
        let path = tmp(name);
        std::fs::write(&path, &text).unwrap();
        let o = spheres(&["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.success(), ok, "{name}: {}", stdout(&o));
        let line = 1 + text
            .lines()
            .position(|l| l.contains("format:"))
            .unwrap_or(0);
        if !ok {
            assert!(stdout(&o).contains(says), "{name}: {}", stdout(&o));
            assert!(
                stdout(&o).contains(&format!("{name}:{line}:13: error")),
                "{name}: {}",
                stdout(&o)
            );
        }
    }
    let o = spheres(&["scenario", "generate", "--powers", "2", "--states", "1"]);
    assert!(
        stdout(&o).contains("Scenario(\n    format: 2,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_schema_describes_the_formats_and_json_files_play_as_ron_does() {
    // The scenario schema names every field of the format, with the code's
    // own descriptions, and the memory kinds of the model.
    let o = spheres(&["schema", "scenario"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let fields = schema["properties"].as_object().expect("properties");
    for field in [
        "format", "id", "calendar", "powers", "states", "events", "model",
    ] {
        assert!(fields.contains_key(field), "{field}");
    }
    let text = stdout(&o);
    assert!(text.contains("\"resentment\"") && text.contains("\"importunity\""));
    assert!(!text.contains("[`"), "no code links in the descriptions");
    for what in ["mod", "map"] {
        let o = spheres(&["schema", what]);
        assert_eq!(o.status.code(), Some(0));
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).expect("JSON");
    }
    // The scenario exported as JSON validates and plays the same match.
    let dir = tmp("json");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = spheres(&[
        "export",
        "scenario",
        "--json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = dir.join("summer1939.json");
    let o = spheres(&["validate", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let hash = |args: &[&str]| {
        let out = stdout(&spheres(args));
        out.lines()
            .find(|l| l.starts_with("State hash:"))
            .map(str::to_string)
            .expect("a state hash")
    };
    assert_eq!(
        hash(&["match", "--seed", "4", "--scenario", json.to_str().unwrap()]),
        hash(&["match", "--seed", "4"])
    );
    // Mistakes in a JSON file are reported as in RON: all in one run, with
    // positions; an editor's `$schema` key is allowed.
    let text = std::fs::read_to_string(&json).unwrap();
    let bad = text
        .replacen("\"days_per_turn\": 7", "\"days_per_turn\": \"seven\"", 1)
        .replacen(
            "\"role\": \"head_of_state\"",
            "\"role\": \"head_of_stat\"",
            1,
        )
        .replacen(
            "{",
            "{\n  \"$schema\": \"spheres-scenario.schema.json\",",
            1,
        );
    let bad_path = dir.join("bad.json");
    std::fs::write(&bad_path, bad).unwrap();
    let o = spheres(&["validate", bad_path.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("error: `days_per_turn`: expected a whole number"),
        "{out}"
    );
    assert!(
        out.contains("`head_of_stat` is not a leader's role (did you mean `head_of_state`?)"),
        "{out}"
    );
    assert!(out.contains("2 errors"), "{out}");
}
