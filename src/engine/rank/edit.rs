//! Insertion and removal below an inner node, and moves within a leaf.
//!
//! Each node repairs its children on the way back up: a full leaf is spread before
//! a key goes in, an inner child that grew one over its fanout is spread after, and
//! a child that fell below its minimum is refilled or merged.

use super::block::Block;
use super::level::Level;
use super::node::{find, route, Inner, Kids, Leaf, Shape};

impl<K: Ord + Copy> Inner<K> {
    /// Inserts `key` below this node; false if it was present. This node may end
    /// one child over its fanout: its parent spreads it.
    pub(super) fn insert(&mut self, key: K, shape: &Shape) -> bool {
        let Inner { seps, counts, kids } = self;
        match kids {
            Kids::Leaves(leaves) => insert_in_leaves(Level::new(seps, counts, leaves), key, shape),
            Kids::Inners(inners) => {
                let i = route(seps, &key);
                let Some(kid) = inners.get_mut(i) else {
                    return false;
                };
                if !kid.insert(key, shape) {
                    return false;
                }
                let over = kid.size() > shape.fanout;
                add(counts, i, 1);
                if over {
                    Level::new(seps, counts, inners).spread(i, shape);
                }
                true
            }
        }
    }

    /// Removes `key` from below this node; false if it was absent.
    pub(super) fn remove(&mut self, key: &K, shape: &Shape) -> bool {
        let Inner { seps, counts, kids } = self;
        let i = route(seps, key);
        match kids {
            Kids::Leaves(leaves) => {
                let Some(leaf) = leaves.get_mut(i) else {
                    return false;
                };
                let Ok(at) = find(&leaf.keys, key) else {
                    return false;
                };
                leaf.keys.remove(at);
                after_removal(Level::new(seps, counts, leaves), i, shape);
                true
            }
            Kids::Inners(inners) => {
                let Some(kid) = inners.get_mut(i) else {
                    return false;
                };
                if !kid.remove(key, shape) {
                    return false;
                }
                after_removal(Level::new(seps, counts, inners), i, shape);
                true
            }
        }
    }
}

/// Inserts `key` into the leaves of one node.
fn insert_in_leaves<K: Ord + Copy>(
    mut level: Level<'_, K, Leaf<K>>,
    key: K,
    shape: &Shape,
) -> bool {
    if level.kids.is_empty() {
        return first_leaf(level, key, shape);
    }
    let mut i = route(level.seps, &key);
    // Spreading a full leaf leaves every leaf it touched with room, so one round
    // suffices; the bound only guards against a shape that breaks that.
    for _ in 0..2 {
        let Some(leaf) = level.kids.get(i) else {
            return false;
        };
        if leaf.keys.len() < shape.leaf_cap {
            break;
        }
        if find(&leaf.keys, &key).is_ok() {
            return false;
        }
        level.spread(i, shape);
        i = route(level.seps, &key);
    }
    let Some(leaf) = level.kids.get_mut(i) else {
        return false;
    };
    let Err(at) = find(&leaf.keys, &key) else {
        return false;
    };
    leaf.keys.insert(at, key);
    add(level.counts, i, 1);
    true
}

/// Puts `key` in a new leaf under an empty node.
fn first_leaf<K: Ord + Copy>(level: Level<'_, K, Leaf<K>>, key: K, shape: &Shape) -> bool {
    let mut leaf = Leaf::new(shape);
    leaf.keys.push(key);
    level.kids.reserve_exact(shape.fanout + 1);
    level.counts.reserve_exact(shape.fanout + 1);
    level.seps.reserve_exact(shape.fanout);
    level.kids.push(leaf);
    level.counts.push(1);
    true
}

/// Counts one key fewer below child `i` and repairs it if it fell below minimum.
fn after_removal<K: Ord + Copy, B: Block<K>>(mut level: Level<'_, K, B>, i: usize, shape: &Shape) {
    if let Some(count) = level.counts.get_mut(i) {
        *count = count.saturating_sub(1);
    }
    if level
        .kids
        .get(i)
        .is_some_and(|kid| kid.size() < B::min(shape))
    {
        level.fix_underflow(i, shape);
    }
}

fn add(counts: &mut [usize], i: usize, n: usize) {
    if let Some(count) = counts.get_mut(i) {
        *count += n;
    }
}

impl<K: Ord + Copy> Leaf<K> {
    /// Replaces the key at `at` with `new`, which belongs in this leaf, keeping
    /// order; false (and no change) if `new` is present.
    pub(super) fn move_within(&mut self, at: usize, new: K) -> bool {
        let Err(to) = find(&self.keys, &new) else {
            return false;
        };
        if to > at {
            // `new` goes after the old key: shift the keys between one step left.
            if let Some(run) = self.keys.get_mut(at..to) {
                run.rotate_left(1);
                if let Some(last) = run.last_mut() {
                    *last = new;
                }
            }
        } else if let Some(run) = self.keys.get_mut(to..=at) {
            run.rotate_right(1);
            if let Some(first) = run.first_mut() {
                *first = new;
            }
        }
        true
    }
}
