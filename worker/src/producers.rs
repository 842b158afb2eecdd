//! The producers of a process: one librdkafka producer, or, in a pool, a few, each
//! taking the output topics whose names hash to it. librdkafka finds a record's
//! topic by walking the list of every topic its producer has written to, comparing
//! names: with the two output topics of a thousand tournaments behind one producer,
//! that walk was half of a pool member's CPU. Split over four producers each walk is
//! four times shorter. (More producers cost more than they save: each one's own
//! thread passes over all its partitions whenever its linger time ends.) All share
//! one [`Deliveries`], so a snapshot waits for the records of every shard produced
//! before it.

use crate::kafka::{self, Deliveries, Output};
use rdkafka::error::KafkaResult;
use std::time::{Duration, Instant};

/// The producers of a pool member.
pub const POOL_SHARDS: usize = 4;

/// A pool member's producers batch for up to 10 ms (a worker of one tournament: 2).
pub const POOL_LINGER_MS: u32 = 10;

pub struct Producers {
    shards: Vec<Output>,
}

impl Producers {
    /// `n` producers (at least one) reporting to `deliveries`; with more than one,
    /// each lingers [`POOL_LINGER_MS`].
    pub fn connect(brokers: &str, n: usize, deliveries: &Deliveries) -> KafkaResult<Producers> {
        let linger = if n > 1 { POOL_LINGER_MS } else { 2 };
        let shards = (0..n.max(1))
            .map(|_| kafka::producer_lingering(brokers, deliveries.clone(), linger))
            .collect::<KafkaResult<Vec<_>>>()?;
        Ok(Producers { shards })
    }

    /// The producer that writes to `topic` (always the same one for a topic, so
    /// a topic's records keep their order).
    pub fn for_topic(&self, topic: &str) -> &Output {
        let i = (fnv1a(topic.as_bytes()) % self.shards.len() as u64) as usize;
        &self.shards[i]
    }

    /// Serves the delivery reports that arrived, without waiting.
    pub fn poll(&self) {
        for p in &self.shards {
            p.poll(Duration::ZERO);
        }
    }

    /// Waits until every record handed to any of them is delivered or failed.
    pub fn flush(&self, limit: Duration) -> KafkaResult<()> {
        let deadline = Instant::now() + limit;
        for p in &self.shards {
            kafka::flush(p, deadline.saturating_duration_since(Instant::now()))?;
        }
        Ok(())
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::fnv1a;

    #[test]
    fn topics_spread_over_the_shards() {
        let mut counts = [0usize; 4];
        for i in 0..2000 {
            let t = format!("tourney.op-{}.t-{i:05}.updates", i % 10);
            counts[(fnv1a(t.as_bytes()) % 4) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (400..=600).contains(&c)),
            "{counts:?}"
        );
    }
}
