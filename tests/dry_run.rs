#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The dry-run as a user runs it: generated traffic in, a consistent summary and board out.

use assert_cmd::Command;

fn tourney() -> Command {
    Command::cargo_bin("tourney").unwrap()
}

fn events(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("events.ndjson");
    tourney()
        .args([
            "gen-events",
            "--tournament",
            "examples/tournaments/weekend-slots.tourney",
            "--events",
            "5000",
            "--players",
            "300",
            "--seed",
            "11",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn summary_accounts_for_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let ev = events(dir.path());
    let out = tourney()
        .args([
            "dry-run",
            "examples/tournaments/weekend-slots.tourney",
            "--format",
            "json",
            "--events",
        ])
        .arg(&ev)
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &r["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("lines"), n("events") + n("malformed") + n("after_clock"));
    let ineligible: u64 = s["ineligible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        n("events"),
        n("counted") + n("duplicates") + n("late") + n("unscorable") + ineligible
    );
    assert!(n("malformed") > 0 && n("duplicates") > 0 && n("counted") > 0);
    let board = r["board"].as_array().unwrap();
    for (i, s) in board.iter().enumerate() {
        assert_eq!(s["place"].as_u64().unwrap() as usize, i + 1);
    }
    assert_eq!(board[0]["prize"]["text"], "€1,000");
}

#[test]
fn replay_is_deterministic_and_clock_stops() {
    let dir = tempfile::tempdir().unwrap();
    let ev = events(dir.path());
    let run = |extra: &[&str]| {
        let mut c = tourney();
        c.args([
            "dry-run",
            "examples/tournaments/weekend-slots.tourney",
            "--format",
            "json",
            "--events",
        ])
        .arg(&ev)
        .args(extra);
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert_eq!(run(&[]), run(&[]));
    let early: serde_json::Value =
        serde_json::from_str(&run(&["--at", "2024-11-15T00:10:00Z"])).unwrap();
    assert!(early["summary"]["after_clock"].as_u64().unwrap() > 0);
}

#[test]
fn explain_names_the_rule_that_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let ev = dir.path().join("one.ndjson");
    std::fs::write(&ev, "{\"wagerId\":\"w1\",\"playerId\":\"p1\",\"operatorId\":\"operator-123\",\"gameId\":\"slot-1\",\"gameCategory\":\"live\",\"wagerAmount\":20,\"currency\":\"EUR\",\"playerSegment\":\"VIP\",\"timestamp\":\"2024-11-15T10:00:00Z\"}\nnot json\n").unwrap();
    let out = tourney()
        .args([
            "dry-run",
            "examples/tournaments/weekend-slots.tourney",
            "--explain",
            "w1",
            "--events",
        ])
        .arg(&ev)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[FAIL] game.category = \"slots\""), "{text}");
    assert!(text.contains("game.category = \"live\""), "{text}");
    assert!(text.contains("line 2: not a JSON wager object"), "{text}");
}

#[test]
fn json_and_table_show_the_same_places() {
    let dir = tempfile::tempdir().unwrap();
    let ev = events(dir.path());
    // The example with a board of 2 places.
    let example = std::fs::read_to_string("examples/tournaments/weekend-slots.tourney").unwrap();
    let small = dir.path().join("small.tourney");
    std::fs::write(&small, example.replace("size 100", "size 2")).unwrap();
    let run = |format: &str, extra: &[&str]| {
        let out = tourney()
            .args(["dry-run", "--format", format, "--events"])
            .arg(&ev)
            .arg(&small)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let json_places = |text: &str| {
        let r: serde_json::Value = serde_json::from_str(text).unwrap();
        r["board"].as_array().unwrap().len()
    };
    let table_places = |text: &str| {
        text.lines()
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .count()
    };
    // The board size (2) bounds both; `--top` changes both.
    assert_eq!(json_places(&run("json", &[])), 2);
    assert_eq!(table_places(&run("table", &[])), 2);
    assert_eq!(json_places(&run("json", &["--top", "3"])), 3);
    assert_eq!(table_places(&run("table", &["--top", "3"])), 3);
    let r: serde_json::Value = serde_json::from_str(&run("json", &[])).unwrap();
    assert!(
        r["summary"]["players"].as_u64().unwrap() > 3,
        "all players are counted"
    );
}
