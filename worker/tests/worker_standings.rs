#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]
//! The durable leaderboard against a real PostgreSQL: what a write puts in the tables,
//! that later writes touch only what changed, that a restarted worker converges
//! without going back in time, and that a stale worker is fenced off.

mod support;

use std::time::Duration;
use support::services::fresh_database;
use tourney::engine::ingest::parse_event;
use tourney::engine::snapshot::fingerprint;
use tourney::engine::{Engine, EngineOptions};
use tourney::ir::Tournament;
use tourney_worker::db::Db;
use tourney_worker::offsets::Offsets;
use tourney_worker::store::{Holder, Store, StoreError};
use tourney_worker::table::{Owner, Table};

/// A race of 2 places: one point per euro.
fn race() -> Tournament {
    let text = r#"tournament "durable" {
  title "Durable"
  operator "op-table"
  runs 2024-11-15T00:00:00Z .. 2024-11-16T00:00:00Z
  eligible when {
    wager.amount >= 1.00 EUR
  }
  score {
    points = wager.amount
  }
  leaderboard {
    update realtime
    size 2
  }
}
"#;
    tourney::gen::sample::tournament("durable.tourney", text).expect("the tournament checks")
}

/// Applies `(wager id, player, amount, minute)`; returns the indices of the players.
fn feed(engine: &mut Engine, wagers: &[(u32, &str, &str, u32)]) -> Vec<u32> {
    let mut changes = Vec::new();
    let mut touched = Vec::new();
    for (n, player, amount, minute) in wagers {
        let line = format!(
            r#"{{"wagerId":"w{n}","playerId":"{player}","operatorId":"op-table","gameId":"g","gameCategory":"slots","wagerAmount":{amount},"currency":"EUR","winAmount":0,"timestamp":"2024-11-15T10:{minute:02}:00Z"}}"#
        );
        engine.process(&parse_event(&line).unwrap(), &mut changes);
        touched.push(engine.standings().find(player).unwrap().0);
    }
    touched
}

const FIRST: [(u32, &str, &str, u32); 5] = [
    (1, "p1", "50.00", 1),
    (2, "p2", "40.00", 2),
    (3, "p3", "30.00", 3),
    (4, "p4", "20.00", 4),
    (5, "p5", "10.00", 5),
];

fn open(url: &str, t: &Tournament) -> (Store, Table) {
    let db = Db::connect(url).unwrap();
    let store = Store::open(&db, &t.operator, &t.id, &Holder::named("test")).unwrap();
    let owner = Owner {
        operator: t.operator.clone(),
        tournament: t.id.clone(),
        generation: store.generation(),
        fingerprint: fingerprint(t),
    };
    let table = Table::open(&db, owner, Duration::ZERO).unwrap();
    (store, table)
}

/// (player, place, score, wagers) in `order_key` order.
fn rows(url: &str) -> Vec<(String, i32, String, i32)> {
    let mut db = postgres::Client::connect(url, postgres::NoTls).unwrap();
    db.query(
        "SELECT player_id, place, score::text, wagers FROM tourney_standings
         WHERE operator_id = 'op-table' AND tournament_id = 'durable' ORDER BY order_key",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect()
}

fn count(url: &str, table: &str) -> i64 {
    let mut db = postgres::Client::connect(url, postgres::NoTls).unwrap();
    db.query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .unwrap()
        .get(0)
}

fn clock(minute: i64) -> Option<i64> {
    Some(1_731_664_800_000 + minute * 60_000)
}

#[test]
fn writes_only_what_changed_and_the_final_write_is_exact() {
    let url = fresh_database();
    let t = race();
    let offsets = Offsets::new("input");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &FIRST);
    let (_store, mut table) = open(&url, &t);

    let w = table.write(&engine, &offsets, clock(5), false).unwrap();
    assert_eq!(w.rows, 5, "the first write has every player");
    let places: Vec<(String, i32)> = rows(&url).into_iter().map(|r| (r.0, r.1)).collect();
    let want: Vec<(String, i32)> = (1..=5).map(|i| (format!("p{i}"), i)).collect();
    assert_eq!(places, want);

    // p5 passes p4 (below the top 2): only p5 is written; p4 keeps its old place, but
    // the order by key is already exact.
    let touched = feed(&mut engine, &[(6, "p5", "15.00", 6)]);
    table.mark(&touched);
    let w = table.write(&engine, &offsets, clock(6), false).unwrap();
    assert_eq!(w.rows, 1);
    assert!(!w.top, "the top 2 did not change");
    let r = rows(&url);
    assert_eq!(
        (r[3].0.as_str(), r[3].1, r[3].2.as_str(), r[3].3),
        ("p5", 4, "25", 2)
    );
    assert_eq!(
        (r[4].0.as_str(), r[4].1),
        ("p4", 4),
        "not written again yet"
    );

    // Nothing changed: nothing written.
    let w = table.write(&engine, &offsets, clock(6), false).unwrap();
    assert_eq!(w.rows, 0);

    // p3 takes the lead: p3 is dirty, p1 moved within the top 2 (p2 moved below it).
    let touched = feed(&mut engine, &[(7, "p3", "100.00", 7)]);
    table.mark(&touched);
    let w = table.write(&engine, &offsets, clock(7), false).unwrap();
    assert_eq!(w.rows, 2);
    assert!(w.top);

    // The final write fixes every place that moved: p2 (2 to 3) and p4 (4 to 5).
    let w = table.write(&engine, &offsets, clock(7), true).unwrap();
    assert_eq!(w.rows, 2);
    let places: Vec<(String, i32)> = rows(&url).into_iter().map(|r| (r.0, r.1)).collect();
    let order = ["p3", "p1", "p2", "p5", "p4"];
    let want: Vec<(String, i32)> = order
        .iter()
        .zip(1..)
        .map(|(p, i)| (p.to_string(), i))
        .collect();
    assert_eq!(places, want);
    assert_eq!(
        count(&url, "tourney_standings_top"),
        2,
        "the first top, then p3's lead"
    );
    assert_eq!(
        count(&url, "tourney_standings_counters"),
        3,
        "minutes 5, 6 and 7"
    );
}

#[test]
fn a_restarted_worker_waits_for_its_replay_then_converges() {
    let url = fresh_database();
    let t = race();
    let offsets = Offsets::new("input");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &FIRST);
    feed(&mut engine, &[(6, "p5", "15.00", 6)]);
    let (_store, mut table) = open(&url, &t);
    table.write(&engine, &offsets, clock(6), false).unwrap();
    let before = rows(&url);

    // The restart: a snapshot from before the last write, then the replay.
    let mut restored = Engine::new(&t, EngineOptions::default());
    feed(&mut restored, &FIRST[..3]);
    let (_store2, mut table) = open(&url, &t);
    let w = table.write(&restored, &offsets, clock(3), false).unwrap();
    assert!(w.waiting, "behind what the tables hold");
    assert_eq!(rows(&url), before, "the tables never go back in time");

    let touched = feed(&mut restored, &FIRST[3..]);
    table.mark(&touched);
    let touched = feed(
        &mut restored,
        &[(6, "p5", "15.00", 6), (7, "p2", "1.00", 7)],
    );
    table.mark(&touched);
    let w = table.write(&restored, &offsets, clock(7), false).unwrap();
    assert_eq!(w.rows, 5, "every player once after a restart");
    let r = rows(&url);
    assert_eq!((r[1].0.as_str(), r[1].2.as_str(), r[1].3), ("p2", "41", 2));
}

#[test]
fn a_worker_that_lost_its_lease_cannot_write() {
    let url = fresh_database();
    let t = race();
    let offsets = Offsets::new("input");
    let mut engine = Engine::new(&t, EngineOptions::default());
    feed(&mut engine, &FIRST);
    let (_old_store, mut old) = open(&url, &t);
    let (_new_store, mut new) = open(&url, &t);
    new.write(&engine, &offsets, clock(5), false).unwrap();
    let err = old.write(&engine, &offsets, clock(5), false).unwrap_err();
    assert!(matches!(err, StoreError::Fenced { .. }), "{err}");
}
