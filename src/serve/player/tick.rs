//! One tick of a hub: the top of each size shown, and for each client the message it
//! gets, if any. The top goes to a bounded number of clients per tick (a
//! [`TopGate`]), the players' own places to all who need them.

use super::hub::Client;
use super::message::{Kind, Message};
use super::view::{self, Me, Shown, MAX_PLAYER_TOP};
use crate::engine::Engine;
use crate::serve::phase::Phase;
use axum::extract::ws::Utf8Bytes;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

pub(super) fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

pub(super) fn top_json(top: &[Shown]) -> Box<RawValue> {
    serde_json::to_string(top)
        .ok()
        .and_then(|s| RawValue::from_string(s).ok())
        .unwrap_or_default()
}

/// The top of each size shown, computed once per tick.
pub(super) struct Tops {
    pub(super) full: Arc<Vec<Shown>>,
    pub(super) by_n: BTreeMap<usize, (u64, Box<RawValue>)>,
}

impl Tops {
    pub(super) fn new(engine: &Engine, sizes: &HashSet<usize>) -> Tops {
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

/// Queues `msg` for a client: 1 when queued, 0 (and one more missed) when its queue is
/// full or it is gone.
pub(super) fn deliver(tx: &mpsc::Sender<Utf8Bytes>, missed: &AtomicU64, msg: Utf8Bytes) -> u64 {
    match tx.try_send(msg) {
        Ok(()) => 1,
        Err(mpsc::error::TrySendError::Full(_)) => {
            missed.fetch_add(1, Ordering::Relaxed);
            0
        }
        Err(mpsc::error::TrySendError::Closed(_)) => 0,
    }
}

/// How many more clients this tick may send the top to, and whether one was held back.
pub(super) struct TopGate {
    pub(super) left: usize,
    pub(super) held: bool,
}

/// What one tick knows, to decide per client.
pub(super) struct Tick<'a> {
    pub(super) engine: &'a Engine,
    pub(super) tops: &'a Tops,
    pub(super) touched: &'a HashSet<String>,
    pub(super) board: usize,
    pub(super) now: Instant,
    pub(super) drift: Duration,
    pub(super) board_changed: bool,
    pub(super) phase_changed: bool,
    pub(super) phase: Phase,
    pub(super) id: &'a str,
    pub(super) as_of: Option<&'a str>,
}

impl Tick<'_> {
    /// The client's message, if it has one, and whether it carries the client's own
    /// place. A message without the client's own place
    /// is the same for every client showing as many places: it is written once per
    /// tick and shared (`shared`, by the number of places it carries, `None` for none).
    pub(super) fn message_for(
        &self,
        c: &mut Client,
        shared: &mut HashMap<Option<usize>, Utf8Bytes>,
        gate: &mut TopGate,
    ) -> Option<(Utf8Bytes, bool)> {
        let fresh = self.tops.by_n.get(&c.top).filter(|(h, _)| *h != c.top_hash);
        let top = match fresh {
            Some((h, json)) if gate.left > 0 => {
                gate.left -= 1;
                c.top_hash = *h;
                Some(&**json)
            }
            Some(_) => {
                gate.held = true;
                None
            }
            None => None,
        };
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
            return Some((write(), true));
        }
        let key = top.map(|_| c.top);
        Some((shared.entry(key).or_insert_with(write).clone(), false))
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
