//! The top of the board at past moments: a mark each time it changed, at most one per
//! bucket of event time (the last state of the bucket), so a leader can be named at any
//! past moment to within a bucket.

use crate::engine::fixed::Points;
use crate::engine::standings::Standings;
use serde::Serialize;

/// One place of a past top.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopEntry {
    pub place: usize,
    pub player: String,
    pub score: Points,
    pub wagers: u32,
}

/// The top of the board from `at_ms` (event time) until the next mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopMark {
    pub at_ms: i64,
    /// Players ranked then.
    pub players: usize,
    pub top: Vec<TopEntry>,
}

#[derive(Debug, Clone)]
pub struct TopHistory {
    kept: usize,
    marks: Vec<TopMark>,
}

impl TopHistory {
    /// Keeps the first `kept` places (at least one).
    pub fn new(kept: usize) -> Self {
        TopHistory {
            kept: kept.max(1),
            marks: Vec::new(),
        }
    }

    /// Places kept in each mark.
    pub fn kept(&self) -> usize {
        self.kept
    }

    /// Every mark, oldest first.
    pub fn marks(&self) -> &[TopMark] {
        &self.marks
    }

    /// The top as it was at `at_ms`: the latest mark at or before it.
    pub fn at(&self, at_ms: i64) -> Option<&TopMark> {
        let n = self.marks.partition_point(|m| m.at_ms <= at_ms);
        n.checked_sub(1).and_then(|i| self.marks.get(i))
    }

    /// Keeps the top of `st` at `at_ms` if it differs from the last mark; a mark in the
    /// same bucket (of `width_ms`) as the last one replaces it.
    pub fn record(&mut self, st: &Standings, at_ms: i64, width_ms: i64) {
        if let Some(last) = self.marks.last() {
            if same(&last.top, st, self.kept) {
                return;
            }
        }
        let mark = TopMark {
            at_ms,
            players: st.len(),
            top: st
                .from_place(1)
                .take(self.kept)
                .map(|(place, p)| TopEntry {
                    place,
                    player: p.id.clone(),
                    score: p.score,
                    wagers: p.wagers,
                })
                .collect(),
        };
        let bucket = |ms: i64| ms.div_euclid(width_ms.max(1));
        let several = self.marks.len() > 1;
        match self.marks.last_mut() {
            // Two marks in one bucket: the later one stands for the bucket. The very
            // first mark stays, so the board is known from the first event on.
            Some(last) if several && bucket(last.at_ms) == bucket(at_ms) => {
                *last = mark;
            }
            _ => self.marks.push(mark),
        }
    }

    /// Keeps only the last mark of each bucket of `width_ms`.
    pub fn thin(&mut self, width_ms: i64) {
        let w = width_ms.max(1);
        let mut kept: Vec<TopMark> = Vec::with_capacity(self.marks.len() / 2 + 1);
        for m in self.marks.drain(..) {
            match kept.last_mut() {
                Some(last) if last.at_ms.div_euclid(w) == m.at_ms.div_euclid(w) => *last = m,
                _ => kept.push(m),
            }
        }
        self.marks = kept;
    }

    /// Bytes held, roughly.
    pub fn bytes(&self) -> usize {
        let entry = std::mem::size_of::<TopEntry>();
        self.marks
            .iter()
            .map(|m| {
                std::mem::size_of::<TopMark>()
                    + m.top.capacity() * entry
                    + m.top.iter().map(|e| e.player.capacity()).sum::<usize>()
            })
            .sum::<usize>()
            + std::mem::size_of::<Self>()
    }
}

/// Whether `top` is still the top of `st`.
fn same(top: &[TopEntry], st: &Standings, kept: usize) -> bool {
    top.len() == st.len().min(kept)
        && top
            .iter()
            .zip(st.from_place(1))
            .all(|(e, (_, p))| e.player == p.id && e.score == p.score && e.wagers == p.wagers)
}
