#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Without ksqlDB: the worker reads `wager.events` itself, where every operator's
//! wagers arrive, and applies the tournament's filter. Its board equals the dry-run's
//! over the same records; the other operator's wagers never count.

mod support;

use std::time::Duration;
use support::services::{fresh_database, Broker};
use support::traffic::{self, create_topic, produce};
use support::{
    compile, dry_run, stored_result, tournament_source, write_file, Worker, WorkerConfig,
};
use tourney::emit::names::SOURCE_TOPIC;

#[test]
fn raw_source_applies_the_filter_in_the_worker() {
    let broker = Broker::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source("op-raw", "raw", Duration::from_secs(6));
    let t = compile(&source);
    let file = write_file(dir.path(), &source);
    create_topic(&broker.bootstrap, SOURCE_TOPIC);

    let (_, mine) = traffic::deliveries("op-raw", 1500, 200, 1000, 3);
    let (_, theirs) = traffic::deliveries("op-other", 1500, 200, 1000, 4);
    let mut lines: Vec<String> = Vec::new();
    for (a, b) in mine.iter().zip(&theirs) {
        lines.push(a.clone());
        lines.push(b.replace("\"w-", "\"other-w-"));
    }
    produce(
        &traffic::producer(&broker.bootstrap),
        SOURCE_TOPIC,
        &lines,
        0,
    );

    let mut worker = Worker::spawn(&WorkerConfig {
        file: &file,
        brokers: &broker.bootstrap,
        redis: None,
        postgres: &pg,
        lateness_s: 2,
        snapshot_every_s: 1.0,
        batch: 500,
        listen: None,
        raw: true,
    });
    assert_eq!(worker.wait(Duration::from_secs(60)), 0, "worker exit code");

    let expected = dry_run(&t, &lines, 2, false);
    let operator_rule = expected
        .summary
        .ineligible
        .iter()
        .find(|r| r.rule.contains("op-raw"));
    assert!(
        operator_rule.is_some_and(|r| r.count >= 1500),
        "{:?}",
        expected.summary.ineligible
    );
    let stored = stored_result(&pg, "op-raw", "raw").expect("a final result is stored");
    assert_eq!(stored, serde_json::to_value(&expected.board).unwrap());
}
