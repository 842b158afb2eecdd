//! The `tourney` command line: help, exit codes (0 ok, 1 errors in the input, 2 usage or
//! I/O), the three error formats, `new` and `completions`.

// A failing test panics; that is how it reports.
#![allow(clippy::panic)]

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn tourney() -> Command {
    let mut cmd = cargo_bin_cmd!("tourney");
    // Plain output whatever the terminal, and paths relative to the package.
    cmd.env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const GOOD: &str = "tests/fixtures/valid/weekend-slots.tourney";
const BAD: &str = "tests/fixtures/diagnostics/T0205-bounds-reversed.tourney";
const WARNING: &str = "tests/fixtures/diagnostics/T0109-no-title.tourney";

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn help_shows_examples_and_exit_codes() {
    tourney()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("tourney validate"))
        .stdout(predicate::str::contains("tourney new --template"))
        .stdout(predicate::str::contains(
            "Exit codes: 0 success, 1 errors in the input (or a check failed), 2 usage or I/O error.",
        ));
}

#[test]
fn validate_accepts_a_good_file() {
    tourney()
        .args(["validate", GOOD])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("ok: 1 tournament checked"));
}

#[test]
fn validate_accepts_a_directory_of_good_files() {
    tourney()
        .args(["validate", "tests/fixtures/valid"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ok: 4 tournaments checked"));
}

#[test]
fn validate_rejects_a_fixture_with_its_code_on_stderr() {
    tourney()
        .args(["validate", BAD])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("T0205"))
        .stderr(predicate::str::contains(
            "the minimum is above the maximum, so no wager can pass",
        ))
        .stderr(predicate::str::contains(
            "T0205-bounds-reversed.tourney:7:5",
        ))
        // No colour when NO_COLOR is set.
        .stderr(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn short_format_is_one_line_per_diagnostic() {
    tourney()
        .args(["validate", "--error-format", "short", BAD])
        .assert()
        .code(1)
        .stderr(format!(
            "{BAD}:7:5: error[T0205]: the minimum is above the maximum, so no wager can pass\n"
        ));
}

#[test]
fn json_format_prints_parseable_json_on_stdout() {
    let output = tourney()
        .args(["validate", "--error-format", "json", BAD])
        .output()
        .unwrap_or_else(|e| panic!("cannot run tourney: {e}"));
    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout_of(&output);
    let doc: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["code"], "T0205");
    assert_eq!(doc["diagnostics"][0]["severity"], "error");
    assert_eq!(doc["diagnostics"][0]["labels"][0]["start"]["line"], 7);
    assert_eq!(doc["diagnostics"][0]["labels"][0]["start"]["column"], 5);
    assert!(output.stderr.is_empty(), "JSON mode keeps stderr quiet");
}

#[test]
fn json_format_on_a_good_file_is_an_empty_report() {
    let output = tourney()
        .args(["validate", "--error-format", "json", GOOD])
        .output()
        .unwrap_or_else(|e| panic!("cannot run tourney: {e}"));
    assert_eq!(output.status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_str(&stdout_of(&output)).unwrap_or_else(|e| panic!("not JSON ({e})"));
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0);
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
}

#[test]
fn warnings_pass_unless_denied() {
    tourney()
        .args(["validate", WARNING])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("T0109"));
    tourney()
        .args(["validate", "--deny-warnings", WARNING])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("T0109"));
}

#[test]
fn validate_reads_standard_input() {
    let text = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BAD))
        .unwrap_or_else(|e| panic!("cannot read {BAD}: {e}"));
    tourney()
        .args(["validate", "--error-format", "short", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("<stdin>:7:5: error[T0205]"));
}

#[test]
fn a_missing_file_is_a_usage_error() {
    tourney()
        .args(["validate", "tests/fixtures/no-such-file.tourney"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: cannot read `tests/fixtures/no-such-file.tourney`",
        ))
        .stderr(predicate::str::contains("No such file or directory"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    tourney().arg("validate").assert().code(2);
    tourney()
        .args(["validate", "--error-format", "xml", GOOD])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("xml"));
}

#[test]
fn new_lists_the_builtin_templates() {
    let expected: String = tourney::check::BUILTIN_TEMPLATES
        .iter()
        .map(|(name, _)| format!("{name}\n"))
        .collect();
    tourney()
        .args(["new", "--list"])
        .assert()
        .success()
        .stdout(expected);
}

#[test]
fn new_rejects_an_unknown_template() {
    tourney()
        .args(["new", "--template", "slot-race"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no template `slot-race`"))
        .stderr(predicate::str::contains("did you mean `slots-race`?"));
}

/// What `new` writes must validate as it is, for every built-in template.
///
/// Fails while the built-in templates are placeholders: their `score` adds up
/// `wager.amount` with no currency restriction, which is T0306. The fix belongs in
/// `templates/tournaments/` (a `currency` in `score`, or `wager.currency` in `eligible`).
#[test]
fn new_from_every_template_validates() {
    let mut failures = Vec::new();
    for (name, _) in tourney::check::BUILTIN_TEMPLATES {
        let output = tourney()
            .args(["new", "--template", name, "--id", "summer-slots"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run tourney: {e}"));
        assert_eq!(output.status.code(), Some(0), "new --template {name}");
        let text = stdout_of(&output);
        assert!(text.contains(&format!("from \"{name}\"")), "{text}");
        let check = tourney()
            .args(["validate", "--error-format", "short", "-"])
            .write_stdin(text)
            .output()
            .unwrap_or_else(|e| panic!("cannot run tourney: {e}"));
        if check.status.code() != Some(0) {
            failures.push(format!(
                "--template {name}:\n{}",
                String::from_utf8_lossy(&check.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "`tourney new` output does not validate:\n{}",
        failures.join("\n")
    );
}

#[test]
fn new_writes_a_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary dir: {e}"));
    let path = dir.path().join("summer.tourney");
    tourney()
        .args(["new", "--template", "slots-race", "--output"])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("not written: {e}"));
    assert!(text.contains("tournament \"my-tournament\" from \"slots-race\""));
    tourney()
        .args(["new", "--template", "slots-race", "--output"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn completions_for_bash() {
    tourney()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_tourney()"))
        .stdout(predicate::str::contains("complete -F _tourney"))
        .stdout(predicate::str::contains("validate"));
}
