#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! `tourney plan`, `deploy` and `retire` against a fake ksqlDB server
//! (`tests/support/fake_ksqldb/`): the CLI runs as a user runs it, the fake keeps the
//! cluster state and injects faults.

#[path = "support/mod.rs"]
mod support;

#[path = "deploy/apply.rs"]
mod apply;
#[path = "deploy/drift.rs"]
mod drift;
#[path = "deploy/fake.rs"]
mod fake;
#[path = "deploy/faults.rs"]
mod faults;
#[path = "deploy/operators.rs"]
mod operators;
#[path = "deploy/plan.rs"]
mod plan;
#[path = "deploy/retire.rs"]
mod retire;
#[path = "deploy/scoring.rs"]
mod scoring;
#[path = "deploy/workers.rs"]
mod workers;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use std::path::{Path, PathBuf};
pub use support::fake_ksqldb::{FakeKsqlDb, Fault};

/// Before every tournament of these tests starts.
pub const BEFORE: &str = "2031-01-01T00:00:00Z";
/// While `spring-slots` runs.
pub const DURING: &str = "2031-03-02T00:00:00Z";

pub fn tourney() -> Command {
    let mut cmd = cargo_bin_cmd!("tourney");
    cmd.env("NO_COLOR", "1")
        .env_remove("TOURNEY_KSQLDB_KEY")
        .env_remove("TOURNEY_KSQLDB_SECRET")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A small valid tournament of `operator` with a filter on `category`.
pub fn tournament(operator: &str, id: &str, category: &str) -> String {
    format!(
        r#"tournament "{id}" {{
  title "Spring Slots"
  operator "{operator}"
  runs 2031-03-01T00:00:00Z .. 2031-03-08T00:00:00Z
  prewarm 30m
  eligible when {{
    game.category = "{category}"
    wager.amount >= 1.00 EUR
  }}
  score {{
    points = wager.amount
  }}
  leaderboard {{
    prizes {{ 1: "a trip" }}
  }}
}}
"#
    )
}

/// A directory of `.tourney` files: `(file name, text)`.
pub fn files(list: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in list {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Two tournaments of `op-a`.
pub fn two() -> tempfile::TempDir {
    files(&[
        (
            "spring.tourney",
            tournament("op-a", "spring-slots", "slots"),
        ),
        ("live.tourney", tournament("op-a", "live-race", "live")),
    ])
}

/// `plan|deploy DIR --ksqldb URL --now BEFORE` with short time-outs.
pub fn run(cmd: &str, dir: &Path, fake: &FakeKsqlDb) -> Command {
    run_at(cmd, dir, fake, BEFORE)
}

/// `plan|deploy DIR --ksqldb URL --now NOW` with short time-outs.
pub fn run_at(cmd: &str, dir: &Path, fake: &FakeKsqlDb, now: &str) -> Command {
    let mut c = tourney();
    c.args([
        cmd,
        dir.to_str().unwrap(),
        "--ksqldb",
        &fake.url,
        "--now",
        now,
    ]);
    c.args(["--request-timeout", "1", "--retries", "2"]);
    if cmd == "deploy" {
        c.args(["--running-timeout", "3"]);
    }
    c
}

pub fn deploy_ok(dir: &Path, fake: &FakeKsqlDb) {
    run("deploy", dir, fake).assert().code(0);
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The stream of `operator`/`id` as the compiler names it.
pub fn stream(operator: &str, id: &str) -> String {
    tourney::emit::names::stream_name(operator, id)
        .unwrap()
        .to_string()
}

pub fn path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}
