//! TEMPORARY stand-in with the rank tree's API (replaced by the order-statistic tree).

use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RankKey {
    score: i128,
    tie: u64,
    player: u32,
}

impl RankKey {
    pub fn new(score: i128, tie: u64, player: u32) -> Self {
        RankKey { score, tie, player }
    }
    pub fn score(&self) -> i128 {
        self.score
    }
    pub fn tie(&self) -> u64 {
        self.tie
    }
    pub fn player(&self) -> u32 {
        self.player
    }
}

impl Ord for RankKey {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        o.score
            .cmp(&self.score)
            .then(self.tie.cmp(&o.tie))
            .then(self.player.cmp(&o.player))
    }
}

impl PartialOrd for RankKey {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

#[derive(Debug, Clone, Default)]
pub struct RankTree<K: Ord + Copy> {
    set: BTreeSet<K>,
}

impl<K: Ord + Copy> RankTree<K> {
    pub fn new() -> Self {
        RankTree {
            set: BTreeSet::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.set.len()
    }
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
    pub fn insert(&mut self, k: K) -> bool {
        self.set.insert(k)
    }
    pub fn remove(&mut self, k: &K) -> bool {
        self.set.remove(k)
    }
    pub fn replace(&mut self, old: &K, new: K) {
        self.set.remove(old);
        self.set.insert(new);
    }
    pub fn rank(&self, k: &K) -> Option<usize> {
        self.set.contains(k).then(|| self.set.range(..*k).count())
    }
    pub fn get(&self, i: usize) -> Option<K> {
        self.set.iter().nth(i).copied()
    }
    pub fn iter_from(&self, i: usize) -> impl Iterator<Item = K> + '_ {
        self.set.iter().skip(i).copied()
    }
    pub fn heap_bytes(&self) -> usize {
        self.set.len() * std::mem::size_of::<K>()
    }
}
