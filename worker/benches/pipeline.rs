//! Worker benchmarks against a real broker (tansu), Redis and PostgreSQL, printing
//! figures for the book (TARGETS.md):
//!
//! 1. throughput: records applied per second of the worker's own CPU time, fed from a
//!    topic holding `TOURNEY_BENCH_EVENTS` records (default 300,000);
//! 2. latency: Kafka timestamp of a wager to the arrival of the position change it
//!    caused, at a steady `TOURNEY_BENCH_RATE` wagers per second (default 2,000).
//!
//! Run with `cargo bench -p tourney-worker --bench pipeline` after `scripts/services`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "bench code"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::{Message, Offset, TopicPartitionList};
use std::time::{Duration, Instant};
use support::cpu_seconds;
use support::services::{fresh_database, Broker, Redis};
use support::traffic::{self, create_topic, produce, Rng};
use support::{applied, tournament_source, write_file, Worker, WorkerConfig};
use tourney::emit::names::Names;

const OP: &str = "op-bench";

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn lines(n: u64, players: u64, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let now = chrono::Utc::now().timestamp_millis();
    (0..n)
        .map(|i| {
            traffic::wager(
                OP,
                seed * 1_000_000_000 + i,
                rng.below(players),
                now,
                &mut rng,
            )
        })
        .collect()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test` runs this without `--bench`: a short smoke run then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let events = env_u64("TOURNEY_BENCH_EVENTS", if quick { 5_000 } else { 300_000 });
    let rate = env_u64("TOURNEY_BENCH_RATE", if quick { 200 } else { 2_000 });
    let seconds = if quick { 2 } else { 10 };
    let broker = Broker::start();
    let redis = Redis::start();
    let pg = fresh_database();
    let dir = tempfile::tempdir().unwrap();
    let source = tournament_source(OP, "bench", Duration::from_secs(3600));
    let file = write_file(dir.path(), &source);
    let names = Names::new(OP, "bench").unwrap();
    create_topic(&broker.bootstrap, &names.eligible_topic);

    let backlog = lines(events, 100_000, 1);
    let p = traffic::producer(&broker.bootstrap);
    produce(&p, &names.eligible_topic, &backlog, 0);
    eprintln!("bench: {events} records in the topic");

    let redis_url = redis.url();
    let api_port = support::services::free_port();
    let worker = Worker::spawn(&WorkerConfig {
        file: &file,
        brokers: &broker.bootstrap,
        redis: Some(&redis_url),
        postgres: &pg,
        lateness_s: 300,
        snapshot_every_s: 5.0,
        batch: 5000,
        listen: Some((api_port, "op-bench=bench")),
        raw: false,
    });
    let pid = worker.child.id();
    let started = Instant::now();
    while applied(&redis, &names.leaderboard_key) < events as i64 {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the worker did not catch up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid);
    println!("throughput: {events} records in {wall:.2} s wall, {cpu:.2} s worker CPU");
    println!(
        "throughput: {:.0} records/s wall, {:.0} records/s per core of worker CPU",
        events as f64 / wall,
        events as f64 / cpu.max(1e-9)
    );

    let before = worker_histogram(api_port);
    latency(&broker.bootstrap, &names, rate, seconds);
    let after = worker_histogram(api_port);
    println!("worker's share (wager timestamp to change handed to the producer), steady phase:");
    for ((le, a), (_, b)) in after.iter().zip(&before) {
        println!("  <= {le} s: {}", a - b);
    }
    drop(worker);
}

/// Steady traffic in, position changes out: latency percentiles.
fn latency(brokers: &str, names: &Names, rate: u64, seconds: u64) {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "bench-latency")
        .set("fetch.wait.max.ms", "5")
        .create()
        .unwrap();
    let (_, high) = c
        .fetch_watermarks(&names.updates_topic, 0, Duration::from_secs(5))
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(&names.updates_topic, 0, Offset::Offset(high))
        .unwrap();
    c.assign(&tpl).unwrap();
    let steady = lines(rate * seconds, 100_000, 2);
    let phase_start = chrono::Utc::now().timestamp_millis();
    let topic = names.eligible_topic.clone();
    let (b, r) = (brokers.to_string(), rate);
    let feeder = std::thread::spawn(move || {
        let p: rdkafka::producer::BaseProducer = ClientConfig::new()
            .set("bootstrap.servers", &b)
            .set("linger.ms", "0")
            .create()
            .unwrap();
        produce(&p, &topic, &steady, r);
    });
    let input_hop = {
        let (b, topic) = (brokers.to_string(), names.eligible_topic.clone());
        std::thread::spawn(move || hop_latency(&b, &topic, phase_start, seconds + 2))
    };
    let mut samples = Vec::new();
    let until = Instant::now() + Duration::from_secs(seconds + 2);
    while Instant::now() < until {
        let Some(Ok(m)) = c.poll(Duration::from_millis(50)) else {
            continue;
        };
        let now = chrono::Utc::now().timestamp_millis();
        let source = m.headers().and_then(|h| {
            h.iter()
                .find(|h| h.key == tourney_worker::outputs::SOURCE_TS_HEADER)
                .and_then(|h| std::str::from_utf8(h.value?).ok()?.parse::<i64>().ok())
        });
        // Only changes caused by this phase's wagers (the broker may report an end
        // offset short of the backlog's last batch).
        if let Some(ts) = source.filter(|ts| *ts >= phase_start) {
            samples.push(now - ts);
        }
    }
    feeder.join().unwrap();
    let mut hop = input_hop.join().unwrap();
    hop.sort_unstable();
    println!(
        "broker hop alone (produce to fetch of the input, {} records): p50 {} ms, p99 {} ms",
        hop.len(),
        hop.get(hop.len() / 2).copied().unwrap_or(-1),
        hop.get(hop.len() * 99 / 100).copied().unwrap_or(-1)
    );
    samples.sort_unstable();
    let pct = |q: f64| {
        samples
            .get(((samples.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or(-1)
    };
    println!(
        "latency at {rate} wagers/s: {} position changes, p50 {} ms, p99 {} ms, max {} ms",
        samples.len(),
        pct(0.50),
        pct(0.99),
        samples.last().copied().unwrap_or(-1)
    );
}

/// Kafka timestamp to arrival at a plain consumer of `topic`: the broker's own hop.
fn hop_latency(brokers: &str, topic: &str, since_ms: i64, seconds: u64) -> Vec<i64> {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "bench-hop")
        .set("fetch.wait.max.ms", "5")
        .create()
        .unwrap();
    let (_, high) = c
        .fetch_watermarks(topic, 0, Duration::from_secs(5))
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Offset(high))
        .unwrap();
    c.assign(&tpl).unwrap();
    let mut out = Vec::new();
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        if let Some(Ok(m)) = c.poll(Duration::from_millis(50)) {
            if let Some(ts) = m.timestamp().to_millis().filter(|ts| *ts >= since_ms) {
                out.push(chrono::Utc::now().timestamp_millis() - ts);
            }
        }
    }
    out
}

/// The worker's own share, from its histogram: wager timestamp to the change handed to
/// the producer. Cumulative bucket counts by upper bound.
fn worker_histogram(port: u16) -> Vec<(String, u64)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let text = rt.block_on(async {
        reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    text.lines()
        .filter_map(|l| l.strip_prefix("tourney_event_to_change_seconds_bucket{le=\""))
        .filter_map(|l| {
            let (le, rest) = l.split_once("\"}")?;
            Some((le.to_string(), rest.trim().parse().ok()?))
        })
        .collect()
}
