//! Players, their scores and their places. Each player's place is held in the rank
//! tree under a key (score, tie-breaks, player), so moving a player and asking a place
//! cost O(log n) whatever the number of players.

use super::caps::{CapState, Caps};
use super::fixed::Points;
use super::rank_tree::{RankKey, RankTree};
use crate::ir::{Aggregate, TieBreak};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the engine knows of one player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Player {
    pub id: String,
    pub score: Points,
    /// Counted wagers.
    pub wagers: u32,
    /// Event time of the first counted wager.
    pub first_ms: i64,
    /// Event time at which the player reached the current score (see the book).
    pub reach_ms: i64,
    /// Points of the best single wager.
    pub best: Points,
    pub segment: Option<String>,
    pub jurisdiction: Option<String>,
    #[serde(default)]
    pub caps: CapState,
}

/// One counted wager, ready to apply.
pub struct Scored<'a> {
    pub player: &'a str,
    pub raw: Points,
    pub ms: i64,
    pub segment: Option<&'a str>,
    pub jurisdiction: Option<&'a str>,
}

/// A player's move, one-based places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub player: u32,
    pub old: Option<usize>,
    pub new: usize,
}

pub struct Standings {
    players: Vec<Player>,
    /// Player id → index; foldhash (seeded per process) is several times faster than
    /// the standard SipHash on short ids and still resists crafted collisions.
    index: HashMap<String, u32, foldhash::fast::RandomState>,
    tree: RankTree<RankKey>,
    ties: Vec<TieBreak>,
    aggregate: Aggregate,
    caps: Caps,
    start_ms: i64,
    /// Time unit of tie-breaks packed into 32 bits: 1 ms, or 1000 ms for tournaments
    /// longer than 2^32 ms (49 days).
    time_unit_ms: i64,
}

impl Standings {
    pub fn new(
        ties: Vec<TieBreak>,
        aggregate: Aggregate,
        caps: Caps,
        start_ms: i64,
        length_ms: i64,
    ) -> Self {
        let time_unit_ms = if length_ms > i64::from(u32::MAX) {
            1000
        } else {
            1
        };
        Standings {
            players: Vec::new(),
            index: HashMap::default(),
            tree: RankTree::new(),
            ties,
            aggregate,
            caps,
            start_ms,
            time_unit_ms,
        }
    }

    pub fn len(&self) -> usize {
        self.tree.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    pub fn player(&self, idx: u32) -> Option<&Player> {
        self.players.get(idx as usize)
    }

    pub fn find(&self, id: &str) -> Option<(u32, &Player)> {
        let idx = *self.index.get(id)?;
        Some((idx, self.players.get(idx as usize)?))
    }

    /// One-based place of a player.
    pub fn place(&self, idx: u32) -> Option<usize> {
        let key = self.key(idx)?;
        self.tree.rank(&key).map(|r| r + 1)
    }

    /// Players from one-based place `from`, in order.
    pub fn from_place(&self, from: usize) -> impl Iterator<Item = (usize, &Player)> + '_ {
        self.indices_from(from)
            .filter_map(move |(place, idx)| Some((place, self.player(idx)?)))
    }

    /// Player indices from one-based place `from`, in order, read straight off the keys.
    pub fn indices_from(&self, from: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let start = from.max(1) - 1;
        self.tree
            .iter_from(start)
            .enumerate()
            .map(move |(i, k)| (start + i + 1, k.player()))
    }

    /// Every player, in the order they were first counted.
    pub fn players(&self) -> &[Player] {
        &self.players
    }

    /// Puts `players` (in first-counted order, as [`Standings::players`] gives them)
    /// back and rebuilds the index and the rank tree. Fails with the id of a player
    /// listed twice or listed without a counted wager.
    pub fn restore(&mut self, players: Vec<Player>) -> Result<(), String> {
        self.players = players;
        self.index = HashMap::with_capacity_and_hasher(self.players.len(), Default::default());
        self.tree = RankTree::new();
        for (i, p) in self.players.iter().enumerate() {
            let idx = u32::try_from(i).map_err(|_| p.id.clone())?;
            if p.wagers == 0 || self.index.insert(p.id.clone(), idx).is_some() {
                return Err(p.id.clone());
            }
        }
        for idx in 0..self.players.len() as u32 {
            if let Some(key) = self.key(idx) {
                self.tree.insert(key);
            }
        }
        Ok(())
    }

    pub fn index_bytes(&self) -> usize {
        self.tree.heap_bytes()
    }

    /// The key that orders the player in the ranking (score, tie-breaks, player), for
    /// stores that keep their own copy of the order, such as the Redis board.
    pub fn rank_key(&self, idx: u32) -> Option<RankKey> {
        self.key(idx)
            .filter(|_| self.players.get(idx as usize).is_some_and(|p| p.wagers > 0))
    }

    /// Heap bytes of the player table: the vector, ids, segments and cap sums.
    pub fn player_bytes(&self) -> usize {
        let strings = |p: &Player| {
            p.id.capacity()
                + p.segment.as_ref().map_or(0, String::capacity)
                + p.jurisdiction.as_ref().map_or(0, String::capacity)
        };
        self.players.capacity() * std::mem::size_of::<Player>()
            + self
                .players
                .iter()
                .map(|p| strings(p) + p.caps.heap_bytes())
                .sum::<usize>()
    }

    /// Heap bytes of the id -> index map (its table and its copies of the ids).
    pub fn id_map_bytes(&self) -> usize {
        super::memory::table_bytes::<(String, u32)>(self.index.capacity())
            + self.index.keys().map(String::capacity).sum::<usize>()
    }

    fn key(&self, idx: u32) -> Option<RankKey> {
        let p = self.players.get(idx as usize)?;
        Some(RankKey::new(p.score.0, self.tie_value(p), idx))
    }

    /// Applies a counted wager and returns the player's move. Places cost two rank
    /// queries, so they are computed only when `places` is true (real-time boards);
    /// otherwise the move's places are `None` and 0.
    pub fn apply(&mut self, s: &Scored<'_>, places: bool) -> Move {
        let idx = self.intern(s.player, s.ms);
        let old_key = if self.players[idx as usize].wagers > 0 {
            self.key(idx)
        } else {
            None
        };
        let place = |tree: &RankTree<RankKey>, k: Option<RankKey>| {
            k.filter(|_| places)
                .and_then(|k| tree.rank(&k))
                .map(|r| r + 1)
        };
        let old_place = place(&self.tree, old_key);
        self.update_player(idx, s);
        let new_key = self.key(idx);
        if let Some(new_key) = new_key {
            match old_key {
                Some(old) if old != new_key => {
                    self.tree.replace(&old, new_key);
                }
                Some(_) => {}
                None => {
                    self.tree.insert(new_key);
                }
            }
        }
        Move {
            player: idx,
            old: old_place,
            new: place(&self.tree, new_key).unwrap_or(0),
        }
    }

    fn intern(&mut self, id: &str, ms: i64) -> u32 {
        if let Some(i) = self.index.get(id) {
            return *i;
        }
        let idx = self.players.len() as u32;
        self.players.push(Player {
            id: id.to_string(),
            score: Points::ZERO,
            wagers: 0,
            first_ms: ms,
            reach_ms: ms,
            best: Points(i128::MIN),
            segment: None,
            jurisdiction: None,
            caps: CapState::default(),
        });
        self.index.insert(id.to_string(), idx);
        idx
    }

    fn update_player(&mut self, idx: u32, s: &Scored<'_>) {
        let caps = &self.caps;
        let aggregate = self.aggregate;
        let Some(p) = self.players.get_mut(idx as usize) else {
            return;
        };
        let first = p.wagers == 0;
        p.wagers = p.wagers.saturating_add(1);
        p.first_ms = if first { s.ms } else { p.first_ms.min(s.ms) };
        keep_latest(&mut p.segment, s.segment);
        keep_latest(&mut p.jurisdiction, s.jurisdiction);
        match aggregate {
            Aggregate::Max => {
                let pts = caps.smallest().map_or(s.raw, |c| s.raw.min(c));
                if first || pts > p.score {
                    p.score = pts;
                    p.reach_ms = s.ms;
                } else if pts == p.score {
                    p.reach_ms = p.reach_ms.min(s.ms);
                }
                p.best = p.score;
            }
            Aggregate::Sum | Aggregate::Count => {
                let delta = if caps.is_empty() {
                    s.raw
                } else {
                    caps.add(&mut p.caps, s.ms, s.raw)
                };
                p.score = p.score.saturating_add(delta);
                if s.raw.0 != 0 {
                    p.reach_ms = if first { s.ms } else { p.reach_ms.max(s.ms) };
                }
                if first || s.raw > p.best {
                    p.best = s.raw;
                }
            }
        }
    }

    /// The tie-breaks folded into one number, smaller ranking higher. One tie-break
    /// uses all 64 bits; two share them, 32 bits each (times in milliseconds since the
    /// start, or seconds when the tournament is longer than 49 days).
    fn tie_value(&self, p: &Player) -> u64 {
        let (start, unit) = (self.start_ms, self.time_unit_ms);
        match self.ties.as_slice() {
            [] => 0,
            [one] => tie_part(*one, p, start, 1, 64),
            [a, b, ..] => {
                (tie_part(*a, p, start, unit, 32) << 32) | tie_part(*b, p, start, unit, 32)
            }
        }
    }
}

/// Replaces `field` by `new` when given and different, without allocating otherwise.
fn keep_latest(field: &mut Option<String>, new: Option<&str>) {
    if let Some(new) = new {
        if field.as_deref() != Some(new) {
            *field = Some(new.to_string());
        }
    }
}

/// One tie-break as an unsigned number of `bits` bits, smaller ranking higher.
fn tie_part(t: TieBreak, p: &Player, start_ms: i64, unit_ms: i64, bits: u32) -> u64 {
    let max = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    let time = |ms: i64| {
        u64::try_from(ms.saturating_sub(start_ms) / unit_ms.max(1))
            .unwrap_or(0)
            .min(max)
    };
    match t {
        TieBreak::FirstToReach => time(p.reach_ms),
        TieBreak::EarliestEntry => time(p.first_ms),
        TieBreak::MostWagers => max - u64::from(p.wagers).min(max),
        TieBreak::FewestWagers => u64::from(p.wagers).min(max),
        TieBreak::BiggestWager => max - order_bits(p.best.0, bits),
    }
}

/// An order-preserving map of a signed score onto `bits` bits: the exact score
/// (clamped to 64 bits) when alone, whole points (clamped to 32 bits) when shared.
fn order_bits(v: i128, bits: u32) -> u64 {
    if bits >= 64 {
        let c = v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        (c as u64) ^ (1 << 63)
    } else {
        let whole = (v / 100_000_000).clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i32;
        u64::from((whole as u32) ^ (1 << 31))
    }
}
