//! Prizes at the end: which ranked player gets which prize.

use crate::ir::{PlaceSpec, Prize, PrizeTier};
use rust_decimal::Decimal;

/// The last place a tier covers when `ranked` players have a score, or `None` when the
/// tier is empty.
pub fn tier_places(tier: &PrizeTier, ranked: usize) -> Option<(usize, usize)> {
    let (from, to) = match &tier.places {
        PlaceSpec::Places { from, to } => (*from as usize, *to as usize),
        PlaceSpec::Percent { from, percent } => (*from as usize, percent_places(*percent, ranked)),
    };
    let to = to.min(ranked);
    (from >= 1 && from <= to).then_some((from, to))
}

/// Places in the top `percent` of `ranked` players, rounded up.
pub fn percent_places(percent: Decimal, ranked: usize) -> usize {
    let exact = percent * Decimal::from(ranked) / Decimal::ONE_HUNDRED;
    let up = exact.ceil();
    usize::try_from(up.mantissa() / 10i128.pow(up.scale())).unwrap_or(ranked)
}

/// The prize for a one-based `place`, if any.
pub fn prize_for(tiers: &[PrizeTier], place: usize, ranked: usize) -> Option<&Prize> {
    tiers
        .iter()
        .find(|t| tier_places(t, ranked).is_some_and(|(from, to)| (from..=to).contains(&place)))
        .map(|t| &t.prize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_up_and_starts_after_fixed_places() {
        let tiers = vec![
            PrizeTier {
                places: PlaceSpec::Places { from: 1, to: 1 },
                prize: Prize::Text { text: "a".into() },
            },
            PrizeTier {
                places: PlaceSpec::Percent {
                    from: 2,
                    percent: Decimal::from(5),
                },
                prize: Prize::Text { text: "b".into() },
            },
        ];
        assert_eq!(percent_places(Decimal::from(5), 41), 3);
        assert_eq!(
            prize_for(&tiers, 3, 41),
            Some(&Prize::Text { text: "b".into() })
        );
        assert_eq!(prize_for(&tiers, 4, 41), None);
        assert_eq!(prize_for(&tiers, 2, 10), None, "5% of 10 is place 1 only");
    }
}
