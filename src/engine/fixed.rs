//! Points as exact fixed-point integers: `Points(n)` means `n / 10^8` points.
//!
//! Every wager's points are computed with exact decimals, then rounded once to eight
//! decimal places (half to even) and added as integers, so sums never drift and the
//! same events give the same scores in the dry-run and in the workers.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Decimal places kept.
pub const SCALE: u32 = 8;
const ONE: i128 = 100_000_000;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(into = "String", try_from = "String")]
pub struct Points(pub i128);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Rounds an exact decimal to eight places.
    pub fn from_decimal(d: Decimal) -> Option<Points> {
        let r = d.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointNearestEven);
        let mantissa = r.mantissa();
        let scale = r.scale();
        let factor = 10i128.checked_pow(SCALE.saturating_sub(scale))?;
        mantissa.checked_mul(factor).map(Points)
    }

    pub fn from_int(n: i64) -> Points {
        Points(i128::from(n) * ONE)
    }

    pub fn to_decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.0, SCALE)
            .ok()
            .map(|d| d.normalize())
    }

    pub fn saturating_add(self, o: Points) -> Points {
        Points(self.0.saturating_add(o.0))
    }

    pub fn min(self, o: Points) -> Points {
        Points(self.0.min(o.0))
    }
}

impl std::fmt::Display for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / ONE as u128;
        let frac = abs % ONE as u128;
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{frac:08}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl From<Points> for String {
    fn from(p: Points) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Points {
    type Error = String;
    fn try_from(s: String) -> Result<Points, String> {
        s.parse::<Decimal>()
            .ok()
            .and_then(Points::from_decimal)
            .ok_or_else(|| format!("`{s}` is not a score"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_prints() {
        let p = Points::from_decimal(Decimal::new(-12345, 3)).unwrap();
        assert_eq!(p.to_string(), "-12.345");
        assert_eq!(Points::from_int(40).to_string(), "40");
        assert_eq!(p.to_decimal().unwrap(), Decimal::new(-12345, 3));
    }

    #[test]
    fn rounds_half_to_even_at_eight_places() {
        let d: Decimal = "0.000000005".parse().unwrap();
        assert_eq!(Points::from_decimal(d), Some(Points(0)));
        let d: Decimal = "0.000000015".parse().unwrap();
        assert_eq!(Points::from_decimal(d), Some(Points(2)));
    }
}
