//! Folder arguments: links are followed, but a folder is walked once and a file read
//! once, so a link loop neither hangs the walk nor defines a tournament twice.

// A failing test panics; that is how it reports.
#![allow(clippy::panic)]

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::path::Path;
use std::time::Duration;

/// Long enough for a slow machine, short enough that a hanging walk fails the test.
const TIMEOUT: Duration = Duration::from_secs(60);

fn folder_with_one_tournament() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/weekend-slots.tourney");
    std::fs::copy(&good, dir.path().join("weekend.tourney"))
        .unwrap_or_else(|e| panic!("copy fixture: {e}"));
    dir
}

fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at)
        .unwrap_or_else(|e| panic!("symlink {}: {e}", at.display()));
}

fn validate(dir: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("tourney")
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(dir)
        .timeout(TIMEOUT)
        .assert()
}

#[test]
fn links_back_to_the_same_folder_end_the_walk() {
    let dir = folder_with_one_tournament();
    link(".", &dir.path().join("a"));
    link(".", &dir.path().join("b"));
    validate(dir.path())
        .code(0)
        .stderr(predicate::str::contains("ok: 1 tournament checked"));
}

#[test]
fn a_link_to_the_parent_folder_reads_each_file_once() {
    let dir = folder_with_one_tournament();
    let inner = dir.path().join("inner");
    std::fs::create_dir(&inner).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::rename(
        dir.path().join("weekend.tourney"),
        inner.join("weekend.tourney"),
    )
    .unwrap_or_else(|e| panic!("move fixture: {e}"));
    link("..", &inner.join("up"));
    validate(&inner)
        .code(0)
        .stderr(predicate::str::contains("ok: 1 tournament checked"))
        .stderr(predicate::str::contains("T0701").not());
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = folder_with_one_tournament();
    link("weekend.tourney", &dir.path().join("alias.tourney"));
    cargo_bin_cmd!("tourney")
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(dir.path())
        .arg(dir.path().join("weekend.tourney"))
        .timeout(TIMEOUT)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ok: 1 tournament checked"));
}

#[test]
fn a_link_to_a_folder_elsewhere_is_followed() {
    let dir = folder_with_one_tournament();
    let other = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::rename(
        dir.path().join("weekend.tourney"),
        other.path().join("weekend.tourney"),
    )
    .unwrap_or_else(|e| panic!("move fixture: {e}"));
    let target = other.path().to_string_lossy().into_owned();
    link(&target, &dir.path().join("shared"));
    validate(dir.path())
        .code(0)
        .stderr(predicate::str::contains("ok: 1 tournament checked"));
}
