//! The engine's ranking key: score descending, then tie ascending, then player ascending.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// Flips the sign bit (so signed order becomes unsigned order) and every other bit
/// (so ascending stored order is descending score order). It is its own inverse.
const SCORE_FLIP: u128 = !(1u128 << 127);

/// The tie-breaks of a key as five 64-bit words, most significant first; smaller
/// ranks higher. Arrays compare word by word, so this is one 320-bit number.
pub type Tie = [u64; 5];

/// A player's position key in a ranking, 60 bytes.
///
/// Keys order by `score` descending (higher first), then `tie` ascending (smaller
/// is better, e.g. the time the player reached the score), then `player` ascending.
/// The score is an exact signed fixed-point integer (points × 10^8 in the engine);
/// the tie is 320 bits, wide enough for two tie-breaks at full precision and a final
/// order that does not depend on the order of events.
///
/// The fields are stored so that the order is that of one 480-bit unsigned number,
/// most significant word first: the score, transformed to ascend as the score
/// descends, then the tie, then the player. Comparing is a short
/// subtract-with-borrow chain.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct RankKey {
    /// High half of the transformed score.
    score_hi: u64,
    /// Low half of the transformed score.
    score_lo: u64,
    /// The tie, most significant word first.
    tie: Tie,
    player: u32,
}

impl RankKey {
    /// A key for `player` holding `score` with a single 64-bit tie value (the most
    /// significant word of the tie).
    #[inline]
    pub const fn new(score: i128, tie: u64, player: u32) -> Self {
        Self::with_tie(score, [tie, 0, 0, 0, 0], player)
    }

    /// A key for `player` holding `score` with the full tie.
    #[inline]
    pub const fn with_tie(score: i128, tie: Tie, player: u32) -> Self {
        let stored = (score as u128) ^ SCORE_FLIP;
        RankKey {
            score_hi: (stored >> 64) as u64,
            score_lo: stored as u64,
            tie,
            player,
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
    pub const fn tie(&self) -> Tie {
        self.tie
    }

    /// The player id.
    #[inline]
    pub const fn player(&self) -> u32 {
        self.player
    }

    /// The key as unsigned numbers, most significant first.
    #[inline]
    fn words(&self) -> [u128; 4] {
        let t = self.tie;
        [
            (u128::from(self.score_hi) << 64) | u128::from(self.score_lo),
            (u128::from(t[0]) << 64) | u128::from(t[1]),
            (u128::from(t[2]) << 64) | u128::from(t[3]),
            (u128::from(t[4]) << 32) | u128::from(self.player),
        ]
    }
}

/// Whether `a < b`: the borrow out of the subtraction `a - b` over all words,
/// with no branches, which keeps node scans branch-free.
#[inline]
fn borrows(a: &RankKey, b: &RankKey) -> bool {
    let (a, b) = (a.words(), b.words());
    a.iter().zip(b.iter()).rev().fold(false, |borrow, (x, y)| {
        let (diff, b1) = x.overflowing_sub(*y);
        let (_, b2) = diff.overflowing_sub(u128::from(borrow));
        b1 | b2
    })
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
