//! What rebalancing needs from a node, for leaves and inner nodes alike.
//!
//! An entry is a key in a leaf and a child (with its count) in an inner node.
//! Moving entries between neighbours `left` and `right` also moves the separator
//! `sep` between them in their parent.

use super::node::{min_fill, move_head, move_tail, Inner, Leaf, Shape};

pub(super) trait Block<K: Ord + Copy>: Sized {
    /// Most entries the node keeps once rebalanced.
    fn limit(shape: &Shape) -> usize;

    /// Fewest entries a non-root node keeps after a removal is repaired.
    fn min(shape: &Shape) -> usize {
        min_fill(Self::limit(shape))
    }

    /// Number of entries.
    fn size(&self) -> usize;

    /// Number of keys below the node.
    fn weight(&self) -> usize;

    /// Splits off entries `at..` into a new node; returns the separator that goes
    /// between the two. `None` (and no change) unless `0 < at < size`.
    fn split_off(&mut self, at: usize, shape: &Shape) -> Option<(K, Self)>;

    /// Moves every entry of `right` to the end of `self`; false (and no change) if
    /// the two hold different kinds of children.
    fn absorb(&mut self, sep: K, right: &mut Self) -> bool;

    /// Moves the first `n` entries of `right` to the end of `left`; returns the
    /// number of keys moved. Nothing moves unless `0 < n < right.size()`.
    fn shift_left(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize;

    /// Moves the last `n` entries of `left` to the front of `right`; returns the
    /// number of keys moved. Nothing moves unless `0 < n < left.size()`.
    fn shift_right(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize;
}

impl<K: Ord + Copy> Block<K> for Leaf<K> {
    fn limit(shape: &Shape) -> usize {
        shape.leaf_cap
    }

    fn size(&self) -> usize {
        self.keys.len()
    }

    fn weight(&self) -> usize {
        self.keys.len()
    }

    fn split_off(&mut self, at: usize, shape: &Shape) -> Option<(K, Self)> {
        let tail = self.keys.get(at..).filter(|_| at > 0)?;
        let sep = *tail.first()?;
        let mut right = Leaf::new(shape);
        right.keys.extend_from_slice(tail);
        self.keys.truncate(at);
        Some((sep, right))
    }

    fn absorb(&mut self, _sep: K, right: &mut Self) -> bool {
        self.keys.extend_from_slice(&right.keys);
        right.keys.clear();
        true
    }

    fn shift_left(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize {
        if n == 0 || n >= right.keys.len() {
            return 0;
        }
        move_head(&mut left.keys, &mut right.keys, n);
        if let Some(first) = right.keys.first() {
            *sep = *first;
        }
        n
    }

    fn shift_right(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize {
        let Some(at) = left.keys.len().checked_sub(n).filter(|&at| at > 0 && n > 0) else {
            return 0;
        };
        move_tail(&mut left.keys, at, &mut right.keys);
        if let Some(first) = right.keys.first() {
            *sep = *first;
        }
        n
    }
}

impl<K: Ord + Copy> Block<K> for Inner<K> {
    fn limit(shape: &Shape) -> usize {
        shape.fanout
    }

    fn size(&self) -> usize {
        Inner::size(self)
    }

    fn weight(&self) -> usize {
        Inner::weight(self)
    }

    fn split_off(&mut self, at: usize, shape: &Shape) -> Option<(K, Self)> {
        if at == 0 || at >= self.size() {
            return None;
        }
        let sep = *self.seps.get(at - 1)?;
        let mut right = Inner::sibling_of(&self.kids, shape);
        right.seps.extend(self.seps.drain(at..));
        self.seps.truncate(at - 1);
        right.counts.extend(self.counts.drain(at..));
        self.kids.move_tail(at, &mut right.kids);
        Some((sep, right))
    }

    fn absorb(&mut self, sep: K, right: &mut Self) -> bool {
        if !self.kids.same_kind(&right.kids) {
            return false;
        }
        self.seps.push(sep);
        self.seps.append(&mut right.seps);
        self.counts.append(&mut right.counts);
        self.kids.append(&mut right.kids);
        true
    }

    fn shift_left(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize {
        if n == 0 || n >= right.size() || !left.kids.same_kind(&right.kids) {
            return 0;
        }
        let Some(&new_sep) = right.seps.get(n - 1) else {
            return 0;
        };
        // The parent's separator comes down between the two runs of children; the
        // one after the moved children goes up.
        left.seps.push(*sep);
        left.seps.extend(right.seps.drain(..n));
        left.seps.pop();
        *sep = new_sep;
        let moved: usize = right.counts.iter().take(n).sum();
        move_head(&mut left.counts, &mut right.counts, n);
        left.kids.move_head(&mut right.kids, n);
        moved
    }

    fn shift_right(left: &mut Self, sep: &mut K, right: &mut Self, n: usize) -> usize {
        let size = left.size();
        if n == 0 || n >= size || !left.kids.same_kind(&right.kids) {
            return 0;
        }
        let at = size - n;
        let Some(&new_sep) = left.seps.get(at - 1) else {
            return 0;
        };
        let down = std::iter::once(*sep);
        right.seps.splice(0..0, left.seps.drain(at..).chain(down));
        left.seps.truncate(at - 1);
        *sep = new_sep;
        let moved: usize = left.counts.iter().skip(at).sum();
        move_tail(&mut left.counts, at, &mut right.counts);
        left.kids.move_tail(at, &mut right.kids);
        moved
    }
}
