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
use super::view::{self, Me, Shown, MAX_PLAYER_TOP};
use crate::check::rfc3339;
use crate::engine::Engine;
use crate::ir::Update;
use crate::serve::live::LiveTournament;
use crate::serve::metrics::Metrics;
use crate::serve::phase::Phase;
use axum::extract::ws::Utf8Bytes;
use parking_lot::Mutex;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
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
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            realtime_interval: Duration::from_millis(50),
            drift: Duration::from_secs(5),
            queue: 8,
            max_clients: 20_000,
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

struct Client {
    top: usize,
    player: Option<String>,
    tx: mpsc::Sender<Utf8Bytes>,
    missed: Arc<AtomicU64>,
    top_hash: u64,
    me_hash: u64,
    place: Option<usize>,
    dirty: bool,
    next_drift: Instant,
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

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

fn top_json(top: &[Shown]) -> Box<RawValue> {
    serde_json::to_string(top)
        .ok()
        .and_then(|s| RawValue::from_string(s).ok())
        .unwrap_or_default()
}

/// The top of each size shown, computed once per tick.
struct Tops {
    full: Arc<Vec<Shown>>,
    by_n: BTreeMap<usize, (u64, Box<RawValue>)>,
}

impl Tops {
    fn new(engine: &Engine, sizes: &HashSet<usize>) -> Tops {
        let k = if sizes.is_empty() { 0 } else { MAX_PLAYER_TOP };
        let full = view::top(engine, k);
        let by_n = sizes
            .iter()
            .map(|&n| {
                let part = &full[..n.min(full.len())];
                (n, (hash_of(part), top_json(part)))
            })
            .collect();
        Tops {
            full: Arc::new(full),
            by_n,
        }
    }
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
        if inner.clients.is_empty() {
            return;
        }
        inner.seq += 1;
        let seq = inner.seq;
        let sizes: HashSet<usize> = if board_changed {
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
        let mut sent = 0u64;
        let mut shared = HashMap::new();
        for c in inner.clients.values_mut() {
            let Some(msg) = tick.message_for(c, &mut shared) else {
                continue;
            };
            match c.tx.try_send(msg) {
                Ok(()) => sent += 1,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    c.missed.fetch_add(1, Ordering::Relaxed);
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        drop(inner);
        drop(engine);
        self.count_sent(sent);
    }
}

/// What one tick knows, to decide per client.
struct Tick<'a> {
    engine: &'a Engine,
    tops: &'a Tops,
    touched: &'a HashSet<String>,
    board: usize,
    now: Instant,
    drift: Duration,
    board_changed: bool,
    phase_changed: bool,
    phase: Phase,
    id: &'a str,
    as_of: Option<&'a str>,
}

impl Tick<'_> {
    /// The client's message, if it has one. A message without the client's own place
    /// is the same for every client showing as many places: it is written once per
    /// tick and shared (`shared`, by the number of places it carries, `None` for none).
    fn message_for(
        &self,
        c: &mut Client,
        shared: &mut HashMap<Option<usize>, Utf8Bytes>,
    ) -> Option<Utf8Bytes> {
        let top = self
            .tops
            .by_n
            .get(&c.top)
            .filter(|(h, _)| *h != c.top_hash)
            .map(|(h, json)| {
                c.top_hash = *h;
                &**json
            });
        let me = self.me_for(c);
        if top.is_none() && me.is_none() && !self.phase_changed {
            return None;
        }
        let write = || -> Utf8Bytes {
            Message {
                kind: Kind::Update,
                id: self.id,
                phase: self.phase,
                as_of: self.as_of,
                top,
                me: me.as_ref(),
                missed: None,
            }
            .to_json()
            .into()
        };
        if me.is_some() {
            return Some(write());
        }
        let key = top.map(|_| c.top);
        Some(shared.entry(key).or_insert_with(write).clone())
    }

    /// The client's own view, when it is due and changed.
    fn me_for(&self, c: &mut Client) -> Option<Me> {
        let player = c.player.as_deref()?;
        if self.board_changed {
            c.dirty = true;
        }
        let due = self.touched.contains(player)
            || (c.dirty && c.place.is_some_and(|p| p <= self.board))
            || (c.dirty && self.now >= c.next_drift);
        if !due {
            return None;
        }
        c.dirty = false;
        c.next_drift = self.now + self.drift;
        let me = view::me(self.engine, player);
        let h = hash_of(&me);
        if h == c.me_hash {
            return None;
        }
        c.me_hash = h;
        c.place = me.place;
        Some(me)
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
        let woke = tokio::time::timeout(drift, generations.changed()).await;
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
