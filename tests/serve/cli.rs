//! `tourney run` as a user runs it: its final board equals `tourney dry-run`'s.

use assert_cmd::Command;

const FILE: &str = "examples/tournaments/weekend-slots.tourney";

fn tourney() -> Command {
    Command::cargo_bin("tourney").unwrap()
}

fn gen_args<'a>(n: &'a str, players: &'a str) -> Vec<&'a str> {
    vec!["--events", n, "--players", players, "--seed", "11"]
}

/// The table rows after the first header line, up to the first blank line.
fn board(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stdout);
    text.lines()
        .skip_while(|l| !l.trim_start().starts_with("place"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn dry_run(events: &std::path::Path) -> Vec<String> {
    let out = tourney()
        .args(["dry-run", FILE, "--events"])
        .arg(events)
        .output()
        .unwrap();
    assert!(out.status.success());
    board(&out.stdout)
}

#[test]
fn run_over_an_events_file_ends_on_the_dry_run_board() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    let mut gen = vec!["gen-events", "--tournament", FILE];
    gen.extend(gen_args("5000", "300"));
    tourney()
        .args(&gen)
        .arg("--out")
        .arg(&events)
        .assert()
        .success();

    let out = tourney()
        .args([
            "run",
            FILE,
            "--listen",
            "127.0.0.1:0",
            "--exit-when-done",
            "--events",
        ])
        .arg(&events)
        .env_remove("TOURNEY_TOKENS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read API on http://127.0.0.1:"), "{stderr}");
    assert!(
        !stderr.contains("127.0.0.1:0 "),
        "the actual port is printed: {stderr}"
    );
    let run_board = board(&out.stdout);
    assert!(run_board.len() >= 3, "a board: {run_board:?}");
    assert_eq!(run_board, dry_run(&events));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("== weekend-slots-2024-11 (operator-123)"),
        "{stdout}"
    );
    assert!(stdout.contains("malformed"), "{stdout}");
}

#[test]
fn run_with_generate_equals_gen_events_then_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.ndjson");
    let mut gen = vec!["gen-events", "--tournament", FILE];
    gen.extend(gen_args("20000", "2000"));
    tourney()
        .args(&gen)
        .arg("--out")
        .arg(&events)
        .assert()
        .success();

    let out = tourney()
        .args([
            "run",
            FILE,
            "--listen",
            "127.0.0.1:0",
            "--exit-when-done",
            "--generate",
            "20000",
            "--players",
            "2000",
            "--seed",
            "11",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = dry_run(&events);
    assert!(expected.len() >= 20, "a full board: {expected:?}");
    assert_eq!(board(&out.stdout), expected);
}

#[test]
fn run_needs_events_or_generate() {
    let out = tourney()
        .args(["run", FILE, "--exit-when-done"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--events"));
}
