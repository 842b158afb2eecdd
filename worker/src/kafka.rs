//! Kafka clients: a consumer assigned explicitly to the input partitions at the
//! offsets the last snapshot covers (the durable position lives in PostgreSQL, next to
//! the state it produced), and an idempotent producer whose delivery failures are
//! counted, so a snapshot is never taken over output that was not delivered.

use parking_lot::Mutex;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::{KafkaError, KafkaResult, RDKafkaErrorCode};
use rdkafka::producer::{BaseProducer, DeliveryResult, Producer, ProducerContext};
use rdkafka::{ClientContext, Offset, TopicPartitionList};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::offsets::Offsets;

/// What became of the records handed to the producer: the failures (after
/// librdkafka's own retries) are counted, and the records still in flight are known
/// by number, so a snapshot can be stored once the output it covers is delivered,
/// without waiting for everything produced since.
#[derive(Default, Clone)]
pub struct Deliveries {
    failed: Arc<AtomicU64>,
    flight: Arc<Mutex<Flight>>,
}

#[derive(Default)]
struct Flight {
    /// The number of the next record (0 is never given: it marks an untracked one).
    next: usize,
    out: BTreeSet<usize>,
}

impl Deliveries {
    /// Deliveries that failed.
    pub fn count(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Numbers a record about to be handed to the producer.
    pub fn number(&self) -> usize {
        let mut f = self.flight.lock();
        f.next = f.next.max(1);
        let n = f.next;
        f.next += 1;
        f.out.insert(n);
        n
    }

    /// A record the producer did not take after all.
    pub fn unnumber(&self, n: usize) {
        self.flight.lock().out.remove(&n);
    }

    /// A mark after every record numbered so far.
    pub fn mark(&self) -> usize {
        self.flight.lock().next.max(1)
    }

    /// Whether every record numbered before `mark` was delivered or failed.
    pub fn settled_before(&self, mark: usize) -> bool {
        self.flight.lock().out.first().is_none_or(|&n| n >= mark)
    }
}

impl ClientContext for Deliveries {}

impl ProducerContext for Deliveries {
    type DeliveryOpaque = usize;
    fn delivery(&self, result: &DeliveryResult<'_>, n: usize) {
        self.unnumber(n);
        if let Err((e, _)) = result {
            self.failed.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "a record could not be delivered");
        }
    }
}

pub type Output = BaseProducer<Deliveries>;

/// The producer of position changes and dead letters: idempotent, all replicas.
pub fn producer(brokers: &str, errors: Deliveries) -> KafkaResult<Output> {
    producer_lingering(brokers, errors, 2)
}

/// A producer that waits up to `linger_ms` to batch records (`TOURNEY_LINGER_MS`
/// overrides it). Each wait ends in a pass over every partition the producer writes
/// to, so a producer of thousands of topics lingers longer.
pub fn producer_lingering(
    brokers: &str,
    errors: Deliveries,
    linger_ms: u32,
) -> KafkaResult<Output> {
    ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set(
            "linger.ms",
            std::env::var("TOURNEY_LINGER_MS").unwrap_or_else(|_| linger_ms.to_string()),
        )
        .set("message.timeout.ms", "30000")
        .create_with_context(errors)
}

/// Waits until every record handed to the producer is delivered or failed. (The
/// client's own `flush` sleeps in 100 ms steps; this polls every millisecond.)
pub fn flush(p: &Output, limit: Duration) -> KafkaResult<()> {
    let deadline = Instant::now() + limit;
    while p.in_flight_count() > 0 {
        if Instant::now() >= deadline {
            return Err(KafkaError::Flush(RDKafkaErrorCode::OperationTimedOut));
        }
        p.poll(Duration::from_millis(1));
    }
    Ok(())
}

/// A consumer in group `group` with automatic commits off: commits are advisory (for
/// lag monitoring); the worker's position comes from its snapshot.
pub fn consumer(brokers: &str, group: &str) -> KafkaResult<BaseConsumer> {
    consumer_config(brokers, group).create()
}

/// The settings every consumer of the worker shares (`TOURNEY_KAFKA_DEBUG` turns on
/// librdkafka's debug contexts).
pub fn consumer_config(brokers: &str, group: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    if let Ok(debug) = std::env::var("TOURNEY_KAFKA_DEBUG") {
        config.set("debug", debug);
    }
    config
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        .set("enable.partition.eof", "false")
        .set("fetch.wait.max.ms", "10");
    config
}

/// The partitions of `topic`, waiting up to `wait` for the topic to appear.
pub fn partitions<C: ConsumerContext>(
    c: &BaseConsumer<C>,
    topic: &str,
    wait: Duration,
) -> KafkaResult<Vec<i32>> {
    let deadline = Instant::now() + wait;
    loop {
        let md = c.fetch_metadata(Some(topic), Duration::from_secs(5))?;
        let parts: Vec<i32> = md
            .topics()
            .iter()
            .filter(|t| t.name() == topic && t.error().is_none())
            .flat_map(|t| t.partitions().iter().map(|p| p.id()))
            .collect();
        if !parts.is_empty() {
            return Ok(parts);
        }
        if Instant::now() >= deadline {
            return Err(KafkaError::MetadataFetch(
                RDKafkaErrorCode::UnknownTopicOrPartition,
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Refuses an input topic with more than one partition. The engine's last tie-break
/// (who was counted first) and its lateness rule read one ordered sequence of events;
/// the records of a tournament's topic have no key, so over several partitions their
/// order, and with it the board, would depend on how the partitions interleave. The
/// compiler creates every eligible topic with `PARTITIONS=1`.
pub fn single_partition(topic: &str, parts: &[i32]) -> Result<(), String> {
    if parts.len() <= 1 {
        return Ok(());
    }
    Err(format!(
        "input topic `{topic}` has {} partitions; a tournament is scored from exactly one \
         partition, in its order (the compiled query creates the eligible topic with \
         PARTITIONS=1). Recreate the topic with one partition, or pass a one-partition \
         topic with --topic",
        parts.len()
    ))
}

/// Assigns every partition of the input at the offsets `from` covers.
pub fn assign(c: &BaseConsumer, from: &Offsets, parts: &[i32]) -> KafkaResult<()> {
    let mut tpl = TopicPartitionList::new();
    for &p in parts {
        let offset = from.start(p).map_or(Offset::Beginning, Offset::Offset);
        tpl.add_partition_offset(&from.topic, p, offset)?;
    }
    c.assign(&tpl)
}

/// Moves the consumer's position on one partition it holds to `from`, leaving the
/// others where they are.
pub fn rewind<C: ConsumerContext>(
    c: &BaseConsumer<C>,
    topic: &str,
    partition: i32,
    from: Offset,
) -> Result<(), crate::WorkerError> {
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, from)?;
    c.seek_partitions(tpl, Duration::from_secs(10))?
        .elements()
        .iter()
        .try_for_each(|e| e.error())?;
    Ok(())
}

/// Commits `offsets` to the group, asynchronously: only so that lag tools see progress.
pub fn commit_advisory<C: ConsumerContext>(c: &BaseConsumer<C>, offsets: &Offsets) {
    let mut tpl = TopicPartitionList::new();
    for (&p, &o) in &offsets.next {
        if tpl
            .add_partition_offset(&offsets.topic, p, Offset::Offset(o))
            .is_err()
        {
            return;
        }
    }
    if let Err(e) = c.commit(&tpl, rdkafka::consumer::CommitMode::Async) {
        tracing::debug!(error = %e, "advisory offset commit failed");
    }
}

/// Records behind the end of each partition, asking the broker for its end offsets
/// (a round trip per partition: for decisions, such as finishing the input).
pub fn lag<C: ConsumerContext>(
    c: &BaseConsumer<C>,
    offsets: &Offsets,
    parts: &[i32],
) -> Vec<(i32, i64)> {
    lag_with(offsets, parts, |p| {
        c.fetch_watermarks(&offsets.topic, p, Duration::from_secs(2))
            .ok()
    })
}

fn lag_with(
    offsets: &Offsets,
    parts: &[i32],
    watermarks: impl Fn(i32) -> Option<(i64, i64)>,
) -> Vec<(i32, i64)> {
    parts
        .iter()
        .filter_map(|&p| {
            let (_, high) = watermarks(p).filter(|(_, h)| *h >= 0)?;
            Some((p, (high - offsets.start(p).unwrap_or(0)).max(0)))
        })
        .collect()
}

/// Topics per CreateTopics request (a broker may refuse a larger one as malformed;
/// the development broker does at a few hundred).
const CREATE_CHUNK: usize = 100;

/// Creates the topics that do not exist yet (one partition, as a tournament's order
/// is the order of its partition).
pub fn ensure_topics(brokers: &str, topics: &[&str]) -> Result<(), String> {
    let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .map_err(|e| e.to_string())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(10)));
    // A topic named twice in one request makes the whole request invalid.
    let mut topics = topics.to_vec();
    topics.sort_unstable();
    topics.dedup();
    for chunk in topics.chunks(CREATE_CHUNK) {
        let new: Vec<NewTopic<'_>> = chunk
            .iter()
            .map(|t| NewTopic::new(t, 1, TopicReplication::Fixed(1)))
            .collect();
        let results = rt
            .block_on(admin.create_topics(&new, &opts))
            .map_err(|e| e.to_string())?;
        for r in results {
            match r {
                Ok(_) => {}
                Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
                Err((t, e)) => return Err(format!("cannot create topic {t}: {e}")),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_single_partition_is_accepted() {
        assert_eq!(single_partition("t", &[0]), Ok(()));
        let err = single_partition("tournament.eligible.op.t", &[0, 1, 2]).unwrap_err();
        assert!(
            err.contains("`tournament.eligible.op.t` has 3 partitions"),
            "{err}"
        );
        assert!(err.contains("PARTITIONS=1"), "{err}");
    }
}
