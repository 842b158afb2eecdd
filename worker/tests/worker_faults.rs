#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! Faults: every wager delivered one to three times and out of order, the worker
//! SIGKILLed at random points and restarted ten times, Redis restarted mid-run. The
//! final board must equal the dry-run over the unique wagers, with zero differences.

mod support;

use std::time::Duration;
use support::services::{fresh_database, Broker, Redis};
use support::traffic::{self, create_topic, produce, Rng};
use support::{compile, dry_run, redis_board, stored_result, wait_until_applied};
use support::{tournament_source, write_file, Worker, WorkerConfig};
use tourney::emit::names::Names;

const OP: &str = "op-faults";
const LATENESS_S: i64 = 3;

fn expected_board(t: &tourney::ir::Tournament, unique: &[String]) -> serde_json::Value {
    let report = dry_run(t, unique, LATENESS_S, false);
    assert!(report.board.len() > 100, "the test needs a real board");
    serde_json::to_value(&report.board).unwrap()
}

#[test]
fn killed_ten_times_with_duplicates_and_a_redis_restart_the_board_is_exact() {
    let broker = Broker::start();
    let mut redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    // The tournament ends long after the test: it is finalized by SIGUSR1 once every
    // record is in, so a slow machine cannot reach the end before the feeder is done
    // (records produced after the end plus the lateness are, by design, not scored).
    let source = tournament_source(OP, "faults", Duration::from_secs(600));
    let t = compile(&source);
    let file = write_file(dir.path(), &source);
    let names = Names::new(OP, "faults").unwrap();
    create_topic(&broker.bootstrap, &names.eligible_topic);

    let (unique, delivered) = traffic::deliveries(OP, 12_000, 1500, 1500, 11);
    assert!(delivered.len() > unique.len() + unique.len() / 2);
    let delivered_len = delivered.len();
    let brokers = broker.bootstrap.clone();
    let topic = names.eligible_topic.clone();
    let feeder = std::thread::spawn(move || {
        let p = traffic::producer(&brokers);
        produce(&p, &topic, &delivered, 1200);
    });

    let redis_url = redis.url();
    let config = WorkerConfig {
        file: &file,
        brokers: &broker.bootstrap,
        redis: Some(&redis_url),
        postgres: &pg,
        lateness_s: LATENESS_S,
        snapshot_every_s: 0.2,
        batch: 200,
        listen: None,
        raw: false,
    };
    let mut rng = Rng::new(99);
    let mut worker = Worker::spawn(&config);
    let mut snapshots_seen = Vec::new();
    for kill in 0..10 {
        std::thread::sleep(Duration::from_millis(900 + rng.below(1300)));
        worker.kill();
        snapshots_seen.push(snapshot_events(&pg).unwrap_or(0));
        if kill == 5 {
            redis.restart();
        }
        worker = Worker::spawn(&config);
    }
    // The kills must land mid-run: most restarts resume from a newer snapshot.
    let advanced = snapshots_seen.windows(2).filter(|w| w[1] > w[0]).count();
    assert!(
        advanced >= 5,
        "snapshot progress at the kills: {snapshots_seen:?}"
    );
    feeder.join().unwrap();
    let records = delivered_len as i64;
    wait_until_applied(
        &redis,
        &names.leaderboard_key,
        records,
        Duration::from_secs(120),
    );
    worker.finalize_now();
    assert_eq!(worker.wait(Duration::from_secs(90)), 0, "worker exit code");

    let expected = expected_board(&t, &unique);
    let stored = stored_result(&pg, OP, "faults").expect("a final result is stored");
    assert_eq!(
        stored, expected,
        "the stored result differs from the dry-run"
    );

    let want: Vec<(String, String)> = expected
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["player_id"].as_str().unwrap().to_string(),
                s["score"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(redis_board(&redis, &names.leaderboard_key), want);
}

fn snapshot_events(pg: &str) -> Option<i64> {
    let mut db = postgres::Client::connect(pg, postgres::NoTls).ok()?;
    let row = db
        .query_opt("SELECT events FROM tourney_snapshots", &[])
        .ok()??;
    Some(row.get(0))
}
