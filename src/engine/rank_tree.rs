//! An order-statistic B+tree: a sorted set of keys that also answers "what is the
//! position of this key" and "which key is at this position" in logarithmic time.
//!
//! The scoring engine keeps every player of a tournament in one [`RankTree`] of
//! [`RankKey`]s. Moving a player after a score change is [`RankTree::replace`], their
//! place is [`RankTree::rank`], the top of the board is `iter_from(0).take(n)` and
//! the players around one are `iter_from(rank - 2).take(5)`.
//!
//! Leaves hold keys contiguously, in allocations of a fixed number of keys; inner
//! nodes hold separators and the number of keys below each child. A full leaf first
//! shares with a neighbour and only splits when its neighbour is full too (two nodes
//! into three); a node that falls below two thirds borrows from a neighbour, or
//! merges with it, or merges three nodes into two. That keeps leaves over four
//! fifths full on average under random updates.

#[path = "rank/block.rs"]
mod block;
#[path = "rank/check.rs"]
mod check;
#[path = "rank/edit.rs"]
mod edit;
#[path = "rank/iter.rs"]
mod iter;
#[path = "rank/key.rs"]
mod key;
#[path = "rank/level.rs"]
mod level;
#[path = "rank/node.rs"]
mod node;
#[path = "rank/pair.rs"]
mod pair;
#[path = "rank/query.rs"]
mod query;

#[cfg(test)]
#[path = "rank/prop_tests.rs"]
mod prop_tests;
#[cfg(test)]
#[path = "rank/tests.rs"]
mod tests;

use std::fmt;

pub use iter::Iter;
pub use key::{RankKey, Tie};

use node::{Inner, Kids, Shape};
use pair::Count;

/// A sorted set of distinct keys with positional access; see the module docs.
pub struct RankTree<K> {
    root: Inner<K>,
    len: usize,
    shape: Shape,
}

impl<K: Ord + Copy> RankTree<K> {
    /// An empty tree with the default node sizes (64 keys per leaf, 64 children per
    /// inner node). Allocates nothing.
    pub const fn new() -> Self {
        RankTree {
            root: Inner::empty(),
            len: 0,
            shape: Shape::DEFAULT,
        }
    }

    /// An empty tree with leaves of `leaf_keys` keys and inner nodes of `fanout`
    /// children (each clamped to 4..=65536).
    pub fn with_node_sizes(leaf_keys: usize, fanout: usize) -> Self {
        RankTree {
            root: Inner::empty(),
            len: 0,
            shape: Shape::new(leaf_keys, fanout),
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the tree holds no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &K) -> bool {
        self.rank(key).is_some()
    }

    /// Adds `key`; false (and no change) if it was present.
    pub fn insert(&mut self, key: K) -> bool {
        if !self.root.insert(key, &self.shape) {
            return false;
        }
        self.len += 1;
        if self.root.size() > self.shape.fanout {
            self.grow();
        }
        true
    }

    /// Removes `key`; false if it was absent.
    pub fn remove(&mut self, key: &K) -> bool {
        if !self.root.remove(key, &self.shape) {
            return false;
        }
        self.len -= 1;
        self.shrink();
        true
    }

    /// Moves `old` to `new`: the update path when a player's score changes.
    ///
    /// Returns true if `old` was present and `new` was not (or equals `old`);
    /// otherwise returns false and the set of keys is unchanged.
    ///
    /// One pass locates both keys, the two descents side by side so that their
    /// memory accesses overlap. When `new` falls in the same leaf as `old` the keys
    /// between them shift and no count changes; when the old leaf stays above its
    /// minimum and the new one has room, the key moves along the two recorded paths
    /// without searching again; otherwise it is a removal and an insertion, with
    /// rebalancing.
    pub fn replace(&mut self, old: &K, new: K) -> bool {
        if *old == new {
            return self.contains(old);
        }
        let Some((from, to)) = self.root.locate_pair(old, &new) else {
            return false;
        };
        let (Ok(at), Err(slot)) = (from.at, to.at) else {
            return false;
        };
        if from.same_leaf(&to) {
            return self
                .root
                .walk_mut(&from, Count::Same)
                .is_some_and(|leaf| leaf.move_within(at, new));
        }
        if pair::moves_freely::<K>(&from, &to, &self.shape) {
            if let Some(leaf) = self.root.walk_mut(&from, Count::Down) {
                leaf.keys.remove(at);
            }
            if let Some(leaf) = self.root.walk_mut(&to, Count::Up) {
                leaf.keys.insert(slot, new);
            }
            return true;
        }
        self.remove(old) && self.insert(new)
    }

    /// Position (0-based) of `key` in ascending order, if present.
    pub fn rank(&self, key: &K) -> Option<usize> {
        self.root.rank(key)
    }

    /// Number of keys less than `key` (present or not).
    pub fn count_less(&self, key: &K) -> usize {
        self.root.count_less(key)
    }

    /// The key at position `i` (0-based) in ascending order.
    pub fn get(&self, i: usize) -> Option<K> {
        let (keys, at) = self.root.locate(i)?;
        keys.get(at).copied()
    }

    /// Keys in ascending order from position `i` (empty past the end).
    pub fn iter_from(&self, i: usize) -> Iter<'_, K> {
        Iter::new(&self.root, i, self.len)
    }

    /// Keys in ascending order.
    pub fn iter(&self) -> Iter<'_, K> {
        self.iter_from(0)
    }

    /// Bytes allocated on the heap by the tree: the full capacity of every leaf,
    /// separator, count and child array (not the allocator's own bookkeeping).
    pub fn heap_bytes(&self) -> usize {
        self.root.heap_bytes()
    }

    /// Levels of nodes, counting the leaves (0 when empty).
    pub fn height(&self) -> usize {
        if self.len == 0 {
            0
        } else {
            self.root.height() + 1
        }
    }

    /// Checks ordering, separators, counts, depths and node sizes; for tests.
    pub fn check_invariants(&self) -> Result<(), String>
    where
        K: fmt::Debug,
    {
        let (_, total) = self.root.check(None, None, true, &self.shape)?;
        if total != self.len {
            return Err(format!("{total} keys found, length {}", self.len));
        }
        let root_ok = match &self.root.kids {
            Kids::Leaves(leaves) => leaves.len() <= 1 || self.len > 0,
            Kids::Inners(inners) => inners.len() >= 2,
        };
        if !root_ok {
            return Err("root has a single inner child".to_owned());
        }
        Ok(())
    }

    /// Adds a level above a root that went over its fanout.
    fn grow(&mut self) {
        let old = std::mem::replace(&mut self.root, Inner::empty());
        self.root = Inner::above(old, self.len, &self.shape);
        if let Kids::Inners(kids) = &mut self.root.kids {
            level::Level::new(&mut self.root.seps, &mut self.root.counts, kids)
                .spread(0, &self.shape);
        }
    }

    /// Drops root levels left with a single inner child, and the last empty leaf.
    fn shrink(&mut self) {
        while let Kids::Inners(kids) = &mut self.root.kids {
            if kids.len() != 1 {
                break;
            }
            let Some(only) = kids.pop() else {
                break;
            };
            self.root = only;
        }
        if self.len == 0 {
            self.root = Inner::empty();
        }
    }
}

impl<K: Ord + Copy> Default for RankTree<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Ord + Copy + fmt::Debug> fmt::Debug for RankTree<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<K: Ord + Copy> Extend<K> for RankTree<K> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, keys: I) {
        for key in keys {
            self.insert(key);
        }
    }
}

impl<K: Ord + Copy> FromIterator<K> for RankTree<K> {
    fn from_iter<I: IntoIterator<Item = K>>(keys: I) -> Self {
        let mut tree = Self::new();
        tree.extend(keys);
        tree
    }
}
