//! The update path: locating both ends of a move in one pass, then moving the key
//! along the recorded paths without searching again.

use super::block::Block;
use super::node::{find_pair, Inner, Kids, Leaf, Shape};

/// Deepest tree the recorded paths cover; deeper trees take the general path.
const MAX_DEPTH: usize = 24;

/// Child indices from the root down to a leaf, and what the leaf search found.
#[derive(Clone, Copy)]
pub(super) struct Path {
    steps: [usize; MAX_DEPTH],
    depth: usize,
    /// Position of the key in its leaf, or where it would go.
    pub(super) at: Result<usize, usize>,
    /// Keys in the leaf.
    pub(super) leaf_len: usize,
}

impl Path {
    fn new() -> Self {
        Path {
            steps: [0; MAX_DEPTH],
            depth: 0,
            at: Err(0),
            leaf_len: 0,
        }
    }

    fn push(&mut self, i: usize) -> Option<()> {
        *self.steps.get_mut(self.depth)? = i;
        self.depth += 1;
        Some(())
    }

    fn steps(&self) -> &[usize] {
        self.steps.get(..self.depth).unwrap_or_default()
    }

    /// Whether both paths end in the same leaf.
    pub(super) fn same_leaf(&self, other: &Path) -> bool {
        self.steps() == other.steps()
    }
}

impl<K: Ord + Copy> Inner<K> {
    /// Paths to the leaves where `a` and `b` are or would go. The two descents run
    /// side by side so their memory accesses overlap. `None` on an empty tree or
    /// one deeper than the paths record.
    pub(super) fn locate_pair(&self, a: &K, b: &K) -> Option<(Path, Path)> {
        let (mut a_path, mut b_path) = (Path::new(), Path::new());
        let (mut a_node, mut b_node) = (self, self);
        loop {
            let (a_i, b_i) = (a_node.route(a), b_node.route(b));
            a_path.push(a_i)?;
            b_path.push(b_i)?;
            match (&a_node.kids, &b_node.kids) {
                (Kids::Leaves(a_leaves), Kids::Leaves(b_leaves)) => {
                    let (a_keys, b_keys) = (&a_leaves.get(a_i)?.keys, &b_leaves.get(b_i)?.keys);
                    (a_path.at, b_path.at) = find_pair(a_keys, a, b_keys, b);
                    (a_path.leaf_len, b_path.leaf_len) = (a_keys.len(), b_keys.len());
                    return Some((a_path, b_path));
                }
                (Kids::Inners(a_kids), Kids::Inners(b_kids)) => {
                    (a_node, b_node) = (a_kids.get(a_i)?, b_kids.get(b_i)?);
                }
                _ => return None,
            }
        }
    }

    /// Walks `path` to its leaf, changing every count on the way by `change`. The
    /// path must come from `locate_pair` on this same, since unchanged, tree.
    pub(super) fn walk_mut(&mut self, path: &Path, change: Count) -> Option<&mut Leaf<K>> {
        let (&last, upper) = path.steps().split_last()?;
        let mut node = self;
        for &i in upper {
            recount(&mut node.counts, i, change);
            let Kids::Inners(kids) = &mut node.kids else {
                return None;
            };
            node = kids.get_mut(i)?;
        }
        recount(&mut node.counts, last, change);
        let Kids::Leaves(leaves) = &mut node.kids else {
            return None;
        };
        leaves.get_mut(last)
    }
}

/// How a walk changes the counts on its path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    Same,
    Up,
    Down,
}

fn recount(counts: &mut [usize], i: usize, change: Count) {
    if let Some(count) = counts.get_mut(i) {
        *count = match change {
            Count::Same => *count,
            Count::Up => *count + 1,
            Count::Down => count.saturating_sub(1),
        };
    }
}

/// Whether a move from `from` to `to` (different leaves) can skip rebalancing:
/// the source stays at or above its minimum and the target has room.
pub(super) fn moves_freely<K: Ord + Copy>(from: &Path, to: &Path, shape: &Shape) -> bool {
    from.leaf_len > <Leaf<K> as Block<K>>::min(shape) && to.leaf_len < shape.leaf_cap
}
