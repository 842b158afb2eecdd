//! In-order iteration from a position.

use std::iter::FusedIterator;

use super::node::Inner;

/// Keys in ascending order from a position; see [`RankTree::iter_from`].
///
/// It walks one leaf at a time and descends from the root again for the next leaf,
/// which costs a few cached node visits every few dozen keys and needs no stack.
///
/// [`RankTree::iter_from`]: super::RankTree::iter_from
#[derive(Clone)]
pub struct Iter<'a, K> {
    root: &'a Inner<K>,
    /// Keys left in the current leaf.
    rest: &'a [K],
    /// Position of the next key.
    pos: usize,
    /// Number of keys in the tree.
    end: usize,
}

impl<'a, K> Iter<'a, K> {
    pub(super) fn new(root: &'a Inner<K>, pos: usize, end: usize) -> Self {
        Iter {
            root,
            rest: &[],
            pos: pos.min(end),
            end,
        }
    }
}

impl<K: Ord + Copy> Iterator for Iter<'_, K> {
    type Item = K;

    fn next(&mut self) -> Option<K> {
        if self.pos >= self.end {
            return None;
        }
        if self.rest.is_empty() {
            let (keys, at) = self.root.locate(self.pos)?;
            self.rest = keys.get(at..)?;
        }
        let (first, rest) = self.rest.split_first()?;
        self.rest = rest;
        self.pos += 1;
        Some(*first)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.pos;
        (left, Some(left))
    }
}

impl<K: Ord + Copy> ExactSizeIterator for Iter<'_, K> {}

impl<K: Ord + Copy> FusedIterator for Iter<'_, K> {}
