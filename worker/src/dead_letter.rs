//! Records set aside: events the worker could not read, with the reason and where
//! they came from. Keyed by their source position, so a replay after a restart
//! writes the same key again rather than a new record.

use serde::Serialize;

/// Longest payload copied into a dead letter, in bytes.
pub const MAX_PAYLOAD: usize = 64 * 1024;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeadLetter<'a> {
    pub reason: &'a str,
    pub operator_id: &'a str,
    pub tournament_id: &'a str,
    pub topic: &'a str,
    pub partition: i32,
    pub offset: i64,
    /// The record as read (lossy UTF-8, cut at [`MAX_PAYLOAD`] bytes).
    pub payload: String,
}

impl DeadLetter<'_> {
    /// The record key: `topic/partition/offset`.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.topic, self.partition, self.offset)
    }
}

/// The payload as text for a dead letter.
pub fn payload_text(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(MAX_PAYLOAD)];
    String::from_utf8_lossy(cut).into_owned()
}

/// Logs, counts and sends one dead letter to `topic`.
pub fn set_aside(
    p: &crate::kafka::Output,
    topic: &str,
    letter: &DeadLetter<'_>,
    metrics: &tourney::serve::Metrics,
) -> Result<(), crate::WorkerError> {
    tracing::warn!(
        operator = letter.operator_id,
        tournament = letter.tournament_id,
        partition = letter.partition,
        offset = letter.offset,
        reason = letter.reason,
        "dead letter"
    );
    metrics.dead_letter(letter.reason);
    metrics.count_events(tourney::serve::metrics::EventKind::Malformed, 1);
    crate::outputs::send_dead_letter(p, topic, letter)
}
