//! Writing position changes and dead letters to Kafka.

use crate::dead_letter::DeadLetter;
use crate::kafka::Output;
use crate::WorkerError;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseRecord, Producer};
use std::time::Duration;
use tourney::engine::changes::PositionChange;

/// Header carrying the Kafka timestamp (epoch ms) of the wager that caused a change,
/// so consumers can measure event-to-update latency.
pub const SOURCE_TS_HEADER: &str = "tourney-source-ts-ms";

/// Publishes one position change, keyed by player.
pub fn send_change(
    p: &Output,
    topic: &str,
    change: &PositionChange,
    source_ms: Option<i64>,
) -> Result<(), WorkerError> {
    let value = serde_json::to_vec(change).map_err(|e| WorkerError::Config(e.to_string()))?;
    let ts = source_ms.map(|ms| ms.to_string());
    let headers = OwnedHeaders::new().insert(Header {
        key: SOURCE_TS_HEADER,
        value: ts.as_deref(),
    });
    send(
        p,
        BaseRecord::with_opaque_to(topic, 0)
            .key(change.player_id.as_bytes())
            .payload(&value)
            .headers(headers),
    )
}

/// Sets one record aside with its reason.
pub fn send_dead_letter(
    p: &Output,
    topic: &str,
    letter: &DeadLetter<'_>,
) -> Result<(), WorkerError> {
    let value = serde_json::to_vec(letter).map_err(|e| WorkerError::Config(e.to_string()))?;
    let key = letter.key();
    send(
        p,
        BaseRecord::with_opaque_to(topic, 0)
            .key(key.as_bytes())
            .payload(&value),
    )
}

/// Enqueues a record (numbered, see [`crate::kafka::Deliveries`]), waiting for room
/// when the local queue is full.
fn send(p: &Output, mut record: BaseRecord<'_, [u8], Vec<u8>, usize>) -> Result<(), WorkerError> {
    let n = p.context().number();
    record.delivery_opaque = n;
    loop {
        match p.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                p.poll(Duration::from_millis(50));
                record = back;
            }
            Err((e, _)) => {
                p.context().unnumber(n);
                return Err(WorkerError::from(e));
            }
        }
    }
}
