//! An events line that is not UTF-8 is a dead letter with its line number, like a line
//! that is not JSON; the run goes on and prints its board.

use super::{events, stderr_of, stdout_of, tourney, GOOD};

/// The generated events with one byte of line `n` replaced by 0xff.
fn with_bad_byte(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let path = events(dir, 600);
    let mut lines: Vec<Vec<u8>> = std::fs::read(&path)
        .unwrap()
        .split(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    lines[n - 1][3] = 0xff;
    std::fs::write(&path, lines.join(&b'\n')).unwrap();
    path
}

#[test]
fn dry_run_sets_a_line_that_is_not_utf8_aside_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let ev = with_bad_byte(dir.path(), 501);
    let out = tourney()
        .args(["dry-run", GOOD, "--events"])
        .arg(&ev)
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(text.contains("place  player"), "no board: {text}");
    assert!(text.contains("600 lines"), "{text}");
    assert!(
        text.contains("line 501: not valid UTF-8: byte 0xff at column 4"),
        "{text}"
    );
}

#[test]
fn run_sets_a_line_that_is_not_utf8_aside_and_prints_the_final_board() {
    let dir = tempfile::tempdir().unwrap();
    let ev = with_bad_byte(dir.path(), 501);
    let out = tourney()
        .args([
            "run",
            GOOD,
            "--listen",
            "127.0.0.1:0",
            "--exit-when-done",
            "--events",
        ])
        .arg(&ev)
        .env("TOURNEY_TOKENS", "operator-123=t")
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // The dry-run's summary: every line read, the bad one among the malformed.
    assert!(text.contains("600 lines: 599 events"), "{text}");
    assert!(text.contains(", 1 malformed"), "{text}");
    assert!(
        text.contains("line 501: not valid UTF-8: byte 0xff at column 4"),
        "{text}"
    );
}
