//! Test traffic: wagers for a tournament, delivered 1-3 times and out of order, plus
//! the Kafka plumbing to write them and read the worker's output back.

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Message, Offset, TopicPartitionList};
use std::time::{Duration, Instant};
use tourney::gen::rng::SplitMix64;

/// A small deterministic generator (the traffic generator's SplitMix64).
pub struct Rng(SplitMix64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(SplitMix64::new(seed))
    }
    pub fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One wager as NDJSON, timestamped `ms`.
pub fn wager(op: &str, n: u64, player: u64, ms: i64, rng: &mut Rng) -> String {
    let ts = chrono::DateTime::from_timestamp_millis(ms)
        .expect("time")
        .format("%Y-%m-%dT%H:%M:%S%.3fZ");
    let game = ["slot-1", "slot-2", "slot-3", "slot-4"][rng.below(4) as usize];
    let category = if rng.below(10) == 0 { "table" } else { "slots" };
    let cents = 50 + rng.below(20_000);
    format!(
        r#"{{"wagerId":"w-{n}","playerId":"p-{player}","operatorId":"{op}","gameId":"{game}","gameCategory":"{category}","wagerAmount":{}.{:02},"currency":"EUR","winAmount":0,"timestamp":"{ts}"}}"#,
        cents / 100,
        cents % 100
    )
}

/// `unique` wagers by `players` players, timestamped up to `jitter_ms` before
/// `now_ms` (so their order is not their time order). Every one is delivered one to
/// three times; copies follow the original within the next 200 records.
pub fn deliveries(
    op: &str,
    unique: u64,
    players: u64,
    jitter_ms: i64,
    seed: u64,
) -> (Vec<String>, Vec<String>) {
    let mut rng = Rng::new(seed);
    let now = chrono::Utc::now().timestamp_millis();
    let originals: Vec<String> = (0..unique)
        .map(|n| {
            let player = skewed(&mut rng, players);
            let ms = now - rng.below(jitter_ms as u64) as i64;
            wager(op, n, player, ms, &mut rng)
        })
        .collect();
    let mut slots: Vec<(u64, usize)> = Vec::new();
    for (i, _) in originals.iter().enumerate() {
        let base = (i as u64) * 1000;
        slots.push((base, i));
        for _ in 0..rng.below(3) {
            slots.push((base + 1 + rng.below(200_000), i));
        }
    }
    slots.sort();
    let delivered = slots.iter().map(|(_, i)| originals[*i].clone()).collect();
    (originals, delivered)
}

/// A player number skewed towards the first players (some play a lot).
fn skewed(rng: &mut Rng, players: u64) -> u64 {
    let a = rng.below(players);
    let b = rng.below(players);
    a.min(b)
}

pub fn create_topic(brokers: &str, topic: &str) {
    create_topic_with_partitions(brokers, topic, 1);
}

pub fn create_topic_with_partitions(brokers: &str, topic: &str, partitions: i32) {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .expect("admin client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let res = rt
        .block_on(admin.create_topics(
            &[NewTopic::new(topic, partitions, TopicReplication::Fixed(1))],
            &AdminOptions::new(),
        ))
        .expect("create topic");
    for r in res {
        r.expect("topic created");
    }
}

pub fn producer(brokers: &str) -> BaseProducer {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .expect("producer")
}

/// Writes `lines` to `topic` in order, `per_second` at most (0 = as fast as possible).
pub fn produce(p: &BaseProducer, topic: &str, lines: &[String], per_second: u64) {
    let started = Instant::now();
    for (i, line) in lines.iter().enumerate() {
        let mut rec = BaseRecord::<(), _>::to(topic).payload(line.as_bytes());
        loop {
            match p.send(rec) {
                Ok(()) => break,
                Err((_, back)) => {
                    p.poll(Duration::from_millis(20));
                    rec = back;
                }
            }
        }
        if per_second > 0 {
            let due = Duration::from_secs_f64(i as f64 / per_second as f64);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                p.poll(Duration::ZERO);
                std::thread::sleep(wait);
            }
        }
    }
    p.flush(Duration::from_secs(30))
        .expect("flush test traffic");
}

/// Every record of `topic` (partition 0) as text. Reads on for a second past the
/// reported end offset: tansu can report an end offset short of the last batch.
pub fn read_all(brokers: &str, topic: &str) -> Vec<String> {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "tourney-test-reader")
        .set("enable.auto.commit", "false")
        .create()
        .expect("consumer");
    let (_, high) = c
        .fetch_watermarks(topic, 0, Duration::from_secs(10))
        .expect("watermarks");
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Beginning)
        .expect("tpl");
    c.assign(&tpl).expect("assign");
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut quiet_since = Instant::now();
    while Instant::now() < deadline {
        match c.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                out.push(String::from_utf8_lossy(m.payload().unwrap_or_default()).into_owned());
                quiet_since = Instant::now();
            }
            _ if (out.len() as i64) >= high && quiet_since.elapsed() > Duration::from_secs(1) => {
                break;
            }
            _ => {}
        }
    }
    out
}
