//! A replicating bridge between two brokers, as MirrorMaker or Kafka Connect would
//! run between an on-premises cluster and a cloud one: it reads one partition of a
//! topic from one broker and produces each record to the same topic on the other.
//! Stopping it and starting it again further on loses the records in between, which
//! is the failure the lost-events test plays.

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Message, Offset, TopicPartitionList};
use std::time::{Duration, Instant};

/// Copies the records of `topic` (partition 0) from offset `from` on, up to `count`
/// of them, from broker `source` to broker `target`; the offset after the last one
/// copied.
pub fn copy(source: &str, target: &str, topic: &str, from: i64, count: usize) -> i64 {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", source)
        .set("group.id", "tourney-test-bridge")
        .set("enable.auto.commit", "false")
        .create()
        .expect("bridge consumer");
    let mut tpl = TopicPartitionList::new();
    // From the start, passing over what lies before `from`: the development broker
    // answers a fetch from inside a record batch with nothing until a later batch
    // comes, so a restarted bridge reads its way to where it starts again.
    tpl.add_partition_offset(topic, 0, Offset::Beginning)
        .expect("tpl");
    c.assign(&tpl).expect("assign");
    let p: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", target)
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .expect("bridge producer");
    let mut copied = 0;
    let mut next = from;
    let deadline = Instant::now() + Duration::from_secs(60);
    while copied < count && Instant::now() < deadline {
        let Some(Ok(m)) = c.poll(Duration::from_millis(100)) else {
            continue;
        };
        if m.offset() < from {
            continue;
        }
        let mut rec = BaseRecord::<(), [u8]>::to(topic).payload(m.payload().unwrap_or_default());
        while let Err((_, back)) = p.send(rec) {
            p.poll(Duration::from_millis(10));
            rec = back;
        }
        copied += 1;
        next = m.offset() + 1;
    }
    p.flush(Duration::from_secs(30)).expect("bridge flush");
    assert_eq!(
        copied, count,
        "the bridge copied {copied} of {count} records"
    );
    next
}
