//! One tournament's scoring loop: read a batch, score it with the shared engine,
//! publish position changes and dead letters, update the live board, and every few
//! seconds store a snapshot with the offsets it covers.
//!
//! Exactly-once effect: the engine state and the input offsets are stored together
//! in one row. After a crash the worker restores the last snapshot and reads again
//! from the offsets stored with it, so every record is applied exactly once to the
//! state that survives. Output produced between the snapshot and the crash is produced
//! again, identically (position-change ids are derived from the tournament, the
//! player and a sequence number that is part of the snapshot), so consumers that keep
//! the last id per player see each change once.

use crate::board::{Board, SyncKind};
use crate::dead_letter::{payload_text, DeadLetter};
use crate::kafka::{self, DeliveryErrors, Output};
use crate::offsets::Offsets;
use crate::outputs;
use crate::settings::Settings;
use crate::store::Store;
use crate::WorkerError;
use rdkafka::consumer::BaseConsumer;
use rdkafka::Message;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::emit::names::Names;
use tourney::engine::changes::PositionChange;
use tourney::engine::ingest::parse_event;
use tourney::engine::{Engine, EngineOptions, Outcome};
use tourney::ir::Tournament;

/// How a scoring loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Stopped by a signal after storing a snapshot.
    Stopped,
    /// The tournament ended and its final result is stored.
    Finalized,
}

pub struct Scorer {
    t: Tournament,
    names: Names,
    settings: Settings,
    engine: Engine,
    offsets: Offsets,
    parts: Vec<i32>,
    consumer: BaseConsumer,
    producer: Output,
    delivery_errors: DeliveryErrors,
    board: Option<Board>,
    store: Store,
    stop: Arc<AtomicBool>,
    last_snapshot: Instant,
    unsaved: bool,
    touched: Vec<u32>,
    changes: Vec<PositionChange>,
}

impl Scorer {
    /// Connects to everything, restores the last snapshot and positions the consumer.
    pub fn start(
        t: Tournament,
        settings: Settings,
        stop: Arc<AtomicBool>,
    ) -> Result<Scorer, WorkerError> {
        let names =
            Names::new(&t.operator, &t.id).map_err(|e| WorkerError::Config(e.to_string()))?;
        let mut store = Store::open(&settings.postgres, &t.operator, &t.id)?;
        let opts = settings.engine_options();
        let topic = settings.input_topic(&names);
        let (engine, offsets) = restore(&t, opts, &mut store, &topic)?;
        kafka::ensure_topics(
            &settings.brokers,
            &[&names.updates_topic, &names.dead_letter_topic],
        )
        .map_err(WorkerError::Kafka)?;
        let group = format!("tourney-worker.{}.{}", t.operator, t.id);
        let consumer = kafka::consumer(&settings.brokers, &group)?;
        let parts = kafka::partitions(&consumer, &topic, settings.topic_wait)?;
        kafka::assign(&consumer, &offsets, &parts)?;
        let delivery_errors = DeliveryErrors::default();
        let producer = kafka::producer(&settings.brokers, delivery_errors.clone())?;
        let board = match &settings.redis {
            Some(url) => Some(Board::new(url, &names.leaderboard_key, expire_at_s(&t))?),
            None => None,
        };
        tracing::info!(
            tournament = %t.id, operator = %t.operator, generation = store.generation(),
            topic = %topic, partitions = parts.len(), resumed_at = offsets.total(),
            "scorer started"
        );
        Ok(Scorer {
            t,
            names,
            settings,
            engine,
            offsets,
            parts,
            consumer,
            producer,
            delivery_errors,
            board,
            store,
            stop,
            last_snapshot: Instant::now(),
            unsaved: false,
            touched: Vec::new(),
            changes: Vec::new(),
        })
    }

    /// Runs until the tournament is finalized or a stop is asked for.
    pub fn run(mut self) -> Result<Exit, WorkerError> {
        self.sync_board("running");
        let mut last_lag = Instant::now();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                self.checkpoint()?;
                return Ok(Exit::Stopped);
            }
            if now_ms() >= self.finalize_at_ms() {
                self.finalize()?;
                return Ok(Exit::Finalized);
            }
            let read = self.batch(Duration::from_millis(100))?;
            if read > 0 {
                tracing::debug!(tournament = %self.t.id, read, "batch applied");
                self.sync_board("running");
            }
            if self.unsaved && self.last_snapshot.elapsed() >= self.settings.snapshot_every {
                self.checkpoint()?;
            }
            if last_lag.elapsed() >= Duration::from_secs(1) {
                self.report_lag();
                last_lag = Instant::now();
            }
        }
    }

    /// The wall-clock instant of finalization: the end plus the allowed lateness.
    fn finalize_at_ms(&self) -> i64 {
        self.t
            .schedule
            .end_ms
            .saturating_add(self.settings.allowed_lateness_ms)
    }

    /// Reads and applies up to one batch; returns the records read.
    fn batch(&mut self, wait: Duration) -> Result<usize, WorkerError> {
        let mut read = 0;
        let mut timeout = wait;
        while read < self.settings.batch_max {
            let Some(msg) = self.consumer.poll(timeout) else {
                break;
            };
            let msg = msg?;
            timeout = Duration::ZERO;
            read += 1;
            let (partition, offset) = (msg.partition(), msg.offset());
            let source_ms = msg.timestamp().to_millis();
            let payload = msg.payload().unwrap_or_default().to_vec();
            drop(msg);
            self.apply(&payload, partition, offset)?;
            self.offsets.applied(partition, offset);
            self.publish_changes(source_ms)?;
        }
        if read > 0 {
            self.unsaved = true;
            self.producer.poll(Duration::ZERO);
        }
        Ok(read)
    }

    fn apply(&mut self, payload: &[u8], partition: i32, offset: i64) -> Result<(), WorkerError> {
        let text = std::str::from_utf8(payload).map_err(|e| format!("not UTF-8 text: {e}"));
        let ev = match text.and_then(|s| parse_event(s).map_err(|m| m.reason)) {
            Ok(ev) => ev,
            Err(reason) => return self.dead_letter(&reason, payload, partition, offset),
        };
        let outcome = self.engine.process(&ev, &mut self.changes);
        if matches!(outcome, Outcome::Counted { .. }) {
            let player = ev.player_id.as_deref().unwrap_or("");
            if let Some((idx, _)) = self.engine.standings().find(player) {
                self.touched.push(idx);
            }
        }
        Ok(())
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
        tracing::warn!(tournament = %self.t.id, partition, offset, reason, "dead letter");
        outputs::send_dead_letter(&self.producer, &self.names.dead_letter_topic, &letter)
    }

    fn publish_changes(&mut self, source_ms: Option<i64>) -> Result<(), WorkerError> {
        for change in self.changes.drain(..) {
            outputs::send_change(
                &self.producer,
                &self.names.updates_topic,
                &change,
                source_ms,
            )?;
        }
        Ok(())
    }

    /// Writes the touched players (or the whole board after a loss) to Redis; a Redis
    /// failure is logged and repaired on a later batch, never fatal.
    fn sync_board(&mut self, status: &str) {
        let meta = self.meta(status);
        let touched = std::mem::take(&mut self.touched);
        let Some(board) = self.board.as_mut() else {
            return;
        };
        match board.sync(self.engine.standings(), &touched, &meta) {
            Ok(SyncKind::Rebuilt) => {
                tracing::info!(tournament = %self.t.id, players = self.engine.standings().len(), "Redis board rebuilt from the worker's state");
            }
            Ok(SyncKind::Incremental) => {}
            Err(e) => {
                tracing::warn!(tournament = %self.t.id, error = %e, "Redis write failed; the board will be rebuilt");
            }
        }
    }

    fn meta(&self, status: &str) -> Vec<(&'static str, String)> {
        let s = &self.engine.stats;
        vec![
            ("operator", self.t.operator.clone()),
            ("tournament", self.t.id.clone()),
            ("title", self.t.title.clone()),
            ("start", self.t.schedule.start.clone()),
            ("end", self.t.schedule.end.clone()),
            ("status", status.to_string()),
            ("players", self.engine.standings().len().to_string()),
            ("events", s.events.to_string()),
            ("counted", s.counted.to_string()),
            (
                "offsets",
                serde_json::to_string(&self.offsets).unwrap_or_default(),
            ),
            ("updated_at_ms", now_ms().to_string()),
        ]
    }

    /// Makes everything produced so far durable, then stores the snapshot and offsets.
    fn checkpoint(&mut self) -> Result<(), WorkerError> {
        let started = Instant::now();
        kafka::flush(&self.producer, Duration::from_secs(30))?;
        let flushed = started.elapsed();
        let failed = self.delivery_errors.count();
        if failed > 0 {
            return Err(WorkerError::OutputLost(failed));
        }
        let snap = self.engine.snapshot();
        let json = serde_json::to_vec(&snap).map_err(|e| WorkerError::Config(e.to_string()))?;
        self.store.save(
            &fingerprint(&self.t),
            &self.offsets,
            self.engine.stats.events,
            &json,
        )?;
        kafka::commit_advisory(&self.consumer, &self.offsets);
        tracing::debug!(
            tournament = %self.t.id, flush_ms = flushed.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64, bytes = json.len(),
            "snapshot stored"
        );
        self.last_snapshot = Instant::now();
        self.unsaved = false;
        Ok(())
    }

    /// Reads what is in the input up to now, closes the board, stores the result.
    fn finalize(&mut self) -> Result<(), WorkerError> {
        self.drain()?;
        self.engine.flush(&mut self.changes);
        self.publish_changes(None)?;
        self.checkpoint()?;
        let board = serde_json::to_string(&self.engine.result())
            .map_err(|e| WorkerError::Config(e.to_string()))?;
        let stats = serde_json::to_string(&self.engine.stats)
            .map_err(|e| WorkerError::Config(e.to_string()))?;
        self.store.finalize(&self.offsets, &stats, &board)?;
        self.sync_board("finished");
        tracing::info!(tournament = %self.t.id, players = self.engine.standings().len(), "tournament finalized");
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

    fn report_lag(&self) {
        for (p, lag) in kafka::lag(&self.consumer, &self.offsets, &self.parts) {
            tracing::debug!(tournament = %self.t.id, partition = p, lag, "consumer lag");
        }
    }
}

/// The engine and offsets to start from: the last snapshot, or a fresh start.
fn restore(
    t: &Tournament,
    opts: EngineOptions,
    store: &mut Store,
    topic: &str,
) -> Result<(Engine, Offsets), WorkerError> {
    let Some(stored) = store.load()? else {
        return Ok((Engine::new(t, opts), Offsets::new(topic)));
    };
    let snap = serde_json::from_slice(&stored.engine_json)
        .map_err(|e| WorkerError::Snapshot(format!("unreadable snapshot: {e}")))?;
    let engine =
        Engine::restore(t, opts, snap).map_err(|e| WorkerError::Snapshot(e.to_string()))?;
    if stored.offsets.topic != topic {
        return Err(WorkerError::Snapshot(format!(
            "the snapshot covers topic {}, not {topic}",
            stored.offsets.topic
        )));
    }
    Ok((engine, stored.offsets))
}

/// A short fingerprint of what decides the scores.
pub fn fingerprint(t: &Tournament) -> String {
    let text = serde_json::to_string(&(&t.schedule, &t.eligibility, &t.scoring, &t.leaderboard))
        .unwrap_or_default();
    format!("{:032x}", tourney::engine::dedup::id_hash(&text))
}

/// Redis keys expire 24 hours after the end.
fn expire_at_s(t: &Tournament) -> i64 {
    t.schedule.end_ms / 1000 + 24 * 3600
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
