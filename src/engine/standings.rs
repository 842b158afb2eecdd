//! Players, their scores and their places. Each player's place is held in the rank
//! tree under a key (score, tie-breaks, player), so moving a player and asking a place
//! cost O(log n) whatever the number of players.

use super::caps::{CapState, Caps};
use super::fixed::Points;
use super::rank_tree::{RankKey, RankTree, Tie};
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
    /// Whether a counted wager had non-zero points before caps (`sum` and `count`):
    /// until one has, `reach_ms` is the first counted wager's time.
    #[serde(default)]
    pub scored: bool,
    /// Points of the best single wager, before caps.
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
}

impl Standings {
    pub fn new(ties: Vec<TieBreak>, aggregate: Aggregate, caps: Caps) -> Self {
        let mut ties = ties;
        // A repeated tie-break decides nothing the first did not.
        let mut seen = Vec::new();
        ties.retain(|t| {
            let new = !seen.contains(t);
            seen.push(*t);
            new
        });
        Standings {
            players: Vec::new(),
            index: HashMap::default(),
            tree: RankTree::new(),
            ties,
            aggregate,
            caps,
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
        if self.aggregate != Aggregate::Max {
            for p in &mut self.players {
                // Snapshots from before `scored` existed: under `sum` and `count` a reach
                // time other than the first wager's was set by a wager with points.
                p.scored |= p.reach_ms != p.first_ms;
            }
        }
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
        Some(RankKey::with_tie(p.score.0, tie_value(&self.ties, p), idx))
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
            scored: false,
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
        if first || s.raw > p.best {
            p.best = s.raw;
        }
        match aggregate {
            Aggregate::Max => {
                let pts = caps.smallest().map_or(s.raw, |c| s.raw.min(c));
                if first || pts > p.score {
                    p.score = pts;
                    p.reach_ms = s.ms;
                } else if pts == p.score {
                    p.reach_ms = p.reach_ms.min(s.ms);
                }
            }
            Aggregate::Sum | Aggregate::Count => {
                let delta = if caps.is_empty() {
                    s.raw
                } else {
                    caps.add(&mut p.caps, s.ms, s.raw)
                };
                p.score = p.score.saturating_add(delta);
                if s.raw.0 != 0 {
                    p.reach_ms = if p.scored { p.reach_ms.max(s.ms) } else { s.ms };
                    p.scored = true;
                } else if !p.scored {
                    p.reach_ms = p.first_ms;
                }
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

/// The tie-breaks of `p` in the order given, then the final tie: the event time of
/// the player's first counted wager, then an order fixed by the player id (its
/// 64-bit FNV-1a hash). Every part is exact and none depends on the order in which
/// events arrive.
pub fn tie_value(ties: &[TieBreak], p: &Player) -> Tie {
    let mut words: Vec<u64> = Vec::with_capacity(6);
    for t in ties {
        push_tie(&mut words, *t, p);
    }
    let mut tie = [0u64; 5];
    for (slot, w) in tie.iter_mut().zip(words) {
        *slot = w;
    }
    tie[3] = time_word(p.first_ms);
    tie[4] = final_order(&p.id);
    tie
}

/// The last word of the tie: the high 64 bits of the player id's 128-bit FNV-1a hash.
pub fn final_order(player_id: &str) -> u64 {
    (super::dedup::id_hash(player_id) >> 64) as u64
}

/// An event time as an unsigned word in the same order.
fn time_word(ms: i64) -> u64 {
    (ms as u64) ^ (1 << 63)
}

/// One tie-break as one or two words, smaller ranking higher.
fn push_tie(words: &mut Vec<u64>, t: TieBreak, p: &Player) {
    match t {
        TieBreak::FirstToReach => words.push(time_word(p.reach_ms)),
        TieBreak::EarliestEntry => words.push(time_word(p.first_ms)),
        TieBreak::MostWagers => words.push(u64::MAX - u64::from(p.wagers)),
        TieBreak::FewestWagers => words.push(u64::from(p.wagers)),
        TieBreak::BiggestWager => {
            // Bigger first: the exact points, flipped to descend.
            let stored = u128::MAX - ((p.best.0 as u128) ^ (1 << 127));
            words.push((stored >> 64) as u64);
            words.push(stored as u64);
        }
    }
}
