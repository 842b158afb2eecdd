//! One tournament's scoring: apply a record with the shared engine, publish the
//! position changes and dead letters, update the live board, and every few seconds
//! store a snapshot with the offsets it covers. Who reads the records is apart: a
//! worker of one tournament ([`crate::solo`]) or a pool member ([`crate::pool`]) hands
//! each record of the tournament's input to [`Scorer::record`].
//!
//! Exactly-once effect: the engine state and the input offsets are stored together
//! in one row. After a crash the worker restores the last snapshot and reads again
//! from the offsets stored with it, so every record is applied exactly once to the
//! state that survives. Output produced between the snapshot and the crash is produced
//! again, identically (position-change ids are derived from the tournament, the
//! player and a sequence number that is part of the snapshot).

use crate::board::Board;
use crate::io::Io;
use crate::kafka;
use crate::ledger::Rows;
use crate::offsets::Offsets;
use crate::restore::restore;
use crate::settings::Settings;
use crate::store::Store;
use crate::table::{Owner, Table};
use crate::WorkerError;
use gaps::{Gaps, Verdict};
use rdkafka::consumer::{BaseConsumer, ConsumerContext};
use rdkafka::message::BorrowedMessage;
use rdkafka::Message;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tourney::emit::names::Names;
use tourney::engine::changes::PositionChange;
use tourney::engine::snapshot::fingerprint;
use tourney::ir::{Tournament, WagerEvent};
use tourney::serve::api::liveness::Liveness;
use tourney::serve::{LiveTournament, Metrics, Phase, Registry};

mod durable;
pub(crate) mod gaps;
pub(crate) mod intake;
pub mod lag;
mod standings;
mod tracking;

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
    /// What `/readyz` says: a pool member is ready once it has read its folder.
    pub ready: Arc<AtomicBool>,
    /// The scoring loops `/healthz` watches.
    pub alive: Arc<Liveness>,
}

/// What [`Scorer::record`] did with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Applied,
    /// Applied before (read again after reading back, or behind this tournament's
    /// position on a shared input).
    Skipped,
    /// Records are missing before it: the reader must read `partition` again from
    /// `from` ([`Scorer::read_again`]) before handing over more records.
    ReadFrom {
        partition: i32,
        from: i64,
    },
}

pub struct Scorer {
    t: Tournament,
    names: Names,
    settings: Settings,
    live: Arc<LiveTournament>,
    shared: Shared,
    offsets: Offsets,
    parts: Vec<i32>,
    io: Io,
    board: Option<Board>,
    store: Store,
    /// The durable leaderboard, when `--standings-every-s` is not 0.
    table: Option<Table>,
    last_snapshot: Instant,
    unsaved: bool,
    touched: Vec<u32>,
    changes: Vec<PositionChange>,
    /// Records the broker skipped, being read again.
    gaps: Gaps,
    /// Snapshots and table writes are left to [`Scorer::durable_work`], which the
    /// reader calls within a time budget (a pool holding a thousand tournaments must
    /// not stop reading for a thousand writes when they fall due together).
    deferred: bool,
    /// When [`Scorer::after_batch`] last ran.
    last_board: Instant,
    /// Wagers counted since the last snapshot, for the ledger.
    counted: Rows,
    /// A snapshot taken, waiting for its output to be delivered.
    pending: Option<durable::Pending>,
}

impl Scorer {
    /// Takes the lease, restores the last snapshot and connects the live board; the
    /// reader then reads the input's `parts` from [`Scorer::offsets`]. The output
    /// topics exist already (the reader created them).
    pub fn open(
        t: Tournament,
        settings: &Settings,
        shared: &Shared,
        io: &Io,
        parts: Vec<i32>,
    ) -> Result<Scorer, WorkerError> {
        let names =
            Names::new(&t.operator, &t.id).map_err(|e| WorkerError::Config(e.to_string()))?;
        let mut store = Store::open(&io.db, &t.operator, &t.id, &io.holder)?;
        let topic = settings.input_topic(&names);
        let (engine, offsets) = restore(&t, settings.engine_options(), &mut store, &topic)?;
        let board = match &io.redis {
            Some(link) => Some(Board::new(link, &names.leaderboard_key, expire_at_s(&t))?),
            None => None,
        };
        let table = match settings.standings_every {
            Some(every) => Some(Table::open(&io.db, owner(&t, &store), every)?),
            None => None,
        };
        let live = LiveTournament::new(t.clone(), engine);
        shared.registry.insert(Arc::clone(&live));
        tracing::info!(
            tournament = %t.id, operator = %t.operator, generation = store.generation(),
            topic = %topic, partitions = parts.len(), resumed_events = live.read().stats.events,
            "scorer started"
        );
        let mut scorer = Scorer {
            t,
            names,
            settings: settings.clone(),
            live,
            shared: shared.clone(),
            offsets,
            parts,
            io: io.clone(),
            board,
            store,
            table,
            last_snapshot: Instant::now(),
            unsaved: false,
            touched: Vec::new(),
            changes: Vec::new(),
            gaps: Gaps::default(),
            deferred: false,
            last_board: Instant::now(),
            counted: Rows::default(),
            pending: None,
        };
        scorer.report_lag();
        scorer.sync_board();
        Ok(scorer)
    }

    pub fn tournament(&self) -> &Tournament {
        &self.t
    }

    /// The position the state covers: where the reader starts.
    pub fn offsets(&self) -> &Offsets {
        &self.offsets
    }

    pub fn generation(&self) -> i64 {
        self.store.generation()
    }

    /// The input partitions this tournament reads.
    pub fn partitions(&self) -> &[i32] {
        &self.parts
    }

    /// `operator/id`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.t.operator, self.t.id)
    }

    /// Applies one record of the input (or passes over it, see [`Step`]).
    pub fn record(&mut self, msg: &BorrowedMessage<'_>) -> Result<Step, WorkerError> {
        let (partition, offset) = (msg.partition(), msg.offset());
        let next = self.offsets.start(partition);
        match self.gaps.judge(partition, offset, next) {
            Verdict::Apply => {}
            Verdict::Skip => return Ok(Step::Skipped),
            Verdict::ReadFrom(from) => return Ok(Step::ReadFrom { partition, from }),
        }
        if let Some(next) = next.filter(|n| offset > *n) {
            tracing::warn!(
                tournament = %self.t.id, partition, expected = next, got = offset,
                "offsets {next}..{offset} are not on the broker; passing over them"
            );
        }
        let source_ms = msg.timestamp().to_millis();
        let payload = msg.payload().unwrap_or_default();
        self.apply(intake::read(payload), payload, partition, offset)?;
        self.offsets.applied(partition, offset);
        self.publish_changes(source_ms)?;
        self.unsaved = true;
        Ok(Step::Applied)
    }

    /// Applies a wager read once off an input shared with other tournaments (the
    /// pool's `--source raw`, where [`crate::pool`] reads each record once and hands it
    /// to the tournaments that could count it). A record before this tournament's
    /// position was applied before a restart and is passed over.
    pub fn record_wager(
        &mut self,
        ev: &WagerEvent,
        payload: &[u8],
        (partition, offset): (i32, i64),
        source_ms: Option<i64>,
    ) -> Result<Step, WorkerError> {
        if self
            .offsets
            .start(partition)
            .is_some_and(|next| offset < next)
        {
            return Ok(Step::Skipped);
        }
        self.apply_wager(ev, payload);
        self.offsets.applied(partition, offset);
        self.publish_changes(source_ms)?;
        self.unsaved = true;
        Ok(Step::Applied)
    }

    /// Moves this tournament's position up to `at`, the position of the input it
    /// shares: the records in between were none of its wagers.
    pub fn catch_up(&mut self, at: &Offsets) {
        for (&p, &next) in &at.next {
            if self.offsets.start(p).is_none_or(|mine| mine < next) {
                self.offsets.next.insert(p, next);
            }
        }
    }

    /// Points the reader back at `from` on `partition`: records from the expected
    /// offset on were not delivered (see [`gaps`]).
    pub fn read_again<C: ConsumerContext>(
        &mut self,
        c: &BaseConsumer<C>,
        partition: i32,
        from: i64,
    ) -> Result<(), WorkerError> {
        tracing::warn!(
            tournament = %self.t.id, partition, expected = ?self.offsets.start(partition), from,
            "the input skipped records; reading again from further back"
        );
        kafka::rewind(
            c,
            &self.offsets.topic,
            partition,
            rdkafka::Offset::Offset(from),
        )
    }

    /// Whether [`Scorer::after_batch`] ran less than `every` ago (a pool member
    /// holding many tournaments writes each board a few times a second, not after
    /// every batch).
    pub fn board_fresh(&self, every: Duration) -> bool {
        self.last_board.elapsed() < every
    }

    /// After a batch that handed this tournament records: history, tables, board.
    pub fn after_batch(&mut self) -> Result<(), WorkerError> {
        self.last_board = Instant::now();
        self.live.record_history();
        if self.deferred {
            self.mark_standings();
        } else {
            self.write_standings(false)?;
        }
        self.sync_board();
        self.watch_sources();
        Ok(())
    }

    /// Leaves snapshots and table writes to [`Scorer::durable_work`].
    pub fn defer_durable(&mut self) {
        self.deferred = true;
    }

    /// Whether a snapshot is due (to take, or to store), or a table write.
    pub fn durable_due(&self) -> bool {
        self.snapshot_due() || self.pending_ready() || self.table.as_ref().is_some_and(|t| t.due())
    }

    /// What is due: a snapshot taken (stored later, once its output is delivered),
    /// a pending one stored, the table written.
    pub fn durable_work<C: ConsumerContext>(
        &mut self,
        c: &BaseConsumer<C>,
    ) -> Result<(), WorkerError> {
        if self.snapshot_due() {
            self.capture()?;
        }
        self.store_pending(c)?;
        self.write_standings(false)
    }

    /// Keeps the phase current; true once the tournament is due to be finalized (the
    /// end plus the allowed lateness has passed, or `tourney retire` asked for it).
    pub fn due(&self, finalize_now: bool) -> bool {
        let now = now_ms();
        if finalize_now || now >= self.finalize_at_ms() {
            return true;
        }
        self.live.set_phase(Phase::at(&self.t.schedule, now));
        false
    }

    /// Whether a snapshot is due (something changed, and the interval has passed).
    pub fn snapshot_due(&self) -> bool {
        self.unsaved && self.last_snapshot.elapsed() >= self.settings.snapshot_every
    }

    /// The wall-clock instant of finalization: the end plus the allowed lateness.
    fn finalize_at_ms(&self) -> i64 {
        self.t
            .schedule
            .end_ms
            .saturating_add(self.settings.allowed_lateness_ms)
    }

    /// Serves the producer's delivery reports.
    pub fn io_poll(&self) {
        self.io.producer.poll();
    }

    /// Hands the position to the lag reporter (which asks the broker off this thread).
    pub fn report_lag(&self) {
        self.io
            .positions
            .set(&self.key(), &self.parts, &self.offsets);
        let players = self.live.read().standings().len();
        self.shared
            .metrics
            .set_players(&self.t.operator, &self.t.id, players);
    }
}

impl Drop for Scorer {
    fn drop(&mut self) {
        self.io.positions.remove(&self.key());
    }
}

fn owner(t: &Tournament, store: &Store) -> Owner {
    Owner {
        operator: t.operator.clone(),
        tournament: t.id.clone(),
        generation: store.generation(),
        fingerprint: fingerprint(t),
    }
}

/// Redis keys expire 24 hours after the end.
fn expire_at_s(t: &Tournament) -> i64 {
    t.schedule.end_ms / 1000 + 24 * 3600
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
