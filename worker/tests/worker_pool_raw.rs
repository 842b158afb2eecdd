#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! A pool without ksqlDB (`--source raw`): eight tournaments of two operators, with
//! different game conditions, all read `wager.events`. The member holding its
//! partition reads each wager once and hands it to the tournaments that could count it;
//! every board equals the dry-run's over the whole stream, and a second member stands
//! by without scoring anything twice. A ninth tournament starts later: the pool keeps
//! only its schedule and file until its pre-warm instant, then checks it again and
//! scores it like the others.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::services::{fresh_database, Broker};
use support::traffic::{self, create_topic, produce};
use support::{compile, dry_run, stored_result, tournament_source, worker_log};
use tourney::emit::names::SOURCE_TOPIC;

const CONDITIONS: [&str; 4] = [
    r#"game.category = "slots""#,
    r#"game.category = "table""#,
    r#"game.id in ("slot-1", "slot-3")"#,
    r#"wager.amount >= 50.00 EUR"#,
];

struct Member(Child);

impl Drop for Member {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_raw_pool_routes_each_wager_to_the_tournaments_that_could_count_it() {
    let broker = Broker::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    create_topic(&broker.bootstrap, SOURCE_TOPIC);
    let mut tournaments = Vec::new();
    for op in ["op-a", "op-b"] {
        for (i, cond) in CONDITIONS.iter().enumerate() {
            let id = format!("t{i}");
            let source = tournament_source(op, &id, Duration::from_secs(25))
                .replace(r#"game.category = "slots""#, cond);
            std::fs::write(dir.path().join(format!("{op}.{id}.tourney")), &source).unwrap();
            tournaments.push(compile(&source));
        }
    }
    let start = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + 10, 0).unwrap();
    let later = later_source(start);
    std::fs::write(dir.path().join("op-c.later.tourney"), &later).unwrap();
    tournaments.push(compile(&later));
    let (_, a) = traffic::deliveries("op-a", 1500, 100, 1000, 11);
    let (_, b) = traffic::deliveries("op-b", 1500, 100, 1000, 12);
    let mut lines: Vec<String> = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        lines.push(x.clone());
        lines.push(y.replace("\"w-", "\"b-w-"));
    }
    lines.insert(7, "{not json".to_string());
    let mut rng = traffic::Rng::new(13);
    let first = start.timestamp_millis();
    for n in 0..300 {
        let at = first + 1 + rng.below(5_000) as i64;
        let line = traffic::wager("op-c", n, rng.below(25), at, &mut rng);
        lines.push(line.replace("\"w-", "\"c-w-"));
    }
    produce(
        &traffic::producer(&broker.bootstrap),
        SOURCE_TOPIC,
        &lines,
        0,
    );

    let spawn = |name: &str| {
        Member(
            Command::new(env!("CARGO_BIN_EXE_tourney-worker"))
                .arg("--watch")
                .arg(dir.path())
                .args(["--source", "raw", "--group", "raw-pool", "--holder", name])
                .args(["--brokers", &broker.bootstrap, "--postgres", &pg])
                .args(["--lateness-s", "2", "--snapshot-every-s", "1"])
                .env("RUST_LOG", worker_log())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap(),
        )
    };
    let _members = [spawn("raw-1"), spawn("raw-2")];
    let deadline = Instant::now() + Duration::from_secs(90);
    for t in &tournaments {
        let stored = loop {
            if let Some(s) = stored_result(&pg, &t.operator, &t.id) {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "{}/{} was not finalized",
                t.operator,
                t.id
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let expected = dry_run(t, &lines, 2, false);
        assert!(
            !expected.board.is_empty(),
            "{}/{} counts nothing",
            t.operator,
            t.id
        );
        assert_eq!(
            stored,
            serde_json::to_value(&expected.board).unwrap(),
            "{}/{}",
            t.operator,
            t.id
        );
    }
    // One member held the shared input: every lease was taken by the same member.
    let mut db = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    let holders: i64 = db
        .query_one("SELECT count(DISTINCT holder) FROM tourney_lease_log", &[])
        .unwrap()
        .get(0);
    assert_eq!(holders, 1, "the shared input was scored by one member");
    let taken: f64 = db
        .query_one(
            "SELECT extract(epoch FROM min(taken_at))::float8 FROM tourney_lease_log
             WHERE operator_id = 'op-c'",
            &[],
        )
        .unwrap()
        .get(0);
    let prewarm_at = (start.timestamp_millis() - PREWARM_MS) as f64 / 1000.0;
    assert!(
        taken >= prewarm_at,
        "the later tournament was taken {:.2} s before its pre-warm instant",
        prewarm_at - taken
    );
    let dead = traffic::read_all(&broker.bootstrap, "tourney.dead-letter");
    assert_eq!(
        dead.len(),
        1,
        "the unreadable record is set aside once: {dead:?}"
    );
}

const PREWARM_MS: i64 = 4_000;

/// A tournament of `op-c` running six seconds from `start`, warmed four seconds before.
fn later_source(start: chrono::DateTime<chrono::Utc>) -> String {
    let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let source = tournament_source("op-c", "later", Duration::from_secs(25));
    let runs = source
        .lines()
        .find(|l| l.trim_start().starts_with("runs "))
        .unwrap()
        .to_string();
    let end = start + chrono::Duration::seconds(6);
    let window = format!(
        "  runs {} .. {}\n  prewarm {}s",
        fmt(start),
        fmt(end),
        PREWARM_MS / 1000
    );
    source.replace(&runs, &window)
}
