//! Applying one record: read it (or set it aside), score it, publish what it changed.

use super::{now_ms, Scorer};
use crate::board::SyncKind;
use crate::dead_letter::{payload_text, set_aside, DeadLetter};
use crate::outputs;
use crate::WorkerError;
use tourney::engine::ingest::{parse_record, source_marks, Record};
use tourney::engine::Outcome;
use tourney::ir::WagerEvent;

/// A record read: a wager or a control record, or the reason it is neither and its
/// bytes.
pub(crate) type Read = Result<Record, (String, Vec<u8>)>;

/// Reads a record's payload; only an unreadable one is copied (for its dead letter).
pub(crate) fn read(payload: &[u8]) -> Read {
    let text = std::str::from_utf8(payload).map_err(|e| format!("not UTF-8 text: {e}"));
    text.and_then(|s| parse_record(s).map_err(|m| m.reason))
        .map_err(|reason| (reason, payload.to_vec()))
}

impl Scorer {
    pub(super) fn apply(
        &mut self,
        read: Read,
        payload: &[u8],
        partition: i32,
        offset: i64,
    ) -> Result<(), WorkerError> {
        let ev = match read {
            Ok(Record::Wager(ev)) => ev,
            Ok(Record::Control(c)) => {
                let refused = self.live.write().engine_mut().control(*c);
                return match refused {
                    Ok(()) => Ok(()),
                    Err(why) => {
                        let reason = format!("control record: {why}");
                        self.dead_letter(&reason, payload, partition, offset)
                    }
                };
            }
            Err((reason, payload)) => {
                return self.dead_letter(&reason, &payload, partition, offset)
            }
        };
        self.apply_wager(&ev, payload);
        Ok(())
    }

    /// Scores one wager (read from `payload`) and notes the player it moved.
    pub(super) fn apply_wager(&mut self, ev: &WagerEvent, payload: &[u8]) {
        let mut engine = self.live.write();
        let outcome = engine.process(ev, &mut self.changes);
        let counted = matches!(outcome, Outcome::Counted { .. });
        let own = ev.operator_id.as_deref() == Some(self.t.operator.as_str());
        if counted || (own && outcome != Outcome::Duplicate) {
            self.counted.add(ev, payload, engine.stats.events, counted);
        }
        if counted {
            let player = ev.player_id.as_deref().unwrap_or("");
            if let Some((idx, _)) = engine.standings().find(player) {
                self.touched.push(idx);
            }
        }
        drop(engine);
        self.shared.metrics.count_outcome(&outcome);
    }

    fn dead_letter(
        &mut self,
        reason: &str,
        payload: &[u8],
        partition: i32,
        offset: i64,
    ) -> Result<(), WorkerError> {
        let letter = DeadLetter {
            reason,
            operator_id: &self.t.operator,
            tournament_id: &self.t.id,
            topic: &self.offsets.topic,
            partition,
            offset,
            payload: payload_text(payload),
        };
        {
            let mut writer = self.live.write();
            writer.count_malformed(1);
            let marks = std::str::from_utf8(payload).ok().and_then(source_marks);
            if let Some((source, seq)) = marks {
                writer.engine_mut().sources_mut().set_aside(&source, &seq);
            }
        }
        set_aside(
            self.io.producer.for_topic(&self.names.dead_letter_topic),
            &self.names.dead_letter_topic,
            &letter,
            &self.shared.metrics,
        )
    }

    /// Sends the pending position changes to Kafka and to live subscribers.
    pub(super) fn publish_changes(&mut self, source_ms: Option<i64>) -> Result<(), WorkerError> {
        if self.changes.is_empty() {
            return Ok(());
        }
        for change in &self.changes {
            outputs::send_change(
                self.io.producer.for_topic(&self.names.updates_topic),
                &self.names.updates_topic,
                change,
                source_ms,
            )?;
        }
        let n = self.changes.len() as u64;
        self.shared.metrics.count_position_changes(n);
        if let Some(ms) = source_ms {
            let seconds = (now_ms() - ms).max(0) as f64 / 1000.0;
            self.shared.metrics.observe_latency(seconds, n);
        }
        self.live.publish(&self.changes);
        self.changes.clear();
        Ok(())
    }

    /// Writes the touched players (or the whole board after a loss) to Redis; a Redis
    /// failure is logged and repaired on a later batch, never fatal.
    pub fn sync_board(&mut self) {
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        let Some(board) = self.board.as_mut() else {
            return;
        };
        let engine = self.live.read();
        let meta = super::durable::meta(&self.t, &engine, &self.offsets, self.live.phase());
        match board.sync(engine.standings(), &touched, &meta) {
            Ok(SyncKind::Rebuilt) => {
                tracing::info!(tournament = %self.t.id, players = engine.standings().len(), "Redis board rebuilt from the worker's state");
            }
            Ok(SyncKind::Incremental) => {}
            Err(e) => {
                tracing::warn!(tournament = %self.t.id, error = %e, "Redis write failed; the board will be rebuilt");
            }
        }
    }
}
