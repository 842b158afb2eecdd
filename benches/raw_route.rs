#![allow(clippy::expect_used, reason = "bench set-up")]
//! The pool's `--source raw` at 10,000 tournaments over 100 operators (TARGETS.md:
//! 10,000 tournaments in one deployment): each wager of `wager.events` is parsed once,
//! the router names the tournaments that could count it (by operator, then game
//! category or game), and only those engines process it.
//!
//! The reference, in the same run, is what one query per tournament does (ksqlDB's
//! way): every tournament's filter looks at every wager. It is timed on fewer wagers,
//! since it is slower by the ratio shown.
//!
//! Each operator has 100 tournaments: 80 filed under one of 20 game categories, 15
//! under a set of games, 5 with no game condition (named for every wager of the
//! operator). Wagers are spread evenly over operators, categories and games.
//!
//! Run with `cargo bench --bench raw_route`.

use std::hint::black_box;
use std::time::Instant;
use tourney::engine::changes::PositionChange;
use tourney::engine::ingest::parse_event;
use tourney::engine::route::Router;
use tourney::engine::{Engine, EngineOptions};
use tourney::gen::sample::tournament;
use tourney::ir::Tournament;

const OPERATORS: usize = 100;
const PER_OPERATOR: usize = 100;
const CATEGORIES: usize = 20;
const GAMES: usize = 200;

fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn condition(i: usize) -> String {
    match i % 20 {
        0..=15 => format!("game.category = \"cat-{}\"", i % CATEGORIES),
        16..=18 => format!(
            "game.id in (\"g-{}\", \"g-{}\", \"g-{}\")",
            i % GAMES,
            (i * 7) % GAMES,
            (i * 13) % GAMES
        ),
        _ => "wager.amount >= 5.00 EUR".to_string(),
    }
}

fn tournaments(operators: usize) -> Vec<Tournament> {
    let mut out = Vec::with_capacity(operators * PER_OPERATOR);
    for o in 0..operators {
        for i in 0..PER_OPERATOR {
            let text = format!(
                "tournament \"t-{i}\" {{\n  title \"T\"\n  operator \"op-{o}\"\n  runs 2024-06-01T00:00:00Z .. 2024-07-01T00:00:00Z\n  eligible when {{\n    {}\n    wager.amount >= 0.10 EUR\n  }}\n  score {{\n    points = wager.amount\n  }}\n}}\n",
                condition(i)
            );
            out.push(tournament("bench.tourney", &text).expect("bench tournament checks"));
        }
    }
    out
}

fn wagers(n: usize, operators: usize) -> Vec<String> {
    let base = 1_717_977_600_000i64; // 2024-06-10T00:00:00Z
    (0..n)
        .map(|i| {
            let ts = chrono::DateTime::from_timestamp_millis(base + i as i64)
                .expect("time")
                .format("%Y-%m-%dT%H:%M:%S%.3fZ");
            format!(
                r#"{{"wagerId":"w-{i}","playerId":"p-{}","operatorId":"op-{}","gameId":"g-{}","gameCategory":"cat-{}","wagerAmount":{}.{:02},"currency":"EUR","winAmount":0,"timestamp":"{ts}"}}"#,
                i % 5000,
                (i * 31) % operators,
                (i * 17) % GAMES,
                (i * 7) % CATEGORIES,
                1 + i % 50,
                i % 100
            )
        })
        .collect()
}

fn main() {
    let operators = if measuring() { OPERATORS } else { 2 };
    let started = Instant::now();
    let ts = tournaments(operators);
    let mut engines: Vec<Engine> = ts
        .iter()
        .map(|t| Engine::new(t, EngineOptions::default()))
        .collect();
    let router = Router::new(ts.iter().enumerate());
    println!(
        "{} tournaments over {operators} operators checked and indexed in {:.1} s",
        ts.len(),
        started.elapsed().as_secs_f64()
    );
    let n = if measuring() { 400_000 } else { 2_000 };
    let lines = wagers(n, operators);
    let mut changes: Vec<PositionChange> = Vec::new();
    let (mut named, mut handed) = (Vec::new(), 0usize);
    let started = Instant::now();
    for line in &lines {
        let ev = parse_event(line).expect("bench wager reads");
        named.clear();
        router.candidates(&ev, &mut named);
        for &i in &named {
            black_box(engines[i].process(&ev, &mut changes));
            handed += 1;
        }
        changes.clear();
    }
    let routed = started.elapsed().as_secs_f64();
    let routed_rate = n as f64 / routed;
    println!(
        "routed: {n} wagers in {routed:.2} s = {routed_rate:.0} wagers/s on one core, {:.1} tournaments handed each wager (of {})",
        handed as f64 / n as f64,
        ts.len()
    );
    // The reference: every tournament looks at every wager.
    let m = (n / 100).max(200);
    let started = Instant::now();
    for line in &lines[..m] {
        let ev = parse_event(line).expect("bench wager reads");
        for e in &mut engines {
            black_box(e.process(&ev, &mut changes));
        }
        changes.clear();
    }
    let every = started.elapsed().as_secs_f64();
    let every_rate = m as f64 / every;
    println!(
        "every tournament per wager (one query per tournament): {m} wagers in {every:.2} s = {every_rate:.0} wagers/s; the index is {:.0}x faster",
        routed_rate / every_rate
    );
}
