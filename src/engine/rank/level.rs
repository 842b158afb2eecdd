//! Rebalancing the children of one inner node: moving entries between neighbours,
//! splitting and merging them, so that every node stays well filled.

use super::block::Block;
use super::node::Shape;

/// The children of one inner node, with the node's separators and counts.
pub(super) struct Level<'a, K, B> {
    pub(super) seps: &'a mut Vec<K>,
    pub(super) counts: &'a mut Vec<usize>,
    pub(super) kids: &'a mut Vec<B>,
}

impl<'a, K: Ord + Copy, B: Block<K>> Level<'a, K, B> {
    pub(super) fn new(
        seps: &'a mut Vec<K>,
        counts: &'a mut Vec<usize>,
        kids: &'a mut Vec<B>,
    ) -> Self {
        Level { seps, counts, kids }
    }

    fn size(&self, j: usize) -> usize {
        self.kids.get(j).map_or(0, B::size)
    }

    /// Children `j` and `j + 1` and the separator between them.
    fn pair(&mut self, j: usize) -> Option<(&mut B, &mut K, &mut B)> {
        let (left, right) = self.kids.split_at_mut_checked(j + 1)?;
        Some((left.last_mut()?, self.seps.get_mut(j)?, right.first_mut()?))
    }

    /// Moves `moved` keys of count from child `from` to child `to`.
    fn recount(&mut self, from: usize, to: usize, moved: usize) {
        if let Some(count) = self.counts.get_mut(from) {
            *count = count.saturating_sub(moved);
        }
        if let Some(count) = self.counts.get_mut(to) {
            *count += moved;
        }
    }

    /// Evens out children `j` and `j + 1` (the left one gets the odd entry).
    pub(super) fn balance(&mut self, j: usize) {
        let (a, b) = (self.size(j), self.size(j + 1));
        let target = (a + b).div_ceil(2);
        if a > target {
            if let Some((left, sep, right)) = self.pair(j) {
                let moved = B::shift_right(left, sep, right, a - target);
                self.recount(j, j + 1, moved);
            }
        } else if a < target {
            if let Some((left, sep, right)) = self.pair(j) {
                let moved = B::shift_left(left, sep, right, target - a);
                self.recount(j + 1, j, moved);
            }
        }
    }

    /// Splits child `j` in two halves.
    pub(super) fn split(&mut self, j: usize, shape: &Shape) {
        if j >= self.kids.len() || j > self.seps.len() || j >= self.counts.len() {
            return;
        }
        let Some(kid) = self.kids.get_mut(j) else {
            return;
        };
        let at = kid.size().div_ceil(2);
        let Some((sep, right)) = kid.split_off(at, shape) else {
            return;
        };
        let moved = right.weight();
        self.kids.insert(j + 1, right);
        self.seps.insert(j, sep);
        self.counts.insert(j + 1, 0);
        self.recount(j, j + 1, moved);
    }

    /// Turns the neighbours `big` and `other` into three nodes: splits `big`, then
    /// evens out the half next to `other` with it, then the two halves.
    fn split_in_three(&mut self, big: usize, other: usize, shape: &Shape) {
        let before = self.kids.len();
        self.split(big, shape);
        if self.kids.len() == before {
            return;
        }
        if other < big {
            self.balance(other);
            self.balance(other + 1);
        } else {
            self.balance(big + 1);
            self.balance(big);
        }
    }

    /// Merges child `j + 1` into child `j`.
    pub(super) fn merge(&mut self, j: usize) {
        let Some((left, sep, right)) = self.pair(j) else {
            return;
        };
        let sep = *sep;
        if !left.absorb(sep, right) {
            return;
        }
        let moved = self.counts.get(j + 1).copied().unwrap_or_default();
        self.recount(j + 1, j, moved);
        self.kids.remove(j + 1);
        self.seps.remove(j);
        self.counts.remove(j + 1);
    }

    /// Turns children `j`, `j + 1`, `j + 2` (together at most two nodes' worth) into
    /// two: fills `j` from `j + 1`, merges the rest of `j + 1` with `j + 2`, and
    /// evens out the two.
    fn merge_three(&mut self, j: usize, shape: &Shape) {
        let limit = B::limit(shape);
        let (a, b) = (self.size(j), self.size(j + 1));
        let take = limit.saturating_sub(a).min(b.saturating_sub(1));
        if take > 0 {
            if let Some((left, sep, right)) = self.pair(j) {
                let moved = B::shift_left(left, sep, right, take);
                self.recount(j + 1, j, moved);
            }
        }
        if self.size(j + 1) + self.size(j + 2) <= limit {
            self.merge(j + 1);
        }
        self.balance(j);
    }

    /// Makes room after child `j` grew to its limit (a leaf) or past it (an inner
    /// node): shares with the emptier neighbour if the two fit with room to spare,
    /// else splits two nodes into three, or one into two when it has no neighbour.
    pub(super) fn spread(&mut self, j: usize, shape: &Shape) {
        let limit = B::limit(shape);
        let size = self.size(j);
        let left = j.checked_sub(1);
        let right = Some(j + 1).filter(|&r| r < self.kids.len());
        let sibling = match (left, right) {
            (Some(l), Some(r)) => Some(if self.size(l) <= self.size(r) { l } else { r }),
            (one, other) => one.or(other),
        };
        match sibling {
            Some(s) if size + self.size(s) + 2 <= 2 * limit => self.balance(j.min(s)),
            Some(s) if self.size(s) > size => self.split_in_three(s, j, shape),
            Some(s) => self.split_in_three(j, s, shape),
            None => self.split(j, shape),
        }
    }

    /// Repairs child `j` after it fell below the minimum: borrows from the fuller
    /// neighbour if the two have enough together, else merges two nodes into one,
    /// or three into two when two would not fit in one.
    pub(super) fn fix_underflow(&mut self, j: usize, shape: &Shape) {
        let n = self.kids.len();
        let (min, limit) = (B::min(shape), B::limit(shape));
        let left = j.checked_sub(1);
        let right = Some(j + 1).filter(|&r| r < n);
        let sibling = match (left, right) {
            (Some(l), Some(r)) => Some(if self.size(l) >= self.size(r) { l } else { r }),
            (one, other) => one.or(other),
        };
        let Some(s) = sibling else {
            return;
        };
        let pair = self.size(j) + self.size(s);
        if pair >= 2 * min {
            self.balance(j.min(s));
        } else if pair <= limit {
            self.merge(j.min(s));
        } else if n >= 3 {
            self.merge_three(j.saturating_sub(1).min(n - 3), shape);
        } else {
            self.balance(j.min(s));
        }
    }
}
