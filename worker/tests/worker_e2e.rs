#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The worker against a real broker, Redis and PostgreSQL: what it stores, publishes
//! and keeps in Redis equals what `tourney dry-run` computes over the same records.

mod support;

use std::time::Duration;
use support::services::{fresh_database, Broker, Redis};
use support::traffic::{self, create_topic, produce, read_all};
use support::{compile, stored_result, tournament_source, write_file, Worker, WorkerConfig};
use tourney::dry_run::{replay, DryRunOptions};
use tourney::emit::names::Names;
use tourney::engine::EngineOptions;
use tourney_worker::member;

const OP: &str = "op-e2e";
const LATENESS_S: i64 = 2;

fn dry_run(t: &tourney::ir::Tournament, lines: &[String]) -> tourney::dry_run::Report {
    let opts = DryRunOptions {
        engine: EngineOptions {
            allowed_lateness_ms: LATENESS_S * 1000,
            ..EngineOptions::default()
        },
        collect_changes: true,
        ..DryRunOptions::default()
    };
    replay(t, lines.iter().map(|l| Ok::<_, ()>(l.clone())), &opts).unwrap()
}

#[test]
fn worker_output_equals_the_dry_run() {
    let broker = Broker::start();
    let redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source(OP, "e2e", Duration::from_secs(8));
    let t = compile(&source);
    let file = write_file(dir.path(), &source);
    let names = Names::new(OP, "e2e").unwrap();
    create_topic(&broker.bootstrap, &names.eligible_topic);

    let (_, mut lines) = traffic::deliveries(OP, 3000, 300, 1500, 7);
    lines.insert(10, "{not json".to_string());
    lines.insert(
        20,
        r#"{"wagerId":"x","playerId":"p","timestamp":"2024-01-01T00:00:00Z","wagerAmount":-5}"#
            .to_string(),
    );
    let p = traffic::producer(&broker.bootstrap);
    produce(&p, &names.eligible_topic, &lines, 0);

    let mut worker = Worker::spawn(&WorkerConfig {
        file: &file,
        brokers: &broker.bootstrap,
        redis: Some(&redis.url()),
        postgres: &pg,
        lateness_s: LATENESS_S,
        snapshot_every_s: 1.0,
        batch: 500,
    });
    assert_eq!(worker.wait(Duration::from_secs(60)), 0, "worker exit code");

    let expected = dry_run(&t, &lines);
    let stored = stored_result(&pg, OP, "e2e").expect("a final result is stored");
    assert_eq!(stored, serde_json::to_value(&expected.board).unwrap());

    // Redis: same players, same order, same exact scores.
    let mut conn = redis.connection();
    let members: Vec<String> = redis::cmd("ZRANGE")
        .arg(&names.leaderboard_key)
        .arg(0)
        .arg(-1)
        .query(&mut conn)
        .unwrap();
    let live: Vec<(String, String)> = members
        .iter()
        .map(|m| {
            let (p, s) = member::decode(m).expect("member decodes");
            (p.to_string(), s.to_string())
        })
        .collect();
    let want: Vec<(String, String)> = expected
        .board
        .iter()
        .map(|s| (s.player_id.clone(), s.score.to_string()))
        .collect();
    assert_eq!(live, want);
    let status: String = redis::cmd("HGET")
        .arg(format!("{}:meta", names.leaderboard_key))
        .arg("status")
        .query(&mut conn)
        .unwrap();
    assert_eq!(status, "finished");
    let input = read_all(&broker.bootstrap, &names.eligible_topic);
    assert_eq!(input.len(), lines.len(), "the broker kept every record");
    // Dead letters: the two bad records, with reasons.
    let dead = read_all(&broker.bootstrap, &names.dead_letter_topic);
    assert_eq!(dead.len(), 2, "{dead:?}");
    assert!(dead[0].contains("not a JSON wager object"), "{}", dead[0]);
    assert!(dead[1].contains("negative"), "{}", dead[1]);

    // Position changes: exactly the dry-run's, ids included.
    let changes = read_all(&broker.bootstrap, &names.updates_topic);
    let want: Vec<String> = expected
        .changes
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    assert_eq!(changes.len(), want.len());
    assert_eq!(changes, want);
}
