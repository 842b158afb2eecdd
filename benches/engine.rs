#![allow(clippy::expect_used, reason = "bench set-up")]
//! The scoring engine at tournament scale (TARGETS.md: >= 1,000,000 events/s on one
//! core with events already parsed, >= 500,000 events/s from NDJSON, 1,000,000
//! players).
//!
//! The engine is first warmed with one eligible wager for each of 1,000,000 players
//! (over the first hour of the tournament), then fed traffic from `tourney::gen` for
//! the same 1,000,000 players, in later hours: its usual mix of ineligible wagers,
//! duplicates (2 %), late lines (1 %) and malformed lines (0.5 %). Only `process` (and
//! `parse_event`, from NDJSON) is timed; fresh traffic is generated outside the timing
//! whenever a batch runs out, so no event is ever replayed.
//!
//! Two tournaments: `examples/tournaments/weekend-slots.tourney` (board every 10 s, so
//! no per-event position changes; most generated wagers are not eligible) and a
//! real-time race that counts nearly every wager and publishes position changes.
//!
//! Run with `cargo bench --bench engine`; it also prints heap bytes per player, the
//! size of a JSON snapshot of the warmed engine and how long restoring it takes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_decimal::Decimal;
use tourney::engine::ingest::parse_event;
use tourney::engine::{Engine, EngineOptions, EngineSnapshot};
use tourney::gen::{GenOptions, Generator};
use tourney::ir::{Tournament, WagerEvent};

/// Players at full scale; `cargo test --all-targets` runs each bench once, on 2,000.
const FULL_PLAYERS: u64 = 1_000_000;

/// Whether this is a measuring run (`cargo bench`) rather than a test run.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn players() -> u64 {
    if measuring() {
        FULL_PLAYERS
    } else {
        2_000
    }
}

/// Lines generated per batch; one batch covers one hour of event time.
fn batch() -> u64 {
    players() / 2
}
const HOUR: i64 = 3_600_000;
/// Events per Criterion iteration.
const CHUNK: u64 = 10_000;

const WEEKEND: &str = include_str!("../examples/tournaments/weekend-slots.tourney");
const REALTIME: &str = include_str!("compare/realtime-race.tourney");

fn tournament(source: &str) -> Tournament {
    tourney::gen::sample::tournament("bench.tourney", source).expect("the tournament checks")
}

/// An engine holding `players()` players, one eligible wager each in the first hour.
fn warmed(t: &Tournament) -> Engine {
    let mut engine = Engine::new(t, EngineOptions::default());
    let mut out = Vec::new();
    let start = t.schedule.start_ms;
    for n in 1..=players() {
        let ev = WagerEvent {
            wager_id: Some(format!("warm-{n}")),
            player_id: Some(format!("player-{n}")),
            player_name: None,
            operator_id: Some(t.operator.clone()),
            game_id: Some("slot-7".into()),
            game_category: Some("slots".into()),
            wager_amount: Some(Decimal::new(1000 + (n % 5000) as i64, 2)),
            currency: Some("EUR".into()),
            win_amount: Some(Decimal::ZERO),
            player_segment: Some("VIP".into()),
            jurisdiction: Some("MT".into()),
            timestamp_ms: Some(start + (n as i64 * HOUR) / players() as i64),
            source_id: None,
            source_seq: None,
        };
        engine.process(&ev, &mut out);
        out.clear();
    }
    assert_eq!(engine.standings().len(), players() as usize);
    engine
}

/// Generated NDJSON lines for hour `pass + 1` of the tournament.
fn lines(t: &Tournament, pass: u64) -> Vec<String> {
    let opts = GenOptions {
        seed: pass + 1,
        events: batch(),
        players: players(),
        operator: t.operator.clone(),
        start_ms: t.schedule.start_ms + (pass as i64 + 1) * HOUR,
        duration_ms: HOUR,
        ..GenOptions::default()
    };
    Generator::new(&opts)
        .expect("generator options")
        .map(|l| l.text)
        .collect()
}

/// The engine and the traffic it has not seen yet.
struct Feed<T> {
    t: Tournament,
    engine: Engine,
    batch: Vec<T>,
    cursor: usize,
    pass: u64,
    make: fn(&Tournament, u64) -> Vec<T>,
}

impl<T> Feed<T> {
    /// A feed whose first batch is ready, so no Criterion iteration waits for it.
    fn new(t: Tournament, engine: Engine, pass: u64, make: fn(&Tournament, u64) -> Vec<T>) -> Self {
        Feed {
            batch: make(&t, pass),
            t,
            engine,
            cursor: 0,
            pass: pass + 1,
            make,
        }
    }

    /// Feeds `n` items through `step`, timing only `step`.
    fn run(&mut self, n: u64, step: fn(&mut Engine, &T)) -> Duration {
        let mut left = (n * CHUNK) as usize;
        let mut total = Duration::ZERO;
        while left > 0 {
            if self.cursor == self.batch.len() {
                self.batch = (self.make)(&self.t, self.pass);
                self.cursor = 0;
                self.pass += 1;
            }
            let take = left.min(self.batch.len() - self.cursor);
            let items = &self.batch[self.cursor..self.cursor + take];
            let start = Instant::now();
            for item in items {
                step(&mut self.engine, item);
            }
            total += start.elapsed();
            self.cursor += take;
            left -= take;
        }
        total
    }
}

fn parsed(t: &Tournament, pass: u64) -> Vec<WagerEvent> {
    lines(t, pass)
        .iter()
        .filter_map(|l| parse_event(l).ok())
        .collect()
}

fn process_parsed(engine: &mut Engine, ev: &WagerEvent) {
    let mut out = Vec::new();
    black_box(engine.process(ev, &mut out));
    black_box(&out);
}

#[allow(clippy::ptr_arg, reason = "the feed holds `String`s")]
fn process_line(engine: &mut Engine, line: &String) {
    let mut out = Vec::new();
    if let Ok(ev) = parse_event(line) {
        black_box(engine.process(&ev, &mut out));
    }
    black_box(&out);
}

fn report_memory_and_snapshot(name: &str, engine: &Engine) {
    let heap = engine.heap_bytes();
    let per = |b: usize| b as f64 / players() as f64;
    println!(
        "{name}: heap {:.1} bytes/player (players {:.1}, id map {:.1}, rank tree {:.1}, dedup {:.1})",
        per(heap.total()),
        per(heap.players),
        per(heap.id_map),
        per(heap.rank_tree),
        per(heap.dedup),
    );
    let start = Instant::now();
    let json = serde_json::to_vec(&engine.snapshot()).expect("snapshot to JSON");
    let write = start.elapsed();
    let start = Instant::now();
    let snap: EngineSnapshot = serde_json::from_slice(&json).expect("snapshot from JSON");
    let restored = Engine::restore(engine.tournament(), engine.options(), snap);
    let read = start.elapsed();
    assert!(restored.is_ok_and(|r| r.standings().len() == players() as usize));
    println!(
        "{name}: JSON snapshot {:.1} MB ({:.0} bytes/player), written in {:.2} s, read and restored in {:.2} s",
        json.len() as f64 / 1e6,
        json.len() as f64 / players() as f64,
        write.as_secs_f64(),
        read.as_secs_f64(),
    );
}

fn bench_one(c: &mut Criterion, name: &str, source: &str) {
    let t = tournament(source);
    let engine = warmed(&t);
    report_memory_and_snapshot(name, &engine);
    let mut group = c.benchmark_group(format!("engine/{name}"));
    group
        .throughput(Throughput::Elements(CHUNK))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let mut feed = Feed::new(t.clone(), engine, 0, parsed);
    group.bench_function("parsed events, 1M players, 10k per iteration", |b| {
        b.iter_custom(|n| feed.run(n, process_parsed))
    });
    let s = &feed.engine.stats;
    println!(
        "{name}: {} events, {} counted, {} duplicates, {} late, {} position changes",
        s.events, s.counted, s.duplicates, s.late, s.position_changes
    );
    let mut feed = Feed::new(t, feed.engine, feed.pass, lines);
    group.bench_function("NDJSON lines, 1M players, 10k per iteration", |b| {
        b.iter_custom(|n| feed.run(n, process_line))
    });
    group.finish();
    let s = &feed.engine.stats;
    println!(
        "{name}: {} hours of traffic used of 71, {} events, {} counted",
        feed.pass, s.events, s.counted
    );
}

/// Whether a tournament's benchmarks match the filter given on the command line (its
/// set-up takes seconds, so it is skipped when they do not).
fn wanted(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    filters.is_empty()
        || filters
            .iter()
            .any(|f| f.contains(name) || format!("engine/{name}").contains(f.as_str()))
}

fn engine(c: &mut Criterion) {
    for (name, source) in [("weekend-slots", WEEKEND), ("realtime-race", REALTIME)] {
        if wanted(name) {
            bench_one(c, name, source);
        }
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
