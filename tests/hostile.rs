//! The binary against a careless or hostile user: devices, FIFOs, folders
//! and sockets where files belong, planted symbolic links, outputs that are
//! inputs, unwritable outputs, forged records, bots that fork, hang, crash
//! or flood, full disks and closed pipes, foreign tournament shards. Each
//! case must end quickly with a clear message and a non-zero exit (or a
//! quiet success where that is right), never a panic, a hang or a
//! clobbered file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary; a run longer than `limit` is a hang and fails the test.
fn run_in(dir: Option<&Path>, args: &[&str], limit: Duration) -> (Output, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spheres"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    // Drain both pipes while waiting: a long output must not block the
    // child on a full pipe (which would look like a hang).
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`spheres {}` hung for {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, started.elapsed())
}

fn run(args: &[&str]) -> Output {
    run_in(None, args, Duration::from_secs(120)).0
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A refusal: a non-zero exit, a message naming the problem, no panic.
fn refused(o: &Output, needle: &str) {
    // `validate` reports on stdout, the other commands on stderr.
    let err = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o));
    assert_ne!(o.status.code(), Some(0), "succeeded; stderr: {err}");
    assert!(o.status.code().is_some(), "killed by a signal: {err}");
    assert!(
        err.contains(needle),
        "expected `{needle}` in the message: {err}"
    );
    for dump in ["panicked", "RUST_BACKTRACE", "internal error"] {
        assert!(!err.contains(dump), "{err}");
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[cfg(unix)]
fn mkfifo(p: &Path) -> bool {
    Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn is_fifo(p: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_fifo())
}

const TINY: &str = include_str!("../scenarios/tiny.ron");

#[test]
#[cfg(unix)]
fn only_regular_files_are_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let d = folder("replace");
    let fifo = d.join("fifo.ron");
    if !mkfifo(&fifo) {
        eprintln!("skipped the FIFO case: mkfifo is not available here");
    } else {
        let (o, took) = run_in(
            None,
            &["match", "--seed", "7", "--replay", s(&fifo)],
            Duration::from_secs(30),
        );
        refused(&o, "FIFO");
        assert!(is_fifo(&fifo), "the FIFO is left alone");
        assert!(took < Duration::from_secs(10), "{took:?}");
    }
    // A device: refused, and still a device, whoever runs the test.
    let o = run(&["match", "--seed", "7", "--replay", "/dev/null"]);
    refused(&o, "character device");
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A folder.
    let o = run(&["match", "--replay", s(&d)]);
    refused(&o, "folder");
    // A socket.
    let sock = d.join("sock.ron");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let o = run(&["match", "--replay", s(&sock)]);
    refused(&o, "socket");
    assert!(
        std::fs::symlink_metadata(&sock)
            .unwrap()
            .file_type()
            .is_socket()
    );
    // A symbolic link to a device, and one to nowhere.
    let link = d.join("null.csv");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let o = run(&["tournament", "--matches", "2", "--out", s(&link)]);
    refused(&o, "character device");
    let dangling = d.join("dangling.ron");
    std::os::unix::fs::symlink(d.join("nowhere/at/all"), &dangling).unwrap();
    let o = run(&["match", "--replay", s(&dangling)]);
    refused(&o, "symbolic link");
}

#[test]
#[cfg(unix)]
fn a_planted_temporary_name_is_never_followed() {
    let d = folder("planted");
    let victim = d.join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let out = d.join("out.ron");
    for planted in ["out.ron.tmp", ".out.ron.tmp", "out.ron~"] {
        std::os::unix::fs::symlink(&victim, d.join(planted)).unwrap();
    }
    let o = run(&["match", "--seed", "3", "--replay", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("("));
    // Nothing is left behind but the links planted and the two files.
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn two_writers_of_one_path_never_fail_each_other() {
    let d = folder("two_writers");
    let out = d.join("same.ron");
    let spawn = |seed: &str| {
        Command::new(env!("CARGO_BIN_EXE_spheres"))
            .args(["match", "--seed", seed, "--replay", s(&out)])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..6).map(|i| spawn(&(i + 1).to_string())).collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = run(&["replay", s(&out), "--verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let d = folder("in_out");
    let scenario = d.join("my.ron");
    std::fs::write(&scenario, TINY).unwrap();
    let o = run(&[
        "match",
        "--scenario",
        s(&scenario),
        "--replay",
        s(&scenario),
    ]);
    refused(&o, "an input of this command");
    assert_eq!(std::fs::read_to_string(&scenario).unwrap(), TINY);
    // The same file by another name.
    let other = d.join(".").join("my.ron");
    let o = run(&["match", "--scenario", s(&scenario), "--replay", s(&other)]);
    refused(&o, "an input of this command");
    // A tournament's --out over its scenario.
    let json = d.join("scenario.json");
    std::fs::write(&json, TINY).unwrap();
    let o = run(&[
        "tournament",
        "--matches",
        "2",
        "--scenario",
        s(&json),
        "--out",
        s(&json),
    ]);
    refused(&o, "an input of this command");
    assert_eq!(std::fs::read_to_string(&json).unwrap(), TINY);
    // A mod's own file.
    let m = d.join("mod");
    std::fs::create_dir_all(&m).unwrap();
    let mod_ron = "Mod(id: \"m\", title: \"M\", extends: \"summer1939\")";
    std::fs::write(m.join("mod.ron"), mod_ron).unwrap();
    let o = run(&[
        "match",
        "--scenario",
        s(&m),
        "--replay",
        s(&m.join("mod.ron")),
    ]);
    refused(&o, "an input of this command");
    assert_eq!(std::fs::read_to_string(m.join("mod.ron")).unwrap(), mod_ron);
}

#[test]
fn unwritable_outputs_fail_before_any_work() {
    let (o, took) = run_in(
        None,
        &[
            "tournament",
            "--matches",
            "100000",
            "--out",
            "/no/such/folder/results.csv",
        ],
        Duration::from_secs(60),
    );
    refused(&o, "does not exist");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let (o, took) = run_in(
        None,
        &["match", "--replay", "/no/such/folder/r.ron"],
        Duration::from_secs(60),
    );
    refused(&o, "does not exist");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let o = run(&["scenario", "generate", "--out", "/no/such/folder/big.ron"]);
    refused(&o, "does not exist");
}

#[test]
#[cfg(unix)]
fn only_regular_files_are_read_and_never_whole_when_huge() {
    let d = folder("read");
    let fifo = d.join("scenario.ron");
    if mkfifo(&fifo) {
        let (o, took) = run_in(
            None,
            &["match", "--scenario", s(&fifo)],
            Duration::from_secs(30),
        );
        refused(&o, "FIFO");
        assert!(took < Duration::from_secs(10));
        let (o, _) = run_in(None, &["validate", s(&fifo)], Duration::from_secs(30));
        refused(&o, "FIFO");
        let (o, _) = run_in(None, &["replay", s(&fifo)], Duration::from_secs(30));
        refused(&o, "FIFO");
        let (o, _) = run_in(
            None,
            &["tournament", "merge", s(&fifo)],
            Duration::from_secs(30),
        );
        refused(&o, "FIFO");
    } else {
        eprintln!("skipped the FIFO cases: mkfifo is not available here");
    }
    for device in ["/dev/zero", "/dev/urandom"] {
        let (o, took) = run_in(None, &["validate", device], Duration::from_secs(30));
        refused(&o, "character device");
        assert!(took < Duration::from_secs(10));
        let (o, _) = run_in(None, &["replay", device], Duration::from_secs(30));
        refused(&o, "character device");
    }
    let o = run(&["validate", s(&d)]);
    refused(&o, "a directory");
    // A 10 GB file (sparse) costs nothing.
    let huge = d.join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(10 * 1024 * 1024 * 1024)
        .unwrap();
    for args in [
        vec!["validate", s(&huge)],
        vec!["replay", s(&huge)],
        vec!["match", "--scenario", s(&huge)],
    ] {
        let (o, took) = run_in(None, &args, Duration::from_secs(30));
        refused(&o, "larger than");
        assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
    }
    let huge_csv = d.join("huge.csv");
    std::fs::File::create(&huge_csv)
        .unwrap()
        .set_len(10 * 1024 * 1024 * 1024)
        .unwrap();
    let (o, took) = run_in(
        None,
        &["tournament", "merge", s(&huge_csv)],
        Duration::from_secs(30),
    );
    refused(&o, "error");
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let d = folder("bom");
    let f = d.join("bom.ron");
    std::fs::write(&f, format!("\u{feff}{TINY}")).unwrap();
    let o = run(&["validate", s(&f)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let o = run(&["match", "--scenario", s(&f), "--turns", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
#[cfg(unix)]
fn a_mods_files_stay_inside_its_folder() {
    let d = folder("mod_escape");
    let outside = d.join("outside.ron");
    std::fs::write(
        &outside,
        "Mod(id: \"m\", title: \"M\", extends: \"summer1939\")",
    )
    .unwrap();
    let m = d.join("linked");
    std::fs::create_dir_all(&m).unwrap();
    std::os::unix::fs::symlink(&outside, m.join("mod.ron")).unwrap();
    let o = run(&["validate", s(&m)]);
    refused(&o, "outside the mod's folder");
    let m2 = d.join("map_linked");
    std::fs::create_dir_all(&m2).unwrap();
    std::fs::write(
        m2.join("mod.ron"),
        "Mod(id: \"m2\", title: \"M\", extends: \"summer1939\")",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/hostname", m2.join("map.ron")).unwrap();
    let o = run(&["validate", s(&m2)]);
    refused(&o, "outside the mod's folder");
    let m3 = d.join("base_outside");
    std::fs::create_dir_all(&m3).unwrap();
    std::fs::write(
        m3.join("mod.ron"),
        "Mod(id: \"m3\", title: \"M\", extends: \"../outside.ron\")",
    )
    .unwrap();
    let o = run(&["validate", s(&m3)]);
    refused(&o, "inside the mod's folder");
}

#[test]
fn a_mod_that_is_too_long_is_stopped_where_it_is_written() {
    let d = folder("mod_long");
    let m = d.join("long");
    std::fs::create_dir_all(&m).unwrap();
    let mut text =
        String::from("Mod(id: \"long\", title: \"L\", extends: \"summer1939\",\n  events: [\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "    (id: \"e{i}\", date: \"1939-06-01\", title: \"E\", text: \"t\"),\n"
        ));
    }
    text.push_str("  ],\n)\n");
    std::fs::write(m.join("mod.ron"), &text).unwrap();
    let (o, took) = run_in(None, &["validate", s(&m)], Duration::from_secs(60));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("mod.ron:2:"), "{out}");
    assert!(out.contains("3000 entries in the mod's `events`"), "{out}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn names_cannot_drive_a_terminal() {
    let d = folder("names");
    let f = d.join("names.ron");
    let bad = TINY.replacen(
        "name: \"Alpha\"",
        "name: \"Alpha\\u{1b}[2J\\nforged: line\"",
        1,
    );
    std::fs::write(&f, bad).unwrap();
    let o = run(&["validate", s(&f)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("control character"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    let long = TINY.replacen(
        "name: \"Alpha\"",
        &format!("name: \"{}\"", "A".repeat(500)),
        1,
    );
    std::fs::write(&f, long).unwrap();
    let o = run(&["validate", s(&f)]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("at most 80"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A bad path on the command line is printed escaped too.
    let o = run(&["validate", "/no/such/\u{1b}[2Jfile.ron"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'));
    assert!(!stderr(&o).contains('\u{1b}'));
}

#[test]
fn an_unknown_field_inside_a_variant_is_an_error_with_its_position() {
    let d = folder("variant_field");
    let f = d.join("v.ron");
    let bad = TINY.replacen(
        "when: Not(AnyWar)",
        "when: TalksEnded(zz: 1, by: \"alpha\", with: \"beta\")",
        1,
    );
    let line = 1 + bad.lines().position(|l| l.contains("zz: 1")).unwrap();
    std::fs::write(&f, bad).unwrap();
    let o = run(&["validate", s(&f)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("unknown field `zz`"), "{out}");
    assert!(out.contains(&format!("v.ron:{line}:")), "{out}");
}

/// A recorded replay of tiny in `dir`, and its text.
fn recorded(dir: &Path) -> (PathBuf, String) {
    let scenario = dir.join("tiny.ron");
    std::fs::write(&scenario, TINY).unwrap();
    let out = dir.join("r.ron");
    let o = run(&[
        "match",
        "--scenario",
        s(&scenario),
        "--seed",
        "4",
        "--replay",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

#[test]
fn forged_replays_are_refused_even_with_a_good_checksum() {
    let d = folder("forged");
    let (_, text) = recorded(&d);
    let mut replay = spheres::sim::replay::from_text("r.ron", &text).unwrap();
    let forge = |name: &str, r: &spheres::sim::replay::Replay, needle: &str| {
        let p = d.join(name);
        std::fs::write(&p, spheres::sim::replay::to_text(r, "x").unwrap()).unwrap();
        let o = run(&["replay", s(&p), "--verify"]);
        refused(&o, needle);
    };
    let turns = replay.turns;
    replay.turns = 99;
    forge("turns.ron", &replay, "turns");
    replay.turns = turns;
    replay.profiles.swap(0, 1);
    forge("order.ron", &replay, "power 1");
    replay.profiles.swap(0, 1);
    let good = replay.clone();
    if let Some(t) = replay.record.iter_mut().find(|t| !t.actions.is_empty()) {
        t.actions[0].day = 1_000_000;
    }
    forge("day.ron", &replay, "beyond the scenario's calendar");
    replay = good.clone();
    if let Some(t) = replay.record.first_mut() {
        t.turn = 50;
    }
    forge("turn.ron", &replay, "turn 50");
    replay = good.clone();
    if let Some(i) = replay.record.iter().position(|t| !t.answers.is_empty()) {
        replay.record[i].answers[0].probability = Some(f32::NAN);
        forge("nan.ron", &replay, "probability");
        replay.record[i].answers[0].probability = Some(0.5);
        replay.record[i].answers[0].objectors = vec![spheres::rules::LeaderId(99)];
        forge("leader.ron", &replay, "leader #99");
    } else {
        panic!("the recorded match has no answers to forge");
    }
    // A forged profile naming a program: named, never run.
    replay = good;
    let marker = d.join("ran");
    replay.profiles[0].1 = format!("cmd:touch {}", s(&marker));
    let p = d.join("cmd.ron");
    std::fs::write(&p, spheres::sim::replay::to_text(&replay, "x").unwrap()).unwrap();
    let _ = run(&["replay", s(&p), "--verify"]);
    assert!(!marker.exists(), "a replay started a program");
}

#[test]
fn a_replay_finds_its_scenario_beside_itself() {
    let d = folder("relative");
    let (replay, _) = recorded(&d);
    // Moved elsewhere with its scenario, read from another folder.
    let moved = folder("relative_moved");
    std::fs::rename(d.join("tiny.ron"), moved.join("tiny.ron")).unwrap();
    std::fs::rename(&replay, moved.join("r.ron")).unwrap();
    let elsewhere = folder("relative_cwd");
    let (o, _) = run_in(
        Some(&elsewhere),
        &["replay", s(&moved.join("r.ron")), "--verify"],
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn crafted_saves_are_refused_not_restored() {
    use spheres::sim::save::SaveGame;
    use spheres::sim::{MatchSettings, runner::headless_app};
    let setup = spheres::scenario::summer1939().unwrap().setup;
    let mut app = headless_app(setup.clone(), &MatchSettings::defaults(&setup, 5));
    for _ in 0..3 {
        app.update();
    }
    let good = SaveGame::capture(app.world(), "x", spheres::scenario::SUMMER_1939).unwrap();
    assert!(good.restore("good").is_ok());
    let text = good.to_text("x").unwrap();
    type Edit = Box<dyn Fn(&mut SaveGame)>;
    let land = |s: &mut SaveGame| {
        if let Some(l) = s.world.entities.iter_mut().find_map(|e| e.land.as_mut()) {
            l.0.sphere = spheres::rules::PowerId(250);
        }
    };
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("sphere", Box::new(land), "power #250"),
        (
            "strength",
            Box::new(|s| {
                if let Some(x) = s
                    .world
                    .entities
                    .iter_mut()
                    .find_map(|e| e.strength.as_mut())
                {
                    x.0 = f32::INFINITY;
                }
            }),
            "strength",
        ),
        ("turn", Box::new(|s| s.world.clock.turn = 4000), "turn 4000"),
        ("turns", Box::new(|s| s.turns = 0), "turns"),
        (
            "log",
            Box::new(|s| {
                if let Some(e) = s.world.log.0.first_mut() {
                    e.from = Some(spheres::rules::PowerId(77));
                }
            }),
            "power #77",
        ),
        (
            "controls",
            Box::new(|s| s.controls[0] = "cmd:rm -rf /".into()),
            "neither",
        ),
        (
            "a power missing",
            Box::new(|s| {
                s.world.entities.remove(0);
            }),
            "power #0",
        ),
        (
            "a power twice",
            Box::new(|s| {
                let first = s.world.entities[0].clone();
                s.world.entities.push(first);
            }),
            "twice",
        ),
        (
            "a treaty from the future",
            Box::new(|s| {
                if let Some(t) = s.world.entities.iter_mut().find_map(|e| e.treaty.as_mut()) {
                    t.0.id = spheres::rules::TreatyId(9999);
                }
            }),
            "treaty #9999",
        ),
    ];
    for (name, edit, needle) in cases {
        let mut s = SaveGame::from_text(name, &text).unwrap();
        edit(&mut s);
        let e = match s.restore(name) {
            Ok(_) => panic!("{name} was restored"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains(needle), "{name}: {e}");
    }
    // A table that is not square never reaches the game.
    let bad = text.replacen("cells: [", "cells: [Normal, ", 1);
    assert!(SaveGame::from_text("table", &bad).is_err());
}

fn python() -> &'static str {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "python3 is needed to test bots (CI installs it)");
    "python3"
}

fn bot_match(bot: &str, timeout: &str) -> (Output, serde_json::Value) {
    let ai = format!("ussr=cmd:{} tests/bots/hostile.py {bot}", python());
    let (o, _) = run_in(
        None,
        &[
            "match",
            "--seed",
            "2",
            "--ai",
            &ai,
            "--bot-timeout",
            timeout,
            "--format",
            "json",
        ],
        Duration::from_secs(180),
    );
    let v = serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null);
    (o, v)
}

fn refusals(v: &serde_json::Value) -> String {
    v["events"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter(|e| e["kind"] == "action_refused" && e["from"] == "ussr")
                .map(|e| e["summary"].as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
}

#[cfg(target_os = "linux")]
fn processes_with(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmd) = std::fs::read(e.path().join("cmdline"))
            && String::from_utf8_lossy(&cmd).contains(marker)
        {
            found.push(String::from_utf8_lossy(&cmd).replace('\0', " "));
        }
    }
    found
}

#[test]
#[cfg(target_os = "linux")]
fn no_bot_process_outlives_its_match() {
    let (o, v) = bot_match("fork", "0.5");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(v["events"].as_array().is_some());
    std::thread::sleep(Duration::from_millis(300));
    let left = processes_with("spheres-hostile-child");
    assert!(left.is_empty(), "left running: {left:?}");
}

#[test]
fn a_slow_bot_gives_the_same_match_every_time() {
    let (a, va) = bot_match("slow", "0.3");
    let (b, vb) = bot_match("slow", "0.3");
    assert!(a.status.success() && b.status.success(), "{}", stderr(&a));
    assert_eq!(va["state_hash"], vb["state_hash"]);
    assert_eq!(va["events"], vb["events"]);
    assert!(
        refusals(&va).contains("no answer within"),
        "{}",
        refusals(&va)
    );
}

#[test]
#[cfg(unix)]
fn a_crashing_bot_and_a_long_line_are_named() {
    let (o, v) = bot_match("segv", "2");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        refusals(&v).contains("killed by SIGSEGV"),
        "{}",
        refusals(&v)
    );
    let (o, v) = bot_match("huge", "2");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(refusals(&v).contains("line too long"), "{}", refusals(&v));
    let (o, v) = bot_match("escape", "2");
    assert!(o.status.success(), "{}", stderr(&o));
    // The bot's words reach the log, but cannot drive a terminal.
    let ai = format!("ussr=cmd:{} tests/bots/hostile.py escape", python());
    let text = run(&["match", "--seed", "2", "--ai", &ai, "--turns", "2"]);
    assert!(!String::from_utf8_lossy(&text.stdout).contains('\u{1b}'));
    let _ = v;
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_and_a_closed_pipe() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(["match", "--seed", "1"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    refused(&o, "cannot write the output");
    let full = std::fs::File::create("/dev/full").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .arg("--help")
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    // A reader that stops early: quiet.
    let mut child = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(["match", "--seed", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(o.status.code().is_some());
}

/// Writes shard `i` of `n` of a small tournament with `extra` settings.
fn shard(dir: &Path, name: &str, i: u32, n: u32, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let shard = format!("{i}/{n}");
    let mut args = vec![
        "tournament",
        "--matches",
        "6",
        "--shard",
        &shard,
        "--out",
        s(&out),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn foreign_duplicate_missing_and_damaged_shards() {
    let d = folder("shards");
    let a = shard(&d, "a.csv", 1, 3, &[]);
    let b = shard(&d, "b.json", 2, 3, &[]);
    let foreign = shard(&d, "f.csv", 3, 3, &["--ai", "ussr=hardliner"]);
    let o = run(&["tournament", "merge", s(&a), s(&b), s(&foreign)]);
    refused(&o, "another tournament");
    assert!(stderr(&o).contains("--ai"), "{}", stderr(&o));
    let o = run(&["tournament", "merge", s(&a), s(&a)]);
    refused(&o, "given twice");
    let o = run(&["tournament", "merge", s(&a), s(&b)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("2 of 3 shards merged; missing shard(s) 3"),
        "{out}"
    );
    // A row with a score that is not a number.
    let text = std::fs::read_to_string(&a).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let last = lines.len() - 1;
    let cut = lines[last].rfind(',').unwrap();
    lines[last] = format!("{},NaN", &lines[last][..cut]);
    let nan = d.join("nan.csv");
    std::fs::write(&nan, lines.join("\n") + "\n").unwrap();
    let o = run(&["tournament", "merge", s(&nan)]);
    refused(&o, "not a finite number");
    // A truncated shard, and a row that belongs elsewhere.
    let short = d.join("short.csv");
    std::fs::write(
        &short,
        text.lines().take(3).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    let o = run(&["tournament", "merge", s(&short)]);
    refused(&o, "truncated");
    let moved = d.join("moved.csv");
    let edited: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 2 {
                l.replacen("1,", "9,", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&moved, edited.join("\n") + "\n").unwrap();
    let o = run(&["tournament", "merge", s(&moved)]);
    refused(&o, "does not belong here");
    // A file that is no shard at all.
    let plain = d.join("plain.csv");
    std::fs::write(&plain, "seed,variant\n1,0\n").unwrap();
    let o = run(&["tournament", "merge", s(&plain)]);
    refused(&o, "not a tournament file");
}

#[test]
fn tournament_settings_have_sane_bounds() {
    for (args, needle) in [
        (vec!["--matches", "0"], "--matches 0"),
        (vec!["--matches", "99999999999999"], "--matches"),
        (vec!["--matches", "99999999999999999999999"], "--matches"),
        (vec!["--matches", "10", "--shard", "1/0"], "--shard"),
        (vec!["--matches", "10", "--shard", "0/4"], "--shard"),
        (vec!["--matches", "10", "--shard", "1/99"], "cannot fill"),
        (
            vec!["--matches", "10", "--shard", "1/18446744073709551616"],
            "--shard",
        ),
        (vec!["--matches", "10", "--jobs", "0"], "--jobs"),
        (vec!["--matches", "10", "--jobs", "1000000"], "--jobs"),
        (
            vec!["--matches", "10", "--seed-start", "18446744073709551615"],
            "--seed-start",
        ),
    ] {
        let mut all = vec!["tournament"];
        all.extend(args.iter());
        let (o, took) = run_in(None, &all, Duration::from_secs(30));
        refused(&o, needle);
        assert!(took < Duration::from_secs(5), "{all:?}");
    }
}
