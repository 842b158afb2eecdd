//! Figures computed from the board when asked: how the scores are spread, who would be
//! paid if the tournament ended now, and what the prizes cost.

use crate::engine::fixed::Points;
use crate::engine::prizes::tier_places;
use crate::engine::standings::{Player, Standings};
use crate::ir::{Prize, PrizeTier};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Bands of the score distribution.
pub const SCORE_BANDS: usize = 20;

/// Players whose score is in `from..to` (the last band includes `to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreBand {
    pub from: Points,
    pub to: Points,
    pub players: u64,
}

/// Splits the range of scores into at most `bands` bands of equal width and counts
/// the players in each (one pass over the players, O(n)).
pub fn score_distribution(st: &Standings, bands: usize) -> Vec<ScoreBand> {
    let players = st.players();
    let (Some(min), Some(max)) = (
        players.iter().map(|p| p.score.0).min(),
        players.iter().map(|p| p.score.0).max(),
    ) else {
        return Vec::new();
    };
    let span = max.checked_sub(min).unwrap_or(i128::MAX);
    let bands = bands.max(1) as i128;
    // Rounded up, so `bands` bands cover the range; at least one unit wide.
    let width = (span / bands + i128::from(span % bands != 0)).max(1);
    let n = (span / width + 1).min(bands);
    let mut out: Vec<ScoreBand> = (0..n)
        .map(|i| {
            let from = min.saturating_add(i.saturating_mul(width));
            let to = if i == n - 1 {
                max
            } else {
                from.saturating_add(width)
            };
            ScoreBand {
                from: Points(from),
                to: Points(to),
                players: 0,
            }
        })
        .collect();
    for p in players {
        let i = (p.score.0.saturating_sub(min) / width).clamp(0, n - 1);
        if let Some(b) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            b.players += 1;
        }
    }
    out
}

/// The places paid if the tournament ended with `ranked` players: `(from, to, prize)`
/// for each tier that is not empty, in the order of the tiers.
pub fn paid_places(tiers: &[PrizeTier], ranked: usize) -> Vec<(usize, usize, &Prize)> {
    tiers
        .iter()
        .filter_map(|t| tier_places(t, ranked).map(|(from, to)| (from, to, &t.prize)))
        .collect()
}

/// Who is in the money now: each paid place with its player and prize, best first,
/// at most `limit` of them.
pub fn in_the_money<'a>(
    st: &'a Standings,
    tiers: &'a [PrizeTier],
    limit: usize,
) -> Vec<(usize, &'a Player, &'a Prize)> {
    let mut out = Vec::new();
    for (from, to, prize) in paid_places(tiers, st.len()) {
        for (place, p) in st.from_place(from).take(to + 1 - from) {
            if out.len() >= limit {
                return out;
            }
            out.push((place, p, prize));
        }
    }
    out.sort_by_key(|(place, _, _)| *place);
    out
}

/// What the prizes cost if the tournament ended with `ranked` players.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrizeBudget {
    /// Places that win something.
    pub paid_places: usize,
    /// The money prizes summed by currency.
    pub money: BTreeMap<String, Decimal>,
    /// The prizes that are not money, with the places that win them.
    pub other: Vec<OtherPrize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherPrize {
    pub from: usize,
    pub to: usize,
    pub text: String,
}

pub fn prize_budget(tiers: &[PrizeTier], ranked: usize) -> PrizeBudget {
    let mut budget = PrizeBudget {
        paid_places: 0,
        money: BTreeMap::new(),
        other: Vec::new(),
    };
    for (from, to, prize) in paid_places(tiers, ranked) {
        let places = to + 1 - from;
        budget.paid_places += places;
        match prize {
            Prize::Money { amount, currency } => {
                let cost = amount.saturating_mul(Decimal::from(places));
                let sum = budget.money.entry(currency.clone()).or_default();
                *sum = sum.saturating_add(cost);
            }
            Prize::Text { text } => budget.other.push(OtherPrize {
                from,
                to,
                text: text.clone(),
            }),
        }
    }
    budget
}
