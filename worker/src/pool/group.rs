//! The pool's consumer: one member of a Kafka consumer group over the eligible topics
//! of every tournament past its pre-warm. The group decides which member scores which
//! tournament (a one-partition topic is a tournament); with the cooperative-sticky
//! assignor a member joining or leaving moves only the tournaments that change hands,
//! and the others keep scoring through the rebalance.
//!
//! Assignment and revocation are handled in the rebalance callback, before the
//! consumer fetches anything: an assigned tournament's lease is taken and its snapshot
//! restored, and the partition is assigned at the offset stored with the snapshot (not
//! the group's committed offset, which is only advisory); a revoked tournament is
//! snapshotted and its lease released before the partition is given up.

use super::held::Held;
use parking_lot::Mutex;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, RebalanceProtocol};
use rdkafka::error::KafkaResult;
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{ClientContext, Offset, TopicPartitionList};
use std::sync::Arc;
use std::time::Instant;

pub struct Group {
    pub held: Arc<Mutex<Held>>,
}

impl ClientContext for Group {}

impl ConsumerContext for Group {
    fn rebalance(&self, c: &BaseConsumer<Self>, err: RDKafkaRespErr, tpl: &mut TopicPartitionList) {
        let started = Instant::now();
        let cooperative = matches!(c.rebalance_protocol(), RebalanceProtocol::Cooperative);
        let result = match err {
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => {
                let n = self.assign(tpl);
                tracing::info!(
                    tournaments = n,
                    ms = started.elapsed().as_millis() as u64,
                    "tournaments assigned"
                );
                if cooperative {
                    c.incremental_assign(tpl)
                } else {
                    c.assign(tpl)
                }
            }
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS => {
                let mut held = self.held.lock();
                for e in tpl.elements() {
                    held.give_back_topic(e.topic(), e.partition(), c);
                }
                drop(held);
                tracing::info!(
                    tournaments = tpl.count(),
                    ms = started.elapsed().as_millis() as u64,
                    "tournaments given back"
                );
                if cooperative {
                    c.incremental_unassign(tpl)
                } else {
                    c.unassign()
                }
            }
            other => {
                tracing::error!(error = ?other, "rebalance failed");
                Ok(())
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "cannot apply the group's assignment");
        }
    }
}

impl Group {
    /// Takes each assigned tournament and sets where its partition is read from.
    /// A tournament that cannot be taken now is still assigned (the group must see
    /// its partition owned), at its end, and what arrives is passed over; the loop
    /// takes it once this member's catalog knows it ([`super::Pool`]).
    fn assign(&self, tpl: &mut TopicPartitionList) -> usize {
        let mut held = self.held.lock();
        let wanted: Vec<(String, i32)> = tpl
            .elements()
            .iter()
            .map(|e| (e.topic().to_string(), e.partition()))
            .collect();
        let mut taken = 0;
        for (topic, p) in wanted {
            let offset = match held.take(&topic, p) {
                Some(o) => {
                    taken += 1;
                    o
                }
                None => Offset::End,
            };
            if let Err(e) = tpl.set_partition_offset(&topic, p, offset) {
                tracing::error!(topic, error = %e, "cannot set the start offset");
            }
        }
        taken
    }
}

/// The pool member's consumer in `group`: cooperative-sticky assignment, automatic
/// commits off (the position lives with the snapshots), and a short metadata refresh so
/// that a newly created eligible topic is seen within seconds.
pub fn consumer(
    brokers: &str,
    group: &str,
    session_timeout_ms: u32,
    held: &Arc<Mutex<Held>>,
) -> KafkaResult<BaseConsumer<Group>> {
    crate::kafka::consumer_config(brokers, group)
        .set("partition.assignment.strategy", "cooperative-sticky")
        .set("session.timeout.ms", session_timeout_ms.to_string())
        .set(
            "heartbeat.interval.ms",
            (session_timeout_ms / 4).max(100).to_string(),
        )
        .set("topic.metadata.refresh.interval.ms", "2000")
        .create_with_context(Group {
            held: Arc::clone(held),
        })
}
