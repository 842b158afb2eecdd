//! Node types: leaves hold keys in order; inner nodes hold separators and, for each
//! child, the number of keys below it.

use std::mem::size_of;

/// Node capacities of one tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape {
    /// Most keys a leaf holds (its allocation, in keys).
    pub(super) leaf_cap: usize,
    /// Most children an inner node keeps once rebalanced; it may hold one more
    /// between a child's split and its own rebalancing.
    pub(super) fanout: usize,
}

impl Shape {
    /// Smallest accepted capacity: the rebalancing arithmetic needs at least 4.
    const SMALLEST: usize = 4;
    /// Largest accepted capacity.
    const LARGEST: usize = 1 << 16;

    pub(super) const DEFAULT: Shape = Shape {
        leaf_cap: 64,
        fanout: 64,
    };

    pub(super) fn new(leaf_cap: usize, fanout: usize) -> Self {
        Shape {
            leaf_cap: leaf_cap.clamp(Self::SMALLEST, Self::LARGEST),
            fanout: fanout.clamp(Self::SMALLEST, Self::LARGEST),
        }
    }
}

/// Fewest entries a non-root node keeps after a removal is repaired, for a node
/// holding at most `limit` entries.
pub(super) fn min_fill(limit: usize) -> usize {
    (limit * 2 / 3).max(1)
}

/// A run of keys in ascending order.
pub(super) struct Leaf<K> {
    pub(super) keys: Vec<K>,
}

impl<K> Leaf<K> {
    pub(super) fn new(shape: &Shape) -> Self {
        Leaf {
            keys: Vec::with_capacity(shape.leaf_cap),
        }
    }
}

/// Children of an inner node: all leaves or all inner nodes (every leaf sits at the
/// same depth).
pub(super) enum Kids<K> {
    Leaves(Vec<Leaf<K>>),
    Inners(Vec<Inner<K>>),
}

/// An inner node. `seps[j]` separates child `j` from child `j + 1`: every key below
/// child `j` is less than it, every key below child `j + 1` is at least it.
/// `counts[j]` is the number of keys below child `j`.
pub(super) struct Inner<K> {
    pub(super) seps: Vec<K>,
    pub(super) counts: Vec<usize>,
    pub(super) kids: Kids<K>,
}

impl<K> Inner<K> {
    /// An empty root over leaves; allocates nothing.
    pub(super) const fn empty() -> Self {
        Inner {
            seps: Vec::new(),
            counts: Vec::new(),
            kids: Kids::Leaves(Vec::new()),
        }
    }

    /// An empty node whose children will be of the same kind as `like`'s.
    pub(super) fn sibling_of(like: &Kids<K>, shape: &Shape) -> Self {
        let room = shape.fanout + 1;
        let kids = match like {
            Kids::Leaves(_) => Kids::Leaves(Vec::with_capacity(room)),
            Kids::Inners(_) => Kids::Inners(Vec::with_capacity(room)),
        };
        Inner {
            seps: Vec::with_capacity(shape.fanout),
            counts: Vec::with_capacity(room),
            kids,
        }
    }

    /// A node with the single child `kid` holding `weight` keys: the new root when
    /// the tree grows a level.
    pub(super) fn above(kid: Inner<K>, weight: usize, shape: &Shape) -> Self {
        let mut node = Inner::sibling_of(&Kids::Inners(Vec::new()), shape);
        node.counts.push(weight);
        if let Kids::Inners(kids) = &mut node.kids {
            kids.push(kid);
        }
        node
    }

    /// Number of children.
    pub(super) fn size(&self) -> usize {
        self.counts.len()
    }

    /// Number of keys below this node.
    pub(super) fn weight(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Bytes this node and everything below it allocated (not the node itself).
    pub(super) fn heap_bytes(&self) -> usize {
        let own =
            self.seps.capacity() * size_of::<K>() + self.counts.capacity() * size_of::<usize>();
        let below = match &self.kids {
            Kids::Leaves(leaves) => {
                leaves.capacity() * size_of::<Leaf<K>>()
                    + leaves
                        .iter()
                        .map(|leaf| leaf.keys.capacity() * size_of::<K>())
                        .sum::<usize>()
            }
            Kids::Inners(inners) => {
                inners.capacity() * size_of::<Inner<K>>()
                    + inners.iter().map(Inner::heap_bytes).sum::<usize>()
            }
        };
        own + below
    }

    /// Levels from this node down to the leaves, counting this node.
    pub(super) fn height(&self) -> usize {
        match &self.kids {
            Kids::Leaves(_) => 1,
            Kids::Inners(inners) => 1 + inners.first().map_or(0, Inner::height),
        }
    }
}

impl<K: Ord> Inner<K> {
    /// The child whose key range holds `key`.
    pub(super) fn route(&self, key: &K) -> usize {
        route(&self.seps, key)
    }
}

/// The index of the child of a node with separators `seps` whose range holds `key`.
///
/// Inner nodes are few and visited by every operation, so they stay in cache:
/// bisecting them costs the fewest comparisons.
#[inline]
pub(super) fn route<K: Ord>(seps: &[K], key: &K) -> usize {
    bisect(seps, |sep| sep <= key)
}

/// Length of the prefix of `run` on which `holds` is true, by bisection without
/// branches on the outcome of each probe.
#[inline]
fn bisect<K>(run: &[K], holds: impl Fn(&K) -> bool) -> usize {
    let mut base = 0;
    let mut size = run.len();
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        base = if run.get(mid).is_some_and(&holds) {
            mid
        } else {
            base
        };
        size -= half;
    }
    base + usize::from(run.get(base).is_some_and(&holds))
}

/// Number of keys in the ascending run `keys` less than `key`.
#[inline]
pub(super) fn lower_bound<K: Ord>(keys: &[K], key: &K) -> usize {
    bisect(keys, |k| k < key)
}

/// Like `binary_search` on the ascending run `keys`: `Ok` with the position of
/// `key`, or `Err` with where it would go.
#[inline]
pub(super) fn find<K: Ord>(keys: &[K], key: &K) -> Result<usize, usize> {
    let at = lower_bound(keys, key);
    if keys.get(at) == Some(key) {
        Ok(at)
    } else {
        Err(at)
    }
}

/// `find` in two runs at once, interleaving their loads so that both runs come in
/// from memory together: for locating both ends of a move in one round trip.
#[inline]
pub(super) fn find_pair<K: Ord>(
    a: &[K],
    a_key: &K,
    b: &[K],
    b_key: &K,
) -> (Result<usize, usize>, Result<usize, usize>) {
    let step = line_step::<K>();
    let (mut a_sampled, mut b_sampled) = (0, 0);
    let mut at = 0;
    while at < a.len().max(b.len()) {
        a_sampled += usize::from(a.get(at).is_some_and(|k| k < a_key));
        b_sampled += usize::from(b.get(at).is_some_and(|k| k < b_key));
        at += step;
    }
    let a_at = finish_prefix(a, a_sampled, step, |k| k < a_key);
    let b_at = finish_prefix(b, b_sampled, step, |k| k < b_key);
    let found = |run: &[K], at: usize, key: &K| {
        if run.get(at) == Some(key) {
            Ok(at)
        } else {
            Err(at)
        }
    };
    (found(a, a_at, a_key), found(b, b_at, b_key))
}

/// `lower_bound` for a run likely missing from cache: tests one key per cache line
/// across the whole run and counts, then finishes within one line's worth of keys.
/// The loads do not depend on one another, so the run comes in from memory in about
/// one round trip instead of one per bisection step.
#[inline]
pub(super) fn scan_lower_bound<K: Ord>(keys: &[K], key: &K) -> usize {
    let step = line_step::<K>();
    let mut sampled = 0;
    let mut at = 0;
    while let Some(k) = keys.get(at) {
        sampled += usize::from(k < key);
        at += step;
    }
    finish_prefix(keys, sampled, step, |k| k < key)
}

/// Keys per cache line (at least one).
#[inline]
fn line_step<K>() -> usize {
    (64 / size_of::<K>().max(1)).max(1)
}

/// The prefix length, given how many of every `step`-th key of `run` hold.
#[inline]
fn finish_prefix<K>(run: &[K], sampled: usize, step: usize, holds: impl Fn(&K) -> bool) -> usize {
    let Some(last_true) = sampled.checked_sub(1) else {
        return 0;
    };
    let from = last_true * step + 1;
    let to = (from + step - 1).min(run.len());
    let tail = run.get(from..to).unwrap_or_default();
    from + tail.iter().map(|k| usize::from(holds(k))).sum::<usize>()
}

impl<K> Kids<K> {
    /// Whether `self` and `other` hold children of the same kind.
    pub(super) fn same_kind(&self, other: &Self) -> bool {
        matches!(
            (self, other),
            (Kids::Leaves(_), Kids::Leaves(_)) | (Kids::Inners(_), Kids::Inners(_))
        )
    }

    /// Moves children `from..` of `self` to the front of `dst`.
    pub(super) fn move_tail(&mut self, from: usize, dst: &mut Self) {
        match (self, dst) {
            (Kids::Leaves(src), Kids::Leaves(dst)) => move_tail(src, from, dst),
            (Kids::Inners(src), Kids::Inners(dst)) => move_tail(src, from, dst),
            _ => {}
        }
    }

    /// Moves the first `n` children of `src` to the end of `self`.
    pub(super) fn move_head(&mut self, src: &mut Self, n: usize) {
        match (self, src) {
            (Kids::Leaves(dst), Kids::Leaves(src)) => move_head(dst, src, n),
            (Kids::Inners(dst), Kids::Inners(src)) => move_head(dst, src, n),
            _ => {}
        }
    }

    /// Moves every child of `src` to the end of `self`.
    pub(super) fn append(&mut self, src: &mut Self) {
        match (self, src) {
            (Kids::Leaves(dst), Kids::Leaves(src)) => dst.append(src),
            (Kids::Inners(dst), Kids::Inners(src)) => dst.append(src),
            _ => {}
        }
    }
}

/// Moves `src[from..]` to the front of `dst`.
pub(super) fn move_tail<T>(src: &mut Vec<T>, from: usize, dst: &mut Vec<T>) {
    if from <= src.len() {
        dst.splice(0..0, src.drain(from..));
    }
}

/// Moves `src[..n]` to the end of `dst`.
pub(super) fn move_head<T>(dst: &mut Vec<T>, src: &mut Vec<T>, n: usize) {
    if n <= src.len() {
        dst.extend(src.drain(..n));
    }
}
