//! `spheres tournament`: the summary, outputs that parse, and shards that
//! merge into exactly the summary of one run.

use std::path::PathBuf;
use std::process::Command;

fn spheres(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_spheres"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn tmp(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tournament");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).display().to_string()
}

#[test]
fn two_shards_merge_into_the_single_run_summary() {
    let common = [
        "tournament",
        "--matches",
        "40",
        "--seed-start",
        "11",
        "--compare",
        "ussr=hardliner,pragmatist",
    ];
    let (code, whole, err) = spheres(&[&common[..], &["--jobs", "2"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(whole.contains("Scores by power and profile"));
    assert!(whole.contains("Outcomes"));
    assert!(
        whole.contains("Comparison for ussr: hardliner (A, n = 20) against pragmatist (B, n = 20)")
    );
    assert!(whole.contains("Welch t ="));
    let (a, b) = (tmp("shard1.csv"), tmp("shard2.json"));
    let (code, _, err) =
        spheres(&[&common[..], &["--shard", "1/2", "--out", &a, "--jobs", "1"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = spheres(&[&common[..], &["--shard", "2/2", "--out", &b]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, merged, err) = spheres(&["tournament", "merge", &a, &b]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(merged, whole);
}

#[test]
fn outputs_parse_with_one_row_per_match() {
    let (csv, json) = (tmp("all.csv"), tmp("all.json"));
    for out in [&csv, &json] {
        let (code, _, err) = spheres(&["tournament", "--matches", "12", "--out", out]);
        assert_eq!(code, 0, "{err}");
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    // The first line is the tournament's identity (`# spheres-tournament {...}`).
    let mut lines: Vec<&str> = text.lines().collect();
    let header: serde_json::Value = serde_json::from_str(
        lines
            .remove(0)
            .strip_prefix("# spheres-tournament ")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["tournament"]["scenario"], "summer1939");
    assert_eq!(header["shard"], serde_json::json!([1, 1]));
    assert_eq!(lines.len(), 13);
    let width = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == width));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let matches = v["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 12);
    assert_eq!(v["scenario"], "summer1939");
    // The same seeds give the same matches in both files.
    let first_csv_hash = lines[1].split(',').nth(4).unwrap();
    assert_eq!(matches[0]["state_hash"], first_csv_hash);
}

#[test]
fn bad_arguments_are_reported() {
    for (args, needle) in [
        (vec!["tournament"], "--matches N is required"),
        (
            vec!["tournament", "--matches", "5", "--shard", "3/2"],
            "--shard 3/2",
        ),
        (
            vec![
                "tournament",
                "--matches",
                "5",
                "--compare",
                "ussr=hardliner",
            ],
            "expected POWER=A,B",
        ),
        (
            vec!["tournament", "--matches", "5", "--out", "x.txt"],
            "must end in .csv or .json",
        ),
    ] {
        let (code, _, err) = spheres(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let bad = tmp("bad.csv");
    std::fs::write(&bad, "not,a,tournament\n").unwrap();
    let (code, _, err) = spheres(&["tournament", "merge", &bad]);
    assert_eq!(code, 1);
    assert!(err.contains(":1:1: error:"), "{err}");
}
