//! One tournament's scoring loop: read a batch, score it with the shared engine,
//! publish position changes and dead letters, update the live board, and every few
//! seconds store a snapshot with the offsets it covers.
//!
//! Exactly-once effect: the engine state and the input offsets are stored together
//! in one row. After a crash the worker restores the last snapshot and reads again
//! from the offsets stored with it, so every record is applied exactly once to the
//! state that survives. Output produced between the snapshot and the crash is produced
//! again, identically (position-change ids are derived from the tournament, the
//! player and a sequence number that is part of the snapshot).

use crate::board::Board;
use crate::kafka::{self, DeliveryErrors, Output};
use crate::offsets::Offsets;
use crate::restore::restore;
use crate::settings::Settings;
use crate::store::Store;
use crate::table::{Owner, Table};
use crate::WorkerError;
use gaps::{Gaps, Verdict};
use parking_lot::Mutex;
use rdkafka::consumer::BaseConsumer;
use rdkafka::Message;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::emit::names::Names;
use tourney::engine::changes::PositionChange;
use tourney::engine::snapshot::fingerprint;
use tourney::ir::Tournament;
use tourney::serve::{LiveTournament, Metrics, Phase, Registry};

mod durable;
mod gaps;
mod intake;
mod lag;
mod standings;

/// How a scoring loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Stopped by a signal after storing a snapshot.
    Stopped,
    /// The tournament ended and its final result is stored.
    Finalized,
}

/// What a scorer shares with the rest of the process.
#[derive(Clone)]
pub struct Shared {
    pub registry: Arc<Registry>,
    pub metrics: Arc<Metrics>,
    /// Set by SIGTERM or SIGINT: store a snapshot and stop.
    pub stop: Arc<AtomicBool>,
    /// Set by SIGUSR1 (`tourney retire`): finalize now, whatever the clock says.
    pub finalize_now: Arc<AtomicBool>,
}

pub struct Scorer {
    t: Tournament,
    names: Names,
    settings: Settings,
    live: Arc<LiveTournament>,
    shared: Shared,
    offsets: Offsets,
    parts: Vec<i32>,
    consumer: BaseConsumer,
    producer: Output,
    delivery_errors: DeliveryErrors,
    board: Option<Board>,
    store: Store,
    /// The durable leaderboard, when `--standings-every-s` is not 0.
    table: Option<Table>,
    last_snapshot: Instant,
    unsaved: bool,
    touched: Vec<u32>,
    changes: Vec<PositionChange>,
    /// The last position handed to the lag reporter.
    position: Arc<Mutex<Offsets>>,
    /// Records the broker skipped, being read again.
    gaps: Gaps,
}

impl Scorer {
    /// Connects to everything, restores the last snapshot and positions the consumer.
    pub fn start(t: Tournament, settings: Settings, shared: Shared) -> Result<Scorer, WorkerError> {
        let names =
            Names::new(&t.operator, &t.id).map_err(|e| WorkerError::Config(e.to_string()))?;
        let mut store = Store::open(&settings.postgres, &t.operator, &t.id)?;
        let topic = settings.input_topic(&names);
        let (engine, offsets) = restore(&t, settings.engine_options(), &mut store, &topic)?;
        kafka::ensure_topics(
            &settings.brokers,
            &[&names.updates_topic, &names.dead_letter_topic],
        )
        .map_err(WorkerError::Kafka)?;
        let group = format!("tourney-worker.{}.{}", t.operator, t.id);
        let consumer = kafka::consumer(&settings.brokers, &group)?;
        let parts = kafka::partitions(&consumer, &topic, settings.topic_wait)?;
        kafka::single_partition(&topic, &parts).map_err(WorkerError::Config)?;
        kafka::assign(&consumer, &offsets, &parts)?;
        let delivery_errors = DeliveryErrors::default();
        let producer = kafka::producer(&settings.brokers, delivery_errors.clone())?;
        let board = match &settings.redis {
            Some(url) => Some(Board::new(url, &names.leaderboard_key, expire_at_s(&t))?),
            None => None,
        };
        let table = match settings.standings_every {
            Some(every) => {
                let owner = Owner {
                    operator: t.operator.clone(),
                    tournament: t.id.clone(),
                    generation: store.generation(),
                    fingerprint: fingerprint(&t),
                };
                Some(Table::open(&settings.postgres, owner, every)?)
            }
            None => None,
        };
        let position = Arc::new(Mutex::new(offsets.clone()));
        lag::spawn(&settings.brokers, &parts, &position, &shared)?;
        let live = LiveTournament::new(t.clone(), engine);
        shared.registry.insert(Arc::clone(&live));
        tracing::info!(
            tournament = %t.id, operator = %t.operator, generation = store.generation(),
            topic = %topic, partitions = parts.len(), resumed_events = live.read().stats.events,
            "scorer started"
        );
        Ok(Scorer {
            t,
            names,
            settings,
            live,
            shared,
            offsets,
            parts,
            consumer,
            producer,
            delivery_errors,
            board,
            store,
            table,
            last_snapshot: Instant::now(),
            unsaved: false,
            touched: Vec::new(),
            changes: Vec::new(),
            gaps: Gaps::default(),
            position,
        })
    }

    /// Runs until the tournament is finalized or a stop is asked for.
    pub fn run(mut self) -> Result<Exit, WorkerError> {
        self.sync_board();
        let mut last_lag = Instant::now();
        loop {
            if self.shared.stop.load(Ordering::Relaxed) {
                self.checkpoint()?;
                return Ok(Exit::Stopped);
            }
            let now = now_ms();
            if now >= self.finalize_at_ms() || self.shared.finalize_now.load(Ordering::Relaxed) {
                self.finalize()?;
                return Ok(Exit::Finalized);
            }
            self.live.set_phase(Phase::at(&self.t.schedule, now));
            let read = self.batch(Duration::from_millis(100))?;
            if read > 0 {
                self.live.record_history();
                self.write_standings(false)?;
                self.sync_board();
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
            let next = self.offsets.start(partition);
            match self.gaps.judge(partition, offset, next) {
                Verdict::Apply => {}
                Verdict::Skip => continue,
                Verdict::ReadFrom(from) => {
                    drop(msg);
                    self.read_again(partition, from, next, offset)?;
                    break;
                }
            }
            if let Some(next) = next.filter(|n| offset > *n) {
                tracing::warn!(
                    tournament = %self.t.id, partition, expected = next, got = offset,
                    "offsets {next}..{offset} are not on the broker; passing over them"
                );
            }
            let source_ms = msg.timestamp().to_millis();
            let read = intake::read(msg.payload().unwrap_or_default());
            drop(msg);
            self.apply(read, partition, offset)?;
            self.offsets.applied(partition, offset);
            self.publish_changes(source_ms)?;
        }
        if read > 0 {
            tracing::trace!(tournament = %self.t.id, read, "batch applied");
            self.unsaved = true;
            self.producer.poll(Duration::ZERO);
        }
        Ok(read)
    }

    /// Reads `partition` again from `from`: records from `next` up to `got` were not
    /// delivered (see [`gaps`]).
    fn read_again(
        &mut self,
        partition: i32,
        from: i64,
        next: Option<i64>,
        got: i64,
    ) -> Result<(), WorkerError> {
        tracing::warn!(
            tournament = %self.t.id, partition, expected = ?next, got, from,
            "the input skipped records; reading again from further back"
        );
        let mut position = self.offsets.clone();
        position.next.insert(partition, from);
        kafka::assign(&self.consumer, &position, &self.parts)?;
        Ok(())
    }

    /// Hands the position to the lag reporter (which asks the broker off this thread).
    fn report_lag(&self) {
        *self.position.lock() = self.offsets.clone();
        let players = self.live.read().standings().len();
        self.shared
            .metrics
            .set_players(&self.t.operator, &self.t.id, players);
    }
}

/// Redis keys expire 24 hours after the end.
fn expire_at_s(t: &Tournament) -> i64 {
    t.schedule.end_ms / 1000 + 24 * 3600
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
