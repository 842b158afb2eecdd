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
use support::{compile, dry_run, redis_board, stored_result, wait_until_applied};
use support::{tournament_source, write_file, Worker, WorkerConfig};
use tourney::emit::names::Names;

const OP: &str = "op-e2e";
const LATENESS_S: i64 = 2;

#[test]
fn worker_output_equals_the_dry_run() {
    let broker = Broker::start();
    let redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source(OP, "e2e", Duration::from_secs(120));
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

    let api_port = support::services::free_port();
    let redis_url = redis.url();
    let listen = Some((api_port, "op-e2e=tok-a,op-other=tok-b"));
    let mut worker = Worker::spawn(&config(&file, &broker, &redis_url, &pg, listen));
    let expected = dry_run(&t, &lines, LATENESS_S, true);
    wait_until_applied(
        &redis,
        &names.leaderboard_key,
        lines.len() as i64,
        Duration::from_secs(30),
    );
    read_api_serves_the_live_board(api_port, &expected);
    // What `tourney retire` does: SIGUSR1 finalizes now, before the end.
    worker.finalize_now();
    assert_eq!(worker.wait(Duration::from_secs(30)), 0, "worker exit code");

    let stored = stored_result(&pg, OP, "e2e").expect("a final result is stored");
    assert_eq!(stored, serde_json::to_value(&expected.board).unwrap());

    // Redis: same players, same order, same exact scores.
    let live = redis_board(&redis, &names.leaderboard_key);
    let want: Vec<(String, String)> = expected
        .board
        .iter()
        .map(|s| (s.player_id.clone(), s.score.to_string()))
        .collect();
    assert_eq!(live, want);
    let status: String = redis::cmd("HGET")
        .arg(format!("{}:meta", names.leaderboard_key))
        .arg("status")
        .query(&mut redis.connection())
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

/// The worker these tests run: snapshots every second, batches of 500.
fn config<'a>(
    file: &'a std::path::Path,
    broker: &'a Broker,
    redis: &'a str,
    pg: &'a str,
    listen: Option<(u16, &'a str)>,
) -> WorkerConfig<'a> {
    WorkerConfig {
        file,
        brokers: &broker.bootstrap,
        redis: Some(redis),
        postgres: pg,
        lateness_s: LATENESS_S,
        snapshot_every_s: 1.0,
        batch: 500,
        listen,
        raw: false,
    }
}

/// `GET` with an optional bearer token: status and body.
fn get(port: u16, path: &str, token: Option<&str>) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut req = reqwest::Client::new().get(format!("http://127.0.0.1:{port}{path}"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    })
}

/// While the worker runs, its read API shows the dry-run's board to the tournament's
/// operator only, and its metrics count what it did.
fn read_api_serves_the_live_board(port: u16, expected: &tourney::dry_run::Report) {
    let (status, body) = get(
        port,
        "/v1/tournaments/e2e/leaderboard?top=10",
        Some("tok-a"),
    );
    assert_eq!(status, 200, "{body}");
    let board: serde_json::Value = serde_json::from_str(&body).unwrap();
    let players: Vec<&str> = board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["player"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = expected
        .board
        .iter()
        .take(10)
        .map(|s| s.player_id.as_str())
        .collect();
    assert_eq!(players, want);

    let fifth = &expected.board[4];
    let (status, body) = get(
        port,
        &format!("/v1/tournaments/e2e/players/{}?around=1", fifth.player_id),
        Some("tok-a"),
    );
    assert_eq!(status, 200, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["player"]["place"], 5);
    assert_eq!(view["player"]["score"], fifth.score.to_string());

    let (status, body) = get(port, "/v1/tournaments/e2e/leaderboard", Some("tok-b"));
    assert_eq!(
        status, 404,
        "another operator's token must be refused: {body}"
    );
    assert!(!body.contains(&fifth.player_id), "{body}");
    assert_eq!(get(port, "/v1/tournaments/e2e", None).0, 401);

    let (_, metrics) = get(port, "/metrics", None);
    assert!(
        metrics.contains(r#"tourney_events_total{outcome="malformed"} 2"#),
        "{metrics}"
    );
    let counted = format!(
        r#"tourney_events_total{{outcome="counted"}} {}"#,
        expected.summary.counted
    );
    assert!(metrics.contains(&counted), "{metrics}");
}

/// Two operators with the same tournament id: one worker scores both, each into its
/// own Redis board, each board equal to its own dry-run.
#[test]
fn two_operators_with_one_id_keep_two_redis_boards() {
    let broker = Broker::start();
    let redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let ops = ["op-twin-a", "op-twin-b"];
    let sources: Vec<String> = ops
        .iter()
        .map(|op| tournament_source(op, "twin", Duration::from_secs(120)))
        .collect();
    let file = write_file(dir.path(), &sources.join("\n"));
    let p = traffic::producer(&broker.bootstrap);
    let mut expected = Vec::new();
    for (i, (op, source)) in ops.iter().zip(&sources).enumerate() {
        let names = Names::new(op, "twin").unwrap();
        create_topic(&broker.bootstrap, &names.eligible_topic);
        let (_, lines) = traffic::deliveries(op, 400 + 100 * i as u64, 50, 1500, 3 + i as u64);
        produce(&p, &names.eligible_topic, &lines, 0);
        expected.push((
            names,
            lines.len(),
            dry_run(&compile(source), &lines, LATENESS_S, false),
        ));
    }
    let redis_url = redis.url();
    let mut worker = Worker::spawn(&config(&file, &broker, &redis_url, &pg, None));
    for (names, records, _) in &expected {
        wait_until_applied(
            &redis,
            &names.leaderboard_key,
            *records as i64,
            Duration::from_secs(30),
        );
    }
    let boards: Vec<Vec<(String, String)>> = expected
        .iter()
        .map(|(names, _, report)| {
            let live = redis_board(&redis, &names.leaderboard_key);
            let want: Vec<(String, String)> = report
                .board
                .iter()
                .map(|s| (s.player_id.clone(), s.score.to_string()))
                .collect();
            assert_eq!(live, want, "{}", names.leaderboard_key);
            live
        })
        .collect();
    assert_ne!(boards[0], boards[1], "two boards, not one shared");
    assert_ne!(expected[0].0.leaderboard_key, expected[1].0.leaderboard_key);
    worker.kill();
}
