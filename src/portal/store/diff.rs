//! A line diff of two sources: Myers' O(ND) algorithm, bounded.
//!
//! The common first and last lines are set aside first, then the shortest edit script
//! of the middle is searched for up to [`MAX_EDIT_DISTANCE`] edits and a fixed amount
//! of work. Two sources that differ more than that are still compared correctly, only
//! not minimally: the differing middle is shown as removed, then added. Time is at most
//! linear in the size of the sources plus a constant; memory is linear plus
//! O([`MAX_EDIT_DISTANCE`]²) for the search's trace.

use serde::Serialize;
use std::collections::HashMap;

/// The most edits (added plus removed lines) searched for a minimal diff.
pub const MAX_EDIT_DISTANCE: usize = 1000;

/// The most steps of the search, whatever the sizes.
const MAX_WORK: usize = 20_000_000;

/// Whether a line is in both versions, only in the new one, or only in the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

/// One line of a diff, with its 1-based line numbers in the old and the new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
    pub old: Option<usize>,
    pub new: Option<usize>,
}

/// The lines of `old` and `new`, each marked same, added or removed, in order.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (ia, ib) = intern(&a, &b);
    let prefix = ia.iter().zip(&ib).take_while(|(x, y)| x == y).count();
    let suffix = ia[prefix..]
        .iter()
        .rev()
        .zip(ib[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (
        &ia[prefix..ia.len() - suffix],
        &ib[prefix..ib.len() - suffix],
    );
    let middle = shortest_script(ma, mb).unwrap_or_else(|| {
        let mut ops = vec![Op::Remove; ma.len()];
        ops.extend(std::iter::repeat_n(Op::Add, mb.len()));
        ops
    });
    let mut out = Out::new(&a, &b);
    (0..prefix).for_each(|_| out.push(Op::Same));
    middle.into_iter().for_each(|op| out.push(op));
    (0..suffix).for_each(|_| out.push(Op::Same));
    out.lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Add,
    Remove,
}

/// Writes the lines in order, counting the line numbers of both sides.
struct Out<'a> {
    a: &'a [&'a str],
    b: &'a [&'a str],
    i: usize,
    j: usize,
    lines: Vec<DiffLine>,
}

impl<'a> Out<'a> {
    fn new(a: &'a [&'a str], b: &'a [&'a str]) -> Self {
        Out {
            a,
            b,
            i: 0,
            j: 0,
            lines: Vec::with_capacity(a.len().max(b.len())),
        }
    }

    fn push(&mut self, op: Op) {
        let (kind, text, old, new) = match op {
            Op::Same => (DiffKind::Same, self.a[self.i], Some(self.i), Some(self.j)),
            Op::Remove => (DiffKind::Removed, self.a[self.i], Some(self.i), None),
            Op::Add => (DiffKind::Added, self.b[self.j], None, Some(self.j)),
        };
        self.i += usize::from(old.is_some());
        self.j += usize::from(new.is_some());
        self.lines.push(DiffLine {
            kind,
            text: text.to_string(),
            old: old.map(|n| n + 1),
            new: new.map(|n| n + 1),
        });
    }
}

/// Each distinct line as a number, so comparing two lines is comparing two numbers.
fn intern<'a>(a: &[&'a str], b: &[&'a str]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: HashMap<&'a str, u32> = HashMap::new();
    let mut number = |lines: &[&'a str]| -> Vec<u32> {
        lines
            .iter()
            .map(|&s| {
                let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                *ids.entry(s).or_insert(next)
            })
            .collect()
    };
    let ia = number(a);
    let ib = number(b);
    (ia, ib)
}

/// Myers' greedy search for the shortest edit script from `a` to `b`; `None` when it
/// needs more than [`MAX_EDIT_DISTANCE`] edits or [`MAX_WORK`] steps.
fn shortest_script(a: &[u32], b: &[u32]) -> Option<Vec<Op>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDIT_DISTANCE) as isize;
    let offset = max + 1;
    // v[k + offset]: the furthest x reached on diagonal k = x - y.
    let mut v = vec![0isize; 2 * (max as usize) + 3];
    // trace[d]: the band k in -(d+1)..=d+1 of v before round d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut work = 0usize;
    for d in 0..=max {
        trace.push(v[(offset - d - 1) as usize..=(offset + d + 1) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let at = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[at - 1] < v[at + 1]) {
                v[at + 1]
            } else {
                v[at - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
                work += 1;
            }
            v[at] = x;
            work += 1;
            if x >= n && y >= m {
                return Some(backtrack(&trace, n, m));
            }
            if work > MAX_WORK {
                return None;
            }
            k += 2;
        }
    }
    None
}

/// Walks the trace back from the end, collecting the edits.
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Vec<Op> {
    let mut ops = Vec::with_capacity((n + m) as usize);
    let (mut x, mut y) = (n, m);
    for (d, band) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let at = |k: isize| band[(k + d + 1) as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = if d == 0 { 0 } else { at(prev_k) };
        let prev_y = if d == 0 { 0 } else { prev_x - prev_k };
        while x > prev_x && y > prev_y {
            ops.push(Op::Same);
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            ops.push(if x == prev_x { Op::Add } else { Op::Remove });
            x = prev_x;
            y = prev_y;
        }
    }
    ops.reverse();
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(lines: &[DiffLine]) -> String {
        lines
            .iter()
            .map(|l| {
                let mark = match l.kind {
                    DiffKind::Same => ' ',
                    DiffKind::Added => '+',
                    DiffKind::Removed => '-',
                };
                format!("{mark}{}\n", l.text)
            })
            .collect()
    }

    /// Both sides can be rebuilt from the diff.
    fn sides(lines: &[DiffLine]) -> (String, String) {
        let pick = |keep: DiffKind| {
            lines
                .iter()
                .filter(|l| l.kind == DiffKind::Same || l.kind == keep)
                .map(|l| format!("{}\n", l.text))
                .collect::<String>()
        };
        (pick(DiffKind::Removed), pick(DiffKind::Added))
    }

    #[test]
    fn a_changed_line_is_removed_then_added_between_the_same_lines() {
        let old = "tournament t\n  title \"A\"\n  board 10\n";
        let new = "tournament t\n  title \"B\"\n  board 10\n";
        assert_eq!(
            render(&diff(old, new)),
            " tournament t\n-  title \"A\"\n+  title \"B\"\n   board 10\n"
        );
    }

    #[test]
    fn line_numbers_follow_each_side() {
        let d = diff("a\nb\nc\n", "a\nc\nd\n");
        let numbers: Vec<_> = d.iter().map(|l| (l.old, l.new)).collect();
        assert_eq!(
            numbers,
            [
                (Some(1), Some(1)),
                (Some(2), None),
                (Some(3), Some(2)),
                (None, Some(3))
            ]
        );
    }

    #[test]
    fn the_diff_is_minimal_on_a_small_edit() {
        let old = "a\nb\nc\nd\ne\nf\n";
        let new = "a\nx\nc\nd\ny\nf\nz\n";
        let d = diff(old, new);
        let edits = d.iter().filter(|l| l.kind != DiffKind::Same).count();
        assert_eq!(edits, 5);
        assert_eq!(sides(&d), (old.to_string(), new.to_string()));
    }

    #[test]
    fn very_different_large_sources_are_still_a_correct_diff() {
        let old: String = (0..5000).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..5000).map(|i| format!("new {i}\n")).collect();
        let d = diff(&old, &new);
        assert_eq!(d.len(), 10_000);
        assert_eq!(sides(&d), (old, new));
    }

    #[test]
    fn empty_sides() {
        assert!(diff("", "").is_empty());
        assert_eq!(render(&diff("", "a\n")), "+a\n");
        assert_eq!(render(&diff("a\n", "")), "-a\n");
    }
}
