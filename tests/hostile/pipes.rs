//! Standard output that goes away (`| head`) or fills up (`> /dev/full`): a closed pipe
//! ends the command quietly with its usual exit status; a write error exits 2 with a
//! message. Never a panic (exit 101).

use super::{events, run_with_input, stderr_of, tourney, GOOD};
use std::process::{Command, Output, Stdio};

/// The write end of a pipe whose reader has already gone: the first write fails with
/// "broken pipe", whatever the timing.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("`true` starts");
    let write_end = reader.stdin.take().expect("a pipe");
    reader.wait().expect("`true` ends");
    Stdio::from(write_end)
}

fn full_disk() -> Stdio {
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    Stdio::from(f)
}

struct Case {
    args: Vec<String>,
    input: &'static [u8],
    /// The exit status when the output can be written.
    usual: i32,
}

fn cases(dir: &std::path::Path) -> Vec<Case> {
    let ev = events(dir, 300).display().to_string();
    let unformatted = dir.join("unformatted.tourney");
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOOD))
        .unwrap();
    std::fs::write(&unformatted, text.replace("\n  ", "\n      ")).unwrap();
    let unformatted = unformatted.display().to_string();
    let source = include_bytes!("../fixtures/valid/weekend-slots.tourney");
    let case = |args: &[&str], input: &'static [u8], usual| Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        input,
        usual,
    };
    vec![
        case(&["preview", GOOD], b"", 0),
        case(&["preview", GOOD, "--format", "json"], b"", 0),
        case(&["schema"], b"", 0),
        case(&["new", "--list"], b"", 0),
        case(&["new", "--template", "slots-race"], b"", 0),
        case(&["completions", "bash"], b"", 0),
        case(
            &["test", "examples/tournaments/daily-capped.tourney"],
            b"",
            0,
        ),
        case(&["fmt", "-"], source, 0),
        case(&["fmt", "--check", &unformatted], b"", 1),
        case(&["validate", "--error-format", "json", GOOD], b"", 0),
        case(&["dry-run", GOOD, "--events", &ev], b"", 0),
        case(
            &["dry-run", GOOD, "--events", &ev, "--format", "json"],
            b"",
            0,
        ),
        case(
            &[
                "gen-events",
                "--events",
                "5000",
                "--players",
                "9",
                "--seed",
                "1",
            ],
            b"",
            0,
        ),
        case(
            &[
                "run",
                GOOD,
                "--events",
                &ev,
                "--listen",
                "127.0.0.1:0",
                "--exit-when-done",
            ],
            b"",
            0,
        ),
    ]
}

fn run_case(case: &Case, stdout: Stdio) -> Output {
    let mut cmd = tourney();
    cmd.args(&case.args).env("TOURNEY_TOKENS", "operator-123=t");
    cmd.stdout(stdout);
    let mut cmd_with_input = cmd;
    cmd_with_input.stdin(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd_with_input.spawn().expect("tourney starts");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        let _ = stdin.write_all(case.input);
    }
    child.wait_with_output().expect("tourney ends")
}

#[test]
fn a_reader_that_goes_away_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for case in cases(dir.path()) {
        let out = run_case(&case, closed_pipe());
        let err = stderr_of(&out);
        assert_eq!(
            out.status.code(),
            Some(case.usual),
            "`tourney {}` into a closed pipe: {err}",
            case.args.join(" ")
        );
        assert!(
            !err.contains("panicked") && !err.contains("error:"),
            "`tourney {}` into a closed pipe said: {err}",
            case.args.join(" ")
        );
    }
}

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    for case in cases(dir.path()) {
        let out = run_case(&case, full_disk());
        let err = stderr_of(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`tourney {}` into /dev/full: {err}",
            case.args.join(" ")
        );
        assert!(
            err.contains("cannot write to standard output: No space left on device"),
            "`tourney {}` into /dev/full said: {err}",
            case.args.join(" ")
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn formatting_standard_input_still_writes_the_text() {
    let source = include_bytes!("../fixtures/fmt/formatted.tourney");
    let mut cmd = tourney();
    cmd.args(["fmt", "-"]);
    let out = run_with_input(cmd, source);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(out.stdout, source.to_vec());
}
