//! Hostile sizes: deep nesting is T0008 in every command, at the bracket; long flat
//! expressions, many lines, long lists and many inline tests are checked (near-linear
//! work, so these tests end rather than hang). The inputs are generated here.

// A failing test panics; that is how it reports.
#![allow(clippy::panic)]

#[path = "support/hostile.rs"]
mod hostile;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::time::Duration;
use tourney::check::{check_project, CheckedProject, Project};
use tourney::emit::{emit, EmitOptions};

/// Long enough for a slow machine, short enough that a hang fails the test.
const TIMEOUT: Duration = Duration::from_secs(120);

fn check(text: &str) -> CheckedProject {
    let mut project = Project::new();
    project.add_file("hostile.tourney", text);
    check_project(&project)
}

fn codes(checked: &CheckedProject) -> Vec<&'static str> {
    checked
        .diagnostics
        .iter()
        .map(|d| d.code.info().code)
        .collect()
}

/// Checks, emits and formats `text`, which must be accepted.
fn accepted(text: &str) -> CheckedProject {
    let checked = check(text);
    assert!(
        codes(&checked).is_empty(),
        "diagnostics: {:?}",
        codes(&checked)
    );
    for t in checked.tournaments() {
        emit(t, &EmitOptions::default()).unwrap_or_else(|e| panic!("emit: {e}"));
    }
    let formatted = tourney::fmt::format_source(text).unwrap_or_else(|e| panic!("fmt: {e}"));
    assert!(tourney::fmt::is_formatted(&formatted).unwrap_or(false));
    checked
}

fn refused_deep(text: &str) {
    let checked = check(text);
    assert_eq!(codes(&checked), ["T0008"]);
    assert!(tourney::fmt::format_source(text).is_err());
}

#[test]
fn every_command_refuses_deep_nesting_with_t0008_at_the_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let file = dir.path().join("deep.tourney");
    std::fs::write(&file, hostile::nested_parens(3_000)).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let commands: [&[&str]; 4] = [
        &["validate"],
        &["test"],
        &["preview"],
        &["compile", "--out"],
    ];
    for args in commands {
        let mut cmd = cargo_bin_cmd!("tourney");
        cmd.env("NO_COLOR", "1").args(args);
        if args.contains(&"--out") {
            cmd.arg(&out);
        }
        cmd.arg(&file)
            .timeout(TIMEOUT)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("T0008"))
            .stderr(predicate::str::contains(
                "brackets nest deeper than 64 levels",
            ))
            .stderr(predicate::str::contains("deep.tourney:9:"));
    }
    cargo_bin_cmd!("tourney")
        .args(["fmt", "--check"])
        .arg(&file)
        .timeout(TIMEOUT)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("syntax errors"));
}

#[test]
fn deep_groups_of_every_kind_are_t0008() {
    refused_deep(&hostile::nested_parens(3_000));
    refused_deep(&hostile::nested_any(2_000));
    refused_deep(&hostile::nested_points(3_000));
    refused_deep(&hostile::nested_not(100_000));
}

#[test]
fn validate_refuses_the_nesting_compile_would_refuse_and_compile_takes_the_rest() {
    // Two braces around the condition, so 62 groups are the deepest allowed.
    refused_deep(&hostile::nested_or_and(63));
    refused_deep(&hostile::nested_not(63));
    accepted(&hostile::nested_or_and(62));
    accepted(&hostile::nested_not(62));
    accepted(&hostile::nested_parens(62));
    accepted(&hostile::nested_any(62));
}

#[test]
fn a_long_flat_points_expression_is_a_list_not_nesting() {
    let text = hostile::flat_points(27_000);
    assert!(text.len() > 80_000);
    accepted(&text);
}

/// Checks `text`, which ends with exactly the size codes `expected` (what ksqlDB could
/// not compile) and nothing else: no hang, no follow-on error.
fn refused_for_size(text: &str, expected: &[&str]) {
    assert_eq!(codes(&check(text)), expected);
}

#[test]
fn nine_alternatives_and_ten_thousand_lines_are_checked() {
    let text = hostile::or_lines(9, 10_000);
    assert!(text.len() > 200_000);
    refused_for_size(&text, &["T0212"]);
    // Just under what one query may hold, the same shape is accepted.
    accepted(&hostile::or_lines(9, 1_980));
}

#[test]
fn a_long_in_list_is_checked() {
    refused_for_size(&hostile::in_list(110_000), &["T0212", "T0210"]);
    accepted(&hostile::in_list(1_000));
}

#[test]
fn thousands_of_inline_tests_run() {
    let checked = accepted(&hostile::many_tests(2_800));
    let results: Vec<_> = checked
        .tournaments()
        .flat_map(tourney::testing::run_tests)
        .collect();
    assert_eq!(results.len(), 2_800);
    assert!(results.iter().all(|r| r.passed()));
}

#[test]
fn groups_the_bracket_count_cannot_see_are_still_t0008() {
    // The count takes the quote for a string running to the end of the line; the parser
    // reads `junk "` as an unreadable item ending at the `}`, and the groups after it.
    let deep = format!("{}wager.amount > 1 EUR{}", "(".repeat(500), ")".repeat(500));
    let text = hostile::tournament(
        &format!("    junk \" }} eligible when {{ {deep} }}"),
        "wager.amount",
        "",
    );
    assert!(codes(&check(&text)).contains(&"T0008"));
    assert!(tourney::fmt::format_source(&text).is_err());
}
