//! Snapshots, finalization and the metadata written beside the board.

use super::{now_ms, Scorer};
use crate::kafka;
use crate::ledger::{self, Rows};
use crate::offsets::Offsets;
use crate::WorkerError;
use rdkafka::consumer::{BaseConsumer, ConsumerContext};
use std::time::{Duration, Instant};
use tourney::audit::AuditRecord;
use tourney::engine::snapshot::fingerprint;
use tourney::engine::Engine;
use tourney::ir::Tournament;
use tourney::serve::Phase;

/// A snapshot taken and not yet stored: it is stored once every record produced
/// before it was taken is delivered ([`Scorer::store_pending`]).
pub struct Pending {
    /// The producer's mark when it was taken ([`crate::kafka::Deliveries::mark`]).
    mark: usize,
    json: Vec<u8>,
    offsets: Offsets,
    events: u64,
    counted: Rows,
}

impl Scorer {
    /// Makes everything produced so far durable, then stores the snapshot and offsets
    /// (a pending one first: it is older).
    pub fn checkpoint<C: ConsumerContext>(
        &mut self,
        c: &BaseConsumer<C>,
    ) -> Result<(), WorkerError> {
        self.io.producer.flush(Duration::from_secs(30))?;
        self.no_output_lost()?;
        if let Some(p) = self.pending.take() {
            self.store_snapshot(p, c)?;
        }
        let now = self.take_snapshot()?;
        self.store_snapshot(now, c)
    }

    fn no_output_lost(&self) -> Result<(), WorkerError> {
        let failed = self.io.delivery_errors.count();
        if failed > 0 {
            return Err(WorkerError::OutputLost(failed));
        }
        Ok(())
    }

    /// Takes a snapshot now, to be stored once the output it covers is delivered:
    /// the reader never waits for the broker's acknowledgements (a pool member's
    /// way; see [`Scorer::store_pending`]). At most one is pending at a time.
    pub fn capture(&mut self) -> Result<(), WorkerError> {
        if self.pending.is_none() {
            self.pending = Some(self.take_snapshot()?);
        }
        Ok(())
    }

    /// Whether a pending snapshot can be stored now.
    pub fn pending_ready(&self) -> bool {
        self.pending
            .as_ref()
            .is_some_and(|p| self.io.delivery_errors.settled_before(p.mark))
    }

    /// Stores the pending snapshot if every record produced before it was taken is
    /// delivered; an error if one failed (the tournament is then given up and taken
    /// again from its last stored snapshot).
    pub fn store_pending<C: ConsumerContext>(
        &mut self,
        c: &BaseConsumer<C>,
    ) -> Result<(), WorkerError> {
        if !self.pending_ready() {
            return Ok(());
        }
        self.no_output_lost()?;
        match self.pending.take() {
            Some(p) => self.store_snapshot(p, c),
            None => Ok(()),
        }
    }

    /// The engine's state, position and ledger rows as of now, with the producer's
    /// mark; what is applied from here on is unsaved again.
    fn take_snapshot(&mut self) -> Result<Pending, WorkerError> {
        let (json, events) = {
            let engine = self.live.read();
            let json = serde_json::to_vec(&engine.snapshot())
                .map_err(|e| WorkerError::Config(e.to_string()))?;
            (json, engine.stats.events)
        };
        self.last_snapshot = Instant::now();
        self.unsaved = false;
        Ok(Pending {
            mark: self.io.delivery_errors.mark(),
            json,
            offsets: self.offsets.clone(),
            events,
            counted: std::mem::take(&mut self.counted),
        })
    }

    /// Stores a snapshot whose output is delivered, and commits its offsets to the
    /// group (advisory, for lag tools).
    fn store_snapshot<C: ConsumerContext>(
        &mut self,
        p: Pending,
        c: &BaseConsumer<C>,
    ) -> Result<(), WorkerError> {
        let started = Instant::now();
        self.store.save(
            &fingerprint(&self.t),
            &p.offsets,
            p.events,
            &p.json,
            &p.counted,
        )?;
        kafka::commit_advisory(c, &p.offsets);
        tracing::debug!(
            tournament = %self.t.id, bytes = p.json.len(),
            ms = started.elapsed().as_millis() as u64, "snapshot stored"
        );
        Ok(())
    }

    /// Records between this tournament's position and the end of its input, asking
    /// the broker (a round trip per partition).
    pub fn behind<C: ConsumerContext>(&self, c: &BaseConsumer<C>) -> i64 {
        kafka::lag(c, &self.offsets, &self.parts)
            .iter()
            .map(|(_, l)| *l)
            .sum()
    }

    /// Closes the board and stores the final result; the reader has applied every
    /// record the input held (see [`Scorer::behind`]).
    pub fn close<C: ConsumerContext>(&mut self, c: &BaseConsumer<C>) -> Result<(), WorkerError> {
        self.live.write().engine_mut().flush(&mut self.changes);
        self.publish_changes(None)?;
        self.live.record_history();
        self.checkpoint(c)?;
        self.write_standings(true)?;
        let digest = ledger::digest(&self.io.db, &self.t.operator, &self.t.id)?;
        let (board, stats, audit) = {
            let engine = self.live.read();
            let board = serde_json::to_string(&engine.result());
            let stats = serde_json::to_string(&engine.stats);
            let audit = serde_json::to_string(&AuditRecord::of(&engine, digest));
            (board, stats, audit)
        };
        let to_err = |e: serde_json::Error| WorkerError::Config(e.to_string());
        self.store.finalize(
            &self.offsets,
            &stats.map_err(to_err)?,
            &board.map_err(to_err)?,
            &audit.map_err(to_err)?,
        )?;
        self.live.set_phase(Phase::Finished);
        self.sync_board();
        tracing::info!(tournament = %self.t.id, players = self.live.read().standings().len(), "tournament finalized");
        Ok(())
    }

    /// Marks the tournament as finalizing (the reader drains its input next).
    pub fn finalizing(&self) {
        self.live.set_phase(Phase::Finalizing);
    }

    /// Gives the tournament back (the pool's group moved it elsewhere, or it is
    /// finalized): a snapshot of everything applied, then the lease is released and
    /// the read API forgets it.
    pub fn hand_back<C: ConsumerContext>(
        mut self,
        c: &BaseConsumer<C>,
        ended: &str,
    ) -> Result<(), WorkerError> {
        if self.unsaved || self.pending.is_some() {
            self.checkpoint(c)?;
        }
        self.store.release(ended)?;
        self.shared.registry.remove(&self.t.operator, &self.t.id);
        tracing::info!(tournament = %self.t.id, operator = %self.t.operator, generation = self.store.generation(), "tournament handed back");
        Ok(())
    }

    /// Forgets the tournament without a snapshot (its lease was lost); the lease log
    /// records when this worker let go.
    pub fn abandon(mut self) {
        if let Err(e) = self.store.release("lost") {
            tracing::warn!(tournament = %self.t.id, error = %e, "cannot record the lost lease");
        }
        self.shared.registry.remove(&self.t.operator, &self.t.id);
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
