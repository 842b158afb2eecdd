//! One live tournament: the shared engine behind a lock, a broadcast of its position
//! changes, and its status.
//!
//! A writer (the Kafka worker, or the embedded run) does, for each batch of events:
//!
//! ```text
//! let mut w = live.write();            // exclusive: readers wait for the batch
//! for ev in batch { w.process(&ev, &mut changes); }
//! drop(w);                              // readers see the whole batch at once
//! live.publish(&changes);               // to every SSE subscriber
//! live.set_phase(Phase::at(&schedule, clock_ms));
//! ```
//!
//! Keep batches short (a few hundred events): readers wait while the write lock is held.

use super::history::History;
use super::phase::Phase;
use super::status::Status;
use crate::engine::changes::PositionChange;
use crate::engine::{Engine, Outcome};
use crate::ir::{Tournament, WagerEvent};
use parking_lot::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

/// Position changes kept for slow subscribers before they are told they lagged.
pub const DEFAULT_CHANNEL_CAPACITY: usize = 4096;

/// No event time seen yet.
const NO_TIME: i64 = i64::MIN;

/// Places of the board kept in the history of the top (at most).
pub const HISTORY_TOP: usize = 10;

/// A tournament whose board is live: shared between one writer and many readers.
pub struct LiveTournament {
    tournament: Tournament,
    engine: RwLock<Engine>,
    changes: broadcast::Sender<Arc<PositionChange>>,
    phase: AtomicU8,
    latest_event_ms: AtomicI64,
    published: AtomicU64,
    /// Locked after the engine, never before it.
    history: Mutex<History>,
    /// Bumped at the end of every write: the player view's cue to look again.
    generation: watch::Sender<u64>,
    /// Players whose counted wagers changed their score since the player view last
    /// looked; kept only while it watches.
    touched: parking_lot::Mutex<Vec<String>>,
    watched: AtomicBool,
    counted: AtomicU64,
}

impl LiveTournament {
    /// Makes `engine` (new, or restored from a snapshot) live for `tournament`, with
    /// [`DEFAULT_CHANNEL_CAPACITY`] and phase `Scheduled`.
    pub fn new(tournament: Tournament, engine: Engine) -> Arc<Self> {
        Self::with_capacity(tournament, engine, DEFAULT_CHANNEL_CAPACITY)
    }

    /// As [`LiveTournament::new`], keeping up to `capacity` changes for slow subscribers.
    pub fn with_capacity(tournament: Tournament, engine: Engine, capacity: usize) -> Arc<Self> {
        let (changes, _) = broadcast::channel(capacity.max(1));
        let latest = engine.watermark().unwrap_or(NO_TIME);
        let kept = (tournament.leaderboard.size as usize).clamp(1, HISTORY_TOP);
        let history = Mutex::new(History::new(&engine, kept));
        Arc::new(LiveTournament {
            tournament,
            engine: RwLock::new(engine),
            changes,
            phase: AtomicU8::new(Phase::Scheduled.to_u8()),
            latest_event_ms: AtomicI64::new(latest),
            published: AtomicU64::new(0),
            history,
            generation: watch::Sender::new(0),
            touched: parking_lot::Mutex::new(Vec::new()),
            watched: AtomicBool::new(false),
            counted: AtomicU64::new(0),
        })
    }

    pub fn tournament(&self) -> &Tournament {
        &self.tournament
    }

    pub fn id(&self) -> &str {
        &self.tournament.id
    }

    pub fn operator(&self) -> &str {
        &self.tournament.operator
    }

    /// Shared access to the engine, for reads of the board.
    pub fn read(&self) -> RwLockReadGuard<'_, Engine> {
        self.engine.read()
    }

    /// Exclusive access to the engine, for one batch of events.
    pub fn write(&self) -> Writer<'_> {
        Writer {
            engine: self.engine.write(),
            live: self,
        }
    }

    /// Sends `changes` to every subscriber of the live stream, in order. Returns how
    /// many subscribers there are (nothing is copied when there are none).
    pub fn publish(&self, changes: &[PositionChange]) -> usize {
        self.published
            .fetch_add(changes.len() as u64, Ordering::Relaxed);
        let subscribers = self.changes.receiver_count();
        if subscribers > 0 {
            for c in changes {
                // An error only means the last subscriber just left.
                let _ = self.changes.send(Arc::new(c.clone()));
            }
        }
        subscribers
    }

    /// A new subscription to the position changes published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<PositionChange>> {
        self.changes.subscribe()
    }

    pub fn set_phase(&self, phase: Phase) {
        self.phase.store(phase.to_u8(), Ordering::Release);
    }

    pub fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::Acquire))
    }

    /// The latest event time processed (epoch ms), whatever became of the event.
    pub fn latest_event_ms(&self) -> Option<i64> {
        Some(self.latest_event_ms.load(Ordering::Relaxed)).filter(|t| *t != NO_TIME)
    }

    /// Position changes published so far.
    pub fn published(&self) -> u64 {
        self.published.load(Ordering::Relaxed)
    }

    /// Adds what the engine counted since the last call to the history (see
    /// [`History::record`]); call it once per batch, after the write lock is released.
    pub fn record_history(&self) {
        let engine = self.read();
        self.history.lock().record(&engine, self.latest_event_ms());
    }

    /// The history, for reading. Lock the engine first (`read`) when both are needed.
    pub fn history(&self) -> MutexGuard<'_, History> {
        self.history.lock()
    }

    /// A receiver that sees a new value after every write (batch) to the engine.
    pub fn generations(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Starts (or stops) keeping the players whose score changed, for
    /// [`LiveTournament::take_touched`].
    pub fn watch_players(&self, on: bool) {
        self.watched.store(on, Ordering::Relaxed);
        if !on {
            self.touched.lock().clear();
        }
    }

    /// Wagers counted through [`Writer::process`], without taking the engine's lock.
    pub fn counted(&self) -> u64 {
        self.counted.load(Ordering::Relaxed)
    }

    /// The players whose score changed since the last call (with repeats).
    pub fn take_touched(&self) -> Vec<String> {
        std::mem::take(&mut *self.touched.lock())
    }

    /// What `GET /v1/tournaments/{id}` answers.
    pub fn status(&self) -> Status {
        let engine = self.read();
        Status::new(self, &engine)
    }
}

/// Exclusive access to a live tournament's engine; readers wait until it is dropped.
/// Derefs to the [`Engine`] for reads.
pub struct Writer<'a> {
    engine: RwLockWriteGuard<'a, Engine>,
    live: &'a LiveTournament,
}

impl Writer<'_> {
    /// Processes one event (see [`Engine::process`]) and keeps the status's event time.
    pub fn process(&mut self, ev: &WagerEvent, out: &mut Vec<PositionChange>) -> Outcome {
        if let Some(ms) = ev.timestamp_ms {
            self.live.latest_event_ms.fetch_max(ms, Ordering::Relaxed);
        }
        let outcome = self.engine.process(ev, out);
        if matches!(outcome, Outcome::Counted { .. }) {
            self.live.counted.fetch_add(1, Ordering::Relaxed);
            if self.live.watched.load(Ordering::Relaxed) {
                if let Some(p) = &ev.player_id {
                    self.live.touched.lock().push(p.clone());
                }
            }
        }
        outcome
    }

    /// Counts `n` records of this tournament's input that were not wagers.
    pub fn count_malformed(&mut self, n: u64) {
        self.engine.stats.malformed += n;
    }

    /// As [`LiveTournament::record_history`], from within the batch's write lock.
    pub fn record_history(&self) {
        self.live
            .history
            .lock()
            .record(&self.engine, self.live.latest_event_ms());
    }

    /// The engine itself, for `tick`, `flush` or anything else that changes it.
    pub fn engine_mut(&mut self) -> &mut Engine {
        &mut self.engine
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        self.live.generation.send_modify(|g| *g = g.wrapping_add(1));
    }
}

impl Deref for Writer<'_> {
    type Target = Engine;

    fn deref(&self) -> &Engine {
        &self.engine
    }
}
