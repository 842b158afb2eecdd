//! Source files that are odd but not wrong (CR line endings, a byte-order mark) work;
//! files that are wrong say exactly what is wrong, in every error format.

use super::{run_with_input, stderr_of, stdout_of, tourney};
use std::path::Path;

const WEEKEND: &str = "examples/tournaments/weekend-slots.tourney";

fn example() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(WEEKEND)).unwrap()
}

fn validate(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut cmd = tourney();
    cmd.arg("validate").args(args).arg("-");
    run_with_input(cmd, input)
}

#[test]
fn cr_line_endings_end_comments_and_lines() {
    let cr = example().replace('\n', "\r");
    let ok = validate(&[], cr.as_bytes());
    assert_eq!(ok.status.code(), Some(0), "{}", stderr_of(&ok));
    assert!(
        stderr_of(&ok).contains("ok: 1 tournament checked"),
        "{}",
        stderr_of(&ok)
    );

    let wrong = cr.replacen("operator \"operator-123\"", "operatr \"operator-123\"", 1);
    let out = validate(&["--error-format", "short"], wrong.as_bytes());
    let line = example()
        .lines()
        .position(|l| l.contains("operator \"operator-123\""))
        .unwrap()
        + 1;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains(&format!("<stdin>:{line}:3: error[T0002]")),
        "{}",
        stderr_of(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cr.tourney");
    std::fs::write(&file, &cr).unwrap();
    let out = tourney()
        .arg("compile")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("build"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("compiled 1 tournament"));
}

#[test]
fn a_file_that_is_not_utf8_is_t0007_at_its_first_bad_byte_in_every_format() {
    let text = example().replacen("title \"", "title \"caf\u{e9} ", 1);
    let bytes = text.replacen('\u{e9}', "\u{1}", 1).into_bytes();
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    let mut bytes = bytes;
    bytes[at] = 0xe9;
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    let position = format!("line {line}, column {column}");

    let json = validate(&["--error-format", "json"], &bytes);
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "T0007");
    assert_eq!(doc["diagnostics"][0]["labels"][0]["start"]["line"], line);
    assert_eq!(
        doc["diagnostics"][0]["labels"][0]["start"]["column"],
        column
    );

    for format in ["human", "short"] {
        let out = validate(&["--error-format", format], &bytes);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr_of(&out).contains("T0007"), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains(&position), "{}", stderr_of(&out));
    }
}

#[test]
fn json_error_format_prints_a_document_for_a_missing_file() {
    let out = tourney()
        .args(["validate", "--error-format", "json", "no-such-file.tourney"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["errors"], 1);
    assert!(doc["error"]
        .as_str()
        .unwrap()
        .contains("cannot read `no-such-file.tourney`"));
}

fn short_codes(text: &str) -> String {
    let out = validate(&["--error-format", "short"], text.as_bytes());
    stderr_of(&out)
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let out = validate(&[], format!("\u{feff}{}", example()).as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn an_empty_unicode_escape_is_one_t0003() {
    let err = short_codes(&example().replacen("title \"", "title \"\\u{}", 1));
    assert!(
        err.contains("error[T0003]: `\\u{}` is not a unicode scalar value"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "follow-on errors: {err}");
}

#[test]
fn a_huge_number_in_points_is_t0006_only() {
    let err = short_codes(&example().replacen(
        "points = wager.amount",
        "points = wager.amount * 99999999999999999999999999999999999",
        1,
    ));
    assert!(err.contains("error[T0006]"), "{err}");
    assert!(!err.contains("T0301"), "follow-on error: {err}");
}

#[test]
fn a_cap_window_too_long_to_hold_is_t0006_only() {
    let capped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tournaments/daily-capped.tourney"),
    )
    .unwrap();
    let err = short_codes(&capped.replacen("per 1h", "per 18446744073709551615ms", 1));
    assert!(
        err.contains("error[T0006]: the duration `18446744073709551615ms` is too long"),
        "{err}"
    );
    assert!(!err.contains("not positive"), "follow-on error: {err}");
}

#[test]
fn gen_events_says_a_window_is_too_long() {
    let out = tourney()
        .args([
            "gen-events",
            "--events",
            "1",
            "--players",
            "1",
            "--seed",
            "1",
        ])
        .args(["--hours", "99999999999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("must last at most"), "{err}");
    assert!(!err.contains("at least"), "{err}");
}

#[test]
fn new_names_the_characters_an_operator_may_use() {
    let out = tourney()
        .args(["new", "--template", "slots-race", "--operator", "a.b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("`--operator a.b`"), "{err}");
    assert!(err.contains("`A-Z a-z 0-9 _ -`"), "{err}");
    assert!(stdout_of(&out).is_empty());
}

#[test]
fn fmt_reports_a_file_that_is_not_utf8_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.tourney");
    let bytes = example()
        .replacen("title \"", "title \"caf\u{1} ", 1)
        .into_bytes();
    let bytes: Vec<u8> = bytes
        .iter()
        .map(|b| if *b == 1 { 0xe9 } else { *b })
        .collect();
    std::fs::write(&file, &bytes).unwrap();
    let out = tourney().arg("fmt").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("T0007"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}
