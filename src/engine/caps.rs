//! Caps per player per window. Windows start at the tournament start; caps must nest
//! (each window a multiple of the next smaller one, which the checker enforces), and
//! apply from the smallest window out: a day's points are the capped sum of its capped
//! hours. Kept as running sums per window, so the result does not depend on the order
//! in which a player's wagers arrive.

use super::fixed::Points;
use crate::ir::Cap;
use std::collections::HashMap;

/// One player's capped sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CapState {
    /// (cap level, window index) -> sum of that window's (already capped) parts.
    /// Serialized as a sorted list of `[level, window, sum]`, since JSON map keys are
    /// text.
    #[serde(with = "as_list")]
    sums: HashMap<(u8, i64), Points>,
}

/// `(level, window) -> sum` as a sorted list of triples, so snapshots are reproducible.
mod as_list {
    use super::Points;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::HashMap;

    type Sums = HashMap<(u8, i64), Points>;

    pub fn serialize<S: Serializer>(sums: &Sums, s: S) -> Result<S::Ok, S::Error> {
        let mut list: Vec<(u8, i64, Points)> =
            sums.iter().map(|((l, w), p)| (*l, *w, *p)).collect();
        list.sort_unstable();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Sums, D::Error> {
        let list = Vec::<(u8, i64, Points)>::deserialize(d)?;
        Ok(list.into_iter().map(|(l, w, p)| ((l, w), p)).collect())
    }
}

impl CapState {
    /// Heap bytes of the sums.
    pub fn heap_bytes(&self) -> usize {
        super::memory::table_bytes::<((u8, i64), Points)>(self.sums.capacity())
    }
}

/// Caps sorted by window, smallest first.
#[derive(Debug, Clone)]
pub struct Caps {
    levels: Vec<(i64, Points)>,
    start_ms: i64,
}

impl Caps {
    pub fn new(caps: &[Cap], start_ms: i64) -> Self {
        let mut levels: Vec<(i64, Points)> = caps
            .iter()
            .map(|c| {
                (
                    i64::try_from(c.window_ms).unwrap_or(i64::MAX).max(1),
                    Points::from_decimal(c.points).unwrap_or(Points(i128::MAX)),
                )
            })
            .collect();
        levels.sort();
        Caps { levels, start_ms }
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// Adds `raw` points at `ms` and returns by how much the player's capped total moved.
    pub fn add(&self, state: &mut CapState, ms: i64, raw: Points) -> Points {
        let mut delta = raw;
        for (level, (window, cap)) in self.levels.iter().enumerate() {
            let idx = (ms - self.start_ms).div_euclid(*window);
            let sum = state.sums.entry((level as u8, idx)).or_insert(Points::ZERO);
            let before = Points::min(*sum, *cap);
            *sum = sum.saturating_add(delta);
            let after = Points::min(*sum, *cap);
            delta = Points(after.0 - before.0);
            if delta.0 == 0 {
                break;
            }
        }
        delta
    }

    /// The smallest cap, which bounds a single wager's points under `aggregate max`.
    pub fn smallest(&self) -> Option<Points> {
        self.levels.first().map(|(_, c)| *c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn nested_caps_are_order_independent() {
        let caps = Caps::new(
            &[
                Cap {
                    points: Decimal::from(10),
                    window_ms: 1000,
                },
                Cap {
                    points: Decimal::from(15),
                    window_ms: 2000,
                },
            ],
            0,
        );
        let wagers = [(100, 8), (200, 8), (1100, 8), (1200, 1)];
        let total = |order: &[usize]| {
            let mut st = CapState::default();
            order
                .iter()
                .map(|i| {
                    caps.add(&mut st, wagers[*i].0, Points::from_int(wagers[*i].1))
                        .0
                })
                .sum::<i128>()
        };
        assert_eq!(total(&[0, 1, 2, 3]), Points::from_int(15).0);
        assert_eq!(total(&[3, 2, 1, 0]), Points::from_int(15).0);
    }
}
