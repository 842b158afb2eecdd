#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! A tournament is scored from one partition, in its order: the worker refuses, at
//! start-up and with a clear error, an input topic with several partitions (a topic
//! made by hand or by an older compiler, without `PARTITIONS=1`).

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::services::{fresh_database, Broker};
use support::traffic::{create_topic, create_topic_with_partitions};
use support::{tournament_source, write_file};
use tourney::emit::names::Names;

/// Runs the worker on `file` until it exits (at most 60 s); its exit code and stderr.
fn run_worker(file: &std::path::Path, brokers: &str, pg: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tourney-worker"))
        .arg(file)
        .args(["--brokers", brokers, "--postgres", pg])
        .args(["--lateness-s", "1", "--snapshot-every-s", "0.5"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tourney-worker");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("poll worker").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("the worker did not stop within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("worker output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_input_topic_with_several_partitions_is_refused_at_start() {
    let broker = Broker::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source("op-parts", "three", Duration::from_secs(4));
    let file = write_file(dir.path(), &source);
    let names = Names::new("op-parts", "three").unwrap();
    create_topic_with_partitions(&broker.bootstrap, &names.eligible_topic, 3);

    let (code, stderr) = run_worker(&file, &broker.bootstrap, &pg);
    assert_ne!(code, 0, "the worker must refuse; stderr:\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "input topic `{}` has 3 partitions",
            names.eligible_topic
        )),
        "{stderr}"
    );
}

#[test]
fn an_input_topic_with_one_partition_is_scored() {
    let broker = Broker::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source("op-parts", "one", Duration::from_secs(3));
    let file = write_file(dir.path(), &source);
    let names = Names::new("op-parts", "one").unwrap();
    create_topic(&broker.bootstrap, &names.eligible_topic);

    let (code, stderr) = run_worker(&file, &broker.bootstrap, &pg);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("partitions"), "{stderr}");
}
