//! The engine's ranking key: score descending, then tie ascending, then player ascending.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Flips the sign bit (so signed order becomes unsigned order) and every other bit
/// (so ascending stored order is descending score order). It is its own inverse.
const SCORE_FLIP: u128 = !(1u128 << 127);

/// A player's position key in a ranking, 28 bytes.
///
/// Keys order by `score` descending (higher first), then `tie` ascending (smaller
/// is better, e.g. the time the player reached the score), then `player` ascending.
/// The score is an exact signed fixed-point integer (points × 10^8 in the engine).
///
/// The fields are stored so that the order is that of one 224-bit unsigned number,
/// most significant word first: the score, transformed to ascend as the score
/// descends, then the 96 bits `tie:player` split into a high 32-bit and a low
/// 64-bit word. Comparing is then a short subtract-with-borrow chain.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct RankKey {
    /// High half of the transformed score.
    score_hi: u64,
    /// Low half of the transformed score.
    score_lo: u64,
    /// Low 64 bits of `tie:player`: the low half of `tie`, then `player`.
    rest_lo: u64,
    /// High 32 bits of `tie:player`: the high half of `tie`.
    rest_hi: u32,
}

impl RankKey {
    /// A key for `player` holding `score`, reached at `tie`.
    #[inline]
    pub const fn new(score: i128, tie: u64, player: u32) -> Self {
        let stored = (score as u128) ^ SCORE_FLIP;
        RankKey {
            score_hi: (stored >> 64) as u64,
            score_lo: stored as u64,
            rest_lo: (tie << 32) | player as u64,
            rest_hi: (tie >> 32) as u32,
        }
    }

    /// The score (points × 10^8 in the engine).
    #[inline]
    pub const fn score(&self) -> i128 {
        let stored = ((self.score_hi as u128) << 64) | self.score_lo as u128;
        (stored ^ SCORE_FLIP) as i128
    }

    /// The tie-breaker: smaller ranks first among equal scores.
    #[inline]
    pub const fn tie(&self) -> u64 {
        ((self.rest_hi as u64) << 32) | (self.rest_lo >> 32)
    }

    /// The player id.
    #[inline]
    pub const fn player(&self) -> u32 {
        self.rest_lo as u32
    }

    /// The key as two unsigned numbers, most significant first.
    #[inline]
    fn words(&self) -> (u128, u128) {
        let score = (u128::from(self.score_hi) << 64) | u128::from(self.score_lo);
        let rest = (u128::from(self.rest_hi) << 64) | u128::from(self.rest_lo);
        (score, rest)
    }
}

/// Whether `a < b`: the borrow out of the subtraction `a - b` over both words,
/// with no branches, which keeps node scans branch-free.
#[inline]
fn borrows(a: &RankKey, b: &RankKey) -> bool {
    let ((a_score, a_rest), (b_score, b_rest)) = (a.words(), b.words());
    let (_, rest_borrow) = a_rest.overflowing_sub(b_rest);
    let (diff, score_borrow) = a_score.overflowing_sub(b_score);
    let (_, carried) = diff.overflowing_sub(u128::from(rest_borrow));
    score_borrow | carried
}

impl PartialEq for RankKey {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.words() == other.words()
    }
}

impl Eq for RankKey {}

impl Ord for RankKey {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.words().cmp(&other.words())
    }
}

impl PartialOrd for RankKey {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }

    #[inline]
    fn lt(&self, other: &Self) -> bool {
        borrows(self, other)
    }

    #[inline]
    fn le(&self, other: &Self) -> bool {
        !borrows(other, self)
    }
}

impl Hash for RankKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.words().hash(state);
    }
}

impl fmt::Debug for RankKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RankKey")
            .field("score", &self.score())
            .field("tie", &self.tie())
            .field("player", &self.player())
            .finish()
    }
}
