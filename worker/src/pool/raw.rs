//! `--source raw` in a pool: every tournament reads `wager.events`. The member that
//! holds its partition reads each record once, finds the tournaments that could count
//! it with the engine's [`Router`] (by operator, then game category or game), and
//! hands it to those only; the cost of a wager grows with the tournaments that could
//! match it, not with all of them. The others' positions move up with the shared one
//! when they are snapshotted ([`crate::scorer::Scorer::catch_up`]), since the records
//! in between were none of theirs.
//!
//! A tournament's counters therefore count the wagers of its operator that could match
//! it, not every record of `wager.events` as a worker of one tournament with
//! `--source raw` does; its board is the same. A record that cannot be read at all is
//! set aside once, on `tourney.dead-letter` (no operator is known for it).

use super::held::Held;
use crate::dead_letter::{payload_text, set_aside, DeadLetter};
use crate::offsets::Offsets;
use crate::scorer::gaps::{Gaps, Verdict};
use crate::scorer::intake;
use crate::scorer::Step;
use crate::WorkerError;
use rdkafka::message::BorrowedMessage;
use rdkafka::{Message, Offset};
use tourney::emit::names::SOURCE_TOPIC;
use tourney::engine::ingest::Record;
use tourney::engine::route::Router;

/// Where unreadable records of the shared input go.
pub const DEAD_LETTER_TOPIC: &str = "tourney.dead-letter";

pub struct Raw {
    /// The next offset of the shared input never read before, by partition (what
    /// is set aside, is set aside once).
    position: Offsets,
    /// How far the consumer's current pass has come, by partition: every held
    /// tournament was handed the records before it. Moved back with the consumer
    /// when a tournament joins with an older position.
    reached: Offsets,
    gaps: Gaps,
    /// The index over the held tournaments and their keys, rebuilt when they change.
    index: Option<(Router, Vec<String>)>,
    named: Vec<usize>,
}

impl Default for Raw {
    fn default() -> Self {
        Raw {
            position: Offsets::new(SOURCE_TOPIC),
            reached: Offsets::new(SOURCE_TOPIC),
            gaps: Gaps::default(),
            index: None,
            named: Vec::new(),
        }
    }
}

impl Raw {
    /// How far every held tournament has been handed the shared input; a
    /// tournament's position may move up to it ([`crate::scorer::Scorer::catch_up`]).
    pub fn reached(&self) -> &Offsets {
        &self.reached
    }

    /// The held tournaments changed.
    pub fn stale(&mut self) {
        self.index = None;
    }

    /// The consumer was moved back to `start` (a tournament joined with an older
    /// position): what comes again is handed to the tournaments, which pass over what
    /// they applied.
    pub fn rewound(&mut self, partition: i32, start: Offset) {
        let from = match start {
            Offset::Offset(o) => o,
            _ => 0,
        };
        if from < self.reached.start(partition).unwrap_or(0) {
            tracing::debug!(
                partition,
                from,
                "reading the shared input again for a tournament that joined"
            );
            self.reached.next.insert(partition, from);
        }
    }
}

/// Hands one record of the shared input to the tournaments that could count it.
pub fn record(held: &mut Held, msg: &BorrowedMessage<'_>) -> Result<Option<Step>, WorkerError> {
    let (partition, offset) = (msg.partition(), msg.offset());
    let Some(raw) = held.raw.as_mut() else {
        return Ok(None);
    };
    let next = raw.position.start(partition);
    let first_time = match raw.gaps.judge(partition, offset, next) {
        Verdict::ReadFrom(from) => return Ok(Some(Step::ReadFrom { partition, from })),
        Verdict::Skip => false,
        Verdict::Apply => true,
    };
    raw.reached.next.insert(partition, offset + 1);
    let payload = msg.payload().unwrap_or_default();
    let mut ev = match intake::read(payload) {
        Ok(Record::Wager(ev)) => ev,
        Ok(Record::Control(_)) => {
            // Gap tracking needs every wager of a source; a tournament of a raw pool
            // sees only those routed to it, so it tracks nothing (see the book).
            if first_time {
                raw.position.applied(partition, offset);
            }
            return Ok(Some(Step::Applied));
        }
        Err((reason, payload)) => {
            if first_time {
                raw.position.applied(partition, offset);
                dead_letter(held, &reason, &payload, partition, offset)?;
            }
            return Ok(Some(Step::Applied));
        }
    };
    ev.source_id = None;
    ev.source_seq = None;
    if raw.index.is_none() {
        let keys: Vec<String> = held.scorers.keys().cloned().collect();
        let router = Router::new(
            keys.iter()
                .enumerate()
                .filter_map(|(i, k)| Some((i, held.scorers.get(k)?.tournament()))),
        );
        raw.index = Some((router, keys));
    }
    let mut named = std::mem::take(&mut raw.named);
    named.clear();
    if let Some((router, _)) = &raw.index {
        router.candidates(&ev, &mut named);
    }
    if first_time {
        raw.position.applied(partition, offset);
    }
    let keys: Vec<String> = match &raw.index {
        Some((_, keys)) => named.iter().filter_map(|&i| keys.get(i).cloned()).collect(),
        None => Vec::new(),
    };
    if let Some(raw) = held.raw.as_mut() {
        raw.named = named;
    }
    let source_ms = msg.timestamp().to_millis();
    for key in keys {
        let Some(s) = held.scorers.get_mut(&key) else {
            continue;
        };
        match s.record_wager(&ev, payload, (partition, offset), source_ms) {
            Ok(Step::Applied) => {
                held.dirty.insert(key);
            }
            Ok(_) => {}
            Err(e) => held.lost(&key, e)?,
        }
    }
    Ok(Some(Step::Applied))
}

fn dead_letter(
    held: &Held,
    reason: &str,
    payload: &[u8],
    partition: i32,
    offset: i64,
) -> Result<(), WorkerError> {
    let letter = DeadLetter {
        reason,
        operator_id: "",
        tournament_id: "",
        topic: SOURCE_TOPIC,
        partition,
        offset,
        payload: payload_text(payload),
    };
    set_aside(
        held.io.producer.for_topic(DEAD_LETTER_TOPIC),
        DEAD_LETTER_TOPIC,
        &letter,
        &held.shared.metrics,
    )
}
