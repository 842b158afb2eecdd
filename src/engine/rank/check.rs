//! Structural checks for tests.

use super::node::{Inner, Kids, Leaf, Shape};

type Checked = Result<(usize, usize), String>;

impl<K: Ord + Copy + std::fmt::Debug> Inner<K> {
    /// Checks the subtree below this node, whose keys must lie in `lo..hi`.
    /// Returns its height and number of keys.
    pub(super) fn check(
        &self,
        lo: Option<&K>,
        hi: Option<&K>,
        root: bool,
        shape: &Shape,
    ) -> Checked {
        let n = self.size();
        let kids = match &self.kids {
            Kids::Leaves(leaves) => leaves.len(),
            Kids::Inners(inners) => inners.len(),
        };
        if kids != n || (n > 0 && self.seps.len() + 1 != n) || (n == 0 && !self.seps.is_empty()) {
            return Err(format!(
                "{kids} children, {n} counts, {} separators",
                self.seps.len()
            ));
        }
        if n > shape.fanout || (n == 0 && !root) {
            return Err(format!("inner node with {n} children"));
        }
        let mut bounds = Vec::with_capacity(n + 1);
        bounds.push(lo);
        bounds.extend(self.seps.iter().map(Some));
        bounds.push(hi);
        if bounds
            .windows(2)
            .any(|w| matches!(w, [Some(a), Some(b)] if a >= b))
        {
            return Err(format!("separators out of order: {:?}", self.seps));
        }
        let mut height = None;
        let mut total = 0;
        for (j, (&count, range)) in self.counts.iter().zip(bounds.windows(2)).enumerate() {
            let (lo, hi) = match range {
                [lo, hi] => (*lo, *hi),
                _ => return Err("bounds".to_owned()),
            };
            let (h, weight) = match &self.kids {
                Kids::Leaves(leaves) => check_leaf(leaves.get(j), lo, hi, shape)?,
                Kids::Inners(inners) => match inners.get(j) {
                    Some(kid) => kid.check(lo, hi, false, shape)?,
                    None => return Err("missing child".to_owned()),
                },
            };
            if weight != count {
                return Err(format!("child {j} holds {weight} keys, counted {count}"));
            }
            if height.is_some_and(|seen| seen != h) {
                return Err("leaves at different depths".to_owned());
            }
            height = Some(h);
            total += count;
        }
        Ok((height.unwrap_or(0) + 1, total))
    }
}

fn check_leaf<K: Ord + std::fmt::Debug>(
    leaf: Option<&Leaf<K>>,
    lo: Option<&K>,
    hi: Option<&K>,
    shape: &Shape,
) -> Checked {
    let keys = &leaf.ok_or("missing leaf")?.keys;
    if keys.is_empty() || keys.len() > shape.leaf_cap {
        return Err(format!("leaf with {} keys", keys.len()));
    }
    if keys.windows(2).any(|w| matches!(w, [a, b] if a >= b)) {
        return Err(format!("leaf out of order: {keys:?}"));
    }
    let (first, last) = (keys.first(), keys.last());
    if lo.is_some_and(|lo| first.is_some_and(|k| k < lo))
        || hi.is_some_and(|hi| last.is_some_and(|k| k >= hi))
    {
        return Err(format!("leaf {keys:?} outside {lo:?}..{hi:?}"));
    }
    Ok((0, keys.len()))
}
