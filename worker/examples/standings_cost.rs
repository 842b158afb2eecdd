//! What the analytics cost at tournament scale: the durable leaderboard in PostgreSQL
//! (bytes per player, a full first write, a 10 s write with 1 % of the players
//! changed) and the in-memory history (its memory after a day, its time per batch).
//!
//! ```text
//! cargo run --release -p tourney-worker --example standings_cost
//! ```
//!
//! `PLAYERS=N` (default 1,000,000), `TOURNEY_POSTGRES` (the server; a database
//! `tourney_standings_cost` is created afresh on it).

use std::error::Error;
use std::time::{Duration, Instant};
use tourney::engine::snapshot::fingerprint;
use tourney::engine::{Engine, EngineOptions};
use tourney::gen::rng::SplitMix64;
use tourney::gen::sample;
use tourney::ir::WagerEvent;
use tourney::serve::history::board::{in_the_money, score_distribution, SCORE_BANDS};
use tourney::serve::history::History;
use tourney_worker::db::Db;
use tourney_worker::offsets::Offsets;
use tourney_worker::store::{Holder, Store};
use tourney_worker::table::{Owner, Table};

type Res<T> = Result<T, Box<dyn Error>>;

const START_MS: i64 = sample::START_MS;
const DAY_MS: i64 = 86_400_000;
const BATCH: usize = 64;

/// 1.00 to 1000.99 EUR at `ms`.
fn wager(n: u64, player: u64, ms: i64, rng: &mut SplitMix64) -> WagerEvent {
    sample::wager(n, player, 100 + (rng.next_u64() % 100_000) as i64, ms)
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fresh_database(server: &str) -> Res<String> {
    let mut admin = postgres::Client::connect(server, postgres::NoTls)?;
    admin.batch_execute("DROP DATABASE IF EXISTS tourney_standings_cost")?;
    admin.batch_execute("CREATE DATABASE tourney_standings_cost")?;
    let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
    Ok(format!("{base}/tourney_standings_cost"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> Res<()> {
    let players = env_or("PLAYERS", 1_000_000);
    let server = std::env::var("TOURNEY_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let t = sample::race()?;
    let mut engine = Engine::new(&t, EngineOptions::default());
    let mut history = History::new(&engine, 10);
    let mut rng = SplitMix64::new(7);
    let mut changes = Vec::new();

    // One wager per player, spread over a day of event time, in batches of 64 with the
    // history recorded after each batch, as the embedded run does.
    let (mut processing, mut recording) = (Duration::ZERO, Duration::ZERO);
    let mut n = 0u64;
    while n < players {
        let upto = (n + BATCH as u64).min(players);
        let batch: Vec<WagerEvent> = (n..upto)
            .map(|p| {
                let at = START_MS + (p as i64 * DAY_MS) / players as i64;
                wager(p, p, at, &mut rng)
            })
            .collect();
        let started = Instant::now();
        for ev in &batch {
            changes.clear();
            engine.process(ev, &mut changes);
        }
        let processed = Instant::now();
        let clock = batch.last().and_then(|e| e.timestamp_ms);
        history.record(&engine, clock);
        recording += processed.elapsed();
        processing += processed - started;
        n = upto;
    }
    let batches = players.div_ceil(BATCH as u64).max(1) as u32;
    println!("players: {}", engine.standings().len());
    println!(
        "history: {} buckets of {} s, {} top marks, {} bytes",
        history.buckets().len(),
        history.width_ms() / 1000,
        history.top().marks().len(),
        history.bytes()
    );
    println!(
        "per batch of {BATCH} events: processing {:.1} µs, recording the history {:.2} µs",
        processing.as_secs_f64() * 1e6 / f64::from(batches),
        recording.as_secs_f64() * 1e6 / f64::from(batches)
    );

    let started = Instant::now();
    let bands = score_distribution(engine.standings(), SCORE_BANDS);
    let money = in_the_money(engine.standings(), &t.leaderboard.prizes, 1000).len();
    println!(
        "score distribution ({} bands) and in the money ({money} places): {}",
        bands.len(),
        ms(started.elapsed())
    );

    let url = fresh_database(&server)?;
    let db = Db::connect(&url)?;
    let store = Store::open(&db, &t.operator, &t.id, &Holder::named("standings-cost"))?;
    let owner = Owner {
        operator: t.operator.clone(),
        tournament: t.id.clone(),
        generation: store.generation(),
        fingerprint: fingerprint(&t),
    };
    let mut table = Table::open(&db, owner, Duration::from_secs(10))?;
    let offsets = Offsets::new("tournament.eligible.operator-1.bench");
    let clock = Some(START_MS + DAY_MS);
    let started = Instant::now();
    let w = table.write(&engine, &offsets, clock, false)?;
    println!(
        "full first write: {} rows in {}",
        w.rows,
        ms(started.elapsed())
    );
    let mut db = postgres::Client::connect(&url, postgres::NoTls)?;
    let size = |db: &mut postgres::Client| -> Res<(i64, i64)> {
        let row = db.query_one(
            "SELECT pg_total_relation_size('tourney_standings'), pg_relation_size('tourney_standings')",
            &[],
        )?;
        Ok((row.get(0), row.get(1)))
    };
    db.batch_execute("VACUUM ANALYZE tourney_standings")?;
    let (total, heap) = size(&mut db)?;
    println!(
        "tourney_standings: {total} bytes in all ({heap} table, {} indexes): {:.0} bytes per player",
        total - heap,
        total as f64 / players as f64
    );

    // Writes every 10 s of play, each after 1 % of the players counted a wager.
    for round in 1..=3u64 {
        let changed = (players / 100).max(1);
        let mut touched = Vec::with_capacity(changed as usize);
        for i in 0..changed {
            let p = rng.next_u64() % players;
            let ev = wager(
                players * (round + 1) + i,
                p,
                START_MS + DAY_MS + i as i64,
                &mut rng,
            );
            changes.clear();
            engine.process(&ev, &mut changes);
            if let Some((idx, _)) = engine.standings().find(&sample::player_id(p)) {
                touched.push(idx);
            }
        }
        table.mark(&touched);
        let started = Instant::now();
        let w = table.write(&engine, &offsets, clock, false)?;
        println!(
            "10 s write {round} ({changed} players changed): {} rows in {}",
            w.rows,
            ms(started.elapsed())
        );
    }
    let (total, _) = size(&mut db)?;
    println!(
        "tourney_standings after the updates: {total} bytes: {:.0} bytes per player",
        total as f64 / players as f64
    );
    let started = Instant::now();
    let row = db.query_one(
        "SELECT count(*) FROM tourney_standings
         WHERE operator_id = 'operator-1' AND tournament_id = 'bench'
           AND order_key < (SELECT order_key FROM tourney_standings
                            WHERE operator_id = 'operator-1' AND tournament_id = 'bench'
                              AND player_id = 'player-0500000')",
        &[],
    )?;
    let above: i64 = row.get(0);
    println!(
        "exact place of one player from the table: {} in {}",
        above + 1,
        ms(started.elapsed())
    );
    Ok(())
}
