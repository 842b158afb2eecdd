//! Read-only descents: positions of keys and keys at positions.

use super::node::{scan_lower_bound, Inner, Kids};

impl<K: Ord + Copy> Inner<K> {
    /// Number of keys below this node that are less than `key`.
    pub(super) fn count_less(&self, key: &K) -> usize {
        let (before, leaf) = self.descend(key);
        before + leaf.map_or(0, |keys| scan_lower_bound(keys, key))
    }

    /// Position of `key` among the keys below this node, if present.
    pub(super) fn rank(&self, key: &K) -> Option<usize> {
        let (before, leaf) = self.descend(key);
        let keys = leaf?;
        let within = scan_lower_bound(keys, key);
        (keys.get(within) == Some(key)).then_some(before + within)
    }

    /// One descent towards `key`: the number of keys in the leaves left of the path,
    /// and the keys of the leaf it ends in (none when the route runs off the tree).
    fn descend(&self, key: &K) -> (usize, Option<&[K]>) {
        let mut node = self;
        let mut before = 0;
        loop {
            let i = node.route(key);
            before += sum_before(&node.counts, i);
            match &node.kids {
                Kids::Leaves(leaves) => {
                    return (before, leaves.get(i).map(|leaf| leaf.keys.as_slice()));
                }
                Kids::Inners(inners) => match inners.get(i) {
                    Some(kid) => node = kid,
                    None => return (before, None),
                },
            }
        }
    }

    /// The leaf holding position `pos` and the position within it.
    pub(super) fn locate(&self, pos: usize) -> Option<(&[K], usize)> {
        let mut node = self;
        let mut pos = pos;
        loop {
            let (i, within) = child_at(&node.counts, pos)?;
            pos = within;
            match &node.kids {
                Kids::Leaves(leaves) => {
                    let keys = leaves.get(i)?.keys.as_slice();
                    return (pos < keys.len()).then_some((keys, pos));
                }
                Kids::Inners(inners) => node = inners.get(i)?,
            }
        }
    }
}

/// Keys below the children before child `i`.
fn sum_before(counts: &[usize], i: usize) -> usize {
    counts.get(..i).map_or(0, |before| before.iter().sum())
}

/// The child holding position `pos`, and the position within it.
fn child_at(counts: &[usize], pos: usize) -> Option<(usize, usize)> {
    let mut pos = pos;
    for (i, &count) in counts.iter().enumerate() {
        if pos < count {
            return Some((i, pos));
        }
        pos -= count;
    }
    None
}
