//! One source's sequence numbers: the span seen, less its holes. Each hole remembers
//! when it was first noticed (on the tracking clock) and whether it was reported, so
//! a hole filled within the grace period was never a gap, and one filled after it is
//! a gap closed late.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Holes kept per source. Past it a new hole is merged into its neighbour, so the
/// count of missing wagers can only grow (numbers seen between them are counted as
/// missing) and the source is marked approximate: memory stays bounded whatever the
/// input, and nothing missing is ever forgotten.
pub const MAX_HOLES: usize = 10_000;

/// Numbers missing between two seen ones: `first..=last`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hole {
    pub last: u64,
    pub noticed_ms: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reported: bool,
}

/// What one number did to the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Outside the span so far (the span grew), or the first number.
    New,
    /// Seen before.
    Again,
    /// Filled a hole; `late` when that hole had been reported.
    Filled { late: bool },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    /// Lowest and highest number seen.
    pub span: Option<(u64, u64)>,
    /// Holes by their first missing number.
    pub holes: BTreeMap<u64, Hole>,
    /// Numbers missing in all holes.
    pub missing: u64,
    /// Some holes were merged (see [`MAX_HOLES`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

impl Sequence {
    /// Marks `n` seen at `now_ms`; without `room` (the tracker holds as many holes as
    /// it keeps in all) a new hole is merged into its neighbour.
    pub fn see(&mut self, n: u64, now_ms: i64, room: bool) -> Seen {
        let Some((low, high)) = self.span else {
            self.span = Some((n, n));
            return Seen::New;
        };
        if n > high {
            if n > high + 1 {
                self.open(high + 1, n - 1, now_ms, true, room);
            }
            self.span = Some((low, n));
            return Seen::New;
        }
        if n < low {
            if n + 1 < low {
                self.open(n + 1, low - 1, now_ms, false, room);
            }
            self.span = Some((n, high));
            return Seen::New;
        }
        self.fill(n)
    }

    fn fill(&mut self, n: u64) -> Seen {
        let Some((&first, hole)) = self.holes.range(..=n).next_back() else {
            return Seen::Again;
        };
        if hole.last < n {
            return Seen::Again;
        }
        let hole = hole.clone();
        self.holes.remove(&first);
        if first < n {
            self.holes.insert(
                first,
                Hole {
                    last: n - 1,
                    ..hole.clone()
                },
            );
        }
        if n < hole.last {
            self.holes.insert(
                n + 1,
                Hole {
                    last: hole.last,
                    ..hole.clone()
                },
            );
        }
        self.missing -= 1;
        Seen::Filled {
            late: hole.reported,
        }
    }

    /// Records the hole `first..=last`; `above` when it lies above every other.
    fn open(&mut self, first: u64, last: u64, now_ms: i64, above: bool, room: bool) {
        let size = last - first + 1;
        if self.holes.is_empty() || (room && self.holes.len() < MAX_HOLES) {
            self.holes.insert(
                first,
                Hole {
                    last,
                    noticed_ms: now_ms,
                    reported: false,
                },
            );
            self.missing = self.missing.saturating_add(size);
            return;
        }
        self.approximate = true;
        if above {
            if let Some(mut e) = self.holes.last_entry() {
                let grown = last - e.get().last;
                e.get_mut().last = last;
                self.missing = self.missing.saturating_add(grown);
            }
        } else if let Some(e) = self.holes.first_entry() {
            let (old_first, hole) = e.remove_entry();
            self.missing = self.missing.saturating_add(old_first - first);
            self.holes.insert(first, hole);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(s: &Sequence) -> Vec<(u64, u64)> {
        s.holes.iter().map(|(f, h)| (*f, h.last)).collect()
    }

    #[test]
    fn holes_open_split_and_close() {
        let mut s = Sequence::default();
        assert_eq!(s.see(5, 0, true), Seen::New);
        assert_eq!(s.see(9, 1, true), Seen::New);
        assert_eq!(holes(&s), [(6, 8)]);
        assert_eq!(s.see(7, 2, true), Seen::Filled { late: false });
        assert_eq!(holes(&s), [(6, 6), (8, 8)]);
        assert_eq!(s.missing, 2);
        assert_eq!(s.see(7, 3, true), Seen::Again);
        assert_eq!(s.see(2, 4, true), Seen::New);
        assert_eq!(holes(&s), [(3, 4), (6, 6), (8, 8)]);
        for n in [3, 4, 6, 8] {
            assert!(matches!(s.see(n, 5, true), Seen::Filled { .. }));
        }
        assert!(s.holes.is_empty());
        assert_eq!((s.missing, s.span), (0, Some((2, 9))));
    }

    #[test]
    fn past_the_cap_holes_merge_and_nothing_is_forgotten() {
        let mut s = Sequence::default();
        for i in 0..(MAX_HOLES as u64 + 10) {
            s.see(i * 2, 0, true);
        }
        assert_eq!(s.holes.len(), MAX_HOLES);
        assert!(s.approximate);
        assert!(s.missing >= MAX_HOLES as u64 + 9);
        // The extremes of the range, far apart, cannot overflow.
        let mut far = Sequence::default();
        far.see(0, 0, true);
        far.see(u64::MAX, 0, true);
        assert_eq!(far.missing, u64::MAX - 1);
    }
}
