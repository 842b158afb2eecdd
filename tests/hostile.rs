//! The command line under hostile conditions, as a user meets them: a reader that goes
//! away, a full disk, bytes that are not text, escape sequences, odd line endings,
//! reused output folders. Nothing panics, nothing is lost, every failure says what it is.

// A failing test panics; that is how it reports.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

#[path = "hostile/escapes.rs"]
mod escapes;
#[path = "hostile/events.rs"]
mod events;
#[path = "hostile/output.rs"]
mod output;
#[path = "hostile/pipes.rs"]
mod pipes;
#[path = "hostile/sources.rs"]
mod sources;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const GOOD: &str = "tests/fixtures/valid/weekend-slots.tourney";

/// `tourney` with plain output, run from the package folder.
pub fn tourney() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tourney"));
    cmd.env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs `cmd` with `input` on standard input.
pub fn run_with_input(mut cmd: Command, input: &[u8]) -> Output {
    use std::io::Write;
    cmd.stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = cmd.spawn().expect("tourney starts");
    let mut stdin = child.stdin.take().expect("stdin");
    // The command may stop reading early; that is not what is tested here.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("tourney ends")
}

pub fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Generated wagers for [`GOOD`], in `dir`.
pub fn events(dir: &Path, n: u32) -> PathBuf {
    let out = dir.join("events.ndjson");
    let status = tourney()
        .args([
            "gen-events",
            "--tournament",
            GOOD,
            "--players",
            "50",
            "--seed",
            "3",
        ])
        .args([
            "--events",
            &n.to_string(),
            "--malformed",
            "0",
            "--duplicates",
            "0",
        ])
        .args(["--late", "0", "--out"])
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .expect("gen-events runs");
    assert!(status.success());
    out
}
