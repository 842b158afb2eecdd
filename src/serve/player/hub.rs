//! The fan-out of one tournament's player view: every connected client, what it last
//! saw, and a tick that sends each client a message only when what it sees changed.
//!
//! - A tick runs after a write to the engine, at most once per interval (the
//!   tournament's `update` interval, or [`HubOptions::realtime_interval`] for
//!   `update realtime`): changes in between are coalesced into one message per client.
//! - The top `N` a client shows is compared by hash with what it last got.
//! - Its own place is looked at when one of its wagers counted, on every tick while it
//!   is on the published board (or just below it), and otherwise at most once per
//!   [`HubOptions::drift`]: beyond the board, being passed by others is coalesced longer.
//! - Each client has a bounded queue; when it is full the updates are dropped and the
//!   client gets one `resync` (a fresh snapshot) once it reads again.

use super::message::{Kind, Message};
use super::tick::{deliver, hash_of, top_json, Tick, TopGate, Tops};
use super::view::{self, Shown, MAX_PLAYER_TOP};
use crate::check::rfc3339;
use crate::engine::Engine;
use crate::ir::Update;
use crate::serve::live::LiveTournament;
use crate::serve::metrics::Metrics;
use crate::serve::phase::Phase;
use axum::extract::ws::Utf8Bytes;
use parking_lot::Mutex;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Tops kept for resuming, one per tick that changed the top.
const HISTORY: usize = 256;

/// How the hub coalesces and bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubOptions {
    /// The coalescing interval of `update realtime` tournaments.
    pub realtime_interval: Duration,
    /// How long a place beyond the board may lag behind others passing it.
    pub drift: Duration,
    /// Messages queued per client before it is resynced.
    pub queue: usize,
    /// Clients per process; the next ones are refused.
    pub max_clients: usize,
    /// The time one top update to one client may take: a tick sends the top to at most
    /// `interval / top_pace` clients and the others get it on the next ticks, so a
    /// change in the top reaches 10,000 sockets as a spread of chunks, not as one burst
    /// that the players' own places would queue behind.
    pub top_pace: Duration,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            realtime_interval: Duration::from_millis(50),
            drift: Duration::from_secs(5),
            queue: 8,
            max_clients: 20_000,
            top_pace: Duration::from_micros(50),
        }
    }
}

impl HubOptions {
    /// The coalescing interval of a tournament with this `update` rule.
    pub fn interval(&self, update: Update) -> Duration {
        match update {
            Update::Realtime => self.realtime_interval,
            Update::Every { interval_ms } => Duration::from_millis(interval_ms.max(1)),
        }
    }
}

pub(super) struct Client {
    pub(super) top: usize,
    pub(super) player: Option<String>,
    pub(super) tx: mpsc::Sender<Utf8Bytes>,
    pub(super) missed: Arc<AtomicU64>,
    pub(super) top_hash: u64,
    pub(super) me_hash: u64,
    pub(super) place: Option<usize>,
    pub(super) dirty: bool,
    pub(super) next_drift: Instant,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    clients: HashMap<u64, Client>,
    /// Clients with a player token.
    players: usize,
    seq: u64,
    generation: u64,
    phase: Option<Phase>,
    history: VecDeque<(u64, Arc<Vec<Shown>>)>,
    /// Some client has not been sent the latest top yet.
    top_pending: bool,
    /// Where the next tick starts giving out the top (see [`HubOptions::top_pace`]).
    cursor: usize,
}

/// One tournament's clients.
pub struct Hub {
    live: Arc<LiveTournament>,
    metrics: Arc<Metrics>,
    opts: HubOptions,
    interval: Duration,
    epoch: u64,
    inner: Mutex<Inner>,
    sockets: Arc<AtomicU64>,
}

/// A client's end: its queue, and how many updates it missed.
pub struct Subscription {
    pub id: u64,
    pub rx: mpsc::Receiver<Utf8Bytes>,
    pub missed: Arc<AtomicU64>,
    hub: Arc<Hub>,
}

impl Subscription {
    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.remove(self.id);
    }
}

/// Why a client was not subscribed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error("too many player connections")]
    Full,
}

impl Hub {
    pub fn new(live: Arc<LiveTournament>, metrics: Arc<Metrics>, opts: HubOptions) -> Arc<Hub> {
        Hub::with_sockets(live, metrics, opts, Arc::new(AtomicU64::new(0)))
    }

    /// As [`Hub::new`], counting clients in `sockets` (shared by every hub).
    pub fn with_sockets(
        live: Arc<LiveTournament>,
        metrics: Arc<Metrics>,
        opts: HubOptions,
        sockets: Arc<AtomicU64>,
    ) -> Arc<Hub> {
        let interval = opts.interval(live.tournament().leaderboard.update);
        let epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as u64);
        let hub = Arc::new(Hub {
            live,
            metrics,
            opts,
            interval,
            epoch,
            inner: Mutex::new(Inner::default()),
            sockets,
        });
        tokio::spawn(run(Arc::downgrade(&hub), hub.live.generations()));
        hub
    }

    pub fn live(&self) -> &Arc<LiveTournament> {
        &self.live
    }

    /// The coalescing interval.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Clients connected.
    pub fn clients(&self) -> usize {
        self.inner.lock().clients.len()
    }

    fn message_id(&self, seq: u64) -> String {
        format!("{:x}-{seq}", self.epoch)
    }

    fn as_of(&self) -> Option<String> {
        self.live.latest_event_ms().map(rfc3339)
    }

    /// Adds a client showing the top `top` (and `player`'s place): its first message
    /// (a snapshot, or a resume from `last`) is already in its queue.
    pub fn subscribe(
        self: &Arc<Self>,
        top: usize,
        player: Option<String>,
        last: Option<&str>,
    ) -> Result<Subscription, HubError> {
        let top = top.clamp(1, MAX_PLAYER_TOP);
        if self.sockets.load(Ordering::Relaxed) >= self.opts.max_clients as u64 {
            return Err(HubError::Full);
        }
        self.sockets.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(self.opts.queue.max(1));
        let missed = Arc::new(AtomicU64::new(0));
        let mut client = Client {
            top,
            player,
            tx,
            missed: missed.clone(),
            top_hash: 0,
            me_hash: 0,
            place: None,
            dirty: false,
            next_drift: Instant::now() + self.opts.drift,
        };
        let engine = self.live.read();
        let mut inner = self.inner.lock();
        inner.phase.get_or_insert(self.live.phase());
        let resumed = last.and_then(|l| self.resumable(&inner, l, top));
        let kind = if resumed.is_some() {
            Kind::Resume
        } else {
            Kind::Snapshot
        };
        let first = self.full_message(&engine, &mut inner, &mut client, kind, resumed, None);
        let _ = client.tx.try_send(first.into());
        self.count_sent(1);
        if client.player.is_some() {
            inner.players += 1;
            self.live.watch_players(true);
        }
        inner.next_id += 1;
        let id = inner.next_id;
        inner.clients.insert(id, client);
        drop(inner);
        drop(engine);
        self.metrics
            .player
            .set_sockets(self.live.operator(), self.live.id(), self.clients());
        Ok(Subscription {
            id,
            rx,
            missed,
            hub: self.clone(),
        })
    }

    /// The hash of the top `n` the client had at message `last`, if it can be known.
    fn resumable(&self, inner: &Inner, last: &str, n: usize) -> Option<u64> {
        let (epoch, seq) = last.split_once('-')?;
        if u64::from_str_radix(epoch, 16).ok()? != self.epoch {
            return None;
        }
        let seq: u64 = seq.parse().ok()?;
        if seq > inner.seq || inner.history.front().is_some_and(|(s, _)| *s > seq) {
            return None;
        }
        let top = inner
            .history
            .iter()
            .rev()
            .find(|(s, _)| *s <= seq)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        Some(hash_of(&top[..n.min(top.len())]))
    }

    /// A whole view for `client` (snapshot, resume or resync); a resume leaves the top
    /// out when its hash is `known_top`. The top it shows is kept in the history under
    /// the message's id, so that a resume from it is exact.
    fn full_message(
        &self,
        engine: &Engine,
        inner: &mut Inner,
        client: &mut Client,
        kind: Kind,
        known_top: Option<u64>,
        missed: Option<u64>,
    ) -> String {
        let full = view::top(engine, MAX_PLAYER_TOP);
        if inner.history.back().is_none_or(|(_, t)| **t != full) {
            inner.seq += 1;
            let seq = inner.seq;
            inner.history.push_back((seq, Arc::new(full.clone())));
            if inner.history.len() > HISTORY {
                inner.history.pop_front();
            }
        }
        let top = &full[..client.top.min(full.len())];
        client.top_hash = hash_of(top);
        let json = top_json(top);
        let me = client.player.as_deref().map(|p| view::me(engine, p));
        if let Some(m) = &me {
            client.me_hash = hash_of(m);
            client.place = m.place;
        }
        let id = self.message_id(inner.seq);
        let as_of = self.as_of();
        Message {
            kind,
            id: &id,
            phase: self.live.phase(),
            as_of: as_of.as_deref(),
            top: (known_top != Some(client.top_hash)).then_some(&*json),
            me: me.as_ref(),
            missed,
        }
        .to_json()
    }

    /// A fresh snapshot for a client that missed updates (type `resync`).
    pub fn resync(&self, id: u64, missed: u64) -> Option<String> {
        let engine = self.live.read();
        let mut inner = self.inner.lock();
        let mut client = inner.clients.remove(&id)?;
        let msg = self.full_message(
            &engine,
            &mut inner,
            &mut client,
            Kind::Resync,
            None,
            Some(missed),
        );
        inner.clients.insert(id, client);
        drop(inner);
        self.count_sent(1);
        Some(msg)
    }

    /// `alive`: nothing changed for this client for a while.
    pub fn alive(&self) -> String {
        let id = self.message_id(self.inner.lock().seq);
        let as_of = self.as_of();
        self.count_sent(1);
        Message {
            kind: Kind::Alive,
            id: &id,
            phase: self.live.phase(),
            as_of: as_of.as_deref(),
            top: None,
            me: None,
            missed: None,
        }
        .to_json()
    }

    fn remove(&self, id: u64) {
        let mut inner = self.inner.lock();
        if let Some(c) = inner.clients.remove(&id) {
            self.sockets.fetch_sub(1, Ordering::Relaxed);
            if c.player.is_some() {
                inner.players = inner.players.saturating_sub(1);
                if inner.players == 0 {
                    self.live.watch_players(false);
                }
            }
        }
        let n = inner.clients.len();
        drop(inner);
        self.metrics
            .player
            .set_sockets(self.live.operator(), self.live.id(), n);
    }

    fn count_sent(&self, n: u64) {
        let counted = self.live.counted();
        self.metrics
            .player
            .count_messages(self.live.operator(), self.live.id(), n, counted);
    }

    /// How many clients one tick sends the top to.
    fn top_budget(&self) -> usize {
        let per = self.opts.top_pace.as_nanos().max(1);
        usize::try_from(self.interval.as_nanos() / per)
            .unwrap_or(usize::MAX)
            .max(1)
    }

    /// Whether a client still waits for the latest top.
    fn top_pending(&self) -> bool {
        self.inner.lock().top_pending
    }

    /// Looks at the board once and sends each client what changed for it.
    pub fn tick(&self, generation: u64) {
        let now = Instant::now();
        let touched: HashSet<String> = self.live.take_touched().into_iter().collect();
        let engine = self.live.read();
        let phase = self.live.phase();
        let mut inner = self.inner.lock();
        let board_changed = inner.generation != generation;
        let phase_changed = inner.phase.is_some_and(|p| p != phase);
        inner.generation = generation;
        inner.phase = Some(phase);
        inner.top_pending |= board_changed;
        if inner.clients.is_empty() {
            return;
        }
        inner.seq += 1;
        let seq = inner.seq;
        let sizes: HashSet<usize> = if inner.top_pending {
            inner.clients.values().map(|c| c.top).collect()
        } else {
            HashSet::new()
        };
        let tops = Tops::new(&engine, &sizes);
        if board_changed && inner.history.back().is_none_or(|(_, t)| *t != tops.full) {
            inner.history.push_back((seq, tops.full.clone()));
            if inner.history.len() > HISTORY {
                inner.history.pop_front();
            }
        }
        let id = self.message_id(seq);
        let as_of = self.as_of();
        let tick = Tick {
            engine: &engine,
            tops: &tops,
            touched: &touched,
            board: self.live.tournament().leaderboard.size as usize + view::NEIGHBOURS,
            now,
            drift: self.opts.drift,
            board_changed,
            phase_changed,
            phase,
            id: &id,
            as_of: as_of.as_deref(),
        };
        // A client's own place first, then the shared top: the messages a player waits
        // for most do not queue behind a burst of top updates to every socket. The top
        // goes to `budget` clients per tick, starting where the last tick stopped.
        let mut sent = 0u64;
        let mut shared = HashMap::new();
        let mut later = Vec::new();
        let budget = self.top_budget();
        let mut gate = TopGate {
            left: budget,
            held: false,
        };
        let ids: Vec<u64> = inner.clients.keys().copied().collect();
        let start = inner.cursor % ids.len().max(1);
        for k in ids[start..].iter().chain(&ids[..start]) {
            let Some(c) = inner.clients.get_mut(k) else {
                continue;
            };
            let Some((msg, own)) = tick.message_for(c, &mut shared, &mut gate) else {
                continue;
            };
            if own {
                sent += deliver(&c.tx, &c.missed, msg);
            } else {
                later.push((c.tx.clone(), c.missed.clone(), msg));
            }
        }
        inner.top_pending = gate.held;
        inner.cursor = start + (budget - gate.left);
        for (tx, missed, msg) in later {
            sent += deliver(&tx, &missed, msg);
        }
        drop(inner);
        drop(engine);
        self.count_sent(sent);
    }
}

/// Ticks while the hub lives: after each write, at most once per interval; and once
/// per drift period so that places beyond the board catch up.
async fn run(hub: Weak<Hub>, mut generations: tokio::sync::watch::Receiver<u64>) {
    let (interval, drift) = match hub.upgrade() {
        Some(h) => (h.interval, h.opts.drift),
        None => return,
    };
    let mut last = Instant::now()
        .checked_sub(interval)
        .unwrap_or_else(Instant::now);
    loop {
        // While some clients wait for the top, tick again after one interval, new
        // wagers or not.
        let pending = hub.upgrade().is_some_and(|h| h.top_pending());
        let turn = if pending { interval } else { drift };
        let woke = tokio::time::timeout(turn, generations.changed()).await;
        if matches!(woke, Ok(Err(_))) {
            return;
        }
        let wait = interval.saturating_sub(last.elapsed());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let generation = *generations.borrow_and_update();
        let Some(hub) = hub.upgrade() else {
            return;
        };
        last = Instant::now();
        hub.tick(generation);
    }
}
