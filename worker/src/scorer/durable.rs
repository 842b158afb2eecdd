//! Snapshots, finalization and the metadata written beside the board.

use super::{now_ms, Scorer};
use crate::kafka;
use crate::offsets::Offsets;
use crate::WorkerError;
use std::time::{Duration, Instant};
use tourney::engine::snapshot::fingerprint;
use tourney::engine::Engine;
use tourney::ir::Tournament;
use tourney::serve::Phase;

impl Scorer {
    /// Makes everything produced so far durable, then stores the snapshot and offsets.
    pub(super) fn checkpoint(&mut self) -> Result<(), WorkerError> {
        let started = Instant::now();
        kafka::flush(&self.producer, Duration::from_secs(30))?;
        let failed = self.delivery_errors.count();
        if failed > 0 {
            return Err(WorkerError::OutputLost(failed));
        }
        let (json, events) = {
            let engine = self.live.read();
            let json = serde_json::to_vec(&engine.snapshot())
                .map_err(|e| WorkerError::Config(e.to_string()))?;
            (json, engine.stats.events)
        };
        self.store
            .save(&fingerprint(&self.t), &self.offsets, events, &json)?;
        kafka::commit_advisory(&self.consumer, &self.offsets);
        tracing::debug!(
            tournament = %self.t.id, bytes = json.len(),
            ms = started.elapsed().as_millis() as u64, "snapshot stored"
        );
        self.last_snapshot = Instant::now();
        self.unsaved = false;
        Ok(())
    }

    /// Reads what is in the input up to now, closes the board, stores the result.
    pub(super) fn finalize(&mut self) -> Result<(), WorkerError> {
        self.live.set_phase(Phase::Finalizing);
        self.drain()?;
        self.live.write().engine_mut().flush(&mut self.changes);
        self.publish_changes(None)?;
        self.live.record_history();
        self.checkpoint()?;
        self.write_standings(true)?;
        let (board, stats) = {
            let engine = self.live.read();
            let board = serde_json::to_string(&engine.result());
            let stats = serde_json::to_string(&engine.stats);
            (board, stats)
        };
        let to_err = |e: serde_json::Error| WorkerError::Config(e.to_string());
        self.store.finalize(
            &self.offsets,
            &stats.map_err(to_err)?,
            &board.map_err(to_err)?,
        )?;
        self.live.set_phase(Phase::Finished);
        self.sync_board();
        tracing::info!(tournament = %self.t.id, players = self.live.read().standings().len(), "tournament finalized");
        Ok(())
    }

    /// Applies every record the input holds right now: until the broker reports no
    /// lag and a poll comes back empty (the second guards against brokers whose
    /// reported end offset trails the log).
    fn drain(&mut self) -> Result<(), WorkerError> {
        let deadline = Instant::now() + self.settings.drain_timeout;
        loop {
            let read = self.batch(Duration::from_millis(300))?;
            let behind: i64 = kafka::lag(&self.consumer, &self.offsets, &self.parts)
                .iter()
                .map(|(_, l)| *l)
                .sum();
            if read == 0 && behind == 0 {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(WorkerError::Kafka(format!(
                    "could not read the last {behind} records of the input before finalizing"
                )));
            }
        }
    }
}

/// The metadata hash written beside the Redis board.
pub(super) fn meta(
    t: &Tournament,
    engine: &Engine,
    offsets: &Offsets,
    phase: Phase,
) -> Vec<(&'static str, String)> {
    let s = &engine.stats;
    vec![
        ("operator", t.operator.clone()),
        ("tournament", t.id.clone()),
        ("title", t.title.clone()),
        ("start", t.schedule.start.clone()),
        ("end", t.schedule.end.clone()),
        ("status", phase.name().to_string()),
        ("players", engine.standings().len().to_string()),
        ("events", s.events.to_string()),
        ("counted", s.counted.to_string()),
        (
            "offsets",
            serde_json::to_string(offsets).unwrap_or_default(),
        ),
        ("updated_at_ms", now_ms().to_string()),
    ]
}
